"""Probe 37, DS-L9: `slipway data simulate-pathways --seed 8` made data that params.yaml (seed 7)
does not make again, and its next step skipped the pathways gate. It now names the gate first
and warns about every value given on the command line and not in params.yaml."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "data" / "pathways", tmp_path / "data" / "pathways")
    shutil.copy(ROOT / "params.yaml", tmp_path / "params.yaml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "300")  # one line per message, however long
    return tmp_path


def simulate(*args: str) -> str:
    from pipelines.cli import app

    done = CliRunner().invoke(app, ["data", "simulate-pathways", *args])
    assert done.exit_code == 0, done.output
    return str(done.output)


def test_values_not_in_params_yaml_are_named(workspace: Path) -> None:
    said = simulate("--profiles", "40", "--seed", "8", "--no-record")
    assert "`slipway stage validate-pathways` (the gate), then" in said
    assert "pathways.simulate_seed: 8 (params.yaml: 7)" in said
    assert "pathways.simulate_profiles: 40 (params.yaml: 2000)" in said
    assert "set the same in params.yaml" in said


def test_params_yamls_own_values_need_no_warning(workspace: Path) -> None:
    said = simulate("--seed", "7", "--profiles", "2000")
    assert "warning" not in said
