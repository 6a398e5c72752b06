"""Probe 28, H-2, M-5 and L-1: the apply roles' reach.

- H-2: each environment's apply role could assume the others' (``sts:*``, and trusts naming the
  whole account), and its services reached the other environments' resources (dev and staging
  share an account): no STS, named admins in the trust, denies by tag and by name.
- M-5: the boundary allowed whole services the apply role does not have (Shield, Cognito, WAF,
  ELB), so it could grant them to a role it makes; a role's trust changed on any role of its
  prefix.
- L-1: the saved plans were under the account's ``aws/s3`` key (every principal may decrypt
  through S3): a key of their own, the apply role alone decrypts, the bucket refuses any other.

IAM is evaluated by :func:`allowed` below (Action/NotAction, Resource, the condition operators
the policies use, with IAM's rule that a negated operator holds on a missing key); moto checks
identity policies but ignores every condition operator but StringEquals.
"""

from __future__ import annotations

import json
import re
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

import pytest

from infra import bootstrap as b
from infra.platform import build_platform
from infra.platform.boundary import BOUNDARY_ACTIONS, boundary_document
from infra.settings import DEFAULT_ADMIN_PRINCIPALS, InfraSettings, saved_plans_key_alias
from infra.spec import ENVIRONMENTS, load_spec
from tests.infra.test_bootstrap import account_of, aws, backend, keys, moto, session

__all__ = ["aws", "moto"]  # the fixtures, imported for pytest

REPO = Path(__file__).resolve().parents[2]
ACCOUNT = "111122223333"  # dev and staging's
REGION = "eu-west-1"
ROLE = f"arn:aws:iam::{ACCOUNT}:role"


# --- an evaluator of identity policies ------------------------------------------------------


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _like(pattern: str, value: str) -> bool:
    return fnmatchcase(value.lower(), pattern.lower())


def _test(operator: str, key: str, wanted: Any, context: dict[str, Any]) -> bool:
    qualifier, _, op = operator.rpartition(":")
    if_exists = op.endswith("IfExists")
    op = op.removesuffix("IfExists")
    have = context.get(key)
    if op == "Null":
        return (have is None) == (str(_list(wanted)[0]).lower() == "true")
    if have is None:
        # a negated operator holds on a missing key, IfExists makes any operator hold
        return if_exists or op.startswith(("StringNot", "ArnNot"))
    values = _list(have)
    match = {
        "StringEquals": lambda w, h: w == h,
        "StringNotEquals": lambda w, h: w == h,
        "ArnEquals": lambda w, h: w == h,
        "ArnNotEquals": lambda w, h: w == h,
        "StringLike": _like,
        "ArnLike": _like,
    }[op]
    found = [any(match(w, h) for w in _list(wanted)) for h in values]
    hit = any(found) if qualifier == "ForAnyValue" or len(values) == 1 else all(found)
    return not hit if "Not" in op else hit


def _applies(
    statement: dict[str, Any], action: str, resource: str, context: dict[str, Any]
) -> bool:
    if "NotAction" in statement:
        if any(_like(a, action) for a in _list(statement["NotAction"])):
            return False
    elif not any(_like(a, action) for a in _list(statement["Action"])):
        return False
    if "NotResource" in statement:
        if any(_like(r, resource) for r in _list(statement["NotResource"])):
            return False
    elif not any(_like(r, resource) for r in _list(statement["Resource"])):
        return False
    return all(
        _test(operator, key, wanted, context)
        for operator, pairs in statement.get("Condition", {}).items()
        for key, wanted in pairs.items()
    )


def allowed(policy: dict[str, Any], action: str, resource: str = "*", **context: Any) -> bool:
    """An explicit Deny wins, else an Allow is needed (one identity policy)."""
    matching = [s for s in policy["Statement"] if _applies(s, action, resource, context)]
    if any(s["Effect"] == "Deny" for s in matching):
        return False
    return any(s["Effect"] == "Allow" for s in matching)


def denied(policy: dict[str, Any], action: str, resource: str = "*", **context: Any) -> bool:
    """Some Deny of ``policy`` (a resource policy's too) applies."""
    return any(
        s["Effect"] == "Deny" and _applies(s, action, resource, context)
        for s in policy["Statement"]
    )


def tag(env: str) -> dict[str, str]:
    return {"aws:ResourceTag/environment": env}


def apply_role_policies(target: b.StateBackend) -> list[dict[str, Any]]:
    """The apply role's two managed policies (probe 29, N-M2: the stack's roles are the second)."""
    return [
        b.apply_policy(ACCOUNT, str(target.apply_role), target.prefix, target.scope),
        b.stack_roles_policy(ACCOUNT, target.prefix, target.stack_roles),
    ]


def apply_role_policy(target: b.StateBackend) -> dict[str, Any]:
    """Both, as IAM evaluates a role's identity policies: one set of statements."""
    return {"Statement": [s for p in apply_role_policies(target) for s in p["Statement"]]}


DEV = b.backend_for_env("dev")
STAGING = b.backend_for_env("staging")
DEV_POLICY = apply_role_policy(DEV)
STAGING_POLICY = apply_role_policy(STAGING)
DEV_BOUNDARY = boundary_document(DEV.prefix, ACCOUNT, DEV.scope)


def test_the_evaluator_sees_what_the_old_policy_allowed() -> None:
    old = {"Statement": [{"Effect": "Allow", "Action": ["sts:*", "eks:*"], "Resource": "*"}]}
    assert allowed(old, "sts:AssumeRole", f"{ROLE}/slipway-staging-terraform")
    assert allowed(
        old, "eks:CreateAccessEntry", "arn:aws:eks:eu-west-1:1:cluster/slipway-staging-eks"
    )
    # IAM's missing-key rule, which the Null checks below rely on
    assert _test("StringNotEquals", "aws:ResourceTag/environment", "dev", {})
    assert not _test("StringEquals", "aws:ResourceTag/environment", "dev", {})


# --- H-2 ------------------------------------------------------------------------------------


def test_no_apply_role_becomes_another_principal() -> None:
    for policy in (DEV_POLICY, STAGING_POLICY, b.apply_policy(ACCOUNT, "r", "slipway-dev")):
        actions = [a for s in policy["Statement"] if s["Effect"] == "Allow" for a in s["Action"]]
        assert not [a for a in actions if a.startswith("sts:")], actions
        for action in ("sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:TagSession"):
            assert not allowed(policy, action, f"{ROLE}/slipway-staging-terraform"), action
            assert not allowed(policy, action, f"{ROLE}/AnyRoleTrustingTheAccount"), action
        (deny,) = [s for s in policy["Statement"] if s["Sid"] == "NoRoleSessions"]
        assert deny["Effect"] == "Deny"
        assert deny["Resource"] == "*"
    assert "sts" not in b.APPLY_EXTRA_SERVICES


def test_the_apply_role_trusts_named_admins_not_the_account() -> None:
    (admins,) = [s for s in b.apply_role_trust(ACCOUNT, None, False) if s["Sid"] == b.ADMINS_SID]
    patterns = admins["Condition"]["ArnLike"]["aws:PrincipalArn"]
    assert patterns == [p.format(account=ACCOUNT) for p in DEFAULT_ADMIN_PRINCIPALS]
    sso = f"{ROLE}/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_AdministratorAccess_0a1b"
    trust = {"Statement": [admins | {"Resource": "*"}]}
    assert allowed(trust, "sts:AssumeRole", "*", **{"aws:PrincipalArn": sso})
    for other in (f"{ROLE}/slipway-dev-terraform", f"{ROLE}/ReadOnly", f"{ROLE}/slipway-dev-app"):
        assert not allowed(trust, "sts:AssumeRole", "*", **{"aws:PrincipalArn": other}), other
    assert not allowed(trust, "sts:AssumeRole", "*")  # no principal ARN, no match


def test_the_admins_are_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "SLIPWAY_INFRA_ADMIN_PRINCIPALS", '["arn:aws:iam::{account}:role/PlatformAdmin"]'
    )
    target = b.StateBackend.of(load_spec("dev"), InfraSettings())
    assert target.admins(ACCOUNT) == [f"{ROLE}/PlatformAdmin"]
    (admins,) = b.apply_role_trust(ACCOUNT, None, False, target.admin_principals)
    assert admins["Condition"]["ArnLike"]["aws:PrincipalArn"] == [f"{ROLE}/PlatformAdmin"]


_EKS = "arn:aws:eks:eu-west-1:{a}"
_SECRET = "arn:aws:secretsmanager:eu-west-1:{a}:secret:slipway-staging"
_STATE = "arn:aws:s3:::slipway-tfstate-example-staging"
STAGING_RESOURCES = {
    "eks:CreateAccessEntry": f"{_EKS}:cluster/slipway-staging-eks",
    "eks:AssociateAccessPolicy": f"{_EKS}:access-entry/slipway-staging-eks/role/x",
    "secretsmanager:PutResourcePolicy": f"{_SECRET}/cache-auth-token-AbC",
    "secretsmanager:GetSecretValue": f"{_SECRET}/openai-api-key-x",
    "s3:PutBucketPolicy": _STATE,
    "s3:GetObject": f"{_STATE}/slipway/staging/terraform.tfstate",
    "rds:ModifyDBInstance": "arn:aws:rds:eu-west-1:{a}:db:slipway-staging-mlflow",
    "s3:DeleteObject": f"{_STATE}/slipway/staging/terraform.tfstate.tflock",
    "ecr:PutImage": "arn:aws:ecr:eu-west-1:{a}:repository/slipway-staging/assistant",
    "s3:PutObject": "arn:aws:s3:::slipway-staging-dvc-remote-{a}/x",
}


@pytest.mark.parametrize("action", sorted(STAGING_RESOURCES))
def test_dev_stays_off_stagings_resources_by_name(action: str) -> None:
    """The untagged paths of the probe (no tag in the request context): by name."""
    theirs = STAGING_RESOURCES[action].format(a=ACCOUNT)
    assert not allowed(DEV_POLICY, action, theirs)
    assert not allowed(DEV_BOUNDARY, action, theirs)  # nor a role dev's apply role makes
    # the same call on dev's own resource is still the stack's
    mine = theirs.replace("slipway-staging", "slipway-dev").replace("-staging", "-dev")
    mine = mine.replace("/staging/", "/dev/")
    assert allowed(DEV_POLICY, action, mine), mine


def test_dev_stays_off_stagings_kms_keys_and_tagged_resources() -> None:
    key = f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/1234"
    for alias in ("alias/slipway-staging", saved_plans_key_alias(STAGING.bucket)):
        aliases = {"kms:ResourceAliases": [alias]}
        assert not allowed(DEV_POLICY, "kms:PutKeyPolicy", key, **aliases), alias
        assert not allowed(DEV_POLICY, "kms:Decrypt", key, **aliases), alias
    assert allowed(DEV_POLICY, "kms:Decrypt", key, **{"kms:ResourceAliases": ["alias/slipway-dev"]})
    instance = f"arn:aws:ec2:eu-west-1:{ACCOUNT}:instance/i-1"
    for action in (
        "ec2:TerminateInstances",
        "elasticache:ModifyReplicationGroup",
        "logs:GetLogEvents",
    ):
        assert not allowed(DEV_POLICY, action, instance, **tag("staging")), action
        assert not allowed(DEV_BOUNDARY, action, instance, **tag("staging")), action
        assert allowed(DEV_POLICY, action, instance, **tag("dev")), action
        assert allowed(DEV_POLICY, action, instance), f"{action} untagged"
    # metadata stays readable: staging refreshes the GitHub OIDC provider dev made and tagged
    oidc = f"arn:aws:iam::{ACCOUNT}:oidc-provider/token.actions.githubusercontent.com"
    assert allowed(STAGING_POLICY, "iam:GetOpenIDConnectProvider", oidc, **tag("dev"))
    assert allowed(DEV_POLICY, "ec2:DescribeInstances", instance, **tag("staging"))
    # tag-on-create: its own environment's value only
    create = {"aws:RequestTag/environment": "dev"}
    assert allowed(DEV_POLICY, "ec2:CreateVpc", "*", **create)
    assert not allowed(
        DEV_POLICY, "ec2:CreateVpc", "*", **{"aws:RequestTag/environment": "staging"}
    )
    assert not allowed(DEV_POLICY, "ec2:CreateTags", instance, **create, **tag("staging"))


def test_only_the_environments_sharing_the_account_are_named_and_the_policies_fit_iam() -> None:
    assert [n.env for n in DEV.neighbours] == ["staging"]
    assert [n.env for n in STAGING.neighbours] == ["dev"]
    assert b.backend_for_env("prod").neighbours == ()  # another account
    for env in ENVIRONMENTS:
        target = b.backend_for_env(env)
        for document in (
            *apply_role_policies(target),
            boundary_document(target.prefix, ACCOUNT, target.scope),
        ):
            # IAM's cap on a managed policy, whitespace not counted
            assert len(re.sub(r"\s", "", json.dumps(document))) <= 6144, env


def test_a_name_that_begins_another_environments_is_refused() -> None:
    from infra.platform.boundary import EnvironmentScope, Neighbour, scope_statements

    other = Neighbour("dev", "slipway-dev", "b", "alias/b-saved-plans")
    with pytest.raises(ValueError, match="rename one of them"):
        scope_statements(EnvironmentScope("dev-x", (other,)), ACCOUNT)


@pytest.mark.slow  # bootstrap against a moto server
def test_bootstrap_replaces_an_account_wide_trust(aws: str) -> None:
    """A role of an earlier bootstrap trusts ``:root``: the run narrows it to the admins and keeps
    statements that are not bootstrap's."""
    target = backend("dev")
    account = account_of(target)
    admin = session(keys(aws, account))
    iam = admin.client("iam", endpoint_url=aws)
    old = {
        "Sid": b.ADMINS_SID,
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
        "Action": "sts:AssumeRole",
    }
    theirs = {
        "Sid": "BreakGlass",
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{account}:role/BreakGlass"},
        "Action": "sts:AssumeRole",
    }
    iam.create_role(
        RoleName=str(target.apply_role),
        AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [old, theirs]}),
    )
    outcome = b.bootstrap(target, session=admin, endpoint_url=aws)
    assert (f"  trust: {b.ADMINS_SID}", "set") in outcome.steps
    document = iam.get_role(RoleName=str(target.apply_role))["Role"]["AssumeRolePolicyDocument"]
    statements = {s["Sid"]: s for s in document["Statement"]}
    assert statements["BreakGlass"] == theirs
    assert statements[b.ADMINS_SID]["Condition"]["ArnLike"]["aws:PrincipalArn"] == target.admins(
        account
    )
    again = b.bootstrap(target, session=admin, endpoint_url=aws)
    assert not again.changed, again.steps


# --- M-5 ------------------------------------------------------------------------------------


def _boundary_allows(action: str) -> bool:
    return allowed(boundary_document("slipway-dev", ACCOUNT), action)


def test_the_boundary_grants_no_service_the_platform_does_not_use() -> None:
    for action in (
        "shield:CreateSubscription",
        "cognito-idp:CreateUserPool",
        "cognito-idp:AdminCreateUser",
        "wafv2:CreateWebACL",
        "waf-regional:CreateWebACL",
        "elasticloadbalancing:CreateTrustStore",
        "eks-auth:SomethingNew",
    ):
        assert not _boundary_allows(action), action
    for action in (
        "elasticloadbalancing:CreateLoadBalancer",
        "elasticloadbalancing:DescribeTags",
        "wafv2:AssociateWebACL",
        "shield:GetSubscriptionState",
        "cognito-idp:DescribeUserPoolClient",
        "eks-auth:AssumeRoleForPodIdentity",
    ):
        assert _boundary_allows(action), action
    wide = [
        a
        for s in boundary_document("slipway-dev", ACCOUNT)["Statement"]
        if s["Effect"] == "Allow"
        for a in s["Action"]
        if a.endswith(":*")
    ]
    services = {*b.STACK_SERVICES.values(), *b.APPLY_EXTRA_SERVICES} - {"iam", "sts"}
    assert {a.split(":")[0] for a in wide} <= services  # whole services: the apply role's own


def test_every_narrow_boundary_action_is_used_by_a_role() -> None:
    """No action of :data:`BOUNDARY_ACTIONS` is there for nothing (``test_probe25_boundary``
    checks the other way: every role's action is inside)."""
    from tests.infra.test_probe25_boundary import _allowed_actions, _aws_managed

    managed = _aws_managed()
    used: set[str] = set()
    for env in ENVIRONMENTS:
        for role in build_platform(load_spec(env)).roles:
            used |= {a for s in role.statements if s.effect == "Allow" for a in s.actions}
            for doc in role.documents:
                used |= _allowed_actions(doc.document)
            for arn in role.managed_policies:
                if not arn.endswith("/ReadOnlyAccess"):
                    used |= _allowed_actions(managed[arn])
    unused = [p for p in BOUNDARY_ACTIONS if not any(_like(p, a) for a in used)]
    assert not unused, unused


def test_a_roles_trust_changes_only_on_the_stacks_own_roles() -> None:
    """By name since probe 29, N-M2 (tests/infra/test_probe29_iam.py): tags are not needed."""
    mine = f"{ROLE}/slipway-dev-app"
    stack = {**tag("dev"), "aws:ResourceTag/managed-by": "slipway-infra"}
    assert allowed(DEV_POLICY, "iam:UpdateAssumeRolePolicy", mine, **stack)
    assert allowed(DEV_POLICY, "iam:UpdateAssumeRolePolicy", mine)
    assert not allowed(
        DEV_POLICY, "iam:UpdateAssumeRolePolicy", f"{ROLE}/slipway-staging-app", **stack
    )
    assert not allowed(
        DEV_POLICY, "iam:UpdateAssumeRolePolicy", f"{ROLE}/slipway-dev-terraform", **stack
    )
    assert "iam:UpdateAssumeRolePolicy" not in b.ROLE_ACTIONS
    # the stack's roles carry those tags (the providers' default_tags)
    tags = build_platform(load_spec("dev")).tags
    assert tags["environment"] == "dev"
    assert tags["managed-by"] == b.STACK_MANAGED_BY


# --- L-1 ------------------------------------------------------------------------------------


def test_the_saved_plans_key_lets_the_apply_role_alone_decrypt() -> None:
    apply_arn, plan_arn = DEV.apply_role_arn(ACCOUNT), DEV.plan_role_arn(ACCOUNT)
    policy = b.saved_plans_key_policy(DEV.admins(ACCOUNT), plan_arn, apply_arn, ACCOUNT)
    sso = f"{ROLE}/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_AdministratorAccess_1"
    others = (plan_arn, sso, STAGING.apply_role_arn(ACCOUNT), f"{ROLE}/slipway-dev-app")

    def can(principal: str, action: str) -> bool:
        return allowed(policy, action, "*", **{"aws:PrincipalArn": principal})

    assert can(apply_arn, "kms:Decrypt")
    assert not any(can(p, "kms:Decrypt") for p in others)
    assert can(plan_arn, "kms:GenerateDataKey")
    assert can(plan_arn, "kms:DescribeKey")
    assert not can(STAGING.apply_role_arn(ACCOUNT), "kms:GenerateDataKey")
    assert can(sso, "kms:PutKeyPolicy")
    assert not can(apply_arn, "kms:PutKeyPolicy")
    # nothing opens it to the account's IAM policies (the default key policy's root + kms:*)
    assert all("Condition" in s for s in policy["Statement"])
    assert DEV.plan_role == "slipway-dev-github-plan"


def test_the_bucket_refuses_a_saved_plan_under_any_other_key() -> None:
    key = f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/the-saved-plans-key"
    statement = b.saved_plans_key_statement(DEV.bucket, DEV.plan_prefix, key)
    bucket = {"Statement": [statement]}
    plan = f"arn:aws:s3:::{DEV.bucket}/{DEV.plan_prefix}123/tfplan"
    header = "s3:x-amz-server-side-encryption-aws-kms-key-id"
    assert not denied(bucket, "s3:PutObject", plan, **{header: key})
    assert denied(bucket, "s3:PutObject", plan)  # no key id: the aws/s3 key
    assert denied(bucket, "s3:PutObject", plan, **{header: key.replace("the-saved", "another")})
    reads = b.saved_plans_statement(DEV.bucket, DEV.plan_prefix, DEV.apply_role_arn(ACCOUNT))
    assert "s3:GetObjectVersionForReplication" in reads["Action"]


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_the_plan_role_writes_under_a_named_key_of_the_account(env: str) -> None:
    rendered = json.loads((REPO / "terraform" / env / "cdk.tf.json").read_text())
    policy = json.loads(
        rendered["resource"]["aws_iam_role_policy"]["github-plan-role-policy"]["policy"]
    )
    statements = {s["Sid"]: s for s in policy["Statement"]}
    backend = rendered["terraform"]["backend"]["s3"]
    key_id = statements["HandOverSavedPlan"]["Condition"]["StringLike"][
        "s3:x-amz-server-side-encryption-aws-kms-key-id"
    ]
    (key_id,) = _list(key_id)
    assert key_id.startswith(f"arn:aws:kms:{backend['region']}:")
    assert key_id.endswith(":key/*")
    encrypt = statements["EncryptSavedPlan"]
    assert set(encrypt["Action"]) == {"kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"}
    aliases = encrypt["Condition"]["ForAnyValue:StringEquals"]["kms:ResourceAliases"]
    assert _list(aliases) == [saved_plans_key_alias(backend["bucket"])]


def test_the_workflow_names_the_saved_plans_key() -> None:
    workflow = (REPO / ".github" / "workflows" / "infra.yml").read_text()
    put = workflow[workflow.index("aws s3api put-object") :].split("\n\n")[0]
    assert '--ssekms-key-id "$kms_key"' in put
    describe = re.search(r'describe-key --key-id "([^"]+)"', workflow)
    assert describe is not None
    bucket = "slipway-tfstate.with.dots-dev"  # the shell's ${bucket//./-}, as the alias has it
    assert describe.group(1).replace("${bucket//./-}", bucket.replace(".", "-")) == (
        saved_plans_key_alias(bucket)
    )


@pytest.mark.slow  # bootstrap against a moto server
def test_bootstrap_makes_the_saved_plans_key_once(aws: str) -> None:
    target = backend("staging")
    account = account_of(target)
    admin = session(keys(aws, account))
    outcome = b.bootstrap(target, session=admin, endpoint_url=aws)
    assert (f"kms key {target.saved_plans_alias}", "created") in outcome.steps
    kms = admin.client("kms", endpoint_url=aws, region_name=target.region)
    key = kms.describe_key(KeyId=target.saved_plans_alias)["KeyMetadata"]
    stored = json.loads(kms.get_key_policy(KeyId=key["KeyId"], PolicyName="default")["Policy"])
    assert stored == b.saved_plans_key_policy(
        target.admins(account),
        target.plan_role_arn(account),
        target.apply_role_arn(account),
        account,
    )
    assert kms.get_key_rotation_status(KeyId=key["KeyId"])["KeyRotationEnabled"]
    s3 = admin.client("s3", endpoint_url=aws)
    policy = json.loads(s3.get_bucket_policy(Bucket=target.bucket)["Policy"])
    (own,) = [s for s in policy["Statement"] if s["Sid"] == b.SAVED_PLANS_KEY_SID]
    assert own == b.saved_plans_key_statement(target.bucket, target.plan_prefix, key["Arn"])
    again = b.bootstrap(target, session=admin, endpoint_url=aws)
    assert not again.changed, again.steps
    assert any("kms:CreateKey" in a for a in b.REQUIRED_ACTIONS)
