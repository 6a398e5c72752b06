"""Probe 45's follow-ups right after a booking (helper 223, P45-M7).

- "y me recuerda una hora antes" (es-CO, usted) right after booking the dentist asked "¿Para
  cuándo?": the usted and "me …" forms ("me recuerda", "recuérdeme", "me avisa", "me avisas")
  set a reminder that long before the meeting, as "recuérdame" and "remind me" do.
- "qué pena, era a las 3:30 no a las 2:30" and "sorry, it's at 3:30 not 2:30" were not read as
  a correction: the meeting is moved to the time said (its half of the day kept).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.app.conftest import Api, meetings_of, reminders_of, talk, zoned_user

# Monday 7 December 2026, 10:00 in Bogotá, Lima and New York
MONDAY_MORNING = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("America/Bogota"))

_ZONES = {
    "ana": ("America/Bogota", "es-CO"),
    "rosa": ("America/Lima", "es-PE"),
    "mike": ("America/New_York", "en-US"),
}
_BOOKING = {
    "ana": "cita con el dentista el miércoles a las 2:30",
    "rosa": "cita con el dentista el miércoles a las 2:30",
    "mike": "dentist appointment on wednesday at 2:30pm",
}


@pytest.fixture
def user(app: Any, client: Any) -> Iterator[Callable[[str], Api]]:
    with time_machine.travel(MONDAY_MORNING, tick=True):
        yield lambda key: zoned_user(app, client, *_ZONES[key], key)


@pytest.mark.parametrize(
    ("key", "said", "due"),
    [
        ("ana", "y me recuerda una hora antes", "2026-12-09T13:30"),
        ("ana", "recuérdeme media hora antes", "2026-12-09T14:00"),
        ("ana", "y me avisa 15 minutos antes", "2026-12-09T14:15"),
        ("rosa", "me avisas una hora antes", "2026-12-09T13:30"),
        ("rosa", "y me recuerdas 2 horas antes", "2026-12-09T12:30"),
        ("mike", "remind me an hour before", "2026-12-09T13:30"),
    ],
)
def test_a_reminder_before_the_meeting_just_booked(
    user: Callable[[str], Api], key: str, said: str, due: str
) -> None:
    api = user(key)
    booked, reminded = talk(api, _BOOKING[key], said)
    assert booked["pending"] is False, booked
    assert reminded["pending"] is False, reminded
    ((_text, at),) = reminders_of(api)
    assert at == due, reminded


@pytest.mark.parametrize(
    ("key", "said", "start"),
    [
        ("ana", "qué pena, era a las 3:30 no a las 2:30", "2026-12-09T15:30"),
        ("ana", "disculpe, es a las 3 no a las 2:30", "2026-12-09T15:00"),
        ("rosa", "perdón, era a las 4 no a las 2:30", "2026-12-09T16:00"),
        ("mike", "sorry, it's at 3:30 not 2:30", "2026-12-09T15:30"),
        ("mike", "my bad, it's 3 not 2:30", "2026-12-09T15:00"),
        ("mike", "oops it was at 3:30, not 2:30", "2026-12-09T15:30"),
    ],
)
def test_x_not_y_moves_the_meeting_just_booked(
    user: Callable[[str], Api], key: str, said: str, start: str
) -> None:
    api = user(key)
    _booked, moved = talk(api, _BOOKING[key], said)
    assert moved["pending"] is False, moved
    ((_title, at),) = meetings_of(api)
    assert at == start, moved
