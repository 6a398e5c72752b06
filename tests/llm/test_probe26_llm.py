"""Probe 26's findings on the LLM path: the model's text held to the client input's rule (2, 3),
a missing item is a failed tool call (5), a half-failed turn is not passed on (4), LLM calls in
flight capped per process and per user (1), the breaker counting requests (11), the reply's
length capped (12) and one line per cache outage (17)."""

from __future__ import annotations

import json
import logging
import threading
import time
from typing import Any

import pytest

from bench.fake_openai import FakeOpenAI, Step, status, text, tool_call
from tests.app.conftest import Api, make_user
from tests.llm.conftest import Metrics
from tests.llm.test_faults import meetings, sse, tomorrow_at

SURROGATE = "Here is the answer \ud800 with a lone surrogate."
NUL = "Here is the answer\u0000 with a NUL byte."
QUESTION = "how much does a bootcamp cost?"


def clean(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in value


# -- findings 2 and 3: the model's text, cleaned before it is stored, cached or streamed ------


@pytest.mark.both_databases
@pytest.mark.parametrize("bad", [SURROGATE, NUL], ids=["surrogate", "nul"])
def test_a_reply_with_a_surrogate_or_a_nul_is_cleaned_and_stored(
    app: Any, api: Api, fake: FakeOpenAI, bad: str
) -> None:
    fake.script(text(bad))
    r = api.post("/v1/chat", json={"message": "what is on my to-do list"})
    assert r.status_code == 200, r.json
    assert r.json["path"] == "llm"
    assert clean(r.json["reply"])
    assert "with a" in r.json["reply"]
    shown = api.get(f"/v1/conversations/{r.json['conversation_id']}").json["messages"]
    assert all(clean(m["text"]) for m in shown)


@pytest.mark.both_databases
@pytest.mark.parametrize("bad", [SURROGATE, NUL], ids=["surrogate", "nul"])
def test_a_streamed_reply_with_a_surrogate_or_a_nul_ends_with_done(
    app: Any, api: Api, fake: FakeOpenAI, bad: str
) -> None:
    fake.script(text(bad))
    r = api.post("/v1/chat/stream", json={"message": "what is on my to-do list"})
    assert r.status_code == 200
    events = sse(r.get_data(as_text=True))
    assert events[-1][0] == "done", events
    assert events[-1][1]["path"] == "llm"
    streamed = "".join(d["text"] for e, d in events if e == "delta")
    assert clean(streamed)
    assert streamed.strip() == events[-1][1]["reply"].strip()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_tool_name_with_a_surrogate_is_refused_cleanly(
    app: Any, api: Api, fake: FakeOpenAI
) -> None:
    fake.script(
        Step(tool_calls=[("add_\ud800todo", json.dumps({"text": "milk"}))]),
        Step(tool_calls=[("add_\ud800todo", json.dumps({"text": "milk"}))]),
    )
    r = api.post("/v1/chat/stream", json={"message": "add milk to my to-do list please"})
    events = sse(r.get_data(as_text=True))
    assert events[-1][0] == "done", events
    tried = events[-1][1]["data"]["llm_tools"]
    assert all(clean(t["name"]) and clean(t["error"]) for t in tried)


@pytest.mark.both_databases
@pytest.mark.parametrize("bad", [SURROGATE, NUL], ids=["surrogate", "nul"])
def test_a_bad_answer_is_not_cached_dirty_and_a_dirty_entry_is_ignored(
    app: Any, api: Api, other: Api, fake: FakeOpenAI, bad: str
) -> None:
    assistant = app.extensions["slipway.assistant"]
    keys: list[str] = []
    setting = assistant._cache_set
    assistant._cache_set = lambda key, value: (keys.append(key), setting(key, value))
    fake.script(text(bad))
    first = api.chat(QUESTION)
    assert first["path"] == "llm"
    assert clean(first["reply"])
    again = other.chat(QUESTION)  # cached clean: served to everyone
    assert again["cached"] is False  # another user's question is not told (review 176, S-L5)
    assert len(fake.requests) == 1
    assert again["reply"] == first["reply"]
    # an entry stored dirty (before this fix, or by anything else) is never served
    (key,) = keys
    assistant.cache.set(key, {"text": bad, "data": {}})
    fake.script(text("A bootcamp costs what the fees page says."))
    third = other.chat(QUESTION)
    assert third["cached"] is False
    assert third["reply"].startswith("A bootcamp costs")
    assert clean(assistant.cache.get(key)["text"])


# -- finding 12: the reply's length is capped ---------------------------------------------------


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_huge_reply_is_cut_at_the_cap(make_app: Any, fake: FakeOpenAI) -> None:
    fake.script()
    # the cap is the subject, not the deadline: a loaded machine may take more than the lane's
    # 2 s to stream 2,000 words from the fake, and the turn would go to the local path
    app = make_app(
        openai_base_url=fake.url, llm_max_reply_chars=200, llm_timeout=20.0, llm_deadline=30.0
    )
    api = Api(app.test_client(), *make_user(app, "ana", "America/Lima"), "ana")
    huge = " ".join(["lorem"] * 2000)
    fake.script(text(huge))
    plain = api.chat("what is on my to-do list")
    assert plain["path"] == "llm"
    assert len(plain["reply"]) <= 200
    assert plain["reply"].endswith("…")
    assert plain["reply"].removesuffix("…").split(" ")[-1] == "lorem"  # a whole word (probe 27)
    fake.script(text(huge))
    r = api.post("/v1/chat/stream", json={"message": "what is on my to-do list"})
    events = sse(r.get_data(as_text=True))
    deltas = [d["text"] for e, d in events if e == "delta"]
    assert len(deltas) <= 60
    assert len("".join(deltas)) <= 200
    assert events[-1][0] == "done"
    assert events[-1][1]["reply"].endswith("…")


# -- finding 5: a call on a missing (or another user's) item is a failed call -------------------


@pytest.mark.both_databases
@pytest.mark.parametrize(
    "call",
    [
        ("cancel_meeting", {}),
        ("move_meeting", {"starts_at": "TOMORROW"}),
    ],
    ids=["cancel", "move"],
)
def test_a_call_on_another_users_meeting_fails_as_not_found(
    app: Any, api: Api, other: Api, fake: FakeOpenAI, call: tuple[str, dict[str, Any]]
) -> None:
    mine = api.post("/v1/meetings", json={"title": "Mine", "starts_at": tomorrow_at(9)}).json
    name, extra = call
    args = {"meeting_id": mine["id"], **extra}
    if "starts_at" in args:
        args["starts_at"] = tomorrow_at(17)
    fake.script(
        tool_call(name, args),
        text("Done! I've cancelled it."),
    )
    reply = other.chat("cancel my meeting tomorrow morning and move it please right now ok")
    assert reply["path"] == "fallback"
    assert reply["data"]["fallback_reason"] == "tool_failed"
    [tried] = reply["data"]["llm_tools"]
    assert tried["ok"] is False
    assert tried["code"] == "not_found"
    still = api.get("/v1/meetings").json["meetings"]
    assert [(m["id"], m["starts_at"]) for m in still] == [(mine["id"], mine["starts_at"])]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    ("name", "arg"), [("cancel_reminder", "reminder_id"), ("complete_todo", "todo_id")]
)
def test_a_missing_reminder_or_todo_fails_as_not_found(
    app: Any, api: Api, fake: FakeOpenAI, name: str, arg: str
) -> None:
    fake.script(tool_call(name, {arg: 99999}), text("Done!"))
    reply = api.chat("remove that reminder and that to-do for me please, right now thanks")
    assert reply["path"] == "fallback"
    assert reply["data"]["llm_tools"][0]["code"] == "not_found"


# -- finding 4: some calls failed, the text claims them: nothing half-done ----------------------


@pytest.mark.both_databases
def test_a_turn_whose_call_failed_falls_back_with_everything_undone(
    app: Any, api: Api, fake: FakeOpenAI, metrics: Metrics
) -> None:
    fake.script(
        Step(
            tool_calls=[
                ("add_todo", json.dumps({"text": "buy milk zzmixed"})),
                ("book_meeting", json.dumps({"title": 5, "starts_at": "yesterday-ish"})),
            ]
        ),
        text("Done! I've booked your meeting with Rosa for tomorrow at 3pm and added it."),
    )
    reply = api.chat("add buy milk to my list and book a meeting with Rosa tomorrow at 3pm ok")
    assert reply["path"] == "fallback"
    assert reply["data"]["fallback_reason"] == "tool_failed"
    tried = [(t["name"], t["ok"]) for t in reply["data"]["llm_tools"]]
    assert tried == [("add_todo", True), ("book_meeting", False)]  # every result kept
    assert "Rosa for tomorrow" not in reply["reply"]
    todos = api.get("/v1/todos").json["todos"]
    assert all("zzmixed" not in t["text"] for t in todos)  # the to-do was undone
    assert meetings(app, "Rosa") == 0
    assert metrics.delta("slipway_llm_fallbacks_total", reason="tool_failed") == 1


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_failed_call_retried_successfully_is_believed(
    app: Any, api: Api, fake: FakeOpenAI
) -> None:
    fake.script(
        Step(
            tool_calls=[
                ("add_todo", json.dumps({"text": "buy bread"})),
                ("book_meeting", json.dumps({"starts_at": "next tuesday"})),
            ]
        ),
        tool_call("book_meeting", {"starts_at": tomorrow_at(15), "title": "Rosa"}),
        text("Done: added the bread and booked Rosa tomorrow at 3 PM."),
    )
    reply = api.chat("add buy bread to my list and book a meeting with Rosa tomorrow at 3pm ok")
    assert reply["path"] == "llm"
    tried = [(t["name"], t["ok"]) for t in reply["data"]["tools"]]
    assert tried == [("add_todo", True), ("book_meeting", False), ("book_meeting", True)]
    assert meetings(app, "Rosa") == 1


# -- finding 1: LLM turns in flight capped per process and per user ----------------------------

TODO_QUESTION = "what's on my to-do list and what should I do first today"


def _stall(api: Api, fake: FakeOpenAI, done: list[dict[str, Any]], calls: int) -> threading.Thread:
    """``api``'s LLM turn, stalled in the fake until the test ends it (3 s)."""
    thread = threading.Thread(target=lambda: done.append(api.chat(TODO_QUESTION)))
    thread.start()
    deadline = time.monotonic() + 10
    while len(fake.requests) < calls:
        assert time.monotonic() < deadline, "the stalled call never reached the fake"
        time.sleep(0.01)
    return thread


def _capped(make_app: Any, fake: FakeOpenAI, total: int, per_user: int) -> tuple[Api, Api]:
    """Two users of an app whose LLM turns are capped at ``total`` in flight, ``per_user`` each."""
    fake.script()
    app = make_app(
        openai_base_url=fake.url,
        llm_timeout=5.0,
        llm_deadline=6.0,
        llm_max_in_flight=total,
        llm_max_in_flight_per_user=per_user,
    )
    ana, bruno = (
        Api(app.test_client(), *make_user(app, name, "America/Lima"), name)
        for name in ("ana", "bruno")
    )
    return ana, bruno


@pytest.mark.slow  # waits on purpose: a stall or a deadline of seconds
@pytest.mark.both_databases
def test_a_users_second_llm_turn_over_the_cap_answers_locally_at_once(
    make_app: Any, fake: FakeOpenAI, metrics: Metrics
) -> None:
    ana, bruno = _capped(make_app, fake, total=3, per_user=1)
    fake.script(text("Nothing yet.", delay=3.0), text("Bruno's answer."))
    done: list[dict[str, Any]] = []
    stalled = _stall(ana, fake, done, 1)
    started = time.monotonic()
    busy = ana.chat(TODO_QUESTION)  # ana's second turn: over her cap
    took = time.monotonic() - started
    assert busy["path"] == "fallback"
    assert busy["data"]["fallback_reason"] == "llm_busy"
    assert took < 2.0, took
    assert stalled.is_alive()
    theirs = bruno.chat(TODO_QUESTION)  # another user still gets the LLM
    assert theirs["path"] == "llm"
    assert theirs["reply"] == "Bruno's answer."
    stalled.join(timeout=15)
    assert done[0]["path"] == "llm"
    assert metrics.delta("slipway_llm_fallbacks_total", reason="llm_busy") == 1
    assert ana.chat(TODO_QUESTION)["data"].get("fallback_reason") != "llm_busy"  # given back


@pytest.mark.slow  # waits on purpose: a stall or a deadline of seconds
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_over_the_process_cap_other_users_are_answered_locally_at_once(
    make_app: Any, fake: FakeOpenAI
) -> None:
    ana, bruno = _capped(make_app, fake, total=2, per_user=2)
    fake.script(text("One.", delay=3.0), text("Two.", delay=3.0))
    done: list[dict[str, Any]] = []
    first = _stall(ana, fake, done, 1)
    second = _stall(ana, fake, done, 2)  # ana's two turns hold the process's two slots
    started = time.monotonic()
    busy = bruno.chat(TODO_QUESTION)
    local = bruno.chat("what's the best recipe for lasagna")  # the local path, not delayed
    todo = bruno.post("/v1/todos", json={"text": "call the plumber"})
    took = time.monotonic() - started
    assert busy["data"]["fallback_reason"] == "llm_busy"
    assert local["path"] == "local"
    assert todo.status_code == 201
    assert took < 2.0, took
    assert first.is_alive()
    assert second.is_alive()
    first.join(timeout=15)
    second.join(timeout=15)
    assert [d["path"] for d in done] == ["llm", "llm"]
    assert len(fake.requests) == 2  # bruno's turns made no call


def test_the_process_cap_leaves_one_thread_for_the_local_path() -> None:
    from app.llm.slots import InFlight, total_for

    assert total_for(0, 4) == 3
    assert total_for(0, 1) == 1
    assert total_for(5, 4) == 5
    slots = InFlight(total=2, per_user=1)
    assert slots.take("a")
    assert not slots.take("a")
    assert slots.take("b")
    assert not slots.take("c")
    slots.give("a")
    assert slots.take("c")


# -- finding 11: the breaker counts requests, not attempts --------------------------------------


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_breaker_counts_a_request_and_its_retries_as_one_failure(
    make_app: Any, fake: FakeOpenAI
) -> None:
    fake.script()
    fake.default = status(500)
    # one user's failures open it for everyone only with SLIPWAY_LLM_BREAKER_USERS=1 (the
    # default backs that user off alone: tests/llm/test_probe36_breaker.py)
    app = make_app(
        openai_base_url=fake.url, llm_breaker_failures=3, llm_max_retries=2, llm_breaker_users=1
    )
    api = Api(app.test_client(), *make_user(app, "dora"), "dora")
    try:
        reasons = [api.chat("show me my to-do list")["data"]["fallback_reason"] for _ in range(5)]
    finally:
        fake.default = None
    # three requests of three attempts each, then the breaker is open
    assert reasons == ["server_error"] * 3 + ["circuit_open"] * 2
    assert len(fake.requests) == 9


# -- finding 17: one line per cache outage, no traceback per lookup -----------------------------


class _Broken:
    def get(self, key: str) -> Any:
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6399. Connection refused.")

    def set(self, key: str, value: Any) -> None:
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6399. Connection refused.")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_cache_outage_logs_one_line_not_a_traceback_per_lookup(
    app: Any, api: Api, fake: FakeOpenAI, caplog: pytest.LogCaptureFixture
) -> None:
    from app import assistant as module

    assistant = app.extensions["slipway.assistant"]
    working = assistant.cache
    module._RESPONSE_CACHE.down = module._KNOWLEDGE_CACHE.down = False
    assistant.cache = _Broken()
    fake.script(*(text("A bootcamp costs what the fees page says.") for _ in range(4)))
    with caplog.at_level(logging.INFO, logger="app.assistant"):
        for _ in range(4):
            assert api.chat(QUESTION)["path"] == "llm"
        warned = [r for r in caplog.records if "unavailable" in r.getMessage()]
        assert len(warned) == 1, [r.getMessage() for r in warned]
        assert warned[0].exc_info is None
        assert "response cache" in warned[0].getMessage()
        assistant.cache = working  # back: said once, and a later outage is said again
        fake.script(text("A bootcamp costs what the fees page says."))
        api.chat(QUESTION)
        assert any("available again" in r.getMessage() for r in caplog.records)


def test_a_cut_ends_after_a_whole_word() -> None:
    from app.llm.client import cut_at_word

    assert cut_at_word("Long answer " * 10, 30) == "Long answer Long answer Long…"
    assert len(cut_at_word("x" * 100, 30)) == 30  # one long word: cut at the room
