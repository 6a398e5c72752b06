"""Probe 25 (H5, H6): who may assume what.

- H5: a pull request runs its own branch's workflow files, so any role a `pull_request` subject
  may assume is anyone's who can push a branch. The plan roles read secrets (the state's, the
  cluster's): they trust the default branch only, and infra.yml gives pull requests no cloud
  credential and keeps them off the in-cluster runners. ReadOnlyAccess's data reads (objects,
  parameters, log events, items) are denied to the plan role but on its own state and lock.
- H6: the pull requests' training job had `environment: dev`, whose roles push, deploy and apply
  (the account-wide Terraform role of the account dev shares with staging). It now runs in
  `dev-pr`, which only dev's DVC read role trusts.
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
