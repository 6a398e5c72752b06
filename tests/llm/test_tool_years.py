"""The LLM's tools take the years the API takes (probe 36, O-H1).

A ``set_reminder``, ``add_todo`` or ``book_meeting`` at ``9999-12-31T23:59:59Z`` was stored, and
every list of that user answered 500 once their timezone was east of UTC (reading the time there
overflows Python's calendar). The tools now refuse a day or time outside
:data:`app.calendar.YEARS`, as the API's ``When`` does: the call fails, the turn falls back and
nothing is stored; the user's lists read in any timezone.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from app import calendar
from bench.fake_openai import FakeOpenAI, Step, text
from tests.app.conftest import Api

FAR = [
    "9999-12-31T23:59:59Z",
    "9999-12-31T23:59:59",
    "0001-01-01T00:00:00+14:00",
    "2200-01-01T00:00:00Z",
]


@pytest.mark.both_databases
@pytest.mark.parametrize("moment", FAR)
def test_a_tool_time_outside_the_years_fails_and_stores_nothing(
    app: Any, api: Api, fake: FakeOpenAI, moment: str
) -> None:
    fake.script(
        Step(
            tool_calls=[
                ("set_reminder", json.dumps({"text": "zzedge reminder", "due_at": moment})),
                ("add_todo", json.dumps({"text": "zzedge todo", "due_at": moment})),
                ("book_meeting", json.dumps({"title": "zzedge meeting", "starts_at": moment})),
            ]
        ),
        text("Done."),
    )
    reply = api.chat("remind me, add a to-do and book a meeting for the end of time")
    assert reply["path"] == "fallback"
    assert reply["data"]["fallback_reason"] == "tool_failed"
    assert [t["ok"] for t in reply["data"]["llm_tools"]] == [False, False, False]
    assert "between the years 1971 and 2199" in reply["data"]["llm_tools"][0]["error"]
    # the farthest east and west a user can be: every list reads
    for zone in ("Pacific/Kiritimati", "Etc/GMT+12"):
        assert api.patch("/v1/users/me", json={"timezone": zone}).status_code == 200
        for route in ("/v1/reminders", "/v1/todos", "/v1/meetings"):
            r = api.get(route)
            assert r.status_code == 200, (zone, route, r.json)
            assert "zzedge" not in json.dumps(r.json)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_listing_of_a_day_outside_the_years_fails_cleanly(
    app: Any, api: Api, fake: FakeOpenAI
) -> None:
    fake.script(Step(tool_calls=[("list_meetings", json.dumps({"on": "9999-12-31"}))]), text("Ok."))
    assert api.patch("/v1/users/me", json={"timezone": "Pacific/Kiritimati"}).status_code == 200
    reply = api.chat("what meetings do I have on the last day of the calendar")
    assert reply["data"]["llm_tools"][0]["ok"] is False
    assert reply["path"] == "fallback"


def test_the_years_a_moment_may_fall_in() -> None:
    first, last = calendar.YEARS
    assert calendar.year_in_range(datetime(first, 1, 1, tzinfo=UTC))
    assert calendar.year_in_range(datetime(last, 12, 31, 23, 59))
    assert calendar.year_in_range(date(last, 12, 31))
    assert not calendar.year_in_range(date(last + 1, 1, 1))
    assert not calendar.year_in_range(datetime(first - 1, 12, 31, 23, 59, tzinfo=UTC))
    # aware: its UTC year (the first of January at 1:00 in +14:00 is still the year before)
    assert not calendar.year_in_range(
        datetime(first, 1, 1, 1, tzinfo=timezone(timedelta(hours=14)))
    )
    # a moment whose UTC reading overflows is out, not an error
    assert not calendar.year_in_range(datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))))
