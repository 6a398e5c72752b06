"""Probe 36's O-M1: one user's timed-out turns opened the worker's circuit breaker, and every other
user's LLM turns got ``circuit_open`` until the cool-down. Now one user's repeated failures back
off that user only (``user_backoff``); the shared circuit, and ``slipway_llm_circuit_open``,
opens only on failures from ``SLIPWAY_LLM_BREAKER_USERS`` different users."""

from __future__ import annotations

from typing import Any

import pytest

from app.llm.breaker import CIRCUIT_OPEN, CLOSED, HALF_OPEN, OPEN, USER_BACKOFF, CircuitBreaker
from bench.fake_openai import FakeOpenAI, status, text
from tests.app.conftest import Api, make_user
from tests.llm.conftest import LLM, Metrics
from tests.llm.test_faults import sse

TODO = "show me my to-do list"


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_one_users_failures_back_off_that_user_only() -> None:
    clock = Clock()
    breaker = CircuitBreaker(failures=3, cooldown=10, users=3, clock=clock)
    for _ in range(6):
        if breaker.allow("slow"):
            breaker.failure("slow")
    assert breaker.state == CLOSED
    assert breaker.refusal("slow") == USER_BACKOFF
    assert breaker.refusal("ana") is None  # the others still call
    breaker.success("ana")
    assert breaker.refusal("slow") == USER_BACKOFF  # another's success is not theirs
    clock.now += 10
    assert breaker.refusal("slow") is None  # their cool-down is over: tried again
    breaker.failure("slow")
    assert breaker.refusal("slow") == USER_BACKOFF  # and backed off again at once
    clock.now += 10
    breaker.success("slow")
    assert not breaker.backed_off("slow")


def test_many_users_failures_open_it_for_everyone() -> None:
    clock = Clock()
    breaker = CircuitBreaker(failures=3, cooldown=10, users=3, clock=clock)
    for user in ("a", "b"):
        breaker.failure(user)
        breaker.failure(user)
    assert breaker.state == CLOSED  # four failures, two users
    breaker.failure("c")
    assert breaker.state == OPEN
    assert breaker.refusal("d") == CIRCUIT_OPEN
    clock.now += 10
    assert breaker.state == HALF_OPEN
    assert breaker.refusal("d") is None  # the one trial
    assert breaker.refusal("e") == CIRCUIT_OPEN
    breaker.success("d")
    assert breaker.state == CLOSED


def test_failures_a_cool_down_apart_are_not_counted_together() -> None:
    clock = Clock()
    breaker = CircuitBreaker(failures=3, cooldown=10, users=3, clock=clock)
    breaker.failure("a")
    clock.now += 11
    breaker.failure("b")
    breaker.failure("c")
    assert breaker.state == CLOSED  # "a" failed too long ago to count as a third user
    breaker.failure("d")
    assert breaker.state == OPEN


def test_users_1_is_the_old_breaker() -> None:
    breaker = CircuitBreaker(failures=2, cooldown=10, users=1, clock=Clock())
    breaker.failure("a")
    breaker.failure("a")
    assert breaker.state == OPEN
    assert breaker.refusal("b") == CIRCUIT_OPEN


def _api(app: Any, name: str) -> Api:
    return Api(app.test_client(), *make_user(app, name), name)


@pytest.mark.slow  # waits on purpose: a stall or a deadline of seconds
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_one_users_stalls_leave_the_others_the_llm(
    make_app: Any, fake: FakeOpenAI, metrics: Metrics
) -> None:
    fake.script()
    app = make_app(openai_base_url=fake.url, llm_breaker_failures=3, llm_max_retries=0)
    slow, ana = _api(app, "slowpoke"), _api(app, "ana")
    stall = text("too late", delay=LLM["llm_timeout"] + 0.3)
    fake.script(stall, stall, stall)
    reasons = [slow.chat(TODO)["data"]["fallback_reason"] for _ in range(4)]
    assert reasons == ["timeout"] * 3 + ["user_backoff"]
    assert len(fake.requests) == 3  # the backed-off turn did not call
    assert metrics.value("slipway_llm_circuit_open") == 0
    assert metrics.delta("slipway_llm_fallbacks_total", reason="user_backoff") == 1
    # the other user keeps the LLM path, on both endpoints
    fake.script(text("Your list is empty."), text("Your list is empty."))
    assert ana.chat(TODO)["path"] == "llm"
    r = ana.post("/v1/chat/stream", json={"message": TODO})
    assert sse(r.get_data(as_text=True))[-1][1]["path"] == "llm"
    assert metrics.delta("slipway_llm_fallbacks_total", reason="circuit_open") == 0


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_many_users_failures_open_it_for_all(
    make_app: Any, fake: FakeOpenAI, metrics: Metrics
) -> None:
    fake.script()
    app = make_app(openai_base_url=fake.url, llm_breaker_failures=3, llm_max_retries=0)
    fake.default = status(500)
    try:
        for name in ("u1", "u2", "u3"):
            reply = _api(app, name).chat(TODO)
            assert reply["data"]["fallback_reason"] == "server_error", reply
        assert metrics.value("slipway_llm_circuit_open") == 1
        calls = len(fake.requests)
        other = _api(app, "u4")
        assert other.chat(TODO)["data"]["fallback_reason"] == "circuit_open"
        r = other.post("/v1/chat/stream", json={"message": TODO})
        done = sse(r.get_data(as_text=True))[-1][1]
        assert done["data"]["fallback_reason"] == "circuit_open"
        assert len(fake.requests) == calls  # nobody calls the endpoint while it is open
    finally:
        fake.default = None
