"""Review 176, S-L4: rate limits count each route on its own (120 a minute on each), so one
token could take about 4,000 LLM turns an hour through ``/v1/chat`` and its stream, and no limit
capped what one user's chat costs. ``SLIPWAY_LLM_TURN_LIMIT`` caps a user's LLM turns per
window, across both routes (and across replicas through Redis); over it the local path answers,
saying why (``fallback_reason: llm_budget``)."""

from __future__ import annotations

from typing import Any

import pytest

from bench.fake_openai import FakeOpenAI, text
from tests.app.conftest import Api, make_user
from tests.llm.conftest import Metrics
from tests.llm.test_probe26_llm import TODO_QUESTION
from tests.llm.test_review176_cache import QUESTION


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_users_llm_turns_over_the_limit_are_answered_locally(
    make_app: Any, fake: FakeOpenAI, metrics: Metrics
) -> None:
    app = make_app(openai_base_url=fake.url, llm_turn_limit="2/hour")
    ana, bruno = (
        Api(app.test_client(), *make_user(app, name, "America/Lima"), name)
        for name in ("ana", "bruno")
    )
    fake.script(
        text("A bootcamp costs what the fees page says [fees-and-payment.md]."),
        text("Your list is empty."),
        text("Bruno's list is empty."),
    )
    assert ana.chat(QUESTION)["path"] == "llm"  # turn 1
    again = ana.chat(QUESTION)  # the shared cache answers: no turn taken
    assert (again["path"], again["cached"]) == ("llm", True)
    assert ana.chat(TODO_QUESTION)["path"] == "llm"  # turn 2
    over = ana.chat(TODO_QUESTION)
    assert over["path"] == "fallback"
    assert over["data"]["fallback_reason"] == "llm_budget"
    assert over["reply"]  # the local path's own answer
    assert len(fake.requests) == 2  # the model was not asked
    assert metrics.delta("slipway_llm_fallbacks_total", reason="llm_budget") == 1
    theirs = bruno.chat(TODO_QUESTION)  # another user's budget is their own
    assert (theirs["path"], theirs["reply"]) == ("llm", "Bruno's list is empty.")


def test_the_limit_is_checked_at_start() -> None:
    from pydantic import ValidationError

    from app.settings import AppSettings

    with pytest.raises(ValidationError, match="is not a rate limit"):
        AppSettings(llm_turn_limit="lots")
    assert AppSettings(llm_turn_limit="10/minute;100/day").llm_turn_limit == "10/minute;100/day"
