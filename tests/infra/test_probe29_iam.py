"""Probe 29, N-M2: the trust-change condition could be side-stepped by tagging.

``StackRolesTrust`` allowed ``iam:UpdateAssumeRolePolicy`` on ``role/slipway-<env>-*`` carrying
``environment=<env>`` and ``managed-by=slipway-infra``, while ``StackRoles`` allowed ``iam:TagRole``
on the same names unconditioned: the apply role could tag an admin's ``slipway-<env>-x`` role and
then make it trust a pull request. Now a trust changes only on the roles the platform renders, by
name, and the tags other policies rely on are not set on (nor removed from) a role the stack does
not render unless it already is ``managed-by=slipway-infra``. The two managed policies the apply
role carries are evaluated together by :func:`tests.infra.test_probe28_iam.allowed`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from infra import bootstrap as b
from infra.spec import ENVIRONMENTS
from tests.infra.test_bootstrap import account_of, aws, backend, cli, keys, moto, session
from tests.infra.test_probe28_iam import (
    ACCOUNT,
    DEV,
    DEV_POLICY,
    ROLE,
    STAGING,
    allowed,
    apply_role_policies,
    tag,
)

__all__ = ["aws", "moto"]  # the fixtures, imported for pytest

REPO = Path(__file__).resolve().parents[2]
FOREIGN = f"{ROLE}/slipway-dev-x"  # an admin's role that happens to begin with the prefix
STACK_TAGS = ["managed-by", "environment"]
MANAGED = {"aws:ResourceTag/managed-by": b.STACK_MANAGED_BY}


def _tagging(keys_: list[str], **context: object) -> dict[str, object]:
    return {"aws:TagKeys": keys_, **context}


def test_tagging_then_re_trusting_a_foreign_role_is_refused() -> None:
    # step 1: give the foreign role the stack's tags
    for action in ("iam:TagRole", "iam:UntagRole"):
        assert not allowed(DEV_POLICY, action, FOREIGN, **_tagging(STACK_TAGS)), action
        assert not allowed(DEV_POLICY, action, FOREIGN, **_tagging(["managed-by"])), action
        assert not allowed(
            DEV_POLICY, action, FOREIGN, **_tagging(["environment"], **tag("dev"))
        ), action
    # step 2: even if the tags were there (an admin set them), its trust is not the stack's
    assert not allowed(DEV_POLICY, "iam:UpdateAssumeRolePolicy", FOREIGN, **tag("dev"), **MANAGED)
    assert not allowed(DEV_POLICY, "iam:UpdateAssumeRolePolicy", FOREIGN)


def test_the_stacks_own_roles_are_tagged_at_creation_and_keep_their_trust_changes() -> None:
    for name in DEV.stack_roles:
        mine = f"{ROLE}/{name}"
        # CreateRole with the providers' default tags: the role has no tag yet
        assert allowed(DEV_POLICY, "iam:TagRole", mine, **_tagging(STACK_TAGS)), name
        assert allowed(DEV_POLICY, "iam:UntagRole", mine, **_tagging(STACK_TAGS)), name
        assert allowed(DEV_POLICY, "iam:UpdateAssumeRolePolicy", mine), name
        assert allowed(DEV_POLICY, "iam:UpdateAssumeRolePolicy", mine, **tag("dev"), **MANAGED)
    # the other environment's roles: neither (the scope denies and the names)
    for name in STAGING.stack_roles:
        theirs = f"{ROLE}/{name}"
        assert not allowed(DEV_POLICY, "iam:UpdateAssumeRolePolicy", theirs), name
        assert not allowed(DEV_POLICY, "iam:TagRole", theirs, **_tagging(STACK_TAGS)), name


def test_other_tags_and_roles_already_the_stacks_stay_taggable() -> None:
    # a tag no policy relies on, on any role of the prefix (StackRoles, as before)
    assert allowed(DEV_POLICY, "iam:TagRole", FOREIGN, **_tagging(["owner"]))
    # a role the stack made and no longer renders (already managed-by=slipway-infra)
    assert allowed(DEV_POLICY, "iam:UntagRole", FOREIGN, **_tagging(STACK_TAGS), **MANAGED)
    # but never outside the prefix
    assert not allowed(DEV_POLICY, "iam:TagRole", f"{ROLE}/Admin", **_tagging(["owner"]))


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_the_named_roles_are_the_rendered_ones_and_the_policies_fit_iam(env: str) -> None:
    target = b.backend_for_env(env)
    rendered = json.loads((REPO / "terraform" / env / "cdk.tf.json").read_text())
    names = {r["name"] for r in rendered["resource"]["aws_iam_role"].values()}
    assert set(target.stack_roles) == names
    assert str(target.apply_role) not in names  # its own trust stays denied (NotItself)
    roles_policy = b.stack_roles_policy(ACCOUNT, target.prefix, target.stack_roles)
    [trust] = [s for s in roles_policy["Statement"] if s["Sid"] == "StackRolesTrust"]
    assert trust["Resource"] == [f"{ROLE}/{n}" for n in target.stack_roles]
    assert "Condition" not in trust
    for document in apply_role_policies(target):
        assert len(re.sub(r"\s", "", json.dumps(document))) <= 6144, env


def test_the_apply_role_cannot_rewrite_its_roles_policy() -> None:
    own = f"arn:aws:iam::{ACCOUNT}:policy/{b.roles_policy_name(str(DEV.apply_role))}"
    assert own.startswith(f"arn:aws:iam::{ACCOUNT}:policy/{DEV.prefix}-")  # StackPolicies' names
    for action in ("iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:DeletePolicy"):
        assert not allowed(DEV_POLICY, action, own), action
    itself = f"{ROLE}/{DEV.apply_role}"
    for action in ("iam:DetachRolePolicy", "iam:UpdateAssumeRolePolicy"):
        assert not allowed(DEV_POLICY, action, itself), action
    with pytest.raises(ValueError, match="no roles"):
        b.stack_roles_policy(ACCOUNT, DEV.prefix, ())


@pytest.mark.slow  # bootstrap against a moto server
def test_bootstrap_attaches_the_roles_policy(aws: str) -> None:
    target = backend("dev")
    account = account_of(target)
    creds = keys(aws, account)
    first = cli(aws, creds, "--env", "dev")
    assert first.exit_code == 0, first.output
    name = b.roles_policy_name(str(target.apply_role))
    assert f"policy {name}: created" in first.output
    assert f"attached {name}: set" in first.output
    iam = session(creds).client("iam", endpoint_url=aws)
    arn = f"arn:aws:iam::{account}:policy/{name}"
    attached = iam.list_attached_role_policies(RoleName=target.apply_role)["AttachedPolicies"]
    assert arn in [a["PolicyArn"] for a in attached]
    version = iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"]
    document = iam.get_policy_version(PolicyArn=arn, VersionId=version)["PolicyVersion"]
    statements = document["Document"]
    if isinstance(statements, str):
        from urllib.parse import unquote

        statements = json.loads(unquote(statements))
    assert statements == b.stack_roles_policy(account, target.prefix, target.stack_roles)
    again = cli(aws, creds, "--env", "dev")
    assert f"policy {name}: exists" in again.output
    assert f"attached {name}: exists" in again.output
