"""Probe 32, R-M2: no Kubernetes Secret holds the RDS master password.

The database-roles Job used to get the master's username and password (and the roles' passwords)
from an ExternalSecret refreshed every 5 minutes, for good: a Secret the plan role (cluster-wide
``AmazonEKSAdminViewPolicy``) could read at any time. The Job now reads Secrets Manager itself as
its IRSA role; the release holds the secrets' names only, and the wiring check reports any
platform ExternalSecret that reads the master secret.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from pathlib import Path
from typing import Any

from infra.k8s.wiring import unmet_requirements
from infra.platform import build_platform, database_roles
from infra.platform.builder import DATABASE_ROLE_SECRETS
from infra.platform.model import Ref
from infra.spec import parse_spec

PINNED = "sha256:" + "ab" * 32
MASTER = Ref("db", "master_secret")


def _contains(value: Any, wanted: object) -> bool:
    if isinstance(value, dict):
        return any(_contains(v, wanted) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_contains(v, wanted) for v in value)
    return bool(value == wanted)


def _roles_release(raw_spec: Any, env: str) -> Any:
    doc = raw_spec(env)
    doc["mlflow"]["image_digest"] = PINNED  # the Job exists once MLflow's image is pinned
    platform = build_platform(parse_spec(doc))
    (release,) = [r for r in platform.helm_releases if r.id == "database-roles"]
    return platform, release


def test_the_roles_job_reads_the_master_secret_itself(raw_spec: Any) -> None:
    for env in ("dev", "staging", "prod"):
        platform, release = _roles_release(raw_spec, env)
        resources = release.values["resources"]
        kinds = [r["kind"] for r in resources]
        assert "Job" in kinds, env
        # no ExternalSecret, SecretStore or Secret in the release: nothing copies a credential
        assert not set(kinds) & {"ExternalSecret", "SecretStore", "Secret"}, env
        # nor anywhere else in the platform does a Kubernetes object carry the master secret,
        # but the Job's environment (its ARN, which the program reads through its IRSA role)
        for other in platform.helm_releases:
            for obj in other.values.get("resources", []) if other.values else []:
                if obj.get("kind") != "Job":
                    assert not _contains(obj, MASTER), (env, other.id, obj["kind"])
        (job,) = [r for r in resources if r["kind"] == "Job"]
        (container,) = job["spec"]["template"]["spec"]["containers"]
        assert "envFrom" not in container
        env_vars = {e["name"]: e["value"] for e in container["env"]}
        assert env_vars[database_roles.MASTER_SECRET_VARIABLE] == MASTER
        assert not {"PGPASSWORD", "PGUSER"} & set(env_vars)
        assert not set(database_roles.PASSWORD_VARIABLES.values()) & set(env_vars)
        names = {s.id: s.name for s in platform.secrets}
        for secret_id, role in DATABASE_ROLE_SECRETS.items():
            assert env_vars[database_roles.SECRET_VARIABLES[role]] == names[secret_id]
        assert env_vars[database_roles.ENDPOINTS_SECRET_VARIABLE] == names["runtime-endpoints"]
        # as its own IRSA role, which may read these secrets
        assert job["spec"]["template"]["spec"]["serviceAccountName"] == "database-roles"
        role = platform.role("database-roles-role")
        readable = {r for s in role.statements for r in s.resources}
        assert MASTER in readable
        assert unmet_requirements(platform) == [], env


def test_an_external_secret_copying_the_master_secret_is_reported(raw_spec: Any) -> None:
    platform, release = _roles_release(raw_spec, "prod")
    copy_of_master = {
        "apiVersion": "external-secrets.io/v1",
        "kind": "ExternalSecret",
        "metadata": {"name": "database-roles", "namespace": "database-roles"},
        "spec": {
            "refreshInterval": "5m",
            "secretStoreRef": {"kind": "SecretStore", "name": "database-roles"},
            "target": {"name": "database-roles"},
            "data": [
                {"secretKey": "password", "remoteRef": {"key": MASTER, "property": "password"}}
            ],
        },
    }
    values = copy.deepcopy(release.values)
    values["resources"].append(copy_of_master)
    releases = tuple(
        replace(r, values=values) if r.id == release.id else r for r in platform.helm_releases
    )
    unmet = unmet_requirements(replace(platform, helm_releases=releases))
    assert len(unmet) == 1
    assert unmet[0].startswith("rds-secret-read:")
    assert "database-roles" in unmet[0]
    # a dataFrom extract of it is a copy too
    copy_of_master["spec"] = {"dataFrom": [{"extract": {"key": MASTER}}]}
    unmet = unmet_requirements(replace(platform, helm_releases=releases))
    assert [line.split(":")[0] for line in unmet] == ["rds-secret-read"]


def test_the_upgrade_order_of_an_existing_environment_is_documented() -> None:
    """R-M3: one merge starts both workflows; docs/platform.md says which must finish first and
    why `slipway deploy` cannot check it."""
    from tests.conftest import ROOT

    docs = (ROOT / "docs" / "platform.md").read_text(encoding="utf-8")
    section = docs[docs.index("### Database roles") :]
    upgrade = section[section.index("**Upgrading an existing environment") :]
    assert upgrade.index("**Infra first") < upgrade.index("**Then the release")
    assert "mlflow.image_digest" in upgrade
    assert "rotation window" in upgrade
    assert "`slipway deploy` does not check this itself" in upgrade
    # the re-run recipe no longer syncs an ExternalSecret the release does not have
    assert "externalsecret database-roles" not in docs


def test_the_program_text_is_no_terraform_template() -> None:
    """The program ships as a ConfigMap's text inside the Terraform JSON, where a dollar or
    percent sign before a brace is an interpolation or a directive."""
    text = Path(database_roles.__file__).read_text(encoding="utf-8")
    assert "${" not in text
    assert "%{" not in text
