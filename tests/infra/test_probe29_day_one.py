"""Probe 29: the runners register; day one runs as the right identity, in the right account.

- N-H1: the scale sets registered with the repository (`githubConfigUrl: .../<org>/<repo>`) but
  named an organization's runner group, which GitHub finds only for an organization-level scale
  set: no listener started. Now they register with the organization, the App is documented with
  the organization permission "Self-hosted runners", and day one creates the groups before the
  apply that installs the scale sets. The walk's fake GitHub refuses the old configuration.
- N-H2: day one's kubectl ran as the account administrator, who has no access entry; the
  kubeconfig now names the apply role's profile (the cluster's creator), and the walk
  (tests/test_runbook.py) checks the identity of every kubectl call.
- N-M6: "steps 2-7 with ENV=prod" ran dev's lines in prod's account; those lines are now in
  blocks prod skips, and the walk runs prod's path.
- N-L1: the apply role has no STS. N-L4: environments with reviewers set prevent_self_review.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from infra.spec import load_spec
from tests.conftest import ROOT
from tests.runbook_walk import (
    PROD_SKIPS,
    _gh_api,
    _register_scale_sets,
    commands,
    prod_blocks,
    steps,
)

RUNBOOK = (ROOT / "docs" / "day-one.md").read_text()
CI_RELEASE = (ROOT / "docs" / "ci-release.md").read_text()
ENVS = ("dev", "staging", "prod")


def _rendered(env: str) -> dict:  # type: ignore[type-arg]
    return dict(json.loads((ROOT / "terraform" / env / "cdk.tf.json").read_text()))


def _scale_set_values(rendered: dict) -> dict:  # type: ignore[type-arg]
    release = rendered["resource"]["helm_release"]["arc-runner-scale-set"]
    values: dict = {}  # type: ignore[type-arg]
    for document in release["values"]:
        values.update(json.loads(document))
    return values


@pytest.fixture
def walk_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    log = tmp_path / "calls.jsonl"
    monkeypatch.setenv("RUNBOOK_LOG", str(log))
    monkeypatch.chdir(ROOT)  # the stand-ins read terraform/<env>/cdk.tf.json
    return log


# -- N-H1 -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("env", ENVS)
def test_each_scale_set_registers_with_the_organization_in_its_own_group(env: str) -> None:
    spec = load_spec(env)
    values = _scale_set_values(_rendered(env))
    assert values["githubConfigUrl"] == f"https://github.com/{spec.github.org}"
    assert values["runnerGroup"] == f"slipway-{env}"


@pytest.mark.parametrize("env", ENVS)
def test_the_fake_github_finds_no_group_for_a_repository_level_scale_set(
    env: str, walk_log: Path
) -> None:
    spec = load_spec(env)
    rendered = _rendered(env)
    walk_log.with_name("runner-groups").write_text(f"slipway-{env}\n")
    _register_scale_sets(rendered)  # the organization's URL, the group made: registered
    old = copy.deepcopy(rendered)
    release = old["resource"]["helm_release"]["arc-runner-scale-set"]
    values = _scale_set_values(old)
    values["githubConfigUrl"] = f"https://github.com/{spec.github.org}/{spec.github.repo}"
    release["values"] = [json.dumps(values)]
    with pytest.raises(SystemExit):
        _register_scale_sets(old)


def test_the_fake_github_finds_no_group_before_day_one_made_it(walk_log: Path) -> None:
    with pytest.raises(SystemExit):
        _register_scale_sets(_rendered("staging"))


def test_day_one_creates_the_runner_groups_before_the_apply_that_installs_the_scale_sets() -> None:
    lines = commands()
    group = max(i for i, line in enumerate(lines) if "/actions/runner-groups" in line)
    full_applies = [
        i
        for i, line in enumerate(lines)
        if re.search(r"terraform -chdir=\S+ apply$", line) and "-target" not in line
    ]
    assert full_applies
    assert group < min(full_applies)


def test_the_runners_github_app_is_the_organizations_with_self_hosted_runners() -> None:
    for text in (RUNBOOK, CI_RELEASE):
        flat = " ".join(text.split())
        assert "*Self-hosted runners: Read and write*" in flat
        assert "*Metadata: Read-only*" in flat
        assert "*Only select repositories*: this repository" in flat
        assert "githubConfigUrl: https://github.com/<org>" in flat
    assert "Administration: read and write) is installed on this repository alone" not in (
        " ".join(CI_RELEASE.split())
    )


# -- N-H2 -----------------------------------------------------------------------------------------
def test_the_kubeconfig_runs_kubectl_as_the_clusters_creator() -> None:
    (line,) = [line for line in commands() if line.startswith("aws eks update-kubeconfig")]
    assert line.endswith('--profile "slipway-$ENV-terraform"')
    kubectl = [i for i, line in enumerate(commands()) if line.startswith("kubectl")]
    assert commands().index(line) < min(kubectl)


# -- N-M6 -----------------------------------------------------------------------------------------
DEV_LINE = re.compile(r"\bdev\b|slipway-dev|_DEV\b|DEV_")


def test_prods_path_runs_no_line_of_devs() -> None:
    prod = "\n".join(prod_blocks())
    assert 'slipway infra bootstrap --env "$ENV"' in prod
    assert 'terraform -chdir="terraform/$ENV" apply' in prod
    assert "kubectl apply --server-side" in prod
    offending = [line for line in prod.splitlines() if DEV_LINE.search(line)]
    assert not offending, offending


def test_every_dev_line_is_in_a_block_prod_skips() -> None:
    for number, block in steps():
        if not 2 <= number <= 7:
            continue
        skipped = PROD_SKIPS in block.split("\n", 1)[0]
        for line in block.splitlines():
            if DEV_LINE.search(line) and not line.startswith("#"):
                assert skipped, (number, line)


def test_the_runbook_tells_prod_which_blocks_to_skip() -> None:
    flat = " ".join(RUNBOOK.split())
    assert "skips every block marked *staging's account only*" in flat
    assert sum(PROD_SKIPS in block for block in (b for _, b in steps())) >= 5


# -- N-L1, N-L4 -----------------------------------------------------------------------------------
def test_day_one_does_not_give_the_apply_role_sts() -> None:
    flat = " ".join(RUNBOOK.split())
    assert "DynamoDB for the state lock, STS" not in flat
    assert "no STS" in flat


def test_environments_with_reviewers_prevent_self_review() -> None:
    reviewed = [line for line in commands() if "reviewers[][id]" in line]
    assert len(reviewed) == 3  # $ENV, $ENV-infra (review 165, X-M1) and promotion
    for line in reviewed:
        assert "-F prevent_self_review=true" in line


def test_the_fake_github_refuses_reviewers_who_may_approve_their_own_runs(walk_log: Path) -> None:
    specs = [load_spec(env) for env in ENVS]
    path = "repos/example-org/slipway/environments/staging"
    reviewer = ["-f", "reviewers[][type]=Team", "-F", "reviewers[][id]=42"]
    policy = [
        "-F",
        "deployment_branch_policy[protected_branches]=false",
        "-F",
        "deployment_branch_policy[custom_branch_policies]=true",
    ]
    with pytest.raises(SystemExit):
        _gh_api(["--method", "PUT", path, *policy, *reviewer], specs, {"staging"})
    _gh_api(
        ["--method", "PUT", path, *policy, *reviewer, "-F", "prevent_self_review=true"],
        specs,
        {"staging"},
    )
    assert "staging" in walk_log.with_name("environments-reviewed").read_text().split()
