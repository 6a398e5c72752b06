"""A fresh checkout's first start prints nothing of Recognizers-Text's own source.

Python warns about two of its files (``SyntaxWarning``) when it first compiles them, i.e. on a
new venv's first import; ``app.skills`` ignores exactly those. Each run compiles afresh into its
own bytecode folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def _first_import(modules: str, pycache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-W", "error::SyntaxWarning", "-c", f"import {modules}"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPYCACHEPREFIX": str(pycache)},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow  # a fresh interpreter imports the app
def test_the_time_readers_library_compiles_without_a_warning_under_the_app(
    tmp_path: Path,
) -> None:
    done = _first_import("app.skills, recognizers_date_time, recognizers_number", tmp_path / "a")
    assert done.returncode == 0, done.stderr[-2000:]
    # the library alone still warns (an error here): once it no longer does, drop the filter
    alone = _first_import("recognizers_date_time, recognizers_number", tmp_path / "b")
    assert alone.returncode != 0
    assert "SyntaxError" in alone.stderr, alone.stderr[-2000:]
