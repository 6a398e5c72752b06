"""Probe 25 (M6): the bootstrap apply role cannot grant itself administrator.

Before: ``iam:*`` on ``*`` (minus users, groups, itself and three managed policies), so
``iam:CreateRole`` plus ``iam:PutRolePolicy`` with ``"Action": "*"`` made an administrator.
Now bootstrap creates the managed policy ``slipway-<env>-boundary`` (infra/platform/boundary.py),
every role the platform makes carries it (both engines), and the apply role may create a role or
change its permissions only on ``role/slipway-<env>-*`` and only with that boundary
(``iam:PermissionsBoundary``); it may never remove a boundary nor edit the boundary policy.

moto enforces identity policies but not boundaries nor ``iam:PermissionsBoundary`` (an Allow
whose condition it cannot read counts as a Deny there), so :func:`allowed` below evaluates the
policy the way IAM documents it (explicit deny wins, then an allow whose action, resource and
conditions match). The boundary must also be wide enough: every role's actions (inline, the
load balancer controller's published policy, the AWS-managed policies, as moto ships them) fit.
"""

from __future__ import annotations

import json
from fnmatch import fnmatchcase
from typing import Any
from urllib.parse import unquote

import pytest
from test_bootstrap import account_of, aws, backend, cli, keys, moto, session  # noqa: F401

from infra import bootstrap as b
from infra.platform import build_platform
from infra.platform.boundary import (
    BOUNDARY_SERVICES,
    boundary_arn,
    boundary_document,
    boundary_name,
)
from infra.spec import ENVIRONMENTS, load_spec

ACCOUNT = "111122223333"
PREFIX = "slipway-dev"
APPLY = f"{PREFIX}-terraform"
BOUNDARY = boundary_arn(PREFIX, ACCOUNT)
ROLE = f"arn:aws:iam::{ACCOUNT}:role"


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _match(pattern: str, value: str) -> bool:
    return fnmatchcase(value.lower(), pattern.lower())


def _conditions_hold(block: dict[str, dict[str, Any]], context: dict[str, str]) -> bool:
    for test, pairs in block.items():
        for key, wanted in pairs.items():
            have = context.get(key)
            if have is None:
                return False
            if test in {"StringEquals", "ArnEquals"} and have not in _list(wanted):
                return False
            if test in {"StringLike", "ArnLike"} and not any(
                _match(w, have) for w in _list(wanted)
            ):
                return False
    return True


def _applies(
    statement: dict[str, Any], action: str, resource: str, context: dict[str, str]
) -> bool:
    if "NotResource" in statement:  # the stack-roles policy's tag deny (probe 29, N-M2)
        on = not any(_match(r, resource) for r in _list(statement["NotResource"]))
    else:
        on = any(_match(r, resource) for r in _list(statement["Resource"]))
    return (
        any(_match(a, action) for a in _list(statement["Action"]))
        and on
        and _conditions_hold(statement.get("Condition", {}), context)
    )


def allowed(policy: dict[str, Any], action: str, resource: str, **context: str) -> bool:
    """IAM's evaluation of one identity policy: an explicit Deny wins, else an Allow is needed."""
    matching = [s for s in policy["Statement"] if _applies(s, action, resource, context)]
    if any(s["Effect"] == "Deny" for s in matching):
        return False
    return any(s["Effect"] == "Allow" for s in matching)


#: the apply role's two managed policies, as IAM evaluates them (one set of statements)
POLICY = {
    "Statement": [
        *b.apply_policy(ACCOUNT, APPLY, PREFIX)["Statement"],
        *b.stack_roles_policy(
            ACCOUNT, PREFIX, [r.name for r in build_platform(load_spec("dev")).roles]
        )["Statement"],
    ]
}
WITH_BOUNDARY = {"iam:PermissionsBoundary": BOUNDARY}


def test_the_evaluator_sees_the_old_escalation() -> None:
    """The policy before this fix let the apply role make an administrator; the evaluator sees."""
    old = {
        "Statement": [
            {"Effect": "Allow", "Action": ["iam:*", "s3:*"], "Resource": "*"},
            {"Effect": "Deny", "Action": ["iam:CreateUser"], "Resource": "*"},
        ]
    }
    assert allowed(old, "iam:CreateRole", f"{ROLE}/anything")
    assert allowed(old, "iam:PutRolePolicy", f"{ROLE}/anything")
    assert not allowed(old, "iam:CreateUser", "*")


def test_a_role_is_created_and_given_permissions_only_under_the_boundary() -> None:
    mine = f"{ROLE}/{PREFIX}-app"
    for action in b.BOUNDED_ROLE_ACTIONS:
        assert allowed(POLICY, action, mine, **WITH_BOUNDARY), action
        assert not allowed(POLICY, action, mine), f"{action} without a boundary"
        other_boundary = {"iam:PermissionsBoundary": f"arn:aws:iam::{ACCOUNT}:policy/wide-open"}
        assert not allowed(POLICY, action, mine, **other_boundary), action
        admin = {"iam:PermissionsBoundary": b.ADMIN_POLICY}
        assert not allowed(POLICY, action, mine, **admin), action
        # another environment's or anyone else's roles, even with this boundary
        assert not allowed(POLICY, action, f"{ROLE}/slipway-staging-app", **WITH_BOUNDARY)
        assert not allowed(POLICY, action, f"{ROLE}/Admin", **WITH_BOUNDARY)


def test_the_apply_role_never_removes_or_edits_a_boundary_nor_changes_itself() -> None:
    for role in (f"{PREFIX}-app", APPLY, "Admin"):
        assert not allowed(POLICY, "iam:DeleteRolePermissionsBoundary", f"{ROLE}/{role}")
    for action in b.POLICY_ACTIONS:
        if action in {"iam:TagPolicy", "iam:UntagPolicy", "iam:CreatePolicy"}:
            continue
        assert not allowed(POLICY, action, BOUNDARY), action
        for own in (b.apply_policy_name(APPLY), b.roles_policy_name(APPLY)):
            assert not allowed(POLICY, action, f"arn:aws:iam::{ACCOUNT}:policy/{own}"), action
        # the load balancer controller's policy is the stack's to update
        lbc = f"arn:aws:iam::{ACCOUNT}:policy/{PREFIX}-aws-load-balancer-controller"
        assert allowed(POLICY, action, lbc), action
    itself = f"{ROLE}/{APPLY}"
    for action in ("iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:UpdateAssumeRolePolicy"):
        assert not allowed(POLICY, action, itself, **WITH_BOUNDARY), action
    assert not allowed(
        POLICY,
        "iam:AttachRolePolicy",
        f"{ROLE}/{PREFIX}-app",
        **WITH_BOUNDARY,
        **{"iam:PolicyARN": b.ADMIN_POLICY},
    )


def test_the_other_iam_writes_stay_on_the_environments_names() -> None:
    for action in b.ROLE_ACTIONS:
        assert allowed(POLICY, action, f"{ROLE}/{PREFIX}-eks-nodes"), action
        assert not allowed(POLICY, action, f"{ROLE}/Admin"), action
    assert allowed(POLICY, "iam:CreatePolicy", f"arn:aws:iam::{ACCOUNT}:policy/{PREFIX}-x")
    assert not allowed(POLICY, "iam:CreatePolicy", f"arn:aws:iam::{ACCOUNT}:policy/anything")
    slr = f"{ROLE}/aws-service-role/eks.amazonaws.com/AWSServiceRoleForAmazonEKS"
    assert allowed(POLICY, "iam:CreateServiceLinkedRole", slr)
    assert allowed(POLICY, "iam:GetRole", f"{ROLE}/Admin")  # the refresh reads
    oidc = f"arn:aws:iam::{ACCOUNT}:oidc-provider/token.actions.githubusercontent.com"
    assert allowed(POLICY, "iam:CreateOpenIDConnectProvider", oidc)
    for action in ("iam:CreateUser", "iam:CreateAccessKey", "iam:PutGroupPolicy"):
        assert not allowed(POLICY, action, "*"), action
    # the stack's services are still whole
    assert allowed(POLICY, "ec2:CreateVpc", "*")
    assert not allowed(POLICY, "lambda:CreateFunction", "*")


# --- the boundary is wide enough -----------------------------------------------------------


def _aws_managed() -> dict[str, dict[str, Any]]:
    from moto.iam.aws_managed_policies import aws_managed_policies_data

    return {
        f"arn:aws:iam::aws:policy{p['Path']}{name}": p["Document"]
        for name, p in json.loads(aws_managed_policies_data).items()
    }


def _allowed_actions(document: dict[str, Any]) -> set[str]:
    return {
        a
        for s in _list(document["Statement"])
        if s["Effect"] == "Allow"
        for a in _list(s["Action"])
    }


def inside(boundary: dict[str, Any], action: str) -> bool:
    """``action`` (a name or a pattern like ``ec2:Describe*``) is wholly within the boundary:
    some Allow covers the pattern, and no Deny touches any action it names."""
    statements = boundary["Statement"]
    covered = any(
        _match(a, action) for s in statements if s["Effect"] == "Allow" for a in _list(s["Action"])
    )
    touched = any(
        _match(a, action) or _match(action, a)
        for s in statements
        if s["Effect"] == "Deny" and s["Resource"] == "*"
        for a in _list(s["Action"])
    )
    return covered and not touched


def test_the_inside_check_tells_a_role_that_does_not_fit() -> None:
    doc = boundary_document(PREFIX, ACCOUNT)
    assert inside(doc, "ec2:Describe*")
    assert inside(doc, "iam:GetRole")
    assert not inside(doc, "iam:PutRolePolicy")
    assert not inside(doc, "lambda:InvokeFunction")
    assert not inside(doc, "sts:AssumeRole")
    assert not inside(doc, "iam:*")


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_every_roles_permissions_fit_inside_the_boundary(env: str) -> None:
    """A boundary too narrow breaks the first apply's workloads (EKS, the nodes, the load
    balancer controller, ...): every action of every role must be inside it. The one
    exception is the plan role's ReadOnlyAccess, cut on purpose to the platform's services:
    every read it has of a service the stack uses (what a plan refreshes) must be inside."""
    platform = build_platform(load_spec(env))
    boundary = boundary_document(platform.prefix, ACCOUNT)
    managed = _aws_managed()
    stack = set(b.STACK_SERVICES.values()) | set(b.APPLY_EXTRA_SERVICES)
    outside: list[tuple[str, str]] = []
    for role in platform.roles:
        assert role.permissions_boundary == boundary_arn(platform.prefix), role.name
        actions = {a for s in role.statements if s.effect == "Allow" for a in s.actions}
        for doc in role.documents:
            actions |= _allowed_actions(doc.document)
        for arn in role.managed_policies:
            found = _allowed_actions(managed[arn])
            if arn.endswith("/ReadOnlyAccess"):
                found = {a for a in found if a.split(":")[0] in stack - {"sts"}}
                assert {a.split(":")[0] for a in found} >= {"ec2", "eks", "rds", "iam", "s3"}
            actions |= found
        outside += [(role.name, a) for a in sorted(actions) if not inside(boundary, a)]
    assert not outside, outside


def test_the_boundary_covers_every_service_whose_resources_the_stack_renders() -> None:
    """What the plan role must read back: every service of the apply policy but STS (a plan
    needs no STS permission; a bounded role may assume no other role)."""
    services = set(b.STACK_SERVICES.values()) | set(b.APPLY_EXTRA_SERVICES)
    assert services - {"iam", "sts"} <= set(BOUNDARY_SERVICES)
    assert "sts" not in BOUNDARY_SERVICES
    assert "iam" not in BOUNDARY_SERVICES


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_every_role_of_the_engines_carries_the_boundary(env: str, synthesized: Any) -> None:
    roles = synthesized[env]["resource"]["aws_iam_role"]
    assert len(roles) >= 15
    for name, role in roles.items():
        assert role["permissions_boundary"] == (
            "arn:aws:iam::${data.aws_caller_identity.caller.account_id}:policy/"
            f"{boundary_name(f'slipway-{env}')}"
        ), name


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_pulumi_eks_makes_no_role_of_its_own(pulumi_runs: Any, env: str) -> None:
    """pulumi-eks 4.x creates an instance role only for a default node group or without given
    roles, and a Fargate pod role only with ``fargate``: the program hands it the platform's
    cluster role and skips both, so every role is one of the platform's (bounded) ones."""
    run = pulumi_runs[env]
    (cluster,) = run.of_type("eks:index:Cluster")
    assert cluster.inputs.get("skipDefaultNodeGroup") is True
    assert cluster.inputs.get("serviceRole")
    assert not cluster.inputs.get("fargate")
    for group in run.of_type("eks:index:ManagedNodeGroup"):
        assert group.inputs.get("nodeRole") or group.inputs.get("nodeRoleArn")
    roles = run.of_type("aws:iam/role:Role")
    assert roles
    assert all(
        r.inputs["permissionsBoundary"].endswith(f":policy/slipway-{env}-boundary") for r in roles
    )


@pytest.mark.slow  # bootstrap against a moto server
def test_bootstrap_makes_the_boundary_once(aws: str) -> None:  # noqa: F811
    """Before the first apply (every role names it), also when the spec assumes its own role."""
    target = backend("dev")
    account = account_of(target)
    creds = keys(aws, account)
    done = cli(aws, creds, "--env", "dev")
    assert done.exit_code == 0, done.output
    name = boundary_name("slipway-dev")
    assert f"policy {name}: created" in done.output
    iam = session(creds).client("iam", endpoint_url=aws)
    arn = boundary_arn("slipway-dev", account)
    version = iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"]
    document = iam.get_policy_version(PolicyArn=arn, VersionId=version)["PolicyVersion"]
    stored = document["Document"]
    stored = json.loads(unquote(stored)) if isinstance(stored, str) else stored
    assert stored == boundary_document("slipway-dev", account, target.scope)
    again = cli(aws, creds, "--env", "dev")
    assert f"policy {name}: exists" in again.output
