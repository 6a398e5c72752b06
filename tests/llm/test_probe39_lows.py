"""Probe 39's low findings on the LLM path: O-L10 (a malformed ``Retry-After`` on an upstream 429
became an unexpected error with a traceback), O-L12 (one model answer of 200 ``add_todo`` calls
wrote 200 to-dos) and O-L6 (the model's whole reply, user content, in the fallback's log
detail)."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from app.llm.client import retry_after
from app.llm.responder import MAX_CALLS_PER_TURN
from bench.fake_openai import FakeOpenAI, Step, status, text
from tests.app.conftest import Api

MESSAGE = (
    "please add milk, bread, eggs and coffee to my to-do list and tell me what else I need for "
    "the weekend"
)


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"retry-after": "abc"}, None),
        ({"retry-after": "Mon, 99 Foo 2026"}, None),
        ({"retry-after": ""}, None),
        ({"retry-after": "30"}, 30.0),
        ({"retry-after": "-5"}, 0.0),
        ({"retry-after-ms": "oops", "retry-after": "2"}, 2.0),
    ],
)
def test_a_retry_after_that_is_no_number_or_date_is_no_header(
    headers: dict[str, str], seconds: float | None
) -> None:
    assert retry_after(headers) == seconds


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_an_upstream_429_with_a_malformed_retry_after_is_rate_limited(
    api: Api, fake: FakeOpenAI, caplog: pytest.LogCaptureFixture
) -> None:
    fake.script(*[status(429, {"Retry-After": "abc"}) for _ in range(3)])
    with caplog.at_level(logging.WARNING):
        reply = api.chat(MESSAGE)
    assert reply["path"] == "fallback"
    assert reply["data"]["fallback_reason"] == "rate_limited"
    assert not [r for r in caplog.records if r.exc_info]  # no traceback


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_an_answer_of_too_many_tool_calls_runs_none_of_them(
    api: Api, fake: FakeOpenAI, caplog: pytest.LogCaptureFixture
) -> None:
    flood = [("add_todo", f'{{"text": "flood {i}"}}') for i in range(MAX_CALLS_PER_TURN + 1)]
    fake.script(Step(tool_calls=flood), text("Done! I've added buy milk to your to-do list."))
    with caplog.at_level(logging.WARNING):
        reply = api.chat(MESSAGE)
    assert reply["path"] == "fallback"
    assert reply["data"]["fallback_reason"] == "too_many_calls"
    todos = [t["text"] for t in api.get("/v1/todos").json["todos"]]
    assert not [t for t in todos if t.startswith("flood")]
    assert len(fake.requests) == 1  # not asked again


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_many_calls_under_the_cap_are_served(api: Api, fake: FakeOpenAI) -> None:
    items = ["milk", "bread", "eggs", "coffee"]
    fake.script(
        Step(tool_calls=[("add_todo", f'{{"text": "{i}"}}') for i in items]),
        text("Added milk, bread, eggs and coffee to your to-do list."),
    )
    reply = api.chat(MESSAGE)
    assert reply["path"] == "llm", reply
    assert [t["text"] for t in api.get("/v1/todos").json["todos"]] == items


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_fallback_log_names_the_claim_not_the_reply(
    api: Api, fake: FakeOpenAI, caplog: pytest.LogCaptureFixture
) -> None:
    said = "Your reminder to call Rosa Quispe about her divorce is set for 5pm."
    fake.script(text(said))
    with caplog.at_level(logging.INFO):
        reply = api.chat(MESSAGE)
    assert reply["data"]["fallback_reason"] == "unverified_claim"
    details = [str(getattr(r, "detail", "")) for r in caplog.records]
    named = ("claims reminder made", "with no write and no question")  # what was wrong
    assert any(n in d for d in details for n in named), details
    assert not any("divorce" in d for d in details)
    logged: Any = [r.getMessage() for r in caplog.records]
    assert not any("divorce" in m for m in logged)
