"""Review 165 (an independent expert's review of the rendered infrastructure), its two findings
that broke day one in every environment:

X-H1: a plan refreshes every secret value the stack writes (GetSecretValue), and the plan role
could read only three of the six: ReadOnlyAccess does not grant it and a secret's resource
policy only denies, so every CI plan failed once the database roles' passwords existed. The
plan role's grant is now made from the secrets themselves.

X-H2: day one's first step applies a node group with ``-target``, which creates what the group
references and nothing else: no route to the NAT gateways, no route-table association, no S3
endpoint. Nodes in the private subnets could not pull the VPC CNI image and never joined
(NodeCreationFailure after ~25 minutes). Every node group now waits for the private subnets' way
out, in both engines, so the targeted apply creates it too.

And two of its lesser findings: X-M5, the cluster's public-access CIDRs are rendered only while
its public endpoint is on (tests/infra/test_endpoint_access.py); X-L2, the database's log
exports go to log groups the stack makes first, with the stack's retention and key (RDS made
them itself: kept for ever, not under the key, and the stack could not make them after); X-L3,
an environment without deletion protection deletes its secrets at once, so it can be made again
the same week; X-M3, the cache takes its AUTH token from the secret (kept in state), not from a
new draw of the password generator, so a cache made again gets the token the app reads.
"""

from __future__ import annotations

import json
import re
import subprocess
from typing import Any

import pytest

from infra.platform import build_platform
from infra.platform.builder import REFRESH_SID
from infra.platform.model import Ref
from infra.spec import ENVIRONMENTS, load_spec
from tests.conftest import require_binary

_REFERENCE = re.compile(r"\$\{((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)")


def _plan_grant(doc: dict[str, Any]) -> set[str]:
    policy = doc["resource"]["aws_iam_role_policy"]["github-plan-role-policy"]["policy"]
    statements = json.loads(policy)["Statement"]
    (grant,) = (s for s in statements if s.get("Sid") == REFRESH_SID)
    return set(grant["Resource"])


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_the_plan_role_reads_back_every_secret_value_the_stack_writes(env: str) -> None:
    platform = build_platform(load_spec(env))
    (plan,) = (r for r in platform.roles if r.id == "github-plan-role")
    (grant,) = (s for s in plan.statements if s.sid == REFRESH_SID)
    written = {Ref(s.id) for s in platform.secrets if s.managed_value}
    assert set(grant.resources) == written
    assert {"db-owner-password", "db-app-password", "db-mlflow-password"} <= {
        r.target for r in written
    }
    for secret in platform.secrets:  # and the secret's own policy lets the plan role read it
        if secret.managed_value:
            assert Ref("github-plan-role") in secret.readers, secret.id


@pytest.mark.slow
def test_the_rendered_plan_role_covers_every_rendered_secret_version(
    synthesized: dict[str, dict[str, Any]],
) -> None:
    for env, doc in synthesized.items():
        versions = doc["resource"]["aws_secretsmanager_secret_version"]
        refreshed = {
            f"${{aws_secretsmanager_secret.{_secret_of(v['secret_id'])}.arn}}"
            for v in versions.values()
        }
        assert len(refreshed) == 6, (env, refreshed)
        assert refreshed <= _plan_grant(doc), env


def _secret_of(reference: str) -> str:
    match = re.fullmatch(r"\$\{aws_secretsmanager_secret\.([A-Za-z0-9_-]+)\.id\}", reference)
    assert match is not None, reference
    return match[1]


def _closure(doc: dict[str, Any], start: str) -> set[str]:
    """What ``terraform apply -target=START`` creates: START and everything it references or
    names in ``depends_on``, transitively."""
    resources = {
        f"{typ}.{name}": body for typ, of in doc["resource"].items() for name, body in of.items()
    }
    data = {
        f"data.{typ}.{name}": body
        for typ, of in doc.get("data", {}).items()
        for name, body in of.items()
    }
    bodies = resources | data
    seen: set[str] = set()
    todo = [start]
    while todo:
        address = todo.pop()
        if address in seen or address not in bodies:
            continue
        seen.add(address)
        body = bodies[address]
        text = json.dumps({k: v for k, v in body.items() if k != "depends_on"})
        todo += _REFERENCE.findall(text)
        todo += body.get("depends_on", [])
    return seen


@pytest.mark.slow
def test_a_targeted_node_group_apply_creates_the_private_subnets_way_out(
    synthesized: dict[str, dict[str, Any]],
) -> None:
    for env, doc in synthesized.items():
        network = build_platform(load_spec(env)).network
        for group in doc["resource"]["aws_eks_node_group"]:
            made = _closure(doc, f"aws_eks_node_group.{group}")
            for table in network.private_route_tables:
                assert f"aws_route.{network.default_route(table)}" in made, (env, group, table)
            for subnet in network.private_subnets:
                assert f"aws_route_table_association.{network.association(subnet.id)}" in made
            assert "aws_vpc_endpoint.s3-endpoint" in made
            # and through the routes, the NAT gateways and the internet gateway they need
            assert {f"aws_nat_gateway.{n}" for n in network.nat_gateways} <= made, (env, group)
            assert "aws_internet_gateway.igw" in made, (env, group)


@pytest.mark.slow
def test_pulumi_registers_the_node_groups_after_the_way_out(pulumi_runs: Any) -> None:
    for env, run in pulumi_runs.items():
        network = build_platform(load_spec(env)).network
        for group in ("nodes-general", "nodes-runners"):
            after = run.dependencies[group]
            assert set(network.private_egress) <= after, (env, group, sorted(after))


@pytest.mark.slow
def test_the_database_writes_its_logs_to_log_groups_made_first(rendering: Any) -> None:
    platform = build_platform(load_spec(rendering.env))
    database = platform.database
    groups = rendering.of_type("aws_cloudwatch_log_group")
    for export in database.log_exports:
        group = groups[f"db-logs-{export}"]
        assert group["name"] == database.log_group_name(export)
        assert group["retention_in_days"] == load_spec(rendering.env).retention_days
        assert group.get("kms_key_id") not in (None, "")
    if rendering.engine == "cdktf":
        db = rendering.get("aws_db_instance", "db")
        assert set(db["depends_on"]) == {
            f"aws_cloudwatch_log_group.db-logs-{e}" for e in database.log_exports
        }


@pytest.mark.slow
def test_pulumi_makes_the_database_after_its_log_groups(pulumi_runs: Any) -> None:
    for env, run in pulumi_runs.items():
        exports = build_platform(load_spec(env)).database.log_exports
        assert {f"db-logs-{e}" for e in exports} <= run.dependencies["db"], env


@pytest.mark.slow
def test_secrets_of_an_unprotected_environment_go_at_once(
    synthesized: dict[str, dict[str, Any]],
) -> None:
    for env, doc in synthesized.items():
        spec = load_spec(env)
        windows = {
            name: secret["recovery_window_in_days"]
            for name, secret in doc["resource"]["aws_secretsmanager_secret"].items()
        }
        assert windows, env
        expected = 7 if spec.deletion_protection else 0
        assert set(windows.values()) == {expected}, (env, windows)
        assert {s.recovery_window_days for s in build_platform(spec).secrets} == {expected}


@pytest.mark.slow
def test_the_cache_takes_the_token_the_secret_holds(
    synthesized: dict[str, dict[str, Any]], pulumi_runs: Any
) -> None:
    for env, doc in synthesized.items():
        platform = build_platform(load_spec(env))
        secret = platform.cache.auth_secret
        (cache,) = doc["resource"]["aws_elasticache_replication_group"].values()
        assert cache["auth_token"] == (
            f"${{aws_secretsmanager_secret_version.{secret}-value.secret_string}}"
        )
        # the one draw is the secret version's, which keeps it (ignore_changes)
        version = doc["resource"]["aws_secretsmanager_secret_version"][f"{secret}-value"]
        assert version["lifecycle"]["ignore_changes"] == ["secret_string"]
        assert f"{secret}-value" in pulumi_runs[env].dependencies[platform.cache.id]


# X-L3, the snapshot half: a final snapshot's name is its instance's own, so a stack made again
# and destroyed again is not refused with DBSnapshotAlreadyExists (the name is taken).
#: RDS's rule for a snapshot identifier: a letter first, letters, digits and single hyphens, no
#: hyphen last, at most 255 characters.
SNAPSHOT_ID = re.compile(r"(?=.{1,255}$)[A-Za-z](?:[A-Za-z0-9]|-(?!-))*(?<!-)")


@pytest.mark.slow
def test_the_final_snapshot_is_named_when_its_instance_is_made(
    synthesized: dict[str, dict[str, Any]], tmp_path: Any
) -> None:
    """Terraform stamps the name with the time of the apply that creates the instance and keeps
    it after (ignore_changes); the real terraform evaluates the rendered expression."""
    for env, doc in synthesized.items():
        database = build_platform(load_spec(env)).database
        (db,) = doc["resource"]["aws_db_instance"].values()
        assert db["lifecycle"]["ignore_changes"] == ["final_snapshot_identifier"], env
        assert db["skip_final_snapshot"] is False, env
        template = db["final_snapshot_identifier"]
        assert template.startswith(database.final_snapshot_prefix), (env, template)
        # read as Terraform reads the rendered JSON: a string there is a template
        (tmp_path / "name.tf.json").write_text(json.dumps({"locals": {"name": template}}))
        console = subprocess.run(
            [require_binary("terraform"), "console", "-no-color"],
            input="local.name\n",
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env={"PATH": "/usr/bin:/bin", "TF_CLI_CONFIG_FILE": "/dev/null"},
            timeout=60,
            check=True,
        )
        name = json.loads(console.stdout.strip().splitlines()[-1])
        stamp = name.removeprefix(database.final_snapshot_prefix)
        assert re.fullmatch(r"20\d{12}", stamp), (env, name)
        assert SNAPSHOT_ID.fullmatch(name), (env, name)


@pytest.mark.slow
def test_pulumi_names_the_final_snapshot_when_its_instance_is_made(pulumi_runs: Any) -> None:
    for env, run in pulumi_runs.items():
        database = build_platform(load_spec(env)).database
        name = run.named(database.id).inputs["finalSnapshotIdentifier"]
        assert re.fullmatch(re.escape(database.final_snapshot_prefix) + r"20\d{12}", name), name
        assert SNAPSHOT_ID.fullmatch(name), (env, name)
        assert run.ignored[database.id] == {"finalSnapshotIdentifier"}, env


def test_the_snapshot_rule_refuses_what_rds_refuses() -> None:
    for bad in ("1db-final-20261207", "db--final", "db-final-", "", "d" * 256, "db_final"):
        assert not SNAPSHOT_ID.fullmatch(bad), bad
    assert SNAPSHOT_ID.fullmatch("slipway-dev-mlflow-final-20261207031500")
