"""Ranges, weekends, "today" at a past morning hour and numeric dates by locale (probe 44,
helper 220).

- P44-M11: a range of bare hours that crosses noon ("de 9 a 1", "from 10 to 2:30") asked its
  time: the end is read as a bare 1–6 alone is (the afternoon) and the start before it as that
  morning's; two morning-or-evening hours ("de 8 a 10") ask the half of the day, as one does,
  the end kept. "El finde", "this weekend" asked "when?" as if nothing was said: now "which day,
  Saturday or Sunday, and at what time?" (one moment per day when a time is said; on the Sunday
  itself, that day). "Day after tomorrow evening" (without "the") lost its part of the day and
  asked the time, where Spanish "pasado mañana en la tarde" is read at once: both read the part
  of the day now.
- P44-M11 side note (A/S3): "hoy como a eso de las 8" at 10:00 answered "Hoy a las 8:00 ya
  pasó": today's 8 in the morning has passed, the evening's is ahead; asked ("¿hoy a las
  20:00?"), as "hoy a las 8" and "at 8" are; "como" no longer stays in the text.
- P44-M14: "book a meeting with Raj on 12/10 at 3pm" from an en-US user asked "12 Oct 2027 or
  10 Dec": the locale's order (en-US month first; en-GB, en-IN day first) reads it; a reading a
  year away while the other order's is days away is asked, never booked silently.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from app.skills.when import read_time
from tests.app.conftest import Api, meetings_of, reminders_of, talk, zoned_user

LIMA = ZoneInfo("America/Lima")
# Monday 7 December 2026, 10:00 in Lima and New York (both UTC-5 then)
MONDAY_MORNING = datetime(2026, 12, 7, 10, 0, tzinfo=LIMA)
SUNDAY_MORNING = datetime(2026, 12, 13, 10, 0, tzinfo=LIMA)


@pytest.fixture
def clock() -> Iterator[None]:
    with time_machine.travel(MONDAY_MORNING, tick=True):
        yield


@pytest.fixture
def rosa(app: Any, client: Any, clock: None) -> Api:
    """Lima (es-PE)."""
    return zoned_user(app, client, "America/Lima", "es-PE", "rosa")


@pytest.fixture
def mike(app: Any, client: Any, clock: None) -> Api:
    """New York (en-US)."""
    return zoned_user(app, client, "America/New_York", "en-US", "mike")


def _meetings(api: Api) -> list[tuple[str, str, str]]:
    """(title, local start, local end) to the minute."""
    return [
        (m["title"], m["starts_at"][:16], m["ends_at"][:16])
        for m in api.get("/v1/meetings").json["meetings"]
    ]


def _asked(api: Api, *messages: str) -> str:
    replies = talk(api, *messages)
    assert replies[-1]["pending"] is True, replies[-1]
    assert not meetings_of(api)
    assert not reminders_of(api)
    text: str = replies[-1]["reply"]
    return text


# -- P44-M11: ranges -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "booked"),
    [
        (
            "agenda taller de excel el sabado de 9 a 1",
            ("Taller de excel", "2026-12-12T09:00", "2026-12-12T13:00"),
        ),
        (
            "agenda taller de excel el sábado de 10 a 2:30",
            ("Taller de excel", "2026-12-12T10:00", "2026-12-12T14:30"),
        ),
        (
            "agenda reunión de equipo el jueves de 11 a 1",
            ("Reunión de equipo", "2026-12-10T11:00", "2026-12-10T13:00"),
        ),
        (
            "agenda clase de inglés mañana de 9:30 a 1",
            ("Clase de inglés", "2026-12-08T09:30", "2026-12-08T13:00"),
        ),
        (
            "agenda capacitación el viernes desde las 8 hasta las 5",
            ("Capacitación", "2026-12-11T08:00", "2026-12-11T17:00"),
        ),
        (
            "agenda taller de cerámica el sábado entre las 9 y las 2",
            ("Taller de cerámica", "2026-12-12T09:00", "2026-12-12T14:00"),
        ),
    ],
)
def test_a_spanish_range_across_noon_is_booked(
    rosa: Api, message: str, booked: tuple[str, str, str]
) -> None:
    reply = talk(rosa, message)[0]
    assert reply["pending"] is False, reply
    assert _meetings(rosa) == [booked]


@pytest.mark.parametrize(
    ("message", "booked"),
    [
        (
            "book excel workshop on saturday from 9 to 1",
            ("Excel workshop", "2026-12-12T09:00", "2026-12-12T13:00"),
        ),
        (
            "book excel workshop saturday from 10 to 2:30",
            ("Excel workshop", "2026-12-12T10:00", "2026-12-12T14:30"),
        ),
        (
            "book team offsite on thursday from 11 to 1",
            ("Team offsite", "2026-12-10T11:00", "2026-12-10T13:00"),
        ),
        (
            "book training on friday from 8 to 5",
            ("Training", "2026-12-11T08:00", "2026-12-11T17:00"),
        ),
        (
            "book pottery class on saturday between 9 and 2",
            ("Pottery class", "2026-12-12T09:00", "2026-12-12T14:00"),
        ),
        (
            "book pottery class from 9 to 1 on saturday",
            ("Pottery class", "2026-12-12T09:00", "2026-12-12T13:00"),
        ),
    ],
)
def test_an_english_range_across_noon_is_booked(
    mike: Api, message: str, booked: tuple[str, str, str]
) -> None:
    reply = talk(mike, message)[0]
    assert reply["pending"] is False, reply
    assert _meetings(mike) == [booked]


@pytest.mark.parametrize(
    ("who", "message", "answer", "booked"),
    [
        (
            "rosa",
            "agenda taller de excel el sábado de 8 a 10",
            "de la mañana",
            ("2026-12-12T08:00", "2026-12-12T10:00"),
        ),
        (
            "rosa",
            "agenda cena con Ana el viernes de 8 a 11",
            "de la noche",
            ("2026-12-11T20:00", "2026-12-11T23:00"),
        ),
        (
            "mike",
            "book excel workshop on saturday from 8 to 10",
            "morning",
            ("2026-12-12T08:00", "2026-12-12T10:00"),
        ),
        (
            "mike",
            "book a dinner with Ana on friday from 7 to 9",
            "pm",
            ("2026-12-11T19:00", "2026-12-11T21:00"),
        ),
    ],
)
def test_a_range_of_two_morning_or_evening_hours_asks_the_half(
    rosa: Api, mike: Api, who: str, message: str, answer: str, booked: tuple[str, str]
) -> None:
    api = rosa if who == "rosa" else mike
    question = _asked(api, message)
    assert ("20:00" in question) if who == "rosa" else ("PM" in question), question
    reply = talk(api, message, answer)[-1]
    assert reply["pending"] is False, reply
    assert [m[1:] for m in _meetings(api)] == [booked]


@pytest.mark.parametrize(
    ("lang", "message", "at", "kept"),
    [
        ("es", "mañana a las 3 almuerzo de 8 a 10 personas", "2026-12-08T15", "de 8 a 10 personas"),
        ("es", "el sábado a las 5 cena de 4 a 6 personas", "2026-12-12T17", "de 4 a 6 personas"),
        ("en", "dinner tomorrow at 7pm for from 8 to 10 people", "2026-12-08T19", "8 to 10 people"),
        ("en", "saturday at 5pm dinner from 4 to 6 people", "2026-12-12T17", "from 4 to 6 people"),
    ],
)  # fmt: skip
def test_a_count_after_a_time_is_no_range(lang: str, message: str, at: str, kept: str) -> None:
    reading = read_time(message, LIMA, MONDAY_MORNING, lang)
    assert reading.ask is None, reading.question
    assert reading.at is not None
    assert reading.end is None
    assert reading.at.astimezone(LIMA).strftime("%Y-%m-%dT%H") == at
    assert kept in reading.remainder


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("es", "fiesta el sábado en la noche de 10 a 2"),
        ("es", "fiesta esta noche de 9 a 1"),
        ("es", "mañana en la noche de 8 a 11 estudiar"),
        ("en", "party tonight from 9 to 1"),
        ("en", "party saturday night from 10 to 2"),
        ("en", "tomorrow evening from 7 to 10 study"),
    ],
)
def test_a_range_beside_the_night_is_never_read_as_the_morning(lang: str, message: str) -> None:
    reading = read_time(message, LIMA, MONDAY_MORNING, lang)
    assert reading.at is None
    assert reading.ask is not None


# -- P44-M11: the weekend ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "el finde recuérdame lavar el carro",
        "este finde recuérdame lavar el carro",
        "recuérdame lavar el carro el fin de semana",
        "recuérdame este fin de semana lavar el carro",
    ],
)
def test_the_weekend_in_spanish_asks_saturday_or_sunday(rosa: Api, message: str) -> None:
    question = _asked(rosa, message)
    assert "sábado 12" in question, question
    assert "domingo 13" in question, question
    assert "¿Para cuándo?" not in question
    reply = talk(rosa, message, "el domingo a las 5 de la tarde")[-1]
    assert reply["pending"] is False, reply
    assert reminders_of(rosa) == [("lavar el carro", "2026-12-13T17:00")]


@pytest.mark.parametrize(
    "message",
    [
        "this weekend remind me to wash the car",
        "remind me to wash the car this weekend",
        "remind me on the weekend to wash the car",
    ],
)
def test_the_weekend_in_english_asks_saturday_or_sunday(mike: Api, message: str) -> None:
    question = _asked(mike, message)
    assert "Sat 12 Dec" in question, question
    assert "Sun 13 Dec" in question, question
    assert "Please give a day" not in question
    reply = talk(mike, message, "saturday at 10am")[-1]
    assert reply["pending"] is False, reply
    assert reminders_of(mike) == [("wash the car", "2026-12-12T10:00")]


@pytest.mark.parametrize(
    ("who", "message", "answer", "stored"),
    [
        ("rosa", "el finde a las 5 recuérdame lavar el carro", "la segunda", "2026-12-13T17:00"),
        ("rosa", "recuérdame el fin de semana a las 10 de la mañana regar", "la primera", None),
        ("mike", "remind me this weekend at 5pm to wash the car", "the second", "2026-12-13T17:00"),
        ("mike", "next weekend at 11am remind me to wash the car", "the first", None),
    ],
)
def test_the_weekend_with_a_time_offers_both_days(
    rosa: Api, mike: Api, who: str, message: str, answer: str, stored: str | None
) -> None:
    api = rosa if who == "rosa" else mike
    question = _asked(api, message)
    if who == "rosa":
        assert "sábado" in question, question
        assert "domingo" in question, question
    else:
        assert "Sat" in question, question
        assert "Sun" in question, question
    reply = talk(api, message, answer)[-1]
    assert reply["pending"] is False, reply
    due = reminders_of(api)[0][1]
    expected = {
        "la primera": "2026-12-12T10:00",
        "the first": "2026-12-19T11:00",
    }
    assert due == (stored or expected[answer])


@pytest.mark.parametrize(
    "message",
    [
        "el finde que viene a las 5 de la tarde recuérdame lavar el carro",
        "recuérdame el fin de semana que viene a las 5 de la tarde lavar el carro",
        "recuérdame el próximo fin de semana a las 5 de la tarde lavar el carro",
    ],
)
def test_the_next_weekend_in_spanish_offers_its_days(rosa: Api, message: str) -> None:
    question = _asked(rosa, message)
    assert "sábado 19" in question, question
    assert "domingo 20" in question, question
    reply = talk(rosa, message, "la primera")[-1]
    assert reply["pending"] is False, reply
    assert reminders_of(rosa) == [("lavar el carro", "2026-12-19T17:00")]


@pytest.mark.parametrize(
    ("who", "message", "shown"),
    [
        ("rosa", "el finde recuérdame lavar el carro", "¿A qué hora hoy?"),
        ("mike", "this weekend remind me to wash the car", "What time today?"),
        ("mike", "remind me this weekend at 5pm to wash the car", "Did you mean today at 5:00 PM?"),
    ],
)
def test_the_weekend_said_on_its_sunday_is_that_day(
    rosa: Api, mike: Api, who: str, message: str, shown: str
) -> None:
    api = rosa if who == "rosa" else mike
    with time_machine.travel(SUNDAY_MORNING, tick=True):
        assert _asked(api, message) == shown


@pytest.mark.parametrize(
    ("message", "stored"),
    [
        (
            "remind me day after tomorrow evening to call the bank",
            ("call the bank", "2026-12-09T18:00"),
        ),
        (
            "remind me day after tomorrow afternoon to call the bank",
            ("call the bank", "2026-12-09T15:00"),
        ),
        ("day after tomorrow morning remind me to pay rent", ("pay rent", "2026-12-09T09:00")),
        (
            "remind me the day after tomorrow evening to call the bank",
            ("call the bank", "2026-12-09T18:00"),
        ),
    ],
)
def test_day_after_tomorrow_keeps_its_part_of_the_day(
    mike: Api, message: str, stored: tuple[str, str]
) -> None:
    reply = talk(mike, message)[0]
    assert reply["pending"] is False, reply
    assert reminders_of(mike) == [stored]


@pytest.mark.parametrize(
    ("message", "stored"),
    [
        ("pasado mañana en la tarde recuérdame llamar al banco", "2026-12-09T15:00"),
        ("recuérdame pasado mañana en la noche llamar al banco", "2026-12-09T20:00"),
        ("recuérdame pasado mañana por la mañana llamar al banco", "2026-12-09T09:00"),
    ],
)
def test_pasado_manana_with_a_part_of_the_day_is_unchanged(
    rosa: Api, message: str, stored: str
) -> None:
    reply = talk(rosa, message)[0]
    assert reply["pending"] is False, reply
    assert reminders_of(rosa) == [("llamar al banco", stored)]


# -- P44-M11 side note: today at a morning hour already past ---------------------------------


@pytest.mark.parametrize(
    ("message", "question", "stored"),
    [
        (
            "recuérdame hoy como a eso de las 8 llamar a Rosa",
            "Hoy a las 8:00 ya pasó. ¿Quieres decir hoy a las 20:00?",
            ("llamar a Rosa", "2026-12-07T20:00"),
        ),
        (
            "recuérdame hoy a las 8 llamar a Rosa",
            "Hoy a las 8:00 ya pasó. ¿Quieres decir hoy a las 20:00?",
            ("llamar a Rosa", "2026-12-07T20:00"),
        ),
        (
            "hoy a eso de las 9 recuérdame sacar la basura",
            "Hoy a las 9:00 ya pasó. ¿Quieres decir hoy a las 21:00?",
            ("sacar la basura", "2026-12-07T21:00"),
        ),
        (
            "recuérdame hoy como a las 7 y media regar las plantas",
            "Hoy a las 7:30 ya pasó. ¿Quieres decir hoy a las 19:30?",
            ("regar las plantas", "2026-12-07T19:30"),
        ),
    ],
)
def test_today_at_a_passed_morning_hour_offers_the_evening_in_spanish(
    rosa: Api, message: str, question: str, stored: tuple[str, str]
) -> None:
    assert _asked(rosa, message) == question
    reply = talk(rosa, message, "sí")[-1]
    assert reply["pending"] is False, reply
    assert reminders_of(rosa) == [stored]


@pytest.mark.parametrize(
    ("message", "question", "stored"),
    [
        (
            "remind me today at around 8 to call Rosa",
            "Today at 8:00 AM has already passed. Did you mean today at 8:00 PM?",
            ("call Rosa", "2026-12-07T20:00"),
        ),
        (
            "remind me today at 9 to take out the trash",
            "Today at 9:00 AM has already passed. Did you mean today at 9:00 PM?",
            ("take out the trash", "2026-12-07T21:00"),
        ),
    ],
)
def test_today_at_a_passed_morning_hour_offers_the_evening_in_english(
    mike: Api, message: str, question: str, stored: tuple[str, str]
) -> None:
    assert _asked(mike, message) == question
    reply = talk(mike, message, "yes")[-1]
    assert reply["pending"] is False, reply
    assert reminders_of(mike) == [stored]


def test_today_at_an_hour_whose_both_halves_passed_is_still_past(rosa: Api) -> None:
    with time_machine.travel(datetime(2026, 12, 7, 21, 0, tzinfo=LIMA), tick=True):
        question = _asked(rosa, "recuérdame hoy a las 8 llamar a Rosa")
    assert question == "Hoy a las 8:00 ya pasó. ¿Para cuándo lo dejo?"


# -- P44-M14: numeric dates by the user's locale -------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "zone", "message", "booked"),
    [
        (
            "en-US",
            "America/New_York",
            "book a meeting with Raj on 12/10 at 3pm",
            ("Meeting with Raj", "2026-12-10T15:00"),
        ),
        (
            "en-US",
            "America/New_York",
            "book a meeting with Priya on 1/5 at 10am",
            ("Meeting with Priya", "2027-01-05T10:00"),
        ),
        (
            "en-US",
            "Asia/Tokyo",
            "book a meeting with Ken on 12/11 at 3pm",
            ("Meeting with Ken", "2026-12-11T15:00"),
        ),
        (
            "en-GB",
            "Europe/London",
            "book a meeting with Raj on 10/12 at 3pm",
            ("Meeting with Raj", "2026-12-10T15:00"),
        ),
        (
            "en-IN",
            "Asia/Kolkata",
            "book a meeting with Anil on 5/1 at 10am",
            ("Meeting with Anil", "2027-01-05T10:00"),
        ),
        (
            "en-GB",
            "America/New_York",
            "book a meeting with Liz on 5/1 at 10am",
            ("Meeting with Liz", "2027-01-05T10:00"),
        ),
    ],
)
def test_a_numeric_date_is_read_in_the_locales_order(
    app: Any, client: Any, clock: None, locale: str, zone: str, message: str, booked: tuple
) -> None:
    api = zoned_user(app, client, zone, locale, "u")
    reply = talk(api, message)[0]
    assert reply["pending"] is False, reply
    assert meetings_of(api) == [booked]


@pytest.mark.parametrize(
    ("locale", "zone", "message"),
    [
        ("en", "Asia/Tokyo", "book a meeting with Raj on 1/5 at 10am"),
        ("en-CA", "America/Toronto", "book a meeting with Raj on 1/5 at 10am"),
    ],
)
def test_a_locale_without_an_order_still_asks(
    app: Any, client: Any, clock: None, locale: str, zone: str, message: str
) -> None:
    api = zoned_user(app, client, zone, locale, "u")
    question = _asked(api, message)
    assert "5 Jan" in question, question
    assert "1 May" in question, question


@pytest.mark.parametrize(
    ("locale", "zone", "message", "answer", "booked"),
    [
        (
            "en-GB",
            "Europe/London",
            "book a meeting with Raj on 12/10 at 3pm",
            "the second",
            ("Meeting with Raj", "2026-12-10T15:00"),
        ),
        (
            "en-IN",
            "Asia/Kolkata",
            "book a meeting with Anil on 3/11 at 3pm",
            "the first",
            ("Meeting with Anil", "2027-11-03T15:00"),
        ),
        (
            "es-PE",
            "America/Lima",
            "agenda reunión con Raj el 12/10 a las 3 de la tarde",
            "la segunda",
            ("Reunión con Raj", "2026-12-10T15:00"),
        ),
    ],
)
def test_a_reading_a_year_away_beside_a_near_one_is_asked(
    app: Any,
    client: Any,
    clock: None,
    locale: str,
    zone: str,
    message: str,
    answer: str,
    booked: tuple[str, str],
) -> None:
    api = zoned_user(app, client, zone, locale, "u")
    question = _asked(api, message)
    assert "2027" in question, question
    reply = talk(api, message, answer)[-1]
    assert reply["pending"] is False, reply
    assert meetings_of(api) == [booked]
