"""Review 168, D-H3: a rollback of staging or prod that can reach their private API servers.

`slipway rollback --env <env>` from a laptop cannot connect once step 10 of day one closes the
public endpoint. `rollback.yml` runs it where the deploys run: by hand, on the environment's
in-VPC runners, in its GitHub environment (reviewers, the deploy role's OIDC trust), from main
only, and in the deploys' own concurrency group, so a rollback and a deploy never race.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.delivery.workflows import environment_name, load_workflows, run_scripts, steps, uses

WORKFLOWS = load_workflows()
ROLLBACK = WORKFLOWS["rollback"]
RELEASE_DEPLOYS = {"staging": "staging", "prod": "production"}  # env -> release.yml's job


def _options() -> list[str]:
    (inputs,) = [ROLLBACK.on["workflow_dispatch"]["inputs"]]
    assert inputs["env"]["type"] == "choice"
    assert inputs["env"]["required"] is True
    return list(inputs["env"]["options"])


def _job(env: str) -> dict[str, Any]:
    return ROLLBACK.jobs[f"rollback-{env}"]


def test_rollback_is_manual_only_for_the_environments_the_release_deploys() -> None:
    assert set(ROLLBACK.on) == {"workflow_dispatch"}
    assert _options() == list(RELEASE_DEPLOYS)
    assert set(ROLLBACK.jobs) == {f"rollback-{env}" for env in RELEASE_DEPLOYS}


def test_the_rolled_back_environments_are_those_a_laptop_cannot_reach() -> None:
    from infra.spec import load_spec

    for env in _options():
        assert load_spec(env).cluster.public_endpoint is False, env


@pytest.mark.parametrize("env", list(RELEASE_DEPLOYS))
def test_each_leg_runs_in_its_environment_on_its_runners_from_main_only(env: str) -> None:
    job = _job(env)
    condition = str(job["if"])
    assert "github.ref == 'refs/heads/main'" in condition
    assert "github.event_name != 'pull_request'" in condition
    assert f"inputs.env == '{env}'" in condition
    assert job["runs-on"] == f"slipway-{env}"
    assert environment_name(job) == env
    assert job["permissions"] == {"contents": "read", "id-token": "write"}
    (assume,) = uses(job, "aws-actions/configure-aws-credentials")
    assert assume["with"]["role-to-assume"] == "${{ vars.AWS_DEPLOY_ROLE_ARN }}"


@pytest.mark.parametrize("env", list(RELEASE_DEPLOYS))
def test_a_rollback_shares_the_deploys_concurrency_group_and_is_never_cancelled(env: str) -> None:
    deploy = WORKFLOWS["release"].jobs[RELEASE_DEPLOYS[env]]
    job = _job(env)
    assert job["concurrency"] == deploy["concurrency"]
    assert job["concurrency"] == {"group": f"deploy-{env}", "cancel-in-progress": False}
    assert "concurrency" not in ROLLBACK.data  # a workflow-wide group would serialize staging/prod


@pytest.mark.parametrize("env", list(RELEASE_DEPLOYS))
def test_it_runs_status_rollback_status_on_the_environments_cluster(env: str) -> None:
    from infra.platform.builder import build_platform
    from infra.spec import load_spec

    job = _job(env)
    assert job["env"]["DEPLOY_ENV"] == env
    cluster = build_platform(load_spec(env)).cluster.name
    assert job["env"]["CLUSTER"] == f"${{{{ vars.EKS_CLUSTER_NAME || '{cluster}' }}}}"
    script = run_scripts(job)
    rollback = script.index('.venv/bin/slipway rollback --env "$DEPLOY_ENV"')
    assert script.index('aws eks update-kubeconfig --name "$CLUSTER"') < rollback
    assert script.index('.venv/bin/slipway status --env "$DEPLOY_ENV"') < rollback
    assert '.venv/bin/slipway status --env "$DEPLOY_ENV"' in script[rollback:]
    assert "set -o pipefail" in script  # `| tee` hides no failing status
    assert "slipway deploy" not in script  # no build, no migration, no apply


def test_it_syncs_what_the_prod_deploy_syncs() -> None:
    def syncs(job: dict[str, Any]) -> list[str]:
        return [line for line in run_scripts(job).splitlines() if "uv sync" in line]

    assert syncs(_job("prod")) == syncs(WORKFLOWS["release"].jobs["production"])
    assert steps(_job("staging")) == steps(_job("prod"))  # one body (a YAML anchor)


def test_no_expression_is_expanded_inside_a_run_script() -> None:
    for name, job in ROLLBACK.jobs.items():
        for step in steps(job):
            assert "${{" not in str(step.get("run", "")), (name, step.get("name"))
        (checkout,) = uses(job, "actions/checkout")
        assert checkout["with"]["persist-credentials"] is False


def test_the_docs_send_a_staging_or_prod_rollback_to_the_workflow() -> None:
    platform = " ".join((ROOT / "docs" / "platform.md").read_text().split())
    block = platform.index("slipway rollback --env staging # back to the previous revision")
    paragraph = platform[block : block + 1200]
    assert "**Rolling back staging or prod.**" in paragraph
    assert "`gh workflow run rollback.yml -f env=prod`" in paragraph
    assert "`deploy-<env>`" in paragraph
    ci = (ROOT / "docs" / "ci-release.md").read_text()
    (row,) = [line for line in ci.splitlines() if line.startswith("| `rollback.yml` |")]
    for needle in ("`slipway rollback --env <env>`", "`slipway-<env>`", "`deploy-<env>`"):
        assert needle in row, needle
    assert re.search(r"`release\.yml`\s+and `rollback\.yml` on staging's and prod's", ci)
