"""The real server: gunicorn with the repo's config, two workers, the pinned model preloaded."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.servers import cli_user, gunicorn_server

pytestmark = pytest.mark.integration


def _env(trained, release_file: Path, tmp_path: Path, **more: str) -> dict[str, str | None]:  # type: ignore[no-untyped-def]
    """Two workers serving the baked model on a SQLite file, metrics in a folder of their own."""
    _, _, folder = trained
    return {
        "SLIPWAY_WORKERS": "2",
        "SLIPWAY_RELEASE_FILE": str(release_file),
        "SLIPWAY_MODEL_PATH": str(folder),
        "SLIPWAY_DATABASE_URL": f"sqlite:///{tmp_path / 'assistant.db'}",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prom"),
        **more,
    }


@pytest.fixture(scope="module")
def server(  # type: ignore[no-untyped-def]
    trained, release_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, dict[str, str], Path]]:
    """One server for the tests that only send it requests (a gunicorn start is seconds)."""
    tmp_path = tmp_path_factory.mktemp("gunicorn")
    env = _env(trained, release_file, tmp_path)
    with gunicorn_server(env, tmp_path / "gunicorn.log") as (url, _, full_env):
        yield (
            url,
            {"Authorization": f"Bearer {cli_user(full_env, 'ana')}"},
            tmp_path / "gunicorn.log",
        )


def test_gunicorn_serves_intents(server: tuple[str, dict[str, str], Path]) -> None:
    url, auth, _ = server
    r = requests.post(
        f"{url}/v1/intent", json={"text": "what's on my calendar friday"}, headers=auth, timeout=5
    )
    assert r.status_code == 200
    assert r.json()["intent"] == "calendar"
    assert r.headers["X-Request-ID"]
    bad = requests.post(f"{url}/v1/intent", data="nope", headers=auth, timeout=5)
    assert bad.status_code == 415
    assert bad.json()["code"] == "unsupported_media_type"


def test_both_workers_answer(server: tuple[str, dict[str, str], Path]) -> None:
    url, _, _ = server
    with requests.Session() as session:
        for _ in range(40):
            assert session.get(f"{url}/readyz", timeout=5).status_code == 200


def test_the_master_loads_the_time_reader_once_before_the_workers(
    server: tuple[str, dict[str, str], Path],
) -> None:
    """The workers are forked with the time reader's models loaded (and shared): the master
    loads them once, before the first worker boots, and a time is read at the first turn."""
    url, auth, log = server
    for message in (
        "remind me to stretch tomorrow at 9am",
        "recuérdame beber agua mañana a las 10",
    ):
        reply = requests.post(f"{url}/v1/chat", json={"message": message}, headers=auth, timeout=30)
        assert reply.status_code == 200, reply.text
        assert reply.json()["skill"] == "scheduling", reply.json()
    lines = log.read_text().splitlines()
    loaded = [i for i, line in enumerate(lines) if "time reader loaded in" in line]
    booted = [i for i, line in enumerate(lines) if "Booting worker" in line]
    assert len(loaded) == 1, lines
    assert len(booted) == 2, lines
    assert loaded[0] < booted[0]


def test_control_socket_is_per_instance(trained, release_file: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Two instances on one host: no shared control socket by default; each its own when named."""
    _, _, folder = trained
    base = {
        "SLIPWAY_WORKERS": "1",
        "SLIPWAY_RELEASE_FILE": str(release_file),
        "SLIPWAY_MODEL_PATH": str(folder),
        "SLIPWAY_DB_UPGRADE_ON_START": "true",
    }
    sockets = [tmp_path / "a.ctl", tmp_path / "b.ctl"]
    logs = [tmp_path / "a.log", tmp_path / "b.log", tmp_path / "plain.log"]
    envs: list[dict[str, str | None]] = [
        {**base, "SLIPWAY_CONTROL_SOCKET": str(sockets[0])},
        {**base, "SLIPWAY_CONTROL_SOCKET": str(sockets[1])},
        {**base, "SLIPWAY_CONTROL_SOCKET": None},
    ]
    for i, env in enumerate(envs):
        env["SLIPWAY_DATABASE_URL"] = f"sqlite:///{tmp_path / f'db{i}.sqlite'}"
        env["PROMETHEUS_MULTIPROC_DIR"] = str(tmp_path / f"prom{i}")
    with (
        gunicorn_server(envs[0], logs[0]),
        gunicorn_server(envs[1], logs[1]),
        gunicorn_server(envs[2], logs[2]),
    ):
        assert sockets[0].is_socket()
        assert sockets[1].is_socket()
        # a fourth on the first one's path refuses to start (probe 39, O-L2: it took the path
        # over, and a `gunicornc` reload meant for the first reached it)
        twin = {**envs[0], "SLIPWAY_DATABASE_URL": f"sqlite:///{tmp_path / 'db3.sqlite'}"}
        twin["PROMETHEUS_MULTIPROC_DIR"] = str(tmp_path / "prom3")
        with pytest.raises(RuntimeError), gunicorn_server(twin, tmp_path / "twin.log", timeout=60):
            pass
        said = (tmp_path / "twin.log").read_text()
        assert f"SLIPWAY_CONTROL_SOCKET={sockets[0]} is in use by another running instance" in said
        assert sockets[0].is_socket()  # still the first one's
    assert "Control socket listening" not in logs[2].read_text()


def test_metrics_on_their_own_port(trained, release_file: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """With SLIPWAY_METRICS_PORT, gunicorn listens there too: only /metrics answers on it (every
    worker's samples), and the app port (the one an Ingress fronts) answers 404 to /metrics."""
    from tests.servers import free_port

    metrics_port = free_port()
    env = _env(trained, release_file, tmp_path, SLIPWAY_METRICS_PORT=str(metrics_port))
    with gunicorn_server(env, tmp_path / "gunicorn.log") as (url, _, _):
        for _ in range(6):
            assert requests.get(f"{url}/readyz", timeout=5).status_code == 200
        hidden = requests.get(f"{url}/metrics", timeout=5)
        assert hidden.status_code == 404
        assert hidden.json()["code"] == "not_found"
        metrics_url = f"http://127.0.0.1:{metrics_port}"
        scrape = requests.get(f"{metrics_url}/metrics", timeout=5)
        assert scrape.status_code == 200
        assert 'route="/readyz"' in scrape.text
        for path in ("/readyz", "/v1/info", "/docs"):
            assert requests.get(f"{metrics_url}{path}", timeout=5).status_code == 404, path


def test_an_idle_keep_alive_connection_does_not_hold_a_stopping_server(  # type: ignore[no-untyped-def]
    trained, release_file: Path, tmp_path: Path
) -> None:
    """A client (a load balancer) keeps an idle connection open to each worker when SIGTERM
    comes: the workers close it once its keep-alive time is up (2 s) and exit, instead of
    holding the pod for the whole graceful timeout (gthread's own behaviour; app/worker.py)."""
    env = _env(trained, release_file, tmp_path, SLIPWAY_GRACEFUL_TIMEOUT="120")
    with gunicorn_server(env, tmp_path / "gunicorn.log") as (url, proc, _), requests.Session() as s:
        for _ in range(8):  # an open connection to whichever workers answered
            assert s.get(f"{url}/readyz", timeout=5).status_code == 200
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=110)
        stopped_in = time.monotonic() - started
    # far below the 120 s the idle connection would have held it for
    assert stopped_in < 60, stopped_in


def test_a_metrics_folder_holding_other_files_is_refused(tmp_path: Path) -> None:
    """/metrics reads every *.db file of PROMETHEUS_MULTIPROC_DIR, and a start deletes them: a
    database kept there is refused, named, and left as it was."""
    import subprocess

    from tests.servers import BIN, ROOT

    folder = tmp_path / "shared"
    folder.mkdir()
    (folder / "assistant.db").write_bytes(b"the users' data")
    (folder / "counter_123.db").write_bytes(b"")
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(folder), "SLIPWAY_BIND": "127.0.0.1:0"}
    done = subprocess.run(
        [str(BIN / "gunicorn"), "-c", "app/gunicorn.conf.py", "app:create_app()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "assistant.db" in done.stderr
    assert "counter_123.db" not in done.stderr
    assert "folder of their own" in done.stderr
    assert (folder / "assistant.db").read_bytes() == b"the users' data"
    assert (folder / "counter_123.db").exists()
