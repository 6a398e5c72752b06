"""The rendered Kubernetes objects: schema-valid for the cluster's version, secure by default,
consistent with the platform model, clean under checkov, and written by `slipway k8s render`."""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from infra.k8s.names import APP_NAMESPACE, APP_SERVICE_ACCOUNT
from infra.k8s.rbac import access_objects
from infra.k8s.render import (
    ACCESS_FILE_NAME,
    ASSISTANT,
    config_data,
    migration_job_name,
    render,
    write,
)
from infra.k8s.settings import K8sSettings
from infra.k8s.validate import ManifestError, schema_version, validate_object
from infra.platform.builder import build_platform
from infra.spec import ENVIRONMENTS, load_spec
from tests.checkov import checkov_scan
from tests.conftest import ROOT
from tests.k8s.conftest import ACCOUNT, image
from tests.test_settings_documented import env_names, settings_reference

CHECKOV_CONFIG = ROOT / "infra" / "k8s" / "checkov.yaml"
KINDS = [
    "Namespace",
    "ServiceAccount",
    "ServiceAccount",  # the migration Job's (probe 25, M2)
    "ConfigMap",
    "SecretStore",
    "SecretStore",  # the migration Job's, as its own role
    "ExternalSecret",
    "ExternalSecret",
    "ExternalSecret",  # slipway-migration: the owner role's URL (probe 25, M2)
    "ExternalSecret",
    "Service",
    "Ingress",
    "HorizontalPodAutoscaler",
    "PodDisruptionBudget",
    "NetworkPolicy",
    "NetworkPolicy",
    "NetworkPolicy",
    "ServiceMonitor",
    "PrometheusRule",
    "Job",
    "Deployment",
]


def one(objects: list[dict[str, Any]], kind: str, name: str | None = None) -> dict[str, Any]:
    found = [o for o in objects if o["kind"] == kind and name in (None, o["metadata"]["name"])]
    assert len(found) == 1, (kind, name, len(found))
    return found[0]


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_every_object_is_valid_for_the_cluster_version(
    env: str, rendered: dict[str, list[dict[str, Any]]]
) -> None:
    version = schema_version(load_spec(env).cluster.version)
    assert version == "1.33.0"
    objects = rendered[env]
    assert [o["kind"] for o in objects] == KINDS
    for obj in objects:
        validate_object(obj, version)
        if obj["kind"] != "Namespace":
            assert obj["metadata"]["namespace"] == APP_NAMESPACE


@pytest.mark.parametrize(
    ("kind", "breaks", "message"),
    [
        ("Deployment", lambda o: o["spec"].update(replicas="two"), "spec.replicas"),
        (
            "Deployment",
            lambda o: o["spec"]["template"]["spec"].update(hostNetwrk=True),
            "hostNetwrk",
        ),
        ("ServiceMonitor", lambda o: o["spec"].pop("endpoints"), "endpoints"),
        ("ExternalSecret", lambda o: o["spec"]["data"][0].pop("remoteRef"), "remoteRef"),
        ("SecretStore", lambda o: o["spec"]["provider"]["aws"].update(service="S3"), "S3"),
    ],
)
def test_invalid_objects_are_rejected_with_where(
    rendered: dict[str, list[dict[str, Any]]], kind: str, breaks: Any, message: str
) -> None:
    names = {
        "Deployment": "slipway",
        "ExternalSecret": "slipway-openai",
        "SecretStore": "slipway-aws",
    }
    obj = copy.deepcopy(one(rendered["dev"], kind, names.get(kind)))
    breaks(obj)
    with pytest.raises(ManifestError, match=re.escape(message)) as error:
        validate_object(obj, "1.33.0")
    assert str(error.value).startswith(f"{kind} ")


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_the_assistant_runs_hardened(env: str, rendered: dict[str, list[dict[str, Any]]]) -> None:
    deployment = one(rendered[env], "Deployment")
    pod = deployment["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] == 10001  # the Dockerfile's user
    assert pod["automountServiceAccountToken"] is False
    assert pod["serviceAccountName"] == APP_SERVICE_ACCOUNT
    sc = container["securityContext"]
    assert sc["readOnlyRootFilesystem"] is True
    assert sc["allowPrivilegeEscalation"] is False
    assert sc["capabilities"] == {"drop": ["ALL"]}
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["startupProbe"]["httpGet"]["path"] == "/healthz"
    assert set(container["resources"]) == {"requests", "limits"}
    assert container["ports"][0] == {"name": "http", "containerPort": 8000, "protocol": "TCP"}
    assert {"name": "tmp", "mountPath": "/tmp"} in container["volumeMounts"]
    # graceful shutdown: the preStop pause and gunicorn's graceful timeout fit the grace period
    config = one(rendered[env], "ConfigMap")["data"]
    pause = container["lifecycle"]["preStop"]["sleep"]["seconds"]
    assert pod["terminationGracePeriodSeconds"] > pause + int(config["SLIPWAY_GRACEFUL_TIMEOUT"])
    keys = {c["topologyKey"] for c in pod["topologySpreadConstraints"]}
    assert keys == {"topology.kubernetes.io/zone", "kubernetes.io/hostname"}
    assert deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    assert deployment["spec"]["revisionHistoryLimit"] >= 2  # rollback needs the history
    # metrics contract (helpers/METRICS.md): pod labels
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert labels["app.kubernetes.io/name"] == "slipway"
    assert labels["app.kubernetes.io/part-of"] == "slipway"


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_objects_follow_the_spec_and_platform(
    env: str, rendered: dict[str, list[dict[str, Any]]]
) -> None:
    spec = load_spec(env)
    platform = build_platform(spec)
    objects = rendered[env]
    assert one(objects, "Deployment")["spec"]["replicas"] == spec.app.replicas
    hpa = one(objects, "HorizontalPodAutoscaler")["spec"]
    assert (hpa["minReplicas"], hpa["maxReplicas"]) == (spec.app.hpa_min, spec.app.hpa_max)
    ingress = one(objects, "Ingress")["spec"]
    assert ingress["tls"] == [{"hosts": [spec.app.domain]}]
    assert ingress["rules"][0]["host"] == spec.app.domain
    sa = one(objects, "ServiceAccount", "slipway-assistant")
    role = platform.role("app-role")
    assert sa["metadata"]["annotations"]["eks.amazonaws.com/role-arn"] == (
        f"arn:aws:iam::{ACCOUNT}:role/{role.name}"
    )
    # the IRSA trust of the app role names exactly this namespace and service account
    subject = role.trust[0].conditions[0].values[0]
    assert subject == f"system:serviceaccount:{APP_NAMESPACE}:{sa['metadata']['name']}"
    external = one(objects, "ExternalSecret", "slipway-openai")["spec"]
    assert external["data"][0]["remoteRef"]["key"] == platform.secret("openai-api-key").name
    store = one(objects, "SecretStore", "slipway-aws")["spec"]["provider"]["aws"]
    assert store["region"] == platform.region
    monitor = one(objects, "ServiceMonitor")["spec"]
    assert monitor["endpoints"][0]["path"] == "/metrics"
    service_labels = one(objects, "Service")["metadata"]["labels"]
    assert monitor["selector"]["matchLabels"].items() <= service_labels.items()
    egress_ports = {
        p["port"]
        for rule in one(objects, "NetworkPolicy", "slipway")["spec"]["egress"]
        for p in rule["ports"]
    }
    assert egress_ports == {53, platform.database.port, platform.cache.port, 443}


def test_metrics_stay_off_the_ingress(rendered: dict[str, list[dict[str, Any]]]) -> None:
    """/metrics has a port of its own: the ServiceMonitor scrapes it, the Ingress routes only the
    app port, and only the monitoring namespace may reach the metrics port (the VPC, where the
    load balancer's targets come from, only the app port)."""
    objects = rendered["prod"]
    data = config_data()
    metrics_port = int(data["SLIPWAY_METRICS_PORT"])
    container = one(objects, "Deployment")["spec"]["template"]["spec"]["containers"][0]
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert ports["metrics"] == metrics_port
    assert ports["http"] == int(data["SLIPWAY_BIND"].rsplit(":", 1)[1]) != metrics_port
    service = {p["name"]: p["targetPort"] for p in one(objects, "Service")["spec"]["ports"]}
    assert service == {"http": "http", "metrics": "metrics"}
    assert one(objects, "ServiceMonitor")["spec"]["endpoints"][0]["port"] == "metrics"
    backends = [
        path["backend"]["service"]["port"]["name"]
        for rule in one(objects, "Ingress")["spec"]["rules"]
        for path in rule["http"]["paths"]
    ]
    assert backends == ["http"]
    allowed = {}
    for rule in one(objects, "NetworkPolicy", "slipway")["spec"]["ingress"]:
        for source in rule["from"]:
            who = "vpc" if "ipBlock" in source else source["namespaceSelector"]["matchLabels"]
            allowed[str(who)] = {p["port"] for p in rule["ports"]}
    assert allowed["vpc"] == {ports["http"]}
    monitoring = str({"kubernetes.io/metadata.name": "monitoring"})
    assert allowed[monitoring] == {metrics_port}


def test_the_config_map_holds_no_secrets() -> None:
    data = config_data()
    assert data["SLIPWAY_DB_UPGRADE_ON_START"] == "false"  # the migration Job does it
    assert data["SLIPWAY_BIND"] == "0.0.0.0:8000"
    assert data["SLIPWAY_TRUSTED_PROXY_HOPS"] == "1"  # the ALB: per-address limits see the client
    for key in data:
        assert not re.search(r"URL|URI|KEY|TOKEN|PASSWORD|SECRET", key), key
    assert "SLIPWAY_MODEL_PATH" not in data  # baked into the image


def test_a_new_image_gets_its_own_migration_job(rendered: dict[str, list[dict[str, Any]]]) -> None:
    spec = load_spec("dev")
    other = render(spec, build_platform(spec), image("v2"), ACCOUNT)
    first, second = one(rendered["dev"], "Job"), one(other, "Job")
    assert first["metadata"]["name"] == migration_job_name(image("v1"))
    assert first["metadata"]["name"] != second["metadata"]["name"]
    assert second["spec"]["template"]["spec"]["containers"][0]["image"] == image("v2")
    # migration pods are not selected by the Service or counted by the Deployment
    assert first["spec"]["template"]["metadata"]["labels"] != ASSISTANT


def test_k8s_settings_are_documented() -> None:
    readme = settings_reference()  # docs/settings.md, generated from the classes
    example = (ROOT / ".env.example").read_text()
    table = {m.group(1) for m in re.finditer(r"^\|\s*`([A-Z0-9_]+)`", readme, re.M)}
    for name in env_names(K8sSettings):
        assert name in table, f"{name} missing from the README settings table"
        assert re.search(rf"^#?\s*{name}=", example, re.M), f"{name} missing from .env.example"


def test_render_command_writes_valid_yaml(tmp_path: Path) -> None:
    from pipelines.cli import app

    done = CliRunner().invoke(
        app,
        ["k8s", "render", "--env", "staging", "--image", image("v9"), "--out", str(tmp_path)],
        env={"SLIPWAY_AWS_ACCOUNT_ID": ACCOUNT},
    )
    assert done.exit_code == 0, done.output
    assert "valid for Kubernetes 1.33.0" in done.output
    docs = list(yaml.safe_load_all((tmp_path / "staging" / "slipway.yaml").read_text()))
    assert [d["kind"] for d in docs] == KINDS
    assert one(docs, "Deployment")["spec"]["template"]["spec"]["containers"][0]["image"] == (
        image("v9")
    )
    access = list(yaml.safe_load_all((tmp_path / "staging" / "access.yaml").read_text()))
    assert [d["kind"] for d in access] == ["Namespace", "Role", "RoleBinding"]
    assert "access.yaml" in done.output


def test_every_checkov_skip_has_a_written_reason() -> None:
    lines = CHECKOV_CONFIG.read_text().splitlines()
    start = lines.index("skip-check:")
    skips = [(i, line) for i, line in enumerate(lines) if i > start and line.strip()[:2] == "- "]
    assert skips
    for i, line in skips:
        assert re.fullmatch(r"\s+- CKV2?_K8S_\d+(\s+# .+)?", line), line
        above = lines[i - 1].strip()
        assert "#" in line or above.startswith("#"), f"skip without a reason: {line.strip()}"


@pytest.mark.slow
def test_checkov_finds_nothing(rendered: dict[str, list[dict[str, Any]]], tmp_path: Path) -> None:
    for env, objects in rendered.items():
        write(objects, tmp_path, env)
        write(access_objects(objects), tmp_path, env, ACCESS_FILE_NAME)  # the deploy Role too
    failed, passed, returncode = checkov_scan(CHECKOV_CONFIG, tmp_path)
    assert failed == []
    assert passed > 500
    assert returncode == 0


def test_rendering_needs_none_of_the_app_dependencies() -> None:
    """CI's deploy job installs only the infra group: no Flask, so no `app` package import."""
    code = (
        "import sys\n"
        "for blocked in ('flask', 'apiflask', 'sqlalchemy'):\n"
        "    sys.modules[blocked] = None\n"
        "from infra.k8s.render import config_data, render\n"
        "from infra.platform.builder import build_platform\n"
        "from infra.spec import load_spec\n"
        "import infra.k8s.rollout\n"
        "spec = load_spec('dev')\n"
        "objects = render(spec, build_platform(spec), 'repo:tag', '123456789012')\n"
        "assert 'app' not in sys.modules\n"
        "print(len(objects), config_data()['SLIPWAY_BIND'])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(len(KINDS)), "0.0.0.0:8000"]


def test_the_monitoring_rules_ship_as_a_prometheus_rule() -> None:
    """The promtool-tested rule file, unchanged, in an object Prometheus' operator selects."""
    from infra.k8s.render import RULE_SELECTOR, RULES_FILE, prometheus_rule

    rule = prometheus_rule()
    assert rule["metadata"]["labels"].items() >= RULE_SELECTOR.items()
    assert rule["spec"]["groups"] == yaml.safe_load(RULES_FILE.read_text())["groups"]
    alerts = [r["alert"] for g in rule["spec"]["groups"] for r in g["rules"] if "alert" in r]
    assert {"SlipwayHighErrorRate", "SlipwayLLMFallbackRateHigh", "SlipwayNoTraffic"} <= set(alerts)
