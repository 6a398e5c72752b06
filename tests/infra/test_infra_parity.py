"""Parity: both engines render each environment as the same logical resources with the same key
settings, so Pulumi and Terraform users get the same platform."""

from __future__ import annotations

from typing import Any

import pytest
from infra_helpers import Rendering, as_list, policy_statements

from infra.spec import ENVIRONMENTS

pytestmark = pytest.mark.slow

KEY_SETTINGS: dict[str, list[tuple[str, ...]]] = {
    "aws_vpc": [("cidr_block",), ("enable_dns_hostnames",), ("enable_dns_support",), ("tags",)],
    "aws_subnet": [
        ("cidr_block",),
        ("availability_zone",),
        ("map_public_ip_on_launch",),
        ("tags",),
    ],
    "aws_route": [("destination_cidr_block",)],
    "aws_flow_log": [("traffic_type",), ("log_destination_type",)],
    "aws_kms_key": [("enable_key_rotation",), ("deletion_window_in_days",), ("description",)],
    "aws_cloudwatch_log_group": [("name",), ("retention_in_days",)],
    "aws_eks_cluster": [
        ("name",),
        ("version",),
        ("enabled_cluster_log_types",),
        ("deletion_protection",),
        ("vpc_config", "endpoint_private_access"),
        ("vpc_config", "endpoint_public_access"),
        ("vpc_config", "public_access_cidrs"),
        ("access_config", "authentication_mode"),
    ],
    "aws_eks_node_group": [
        ("node_group_name",),
        ("instance_types",),
        ("capacity_type",),
        ("disk_size",),
        ("scaling_config", "min_size"),
        ("scaling_config", "max_size"),
        ("scaling_config", "desired_size"),
    ],
    "aws_db_instance": [
        ("identifier",),
        ("engine",),
        ("engine_version",),
        ("instance_class",),
        ("allocated_storage",),
        ("multi_az",),
        ("deletion_protection",),
        ("storage_encrypted",),
        ("publicly_accessible",),
        ("backup_retention_period",),
        ("manage_master_user_password",),
        ("iam_database_authentication_enabled",),
        ("monitoring_interval",),
        ("max_allocated_storage",),
        ("db_name",),
        ("username",),
        ("port",),
        ("performance_insights_enabled",),
        ("enabled_cloudwatch_logs_exports",),
        ("auto_minor_version_upgrade",),
        ("copy_tags_to_snapshot",),
        ("skip_final_snapshot",),
        ("final_snapshot_identifier",),
    ],
    "aws_db_subnet_group": [("name",)],
    "aws_db_parameter_group": [("name",), ("family",)],
    "aws_elasticache_replication_group": [
        ("replication_group_id",),
        ("description",),
        ("engine",),
        ("engine_version",),
        ("node_type",),
        ("num_cache_clusters",),
        ("port",),
        ("transit_encryption_enabled",),
        ("at_rest_encryption_enabled",),
        ("automatic_failover_enabled",),
        ("multi_az_enabled",),
        ("snapshot_retention_limit",),
        ("auto_minor_version_upgrade",),
    ],
    "aws_elasticache_subnet_group": [("name",)],
    "aws_ecr_repository": [
        ("name",),
        ("image_tag_mutability",),
        ("image_scanning_configuration", "scan_on_push"),
        ("encryption_configuration", "encryption_type"),
    ],
    "aws_ecr_lifecycle_policy": [("policy",)],
    "aws_s3_bucket_versioning": [("versioning_configuration", "status")],
    "aws_s3_bucket_ownership_controls": [("rule", "object_ownership")],
    "aws_s3_bucket_server_side_encryption_configuration": [
        ("rule", "apply_server_side_encryption_by_default", "sse_algorithm"),
        ("rule", "bucket_key_enabled"),
    ],
    "aws_s3_bucket_lifecycle_configuration": [
        ("rule", "id"),
        ("rule", "status"),
        ("rule", "noncurrent_version_expiration", "noncurrent_days"),
        ("rule", "abort_incomplete_multipart_upload", "days_after_initiation"),
        ("rule", "expiration", "days"),
    ],
    "aws_s3_bucket_public_access_block": [
        ("block_public_acls",),
        ("block_public_policy",),
        ("ignore_public_acls",),
        ("restrict_public_buckets",),
    ],
    "aws_iam_role": [("name",), ("description",)],
    "aws_iam_role_policy_attachment": [("policy_arn",)],
    "aws_security_group": [
        ("name",),
        ("description",),
        ("ingress", "description"),
        ("ingress", "from_port"),
        ("ingress", "to_port"),
        ("ingress", "protocol"),
        ("ingress", "cidr_blocks"),
    ],
    "aws_secretsmanager_secret": [("name",), ("description",), ("recovery_window_in_days",)],
    "aws_eks_access_policy_association": [("policy_arn",)],
    "helm_release": [
        ("name",),
        ("namespace",),
        ("chart",),
        ("version",),
        ("repository",),
        ("create_namespace",),
        ("atomic",),
    ],
}


def _norm(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Pulumi's protocol carries every number as a float
    if isinstance(value, bool | int | float):
        return str(value).lower()
    if isinstance(value, str):
        return value.lower() if value.lower() in {"true", "false"} else value
    if isinstance(value, list):
        return [_norm(v) for v in value]
    return value


def _lookup(config: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = config
    for key in path:
        if isinstance(value, list):
            (value,) = value
        value = value.get(key) if isinstance(value, dict) else None
    return _norm(value)


def _policy_shape(text: str) -> list[tuple[str, str, tuple[str, ...]]]:
    return sorted(
        (s["Sid"], s["Effect"], tuple(sorted(as_list(s["Action"]))))
        for s in policy_statements(text)
    )


@pytest.fixture(params=ENVIRONMENTS)
def pair(request: pytest.FixtureRequest, synthesized, pulumi_runs):
    from infra_helpers import cdktf_rendering, pulumi_rendering

    env = request.param
    return (
        cdktf_rendering(env, synthesized[env]),
        pulumi_rendering(env, pulumi_runs[env]),
    )


def test_same_logical_resources(pair: tuple[Rendering, Rendering]) -> None:
    cdktf, pulumi = pair
    assert set(cdktf.resources) == set(pulumi.resources)


def test_same_key_settings(pair: tuple[Rendering, Rendering]) -> None:
    cdktf, pulumi = pair
    compared = 0
    for typ, paths in KEY_SETTINGS.items():
        for name, config in cdktf.of_type(typ).items():
            other = pulumi.get(typ, name)
            for path in paths:
                assert _lookup(config, path) == _lookup(other, path), (typ, name, path)
                compared += 1
    assert compared > 100


def test_same_policies(pair: tuple[Rendering, Rendering]) -> None:
    cdktf, pulumi = pair
    for typ, key in [
        ("aws_iam_role", "assume_role_policy"),
        ("aws_iam_role_policy", "policy"),
        ("aws_s3_bucket_policy", "policy"),
        ("aws_kms_key", "policy"),
        ("aws_secretsmanager_secret_policy", "policy"),
    ]:
        for name, config in cdktf.of_type(typ).items():
            assert _policy_shape(config[key]) == _policy_shape(pulumi.get(typ, name)[key]), name
