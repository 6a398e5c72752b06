"""Probe 25 (M5): the state bucket that receives infra.yml's saved plans lets the apply role alone
read them, and expires those nobody applied (`slipway infra bootstrap` against moto's server).

The workflow side (the plan job writes there, the artifact only says where) is
tests/delivery/test_probe25_saved_plan.py.
"""

from __future__ import annotations

import json

import pytest

from infra import bootstrap as b
from infra.settings import saved_plan_prefix
from tests.infra.test_bootstrap import account_of, aws, backend, keys, moto, session

pytestmark = pytest.mark.integration
__all__ = ["aws", "moto"]  # the fixtures, imported for pytest


def test_the_saved_plans_are_the_apply_roles_alone_and_expire(aws: str) -> None:
    target = backend("staging")
    account = account_of(target)
    admin = session(keys(aws, account))
    outcome = b.bootstrap(target, session=admin, endpoint_url=aws)
    assert ("  bucket policy (saved plans: the apply role alone reads them)", "set") in (
        outcome.steps
    )

    s3 = admin.client("s3", endpoint_url=aws)
    prefix = saved_plan_prefix(target.key)
    assert prefix == "slipway/staging/plans/"
    policy = json.loads(s3.get_bucket_policy(Bucket=target.bucket)["Policy"])
    (deny,) = [s for s in policy["Statement"] if s["Sid"] == b.SAVED_PLANS_SID]
    assert deny["Effect"] == "Deny"
    assert deny["Principal"] == "*"
    assert set(deny["Action"]) == {
        "s3:GetObject",
        "s3:GetObjectVersion",
        "s3:GetObjectVersionForReplication",  # probe 28, L-1
    }
    assert deny["Resource"] == f"arn:aws:s3:::{target.bucket}/{prefix}*"
    reader = f"arn:aws:iam::{account}:role/{target.apply_role}"
    assert deny["Condition"] == {"ArnNotEquals": {"aws:PrincipalArn": reader}}

    rules = s3.get_bucket_lifecycle_configuration(Bucket=target.bucket)["Rules"]
    (rule,) = [r for r in rules if r["ID"] == b.SAVED_PLANS_RULE]
    assert rule["Filter"] == {"Prefix": prefix}
    assert rule["Expiration"] == {"Days": 3}  # the artifact's retention-days in infra.yml
    assert rule["NoncurrentVersionExpiration"]["NoncurrentDays"] == 1

    # a second run changes nothing; a reader changed by hand is put back
    again = b.bootstrap(target, session=admin, endpoint_url=aws)
    assert not again.changed, again.steps
    deny["Condition"] = {"ArnNotEquals": {"aws:PrincipalArn": "arn:aws:iam::1:role/other"}}
    s3.put_bucket_policy(Bucket=target.bucket, Policy=json.dumps(policy))
    third = b.bootstrap(target, session=admin, endpoint_url=aws)
    assert ("  bucket policy (saved plans: the apply role alone reads them)", "set") in third.steps
    policy = json.loads(s3.get_bucket_policy(Bucket=target.bucket)["Policy"])
    sids = [s["Sid"] for s in policy["Statement"]]
    assert sids.count(b.SAVED_PLANS_SID) == 1
    (deny,) = [s for s in policy["Statement"] if s["Sid"] == b.SAVED_PLANS_SID]
    assert deny["Condition"] == {"ArnNotEquals": {"aws:PrincipalArn": reader}}


def test_a_spec_that_applies_through_its_own_role_lets_that_role_read() -> None:
    target = backend("staging")
    through = b.StateBackend(
        **{**target.__dict__, "assume_role_arn": "arn:aws:iam::1:role/x", "apply_role": None}
    )
    assert through.apply_role_arn("1") == "arn:aws:iam::1:role/x"
    assert target.apply_role_arn("1") == f"arn:aws:iam::1:role/{target.apply_role}"
