"""`slipway infra`: synth writes terraform/<env>/, --check reports drift by file, and a bad
spec is one line on stderr with a non-zero exit, never a traceback."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from infra.cdktf import app as cdktf_app
from infra.spec import ENVIRONMENTS
from pipelines.cli import app as slipway

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch, synthesized_text) -> dict[str, str]:
    """Serve the session's synthesis instead of synthesizing again."""
    monkeypatch.setattr(
        cdktf_app, "render", lambda envs, settings: {e: synthesized_text[e] for e in envs}
    )
    return synthesized_text


@pytest.mark.slow
def test_committed_terraform_is_up_to_date(synthesized_text) -> None:
    """The drift check CI runs: terraform/ is exactly what infra/ renders."""
    for env in ENVIRONMENTS:
        committed = (REPO / "terraform" / env / cdktf_app.STACK_FILE).read_text()
        assert committed == synthesized_text[env], f"terraform/{env} is stale: make infra-synth"


@pytest.mark.slow
def test_synth_writes_one_folder_per_env(runner: CliRunner, tmp_path: Path) -> None:
    """A real synthesis through the command (the jsii runtime is warm by now)."""
    result = runner.invoke(slipway, ["infra", "synth", "--env", "dev", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = tmp_path / "dev" / "cdk.tf.json"
    assert written.is_file()
    assert f"wrote: {written}" in result.output
    assert written.read_text() == (REPO / "terraform" / "dev" / "cdk.tf.json").read_text()


@pytest.mark.slow
def test_check_passes_on_a_fresh_copy(runner: CliRunner, tmp_path: Path, rendered) -> None:
    shutil.copytree(REPO / "terraform", tmp_path / "terraform")
    result = runner.invoke(
        slipway, ["infra", "synth", "--check", "--out", str(tmp_path / "terraform")]
    )
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output


@pytest.mark.slow
def test_check_names_the_drifted_files(runner: CliRunner, tmp_path: Path, rendered) -> None:
    out = tmp_path / "terraform"
    shutil.copytree(REPO / "terraform", out)
    stale = out / "staging" / "cdk.tf.json"
    stale.write_text(stale.read_text().replace('"IMMUTABLE"', '"MUTABLE"'))
    (out / "prod" / "cdk.tf.json").unlink()
    before = stale.read_text()
    result = runner.invoke(slipway, ["infra", "synth", "--check", "--out", str(out)])
    assert result.exit_code == 1
    assert str(stale) in result.output
    assert str(out / "prod" / "cdk.tf.json") in result.output
    assert str(out / "dev" / "cdk.tf.json") not in result.output
    assert stale.read_text() == before  # --check never writes


@pytest.fixture
def broken_specs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, raw_spec) -> Path:
    doc = raw_spec("dev")
    doc["cluster"]["node_groups"][0]["min_size"] = 7
    (tmp_path / "dev.yaml").write_text(yaml.safe_dump(doc))
    monkeypatch.setenv("SLIPWAY_INFRA_ENVIRONMENTS_DIR", str(tmp_path))
    return tmp_path


def test_bad_spec_is_one_line_and_exit_1(runner: CliRunner, broken_specs: Path) -> None:
    result = runner.invoke(
        slipway, ["infra", "synth", "--env", "dev", "--out", str(broken_specs / "tf")]
    )
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error: ")
    assert "dev.yaml: cluster.node_groups.0: min_size 7 is greater than max_size 3" in lines[0]
    assert "Traceback" not in result.output
    assert not (broken_specs / "tf").exists()


def test_unknown_env_is_one_line(runner: CliRunner) -> None:
    result = runner.invoke(slipway, ["infra", "synth", "--env", "qa"])
    assert result.exit_code == 1
    assert "no environment spec" in result.output
    assert "known environments: dev, prod, staging" in result.output


def test_validate_checks_every_spec(runner: CliRunner) -> None:
    # the committed specs name no built image yet: valid on day one, before the first apply
    # (the placeholder runner image of staging and prod is refused otherwise:
    # tests/infra/test_probe28_runners.py)
    result = runner.invoke(slipway, ["infra", "validate", "--first-apply"])
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == ["ok:", "dev", "ok:", "prod", "ok:", "staging"]


def test_module_entry_point_matches_the_typer_app(broken_specs: Path) -> None:
    """`python -m pipelines.cli infra` (what the Makefile runs: `slipway` without its script)."""
    done = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "infra", "validate"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert done.returncode == 1
    assert "min_size 7 is greater than max_size 3" in done.stderr
    assert "Traceback" not in done.stderr
