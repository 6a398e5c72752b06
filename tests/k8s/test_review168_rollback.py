"""Review 168, D-M3: a failed deploy goes back to exactly what ran before it, and a deploy that
left the pod template as it was (a re-run of the deploy job, an unchanged render) rolls nothing
back: the ReplicaSet below the current one is an older release, not what ran before."""

from __future__ import annotations

from pathlib import Path

import pytest

from infra.k8s import rollout as d
from infra.k8s.names import APP_NAMESPACE
from tests.fakes.kube_api import FakeKubeApi
from tests.k8s.conftest import SMOKE_TOKEN, ScriptedApp, image
from tests.k8s.test_deploy import FAST, deployed_image, target


def _deploy(kubeconfig: Path, tgt: d.Target, img: str) -> d.Outcome:
    cluster = d.connect(kubeconfig, None, APP_NAMESPACE)
    return d.deploy(cluster, tgt, img, SMOKE_TOKEN, FAST)


def _revision(kube: FakeKubeApi) -> str:
    deployment = kube.get("apps/v1", "deployments", "slipway")
    assert deployment is not None
    return str(deployment["metadata"]["annotations"][d.REVISION])


def test_a_redeploy_that_changes_nothing_keeps_the_release_when_its_smoke_test_fails(
    with_namespace: FakeKubeApi, kubeconfig: Path, app_server: ScriptedApp
) -> None:
    _deploy(kubeconfig, target("v1"), image("v1"))
    _deploy(kubeconfig, target("v2"), image("v2"))
    app_server.ready_status = 503  # a database blip while someone re-runs the deploy job
    with pytest.raises(d.SmokeFailed) as failed:
        _deploy(kubeconfig, target("v2"), image("v2"))
    message = str(failed.value)
    assert "did not change the pod template" in message
    assert "nothing was rolled back" in message
    assert "rolled back to" not in message
    assert failed.value.exit_code == 7
    assert deployed_image(with_namespace) == image("v2")  # not v1, the release before it
    assert _revision(with_namespace) == "2"


def test_a_failed_release_goes_back_to_exactly_what_ran_before(
    with_namespace: FakeKubeApi, kubeconfig: Path, app_server: ScriptedApp
) -> None:
    """v1, v2, then `slipway rollback` to v1 by hand: v3 fails and goes back to v1 (what ran
    before it), with v1's own pod template."""
    _deploy(kubeconfig, target("v1"), image("v1"))
    _deploy(kubeconfig, target("v2"), image("v2"))
    cluster = d.connect(kubeconfig, None, APP_NAMESPACE)
    d.undo(cluster, "slipway", FAST)
    before = with_namespace.get("apps/v1", "deployments", "slipway")
    assert before is not None
    assert deployed_image(with_namespace) == image("v1")
    app_server.chat_status = 500
    with pytest.raises(d.SmokeFailed) as failed:
        _deploy(kubeconfig, target("v3"), image("v3"))
    assert f"rolled back to revision 3 ({image('v1')})" in str(failed.value)
    after = with_namespace.get("apps/v1", "deployments", "slipway")
    assert after is not None
    assert after["spec"]["template"] == before["spec"]["template"]


def test_a_redeploy_that_changes_the_template_still_rolls_back(
    with_namespace: FakeKubeApi, kubeconfig: Path, app_server: ScriptedApp
) -> None:
    """Same image, a new pod template (a new setting): the failure undoes the new template."""
    _deploy(kubeconfig, target("v1"), image("v1"))
    before = with_namespace.get("apps/v1", "deployments", "slipway")
    assert before is not None
    changed = target("v1")
    template = changed.find("Deployment")["spec"]["template"]
    template["metadata"]["annotations"]["example.org/changed"] = "yes"
    app_server.ready_status = 503
    with pytest.raises(d.SmokeFailed) as failed:
        _deploy(kubeconfig, changed, image("v1"))
    assert "rolled back to revision 1" in str(failed.value)
    after = with_namespace.get("apps/v1", "deployments", "slipway")
    assert after is not None
    assert after["spec"]["template"] == before["spec"]["template"]
