"""Probe 29, N-M1 and N-L3; probe 25, L7: what AWS makes for an environment, and the policies' size.

- N-M1: the scope denies went by the ``environment`` tag and by ``slipway-<env>-`` names, and
  much of what AWS makes for staging has neither: the node groups' instances, root volumes, ENIs
  and Auto Scaling groups (node group tags are not propagated), the cluster security group, the
  RDS log groups. dev's apply role could terminate staging's nodes, read its Postgres logs, or
  snapshot a runner's root volume (under ``aws/ebs``, usable by anyone) and read it in dev. Now
  the node groups launch from templates that tag instances, volumes and ENIs and encrypt the
  volume with the stack's key (whose alias the other environment is denied), their Auto Scaling
  groups get ``environment``, and the denies name what EKS tags with the cluster and the RDS
  log groups.
- L7: the root volumes were encrypted only if the account's EBS default was on.
- N-L3: bootstrap and validate refuse a managed policy over IAM's 6,144 characters, by name and
  size, before anything is written (IAM's ``LimitExceeded`` says neither).

IAM is evaluated by :func:`tests.infra.test_probe28_iam.allowed` (conditions included).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from infra_helpers import Rendering, as_list, ref_name

from infra import bootstrap as b
from infra.platform.boundary import Neighbour, boundary_document
from infra.spec import ENVIRONMENTS, load_spec
from tests.infra.test_bootstrap import account_of, aws, backend, cli, keys, moto, session
from tests.infra.test_infra_security import values
from tests.infra.test_probe28_iam import ACCOUNT, DEV, DEV_BOUNDARY, DEV_POLICY, allowed, tag

__all__ = ["aws", "moto"]  # the fixtures, imported for pytest

REPO = Path(__file__).resolve().parents[2]
TAGGED_AT_LAUNCH = {"instance", "volume", "network-interface"}


def _one(block: Any) -> dict[str, Any]:
    return block[0] if isinstance(block, list) else block


# --- the node groups' launch templates, both engines ------------------------------------------


def test_node_groups_launch_tagged_encrypted_and_imdsv2_only(
    rendering: Rendering, settings: Any
) -> None:
    spec = load_spec(rendering.env, settings)
    templates = rendering.of_type("aws_launch_template")
    groups = rendering.of_type("aws_eks_node_group")
    assert groups
    assert set(templates) == {f"{name}-template" for name in groups}
    for name, group in groups.items():
        template = templates[f"{name}-template"]
        assert ref_name(_one(group["launch_template"])["id"]) == f"{name}-template"
        assert ref_name(_one(group["launch_template"])["version"]) == f"{name}-template"
        assert group.get("disk_size") is None  # EKS refuses it beside a launch template
        specs = {t["resource_type"]: t["tags"] for t in template["tag_specifications"]}
        assert set(specs) == TAGGED_AT_LAUNCH
        for tags in specs.values():
            # environment only: a cost tag's edit must not roll the nodes (probe 32, R-M1)
            assert tags == {"environment": rendering.env}
        (mapping,) = template["block_device_mappings"]
        ebs = _one(mapping["ebs"])
        assert mapping["device_name"] == "/dev/xvda"
        assert str(ebs["encrypted"]).lower() == "true"
        assert ref_name(ebs["kms_key_id"]) == "kms"  # the stack's key, not aws/ebs
        disks = {f"nodes-{g.name}": g.disk_size_gb for g in spec.cluster.node_groups}
        disk = disks.get(name, spec.runners.node_disk_size_gb)
        assert int(ebs["volume_size"]) == disk
        metadata = _one(template["metadata_options"])
        assert metadata["http_tokens"] == "required"
        assert int(metadata["http_put_response_hop_limit"]) == 1
        # the Auto Scaling group EKS makes: tagged, not propagated (the template tags the nodes)
        asg_tag = rendering.get("aws_autoscaling_group_tag", f"{name}-asg-environment")
        assert ref_name(asg_tag["autoscaling_group_name"]) == name
        asg = _one(asg_tag["tag"])
        assert (asg["key"], asg["value"]) == ("environment", rendering.env)
        assert str(asg["propagate_at_launch"]).lower() == "false"


def test_the_stack_key_lets_auto_scaling_launch_the_encrypted_nodes(rendering: Rendering) -> None:
    policy = json.loads(rendering.get("aws_kms_key", "kms")["policy"])
    by_sid = {s["Sid"]: s for s in policy["Statement"]}
    role = "role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"
    for sid in ("AutoScalingNodeVolumes", "AutoScalingNodeVolumeGrants"):
        assert str(by_sid[sid]["Principal"]["AWS"]).endswith(role), sid
    grants = by_sid["AutoScalingNodeVolumeGrants"]
    assert grants["Action"] in ("kms:CreateGrant", ["kms:CreateGrant"])
    (value,) = as_list(grants["Condition"]["Bool"]["kms:GrantIsForAWSResource"])
    assert str(value).lower() == "true"


def test_what_the_addons_make_carries_the_environment(rendering: Rendering) -> None:
    addons = rendering.of_type("aws_eks_addon")
    cni = json.loads(addons["addon-vpc-cni"]["configuration_values"])
    assert json.loads(cni["env"]["ADDITIONAL_ENI_TAGS"]) == {"environment": rendering.env}
    ebs = json.loads(addons["addon-ebs-csi"]["configuration_values"])
    assert ebs["controller"]["extraVolumeTags"] == {"environment": rendering.env}
    lbc = values(rendering.get("helm_release", "aws-load-balancer-controller"))
    assert lbc["defaultTags"] == {"environment": rendering.env}


# --- dev's apply role (and any role under dev's boundary) on staging's nodes --------------------

_EC2 = f"arn:aws:ec2:eu-west-1:{ACCOUNT}"
STAGING_NODE = {"aws:ResourceTag/eks:cluster-name": "slipway-staging-eks"}
STAGING_CLUSTER_SG = {"aws:ResourceTag/kubernetes.io/cluster/slipway-staging-eks": "owned"}
DEV_NODE = {"aws:ResourceTag/eks:cluster-name": "slipway-dev-eks"}


@pytest.mark.parametrize("policy", [DEV_POLICY, DEV_BOUNDARY], ids=["apply-role", "boundary"])
def test_dev_is_refused_stagings_nodes_volumes_and_logs(policy: dict[str, Any]) -> None:
    instance, volume = f"{_EC2}:instance/i-0staging", f"{_EC2}:volume/vol-0staging"
    asg = (
        f"arn:aws:autoscaling:eu-west-1:{ACCOUNT}:autoScalingGroup:1a2b:autoScalingGroupName/"
        "eks-slipway-staging-runners-1a2b"
    )
    for action, resource in (
        ("ec2:TerminateInstances", instance),
        ("ec2:StopInstances", instance),
        ("ec2:CreateSnapshot", volume),
        ("ec2:CreateLaunchTemplateVersion", f"{_EC2}:launch-template/lt-0eks"),
        ("autoscaling:UpdateAutoScalingGroup", asg),
        ("autoscaling:SetDesiredCapacity", asg),
    ):
        # made before the templates tagged them, or by EKS itself: the cluster's name
        assert not allowed(policy, action, resource, **STAGING_NODE), action
        # launched from the template: staging's environment tag
        assert not allowed(policy, action, resource, **tag("staging")), action
        # dev's own are the stack's
        assert allowed(policy, action, resource.replace("staging", "dev"), **DEV_NODE), action
        assert allowed(policy, action, resource.replace("staging", "dev"), **tag("dev")), action
    # the cluster security group EKS makes (tagged kubernetes.io/cluster/<name> = owned)
    sg = f"{_EC2}:security-group/sg-0eksclusterstaging"
    assert not allowed(policy, "ec2:AuthorizeSecurityGroupIngress", sg, **STAGING_CLUSTER_SG)
    assert allowed(
        policy,
        "ec2:AuthorizeSecurityGroupIngress",
        sg,
        **{"aws:ResourceTag/kubernetes.io/cluster/slipway-dev-eks": "owned"},
    )
    # staging's Postgres logs (RDS makes the log group, untagged, named by the instance)
    logs = f"arn:aws:logs:eu-west-1:{ACCOUNT}:log-group"
    theirs = f"{logs}:/aws/rds/instance/slipway-staging-mlflow/postgresql:log-stream:x"
    for action in ("logs:GetLogEvents", "logs:FilterLogEvents", "logs:DeleteLogGroup"):
        assert not allowed(policy, action, theirs), action
        assert allowed(policy, action, theirs.replace("slipway-staging", "slipway-dev")), action
    assert not allowed(policy, "logs:GetLogEvents", f"{logs}:/aws/eks/slipway-staging-eks/cluster")


def test_a_staging_volume_under_its_key_cannot_be_read_in_dev() -> None:
    """The snapshot path: a volume made from staging's snapshot needs staging's key, by alias."""
    key = f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/0staging"
    aliases = {"kms:ResourceAliases": ["alias/slipway-staging"]}
    for action in ("kms:CreateGrant", "kms:Decrypt", "kms:ReEncryptFrom"):
        assert not allowed(DEV_POLICY, action, key, **aliases), action
        assert not allowed(DEV_BOUNDARY, action, key, **aliases), action


# --- N-L3: IAM's size limit -----------------------------------------------------------------


def _neighbour(env: str) -> Neighbour:
    bucket = f"slipway-tfstate-example-{env}"
    return Neighbour(env, f"slipway-{env}", bucket, f"alias/{bucket}-x")


#: What a neighbour may still add before IAM refuses: a deny more, a longer account hint.
HEADROOM = 300


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_the_committed_specs_policies_fit_with_headroom(env: str) -> None:
    target = b.backend_for_env(env)
    b.check_policy_sizes(target, ACCOUNT)
    sizes = {n: b.policy_size(d) for n, d in b.managed_policies(target, ACCOUNT).items()}
    assert set(sizes) == {
        f"slipway-{env}-boundary",
        f"slipway-{env}-terraform-apply",
        f"slipway-{env}-terraform-roles",
    }
    for name, size in sizes.items():
        assert size <= b.MANAGED_POLICY_LIMIT - HEADROOM, (name, size)
    # the size is IAM's count: the JSON without whitespace
    assert b.policy_size({"a": "b c", "d": [1, 2]}) == len('{"a":"bc","d":[1,2]}')


def test_an_oversized_policy_is_refused_by_name_size_and_what_to_do() -> None:
    crowded = dataclasses.replace(DEV, neighbours=(*DEV.neighbours, _neighbour("qa")))
    with pytest.raises(b.PolicyTooLarge) as caught:
        b.check_policy_sizes(crowded, ACCOUNT)
    message = str(caught.value)
    size = b.policy_size(boundary_document(crowded.prefix, ACCOUNT, crowded.scope))
    assert "slipway-dev-boundary" in message
    assert f"{size:,} characters" in message
    assert size > b.MANAGED_POLICY_LIMIT
    assert "6,144" in message
    assert "LimitExceeded" in message
    assert "(staging, qa)" in message
    assert "an account of its own" in message
    assert "nothing was created" in message
    assert caught.value.exit_code == 6


class _OnlyIdentity:
    """A boto3 session answering GetCallerIdentity only: any other call fails the test."""

    def client(self, service: str, **_: Any) -> Any:
        if service != "sts":
            raise AssertionError(f"{service} called before the size check")
        arn = f"arn:aws:iam::{ACCOUNT}:user/admin"
        return SimpleNamespace(get_caller_identity=lambda: {"Account": ACCOUNT, "Arn": arn})


def test_bootstrap_checks_the_sizes_before_writing_anything() -> None:
    crowded = dataclasses.replace(
        DEV, neighbours=(*DEV.neighbours, _neighbour("qa")), assume_role_arn=None
    )
    with pytest.raises(b.PolicyTooLarge, match="slipway-dev-boundary"):
        b.bootstrap(crowded, session=_OnlyIdentity())


def test_validate_refuses_a_third_environment_in_the_account(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, raw_spec: Any
) -> None:
    from typer.testing import CliRunner

    from pipelines.cli import app as slipway

    for env in ENVIRONMENTS:
        (tmp_path / f"{env}.yaml").write_text(yaml.safe_dump(raw_spec(env)))
    qa = raw_spec("staging") | {"name": "qa"}
    (tmp_path / "qa.yaml").write_text(yaml.safe_dump(qa))
    monkeypatch.setenv("SLIPWAY_INFRA_ENVIRONMENTS_DIR", str(tmp_path))
    result = CliRunner().invoke(slipway, ["infra", "validate", "--env", "dev"])
    assert result.exit_code == 1
    assert "the managed policy slipway-dev-boundary would be" in result.output
    assert "over IAM's limit of 6,144" in result.output
    assert "Traceback" not in result.output
    monkeypatch.setenv("SLIPWAY_INFRA_ENVIRONMENTS_DIR", str(REPO / "infra" / "environments"))
    assert "managed policy" not in CliRunner().invoke(slipway, ["infra", "validate"]).output


@pytest.mark.slow  # bootstrap against a moto server
def test_bootstrap_makes_auto_scalings_service_linked_role(aws: str) -> None:
    """The stack key's policy names it, and KMS refuses a policy naming a role that does not
    exist yet (AWS makes it with the account's first Auto Scaling group, after the key)."""
    target = backend("dev")
    creds = keys(aws, account_of(target))
    iam = session(creds).client("iam", endpoint_url=aws)
    first = cli(aws, creds, "--env", "dev")
    assert first.exit_code == 0, first.output
    assert f"iam role {b.AUTOSCALING_ROLE}" in first.output
    role = iam.get_role(RoleName=b.AUTOSCALING_ROLE)["Role"]
    assert role["Path"] == "/aws-service-role/autoscaling.amazonaws.com/"
    again = cli(aws, creds, "--env", "dev")
    assert f"iam role {b.AUTOSCALING_ROLE} (the nodes' volumes use the stack's key): exists" in (
        again.output
    )
