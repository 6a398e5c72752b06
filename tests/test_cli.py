"""The `slipway` command: lists its flows; errors are one actionable line, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipelines.cli import app, build_app, data

runner = CliRunner()


def test_help_lists_the_flows() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("predict", "evaluate", "tune", "repro", "stage", "mlflow"):
        assert command in result.output


def test_predict_with_a_missing_file_says_what_to_do(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["predict", "--input", str(tmp_path / "nope.jsonl"), "--output", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert "not found" in result.output
    assert "Traceback" not in result.output


def test_predict_with_a_bad_line_names_it(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "hi"}\n{broken\n')
    result = runner.invoke(app, ["predict", "--input", str(src), "--output", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "in.jsonl:2" in result.output
    assert "Traceback" not in result.output


def test_predict_and_evaluate_with_a_model_folder(trained, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, _, folder = trained
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "set a timer for 5 minutes", "intent": "timer"}\n')
    out = tmp_path / "out.jsonl"
    result = runner.invoke(
        app, ["predict", "--input", str(src), "--output", str(out), "--model", str(folder)]
    )
    assert result.exit_code == 0, result.output
    row = json.loads(out.read_text())
    assert row["intent"] == "timer"
    assert row["text"] == "set a timer for 5 minutes"
    result = runner.invoke(
        app, ["evaluate", "--dataset", str(src), "--model", str(folder), "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["accuracy"] == 1.0


def test_an_unknown_model_folder_is_a_clear_error(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "hi"}\n')
    result = runner.invoke(
        app,
        ["predict", "--input", str(src), "--output", str(tmp_path / "o"), "--model", str(tmp_path)],
    )
    assert result.exit_code == 1
    assert "--model" in result.output


EVERY_COMMAND = (
    "stage", "predict", "evaluate", "tune", "promote", "report", "lineage", "repro",
    "data", "mlflow", "infra", "k8s", "deploy", "rollback", "status", "users", "db", "chat",
)  # fmt: skip


def test_help_lists_every_room_s_commands() -> None:
    result = runner.invoke(build_app(), ["--help"])
    assert result.exit_code == 0, result.output
    listed = {line.split()[1] for line in result.output.splitlines() if line.startswith("│ ")}
    assert listed >= set(EVERY_COMMAND)


def test_every_room_s_domain_error_is_one_line_with_its_exit_code(tmp_path: Path) -> None:
    """One mapping for every room: pipelines, infra, the Kubernetes rollout, the app's commands."""
    env = {
        "SLIPWAY_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "SLIPWAY_AWS_ACCOUNT_ID": "",
        "SLIPWAY_DEPLOY_SMOKE_TOKEN": "",
    }
    cases = [
        (["data", "import-feedback", "--since", "May 1"], 1, "is not a date: use YYYY-MM-DD"),
        (["infra", "validate", "--env", "qa"], 1, "known environments: dev, prod, staging"),
        (["deploy", "--env", "dev", "--image", "x:1"], 2, "set SLIPWAY_AWS_ACCOUNT_ID"),
        (["db", "prune", "--days", "0"], 1, "--days must be at least 1"),
    ]
    for args, code, message in cases:
        result = runner.invoke(app, args, env=env)
        assert result.exit_code == code, (args, result.output)
        lines = result.output.strip().splitlines()
        assert len(lines) == 1, result.output
        assert lines[0].startswith("error: ")
        assert message in lines[0]


def test_an_unexpected_error_suggests_verbose_which_shows_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(value: str | None) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(data, "_parse_date", broken)
    args = ["data", "import-feedback", "--since", "2026-01-01"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert result.output.strip() == (
        "error: RuntimeError: boom. Run again with `slipway -v ...` for the full trace, "
        "or report it."
    )
    verbose = runner.invoke(app, ["-v", *args])
    assert isinstance(verbose.exception, RuntimeError)


@pytest.mark.slow  # a fresh interpreter per command
def test_without_the_infra_group_help_works_and_infra_says_what_to_install() -> None:
    """`slipway` needs only the base dependencies; a command of a missing group says so."""
    blocked = ("cdktf", "constructs", "pulumi", "kubernetes", "jsonschema")
    script = (
        "import sys\n"
        f"for name in {blocked!r}: sys.modules[name] = None\n"
        "from pipelines.cli import main\n"
        "main()\n"
    )

    def slipway(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", script, *args], capture_output=True, text=True, check=False
        )

    helped = slipway("--help")
    assert helped.returncode == 0, helped.stderr
    assert "infra" in helped.stdout
    synth = slipway("infra", "synth", "--env", "dev", "--check")
    assert synth.returncode == 1
    assert "run `make install-all`" in synth.stderr
    assert "Traceback" not in synth.stderr
