"""Schemathesis over the served ``/openapi.json`` with a user's token: no server error, no
response outside the documented statuses and schemas, no schema-violating input accepted.

``positive_data_acceptance`` is left out: schema-valid input is legitimately refused by rules
a schema cannot state (a meeting ending before it starts, rating a message that is not the
assistant's, an id that does not exist).

``DELETE /v1/users/me`` is left out: it erases the fuzzer's own account, after which every
other operation could only be tested for its 401 (the route has its own tests).

A second, positive-mode run loads ``st_hostile`` (Schemathesis hooks): each generated body
carries one hostile value (lone surrogate, NUL, bidi controls, calendar-edge datetimes, numbers
past 64 bits, deep nesting); it must still find no server error.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.reliability.conftest import FULL, Live
from tests.servers import BIN

# ~30 operations, all phases, 50 examples each: well over 1000 generated cases. The bounded
# run (``make test``) keeps the examples and a few fuzzed cases per operation.
MAX_EXAMPLES = 50 if FULL else 4
MIN_CASES = 1000 if FULL else 60


def run_schemathesis(
    live: Live, report: Path, *extra: str, env: dict[str, str] | None = None
) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    seed = os.environ.get("RELIABILITY_SEED", "20261125")
    cmd = [
        str(BIN / "st"),
        "run",
        f"{live.url}/openapi.json",
        "--header",
        f"Authorization: Bearer {live.tokens['fuzz']}",
        "--exclude-operation-id",
        "delete_me",
        "--checks",
        "all",
        "--exclude-checks",
        "positive_data_acceptance",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--workers",
        "2",
        "--seed",
        seed,
        "--suppress-health-check",
        "all",
        "--request-timeout",
        "30",
        "--no-color",
        "--report",
        "json",
        "--report-json-path",
        str(report),
        *extra,
    ]
    if not FULL:
        cmd += ["--phases", "examples,fuzzing"]
    proc = subprocess.run(
        cmd, capture_output=True, text=True, timeout=900, env={**os.environ, **(env or {})}
    )
    output = proc.stdout[-3000:] + proc.stderr[-3000:]
    assert report.exists(), output
    assert report.stat().st_size, output
    return proc, json.loads(report.read_text())


def summary(result: dict[str, Any]) -> dict[str, Any]:
    cases = result["test_cases"]
    return {
        "generated": cases["generated"],
        "with_failures": cases["with_failures"],
        "operations": result["operations"]["tested"],
        "failures": result["failures"],
        "errors": len(result["errors"]),
        "seconds": round(result["running_time"], 1),
        "max_examples": MAX_EXAMPLES,
    }


def test_generated_cases_find_no_server_error_and_no_schema_violation(
    live: Live, tmp_path: Path, figures: dict[str, Any]
) -> None:
    proc, result = run_schemathesis(live, tmp_path / "schemathesis.json")
    cases = result["test_cases"]
    figures["schemathesis"] = summary(result)
    assert proc.returncode == 0, proc.stdout[-6000:]
    assert result["operations"]["tested"] == result["operations"]["selected"]
    assert cases["generated"] >= MIN_CASES
    assert cases["with_failures"] == 0
    assert result["errors"] == []


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_hostile_values_in_generated_bodies_find_no_server_error(
    backend: str, tmp_path: Path, figures: dict[str, Any], request: pytest.FixtureRequest
) -> None:
    live: Live = request.getfixturevalue("live" if backend == "sqlite" else "live_pg")
    proc, result = run_schemathesis(
        live,
        tmp_path / "hostile.json",
        "--mode",
        "positive",
        env={
            "SCHEMATHESIS_HOOKS": "tests.reliability.st_hostile",
            "PYTHONPATH": str(ROOT),
            "HOSTILE_LOG": str(tmp_path / "hostile.log"),
        },
    )
    sent = (tmp_path / "hostile.log").read_text().split()
    cases = result["test_cases"]
    figures[f"schemathesis_hostile_{backend}"] = {**summary(result), "hostile_values": len(sent)}
    assert proc.returncode == 0, proc.stdout[-6000:]
    assert {"str", "int", "nested"} <= set(sent), sorted(set(sent))
    assert cases["generated"] >= MIN_CASES // 2
    assert cases["with_failures"] == 0
    assert result["errors"] == []
