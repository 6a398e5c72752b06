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
import re
from datetime import datetime, timedelta
from typing import Any

import pytest
import yaml

from infra.platform import build_platform
from infra.platform.builder import ARC_RUNNERS_NAMESPACE, arc_listener_pod_monitor
from infra.platform.model import RUNNER_TAGS
from infra.spec import load_spec
from tests.conftest import ROOT
from tests.delivery.workflows import load_workflows
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
    return json.loads(policy)


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
