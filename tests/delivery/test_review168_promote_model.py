"""Review 168, D-M5: `promote.yml` promotes (or rolls back) any registered model kind.

It could only gate and pin the intent model, so the pathway ranker had no approved path to
production. Now a `model` choice input, whose options are the kinds the pipeline registers
(`pipelines/kinds.py`), goes as `--model` to the gate, the report and the promotion; the pull
request's branch, commit and title name that kind's pin, read from its own section of
`models/release.yaml`.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipelines.kinds import KINDS
from tests.conftest import ROOT
from tests.delivery.workflows import load_workflows, steps, uses

PROMOTE = load_workflows()["promote"]
SLIPWAY_CALL = re.compile(r"\.venv/bin/slipway (promote|report)\b[^\n]*")


def _model_input() -> dict[str, Any]:
    model: dict[str, Any] = PROMOTE.on["workflow_dispatch"]["inputs"]["model"]
    return model


def test_the_model_input_offers_every_registered_kind() -> None:
    model = _model_input()
    assert model["type"] == "choice"
    assert model["options"] == [kind.model.name for kind in KINDS]
    assert model["default"] == "intent"  # what a run without a choice promoted before


def test_every_gate_report_and_promote_call_names_the_model() -> None:
    calls = 0
    for name, job in PROMOTE.jobs.items():
        for step in steps(job):
            script = str(step.get("run", ""))
            for match in SLIPWAY_CALL.finditer(script):
                calls += 1
                line = match.group(0)
                assert '--model "$MODEL"' in line or "args[@]" in line, (name, line)
                assert step["env"]["MODEL"] == "${{ inputs.model }}", (name, step.get("name"))
            if "args=(" in script:
                assert re.search(r'args=\([^)]*--model "\$MODEL"', script), (name, script)
    assert calls >= 5  # the dry run, the report, promote by version, by alias, rollback


def _body_step() -> dict[str, Any]:
    (step,) = [s for s in steps(PROMOTE.jobs["promote"]) if s.get("name") == "Pull request body"]
    return step


@pytest.mark.parametrize("kind", [k.model for k in KINDS], ids=[k.model.name for k in KINDS])
def test_the_pull_request_names_the_pin_of_the_promoted_kind(tmp_path: Path, kind: Any) -> None:
    # intent v3 and ranker v7: the body and the branch must carry the chosen kind's version
    pin = yaml.safe_load((ROOT / "models" / "release.yaml").read_text())
    pin["model_version"] = 3
    pin["ranker"]["model_version"] = 7
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "release.yaml").write_text(yaml.safe_dump(pin))
    (tmp_path / ".venv").symlink_to(ROOT / ".venv")
    expected = {"intent": ("slipway-intent", "3"), "ranker": ("slipway-ranker", "7")}
    name, version = expected[kind.name]
    done = subprocess.run(
        ["bash", "-e", "-c", _body_step()["run"]],
        cwd=tmp_path,
        env={
            "PATH": os.environ["PATH"],
            "PYTHONPATH": str(ROOT),
            "MODEL": kind.name,
            "ROLLBACK": "false",
            "ACTOR": "octocat",
            "RUN_URL": "https://github.example/run/1",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    outputs = dict(
        line.split("=", 1) for line in (tmp_path / "pr-version.txt").read_text().splitlines()
    )
    assert outputs == {"model": kind.name, "name": name, "version": version}
    body = (tmp_path / "pr-body.md").read_text()
    assert f"pins {name} v{version}, which passed every gate" in body


def test_the_branch_and_title_come_from_the_kinds_pin() -> None:
    (create,) = uses(PROMOTE.jobs["pull-request"], "peter-evans/create-pull-request")
    inputs = create["with"]
    version = "${{ steps.pin.outputs.version }}"
    name = "${{ steps.pin.outputs.name }}"
    assert inputs["branch"] == f"release/${{{{ steps.pin.outputs.model }}}}-v{version}"
    assert inputs["title"] == inputs["commit-message"] == f"release: pin {name} v{version}"
    assert "slipway-intent" not in yaml.safe_dump(PROMOTE.jobs)
