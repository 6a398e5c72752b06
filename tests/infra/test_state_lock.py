"""The Terraform state is locked by the S3 backend's own file, not a DynamoDB table.

Terraform 1.10 added ``use_lockfile`` (``<key>.tflock`` beside the state, written with a
conditional PUT, read back and deleted on unlock) and 1.11 deprecated ``dynamodb_table``. So the
rendered backend names no table, no role is granted DynamoDB for a lock, and the roles that run
Terraform may write exactly that one object: the plan role too, since a plan locks. The last
tests run the real ``terraform`` against moto's S3 server with IAM enforced, as a role holding
``ReadOnlyAccess`` and the rendered ``LockState`` statement, the plan role's grants."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import boto3
import pytest
import requests

from infra import bootstrap as b
from infra.platform.boundary import BOUNDARY_SERVICES, METADATA_READS, boundary_document
from infra.settings import lock_file_key
from infra.spec import ENVIRONMENTS
from tests.conftest import require_binary
from tests.infra.test_bootstrap import (
    REGION,
    account_of,
    backend,
    credentials_env,
    keys,
    moto,
    session,
)

__all__ = ["moto"]  # the fixture, imported for pytest

REPO = Path(__file__).resolve().parents[2]
ACCOUNT = "111122223333"
READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"


def rendered(env: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((REPO / "terraform" / env / "cdk.tf.json").read_text())
    return doc


def statements(policy: str) -> list[dict[str, Any]]:
    found = json.loads(policy)["Statement"]
    return [found] if isinstance(found, dict) else list(found)


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def lock_arn(block: dict[str, Any]) -> str:
    return f"arn:aws:s3:::{block['bucket']}/{lock_file_key(block['key'])}"


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_the_backend_locks_with_its_file_and_no_table(env: str) -> None:
    block = rendered(env)["terraform"]["backend"]["s3"]
    assert block["use_lockfile"] is True
    assert block["encrypt"] is True
    assert not [name for name in block if name.startswith("dynamodb")]
    assert lock_file_key(block["key"]) == f"{block['key']}.tflock"


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_no_rendered_policy_grants_dynamodb(env: str) -> None:
    """Not the plan role, nor any other role or policy the stack makes: no resource is a table.
    (The plan role's deny of data reads still names DynamoDB's: ReadOnlyAccess grants them.)"""
    resources = rendered(env)["resource"]
    granted = [
        action
        for kind in ("aws_iam_role_policy", "aws_iam_policy")
        for config in resources.get(kind, {}).values()
        for s in statements(config["policy"])
        if s["Effect"] == "Allow"
        for action in as_list(s.get("Action", []))
    ]
    assert granted
    assert not [a for a in granted if a.lower().startswith("dynamodb:") or a == "*"]
    assert "dynamodb" not in json.dumps(rendered(env)["terraform"])


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_the_plan_role_may_write_its_lock_file_and_no_other_object(env: str) -> None:
    doc = rendered(env)
    block = doc["terraform"]["backend"]["s3"]
    policy = doc["resource"]["aws_iam_role_policy"]["github-plan-role-policy"]["policy"]
    by_sid = {s["Sid"]: s for s in statements(policy)}
    lock = by_sid["LockState"]
    assert lock["Effect"] == "Allow"
    assert sorted(as_list(lock["Action"])) == ["s3:DeleteObject", "s3:GetObject", "s3:PutObject"]
    assert as_list(lock["Resource"]) == [lock_arn(block)]
    assert "Condition" not in lock
    # every other object write of the plan role is the saved plan's hand-over, under conditions
    writes = [
        s
        for s in by_sid.values()
        if s["Effect"] == "Allow"
        and {"s3:PutObject", "s3:DeleteObject", "s3:*"} & set(as_list(s["Action"]))
    ]
    assert sorted(s["Sid"] for s in writes) == ["HandOverSavedPlan", "LockState"]
    assert by_sid["HandOverSavedPlan"]["Condition"]
    assert "s3:DeleteObject" not in as_list(by_sid["HandOverSavedPlan"]["Action"])
    # its data reads stop at its state and that file
    deny = by_sid["DenyDataReads"]
    state = f"arn:aws:s3:::{block['bucket']}/{block['key']}"
    assert as_list(deny["NotResource"]) == [state, lock_arn(block)]


def test_no_role_bootstrap_makes_or_bounds_has_dynamodb() -> None:
    """The apply role's services, the boundary every stack role carries, the names the other
    environments are kept off by, and what the bootstrap's caller needs: no DynamoDB left."""
    assert "dynamodb" not in b.APPLY_EXTRA_SERVICES
    assert "dynamodb" not in BOUNDARY_SERVICES
    assert not [a for a in METADATA_READS if a.startswith("dynamodb:")]
    assert not [a for a in b.REQUIRED_ACTIONS if "dynamodb" in a]
    for env in ENVIRONMENTS:
        target = b.backend_for_env(env)
        for name, document in b.managed_policies(target, ACCOUNT).items():
            assert "dynamodb" not in json.dumps(document).lower(), name
        assert "dynamodb" not in json.dumps(boundary_document(target.prefix, ACCOUNT, target.scope))
    apply = b.apply_policy(ACCOUNT, "r", "slipway-dev")["Statement"][0]
    assert "s3:*" in apply["Action"]  # the apply role's lock file: the stack's own S3


# --- the real terraform, against moto with IAM enforced ----------------------------------------


def _terraform(folder: Path, creds: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """``terraform`` in ``folder`` with only these credentials (no config of this machine's)."""
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(folder),
        "TF_IN_AUTOMATION": "1",
        "TF_CLI_CONFIG_FILE": str(folder / "terraformrc"),
        "AWS_CONFIG_FILE": "/nonexistent",
        "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
        "AWS_EC2_METADATA_DISABLED": "true",
        **creds,
    }
    return subprocess.run(
        [require_binary("terraform"), *args, "-input=false", "-no-color"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _role(
    url: str, admin: boto3.Session, name: str, policy: list[dict[str, Any]]
) -> dict[str, str]:
    """Credentials of a new role holding ReadOnlyAccess and ``policy`` (inline)."""
    iam = admin.client("iam", endpoint_url=url)
    account = admin.client("sts", endpoint_url=url).get_caller_identity()["Account"]
    trust = {
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
        "Action": "sts:AssumeRole",
    }
    iam.create_role(
        RoleName=name,
        AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [trust]}),
    )
    iam.attach_role_policy(RoleName=name, PolicyArn=READ_ONLY)
    if policy:
        iam.put_role_policy(
            RoleName=name,
            PolicyName="plan",
            PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": policy}),
        )
    creds = admin.client("sts", endpoint_url=url).assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/{name}", RoleSessionName="plan"
    )["Credentials"]
    return credentials_env(creds)


def _enforce(url: str, on: bool) -> None:
    requests.post(
        f"{url}/moto-api/reset-auth", data=b"0" if on else b"inf", timeout=10
    ).raise_for_status()


def _folder(tmp: Path, block: dict[str, Any], url: str) -> Path:
    """The committed backend block verbatim, an output to plan, and moto's endpoint (what only
    a test adds: path-style requests, no STS nor metadata calls)."""
    (tmp / "terraformrc").write_text("")
    (tmp / "main.tf.json").write_text(
        json.dumps({"terraform": {"backend": {"s3": block}}, "output": {"lock": {"value": "file"}}})
    )
    (tmp / "moto.tfbackend").write_text(
        f'endpoints = {{ s3 = "{url}" }}\n'
        "use_path_style = true\n"
        "skip_credentials_validation = true\n"
        "skip_requesting_account_id = true\n"
        "skip_metadata_api_check = true\n"
    )
    return tmp


@pytest.mark.integration
def test_terraform_locks_the_state_with_the_plan_roles_grants(moto: str, tmp_path: Path) -> None:
    """As a role with ReadOnlyAccess and the rendered LockState statement, ``terraform plan``
    takes and releases the lock (a version and a delete marker of ``<key>.tflock``); a lock held
    there stops it; and without LockState it cannot lock at all (ReadOnlyAccess writes nothing)."""
    url = moto
    requests.post(f"{url}/moto-api/reset", timeout=30).raise_for_status()
    target = backend("staging")
    admin = session(keys(url, account_of(target)))
    b.bootstrap(target, session=admin, endpoint_url=url)  # the bucket, as day one makes it
    s3 = admin.client("s3", endpoint_url=url, region_name=REGION)
    # moto speaks plain HTTP, which the bucket policy's TLS-only statement refuses (moto
    # evaluates it): that one statement goes, the saved plans' stay
    bucket_policy = json.loads(s3.get_bucket_policy(Bucket=target.bucket)["Policy"])
    bucket_policy["Statement"] = [
        s for s in bucket_policy["Statement"] if s["Sid"] != b.TLS_ONLY_SID
    ]
    s3.put_bucket_policy(Bucket=target.bucket, Policy=json.dumps(bucket_policy))
    doc = rendered("staging")
    block = doc["terraform"]["backend"]["s3"]
    assert (block["bucket"], block["region"]) == (target.bucket, target.region)
    policy = doc["resource"]["aws_iam_role_policy"]["github-plan-role-policy"]["policy"]
    (lock,) = [s for s in statements(policy) if s["Sid"] == "LockState"]
    planner = _role(url, admin, "slipway-staging-github-plan", [lock])
    reader = _role(url, admin, "read-only", [])
    folder = _folder(tmp_path, block, url)
    try:
        _enforce(url, True)
        init = _terraform(folder, planner, "init", "-backend-config=moto.tfbackend")
        assert init.returncode == 0, init.stdout + init.stderr
        plan = _terraform(folder, planner, "plan", "-lock=true", "-lock-timeout=0s")
        assert plan.returncode == 0, plan.stdout + plan.stderr
        refused = _terraform(folder, reader, "plan", "-lock=true", "-lock-timeout=0s")
        assert refused.returncode == 1
        assert "Error acquiring the state lock" in refused.stderr
        assert "PutObject" in refused.stderr
        assert "AccessDenied" in refused.stderr
    finally:
        _enforce(url, False)
    versions = s3.list_object_versions(Bucket=target.bucket, Prefix=target.lock_key)
    assert [v["Key"] for v in versions.get("Versions", [])] == [target.lock_key]
    assert [m["Key"] for m in versions.get("DeleteMarkers", [])] == [target.lock_key]
    assert not [v for v in versions.get("Versions", []) if v["IsLatest"]]  # released

    held = {"ID": "0c0ffee0", "Operation": "OperationTypeApply", "Who": "someone@elsewhere"}
    s3.put_object(Bucket=target.bucket, Key=target.lock_key, Body=json.dumps(held).encode())
    try:
        _enforce(url, True)
        blocked = _terraform(folder, planner, "plan", "-lock=true", "-lock-timeout=0s")
    finally:
        _enforce(url, False)
    assert blocked.returncode == 1
    assert "Error acquiring the state lock" in blocked.stderr
    assert "someone@elsewhere" in blocked.stderr
    assert (
        json.loads(s3.get_object(Bucket=target.bucket, Key=target.lock_key)["Body"].read())["ID"]
        == held["ID"]
    )  # the holder's lock stays
