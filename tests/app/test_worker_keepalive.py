"""The gunicorn worker (``app/worker.py``) and keep-alive after a body too large to read.

Found by an independent tester: a 413 for a 100 KB body said ``Connection: keep-alive``, then
gunicorn (which drains at most 64 KiB of an unread body) closed the connection, so the client's
next, unrelated request on it got no answer. The 413 now says ``Connection: close``; an ordinary
request still keeps its connection. What gunicorn answers itself (a request line or headers it
cannot read, headers over its limits) is the API's JSON error, not an HTML page."""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path
from typing import Any

import pytest

from tests.servers import cli_user, gunicorn_server

pytestmark = pytest.mark.slow


def _exchange(sock: socket.socket, request: bytes) -> tuple[str, bytes]:
    """Send one request; its status line and headers, and its body."""
    sock.sendall(request)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed before the response")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(re.search(rb"(?i)content-length: (\d+)", head).group(1))  # type: ignore[union-attr]
    while len(body) < length:
        body += sock.recv(65536)
    return head.decode(), body


def one_worker_env(
    trained: Any, release_file: Path, tmp_path: Path, **more: str
) -> dict[str, str | None]:
    """One gunicorn worker serving the tests' model on a new SQLite file, no Redis, no LLM."""
    _, _, folder = trained
    metrics_dir = tmp_path / "prometheus"
    metrics_dir.mkdir()
    return {
        "SLIPWAY_WORKERS": "1",
        "SLIPWAY_RELEASE_FILE": str(release_file),
        "SLIPWAY_MODEL_PATH": str(folder),
        "SLIPWAY_DATABASE_URL": f"sqlite:///{tmp_path / 'assistant.db'}",
        "SLIPWAY_REDIS_URL": None,
        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
        "OPENAI_API_KEY": None,
        **more,
    }


def test_a_413_for_an_unread_body_closes_the_connection_and_says_so(
    trained: Any, release_file: Path, tmp_path: Path
) -> None:
    env = one_worker_env(trained, release_file, tmp_path)
    with gunicorn_server(env, tmp_path / "gunicorn.log") as (url, _, full_env):
        token = cli_user(full_env, "ana")
        host, port = url.removeprefix("http://").split(":")

        def post(size: int) -> bytes:
            body = json.dumps({"text": "x" * size}).encode()
            return (
                f"POST /v1/intent HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
            ).encode() + body

        health = f"GET /healthz HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            head, _ = _exchange(sock, post(20))
            assert head.startswith("HTTP/1.1 200"), head
            assert "Connection: keep-alive" in head
            head, _ = _exchange(sock, health)  # the same connection serves the next one
            assert head.startswith("HTTP/1.1 200"), head
            head, body = _exchange(sock, post(100_000))
            assert head.startswith("HTTP/1.1 413"), head
            assert "Connection: close" in head
            assert json.loads(body)["code"] == "payload_too_large"
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            head, _ = _exchange(sock, health)  # a new connection is served at once
            assert head.startswith("HTTP/1.1 200"), head
        # gunicorn's own answers, before the app: a huge cookie, a header it cannot parse
        for request, status, code in [
            (f"GET /healthz HTTP/1.1\r\nHost: {host}\r\nCookie: {'a' * 9000}\r\n\r\n",
             431, "headers_too_large"),
            (f"GET /healthz HTTP/1.1\r\nHost: {host}\r\nBad Header: x\r\n\r\n",
             400, "bad_request"),
            ("GET /healthz HTTP/9.9\r\n\r\n", 400, "bad_request"),
        ]:  # fmt: skip
            with socket.create_connection((host, int(port)), timeout=10) as sock:
                head, body = _exchange(sock, request.encode())
            assert head.startswith(f"HTTP/1.1 {status}"), head
            assert "Content-Type: application/json" in head
            answer = json.loads(body)
            assert answer["code"] == code, answer
            assert answer["message"], answer


def test_a_keep_alive_answer_finished_as_the_worker_stops_serves_the_next_request(
    trained: Any, release_file: Path, tmp_path: Path
) -> None:
    """Probe 39, O-M2: at each SIGHUP or SIGTERM, a busy keep-alive client lost one request: an
    answer that began before the worker was told to stop said ``keep-alive``, then gthread
    closed the connection as the answer finished, and the request already sent on it got none.
    Here the answer is held open by a body sent in two parts, the worker stopped between them;
    the next request on the connection is answered, with ``Connection: close``."""
    import os
    import signal
    import time

    env = one_worker_env(trained, release_file, tmp_path)
    log = tmp_path / "gunicorn.log"
    with gunicorn_server(env, log) as (url, _proc, full_env):
        token = cli_user(full_env, "ana")
        host, port = url.removeprefix("http://").split(":")
        worker = int(re.findall(r"Booting worker with pid: (\d+)", log.read_text())[-1])
        body = json.dumps({"text": "remind me to call mom"}).encode()
        head = (
            f"POST /v1/intent HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode()
        health = f"GET /healthz HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            first, _ = _exchange(sock, health)
            assert "Connection: keep-alive" in first
            sock.sendall(head + body[:5])  # the app is reading this request's body
            time.sleep(0.5)
            os.kill(worker, signal.SIGTERM)  # the worker stops mid-answer
            time.sleep(0.5)
            answer, _ = _exchange(sock, body[5:])
            assert answer.startswith("HTTP/1.1 200"), answer
            nxt, _ = _exchange(sock, health)  # sent on the same connection: answered
            assert nxt.startswith("HTTP/1.1 200"), nxt
            assert "Connection: close" in nxt
