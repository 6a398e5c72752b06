"""Read GitHub Actions workflows and decide what a push or pull request would trigger.

``matches`` follows GitHub's filter pattern rules for ``paths``/``branches``: ``*`` is any run of
characters except ``/``, ``**`` any run including ``/``, a leading ``!`` negates, and the last
pattern that matches a path decides (so ``!models/release.yaml`` after ``models/**`` excludes
the pin, and a positive pattern after a negative one includes again).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import ROOT

WORKFLOWS_DIR = ROOT / ".github" / "workflows"


@cache
def _regex(pattern: str) -> re.Pattern[str]:
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def glob_match(pattern: str, path: str) -> bool:
    return _regex(pattern).match(path) is not None


def matches(patterns: list[str], path: str) -> bool:
    """Whether ``path`` is selected by an ordered list of filter patterns (last match wins)."""
    selected = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        if glob_match(pattern[1:] if negated else pattern, path):
            selected = not negated
    return selected


@dataclass(frozen=True)
class Workflow:
    name: str
    path: Path
    data: dict[Any, Any]
    text: str

    @property
    def on(self) -> dict[str, Any]:
        # PyYAML reads the key `on` as the boolean True (YAML 1.1).
        raw = self.data.get("on", self.data.get(True))
        if isinstance(raw, str):
            return {raw: None}
        if isinstance(raw, list):
            return dict.fromkeys(raw)
        assert isinstance(raw, dict), f"{self.path}: no `on:`"
        return raw

    @property
    def jobs(self) -> dict[str, dict[str, Any]]:
        jobs: dict[str, dict[str, Any]] = self.data["jobs"]
        return jobs

    def triggered_by(self, event: str, changed: list[str], branch: str = "main") -> bool:
        """Would ``event`` (push / pull_request) on ``branch`` changing ``changed`` start it?"""
        if event not in self.on:
            return False
        config = self.on[event] or {}
        if "branches" in config and not matches(list(config["branches"]), branch):
            return False
        if "branches-ignore" in config and matches(list(config["branches-ignore"]), branch):
            return False
        if "paths" in config:
            return any(matches(list(config["paths"]), path) for path in changed)
        if "paths-ignore" in config:
            return not all(matches(list(config["paths-ignore"]), path) for path in changed)
        return True


def load_workflows() -> dict[str, Workflow]:
    """Every workflow, parsed once per test process (a dozen modules read them at import: with
    the pure-Python parser that was 3.3 s of each worker's collection); each call gets its own
    copy of the parsed data, which a test may change."""
    return {
        path.stem: Workflow(path.stem, path, copy.deepcopy(data), text)
        for path, text, data in _parsed(WORKFLOWS_DIR)
    }


@cache
def _parsed(folder: Path) -> tuple[tuple[Path, str, Any], ...]:
    out = []
    for path in sorted(folder.glob("*.yml")):
        text = path.read_text()
        out.append((path, text, yaml.load(text, Loader=yaml.CSafeLoader)))  # libyaml's parser
    return tuple(out)


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return list(job.get("steps") or [])


def run_scripts(job: dict[str, Any]) -> str:
    return "\n".join(str(step.get("run", "")) for step in steps(job))


def uses(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    """The steps of ``job`` that use ``action`` (owner/name, any version)."""
    return [s for s in steps(job) if str(s.get("uses", "")).split("@")[0] == action]


def runs_on_pull_request(workflow: Workflow, job_name: str) -> bool:
    """Whether a pull request can start ``job_name`` (so whatever it can read, a branch can read).

    A job runs on a pull request when its workflow has that trigger (or is a reusable workflow,
    which a pull-request workflow may call), its ``if`` does not restrict it to other events,
    and every job it needs can run on a pull request too.
    """
    on = workflow.on
    if not {"pull_request", "pull_request_target", "workflow_call"} & set(on):
        return False
    job = workflow.jobs[job_name]
    condition = str(job.get("if", ""))
    if "github.event_name" in condition and not re.search(
        r"github\.event_name\s*==\s*'pull_request'", condition
    ):
        return False
    needs = job.get("needs") or []
    needs = [needs] if isinstance(needs, str) else list(needs)
    return all(runs_on_pull_request(workflow, need) for need in needs)


def environment_name(job: dict[str, Any]) -> str | None:
    environment = job.get("environment")
    if isinstance(environment, dict):
        return str(environment["name"])
    return None if environment is None else str(environment)


def step_index(job: dict[str, Any], predicate: Any) -> int:
    """The index of the first step of ``job`` for which ``predicate(step)`` holds."""
    for i, step in enumerate(steps(job)):
        if predicate(step):
            return i
    raise AssertionError("no such step")


# --- which jobs of a run start: needs, if, and a job no runner takes -------------------------

_TERM = re.compile(r"\A(?P<lhs>[\w.-]+) (?P<op>==|!=) '(?P<rhs>[^']*)'\Z")
_STATUS_FUNCTIONS = ("always()", "!cancelled()", "success()", "failure()", "cancelled()")


def _value(name: str, context: dict[str, Any], states: dict[str, str]) -> str:
    parts = name.split(".")
    if parts[0] == "github":
        return str(context[parts[1]])
    if parts[0] == "vars":
        return str(context.get("vars", {}).get(parts[1], ""))
    if parts[0] == "needs" and parts[2] == "result":
        return states[parts[1]]
    if parts[0] == "needs" and parts[2] == "outputs":
        outputs: dict[str, dict[str, str]] = context.get("outputs", {})
        if states[parts[1]] not in ("success", "failure"):
            return ""  # a job that did not run has no outputs
        return outputs.get(parts[1], {}).get(parts[3], "")
    raise AssertionError(f"the simulation does not read {name!r}")


def _condition(
    job: dict[str, Any], needs: list[str], context: dict[str, Any], states: dict[str, str]
) -> bool:
    """``job``'s ``if`` (a conjunction of comparisons and at most one status function), with
    GitHub's implicit ``success()`` when it names no status function."""
    raw = str(job.get("if", "")).strip()
    raw = raw.removeprefix("${{").removesuffix("}}").strip()
    terms = [t.strip() for t in raw.split(" && ")] if raw else []
    assert "||" not in raw, f"the simulation reads conjunctions only: {raw!r}"
    status = [t for t in terms if t in _STATUS_FUNCTIONS]
    implicit_success = not status or "success()" in status
    if implicit_success and any(states[n] != "success" for n in needs):
        return False
    for term in terms:
        if term in _STATUS_FUNCTIONS:
            continue
        match = _TERM.match(term)
        assert match, f"the simulation cannot read {term!r}"
        value = _value(match["lhs"], context, states)
        if (value == match["rhs"]) != (match["op"] == "=="):
            return False
    return True


def simulate(
    workflow: Workflow,
    results: dict[str, str] | None = None,
    *,
    event: str = "push",
    ref: str = "refs/heads/main",
    variables: dict[str, str] | None = None,
    outputs: dict[str, dict[str, str]] | None = None,
) -> dict[str, str]:
    """The state each job of ``workflow`` ends in: ``success``, ``failure``, ``skipped``, or
    ``waiting`` (queued with no runner to take it, or needing a job that waits: GitHub cancels
    those after 24 h). ``results`` says how a job that starts ends (default ``success``;
    ``queued``: no runner takes it); ``outputs`` a finished job's outputs (default: each output
    it declares is ``"true"``)."""
    results = results or {}
    context = {"event_name": event, "ref": ref, "vars": variables or {}}
    declared = {
        name: dict.fromkeys(job.get("outputs") or {}, "true") for name, job in workflow.jobs.items()
    }
    context["outputs"] = {**declared, **(outputs or {})}
    states: dict[str, str] = {}
    while len(states) < len(workflow.jobs):
        progressed = False
        for name, job in workflow.jobs.items():
            if name in states:
                continue
            needs = job.get("needs") or []
            needs = [needs] if isinstance(needs, str) else list(needs)
            if any(n not in states for n in needs):
                continue
            progressed = True
            if any(states[n] == "waiting" for n in needs):
                states[name] = "waiting"
            elif not _condition(job, needs, context, states):
                states[name] = "skipped"
            else:
                outcome = results.get(name, "success")
                states[name] = "waiting" if outcome == "queued" else outcome
        assert progressed, f"a cycle in {workflow.name}'s needs"
    return states
