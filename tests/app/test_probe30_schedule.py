"""Probe 30, M-2: the schedule page followed ``next_cursor`` through every to-do, meeting and
reminder ever stored to draw one week; with ~4,800 open to-dos (24 calls of 200) its 6th load in
a minute hit the rate limit (120/minute per token and route) and showed an empty page saying only
"too many requests".

``GET /v1/meetings`` and ``/v1/reminders`` now take a window (``since``, ``until``): a meeting
is in it when it overlaps it, a reminder when it is due in it; the window is among the cursor's
filters. The page asks for the shown week only, and for the first page of open to-dos with a
"show more" control (the browser side: tests/e2e/test_pages.py)."""

from __future__ import annotations

import base64
import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.app.conftest import Api
from tests.app.test_probe26_paging import _forged, _pages, _store
from tests.conftest import ROOT

#: the window: Monday 7 December 2026 00:00 to Monday 14 December 00:00 in Lima (UTC-5)
SINCE = datetime(2026, 12, 7, 5, 0, tzinfo=UTC)
UNTIL = SINCE + timedelta(days=7)
WINDOW = {"since": SINCE.isoformat(), "until": UNTIL.isoformat()}
MINUTE = timedelta(minutes=1)


def _meetings(app: Any, user_id: int, spans: dict[str, tuple[datetime, datetime]]) -> None:
    from app.db.tables import Meeting

    _store(
        app,
        Meeting,
        [
            {"user_id": user_id, "title": title, "starts_at": start, "ends_at": end}
            for title, (start, end) in spans.items()
        ],
    )


def _reminders(app: Any, user_id: int, dues: dict[str, datetime], **extra: Any) -> None:
    from app.db.tables import Reminder

    _store(
        app,
        Reminder,
        [{"user_id": user_id, "text": t, "due_at": d, **extra} for t, d in dues.items()],
    )


def _titles(api: Api, url: str, key: str, **params: Any) -> list[str]:
    field = "title" if key == "meetings" else "text"
    return [x[field] for p in _pages(api, url, key, **params) for x in p]


MEETINGS = {
    "ends at since": (SINCE - timedelta(hours=1), SINCE),
    "ends a minute into it": (SINCE - timedelta(hours=1), SINCE + MINUTE),
    "spans the whole window": (SINCE - timedelta(days=3), UNTIL + timedelta(days=3)),
    "inside": (SINCE + timedelta(days=2), SINCE + timedelta(days=2, hours=1)),
    "starts a minute before until": (UNTIL - MINUTE, UNTIL + timedelta(hours=1)),
    "starts at until": (UNTIL, UNTIL + timedelta(hours=1)),
    "the week before": (SINCE - timedelta(days=5), SINCE - timedelta(days=5, hours=-1)),
    "the week after": (UNTIL + timedelta(days=2), UNTIL + timedelta(days=2, hours=1)),
}
REMINDERS = {
    "a second before since": SINCE - timedelta(seconds=1),
    "at since": SINCE,
    "inside": SINCE + timedelta(days=3),
    "a minute before until": UNTIL - MINUTE,
    "at until": UNTIL,
}


@pytest.mark.both_databases
def test_a_window_holds_the_meetings_that_overlap_it_and_the_reminders_due_in_it(
    app: Any, api: Api, other: Api
) -> None:
    _meetings(app, api.user_id, MEETINGS)
    _meetings(app, other.user_id, {"someone else's": (SINCE, UNTIL)})
    _reminders(app, api.user_id, REMINDERS)
    _reminders(app, other.user_id, {"someone else's": SINCE})
    assert _titles(api, "/v1/meetings", "meetings", **WINDOW) == [
        "spans the whole window",
        "ends a minute into it",
        "inside",
        "starts a minute before until",
    ]
    assert _titles(api, "/v1/reminders", "reminders", **WINDOW) == [
        "at since",
        "inside",
        "a minute before until",
    ]
    # one edge only: the other side is open
    assert _titles(api, "/v1/meetings", "meetings", since=SINCE.isoformat()) == [
        "spans the whole window",
        "ends a minute into it",
        "inside",
        "starts a minute before until",
        "starts at until",
        "the week after",
    ]
    assert _titles(api, "/v1/reminders", "reminders", until=UNTIL.isoformat()) == [
        "a second before since",
        "at since",
        "inside",
        "a minute before until",
    ]
    # the same moments with the user's offset, or without one (read in the user's timezone,
    # Lima), and an offset whose "+" a URL turned into a space: the same window
    lima = {"since": "2026-12-07T00:00:00-05:00", "until": "2026-12-14T00:00:00-05:00"}
    naive = {"since": "2026-12-07T00:00:00", "until": "2026-12-14T00:00"}
    spaced = {"since": "2026-12-07T14:00:00 09:00", "until": "2026-12-14T05:00:00Z"}
    for same in (lima, naive, spaced):
        assert _titles(api, "/v1/reminders", "reminders", **same) == [
            "at since",
            "inside",
            "a minute before until",
        ], same
    # without a window: every one, as before
    assert len(_titles(api, "/v1/meetings", "meetings")) == len(MEETINGS)


@pytest.mark.both_databases
def test_a_window_pages_within_itself_and_its_cursor_is_bound_to_it(app: Any, api: Api) -> None:
    # 450 meetings and reminders over 45 days, ten a day, many at the same time
    from app.db.tables import Meeting, Reminder

    starts = [SINCE - timedelta(days=20) + timedelta(days=i // 10, hours=i % 3) for i in range(450)]
    _store(
        app,
        Meeting,
        [
            {"user_id": api.user_id, "title": f"m{i}", "starts_at": s, "ends_at": s + MINUTE * 90}
            for i, s in enumerate(starts)
        ],
    )
    _store(
        app,
        Reminder,
        [{"user_id": api.user_id, "text": f"r{i}", "due_at": s} for i, s in enumerate(starts)],
    )
    for url, key, inside in (
        ("/v1/meetings", "meetings", [s for s in starts if s < UNTIL and s + MINUTE * 90 > SINCE]),
        ("/v1/reminders", "reminders", [s for s in starts if SINCE <= s < UNTIL]),
    ):
        assert len(inside) == 70
        pages = _pages(api, url, key, limit=7, **WINDOW)
        shown = [x["id"] for p in pages for x in p]
        assert len(pages) == 10
        assert len(shown) == len(set(shown)) == 70, url
        cursor = api.get(url, query_string={"limit": 7, **WINDOW}).json["next_cursor"]
        # the same window, written with another offset: the same cursor's window
        r = api.get(
            url,
            query_string={
                "cursor": cursor,
                "since": "2026-12-07T00:00:00-05:00",
                "until": "2026-12-14T00:00:00-05:00",
            },
        )
        assert r.status_code == 200, r.json
        # another window, half a window, none, or the window with upcoming: not its cursor
        for params in (
            {"since": SINCE.isoformat(), "until": (UNTIL + MINUTE).isoformat()},
            {"since": (SINCE - timedelta(days=7)).isoformat(), "until": SINCE.isoformat()},
            {"since": SINCE.isoformat()},
            {"until": UNTIL.isoformat()},
            {},
            {**WINDOW, "upcoming": "true"},
        ):
            r = api.get(url, query_string={"cursor": cursor, **params})
            assert r.status_code == 400, (url, params, r.json)
            assert r.json["code"] == "invalid_cursor"
        # a cursor given without a window is not one for a window either
        plain = api.get(url, query_string={"limit": 7}).json["next_cursor"]
        r = api.get(url, query_string={"cursor": plain, **WINDOW})
        assert r.status_code == 400
        assert r.json["code"] == "invalid_cursor"
        # tampered: an edited character, or the window's edges rewritten with a valid checksum
        body = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))[8:])
        assert body["f"] == {
            "upcoming": False,
            "since": "2026-12-07T05:00:00+00:00",
            "until": "2026-12-14T05:00:00+00:00",
        }
        wider = _forged({**body, "f": {**body["f"], "until": "2027-12-14T05:00:00+00:00"}})
        edited = cursor[:12] + ("x" if cursor[12] != "x" else "y") + cursor[13:]
        for bad in (wider, edited):
            r = api.get(url, query_string={"cursor": bad, **WINDOW})
            assert r.status_code == 400, (url, bad, r.json)
            assert r.json["code"] == "invalid_cursor"
            assert key not in r.json


def test_a_window_and_upcoming_together(app: Any, en: Api) -> None:
    """Today is Tuesday 14 April 2026, 14:30 in Lima: upcoming and the window both apply."""
    now = datetime(2026, 4, 14, 19, 30, tzinfo=UTC)
    _reminders(
        app,
        en.user_id,
        {"this morning": now - timedelta(hours=5), "tonight": now + timedelta(hours=5)},
    )
    _reminders(app, en.user_id, {"done tonight": now + timedelta(hours=6)}, done=True)
    _reminders(app, en.user_id, {"next week": now + timedelta(days=7)})
    today = {"since": "2026-04-14T00:00:00-05:00", "until": "2026-04-15T00:00:00-05:00"}
    assert _titles(en, "/v1/reminders", "reminders", **today) == [
        "this morning",
        "tonight",
        "done tonight",
    ]
    assert _titles(en, "/v1/reminders", "reminders", upcoming="true", **today) == ["tonight"]


@pytest.mark.parametrize("url", ["/v1/meetings", "/v1/reminders"])
def test_a_bad_window_is_a_validation_error(api: Api, url: str) -> None:
    for params, field in (
        ({"since": SINCE.isoformat(), "until": SINCE.isoformat()}, "until"),
        ({"since": UNTIL.isoformat(), "until": SINCE.isoformat()}, "until"),
        # the same moment, said in two offsets
        ({"since": "2026-12-07T05:00:00Z", "until": "2026-12-07T00:00:00-05:00"}, "until"),
        ({"since": "next monday"}, "since"),
        ({"until": "2026-13-01T00:00:00Z"}, "until"),
        ({"since": "1900-01-01T00:00:00Z"}, "since"),
        ({"since": ""}, "since"),
    ):
        r = api.get(url, query_string=params)
        assert r.status_code == 422, (params, r.json)
        assert r.json["code"] == "validation_error"
        assert field in json.dumps(r.json), r.json


def test_openapi_documents_the_window(client: Any) -> None:
    spec = client.get("/openapi.json").json
    for path in ("/v1/meetings", "/v1/reminders"):
        params = {p["name"]: p for p in spec["paths"][path]["get"]["parameters"]}
        for edge in ("since", "until"):
            assert params[edge]["in"] == "query"
            assert params[edge]["schema"]["format"] == "date-time"
            assert params[edge]["description"]
    todo_params = {p["name"] for p in spec["paths"]["/v1/todos"]["get"]["parameters"]}
    assert "since" not in todo_params


# -- the page's script --------------------------------------------------------------------------
SCRIPT = (ROOT / "app" / "static" / "schedule.js").read_text()


def test_the_schedule_asks_for_its_week_and_the_first_page_of_todos() -> None:
    """The page asks for the shown week's meetings and reminders (since/until), and for one
    page of open to-dos, the next only when asked ("show more"); a failed call keeps what was
    fetched. The browser's side (requests counted): tests/e2e/test_pages.py."""
    assert "since=" in SCRIPT
    assert "until=" in SCRIPT
    # every to-do request is one page, sent from one place, with the page's cursor if any
    assert len(re.findall(r"/v1/todos", SCRIPT)) == 1
    assert "todos-more" in SCRIPT
    template = (ROOT / "app" / "templates" / "schedule.html").read_text()
    assert 'id="todos-more"' in template
    assert "_('Show more to-dos')" in template
