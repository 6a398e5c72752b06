"""Scripted scenarios through the real ``openai`` client and the fake server: every one ends in
a correct reply or a ``fallback`` reply within the deadline, with nothing half-written in the
database and the right metric counted."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.factory import WARM_UP_THREAD
from bench.fake_openai import FakeOpenAI, close, malformed, status, text, tool_call
from tests.app.conftest import Api
from tests.llm.conftest import LLM, Metrics

DEADLINE = LLM["llm_deadline"]
# What a busy machine may add after the deadline: the local path's own answer and the request
# around it (CI once took 2.6 s for a 2 s deadline). Where a test proves the deadline, its slow
# answer lasts far longer than DEADLINE + SLACK, so finishing within it still proves the cut.
SLACK = 2.0
BOOK = "book a meeting with Ana tomorrow at 3pm about the budget"


def tomorrow_at(hour: int, tz: str = "America/Lima") -> str:
    day = datetime.now(ZoneInfo(tz)) + timedelta(days=1)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0).isoformat()


def meetings(app: Any, title: str | None = None) -> int:
    from app.db import engine_of
    from app.db.tables import Meeting

    query = select(func.count()).select_from(Meeting)
    if title is not None:
        query = query.where(Meeting.title == title)
    with Session(engine_of(app)) as session:
        return int(session.scalar(query) or 0)


def timed_chat(api: Api, message: str) -> tuple[dict[str, Any], float]:
    started = time.monotonic()
    reply = api.chat(message)
    return reply, time.monotonic() - started


@pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
def test_a_tool_call_books_a_meeting(
    app: Any, api: Api, fake: FakeOpenAI, metrics: Metrics
) -> None:
    when = tomorrow_at(15)
    fake.script(
        tool_call("book_meeting", {"starts_at": when, "attendee": "Ana", "title": "Budget"}),
        text("Booked “Budget” with Ana tomorrow at 3:00 PM."),
    )
    reply = api.chat(BOOK)
    assert reply["path"] == "llm"
    assert reply["skill"] == "scheduling"
    assert reply["reply"].startswith("Booked")
    assert [(t["name"], t["ok"]) for t in reply["data"]["tools"]] == [("book_meeting", True)]
    listed = api.get("/v1/meetings").json["meetings"]
    assert [(m["title"], m["attendee"]) for m in listed] == [("Budget", "Ana")]
    assert listed[0]["starts_at"].startswith(when[:16])  # read in the user's timezone
    first, second = fake.requests
    assert first["model"] == "gpt-4o-mini"
    assert first["messages"][0]["role"] == "system"
    assert "America/Lima" in first["messages"][0]["content"]
    names = {t["function"]["name"] for t in first["tools"]}
    assert {"book_meeting", "add_todo", "search_knowledge"} <= names
    tool_message = second["messages"][-1]
    assert tool_message["role"] == "tool"
    assert "Booked" in json.loads(tool_message["content"])["result"]
    assert metrics.delta("slipway_llm_requests_total", outcome="ok") == 2
    assert metrics.delta("slipway_llm_tokens_total", kind="prompt") == 100
    assert metrics.delta("slipway_llm_tokens_total", kind="completion") == 20
    assert metrics.delta("slipway_llm_cost_usd_total") == pytest.approx(
        (100 * 0.15 + 20 * 0.60) / 1e6
    )
    assert metrics.delta("slipway_reply_path_total", path="llm") == 1
    shown = api.get(f"/v1/conversations/{reply['conversation_id']}").json["messages"]
    assert [m["path"] for m in shown] == [None, "llm"]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_invalid_arguments_go_back_to_the_model_and_nothing_is_written(
    app: Any, api: Api, fake: FakeOpenAI, metrics: Metrics
) -> None:
    fake.script(
        tool_call("book_meeting", {"starts_at": "next tuesday", "user_id": 2}),
        tool_call("book_meeting", {"starts_at": tomorrow_at(9), "title": "Standup"}),
        text("Done: Standup tomorrow at 9."),
    )
    reply = api.chat(BOOK)
    assert reply["path"] == "llm"
    tools = reply["data"]["tools"]  # every call's result, refused ones included
    assert [(t["name"], t["ok"]) for t in tools] == [
        ("book_meeting", False),
        ("book_meeting", True),
    ]
    assert "starts_at" in tools[0]["error"]
    assert "Standup" in tools[1]["result"]
    error = json.loads(fake.requests[1]["messages"][-1]["content"])["error"]
    assert "starts_at" in error
    assert "user_id: Extra inputs are not permitted" in error
    assert meetings(app) == 1
    assert metrics.delta("slipway_llm_requests_total", outcome="invalid_arguments") == 1
    assert metrics.delta("slipway_llm_requests_total", outcome="ok") == 2


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_done_after_every_tool_call_failed_is_not_believed(
    app: Any, api: Api, fake: FakeOpenAI, metrics: Metrics
) -> None:
    """The model's "Done." after a refused call is not passed on: nothing was booked, so the
    local path answers, and the reason names the refused call."""
    past = (datetime.now(UTC) - timedelta(days=2)).isoformat()
    fake.script(
        tool_call("book_meeting", {"starts_at": past, "title": "Yesterday"}),  # the skill refuses
        text("Done."),
    )
    reply = api.chat(BOOK)
    assert reply["path"] == "fallback"
    assert reply["data"]["fallback_reason"] == "tool_failed"
    assert reply["reply"] != "Done."
    assert meetings(app, "Yesterday") == 0
    assert metrics.delta("slipway_llm_fallbacks_total", reason="tool_failed") == 1


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_persistent_invalid_arguments_fall_back(
    app: Any, api: Api, fake: FakeOpenAI, metrics: Metrics
) -> None:
    past = (datetime.now(UTC) - timedelta(days=2)).isoformat()
    fake.script(
        tool_call("add_todo", {"text": ""}),
        tool_call("book_meeting", {"starts_at": past, "title": "Yesterday"}),  # the skill refuses
    )
    reply = api.chat("put the quarterly budget review on my to-do list please")
    assert reply["path"] == "fallback"
    assert reply["data"]["fallback_reason"] == "invalid_arguments"
    assert meetings(app, "Yesterday") == 0
    assert metrics.delta("slipway_llm_fallbacks_total", reason="invalid_arguments") == 1


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_another_users_data_is_out_of_reach(
    app: Any, api: Api, other: Api, fake: FakeOpenAI
) -> None:
    theirs = other.post(
        "/v1/meetings", json={"title": "Bruno's 1:1", "starts_at": tomorrow_at(10, "Europe/Madrid")}
    ).json["id"]
    fake.script(
        tool_call("cancel_meeting", {"meeting_id": theirs}),
        tool_call("cancel_meeting", {"meeting_id": theirs, "user_id": other.user_id}),
        tool_call("list_meetings", {}),
        text("I couldn't find that meeting in your calendar."),
    )
    reply = api.chat(f"remove meeting {theirs} from my calendar please")
    # two refused rounds in a row: the local path answers (probe 26: a call on a missing or
    # another user's item is a failed call, not an ok "That item no longer exists.")
    assert reply["path"] == "fallback"
    assert reply["data"]["fallback_reason"] == "invalid_arguments"
    results = reply["data"]["llm_tools"]
    assert results[0]["code"] == "not_found"  # not found: as if it did not exist
    assert "Bruno" not in results[0]["error"]
    assert "Extra inputs are not permitted" in results[1]["error"]
    assert other.get(f"/v1/meetings/{theirs}").status_code == 200
    fake.script(tool_call("list_meetings", {}), text("You have no meetings."))
    listed = api.chat("list all of my meetings in my calendar for the coming days please")
    assert listed["data"]["tools"][0]["result"]
    tool_message = json.loads(fake.requests[-1]["messages"][-1]["content"])
    assert tool_message["data"]["meetings"] == []  # ana's calendar only


@pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
def test_a_timeout_after_a_tool_wrote_rolls_the_write_back(
    app: Any, api: Api, fake: FakeOpenAI, metrics: Metrics
) -> None:
    fake.script(tool_call("book_meeting", {"starts_at": tomorrow_at(11), "title": "Half written"}))
    fake.default = text("too late", delay=LLM["llm_timeout"] + 0.5)
    reply, took = timed_chat(api, BOOK)
    assert reply["path"] == "fallback"
    assert reply["data"]["fallback_reason"] == "timeout"
    assert took < DEADLINE + SLACK
    assert meetings(app, "Half written") == 0
    assert metrics.delta("slipway_llm_requests_total", outcome="timeout") >= 2
    assert metrics.delta("slipway_llm_fallbacks_total", reason="timeout") == 1
    assert metrics.delta("slipway_reply_path_total", path="fallback") == 1
    # the local path answered the same message: its own booking, or its own question
    assert ("meeting" in reply["data"]) == (meetings(app) == 1)


@pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
def test_a_cancel_and_a_move_are_undone_on_fallback(make_app: Any, fake: FakeOpenAI) -> None:
    """Tool calls commit one by one (nothing stays open while the model thinks); when the turn
    then falls back, the undo log puts back what they changed and deleted.

    The per-call timeout is generous here: the fault is the 500 after the two scripted tool
    calls, and on a busy runner a 0.5 s timeout let a retry consume the second one (CI, stop 35).
    """
    from tests.app.conftest import make_user

    fake.script()
    app = make_app(openai_base_url=fake.url, llm_timeout=5.0, llm_deadline=12.0)
    api = Api(app.test_client(), *make_user(app, "ana", "America/Lima"), "ana")
    keep = api.post("/v1/meetings", json={"title": "Keep", "starts_at": tomorrow_at(9)}).json
    move = api.post("/v1/meetings", json={"title": "Move", "starts_at": tomorrow_at(13)}).json
    fake.script(
        tool_call("cancel_meeting", {"meeting_id": keep["id"]}),
        tool_call("move_meeting", {"meeting_id": move["id"], "starts_at": tomorrow_at(17)}),
    )
    fake.default = status(500)
    reply = api.chat("clear my morning and push the afternoon meeting to 5pm")
    fake.default = None
    assert reply["path"] == "fallback"
    assert reply["data"]["fallback_reason"] == "server_error"
    tried = [(t["name"], t["ok"]) for t in reply["data"]["llm_tools"]]
    assert tried == [("cancel_meeting", True), ("move_meeting", True)]  # done, then undone
    now = {m["title"]: m for m in api.get("/v1/meetings").json["meetings"]}
    assert now["Keep"]["starts_at"] == keep["starts_at"]
    assert now["Keep"]["id"] == keep["id"]
    assert now["Move"]["starts_at"] == move["starts_at"]


@pytest.mark.slow  # waits on purpose: a stall or a deadline of seconds
@pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
def test_a_stalled_llm_call_blocks_no_one(make_app: Any, fake: FakeOpenAI) -> None:
    """While one user's LLM call stalls (after a tool call wrote), another user's writes and
    chat go through: no transaction or lock is held across the call.

    Checked by order, not by a stopwatch: the other user's three to-dos and chats all finish
    while the stalled call is still waiting for its answer. A lock held across the call would
    make them wait for its end, however fast the machine; a busy machine only makes them slower.
    """
    import threading

    from tests.app.conftest import make_user

    fake.script()
    app = make_app(openai_base_url=fake.url, llm_timeout=5.0, llm_deadline=6.0)
    api, other = (
        Api(app.test_client(), *make_user(app, name, "America/Lima"), name)
        for name in ("ana", "bruno")
    )
    for thread in threading.enumerate():  # the time reader's models load in the background:
        if thread.name == WARM_UP_THREAD:  # not a lock, but CPU this test need not share
            thread.join(timeout=60)

    fake.script(
        tool_call("book_meeting", {"starts_at": tomorrow_at(11), "title": "Stalled"}),
        text("Booked.", delay=3.0),
    )
    done: list[dict[str, Any]] = []

    def book() -> None:
        done.append(api.chat(BOOK))

    stalled = threading.Thread(target=book)
    stalled.start()
    deadline = time.monotonic() + 10
    while len(fake.requests) < 2:  # the first call answered, the tool wrote, the second stalls
        assert time.monotonic() < deadline, "the stalled call never reached the fake"
        time.sleep(0.01)
    started = time.monotonic()
    for i in range(3):
        r = other.post("/v1/todos", json={"text": f"call the plumber {i}"})
        assert r.status_code == 201
        reply = other.chat("what's the best recipe for lasagna")  # refused locally: no LLM call
        assert reply["path"] == "local"
    took = time.monotonic() - started
    still_waiting = stalled.is_alive() and not done
    stalled.join(timeout=15)
    assert still_waiting, f"the other user's requests waited for the stalled call ({took:.2f} s)"
    assert done
    assert done[0]["path"] == "llm"
    assert len(fake.requests) == 2  # the other user's turns made no call


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_429_with_retry_after_is_honoured(
    app: Any, api: Api, fake: FakeOpenAI, metrics: Metrics
) -> None:
    fake.script(status(429, {"Retry-After": "0.4"}), text("Here is your answer."))
    reply, took = timed_chat(api, "what's on my to-do list and what should I do first today")
    assert reply["path"] == "llm"
    assert reply["reply"] == "Here is your answer."
    assert took >= 0.4
    assert metrics.delta("slipway_llm_requests_total", outcome="rate_limited") == 1
    # a Retry-After past the deadline is not waited for, nor is the deadline itself: the local
    # path answers at once (the bound leaves a busy machine the whole deadline for that answer)
    fake.script(status(429, {"Retry-After": "30"}))
    reply, took = timed_chat(api, "what's on my to-do list and what should I do first today")
    assert reply["path"] == "fallback"
    assert reply["data"]["fallback_reason"] == "rate_limited"
    assert took < DEADLINE


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_500s_are_retried_then_fall_back(
    app: Any, api: Api, fake: FakeOpenAI, metrics: Metrics
) -> None:
    fake.script(status(500), status(503), status(500), text("never asked"))
    reply, took = timed_chat(api, "show me my to-do list")
    assert reply["path"] == "fallback"
    assert reply["data"]["fallback_reason"] == "server_error"
    assert len(fake.requests) == 1 + LLM["llm_max_retries"]
    assert took < DEADLINE
    assert metrics.delta("slipway_llm_requests_total", outcome="server_error") == 3
    assert reply["skill"] == "scheduling"  # the local path's own answer


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_malformed_json_falls_back_at_once(
    app: Any, api: Api, fake: FakeOpenAI, metrics: Metrics
) -> None:
    fake.script(malformed(), text("never asked"))
    reply = api.chat("show me my to-do list")
    assert reply["path"] == "fallback"
    assert reply["data"]["fallback_reason"] == "bad_response"
    assert len(fake.requests) == 1
    assert metrics.delta("slipway_llm_requests_total", outcome="bad_response") == 1


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_dropped_connection_and_a_refused_one_fall_back(
    make_app: Any, app: Any, api: Api, fake: FakeOpenAI, closed_port: int, metrics: Metrics
) -> None:
    from tests.app.conftest import make_user

    fake.script(close(), close(), close())
    reply = api.chat("show me my to-do list")
    assert reply["path"] == "fallback"
    assert reply["data"]["fallback_reason"] == "connection_error"

    refused = make_app(openai_base_url=f"http://127.0.0.1:{closed_port}/v1")
    token, user_id = make_user(refused, "carla")
    started = time.monotonic()
    again = Api(refused.test_client(), token, user_id, "carla").chat("show me my to-do list")
    assert again["path"] == "fallback"
    assert again["data"]["fallback_reason"] == "connection_error"
    assert time.monotonic() - started < DEADLINE + SLACK  # a refused port fails at once
    assert metrics.delta("slipway_llm_requests_total", outcome="connection_error") == 6


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_breaker_opens_and_stops_calling(
    make_app: Any, fake: FakeOpenAI, metrics: Metrics
) -> None:
    from tests.app.conftest import make_user

    fake.script()
    fake.default = status(500)
    # one user's failures open it for everyone only with SLIPWAY_LLM_BREAKER_USERS=1 (the
    # default backs that user off alone: tests/llm/test_probe36_breaker.py)
    app = make_app(
        openai_base_url=fake.url, llm_breaker_failures=3, llm_max_retries=0, llm_breaker_users=1
    )
    token, user_id = make_user(app, "dora")
    api = Api(app.test_client(), token, user_id, "dora")
    reasons = [api.chat("show me my to-do list")["data"]["fallback_reason"] for _ in range(5)]
    assert reasons == ["server_error"] * 3 + ["circuit_open"] * 2
    assert len(fake.requests) == 3
    assert metrics.delta("slipway_llm_requests_total", outcome="circuit_open") == 2
    assert metrics.value("slipway_llm_circuit_open") == 1
    fake.default = None


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_out_of_scope_is_refused_without_calling_the_llm(
    app: Any, api: Api, fake: FakeOpenAI
) -> None:
    reply = api.chat("what's the weather in Lima tomorrow?")
    assert reply["path"] == "local"
    assert reply["skill"] == "out_of_scope"
    assert fake.requests == []


def sse(body: str) -> list[tuple[str, dict[str, Any]]]:
    events = []
    for block in body.strip().split("\n\n"):
        if block.startswith(":"):  # a keep-alive comment: clients skip it
            continue
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
    return events


@pytest.mark.slow  # waits on purpose: a stall or a deadline of seconds
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_streaming_and_a_slow_stream(
    app: Any, api: Api, fake: FakeOpenAI, metrics: Metrics
) -> None:
    fake.script(text("You have nothing on your list yet."))
    r = api.post("/v1/chat/stream", json={"message": "what is on my to-do list"})
    assert r.status_code == 200
    assert r.mimetype == "text/event-stream"
    events = sse(r.get_data(as_text=True))
    deltas = [d["text"] for e, d in events if e == "delta"]
    assert len(deltas) > 1
    assert "".join(deltas).strip() == "You have nothing on your list yet."
    assert events[-1][0] == "done"
    assert events[-1][1]["path"] == "llm"
    assert fake.requests[0]["stream"] is True

    slow = " ".join(["word"] * 60)  # 15 s in all, a chunk every 0.25 s
    fake.script(text(slow, gap=0.25))
    started = time.monotonic()
    r = api.post("/v1/chat/stream", json={"message": "what is on my to-do list"})
    events = sse(r.get_data(as_text=True))
    assert time.monotonic() - started < DEADLINE + SLACK
    kinds = [e for e, _ in events]
    assert "reset" in kinds
    assert kinds[-1] == "done"
    done = events[-1][1]
    assert done["path"] == "fallback"
    assert done["data"]["fallback_reason"] == "timeout"
    assert events[-2] == ("delta", {"text": done["reply"]})
    assert metrics.delta("slipway_llm_fallbacks_total", reason="timeout") == 1


@pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
def test_a_stream_the_client_closes_leaves_nothing_half_done(
    app: Any, api: Api, fake: FakeOpenAI, metrics: Metrics
) -> None:
    """Found by an independent tester: closing the stream after the model's tool call had booked
    left the meeting stored but not the turn (a retry would book it twice). A booking's text is
    held until it is checked (probe 39, O-L5): the stream sends keep-alive comments meanwhile."""
    when = tomorrow_at(15)
    fake.script(
        tool_call("book_meeting", {"starts_at": when, "attendee": "Ana", "title": "Budget"}),
        text("Booked “Budget” with Ana tomorrow at 3:00 PM. " + "More follows. " * 20, gap=0.1),
    )
    r = api.client.post(
        "/v1/chat/stream",
        json={"message": BOOK},
        headers={"Authorization": f"Bearer {api.token}"},
        buffered=False,
    )
    assert r.status_code == 200
    received = b""
    chunks = iter(r.response)
    while received.count(b": working") < 2:
        received += next(chunks)
    assert b"event: delta" not in received  # the text is held until the answer is checked
    assert meetings(app, "Budget") == 1  # booked by the tool call, committed on its own
    r.close()  # the client goes away mid-stream
    assert meetings(app, "Budget") == 0
    assert api.get("/v1/conversations").json["conversations"] == []
    assert metrics.delta("slipway_llm_fallbacks_total", reason="client_closed") == 1
    assert api.chat("hello")["path"] in {"local", "llm", "fallback"}  # the app goes on


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_knowledge_answers_cite_passages_and_are_cached(
    app: Any, api: Api, fake: FakeOpenAI, metrics: Metrics
) -> None:
    fake.script(text("A bootcamp costs what the fees page says."))
    first = api.chat("how much does a bootcamp cost?")
    assert first["path"] == "llm"
    assert first["skill"] == "knowledge"
    assert first["data"]["found"] is True
    assert "Sources: [" in first["reply"]  # the model cited nothing: the sources are appended
    prompt = fake.requests[0]["messages"][-1]["content"]
    assert "Knowledge passages" in prompt
    assert first["data"]["source"] in prompt
    assert "tools" not in fake.requests[0]
    second = api.chat("How much does a bootcamp cost")
    assert second["reply"] == first["reply"]
    assert second["cached"] is True
    assert second["path"] == "llm"
    assert len(fake.requests) == 1  # the cache answered
    assert metrics.delta("slipway_cache_requests_total", result="hit") == 1
    # nothing in the knowledge base: "I don't know", locally, without a call
    unknown = api.chat("do you know the opening hours of the xylophone museum on mars")
    if unknown["skill"] == "knowledge":
        assert unknown["path"] == "local"
        assert unknown["data"]["found"] is False
    assert len(fake.requests) == 1


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_shared_knowledge_answer_is_asked_without_the_users_details(
    app: Any, api: Api, other: Api, fake: FakeOpenAI
) -> None:
    """Found by an independent tester: a knowledge answer, cached for every user who asks the
    same question, was asked with the first asker's name, timezone and time in the prompt
    ("Hola carl ... it's Friday evening"), and the others were served it."""
    fake.script(text("A bootcamp costs what the fees page says."))
    first = api.chat("how much does a bootcamp cost?")
    assert first["path"] == "llm"
    system = fake.requests[0]["messages"][0]["content"]
    assert api.name not in system
    assert "the user's timezone:" not in system
    assert "- now:" not in system
    assert "reply in: English" in system
    second = other.chat("How much does a bootcamp cost")
    assert second["reply"] == first["reply"]  # still shared: nothing in it is the first user's
    assert len(fake.requests) == 1  # the cache answered
    assert second["cached"] is False  # another's question is not told (review 176, S-L5)
    # a conversation turn (not cached) keeps the user's context
    fake.script(text("You have nothing on your list."))
    api.chat("what is on my to-do list")
    assert api.name in fake.requests[-1]["messages"][0]["content"]


@pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
def test_an_action_claimed_without_a_tool_call_is_not_believed(
    app: Any, api: Api, fake: FakeOpenAI, metrics: Metrics
) -> None:
    """Found by an independent tester: "Done! Your meeting with Rosa is booked" with no tool
    call was relayed as the answer (path llm, tools []), and nothing was booked."""
    fake.script(text("Done! Your meeting with Ana is booked for tomorrow at 3:00 PM."))
    reply = api.chat(BOOK)
    assert reply["path"] == "fallback"
    assert reply["data"]["fallback_reason"] == "unverified_claim"
    assert not reply["reply"].startswith("Done!")
    assert meetings(app) == 0 or reply["skill"] == "scheduling"  # the local path may book it
    assert metrics.delta("slipway_llm_fallbacks_total", reason="unverified_claim") == 1


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_tool_argument_with_a_nul_is_refused_like_the_apis(
    app: Any, api: Api, fake: FakeOpenAI
) -> None:
    """Found by an independent tester: add_todo stored "a\\u0000b", which POST /v1/todos refuses
    (Postgres cannot store NUL in text)."""
    fake.script(tool_call("add_todo", {"text": "a\u0000b"}), text("Added it."))
    reply = api.chat("add the thing to my to-do list please, it is important for tomorrow")
    assert all("\x00" not in t["text"] for t in api.get("/v1/todos").json["todos"])
    tried = reply["data"].get("llm_tools") or reply["data"].get("tools") or []
    assert tried, reply["data"]
    assert not tried[0]["ok"]
    assert "NUL" in tried[0]["error"]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_history_is_sent_as_context(app: Any, api: Api, fake: FakeOpenAI) -> None:
    fake.script(text("First answer."), text("Second answer."))
    first = api.chat("what is on my to-do list")
    api.chat("show me my to-do list again", first["conversation_id"])
    roles = [(m["role"], m["content"]) for m in fake.requests[1]["messages"][1:]]
    assert roles == [
        ("user", "what is on my to-do list"),
        ("assistant", "First answer."),
        ("user", "show me my to-do list again"),
    ]
    assert "reply in: English" in fake.requests[1]["messages"][0]["content"]
    fake.script(text("Tienes dos pendientes."))
    api.chat("¿qué tengo en mi lista de pendientes?")
    assert "reply in: Spanish" in fake.requests[-1]["messages"][0]["content"]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_without_a_key_the_stream_is_one_local_chunk(make_app: Any) -> None:
    from tests.app.conftest import make_user

    app = make_app(openai_api_key=None)
    token, user_id = make_user(app, "eve")
    api = Api(app.test_client(), token, user_id, "eve")
    r = api.post("/v1/chat/stream", json={"message": "hello"})
    events = sse(r.get_data(as_text=True))
    assert [e for e, _ in events] == ["delta", "done"]
    assert events[0][1]["text"] == events[1][1]["reply"]
    assert events[1][1]["path"] == "local"
    assert api.chat("show me my to-do list")["path"] == "local"
    # errors before the stream starts are the API's JSON errors
    r = api.post("/v1/chat/stream", json={"message": "  "})
    assert r.status_code == 422
    assert r.json["code"] == "validation_error"
    r = app.test_client().post("/v1/chat/stream", json={"message": "hi"})
    assert r.status_code == 401
    spec = app.test_client().get("/openapi.json").json
    operation = spec["paths"]["/v1/chat/stream"]["post"]
    assert operation["operationId"] == "chat_stream"
    assert "text/event-stream" in operation["responses"]["200"]["content"]


@pytest.mark.slow  # waits on purpose: a stall or a deadline of seconds
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("route", ["/v1/chat", "/v1/chat/stream"])
def test_a_trickling_answer_ends_at_the_deadline(
    app: Any, api: Api, fake: FakeOpenAI, route: str
) -> None:
    """A byte every 0.1 s never trips a per-read timeout (0.5 s here); the request still ends by
    the deadline, answered by the local path, plain and streamed alike."""
    from bench.fake_openai import Step

    fake.default = Step(content="word " * 200, trickle=0.1)
    started = time.monotonic()
    r = api.post(route, json={"message": "what is on my to-do list"})
    took = time.monotonic() - started
    fake.default = None
    assert r.status_code == 200
    assert took < DEADLINE + SLACK, took
    body = r.json if route == "/v1/chat" else sse(r.get_data(as_text=True))[-1][1]
    assert body["path"] == "fallback"
    assert body["data"]["fallback_reason"] == "timeout"


@pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
def test_a_turn_stored_meanwhile_keeps_the_llm_turn_and_its_booking(
    app: Any, api: Api, fake: FakeOpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another turn of the conversation stores first while the model answers: the tool call
    committed on its own (as a separate request would have) and stays; this turn's messages and
    state are stored over the other turn's, not refused and not asked again of the model."""
    from app.assistant import Assistant
    from app.db import engine_of
    from app.db.tables import Conversation

    first = api.chat("hello")
    cid = first["conversation_id"]
    original = Assistant.answer

    def answer(self: Assistant, turn: Any, stream: bool = False) -> Any:
        result = yield from original(self, turn, stream)
        with Session(engine_of(app)) as other:  # another turn of the conversation, stored
            row = other.get(Conversation, cid)
            assert row is not None
            row.state = {**row.state, "last_reply": "the other turn"}
            other.commit()
        return result

    monkeypatch.setattr(Assistant, "answer", answer)
    when = tomorrow_at(15)
    fake.script(
        tool_call("book_meeting", {"starts_at": when, "attendee": "Ana", "title": "Budget"}),
        text("Booked “Budget” with Ana tomorrow at 3:00 PM."),
    )
    r = api.post("/v1/chat", json={"message": BOOK, "conversation_id": cid})
    assert r.status_code == 200, r.json
    assert r.json["path"] == "llm"
    assert meetings(app, "Budget") == 1
    assert len(fake.requests) == 2  # the model was asked once: one call, one follow-up
    shown = api.get(f"/v1/conversations/{cid}").json["messages"]
    assert [m["role"] for m in shown] == ["user", "assistant"] * 2
    with Session(engine_of(app)) as session:
        row = session.get(Conversation, cid)
        assert row is not None
        assert row.state["last_path"] == "llm"
        assert row.version == 3  # 1 from the first turn, 2 the other turn, 3 this one
