"""The runners' path to the cluster and to MLflow.

Each environment's cluster has a private API endpoint and MLflow is a ClusterIP service behind
basic auth, so a GitHub-hosted machine reaches neither. The platform installs an
actions-runner-controller scale set in each cluster, named ``slipway-<env>`` (a scale set is
targeted by its name). Every job that rolls out (``slipway deploy``, kubectl, helm), runs
Terraform on stacks with kubernetes or helm providers, or talks to MLflow must run there, on the
scale set of the environment it touches, and (except the read-only plan) inside the GitHub
environment whose protection gates it. Jobs that need none of that stay on GitHub's machines.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT
from tests.delivery.workflows import (
    Workflow,
    environment_name,
    load_workflows,
    run_scripts,
    runs_on_pull_request,
)

WORKFLOWS = load_workflows()
GITHUB_HOSTED = re.compile(r"\A(ubuntu|windows|macos)-[\w.-]+\Z")
SCALE_SET = re.compile(r"\Aslipway-(?P<env>[a-z0-9-]+)\Z")
# the shared model registry is prod's MLflow: the registry's GitHub environments run there
REGISTRY_ENVIRONMENT = "prod"
RUNNERS_OF_GITHUB_ENVIRONMENT = {
    "dev": "slipway-dev",
    "staging": "slipway-staging",
    "prod": "slipway-prod",
    "training": f"slipway-{REGISTRY_ENVIRONMENT}",
    "promotion": f"slipway-{REGISTRY_ENVIRONMENT}",
    # infra.yml's applies, in the environments only they enter (review 165, X-M1)
    "${{ matrix.env }}-infra": "slipway-${{ matrix.env }}",
}
# Jobs that reach a cluster outside any GitHub environment, and why that is safe.
UNGATED = {
    # a plan refreshes the kubernetes/helm resources (read-only role, no apply) on main, before
    # an apply is approved; pull requests only validate, off the clusters (probe 25, H5)
    *(("infra", f"plan-{env}") for env in ("dev", "staging", "prod")),
}
# a command where a shell runs one: at a line's start or after ; & | ( (not inside an echo)
_AT_COMMAND = r"(?:^|[;&|(])[ \t]*(?:[\w./-]*/)?"
CLUSTER_COMMANDS = re.compile(
    _AT_COMMAND + r"(?:slipway deploy|kubectl|helm (?:upgrade|install|rollback|uninstall)"
    r"|aws eks update-kubeconfig|pulumi (?:up|preview|refresh))\b",
    re.M,
)
TERRAFORM = re.compile(_AT_COMMAND + r"terraform (?:apply|plan|refresh|import)\b", re.M)
MLFLOW_CREDENTIAL = re.compile(r"MLFLOW_TRACKING_URI:\s*\$\{\{\s*(?:secrets|vars)\.")


@cache
def stacks_with_cluster_providers() -> tuple[str, ...]:
    """The rendered Terraform stacks whose providers talk to a Kubernetes API server."""
    out = []
    for stack in sorted((ROOT / "terraform").glob("*/cdk.tf.json")):
        providers = json.loads(stack.read_text()).get("provider", {})
        if {"kubernetes", "helm"} & set(providers):
            out.append(stack.parent.name)
    return tuple(out)


def reaches(job: dict[str, Any]) -> list[str]:
    """Why ``job`` needs the network inside a cluster (empty: it does not)."""
    script = run_scripts(job)
    why = [f"runs {m.group(0).strip()!r}" for m in CLUSTER_COMMANDS.finditer(script)]
    if TERRAFORM.search(script) and stacks_with_cluster_providers():
        why.append("runs Terraform on stacks with kubernetes/helm providers")
    if MLFLOW_CREDENTIAL.search(yaml.safe_dump(job, width=10_000)):
        why.append("talks to the MLflow server (MLFLOW_TRACKING_URI)")
    return why


def labels(job: dict[str, Any]) -> list[list[str]]:
    """The label sets ``runs-on`` asks for, one per matrix value of ``env`` (if it uses one)."""
    runs_on = job.get("runs-on")
    if isinstance(runs_on, dict):
        wanted = runs_on.get("labels") or []
        wanted = [wanted] if isinstance(wanted, str) else list(wanted)
        if runs_on.get("group"):
            wanted.append(f"group:{runs_on['group']}")
    elif isinstance(runs_on, list):
        wanted = [str(label) for label in runs_on]
    else:
        wanted = [str(runs_on)]
    envs = ((job.get("strategy") or {}).get("matrix") or {}).get("env")
    if isinstance(envs, str) and "fromJSON(" in envs:
        # a matrix computed in the run: any of the platform's environments
        envs = sorted(_platform_environments())
    if any("matrix.env" in label for label in wanted):
        assert isinstance(envs, list), "runs-on names matrix.env without a matrix of envs"
        return [
            [re.sub(r"\$\{\{\s*matrix\.env\s*\}\}", env, label) for label in wanted] for env in envs
        ]
    return [wanted]


def _platform_environments() -> set[str]:
    from infra.spec import available_environments

    return set(available_environments())


def jobs() -> list[tuple[Workflow, str, dict[str, Any]]]:
    return [(w, name, job) for w in WORKFLOWS.values() for name, job in w.jobs.items()]


def _id(item: tuple[Workflow, str, dict[str, Any]]) -> str:
    return f"{item[0].name}:{item[1]}"


@pytest.mark.parametrize("item", jobs(), ids=[_id(i) for i in jobs()])
def test_a_job_that_reaches_a_cluster_or_mlflow_runs_inside_it(
    item: tuple[Workflow, str, dict[str, Any]],
) -> None:
    workflow, name, job = item
    why = reaches(job)
    if not why:
        return
    platform = _platform_environments()
    for label_set in labels(job):
        hosted = [label for label in label_set if GITHUB_HOSTED.match(label)]
        assert not hosted, f"{workflow.name}:{name} {why} but runs on GitHub's {hosted}"
        assert len(label_set) == 1, f"{workflow.name}:{name}: a scale set has one label"
        match = SCALE_SET.match(label_set[0])
        assert match, f"{workflow.name}:{name} {why} on {label_set}, not a slipway-<env> scale set"
        assert match.group("env") in platform, label_set
    environment = environment_name(job)
    if (workflow.name, name) in UNGATED:
        assert environment is None
        return
    assert environment is not None, f"{workflow.name}:{name} reaches a cluster ungated"
    expected = RUNNERS_OF_GITHUB_ENVIRONMENT[environment]
    runs_on = job["runs-on"]
    assert runs_on == expected, (
        f"{workflow.name}:{name} runs in GitHub environment {environment} on {runs_on}, "
        f"not on the runners of that environment's cluster ({expected})"
    )


def test_the_jobs_that_reach_a_cluster_or_mlflow_are_the_ones_expected() -> None:
    """The detector is not vacuous: it finds every rollout, apply, plan and registry job."""
    found = {_id(item) for item in jobs() if reaches(item[2])}
    assert found == {
        "release:model",  # the pinned models, from the shared registry
        "release:staging",  # slipway deploy --env staging
        "release:production",  # slipway deploy --env prod
        # slipway rollback, by hand, on the runners of the environment it rolls back (D-H3)
        "rollback:rollback-staging",
        "rollback:rollback-prod",
        "train:refresh",  # registers a challenger in the shared registry
        "promote:gate",
        "promote:promote",
        # kubernetes/helm providers refresh against the API server; one job per environment
        *(
            f"infra:{stage}-{env}"
            for stage in ("plan", "apply")
            for env in ("dev", "staging", "prod")
        ),
    }, sorted(found)
    assert set(stacks_with_cluster_providers()) == _platform_environments()


def test_the_detector_flags_a_hosted_job_that_deploys_or_talks_to_mlflow() -> None:
    deploy = {"runs-on": "ubuntu-latest", "steps": [{"run": "slipway deploy --env prod"}]}
    kubectl = {"runs-on": "ubuntu-24.04", "steps": [{"run": "kubectl -n slipway get pods"}]}
    mlflow = {
        "runs-on": "ubuntu-24.04",
        "env": {"MLFLOW_TRACKING_URI": "${{ secrets.MLFLOW_TRACKING_URI }}"},
        "steps": [{"run": "slipway promote"}],
    }
    apply = {"runs-on": "ubuntu-24.04", "steps": [{"run": "terraform apply tfplan"}]}
    for job in (deploy, kubectl, mlflow, apply):
        assert reaches(job), job
        assert any(GITHUB_HOSTED.match(label) for label in labels(job)[0])
    local = {"runs-on": "ubuntu-24.04", "steps": [{"run": ".venv/bin/dvc repro"}]}
    assert not reaches(local)  # a pull request's training registers in a run-local registry
    said = {"runs-on": "ubuntu-24.04", "steps": [{"run": 'echo "then terraform apply runs"'}]}
    assert not reaches(said)  # words in a message are not a command
    chained = {"runs-on": "ubuntu-24.04", "steps": [{"run": "cd x && terraform apply p"}]}
    assert reaches(chained)
    matrix = {"runs-on": "slipway-${{ matrix.env }}", "strategy": {"matrix": {"env": ["a", "b"]}}}
    assert labels(matrix) == [["slipway-a"], ["slipway-b"]]


def test_no_pull_request_of_a_branch_reaches_a_cluster() -> None:
    """Code of a pull request never runs inside a cluster: a branch's workflow files are its own,
    and the runners there are privileged and inside the VPC (probe 25, H5)."""
    on_prs = {
        _id(item) for item in jobs() if reaches(item[2]) and runs_on_pull_request(item[0], item[1])
    }
    assert on_prs == set()


def test_every_scale_set_label_is_declared_for_actionlint_and_is_an_environment() -> None:
    config = yaml.safe_load((ROOT / ".github" / "actionlint.yaml").read_text())
    declared = set(config["self-hosted-runner"]["labels"])
    assert declared == {f"slipway-{env}" for env in _platform_environments()}
    used = {
        label
        for _, _, job in jobs()
        if "runs-on" in job  # not a call of a reusable workflow
        for label_set in labels(job)
        for label in label_set
        if not GITHUB_HOSTED.match(label)
    }
    assert used <= declared, used - declared
    assert {f"slipway-{env}" for env in ("staging", "prod")} <= used


def test_the_runners_decision_is_documented() -> None:
    text = (ROOT / "docs" / "ci-release.md").read_text()
    section = text[text.index("## Runners") :]
    for needle in (
        "actions-runner-controller",
        "gha-runner-scale-set",
        "Argo CD",
        "slipway-<env>",
        "IRSA",
        "dind",
    ):
        assert needle in section, needle


def test_each_environment_plans_with_its_own_read_only_role() -> None:
    """Environments may live in different accounts: one planning role cannot read them all."""
    plans = {n: j for n, j in WORKFLOWS["infra"].jobs.items() if n.startswith("plan-")}
    variables = {}
    for name, plan in plans.items():
        matrix = plan["strategy"]["matrix"]
        (env,) = matrix["env"]
        assert name == f"plan-{env}"
        (variables[env],) = matrix["plan_role"]
        # an environment not brought up (no plan role) is not planned (probe 29, N-M4)
        assert f"vars.{variables[env]} != ''" in plan["if"]
        (assume,) = [s for s in plan["steps"] if "role-to-assume" in (s.get("with") or {})]
        # no repository-wide fallback: one plan role sees only its environment (probe 25, M1)
        assert assume["with"]["role-to-assume"] == "${{ vars[matrix.plan_role] }}"
    assert set(variables) == _platform_environments()
    assert all(v == f"AWS_TERRAFORM_PLAN_ROLE_ARN_{env.upper()}" for env, v in variables.items())
    docs = (ROOT / "docs" / "ci-release.md").read_text()
    for variable in variables.values():
        assert f"`{variable}`" in docs, variable
