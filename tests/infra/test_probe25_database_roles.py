"""Probe 25, M2, on the platform (both engines, every environment) and the rendered objects: the
password of ``slipway_owner`` (DDL on the app's database) is the migration Job's alone. The Job
runs as its own service account and IAM role (``migration-role``) through its own SecretStore,
so the internet-facing pods (the app role) can read neither it nor the RDS master secret."""

from __future__ import annotations

import copy
from typing import Any

from infra.spec import load_spec
from tests.infra.infra_helpers import Rendering, as_list, policy_statements, ref_name

ACCOUNT = "123456789012"


def _readers(rendering: Rendering, secret: str) -> set[str | None]:
    policy = rendering.get("aws_secretsmanager_secret_policy", f"{secret}-policy")
    (deny,) = policy_statements(policy["policy"])
    assert deny["Effect"] == "Deny"
    return {ref_name(r) for r in as_list(deny["Condition"]["StringNotEquals"]["aws:PrincipalArn"])}


def _reads(rendering: Rendering, role: str) -> set[str | None]:
    policy = rendering.get("aws_iam_role_policy", f"{role}-policy")["policy"]
    return {
        ref_name(r)
        for s in policy_statements(policy)
        if "secretsmanager:GetSecretValue" in as_list(s["Action"])
        for r in as_list(s["Resource"])
    }


def test_the_app_role_cannot_read_the_owner_roles_password(rendering: Rendering) -> None:
    # neither by its policy nor past the secret's deny-all-but-readers policy
    assert "db-owner-password" not in _reads(rendering, "app-role")
    assert "db" not in _reads(rendering, "app-role")  # nor the RDS master secret
    readers = _readers(rendering, "db-owner-password")
    assert "app-role" not in readers
    # the migration Job's role and the Job that sets the password; the plan role and the
    # deploying identity (None: spelled out) read it back at refresh, as every generated secret
    assert readers == {"migration-role", "database-roles-role", "github-plan-role", None}
    assert _reads(rendering, "migration-role") == {"db-owner-password", "runtime-endpoints"}
    assert "app-role" in _readers(rendering, "db-app-password")
    assert "migration-role" not in _readers(rendering, "db-app-password")
    (trust,) = policy_statements(
        rendering.get("aws_iam_role", "migration-role")["assume_role_policy"]
    )
    (sub,) = [v for k, v in trust["Condition"]["StringEquals"].items() if k.endswith(":sub")]
    assert sub == ["system:serviceaccount:slipway:slipway-migration"]


def test_the_migration_job_reads_the_owners_url_as_its_own_role() -> None:
    from infra.k8s.names import APP_SERVICE_ACCOUNT, MIGRATION_SERVICE_ACCOUNT
    from infra.k8s.render import MIGRATION_SECRET, MIGRATION_STORE, SECRET_STORE, render
    from infra.k8s.wiring import problems
    from infra.platform import build_platform

    for env in ("dev", "staging", "prod"):
        spec = load_spec(env)
        platform = build_platform(spec)
        objects = render(spec, platform, "example/assistant:v1", ACCOUNT)

        def named(kind: str, name: str, objs: list[dict[str, Any]] = objects) -> dict[str, Any]:
            (found,) = [o for o in objs if o["kind"] == kind and o["metadata"]["name"] == name]
            return found

        assert problems(objects, platform, ACCOUNT) == []
        (job,) = [o for o in objects if o["kind"] == "Job"]
        pod = job["spec"]["template"]["spec"]
        assert pod["serviceAccountName"] == MIGRATION_SERVICE_ACCOUNT
        deployment = named("Deployment", "slipway")["spec"]["template"]["spec"]
        assert deployment["serviceAccountName"] == APP_SERVICE_ACCOUNT
        account = named("ServiceAccount", MIGRATION_SERVICE_ACCOUNT)
        migration_role = platform.role("migration-role").name
        assert account["metadata"]["annotations"]["eks.amazonaws.com/role-arn"] == (
            f"arn:aws:iam::{ACCOUNT}:role/{migration_role}"
        )
        store = named("SecretStore", MIGRATION_STORE)["spec"]["provider"]["aws"]
        assert store["auth"]["jwt"]["serviceAccountRef"]["name"] == MIGRATION_SERVICE_ACCOUNT
        secret = named("ExternalSecret", MIGRATION_SECRET)["spec"]
        assert secret["secretStoreRef"]["name"] == MIGRATION_STORE
        # every other ExternalSecret reads through the app's store
        others = [
            o["spec"]["secretStoreRef"]["name"]
            for o in objects
            if o["kind"] == "ExternalSecret" and o["metadata"]["name"] != MIGRATION_SECRET
        ]
        assert set(others) == {SECRET_STORE}
        # the owner's password through the app's store is a dangling reference: the app role
        # may not read it
        broken = copy.deepcopy(objects)
        named("ExternalSecret", MIGRATION_SECRET, broken)["spec"]["secretStoreRef"]["name"] = (
            SECRET_STORE
        )
        owner = platform.secret("db-owner-password").name
        assert (
            f"ExternalSecret {MIGRATION_SECRET}: Secrets Manager secret {owner} is not one the "
            "app role may read"
        ) in problems(broken, platform, ACCOUNT)
