"""The `slipway` command: lists its flows; errors are one actionable line, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from pipelines.cli import app

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
