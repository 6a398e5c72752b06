"""Security review S-M3: a read deadline per request (``SLIPWAY_READ_TIMEOUT``, app/worker.py).

With 2 workers x 4 threads and no deadline, ~8-10 connections that trickled a request (a header
line a second, or a 60,000-byte body a byte a second with a valid token) held every thread and
stalled the whole server, ``/healthz`` included, for as long as they trickled. Now each request
must arrive whole within the deadline: tricklers are cut with a JSON 408 ``request_timeout``,
the others are answered meanwhile, and a slow but reasonable client is still served."""

from __future__ import annotations

import contextlib
import json
import select
import socket
import threading
import time
from collections.abc import Iterator
from itertools import count
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.app.test_worker_keepalive import _exchange, one_worker_env
from tests.servers import cli_user, gunicorn_server

pytestmark = pytest.mark.slow

DEADLINE = 2  # seconds (SLIPWAY_READ_TIMEOUT in these tests)


def _env(trained: Any, release_file: Path, tmp_path: Path) -> dict[str, str | None]:
    """The review's shape, 2 workers x 4 threads, with a 2 s read deadline."""
    return one_worker_env(
        trained,
        release_file,
        tmp_path,
        SLIPWAY_WORKERS="2",
        SLIPWAY_THREADS="4",
        SLIPWAY_READ_TIMEOUT=str(DEADLINE),
        SLIPWAY_RATE_LIMIT="10000/minute",
    )


class Trickler:
    """A client sending ``head`` at once, then one piece of ``drip`` a second, until the server
    answers or closes; ``ended`` is how long after connecting that was, ``answer`` what it
    said."""

    def __init__(self, address: tuple[str, int], head: bytes, drip: Iterator[bytes]) -> None:
        self.sock = socket.create_connection(address, timeout=10)
        self.opened = time.monotonic()
        self.sock.sendall(head)
        self.drip = drip
        self.next_drip = self.opened + 1
        self.ended: float | None = None
        self.answer = b""

    def step(self) -> None:
        if self.ended is not None:
            return
        now = time.monotonic()
        if select.select([self.sock], [], [], 0)[0]:
            try:
                data = self.sock.recv(65536)
            except OSError:
                data = b""
            self.answer += data
            if not data:
                self.ended = now - self.opened
                self.sock.close()
            return
        if now >= self.next_drip and not self.answer:
            self.next_drip += 1
            try:
                self.sock.sendall(next(self.drip))
            except OSError:
                self.ended = now - self.opened
                self.sock.close()

    def status_and_body(self) -> tuple[str, Any]:
        head, _, body = self.answer.partition(b"\r\n\r\n")
        status = head.split(b"\r\n", 1)[0].decode()
        return status, json.loads(body) if body else None


def _trickle(tricklers: list[Trickler], seconds: float) -> None:
    """Drive the tricklers for at most ``seconds``, or until the server ended every one."""
    stop = time.monotonic() + seconds
    while time.monotonic() < stop and any(t.ended is None for t in tricklers):
        for trickler in tricklers:
            trickler.step()
        time.sleep(0.02)
    for trickler in tricklers:
        if trickler.ended is None:
            trickler.sock.close()


def test_tricklers_are_cut_at_the_deadline_and_others_are_served_meanwhile(
    trained: Any, release_file: Path, tmp_path: Path
) -> None:
    log = tmp_path / "gunicorn.log"
    with gunicorn_server(_env(trained, release_file, tmp_path), log) as (url, _, full_env):
        token = cli_user(full_env, "ana")
        host, port = url.removeprefix("http://").split(":")
        address = (host, int(port))
        headers = [
            Trickler(
                address,
                f"GET /healthz HTTP/1.1\r\nHost: {host}\r\n".encode(),
                (f"X-Slow-{n}: {n}\r\n".encode() for n in count()),
            )
            for _ in range(10)
        ]
        bodies = [
            Trickler(
                address,
                (
                    f"POST /v1/intent HTTP/1.1\r\nHost: {host}\r\n"
                    f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
                    "Content-Length: 60000\r\n\r\n{"
                ).encode(),
                (b" " for _ in count()),
            )
            for _ in range(10)
        ]
        tricklers = [t for pair in zip(headers, bodies, strict=True) for t in pair]
        driver = threading.Thread(target=_trickle, args=(tricklers, 20))
        driver.start()
        try:
            time.sleep(0.5)  # every thread of both workers is reading a trickler now
            answered: dict[str, float | str] = {}
            for name, call in [
                ("healthz", lambda: requests.get(f"{url}/healthz", timeout=12)),
                (
                    "intent",
                    lambda: requests.post(
                        f"{url}/v1/intent",
                        json={"text": "remind me to call mom"},
                        headers={"Authorization": f"Bearer {token}"},
                        timeout=12,
                    ),
                ),
            ]:
                started = time.monotonic()
                try:
                    status = call().status_code
                    answered[name] = time.monotonic() - started if status == 200 else str(status)
                except requests.RequestException as error:
                    answered[name] = repr(error)
        finally:
            driver.join()
        # answered while the tricklers were trickling: at worst once they were cut (the
        # deadline) instead of when they stop (never, for an attacker). Generous for slow CI.
        for name, took in answered.items():
            assert isinstance(took, float), (name, took)  # answered 200, no error
            assert took < 8, (name, took)
        for trickler in tricklers:
            assert trickler.ended is not None, "a trickler was never cut"
            assert DEADLINE - 0.2 <= trickler.ended < DEADLINE + 8, trickler.ended
            status, body = trickler.status_and_body()
            assert status.startswith("HTTP/1.1 408"), (status, trickler.answer[:300])
            assert body["code"] == "request_timeout", body
            assert b"Connection: close" in trickler.answer
        # after the tricklers, the server serves as before
        assert requests.get(f"{url}/healthz", timeout=10).status_code == 200
    text = log.read_text()
    assert "Traceback" not in text, text[-3000:]
    assert "Error handling request" not in text
    assert "not received within 2 s: 408, closed" in text  # one line per cut header trickler


def test_a_slow_but_reasonable_client_is_served_and_each_request_has_its_own_deadline(
    trained: Any, release_file: Path, tmp_path: Path
) -> None:
    log = tmp_path / "gunicorn.log"
    with gunicorn_server(_env(trained, release_file, tmp_path), log) as (url, _, full_env):
        token = cli_user(full_env, "ana")
        host, port = url.removeprefix("http://").split(":")
        body = json.dumps({"text": "remind me to call mom tomorrow at 9 " * 20}).encode()
        head = (
            f"POST /v1/intent HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode()
        quarter = -(-len(body) // 4)
        with socket.create_connection((host, int(port)), timeout=15) as sock:
            # twice on one kept-alive connection: its body in 4 chunks over ~1 s, the whole
            # connection longer than the deadline (each request has its own)
            for _ in range(2):
                sock.sendall(head)
                for start in range(0, len(body), quarter):
                    time.sleep(0.3)
                    sock.sendall(body[start : start + quarter])
                answer, reply = _exchange(sock, b"")
                assert answer.startswith("HTTP/1.1 200"), answer
                assert "Connection: keep-alive" in answer
                assert json.loads(reply)["intent"]
                time.sleep(0.5)
            # the third request on it trickles its body: cut at its own deadline, with a 408
            started = time.monotonic()
            sock.sendall(head + body[:10])
            answer, reply = "", b""
            while time.monotonic() - started < DEADLINE + 10:
                if select.select([sock], [], [], 1)[0]:
                    answer, reply = _exchange(sock, b"")
                    break
                sock.sendall(b" ")
            took = time.monotonic() - started
            assert answer.startswith("HTTP/1.1 408"), (answer, took)
            assert "Connection: close" in answer
            assert json.loads(reply)["code"] == "request_timeout"
            assert DEADLINE - 0.2 <= took < DEADLINE + 8, took
        # a chunked body trickled (its unread part has no stated length): the same 408, closed
        chunked = head.replace(
            f"Content-Length: {len(body)}".encode(), b"Transfer-Encoding: chunked"
        )
        with socket.create_connection((host, int(port)), timeout=15) as sock:
            started = time.monotonic()
            sock.sendall(chunked + b"1\r\n{\r\n")
            answer, reply = "", b""
            while time.monotonic() - started < DEADLINE + 10:
                if select.select([sock], [], [], 1)[0]:
                    answer, reply = _exchange(sock, b"")
                    break
                sock.sendall(b"1\r\n \r\n")
            assert answer.startswith("HTTP/1.1 408"), answer
            assert "Connection: close" in answer
            assert json.loads(reply)["code"] == "request_timeout"
    assert "Traceback" not in log.read_text()


def test_clients_trickling_after_their_413_do_not_stall_the_worker(
    trained: Any, release_file: Path, tmp_path: Path
) -> None:
    """A body over the limit is answered 413 at once and the connection closed; gunicorn closed
    it on the worker's event loop, lingering up to 2 s reading what the client still sent: 10
    clients that kept trickling stalled one worker, ``/healthz`` too, ~20 s. It is closed in its
    thread now, with a short linger."""
    env = one_worker_env(
        trained, release_file, tmp_path, SLIPWAY_READ_TIMEOUT="2", SLIPWAY_RATE_LIMIT="10000/minute"
    )
    with gunicorn_server(env, tmp_path / "gunicorn.log") as (url, _, full_env):
        token = cli_user(full_env, "ana")
        host, port = url.removeprefix("http://").split(":")
        socks = [socket.create_connection((host, int(port)), timeout=10) for _ in range(10)]
        for sock in socks:
            sock.sendall(
                (
                    f"POST /v1/intent HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
                    "Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{"
                ).encode()
            )
        stop = threading.Event()

        def drip() -> None:  # a byte from each, every 0.3 s, whatever the server answered
            while not stop.wait(0.3):
                for sock in socks:
                    with contextlib.suppress(OSError):
                        sock.send(b" ")

        dripping = threading.Thread(target=drip)
        dripping.start()
        try:
            time.sleep(1)
            took = []
            for _ in range(2):
                started = time.monotonic()
                assert requests.get(f"{url}/healthz", timeout=30).status_code == 200
                took.append(time.monotonic() - started)
        finally:
            stop.set()
            dripping.join()
        assert max(took) < 8, took  # before: ~20 s (2 s of the event loop per client)
        for sock in socks:
            answer = b""
            with contextlib.suppress(OSError):
                while chunk := sock.recv(65536):
                    answer += chunk
            sock.close()
            if answer:  # (a reset after the answer may hide it: the linger is short)
                assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
                assert b"Connection: close" in answer
