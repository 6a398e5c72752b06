"""The real server: gunicorn with the repo's config, two workers, the pinned model preloaded."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.conftest import ROOT, free_port

pytestmark = pytest.mark.integration


@pytest.fixture
def server(trained, release_file: Path, tmp_path: Path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    _, _, folder = trained
    port = free_port()
    env = {
        **os.environ,
        "SLIPWAY_BIND": f"127.0.0.1:{port}",
        "SLIPWAY_WORKERS": "2",
        "SLIPWAY_RELEASE_FILE": str(release_file),
        "SLIPWAY_MODEL_PATH": str(folder),
    }
    log = (tmp_path / "gunicorn.log").open("w")
    proc = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "-c",
            "app/gunicorn.conf.py",
            "app:create_app()",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(f"{url}/readyz", timeout=1).status_code == 200:
                break
        except requests.ConnectionError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError((tmp_path / "gunicorn.log").read_text())
        time.sleep(0.2)
    try:
        yield url
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
        log.close()


def test_gunicorn_serves_intents(server: str) -> None:
    r = requests.post(
        f"{server}/v1/intent", json={"text": "what's on my calendar friday"}, timeout=5
    )
    assert r.status_code == 200
    assert r.json()["intent"] == "calendar"
    assert r.headers["X-Request-ID"]
    bad = requests.post(f"{server}/v1/intent", data="nope", timeout=5)
    assert bad.status_code == 415
    assert bad.json()["code"] == "unsupported_media_type"


def test_both_workers_answer(server: str) -> None:
    with requests.Session() as session:
        for _ in range(40):
            assert session.get(f"{server}/readyz", timeout=5).status_code == 200
