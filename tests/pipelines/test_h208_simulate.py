"""Probe 37, DS-L9: `slipway data simulate-pathways --seed 8` left params.yaml at
``simulate_seed: 7``, so the data could not be made again from params.yaml. A seed or a count
given on the command line is now written into params.yaml (comments and the other lines kept),
the next steps name the gate and params.yaml; ``--no-record`` keeps the file and warns."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT

# each test runs `slipway data simulate-pathways` (seconds each)
pytestmark = pytest.mark.slow


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
    return " ".join(str(done.output).split())


def _pathways(root: Path):  # type: ignore[no-untyped-def]
    from pipelines.params import load_params

    return load_params(root / "params.yaml").pathways


def _files(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "data" / "pathways").glob("*.csv"))}


def test_a_seed_given_is_written_to_params_yaml(workspace: Path) -> None:
    before = (workspace / "params.yaml").read_text()
    said = simulate("--seed", "8", "--profiles", "60")
    assert "recorded in params.yaml: pathways.simulate_seed 7 → 8, " in said
    assert "pathways.simulate_profiles 2000 → 60, so it makes this data again" in said
    assert "next: `slipway stage validate-pathways` (the gate), then `dvc add data" in said
    assert "commit data.dvc and params.yaml" in said
    assert "warning" not in said
    p = _pathways(workspace)
    assert (p.simulate_seed, p.simulate_profiles) == (8, 60)
    # only those two lines changed: the comments and every other line are as they were
    after = (workspace / "params.yaml").read_text()
    changed = [
        (old, new)
        for old, new in zip(before.splitlines(), after.splitlines(), strict=True)
        if old != new
    ]
    assert changed == [
        (
            "  simulate_profiles: 2000   # `slipway data simulate-pathways`: simulated learners "
            "(seeded)",
            "  simulate_profiles: 60   # `slipway data simulate-pathways`: simulated learners "
            "(seeded)",
        ),
        ("  simulate_seed: 7", "  simulate_seed: 8"),
    ]
    # and params.yaml alone now makes the same data again
    made = _files(workspace)
    again = simulate()
    assert "recorded" not in again
    assert _files(workspace) == made


def test_the_params_values_or_none_change_nothing(workspace: Path) -> None:
    before = (workspace / "params.yaml").read_bytes()
    for args in ((), ("--seed", "7"), ("--seed", "7", "--profiles", "2000")):
        said = simulate(*args)
        assert "recorded" not in said
        assert "commit data.dvc" in said
        assert "and params.yaml" not in said
    assert (workspace / "params.yaml").read_bytes() == before


def test_no_record_keeps_params_yaml_and_warns(workspace: Path) -> None:
    before = (workspace / "params.yaml").read_bytes()
    said = simulate("--seed", "11", "--no-record")
    assert (workspace / "params.yaml").read_bytes() == before
    assert "recorded in" not in said
    assert "pathways.simulate_seed: 11 (params.yaml: 7), not recorded (--no-record)" in said
    assert "set the same in params.yaml" in said


def test_a_params_file_without_the_key_gets_it(tmp_path: Path) -> None:
    from pipelines.params import write_values

    params = tmp_path / "params.yaml"
    params.write_text(
        "# top\npathways:\n    regions: [Lima]   # kept\n    nested:\n      simulate_seed: 3\n"
        "ranker:\n  seed: 42\n"
    )
    write_values(params, "pathways", {"simulate_seed": 9})
    assert params.read_text() == (
        "# top\npathways:\n    simulate_seed: 9\n    regions: [Lima]   # kept\n    nested:\n"
        "      simulate_seed: 3\nranker:\n  seed: 42\n"
    )
    none = tmp_path / "none.yaml"
    none.write_text("ranker:\n  seed: 42")
    write_values(none, "pathways", {"simulate_seed": 5})
    assert none.read_text() == "ranker:\n  seed: 42\n\npathways:\n  simulate_seed: 5\n"
