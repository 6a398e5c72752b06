"""Where a model came from: the git commit and the pinned data version."""

from __future__ import annotations

import subprocess
from pathlib import Path


def git_sha(cwd: Path | None = None) -> str:
    """The current commit, with ``-dirty`` when tracked files differ from it; "" outside git."""
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=cwd, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""
    return f"{sha}-dirty" if dirty else sha
