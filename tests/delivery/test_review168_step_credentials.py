"""Review 168, D-L5: the shared registry's credentials and the feedback database's URL are given
to the steps that use them, not to whole jobs.

At job level they were in the environment of every step: the third-party actions (setup-uv,
upload-artifact), `uv sync` and its build backends included, and the release's `model` job,
which only reads the registry, handed the write user to all of them.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from tests.delivery.workflows import load_workflows, steps

WORKFLOWS = load_workflows()
GUARDED = re.compile(r"secrets\.(MLFLOW_[A-Z_]+|SLIPWAY_DATABASE_URL)")
MLFLOW = ("MLFLOW_TRACKING_URI", "MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD")


def _guarded(value: Any) -> bool:
    return bool(GUARDED.search(yaml.safe_dump(value or {}, width=10_000)))


def _holders() -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for workflow in WORKFLOWS.values():
        for name, job in workflow.jobs.items():
            for step in steps(job):
                if _guarded(step):
                    found.setdefault(f"{workflow.name}:{name}", []).append(step)
    return found


def test_no_workflow_or_job_holds_the_credentials_for_all_its_steps() -> None:
    for workflow in WORKFLOWS.values():
        assert not _guarded(workflow.data.get("env")), workflow.name
        for name, job in workflow.jobs.items():
            assert not _guarded(job.get("env")), f"{workflow.name}:{name}: job-level env"


def test_only_steps_that_run_the_projects_commands_get_them() -> None:
    holders = _holders()
    assert {job: len(found) for job, found in holders.items()} == {
        "release:model": 1,  # fetch the pinned models
        "promote:gate": 3,  # a registry is configured, the dry run, the report
        "promote:promote": 1,
        "train:refresh": 3,  # the feedback import (the database), dvc repro, the report
    }
    for job, found in holders.items():
        for step in found:
            assert "uses" not in step, f"{job}: a third-party action gets a credential"
            assert set(step) <= {"name", "id", "if", "env", "run"}, (job, step)
            script = str(step["run"])
            assert ".venv/bin/" in script or "MLFLOW_TRACKING_URI" in script, (job, script)
            assert "uv sync" not in script, job


def test_the_mlflow_user_and_password_travel_with_the_uri() -> None:
    for job, found in _holders().items():
        for step in found:
            env = step["env"]
            present = [name for name in MLFLOW if name in env]
            if "MLFLOW_TRACKING_USERNAME" in env or "MLFLOW_TRACKING_PASSWORD" in env:
                assert present == list(MLFLOW), (job, step.get("name"))
            for name in present:
                assert env[name] == f"${{{{ secrets.{name} }}}}", (job, name)
