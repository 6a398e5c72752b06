"""gunicorn configuration: ``gunicorn -c app/gunicorn.conf.py 'app:create_app()'``.

Before any worker starts (and again on SIGHUP) the master downloads the pinned model into the
local cache, so workers boot from disk.
"""

from typing import Any

from app.settings import AppSettings, ServerSettings

_server = ServerSettings()

bind = _server.bind
workers = _server.workers
threads = _server.threads
timeout = _server.timeout
graceful_timeout = _server.graceful_timeout
worker_class = "gthread"
# Each worker loads the pinned model at boot (the master pre-downloads it, see below), so that
# SIGHUP after a new pin starts workers on the new version while the old ones finish.
preload_app = False
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = "127.0.0.1"


def _prefetch_model(server: Any) -> None:
    """Download the pinned model once in the master, so workers (re)start from the cache."""
    from app.model import prefetch_pinned_model

    server.log.info(prefetch_pinned_model(AppSettings()))


def on_starting(server: Any) -> None:
    _prefetch_model(server)


def on_reload(server: Any) -> None:
    _prefetch_model(server)
