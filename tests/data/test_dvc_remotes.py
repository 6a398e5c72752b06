"""DVC: a fresh clone gets the pinned bytes offline; push/pull work against a real S3 API server."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, require
from tests.servers import s3_client, s3_server

pytestmark = pytest.mark.integration
BIN = ROOT / ".venv" / "bin"


def _env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", **extra}
    env["DVC_NO_ANALYTICS"] = "1"
    return env


def _run(cwd: Path, *cmd: str, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(
        list(cmd), cwd=cwd, env=env or _env(), capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, f"{cmd}: {proc.stdout}\n{proc.stderr}"
    return proc.stdout


def _digest_tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.md5(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_fresh_clone_pulls_the_pinned_data_offline(tmp_path: Path) -> None:
    tracked = subprocess.run(
        ["git", "ls-files", "--error-unmatch", "data.dvc"], cwd=ROOT, capture_output=True
    )
    require(tracked.returncode == 0, "data.dvc is not committed yet")
    clone = tmp_path / "clone"
    _run(tmp_path, "git", "clone", "-q", str(ROOT), str(clone))
    _run(clone, "dvc", "pull", "-q", "data.dvc")
    assert (clone / "data" / "intents" / "train.jsonl").is_file()
    # pipeline outputs are absent in a fresh clone; nothing under data/ may differ
    status = _run(clone, "dvc", "data", "status", "--json")
    assert '"data/' not in status
    assert "up to date" in _run(clone, "dvc", "status", "data.dvc")


@pytest.fixture
def s3_url() -> Iterator[str]:
    with s3_server() as url:
        yield url


def test_push_and_pull_through_s3(s3_url: str, data_dir: Path, tmp_path: Path) -> None:
    creds = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    env = _env(**creds)
    s3 = s3_client(s3_url)
    s3.create_bucket(Bucket="slipway-data")
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copytree(data_dir, repo / "data")
    expected = _digest_tree(repo / "data")
    _run(repo, "git", "init", "-q", env=env)
    _run(repo, "dvc", "init", "-q", env=env)
    _run(repo, "dvc", "add", "-q", "data", env=env)
    _run(repo, "dvc", "remote", "add", "-d", "s3", "s3://slipway-data/dvc", env=env)
    _run(repo, "dvc", "remote", "modify", "s3", "endpointurl", s3_url, env=env)
    _run(repo, "dvc", "push", "-q", env=env)
    stored = s3.list_objects_v2(Bucket="slipway-data", Prefix="dvc/")
    assert stored["KeyCount"] >= len(expected)

    shutil.rmtree(repo / "data")
    shutil.rmtree(repo / ".dvc" / "cache")
    _run(repo, "dvc", "pull", "-q", env=env)
    assert _digest_tree(repo / "data") == expected
    assert "up to date" in _run(repo, "dvc", "status", env=env)
