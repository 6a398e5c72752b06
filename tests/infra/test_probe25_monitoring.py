"""Probe 25 (M4): the alerts reach someone, Grafana's admin password is not the chart's default,
and the dashboard comes with the platform.

Before: kube-prometheus-stack's values set only Prometheus' storage and Grafana's service, so
Alertmanager routed every alert to the chart's ``null`` receiver, Grafana kept the admin
password ``prom-operator``, and the dashboard needed a manual ``kubectl`` step.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from infra.platform import build_platform
from infra.platform.builder import (
    ALERT_RECEIVER_DIR,
    ALERT_RECEIVER_SECRET,
    DASHBOARD,
    GRAFANA_ADMIN_SECRET,
)
from infra.spec import load_spec
from tests.conftest import ROOT

ENVS = ("dev", "staging", "prod")


def platform(env: str) -> Any:
    return build_platform(load_spec(env))


def release(env: str, release_id: str) -> Any:
    (found,) = [r for r in platform(env).helm_releases if r.id == release_id]
    return found


def objects(env: str) -> dict[tuple[str, str], dict[str, Any]]:
    values = release(env, "monitoring-config").values
    return {(o["kind"], o["metadata"]["name"]): o for o in values["resources"]}


@pytest.mark.parametrize("env", ENVS)
def test_alerts_are_routed_to_receivers_read_from_secrets_manager(env: str) -> None:
    values = release(env, "kube-prometheus-stack").values["alertmanager"]
    config = values["config"]
    assert config["route"]["receiver"] != "null"
    receivers = {r["name"]: r for r in config["receivers"]}
    routes = config["route"]["routes"]
    # critical alerts page in prod only (probe 28, M-1: elsewhere they go to the webhook); the
    # rest go to the webhook; the info alerts (SlipwayNoTraffic outside prod, probe 25 L5) are
    # dropped, and the chart's Watchdog outside prod (in prod it is the heartbeat)
    paged = "pagerduty" if env == "prod" else "webhook"
    assert {"receiver": paged, "matchers": ['severity = "critical"']} in routes
    dropped = [r for r in routes if r["receiver"] == "null"]
    watchdog = [{"receiver": "null", "matchers": ['alertname = "Watchdog"']}]
    assert dropped == [
        *([] if env == "prod" else watchdog),
        *[{"receiver": "null", "matchers": ['severity = "info"']}],
    ]
    (pagerduty,) = receivers["pagerduty"]["pagerduty_configs"]
    (webhook,) = receivers["webhook"]["webhook_configs"]
    # the keys come from files of the mounted Secret, never from the values (nor the state)
    assert pagerduty["routing_key_file"] == f"{ALERT_RECEIVER_DIR}/pagerduty_routing_key"
    assert webhook["url_file"] == f"{ALERT_RECEIVER_DIR}/webhook_url"
    assert "routing_key" not in pagerduty
    assert "url" not in webhook
    spec = values["alertmanagerSpec"]
    (volume,) = spec["volumes"]
    # optional: Alertmanager starts before the producer has written the secret
    assert volume["secret"] == {"secretName": ALERT_RECEIVER_SECRET, "optional": True}
    (mount,) = spec["volumeMounts"]
    assert mount["mountPath"] == ALERT_RECEIVER_DIR
    assert mount["name"] == volume["name"]

    # that Secret is an ExternalSecret of slipway-<env>/alertmanager, read by its own IRSA role
    external = objects(env)[("ExternalSecret", ALERT_RECEIVER_SECRET)]
    assert external["spec"]["target"]["name"] == ALERT_RECEIVER_SECRET
    (secret,) = [s for s in platform(env).secrets if s.id == "alertmanager-receiver"]
    assert external["spec"]["dataFrom"] == [{"extract": {"key": secret.name}}]
    assert secret.name == f"slipway-{env}/alertmanager"
    assert not secret.managed_value  # written by its producer, never by the stack
    store = objects(env)[("SecretStore", external["spec"]["secretStoreRef"]["name"])]
    account = store["spec"]["provider"]["aws"]["auth"]["jwt"]["serviceAccountRef"]["name"]
    annotations = objects(env)[("ServiceAccount", account)]["metadata"]["annotations"]
    role_id = annotations["eks.amazonaws.com/role-arn"].target
    assert [r.target for r in secret.readers] == [role_id] == ["monitoring-secrets-role"]


@pytest.mark.parametrize("env", ENVS)
def test_the_alert_receiver_role_reads_that_secret_only(env: str) -> None:
    doc = json.loads((ROOT / "terraform" / env / "cdk.tf.json").read_text())
    role = doc["resource"]["aws_iam_role"]["monitoring-secrets-role"]
    trust = json.loads(role["assume_role_policy"])
    (statement,) = trust["Statement"]
    subjects = [v for k, v in statement["Condition"]["StringEquals"].items() if k.endswith(":sub")]
    assert subjects == [["system:serviceaccount:monitoring:monitoring-secrets"]]
    policy = json.loads(
        doc["resource"]["aws_iam_role_policy"]["monitoring-secrets-role-policy"]["policy"]
    )
    reads = [s for s in policy["Statement"] if "secretsmanager:GetSecretValue" in s["Action"]]
    assert [s["Resource"] for s in reads] in (
        ["${aws_secretsmanager_secret.alertmanager-receiver.arn}"],
        [["${aws_secretsmanager_secret.alertmanager-receiver.arn}"]],
    )


@pytest.mark.parametrize("env", ENVS)
def test_grafana_admin_password_is_generated_in_the_cluster(env: str) -> None:
    grafana = release(env, "kube-prometheus-stack").values["grafana"]
    assert "adminPassword" not in grafana
    admin = grafana["admin"]
    assert admin["existingSecret"] == GRAFANA_ADMIN_SECRET
    external = objects(env)[("ExternalSecret", GRAFANA_ADMIN_SECRET)]
    target = external["spec"]["target"]
    assert target["name"] == GRAFANA_ADMIN_SECRET
    assert set(target["template"]["data"]) == {admin["userKey"], admin["passwordKey"]}
    (source,) = external["spec"]["dataFrom"]
    generator = source["sourceRef"]["generatorRef"]
    assert generator["kind"] == "Password"
    password = objects(env)[("Password", generator["name"])]
    assert password["spec"]["length"] >= 24
    assert external["spec"]["refreshInterval"] == "0s"  # generated once, never rotated
    # and it never passes through the Terraform state: no such value in the rendered JSON
    assert "prom-operator" not in (ROOT / "terraform" / env / "cdk.tf.json").read_text()


@pytest.mark.parametrize("env", ENVS)
def test_the_dashboard_is_a_configmap_the_grafana_sidecar_loads(env: str) -> None:
    sidecar = release(env, "kube-prometheus-stack").values["grafana"]["sidecar"]["dashboards"]
    assert sidecar["enabled"] is True
    config_map = objects(env)[("ConfigMap", "slipway-dashboard")]
    assert config_map["metadata"]["labels"] == {sidecar["label"]: sidecar["labelValue"]}
    assert config_map["metadata"]["namespace"] == release(env, "kube-prometheus-stack").namespace
    carried = config_map["data"]["slipway.json"]
    # Terraform would read Grafana's ${datasource} as its own interpolation: $datasource
    assert "${" not in carried
    assert json.loads(carried) == json.loads(
        DASHBOARD.read_text().replace("${datasource}", "$datasource")
    )
    # the objects come before the stack, whose Grafana needs their admin Secret (probe 28, H-1)
    assert "external-secrets" in release(env, "monitoring-config").depends_on
    assert "monitoring-config" in release(env, "kube-prometheus-stack").depends_on


def test_the_monitoring_readme_no_longer_asks_for_a_manual_dashboard_step() -> None:
    readme = (ROOT / "infra" / "monitoring" / "README.md").read_text()
    assert "kubectl -n monitoring create configmap slipway-dashboard" not in readme
    assert "slipway-<env>/alertmanager" in readme
