"""Probe 29, N-M4: a plan whose runners do not exist held every environment's apply for 24 h.

`planned` needed the whole `plan` matrix. A leg whose `slipway-<env>` has no online scale set
(prod before its day one, an outage, an image GitHub refuses) is not failed, only queued, and
GitHub cancels it after 24 h (timeout-minutes does not count the queue): until then dev and
staging were not applied. Now each environment has its own plan and apply job, chained
dev → staging → prod through the applies only; an environment not brought up (no plan role
variable) is not planned at all; and a GitHub-hosted job reports a plan no runner takes.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.delivery.workflows import load_workflows, simulate, steps

ENVS = ("dev", "staging", "prod")
INFRA = load_workflows()["infra"]
JOBS = INFRA.jobs
UP = {f"AWS_TERRAFORM_PLAN_ROLE_ARN_{env.upper()}": f"arn:{env}" for env in ENVS}
WATCH = JOBS["runners"]
(WATCH_STEP,) = steps(WATCH)


def _applied(states: dict[str, str]) -> list[str]:
    return [env for env in ENVS if states[f"apply-{env}"] == "success"]


@pytest.mark.parametrize("stuck", ENVS)
def test_a_plan_no_runner_takes_holds_its_own_apply_and_those_after_it_only(stuck: str) -> None:
    """The finding: prod's plan queued held dev's and staging's applies."""
    states = simulate(INFRA, {f"plan-{stuck}": "queued"}, variables=UP)
    before = list(ENVS[: ENVS.index(stuck)])
    assert _applied(states) == before
    for env in ENVS[ENVS.index(stuck) :]:
        assert states[f"apply-{env}"] == "waiting"


def test_apply_dev_does_not_need_the_other_plans_and_staging_needs_dev() -> None:
    assert JOBS["apply-dev"]["needs"] == ["drift", "plan-dev"]
    assert JOBS["apply-staging"]["needs"] == ["drift", "plan-staging", "apply-dev"]
    assert JOBS["apply-prod"]["needs"] == ["drift", "plan-prod", "apply-dev", "apply-staging"]
    for env in ENVS:
        assert JOBS[f"plan-{env}"]["needs"] == "drift"
        assert JOBS[f"plan-{env}"]["strategy"]["matrix"]["env"] == [env]
        assert JOBS[f"apply-{env}"]["strategy"]["matrix"]["env"] == [env]
        # the reviewers of the environment's applies gate its apply, as before (in <env>-infra,
        # which only the applies enter: review 165, X-M1)
        assert JOBS[f"apply-{env}"]["environment"] == "${{ matrix.env }}-infra"


@pytest.mark.parametrize(("failed", "applied"), [("dev", []), ("staging", ["dev"])])
def test_a_failed_apply_stops_the_environments_after_it(failed: str, applied: list[str]) -> None:
    states = simulate(INFRA, {f"apply-{failed}": "failure"}, variables=UP)
    assert _applied(states) == applied
    for env in ENVS[ENVS.index(failed) + 1 :]:
        assert states[f"apply-{env}"] == "skipped"


def test_a_cancelled_apply_stops_the_environments_after_it_too() -> None:
    states = simulate(INFRA, {"apply-dev": "cancelled"}, variables=UP)
    assert (states["apply-staging"], states["apply-prod"]) == ("skipped", "skipped")


def test_an_environment_not_brought_up_is_neither_planned_nor_waited_for() -> None:
    """Day one with ENV=staging, step 10: prod's runners do not exist yet."""
    variables = {k: v for k, v in UP.items() if not k.endswith("_PROD")}
    states = simulate(INFRA, variables=variables)
    assert states["plan-prod"] == "skipped"
    assert _applied(states) == ["dev", "staging"]
    assert "waiting" not in states.values()


def test_nothing_is_planned_or_applied_for_a_pull_request() -> None:
    states = simulate(INFRA, event="pull_request", ref="refs/pull/7/merge", variables=UP)
    for env in ENVS:
        assert states[f"plan-{env}"] == states[f"apply-{env}"] == "skipped"
    assert states["runners"] == "skipped"
    assert states["comment"] == "success"


def test_the_three_environments_share_one_body() -> None:
    """Anchors, not copies: one plan body and one apply body (PyYAML, as GitHub, resolves the
    aliases to the same node)."""
    for stage in ("plan", "apply"):
        first = JOBS[f"{stage}-dev"]
        for env in ENVS[1:]:
            job = JOBS[f"{stage}-{env}"]
            for key in ("name", "runs-on", "timeout-minutes", "permissions", "concurrency"):
                assert job[key] == first[key], (stage, env, key)
            assert job["steps"] is first["steps"]
    assert INFRA.text.count("terraform apply -input=false") == 1
    assert INFRA.text.count("terraform plan -input=false") == 1


# -- the report of a plan no runner takes -----------------------------------------------------


def _watch(
    tmp_path: Path, polls: list[dict[str, str]], roles: dict[str, str], minutes: int = 0
) -> tuple[subprocess.CompletedProcess[str], str]:
    """The watch step's shell with a fake ``gh`` answering ``polls`` in turn (the last one
    again once they run out): each a job name → status."""
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    for i, poll in enumerate(polls):
        listing = "".join(f"{name}\t{status}\n" for name, status in poll.items())
        (tmp_path / f"poll{i}").write_text(listing)
    (bin_ / "gh").write_text(
        "#!/bin/bash\n"
        'n="$(cat "$FAKE_DIR/count" 2>/dev/null || echo 0)"\n'
        f'if [ "$n" -lt {len(polls) - 1} ]; then echo $((n + 1)) > "$FAKE_DIR/count"; fi\n'
        'cat "$FAKE_DIR/poll$n"\n'
    )
    (bin_ / "gh").chmod(0o755)
    summary = tmp_path / "summary"
    done = subprocess.run(
        ["bash", "-e", "-c", WATCH_STEP["run"]],
        env={
            **os.environ,
            "PATH": f"{bin_}:{os.environ['PATH']}",
            "FAKE_DIR": str(tmp_path),
            "GH_TOKEN": "t",
            "REPO": "o/r",
            "RUN_ID": "7",
            "QUEUE_MINUTES": str(minutes),
            "POLL_SECONDS": "0",
            "GITHUB_STEP_SUMMARY": str(summary),
            **{f"ROLE_{env.upper()}": roles.get(env, "") for env in ENVS},
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done, summary.read_text() if summary.exists() else ""


def _plan(env: str) -> str:
    return str(JOBS[f"plan-{env}"]["name"]).replace("${{ matrix.env }}", env)


ALL_UP = {env: f"arn:{env}" for env in ENVS}


def test_the_watch_runs_on_githubs_machines_next_to_the_plans() -> None:
    assert WATCH["runs-on"] == "ubuntu-24.04"
    assert WATCH["needs"] == JOBS["plan-dev"]["needs"]
    assert WATCH["permissions"] == {"actions": "read"}
    assert WATCH["if"] == ("github.event_name != 'pull_request' && github.ref == 'refs/heads/main'")
    assert int(WATCH_STEP["env"]["QUEUE_MINUTES"]) < WATCH["timeout-minutes"]
    for env in ENVS:
        variable = f"AWS_TERRAFORM_PLAN_ROLE_ARN_{env.upper()}"
        assert WATCH_STEP["env"][f"ROLE_{env.upper()}"] == f"${{{{ vars.{variable} }}}}"


def test_a_plan_still_queued_fails_the_watch_naming_its_scale_set(tmp_path: Path) -> None:
    poll = {_plan("dev"): "completed", _plan("staging"): "in_progress", _plan("prod"): "queued"}
    done, summary = _watch(tmp_path, [poll], ALL_UP)
    assert done.returncode == 1
    assert "::error::terraform plan (prod) is still queued" in done.stdout
    assert "no runner of slipway-prod" in done.stdout
    assert "slipway-prod" in summary
    assert "dev" not in summary


def test_plans_that_reach_their_runners_pass(tmp_path: Path) -> None:
    queued = {_plan(env): "queued" for env in ENVS}
    started = {_plan(env): "in_progress" for env in ENVS}
    done, _ = _watch(tmp_path, [queued, queued, started], ALL_UP, minutes=1)
    assert done.returncode == 0, done.stdout
    assert "every plan reached a runner: dev staging prod" in done.stdout


def test_an_environment_not_brought_up_is_not_watched(tmp_path: Path) -> None:
    poll = {_plan("dev"): "completed", _plan("staging"): "completed"}
    done, _ = _watch(tmp_path, [poll], {"dev": "a", "staging": "b"})
    assert done.returncode == 0, done.stdout


def test_a_plan_missing_from_the_listing_is_reported(tmp_path: Path) -> None:
    """A renamed job (or an unanswered API) is not taken for a started one."""
    done, _ = _watch(tmp_path, [{}], {"dev": "a"})
    assert done.returncode == 1
    assert "terraform plan (dev) is still not listed" in done.stdout


def test_the_flow_is_documented() -> None:
    text = (ROOT / "docs" / "ci-release.md").read_text()
    assert "24 h" in text
    assert "brought up" in text
    day_one = (ROOT / "docs" / "day-one.md").read_text()
    assert "neither planned nor applied" in day_one
