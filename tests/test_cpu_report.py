"""`-p tests.cpu_report --cpu-report DIR`: each test's CPU, its subprocesses' counted apart."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.cpu_report import main, read, report


@pytest.mark.slow  # runs a subprocess
def test_a_subprocess_s_cpu_is_counted_for_the_test_that_ran_it(tmp_path: Path) -> None:
    (tmp_path / "test_burn.py").write_text(
        "import subprocess, sys\n"
        "def test_spawns():\n"
        "    subprocess.run([sys.executable, '-c', 'sum(range(30_000_000))'], check=True)\n"
        "def test_idle():\n"
        "    pass\n"
    )
    out = tmp_path / "cpu"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "tests.cpu_report",
            "--cpu-report",
            str(out),
            "-n",
            "0",
            "--rootdir",
            str(tmp_path),
            str(tmp_path / "test_burn.py"),
        ],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    rows = {r["id"].split("::")[-1]: r for r in read(out)}
    assert set(rows) == {"test_spawns", "test_idle"}
    assert rows["test_spawns"]["children"] > 0.2
    assert rows["test_spawns"]["children"] > 5 * rows["test_spawns"]["self"]
    assert rows["test_idle"]["children"] == 0


def test_the_report_ranks_files_and_tests_by_cpu(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    rows = [
        {"id": "tests/a.py::t1", "self": 1.0, "children": 9.0, "wall": 12.0},
        {"id": "tests/a.py::t2", "self": 0.5, "children": 0.0, "wall": 0.5},
        {"id": "tests/b.py::t3", "self": 4.0, "children": 0.0, "wall": 4.0},
    ]
    text = report(rows)
    assert (
        text.splitlines()[0]
        == "3 tests: 14 s of CPU (6 s in the workers, 9 s in their subprocesses)"
    )
    files = [line.split()[-1] for line in text.split("\n\n")[1].splitlines()[1:]]
    assert files == ["tests/a.py", "tests/b.py"]
    (tmp_path / "gw0.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert main([str(tmp_path), "--top", "1"]) == 0
    printed = capsys.readouterr().out
    assert "tests/a.py::t1" in printed
    assert "tests/b.py::t3" not in printed
