"""Natural dates read in the user's zone (pure functions: no app, no database)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from app.skills.when import find_duration, find_moment

LIMA = ZoneInfo("America/Lima")
# Wednesday 25 November 2026, 10:00 in Lima (15:00 UTC)
NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


def local(text: str) -> datetime:
    found = find_moment(text, LIMA, NOW)
    assert found is not None, text
    return found.at.astimezone(LIMA)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("next Thursday at 3pm", datetime(2026, 12, 3, 15, 0)),  # next week's, not tomorrow
        ("next wednesday at 9am", datetime(2026, 12, 2, 9, 0)),
        ("next Monday at 10am", datetime(2026, 11, 30, 10, 0)),
        ("on next Sunday at 11am", datetime(2026, 12, 6, 11, 0)),
        ("thursday at 3pm", datetime(2026, 11, 26, 15, 0)),  # a bare weekday: the coming one
        ("tomorrow morning", datetime(2026, 11, 26, 9, 0)),
        ("on the 1st at 2pm", datetime(2026, 12, 1, 14, 0)),
    ],
)
def test_dates_in_the_users_zone(text: str, expected: datetime) -> None:
    assert local(text).replace(tzinfo=None) == expected


def test_relative_times_and_durations() -> None:
    assert (local("in 20 minutes") - NOW.astimezone(LIMA)).total_seconds() == pytest.approx(
        1200, abs=61
    )
    duration = find_duration("set a timer for 10 minutes")
    assert duration is not None
    assert duration.total_seconds() == 600


def test_no_date_is_none() -> None:
    assert find_moment("book a meeting with Rosa", LIMA, NOW) is None
