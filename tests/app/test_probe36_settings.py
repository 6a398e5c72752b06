"""Probe 36's settings that passed the start and failed later (O-H3, O-L3): ``inf`` seconds for
the LLM's deadline answered every LLM turn with 500, a malformed JSON value or an unknown Redis
scheme stopped the workers with a traceback, an unknown zone and a malformed endpoint URL waited
for the first user or call. Each is refused at start in one line naming the variable, never its
value, by the commands and by gunicorn's master alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.servers import gunicorn_refusal

REFUSED = [
    ("SLIPWAY_LLM_DEADLINE", "inf", "SLIPWAY_LLM_DEADLINE: Input should be a finite number"),
    ("SLIPWAY_LLM_TIMEOUT", "nan", "SLIPWAY_LLM_TIMEOUT: Input should be a finite number"),
    ("SLIPWAY_LLM_DEADLINE", "1e300", "SLIPWAY_LLM_DEADLINE: Input should be less than or equal"),
    ("SLIPWAY_LLM_BACKOFF", "-inf", "SLIPWAY_LLM_BACKOFF: Input should be a finite number"),
    (
        "SLIPWAY_DB_PING_AFTER_IDLE",
        "Infinity",
        "SLIPWAY_DB_PING_AFTER_IDLE: Input should be a finite",
    ),
    ("SLIPWAY_LLM_PRICES", '{"gpt-x": [1, 2]', "SLIPWAY_LLM_PRICES: not valid JSON ("),
    ("SLIPWAY_REDIS_URL", "http://cache.internal:6379", "SLIPWAY_REDIS_URL: give redis://"),
    ("SLIPWAY_DEFAULT_TIMEZONE", "Mars/Base", "SLIPWAY_DEFAULT_TIMEZONE: 'Mars/Base' is not a"),
    ("OPENAI_BASE_URL", "not a url", "OPENAI_BASE_URL: give the endpoint's http:// or https://"),
]


@pytest.mark.parametrize(
    ("variable", "value", "expected"), REFUSED, ids=[r[0] + "=" + r[1] for r in REFUSED]
)
def test_a_command_refuses_it_in_one_line(
    variable: str, value: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipelines.cli import app as cli

    monkeypatch.setenv(variable, value)
    r = CliRunner().invoke(cli, ["db", "current"])
    assert r.exit_code == 1, r.output
    lines = r.output.strip().splitlines()
    assert len(lines) == 1, r.output
    assert lines[0].startswith(f"error: {expected}"), lines[0]
    assert "Traceback" not in r.output


@pytest.mark.slow
@pytest.mark.parametrize(("variable", "value", "expected"), [REFUSED[0], REFUSED[5], REFUSED[6]])
def test_the_gunicorn_master_refuses_it_in_one_line(
    tmp_path: Path, variable: str, value: str, expected: str
) -> None:
    status, said = gunicorn_refusal(tmp_path, **{variable: value})
    assert status == 1
    assert len(said) == 1, "\n".join(said)
    assert said[0].startswith(f"error: {expected}")


def test_what_the_settings_still_take() -> None:
    from app.settings import AppSettings

    taken = AppSettings(
        redis_url="rediss://cache.internal:6380/0",
        default_timezone="America/Argentina/Buenos_Aires",
        openai_base_url=" http://127.0.0.1:9000/v1 ",
        llm_deadline=3600,
        llm_timeout=0.5,
    )
    assert taken.openai_base_url == "http://127.0.0.1:9000/v1"
    assert taken.redis_url == "rediss://cache.internal:6380/0"
    # an empty variable is unset, as before (the bench's servers start with SLIPWAY_REDIS_URL="")
    empty = AppSettings(redis_url="", openai_base_url=" ")
    assert empty.redis_url is None
    assert empty.openai_base_url is None
