"""How long CI's AWS credentials last, and how Terraform waits for the state lock, in the
workflows (review 165, X-M2 and X-L1).

- Every job's credentials outlast the job: ``role-duration-seconds`` (1 h when unset, the OIDC
  default of configure-aws-credentials) is at least the job's ``timeout-minutes`` (the
  credentials are static: an apply that outlives them fails with ExpiredToken, and so does its
  unlock, leaving the state lock held), and at most what the role allows (IAM refuses a longer
  session): the apply role's ``MaxSessionDuration``, which ``slipway infra bootstrap`` sets, or
  the rendered roles' (1 h unless the platform sets ``max_session_duration``).
- Every Terraform command that takes the state's lock waits for it (``-lock-timeout``) instead
  of failing at once when another run holds it.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from infra.bootstrap import APPLY_SESSION_SECONDS
from infra.spec import ENVIRONMENTS
from tests.conftest import ROOT
from tests.delivery.workflows import load_workflows, steps, uses

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


# --- the state lock ------------------------------------------------------------------------------

#: Terraform commands that take the state's lock (``state`` only with these subcommands).
LOCKING = {"plan", "apply", "destroy", "import", "refresh", "taint", "untaint", "console"}
LOCKING_STATE = {"mv", "rm", "push", "replace-provider"}
#: A command at command position: a line's start, or after a pipe, ``;``, ``&&``, ``||``,
#: ``$(``, ``!``, ``then``, ``do`` (not a word in an ``echo``'s text), environment
#: assignments allowed before it.
COMMAND = re.compile(
    r"(?:^|[|;&]|\$\(|!|\bthen\b|\bdo\b)\s*(?:[A-Za-z_][A-Za-z0-9_]*=\S+\s+)*"
    r"(?:terraform|tofu)(?P<chdir>\s+-chdir=(?:\"[^\"]*\"|\S+))?\s+(?P<command>[a-z-]+)"
    r"(?P<rest>[^\n]*)",
    re.MULTILINE,
)


def terraform_commands(script: str) -> list[tuple[str, str, str]]:
    """``(chdir, command, the rest of the line)`` of each Terraform command of a shell script,
    continuation lines joined, comments left out."""
    script = script.replace("\\\n", " ")
    script = "\n".join(line for line in script.splitlines() if not line.lstrip().startswith("#"))
    return [
        ((m.group("chdir") or "").strip(), m.group("command"), m.group("rest"))
        for m in COMMAND.finditer(script)
    ]


def takes_the_lock(chdir: str, command: str, rest: str) -> bool:
    if "mktemp" in chdir:  # a fresh folder: no backend, no state (terraform console as jq)
        return False
    if "-lock=false" in rest:
        return False
    if command == "state":
        return rest.split()[0] in LOCKING_STATE if rest.split() else False
    return command in LOCKING


def _locking_commands() -> list[tuple[str, str]]:
    found = []
    for w in WORKFLOWS.values():
        for name, job in w.jobs.items():
            for step in steps(job):
                for chdir, command, rest in terraform_commands(str(step.get("run", ""))):
                    if takes_the_lock(chdir, command, rest):
                        found.append((f"{w.name}:{name}", f"terraform {command}{rest}"))
    return found


def test_the_parser_finds_commands_not_words() -> None:
    script = (
        "terraform init -input=false\n"
        'echo "::error::set it (terraform output github_plan_role_arn)"\n'
        "terraform plan -input=false -lock=true \\\n  -lock-timeout=15m -out=tfplan > plan.log\n"
        '# terraform apply in a comment\n'
        'x="$(echo 1 | terraform -chdir="$(mktemp -d)" console)"\n'
        'AWS_PROFILE=p terraform -chdir=terraform/dev apply tfplan\n'
        "if ! terraform state rm aws_x.y; then exit 1; fi\n"
    )  # fmt: skip
    found = terraform_commands(script)
    assert [c for _, c, _ in found] == ["init", "plan", "console", "apply", "state"]
    locking = [c for c in found if takes_the_lock(*c)]
    assert [c for _, c, _ in locking] == ["plan", "apply", "state"]


def test_every_command_that_takes_the_state_lock_waits_for_it() -> None:
    """X-L1 (review 165): an apply started while a plan of the next push holds the lock failed
    at once (PreconditionFailed on the lock file); it waits as the plans do."""
    found = _locking_commands()
    commands = {text.split()[1] for _, text in found}
    assert {"plan", "apply"} <= commands, found  # not vacuous
    for where, text in found:
        match = re.search(r"-lock-timeout=(\d+)(s|m|h)\b", text)
        assert match, f"{where}: {text.strip()} takes the state lock with no -lock-timeout"
        assert int(match.group(1)) > 0, f"{where}: {text.strip()} waits for no lock"
