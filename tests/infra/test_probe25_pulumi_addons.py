"""Probe 25 (H4): pulumi-eks' Cluster component creates EKS add-ons of its own unless told not
to (pulumi-eks 4.x, nodejs/eks/cluster/cluster.ts: a VpcCniAddon unless `useDefaultVpcCni`, a
`kube-proxy` aws.eks.Addon unless `kubeProxyAddonOptions.enabled` is false, a managed `coredns`
with the default node group unless `corednsAddonOptions.enabled` is false). The program creates
the platform's add-ons itself (pinned versions, the CNI's network policy agent): a second add-on
of one name is refused by EKS (ResourceInUseException), so `pulumi up` failed. The mocks see the
component as one resource, so its children are derived here from its inputs."""

from __future__ import annotations

from typing import Any

import pytest

from infra.spec import ENVIRONMENTS


def component_addons(inputs: dict[str, Any]) -> set[str]:
    """The add-ons eks.Cluster creates as children, given its inputs (pulumi-eks 4.x)."""
    made = set()
    if not inputs.get("useDefaultVpcCni"):
        made.add("vpc-cni")
    if (inputs.get("kubeProxyAddonOptions") or {}).get("enabled", True):
        made.add("kube-proxy")
    coredns = (inputs.get("corednsAddonOptions") or {}).get("enabled", True)
    if coredns and (inputs.get("fargate") or not inputs.get("skipDefaultNodeGroup")):
        made.add("coredns")
    return made


def test_the_component_model_sees_the_defaults() -> None:
    assert component_addons({}) == {"vpc-cni", "kube-proxy", "coredns"}
    assert component_addons({"skipDefaultNodeGroup": True}) == {"vpc-cni", "kube-proxy"}


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_no_add_on_is_created_twice(pulumi_runs: Any, env: str) -> None:
    run = pulumi_runs[env]
    (cluster,) = run.of_type("eks:index:Cluster")
    own = [r.inputs["addonName"] for r in run.of_type("aws:eks/addon:Addon")]
    assert {"vpc-cni", "kube-proxy", "coredns"} <= set(own)
    assert len(own) == len(set(own)), own
    assert not component_addons(cluster.inputs) & set(own)
