"""Probe 25 (H5, H6): who may assume what.

- H5: a pull request runs its own branch's workflow files, so any role a `pull_request` subject
  may assume is anyone's who can push a branch. The plan roles read secrets (the state's, the
  cluster's): they trust the default branch only, and infra.yml gives pull requests no cloud
  credential and keeps them off the in-cluster runners. ReadOnlyAccess's data reads (objects,
  parameters, log events, items) are denied to the plan role but on its own state and lock.
- H6: the pull requests' training job had `environment: dev`, whose roles push, deploy and apply
  (the account-wide Terraform role of the account dev shares with staging). It now runs in
  `dev-pr`, which only dev's DVC read role trusts.

Review 165, X-M1: the apply role trusted `environment:<env>` too, so release.yml's push and deploy
jobs (the MLflow image push on GitHub's machines among them) could take over the stack. It trusts
`<env>-infra` alone, which only infra.yml's apply jobs enter.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

import pytest

from infra.errors import SpecError
from infra.spec import load_spec, parse_spec
from tests.conftest import ROOT
from tests.delivery.workflows import environment_name, load_workflows, runs_on_pull_request

ENVS = ("dev", "staging", "prod")
GITHUB_ROLES = (
    "github-push-role",
    "github-deploy-role",
    "github-plan-role",
    "github-dvc-role",
    "github-dvc-write-role",
    "github-runner-push-role",
)


@cache
def synthesized(env: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((ROOT / "terraform" / env / "cdk.tf.json").read_text())
    return doc


def subjects(env: str, role: str) -> list[str]:
    trust = json.loads(synthesized(env)["resource"]["aws_iam_role"][role]["assume_role_policy"])
    (statement,) = trust["Statement"]
    value = statement["Condition"]["StringEquals"]["token.actions.githubusercontent.com:sub"]
    return value if isinstance(value, list) else [value]


@pytest.mark.parametrize("env", ENVS)
def test_no_role_trusts_pull_requests(env: str) -> None:
    for role in GITHUB_ROLES:
        assert not [s for s in subjects(env, role) if s.endswith(":pull_request")], (env, role)
    assert subjects(env, "github-plan-role") == ["repo:example-org/slipway:ref:refs/heads/main"]


@pytest.mark.parametrize("env", ENVS)
def test_the_pull_request_environment_reaches_only_devs_dvc_read_role(env: str) -> None:
    pr = "repo:example-org/slipway:environment:dev-pr"
    for role in GITHUB_ROLES:
        expected = env == "dev" and role == "github-dvc-role"
        assert (pr in subjects(env, role)) is expected, (env, role)


def test_the_pull_request_training_job_runs_in_its_own_environment() -> None:
    train = load_workflows()["train"]
    assert runs_on_pull_request(train, "train")
    assert environment_name(train.jobs["train"]) == load_spec("dev").github.pull_request_environment
    # every job a pull request can start, in any workflow, stays out of the deploying environments
    for workflow in load_workflows().values():
        for name, job in workflow.jobs.items():
            if runs_on_pull_request(workflow, name):
                assert environment_name(job) in {None, "dev-pr"}, (workflow.name, name)


def test_pull_requests_plan_with_no_credential_off_the_clusters() -> None:
    infra = load_workflows()["infra"]
    validate = infra.jobs["validate"]
    for env in ENVS:
        assert not runs_on_pull_request(infra, f"plan-{env}")
    assert runs_on_pull_request(infra, "validate")
    assert validate["runs-on"] == "ubuntu-24.04"
    assert "id-token" not in validate["permissions"]
    assert "configure-aws-credentials" not in str(validate)
    # no repository-wide plan role: each environment's own (one sees only its environment; the
    # plan jobs read theirs, suffixed, to tell whether the environment is brought up)
    assert not re.search(r"vars\.AWS_TERRAFORM_PLAN_ROLE_ARN\b", infra.text)


@pytest.mark.parametrize("env", ENVS)
def test_the_plan_role_reads_no_data_but_its_own_state(env: str) -> None:
    policy = synthesized(env)["resource"]["aws_iam_role_policy"]["github-plan-role-policy"]
    (deny,) = [s for s in json.loads(policy["policy"])["Statement"] if s["Effect"] == "Deny"]
    assert {"s3:GetObject", "ssm:GetParameter", "dynamodb:GetItem"} <= set(deny["Action"])
    backend = synthesized(env)["terraform"]["backend"]["s3"]
    assert deny["NotResource"][0] == f"arn:aws:s3:::{backend['bucket']}/{backend['key']}"
    lock = f"arn:aws:s3:::{backend['bucket']}/{backend['key']}.tflock"
    assert deny["NotResource"] == [deny["NotResource"][0], lock]  # its lock file, nothing else
    assert "Resource" not in deny


def test_prod_and_the_deploying_environments_refuse_a_pull_request_environment(
    raw_spec: Any,
) -> None:
    for env, name in (("prod", "prod-pr"), ("dev", "dev"), ("dev", "training")):
        doc = raw_spec(env)
        doc["github"]["pull_request_environment"] = name
        with pytest.raises(SpecError, match=r"pull_request_environment|pull requests"):
            parse_spec(doc)


# -- review 165, X-M1: the apply role's subject is the infra applies' alone ----------------------
APPLY_JOBS = {f"apply-{env}": env for env in ENVS}


def _environments_entered(job: dict[str, Any]) -> set[str]:
    """The GitHub environments a job's legs enter (``${{ matrix.env }}`` expanded)."""
    name = environment_name(job)
    if name is None:
        return set()
    envs = ((job.get("strategy") or {}).get("matrix") or {}).get("env") or []
    if "${{ matrix.env }}" not in name:
        return {name}
    assert isinstance(envs, list), f"{name}: the matrix names no environment"
    assert envs, f"{name}: the matrix names no environment"
    return {name.replace("${{ matrix.env }}", env) for env in envs}


def _oidc_subjects(workflow: Any, name: str, job: dict[str, Any]) -> set[str]:
    """The OIDC subjects a job's tokens carry (none without ``id-token: write``): its GitHub
    environment's, else its ref's (main's; a pull request's own)."""
    permissions = job.get("permissions", workflow.data.get("permissions")) or {}
    if permissions != "write-all" and (
        not isinstance(permissions, dict) or permissions.get("id-token") != "write"
    ):
        return set()
    repo = "repo:example-org/slipway"
    entered = _environments_entered(job)
    if entered:
        return {f"{repo}:environment:{e}" for e in entered}
    subjects = {f"{repo}:ref:refs/heads/main"}
    if runs_on_pull_request(workflow, name):
        subjects.add(f"{repo}:pull_request")
    return subjects


def _apply_trust(env: str) -> list[dict[str, Any]]:
    from infra import bootstrap as b

    backend = b.backend_for_env(env)
    account = backend.account_id or "111122223333"
    return b.apply_role_trust(account, backend.github_subject, True, backend.admin_principals)


def _trusted_subjects(statements: list[dict[str, Any]]) -> set[str]:
    """The OIDC subjects a trust lets assume the role (``StringEquals``/``StringLike`` on sub)."""
    found: set[str] = set()
    for statement in statements:
        if statement["Action"] != "sts:AssumeRoleWithWebIdentity":
            continue
        for condition in ("StringEquals", "StringLike"):
            value = (
                statement["Condition"]
                .get(condition, {})
                .get("token.actions.githubusercontent.com:sub", [])
            )
            found |= {value} if isinstance(value, str) else set(value)
    return found


def _may_assume(statements: list[dict[str, Any]], subject: str) -> bool:
    from fnmatch import fnmatchcase

    for statement in statements:
        if statement["Action"] != "sts:AssumeRoleWithWebIdentity":
            continue
        conditions = statement["Condition"]
        exact = conditions.get("StringEquals", {}).get("token.actions.githubusercontent.com:sub")
        like = conditions.get("StringLike", {}).get("token.actions.githubusercontent.com:sub")
        exact = [exact] if isinstance(exact, str) else exact or []
        like = [like] if isinstance(like, str) else like or []
        if subject in exact or any(fnmatchcase(subject, p) for p in like):
            return True
    return False


@pytest.mark.parametrize("env", ENVS)
def test_the_apply_role_trusts_only_its_environments_applies(env: str) -> None:
    spec = load_spec(env)
    assert spec.github_apply_environment == f"{env}-infra"
    apply = f"repo:example-org/slipway:environment:{env}-infra"
    assert _trusted_subjects(_apply_trust(env)) == {apply}
    # not the environment's own subject, which the push, deploy and DVC read roles trust
    assert not _may_assume(_apply_trust(env), f"repo:example-org/slipway:environment:{env}")
    # and no role the stack renders trusts the applies' subject
    for role in GITHUB_ROLES:
        assert apply not in subjects(env, role), (env, role)


def test_only_infras_apply_jobs_enter_the_apply_environments() -> None:
    applying = {load_spec(env).github_apply_environment: env for env in ENVS}
    found: dict[tuple[str, str], set[str]] = {}
    for workflow in load_workflows().values():
        for name, job in workflow.jobs.items():
            entered = _environments_entered(job) & set(applying)
            if entered:
                found[(workflow.name, name)] = entered
    assert found == {("infra", job): {f"{env}-infra"} for job, env in APPLY_JOBS.items()}
    infra = load_workflows()["infra"]
    for job in APPLY_JOBS:
        assert not runs_on_pull_request(infra, job)
        assert "vars.AWS_TERRAFORM_ROLE_ARN }}" in str(infra.jobs[job])


@pytest.mark.parametrize("env", ENVS)
def test_no_release_deploy_or_other_job_may_assume_the_apply_role(env: str) -> None:
    trust = _apply_trust(env)
    checked = 0
    for workflow in load_workflows().values():
        for name, job in workflow.jobs.items():
            tokens = _oidc_subjects(workflow, name, job)
            if not tokens:
                continue
            checked += 1
            mine = workflow.name == "infra" and APPLY_JOBS.get(name) == env
            assert any(_may_assume(trust, t) for t in tokens) is mine, (workflow.name, name)
            if not (workflow.name == "infra" and name in APPLY_JOBS):  # nor reads its ARN
                assert "AWS_TERRAFORM_ROLE_ARN }}" not in str(job), (workflow.name, name)
    # release.yml's four (the MLflow image push on GitHub's machines, both deploys) among them
    assert checked >= 10
    release = load_workflows()["release"]
    for name in ("mlflow-image", "mlflow-image-prod", "staging", "production"):
        assert _oidc_subjects(release, name, release.jobs[name])
