"""Review 168, D-H2: the bot's token lives in a `main`-only GitHub environment, not the repository.

A repository secret is given to every pull request's workflow: anyone who can push a branch
could print `SLIPWAY_BOT_TOKEN` and, with its *Pull requests: write*, approve their own pull
request as the bot. So the token is a secret of the environment `bot` (deployment branches
`main` only), entered by the three jobs that open the bot's pull requests and by nothing a pull
request can start; day one creates `bot` with its branch policy; `.github/CODEOWNERS` names a
team of the specs' organization, so "Require review from Code Owners" keeps the bot's approval
from sufficing.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from tests.conftest import ROOT
from tests.delivery.workflows import environment_name, load_workflows, runs_on_pull_request
from tests.runbook_walk import commands

WORKFLOWS = load_workflows()
BOT_TOKEN = re.compile(r"secrets\.SLIPWAY_BOT_TOKEN\b")
BOT_ENVIRONMENT = "bot"
DOCS = (ROOT / "docs" / "ci-release.md").read_text()
FLAT_DOCS = " ".join(DOCS.split())


def _bot_jobs() -> dict[str, dict[str, Any]]:
    return {
        f"{w.name}:{name}": job
        for w in WORKFLOWS.values()
        for name, job in w.jobs.items()
        if BOT_TOKEN.search(yaml.safe_dump(job, width=10_000))
    }


def test_only_the_three_pull_request_jobs_read_the_bot_token() -> None:
    assert set(_bot_jobs()) == {
        "promote:pull-request",
        "train:open-pr",
        "runner-image:pull-request",
    }
    for workflow in WORKFLOWS.values():
        top = {k: v for k, v in workflow.data.items() if k != "jobs"}
        assert not BOT_TOKEN.search(yaml.safe_dump(top)), f"{workflow.name}: workflow-wide"


def test_every_job_that_reads_the_bot_token_is_in_the_main_only_bot_environment() -> None:
    for name, job in _bot_jobs().items():
        workflow, job_name = name.split(":")
        assert environment_name(job) == BOT_ENVIRONMENT, name
        assert not runs_on_pull_request(WORKFLOWS[workflow], job_name), name
        assert "github.ref == 'refs/heads/main'" in str(job.get("if", "")), name


def test_the_detector_sees_a_job_level_and_a_step_level_use() -> None:
    job = {"steps": [{"with": {"token": "${{ secrets.SLIPWAY_BOT_TOKEN || github.token }}"}}]}
    assert BOT_TOKEN.search(yaml.safe_dump(job, width=10_000))
    assert not BOT_TOKEN.search(yaml.safe_dump({"env": {"T": "${{ github.token }}"}}))


def test_the_docs_put_the_token_in_bot_not_in_the_repository() -> None:
    (row,) = [line for line in DOCS.splitlines() if line.startswith(f"| `{BOT_ENVIRONMENT}` |")]
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[1] == "`main` only", row
    assert "`SLIPWAY_BOT_TOKEN`" in cells[4], row
    repository_wide = FLAT_DOCS[FLAT_DOCS.index("Repository-wide:") :]
    repository_wide = repository_wide[: repository_wide.index("variables")]
    assert "no `SLIPWAY_BOT_TOKEN`" in repository_wide
    assert "Repository-wide: secret `SLIPWAY_BOT_TOKEN`" not in FLAT_DOCS
    section = FLAT_DOCS[FLAT_DOCS.index("### Who may approve a merge") :]
    for needle in ("Require review from Code Owners", "`.github/CODEOWNERS`", "`bot`"):
        assert needle in section, needle


def test_day_one_creates_bot_with_the_main_only_branch_policy() -> None:
    lines = commands()
    environment = '"repos/$GITHUB_REPOSITORY/environments/bot'
    (put,) = [line for line in lines if f'--method PUT {environment}"' in line]
    assert "deployment_branch_policy[protected_branches]=false" in put
    assert "deployment_branch_policy[custom_branch_policies]=true" in put
    assert any(
        f'--method POST {environment}/deployment-branch-policies"' in line
        and "-f name=main" in line
        for line in lines
    )
    # the token is never set repository-wide by the runbook
    assert not any(
        line.startswith("gh secret set SLIPWAY_BOT_TOKEN") and "--env bot" not in line
        for line in lines
    )


def _owners() -> list[tuple[str, list[str]]]:
    rules = []
    for line in (ROOT / ".github" / "CODEOWNERS").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            pattern, *owners = line.split()
            rules.append((pattern, owners))
    return rules


def test_codeowners_covers_everything_with_teams_of_the_specs_organization() -> None:
    from infra.spec import available_environments, load_spec

    orgs = {load_spec(env).github.org for env in available_environments()}
    (org,) = orgs
    rules = _owners()
    assert rules[0][0] == "*", "a catch-all first: every path has an owner"
    for pattern, owners in rules:
        assert owners, pattern
        for owner in owners:
            # a team (`@org/team`), never a single account such as the bot
            assert re.fullmatch(r"@[\w.-]+/[\w.-]+", owner), (pattern, owner)
            assert owner.split("/")[0] == f"@{org}", (
                f"CODEOWNERS names {owner}, but github.org of the specs is {org}"
            )
