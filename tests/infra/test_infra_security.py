"""Security properties of every environment, asserted on both renderings (CDKTF and Pulumi).

Each test runs six times (two engines x three environments) on the `rendering` fixture, which
presents both engines' output in Terraform's vocabulary (see conftest.py).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from infra_helpers import Rendering, as_list, policy_statements, ref_name

from infra.k8s.names import DEPLOY_GROUP
from infra.platform.builder import (
    EKS_ADDON_VERSIONS,
    LOAD_BALANCER_CONTROLLER_POLICY,
    github_subjects,
)
from infra.platform.model import UNSCOPED_ACTIONS
from infra.settings import InfraSettings
from infra.spec import load_spec


def truthy(value: Any) -> bool:
    return str(value).lower() == "true"


def one(block: Any) -> dict[str, Any]:
    """A nested block: Terraform JSON spells single blocks as one-element lists or objects."""
    items = as_list(block)
    assert len(items) == 1, block
    return items[0]


@pytest.fixture
def spec(rendering: Rendering, settings: InfraSettings):
    return load_spec(rendering.env, settings)


# -- network ------------------------------------------------------------------------------------


def test_vpc_spans_at_least_two_azs_with_public_and_private_subnets(rendering, spec) -> None:
    subnets = rendering.of_type("aws_subnet")
    private = {n: s for n, s in subnets.items() if n.startswith("private-")}
    public = {n: s for n, s in subnets.items() if n.startswith("public-")}
    assert len({s["availability_zone"] for s in private.values()}) == spec.network.az_count >= 2
    assert len({s["availability_zone"] for s in public.values()}) == spec.network.az_count
    assert not any(truthy(s.get("map_public_ip_on_launch")) for s in subnets.values())
    assert all(ref_name(s["vpc_id"]) == "vpc" for s in subnets.values())


def test_private_subnets_route_through_nat(rendering, spec) -> None:
    nats = rendering.of_type("aws_nat_gateway")
    assert len(nats) == (1 if spec.network.single_nat_gateway else spec.network.az_count)
    assert all(ref_name(n["subnet_id"]).startswith("public-") for n in nats.values())
    routes = rendering.of_type("aws_route")
    private_routes = {n: r for n, r in routes.items() if n.startswith("private-rt-")}
    assert {ref_name(r["nat_gateway_id"]) for r in private_routes.values()} == set(nats)
    assert ref_name(routes["public-rt-default"]["gateway_id"]) == "igw"


def test_default_security_group_allows_nothing_and_flow_logs_are_on(rendering) -> None:
    default = rendering.get("aws_default_security_group", "vpc-default-sg")
    assert default.get("ingress") == []
    assert default.get("egress") == []
    flow = rendering.get("aws_flow_log", "flow-log")
    assert flow["traffic_type"] == "ALL"
    assert ref_name(flow["log_destination"]) == "flow-logs"


# -- encryption and logs ------------------------------------------------------------------------


def test_kms_key_rotates(rendering) -> None:
    key = rendering.get("aws_kms_key", "kms")
    assert truthy(key["enable_key_rotation"])
    sids = {s["Sid"] for s in policy_statements(key["policy"])}
    # EC2 Auto Scaling launches the nodes, whose root volumes are under it (probe 29, N-M1)
    assert sids == {
        "AccountAdministers",
        "CloudWatchLogsEncrypt",
        "AutoScalingNodeVolumes",
        "AutoScalingNodeVolumeGrants",
    }


def test_log_groups_are_encrypted_with_retention(rendering, spec) -> None:
    groups = rendering.of_type("aws_cloudwatch_log_group")
    # and the database's exports (review 165, X-L2)
    assert set(groups) == {"cluster-logs", "flow-logs", "db-logs-postgresql", "db-logs-upgrade"}
    for group in groups.values():
        assert group["retention_in_days"] == spec.retention_days
        assert ref_name(group["kms_key_id"]) == "kms"


# -- EKS ----------------------------------------------------------------------------------------


def test_eks_encrypts_secrets_logs_everything_and_restricts_the_public_endpoint(
    rendering, spec
) -> None:
    cluster = rendering.get("aws_eks_cluster", "cluster")
    assert cluster["version"] == spec.cluster.version
    assert ref_name(one(cluster["encryption_config"])["provider"]["key_arn"]) == "kms"
    assert one(cluster["encryption_config"])["resources"] == ["secrets"]
    assert set(cluster["enabled_cluster_log_types"]) == {
        "api",
        "audit",
        "authenticator",
        "controllerManager",
        "scheduler",
    }
    vpc = one(cluster["vpc_config"])
    assert truthy(vpc["endpoint_private_access"])
    if spec.cluster.public_endpoint:
        assert vpc["public_access_cidrs"] == [str(c) for c in spec.cluster.api_allowed_cidrs]
        assert "0.0.0.0/0" not in vpc["public_access_cidrs"] or spec.name != "prod"
    else:  # not rendered while the endpoint is off (review 165, X-M5)
        assert "public_access_cidrs" not in vpc
    assert all(ref_name(s).startswith("private-") for s in vpc["subnet_ids"])
    assert one(cluster["access_config"])["authentication_mode"] == "API"
    assert truthy(cluster["deletion_protection"]) == spec.deletion_protection


def test_irsa_provider_and_managed_node_groups(rendering, spec) -> None:
    oidc = rendering.get("aws_iam_openid_connect_provider", "cluster-oidc")
    assert oidc["client_id_list"] == ["sts.amazonaws.com"]
    groups = rendering.of_type("aws_eks_node_group")
    assert set(groups) == {f"nodes-{g.name}" for g in spec.cluster.node_groups} | {"nodes-runners"}
    for group_spec in spec.cluster.node_groups:
        group = groups[f"nodes-{group_spec.name}"]
        scaling = one(group["scaling_config"])
        assert (scaling["min_size"], scaling["max_size"]) == (
            group_spec.min_size,
            group_spec.max_size,
        )
        assert group["instance_types"] == group_spec.instance_types
        assert ref_name(group["node_role_arn"]) == "node-role"
        assert all(ref_name(s).startswith("private-") for s in group["subnet_ids"])


# -- S3 -----------------------------------------------------------------------------------------

BUCKETS = ("access-logs", "dvc-remote", "mlflow-artifacts")


def test_buckets_are_private_versioned_encrypted_tls_only_logged_and_lifecycled(
    rendering,
) -> None:
    assert set(rendering.of_type("aws_s3_bucket")) == set(BUCKETS)
    for bucket in BUCKETS:
        block = rendering.get("aws_s3_bucket_public_access_block", f"{bucket}-public-access")
        assert all(
            truthy(block[k])
            for k in (
                "block_public_acls",
                "block_public_policy",
                "ignore_public_acls",
                "restrict_public_buckets",
            )
        )
        versioning = rendering.get("aws_s3_bucket_versioning", f"{bucket}-versioning")
        assert one(versioning["versioning_configuration"])["status"] == "Enabled"
        sse = rendering.get(
            "aws_s3_bucket_server_side_encryption_configuration", f"{bucket}-encryption"
        )
        default = one(one(sse["rule"])["apply_server_side_encryption_by_default"])
        if bucket == "access-logs":  # S3 server access logs cannot target SSE-KMS buckets
            assert default["sse_algorithm"] == "AES256"
        else:
            assert default["sse_algorithm"] == "aws:kms"
            assert ref_name(default["kms_master_key_id"]) == "kms"
            logging = rendering.get("aws_s3_bucket_logging", f"{bucket}-logging")
            assert ref_name(logging["target_bucket"]) == "access-logs"
        policy = policy_statements(
            rendering.get("aws_s3_bucket_policy", f"{bucket}-policy")["policy"]
        )
        tls = next(s for s in policy if s["Sid"] == "DenyInsecureTransport")
        assert tls["Effect"] == "Deny"
        assert tls["Condition"] == {"Bool": {"aws:SecureTransport": ["false"]}}
        lifecycle = rendering.get("aws_s3_bucket_lifecycle_configuration", f"{bucket}-lifecycle")
        rule = one(lifecycle["rule"])
        assert rule["status"] == "Enabled"
        assert one(rule["noncurrent_version_expiration"])["noncurrent_days"] > 0
        assert one(rule["abort_incomplete_multipart_upload"])["days_after_initiation"] > 0
        ownership = rendering.get("aws_s3_bucket_ownership_controls", f"{bucket}-ownership")
        assert one(ownership["rule"])["object_ownership"] == "BucketOwnerEnforced"


# -- RDS ----------------------------------------------------------------------------------------


def test_postgres_is_encrypted_private_backed_up_with_managed_credentials(rendering, spec) -> None:
    db = rendering.get("aws_db_instance", "db")
    assert db["engine"] == "postgres"
    assert truthy(db["storage_encrypted"])
    assert ref_name(db["kms_key_id"]) == "kms"
    assert not truthy(db["publicly_accessible"])
    assert db["backup_retention_period"] == spec.database.backup_retention_days >= 1
    assert truthy(db["manage_master_user_password"])  # credentials live in Secrets Manager
    assert ref_name(db["master_user_secret_kms_key_id"]) == "kms"
    assert truthy(db["multi_az"]) == spec.database.multi_az
    assert truthy(db["deletion_protection"]) == spec.deletion_protection
    if spec.name == "prod":
        assert truthy(db["multi_az"])
        assert truthy(db["deletion_protection"])
    subnets = rendering.get("aws_db_subnet_group", "db-subnets")["subnet_ids"]
    assert subnets
    assert all(ref_name(s).startswith("private-") for s in subnets)
    params = {
        p["name"]: p["value"]
        for p in rendering.get("aws_db_parameter_group", "db-params")["parameter"]
    }
    assert params["rds.force_ssl"] == "1"


def _private_cidrs(rendering: Rendering) -> set[str]:
    return {
        s["cidr_block"]
        for n, s in rendering.of_type("aws_subnet").items()
        if n.startswith("private-")
    }


@pytest.mark.parametrize(("group", "port"), [("db-sg", 5432), ("cache-sg", 6379)])
def test_data_stores_are_reachable_from_private_subnets_only(rendering, group, port) -> None:
    sg = rendering.get("aws_security_group", group)
    (rule,) = sg["ingress"]
    assert (rule["from_port"], rule["to_port"]) == (port, port)
    assert set(rule["cidr_blocks"]) == _private_cidrs(rendering)
    assert sg["egress"] == []


# -- ElastiCache --------------------------------------------------------------------------------


def test_redis_encrypts_in_transit_and_at_rest_with_auth_token(rendering, spec) -> None:
    cache = rendering.get("aws_elasticache_replication_group", "cache")
    assert truthy(cache["transit_encryption_enabled"])
    assert truthy(cache["at_rest_encryption_enabled"])
    assert ref_name(cache["kms_key_id"]) == "kms"
    assert cache["auth_token"]
    assert cache["num_cache_clusters"] == spec.cache.nodes
    assert truthy(cache["automatic_failover_enabled"]) == (spec.cache.nodes > 1)
    subnets = rendering.get("aws_elasticache_subnet_group", "cache-subnets")["subnet_ids"]
    assert all(ref_name(s).startswith("private-") for s in subnets)
    token = rendering.get("aws_secretsmanager_secret", "cache-auth")
    assert ref_name(token["kms_key_id"]) == "kms"
    assert "cache-auth-value" in rendering.of_type("aws_secretsmanager_secret_version")


# -- ECR ----------------------------------------------------------------------------------------


def test_registry_scans_on_push_with_immutable_tags_and_lifecycle(rendering, spec) -> None:
    repo = rendering.get("aws_ecr_repository", "registry")
    assert repo["image_tag_mutability"] == "IMMUTABLE"
    assert truthy(one(repo["image_scanning_configuration"])["scan_on_push"])
    assert one(repo["encryption_configuration"])["encryption_type"] == "KMS"
    policy = rendering.get("aws_ecr_lifecycle_policy", "registry-lifecycle")["policy"]
    assert f'"countNumber": {spec.registry.keep_images}' in policy


# -- IAM ----------------------------------------------------------------------------------------


def _statements(rendering: Rendering) -> list[tuple[str, dict[str, Any]]]:
    return [
        (name, s)
        for name, p in rendering.of_type("aws_iam_role_policy").items()
        for s in policy_statements(p["policy"])
    ]


def test_no_wildcard_actions_and_star_resources_only_for_unscoped_actions(rendering) -> None:
    """``*`` as a resource only for actions IAM cannot scope (the model lists them)."""
    for name, statement in _statements(rendering):
        actions = as_list(statement["Action"])
        assert "*" not in actions, name
        assert not any(a.endswith(":*") for a in actions), name
        if "*" in as_list(statement.get("Resource", [])):
            assert set(actions) <= UNSCOPED_ACTIONS, (name, statement)


def test_github_roles_trust_only_the_repo_and_their_jobs(rendering, spec) -> None:
    repo = f"repo:{spec.github.org}/{spec.github.repo}"
    roles = {n: r for n, r in rendering.of_type("aws_iam_role").items() if n.startswith("github-")}
    assert set(roles) == {
        "github-push-role",
        "github-deploy-role",
        "github-plan-role",
        "github-dvc-role",
        "github-dvc-write-role",
        "github-runner-push-role",
    }
    expected = {
        "github-push-role": [f"{repo}:environment:{spec.github_environment}"],
        "github-deploy-role": [f"{repo}:environment:{spec.github_environment}"],
        # and the pull requests' training job's environment, where the spec names one
        "github-dvc-role": [f"{repo}:environment:{spec.github_environment}"]
        + (
            [f"{repo}:environment:{spec.github.pull_request_environment}"]
            if spec.github.pull_request_environment
            else []
        ),
        # the weekly data job runs in its own protected environment
        "github-dvc-write-role": [f"{repo}:environment:training"],
        # the plan runs on the default branch, before any approval; never on a pull request
        "github-plan-role": [f"{repo}:ref:refs/heads/main"],
        # runner-image.yml pushes from main; nothing runs it before a reviewed pin and an apply
        "github-runner-push-role": [f"{repo}:ref:refs/heads/main"],
    }
    for name, role in roles.items():
        (trust,) = policy_statements(role["assume_role_policy"])
        assert ref_name(trust["Principal"]["Federated"]) == "github-oidc"
        equals = trust["Condition"]["StringEquals"]
        assert as_list(equals["token.actions.githubusercontent.com:sub"]) == expected[name]
        assert list(github_subjects(spec, name)) == expected[name]
        assert equals["token.actions.githubusercontent.com:aud"] == ["sts.amazonaws.com"]
    providers = rendering.of_type("aws_iam_openid_connect_provider")
    if spec.github.create_oidc_provider:
        assert providers["github-oidc"]["url"] == "https://token.actions.githubusercontent.com"
    else:  # looked up: another environment of the account creates it
        assert "github-oidc" not in providers


def test_plan_role_is_read_only_per_environment(rendering, spec) -> None:
    role = rendering.get("aws_iam_role", "github-plan-role")
    assert role["name"] == f"slipway-{spec.name}-github-plan"
    attached = {
        a["policy_arn"]
        for n, a in rendering.of_type("aws_iam_role_policy_attachment").items()
        if n.startswith("github-plan-role-")
    }
    assert attached == {"arn:aws:iam::aws:policy/ReadOnlyAccess"}
    statements = policy_statements(
        rendering.get("aws_iam_role_policy", "github-plan-role-policy")["policy"]
    )
    actions = {a for s in statements if s["Effect"] == "Allow" for a in as_list(s["Action"])}
    # beyond ReadOnlyAccess: read back the values it manages and the generated passwords' data
    # sources, decrypt, take the state lock (its file beside the state), hand the saved plan
    # over beside the state (write only, SSE-KMS only: probe 25, M5), encrypting it under the
    # saved-plans key (probe 28, L-1)
    assert actions == {
        "secretsmanager:GetSecretValue",
        "secretsmanager:GetRandomPassword",
        "kms:Decrypt",
        "s3:GetObject",
        "s3:DeleteObject",
        "s3:PutObject",
        "kms:DescribeKey",
        "kms:Encrypt",
        "kms:GenerateDataKey",
    }
    (handover,) = [s for s in statements if s["Sid"] == "HandOverSavedPlan"]
    assert as_list(handover["Resource"]) == [
        f"arn:aws:s3:::slipway-tfstate-example-{spec.name}/slipway/{spec.name}/plans/*"
    ]
    (lock,) = [s for s in statements if s["Sid"] == "LockState"]
    assert as_list(lock["Resource"]) == [
        f"arn:aws:s3:::slipway-tfstate-example-{spec.name}/slipway/{spec.name}/terraform.tfstate"
        ".tflock"
    ]
    assert set(as_list(lock["Action"])) == {"s3:GetObject", "s3:PutObject", "s3:DeleteObject"}
    access = rendering.get("aws_eks_access_policy_association", "plan-access-policy")
    assert access["policy_arn"].endswith("/AmazonEKSAdminViewPolicy")
    assert one(access["access_scope"]) == {"type": "cluster"}


def test_weekly_data_job_may_write_the_dvc_remote_only(rendering) -> None:
    statements = policy_statements(
        rendering.get("aws_iam_role_policy", "github-dvc-write-role-policy")["policy"]
    )
    by_sid = {s["Sid"]: s for s in statements}
    assert set(by_sid["ReadWriteRemote"]["Action"]) == {"s3:GetObject", "s3:PutObject"}
    assert {ref_name(r) for r in as_list(by_sid["ReadWriteRemote"]["Resource"])} == {"dvc-remote"}
    assert not any("s3:DeleteObject" in as_list(s["Action"]) for s in statements)


@pytest.mark.parametrize(
    ("role", "service_account"),
    [
        ("app-role", "slipway:slipway-assistant"),
        ("migration-role", "slipway:slipway-migration"),
        ("database-roles-role", "database-roles:database-roles"),
        ("mlflow-role", "mlflow:mlflow"),
        ("ebs-csi-role", "kube-system:ebs-csi-controller-sa"),
        ("load-balancer-controller-role", "kube-system:aws-load-balancer-controller"),
        ("external-dns-role", "external-dns:external-dns"),
        ("cluster-autoscaler-role", "kube-system:cluster-autoscaler"),
        ("runner-role", "arc-runners:arc-runner"),
        ("arc-secrets-role", "arc-runners:arc-github-app"),
    ],
)
def test_irsa_roles_trust_one_service_account(rendering, role, service_account) -> None:
    (trust,) = policy_statements(rendering.get("aws_iam_role", role)["assume_role_policy"])
    assert trust["Action"] == ["sts:AssumeRoleWithWebIdentity"]
    (sub,) = [v for k, v in trust["Condition"]["StringEquals"].items() if k.endswith(":sub")]
    assert sub == [f"system:serviceaccount:{service_account}"]


def test_least_privilege_policies_point_at_their_resources(rendering) -> None:
    def resources(role: str, sid: str) -> set[str | None]:
        (statement,) = [
            s
            for s in policy_statements(
                rendering.get("aws_iam_role_policy", f"{role}-policy")["policy"]
            )
            if s["Sid"] == sid
        ]
        return {ref_name(r) for r in as_list(statement["Resource"])}

    assert resources("github-dvc-role", "ReadRemote") == {"dvc-remote"}
    deploy = policy_statements(
        rendering.get("aws_iam_role_policy", "github-deploy-role-policy")["policy"]
    )
    (cluster,) = [s for s in deploy if s["Sid"] == "FindCluster"]
    # the deploy no longer names the RDS master secret, so it reads nothing off the instance
    assert not [s for s in deploy if "rds:DescribeDBInstances" in as_list(s["Action"])]
    # CDKTF references the cluster's ARN; Pulumi spells it out (pulumi-eks only exposes the
    # cluster as a component), both name exactly this environment's cluster.
    (arn,) = cluster["Resource"]
    assert ref_name(arn) == "cluster" or arn.endswith(f":cluster/slipway-{rendering.env}-eks")
    assert resources("app-role", "ReadAppSecrets") == {
        "openai-api-key",
        "cache-auth",
        "smoke-token",  # External Secrets brings it to the migration Job and the deploy
        "runtime-endpoints",
        "db-app-password",  # its database role's, never the RDS master's (probe 25, M2)
    }
    # the migration Job's own role: the owner role's password, not the app pods' to read
    assert resources("migration-role", "ReadMigrationSecrets") == {
        "db-owner-password",
        "runtime-endpoints",
    }
    assert resources("mlflow-role", "ReadWriteArtifacts") == {"mlflow-artifacts"}
    assert resources("mlflow-role", "ReadServerSecrets") == {
        "db-mlflow-password",
        "runtime-endpoints",
        "mlflow-auth",
    }
    # the RDS-managed master secret: the database-roles Job's role reads it, no other role
    assert resources("database-roles-role", "ReadDatabaseRoles") == {
        "db",
        "runtime-endpoints",
        "db-owner-password",
        "db-app-password",
        "db-mlflow-password",
    }
    for name, policy in rendering.of_type("aws_iam_role_policy").items():
        for statement in policy_statements(policy["policy"]):
            if any(a.startswith("secretsmanager:") for a in as_list(statement["Action"])):
                refs = {ref_name(r) for r in as_list(statement["Resource"])}
                assert "db" not in refs or name == "database-roles-role-policy", name
    assert resources("github-push-role", "PushImage") == {"registry", "mlflow-registry"}
    assert resources("github-runner-push-role", "PushRunnerImage") == {"runner-registry"}
    assert resources("arc-secrets-role", "ReadGithubApp") == {"arc-github-app"}
    assert resources("external-dns-role", "ChangeZoneRecords") == {None}  # the zone, not a ref


def test_openai_secret_is_readable_only_by_the_app_role(rendering) -> None:
    secret = rendering.get("aws_secretsmanager_secret", "openai-api-key")
    assert ref_name(secret["kms_key_id"]) == "kms"
    assert "openai-api-key-value" not in rendering.of_type("aws_secretsmanager_secret_version")
    policy = rendering.get("aws_secretsmanager_secret_policy", "openai-api-key-policy")
    (deny,) = policy_statements(policy["policy"])
    assert deny["Effect"] == "Deny"
    assert deny["Action"] == "secretsmanager:GetSecretValue"
    readers = deny["Condition"]["StringNotEquals"]["aws:PrincipalArn"]
    assert [ref_name(r) for r in readers] == ["app-role"]


def test_secrets_the_engine_writes_are_readable_by_who_refreshes_them(rendering, spec) -> None:
    """A value the engine writes is read back at every refresh: the deny-all-but-readers policy
    lets the plan role and the deploying identity read it, or day two fails."""
    account = "${data.aws_caller_identity.caller.account_id}"
    deployer = f"arn:aws:iam::{account}:role/slipway-{spec.name}-terraform"
    for secret in ("cache-auth", "runtime-endpoints"):
        assert f"{secret}-value" in rendering.of_type("aws_secretsmanager_secret_version")
        policy = rendering.get("aws_secretsmanager_secret_policy", f"{secret}-policy")
        (deny,) = policy_statements(policy["policy"])
        readers = deny["Condition"]["StringNotEquals"]["aws:PrincipalArn"]
        names = {ref_name(r) for r in readers}
        assert {"app-role", "github-plan-role"} <= names
        terraform = [r for r in readers if ref_name(r) is None]
        assert len(terraform) == 1
        assert terraform[0].endswith(f":role/slipway-{spec.name}-terraform")
        if rendering.engine == "cdktf":
            assert terraform[0] == deployer


def test_runtime_endpoints_hold_what_the_app_secret_reads(rendering) -> None:
    from infra.k8s.render import runtime_external_secret
    from infra.platform import build_platform

    version = rendering.get("aws_secretsmanager_secret_version", "runtime-endpoints-value")
    text = version["secret_string"]
    if isinstance(text, dict):  # Pulumi: marked secret on the wire
        text = text["value"]
    value = json.loads(text)
    assert set(value) == {
        "database_host",
        "database_port",
        "database_name",
        "cache_host",
        "cache_port",
    }
    assert ref_name(value["database_host"]) in {"db", None}
    platform = build_platform(load_spec(rendering.env))
    wanted = runtime_external_secret(platform)["spec"]["data"]
    endpoints = f"slipway-{rendering.env}/runtime-endpoints"
    properties = {d["remoteRef"]["property"] for d in wanted if d["remoteRef"]["key"] == endpoints}
    assert properties <= set(value)
    name = rendering.get("aws_secretsmanager_secret", "runtime-endpoints")["name"]
    assert name == endpoints


def test_deploy_role_gets_namespace_scoped_cluster_access(rendering) -> None:
    entry = rendering.get("aws_eks_access_entry", "deploy-access")
    assert ref_name(entry["principal_arn"]) == "github-deploy-role"
    # the group the Role/RoleBinding of infra/k8s grant the custom kinds to
    assert entry["kubernetes_groups"] == [DEPLOY_GROUP]
    association = rendering.get("aws_eks_access_policy_association", "deploy-access-policy")
    assert association["policy_arn"].endswith("/AmazonEKSEditPolicy")
    assert one(association["access_scope"]) == {"type": "namespace", "namespaces": ["slipway"]}


# -- workloads ----------------------------------------------------------------------------------


def values(release: dict[str, Any]) -> dict[str, Any]:
    """A Helm release's values in either engine's spelling (CDKTF: one JSON document)."""
    raw = release.get("values") or {}
    if isinstance(raw, list):
        (raw,) = raw
        return dict(json.loads(raw))
    return dict(raw)


RELEASES = {
    "kube-prometheus-stack",
    "metrics-server",
    "external-secrets",
    "aws-load-balancer-controller",
    "external-dns",
    "cluster-autoscaler",
    "reloader",
    "database-roles",
    "mlflow-secrets",
    "monitoring-config",
    "arc",
    "arc-runners-config",
    "arc-runner-scale-set",
    "arc-metrics",
}


def test_every_helm_chart_is_pinned_and_atomic(rendering, spec) -> None:
    releases = rendering.of_type("helm_release")
    assert set(releases) == RELEASES
    stack = releases["kube-prometheus-stack"]
    assert stack["version"] == spec.monitoring.kube_prometheus_stack_version
    assert stack["repository"] == "https://prometheus-community.github.io/helm-charts"
    assert releases["metrics-server"]["version"] == spec.monitoring.metrics_server_version
    assert releases["external-secrets"]["repository"] == "https://charts.external-secrets.io"
    for release in releases.values():
        assert re.fullmatch(r"\d+\.\d+\.\d+", release["version"]), release["chart"]
        assert truthy(release["atomic"])


def test_prometheus_keeps_its_retention_on_a_gp3_volume(rendering, spec) -> None:
    prometheus = values(rendering.get("helm_release", "kube-prometheus-stack"))["prometheus"]
    claim = prometheus["prometheusSpec"]["storageSpec"]["volumeClaimTemplate"]["spec"]
    assert claim["storageClassName"] == "gp3"
    assert claim["resources"]["requests"]["storage"] == f"{spec.monitoring.prometheus_storage_gb}Gi"
    gp3 = rendering.get("kubernetes_storage_class_v1", "storage-class-gp3")
    meta = one(gp3["metadata"])
    assert meta["name"] == "gp3"
    assert meta["annotations"] == {"storageclass.kubernetes.io/is-default-class": "true"}
    assert gp3["storage_provisioner"] == "ebs.csi.aws.com"
    assert gp3["parameters"]["type"] == "gp3"
    assert gp3["parameters"]["encrypted"] == "true"


def test_managed_addons_enforce_network_policy_and_are_pinned(rendering, spec) -> None:
    addons = {a["addon_name"]: a for a in rendering.of_type("aws_eks_addon").values()}
    assert set(addons) == {
        "vpc-cni",
        "coredns",
        "kube-proxy",
        "aws-ebs-csi-driver",
        "eks-pod-identity-agent",
    }
    for name, addon in addons.items():
        assert addon["addon_version"] == EKS_ADDON_VERSIONS[spec.cluster.version][name]
    cni = json.loads(addons["vpc-cni"]["configuration_values"])
    assert cni["enableNetworkPolicy"] == "true"
    assert set(cni) == {"enableNetworkPolicy", "env"}  # env: its ENIs' tags (probe 29, N-M1)
    assert ref_name(addons["aws-ebs-csi-driver"]["service_account_role_arn"]) == "ebs-csi-role"


def test_ingress_is_served_by_the_load_balancer_controller_with_a_certificate(
    rendering, spec
) -> None:
    controller = values(rendering.get("helm_release", "aws-load-balancer-controller"))
    assert controller["ingressClass"] == "alb"
    assert truthy(controller["createIngressClassResource"])
    assert ref_name(controller["vpcId"]) == "vpc"
    role = controller["serviceAccount"]["annotations"]["eks.amazonaws.com/role-arn"]
    assert ref_name(role) == "load-balancer-controller-role"
    # the project's published policy, verbatim, attached to the controller's role only
    (document,) = rendering.of_type("aws_iam_policy").values()
    published = json.loads(LOAD_BALANCER_CONTROLLER_POLICY.read_text())
    assert json.loads(document["policy"]) == published
    certificate = rendering.get("aws_acm_certificate", "certificate")
    assert certificate["domain_name"] == spec.app.domain
    assert certificate["validation_method"] == "DNS"
    record = rendering.get("aws_route53_record", "certificate-validation-record")
    assert record["zone_id"] == spec.dns.zone_id
    validation = rendering.get("aws_acm_certificate_validation", "certificate-validation")
    assert ref_name(validation["certificate_arn"]) == "certificate"


def test_external_dns_may_change_the_app_zone_only(rendering, spec) -> None:
    dns = values(rendering.get("helm_release", "external-dns"))
    assert dns["domainFilters"] == [spec.dns.zone_name]
    assert f"--zone-id-filter={spec.dns.zone_id}" in dns["extraArgs"]
    assert dns["policy"] == "upsert-only"
    statements = policy_statements(
        rendering.get("aws_iam_role_policy", "external-dns-role-policy")["policy"]
    )
    (change,) = [s for s in statements if "route53:ChangeResourceRecordSets" in s["Action"]]
    assert as_list(change["Resource"]) == [f"arn:aws:route53:::hostedzone/{spec.dns.zone_id}"]


def test_cluster_autoscaler_scales_only_this_clusters_node_groups(rendering, spec) -> None:
    autoscaler = values(rendering.get("helm_release", "cluster-autoscaler"))
    assert autoscaler["autoDiscovery"]["clusterName"] == f"slipway-{spec.name}-eks"
    statements = policy_statements(
        rendering.get("aws_iam_role_policy", "cluster-autoscaler-role-policy")["policy"]
    )
    (scale,) = [s for s in statements if "autoscaling:SetDesiredCapacity" in s["Action"]]
    tag = f"aws:ResourceTag/k8s.io/cluster-autoscaler/slipway-{spec.name}-eks"
    assert scale["Condition"]["StringEquals"][tag] == ["owned"]


def test_private_subnets_reach_s3_through_a_gateway_endpoint(rendering, spec) -> None:
    endpoint = rendering.get("aws_vpc_endpoint", "s3-endpoint")
    assert endpoint["vpc_endpoint_type"] == "Gateway"
    assert endpoint["service_name"] == f"com.amazonaws.{spec.region}.s3"
    tables = {ref_name(t) for t in endpoint["route_table_ids"]}
    nats = 1 if spec.network.single_nat_gateway else spec.network.az_count
    assert tables == {f"private-rt-{i}" for i in range(nats)}


def test_mlflow_reads_rotating_database_credentials_through_external_secrets(rendering) -> None:
    sa = rendering.get("kubernetes_service_account_v1", "mlflow-service-account")
    annotations = one(sa["metadata"])["annotations"]
    assert ref_name(annotations["eks.amazonaws.com/role-arn"]) == "mlflow-role"
    assert "mlflow-service" in rendering.of_type("kubernetes_service_v1")
    # nothing copies the RDS password at apply time
    assert "kubernetes_secret_v1" not in {t for t, _ in rendering.resources}
    store, uri, auth_ini, auth = values(rendering.get("helm_release", "mlflow-secrets"))[
        "resources"
    ]
    assert store["kind"] == "SecretStore"
    assert store["spec"]["provider"]["aws"]["auth"]["jwt"]["serviceAccountRef"]["name"] == "mlflow"
    for external, name in [(uri, "mlflow-backend-store"), (auth_ini, "mlflow-auth-config")]:
        assert external["kind"] == "ExternalSecret"
        assert external["spec"]["target"]["name"] == name
        keys = {d["secretKey"]: d["remoteRef"]["key"] for d in external["spec"]["data"]}
        # MLflow's own database role's generated password, never the RDS master's (M2)
        assert "username" not in keys  # the master's was; the role's name is in the template
        assert keys["password"] == f"slipway-{rendering.env}/database/mlflow-server"
        template = external["spec"]["target"]["template"]["data"]
        assert "postgresql://mlflow_server:" in "".join(template.values())
        assert external["spec"]["refreshInterval"] == "5m"
    ini = auth_ini["spec"]["target"]["template"]["data"]["basic_auth.ini"]
    assert "default_permission = READ" in ini
    assert "authenticate_request_basic_auth" in ini
    assert auth["spec"]["dataFrom"] == [
        {"extract": {"key": f"slipway-{rendering.env}/mlflow/auth"}}
    ]
    deployment = rendering.get("kubernetes_deployment_v1", "mlflow-deployment")
    template = one(one(deployment["spec"])["template"])
    assert one(template["metadata"])["annotations"] == {
        "secret.reloader.stakater.com/reload": "mlflow-backend-store,mlflow-auth-config,mlflow-auth"
    }
    # no ExternalSecret reads the RDS master secret: the database-roles Job reads it from
    # Secrets Manager itself, so no Kubernetes Secret holds it (probe 32, R-M2)
    readers = {
        name
        for name, release in rendering.of_type("helm_release").items()
        for resource in values(release).get("resources", [])
        if resource.get("kind") == "ExternalSecret"
        for item in resource["spec"].get("data", [])
        if ref_name(item["remoteRef"]["key"]) == "db"
    }
    assert readers == set()
    kinds = {
        r["kind"] for r in values(rendering.get("helm_release", "database-roles"))["resources"]
    }
    assert not kinds & {"ExternalSecret", "SecretStore", "Secret"}


def test_mlflow_runs_its_own_image_by_digest_behind_basic_auth(rendering, spec) -> None:
    deployment = rendering.get("kubernetes_deployment_v1", "mlflow-deployment")
    pod = one(one(one(deployment["spec"])["template"])["spec"])
    container = one(pod["container"])
    registry = f"{spec.account_id}.dkr.ecr.{spec.region}.amazonaws.com/slipway-{spec.name}/mlflow"
    assert container["image"] == f"{registry}@{spec.mlflow.image_digest}"
    # the image's entrypoint is `mlflow server`: the container passes its flags only
    assert container["args"][:2] == ["--host", "0.0.0.0"]
    assert container["args"][-2:] == ["--app-name", "basic-auth"]
    env = {e["name"]: e["value"] for e in container["env"]}
    assert env["MLFLOW_AUTH_CONFIG_PATH"] == "/etc/mlflow-auth/basic_auth.ini"
    assert "mlflow.mlflow.svc.cluster.local:*" in env["MLFLOW_SERVER_ALLOWED_HOSTS"].split(",")
    repository = rendering.get("aws_ecr_repository", "mlflow-registry")
    assert repository["name"] == f"slipway-{spec.name}/mlflow"
    assert repository["image_tag_mutability"] == "IMMUTABLE"


def test_runners_run_inside_the_environment_with_no_aws_permissions(rendering, spec) -> None:
    scale_set = rendering.get("helm_release", "arc-runner-scale-set")
    assert scale_set["name"] == f"slipway-{spec.name}"  # the jobs' `runs-on` label
    assert scale_set["version"] == rendering.get("helm_release", "arc")["version"]
    config = values(scale_set)
    assert config["runnerScaleSetName"] == f"slipway-{spec.name}"
    # the organization's: its runner group is an organization's (probe 29, N-H1)
    assert config["githubConfigUrl"] == f"https://github.com/{spec.github.org}"
    (runner,) = config["template"]["spec"]["containers"]
    assert runner["image"] == spec.runners.image
    assert re.search(r"@sha256:[0-9a-f]{64}$", runner["image"])
    assert config["maxRunners"] == spec.runners.max_runners
    # the runner role has no policy: jobs act through the environment's GitHub OIDC roles
    assert "runner-role-policy" not in rendering.of_type("aws_iam_role_policy")
    attached = rendering.of_type("aws_iam_role_policy_attachment")
    assert not [n for n in attached if n.startswith("runner-role-")]
