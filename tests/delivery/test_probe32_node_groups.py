"""Probe 32, R-H1 and R-M1: an apply that takes away the nodes its own runner is on.

``infra.yml``'s apply runs on the runners' node group (``runs-on: slipway-<env>``), ARC's
controller on the general ones. A saved plan that replaces a node group delete-first leaves the
cluster without nodes; one that deletes the runners' group (even create-first) or changes its
launch template (a new version rolls its nodes) evicts the job running ``terraform apply``, which
dies with the state lock held. The apply step before the cosign check refuses such a plan. Its
shell runs here against small fake plans (``terraform show -json`` faked, the real ``terraform
console`` reads the JSON, as on the runners).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from infra.platform.builder import RUNNER_POOL, RUNNER_POOL_LABEL
from tests.conftest import ROOT, require_binary
from tests.delivery.workflows import load_workflows, steps

INFRA = load_workflows()["infra"]
APPLY = INFRA.jobs["apply-dev"]
(GUARD,) = [s for s in steps(APPLY) if str(s.get("name", "")).startswith("Refuse a plan")]


def _group(name: str, actions: list[str], *, runners: bool = False, **extra: Any) -> dict[str, Any]:
    labels = {RUNNER_POOL_LABEL: RUNNER_POOL} if runners else None
    before = None if actions == ["create"] else {"node_group_name": name, "labels": labels}
    return {
        "address": f"aws_eks_node_group.{name}",
        "type": "aws_eks_node_group",
        "name": name,
        "change": {"actions": actions, "before": before, "after": {}},
        **extra,
    }


def _versions(change: dict[str, Any], before: str, after: str) -> dict[str, Any]:
    """A node group's change with its Kubernetes version before and after."""
    change["change"]["before"] = {**(change["change"]["before"] or {}), "version": before}
    change["change"]["after"] = {**change["change"]["after"], "version": after}
    return change


def _template(name: str, actions: list[str]) -> dict[str, Any]:
    return {
        "address": f"aws_launch_template.{name}",
        "type": "aws_launch_template",
        "name": name,
        "change": {"actions": actions, "before": {}, "after": {}},
    }


def _run(tmp_path: Path, changes: list[dict[str, Any]] | None) -> subprocess.CompletedProcess[str]:
    real = require_binary("terraform")
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    (bin_ / "terraform").write_text(
        "#!/bin/bash\n"
        'if [ "$1" = show ]; then cat "$FAKE_PLAN_JSON"; exit 0; fi\n'
        f'exec {real} "$@"\n'
    )
    (bin_ / "terraform").chmod(0o755)
    work = tmp_path / "work"
    (work / "saved-plan").mkdir(parents=True)
    plan = tmp_path / "plan-fake.json"
    doc: dict[str, Any] = {"format_version": "1.2"}
    if changes is not None:
        doc["resource_changes"] = changes
    plan.write_text(json.dumps(doc))
    return subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", GUARD["run"]],
        env={
            **os.environ,
            "PATH": f"{bin_}:{os.environ['PATH']}",
            "ENV_NAME": "dev",
            "FAKE_PLAN_JSON": str(plan),
        },
        cwd=work,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_guard_runs_before_anything_is_applied() -> None:
    names = [str(s.get("name", "")) for s in steps(APPLY)]
    guard = steps(APPLY).index(GUARD)
    assert guard < next(i for i, n in enumerate(names) if n.startswith("terraform apply"))
    assert GUARD["if"] == "steps.saved.outputs.found == 'true'"
    # the three applies share one body
    for env in ("staging", "prod"):
        assert INFRA.jobs[f"apply-{env}"]["steps"] == steps(APPLY)


def test_the_guard_names_the_platforms_own_runners_group_and_template() -> None:
    """The ids the step matches are those the platform renders (a rename must reach it)."""
    rendered = json.loads((ROOT / "terraform" / "dev" / "cdk.tf.json").read_text())["resource"]
    runners = rendered["aws_eks_node_group"]["nodes-runners"]
    assert runners["labels"][RUNNER_POOL_LABEL] == RUNNER_POOL
    assert f'labels["{RUNNER_POOL_LABEL}"], "") == "{RUNNER_POOL}"' in GUARD["run"]
    assert "nodes-runners-template" in rendered["aws_launch_template"]
    assert '"aws_launch_template.nodes-runners-template"' in GUARD["run"]


@pytest.mark.parametrize(
    "changes",
    [
        # the first apply before the fix: both groups replaced, the old one first
        [
            _group("nodes-general", ["delete", "create"]),
            _group("nodes-runners", ["delete", "create"], runners=True),
        ],
        [_group("nodes-general", ["delete", "create"])],
        [_group("nodes-general", ["delete"])],
        # create-first, but the runners' group goes while this job runs on it
        [_group("nodes-runners", ["create", "delete"], runners=True)],
        [_group("nodes-runners", ["delete"], runners=True, deposed="00000001")],
        # a new template version rolls the runners' nodes (probe 32, R-M1)
        [_template("nodes-runners-template", ["update"])],
        [_template("nodes-runners-template", ["create", "delete"])],
        # a new Kubernetes version of the runners' group rolls its nodes (the groups follow the
        # cluster's version: a group left behind by an earlier bump catches up)
        [_versions(_group("nodes-runners", ["update"], runners=True), "1.33", "1.34")],
    ],
    ids=[
        "both-delete-first",
        "general-delete-first",
        "general-deleted",
        "runners-create-first",
        "runners-deposed",
        "runners-template-update",
        "runners-template-replace",
        "runners-new-version",
    ],
)
def test_a_plan_that_takes_the_nodes_away_is_refused(
    tmp_path: Path, changes: list[dict[str, Any]]
) -> None:
    done = _run(tmp_path, changes)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "::error::dev: this plan deletes or rolls node groups" in done.stdout
    for change in changes:
        assert change["address"] in done.stdout
    assert "off-cluster as the environment's apply role" in done.stdout


@pytest.mark.parametrize(
    "changes",
    [
        None,  # nothing to change
        [],
        # the general group replaced create-first: its pods move to the new group
        [_group("nodes-general", ["create", "delete"])],
        # its old group left deposed by an earlier create-first apply: the new one is up
        [_group("nodes-general", ["delete"], deposed="00000001")],
        # a node group scaled or created, other templates changed, other resources deleted
        [_group("nodes-runners", ["update"], runners=True), _group("nodes-gpu", ["create"])],
        [_template("nodes-general-template", ["update"])],
        [{"address": "aws_s3_bucket.x", "type": "aws_s3_bucket", "name": "x",
          "change": {"actions": ["delete"], "before": {}, "after": None}}],
        # the general group rolled to a new version in place, within its PodDisruptionBudgets;
        # the runners' group changed on the same version
        [_versions(_group("nodes-general", ["update"]), "1.33", "1.34")],
        [_versions(_group("nodes-runners", ["update"], runners=True), "1.33", "1.33")],
    ],
    ids=["no-changes", "empty", "general-create-first", "general-deposed", "runners-scaled",
         "general-template", "other-delete", "general-new-version", "runners-same-version"],
)  # fmt: skip
def test_a_plan_that_keeps_the_nodes_passes(
    tmp_path: Path, changes: list[dict[str, Any]] | None
) -> None:
    done = _run(tmp_path, changes)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "::error::" not in done.stdout


def test_the_docs_say_how_to_apply_a_refused_plan() -> None:
    text = (ROOT / "docs" / "platform.md").read_text()
    assert 'docs/platform.md, \\"Node groups' in GUARD["run"]  # the error points there
    assert "- **Node groups**" in text
    assert "off-cluster, as the environment's apply role, the way day one does" in text
    assert "terraform force-unlock" in text
    # the old advice (apply the delete-first replacement in a quiet window) is gone
    assert "the old\n    group goes first" not in text
