"""The Pulumi program under `pulumi.runtime.set_mocks`: what is specific to the Pulumi rendering
(pulumi-eks options, stack outputs, secrets). The shared security properties of both engines are
in test_infra_security.py."""

from __future__ import annotations

import json

import pytest

from infra.platform import build_platform
from infra.spec import ENVIRONMENTS, load_spec

SIG = "4dabf18193072939515e22adb298388d"  # pulumi.runtime.rpc._special_sig_key
SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"  # pulumi.runtime.rpc._special_secret_sig


@pytest.fixture(params=ENVIRONMENTS)
def env(request: pytest.FixtureRequest) -> str:
    return request.param


def test_pulumi_eks_builds_the_control_plane_with_irsa_and_no_defaults(env, pulumi_runs) -> None:
    (cluster,) = pulumi_runs[env].of_type("eks:index:Cluster")
    inputs = cluster.inputs
    assert inputs["createOidcProvider"] is True
    assert inputs["skipDefaultNodeGroup"] is True
    assert inputs["skipDefaultSecurityGroups"] is True
    assert inputs["authenticationMode"] == "API"
    assert inputs["serviceRole"] == "cluster-role-id"
    assert inputs["encryptionConfigKeyArn"].endswith("key/kms")
    assert inputs["nodeAssociatePublicIpAddress"] is False


def test_node_groups_are_managed_by_pulumi_eks(env, pulumi_runs, settings) -> None:
    spec = load_spec(env, settings)
    groups = pulumi_runs[env].of_type("eks:index:ManagedNodeGroup")
    assert [g.name for g in groups] == [
        *(f"nodes-{g.name}" for g in spec.cluster.node_groups),
        "nodes-runners",  # the CI runners' own, tainted (tests/infra/test_runner_isolation.py)
    ]
    assert all(g.inputs["ignoreScalingChanges"] is True for g in groups)


def test_every_resource_uses_the_explicit_providers(env, pulumi_runs) -> None:
    run = pulumi_runs[env]
    providers = {r.name for r in run.resources if r.typ.startswith("pulumi:providers:")}
    assert providers == {"aws", "kubernetes"}
    (aws,) = run.of_type("pulumi:providers:aws")
    assert aws.inputs["region"] == load_spec(env).region
    assert "environment" in str(aws.inputs["defaultTags"])


def test_stack_outputs_match_the_platform(env, pulumi_runs, settings) -> None:
    platform = build_platform(load_spec(env, settings))
    exports = pulumi_runs[env].exports
    assert set(exports) == {o.name for o in platform.outputs}
    assert exports["cluster_name"] == f"slipway-{env}-eks"
    assert exports["cluster_endpoint"].startswith("https://")
    assert exports["dvc_bucket"] == f"slipway-{env}-dvc-remote-123456789012"
    assert exports["registry_url"].endswith(f"/slipway-{env}/assistant")
    assert exports["mlflow_url"] == "http://mlflow.mlflow.svc.cluster.local:5000"


def test_generated_and_written_secrets_stay_secret(env, pulumi_runs) -> None:
    run = pulumi_runs[env]
    tokens = [token for token, _ in run.calls]
    assert "aws:secretsmanager/getRandomPassword:getRandomPassword" in tokens
    # the RDS password is never read at deploy time: External Secrets reads it in the cluster
    assert "aws:secretsmanager/getSecretVersion:getSecretVersion" not in tokens
    assert not run.of_type("kubernetes:core/v1:Secret")
    versions = {v.name: v for v in run.of_type("aws:secretsmanager/secretVersion:SecretVersion")}
    # the database roles' passwords (probe 25, M2), generated like the cache token
    roles = {"db-owner-password": 40, "db-app-password": 44, "db-mlflow-password": 56}
    assert set(versions) == {
        "cache-auth-value",
        "smoke-token-value",
        "runtime-endpoints-value",
        *(f"{secret}-value" for secret in roles),
    }
    for version in versions.values():
        # Marked secret on the wire (Pulumi's secret signature), so it is encrypted in state.
        assert version.inputs["secretString"][SIG] == SECRET_SIG
    assert len(versions["cache-auth-value"].inputs["secretString"]["value"]) == 64
    assert len(versions["smoke-token-value"].inputs["secretString"]["value"]) == 48
    for secret, length in roles.items():
        assert len(versions[f"{secret}-value"].inputs["secretString"]["value"]) == length
    endpoints = json.loads(versions["runtime-endpoints-value"].inputs["secretString"]["value"])
    assert endpoints["database_host"] == f"slipway-{env}-mlflow.abc.eu-west-1.rds.amazonaws.com"
    assert endpoints["cache_host"] == f"master.slipway-{env}-cache.cache.amazonaws.com"


def test_the_provider_refuses_other_accounts(env, pulumi_runs, settings) -> None:
    (aws,) = pulumi_runs[env].of_type("pulumi:providers:aws")
    assert json.loads(aws.inputs["allowedAccountIds"]) == [load_spec(env, settings).account_id]
    assert "assumeRoles" not in aws.inputs


def test_cluster_and_node_groups_wait_for_their_policy_attachments(env, pulumi_runs) -> None:
    dependencies = pulumi_runs[env].dependencies
    assert {"cluster-logs", "cluster-role-AmazonEKSClusterPolicy"} <= dependencies["cluster"]
    node_policies = {
        "node-role-AmazonEKSWorkerNodePolicy",
        "node-role-AmazonEKS_CNI_Policy",
        "node-role-AmazonEC2ContainerRegistryReadOnly",
    }
    for group in pulumi_runs[env].of_type("eks:index:ManagedNodeGroup"):
        assert node_policies <= dependencies[group.name]


def test_releases_wait_for_what_they_need(env, pulumi_runs) -> None:
    dependencies = pulumi_runs[env].dependencies
    assert {"storage-class-gp3", "addon-ebs-csi"} <= dependencies["kube-prometheus-stack"]
    assert {"external-secrets", "mlflow-namespace"} <= dependencies["mlflow-secrets"]
    assert "mlflow-secrets" in dependencies["mlflow-deployment"]
