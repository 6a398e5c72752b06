"""The CDKTF rendering: cdktf.Testing matchers on the synthesized JSON, the state backend,
pinned providers, and references that resolve (a `terraform validate` without the CLI)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import cdktf
import pytest

from infra.platform import build_platform
from infra.settings import InfraSettings
from infra.spec import ENVIRONMENTS, load_spec

REPO = Path(__file__).resolve().parents[2]

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
    """The lock is the backend's own file beside the state (use_lockfile), not a DynamoDB table
    (deprecated by Terraform 1.11): an override, as cdktf 0.21's S3Backend lacks the argument."""
    spec = load_spec(env, settings)
    backend = synthesized[env]["terraform"]["backend"]["s3"]
    assert backend == {
        **settings.backend_for(env, spec.region),
        "encrypt": True,
        "use_lockfile": True,
    }
    assert not {"dynamodb_table", "dynamodb_endpoint"} & set(backend)


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
def test_the_only_account_named_is_the_specs_in_the_provider_guard(
    env: str, synthesized, synthesized_text, settings
) -> None:
    """ARNs take the account from the caller identity at plan time; the spec's account id
    appears in the AWS provider's allowed_account_ids (any other account is refused) and in the
    MLflow and runner image references (literal digest references in the account's ECR). The
    one other account is AWS's own: Elastic Load Balancing's of the Region, the writer of the
    ALB's access logs in the access-log bucket's policy (review 177, R-L4)."""
    from infra.platform.builder import ELB_LOG_ACCOUNTS

    spec = load_spec(env, settings)
    text = synthesized_text[env]
    assert "{account_id}" not in text
    elb = {ELB_LOG_ACCOUNTS[spec.region]} if spec.region in ELB_LOG_ACCOUNTS else set()
    assert set(re.findall(r"(?<![\d.])\d{12}(?![\d.])", text)) == {spec.account_id, *elb}
    for account in elb:  # in that statement's principal only
        assert text.count(account) == 1
        assert f'\\"AWS\\": \\"arn:aws:iam::{account}:root\\"' in text
    (provider,) = synthesized[env]["provider"]["aws"]
    assert provider["allowed_account_ids"] == [spec.account_id]
    image = build_platform(spec).mlflow.image
    runner = spec.runners.image
    assert text.count(spec.account_id) == 1 + text.count(image) + text.count(runner) * (
        spec.account_id in runner
    )
    assert "${data.aws_caller_identity.caller.account_id}" in text
    assert "assume_role" not in provider  # none of the committed specs sets assume_role_arn


def test_an_assumed_role_reaches_the_provider(raw_spec, settings) -> None:
    from cdktf import App

    from infra.cdktf.stack import PlatformStack
    from infra.spec import parse_spec

    data = raw_spec("dev")
    data["assume_role_arn"] = f"arn:aws:iam::{data['account_id']}:role/slipway-dev-terraform"
    spec = parse_spec(data)
    stack = PlatformStack(App(), build_platform(spec), settings.backend_for("dev", spec.region))
    doc = json.loads(cdktf.Testing.synth(stack))
    (provider,) = doc["provider"]["aws"]
    assert provider["assume_role"] == [{"role_arn": data["assume_role_arn"]}]
    assert provider["allowed_account_ids"] == [data["account_id"]]


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_required_terraform_version_is_committed_beside_the_stack(env: str) -> None:
    from infra.cdktf.app import VERSIONS_FILE
    from infra.platform.model import TERRAFORM_REQUIRED_VERSION

    text = (REPO / "terraform" / env / VERSIONS_FILE).read_text()
    assert f'required_version = "{TERRAFORM_REQUIRED_VERSION}"' in text
    assert re.fullmatch(r">= \d+\.\d+\.\d+, < \d+\.\d+\.\d+", TERRAFORM_REQUIRED_VERSION)


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_cluster_and_node_groups_wait_for_their_policy_attachments(env: str, synthesized) -> None:
    resources = synthesized[env]["resource"]
    cluster = resources["aws_eks_cluster"]["cluster"]
    assert set(cluster["depends_on"]) == {
        "aws_cloudwatch_log_group.cluster-logs",
        "aws_iam_role_policy_attachment.cluster-role-AmazonEKSClusterPolicy",
    }
    for group in resources["aws_eks_node_group"].values():
        policies = {d for d in group["depends_on"] if d.startswith("aws_iam_")}
        assert policies == {
            f"aws_iam_role_policy_attachment.node-role-{p}"
            for p in (
                "AmazonEKSWorkerNodePolicy",
                "AmazonEKS_CNI_Policy",
                "AmazonEC2ContainerRegistryReadOnly",
            )
        }  # and the private subnets' way out: tests/infra/test_review165.py


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_github_oidc_provider_is_created_once_per_account(env: str, synthesized, settings) -> None:
    spec = load_spec(env, settings)
    created = synthesized[env]["resource"].get("aws_iam_openid_connect_provider", {})
    looked_up = synthesized[env].get("data", {}).get("aws_iam_openid_connect_provider", {})
    url = "https://token.actions.githubusercontent.com"
    if spec.github.create_oidc_provider:
        assert created["github-oidc"]["url"] == url
        assert "github-oidc" not in looked_up
    else:
        assert "github-oidc" not in created
        assert looked_up["github-oidc"]["url"] == url


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
    other = InfraSettings(state_bucket="acme-{env}")
    assert other.backend_for("dev", "eu-west-1")["bucket"] == "acme-dev"
    assert synthesized["dev"]["terraform"]["backend"]["s3"]["bucket"] != "acme-dev"
