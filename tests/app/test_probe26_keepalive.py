"""Probe 26, finding 8: an answer the app gives before reading the body it was sent (a 429 from
the rate limit, a 405 or 404 from routing, a 401) said ``Connection: keep-alive``; gunicorn then
drained the unread body and, when the rest was slow to come, closed the connection, so 1–7 % of
the client's next requests on it got no answer. Such answers now say ``Connection: close``."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest

from tests.app.test_worker_keepalive import _exchange, one_worker_env
from tests.servers import cli_user, gunicorn_server

pytestmark = pytest.mark.slow


def test_an_answer_before_the_body_is_read_closes_the_connection(
    trained: Any, release_file: Path, tmp_path: Path
) -> None:
    env = one_worker_env(trained, release_file, tmp_path, SLIPWAY_RATE_LIMIT="2/minute")
    with gunicorn_server(env, tmp_path / "gunicorn.log") as (url, _, full_env):
        token = cli_user(full_env, "ana")
        host, port = url.removeprefix("http://").split(":")
        body = json.dumps({"text": "what time is it " * 50}).encode()

        def request(method: str, path: str, auth: str = token) -> bytes:
            return (
                f"{method} {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {auth}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
            ).encode()  # the headers alone: the body follows only once the answer is in

        def answered(method: str, path: str, auth: str = token) -> str:
            with socket.create_connection((host, int(port)), timeout=10) as sock:
                head, _ = _exchange(sock, request(method, path, auth))
            return head

        with socket.create_connection((host, int(port)), timeout=10) as sock:
            head, _ = _exchange(sock, request("POST", "/v1/intent") + body)
            assert head.startswith("HTTP/1.1 200"), head
            assert "Connection: keep-alive" in head  # a body read keeps the connection
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            head, _ = _exchange(sock, request("POST", "/v1/intent") + body)  # two a minute
            assert head.startswith("HTTP/1.1 200"), head
        for method, path, auth, status in [
            ("POST", "/v1/intent", token, 429),
            ("PUT", "/v1/chat", token, 405),
            ("DELETE", "/v1/todos/abc", token, 404),
            ("POST", "/v1/chat", "slw_not-a-token", 401),
        ]:
            head = answered(method, path, auth)
            assert head.startswith(f"HTTP/1.1 {status}"), head
            assert "Connection: close" in head, head
    # finding 9: the database did not exist before this server: it says it made a new one
    log = (tmp_path / "gunicorn.log").read_text()
    assert "no SQLite database at" in log
    assert "a new, empty one was created" in log
