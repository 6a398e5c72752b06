"""Probe 25 (M3): rolling updates behind the ALB do not drop requests.

With IP targets, a pod is Ready for Kubernetes before the ALB has registered it and found it
healthy, and a stopping pod keeps getting requests for some seconds after it starts terminating.
The AWS Load Balancer Controller's remedy: the namespace label that injects a pod readiness gate
(a new pod is Ready only once its target is healthy), a preStop pause longer than the
deregistration's propagation, a grace period above the pause plus gunicorn's drain, and a
deregistration delay within that grace period.
"""

from __future__ import annotations

from typing import Any

import pytest

from infra.k8s.names import APP_NAMESPACE
from infra.k8s.rbac import access_objects
from infra.spec import ENVIRONMENTS

Objects = dict[str, list[dict[str, Any]]]


def one(objects: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    (obj,) = [o for o in objects if o["kind"] == kind]
    return obj


def target_group_attributes(ingress: dict[str, Any]) -> dict[str, str]:
    raw = ingress["metadata"]["annotations"]["alb.ingress.kubernetes.io/target-group-attributes"]
    return dict(item.strip().split("=", 1) for item in raw.split(","))


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_the_namespace_gets_the_load_balancer_readiness_gate(env: str, rendered: Objects) -> None:
    namespace = one(rendered[env], "Namespace")
    assert namespace["metadata"]["name"] == APP_NAMESPACE
    assert namespace["metadata"]["labels"]["elbv2.k8s.aws/pod-readiness-gate-inject"] == "enabled"
    # the readiness gate works with IP targets only
    annotations = one(rendered[env], "Ingress")["metadata"]["annotations"]
    assert annotations["alb.ingress.kubernetes.io/target-type"] == "ip"
    # and the cluster admin's file (access.yaml) carries the label
    (admin_namespace,) = [o for o in access_objects(rendered[env]) if o["kind"] == "Namespace"]
    assert admin_namespace["metadata"]["labels"] == namespace["metadata"]["labels"]


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_a_stopping_pod_outlives_its_deregistration(env: str, rendered: Objects) -> None:
    deployment = one(rendered[env], "Deployment")
    pod = deployment["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    pause = container["lifecycle"]["preStop"]["sleep"]["seconds"]
    graceful = int(one(rendered[env], "ConfigMap")["data"]["SLIPWAY_GRACEFUL_TIMEOUT"])
    grace = pod["terminationGracePeriodSeconds"]
    assert 15 <= pause <= 30  # ALB deregistration takes seconds to reach every node
    assert grace > pause + graceful
    delay = int(
        target_group_attributes(one(rendered[env], "Ingress"))[
            "deregistration_delay.timeout_seconds"
        ]
    )
    # the ALB keeps the target draining while the pod may still answer, never after it is gone
    assert pause <= delay <= grace
    assert delay >= pause + graceful
