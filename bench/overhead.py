"""Where a request's CPU goes, in process: ``python -m bench.overhead [--output FILE]``.

The WSGI apps are called directly (no gunicorn, no sockets), on a fresh SQLite database with the
pinned model: the bare Flask hello app, ``POST /v1/intent`` bare (its blueprint and model in an
app with nothing else), ``POST /v1/intent`` and ``POST /v1/chat`` (the load generator's eight
messages). Each figure is the process's CPU per request, the best of a few
rounds; each piece of the request path is then switched off in turn (the token's database
lookup, the per-token rate limit, the request log line) to show what it costs, with one thread
and with as many threads as a gunicorn worker runs (they share the GIL: a piece that lets go
of it, a database read or a log write, costs more there). ``make bench`` runs it as its
``overhead`` section; `docs/measurements.md` reads the figures.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.messages import MESSAGES

Environ = dict[str, Any]
PIECES = ("token lookup", "rate limit", "request log")


def _environ(method: str, path: str, token: str, body: dict[str, str] | None = None) -> Environ:
    data = json.dumps(body).encode() if body is not None else b""
    return {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_AUTHORIZATION": f"Bearer {token}",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(data)),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(data),
        "wsgi.errors": sys.stderr,
    }


def _call(app: Callable[..., Any], environ: Environ) -> None:
    status: list[str] = []
    body = b"".join(app(environ, lambda s, _h, _e=None: status.append(s)))
    if not status or not status[0].startswith("200"):
        raise RuntimeError(f"{environ['PATH_INFO']} answered {status}: {body[:300]!r}")


def cpu_per_request(
    app: Callable[..., Any], make: Callable[[int], Environ], n: int, threads: int, rounds: int
) -> float:
    """The process's CPU (all threads) per request in ms, the best of ``rounds``."""

    def loop(offset: int) -> None:
        for i in range(n // threads):
            _call(app, make(i + offset))

    loop(0)  # warm
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        workers = [threading.Thread(target=loop, args=(k,)) for k in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        best = min(best, (time.process_time() - start) * 1000 / (n // threads * threads))
    return round(best, 3)


@contextmanager
def piece_off(app: Any, piece: str) -> Iterator[None]:
    """Run the app without one piece of its request path (for measuring only)."""
    from flask import g

    from app import auth

    if piece == "token lookup":  # the identity of the first lookup, kept: no database read
        funcs = app.before_request_funcs[None]
        first: dict[str, Any] = {}

        def remembered() -> None:
            if not first:
                auth._authenticate()
                first.update(token_id=g.token_id, user_id=g.user_id, columns=g.user_columns)
                return
            g.user, g.token_id, g.user_id = None, first["token_id"], first["user_id"]
            g.user_columns = first["columns"]

        saved = list(funcs)
        funcs[:] = [remembered if f is auth._authenticate else f for f in funcs]
        try:
            yield
        finally:
            funcs[:] = saved
    elif piece == "rate limit":
        guard = app.extensions["slipway.throttles"]
        after = app.after_request_funcs[None]
        saved = list(after)
        guard.request_limit = lambda: None
        after[:] = [
            f for f in after if getattr(f, "__func__", None) is not type(guard).limit_headers
        ]
        try:
            yield
        finally:
            del guard.request_limit
            after[:] = saved
    elif piece == "request log":
        logger = logging.getLogger("app.factory")
        logger.disabled = True
        try:
            yield
        finally:
            logger.disabled = False
    else:
        raise ValueError(f"unknown piece {piece!r}; choose from {PIECES}")


def measure(
    threads: tuple[int, ...] = (1, 4), n: int = 1200, rounds: int = 3, **settings: Any
) -> dict[str, Any]:
    """Build the app on a fresh SQLite database (``settings`` override the app's settings, the
    pinned model by default) and measure every target and piece."""
    from app import create_app
    from app.factory import WARM_UP_THREAD
    from app.settings import AppSettings
    from bench.hello import create_app as create_hello
    from bench.hello import create_floor_app, create_model_app
    from bench.run import make_user

    work = Path(tempfile.mkdtemp(prefix="slipway-overhead-"))
    url = f"sqlite:///{work / 'assistant.db'}"
    token = make_user(url)
    app = create_app(
        AppSettings(
            **{
                "database_url": url,
                "rate_limit": "100000000/minute",
                "redis_url": None,
                "openai_api_key": None,  # the local path, the one the goals are about
                **settings,
            }
        )
    )
    hello = create_hello()
    floor = create_floor_app(app.extensions["slipway.settings"])
    model = create_model_app(app.extensions["slipway.settings"])
    for thread in threading.enumerate():  # the time reader's models load in the background
        if thread.name == WARM_UP_THREAD:
            thread.join()

    def classify(i: int) -> Environ:
        return _environ("POST", "/v1/intent", token, {"text": MESSAGES[i % len(MESSAGES)]})

    targets: dict[str, tuple[Any, Callable[[int], Environ], int]] = {
        "hello": (hello, lambda i: _environ("GET", "/hello", token), n),
        "model": (model, classify, n),  # the model behind plain WSGI (bench/hello.py)
        "floor": (floor, classify, n),  # /v1/intent's blueprint and model alone (bench/hello.py)
        "intent": (app, classify, n),
        "chat": (
            app,
            lambda i: _environ("POST", "/v1/chat", token, {"message": MESSAGES[i % len(MESSAGES)]}),
            max(len(MESSAGES) * threads[-1], n // 4),
        ),
    }
    out: dict[str, Any] = {"threads": list(threads), "requests": n, "rounds": rounds}
    with _logs_discarded():
        for name, (target, make, count) in targets.items():
            out[name] = _measure_target(name, target, make, count, threads, rounds)
    return out


@contextmanager
def _logs_discarded() -> Iterator[None]:
    """The app's log lines formatted and written as when it serves, into /dev/null rather than
    into the terminal (a line per request would bury the figures)."""
    handlers = [
        h for h in logging.getLogger("app").handlers if isinstance(h, logging.StreamHandler)
    ]
    with open(os.devnull, "w") as sink:
        streams = [h.setStream(sink) for h in handlers]
        try:
            yield
        finally:
            for handler, stream in zip(handlers, streams, strict=True):
                handler.setStream(stream)


def _measure_target(
    name: str,
    target: Any,
    make: Callable[[int], Environ],
    count: int,
    threads: tuple[int, ...],
    rounds: int,
) -> dict[str, dict[str, float]]:
    rows: dict[str, dict[str, float]] = {}
    for variant in ("whole", *(() if name in ("hello", "model", "floor") else PIECES)):
        rows[variant] = {}
        for k in threads:
            if variant == "whole":
                ms = cpu_per_request(target, make, count, k, rounds)
            else:
                with piece_off(target, variant):
                    ms = cpu_per_request(target, make, count, k, rounds)
            rows[variant][str(k)] = ms
        label = variant if variant == "whole" else f"without the {variant}"
        cells = ", ".join(f"{k} thread(s) {ms} ms" for k, ms in rows[variant].items())
        print(f"overhead: {name:<7} {label:<28} {cells}")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1200, help="requests per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--output", type=Path, help="write the figures as JSON here")
    args = parser.parse_args(argv)
    figures = measure(n=args.requests, rounds=args.rounds)
    if args.output:
        args.output.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
