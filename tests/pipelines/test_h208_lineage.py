"""Probe 37, DS-L5: on a fresh clone the first registration was tagged ``<sha>-dirty``: by the
time the register stage (or the train stage) reads git's status, ``dvc repro`` has rewritten
``dvc.lock`` for the stages before it, and ``metrics.json``. What the pipeline itself writes does
not make a commit dirty; the code, params and ``data.dvc`` it follows from still do."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from pipelines.release.lineage import git_sha

DVC_YAML = """stages:
  evaluate:
    cmd: slipway stage evaluate
    deps: [train.py]
    metrics:
      - metrics.json:
          cache: false
    plots:
      - reports/plots/confusion.csv:
          cache: false
  evaluate_ranker:
    cmd: slipway stage evaluate-ranker
    metrics:
      - ranker_metrics.json:
          cache: false
"""


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    root = tmp_path / "a clone"
    (root / "models").mkdir(parents=True)
    files = {
        "dvc.yaml": DVC_YAML,
        "dvc.lock": "schema: '2.0'\n",
        "metrics.json": '{"macro_f1": 0.9}\n',
        "ranker_metrics.json": '{"ndcg_at_3": 0.5}\n',
        "models/release.yaml": "model_version: 1\n",
        "params.yaml": "train:\n  C: 1.0\n",
        "data.dvc": "outs:\n- md5: 4f356a9d.dir\n",
        "train.py": "print('train')\n",
    }
    for name, text in files.items():
        (root / name).write_text(text)
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "init")
    return root


def test_the_pipelines_own_files_are_not_dirt(clone: Path) -> None:
    sha = _git(clone, "rev-parse", "HEAD")
    assert git_sha(clone) == sha
    # what `dvc repro` rewrites before the register stage runs: still the commit
    (clone / "dvc.lock").write_text("schema: '2.0'\nstages: {}\n")
    (clone / "metrics.json").write_text('{"macro_f1": 0.91}\n')
    (clone / "ranker_metrics.json").write_text('{"ndcg_at_3": 0.6}\n')
    (clone / "models" / "release.yaml").write_text("model_version: 2\n")
    assert git_sha(clone) == sha
    assert git_sha(clone / "models") == sha  # from a subfolder too


@pytest.mark.parametrize("edited", ["train.py", "params.yaml", "data.dvc", "dvc.yaml"])
def test_code_params_and_data_still_are(clone: Path, edited: str) -> None:
    sha = _git(clone, "rev-parse", "HEAD")
    (clone / "dvc.lock").write_text("schema: '2.0'\nstages: {}\n")
    with (clone / edited).open("a") as fh:
        fh.write("# changed\n")
    assert git_sha(clone) == f"{sha}-dirty"


def test_the_outputs_are_read_from_dvc_yaml(clone: Path, tmp_path: Path) -> None:
    from pipelines.release.lineage import pipeline_outputs

    assert pipeline_outputs(clone) == [
        "dvc.lock",
        "metrics.json",
        "models/release.yaml",
        "ranker_metrics.json",
        "reports/plots/confusion.csv",
    ]
    assert pipeline_outputs(tmp_path) == ["dvc.lock", "models/release.yaml"]  # no dvc.yaml
    assert git_sha(tmp_path) == ""  # outside git
