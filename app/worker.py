"""The gunicorn worker: gthread, with one fix to its graceful stop.

After SIGTERM, gunicorn's gthread worker (26.x) waits for its open connections with a single
``select`` for the whole remaining ``graceful_timeout``, and closes an idle keep-alive connection
only after that ``select`` returns. So one idle connection held by a client (a load balancer
keeps them to every pod) kept a stopping worker alive for the full 20 s, not the 2 s keep-alive
timeout, on every rollout, scale-down and SIGHUP. Here the wait wakes up at least twice a
second while stopping, so idle connections are closed when their keep-alive time is up and the
worker exits once its in-flight requests are answered. Requests in flight are unchanged: they
still have the whole ``graceful_timeout``.

A second fix: a request whose ``Content-Length`` is over the app's ``max_content_length`` is
answered 413 without its body being read. gunicorn then drains at most 64 KiB of the body
before reusing the connection, and closes it otherwise, after its 413 had already said
``Connection: keep-alive``: the client's next request on that connection got no answer. Such a
request is marked to close, so the 413 says ``Connection: close`` and the client opens a new one.
The same holds for any answer the app gives before reading a body it was sent (a 429 or 401
from the checks before the view, a 404 or 405 from routing): found by an independent operator,
1–7 % of the next requests on such connections got no answer. When the app starts its response
with part of the body unread, the request is marked to close before the headers are written.

A third: what gunicorn answers itself, before the app sees a request (a request line or header
it cannot parse, a header over its size limits: 400, 431, 501), is the API's JSON error body
with a stable code, like every other error, instead of gunicorn's HTML page.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable
from typing import Any

from gunicorn import util
from gunicorn.http.body import LengthReader
from gunicorn.workers.gthread import ThreadWorker

from app.settings import AppSettings

#: Longest wait for socket events while stopping, in seconds.
STOPPING_POLL_SECONDS = 0.5
#: The codes of the statuses gunicorn answers itself (app.errors has the app's own)
GUNICORN_CODES = {
    400: "bad_request",
    403: "forbidden",
    417: "expectation_failed",
    431: "headers_too_large",
    500: "internal_error",
    501: "not_implemented",
}


# The request a worker thread is answering (what the app's start_response looks at)
_answering = threading.local()


class DrainingThreadWorker(ThreadWorker):  # type: ignore[misc]
    def init_process(self) -> None:
        self.max_body = AppSettings().max_content_length
        super().init_process()

    def load_wsgi(self) -> None:
        super().load_wsgi()
        self.wsgi = _closing_after_unread_bodies(self.wsgi)  # type: ignore[has-type]

    def wait_for_and_dispatch_events(self, timeout: float) -> None:
        if not self.alive:
            timeout = min(timeout, STOPPING_POLL_SECONDS)
        super().wait_for_and_dispatch_events(timeout)

    def handle_request(self, req: Any, conn: Any) -> bool:
        if _declared_length(req) > self.max_body:
            req.force_close()  # its body stays unread: close, and say so in the 413
        _answering.req = req
        try:
            keepalive: bool = super().handle_request(req, conn)
        finally:
            _answering.req = None
        return keepalive


def _closing_after_unread_bodies(app: Callable[..., Iterable[bytes]]) -> Callable[..., Any]:
    """``app``, whose responses say ``Connection: close`` (and close) when they start with part
    of the request's body unread: gunicorn would otherwise drain it after a ``keep-alive``
    answer, and close the connection when the rest is slow to come or too long."""

    def wrapped(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            req = getattr(_answering, "req", None)
            if req is not None and _body_unread(req):
                req.force_close()
            return start_response(status, headers, exc_info)

        return app(environ, start)

    return wrapped


def _body_unread(req: Any) -> bool:
    """Whether bytes of the request's body are still to be read (a body of a stated length;
    a chunked body is drained by gunicorn as before)."""
    reader = getattr(getattr(req, "body", None), "reader", None)
    return isinstance(reader, LengthReader) and reader.length > 0


def write_json_error(sock: Any, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's ``util.write_error`` with the API's JSON body (``{"code", "message"}``)."""
    message = mesg or reason
    if status_int == 431:
        message = "the request's headers are too large (a cookie or header too long, or too many)"
    body = json.dumps({"code": GUNICORN_CODES.get(status_int, "bad_request"), "message": message})
    data = body.encode()
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n"
    )
    util.write_nonblock(sock, head.encode("latin1") + data)


# The worker's handle_error writes through this module function (gunicorn.util), and only error
# answers gunicorn gives before the app do; the app's own errors are JSON already.
util.write_error = write_json_error


def _declared_length(req: Any) -> int:
    """The request's ``Content-Length`` (0 when absent or not a number)."""
    for name, value in req.headers:
        if name == "CONTENT-LENGTH":
            return int(value) if value.isdigit() else 0
    return 0
