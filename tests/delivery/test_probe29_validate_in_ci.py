"""Probe 29, N-L2: `slipway infra validate` (the placeholder refusal) ran in no workflow.

Only day one called it; `ci.yml` and `infra.yml` ran `synth --check`, which renders the zero
runner digest without a word, so a spec whose staging or prod runners could never start could
be merged and applied. infra.yml's drift job, which every plan and apply needs and which runs on
every infrastructure change, now validates: strictly for the environments brought up (their
plan role variable set), as day one (`--first-apply`) for the others.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.delivery.workflows import load_workflows, steps

ENVS = ("dev", "staging", "prod")
INFRA = load_workflows()["infra"]
DRIFT = INFRA.jobs["drift"]
(VALIDATE,) = [s for s in steps(DRIFT) if "slipway infra validate" in str(s.get("run", ""))]


def test_validate_runs_in_the_job_every_infra_change_and_every_plan_needs() -> None:
    for event in ("pull_request", "push"):
        assert INFRA.triggered_by(event, ["infra/environments/staging.yaml"])
    assert "if" not in DRIFT  # pull requests and main alike
    for env in ENVS:
        assert INFRA.jobs[f"plan-{env}"]["needs"] == "drift"
        assert "needs.drift.result == 'success'" in INFRA.jobs[f"apply-{env}"]["if"]
    # after the drift check, so it reads the committed specs that were rendered
    synth = next(i for i, s in enumerate(steps(DRIFT)) if "synth --check" in str(s.get("run")))
    assert steps(DRIFT).index(VALIDATE) > synth
    for env in ENVS:
        variable = f"AWS_TERRAFORM_PLAN_ROLE_ARN_{env.upper()}"
        assert VALIDATE["env"][f"ROLE_{env.upper()}"] == f"${{{{ vars.{variable} }}}}"


def _run(cwd: Path, up: tuple[str, ...]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-e", "-c", VALIDATE["run"]],
        env={
            **os.environ,
            "PYTHONDONTWRITEBYTECODE": "1",
            **{f"ROLE_{env.upper()}": (f"arn:{env}" if env in up else "") for env in ENVS},
        },
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize(
    ("up", "calls"),
    [
        ((), ["validate --first-apply --env dev --env staging --env prod"]),
        (
            ("dev", "staging"),
            ["validate --env dev --env staging", "validate --first-apply --env prod"],
        ),
        (ENVS, ["validate --env dev --env staging --env prod"]),
    ],
)
def test_first_apply_only_for_the_environments_not_brought_up(
    tmp_path: Path, up: tuple[str, ...], calls: list[str]
) -> None:
    fake = tmp_path / ".venv" / "bin" / "slipway"
    fake.parent.mkdir(parents=True)
    log = tmp_path / "log"
    fake.write_text(f'#!/bin/bash\necho "${{*:2}}" >> {log}\n')
    fake.chmod(0o755)
    done = _run(tmp_path, up)
    assert done.returncode == 0, done.stderr
    assert log.read_text().splitlines() == calls
    for env in set(ENVS) - set(up):
        assert f"::notice::{env}: not brought up" in done.stdout


def test_the_committed_placeholders_pass_before_day_one_and_are_refused_after() -> None:
    """The template's specs name the zero runner digest: fine while no environment is brought
    up, refused for staging once it is (the finding: nothing in CI refused it)."""
    before = _run(ROOT, ())
    assert before.returncode == 0, before.stderr
    after = _run(ROOT, ("dev", "staging"))
    assert after.returncode != 0
    assert "staging: runners.image is the placeholder digest" in after.stderr
