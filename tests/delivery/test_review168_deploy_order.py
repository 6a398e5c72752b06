"""Review 168, D-L9, in the workflow: both release deploys pass the run's commit, check out the
history git needs to order it, and a refusal (exit 9: a newer commit runs) ends the staging job
green with ``deployed=false``, which keeps the prod job from running; any other failure still
fails the step. The steps' own scripts run here, with ``aws`` and ``slipway`` stood in."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.delivery.workflows import load_workflows, steps, uses

RELEASE = load_workflows()["release"]


def _deploy_step(job: str) -> dict[str, Any]:
    (step,) = [s for s in steps(RELEASE.jobs[job]) if "slipway deploy" in s.get("run", "")]
    return step


@pytest.mark.parametrize("job", ["staging", "production"])
def test_each_deploy_names_its_commit_and_has_the_history(job: str) -> None:
    assert '--commit "$GITHUB_SHA"' in _deploy_step(job)["run"]
    (checkout,) = uses(RELEASE.jobs[job], "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0


def test_prod_runs_only_after_staging_deployed() -> None:
    staging = RELEASE.jobs["staging"]
    assert staging["outputs"]["deployed"] == "${{ steps.deploy.outputs.deployed }}"
    assert _deploy_step("staging")["id"] == "deploy"
    assert "needs.staging.outputs.deployed == 'true'" in RELEASE.jobs["production"]["if"]


def _run(tmp_path: Path, job: str, rc: int) -> tuple[subprocess.CompletedProcess[str], str, str]:
    bin_dir = tmp_path / "bin"
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    bin_dir.mkdir()
    (bin_dir / "aws").write_text("#!/bin/sh\necho 123456789012\n")
    calls = tmp_path / "calls"
    (tmp_path / ".venv" / "bin" / "slipway").write_text(
        f'#!/bin/sh\necho "$@" >> {calls}\nexit {rc}\n'
    )
    for tool in (bin_dir / "aws", tmp_path / ".venv" / "bin" / "slipway"):
        tool.chmod(0o755)
    output, summary = tmp_path / "output", tmp_path / "summary"
    output.touch()
    summary.touch()
    env = {
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "GITHUB_SHA": "c" * 40,
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(summary),
        "AWS_REGION": "eu-west-1",
        "IMAGE": "repo@sha256:" + "a" * 64,
        "CLUSTER": "slipway-staging-eks",
    }
    done = subprocess.run(  # GitHub's default shell: bash -e, pipefail
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", _deploy_step(job)["run"]],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert f"--commit {'c' * 40}" in calls.read_text()
    return done, output.read_text(), summary.read_text()


@pytest.mark.parametrize("job", ["staging", "production"])
def test_a_refusal_is_not_deployed_and_green_other_failures_fail(tmp_path: Path, job: str) -> None:
    done, output, summary = _run(tmp_path / "refused", job, 9)
    assert done.returncode == 0, done.stderr
    assert "Not deployed: a newer commit runs" in summary
    if job == "staging":
        assert "deployed=false" in output
    done, output, summary = _run(tmp_path / "ok", job, 0)
    assert done.returncode == 0, done.stderr
    assert "Deployed `repo@sha256:" in summary
    if job == "staging":
        assert "deployed=true" in output
    done, output, _ = _run(tmp_path / "failed", job, 7)
    assert done.returncode == 7
    assert "deployed=" not in output
