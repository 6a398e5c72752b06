"""The LLM path's parts on their own: tool schemas from typed signatures, the breaker, prices,
Retry-After, and the prompt version in the release pin."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.llm.breaker import CLOSED, HALF_OPEN, OPEN, CircuitBreaker
from app.llm.client import retry_after
from app.llm.pricing import cost_usd
from app.llm.tools import ToolBox
from app.skills.scheduling import Scheduling
from models.kind import INTENT
from models.release import DEFAULT_RELEASE_FILE, Release, prompt_file, read_release, write_release


def test_tool_schemas_come_from_the_skills_signatures() -> None:
    box = ToolBox([Scheduling()])
    assert set(box.tools) == set(Scheduling.tools)
    book = box.tools["book_meeting"].schema()["function"]
    params = book["parameters"]
    assert params["required"] == ["starts_at"]
    assert params["additionalProperties"] is False
    assert "turn" not in params["properties"]
    assert "user_id" not in params["properties"]
    assert params["properties"]["duration_minutes"]["maximum"] == 720
    assert book["description"].startswith("Book a meeting")
    for name, tool in box.tools.items():
        assert not {"user", "user_id", "turn"} & set(tool.arguments.model_fields), name


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ('{"starts_at": "soon"}', "starts_at"),
        ('{"starts_at": "2031-01-01T10:00:00", "user_id": 1}', "Extra inputs"),
        ('{"starts_at": "2031-01-01T10:00:00", "duration_minutes": 0}', "duration_minutes"),
        ("{not json", "Invalid JSON"),
        ("{}", "starts_at: Field required"),
    ],
)
def test_invalid_arguments_are_refused_before_anything_runs(raw: str, problem: str) -> None:
    checked = ToolBox([Scheduling()]).check("c1", "book_meeting", raw)
    assert checked.args is None
    assert problem in checked.error
    assert ToolBox([]).check("c2", "drop_tables", "{}").error.startswith("unknown tool")


def test_the_breaker_opens_after_n_failures_and_lets_one_trial_through() -> None:
    now = [0.0]
    breaker = CircuitBreaker(failures=2, cooldown=10, clock=lambda: now[0])
    assert breaker.allow()
    breaker.failure()
    assert breaker.state == CLOSED
    breaker.failure()
    assert breaker.state == OPEN
    assert not breaker.allow()
    now[0] = 10.5
    assert breaker.state == HALF_OPEN
    assert breaker.allow()
    assert not breaker.allow()
    breaker.failure()
    assert breaker.state == OPEN
    now[0] = 21
    assert breaker.allow()
    breaker.success()
    assert breaker.state == CLOSED
    assert breaker.allow()


def test_prices_and_retry_after() -> None:
    table = {"gpt-4o-mini": (0.15, 0.60), "gpt-4o": (2.5, 10.0)}
    assert cost_usd(table, "gpt-4o-mini-2024-07-18", 1_000_000, 0) == pytest.approx(0.15)
    assert cost_usd(table, "gpt-4o", 0, 1_000_000) == pytest.approx(10.0)
    assert cost_usd(table, "llama-3", 1000, 1000) == 0.0
    assert retry_after({"retry-after": "2"}) == 2.0
    assert retry_after({"retry-after-ms": "250"}) == 0.25
    assert retry_after({}) is None
    assert retry_after({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}) == 0.0


def test_the_pin_names_a_prompt_file_and_promotions_keep_it(tmp_path: Path) -> None:
    pinned = read_release(INTENT, DEFAULT_RELEASE_FILE)
    assert prompt_file(pinned.prompt_version).is_file()
    path = tmp_path / "release.yaml"
    path.write_text("model_version: 2\nrun_id: abc\n")  # a pin from before prompt versions
    assert read_release(INTENT, path).prompt_version == "v1"
    write_release(INTENT, Release(model_version=2, run_id="abc", prompt_version="v7"), path)
    write_release(INTENT, Release(model_version=3, run_id="def"), path)  # a promotion: model only
    again = read_release(INTENT, path)
    assert (again.model_version, again.prompt_version) == (3, "v7")
    write_release(INTENT, Release(model_version=3, run_id="def", prompt_version="v8"), path)
    assert read_release(INTENT, path).prompt_version == "v8"
