"""Probe 28, H-1: Grafana's admin password comes from the Secret ``grafana-admin``, which the
``monitoring-config`` release makes (External Secrets generates it); that release depended on
kube-prometheus-stack, whose atomic install waits for Grafana's pod, which cannot start without
the Secret: the first apply timed out and rolled back. monitoring-config now comes first (and
creates the namespace); kube-prometheus-stack waits for it."""

from __future__ import annotations

import json

import pytest

from infra.platform.builder import GRAFANA_ADMIN_SECRET
from tests.conftest import ROOT


@pytest.mark.parametrize("env", ["dev", "staging", "prod"])
def test_grafanas_admin_secret_is_made_before_grafana(env: str) -> None:
    rendered = json.loads((ROOT / "terraform" / env / "cdk.tf.json").read_text())
    releases = rendered["resource"]["helm_release"]
    stack, config = releases["kube-prometheus-stack"], releases["monitoring-config"]
    assert "helm_release.monitoring-config" in stack["depends_on"]
    assert "helm_release.kube-prometheus-stack" not in config["depends_on"]
    assert config["create_namespace"] is True
    assert config["namespace"] == stack["namespace"]
    objects = json.loads(config["values"][0])["resources"]
    made = {o["metadata"]["name"] for o in objects if o["kind"] == "ExternalSecret"}
    assert GRAFANA_ADMIN_SECRET in made
    grafana = json.loads(stack["values"][0])["grafana"]["admin"]
    assert grafana["existingSecret"] == GRAFANA_ADMIN_SECRET


@pytest.mark.parametrize("env", ["dev", "staging", "prod"])
def test_the_control_plane_eks_hides_is_not_scraped_nor_alerted_on(env: str) -> None:
    """Probe 28, M-1: on EKS the scheduler and controller manager are out of reach and
    kube-proxy serves its metrics on localhost: the chart's KubeSchedulerDown,
    KubeControllerManagerDown and KubeProxyDown (critical) fired for ever, now that alerts page."""
    rendered = json.loads((ROOT / "terraform" / env / "cdk.tf.json").read_text())
    values = json.loads(rendered["resource"]["helm_release"]["kube-prometheus-stack"]["values"][0])
    for component in ("kubeControllerManager", "kubeScheduler", "kubeProxy"):
        assert values[component] == {"enabled": False}, component


def test_bootstraps_access_denied_hint_names_the_ebs_calls() -> None:
    """Probe 28, L-5: bootstrap turns on EBS encryption by default (probe 25, L7), and its
    access-denied hint, which lists what to grant, did not name those two calls."""
    from botocore.exceptions import ClientError

    from infra.bootstrap import _client_error, backend_for_env

    backend = backend_for_env("dev")
    denied = ClientError(
        {"Error": {"Code": "UnauthorizedOperation", "Message": "no"}},
        "EnableEbsEncryptionByDefault",
    )
    message = str(_client_error(denied, backend, "arn:aws:iam::111122223333:user/ana"))
    assert "ec2:GetEbsEncryptionByDefault / ec2:EnableEbsEncryptionByDefault" in message
