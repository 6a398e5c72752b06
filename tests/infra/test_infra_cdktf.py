"""The CDKTF rendering: cdktf.Testing matchers on the synthesized JSON, the state backend,
pinned providers, and references that resolve (a `terraform validate` without the CLI)."""

from __future__ import annotations

import json
import re

import cdktf
import pytest

from infra.platform import build_platform
from infra.settings import InfraSettings
from infra.spec import ENVIRONMENTS, load_spec

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_security_settings_with_cdktf_testing_matchers(
    env: str, synthesized_text, settings
) -> None:
    text = synthesized_text[env]
    spec = load_spec(env, settings)
    assert cdktf.Testing.to_have_provider_with_properties(text, "aws", {"region": spec.region})
    assert cdktf.Testing.to_have_data_source(text, "aws_caller_identity")
    assert cdktf.Testing.to_have_resource_with_properties(
        text, "aws_kms_key", {"enable_key_rotation": True}
    )
    assert cdktf.Testing.to_have_resource_with_properties(
        text,
        "aws_eks_cluster",
        {
            "name": f"slipway-{env}-eks",
            "enabled_cluster_log_types": [
                "api",
                "audit",
                "authenticator",
                "controllerManager",
                "scheduler",
            ],
            "deletion_protection": spec.deletion_protection,
        },
    )
    assert cdktf.Testing.to_have_resource_with_properties(
        text,
        "aws_db_instance",
        {
            "storage_encrypted": True,
            "publicly_accessible": False,
            "multi_az": spec.database.multi_az,
            "deletion_protection": spec.deletion_protection,
            "manage_master_user_password": True,
        },
    )
    assert cdktf.Testing.to_have_resource_with_properties(
        text,
        "aws_elasticache_replication_group",
        {"transit_encryption_enabled": True, "at_rest_encryption_enabled": "true"},
    )
    assert cdktf.Testing.to_have_resource_with_properties(
        text, "aws_ecr_repository", {"image_tag_mutability": "IMMUTABLE"}
    )
    assert cdktf.Testing.to_have_resource_with_properties(
        text,
        "aws_s3_bucket_public_access_block",
        {
            "block_public_acls": True,
            "block_public_policy": True,
            "ignore_public_acls": True,
            "restrict_public_buckets": True,
        },
    )
    assert cdktf.Testing.to_have_resource(text, "aws_flow_log")
    assert cdktf.Testing.to_have_resource_with_properties(
        text, "helm_release", {"chart": "kube-prometheus-stack"}
    )
    assert cdktf.Testing.to_have_resource_with_properties(
        text, "helm_release", {"chart": "metrics-server"}
    )
    assert not cdktf.Testing.to_have_resource_with_properties(
        text, "aws_db_instance", {"publicly_accessible": True}
    )


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_state_backend_is_s3_with_locking_from_settings(env: str, synthesized, settings) -> None:
    spec = load_spec(env, settings)
    backend = synthesized[env]["terraform"]["backend"]["s3"]
    assert backend == {**settings.backend_for(env, spec.region), "encrypt": True}
    assert backend["dynamodb_table"]


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_providers_are_pinned_to_exact_versions(env: str, synthesized) -> None:
    providers = synthesized[env]["terraform"]["required_providers"]
    assert set(providers) == {"aws", "kubernetes", "helm"}
    for provider in providers.values():
        assert re.fullmatch(r"\d+\.\d+\.\d+", provider["version"]), provider


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_outputs_are_the_platform_outputs(env: str, synthesized, settings) -> None:
    platform = build_platform(load_spec(env, settings))
    outputs = synthesized[env]["output"]
    assert set(outputs) == {o.name for o in platform.outputs}
    assert {
        "cluster_name",
        "cluster_endpoint",
        "dvc_bucket",
        "mlflow_bucket",
        "registry_url",
        "mlflow_url",
        "github_push_role_arn",
        "github_deploy_role_arn",
        "app_role_arn",
        "mlflow_role_arn",
    } <= set(outputs)
    assert outputs["cluster_endpoint"]["value"] == "${aws_eks_cluster.cluster.endpoint}"


_REFERENCE = re.compile(r"\b(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z][A-Za-z0-9_-]*)\.")


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_every_reference_resolves(env: str, synthesized, synthesized_text) -> None:
    doc = synthesized[env]
    resources = {(t, n) for t, named in doc["resource"].items() for n in named}
    data = {(t, n) for t, named in doc.get("data", {}).items() for n in named}
    locals_ = set(doc.get("locals", {}))
    expressions = re.findall(r"\$\{([^{}]*)\}", synthesized_text[env])
    assert len(expressions) > 100
    for expression in expressions:
        for is_data, typ, name in _REFERENCE.findall(expression):
            key = (typ, name)
            assert key in (data if is_data else resources), f"{env}: dangling {expression}"
        for local in re.findall(r"\blocal\.([a-z0-9_]+)", expression):
            assert local in locals_, f"{env}: dangling {expression}"


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_nothing_account_specific_is_committed(env: str, synthesized_text) -> None:
    text = synthesized_text[env]
    assert "{account_id}" not in text
    assert not re.search(r"(?<![\d.])\d{12}(?![\d.])", text)
    assert "${data.aws_caller_identity.caller.account_id}" in text


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_policy_documents_are_json_once_interpolated(env: str, synthesized) -> None:
    """Policies are JSON strings with `${...}` templates; Terraform fills those in, so the
    text around them must be valid JSON with a placeholder in their place."""
    for named in synthesized[env]["resource"].values():
        for config in named.values():
            for key in ("policy", "assume_role_policy"):
                if key in config:
                    filled = re.sub(r"\$\{[^}]*\}", "X", config[key])
                    json.loads(filled)


def test_settings_change_the_backend_not_the_resources(synthesized) -> None:
    other = InfraSettings(state_bucket="acme-{env}", lock_table="acme-locks")
    assert other.backend_for("dev", "eu-west-1")["bucket"] == "acme-dev"
    assert synthesized["dev"]["terraform"]["backend"]["s3"]["bucket"] != "acme-dev"
