"""CI runners have nodes of their own: a node group whose nodes carry the runner label and taint,
which the runner pods select and tolerate and nothing else does.

A runner pod runs a job's code with privileged Docker-in-Docker; on a node shared with the app it
could read the app's memory, its projected service-account tokens or its host paths. The taint
keeps every other pod off the runners' nodes, the node selector keeps runners off the others.
Checked on the platform model (every environment), on the app's rendered objects, and in both
engines' renderings of the node group.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from infra.k8s.render import render
from infra.platform.builder import (
    ARC_RUNNERS_NAMESPACE,
    RUNNER_POOL,
    RUNNER_POOL_LABEL,
    RUNNER_TAINT,
    build_platform,
)
from infra.platform.model import Platform
from infra.spec import ENVIRONMENTS, load_spec


def _scale_set_pod(platform: Platform) -> dict[str, Any]:
    (release,) = [r for r in platform.helm_releases if r.id == "arc-runner-scale-set"]
    assert release.namespace == ARC_RUNNERS_NAMESPACE
    pod: dict[str, Any] = release.values["template"]["spec"]
    return pod


def _tolerates(pod: dict[str, Any]) -> bool:
    return any(
        t.get("key") == RUNNER_TAINT.key
        and t.get("effect") in (None, RUNNER_TAINT.kubernetes_effect)
        and (t.get("operator") == "Exists" or t.get("value") == RUNNER_TAINT.value)
        for t in pod.get("tolerations", [])
    ) or any(not t.get("key") and t.get("operator") == "Exists" for t in pod.get("tolerations", []))


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_runners_get_a_tainted_node_group_of_their_own(env: str) -> None:
    spec = load_spec(env)
    platform = build_platform(spec)
    tainted = [g for g in platform.cluster.node_groups if RUNNER_TAINT in g.taints]
    assert [g.id for g in tainted] == ["nodes-runners"]
    (runners,) = tainted
    assert dict(runners.labels) == {RUNNER_POOL_LABEL: RUNNER_POOL}
    assert RUNNER_TAINT.effect == "NO_SCHEDULE"
    assert (runners.min_size, runners.max_size) == (
        spec.runners.min_runners,
        spec.runners.max_runners,
    )
    # the other groups stay untainted: the app, MLflow and the add-ons run there
    others = [g for g in platform.cluster.node_groups if g is not runners]
    assert others
    assert all(not g.taints and not g.labels for g in others)


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_runner_pods_select_and_tolerate_the_runner_nodes(env: str) -> None:
    pod = _scale_set_pod(build_platform(load_spec(env)))
    assert pod["nodeSelector"] == {RUNNER_POOL_LABEL: RUNNER_POOL}
    assert pod["tolerations"] == [
        {
            "key": RUNNER_TAINT.key,
            "operator": "Equal",
            "value": RUNNER_TAINT.value,
            "effect": "NoSchedule",
        }
    ]


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_nothing_else_tolerates_the_runner_taint(env: str) -> None:
    """The app's pods (Deployment, migration Job) and every other Helm release of the platform
    never tolerate the taint nor select the runner pool."""
    spec = load_spec(env)
    platform = build_platform(spec)
    for obj in render(spec, platform, "repo:tag", "123456789012"):
        if obj["kind"] in {"Deployment", "Job"}:
            pod = obj["spec"]["template"]["spec"]
            assert not _tolerates(pod), obj["metadata"]["name"]
            assert RUNNER_POOL_LABEL not in pod.get("nodeSelector", {})
    for release in platform.helm_releases:
        if release.id == "arc-runner-scale-set":
            continue
        text = json.dumps(release.values, default=str)
        assert RUNNER_TAINT.key not in text, release.id
        assert '"operator": "Exists"}' not in text or '"key"' in text, release.id


def test_the_toleration_check_itself() -> None:
    assert _tolerates({"tolerations": [{"operator": "Exists"}]})
    assert _tolerates({"tolerations": [{"key": RUNNER_TAINT.key, "operator": "Exists"}]})
    assert not _tolerates({"tolerations": [{"key": "other", "operator": "Exists"}]})
    assert not _tolerates({})


@pytest.mark.slow
def test_both_engines_render_the_label_and_taint(rendering: Any) -> None:
    group = rendering.get("aws_eks_node_group", "nodes-runners")
    assert group["labels"] == {RUNNER_POOL_LABEL: RUNNER_POOL}
    taints = group.get("taint") or group.get("taints")
    assert [{k: t[k] for k in ("key", "value", "effect")} for t in taints] == [
        {"key": RUNNER_TAINT.key, "value": RUNNER_TAINT.value, "effect": "NO_SCHEDULE"}
    ]
    general = rendering.get("aws_eks_node_group", "nodes-general")
    assert not general.get("taint")
    assert not general.get("taints")
