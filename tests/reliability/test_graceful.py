"""Graceful shutdown: SIGTERM to the gunicorn master while requests are in flight; every request
sent before the signal is answered (no reset, no 5xx) and the server exits cleanly.

As behind a load balancer (Kubernetes removes the pod from its endpoints when it sends
SIGTERM), no new request starts after the signal: connections opened after gunicorn closed its
listener are refused by design, which is not a dropped request.
"""

from __future__ import annotations

import signal
import threading
import time
from pathlib import Path
from typing import Any

import requests

from tests.reliability.conftest import FULL, add_users, server_env
from tests.servers import gunicorn_server

CLIENTS = 8
BEFORE_SIGTERM = 4.0 if FULL else 1.5
PRE_STOP_SECONDS = 0.1


def test_sigterm_drops_no_in_flight_request(  # type: ignore[no-untyped-def]
    trained, release_file: Path, tmp_path: Path, figures: dict[str, Any]
) -> None:
    database_url = f"sqlite:///{tmp_path / 'assistant.db'}"
    token = add_users(database_url, "patient")["patient"]
    env = server_env(trained, release_file, tmp_path, database_url, SLIPWAY_GRACEFUL_TIMEOUT="20")
    answered: list[int] = []
    failed: list[tuple[float, bool, str]] = []  # (when it started, refused?, what happened)
    lock = threading.Lock()
    terminating = threading.Event()
    with gunicorn_server(env, tmp_path / "gunicorn.log") as (url, proc, _):

        def client() -> None:
            # One connection per request (Connection: close): no keep-alive race.
            headers = {"Authorization": f"Bearer {token}", "Connection": "close"}
            while not terminating.is_set():
                started = time.monotonic()
                try:
                    r = requests.post(
                        f"{url}/v1/chat", json={"message": "hello"}, headers=headers, timeout=30
                    )
                except requests.ConnectionError as exc:
                    text = repr(exc)
                    refused = "ConnectionRefusedError" in text or "Connection refused" in text
                    with lock:
                        failed.append((started, refused, text[:300]))
                    return
                with lock:
                    answered.append(r.status_code)

        threads = [threading.Thread(target=client, daemon=True) for _ in range(CLIENTS)]
        for thread in threads:
            thread.start()
        time.sleep(BEFORE_SIGTERM)
        with lock:
            before = len(answered)
        # As Kubernetes does (endpoints removed, preStop sleep, then SIGTERM): no request starts
        # after this point, and a request already connected gets a moment to leave the kernel's
        # accept queue; gunicorn resets connections still queued when it closes its listener
        # (benoitc/gunicorn#2529), which a load balancer never sends to a terminating pod.
        terminating.set()
        time.sleep(PRE_STOP_SECONDS)
        # On a busy machine the workers may take longer than the pre-stop to accept what is
        # queued: wait (5 s at most) until the listener's accept queue is empty.
        _wait_for_empty_accept_queue(int(url.rsplit(":", 1)[1]), deadline=time.monotonic() + 5)
        sigterm_at = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        for thread in threads:
            thread.join(timeout=40)
        proc.wait(timeout=40)
    # Refused means the request never reached the server (the listener was already closed).
    dropped = [what for started, refused, what in failed if started < sigterm_at and not refused]
    errors = [s for s in answered if s >= 500]
    figures["graceful"] = {
        "answered": len(answered),
        "answered_after_sigterm": len(answered) - before,
        "server_errors": len(errors),
        "dropped": len(dropped),
        "failed_after_sigterm": len(failed) - len(dropped),
        "clients": CLIENTS,
    }
    assert before > 0
    assert not dropped, dropped
    assert not errors, errors
    assert proc.returncode == 0


def _accept_queue(port: int) -> int | None:
    """Connections waiting in 127.0.0.1:``port``'s accept queue (``/proc/net/tcp``: a listening
    socket's rx_queue), or None where that file is not readable."""
    try:
        lines = Path("/proc/net/tcp").read_text().splitlines()[1:]
    except OSError:
        return None
    wanted = f"0100007F:{port:04X}"
    for line in lines:
        fields = line.split()
        if fields[1] == wanted and fields[3] == "0A":  # state 0A: LISTEN
            return int(fields[4].split(":")[1], 16)
    return None


def _wait_for_empty_accept_queue(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        if not _accept_queue(port):
            return
        time.sleep(0.01)
