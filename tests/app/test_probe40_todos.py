"""Probe 40's to-do findings (U-H9). The tester's clock was
Monday 7 December 2026, about 08:10-08:27 UTC (03:15 in Bogotá and New York, 02:15 in Mexico
City, 08:15 in London, 09:15 in Madrid): the reported messages run there, as the users who sent
them; variants of them run there too or on Tuesday 14 April 2026 in Lima (the ``en``/``es``
fixtures).

- U-H9: "add Sarah to it" right after a booking added a to-do "Sarah to it": Sarah joins the
  meeting just booked ("add Sarah to the meeting", "agrega a Lucía a esa reunión", "agrégale a
  Marco", "and Kim too" too); with no meeting shown, which one is asked.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine

from tests.app.conftest import Api, make_user, meetings_of, talk

# the tester's clock: Monday 7 December 2026, 08:15 UTC
PROBE = datetime(2026, 12, 7, 8, 15, tzinfo=UTC)


def _user(app: Any, client: Any, zone: str, locale: str, name: str = "p40") -> Api:
    token, user_id = make_user(app, name, zone)
    api = Api(client, token, user_id, name)
    assert api.patch("/v1/users/me", json={"locale": locale}).status_code == 200
    return api


@pytest.fixture
def probe_clock() -> Iterator[None]:
    with time_machine.travel(PROBE, tick=True):
        yield


@pytest.fixture
def camilo(app: Any, client: Any, probe_clock: None) -> Api:
    """Bogotá, usted (es-CO)."""
    return _user(app, client, "America/Bogota", "es-CO", "camilo")


@pytest.fixture
def tom(app: Any, client: Any, probe_clock: None) -> Api:
    """London (en-GB)."""
    return _user(app, client, "Europe/London", "en-GB", "tom")


@pytest.fixture
def javier(app: Any, client: Any, probe_clock: None) -> Api:
    """Madrid (es-ES)."""
    return _user(app, client, "Europe/Madrid", "es-ES", "javier")


@pytest.fixture
def mike(app: Any, client: Any, probe_clock: None) -> Api:
    """New York (en)."""
    return _user(app, client, "America/New_York", "en", "mike")


@pytest.fixture
def diego(app: Any, client: Any, probe_clock: None) -> Api:
    """Mexico City (es-MX)."""
    return _user(app, client, "America/Mexico_City", "es-MX", "diego")


def todos_of(api: Api) -> list[tuple[str, bool]]:
    """Every to-do of the user, done or not, as (text, done)."""
    return [(t["text"], t["done"]) for t in api.get("/v1/todos").json["todos"]]


def _add(api: Api, *texts: str) -> None:
    for text in texts:
        assert api.post("/v1/todos", json={"text": text}).status_code == 201


# -- U-H9: someone added to the meeting just booked -------------------------------------------


def test_u_h9_mikes_add_sarah_to_it_joins_the_meeting(mike: Api) -> None:
    replies = talk(
        mike,
        "book a meeting with Tom on friday at 3pm",
        "book a 2 hour workshop with the interns on wednesday at 9am",
        "add Sarah to it",
        "and Kim too",
    )
    assert todos_of(mike) == [], replies[-2]["reply"]
    assert sorted(meetings_of(mike)) == [
        ("Meeting with Tom", "2026-12-11T15:00"),
        ("Meeting with the interns, Sarah, and Kim", "2026-12-09T09:00"),
    ], replies[-1]["reply"]


@pytest.mark.parametrize(
    ("lang", "booking", "said", "title"),
    [
        (
            "en",
            "book a meeting with Ana on thursday at 10am",
            "add Sarah to the meeting",
            "Meeting with Ana and Sarah",
        ),
        (
            "en",
            "book a meeting with Ana on thursday at 10am",
            "invite Sarah to that one",
            "Meeting with Ana and Sarah",
        ),
        (
            "en",
            "book a call with Ana on thursday at 10am",
            "please add Sarah to it",
            "Call with Ana and Sarah",
        ),
        (
            "es",
            "agenda una reunión con Ana el jueves a las 10 de la mañana",
            "agrega a Lucía a esa reunión",
            "Reunión con Ana y Lucía",
        ),
        (
            "es",
            "agenda una reunión con Ana el jueves a las 10 de la mañana",
            "agrégale a Lucía",
            "Reunión con Ana y Lucía",
        ),
        (
            "es",
            "agenda una reunión con Ana el jueves a las 10 de la mañana",
            "añade a Lucía a esa",
            "Reunión con Ana y Lucía",
        ),
        (
            "es",
            "agenda una reunión con Ana el jueves a las 10 de la mañana",
            "súmale a Lucía también",
            "Reunión con Ana y Lucía",
        ),
    ],
)
def test_u_h9_someone_added_after_a_booking_joins_it(
    request: pytest.FixtureRequest, lang: str, booking: str, said: str, title: str
) -> None:
    """With another meeting on the calendar, the one just booked is meant."""
    api: Api = request.getfixturevalue(lang)
    other = (
        "book a meeting with Bo on friday at 4pm"
        if lang == "en"
        else ("agenda una reunión con Bo el viernes a las 4 de la tarde")
    )
    replies = talk(api, other, booking, said)
    assert todos_of(api) == [], replies[-1]["reply"]
    assert title in [t for t, _at in meetings_of(api)], replies[-1]["reply"]
    assert len(meetings_of(api)) == 2


def test_u_h9_add_someone_to_it_with_no_meeting_shown_asks(en: Api) -> None:
    reply = en.chat("add Sarah to it")
    assert todos_of(en) == []
    assert meetings_of(en) == []
    assert reply["reply"].startswith("Which meeting should I add Sarah to?")


def test_u_h9_diegos_lucia_joins_the_meeting_just_booked(diego: Api) -> None:
    replies = talk(
        diego,
        "agendame una junta con Pepe el jueves a las 4 de la tarde",
        "agendame una junta con Ana el miercoles a las 10 de la mañana",
        "agrega a Lucía a esa reunión",
    )
    assert sorted(meetings_of(diego)) == [
        ("Junta con Ana y Lucía", "2026-12-09T10:00"),
        ("Junta con Pepe", "2026-12-10T16:00"),
    ], replies[-1]["reply"]
