"""Where a model came from: the git commit and the pinned data version."""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

#: What the pipeline itself rewrites in git's tracked files while it runs, besides the outputs
#: dvc.yaml declares: DVC's lock (rewritten after every stage) and the release pin.
WRITTEN_BY_THE_PIPELINE = ("dvc.lock", "models/release.yaml")


def pipeline_outputs(root: Path) -> list[str]:
    """The files ``dvc repro`` writes under ``root``: every stage's outs, metrics and plots in
    ``dvc.yaml``, DVC's lock and the release pin."""
    try:
        stages = (yaml.safe_load((root / "dvc.yaml").read_text()) or {}).get("stages") or {}
    except (OSError, yaml.YAMLError):
        stages = {}
    found = set(WRITTEN_BY_THE_PIPELINE)
    for stage in stages.values():
        for key in ("outs", "metrics", "plots"):
            for out in (stage or {}).get(key) or []:
                found.update(out if isinstance(out, dict) else [out])
    return sorted(str(path) for path in found)


def git_sha(cwd: Path | None = None) -> str:
    """The current commit, with ``-dirty`` when tracked files differ from it; "" outside git.

    What the pipeline writes as it runs (:func:`pipeline_outputs`: ``dvc.lock``, the metrics
    files, the release pin) does not count: by the time a stage is tagged, ``dvc repro`` has
    rewritten ``dvc.lock`` for the stages before it, so every run of a fresh clone was
    ``-dirty`` (probe 37, DS-L5). Those files follow from the commit's code, params and
    ``data.dvc``, which still count."""
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel", "HEAD"],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
        root, sha = Path(top[0]), top[1]
        excluded = [f":(top,exclude){path}" for path in pipeline_outputs(root)]
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no", "--", ":/", *excluded],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError, IndexError):
        return ""
    return f"{sha}-dirty" if dirty else sha
