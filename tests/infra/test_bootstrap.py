"""`slipway infra bootstrap` against moto's server (a real HTTP server speaking the S3, STS, IAM,
KMS and EC2 APIs) with the official client: it makes the bucket the rendered backend names (the
state and its lock file live there: no lock table, and one left by an earlier version is let be),
a second run changes nothing, another account is refused before anything is made, and AWS's
refusals (moto enforcing IAM) come back as one line with an exit code."""

from __future__ import annotations

import json
import re
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
import requests
import yaml
from botocore.stub import Stubber
from typer.testing import CliRunner

from infra import bootstrap as b
from infra.spec import ENVIRONMENTS
from pipelines.cli import app as slipway
from tests.servers import AWS_MANAGED_POLICIES, s3_server

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
OTHER_ACCOUNT = "123456789012"  # moto's default account: where plain keys land
REGION = "eu-west-1"
WRITES = {
    "CreateBucket",
    "PutBucketVersioning",
    "PutBucketEncryption",
    "PutPublicAccessBlock",
    "PutBucketOwnershipControls",
    "PutBucketPolicy",
    "PutBucketTagging",
    "PutBucketLifecycleConfiguration",
    "CreateRole",
    "UpdateRole",
    "UpdateAssumeRolePolicy",
    "AttachRolePolicy",
    "CreatePolicy",
}


@pytest.fixture(scope="module")
def moto() -> Iterator[str]:
    """moto with AWS's managed policies loaded (an apply role of an earlier bootstrap had
    AdministratorAccess: a run detaches it)."""
    with s3_server(aws_managed_policies=True) as url:
        yield url


@pytest.fixture
def aws(moto: str) -> str:
    """A clean moto (every account empty) for a test that needs one."""
    requests.post(f"{moto}/moto-api/reset", timeout=30).raise_for_status()
    return moto


@pytest.fixture
def enforcing(aws: str) -> Iterator[str]:
    """moto checking every request against IAM, from the first request on, in clean accounts
    (a GitHub provider another test left would stop bootstrap before the call refused)."""
    try:
        yield aws
    finally:
        requests.post(f"{aws}/moto-api/reset-auth", data=b"inf", timeout=10).raise_for_status()


def backend(env: str = "staging") -> b.StateBackend:
    return b.backend_for_env(env)


def account_of(target: b.StateBackend) -> str:
    """The account the spec names (the check is skipped without one: use a fixed account)."""
    return target.account_id or "111122223333"


def keys(url: str, account: str) -> dict[str, str]:
    """Credentials of an administrator of ``account``: moto's STS hands them out on AssumeRole."""
    sts = boto3.client(
        "sts",
        endpoint_url=url,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    creds = sts.assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/admin", RoleSessionName="bootstrap"
    )["Credentials"]
    return credentials_env(creds)


def credentials_env(creds: dict[str, Any]) -> dict[str, str]:
    """The environment variables of STS ``Credentials`` (an AssumeRole answer)."""
    return {
        "AWS_ACCESS_KEY_ID": creds["AccessKeyId"],
        "AWS_SECRET_ACCESS_KEY": creds["SecretAccessKey"],
        "AWS_SESSION_TOKEN": creds["SessionToken"],
    }


def session(creds: dict[str, str]) -> boto3.Session:
    return boto3.Session(
        aws_access_key_id=creds["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=creds["AWS_SECRET_ACCESS_KEY"],
        aws_session_token=creds.get("AWS_SESSION_TOKEN"),
        region_name=REGION,
    )


def cli(url: str, creds: dict[str, str], *args: str) -> Any:
    """``slipway infra bootstrap`` in a shell that only knows these credentials and the endpoint."""
    env = {
        "AWS_ENDPOINT_URL": url,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_CONFIG_FILE": "/nonexistent",
        "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_PROFILE": None,
        "AWS_ACCESS_KEY_ID": None,
        "AWS_SECRET_ACCESS_KEY": None,
        "AWS_SESSION_TOKEN": None,
        **creds,
    }
    return CliRunner().invoke(slipway, ["infra", "bootstrap", *args], env=env)


def test_the_names_are_the_rendered_backend_blocks() -> None:
    """What bootstrap makes is what `terraform init` looks for in terraform/<env>/."""
    for env in ENVIRONMENTS:
        rendered = json.loads((REPO / "terraform" / env / "cdk.tf.json").read_text())
        block = rendered["terraform"]["backend"]["s3"]
        target = backend(env)
        assert (target.bucket, target.key, target.region) == (
            block["bucket"],
            block["key"],
            block["region"],
        )
        # the lock is Terraform's file beside the state, in that bucket: nothing else to make
        assert block["use_lockfile"] is True
        assert "dynamodb_table" not in block
        assert target.lock_key == f"{block['key']}.tflock"


def test_bootstrap_creates_a_hardened_bucket_and_no_lock_table(aws: str) -> None:
    target = backend()
    creds = keys(aws, account_of(target))
    result = cli(aws, creds, "--env", "staging")
    assert result.exit_code == 0, result.output
    assert f"s3 bucket {target.bucket} ({target.region}): created" in result.output
    assert f"lock file {target.lock_key}" in result.output
    assert "dynamodb" not in result.output.lower()
    assert "nothing changed" not in result.output

    admin = session(creds)
    s3 = admin.client("s3", endpoint_url=aws)
    name = target.bucket
    assert s3.get_bucket_versioning(Bucket=name)["Status"] == "Enabled"
    rule = s3.get_bucket_encryption(Bucket=name)["ServerSideEncryptionConfiguration"]["Rules"][0]
    assert rule["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
    block = s3.get_public_access_block(Bucket=name)["PublicAccessBlockConfiguration"]
    assert len(block) == 4
    assert all(block.values())
    ownership = s3.get_bucket_ownership_controls(Bucket=name)["OwnershipControls"]["Rules"]
    assert ownership == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    policy = json.loads(s3.get_bucket_policy(Bucket=name)["Policy"])
    [deny] = [s for s in policy["Statement"] if s["Sid"] == b.TLS_ONLY_SID]
    assert deny["Effect"] == "Deny"
    assert deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    assert set(deny["Resource"]) == {f"arn:aws:s3:::{name}", f"arn:aws:s3:::{name}/*"}
    tags = {t["Key"]: t["Value"] for t in s3.get_bucket_tagging(Bucket=name)["TagSet"]}
    assert tags["environment"] == "staging"

    ddb = admin.client("dynamodb", endpoint_url=aws, region_name=target.region)
    assert ddb.list_tables()["TableNames"] == []
    # every lock is a version of the lock file and every unlock a delete marker: they go
    rules = s3.get_bucket_lifecycle_configuration(Bucket=name)["Rules"]
    (rule,) = [r for r in rules if r["ID"] == b.LOCK_FILE_RULE]
    assert rule["Filter"] == {"Prefix": target.lock_key}
    assert rule["Expiration"] == {"ExpiredObjectDeleteMarker": True}
    assert rule["NoncurrentVersionExpiration"]["NoncurrentDays"] == 1
    assert "Days" not in rule["Expiration"]  # never the lock held now

    # a second run changes nothing
    again = cli(aws, creds, "--env", "staging")
    assert again.exit_code == 0, again.output
    assert "created" not in again.output
    assert ": set" not in again.output
    assert "(everything existed; nothing changed)" in again.output

    calls: list[str] = []
    admin = session(creds)
    admin.events.register("before-call", lambda model, **_: calls.append(model.name))
    outcome = b.bootstrap(target, session=admin, endpoint_url=aws)
    assert not outcome.changed
    assert calls
    assert not set(calls) & WRITES, calls


def test_an_account_with_the_old_lock_table_bootstraps_and_keeps_it(aws: str) -> None:
    """Earlier versions made a DynamoDB lock table (``slipway-tflock-<env>``, deletion protection
    on). Bootstrap now makes none and never calls DynamoDB, so it runs beside the old table and
    leaves it to be deleted by hand once no run of the old backend remains (docs/platform.md)."""
    target = backend()
    creds = keys(aws, account_of(target))
    admin = session(creds)
    ddb = admin.client("dynamodb", endpoint_url=aws, region_name=target.region)
    old = f"slipway-tflock-{target.env}"
    ddb.create_table(
        TableName=old,
        AttributeDefinitions=[{"AttributeName": "LockID", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "LockID", "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
        DeletionProtectionEnabled=True,
    )
    services: list[str] = []
    admin.events.register(
        "before-call", lambda event_name, **_: services.append(event_name.split(".")[1])
    )
    outcome = b.bootstrap(target, session=admin, endpoint_url=aws)
    assert outcome.changed
    assert {"s3", "iam", "kms"} <= set(services)
    assert "dynamodb" not in services
    assert not [what for what, _ in outcome.steps if "dynamodb" in what.lower()]
    again = cli(aws, creds, "--env", "staging")
    assert again.exit_code == 0, again.output
    assert "(everything existed; nothing changed)" in again.output
    table = ddb.describe_table(TableName=old)["Table"]
    assert table["TableStatus"] == "ACTIVE"  # untouched: its owner deletes it
    assert table["DeletionProtectionEnabled"] is True


def test_the_apply_role_trusts_github_once_the_accounts_provider_exists(aws: str) -> None:
    """The role the platform expects to apply the stack (no assume_role_arn in the spec)."""
    target = backend()
    account = account_of(target)
    assert target.apply_role == "slipway-staging-terraform"
    creds = keys(aws, account)
    first = cli(aws, creds, "--env", "staging")
    assert first.exit_code == 0, first.output
    assert f"iam role {target.apply_role}: created" in first.output
    # dev creates the account's provider (staging looks it up): not there before its apply
    assert f"github oidc provider ({b.GITHUB_OIDC_HOST}): missing: the first apply of dev" in (
        first.output
    )
    assert "waits for the account's GitHub OIDC provider (the first apply of dev" in first.output
    iam = session(creds).client("iam", endpoint_url=aws)
    role = iam.get_role(RoleName=target.apply_role)["Role"]
    [admins] = role["AssumeRolePolicyDocument"]["Statement"]
    assert admins["Principal"] == {"AWS": f"arn:aws:iam::{account}:root"}
    attached = iam.list_attached_role_policies(RoleName=target.apply_role)["AttachedPolicies"]
    policies = [
        f"arn:aws:iam::{account}:policy/{name(target.apply_role)}"
        for name in (b.apply_policy_name, b.roles_policy_name)
    ]
    assert [a["PolicyArn"] for a in attached] == policies

    # the first apply of the account's creating environment makes the GitHub OIDC provider,
    # with the stack's default tags
    iam.create_open_id_connect_provider(
        Url=f"https://{b.GITHUB_OIDC_HOST}", ClientIDList=["sts.amazonaws.com"], Tags=DEV_TAGS
    )
    second = cli(aws, creds, "--env", "staging")
    assert second.exit_code == 0, second.output
    assert f"github oidc provider ({b.GITHUB_OIDC_HOST}): exists (made by the dev stack)" in (
        second.output
    )
    assert f"trust: {b.GITHUB_SID}: set" in second.output
    statements = iam.get_role(RoleName=target.apply_role)["Role"]["AssumeRolePolicyDocument"]
    github = next(s for s in statements["Statement"] if s["Sid"] == b.GITHUB_SID)
    assert github["Action"] == "sts:AssumeRoleWithWebIdentity"
    # the infra applies' own environment, not staging's (review 165, X-M1)
    assert github["Condition"]["StringEquals"][f"{b.GITHUB_OIDC_HOST}:sub"] == (
        "repo:example-org/slipway:environment:staging-infra"
    )
    third = cli(aws, creds, "--env", "staging")
    assert "(everything existed; nothing changed)" in third.output
    assert "waits for" not in third.output


def test_bootstrap_moves_an_apply_roles_trust_off_the_environments_subject(aws: str) -> None:
    """Review 165, X-M1: a role an earlier bootstrap made trusted `environment:staging`, which
    release.yml's push and deploy jobs enter; bootstrap again trusts `staging-infra` alone (the
    other statements of its trust, an administrator's, are kept)."""
    target = backend()
    account = account_of(target)
    creds = keys(aws, account)
    iam = session(creds).client("iam", endpoint_url=aws)
    iam.create_open_id_connect_provider(
        Url=f"https://{b.GITHUB_OIDC_HOST}", ClientIDList=["sts.amazonaws.com"], Tags=DEV_TAGS
    )
    old = b.apply_role_trust(
        account, "repo:example-org/slipway:environment:staging", True, target.admin_principals
    )
    theirs = {
        "Sid": "BreakGlass",
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{account}:role/break-glass"},
        "Action": "sts:AssumeRole",
    }
    iam.create_role(
        RoleName=str(target.apply_role),
        AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [*old, theirs]}),
        MaxSessionDuration=b.APPLY_SESSION_SECONDS,
    )
    done = cli(aws, creds, "--env", "staging")
    assert done.exit_code == 0, done.output
    assert f"trust: {b.GITHUB_SID}: set" in done.output
    trust = iam.get_role(RoleName=str(target.apply_role))["Role"]["AssumeRolePolicyDocument"]
    subjects = [
        s["Condition"]["StringEquals"][f"{b.GITHUB_OIDC_HOST}:sub"]
        for s in trust["Statement"]
        if "Federated" in s["Principal"]
    ]
    assert subjects == ["repo:example-org/slipway:environment:staging-infra"]
    assert theirs in trust["Statement"]
    again = cli(aws, creds, "--env", "staging")
    assert "(everything existed; nothing changed)" in again.output


#: The tags dev's stack puts on what it makes (the provider's default tags, both engines).
DEV_TAGS = [
    {"Key": "environment", "Value": "dev"},
    {"Key": "managed-by", "Value": "slipway-infra"},
    {"Key": "project", "Value": "slipway"},
]


def _theirs(iam: Any) -> str:
    """The account's GitHub provider, made before Slipway by another team (no stack's tags)."""
    return str(
        iam.create_open_id_connect_provider(
            Url=f"https://{b.GITHUB_OIDC_HOST}",
            ClientIDList=["sts.amazonaws.com"],
            Tags=[{"Key": "team", "Value": "web"}],
        )["OpenIDConnectProviderArn"]
    )


def _specs_without_a_creator(tmp_path: Path) -> dict[str, str]:
    """A copy of the specs in which no environment of dev's and staging's account creates the
    GitHub provider (an account that already trusts GitHub Actions): the variable naming it."""
    folder = tmp_path / "environments"
    shutil.copytree(REPO / "infra" / "environments", folder)
    dev = yaml.safe_load((folder / "dev.yaml").read_text())
    dev["github"]["create_oidc_provider"] = False
    (folder / "dev.yaml").write_text(yaml.safe_dump(dev, sort_keys=False))
    return {"SLIPWAY_INFRA_ENVIRONMENTS_DIR": str(folder)}


def test_a_provider_of_someone_else_is_refused_while_an_environment_creates_one(aws: str) -> None:
    """X-H3 (review 165): dev's stack creates the account's GitHub provider, but the account
    already has one (another team's GitHub Actions): dev's apply would fail with
    EntityAlreadyExists. Bootstrap of either environment of the account says so, and what to
    change, before anything is made."""
    target = backend()
    account = account_of(target)
    creds = keys(aws, account)
    admin = session(creds)
    arn = _theirs(admin.client("iam", endpoint_url=aws))
    for env in ("dev", "staging"):
        refused = cli(aws, creds, "--env", env)
        assert refused.exit_code == b.GithubProviderMismatch.exit_code == 7, refused.output
        assert "Traceback" not in refused.output
        message = " ".join(refused.output.split())
        assert f"account {account} already has a GitHub Actions OIDC provider ({arn}" in message
        assert "team=web" in message
        assert "dev creates one (github.create_oidc_provider: true)" in message
        assert "EntityAlreadyExists" in message
        assert "Set `github.create_oidc_provider: false` in infra/environments/dev.yaml" in message
        assert "nothing was created" in message
    _nothing_made(admin, aws)


def _nothing_made(admin: boto3.Session, aws: str) -> None:
    """No bucket and no role of the platform in the account: a refused bootstrap made nothing."""
    assert admin.client("s3", endpoint_url=aws).list_buckets()["Buckets"] == []
    iam = admin.client("iam", endpoint_url=aws)
    assert not [r for r in iam.list_roles()["Roles"] if r["RoleName"].startswith("slipway-")]


def test_with_no_creator_the_account_must_have_the_provider(aws: str, tmp_path: Path) -> None:
    """X-H3 (review 165): no environment of the account creating the provider is allowed (the
    account trusts GitHub Actions already, every stack looks it up), but not when the account
    has none: nobody would ever make it. Bootstrap refuses that before anything is made, and
    once the provider exists the apply role trusts GitHub at its first run."""
    target = backend()
    creds = {**keys(aws, account_of(target)), **_specs_without_a_creator(tmp_path)}
    admin = session(creds)
    refused = cli(aws, creds, "--env", "staging")
    assert refused.exit_code == 7, refused.output
    message = " ".join(refused.output.split())
    assert "has no GitHub Actions OIDC provider" in message
    assert "no environment of it (dev, staging) creates one" in message
    assert "Set `github.create_oidc_provider: true` in one environment of the account" in message
    assert "aws iam create-open-id-connect-provider --url https://" in message
    assert "nothing was created" in message
    _nothing_made(admin, aws)

    _theirs(admin.client("iam", endpoint_url=aws))
    done = cli(aws, creds, "--env", "staging")
    assert done.exit_code == 0, done.output
    assert (
        f"github oidc provider ({b.GITHUB_OIDC_HOST}): exists (every environment of the "
        "account, dev, staging, looks it up)"
    ) in done.output
    assert "waits for" not in done.output
    trust = admin.client("iam", endpoint_url=aws).get_role(RoleName=target.apply_role)["Role"]
    assert b.GITHUB_SID in {s["Sid"] for s in trust["AssumeRolePolicyDocument"]["Statement"]}


def test_the_apply_role_s_sessions_outlast_a_long_apply(aws: str) -> None:
    """X-M2 (review 165): CI's apply credentials are static; the role allows 4 h sessions (what
    infra.yml asks for: tests/delivery/test_terraform_sessions.py), and a role an earlier
    bootstrap made with 1 h is brought to it."""
    target = backend()
    creds = keys(aws, account_of(target))
    iam = session(creds).client("iam", endpoint_url=aws)
    first = cli(aws, creds, "--env", "staging")
    assert first.exit_code == 0, first.output
    role = iam.get_role(RoleName=target.apply_role)["Role"]
    assert role["MaxSessionDuration"] == b.APPLY_SESSION_SECONDS == 4 * 3600

    iam.update_role(RoleName=target.apply_role, MaxSessionDuration=3600)  # an earlier bootstrap's
    second = cli(aws, creds, "--env", "staging")
    assert second.exit_code == 0, second.output
    assert "max session duration 4 h: set" in second.output
    role = iam.get_role(RoleName=target.apply_role)["Role"]
    assert role["MaxSessionDuration"] == b.APPLY_SESSION_SECONDS
    third = cli(aws, creds, "--env", "staging")
    assert "(everything existed; nothing changed)" in third.output


def test_a_bucket_made_by_hand_is_completed_not_replaced(aws: str) -> None:
    """Only what is missing is set; an existing SSE-S3 default and policy statements stay."""
    target = backend()
    creds = keys(aws, account_of(target))
    s3 = session(creds).client("s3", endpoint_url=aws)
    s3.create_bucket(
        Bucket=target.bucket, CreateBucketConfiguration={"LocationConstraint": target.region}
    )
    s3.put_bucket_encryption(
        Bucket=target.bucket,
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
        },
    )
    mine = {
        "Sid": "Mine",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:DeleteBucket",
        "Resource": f"arn:aws:s3:::{target.bucket}",
    }
    s3.put_bucket_policy(
        Bucket=target.bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": [mine]})
    )
    result = cli(aws, creds, "--env", "staging")
    assert result.exit_code == 0, result.output
    assert f"s3 bucket {target.bucket} ({target.region}): exists" in result.output
    assert "encryption (AES256): exists" in result.output
    assert "versioning: set" in result.output
    policy = json.loads(s3.get_bucket_policy(Bucket=target.bucket)["Policy"])
    assert [s["Sid"] for s in policy["Statement"]] == [
        "Mine",
        b.TLS_ONLY_SID,
        b.SAVED_PLANS_SID,
        b.SAVED_PLANS_KEY_SID,
    ]


def test_credentials_of_another_account_are_refused_before_anything_is_made(moto: str) -> None:
    aws = moto
    target = backend()
    if target.account_id is None:  # the spec names no account yet: check the function alone
        target = b.StateBackend(**{**target.__dict__, "account_id": "111122223333"})
        with pytest.raises(b.AccountMismatch) as refused:
            b.bootstrap(target, session=session(keys(aws, OTHER_ACCOUNT)), endpoint_url=aws)
        message = str(refused.value)
    else:
        result = cli(aws, keys(aws, OTHER_ACCOUNT), "--env", "staging")
        assert result.exit_code == 3, result.output
        message = result.output
        assert "Traceback" not in message
    assert f"account {OTHER_ACCOUNT}" in message
    assert "111122223333" in message or str(target.account_id) in message
    assert "nothing was created" in message
    s3 = session(keys(aws, OTHER_ACCOUNT)).client("s3", endpoint_url=aws)
    assert s3.list_buckets()["Buckets"] == []


def test_access_denied_is_one_line_naming_the_refused_call(enforcing: str) -> None:
    """moto enforcing IAM (reset-auth 0): a user allowed only to read its identity."""
    aws, user = enforcing, f"reader-{uuid.uuid4().hex[:8]}"
    target = backend()
    admin = session(keys(aws, account_of(target)))
    iam = admin.client("iam", endpoint_url=aws)
    iam.create_user(UserName=user)
    iam.put_user_policy(
        UserName=user,
        PolicyName="list-only",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Action": "sts:GetCallerIdentity", "Resource": "*"},
                    # bootstrap's first read (the account's GitHub provider, before anything
                    # is made), so the refusal is a write's
                    {"Effect": "Allow", "Action": "iam:GetOpenIDConnectProvider", "Resource": "*"},
                ],
            }
        ),
    )
    key = iam.create_access_key(UserName=user)["AccessKey"]
    requests.post(f"{aws}/moto-api/reset-auth", data=b"0", timeout=10).raise_for_status()
    reader = {
        "AWS_ACCESS_KEY_ID": key["AccessKeyId"],
        "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"],
    }
    result = cli(aws, reader, "--env", "staging")
    assert result.exit_code == 4, result.output
    assert "Traceback" not in result.output
    assert "CreateBucket was denied for arn:aws:iam::" in result.output
    assert f":user/{user}" in result.output
    assert "s3:CreateBucket" in result.output  # what to grant
    assert "dynamodb" not in result.output.lower()  # nothing of a lock table


def test_no_credentials_is_a_configuration_error(moto: str) -> None:
    result = cli(moto, {}, "--env", "staging")
    assert result.exit_code == 2, result.output
    assert "no AWS credentials found" in result.output
    assert "aws sso login" in result.output


def test_a_bucket_name_owned_elsewhere_says_how_to_rename_it() -> None:
    """S3 answers HeadBucket with 403 when the owner differs and CreateBucket with
    BucketAlreadyExists (moto does not enforce ExpectedBucketOwner, so the answers are stubbed)."""
    target = backend()
    s3 = boto3.client("s3", region_name=REGION, aws_access_key_id="k", aws_secret_access_key="s")
    with Stubber(s3) as stub:
        stub.add_client_error("head_bucket", "403", http_status_code=403)
        stub.add_client_error("create_bucket", "BucketAlreadyExists", http_status_code=409)
        with pytest.raises(b.BucketTaken) as taken:
            b._bucket(s3, target, "111122223333", lambda what, status: None)
    assert taken.value.exit_code == 5
    assert "SLIPWAY_INFRA_STATE_ACCOUNT_HINT" in str(taken.value)
    assert "slipway infra synth" in str(taken.value)


def test_another_region_is_made_there_and_the_backend_is_named(aws: str) -> None:
    """us-east-1 is the one region whose CreateBucket takes no LocationConstraint."""
    target = backend()
    creds = keys(aws, account_of(target))
    result = cli(aws, creds, "--env", "staging", "--region", "us-east-1")
    assert result.exit_code == 0, result.output
    assert f"s3 bucket {target.bucket} (us-east-1): created" in result.output
    assert "SLIPWAY_INFRA_STATE_REGION=us-east-1" in result.output  # terraform/ must follow
    s3 = session(creds).client("s3", endpoint_url=aws)
    assert s3.get_bucket_location(Bucket=target.bucket)["LocationConstraint"] in (None, "")


def test_the_specs_role_is_assumed_like_the_engines_do(aws: str) -> None:
    """Base credentials elsewhere (a CI or management account): the spec's assume_role_arn
    takes the bootstrap into the environment's account."""
    target = backend()
    account = account_of(target)
    role = f"arn:aws:iam::{account}:role/terraform"
    through_role = b.StateBackend(**{**target.__dict__, "assume_role_arn": role})
    lines: list[tuple[str, str]] = []
    outcome = b.bootstrap(
        through_role,
        session=session(keys(aws, OTHER_ACCOUNT)),
        endpoint_url=aws,
        report=lambda what, status: lines.append((what, status)),
    )
    assert outcome.account == account
    assert ":assumed-role/terraform/slipway-bootstrap" in outcome.caller_arn
    assert lines[0] == (f"assumed {role}", "ok")
    s3 = session(keys(aws, account)).client("s3", endpoint_url=aws)
    assert s3.get_bucket_versioning(Bucket=target.bucket)["Status"] == "Enabled"


def test_the_apply_policy_covers_every_service_the_stack_renders() -> None:
    """Every resource type of every rendered environment maps to a service of the policy; a new
    type without one fails here, before an apply fails on AccessDenied."""
    types: set[str] = set()
    for env in ENVIRONMENTS:
        rendered = json.loads((REPO / "terraform" / env / "cdk.tf.json").read_text())
        types |= set(rendered["resource"]) | {f"data.{t}" for t in rendered.get("data", {})}
    services = b.stack_services(sorted(types))
    allowed = {
        a.split(":")[0]
        for a in b.apply_policy("111122223333", "r", "slipway-dev")["Statement"][0]["Action"]
    }
    # IAM: statements of its own (probe 25, M6); STS: GetCallerIdentity needs no permission
    assert services - {"iam", "sts"} <= allowed
    assert {"ec2", "eks", "iam", "rds", "s3", "kms"} <= services
    with pytest.raises(KeyError, match="aws_lambda_function"):
        b.stack_services(["aws_lambda_function"])


def test_the_apply_role_may_do_the_stacks_work_and_nothing_else(enforcing: str) -> None:
    """moto enforcing IAM: as the apply role bootstrap made, the stack's calls pass; IAM users
    and access keys, services the stack never uses, and changing its own policy are refused."""
    from botocore.exceptions import ClientError

    aws, target = enforcing, backend("dev")
    requests.post(f"{aws}/moto-api/reset", timeout=30).raise_for_status()
    account = account_of(target)
    admin_keys = keys(aws, account)
    admin = session(admin_keys)
    role = str(target.apply_role)
    # a role of an earlier bootstrap, with AdministratorAccess: the run narrows it
    admin.client("iam", endpoint_url=aws).create_role(
        RoleName=role,
        AssumeRolePolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": b.apply_role_trust(account, None, False)}
        ),
    )
    admin.client("iam", endpoint_url=aws).attach_role_policy(
        RoleName=role, PolicyArn=b.ADMIN_POLICY
    )
    done = cli(aws, admin_keys, "--env", "dev")
    assert done.exit_code == 0, done.output
    assert "AdministratorAccess: detached" in done.output
    assert f"policy {b.apply_policy_name(role)}: created" in done.output
    again = cli(aws, admin_keys, "--env", "dev")
    assert f"policy {b.apply_policy_name(role)}: exists" in again.output
    creds = admin.client("sts", endpoint_url=aws).assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/{role}", RoleSessionName="apply"
    )["Credentials"]
    requests.post(f"{aws}/moto-api/reset-auth", data=b"0", timeout=10).raise_for_status()
    applier = boto3.Session(
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
        region_name=REGION,
    )

    def client(service: str) -> Any:
        return applier.client(service, endpoint_url=aws)

    # the stack's work (ListBucket, not HeadBucket: moto names HEAD "s3:HeadBucket", which is
    # no IAM action, and ignores conditions, so the environment's tag denies would catch it)
    client("s3").list_objects_v2(Bucket=target.bucket)
    client("ec2").describe_vpcs()
    client("iam").get_role(RoleName=role)
    client("kms").list_keys()
    client("secretsmanager").list_secrets()

    def refused(call: Any) -> bool:
        """AWS answered 403 (AccessDenied, AccessDeniedException, or a bare 403)."""
        with pytest.raises(ClientError) as caught:
            call()
        return bool(caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403)

    assert refused(lambda: client("iam").create_user(UserName="backdoor"))
    assert refused(lambda: client("iam").create_access_key(UserName=role))
    assert refused(lambda: client("iam").create_group(GroupName="admins"))
    assert refused(lambda: client("lambda").list_functions())  # a service the stack never uses
    assert refused(lambda: client("cloudtrail").describe_trails())
    # nor DynamoDB: the state lock is a file in the state bucket
    assert refused(lambda: client("dynamodb").list_tables())
    assert refused(
        lambda: client("iam").attach_role_policy(RoleName=role, PolicyArn=b.ADMIN_POLICY)
    )
    # a role without the boundary (probe 25, M6; with it, tests/infra/test_probe25_boundary.py:
    # moto does not evaluate iam:PermissionsBoundary)
    assert refused(
        lambda: client("iam").create_role(
            RoleName=f"{target.prefix}-made-by-the-stack",
            AssumeRolePolicyDocument=json.dumps(
                {"Version": "2012-10-17", "Statement": b.apply_role_trust(account, None, False)}
            ),
        )
    )


def test_bootstrap_turns_on_ebs_encryption_by_default(aws: str) -> None:
    """Probe 25 (L7): every new EBS volume of the region is encrypted (the node groups' launch
    templates name the stack's key; the default covers the rest); bootstrap turns that on, once."""
    target = backend()
    creds = keys(aws, account_of(target))
    ec2 = session(creds).client("ec2", endpoint_url=aws, region_name=target.region)
    assert ec2.get_ebs_encryption_by_default()["EbsEncryptionByDefault"] is False
    result = cli(aws, creds, "--env", "staging")
    assert result.exit_code == 0, result.output
    assert f"ebs encryption by default ({target.region}): enabled" in result.output
    assert ec2.get_ebs_encryption_by_default()["EbsEncryptionByDefault"] is True
    again = cli(aws, creds, "--env", "staging")
    assert f"ebs encryption by default ({target.region}): exists" in again.output


def test_moto_holds_every_aws_managed_policy_the_project_names() -> None:
    """moto's IAM holds only tests.servers.AWS_MANAGED_POLICIES (all of AWS's cost a second of CPU
    per account and reset): each one the rendered stack, the infra code and the tests name."""
    named = set()
    for folder, pattern in (("terraform", "*.json"), ("infra", "*.py"), ("tests", "*.py")):
        for path in (REPO / folder).rglob(pattern):
            named.update(re.findall(r"iam::aws:policy/(?:[\w-]+/)*([\w-]+)", path.read_text()))
    assert named, "no managed policy found: the pattern is wrong"
    assert named <= set(AWS_MANAGED_POLICIES), sorted(named - set(AWS_MANAGED_POLICIES))
