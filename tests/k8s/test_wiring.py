"""Every reference of the rendered objects has a producer (infra/k8s/wiring.py): Secrets,
ConfigMaps, ServiceAccounts, the IngressClass, SecretStores, Roles and custom kinds, in every
environment; the runtime Secret is assembled from what the platform makes."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from infra.k8s.names import DEPLOY_GROUP
from infra.k8s.rbac import deploy_rbac
from infra.k8s.render import (
    APP_DATABASE,
    MIGRATION_SECRET,
    RELOAD_ANNOTATION,
    RUNTIME_SECRET,
    endpoints_entry,
)
from infra.k8s.wiring import (
    ADDONS,
    REQUIREMENTS,
    problems,
    unmet_requirements,
    unprovisioned_addons,
)
from infra.platform.builder import build_platform
from infra.platform.model import Ref
from infra.spec import ENVIRONMENTS, load_spec
from tests.conftest import ROOT
from tests.k8s.conftest import ACCOUNT

Objects = list[dict[str, Any]]


def one(objects: Objects, kind: str, name: str | None = None) -> dict[str, Any]:
    found = [o for o in objects if o["kind"] == kind and name in (None, o["metadata"]["name"])]
    assert len(found) == 1, (kind, name, len(found))
    return found[0]


def with_rbac(objects: Objects) -> Objects:
    return [*objects, *deploy_rbac(objects)]


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_every_reference_has_a_producer(env: str, rendered: dict[str, Objects]) -> None:
    platform = build_platform(load_spec(env))
    assert problems(with_rbac(rendered[env]), platform, ACCOUNT) == []


def test_the_day_one_gaps_are_caught(rendered: dict[str, Objects]) -> None:
    """The objects as they were: the runtime Secret was left to an operator, so nothing produced
    it and nothing read the cache's AUTH token."""
    platform = build_platform(load_spec("dev"))
    before = [o for o in rendered["dev"] if o["metadata"]["name"] != RUNTIME_SECRET]
    found = problems(with_rbac(before), platform, ACCOUNT)
    assert "Deployment slipway: Secret slipway-runtime has no producer" in found
    assert "Deployment slipway: container assistant gets no SLIPWAY_DATABASE_URL" in found
    assert "Deployment slipway: container assistant gets no SLIPWAY_REDIS_URL" in found
    assert any(p.startswith("Job slipway-migrate-") and "slipway-runtime" in p for p in found)
    token = platform.secret(platform.cache.auth_secret).name
    assert f"Secrets Manager secret {token} (made for the app) has no ExternalSecret" in found


def _pod(objects: Objects) -> dict[str, Any]:
    spec: dict[str, Any] = one(objects, "Deployment")["spec"]["template"]["spec"]
    return spec


def _set_kind(objects: Objects) -> None:
    one(objects, "ServiceMonitor")["apiVersion"] = "monitoring.example.io/v1"


BREAKS: list[tuple[str, Callable[[Objects], None], str]] = [
    (
        "secretKeyRef",
        lambda o: _pod(o)["containers"][0]["env"][0]["valueFrom"]["secretKeyRef"].update(
            name="slipway-typo"
        ),
        "Deployment slipway: Secret slipway-typo has no producer",
    ),
    (
        "secretKeyRef key",
        lambda o: _pod(o)["containers"][0]["env"][0]["valueFrom"]["secretKeyRef"].update(
            key="OPENAI_KEY"
        ),
        "Deployment slipway: Secret slipway-openai gets no key OPENAI_KEY",
    ),
    (
        "configMapRef",
        lambda o: _pod(o)["containers"][0]["envFrom"][0]["configMapRef"].update(name="cfg"),
        "Deployment slipway: ConfigMap cfg has no producer",
    ),
    (
        "volume secret",
        lambda o: _pod(o)["volumes"].append({"name": "tls", "secret": {"secretName": "tls"}}),
        "Deployment slipway: Secret tls has no producer",
    ),
    (
        "serviceAccountName",
        lambda o: _pod(o).update(serviceAccountName="builder"),
        "Deployment slipway: ServiceAccount builder has no producer",
    ),
    (
        "ingressClassName",
        lambda o: one(o, "Ingress")["spec"].update(ingressClassName="nginx"),
        "Ingress slipway: IngressClass nginx has no producer",
    ),
    (
        "secretStoreRef",
        lambda o: one(o, "ExternalSecret", "slipway-openai")["spec"]["secretStoreRef"].update(
            name="vault"
        ),
        "ExternalSecret slipway-openai: SecretStore vault has no producer",
    ),
    (
        "remoteRef",
        lambda o: one(o, "ExternalSecret", "slipway-openai")["spec"]["data"][0]["remoteRef"].update(
            key="someone-elses/key"
        ),
        "ExternalSecret slipway-openai: Secrets Manager secret someone-elses/key is not one the "
        "app role may read",
    ),
    (
        "CRD kind",
        _set_kind,
        "ServiceMonitor slipway: kind monitoring.example.io/v1/ServiceMonitor has no add-on",
    ),
    (
        "annotation",
        lambda o: one(o, "Ingress")["metadata"]["annotations"].update(
            {"nginx.ingress.kubernetes.io/rewrite-target": "/"}
        ),
        "Ingress slipway: annotation nginx.ingress.kubernetes.io/rewrite-target has no controller",
    ),
    (
        "roleRef",
        lambda o: one(o, "RoleBinding")["roleRef"].update(name="other"),
        "RoleBinding slipway-deploy: Role other has no producer",
    ),
    (
        "deploy's Secret read",
        lambda o: one(o, "Role")["rules"][-1].update(resourceNames=["slipway-smoke-token"]),
        "Role slipway-deploy: Secret slipway-smoke-token has no producer",
    ),
]


def test_the_smoke_user_is_made_by_the_platform(rendered: dict[str, Objects]) -> None:
    """The smoke-test token was an operator's manual step: without its ExternalSecret, the
    migration Job's token and the deploy's read have no producer, and the platform's generated
    secret has no reader; with it, the Job gives the user that token before the rollout."""
    from infra.k8s.render import (
        MIGRATE,
        SMOKE_PLATFORM_SECRET,
        SMOKE_SECRET,
        SMOKE_SECRET_KEY,
        SMOKE_TOKEN_ENV,
        SMOKE_USER,
    )

    platform = build_platform(load_spec("prod"))
    generated = platform.secret(SMOKE_PLATFORM_SECRET)
    assert generated.generated_length is not None
    assert generated.generated_length >= 32
    assert Ref("app-role") in generated.readers
    before = [o for o in with_rbac(rendered["prod"]) if o["metadata"]["name"] != SMOKE_SECRET]
    found = problems(before, platform, ACCOUNT)
    assert any(p.startswith("Job slipway-migrate-") and SMOKE_SECRET in p for p in found), found
    assert f"Role slipway-deploy: Secret {SMOKE_SECRET} has no producer" in found
    assert f"Secrets Manager secret {generated.name} (made for the app) has no ExternalSecret" in (
        found
    )
    job = one(rendered["prod"], "Job")
    container = job["spec"]["template"]["spec"]["containers"][0]
    assert container["command"] == MIGRATE
    assert MIGRATE[MIGRATE.index("--ensure-user") + 1] == SMOKE_USER
    assert MIGRATE[MIGRATE.index("--token-env") + 1] == SMOKE_TOKEN_ENV
    assert container["env"] == [
        {
            "name": SMOKE_TOKEN_ENV,
            "valueFrom": {"secretKeyRef": {"name": SMOKE_SECRET, "key": SMOKE_SECRET_KEY}},
        }
    ]
    secret = one(rendered["prod"], "ExternalSecret", SMOKE_SECRET)
    assert secret["spec"]["data"] == [
        {"secretKey": SMOKE_SECRET_KEY, "remoteRef": {"key": generated.name}}
    ]


@pytest.mark.parametrize(("what", "breaks", "expected"), BREAKS, ids=[b[0] for b in BREAKS])
def test_each_dangling_reference_is_named(
    rendered: dict[str, Objects], what: str, breaks: Callable[[Objects], None], expected: str
) -> None:
    objects = copy.deepcopy(with_rbac(rendered["prod"]))
    breaks(objects)
    found = problems(objects, build_platform(load_spec("prod")), ACCOUNT)
    assert any(p.startswith(expected) for p in found), found


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_the_runtime_secret_comes_from_what_the_platform_makes(
    env: str, rendered: dict[str, Objects]
) -> None:
    platform = build_platform(load_spec(env))
    spec = one(rendered[env], "ExternalSecret", RUNTIME_SECRET)["spec"]
    remote = {d["secretKey"]: d["remoteRef"] for d in spec["data"]}
    assert remote["cache_token"] == {"key": platform.secret(platform.cache.auth_secret).name}
    assert remote["database_host"] == {
        "key": endpoints_entry(platform),
        "property": "database_host",
    }
    assert remote["cache_host"]["key"] == endpoints_entry(platform)
    # the app's own database role (probe 25, M2): its generated password, never the RDS master
    assert "dataFrom" not in spec
    assert "database_user" not in remote
    assert remote["database_password"] == {"key": platform.secret("db-app-password").name}
    assert ":secret:rds!" not in str(rendered[env])  # no master secret, by any name
    # the URLs, with the template filled as External Secrets would (a password needing quoting)
    values = {
        "database_host": "db.internal",
        "cache_host": "master.cache.internal",
        "cache_token": "t0ken",
    }

    def fill(template: str) -> str:
        template = template.replace("{{ .database_password | urlquery }}", "p%3Aw")
        return re.sub(r"\{\{ \.(\w+) \}\}", lambda m: values[m.group(1)], template)

    data = spec["target"]["template"]["data"]
    assert "{{" not in fill(data["SLIPWAY_DATABASE_URL"] + data["SLIPWAY_REDIS_URL"])
    url = make_url(fill(data["SLIPWAY_DATABASE_URL"]))
    assert (url.drivername, url.username, url.password) == (
        "postgresql+psycopg",
        "slipway_app",
        "p:w",
    )
    assert (url.host, url.port, url.database) == (
        "db.internal",
        platform.database.port,
        APP_DATABASE,
    )
    assert url.query == {"sslmode": "require"}
    assert spec["refreshInterval"] == "5m"  # a new password reaches the pods within minutes
    # the migration Job alone gets the owner role's URL (its DDL), over the app role's
    migration = one(rendered[env], "ExternalSecret", MIGRATION_SECRET)["spec"]
    owner = {d["secretKey"]: d["remoteRef"] for d in migration["data"]}["database_password"]
    assert owner == {"key": platform.secret("db-owner-password").name}
    owner_url = make_url(fill(migration["target"]["template"]["data"]["SLIPWAY_DATABASE_URL"]))
    assert (owner_url.username, owner_url.database) == ("slipway_owner", APP_DATABASE)
    (job,) = [o for o in rendered[env] if o["kind"] == "Job"]
    sources = job["spec"]["template"]["spec"]["containers"][0]["envFrom"]
    assert sources[-1] == {"secretRef": {"name": MIGRATION_SECRET}}  # last: it wins
    deployment = one(rendered[env], "Deployment")["spec"]["template"]["spec"]
    assert MIGRATION_SECRET not in str(deployment)
    # a refreshed (rotated) Secret rolls the pods, which read it at start
    annotations = one(rendered[env], "Deployment")["metadata"]["annotations"]
    assert RUNTIME_SECRET in annotations[RELOAD_ANNOTATION].split(",")
    redis = fill(data["SLIPWAY_REDIS_URL"])
    assert redis == f"rediss://:t0ken@master.cache.internal:{platform.cache.port}/0"


def test_add_ons_and_requirements_are_listed_once_and_documented() -> None:
    for env in ENVIRONMENTS:
        platform = build_platform(load_spec(env))
        assert unprovisioned_addons(platform) == [], env  # the platform installs every add-on
        assert unmet_requirements(platform) == [], env
    assert any("alb" in a.ingress_classes for a in ADDONS)
    docs = (ROOT / "docs" / "platform.md").read_text(encoding="utf-8")
    for addon in ADDONS:
        assert addon.name in docs, addon.name
    assert DEPLOY_GROUP in docs
    assert "runtime-endpoints" in docs
    assert set(REQUIREMENTS) == {
        "endpoints-entry",
        "rds-secret-read",
        "deploy-group",
    }


def test_a_requirement_the_platform_drops_is_reported() -> None:
    platform = build_platform(load_spec("prod"))
    entries = tuple(replace(e, kubernetes_groups=()) for e in platform.cluster.access_entries)
    secrets = tuple(s for s in platform.secrets if not s.name.endswith("/runtime-endpoints"))
    cluster = replace(platform.cluster, access_entries=entries)
    broken = replace(platform, cluster=cluster, secrets=secrets)
    unmet = unmet_requirements(broken)
    assert [line.split(":")[0] for line in unmet] == ["endpoints-entry", "deploy-group"]
