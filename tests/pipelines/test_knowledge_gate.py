"""Probe 37, DS-M4: the knowledge base's languages are gated. A data scientist changed a refund
period in English only (10 business days against 15 días hábiles), added a line to one side and
a document in English only; `dvc repro` served all of it silently, one policy per language. The
``validate_knowledge`` stage (pipelines/knowledge.py) now refuses each, naming the file, the
section and the line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipelines.errors import ValidationFailed
from pipelines.knowledge import check_knowledge, validate_knowledge
from tests.conftest import ROOT


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the committed knowledge base, to edit."""
    shutil.copytree(ROOT / "data" / "knowledge", tmp_path / "data" / "knowledge")
    return tmp_path / "data"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_committed_knowledge_base_passes(data: Path) -> None:
    result = check_knowledge(data / "knowledge")
    assert result.problems == []
    assert result.documents >= 10
    assert result.lines >= 100


def test_a_fact_changed_in_one_language_is_refused(data: Path) -> None:
    edit(data / "knowledge" / "refunds.md", "within 15 business days", "within 10 business days")
    (problem,) = check_knowledge(data / "knowledge").problems
    assert problem.startswith("refunds.md › ")
    assert "the numbers differ" in problem
    assert "10 business days" in problem
    assert "15 días hábiles" in problem


def test_thousands_and_decimal_marks_are_read_alike(data: Path) -> None:
    edit(
        data / "knowledge" / "refunds.md", "within 15 business days", "within 1,500.5 business days"
    )
    edit(data / "knowledge" / "es" / "refunds.md", "dentro de 15 días", "dentro de 1.500,5 días")
    assert check_knowledge(data / "knowledge").problems == []


def test_a_line_added_to_one_side_and_a_one_language_document_are_refused(data: Path) -> None:
    edit(
        data / "knowledge" / "refunds.md",
        "- Refunds are processed within 15 business days.",
        "- Refunds are processed within 15 business days.\n- Card refunds take longer.",
    )
    (data / "knowledge" / "parking.md").write_text(
        "# Parking\n\n- A parking pass costs S/ 50 a month.\n", encoding="utf-8"
    )
    (data / "knowledge" / "es" / "becas-extra.md").write_text(
        "# Becas\n\n- Hay 3 becas.\n", encoding="utf-8"
    )
    problems = check_knowledge(data / "knowledge").problems
    assert any(p.startswith("refunds.md › ") and "line(s)" in p for p in problems), problems
    assert "parking.md has no es version (knowledge/es/parking.md)" in problems
    assert "knowledge/es/becas-extra.md has no en version (becas-extra.md)" in problems


def test_the_stage_refuses_with_exit_3_and_a_report(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipelines.cli import app

    edit(data / "knowledge" / "refunds.md", "within 15 business days", "within 10 business days")
    with pytest.raises(ValidationFailed) as refused:
        validate_knowledge(data, tmp_path / "reports")
    assert "then `dvc repro`" in str(refused.value)
    report = json.loads((tmp_path / "reports" / "knowledge_validation.json").read_text())
    assert report["success"] is False
    assert len(report["problems"]) == 1
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SLIPWAY_DATA_DIR", str(data))
    done = CliRunner().invoke(app, ["stage", "validate-knowledge"])
    assert done.exit_code == 3, done.output
    assert "refunds.md" in done.output


def test_dvc_runs_the_stage_on_the_knowledge_base() -> None:
    import yaml

    stages = yaml.safe_load((ROOT / "dvc.yaml").read_text())["stages"]
    stage = stages["validate_knowledge"]
    assert stage["cmd"] == "slipway stage validate-knowledge"
    assert "data/knowledge" in stage["deps"]
