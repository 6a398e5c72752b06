"""Probe 32: the runners' repository, the pin pull request and the runners' alerts.

- R-L2: every runner build is tagged `runner-*` (a new tag each week), and the lifecycle never
  expired `runner-*`: the repository kept every weekly build for ten years. Now the signatures
  (`sha256-*`) are kept, the last `keep_images` builds are kept and the older expire.
- R-L3: the pin pull request is opened with `SLIPWAY_BOT_TOKEN` when set; without it (the
  workflow's own token) no pull_request workflow runs on it, which the run and the docs say.
- R-L4: an alert when the ARC listener is absent or down (no series for
  SlipwayRunnersNotRegistering then), and the PodMonitor keeps the metrics' own `namespace`
  (honorLabels), the runners' namespace the alert and its promtool test name.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import subprocess
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from infra.platform import build_platform
from infra.platform.builder import ARC_RUNNERS_NAMESPACE, arc_listener_pod_monitor
from infra.platform.model import RUNNER_TAGS
from infra.spec import load_spec
from tests.conftest import ROOT
from tests.delivery.workflows import load_workflows, step_index, steps
from tests.infra.infra_helpers import Rendering

WORKFLOWS = load_workflows()
DOCS = (ROOT / "docs" / "ci-release.md").read_text()


# -- R-L2 ----------------------------------------------------------------------------------------
def _expired(policy: dict[str, Any], images: list[dict[str, Any]], now: datetime) -> set[str]:
    """The digests ECR's lifecycle expires: rules by priority; an image a rule selects is never
    evaluated by a rule of lower priority (kept or expired, it is that rule's)."""
    expired: set[str] = set()
    taken: set[str] = set()
    for rule in sorted(policy["rules"], key=lambda r: r["rulePriority"]):
        sel = rule["selection"]

        def selects(image: dict[str, Any], sel: dict[str, Any] = sel) -> bool:
            if sel["tagStatus"] == "any":
                return True
            if sel["tagStatus"] == "untagged":
                return not image["tags"]
            return all(
                any(fnmatch.fnmatchcase(t, p) for t in image["tags"]) for p in sel["tagPatternList"]
            )

        chosen = [i for i in images if i["digest"] not in taken and selects(i)]
        taken |= {i["digest"] for i in chosen}
        if sel["countType"] == "imageCountMoreThan":
            chosen.sort(key=lambda i: i["pushed"], reverse=True)
            expired |= {i["digest"] for i in chosen[sel["countNumber"] :]}
        else:
            assert sel["countUnit"] == "days"
            limit = now - timedelta(days=sel["countNumber"])
            expired |= {i["digest"] for i in chosen if i["pushed"] < limit}
    return expired


def _weekly_builds(weeks: int, start: datetime) -> list[dict[str, Any]]:
    """runner-image.yml's weekly builds, each with its cosign signature."""
    images = []
    for week in range(weeks):
        pushed = start + timedelta(weeks=week)
        digest = f"{week:064x}"
        tag = f"runner-2.330.0-0c5d6f7cd00e-{pushed:%Y%m%dT%H%M%SZ}"
        images.append({"digest": digest, "tags": [tag], "pushed": pushed})
        sig = {"digest": f"s{week:063x}", "tags": [f"sha256-{digest}.sig"], "pushed": pushed}
        images.append(sig)
    return images


def _runner_lifecycle(rendering: Rendering) -> dict[str, Any]:
    policy = rendering.get("aws_ecr_lifecycle_policy", "runner-registry-lifecycle")["policy"]
    loaded: dict[str, Any] = json.loads(policy)
    return loaded


def test_the_runner_repository_expires_old_weekly_builds_but_keeps_the_pinned_one(
    rendering: Rendering,
) -> None:
    keep = load_spec(rendering.env).registry.keep_images
    policy = _runner_lifecycle(rendering)
    start = datetime(2026, 1, 5, 5, 23)
    weeks = keep + 3 * 52  # three years of weekly builds after the first `keep`
    images = _weekly_builds(weeks, start)
    now = start + timedelta(weeks=weeks)
    expired = _expired(policy, images, now)
    builds = [i for i in images if i["tags"][0].startswith("runner-")]
    kept = [i for i in builds if i["digest"] not in expired]
    # storage is bounded: the last `keep` builds, no more (before: every build, for ten years)
    assert kept == builds[-keep:], (rendering.engine, rendering.env, len(kept))
    # the pinned build (the last pin pull request merged, even `keep - 1` builds ago) stays, and
    # so does every signature: infra.yml verifies the pinned image's before an apply
    assert builds[-keep]["digest"] not in expired
    signatures = [i for i in images if i["tags"][0].startswith("sha256-")]
    assert not expired & {i["digest"] for i in signatures}
    # an untagged or other image still falls under the count of the last rule
    rules = sorted(policy["rules"], key=lambda r: r["rulePriority"])
    assert rules[-1]["selection"]["tagStatus"] == "any"
    counted = [r for r in rules if r["selection"].get("tagPatternList") == [RUNNER_TAGS]]
    assert [r["selection"]["countType"] for r in counted] == ["imageCountMoreThan"]


@pytest.mark.parametrize("env", ["dev", "staging", "prod"])
def test_the_checked_in_stack_renders_that_lifecycle(env: str) -> None:
    doc = json.loads((ROOT / "terraform" / env / "cdk.tf.json").read_text())
    policy = json.loads(
        doc["resource"]["aws_ecr_lifecycle_policy"]["runner-registry-lifecycle"]["policy"]
    )
    assert policy == build_platform(load_spec(env)).runner_registry.lifecycle_policy()
    assert not [
        r
        for r in policy["rules"]
        if RUNNER_TAGS in r["selection"].get("tagPatternList", [])
        and r["selection"]["countType"] == "sinceImagePushed"
    ], "runner-* must not be kept for ever"


def test_the_docs_say_how_long_a_runner_build_is_kept() -> None:
    assert "every `runner-*` tag" not in DOCS
    assert "every `runner-*` tag" not in (ROOT / "docs" / "day-one.md").read_text()
    assert re.search(r"last `registry\.keep_images` `runner-\*` builds", DOCS)


# -- R-L3 ----------------------------------------------------------------------------------------
def _pr_job() -> dict[str, Any]:
    return WORKFLOWS["runner-image"].jobs["pull-request"]


def test_the_pin_pull_request_is_opened_with_the_bot_token_like_the_other_pull_requests() -> None:
    def token(workflow: str) -> set[str]:
        return {
            s["with"]["token"]
            for job in WORKFLOWS[workflow].jobs.values()
            for s in steps(job)
            if "create-pull-request" in s.get("uses", "")
        }

    assert token("runner-image") == {"${{ secrets.SLIPWAY_BOT_TOKEN || github.token }}"}
    assert token("runner-image") == token("promote") == token("train")


@pytest.mark.parametrize("has_bot_token", [True, False])
def test_without_the_bot_token_the_run_warns_and_the_pull_request_says_its_checks_did_not_run(
    tmp_path: Path, has_bot_token: bool
) -> None:
    job = _pr_job()
    index = step_index(job, lambda s: "SLIPWAY_BOT_TOKEN" in s.get("name", ""))
    step = steps(job)[index]
    # before the pull request is opened, from pr-body.md, which it appends to
    opened = step_index(job, lambda s: "create-pull-request" in s.get("uses", ""))
    assert index < opened
    assert step["env"]["HAS_BOT_TOKEN"] == "${{ secrets.SLIPWAY_BOT_TOKEN != '' }}"
    (tmp_path / "pr-body.md").write_text(
        "The runners' image `runner-2.330.0-abc-20260413T052300Z`\n"
    )
    done = subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=tmp_path,
        env={"PATH": os.environ["PATH"], "HAS_BOT_TOKEN": str(has_bot_token).lower()},
        capture_output=True,
        text=True,
        check=True,
    )
    body = (tmp_path / "pr-body.md").read_text()
    if has_bot_token:
        assert done.stdout == ""
        assert body.count("\n") == 1
    else:
        assert done.stdout.startswith("::warning::SLIPWAY_BOT_TOKEN is not set")
        assert "infra.yml's drift and validate checks have not run" in body
        assert "Close and reopen this pull request" in body


def test_the_docs_say_what_the_workflow_token_cannot_do() -> None:
    text = " ".join(DOCS.split())
    assert "Allow GitHub Actions to create and approve pull requests" in text
    assert (
        "`infra.yml` (its drift check and `slipway infra validate`) on `runner-image.yml`'s pin"
        in text
    )
    assert "cannot be merged until someone closes and reopens it" in text


# -- R-L4 ----------------------------------------------------------------------------------------
RULES = yaml.safe_load((ROOT / "infra/monitoring/rules/slipway.rules.yml").read_text())
ALERTS = {r["alert"]: r for g in RULES["groups"] for r in g["rules"] if "alert" in r}


def test_an_alert_fires_when_the_listener_or_the_controller_is_down() -> None:
    rule = ALERTS["SlipwayRunnerListenerDown"]
    expr = " ".join(rule["expr"].split())
    # no listener target up: absent (no pod, no target) or scraped down
    assert 'absent(up{job=~".*/arc-listeners"} == 1)' in expr
    assert "kube_deployment_status_replicas_available" in expr
    assert "gha-rs-controller" in expr
    assert rule["labels"]["severity"] == "critical"
    assert rule["annotations"]["runbook_url"].endswith("docs/platform.md#slipwayrunnerlistenerdown")
    assert "#### SlipwayRunnerListenerDown" in (ROOT / "docs" / "platform.md").read_text()
    # promtool runs these (tests/delivery/test_monitoring.py), firing and quiet
    tested = yaml.safe_load((ROOT / "infra/monitoring/tests/runners.test.yml").read_text())
    checks = [
        c
        for t in tested["tests"]
        for c in t.get("alert_rule_test", [])
        if c["alertname"] == "SlipwayRunnerListenerDown"
    ]
    assert len([c for c in checks if c["exp_alerts"]]) >= 3  # absent, down, controller
    assert [c for c in checks if not c["exp_alerts"]]
    # the PodMonitor scrapes the job that expression names: `<namespace>/<name>`
    monitor = arc_listener_pod_monitor()
    job = f"{monitor['metadata']['namespace']}/{monitor['metadata']['name']}"
    assert re.fullmatch(".*/arc-listeners", job)


def test_the_pod_monitor_keeps_the_runners_namespace_the_alerts_name() -> None:
    (endpoint,) = arc_listener_pod_monitor()["spec"]["podMetricsEndpoints"]
    # without it the target's namespace (arc-systems) replaces the gauges' own (arc-runners)
    assert endpoint["honorLabels"] is True
    tested = yaml.safe_load((ROOT / "infra/monitoring/tests/runners.test.yml").read_text())
    (fired,) = [
        a
        for t in tested["tests"]
        for c in t.get("alert_rule_test", [])
        if c["alertname"] == "SlipwayRunnersNotRegistering"
        for a in c["exp_alerts"]
    ]
    assert fired["exp_labels"]["namespace"] == ARC_RUNNERS_NAMESPACE
    assert "by (name, namespace)" in ALERTS["SlipwayRunnersNotRegistering"]["expr"]


@pytest.mark.parametrize("env", ["dev", "staging", "prod"])
def test_the_checked_in_stack_renders_the_pod_monitor_with_honor_labels(env: str) -> None:
    text = (ROOT / "terraform" / env / "cdk.tf.json").read_text()
    assert '{\\"honorLabels\\": true, \\"path\\": \\"/metrics\\"' in text
