"""How long CI's AWS credentials last in the workflows (review 165, X-M2).

- Every job's credentials outlast the job: ``role-duration-seconds`` (1 h when unset, the OIDC
  default of configure-aws-credentials) is at least the job's ``timeout-minutes`` (the
  credentials are static: an apply that outlives them fails with ExpiredToken, and so does its
  unlock, leaving the state lock held), and at most what the role allows (IAM refuses a longer
  session): the apply role's ``MaxSessionDuration``, which ``slipway infra bootstrap`` sets, or
  the rendered roles' (1 h unless the platform sets ``max_session_duration``).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from infra.bootstrap import APPLY_SESSION_SECONDS
from infra.spec import ENVIRONMENTS
from tests.conftest import ROOT
from tests.delivery.workflows import load_workflows, uses

WORKFLOWS = load_workflows()
AWS_CREDENTIALS = "aws-actions/configure-aws-credentials"
#: The variable naming the environment's apply role (made by bootstrap, not by the stack).
APPLY_ROLE = "${{ vars.AWS_TERRAFORM_ROLE_ARN }}"
#: configure-aws-credentials' session length when ``role-duration-seconds`` is unset (OIDC).
DEFAULT_SESSION = 3600
#: IAM's default ``MaxSessionDuration`` of a role that sets none.
DEFAULT_MAX_SESSION = 3600


def _credential_steps() -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    return [
        (f"{w.name}:{name}", job, step)
        for w in WORKFLOWS.values()
        for name, job in w.jobs.items()
        for step in uses(job, AWS_CREDENTIALS)
    ]


def _rendered_max_session() -> int:
    """The shortest ``MaxSessionDuration`` of the roles the stacks render (every GitHub role a
    workflow assumes, the apply role aside)."""
    found = []
    for env in ENVIRONMENTS:
        rendered = json.loads((ROOT / "terraform" / env / "cdk.tf.json").read_text())
        for role in rendered["resource"]["aws_iam_role"].values():
            found.append(int(role.get("max_session_duration", DEFAULT_MAX_SESSION)))
    return min(found)


def test_the_workflows_assume_roles_at_all() -> None:
    """Not vacuous: the apply jobs of infra.yml assume the apply role."""
    applies = [
        where
        for where, _, step in _credential_steps()
        if step["with"]["role-to-assume"] == APPLY_ROLE
    ]
    assert applies == ["infra:apply-dev", "infra:apply-staging", "infra:apply-prod"]


@pytest.mark.parametrize(
    ("where", "job", "step"), _credential_steps(), ids=[w for w, _, _ in _credential_steps()]
)
def test_every_job_s_credentials_outlast_it_within_what_the_role_allows(
    where: str, job: dict[str, Any], step: dict[str, Any]
) -> None:
    duration = int(step["with"].get("role-duration-seconds", DEFAULT_SESSION))
    assert "timeout-minutes" in job, f"{where}: no timeout-minutes (GitHub's default is 6 h)"
    timeout = int(job["timeout-minutes"]) * 60
    assert duration >= timeout, (
        f"{where}: credentials for {duration} s, the job may run {timeout} s: a long run fails "
        "with ExpiredToken (an apply leaves the state lock held)"
    )
    allowed = (
        APPLY_SESSION_SECONDS
        if step["with"]["role-to-assume"] == APPLY_ROLE
        else _rendered_max_session()
    )
    assert duration <= allowed, (
        f"{where}: role-duration-seconds {duration} is over the role's MaxSessionDuration "
        f"{allowed}: AssumeRoleWithWebIdentity refuses it"
    )


def test_the_apply_role_allows_more_than_an_hour() -> None:
    """An apply creating or rolling node groups, or changing RDS, can outlast an hour."""
    assert 3600 < APPLY_SESSION_SECONDS <= 12 * 3600  # IAM's range is 1 to 12 h
    infra = WORKFLOWS["infra"]
    for name in ("apply-dev", "apply-staging", "apply-prod"):
        (step,) = uses(infra.jobs[name], AWS_CREDENTIALS)
        assert int(step["with"]["role-duration-seconds"]) == APPLY_SESSION_SECONDS
