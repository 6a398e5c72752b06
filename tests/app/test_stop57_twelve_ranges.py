"""A range that ends at 12 said with its half: "de 10 a 12 de la mañana" ends at noon (the
parser's midnight made a 14-hour meeting, which the scheduler replaced by 30 minutes: found by
helper 231), "de 10 a 12 de la noche" runs from 22:00 to midnight (it was stored 10:00-12:00,
silently)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from app.skills.time_reader import read_time
from tests.app.conftest import Api, said, zoned_user

LIMA = ZoneInfo("America/Lima")
NOW = datetime(2026, 12, 7, 19, 22, tzinfo=UTC)  # Monday 14:22 in Lima

RANGES = [
    ("es", "el jueves de 10 a 12 de la mañana", "2026-12-10T10:00", "2026-12-10T12:00"),
    ("es", "el jueves de 10:30 a 12:30 de la mañana", "2026-12-10T10:30", "2026-12-10T12:30"),
    ("es", "el miércoles de 8 a 12 de la mañana", "2026-12-09T08:00", "2026-12-09T12:00"),
    ("en", "friday from 9 to 12 in the morning", "2026-12-11T09:00", "2026-12-11T12:00"),
    ("es", "el jueves de 10 a 12 de la noche", "2026-12-10T22:00", "2026-12-11T00:00"),
    ("es", "el viernes de 8 a 12 de la noche", "2026-12-11T20:00", "2026-12-12T00:00"),
    ("es", "el jueves de 10 de la noche a 12 de la noche", "2026-12-10T22:00", "2026-12-11T00:00"),
    ("en", "thursday from 10 to 12 at night", "2026-12-10T22:00", "2026-12-11T00:00"),
    ("en", "thursday from 10 to 12 midnight", "2026-12-10T22:00", "2026-12-11T00:00"),
    # as before
    ("es", "el jueves de 9 a 12", "2026-12-10T09:00", "2026-12-10T12:00"),
    ("en", "thursday from 10pm to 12am", "2026-12-10T22:00", "2026-12-11T00:00"),
]


@pytest.mark.parametrize(("lang", "text", "start", "end"), RANGES)
def test_a_range_ending_at_twelve_keeps_the_half_it_said(
    lang: str, text: str, start: str, end: str
) -> None:
    reading = read_time(text, LIMA, NOW, lang)
    assert reading.ask is None, reading
    assert reading.at is not None, reading
    assert reading.end is not None, reading
    local = (reading.at.astimezone(LIMA), reading.end.astimezone(LIMA))
    assert (local[0].isoformat()[:16], local[1].isoformat()[:16]) == (start, end)


@pytest.fixture
def nora(app: Any, client: Any) -> Iterator[Api]:
    with time_machine.travel(NOW, tick=True):
        yield zoned_user(app, client, "America/Lima", "es-PE", "nora")


@pytest.mark.parametrize(
    ("message", "span"),
    [
        ("agenda taller con Ana el jueves de 10 a 12 de la mañana", ("10:00", "12:00")),
        ("agenda fiesta con Ana el jueves de 10 a 12 de la noche", ("22:00", "00:00")),
    ],
)
def test_the_meeting_is_booked_for_the_whole_range(
    nora: Api, message: str, span: tuple[str, str]
) -> None:
    (reply,) = said(nora, message)
    (meeting,) = nora.get("/v1/meetings").json["meetings"]
    assert (meeting["starts_at"][11:16], meeting["ends_at"][11:16]) == span, reply
