"""`slipway mlflow ui` on a data scientist's laptop: MLflow's defaults (4 server workers and a
job runner of 7 huey consumers for its GenAI jobs) took 2.4 GiB and 8 s to serve on 2 cores;
the UI runs one worker and no job runner unless told otherwise."""

from __future__ import annotations

import os

import pytest
from typer.testing import CliRunner


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[tuple[list[str], dict[str, str]]]:
    import pipelines.cli.tracking as tracking

    calls: list[tuple[list[str], dict[str, str]]] = []

    def record(cmd: list[str], grace: float = 0, env: dict[str, str] | None = None) -> int:
        calls.append((cmd, dict(env if env is not None else os.environ)))
        return 0

    monkeypatch.setattr(tracking, "run_forwarding", record)
    monkeypatch.delenv("MLFLOW_SERVER_ENABLE_JOB_EXECUTION", raising=False)
    return calls


def _ui(*args: str) -> None:
    from pipelines.cli import app

    result = CliRunner().invoke(app, ["mlflow", "ui", *args])
    assert result.exit_code == 0, result.output


def test_the_ui_runs_one_worker_and_no_job_runner(started) -> None:  # type: ignore[no-untyped-def]
    _ui("--port", "5123")
    ((cmd, env),) = started
    assert cmd[cmd.index("--workers") + 1] == "1"
    assert cmd[cmd.index("--port") + 1] == "5123"
    assert env["MLFLOW_SERVER_ENABLE_JOB_EXECUTION"] == "false"
    assert "MLFLOW_SERVER_ENABLE_JOB_EXECUTION" not in os.environ  # the server's env, not ours


def test_workers_and_the_job_runner_can_be_asked_for(  # type: ignore[no-untyped-def]
    started, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLFLOW_SERVER_ENABLE_JOB_EXECUTION", "true")
    _ui("--workers", "3")
    ((cmd, env),) = started
    assert cmd[cmd.index("--workers") + 1] == "3"
    assert env["MLFLOW_SERVER_ENABLE_JOB_EXECUTION"] == "true"


def test_zero_workers_is_refused(started) -> None:  # type: ignore[no-untyped-def]
    from pipelines.cli import app

    result = CliRunner().invoke(app, ["mlflow", "ui", "--workers", "0"])
    assert result.exit_code == 2
    assert not started
