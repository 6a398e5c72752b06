"""A live assistant: gunicorn with the repo's config and two workers, on a fresh SQLite database
(migrated by gunicorn's start hook), Prometheus in multiprocess mode, and one user created with
``slipway users create``."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from tests.conftest import ROOT, free_port

BIN = ROOT / ".venv" / "bin"


@dataclass
class Live:
    url: str
    token: str
    env: dict[str, str]
    metrics_dir: Path
    log: Path


def _create_user(env: dict[str, str], name: str, timezone: str) -> str:
    done = subprocess.run(
        [str(BIN / "slipway"), "users", "create", name, "--timezone", timezone],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    token = done.stdout.strip().splitlines()[-1]
    assert token.startswith("slw_"), done.stdout + done.stderr
    return token


@pytest.fixture(scope="session")
def live(trained, release_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:  # type: ignore[no-untyped-def]
    _, _, folder = trained
    tmp = tmp_path_factory.mktemp("live")
    metrics_dir = tmp / "prometheus"
    metrics_dir.mkdir()
    port = free_port()
    env = {
        **os.environ,
        "SLIPWAY_BIND": f"127.0.0.1:{port}",
        "SLIPWAY_WORKERS": "2",
        "SLIPWAY_THREADS": "4",
        "SLIPWAY_RELEASE_FILE": str(release_file),
        "SLIPWAY_MODEL_PATH": str(folder),
        "SLIPWAY_DATABASE_URL": f"sqlite:///{tmp / 'assistant.db'}",
        "SLIPWAY_KNOWLEDGE_DIR": str(ROOT / "data" / "knowledge"),
        "SLIPWAY_RATE_LIMIT": "10000/minute",
        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
    }
    env.pop("SLIPWAY_REDIS_URL", None)
    log = tmp / "gunicorn.log"
    out = log.open("w")
    proc = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "app/gunicorn.conf.py", "app:create_app()"],
        cwd=ROOT,
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            if requests.get(f"{url}/readyz", timeout=2).status_code == 200:
                break
        except requests.RequestException:  # refused, or accepted before a worker is up
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(log.read_text())
        time.sleep(0.2)
    try:
        token = _create_user(env, "ana", "America/Lima")
        yield Live(url, token, env, metrics_dir, log)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        out.close()
