"""Probe 31, A-M4: after `slipway init` the bank's assistant still served Ruta Academy, and
nothing said which sample data the template ships or where the adopter replaces it. init now
says so and points at the docs' "Replace the sample business", which lists it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from infra import project as p
from pipelines.cli import app as slipway
from tests.conftest import ROOT

# Spelled in two pieces: init refuses a name that already occurs in the project.
NAME = "banqu" + "ito"


def test_init_says_the_sample_business_is_still_there_and_where_to_replace_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(p, "init_project", lambda *args, **kwargs: None)  # the rename: test_init
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(slipway, ["init", NAME, "--no-synth"])
    assert result.exit_code == 0, result.output
    [said] = [line for line in result.output.splitlines() if "sample business" in line]
    assert said == p.sample_business(NAME)
    assert f"{NAME.upper()}_ORGANIZATION" in said
    for place in ("data/knowledge", "data/knowledge-eval", "data/pathways", "data/intents"):
        assert place in said
    assert "docs/assistant.md#replace-the-sample-business" in said


def test_the_docs_list_what_an_adopter_replaces() -> None:
    text = (ROOT / "docs" / "assistant.md").read_text(encoding="utf-8")
    start = text.index("## Replace the sample business")
    section = text[start : text.index("\n## ", start + 1)]
    for named in (
        "SLIPWAY_ORGANIZATION",
        "DEFAULT_ORGANIZATION",
        "data/knowledge/",
        "data/knowledge-eval/",
        "data/pathways/",
        "data/intents/",
        "models/prompts/",
        "tests/app/test_probe31_organization.py",
    ):
        assert named in section, named
    # every test file the section names exists
    for path in re.findall(r"`(tests/[\w/.]+\.py)`", section):
        assert (ROOT / path).is_file(), path
