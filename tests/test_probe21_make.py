"""Probe 21 (a data scientist's first two weeks), the Makefile's side.

- H4: ``make clean`` removed ``.slipway/assistant.db`` (users, tokens, conversations, feedback not
  yet exported) though its help named only the MLflow DB, the model cache and stage outputs; it
  keeps it now, and ``make distclean`` (which says so) removes it.
- H2 / M5: ``make data`` hid DVC's error behind ``--quiet`` and blamed the remote and the
  credentials for everything: objects the in-repo remote lacks (``dvc push`` output left out of
  git), and local edits of data/ (refused by ``dvc pull``, or overwritten without a word when DVC
  had cached them). It shows DVC's message and says what to do.

Each test runs the repository's Makefile in a throwaway folder (never this checkout's state).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

GIT_ENV = {
    "GIT_AUTHOR_NAME": "probe",
    "GIT_AUTHOR_EMAIL": "probe@example.com",
    "GIT_COMMITTER_NAME": "probe",
    "GIT_COMMITTER_EMAIL": "probe@example.com",
    "DVC_NO_ANALYTICS": "1",
}


def _make(folder: Path, *targets: str) -> subprocess.CompletedProcess[str]:
    """``make TARGETS`` with the repository's Makefile in ``folder`` (``install`` taken as done:
    ``.venv`` is a link to this checkout's)."""
    return subprocess.run(
        ["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "-o", "install", *targets],
        cwd=folder,
        env={**os.environ, **GIT_ENV},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _run(folder: Path, *command: str) -> str:
    done = subprocess.run(
        command,
        cwd=folder,
        env={**os.environ, **GIT_ENV},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_clean_keeps_the_assistant_database(tmp_path: Path) -> None:
    state = tmp_path / ".slipway"
    (state / "model-cache" / "abc").mkdir(parents=True)
    (state / "mlartifacts").mkdir()
    for name in ("mlflow.db", "assistant.db", "assistant.db-wal", "assistant.db-shm"):
        (state / name).write_text(name)
    (tmp_path / "artifacts").mkdir()

    done = _make(tmp_path, "clean")
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(p.name for p in state.iterdir()) == [
        "assistant.db",
        "assistant.db-shm",
        "assistant.db-wal",
    ]
    assert (state / "assistant.db").read_text() == "assistant.db"
    assert not (tmp_path / "artifacts").exists()
    assert "kept .slipway/assistant.db" in done.stdout
    assert "make distclean" in done.stdout

    done = _make(tmp_path, "distclean")
    assert done.returncode == 0, done.stdout + done.stderr
    assert not state.exists()


def test_clean_and_distclean_say_what_they_remove() -> None:
    done = _make(ROOT, "help")
    lines = {line.split()[0]: line for line in done.stdout.splitlines() if line.strip()}
    assert "MLflow registry" in lines["clean"]
    assert "keeps the assistant DB" in lines["clean"]
    assert "assistant DB" in lines["distclean"]


@pytest.fixture
def dvc_repo(tmp_path: Path) -> Path:
    """A git repository with a DVC-tracked data/ and the shipped kind of remote: a folder
    inside the repository (``.dvc-storage``), pushed and committed."""
    repo = tmp_path / "origin"
    (repo / "data").mkdir(parents=True)
    (repo / ".venv").symlink_to(ROOT / ".venv")
    (repo / ".gitignore").write_text("/.venv\n")
    _run(repo, "git", "init", "-q", "-b", "main")
    dvc = str(ROOT / ".venv" / "bin" / "dvc")
    _run(repo, dvc, "init", "-q")
    _run(repo, dvc, "remote", "add", "-d", "local", ".dvc-storage")  # from here: ../ in .dvc/config
    (repo / "data" / "train.jsonl").write_text('{"text": "yes", "intent": "yes"}\n')
    _dvc_add_push(repo)
    _run(repo, "git", "add", "-A")
    _run(repo, "git", "commit", "-q", "-m", "data")
    return repo


def _dvc_add_push(repo: Path) -> None:
    dvc = str(ROOT / ".venv" / "bin" / "dvc")
    _run(repo, dvc, "add", "-q", "data")
    _run(repo, dvc, "push", "-q")


@pytest.mark.slow
def test_make_data_names_local_changes(dvc_repo: Path) -> None:
    train = dvc_repo / "data" / "train.jsonl"
    assert _make(dvc_repo, "data").returncode == 0

    # an edit DVC has not seen: `dvc pull` would refuse it
    train.write_text(train.read_text() + '{"text": "vale", "intent": "yes"}\n')
    done = _make(dvc_repo, "data")
    assert done.returncode != 0
    assert "data/ has local changes" in done.stderr
    assert "dvc checkout --force data.dvc" in done.stderr
    assert "credentials" not in done.stderr

    # an edit DVC has cached (as a `dvc repro` does) with the pin put back: `dvc pull` would
    # overwrite it without a word
    edited = train.read_text()
    _run(dvc_repo, str(ROOT / ".venv" / "bin" / "dvc"), "commit", "-q", "-f", "data.dvc")
    _run(dvc_repo, "git", "checkout", "-q", "data.dvc")
    done = _make(dvc_repo, "data")
    assert done.returncode != 0
    assert "data/ has local changes" in done.stderr
    assert train.read_text() == edited  # nothing overwritten


@pytest.mark.slow
def test_make_data_names_objects_the_in_repo_remote_lacks(dvc_repo: Path, tmp_path: Path) -> None:
    """The documented flow without `git add .dvc-storage`: a teammate's `make data` says which
    objects are missing and that the push has to be committed."""
    train = dvc_repo / "data" / "train.jsonl"
    train.write_text(train.read_text() + '{"text": "vale", "intent": "yes"}\n')
    _dvc_add_push(dvc_repo)
    _run(dvc_repo, "git", "add", "data.dvc")
    _run(dvc_repo, "git", "commit", "-q", "-m", "more data")  # .dvc-storage left out
    missing = dvc_repo.joinpath("data.dvc").read_text().split("md5: ")[1].split()[0]

    teammate = tmp_path / "teammate"
    _run(tmp_path, "git", "clone", "-q", str(dvc_repo), str(teammate))
    (teammate / ".venv").symlink_to(ROOT / ".venv")
    done = _make(teammate, "data")
    assert done.returncode != 0
    assert missing in done.stderr  # DVC's own message, no longer hidden
    assert "git add .dvc-storage" in done.stderr

    _run(dvc_repo, "git", "add", ".dvc-storage")
    _run(dvc_repo, "git", "commit", "-q", "-m", "the pushed objects")
    _run(teammate, "git", "pull", "-q")
    done = _make(teammate, "data")
    assert done.returncode == 0, done.stderr
    assert (teammate / "data" / "train.jsonl").read_text() == train.read_text()
