"""Probe 28, L-4 and M-4 (the infrastructure leftovers): the rendered values.

- L-4: the app namespace carries ``elbv2.k8s.aws/pod-readiness-gate-inject: enabled``, so the
  load balancer controller's pod webhook (``mpod.elbv2.k8s.aws``) answers for every pod created
  in ``slipway``. The controller runs two replicas on different nodes, with a
  PodDisruptionBudget, a priority class and a rolling update that keeps one up; the webhook's
  failure policy is Fail, written out (the chart's default is Ignore). Every value name is one of
  the chart's values.yaml at LOAD_BALANCER_CONTROLLER_CHART_VERSION (3.5.0).
- M-4: cluster-autoscaler never evicts a runner pod (``safe-to-evict: "false"`` on the scale
  set's pod template, ``template.metadata.annotations`` of gha-runner-scale-set 0.14.2). The
  apply job's refusal of a Kubernetes version bump is tested in
  tests/delivery/test_probe28_version_bump.py.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from infra.platform import build_platform
from infra.platform.builder import (
    LOAD_BALANCER_CONTROLLER_CHART_VERSION,
    SAFE_TO_EVICT,
)
from infra.spec import load_spec
from tests.conftest import ROOT

ENVS = ("dev", "staging", "prod")
LBC_NAME = {"app.kubernetes.io/name": "aws-load-balancer-controller"}
# top-level value names of the chart's values.yaml at 3.5.0 that L-4 sets
AVAILABILITY_KEYS = (
    "replicaCount",
    "podDisruptionBudget",
    "priorityClassName",
    "affinity",
    "topologySpreadConstraints",
    "updateStrategy",
    "podMutatorWebhookConfig",
)


def _rendered(env: str, release: str) -> dict[str, Any]:
    """The values of a Helm release as terraform/<env> holds them (what an apply installs)."""
    doc = json.loads((ROOT / "terraform" / env / "cdk.tf.json").read_text())
    (values,) = doc["resource"]["helm_release"][release]["values"]
    parsed: dict[str, Any] = json.loads(values)
    return parsed


def _model(env: str, release: str) -> dict[str, Any]:
    platform = build_platform(load_spec(env))
    (found,) = [r for r in platform.helm_releases if r.id == release]
    return dict(found.values)


def availability_problems(values: dict[str, Any]) -> list[str]:
    """What keeps the controller's webhook from answering through a drain or an upgrade."""
    problems = []
    replicas = values.get("replicaCount", 2)  # the chart's default
    if replicas < 2:
        problems.append(f"replicaCount {replicas} < 2")
    pdb = values.get("podDisruptionBudget") or {}
    if not pdb or replicas < 2:  # the chart renders the PDB only with replicaCount > 1
        problems.append("no PodDisruptionBudget")
    terms = (
        values.get("affinity", {})
        .get("podAntiAffinity", {})
        .get("requiredDuringSchedulingIgnoredDuringExecution", [])
    )
    if not any(
        t.get("topologyKey") == "kubernetes.io/hostname"
        and t.get("labelSelector", {}).get("matchLabels") == LBC_NAME
        for t in terms
    ):
        problems.append("replicas not required on different nodes")
    if not values.get("priorityClassName"):
        problems.append("no priority class")
    return problems


def test_the_chart_version_the_values_were_checked_against() -> None:
    # the value names below are the chart's at 3.5.0 (aws/eks-charts,
    # stable/aws-load-balancer-controller/values.yaml); a chart bump re-checks them
    assert LOAD_BALANCER_CONTROLLER_CHART_VERSION == "3.5.0"


@pytest.mark.parametrize("env", ENVS)
def test_the_load_balancer_controller_is_highly_available(env: str) -> None:
    values = _rendered(env, "aws-load-balancer-controller")
    model = _model(env, "aws-load-balancer-controller")
    for key in AVAILABILITY_KEYS:  # the model's values, rendered as they are
        assert values[key] == model[key], key
    assert availability_problems(values) == []
    assert values["replicaCount"] == 2
    assert values["podDisruptionBudget"] == {"maxUnavailable": 1}
    assert values["priorityClassName"] == "system-cluster-critical"
    # one replica replaced at a time, without a surge pod needing a third node
    assert values["updateStrategy"]["rollingUpdate"] == {"maxSurge": 0, "maxUnavailable": 1}
    (zone,) = values["topologySpreadConstraints"]
    assert zone["topologyKey"] == "topology.kubernetes.io/zone"
    assert zone["whenUnsatisfiable"] == "ScheduleAnyway"
    # Fail, not the chart's default Ignore: an unregistered pod must not replace a serving one
    assert values["podMutatorWebhookConfig"] == {"failurePolicy": "Fail"}


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"replicaCount": 1}, "replicaCount 1 < 2"),
        ({"replicaCount": 1}, "no PodDisruptionBudget"),
        ({"podDisruptionBudget": {}}, "no PodDisruptionBudget"),
        ({"affinity": {}}, "replicas not required on different nodes"),
        ({"priorityClassName": ""}, "no priority class"),
    ],
)
def test_the_check_fails_a_single_replica_or_no_pdb(change: dict[str, Any], problem: str) -> None:
    values = _rendered("dev", "aws-load-balancer-controller") | change
    assert problem in availability_problems(values)


def test_the_values_without_the_fix_fail_the_check() -> None:
    """What was rendered before L-4: the chart's defaults, which have no PDB and only prefer
    other nodes."""
    before = {"clusterName": "slipway-dev-eks", "region": "eu-west-1"}
    assert availability_problems(before) == [
        "no PodDisruptionBudget",
        "replicas not required on different nodes",
        "no priority class",
    ]


def test_the_runbook_says_what_an_outage_blocks_and_how_to_recover() -> None:
    text = (ROOT / "docs" / "platform.md").read_text()
    assert "### When the load balancer controller is down" in text
    section = text.split("### When the load balancer controller is down", 1)[1]
    section = " ".join(section.split("\n### ", 1)[0].split())  # one line: the text wraps
    assert 'failed calling webhook "mpod.elbv2.k8s.aws"' in section
    for blocked in ("migration Job", "HorizontalPodAutoscaler", "Reloader", "rollout"):
        assert blocked in section, blocked
    assert (
        "kubectl -n kube-system rollout status deployment/aws-load-balancer-controller" in section
    )
    # the builder's comment points at it
    assert (
        "When\n        # the load balancer controller is down"
        in (ROOT / "infra" / "platform" / "builder.py").read_text()
    )


@pytest.mark.parametrize("env", ENVS)
def test_cluster_autoscaler_never_evicts_a_runner_pod(env: str) -> None:
    assert SAFE_TO_EVICT == "cluster-autoscaler.kubernetes.io/safe-to-evict"
    for values in (_rendered(env, "arc-runner-scale-set"), _model(env, "arc-runner-scale-set")):
        template = values["template"]
        # a string: the chart copies it into the AutoscalingRunnerSet's pod template, whose
        # annotations are strings; ARC's controller puts them on each EphemeralRunner's pod
        assert template["metadata"]["annotations"] == {SAFE_TO_EVICT: "false"}
        assert template["spec"]["containers"][0]["name"] == "runner"
