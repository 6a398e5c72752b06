"""Review 168, D-M2: the configuration follows the pod template. The ConfigMap is named by a hash
of its data and the pod template names it, so a rollback's older template reads the older
configuration again (the failed release's values no longer wait for the next pod start), and
`slipway deploy` prunes the ConfigMaps that no kept ReplicaSet reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from infra.k8s import render as r
from infra.k8s import rollout as d
from infra.k8s.names import APP_NAMESPACE
from tests.fakes.kube_api import FakeKubeApi
from tests.k8s.conftest import SMOKE_TOKEN, ScriptedApp, image
from tests.k8s.test_deploy import FAST, deployed_image, target


def _deploy(kubeconfig: Path, tgt: d.Target, img: str) -> d.Outcome:
    cluster = d.connect(kubeconfig, None, APP_NAMESPACE)
    return d.deploy(cluster, tgt, img, SMOKE_TOKEN, FAST)


def _live_config(kube: FakeKubeApi) -> dict[str, str]:
    """The settings a pod of the live pod template reads when it starts."""
    deployment = kube.get("apps/v1", "deployments", "slipway")
    assert deployment is not None
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    (name,) = [s["configMapRef"]["name"] for s in container["envFrom"] if "configMapRef" in s]
    config_map = kube.get("v1", "configmaps", name)
    assert config_map is not None, name
    data: dict[str, str] = config_map["data"]
    return data


def _config_map(tgt: d.Target) -> dict[str, Any]:
    return tgt.find("ConfigMap")


def test_a_new_configuration_is_a_new_configmap_named_by_the_pod_template(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = target("v1")
    monkeypatch.setitem(r.CLUSTER_VALUES, "workers", 0)
    second = target("v2")
    names = [_config_map(t)["metadata"]["name"] for t in (first, second)]
    assert names[0] != names[1]
    for tgt, name in zip((first, second), names, strict=True):
        assert _config_map(tgt)["immutable"] is True
        for kind in ("Deployment", "Job"):
            (container,) = tgt.find(kind)["spec"]["template"]["spec"]["containers"]
            assert {"configMapRef": {"name": name}} in container["envFrom"], kind


def test_a_rollback_brings_the_previous_configuration_back(
    with_namespace: FakeKubeApi,
    kubeconfig: Path,
    app_server: ScriptedApp,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _deploy(kubeconfig, target("v1"), image("v1"))
    good = _live_config(with_namespace)["SLIPWAY_WORKERS"]
    monkeypatch.setitem(r.CLUSTER_VALUES, "workers", 0)  # a bad value shipped with v2
    bad = target("v2")
    app_server.chat_status = 500
    with pytest.raises(d.SmokeFailed, match="rolled back to revision 1"):
        _deploy(kubeconfig, bad, image("v2"))
    assert deployed_image(with_namespace) == image("v1")
    # the next pod of the rolled-back release (a scale-up, a drain) reads v1's settings
    assert _live_config(with_namespace)["SLIPWAY_WORKERS"] == good != "0"
    # the failed release's ConfigMap stays while its ReplicaSet does (`slipway rollback` to it)
    assert with_namespace.get("v1", "configmaps", _config_map(bad)["metadata"]["name"])


def test_configmaps_no_kept_revision_reads_are_pruned(
    with_namespace: FakeKubeApi, kubeconfig: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = target("v1")
    _deploy(kubeconfig, first, image("v1"))
    monkeypatch.setitem(r.CLUSTER_VALUES, "workers", 3)
    second = target("v2")
    labels = _config_map(first)["metadata"]["labels"]
    orphan = {"apiVersion": "v1", "kind": "ConfigMap", "data": {"A": "1"}}
    with_namespace.put({**orphan, "metadata": {"name": "slipway-config-0ld", "labels": labels}})
    with_namespace.put({**orphan, "metadata": {"name": "someone-elses"}})
    _deploy(kubeconfig, second, image("v2"))
    left = {c["metadata"]["name"] for c in with_namespace.items("v1", "configmaps")}
    # v1's is read by revision 1's ReplicaSet (a rollback target), v2's by the Deployment
    assert left == {
        _config_map(first)["metadata"]["name"],
        _config_map(second)["metadata"]["name"],
        "someone-elses",
    }
