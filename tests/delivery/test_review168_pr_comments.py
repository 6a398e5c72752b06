"""Review 168, D-L2: each workflow updates its own pull-request comment, found by its marker.

`train.yml` and `infra.yml` both comment as github-actions[bot] and updated the comment with
`gh pr comment --edit-last`: on a pull request that touches both the pipeline and `infra/`,
each overwrote the other's report. Now each looks up the bot's comment that starts with its own
marker and PATCHes that one, or posts a new one. The steps run here against a stand-in `gh` that
serves a pull request's comments in two pages.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.delivery.workflows import load_workflows, steps

WORKFLOWS = load_workflows()
BOT = "github-actions[bot]"
TRAIN_MARKER = "<!-- slipway-train-report -->"
PLAN_MARKER = "<!-- slipway-terraform-plan -->"
FAKE_GH = """#!/usr/bin/env python3
import json, os, sys
args = sys.argv[1:]
log = open(os.environ["GH_LOG"], "a")
if args[:2] == ["api", "--paginate"]:
    assert args[2] == "repos/o/r/issues/7/comments", args
    for page in json.loads(open(os.environ["GH_PAGES"]).read()):
        print(json.dumps(page))
elif args[:3] == ["api", "--method", "PATCH"]:
    field = args[5]
    assert field.startswith("body=@"), args
    log.write(json.dumps(["PATCH", args[3], open(field[6:]).read()]) + "\\n")
elif args[:2] == ["pr", "comment"]:
    body = open(args[args.index("--body-file") + 1]).read()
    log.write(json.dumps(["POST", args[2], body]) + "\\n")
else:
    sys.exit("gh stand-in: unexpected " + " ".join(args))
"""


def _comment(id_: int, login: str, body: str) -> dict[str, Any]:
    return {"id": id_, "user": {"login": login}, "body": body}


PAGES = [
    [
        _comment(1, BOT, f"{TRAIN_MARKER}\n### Model report (old)"),
        _comment(2, BOT, f"{PLAN_MARKER}\n### terraform plan"),
        _comment(3, "alice", f"{PLAN_MARKER} quoted by a person"),
    ],
    [
        _comment(4, BOT, f"{TRAIN_MARKER}\n### Model report"),
        _comment(5, BOT, "another bot comment"),
    ],
]


def _step(workflow: str) -> dict[str, Any]:
    (step,) = [s for s in steps(WORKFLOWS[workflow].jobs["comment"]) if "run" in s]
    return step


def _run(tmp_path: Path, workflow: str, pages: list[list[dict[str, Any]]]) -> list[list[str]]:
    step = _step(workflow)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").write_text(FAKE_GH)
    (bin_dir / "gh").chmod(0o755)
    (tmp_path / "pages.json").write_text(json.dumps(pages))
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "pr-comment.md").write_text(f"{TRAIN_MARKER}\n### Model report new\n")
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "dev.md").write_text("<b>dev</b>: valid\n")
    env = {
        **{k: v for k, v in step["env"].items() if "${{" not in v},
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "PR": "7",
        "REPO": "o/r",
        "GH_LOG": str(tmp_path / "gh.log"),
        "GH_PAGES": str(tmp_path / "pages.json"),
    }
    subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=env, check=True, timeout=30)
    return [json.loads(line) for line in (tmp_path / "gh.log").read_text().splitlines()]


def test_no_workflow_edits_the_last_comment_of_the_bot() -> None:
    for workflow in WORKFLOWS.values():
        assert "--edit-last" not in workflow.text, workflow.name


def test_each_marker_is_the_first_line_of_its_comment() -> None:
    assert _step("train")["env"]["MARKER"] == TRAIN_MARKER
    assert _step("infra")["env"]["MARKER"] == PLAN_MARKER
    body = "\n".join(str(s.get("run", "")) for s in steps(WORKFLOWS["train"].jobs["train"]))
    assert f'echo "{TRAIN_MARKER}"' in body  # what train's comment body starts with


@pytest.mark.parametrize(("workflow", "expected"), [("train", 4), ("infra", 2)])
def test_each_workflow_updates_its_own_comment(
    tmp_path: Path, workflow: str, expected: int
) -> None:
    calls = _run(tmp_path, workflow, PAGES)
    assert len(calls) == 1, calls
    method, target, body = calls[0]
    assert (method, target) == ("PATCH", f"repos/o/r/issues/comments/{expected}")
    assert body.startswith(TRAIN_MARKER if workflow == "train" else PLAN_MARKER)


@pytest.mark.parametrize("workflow", ["train", "infra"])
def test_without_its_comment_a_new_one_is_posted(tmp_path: Path, workflow: str) -> None:
    others = [[c for c in PAGES[0] if c["user"]["login"] != BOT]]
    calls = _run(tmp_path, workflow, others)
    assert [c[:2] for c in calls] == [["POST", "7"]]
