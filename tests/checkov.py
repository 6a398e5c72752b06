"""checkov from its own venv (``make`` builds ``.venv-checkov``; its pins clash with ours)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.conftest import ROOT, require

CHECKOV = ROOT / ".venv-checkov" / "bin" / "checkov"


def checkov_scan(config: Path, directory: Path) -> tuple[list[tuple[str, str, str]], int, int]:
    """(failed checks as (id, resource, file), number passed, exit code) of one scan."""
    require(CHECKOV.exists(), "run `make checkov` to create .venv-checkov")
    done = subprocess.run(
        [str(CHECKOV), "--config-file", str(config), "-d", str(directory), "-o", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    report = json.loads(done.stdout)
    reports = report if isinstance(report, list) else [report]
    failed = [
        (f["check_id"], f["resource"], f["file_path"])
        for r in reports
        for f in r["results"]["failed_checks"]
    ]
    return failed, sum(r["summary"]["passed"] for r in reports), done.returncode
