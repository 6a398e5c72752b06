"""Probe 28: the in-VPC runners and GitHub's guard rails.

- H-3: the runner image had no recipe and every spec pinned a zero digest, so no runner could
  start; now Dockerfile.runner, its own ECR repository, `slipway infra pin`, and `slipway infra
  validate` refuses staging's and prod's placeholder (dev: a warning; day one: --first-apply).
- M-2: day one creates the GitHub environments with their `main`-only branch policy (the walk,
  tests/test_runbook.py, checks the calls against the fake GitHub; here the commands' text).
- M-3: the runner groups are restricted to main's workflows, and every job on `slipway-*` refuses
  pull requests and other refs; no job a pull request can start runs there.
- L-2: only a plan with changes is handed to the apply; `planned` reads this attempt's artifacts;
  an apply whose saved plan is gone skips with a notice.
- L-3: signatures are written as `sha256-<digest>.sig` tags, which the ECR lifecycle keeps.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from infra.platform import build_platform
from infra.platform.model import RUNNER_TAGS, SIGNATURE_TAGS
from infra.spec import PLACEHOLDER_DIGEST, load_spec, pin_runner_image, placeholder_images
from pipelines.cli import app as slipway
from tests.conftest import ROOT
from tests.delivery.workflows import load_workflows, runs_on_pull_request, steps
from tests.runbook_walk import commands, scale_set_workflows

WORKFLOWS = load_workflows()
DOCKERFILE = (ROOT / "Dockerfile.runner").read_text()
RUNBOOK = (ROOT / "docs" / "day-one.md").read_text()
REAL = "sha256:" + "ab" * 32


# -- H-3 -----------------------------------------------------------------------------------------
def test_the_runner_image_has_a_recipe_pinned_by_digest_with_a_verified_aws_cli() -> None:
    (base,) = re.findall(r"^FROM (\S+)", DOCKERFILE, re.MULTILINE)
    assert re.fullmatch(r"ghcr\.io/actions/actions-runner:[\d.]+@sha256:[0-9a-f]{64}", base)
    assert not base.endswith("0" * 64)
    version = re.search(r"^ARG AWS_CLI_VERSION=(\d+\.\d+\.\d+)$", DOCKERFILE, re.MULTILINE)
    assert version, "the AWS CLI v2 at a pinned version"
    assert "awscli-exe-linux-${arch}-${AWS_CLI_VERSION}.zip" in DOCKERFILE
    # its signature by the AWS CLI team's key, named by its full fingerprint
    assert "ARG AWS_CLI_KEY=FB5DB77FD5C118B80511ADA8A6310ACC4672475C" in DOCKERFILE
    assert "VALIDSIG" in DOCKERFILE
    assert "${AWS_CLI_KEY}" in DOCKERFILE
    assert re.search(r"apt-get install .*\bunzip\b", DOCKERFILE)  # setup-terraform unpacks with it
    assert DOCKERFILE.rstrip().endswith("USER 1001")  # the runner, not root, runs the jobs
    ci = (ROOT / ".github" / "workflows" / "ci.yml").read_text()
    assert "Dockerfile.mlflow Dockerfile.runner" in ci  # hadolint reads it


@pytest.mark.parametrize("env", ["dev", "staging", "prod"])
def test_each_environment_has_a_runner_repository_whose_lifecycle_keeps_the_pinned_image(
    env: str,
) -> None:
    platform = build_platform(load_spec(env))
    registry = platform.runner_registry
    assert registry in platform.registries
    assert registry.name == f"slipway-{env}/runner"
    rules = registry.lifecycle_policy()["rules"]
    # its signature (runner-image.yml signs it: probe 29, N-M5), never expired
    assert rules[0]["selection"]["tagPatternList"] == [SIGNATURE_TAGS]
    # the last keep_images builds, the pinned one among them (probe 32, R-L2)
    assert rules[1]["selection"]["tagPatternList"] == [RUNNER_TAGS]
    assert rules[1]["selection"]["countType"] == "imageCountMoreThan"
    assert rules[-1]["selection"]["tagStatus"] == "any"
    assert any(o.name == "runner_registry_url" for o in platform.outputs)
    # the scale set registers in a runner group of its own (M-3)
    (scale_set,) = [r for r in platform.helm_releases if r.id == "arc-runner-scale-set"]
    assert scale_set.values["runnerGroup"] == f"slipway-{env}"


@pytest.mark.parametrize("env", ["dev", "staging", "prod"])
def test_the_rendered_stack_makes_the_runner_repository(env: str) -> None:
    import json

    rendered = json.loads((ROOT / "terraform" / env / "cdk.tf.json").read_text())
    names = {r["name"] for r in rendered["resource"]["aws_ecr_repository"].values()}
    assert f"slipway-{env}/runner" in names
    assert "runner_registry_url" in rendered["output"]


def test_validate_refuses_the_placeholder_runner_of_staging_and_prod_naming_the_step() -> None:
    for env in ("staging", "prod"):
        spec = load_spec(env)
        assert spec.runners.image.endswith(PLACEHOLDER_DIGEST)  # the committed template
        error, _ = placeholder_images(spec)
        assert f"{env}: runners.image is the placeholder digest" in error
        assert "docs/day-one.md step 4" in error
        assert "slipway infra pin" in error
        error, warnings = placeholder_images(spec, first_apply=True)
        assert not error
        assert any("runners.image" in w for w in warnings)
    error, warnings = placeholder_images(load_spec("dev"))
    assert not error
    assert any("runners.image" in w for w in warnings)


def _specs_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "environments"
    shutil.copytree(ROOT / "infra" / "environments", folder)
    monkeypatch.setenv("SLIPWAY_INFRA_ENVIRONMENTS_DIR", str(folder))
    return folder


def test_validate_command_both_sides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    _specs_copy(tmp_path, monkeypatch)
    refused = runner.invoke(slipway, ["infra", "validate"])
    assert refused.exit_code == 1
    assert "staging: runners.image is the placeholder digest" in refused.output
    assert "docs/day-one.md step 4" in refused.output
    day_one = runner.invoke(slipway, ["infra", "validate", "--first-apply"])
    assert day_one.exit_code == 0, day_one.output
    for env in ("staging", "prod"):
        image = f"444455556666.dkr.ecr.eu-west-1.amazonaws.com/slipway-{env}/runner:runner-1@{REAL}"
        pinned = runner.invoke(slipway, ["infra", "pin", "--env", env, "--runner-image", image])
        assert pinned.exit_code == 0, pinned.output
    accepted = runner.invoke(slipway, ["infra", "validate"])
    assert accepted.exit_code == 0, accepted.output
    assert "warning: dev: runners.image" in accepted.output  # dev's placeholder: a warning


def test_pin_writes_the_runner_image_and_keeps_the_comments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from infra.errors import SpecError

    folder = _specs_copy(tmp_path, monkeypatch)
    before = (folder / "staging.yaml").read_text()
    image = f"111122223333.dkr.ecr.eu-west-1.amazonaws.com/slipway-staging/runner:runner-2@{REAL}"
    pin_runner_image("staging", image)
    after = (folder / "staging.yaml").read_text()
    assert load_spec("staging").runners.image == image
    assert [line for line in before.splitlines() if line.startswith("#")] == [
        line for line in after.splitlines() if line.startswith("#")
    ]
    assert len(before.splitlines()) == len(after.splitlines())
    assert load_spec("staging").mlflow.image_digest == PLACEHOLDER_DIGEST  # nothing else moved
    for bad in (image.replace(REAL, PLACEHOLDER_DIGEST), "slipway-staging/runner:latest"):
        with pytest.raises(SpecError):
            pin_runner_image("staging", bad)
    assert (folder / "staging.yaml").read_text() == after


def test_day_one_builds_pushes_and_pins_the_runner_image_before_the_release() -> None:
    lines = commands()
    text = "\n".join(lines)
    assert "slipway infra validate --first-apply" in lines
    assert "docker build --file Dockerfile.runner" in text
    for env in ("dev", '"$ENV"'):
        assert any(
            line.startswith(f"slipway infra pin --env {env} --runner-image") for line in lines
        )
    pin = max(i for i, line in enumerate(lines) if line.startswith("slipway infra pin"))
    strict = next(
        i for i, line in enumerate(lines) if line.startswith("slipway infra validate --env")
    )
    release = lines.index("git push origin main")
    assert pin < strict < release


# -- M-2 ------------------------------------------------------------------------------------------
def test_day_one_creates_every_main_only_environment_with_its_branch_policy() -> None:
    lines = commands()
    puts = {
        m.group(1): line
        for line in lines
        if (m := re.search(r'--method PUT "repos/\$GITHUB_REPOSITORY/environments/([^"]+)"', line))
    }
    branch = {
        m.group(1)
        for line in lines
        if (
            m := re.search(
                r'--method POST "repos/\$GITHUB_REPOSITORY/environments/([^"/]+)/'
                r'deployment-branch-policies" -f name=main',
                line,
            )
        )
    }
    main_only = {"dev", "$ENV", "training", "promotion"}
    assert main_only <= set(puts), puts
    for env in main_only:
        assert "deployment_branch_policy[protected_branches]=false" in puts[env]
        assert "deployment_branch_policy[custom_branch_policies]=true" in puts[env]
        assert env in branch, env
    for env in ("$ENV", "promotion"):
        assert "reviewers[][id]=$REVIEWERS_TEAM_ID" in puts[env]
    assert "deployment_branch_policy" not in puts["dev-pr"]  # any branch: the PRs' training job


# -- M-3 ------------------------------------------------------------------------------------------
def _scale_set_jobs() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (w.name, name, job)
        for w in WORKFLOWS.values()
        for name, job in w.jobs.items()
        if str(job.get("runs-on", "")).startswith("slipway-")
    ]


@pytest.mark.parametrize(
    "item", _scale_set_jobs(), ids=[f"{w}:{n}" for w, n, _ in _scale_set_jobs()]
)
def test_every_job_on_the_in_vpc_runners_refuses_pull_requests_and_other_refs(
    item: tuple[str, str, dict[str, Any]],
) -> None:
    workflow, name, job = item
    condition = str(job.get("if", ""))
    assert "github.ref == 'refs/heads/main'" in condition, (workflow, name, condition)
    assert "github.event_name == 'pull_request'" not in condition
    assert not runs_on_pull_request(WORKFLOWS[workflow], name)


def test_no_job_a_pull_request_can_start_runs_on_the_in_vpc_runners() -> None:
    for workflow in WORKFLOWS.values():
        for name, job in workflow.jobs.items():
            if runs_on_pull_request(workflow, name):
                assert not str(job.get("runs-on", "")).startswith("slipway-"), (
                    workflow.name,
                    name,
                )


def test_day_one_restricts_each_runner_group_to_mains_workflows_that_run_there() -> None:
    groups = {}
    for line in commands():
        if "/actions/runner-groups" in line and "--method POST" in line:
            found = re.search(r"-f name=(\S+)", line)
            assert found
            assert "-F restricted_to_workflows=true" in line
            assert "-f visibility=selected" in line
            groups[found.group(1)] = set(re.findall(r'selected_workflows\[\]=([^"]+)"', line))
    wanted = scale_set_workflows()
    assert set(groups) == set(wanted)
    for name, files in wanted.items():
        assert groups[name] == {
            f"$GITHUB_REPOSITORY/.github/workflows/{f}@refs/heads/main" for f in files
        }, name
    assert 'PATCH "orgs/<org>/actions/runner-groups/<id>"' in RUNBOOK


# -- L-2 ------------------------------------------------------------------------------------------
def _step(job: dict[str, Any], start: str) -> dict[str, Any]:
    return next(s for s in steps(job) if str(s.get("name", "")).startswith(start))


def test_only_a_plan_with_changes_is_handed_to_the_apply() -> None:
    plan = WORKFLOWS["infra"].jobs["plan-dev"]
    run = _step(plan, "terraform plan -out")
    assert run["id"] == "plan"
    assert 'echo "changes=$([ "$code" = 2 ] && echo true || echo false)"' in run["run"]
    for start in ("Hand the saved plan", "Keep what the apply job needs"):
        assert _step(plan, start)["if"] == "steps.plan.outputs.changes == 'true'"
    assert _step(plan, "Keep what the apply job needs")["with"]["overwrite"] is True


def test_each_apply_reads_its_own_plans_output_not_the_runs_artifacts() -> None:
    """A re-run applies what its plan job handed over: the plan job's `changes` output (the
    latest attempt of that job; since probe 29, N-M4 each environment has its own), never a
    listing of the run's artifacts, which keeps the earlier attempts'."""
    jobs = WORKFLOWS["infra"].jobs
    for env in ("dev", "staging", "prod"):
        condition = jobs[f"apply-{env}"]["if"]
        assert f"needs.plan-{env}.outputs.changes == 'true'" in condition
        assert jobs[f"plan-{env}"]["outputs"]["changes"] == "${{ steps.plan.outputs.changes }}"
    assert "/artifacts" not in WORKFLOWS["infra"].text


def test_an_apply_whose_saved_plan_is_gone_skips_with_a_notice() -> None:
    """Only when an earlier attempt of the run applied it since probe 29, N-M3
    (tests/delivery/test_probe29_reruns.py runs the step)."""
    apply = WORKFLOWS["infra"].jobs["apply-dev"]
    saved = _step(apply, "The saved plan, from the state bucket")
    assert saved["id"] == "saved"
    script = saved["run"]
    assert script.index("aws s3api head-object") < script.index("aws s3api get-object")
    assert "::notice::" in script
    assert 'echo "found=false" >> "$GITHUB_OUTPUT"' in script
    for start in ("cosign verify", "terraform apply saved-plan"):
        assert _step(apply, start)["if"] == "steps.saved.outputs.found == 'true'"
    delete = _step(apply, "Delete the applied plan")
    assert delete["if"] == "success() && steps.saved.outputs.found == 'true'"
    assert _step(apply, "Remove the saved plan from the runner")["if"] == "always()"


# -- L-3 ------------------------------------------------------------------------------------------
def test_signatures_are_written_as_the_tags_the_lifecycle_keeps() -> None:
    signs = [
        line
        for w in WORKFLOWS.values()
        for line in w.text.splitlines()
        if re.search(r"cosign sign\b", line) and "name:" not in line
    ]
    assert signs
    for line in signs:
        assert "--new-bundle-format=false" in line, line
        assert "--use-signing-config=false" in line, line
    for env in ("dev", "staging", "prod"):
        platform = build_platform(load_spec(env))
        for registry in (platform.registry, platform.mlflow_registry):
            patterns = [
                r["selection"].get("tagPatternList") for r in registry.lifecycle_policy()["rules"]
            ]
            assert [SIGNATURE_TAGS] in patterns


def test_the_apply_verifies_every_image_the_runners_own_too() -> None:
    # probe 29, N-M5: runner-image.yml signs the runners' image, which is no longer skipped
    # (tests/infra/test_probe29_runner_image.py)
    verify = _step(WORKFLOWS["infra"].jobs["apply-dev"], "cosign verify")["run"]
    assert "grep -vE '/runner@'" not in verify
    assert '*/runner@* | */runner:*) signer="$RUNNER_SIGNER"' in verify
