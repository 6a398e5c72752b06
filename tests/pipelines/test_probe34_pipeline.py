"""Probe 34's re-test of older findings (an independent data scientist): M1 a refused `dvc repro`
leaves data.dvc pinning the refused data and says nothing, L1 the leakage check does not fold
punctuation ("?!" added, "¿…..."), L6 `dvc metrics diff` cannot read the ranker's metrics at
HEAD (reports/ is git-ignored), L10 `kill -HUP` to `slipway mlflow ui` leaves uvicorn and the
job runner serving the port."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipelines.data import leak_key
from pipelines.errors import ValidationFailed
from pipelines.intent.validate import KNOWN_NEAR_DUPLICATES, validate
from tests.conftest import ROOT, free_port

GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
}


def _copy_intents(data_dir: Path, root: Path) -> Path:
    target = root / "data"
    shutil.copytree(data_dir / "intents", target / "intents")
    return target


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _append(path: Path, *rows: dict[str, Any]) -> int:
    """Append rows to a JSONL file; the line number of the first one."""
    first = len(path.read_text(encoding="utf-8").splitlines()) + 1
    with path.open("a", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return first


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args],
        cwd=root,
        env={**os.environ, **GIT_ENV},
        check=True,
        capture_output=True,
        text=True,
    ).stdout


# -- L6: `dvc metrics diff` reads every metrics file the pipeline declares at HEAD --------------
def _declared_metrics() -> list[str]:
    stages = yaml.safe_load((ROOT / "dvc.yaml").read_text())["stages"]
    return [
        next(iter(m)) if isinstance(m, dict) else m
        for stage in stages.values()
        for m in stage.get("metrics", [])
    ]


def test_every_declared_metrics_file_is_committed() -> None:
    from pipelines.kinds import KINDS
    from pipelines.settings import PipelineSettings

    declared = _declared_metrics()
    assert set(declared) == {"metrics.json", "ranker_metrics.json"}
    s = PipelineSettings()
    assert {str(k.metrics_file(s)) for k in KINDS} == set(declared)
    for path in declared:
        ignored = subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT)
        assert ignored.returncode == 1, f"{path} is git-ignored: dvc metrics diff cannot read it"
        assert _git(ROOT, "ls-files", path).strip() == path


@pytest.mark.slow
def test_dvc_metrics_diff_compares_head_with_the_workspace(tmp_path: Path) -> None:
    """The probe's command in a copy with the project's dvc.yaml and .gitignore: no "failed to
    load some metrics" and a HEAD value for every metrics file."""
    env = {**os.environ, **GIT_ENV, "DVC_NO_ANALYTICS": "1"}
    for name in ("dvc.yaml", ".gitignore"):
        shutil.copy(ROOT / name, tmp_path / name)
    declared = _declared_metrics()
    for path in declared:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(json.dumps({"score": 0.5}))
    _git(tmp_path, "init", "-q")
    dvc = str(ROOT / ".venv" / "bin" / "dvc")
    subprocess.run([dvc, "init", "-q"], cwd=tmp_path, env=env, check=True)
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "metrics")
    for path in declared:
        (tmp_path / path).write_text(json.dumps({"score": 0.75}))
    proc = subprocess.run(
        [dvc, "metrics", "diff", "--json"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert "failed to load" not in proc.stdout + proc.stderr
    diff = json.loads(proc.stdout)
    for path in declared:
        assert diff[path]["score"]["old"] == 0.5, (path, diff)
        assert diff[path]["score"]["new"] == 0.75


