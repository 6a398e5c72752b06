"""Each workflow job's environment runs what the job runs (review 168, D-H1).

A job installs only some dependency groups (``uv sync --no-default-groups --group infra`` in the
prod deploy), so a module the ``slipway`` command imports that only another group brings (click,
through Flask) broke every command there, while CI, which syncs the default groups, passed.
Here each distinct ``uv sync`` of the workflows is made for real from ``uv.lock`` (uv's cache,
filled by ``make install-all``, keeps it to a second or two) and, in it:

- every ``.venv/bin/<tool>`` the job calls exists;
- every ``slipway`` command the job runs loads (``--help`` imports the whole command line);
- every module the job's inline Python (``.venv/bin/python - <<'PY'``) imports is importable.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.delivery.workflows import load_workflows, run_scripts

pytestmark = pytest.mark.slow

_SYNC = re.compile(r"\buv sync((?: +--?[a-z-]+(?: +[a-z][a-z-]*)?)*)")
_TOOL = re.compile(r"(?<![\w/.-])\.venv/bin/([A-Za-z0-9_.-]+)")
_SLIPWAY = re.compile(r"(?<![\w/.-])(?:\.venv/bin/)?slipway((?: +[a-z][a-z0-9-]*){1,2})")
_INLINE = re.compile(r"\.venv/bin/python - <<'?(\w+)'?\n(.*?)\n\s*\1\b", re.S)
_IMPORT = re.compile(r"^\s*(?:from +([\w.]+) +import|import +([\w.]+))", re.M)


def _jobs() -> list[tuple[str, str, tuple[str, ...], str]]:
    """(workflow, job, uv sync arguments, run scripts) of every job that syncs."""
    found = []
    for name, workflow in sorted(load_workflows().items()):
        for job, spec in workflow.jobs.items():
            text = run_scripts(spec)
            syncs = {tuple(shlex.split(m)) for m in _SYNC.findall(text)}
            assert len(syncs) <= 1, f"{name}/{job} syncs twice: {syncs}"
            if syncs:
                found.append((name, job, syncs.pop(), text))
    return found


JOBS = _jobs()


def test_the_jobs_are_found() -> None:
    """The parsing above sees the jobs that deploy and pin (a regex gone stale passes nothing)."""
    seen = {(w, j): args for w, j, args, _ in JOBS}
    assert seen["release", "production"] == ("--frozen", "--no-default-groups", "--group", "infra")
    assert ("runner-image", "build") in seen
    assert len(JOBS) >= 10


@cache
def _environment(args: tuple[str, ...], base: Path) -> Path:
    """The environment ``uv sync <args>`` makes from this checkout, once per argument set."""
    folder = base / ("venv-" + "-".join(a.strip("-") for a in args if a != "--frozen"))
    uv = shutil.which("uv")
    if uv is None:
        pytest.fail("uv is not on PATH (make install-all puts it there)")
    done = subprocess.run(
        [uv, "sync", *args, "--quiet"],
        cwd=ROOT,
        env={**os.environ, "UV_PROJECT_ENVIRONMENT": str(folder), "VIRTUAL_ENV": ""},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return folder


def _commands(text: str) -> list[list[str]]:
    """The ``slipway`` commands of a script, as the command line knows them (a group's
    subcommand, never the next word of the shell: ``slipway promote ...; fi``)."""
    import typer.main

    from pipelines.cli import build_app

    root = typer.main.get_command(build_app())
    found = []
    for words in {tuple(m.split()) for m in _SLIPWAY.findall(text)}:
        command = root.commands[words[0]]  # type: ignore[attr-defined]
        group = getattr(command, "commands", None)
        found.append(list(words[:2]) if group and len(words) > 1 else [words[0]])
    return sorted(found)


@pytest.fixture(scope="session")
def environments(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("job-environments")


@pytest.mark.parametrize(
    ("workflow", "job", "args", "text"), JOBS, ids=[f"{w}-{j}" for w, j, *_ in JOBS]
)
def test_a_jobs_environment_runs_what_the_job_runs(
    environments: Path, workflow: str, job: str, args: tuple[str, ...], text: str
) -> None:
    venv = _environment(args, environments)
    problems = []
    for tool in sorted(set(_TOOL.findall(text))):
        if not (venv / "bin" / tool).exists():
            problems.append(f".venv/bin/{tool} is not installed by uv sync {' '.join(args)}")
    for command in _commands(text):
        done = subprocess.run(
            [str(venv / "bin" / "slipway"), *command, "--help"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["(no output)"])[-1]
            problems.append(f"slipway {' '.join(command)}: {last}")
    for _, body in _INLINE.findall(text):
        modules = sorted({(a or b) for a, b in _IMPORT.findall(body)})
        done = subprocess.run(
            [str(venv / "bin" / "python"), "-c", "".join(f"import {m}\n" for m in modules)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode != 0:
            problems.append(f"inline Python's imports {modules}: {done.stderr.strip()[-300:]}")
    assert not problems, f"{workflow}/{job}:\n" + "\n".join(problems)
