"""The deploy identity may apply every kind it renders: its EKS access policy (edit) covers the
built-in groups, the rendered Role the custom kinds and the one Secret it reads (the smoke-test
token, ``get`` by name); the fake API server enforces RBAC from the Role and RoleBinding stored in
it, so a missing rule is a 403 naming the kind or the Secret."""

from __future__ import annotations

import base64
import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from infra.k8s import rollout as d
from infra.k8s.names import APP_NAMESPACE, DEPLOY_GROUP
from infra.k8s.rbac import DEPLOY_READS, DEPLOY_ROLE, access_objects, custom_kinds, deploy_role
from infra.k8s.render import SMOKE_SECRET, SMOKE_SECRET_KEY
from tests.fakes import kube_api
from tests.fakes.kube_api import DEPLOY_TOKEN, FakeKubeApi
from tests.k8s.conftest import ACCOUNT, SMOKE_TOKEN, ScriptedApp, image

Objects = list[dict[str, Any]]
CUSTOM = {
    ("external-secrets.io", "secretstores"),
    ("external-secrets.io", "externalsecrets"),
    ("monitoring.coreos.com", "servicemonitors"),
    ("monitoring.coreos.com", "prometheusrules"),
}


def test_the_role_grants_every_custom_kind_once(rendered: dict[str, Objects]) -> None:
    for objects in rendered.values():
        role = deploy_role(objects)
        kinds = [r for r in role["rules"] if "resourceNames" not in r]
        granted = [(r["apiGroups"][0], r["resources"][0]) for r in kinds]
        assert sorted(granted) == sorted(CUSTOM)
        assert all({"get", "patch", "create"} <= set(r["verbs"]) for r in kinds)
        # the one Secret the deploy reads: get, that name only
        reads = [r for r in role["rules"] if "resourceNames" in r]
        assert reads == [
            {
                "apiGroups": [""],
                "resources": ["secrets"],
                "resourceNames": [SMOKE_SECRET],
                "verbs": ["get"],
            }
        ]
        assert [k for _, k in custom_kinds(objects)] == [
            "SecretStore",
            "ExternalSecret",
            "ServiceMonitor",
            "PrometheusRule",
        ]
    namespace, role, binding = access_objects(rendered["prod"])
    assert namespace["kind"] == "Namespace"
    assert binding["roleRef"] == {
        "apiGroup": "rbac.authorization.k8s.io",
        "kind": "Role",
        "name": DEPLOY_ROLE,
    }
    assert binding["subjects"] == [
        {"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": DEPLOY_GROUP}
    ]
    assert role["metadata"]["namespace"] == binding["metadata"]["namespace"] == APP_NAMESPACE


@pytest.fixture
def guarded(app_server: ScriptedApp) -> Iterator[FakeKubeApi]:
    """A cluster enforcing RBAC for the deploy identity of the access entry."""
    with FakeKubeApi(proxy_target=app_server.url, rbac=True, deploy_groups=(DEPLOY_GROUP,)) as fake:
        yield fake


def _admin_applies(kube: FakeKubeApi, objects: Objects) -> None:
    """What the cluster admin does once: access.yaml; and what External Secrets makes from the
    platform's generated token: the Secret slipway-smoke."""
    for obj in objects:
        kube.put(obj)
    kube.put(
        {
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": {"name": SMOKE_SECRET, "namespace": APP_NAMESPACE},
            "data": {SMOKE_SECRET_KEY: base64.b64encode(SMOKE_TOKEN.encode()).decode()},
        }
    )


def _deploy(kube: FakeKubeApi, tmp_path: Path) -> Any:
    """``slipway deploy`` as the deploy identity, with no token given: it reads the platform's."""
    from pipelines.cli import app

    config = kube.write_kubeconfig(tmp_path / "deployer", token=DEPLOY_TOKEN)
    env = {
        "SLIPWAY_KUBECONFIG": str(config),
        "SLIPWAY_AWS_ACCOUNT_ID": ACCOUNT,
        "SLIPWAY_DEPLOY_POLL_INTERVAL": "0.05",
        "SLIPWAY_DEPLOY_ROLLOUT_TIMEOUT": "5",
    }
    return CliRunner().invoke(app, ["deploy", "--env", "dev", "--image", image("v1")], env=env)


def test_the_deploy_identity_deploys_with_the_rendered_role(
    guarded: FakeKubeApi, rendered: dict[str, Objects], tmp_path: Path
) -> None:
    _admin_applies(guarded, access_objects(rendered["dev"]))
    done = _deploy(guarded, tmp_path)
    assert done.exit_code == 0, done.output
    assert guarded.get("external-secrets.io/v1", "externalsecrets", "slipway-runtime")
    assert guarded.get("monitoring.coreos.com/v1", "prometheusrules", "slipway")


@pytest.mark.parametrize(
    ("resource", "kind"),
    [
        ("secretstores", "SecretStore"),
        ("externalsecrets", "ExternalSecret"),
        ("servicemonitors", "ServiceMonitor"),
        ("prometheusrules", "PrometheusRule"),
    ],
)
def test_a_missing_rule_fails_the_deploy_naming_the_kind(
    guarded: FakeKubeApi,
    rendered: dict[str, Objects],
    tmp_path: Path,
    resource: str,
    kind: str,
) -> None:
    namespace, role, binding = copy.deepcopy(access_objects(rendered["dev"]))
    (rule,) = [r for r in role["rules"] if r["resources"] == [resource]]
    role["rules"].remove(rule)
    _admin_applies(guarded, [namespace, role, binding])
    done = _deploy(guarded, tmp_path)
    assert done.exit_code == d.ApiFailure.exit_code, done.output
    output = " ".join(done.output.split())
    group = rule["apiGroups"][0]
    assert f"the deploy identity may not apply {kind} ({resource}.{group}) in namespace" in output
    assert "nothing was applied" in output
    assert "access.yaml" in output
    assert "Traceback" not in output
    # checked before anything changed
    assert not [r for r in guarded.requests if r[0] == "PATCH"]
    assert not guarded.items("v1", "configmaps")


def test_without_the_binding_every_custom_kind_is_named(
    guarded: FakeKubeApi, rendered: dict[str, Objects], tmp_path: Path
) -> None:
    """The edit policy alone covers the built-in kinds only."""
    namespace, role, _ = access_objects(rendered["dev"])
    _admin_applies(guarded, [namespace, role])
    done = _deploy(guarded, tmp_path)
    assert done.exit_code == 3, done.output
    output = " ".join(done.output.split())
    assert (
        "may not apply SecretStore (secretstores.external-secrets.io), ExternalSecret "
        "(externalsecrets.external-secrets.io), ServiceMonitor "
        "(servicemonitors.monitoring.coreos.com), PrometheusRule "
        "(prometheusrules.monitoring.coreos.com) in namespace slipway" in output
    )


def test_a_403_while_applying_still_names_the_kind(
    guarded: FakeKubeApi, rendered: dict[str, Objects], tmp_path: Path
) -> None:
    """Permissions taken away between the check and the apply: the API's 403, with the kind."""
    _admin_applies(guarded, access_objects(rendered["dev"]))
    guarded.fail("PATCH", "/servicemonitors/", 403)
    done = _deploy(guarded, tmp_path)
    assert done.exit_code == 3, done.output
    output = " ".join(done.output.split())
    assert "apply ServiceMonitor slipway: HTTP 403" in output
    assert "Role slipway-deploy" in output


@pytest.fixture
def edit_without_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    """An access entry narrower than ``edit``: no Secret of the namespace is readable through
    it, so only the rendered Role can let the deploy read the smoke-test token."""
    core = kube_api.EDIT_POLICY[""] - {"secrets"}
    monkeypatch.setitem(kube_api.EDIT_POLICY, "", core)


@pytest.mark.usefixtures("edit_without_secrets")
def test_the_deploy_reads_the_platforms_smoke_token_through_the_role(
    guarded: FakeKubeApi, rendered: dict[str, Objects], tmp_path: Path, app_server: ScriptedApp
) -> None:
    _admin_applies(guarded, access_objects(rendered["dev"]))
    done = _deploy(guarded, tmp_path)
    assert done.exit_code == 0, done.output
    assert f"smoke-test token read from Secret {SMOKE_SECRET}" in done.output
    assert "smoke test passed" in done.output
    reads = [r for r in guarded.requests if r[0] == "GET" and "/secrets/" in r[1]]
    assert [r[1].rsplit("/", 1)[1] for r in reads] == [SMOKE_SECRET]  # that Secret, nothing else
    assert [r[0] for r in DEPLOY_READS] == [""]


@pytest.mark.usefixtures("edit_without_secrets")
def test_without_the_secret_grant_the_deploy_stops_with_403_before_applying(
    guarded: FakeKubeApi, rendered: dict[str, Objects], tmp_path: Path
) -> None:
    namespace, role, binding = copy.deepcopy(access_objects(rendered["dev"]))
    role["rules"] = [r for r in role["rules"] if "resourceNames" not in r]
    _admin_applies(guarded, [namespace, role, binding])
    done = _deploy(guarded, tmp_path)
    assert done.exit_code == d.ApiFailure.exit_code, done.output
    output = " ".join(done.output.split())
    assert f"may not get secrets {SMOKE_SECRET} in namespace slipway" in output
    assert "nothing was applied" in output
    assert not [r for r in guarded.requests if r[0] == "PATCH"]
    # and the API server itself refuses the read with 403 (what the review predicted)
    import requests

    answer = requests.get(
        f"{guarded.url}/api/v1/namespaces/{APP_NAMESPACE}/secrets/{SMOKE_SECRET}",
        headers={"Authorization": f"Bearer {DEPLOY_TOKEN}"},
        timeout=10,
    )
    assert answer.status_code == 403
    assert 'cannot get resource "secrets"' in answer.json()["message"]


@pytest.mark.usefixtures("edit_without_secrets")
def test_the_grant_is_for_that_secret_only(
    guarded: FakeKubeApi, rendered: dict[str, Objects]
) -> None:
    import requests

    _admin_applies(guarded, access_objects(rendered["dev"]))
    for name, status in ((SMOKE_SECRET, 200), ("slipway-runtime", 403)):
        answer = requests.get(
            f"{guarded.url}/api/v1/namespaces/{APP_NAMESPACE}/secrets/{name}",
            headers={"Authorization": f"Bearer {DEPLOY_TOKEN}"},
            timeout=10,
        )
        assert answer.status_code == status, (name, answer.text)
