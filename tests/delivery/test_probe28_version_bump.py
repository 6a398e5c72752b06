"""Probe 28, M-4: an in-cluster apply of a new Kubernetes version.

``infra.yml``'s apply runs on the runners' node group. Its node-group guard (probe 32) refused
delete-first replacements and changes to the runners' group, but not a new ``cluster.version``,
which upgrades the control plane under the apply's own Helm and Kubernetes calls, rolls the
add-ons' DaemonSets on the job's node and leaves every node group (the runners' included) to be
rolled to the new version. The guard now refuses it too, naming the cluster and both versions,
with the same advice: apply off-cluster. The step's shell runs against small fake plans, as in
tests/delivery/test_probe32_node_groups.py (whose runner this reuses).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.delivery.test_probe32_node_groups import GUARD, _group, _run


def _cluster(actions: list[str], before: str | None, after: str | None) -> dict[str, Any]:
    return {
        "address": "aws_eks_cluster.cluster",
        "type": "aws_eks_cluster",
        "name": "cluster",
        "change": {
            "actions": actions,
            "before": None if before is None else {"name": "slipway-dev-eks", "version": before},
            "after": None if after is None else {"name": "slipway-dev-eks", "version": after},
        },
    }


def test_the_guard_reads_the_platforms_own_cluster() -> None:
    rendered = json.loads((ROOT / "terraform" / "dev" / "cdk.tf.json").read_text())["resource"]
    assert list(rendered["aws_eks_cluster"]) == ["cluster"]
    assert "version" in rendered["aws_eks_cluster"]["cluster"]
    assert '"aws_eks_cluster"' in GUARD["run"]


@pytest.mark.parametrize(
    "changes",
    [
        [_cluster(["update"], "1.33", "1.34")],
        # with the add-ons' new builds and a tag change in the same plan
        [
            _cluster(["update"], "1.33", "1.34"),
            {"address": "aws_eks_addon.vpc-cni", "type": "aws_eks_addon", "name": "vpc-cni",
             "change": {"actions": ["update"], "before": {}, "after": {}}},
        ],
        # a replacement of an existing cluster on another version
        [_cluster(["create", "delete"], "1.33", "1.34")],
    ],
    ids=["update", "with-addons", "replaced"],
)  # fmt: skip
def test_a_version_bump_is_refused(tmp_path: Path, changes: list[dict[str, Any]]) -> None:
    done = _run(tmp_path, changes)
    assert done.returncode == 1, done.stdout + done.stderr
    assert (
        "::error::dev: this plan changes the cluster's Kubernetes version "
        "(aws_eks_cluster.cluster 1.33 to 1.34)"
    ) in done.stdout
    assert "off-cluster as the environment's apply role" in done.stdout
    assert 'docs/platform.md, "Node groups"' in done.stdout
    # no node group is named: the other error is not printed
    assert "deletes or rolls node groups" not in done.stdout


def test_both_refusals_are_reported_together(tmp_path: Path) -> None:
    done = _run(
        tmp_path,
        [_cluster(["update"], "1.33", "1.34"), _group("nodes-general", ["delete", "create"])],
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "deletes or rolls node groups this job or the cluster runs on" in done.stdout
    assert "aws_eks_node_group.nodes-general" in done.stdout
    assert "changes the cluster's Kubernetes version (aws_eks_cluster.cluster 1.33 to 1.34)" in (
        done.stdout
    )


@pytest.mark.parametrize(
    "changes",
    [
        # the cluster changed in place on the same version (its log types, public CIDRs)
        [_cluster(["update"], "1.33", "1.33")],
        # the cluster created (the first apply, off-cluster anyway) or unchanged
        [_cluster(["create"], None, "1.33")],
        [_cluster(["no-op"], "1.33", "1.33")],
    ],
    ids=["same-version", "created", "no-op"],
)
def test_the_same_version_passes(tmp_path: Path, changes: list[dict[str, Any]]) -> None:
    done = _run(tmp_path, changes)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "::error::" not in done.stdout
    assert "the cluster keeps its Kubernetes version" in done.stdout


def test_the_docs_list_the_version_bump_among_the_refused_plans() -> None:
    text = (ROOT / "docs" / "platform.md").read_text()
    nodes = text.split("- **Node groups**", 1)[1].split("\n- **", 1)[0]
    assert "changes the cluster's Kubernetes version (`cluster.version`" in nodes
    assert "The node groups declare the cluster's version" in nodes
    assert "gives the runners' group a new version" in nodes


def test_the_node_groups_follow_the_clusters_version() -> None:
    """Each group declares the cluster's version (rendered from the same ``cluster.version``),
    so an off-cluster apply of a bump rolls them after the control plane, never leaving one
    behind (the AWS provider then upgrades a group in place)."""
    for env in ("dev", "staging", "prod"):
        rendered = json.loads((ROOT / "terraform" / env / "cdk.tf.json").read_text())["resource"]
        version = rendered["aws_eks_cluster"]["cluster"]["version"]
        groups = rendered["aws_eks_node_group"]
        assert groups
        for name, group in groups.items():
            assert group["version"] == version, (env, name)
            assert group["cluster_name"] == "${aws_eks_cluster.cluster.name}"  # after it
