"""Probe 39, O-M2: a SIGHUP stopped serving for ~7 s while the new workers imported the app's
code (most of a worker's boot). gunicorn's master now imports it before it forks
(``app.factory.import_serving_code``, called in ``when_ready``), and a worker only builds the
app. This checks that the list is whole: building the app after it imports none of the app's
own modules (a module missing from the list would load in every worker again)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PROBE = """
import json, sys
from app.factory import import_serving_code
import_serving_code()
before = set(sys.modules)
from app import create_app
from app.settings import AppSettings
create_app(AppSettings(database_url="sqlite:///" + sys.argv[1]))
new = set(sys.modules) - before
print(json.dumps(sorted(m for m in new if m.split(".")[0] in ("app", "models"))))
"""


@pytest.mark.slow  # a fresh interpreter imports the app
def test_building_the_app_after_the_masters_imports_imports_none_of_its_code(
    tmp_path: Path,
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "assistant.db")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_the_master_imports_the_code_before_the_time_readers_freeze() -> None:
    conf = (ROOT / "app" / "gunicorn.conf.py").read_text()
    ready = conf[conf.index("def when_ready") :]
    assert ready.index("import_serving_code()") < ready.index("load_time_reader()")
