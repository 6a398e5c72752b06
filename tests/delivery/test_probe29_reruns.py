"""Probe 29, N-M3: a re-run after a failed apply let the environments after it apply.

Attempt 1: dev's apply fails, and staging's and prod's do not run (fail-fast cancelled them; since
probe 29, N-M4 their conditions skip them). The delete step (``always()``)
removed dev's saved plan anyway; "Re-run failed jobs" re-ran the three legs, dev found its plan
gone and turned green with a notice, and staging and prod applied their attempt-1 plans. Now the
plan is deleted only after a successful apply, and a leg whose plan is gone fails unless an
earlier attempt of the same run applied it (the jobs API per attempt). The step's own shell is
run here against a fake ``aws`` and ``curl`` on PATH (and the real ``terraform console``, which
reads the JSON on the runners).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import require_binary
from tests.delivery.workflows import load_workflows, simulate, steps

INFRA = load_workflows()["infra"]
APPLY = INFRA.jobs["apply-dev"]
SAVED = next(s for s in steps(APPLY) if s.get("id") == "saved")
PLAN = b"the saved plan"


def _named(needle: str) -> dict[str, Any]:
    (found,) = [s for s in steps(APPLY) if needle in str(s.get("name", ""))]
    return found


def test_the_saved_plan_is_deleted_only_after_a_successful_apply() -> None:
    applied = steps(APPLY).index(_named("terraform apply saved-plan"))
    delete = _named("Delete the applied plan")
    assert steps(APPLY).index(delete) > applied
    assert delete["if"] == "success() && steps.saved.outputs.found == 'true'"
    # no other step touches the bucket's copy after the apply, whatever happened
    for step in steps(APPLY)[applied + 1 :]:
        if step is not delete:
            assert "delete-object" not in str(step.get("run", "")), step.get("name")
    # the runner's copy goes whatever happened
    local = _named("Remove the saved plan from the runner")
    assert local["if"] == "always()"
    assert "rm -f saved-plan/tfplan" in local["run"]


def test_the_leg_may_read_the_runs_jobs_and_names_itself_as_github_does() -> None:
    assert APPLY["permissions"]["actions"] == "read"
    assert SAVED["env"]["JOB_NAME"] == APPLY["name"]
    assert SAVED["env"]["RUN_ATTEMPT"] == "${{ github.run_attempt }}"
    assert "/attempts/$n/jobs" in SAVED["run"]
    # the order still holds: a failed apply stops those after it (since probe 29, N-M4 one job
    # per environment: tests/delivery/test_probe29_queued_plans.py)
    states = simulate(
        INFRA,
        {"apply-dev": "failure"},
        variables={
            f"AWS_TERRAFORM_PLAN_ROLE_ARN_{e.upper()}": e for e in ("dev", "staging", "prod")
        },
    )
    assert (states["apply-staging"], states["apply-prod"]) == ("skipped", "skipped")
    # and the three applies are one body, named after their environment alike
    for env in ("staging", "prod"):
        assert INFRA.jobs[f"apply-{env}"]["steps"] == steps(APPLY)
        assert INFRA.jobs[f"apply-{env}"]["name"] == APPLY["name"]


def _jobs(dev: str | None, staging: str | None = None) -> dict[str, Any]:
    name = APPLY["name"].replace("${{ matrix.env }}", "{}")
    return {
        "total_count": 3,
        "jobs": [
            {"name": "environments with a saved plan", "conclusion": "success"},
            {"name": name.format("dev"), "conclusion": dev, "status": "completed"},
            {"name": name.format("staging"), "conclusion": staging, "status": "completed"},
        ],
    }


def _run(
    tmp_path: Path,
    attempt: int,
    *,
    gone: bool,
    attempts: dict[int, dict[str, Any]] | None = None,
    env: str = "dev",
) -> tuple[subprocess.CompletedProcess[str], str]:
    """The step's shell in a fake workspace; ``attempts`` the jobs API's answer per attempt (an
    attempt left out answers 404)."""
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    api = tmp_path / "api"
    api.mkdir()
    for n, doc in (attempts or {}).items():
        (api / f"{n}.json").write_text(json.dumps(doc))
    (bin_ / "aws").write_text(
        "#!/bin/bash\n"
        'echo "$*" >> "$FAKE_LOG"\n'
        'case "$2" in\n'
        '  head-object) if [ -n "$FAKE_GONE" ]; then\n'
        '      echo "An error occurred (404) when calling HeadObject: Not Found" >&2\n'
        "      exit 254; fi ;;\n"
        '  get-object) printf %s "$FAKE_PLAN" > "${@: -1}" ;;\n'
        "esac\n"
    )
    (bin_ / "curl").write_text(
        "#!/bin/bash\n"
        'url="${@: -1}"\n'
        'echo "$url" >> "$FAKE_LOG"\n'
        'n="${url#*/attempts/}"; n="${n%%/*}"\n'
        'if [ -f "$FAKE_API/$n.json" ]; then cat "$FAKE_API/$n.json"; else exit 22; fi\n'
    )
    for tool in ("aws", "curl"):
        (bin_ / tool).chmod(0o755)
    work = tmp_path / "work"
    (work / "saved-plan").mkdir(parents=True)
    sha = hashlib.sha256(PLAN).hexdigest()
    (work / "saved-plan" / "handover").write_text(
        f"bucket=b\nkey=slipway/{env}/plans/7/tfplan\nversion=v1\nsha256={sha}\n"
    )
    output, log = tmp_path / "output", tmp_path / "log"
    output.touch()
    log.touch()
    step_env = {k: str(v).replace("${{ matrix.env }}", env) for k, v in SAVED["env"].items()}
    done = subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", SAVED["run"]],
        env={
            **os.environ,
            **step_env,
            "PATH": f"{bin_}:{os.environ['PATH']}",
            "GH_TOKEN": "t",
            "REPO": "o/r",
            "RUN_ID": "7",
            "RUN_ATTEMPT": str(attempt),
            "GITHUB_API_URL": "https://api.github.com",
            "GITHUB_OUTPUT": str(output),
            "FAKE_LOG": str(log),
            "FAKE_API": str(api),
            "FAKE_GONE": "1" if gone else "",
            "FAKE_PLAN": PLAN.decode(),
        },
        cwd=work,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done, output.read_text()


@pytest.fixture
def needs_terraform() -> None:
    """The step reads the jobs API's JSON with ``terraform console`` (the runners' image has no
    jq or gh): skipped locally without it, a failure in CI."""
    require_binary("terraform")


def test_a_plan_still_there_is_fetched_and_checked(tmp_path: Path) -> None:
    done, output = _run(tmp_path, 2, gone=False)
    assert done.returncode == 0, done.stderr
    assert output == "found=true\n"
    assert (tmp_path / "work" / "saved-plan" / "tfplan").read_bytes() == PLAN
    assert "/attempts/" not in (tmp_path / "log").read_text()  # no need to ask


def test_a_plan_gone_in_the_first_attempt_fails_the_leg(tmp_path: Path) -> None:
    done, output = _run(tmp_path, 1, gone=True)
    assert done.returncode == 1
    assert "::error::dev: the saved plan slipway/dev/plans/7/tfplan (v1) is gone" in done.stdout
    assert "found=" not in output


@pytest.mark.usefixtures("needs_terraform")
def test_a_rerun_after_a_failed_apply_fails_again(tmp_path: Path) -> None:
    """The finding: attempt 1's dev apply failed (its plan gone all the same, by hand or by an
    earlier version's delete); the re-run leg fails, so fail-fast keeps staging and prod back."""
    done, output = _run(tmp_path, 2, gone=True, attempts={1: _jobs("failure", "cancelled")})
    assert done.returncode == 1, done.stdout
    assert "::error::dev:" in done.stdout
    assert "found=" not in output
    assert "/attempts/1/jobs" in (tmp_path / "log").read_text()


@pytest.mark.usefixtures("needs_terraform")
def test_another_legs_success_does_not_count(tmp_path: Path) -> None:
    done, _ = _run(tmp_path, 2, gone=True, attempts={1: _jobs("failure", "success")})
    assert done.returncode == 1, done.stdout


@pytest.mark.usefixtures("needs_terraform")
@pytest.mark.parametrize(
    "attempts",
    [
        {1: _jobs("success", "failure")},
        # attempt 2 applied it, attempt 3 is a re-run of staging's failure
        {1: _jobs("failure", "cancelled"), 2: _jobs("success", "failure")},
    ],
)
def test_a_leg_an_earlier_attempt_applied_is_done(
    tmp_path: Path, attempts: dict[int, dict[str, Any]]
) -> None:
    done, output = _run(tmp_path, max(attempts) + 1, gone=True, attempts=attempts)
    assert done.returncode == 0, done.stderr
    assert "::notice::dev: applied by an earlier attempt of this run" in done.stdout
    assert output == "found=false\n"


def test_an_unanswered_jobs_api_fails_the_leg(tmp_path: Path) -> None:
    done, output = _run(tmp_path, 2, gone=True, attempts={})
    assert done.returncode == 1
    assert "found=" not in output


def test_the_recovery_is_documented() -> None:
    from tests.conftest import ROOT

    text = (ROOT / "docs" / "ci-release.md").read_text()
    assert "Re-run failed jobs" in text
    assert "fails unless an earlier attempt" in text
