"""Probe 25 (H1, H2): every AWS call a workflow job makes under a platform role is granted by
that role's rendered policy (terraform/<env>/cdk.tf.json, committed and drift-checked).

The jobs are replayed step by step: `configure-aws-credentials` switches the role (by the
repository or environment variable that holds its ARN), and each command of a `run:` script or
action is mapped to the IAM actions it needs (the table below), which the role's inline policy
must allow. Before probe 25 the push role lacked `ecr:DescribeImages` (the "is this tag in the
registry?" lookup) and `ecr:GetDownloadUrlForLayer` (`docker pull`, `cosign verify`), so every
release failed at its first lookup; and the plan role could not read the generated passwords'
data source (`secretsmanager:GetRandomPassword`), so every CI plan failed.
"""

from __future__ import annotations

import fnmatch
import json
import re
from functools import cache
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.delivery.workflows import load_workflows, steps

WORKFLOWS = load_workflows()
ENVS = ("dev", "staging", "prod")
AWS_CREDENTIALS = "aws-actions/configure-aws-credentials"
ECR_LOGIN = "aws-actions/amazon-ecr-login"

# the variable holding a role's ARN → the platform role (terraform output <role>_arn)
ROLE_VARIABLES = {
    "AWS_PUSH_ROLE_ARN": "github-push-role",
    "AWS_DEPLOY_ROLE_ARN": "github-deploy-role",
    "AWS_DVC_ROLE_ARN": "github-dvc-role",
    "AWS_DVC_WRITE_ROLE_ARN_DEV": "github-dvc-write-role",
    "AWS_DVC_WRITE_ROLE_ARN_STAGING": "github-dvc-write-role",
    "AWS_TERRAFORM_PLAN_ROLE_ARN": "github-plan-role",
    # runner-image.yml (probe 29, N-M5): per environment, through the matrix
    "AWS_RUNNER_PUSH_ROLE_ARN": "github-runner-push-role",
}
# the bootstrap apply role (infra/bootstrap.py) is not a platform role: its policy is tested there
NOT_PLATFORM = {"AWS_TERRAFORM_ROLE_ARN"}

ECR_PUSH = (
    "ecr:BatchCheckLayerAvailability",
    "ecr:InitiateLayerUpload",
    "ecr:UploadLayerPart",
    "ecr:CompleteLayerUpload",
    "ecr:PutImage",
)
ECR_PULL = ("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer")
# a command of a run: script → the IAM actions it needs
COMMANDS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"\baws ecr describe-images\b"), ("ecr:DescribeImages",)),
    (re.compile(r"\baws ecr get-login-password\b"), ("ecr:GetAuthorizationToken",)),
    (re.compile(r"\bdocker push\b"), ECR_PUSH),
    (re.compile(r"\bdocker pull\b"), ECR_PULL),
    # cosign reads the image manifest and the signature's manifest and layer (the blob)
    (re.compile(r"\bcosign verify\b"), ECR_PULL),
    (re.compile(r"\bcosign sign\b"), (*ECR_PULL, *ECR_PUSH)),
    (re.compile(r"\baws eks update-kubeconfig\b"), ("eks:DescribeCluster",)),
    # (no workflow reads an instance since the deploy stopped naming the master secret, M2)
    (re.compile(r"\baws rds describe-db-instances\b"), ("rds:DescribeDBInstances",)),
    # infra.yml hands the saved plan over through the state bucket (probe 25, M5)
    (re.compile(r"\baws s3api put-object\b"), ("s3:PutObject",)),
    (re.compile(r"\bdvc pull\b"), ("s3:ListBucket", "s3:GetObject", "kms:Decrypt")),
    (
        re.compile(r"\bdvc push\b"),
        ("s3:ListBucket", "s3:GetObject", "s3:PutObject", "kms:GenerateDataKey"),
    ),
)
# actions on an ECR repository: granted on the repositories the role's jobs use (release.yml's
# push role: the assistant's and MLflow's; runner-image.yml's: the runners' alone)
REPOSITORY_SCOPED = {*ECR_PUSH, *ECR_PULL, "ecr:DescribeImages"}
REPOSITORIES = ("${aws_ecr_repository.registry.arn}", "${aws_ecr_repository.mlflow-registry.arn}")
ROLE_REPOSITORIES = {"github-runner-push-role": ("${aws_ecr_repository.runner-registry.arn}",)}


@cache
def synthesized(env: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((ROOT / "terraform" / env / "cdk.tf.json").read_text())
    return doc


def inline_statements(env: str, role: str) -> list[dict[str, Any]]:
    policies = synthesized(env)["resource"]["aws_iam_role_policy"]
    return [
        s
        for p in policies.values()
        if p["role"] == f"${{aws_iam_role.{role}.id}}"
        for s in json.loads(p["policy"])["Statement"]
    ]


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def granted(env: str, role: str, action: str) -> list[str]:
    """The resources the role's inline policy allows ``action`` on (a Deny on ``*`` wins)."""
    resources: list[str] = []
    for statement in inline_statements(env, role):
        if not any(fnmatch.fnmatchcase(action, a) for a in _list(statement["Action"])):
            continue
        if statement["Effect"] == "Deny" and "*" in _list(statement.get("Resource", [])):
            return []
        if statement["Effect"] == "Allow":
            resources += _list(statement.get("Resource", []))
    return resources


def role_of(step: dict[str, Any]) -> str | None:
    """The platform role a configure-aws-credentials step assumes (None: not a platform role)."""
    expression = str((step.get("with") or {}).get("role-to-assume", ""))
    names = re.findall(r"vars\.([A-Z0-9_]+)", expression)
    if "vars[matrix.plan_role]" in expression:
        names.append("AWS_TERRAFORM_PLAN_ROLE_ARN")
    if "vars[matrix.push_role]" in expression:
        names.append("AWS_RUNNER_PUSH_ROLE_ARN")
    roles = {
        ROLE_VARIABLES.get(n)
        or ROLE_VARIABLES.get(n.rsplit("_", 1)[0] if "PLAN" in n or "RUNNER" in n else n)
        for n in names
        if n not in NOT_PLATFORM
    }
    assert None not in roles, f"a role variable of no known platform role: {expression}"
    assert len(roles) <= 1, expression
    return roles.pop() if roles else None


def calls() -> list[tuple[str, str, str, str]]:
    """(workflow:job, step name, role, IAM action) of every AWS call under a platform role."""
    out = []
    for workflow in WORKFLOWS.values():
        for job_name, job in workflow.jobs.items():
            role: str | None = None
            for step in steps(job):
                name = str(step.get("name") or step.get("uses") or step.get("run", ""))[:60]
                action = str(step.get("uses", "")).split("@")[0]
                if action == AWS_CREDENTIALS:
                    role = role_of(step)
                    continue
                if role is None:
                    continue
                needed: list[str] = []
                if action == ECR_LOGIN:
                    needed.append("ecr:GetAuthorizationToken")
                for pattern, actions in COMMANDS:
                    if pattern.search(str(step.get("run", ""))):
                        needed += actions
                out += [(f"{workflow.name}:{job_name}", name, role, a) for a in needed]
    return out


CALLS = calls()


def test_the_replay_sees_the_registry_calls_of_the_release() -> None:
    """The replay is not vacuous: the release's pushes, lookups, pulls and signatures are in."""
    pushed = {(job, a) for job, _, role, a in CALLS if role == "github-push-role"}
    for job in ("release:mlflow-image", "release:staging", "release:production"):
        assert (job, "ecr:DescribeImages") in pushed
        assert (job, "ecr:GetDownloadUrlForLayer") in pushed  # cosign verify
        assert (job, "ecr:PutImage") in pushed
    assert ("release:staging", "ecr:BatchGetImage") in pushed  # docker pull on a re-run


@pytest.mark.parametrize("env", ENVS)
def test_every_aws_call_of_a_workflow_is_granted_to_its_role(env: str) -> None:
    missing = []
    for job, step, role, action in CALLS:
        resources = granted(env, role, action)
        if not resources:
            missing.append(f"{job} / {step}: {role} lacks {action}")
        elif action in REPOSITORY_SCOPED and "*" not in resources:
            absent = [r for r in ROLE_REPOSITORIES.get(role, REPOSITORIES) if r not in resources]
            if absent:
                missing.append(f"{job} / {step}: {role} has {action} only on {resources}")
    assert not missing, "\n".join(sorted(set(missing)))


# -- H2: what `terraform plan` reads, the plan role may read ---------------------------------
# data sources of the stack → the IAM actions reading them takes (ReadOnlyAccess, the plan role's
# managed policy, grants none of these beyond Describe/List/Get of configuration)
DATA_SOURCE_ACTIONS = {
    "aws_caller_identity": (),  # sts:GetCallerIdentity needs no permission
    "aws_secretsmanager_random_password": ("secretsmanager:GetRandomPassword",),
    "aws_secretsmanager_secret_version": ("secretsmanager:GetSecretValue",),
    "aws_iam_openid_connect_provider": (),  # iam:GetOpenIDConnectProvider: ReadOnlyAccess
    "aws_eks_cluster_auth": (),  # a presigned sts:GetCallerIdentity
    "aws_eks_cluster": (),  # eks:DescribeCluster: ReadOnlyAccess
}


@pytest.mark.parametrize("env", ENVS)
def test_the_plan_role_may_read_every_data_source_of_the_plan(env: str) -> None:
    data = synthesized(env).get("data", {})
    unknown = set(data) - set(DATA_SOURCE_ACTIONS)
    assert not unknown, f"map these data sources to the IAM actions reading them: {unknown}"
    missing = [
        f"{typ}: {action}"
        for typ in data
        for action in DATA_SOURCE_ACTIONS[typ]
        if not granted(env, "github-plan-role", action)
    ]
    assert not missing, missing
