"""Probe 41, times (the tester's clock: Monday 7 December 2026, about 09:45 UTC: 04:45 in Lima,
06:45 in Buenos Aires, 09:45 in London, 10:45 in Madrid, 18:45 in Tokyo, 20:45 in Sydney).

- R-H6: a timer of minutes and seconds ("1 minute 30 seconds", "4 minutos y 30 segundos", "3
  minutos y medio", "1 hour 10 minutes and 30 seconds") lost its seconds.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine

from tests.app.conftest import zoned_user

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
