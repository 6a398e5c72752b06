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

A fourth (security review S-M3): a read deadline per request. gthread gives a connection to a
pool thread once it is readable, and the thread then blocks reading the rest of the request: a
client sending a header line a second, or a body a byte a second, held a thread for as long as
it went on, and 8 of them (2 workers x 4 threads) stalled the whole server, ``/healthz`` too. A
per-``recv`` socket timeout cannot stop that (each byte restarts it), so each request gets a
total deadline, ``SLIPWAY_READ_TIMEOUT`` seconds from when the worker hands its connection to a
thread (accepted, or readable again after keep-alive): every read of the request's line,
headers and body waits at most until then, and past it takes only what has already arrived (a
request sent whole that waited in the queue for a free thread is served; a queue of slow
clients is cut as each reaches a thread, not one deadline after another). One deadline for
headers and body, not one each: a body is at most ``max_content_length`` (64 KiB), which a
client that is not trickling sends in well under a second, and two budgets would only let a
slow client hold a thread for their sum. A request whose headers miss it is answered 408 (JSON,
``request_timeout``) and closed; one whose body misses it while the app reads it gets the app's
JSON 408 ``request_timeout`` (``app.errors``) and is closed. Idle keep-alive connections are
unchanged: they hold no thread (gunicorn closes them after the keep-alive timeout).

A fifth, found with the fourth: a connection that ends after its answer (a 408, a 413 for a
body too large, any ``Connection: close``) is closed in its own thread, with a linger of
``CLOSE_LINGER_SECONDS``. gunicorn closed it on the worker's event loop, lingering up to 2 s
reading what the client still sent (so its answer is not lost to a reset): 10 clients that kept
trickling after their 413 stalled the loop (accepting, keep-alive, every answer) for 19 s.

A sixth: an answer that said keep-alive and finished just after the worker was told to stop (a
SIGHUP's old workers, a SIGTERM) had its connection closed by gthread at once, and the request
its client had already sent on it got no answer: one request per busy keep-alive client at each
reload (probe 39, O-M2). Such a connection goes back on the poller: its next request is answered
with ``Connection: close``, and an idle one closes when its keep-alive time is up.
"""

from __future__ import annotations

import contextlib
import errno
import json
import selectors
import ssl
import threading
import time
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from gunicorn import util
from gunicorn.http.body import LengthReader
from gunicorn.http.errors import NoMoreData
from gunicorn.http.unreader import SocketUnreader
from gunicorn.workers.gthread import TConn, ThreadWorker

from app.settings import AppSettings, ServerSettings

#: Longest wait for socket events while stopping, in seconds.
STOPPING_POLL_SECONDS = 0.5
#: Longest linger, in seconds, closing a connection after its last answer (a 413, a 408, any
#: ``Connection: close``): time for the answer to reach the client before the close, with bytes
#: still unread, resets the connection. gunicorn's is 2 s; the pod's peer is the ALB, in the VPC.
CLOSE_LINGER_SECONDS = 0.5
#: The codes of the statuses gunicorn answers itself (app.errors has the app's own)
GUNICORN_CODES = {
    400: "bad_request",
    403: "forbidden",
    408: "request_timeout",
    417: "expectation_failed",
    431: "headers_too_large",
    500: "internal_error",
    501: "not_implemented",
}


# The request a worker thread is answering (what the app's start_response looks at)
_answering = threading.local()


class ReadTimedOut(NoMoreData, TimeoutError):  # type: ignore[misc]
    """A request not received whole within its read deadline. A ``NoMoreData`` to gunicorn,
    which then closes the connection without a traceback when it comes while reading the
    headers; a ``TimeoutError`` to werkzeug, which reports it (as ``ClientDisconnected``) when
    the app reads the body, and the app answers 408 (``app.errors.body_timed_out``)."""

    def __str__(self) -> str:
        return "the request was not received within its read deadline"


class _DeadlineReads:
    """A connection's socket as gunicorn's request parser reads it: each ``recv`` of a request
    waits at most until the request's deadline. Past it, a read still takes what has already
    arrived (a request sent whole that waited for a free thread is served), and raises
    :class:`ReadTimedOut` instead of waiting for more."""

    def __init__(self, sock: Any, seconds: float) -> None:
        self.sock = sock
        self.seconds = seconds
        self.deadline = 0.0
        self.expired = False  # the deadline passed while the request was still arriving
        self.in_app = False  # the headers were read: the app has the request

    def new_request(self, ready_at: float) -> None:
        """Start a request's deadline at ``ready_at`` (when its connection became readable)."""
        self.deadline = ready_at + self.seconds
        self.expired = False
        self.in_app = False

    def recv(self, size: int) -> bytes:
        remaining = self.deadline - time.monotonic()
        prior = self.sock.gettimeout()  # gunicorn's drain after a response sets its own
        wait = max(remaining, 0.0)
        self.sock.settimeout(wait if prior is None else min(prior, wait))
        try:
            data: bytes = self.sock.recv(size)
        except (TimeoutError, BlockingIOError, ssl.SSLWantReadError):
            if time.monotonic() < self.deadline:
                raise  # the drain's own, shorter timeout
            self.expired = True
            raise ReadTimedOut(b"") from None
        finally:
            self.sock.settimeout(prior)
        return data

    def __getattr__(self, name: str) -> Any:
        return getattr(self.sock, name)


class _Connection(TConn):  # type: ignore[misc]
    """gthread's connection, whose HTTP/1 parser reads through a :class:`_DeadlineReads`;
    ``ready_at`` is when the worker handed it to a thread (accepted, or readable again)."""

    def __init__(self, *args: Any, read_timeout: float) -> None:
        super().__init__(*args)
        self.read_timeout = read_timeout
        self.ready_at = time.monotonic()
        self.reads: _DeadlineReads | None = None
        self.closed_here = False  # closed in its thread (DrainingThreadWorker.handle)

    def init(self) -> None:
        super().init()
        unreader = getattr(self.parser, "unreader", None)
        if self.reads is None and isinstance(unreader, SocketUnreader):
            self.reads = _DeadlineReads(unreader.sock, self.read_timeout)
            self.reads.new_request(self.ready_at)
            unreader.sock = self.reads


class DrainingThreadWorker(ThreadWorker):  # type: ignore[misc]
    def init_process(self) -> None:
        self.max_body = AppSettings().max_content_length
        self.read_timeout = ServerSettings().read_timeout
        super().init_process()

    def accept(self, listener: Any) -> None:
        """gthread's ``accept``, making a :class:`_Connection`."""
        try:
            client_sock, client_addr = listener.accept()
            self.nr_conns += 1
            client_sock.setblocking(True)
            conn = _Connection(
                self.cfg,
                client_sock,
                client_addr,
                listener.getsockname(),
                read_timeout=self.read_timeout,
            )
            self.enqueue_req(conn)
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise

    def enqueue_req(self, conn: Any) -> None:
        conn.ready_at = time.monotonic()  # its request's read deadline runs from here
        super().enqueue_req(conn)

    def handle(self, conn: Any) -> Any:
        """One request of ``conn`` (in a pool thread), within its read deadline."""
        reads = getattr(conn, "reads", None)
        if reads is not None:
            reads.new_request(conn.ready_at)
        result = super().handle(conn)
        reads = getattr(conn, "reads", None)  # made by the first request's conn.init()
        if reads is not None and reads.expired:
            self._timed_out(conn, reads)
            result = False
        if result is False:  # (not a keep-alive, nor gthread's "no data yet, back to the poller")
            conn.closed_here = True
            util.close_graceful(conn.sock, timeout=CLOSE_LINGER_SECONDS)
        return result

    def _timed_out(self, conn: Any, reads: _DeadlineReads) -> None:
        """A request that missed its read deadline: a 408 when the app never saw it (the app
        answered its own otherwise)."""
        if not reads.in_app:
            self.log.warning(
                "Request from ip=%s not received within %s s: 408, closed",
                conn.client[0] if isinstance(conn.client, tuple) else conn.client,
                reads.seconds,
            )
            with contextlib.suppress(OSError):  # the client may be gone
                write_json_error(
                    conn.sock,
                    408,
                    "Request Timeout",
                    f"the request was not received within {reads.seconds} seconds",
                )

    def finish_request(self, conn: Any, fs: Any) -> None:
        if getattr(conn, "closed_here", False):
            self.nr_conns -= 1  # closed in its thread (see handle), not lingering on this loop
            return
        if not self.alive and not fs.cancelled() and fs.exception() is None and fs.result() is True:
            # An answer that said keep-alive, finished as the worker began to stop: gthread
            # closes its connection here, and the client's next request on it, already on its
            # way, got no answer (probe 39, O-M2: one request per busy keep-alive client at
            # each SIGHUP or SIGTERM). It goes back on the poller instead: a next request is
            # answered, with ``Connection: close``; an idle one is closed when its keep-alive
            # time is up, as any other.
            conn.sock.setblocking(False)
            conn.set_timeout()
            self.keepalived_conns.append(conn)
            self.poller.register(
                conn.sock, selectors.EVENT_READ, partial(self.on_client_socket_readable, conn)
            )
            return
        super().finish_request(conn, fs)

    def load_wsgi(self) -> None:
        super().load_wsgi()
        self.wsgi = _closing_after_unread_bodies(self.wsgi)  # type: ignore[has-type]

    def wait_for_and_dispatch_events(self, timeout: float) -> None:
        if not self.alive:
            timeout = min(timeout, STOPPING_POLL_SECONDS)
        super().wait_for_and_dispatch_events(timeout)

    def handle_request(self, req: Any, conn: Any) -> bool:
        reads = getattr(conn, "reads", None)
        if reads is not None:
            reads.in_app = True
        if _declared_length(req) > self.max_body:
            req.force_close()  # its body stays unread: close, and say so in the 413
        _answering.req = req
        _answering.reads = reads
        try:
            keepalive: bool = super().handle_request(req, conn)
        finally:
            _answering.req = _answering.reads = None
        return keepalive


def _closing_after_unread_bodies(app: Callable[..., Iterable[bytes]]) -> Callable[..., Any]:
    """``app``, whose responses say ``Connection: close`` (and close) when they start with part
    of the request's body unread: gunicorn would otherwise drain it after a ``keep-alive``
    answer, and close the connection when the rest is slow to come or too long."""

    def wrapped(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            req = getattr(_answering, "req", None)
            reads = getattr(_answering, "reads", None)
            if req is not None and (_body_unread(req) or (reads is not None and reads.expired)):
                req.force_close()  # (a chunked body cut at its read deadline: closed too)
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
