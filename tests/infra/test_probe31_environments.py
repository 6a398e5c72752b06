"""Probe 31, A-H3: a fourth environment copied from staging (``sed 's/^name: staging/name: qa/'``)
was accepted with staging's network range, domain and runner image, and no workflow planned it.

- ``slipway infra validate`` and ``synth`` refuse, across the specs: two environments of one
  account whose VPC ranges overlap, two with one ``app.domain``, a runner image in another
  environment's repository, two with one GitHub environment; a tag naming another environment is
  a warning. One line each, naming both files and what to change.
- Every spec in infra/environments/ is planned and applied by infra.yml, gets its runner image
  from runner-image.yml and has a Pulumi stack file (docs/platform.md, "Add an environment").
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from infra.settings import InfraSettings
from infra.spec import available_environments, cross_spec_problems, load_spec, parse_spec
from pipelines.cli import app as slipway
from tests.conftest import ROOT
from tests.delivery.workflows import Workflow, load_workflows, run_scripts, steps

ENVIRONMENTS_DIR = ROOT / "infra" / "environments"
REAL = "sha256:" + "ab" * 32


def _copy_of_staging(**changes: Any) -> dict[str, Any]:
    """staging.yaml as the reviewer copied it (name: qa), with ``changes`` (dotted paths)."""
    data: dict[str, Any] = yaml.safe_load((ENVIRONMENTS_DIR / "staging.yaml").read_text())
    data["name"] = "qa"
    for dotted, value in changes.items():
        *parents, last = dotted.split(".")
        node = data
        for key in parents:
            node = node[key]
        node[last] = value
    return data


#: What a qa of its own changes from the copy: its range, host, runner repository and tag.
OWN_QA = {
    "network.cidr": "10.40.0.0/16",
    "app.domain": "qa.slipway.example.com",
    "dns.zone_id": "Z0000000QAEXAMPLE",
    "dns.zone_name": "qa.slipway.example.com",
    "runners.image": f"111122223333.dkr.ecr.eu-west-1.amazonaws.com/slipway-qa/runner@{REAL}",
    "tags.cost-center": "ml-qa",
}


@pytest.fixture
def specs_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the committed specs, read by `slipway infra` (SLIPWAY_INFRA_ENVIRONMENTS_DIR)."""
    folder = tmp_path / "environments"
    shutil.copytree(ENVIRONMENTS_DIR, folder)
    monkeypatch.setenv("SLIPWAY_INFRA_ENVIRONMENTS_DIR", str(folder))
    return folder


def _write_qa(folder: Path, data: dict[str, Any]) -> None:
    (folder / "qa.yaml").write_text(yaml.safe_dump(data, sort_keys=False))


def _problems(folder: Path, data: dict[str, Any]) -> list[str]:
    _write_qa(folder, data)
    settings = InfraSettings(environments_dir=folder)
    specs = [load_spec(env, settings) for env in available_environments(settings)]
    return [p.message for p in cross_spec_problems(specs, settings)]


# -- the reviewer's steps ------------------------------------------------------------------------
def test_validate_refuses_the_copy_of_staging_naming_both_files(specs_dir: Path) -> None:
    _write_qa(specs_dir, _copy_of_staging())
    result = CliRunner().invoke(slipway, ["infra", "validate", "--first-apply"])
    assert result.exit_code == 1, result.output
    qa, staging = specs_dir / "qa.yaml", specs_dir / "staging.yaml"
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    # a third environment in dev's and staging's account also overflows each one's managed
    # policies (probe 29, N-L3): those three refusals follow, one per environment
    oversized = [line for line in errors if "over IAM's limit" in line]
    assert len(oversized) == 3, errors
    errors = [line for line in errors if line not in oversized]
    assert errors[:3] == [
        f"error: {qa}: network.cidr 10.20.0.0/16 overlaps 10.20.0.0/16 of {staging} in the same "
        "account 111122223333 (the two VPCs could never be peered or routed): give qa a range "
        "of its own, e.g. 10.40.0.0/16",
        f"error: {qa}: app.domain staging.slipway.example.com is also the domain of {staging} "
        "(one DNS record and one certificate, which both clusters' external-dns and ACM would "
        "fight over): give qa a host of its own, e.g. qa.slipway.example.com",
        f"error: {qa}: runners.image is in slipway-staging/runner, the repository of {staging}: "
        "push qa's runner image to slipway-qa/runner and `slipway infra pin --env qa "
        "--runner-image <image>@sha256:…` (docs/day-one.md step 4)",
    ]
    assert "6 problems in the environment specs" in errors[3]
    assert (
        f"warning: {qa}: tags.cost-center 'ml-staging' names staging ({staging})" in result.output
    )
    # qa is not "ok" any more; staging, whose values qa took, is blamed for none of them (its
    # only refusal is the policy size a third environment in its account costs it)
    assert "ok: qa" not in result.output
    assert not any(line.startswith(f"error: {staging}") for line in errors)
    assert "Traceback" not in result.output


def test_synth_refuses_it_before_writing_anything(specs_dir: Path, tmp_path: Path) -> None:
    _write_qa(specs_dir, _copy_of_staging())
    out = tmp_path / "terraform"
    result = CliRunner().invoke(slipway, ["infra", "synth", "--env", "qa", "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert "network.cidr 10.20.0.0/16 overlaps" in result.output
    assert "app.domain staging.slipway.example.com is also the domain of" in result.output
    assert "runners.image is in slipway-staging/runner" in result.output
    assert not out.exists()


def test_validate_of_another_environment_leaves_the_copy_to_its_own(specs_dir: Path) -> None:
    """`--env prod` (prod: its own account) is not failed by qa's copy of staging."""
    _write_qa(specs_dir, _copy_of_staging())
    result = CliRunner().invoke(slipway, ["infra", "validate", "--first-apply", "--env", "prod"])
    assert result.exit_code == 0, result.output
    assert "qa.yaml" not in result.output


def _in_its_own_account(qa: dict[str, Any]) -> dict[str, Any]:
    """A third environment beside dev and staging overflows their managed policies (probe 29,
    N-L3: ``validate`` refuses it): the accepted qa has an account of its own."""
    qa["account_id"] = "777788889999"
    qa["github"]["create_oidc_provider"] = True  # the only environment of its account
    return qa


def test_a_qa_of_its_own_is_accepted(specs_dir: Path) -> None:
    _write_qa(specs_dir, _in_its_own_account(_copy_of_staging(**OWN_QA)))
    result = CliRunner().invoke(slipway, ["infra", "validate", "--first-apply"])
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == ["ok:", "dev", "ok:", "prod", "ok:", "qa", "ok:", "staging"]
    assert "qa.yaml" not in result.output  # no warning either


def test_an_account_with_github_s_provider_already_is_accepted_with_no_creator(
    specs_dir: Path,
) -> None:
    """X-H3 (review 165): an account that already trusts GitHub Actions has the provider; every
    environment of it looks the provider up (bootstrap checks that it exists)."""
    qa = _in_its_own_account(_copy_of_staging(**OWN_QA))
    qa["github"]["create_oidc_provider"] = False
    _write_qa(specs_dir, qa)
    result = CliRunner().invoke(slipway, ["infra", "validate", "--first-apply"])
    assert result.exit_code == 0, result.output
    assert "ok: qa" in result.output


def test_the_committed_specs_take_nothing_from_each_other() -> None:
    settings = InfraSettings(environments_dir=ENVIRONMENTS_DIR)
    specs = [load_spec(env, settings) for env in available_environments(settings)]
    assert cross_spec_problems(specs, settings) == []


# -- each refusal on its own ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # a range inside staging's overlaps it too
        ({"network.cidr": "10.20.128.0/17"}, "network.cidr 10.20.128.0/17 overlaps 10.20.0.0/16"),
        ({"network.cidr": "10.10.0.0/16"}, "network.cidr 10.10.0.0/16 overlaps 10.10.0.0/16 of"),
        (
            {"app.domain": "slipway.example.com", "dns.zone_name": "example.com"},
            "app.domain slipway.example.com is also the",
        ),
        (
            {"runners.image": "444455556666.dkr.ecr.eu-west-1.amazonaws.com/slipway-prod/runner"
             f":runner-2.330.0@{REAL}"},
            "runners.image is in slipway-prod/runner, the repository of",
        ),
        (
            {"github.environment": "staging"},
            "GitHub environment 'staging' (github.environment) is also the github.environment of",
        ),
        # review 165, X-M1: one environment's applies, the other's deploying jobs (or applies)
        (
            {"github.environment": "staging-infra"},
            "GitHub environment 'staging-infra' (github.environment) is also the "
            "github.apply_environment of",
        ),
        (
            {"github.apply_environment": "staging"},
            "GitHub environment 'staging' (github.apply_environment) is also the "
            "github.environment of",
        ),
        (
            {"github.apply_environment": "staging-infra"},
            "GitHub environment 'staging-infra' (github.apply_environment) is also the "
            "github.apply_environment of",
        ),
        # prod's zone name, another hosted zone (review 165, X-M6)
        ({"dns.zone_name": "slipway.example.com"}, "dns.zone_name slipway.example.com is also"),
    ],
    ids=[
        "cidr-inside",
        "cidr-of-dev",
        "domain-of-prod",
        "runner-of-prod",
        "github-environment",
        "github-environment-of-applies",
        "apply-environment-of-deploys",
        "apply-environment",
        "zone-of-prod",
    ],
)  # fmt: skip
def test_each_refusal(specs_dir: Path, change: dict[str, str], expected: str) -> None:
    problems = _problems(specs_dir, _copy_of_staging(**(OWN_QA | change)))
    assert len(problems) == 1, problems
    assert expected in problems[0]
    assert problems[0].startswith(f"{specs_dir / 'qa.yaml'}: ")


def test_the_same_range_in_another_account_is_not_refused(specs_dir: Path) -> None:
    """Overlapping ranges are refused within an account (peering, transit): prod's own account
    may reuse a range of dev's."""
    qa = _copy_of_staging(**(OWN_QA | {"network.cidr": "10.20.0.0/16"}))
    qa["account_id"] = "777788889999"
    qa["github"]["create_oidc_provider"] = True  # the only environment of its account
    assert _problems(specs_dir, qa) == []


def test_a_tag_naming_another_environment_is_a_warning(specs_dir: Path) -> None:
    qa = _copy_of_staging(**(OWN_QA | {"tags.cost-center": "ml-staging"}))
    _write_qa(specs_dir, _in_its_own_account(qa))
    settings = InfraSettings(environments_dir=specs_dir)
    specs = [load_spec(env, settings) for env in available_environments(settings)]
    (problem,) = cross_spec_problems(specs, settings)
    assert problem.warning
    assert problem.env == "qa"
    assert "tags.cost-center 'ml-staging' names staging" in problem.message
    result = CliRunner().invoke(slipway, ["infra", "validate", "--first-apply"])
    assert result.exit_code == 0, result.output  # a warning: it may be meant
    assert "warning: " in result.output
    assert "ok: qa" in result.output


def test_the_suggested_range_is_free_in_every_account(specs_dir: Path) -> None:
    """The range the message suggests overlaps no spec's, in any account: 10.10 (dev), 10.20
    (staging), 10.30 (prod) and here 10.40 (another environment) are taken."""
    other = _copy_of_staging(
        **(
            OWN_QA
            | {
                "name": "perf",
                "app.domain": "perf.slipway.example.com",
                "dns.zone_id": "Z0000000PERFEXAMPLE",
                "dns.zone_name": "perf.slipway.example.com",
            }
        )
    )
    other["runners"]["image"] = other["runners"]["image"].replace("slipway-qa/", "slipway-perf/")
    other["tags"]["cost-center"] = "ml-perf"
    (specs_dir / "perf.yaml").write_text(yaml.safe_dump(other, sort_keys=False))
    (problem,) = _problems(
        specs_dir, _copy_of_staging(**(OWN_QA | {"network.cidr": "10.20.0.0/16"}))
    )
    assert problem.endswith("give qa a range of its own, e.g. 10.50.0.0/16"), problem


# -- the workflows and the Pulumi stacks plan every spec -----------------------------------------
def _loop_envs(text: str) -> set[str]:
    """The environments of every `for env in a b c; do` loop of a script."""
    found: set[str] = set()
    for match in re.finditer(r"for env in ([a-z0-9 -]+); do", text):
        found |= set(match.group(1).split())
    return found


def _matrix_envs(job: dict[str, Any]) -> set[str]:
    matrix = (job.get("strategy") or {}).get("matrix") or {}
    return set(matrix.get("env") or [])


def unwired(envs: list[str], workflows: dict[str, Workflow], pulumi_dir: Path) -> list[str]:
    """What is missing for ``envs`` (the specs' names) in infra.yml, runner-image.yml and
    infra/pulumi/, one line each, saying what to add (docs/platform.md, "Add an environment")."""
    infra = workflows["infra"]
    jobs = infra.jobs
    how = 'docs/platform.md, "Add an environment"'
    missing = []
    for env in envs:
        spec = f"infra/environments/{env}.yaml"
        var = f"AWS_TERRAFORM_PLAN_ROLE_ARN_{env.upper()}"
        plan, apply = jobs.get(f"plan-{env}"), jobs.get(f"apply-{env}")
        if plan is None:
            missing.append(
                f"{spec}: infra.yml has no job plan-{env}: add one as plan-staging is (matrix "
                f"env: [{env}], plan_role: [{var}], `if` on vars.{var}; {how})"
            )
        elif _matrix_envs(plan) != {env} or f"vars.{var} != ''" not in str(plan.get("if")):
            missing.append(
                f"{spec}: infra.yml's plan-{env} must plan {env} alone (matrix env: [{env}]) "
                f"when vars.{var} is set ({how})"
            )
        if apply is None:
            missing.append(
                f"{spec}: infra.yml has no job apply-{env}: add one as apply-staging is (needs "
                f"plan-{env} and the applies before it, matrix env: [{env}]; {how})"
            )
        elif _matrix_envs(apply) != {env} or f"plan-{env}" not in apply.get("needs", []):
            missing.append(
                f"{spec}: infra.yml's apply-{env} must apply {env} alone, after plan-{env} ({how})"
            )
        if env not in _matrix_envs(jobs["validate"]):
            missing.append(f"{spec}: infra.yml's validate job: add {env} to its matrix env")
        for job in ("drift", "runners", "comment"):
            if env not in _loop_envs(run_scripts(jobs[job])):
                missing.append(f"{spec}: infra.yml's {job} job: add {env} to its `for env in` loop")
        for job in ("drift", "runners"):
            role_vars = [(s.get("env") or {}).get(f"ROLE_{env.upper()}") for s in steps(jobs[job])]
            if f"${{{{ vars.{var} }}}}" not in role_vars:
                missing.append(
                    f"{spec}: infra.yml's {job} job: add `ROLE_{env.upper()}: "
                    f"${{{{ vars.{var} }}}}` to the env of its step that loops over them"
                )
        runner_image = workflows["runner-image"].jobs
        push = runner_image["push"]["strategy"]["matrix"]
        role = f"AWS_RUNNER_PUSH_ROLE_ARN_{env.upper()}"
        if env not in push.get("env", []) or {"env": env, "push_role": role} not in push.get(
            "include", []
        ):
            missing.append(
                f"{spec}: runner-image.yml's push job: add {env} to its matrix env and "
                f"`- env: {env}` with `push_role: {role}` to its include"
            )
        if env not in _loop_envs(run_scripts(runner_image["pin"])):
            missing.append(
                f"{spec}: runner-image.yml's pin job: add {env} to its `for env in` loop"
            )
        stack = pulumi_dir / f"Pulumi.{env}.yaml"
        config = yaml.safe_load(stack.read_text()) if stack.is_file() else None
        if (config or {}).get("config", {}).get("slipway-infra:environment") != env:
            missing.append(
                f"{spec}: no Pulumi stack infra/pulumi/Pulumi.{env}.yaml with "
                f"`slipway-infra:environment: {env}`: copy Pulumi.staging.yaml ({how})"
            )
    for job in jobs:
        stage, _, env = job.partition("-")
        if stage in ("plan", "apply") and env and env not in envs:
            missing.append(
                f"infra.yml's {job}: no infra/environments/{env}.yaml (remove the job, or add "
                "the spec)"
            )
    return missing


def test_every_spec_is_planned_applied_and_has_a_pulumi_stack() -> None:
    envs = available_environments(InfraSettings(environments_dir=ENVIRONMENTS_DIR))
    assert {"dev", "staging", "prod"} <= set(envs)
    problems = unwired(envs, load_workflows(), ROOT / "infra" / "pulumi")
    assert not problems, "\n".join(problems)


def test_a_new_spec_without_its_jobs_and_stack_fails_saying_what_to_add() -> None:
    """The reviewer's qa.yaml alone: what CI says when a spec has no jobs and no stack."""
    problems = unwired(
        ["dev", "prod", "qa", "staging"], load_workflows(), ROOT / "infra" / "pulumi"
    )
    text = "\n".join(problems)
    assert all(line.startswith("infra/environments/qa.yaml: ") for line in problems), text
    assert "infra.yml has no job plan-qa" in text
    assert "vars.AWS_TERRAFORM_PLAN_ROLE_ARN_QA" in text
    assert "infra.yml has no job apply-qa" in text
    assert "validate job: add qa to its matrix env" in text
    for job in ("drift", "runners", "comment"):
        assert f"infra.yml's {job} job: add qa to its `for env in` loop" in text
    assert "ROLE_QA: ${{ vars.AWS_TERRAFORM_PLAN_ROLE_ARN_QA }}" in text
    assert "push_role: AWS_RUNNER_PUSH_ROLE_ARN_QA" in text
    assert "runner-image.yml's pin job: add qa" in text
    assert "infra/pulumi/Pulumi.qa.yaml" in text
    assert text.count('docs/platform.md, "Add an environment"') >= 3


def test_a_job_without_its_spec_is_reported() -> None:
    problems = unwired(["dev", "staging"], load_workflows(), ROOT / "infra" / "pulumi")
    assert "infra.yml's plan-prod: no infra/environments/prod.yaml" in "\n".join(problems)


def test_parse_spec_keeps_its_own_rules() -> None:
    """The copy is a valid spec on its own: the refusals are across specs, not per spec."""
    assert parse_spec(_copy_of_staging(), "qa.yaml").name == "qa"
