"""Probe 46, P46-M6: a meeting noted with "apúntala", "add it" at its end — a meal or a date with
someone, not only a "reunión" — is booked whatever the model read, and the words that ask to
note it are never its title or its attendee."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from tests.app.conftest import PROBE46_EVENING, Api, meetings_of, reminders_of, said, zoned_user


@pytest.fixture
def user(app: Any, client: Any) -> Iterator[Any]:
    with time_machine.travel(PROBE46_EVENING, tick=True):
        yield lambda zone, locale: zoned_user(app, client, zone, locale, "p46")


NOTED = [
    (
        "es-ES",
        "mañana a las 19:30 cena con Lucía, apúntala",
        ("Cena con Lucía", "2026-12-08T19:30"),
    ),
    (
        "es-ES",
        "tengo cena con Lucía el sábado a las 21:30, apúntala",
        ("Cena con Lucía", "2026-12-12T21:30"),
    ),
    (
        "es-ES",
        "el viernes a las 13:00 comida con mis suegros, anótala en la agenda",
        ("Comida con mis suegros", "2026-12-11T13:00"),
    ),
    (
        "es-ES",
        "el jueves a las 10:30 de la mañana café con Marta, ponlo en mi calendario",
        ("Café con Marta", "2026-12-10T10:30"),
    ),
    (
        "en-GB",
        "drinks with Sam on Friday at 8pm, add it",
        ("Drinks with Sam", "2026-12-11T20:00"),
    ),
    (
        "en-GB",
        "lunch with Priya tomorrow at 1pm, put it in my calendar please",
        ("Lunch with Priya", "2026-12-08T13:00"),
    ),
]


@pytest.mark.parametrize(("locale", "message", "booked"), NOTED)
def test_a_noted_meeting_is_booked_without_the_words_that_note_it(
    user: Any, locale: str, message: str, booked: tuple[str, str]
) -> None:
    zone = "Europe/Madrid" if locale == "es-ES" else "Europe/London"
    api: Api = user(zone, locale)
    (reply,) = said(api, message)
    assert reply["skill"] == "scheduling", reply
    assert meetings_of(api) == [booked], reply
    (meeting,) = api.get("/v1/meetings").json["meetings"]
    assert not any(
        word in " ".join([meeting["attendee"] or ""]).lower()
        for word in ("apúnt", "anót", "ponlo", "add it", "put it")
    ), meeting


def test_a_reminder_noted_at_its_end_stays_a_reminder(user: Any) -> None:
    api: Api = user("Europe/Madrid", "es-ES")
    said(api, "recuérdame cenar con Ana mañana a las 20:00, apúntalo")
    assert meetings_of(api) == []
    assert [at for _, at in reminders_of(api)] == ["2026-12-08T20:00"]
