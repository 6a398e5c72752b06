"""The summary ``make reliability`` prints: what each check measured (``bench/reliability.json``,
written by ``tests/reliability`` when ``RELIABILITY_REPORT`` is set) and the LLM fault matrix
(``python -m bench.llm_faults`` when that module exists)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RELIABILITY = ROOT / "bench" / "reliability.json"
LLM_FAULTS = ROOT / "bench" / "llm_faults.json"


def run_llm_faults() -> dict[str, Any] | None:
    """Run the LLM fault benchmark when it exists; its JSON (or None when it does not)."""
    if importlib.util.find_spec("bench.llm_faults") is None:
        return None
    proc = subprocess.run([sys.executable, "-m", "bench.llm_faults"], cwd=ROOT, timeout=900)
    if proc.returncode != 0 or not LLM_FAULTS.exists():
        return {"error": f"python -m bench.llm_faults exited {proc.returncode}"}
    loaded: dict[str, Any] = json.loads(LLM_FAULTS.read_text())
    return loaded


def llm_rows(faults: dict[str, Any]) -> list[str]:
    timeout = faults.get("timeout_s")
    deadline = faults.get("deadline_s")
    lines = [f"LLM fault matrix (timeout {timeout} s, reply deadline {deadline} s):"]
    for row in faults.get("rows", []):
        verdict = "within deadline" if row.get("within_deadline") else "OVER DEADLINE"
        lines.append(
            f"  {row['fault']:<28} p99 {row['p99_s']:>6} s  paths {row.get('paths')}  {verdict}"
        )
    return lines


def main() -> int:
    if RELIABILITY.exists():
        figures = json.loads(RELIABILITY.read_text())
        print(f"\nreliability ({'full' if figures.get('full') else 'bounded'} run):")
        for name, value in sorted(figures.items()):
            if name != "full":
                print(f"  {name}: {json.dumps(value)}")
    else:
        print("reliability: no figures (bench/reliability.json is missing)")
    faults = run_llm_faults()
    if faults is None:
        print("LLM fault matrix: bench.llm_faults is not available")
    elif "error" in faults:
        print(f"LLM fault matrix: {faults['error']}")
        return 1
    else:
        print("\n".join(llm_rows(faults)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
