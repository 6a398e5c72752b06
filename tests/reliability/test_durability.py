"""Durability: writes to ``/v1/meetings`` under load, the whole server (master and workers)
killed with SIGKILL mid-load, restarted on the same database; every write that was answered
2xx is there afterwards, unchanged. On SQLite (WAL) and on a real Postgres."""

from __future__ import annotations

import signal
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import psutil
import pytest
import requests

from tests.reliability.conftest import FULL, add_users, server_env
from tests.servers import gunicorn_server, listed

WRITERS = 6
LOAD_SECONDS = 8.0 if FULL else 1.5


def _kill_all(master_pid: int) -> None:
    """SIGKILL the master and every worker at once (no graceful path at all)."""
    master = psutil.Process(master_pid)
    procs = [*master.children(recursive=True), master]
    for proc in procs:
        try:
            proc.send_signal(signal.SIGKILL)
        except psutil.NoSuchProcess:
            continue
    psutil.wait_procs(procs, timeout=10)


def _writer(url: str, token: str, stop: threading.Event, acked: dict[int, str]) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    with requests.Session() as session:
        while not stop.is_set():
            title = f"durable-{uuid.uuid4().hex[:12]}"
            body = {"title": title, "starts_at": "2031-03-04T09:00:00Z"}
            try:
                r = session.post(f"{url}/v1/meetings", json=body, headers=headers, timeout=10)
            except requests.RequestException:
                if stop.is_set():
                    return
                time.sleep(0.05)  # the server is gone: keep trying until told to stop
                continue
            if 200 <= r.status_code < 300:
                acked[r.json()["id"]] = title


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_acknowledged_writes_survive_sigkill(  # type: ignore[no-untyped-def]
    backend: str,
    trained,
    release_file: Path,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    figures: dict[str, Any],
) -> None:
    if backend == "sqlite":
        database_url = f"sqlite:///{tmp_path / 'assistant.db'}"
    else:
        pg = request.getfixturevalue("pg_server")
        database_url = pg.url(pg.create_database(f"durable_{uuid.uuid4().hex[:8]}"))
    token = add_users(database_url, "writer")["writer"]
    env = server_env(trained, release_file, tmp_path, database_url)
    acked: dict[int, str] = {}
    stop = threading.Event()
    with gunicorn_server(env, tmp_path / "first.log") as (url, proc, _):
        threads = [
            threading.Thread(target=_writer, args=(url, token, stop, acked), daemon=True)
            for _ in range(WRITERS)
        ]
        for thread in threads:
            thread.start()
        time.sleep(LOAD_SECONDS)
        before_kill = len(acked)
        _kill_all(proc.pid)
        stop.set()
        for thread in threads:
            thread.join(timeout=15)
    assert before_kill > 0, "no write succeeded before the kill"
    with gunicorn_server(env, tmp_path / "second.log") as (url, _, _):
        # every page: the list answers 50 meetings a page by default
        stored = {m["id"]: m["title"] for m in listed(url, token, "/v1/meetings", "meetings")}
    lost = {i: t for i, t in acked.items() if stored.get(i) != t}
    figures.setdefault("durability", {})[backend] = {
        "acknowledged": len(acked),
        "stored": len(stored),
        "lost": len(lost),
        "load_seconds": LOAD_SECONDS,
        "writers": WRITERS,
    }
    assert not lost, f"{len(lost)} of {len(acked)} acknowledged writes lost: {list(lost)[:5]}"
