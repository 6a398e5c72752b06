"""The arguments of AWS resources that both renderers spell the same way.

pulumi-aws is bridged from the Terraform AWS provider, so most of its resources take Terraform's
argument names. Where a resource maps model fields to those names one for one, the mapping lives
here once; each renderer passes in what only it can resolve (references to other resources) and
adds its own engine options. Values that reference other resources are engine objects (a CDKTF
token, a Pulumi output), hence ``object``.
"""

from __future__ import annotations

import json

from infra.platform.model import (
    AccessEntry,
    Cache,
    Certificate,
    Database,
    EksAddon,
    KmsKey,
    LaunchTemplate,
    LogGroup,
    Network,
    PolicyDocument,
    Role,
    Secret,
    SecurityGroup,
    Subnet,
    VpcEndpoint,
)

Arguments = dict[str, object]


def vpc(net: Network) -> Arguments:
    return {
        "cidr_block": net.cidr,
        "enable_dns_hostnames": net.dns,
        "enable_dns_support": net.dns,
        "tags": {"Name": net.name},
    }


def subnet(s: Subnet, vpc_id: object) -> Arguments:
    return {
        "vpc_id": vpc_id,
        "cidr_block": s.cidr,
        "availability_zone": s.az,
        "map_public_ip_on_launch": s.map_public_ip_on_launch,
        "tags": {"Name": s.name, s.load_balancer_role_tag: "1"},
    }


def flow_log(net: Network, vpc_id: object, log_group_arn: object, role_arn: object) -> Arguments:
    return {
        "vpc_id": vpc_id,
        "traffic_type": net.flow_log.traffic_type,
        "log_destination_type": net.flow_log.destination_type,
        "log_destination": log_group_arn,
        "iam_role_arn": role_arn,
    }


def kms_key(key: KmsKey, policy: object) -> Arguments:
    return {
        "description": key.description,
        "enable_key_rotation": key.rotation,
        "deletion_window_in_days": key.deletion_window_days,
        "policy": policy,
    }


def role(r: Role, trust_policy: object, boundary: object = None) -> Arguments:
    """``boundary``: the engine's value of ``r.permissions_boundary`` (its account id filled in)."""
    return {
        "name": r.name,
        "description": r.description,
        "assume_role_policy": trust_policy,
        "permissions_boundary": boundary,
    }


def role_policy(r: Role, role_id: object, policy: object) -> Arguments:
    return {"name": f"{r.name}-policy", "role": role_id, "policy": policy}


def policy_document(doc: PolicyDocument) -> Arguments:
    """A customer-managed policy, its document kept as published."""
    return {
        "name": doc.name,
        "description": doc.description,
        "policy": json.dumps(doc.document, indent=2, sort_keys=True),
    }


def vpc_endpoint(e: VpcEndpoint, vpc_id: object, route_table_ids: list[object]) -> Arguments:
    return {
        "vpc_id": vpc_id,
        "service_name": e.service,
        "vpc_endpoint_type": e.type,
        "route_table_ids": route_table_ids,
        "tags": {"Name": e.id},
    }


def access_entry(e: AccessEntry, cluster_name: object, principal_arn: object) -> Arguments:
    return {
        "cluster_name": cluster_name,
        "principal_arn": principal_arn,
        "kubernetes_groups": list(e.kubernetes_groups) or None,
        "type": e.type,
    }


def eks_addon(a: EksAddon, cluster_name: object, role_arn: object | None) -> Arguments:
    return {
        "cluster_name": cluster_name,
        "addon_name": a.name,
        "addon_version": a.version,
        "configuration_values": json.dumps(a.configuration, sort_keys=True)
        if a.configuration
        else None,
        "service_account_role_arn": role_arn,
        "resolve_conflicts_on_create": a.resolve_conflicts_on_create,
        "resolve_conflicts_on_update": a.resolve_conflicts_on_update,
    }


def validation_record(c: Certificate, *, name: object, type: object, value: object) -> Arguments:
    """The DNS record that proves control of the certificate's domain to ACM."""
    return {
        "zone_id": c.zone_id,
        "name": name,
        "type": type,
        "records": [value],
        "ttl": c.record_ttl,
        "allow_overwrite": c.allow_overwrite,
    }


def log_group(group: LogGroup, kms_key: object) -> Arguments:
    return {"name": group.name, "retention_in_days": group.retention_days, "kms_key_id": kms_key}


def secret(s: Secret, kms_key: object) -> Arguments:
    return {
        "name": s.name,
        "description": s.description,
        "kms_key_id": kms_key,
        "recovery_window_in_days": s.recovery_window_days,
    }


def security_group(sg: SecurityGroup, vpc_id: object) -> Arguments:
    """Name, VPC and no egress; the one ingress rule is :func:`security_group_ingress`."""
    return {"name": sg.name, "description": sg.description, "vpc_id": vpc_id, "egress": []}


def security_group_ingress(sg: SecurityGroup) -> Arguments:
    return {
        "description": sg.ingress_description,
        "from_port": sg.port,
        "to_port": sg.port,
        "protocol": sg.protocol,
        "cidr_blocks": list(sg.ingress_cidrs),
    }


def subnet_group(name: str, description: str, subnet_ids: list[object]) -> Arguments:
    """A DB or ElastiCache subnet group (the engines' defaults name themselves otherwise)."""
    return {"name": name, "description": description, "subnet_ids": subnet_ids}


def parameter_group(d: Database) -> Arguments:
    """The DB parameter group without its parameters (each engine spells those blocks)."""
    return {
        "name": d.parameter_group_name,
        "description": d.parameter_group_description,
        "family": d.parameter_family,
    }


def db_parameters(d: Database) -> list[dict[str, str]]:
    return [
        {"name": k, "value": v, "apply_method": d.parameter_apply_method} for k, v in d.parameters
    ]


def db_instance(
    d: Database,
    kms_key: object,
    *,
    subnet_group: object,
    security_group: object,
    parameter_group: object,
    monitoring_role_arn: object,
    final_snapshot_identifier: object,
) -> Arguments:
    return {
        "identifier": d.identifier,
        "engine": d.engine,
        "engine_version": d.engine_version,
        "instance_class": d.instance_class,
        "allocated_storage": d.allocated_storage_gb,
        "max_allocated_storage": d.max_allocated_storage_gb,
        "db_name": d.db_name,
        "username": d.username,
        "port": d.port,
        "manage_master_user_password": d.manage_master_user_password,
        "master_user_secret_kms_key_id": kms_key,
        "storage_encrypted": d.storage_encrypted,
        "kms_key_id": kms_key,
        "multi_az": d.multi_az,
        "deletion_protection": d.deletion_protection,
        "backup_retention_period": d.backup_retention_days,
        "db_subnet_group_name": subnet_group,
        "vpc_security_group_ids": [security_group],
        "parameter_group_name": parameter_group,
        "publicly_accessible": d.publicly_accessible,
        "iam_database_authentication_enabled": d.iam_authentication,
        "performance_insights_enabled": d.performance_insights,
        "performance_insights_kms_key_id": kms_key,
        "enabled_cloudwatch_logs_exports": list(d.log_exports),
        "monitoring_interval": d.monitoring_interval_seconds,
        "monitoring_role_arn": monitoring_role_arn,
        "auto_minor_version_upgrade": d.auto_minor_version_upgrade,
        "copy_tags_to_snapshot": d.copy_tags_to_snapshot,
        "skip_final_snapshot": d.skip_final_snapshot,
        "final_snapshot_identifier": final_snapshot_identifier,
    }


def replication_group(
    c: Cache, kms_key: object, *, auth_token: object, subnet_group: object, security_group: object
) -> Arguments:
    return {
        "replication_group_id": c.replication_group_id,
        "description": c.description,
        "engine": c.engine,
        "engine_version": c.engine_version,
        "node_type": c.node_type,
        "num_cache_clusters": c.nodes,
        "port": c.port,
        "automatic_failover_enabled": c.failover,
        "multi_az_enabled": c.failover,
        "at_rest_encryption_enabled": c.at_rest_encryption,
        "kms_key_id": kms_key,
        "transit_encryption_enabled": c.transit_encryption,
        "auth_token": auth_token,
        "subnet_group_name": subnet_group,
        "security_group_ids": [security_group],
        "snapshot_retention_limit": c.snapshot_retention_days,
        "auto_minor_version_upgrade": c.auto_minor_version_upgrade,
    }


def launch_template(t: LaunchTemplate, kms_key: object) -> Arguments:
    """A node group's template: encrypted root volume, IMDSv2, the stack's tags at launch."""
    return {
        "name": t.name,
        "description": f"{t.name} nodes: tagged at launch, volume under the stack's key, IMDSv2",
        "update_default_version": True,
        "block_device_mappings": [
            {
                "device_name": t.device_name,
                "ebs": {
                    "volume_size": t.disk_size_gb,
                    "volume_type": t.volume_type,
                    "encrypted": "true",
                    "kms_key_id": kms_key,
                    "delete_on_termination": "true",
                },
            }
        ],
        "metadata_options": {
            "http_endpoint": "enabled",
            "http_tokens": t.http_tokens,
            "http_put_response_hop_limit": t.http_put_response_hop_limit,
        },
        "tag_specifications": [
            {"resource_type": kind, "tags": dict(t.tags)} for kind in t.tagged_resources
        ],
    }


def node_group_launch_template(template_id: object, version: object) -> Arguments:
    """A node group's ``launch_template`` block: its latest version (a change rolls the nodes)."""
    return {"id": template_id, "version": version}


def asg_tag(group_name: object, key: str, value: str) -> Arguments:
    """One tag of a node group's Auto Scaling group (the instances get theirs from the template)."""
    return {
        "autoscaling_group_name": group_name,
        "tag": {"key": key, "value": value, "propagate_at_launch": False},
    }
