"""Probe 41, times (the tester's clock: Monday 7 December 2026, about 09:45 UTC: 04:45 in Lima,
06:45 in Buenos Aires, 09:45 in London, 10:45 in Madrid, 18:45 in Tokyo, 20:45 in Sydney).

- R-H6: a timer of minutes and seconds ("1 minute 30 seconds", "4 minutos y 30 segundos", "3
  minutos y medio", "1 hour 10 minutes and 30 seconds") lost its seconds.
- R-H1: a date in words before a range from a time with minutes to a bare hour ("el 22 de
  diciembre de 10:30 a 12") booked the meeting today (or, once today's start had passed, asked
  about tomorrow with the date lost).
- R-M1: a meeting longer than 12 hours said in minutes ("for 1440 minutes", "por 900 minutos")
  was booked for the 30-minute default; it is asked, as "for 30 hours" is.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.app.conftest import BUENOS_AIRES, LIMA, MADRID, meetings_of, zoned_user

# the tester's clock: Monday 7 December 2026, 09:45 UTC
PROBE = datetime(2026, 12, 7, 9, 45, tzinfo=UTC)


@pytest.fixture
def probe41_clock() -> Iterator[None]:
    """The clock at probe 41's run (ticking)."""
    with time_machine.travel(PROBE, tick=True):
        yield


# -- R-H6: lengths in minutes and seconds ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "seconds"),
    [
        ("set a timer for 1 minute 30 seconds", "en", 90),
        ("set a timer for 2 minutes and 45 seconds", "en", 165),
        ("set a timer for 5 minutes 30 seconds", "en", 330),
        ("set a timer for 1 hour 10 minutes and 30 seconds", "en", 4230),
        ("timer for one minute thirty seconds", "en", 90),
        ("set a timer for a minute and a half", "en", 90),
        ("set a timer for 2 mins, 10 secs", "en", 130),
        ("pon un temporizador de 1 minuto y 30 segundos", "es", 90),
        ("poné un timer de 4 minutos y 30 segundos para los huevos", "es", 270),
        ("timer de 3 minutos y medio", "es", 210),
        ("temporizador de un minuto y medio", "es", 90),
        ("temporizador de dos minutos y quince segundos", "es", 135),
        ("temporizador de 1 hora, 2 minutos y 5 segundos", "es", 3725),
    ],
)
def test_a_length_in_minutes_and_seconds(text: str, lang: str, seconds: int) -> None:
    from app.skills.when import read_duration

    assert read_duration(text, lang) == timedelta(seconds=seconds)


@pytest.mark.parametrize(
    ("text", "lang", "seconds"),
    [
        ("set a timer for 90 seconds", "en", 90),
        ("set a timer for 3 and a half minutes", "en", 210),
        ("set a timer for 3 minutes", "en", 180),
        ("temporizador de hora y media", "es", 5400),
        ("temporizador de 2 horas y cuarto", "es", 8100),
        ("temporizador de 45 segundos", "es", 45),
    ],
)
def test_other_timer_lengths_are_unchanged(text: str, lang: str, seconds: int) -> None:
    from app.skills.when import read_duration

    assert read_duration(text, lang) == timedelta(seconds=seconds)


def test_an_offset_in_minutes_and_seconds_keeps_its_seconds() -> None:
    """ "in 2 minutes 30 seconds" is that long from now, to the second, as a timer's length
    (it was asked; tests/app/test_h196_two_requests.py has the reminders)."""
    from app.skills.when import read_time

    found = read_time(
        "remind me in 2 minutes 30 seconds to flip the steak", ZoneInfo("Europe/London"), PROBE
    )
    assert found.at == PROBE + timedelta(minutes=2, seconds=30)
    assert found.remainder == "remind me to flip the steak"


@pytest.mark.parametrize(
    ("lang", "zone", "message", "seconds", "said"),
    [
        ("en", "Europe/London", "set a timer for 1 minute 30 seconds", 90, "1 minute 30 seconds"),
        ("en", "America/New_York", "set a timer for 1 hour 10 minutes and 30 seconds", 4230,
         "70 minutes 30 seconds"),
        ("es", "Europe/Madrid", "pon un temporizador de 1 minuto y 30 segundos", 90,
         "1 minuto 30 segundos"),
        ("es", "America/Argentina/Buenos_Aires",
         "poné un timer de 4 minutos y 30 segundos para los huevos", 270,
         "4 minutos 30 segundos"),
        ("es", "America/Argentina/Buenos_Aires", "timer de 3 minutos y medio", 210,
         "3 minutos 30 segundos"),
    ],
)  # fmt: skip
def test_a_timer_in_minutes_and_seconds_through_the_chat(
    app: Any,
    client: Any,
    probe41_clock: None,
    lang: str,
    zone: str,
    message: str,
    seconds: int,
    said: str,
) -> None:
    api = zoned_user(app, client, zone, lang)
    reply = api.chat(message)
    assert said in reply["reply"], reply["reply"]
    timers = [r for r in api.get("/v1/reminders").json["reminders"] if r["kind"] == "timer"]
    assert len(timers) == 1
    due = datetime.fromisoformat(timers[0]["due_at"])
    assert abs(due - (PROBE + timedelta(seconds=seconds))) < timedelta(seconds=30)


# -- R-H1: a date in words, then a range to a bare hour ----------------------------------------


def _read(text: str, lang: str, zone: ZoneInfo) -> Any:
    from app.skills.when import read_time

    return read_time(text, zone, PROBE, lang)


def _span(reading: Any, zone: ZoneInfo) -> tuple[str, str]:
    assert reading.at is not None, (reading.ask, reading.question)
    assert reading.end is not None
    return (
        reading.at.astimezone(zone).strftime("%Y-%m-%dT%H:%M"),
        reading.end.astimezone(zone).strftime("%Y-%m-%dT%H:%M"),
    )


@pytest.mark.parametrize(
    ("text", "zone", "start", "end"),
    [
        ("agendame una reunion con Gaby el 22 de diciembre de 10:30 a 12", LIMA,
         "2026-12-22T10:30", "2026-12-22T12:00"),
        ("agendame una reunion con Nati el 23 de diciembre de 8:30 a 12", LIMA,
         "2026-12-23T08:30", "2026-12-23T12:00"),
        ("agendá una reunión con Nico el 3 de febrero de 10:30 a 12", BUENOS_AIRES,
         "2027-02-03T10:30", "2027-02-03T12:00"),
        ("reunión con Lola el 3 de febrero de 10:30 a 12", MADRID,
         "2027-02-03T10:30", "2027-02-03T12:00"),
        ("reunion con Lola el 22 de diciembre de 10:30 hasta las 12", MADRID,
         "2026-12-22T10:30", "2026-12-22T12:00"),
        ("reunión con Pepe el 15 de enero de 11:45 a 12", MADRID,
         "2027-01-15T11:45", "2027-01-15T12:00"),
        ("cita con el dentista el 9 de enero de 10:30 a 13", LIMA,
         "2027-01-09T10:30", "2027-01-09T13:00"),
        # controls that were right
        ("reunión con Lola el 3 de febrero de 10:30 a 12:00", MADRID,
         "2027-02-03T10:30", "2027-02-03T12:00"),
        ("reunión con Lola el 10 de diciembre de 10 a 12", MADRID,
         "2026-12-10T10:00", "2026-12-10T12:00"),
        ("reunión con Lola el 18 de diciembre de 16 a 17:30", MADRID,
         "2026-12-18T16:00", "2026-12-18T17:30"),
        ("reunión con Lola el 22/12 de 10:30 a 12", MADRID,
         "2026-12-22T10:30", "2026-12-22T12:00"),
    ],
)  # fmt: skip
def test_a_date_in_words_keeps_its_range_to_a_bare_hour(
    text: str, zone: ZoneInfo, start: str, end: str
) -> None:
    assert _span(_read(text, "es", zone), zone) == (start, end)


def test_a_date_in_words_keeps_its_day_when_the_half_is_asked() -> None:
    found = _read("reunión con Lola el 22 de diciembre de 9:15 a 11", "es", MADRID)
    assert found.at is None
    assert [o.astimezone(MADRID).strftime("%Y-%m-%dT%H:%M") for o in found.options] == [
        "2026-12-22T09:15",
        "2026-12-22T21:15",
    ]


@pytest.mark.parametrize(
    ("zone", "message", "start", "end"),
    [
        ("America/Lima", "agendame una reunion con Gaby el 22 de diciembre de 10:30 a 12",
         "2026-12-22T10:30", "2026-12-22T12:00"),
        ("America/Argentina/Buenos_Aires",
         "agendá una reunión con Nico el 3 de febrero de 10:30 a 12",
         "2027-02-03T10:30", "2027-02-03T12:00"),
        ("Europe/Madrid", "reunión con Lola el 3 de febrero de 10:30 a 12",
         "2027-02-03T10:30", "2027-02-03T12:00"),
    ],
)  # fmt: skip
def test_a_date_in_words_with_a_range_to_a_bare_hour_through_the_chat(
    app: Any, client: Any, probe41_clock: None, zone: str, message: str, start: str, end: str
) -> None:
    api = zoned_user(app, client, zone, "es")
    reply = api.chat(message)
    assert "hoy" not in reply["reply"].lower(), reply["reply"]
    meetings = api.get("/v1/meetings").json["meetings"]
    assert [(m["starts_at"][:16], m["ends_at"][:16]) for m in meetings] == [(start, end)]
    assert meetings_of(api)[0][0].startswith("Reunión con")


# -- R-M1: a meeting over 12 hours said in minutes --------------------------------------------


@pytest.mark.parametrize(
    ("zone", "lang", "message", "said"),
    [
        ("Australia/Sydney", "en", "book a workshop with Gus on saturday at 9am for 1440 minutes",
         "you said 24 hours"),
        ("Asia/Tokyo", "en", "book a meeting with Ivy on friday at 9am for 800 minutes",
         "you said 13.3 hours"),
        ("Europe/London", "en", "book a call with Alex tomorrow at 8am for 1000 mins",
         "you said 16.7 hours"),
        ("America/Bogota", "es",
         "agende una reunión con Lalo el viernes a las 8 de la mañana por 900 minutos",
         "dijiste 15 horas"),
        ("America/Lima", "es", "agendame una reunion con Caro el jueves a las 9 de la mañana "
         "durante 780 minutos", "dijiste 13 horas"),
    ],
)  # fmt: skip
def test_a_meeting_over_12_hours_in_minutes_is_asked(
    app: Any, client: Any, probe41_clock: None, zone: str, lang: str, message: str, said: str
) -> None:
    api = zoned_user(app, client, zone, lang)
    asked = api.chat(message)
    assert asked["pending"], asked
    assert said in asked["reply"], asked["reply"]
    assert "12" in asked["reply"]
    assert api.get("/v1/meetings").json["meetings"] == []
    answer = "2 hours" if lang == "en" else "2 horas"
    booked = api.chat(answer, asked["conversation_id"])
    assert not booked["pending"], booked
    (meeting,) = api.get("/v1/meetings").json["meetings"]
    start, end = (
        datetime.fromisoformat(meeting["starts_at"]),
        datetime.fromisoformat(meeting["ends_at"]),
    )
    assert end - start == timedelta(hours=2)


@pytest.mark.parametrize(
    ("lang", "message", "minutes"),
    [
        ("en", "book a meeting with Ivy on friday at 9am for 720 minutes", 720),
        ("en", "book a meeting with Ivy on friday at 9am for 90 minutes", 90),
        ("es", "agenda una reunión con Lalo el viernes a las 8 de la mañana por 45 minutos", 45),
    ],
)
def test_a_meeting_length_in_minutes_within_12_hours_is_kept(
    app: Any, client: Any, probe41_clock: None, lang: str, message: str, minutes: int
) -> None:
    api = zoned_user(app, client, "Asia/Tokyo", lang)
    reply = api.chat(message)
    assert not reply["pending"], reply
    (meeting,) = api.get("/v1/meetings").json["meetings"]
    start, end = (
        datetime.fromisoformat(meeting["starts_at"]),
        datetime.fromisoformat(meeting["ends_at"]),
    )
    assert end - start == timedelta(minutes=minutes)
