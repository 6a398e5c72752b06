"""Probe 31, A-M3: a bad ``SLIPWAY_RATE_LIMIT`` started gunicorn's workers, each of which died on
``limits``' "couldn't parse rate limit string" (56 lines, "Worker failed to boot", the variable
never named), and ``slipway db upgrade`` accepted it. The settings class now checks every limit,
so gunicorn's master and the ``slipway`` commands stop with one line naming the variable
(``app.settings.settings_problem``); a second window on a one-window limit, which ``limits``
would drop silently, is refused the same way."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from app.settings import AppSettings, settings_problem
from tests.servers import gunicorn_refusal


def _problem(**values: str) -> str:
    with pytest.raises(ValidationError) as error:
        AppSettings(_env_file=None, **values)  # type: ignore[arg-type]
    return settings_problem(error.value, AppSettings)


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        (
            "rate_limit",
            "lots",
            "SLIPWAY_RATE_LIMIT: 'lots' is not a rate limit (e.g. 120/minute;2000/hour)",
        ),
        (
            "page_rate_limit",
            "300/minute;",
            "SLIPWAY_PAGE_RATE_LIMIT: '300/minute;' is not a rate limit (e.g. 300/minute)",
        ),
        (
            "auth_failure_limit",
            "20/minute;100/hour",
            "SLIPWAY_AUTH_FAILURE_LIMIT: '20/minute;100/hour' has 2 windows; give one "
            "(e.g. 20/minute)",
        ),
    ],
)
def test_a_bad_limit_is_one_line_naming_the_variable(field: str, value: str, expected: str) -> None:
    assert _problem(**{field: value}) == expected


@pytest.mark.parametrize(
    "values",
    [
        {"rate_limit": "10 per second; 50/minute"},
        {"page_rate_limit": "1000/hour", "auth_failure_limit": "5 per 10 minutes"},
    ],
)
def test_a_good_limit_is_kept_as_written(values: dict[str, str]) -> None:
    settings = AppSettings(_env_file=None, **values)  # type: ignore[arg-type]
    for field, value in values.items():
        assert getattr(settings, field) == value


def test_the_gunicorn_master_stops_with_one_line_on_a_bad_rate_limit(tmp_path: Path) -> None:
    status, said = gunicorn_refusal(tmp_path, SLIPWAY_RATE_LIMIT="lots")
    assert status == 1, "\n".join(said)
    assert said == [
        "error: SLIPWAY_RATE_LIMIT: 'lots' is not a rate limit (e.g. 120/minute;2000/hour)"
    ], "\n".join(said)
    assert not (tmp_path / "assistant.db").exists()  # stopped before migrating anything


def test_slipway_db_upgrade_refuses_a_bad_rate_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipelines.cli import app as cli

    monkeypatch.setenv("SLIPWAY_DATABASE_URL", f"sqlite:///{tmp_path / 'assistant.db'}")
    monkeypatch.setenv("SLIPWAY_RATE_LIMIT", "lots")
    r = CliRunner().invoke(cli, ["db", "upgrade"])
    assert r.exit_code == 1, r.output
    assert r.output.strip().splitlines() == [
        "error: SLIPWAY_RATE_LIMIT: 'lots' is not a rate limit (e.g. 120/minute;2000/hour)"
    ]
