"""Times said with a UTC/GMT offset, and a deletion that picks one of two (helper 204; probe 43).
The clock: Monday 7 December 2026, 08:15 UTC (``PROBE40_MORNING``).

- N-H2: "book a meeting with Bo tomorrow at 3pm UTC-5" (a London user) was stored at 15:00 London
  and "remind me tomorrow at 5pm UTC+1 to call Ana" stored the text "+1 to call Ana" at 17:00: an
  offset said beside a time is read like a zone's name ("3pm EST"), and is not the item's words;
  one no clock keeps ("UTC+15", "UTC+99") is asked about, nothing stored.
- N-H1: "what time is it in UTC+14?" answered the UTC time: the time at that offset is answered
  (whole hours, "+5:30", "UTC -03:00"); one no clock keeps is said so, never answered as UTC.
- N-M7: "borra el recordatorio de la tía" right after the second of two "llamar a la tía" removed
  that one: the item just stored or shown was preferred among those the words name; now asked
  which (or both), as in English. The English cases are controls.
- N-L1: "in 4 minutes and 30 seconds" was said back "4 minutes 29 seconds" (the time left
  rounded from a clock mid-second): said back as said.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine

from tests.app.conftest import PROBE40_MORNING, Api, meetings_of, talk, zoned_user


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(PROBE40_MORNING, tick=False):
        yield


def _user(app: Any, client: Any, zone: str, lang: str) -> Api:
    locale = {"es": "es-PE", "en": "en-GB"}[lang]
    return zoned_user(app, client, zone, locale, f"h204{lang}")


def _reminders(api: Api) -> list[tuple[str, str]]:
    return [(r["text"], r["due_at"][:16]) for r in api.get("/v1/reminders").json["reminders"]]


# -- N-H2: a time said with an offset ------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said", "title", "start"),
    [
        # as reported
        (
            "en",
            "book a meeting with Bo tomorrow at 3pm UTC-5",
            "Meeting with Bo",
            "2026-12-08T20:00",
        ),
        (
            "en",
            "book a meeting with Cy on thursday at 9am GMT+2",
            "Meeting with Cy",
            "2026-12-10T07:00",
        ),
        # variants
        (
            "en",
            "book a meeting with Di on friday at 10am (UTC+5:30)",
            "Meeting with Di",
            "2026-12-11T04:30",
        ),
        (
            "en",
            "book a meeting with Ed tomorrow at 2pm utc -03:00",
            "Meeting with Ed",
            "2026-12-08T17:00",
        ),
        (
            "es",
            "agenda una reunión con Pilar mañana a las 4 de la tarde hora GMT-3",
            "Reunión con Pilar",
            "2026-12-08T19:00",
        ),
    ],
)
def test_a_meeting_at_an_offset_is_booked_at_that_offset(
    app: Any, client: Any, frozen: None, lang: str, said: str, title: str, start: str
) -> None:
    api = _user(app, client, "Europe/London", lang)
    talk(api, said)
    assert meetings_of(api) == [(title, start)]


@pytest.mark.parametrize(
    ("lang", "zone", "said", "text", "due"),
    [
        # as reported
        (
            "en",
            "Europe/London",
            "remind me tomorrow at 5pm UTC+1 to call Ana",
            "call Ana",
            "2026-12-08T16:00",
        ),
        # variants
        (
            "en",
            "Europe/London",
            "remind me tomorrow at 10am UTC+5:30 to call Raj",
            "call Raj",
            "2026-12-08T04:30",
        ),
        (
            "en",
            "America/New_York",
            "remind me on wednesday at 6pm GMT+1 to water the plants",
            "water the plants",
            "2026-12-09T12:00",
        ),
        (
            "es",
            "Europe/London",
            "recuérdame mañana a las 3 de la tarde hora UTC-5 llamar a Ana",
            "llamar a Ana",
            "2026-12-08T20:00",
        ),
        (
            "es",
            "America/Lima",
            "recuérdame el jueves a las 9 de la noche UTC-3 pagar la luz",
            "pagar la luz",
            "2026-12-10T19:00",
        ),
    ],
)
def test_a_reminder_at_an_offset_is_set_at_that_offset_without_it_in_the_text(
    app: Any, client: Any, frozen: None, lang: str, zone: str, said: str, text: str, due: str
) -> None:
    api = _user(app, client, zone, lang)
    talk(api, said)
    assert _reminders(api) == [(text, due)]


@pytest.mark.parametrize(
    ("lang", "said", "shown"),
    [
        ("en", "remind me tomorrow at 5pm UTC+15 to call Ana", "UTC+15"),
        ("en", "book a meeting with Bo tomorrow at 3pm GMT+99", "GMT+99"),
        ("en", "remind me tomorrow at 9am UTC+5:17 to call Ana", "UTC+5:17"),
        ("es", "recuérdame mañana a las 5 de la tarde UTC-13 llamar a Ana", "UTC-13"),
    ],
)
def test_an_offset_no_clock_keeps_is_asked_and_nothing_stored(
    app: Any, client: Any, frozen: None, lang: str, said: str, shown: str
) -> None:
    api = _user(app, client, "Europe/London", lang)
    reply = talk(api, said)[-1]["reply"]
    assert shown in reply
    assert "UTC+14" in reply
    assert reply.startswith("Ningún reloj" if lang == "es" else "No clock keeps")
    assert _reminders(api) == []
    assert meetings_of(api) == []


# -- N-H1: the time at an offset ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "asked", "answer"),
    [
        # as reported
        ("en", "what time is it in UTC+14?", "It's 10:15 PM in UTC+14, Monday 7 December 2026."),
        ("en", "what time is it in UTC-5?", "It's 3:15 AM in UTC-5, Monday 7 December 2026."),
        ("en", "what time is it in GMT+2?", "It's 10:15 AM in GMT+2, Monday 7 December 2026."),
        ("en", "time in UTC+5:30?", "It's 1:45 PM in UTC+5:30, Monday 7 December 2026."),
        ("en", "what time is it in UTC +3", "It's 11:15 AM in UTC+3, Monday 7 December 2026."),
        ("es", "qué hora es en UTC+14?", "Son las 22:15 en UTC+14, lunes 7 de diciembre de 2026."),
        ("es", "qué hora es en GMT-3?", "Son las 05:15 en GMT-3, lunes 7 de diciembre de 2026."),
        ("es", "hora en UTC-03:00", "Son las 05:15 en UTC-3, lunes 7 de diciembre de 2026."),
        # variants
        ("en", "what's the time in GMT-11 now?", "It's 9:15 PM in GMT-11, Sunday 6 December 2026."),
        ("en", "what time is it in UTC+5:45", "It's 2:00 PM in UTC+5:45, Monday 7 December 2026."),
        (
            "es",
            "que hora es en utc-9:30",
            "Son las 22:45 en UTC-9:30, domingo 6 de diciembre de 2026.",
        ),
    ],
)
def test_the_time_at_an_offset(
    app: Any, client: Any, frozen: None, lang: str, asked: str, answer: str
) -> None:
    api = _user(app, client, "Pacific/Kiritimati", lang)
    assert talk(api, asked)[-1]["reply"] == answer


@pytest.mark.parametrize(
    ("lang", "asked"),
    [
        ("en", "what time is it in UTC+15?"),
        ("en", "time in GMT-14"),
        ("es", "qué hora es en UTC+99?"),
    ],
)
def test_the_time_at_an_offset_no_clock_keeps_is_said_so(
    app: Any, client: Any, frozen: None, lang: str, asked: str
) -> None:
    api = _user(app, client, "Pacific/Kiritimati", lang)
    reply = talk(api, asked)[-1]["reply"]
    assert "UTC+14" in reply
    assert "8:15" not in reply
    assert "08:15" not in reply
    assert reply.startswith("Ningún reloj" if lang == "es" else "No clock keeps")


# -- N-M7: two items match the words of a deletion -------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "first", "second", "delete"),
    [
        # as reported
        (
            "es",
            "recuérdame llamar a la tía el miércoles a las 8 de la mañana",
            "recuérdame llamar a la tía el jueves a las 8 de la mañana",
            "borra el recordatorio de la tía",
        ),
        (
            "en",
            "remind me to call grandma on wednesday at 8am",
            "remind me to call grandma on thursday at 8am",
            "delete the grandma reminder",
        ),
        # variants
        (
            "es",
            "recuérdame regar las plantas el martes a las 6 de la tarde",
            "recuérdame regar las plantas el viernes a las 7 de la tarde",
            "elimina el recordatorio de las plantas",
        ),
        (
            "es",
            "recuérdame llamar al tío Pepe el miércoles a las 9 de la mañana",
            "recuérdame llamar al tío Pepe el sábado a las 10 de la mañana",
            "borra el recordatorio del tío Pepe",
        ),
        (
            "en",
            "remind me to water the plants on tuesday at 6pm",
            "remind me to water the plants on friday at 7pm",
            "remove the plants reminder",
        ),
    ],
)
def test_a_deletion_two_items_match_asks_which(
    app: Any, client: Any, frozen: None, lang: str, first: str, second: str, delete: str
) -> None:
    api = _user(app, client, "America/Lima", lang)
    replies = talk(api, first, second, delete)
    assert len(_reminders(api)) == 2, replies[-1]["reply"]
    assert "?" in replies[-1]["reply"]


@pytest.mark.parametrize(
    ("lang", "answer", "left"),
    [
        ("es", "ambos", []),
        ("es", "el primero", ["2026-12-10T08:00"]),
        ("es", "el del jueves", ["2026-12-09T08:00"]),
        ("en", "both", []),
    ],
)
def test_the_answer_to_which_removes_what_it_picks(
    app: Any, client: Any, frozen: None, lang: str, answer: str, left: list[str]
) -> None:
    api = _user(app, client, "America/Lima", lang)
    talk(
        api,
        "recuérdame llamar a la tía el miércoles a las 8 de la mañana",
        "recuérdame llamar a la tía el jueves a las 8 de la mañana",
        "borra el recordatorio de la tía" if lang == "es" else "delete the tía reminder",
        answer,
    )
    assert [due for _text, due in _reminders(api)] == left


def test_a_clock_naming_two_asks_too(app: Any, client: Any, frozen: None) -> None:
    """ "borra el de las 8" right after the second of two at 8:00: asked, never the last one."""
    api = _user(app, client, "America/Lima", "es")
    replies = talk(
        api,
        "recuérdame llamar a la tía el miércoles a las 8 de la mañana",
        "recuérdame pagar la luz el jueves a las 8 de la mañana",
        "borra el de las 8",
    )
    assert len(_reminders(api)) == 2, replies[-1]["reply"]


# -- N-L1: the time left said back as said -----------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said", "echo"),
    [
        # as reported
        ("es", "recuérdame en 4 minutos y 30 segundos sacar el pan", "en 4 minutos 30 segundos"),
        (
            "en",
            "remind me in 4 minutes and 30 seconds to take out the bread",
            "in 4 minutes 30 seconds",
        ),
        # variants
        (
            "en",
            "remind me in 2 minutes and 15 seconds to flip the pancakes",
            "in 2 minutes 15 seconds",
        ),
        ("es", "recuérdame en 2 minutos y 45 segundos apagar la olla", "en 2 minutos 45 segundos"),
        ("es", "avísame en 10 minutos y 5 segundos que saque la pizza", "en 10 minutos 5 segundos"),
    ],
)
def test_the_time_left_is_said_back_as_said(
    app: Any, client: Any, lang: str, said: str, echo: str
) -> None:
    api = _user(app, client, "America/Lima", lang)
    # mid-second, as the tester's clock was (07:17:12.6 in Lima)
    with time_machine.travel(datetime(2026, 12, 7, 12, 17, 12, 600000, tzinfo=UTC), tick=False):
        reply = talk(api, said)[-1]["reply"]
    assert echo in reply
