"""Review 168, D-L3: a runner-image pin or an MLflow digest bump does not start an app release.

Both are written into `infra/environments/<env>.yaml`, which `release.yml` must keep watching:
the same files hold what `slipway deploy` renders (replicas, autoscaling, domain, settings). A
path filter cannot tell those lines apart, so the release's `changes` job decides: when a push
changed nothing but specs, this commit's renderer renders every environment from the specs
before and after the push, and the release (its CI first) runs only when the objects differ.
The runner image and the MLflow server are infra.yml's to roll out.

The two steps' scripts run here against a small git repository, with the real renderer.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.delivery.workflows import load_workflows, simulate, steps

RELEASE = load_workflows()["release"]
CHANGES = RELEASE.jobs["changes"]
STAGING = (ROOT / "infra" / "environments" / "staging.yaml").read_text()


def _step(step_id: str) -> dict[str, Any]:
    (step,) = [s for s in steps(CHANGES) if s.get("id") == step_id]
    return step


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def _outputs(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)


def _decide(tmp_path: Path, change: dict[str, str]) -> dict[str, str]:
    """Commit staging's spec, then ``change`` (path -> new text); run the job's two scripts."""
    repo = tmp_path / "repo"
    (repo / "infra" / "environments").mkdir(parents=True)
    (repo / "infra" / "environments" / "staging.yaml").write_text(STAGING)
    (repo / "README.md").write_text("slipway\n")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "before")
    before = _git(repo, "rev-parse", "HEAD")
    for path, text in change.items():
        (repo / path).write_text(text)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "after")
    (repo / ".venv").symlink_to(ROOT / ".venv")
    output = tmp_path / "output"
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "GITHUB_EVENT_NAME": "push",
        "GITHUB_SHA": _git(repo, "rev-parse", "HEAD"),
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary"),
        "RUNNER_TEMP": str(tmp_path / "runner-temp"),
        "BEFORE": before,
        "ASKED": "",
    }
    (tmp_path / "runner-temp").mkdir()
    for step_id in ("diff", "render"):
        if step_id == "render" and _outputs(output).get("specs-only") != "true":
            break
        subprocess.run(
            ["bash", "-e", "-c", _step(step_id)["run"]],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
    return _outputs(output)


def _pinned(text: str) -> str:
    """The weekly runner pin and an MLflow digest bump: what infra.yml rolls out."""
    text = re.sub(r"(runner@sha256:)0{64}", r"\g<1>" + "cd" * 32, text)
    return re.sub(r'(image_digest: "sha256:)0{64}', r"\g<1>" + "ab" * 32, text)


def test_the_stand_in_changes_what_the_pin_pull_requests_change() -> None:
    assert _pinned(STAGING) != STAGING
    assert _pinned(STAGING).count("cd" * 32) == 1
    assert _pinned(STAGING).count("ab" * 32) == 1


@pytest.mark.slow
def test_a_runner_pin_or_an_mlflow_digest_alone_ships_nothing(tmp_path: Path) -> None:
    outputs = _decide(tmp_path, {"infra/environments/staging.yaml": _pinned(STAGING)})
    assert outputs["specs-only"] == "true"
    assert outputs["app"] == "false"
    assert "no release" in (tmp_path / "summary").read_text()


@pytest.mark.slow
def test_a_spec_change_of_the_apps_objects_ships(tmp_path: Path) -> None:
    changed = re.sub(r"^(\s+replicas:) 2$", r"\1 3", STAGING, count=1, flags=re.MULTILINE)
    assert changed != STAGING
    outputs = _decide(tmp_path, {"infra/environments/staging.yaml": changed})
    assert outputs["specs-only"] == "true"
    assert outputs["app"] == "true"


def test_a_push_that_changes_more_than_specs_ships_without_rendering(tmp_path: Path) -> None:
    outputs = _decide(
        tmp_path,
        {"infra/environments/staging.yaml": _pinned(STAGING), "README.md": "changed\n"},
    )
    assert outputs["specs-only"] == "false"
    assert "app" not in outputs  # the job's output falls back to 'true'
    assert CHANGES["outputs"]["app"] == "${{ steps.render.outputs.app || 'true' }}"


def test_nothing_of_the_release_starts_when_the_push_ships_nothing() -> None:
    assert RELEASE.jobs["ci"]["needs"] == "changes"
    assert RELEASE.jobs["ci"]["if"] == "needs.changes.outputs.app == 'true'"
    quiet = simulate(RELEASE, outputs={"changes": {"app": "false", "mlflow": "false"}})
    assert {job for job, state in quiet.items() if state != "skipped"} == {"changes"}
    busy = simulate(RELEASE, outputs={"changes": {"app": "true", "mlflow": "false"}})
    assert busy["production"] == "success"
    # the trigger still watches the specs: the app's own settings live there
    assert RELEASE.triggered_by("push", ["infra/environments/staging.yaml"])
