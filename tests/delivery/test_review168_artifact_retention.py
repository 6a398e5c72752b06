"""Review 168, D-L8 (its artifact half): what a deployment downloads outlives its approval.

GitHub lets a job wait up to 30 days for an environment's reviewers. The release's images and
pinned models were kept 14 days, so a prod approval given after that failed at the download
(and so did any re-run of an older release's deploy).
"""

from __future__ import annotations

from typing import Any

from tests.delivery.workflows import environment_name, load_workflows, uses

WORKFLOWS = load_workflows()
APPROVAL_WAIT_DAYS = 30  # GitHub's limit for a job waiting on an environment's reviewers
DEPLOYMENTS = {"staging", "prod"}  # reviewers (optional on staging) approve these jobs


def _uploads(workflow: str) -> dict[str, dict[str, Any]]:
    return {
        str(step["with"]["name"]): step["with"]
        for job in WORKFLOWS[workflow].jobs.values()
        for step in uses(job, "actions/upload-artifact")
    }


def _downloaded_by_deployments(workflow: str) -> set[str]:
    return {
        str(step["with"]["name"])
        for job in WORKFLOWS[workflow].jobs.values()
        if environment_name(job) in DEPLOYMENTS
        for step in uses(job, "actions/download-artifact")
    }


def test_every_artifact_a_deployment_downloads_outlives_the_approval_wait() -> None:
    checked = set()
    for workflow in WORKFLOWS:
        uploads = _uploads(workflow)
        for name in _downloaded_by_deployments(workflow):
            days = int(uploads[name]["retention-days"])
            assert days >= APPROVAL_WAIT_DAYS, f"{workflow}: {name} kept {days} days"
            checked.add(f"{workflow}:{name}")
    assert checked == {
        "release:pinned-models",
        "release:slipway-assistant-image",
        "release:slipway-mlflow-image",
    }
