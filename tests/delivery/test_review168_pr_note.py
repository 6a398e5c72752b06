"""Review 168, D-L10: every pull request the workflows open without the bot's token says so.

A pull request opened with GITHUB_TOKEN starts no workflow, so its checks never run and a
required one holds the merge until someone closes and reopens it. `runner-image.yml` said so in
its pull request; `promote.yml` (and `train.yml`'s weekly data pull request) did not.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.delivery.workflows import load_workflows, step_index, steps

WORKFLOWS = load_workflows()
OPENERS = [("promote", "pull-request"), ("train", "open-pr"), ("runner-image", "pull-request")]


def _opener(job: dict[str, Any]) -> int:
    return step_index(job, lambda s: "create-pull-request" in str(s.get("uses", "")))


@pytest.mark.parametrize(("workflow", "job_name"), OPENERS, ids=[w for w, _ in OPENERS])
@pytest.mark.parametrize("has_bot_token", [True, False])
def test_without_the_bot_token_the_pull_request_says_its_checks_did_not_run(
    tmp_path: Path, workflow: str, job_name: str, has_bot_token: bool
) -> None:
    job = WORKFLOWS[workflow].jobs[job_name]
    opened = _opener(job)
    body_path = steps(job)[opened]["with"]["body-path"]
    note = step_index(job, lambda s: "SLIPWAY_BOT_TOKEN" in str(s.get("name", "")))
    assert note < opened
    step = steps(job)[note]
    assert step["env"]["HAS_BOT_TOKEN"] == "${{ secrets.SLIPWAY_BOT_TOKEN != '' }}"
    body = tmp_path / body_path
    body.parent.mkdir(parents=True, exist_ok=True)
    body.write_text("The body.\n")
    done = subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=tmp_path,
        env={"PATH": os.environ["PATH"], "HAS_BOT_TOKEN": str(has_bot_token).lower()},
        capture_output=True,
        text=True,
        check=True,
    )
    text = body.read_text()
    if has_bot_token:
        assert (done.stdout, text) == ("", "The body.\n")
    else:
        assert done.stdout.startswith("::warning::SLIPWAY_BOT_TOKEN is not set")
        assert "Close and reopen this pull request" in text
        assert "have not run" in text
