"""Every ``dvc`` call of the workflows names its remote, reads the remote of the role it holds,
and the weekly data job writes every remote the consumers of its pull request read.

``.dvc/config`` keeps the local remote as the default (a fresh clone needs no cloud), so a
``dvc pull`` without ``-r`` in CI would look in ``../.dvc-storage`` of the runner and find
nothing. The rule (docs/ci-release.md, "DVC remotes"): a job reads the S3 remote of the
environment whose DVC role it assumed; the weekly job pushes its new data version to dev's remote
(the pull request's training job reads it) and staging's (the release reads the knowledge base
there once the pull request is merged), each with that environment's write role.
"""

from __future__ import annotations

import configparser
import re
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.delivery.workflows import environment_name, load_workflows, runs_on_pull_request, steps

WORKFLOWS = load_workflows()
AWS_CREDENTIALS = "aws-actions/configure-aws-credentials"
DVC_REMOTE_COMMANDS = {"pull", "push", "fetch", "status", "gc"}
DVC_CALL = re.compile(r"(?:^|[\s;&|(])((?:[\w./-]*/)?dvc\s+[a-z][^;&|#)]*)")
ROLE_VARIABLE = re.compile(r"vars\.(AWS_DVC_(?:WRITE_)?ROLE_ARN(?:_[A-Z]+)?)")


def remotes() -> set[str]:
    config = configparser.ConfigParser()
    config.read(ROOT / ".dvc" / "config")
    return {m.group(1) for s in config.sections() if (m := re.fullmatch(r"'remote \"(.+)\"'", s))}


def dvc_calls(script: str) -> list[list[str]]:
    """Each ``dvc <command> ...`` of a run script, as words (``.venv/bin/dvc`` too)."""
    calls = []
    for line in script.replace("\\\n", " ").splitlines():
        line = line.split(" #", 1)[0].strip()
        if line.startswith("#"):
            continue
        for match in DVC_CALL.finditer(line):
            calls.append(match.group(1).split())
    return calls


def remote_of(words: list[str]) -> str | None:
    for i, word in enumerate(words):
        if word in {"-r", "--remote"} and i + 1 < len(words):
            return words[i + 1]
        if word.startswith("--remote="):
            return word.split("=", 1)[1]
    return None


def calls_with_roles() -> list[tuple[str, str, dict[str, Any], list[str], str | None]]:
    """(workflow, job, job, dvc words, the DVC role variable of the credentials step before it)."""
    found = []
    for workflow in WORKFLOWS.values():
        for name, job in workflow.jobs.items():
            role = None
            for step in steps(job):
                if str(step.get("uses", "")).split("@")[0] == AWS_CREDENTIALS:
                    match = ROLE_VARIABLE.search(str(step.get("with", {}).get("role-to-assume")))
                    role = match.group(1) if match else None
                for words in dvc_calls(str(step.get("run", ""))):
                    found.append((workflow.name, name, job, words, role))
    return found


def uses_remote(words: list[str]) -> bool:
    command = words[1] if len(words) > 1 else ""
    return command in {"pull", "push", "fetch"} or (
        command in DVC_REMOTE_COMMANDS and any(w in {"-c", "--cloud"} for w in words)
    )


def test_the_workflows_call_dvc_with_remotes() -> None:
    calls = [c for c in calls_with_roles() if uses_remote(c[3])]
    assert {(w, j, words[1]) for w, j, _, words, _ in calls} >= {
        ("train", "train", "pull"),
        ("train", "refresh", "pull"),
        ("train", "refresh", "push"),
        ("release", "staging", "pull"),
    }


@pytest.mark.parametrize(
    "call", [c for c in calls_with_roles() if uses_remote(c[3])], ids=lambda c: " ".join(c[3][:3])
)
def test_every_dvc_call_names_a_cloud_remote(call: Any) -> None:
    workflow, job_name, _, words, _ = call
    remote = remote_of(words)
    assert remote is not None, f"{workflow}.{job_name}: `{' '.join(words)}` names no remote"
    assert remote in remotes() - {"local"}, f"{workflow}.{job_name}: unknown remote {remote}"


def _pull_request_environment(env: str) -> str | None:
    from infra.spec import load_spec

    return load_spec(env).github.pull_request_environment


def test_each_call_uses_the_role_of_its_remote() -> None:
    """A read runs with the DVC role of the job's GitHub environment (read) or a write role of
    that remote's environment; a push only with the write role of that remote's environment."""
    problems = []
    for workflow, job_name, job, words, role in calls_with_roles():
        if not uses_remote(words):
            continue
        remote = remote_of(words)
        where = f"{workflow}.{job_name}: `{' '.join(words)}`"
        write_role = f"AWS_DVC_WRITE_ROLE_ARN_{str(remote).upper()}"
        if words[1] == "push":
            if role != write_role:
                problems.append(f"{where} pushes as {role}, not {write_role}")
        elif role == "AWS_DVC_ROLE_ARN":
            # the remote's own environment, or its pull requests' one (the DVC read role trusts it)
            if environment_name(job) not in {remote, _pull_request_environment(str(remote))}:
                problems.append(f"{where} reads {remote} with the role of {environment_name(job)}")
        elif role != write_role:
            problems.append(f"{where} reads {remote} as {role}")
    assert problems == []


def test_the_weekly_push_reaches_every_remote_its_pull_request_reads() -> None:
    """The weekly job opens a pull request with the new data.dvc: the pull request's training
    job pulls it, and after the merge the release does. Both must find it."""
    pushed = {
        remote_of(words)
        for w, j, _, words, _ in calls_with_roles()
        if (w, j) == ("train", "refresh") and words[1] == "push"
    }
    consumers = {
        remote_of(words)
        for w, j, job, words, _ in calls_with_roles()
        if words[1] == "pull"
        and (runs_on_pull_request(WORKFLOWS[w], j) or w == "release")
        and environment_name(job) != "training"
    }
    assert consumers == {"dev", "staging"}
    assert consumers <= pushed, f"pulled from {consumers}, pushed to {pushed}"


def test_the_remotes_and_roles_are_documented() -> None:
    text = " ".join((ROOT / "docs" / "ci-release.md").read_text().split())
    assert "## DVC remotes" in (ROOT / "docs" / "ci-release.md").read_text()
    for variable in ("AWS_DVC_WRITE_ROLE_ARN_DEV", "AWS_DVC_WRITE_ROLE_ARN_STAGING"):
        assert variable in text
    for command in ("dvc pull -r dev data.dvc", "dvc push -r staging data.dvc"):
        assert command in text


def test_a_call_without_a_remote_is_caught() -> None:
    """The check itself: the workflows as they were (no ``-r``) fail it."""
    [words] = dvc_calls(".venv/bin/dvc pull --quiet data.dvc")
    assert uses_remote(words)
    assert remote_of(words) is None
    [words] = dvc_calls("cd x && .venv/bin/dvc push -q -r staging data.dvc  # comment")
    assert remote_of(words) == "staging"
