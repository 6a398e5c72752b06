"""gunicorn configuration: ``gunicorn -c app/gunicorn.conf.py 'app:create_app()'``.

Before any worker starts, the master downloads the pinned models and checks them (a pin that
fails after a SIGHUP leaves the workers on the previous one: ``app.model.check_pins``), applies
the database migrations (unless ``SLIPWAY_DB_UPGRADE_ON_START=false``), loads the time reader's
models, which every worker then shares, and prepares a clean folder for Prometheus' multiprocess
mode, so ``/metrics`` adds up every worker's samples.
"""

import os
import re
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

# The log is JSON lines: MLflow's download progress bar (a multi-kilobyte line per pinned model
# at every start) stays off however the server is started, not only under `make run` (probe 39,
# O-L7: a systemd unit or a shell wrote it into the log)
os.environ.setdefault("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "false")
# Must be set before prometheus_client is first imported (in the workers, which inherit it).
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="slipway-prometheus-")
_metrics_dir = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
_metrics_dir.mkdir(parents=True, exist_ok=True)
# /metrics reads every *.db file of the folder as samples, and the cleaning below deletes them: a
# SQLite database kept there would be deleted at the next start. Refuse such a folder, naming
# what is in it, before anything is touched.
_foreign = sorted(
    p.name
    for p in _metrics_dir.glob("*.db")
    if not re.fullmatch(r"(counter|histogram|summary|gauge_[a-z]+)_\d+\.db", p.name)
)
if _foreign:
    raise SystemExit(
        f"error: PROMETHEUS_MULTIPROC_DIR={_metrics_dir} holds files that are not Prometheus "
        f"metric files ({', '.join(_foreign)}): they would be read as samples, then deleted. "
        "Give the metrics a folder of their own"
    )
if os.environ.get("_SLIPWAY_METRICS_DIR_CLEAN") != str(_metrics_dir):
    # Samples of a previous run would be added up again; clean once per master (this file is
    # read again on SIGHUP, when live workers still own their files).
    for _stale in _metrics_dir.glob("*.db"):
        _stale.unlink()
    os.environ["_SLIPWAY_METRICS_DIR_CLEAN"] = str(_metrics_dir)

from pydantic import ValidationError  # noqa: E402
from pydantic_settings import SettingsError  # noqa: E402

from app.settings import AppSettings, ServerSettings, settings_problem  # noqa: E402


def _read(settings: Any) -> Any:
    """The settings, or one line saying which variable is wrong and how (not gunicorn's "Failed
    to read config file" and a traceback)."""
    try:
        return settings()
    except (ValidationError, SettingsError) as error:
        raise SystemExit(f"error: {settings_problem(error, settings)}") from None


_server: ServerSettings = _read(ServerSettings)
_metrics_port = _read(AppSettings).metrics_port

bind = [_server.bind]
if _metrics_port is not None:
    # /metrics on a port of its own, on the app's host (see AppSettings.metrics_port)
    _host = "127.0.0.1" if _server.bind.startswith("unix:") else _server.bind.rsplit(":", 1)[0]
    bind.append(f"{_host}:{_metrics_port}")
workers = _server.workers
threads = _server.threads
timeout = _server.timeout
graceful_timeout = _server.graceful_timeout
# gthread, with idle keep-alive connections closed in time when stopping (see app/worker.py)
worker_class = "app.worker.DrainingThreadWorker"
# Each worker loads the pinned model at boot (the master pre-downloads it, see below), so that
# SIGHUP after a new pin starts workers on the new version while the old ones finish.
preload_app = False
# the JSON `request` line of app/factory.py is the access log; gunicorn's only on request
accesslog = "-" if _server.access_log else None
errorlog = "-"
forwarded_allow_ips = "127.0.0.1"
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# gunicorn's control socket defaults to one path per user, which every instance on a host would
# share: it is off unless SLIPWAY_CONTROL_SOCKET names this instance's own path.
control_socket_disable = not _server.control_socket
if _server.control_socket:
    control_socket = _server.control_socket


def _prefetch_model(server: Any) -> None:
    """Download the pinned models once in the master, so workers (re)start from the cache, and
    check them against their pinned digests: a pin that fails after a SIGHUP leaves the workers
    on the version that passed before (``app.model.check_pins``), and says so loudly."""
    from app.model import check_pins

    for level, message in check_pins(AppSettings()):
        server.log.log(level, message)


def control_socket_in_use(path: str) -> bool:
    """Whether another process listens at the control socket ``path`` (a file left by a stopped
    instance answers nothing, and is replaced)."""
    import socket

    if not path or not os.path.exists(path):
        return False
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    probe.settimeout(1.0)
    try:
        probe.connect(path)
    except OSError:
        return False
    finally:
        probe.close()
    return True


def on_starting(server: Any) -> None:
    if control_socket_in_use(_server.control_socket):
        # two instances on one path: the second took it over, and a `gunicornc` reload or
        # worker kill meant for the first reached the second (probe 39, O-L2)
        raise SystemExit(
            f"SLIPWAY_CONTROL_SOCKET={_server.control_socket} is in use by another running "
            "instance: give this one a path of its own, or leave it empty for none"
        )
    settings = AppSettings()
    if settings.db_upgrade_on_start:
        from sqlalchemy.engine import make_url

        from app.db.migrate import upgrade

        url = make_url(settings.database_url)
        new_file = (
            url.get_backend_name() == "sqlite"
            and url.database not in (None, "", ":memory:")
            and not Path(str(url.database)).exists()
        )
        try:
            upgrade(settings.database_url)
        except Exception as error:
            _stop_on(server, error, settings.database_url)
            raise
        if new_file:  # a typo in the file's name would serve an empty database: say so
            server.log.warning(
                "no SQLite database at %s: a new, empty one was created (no users or tokens "
                "yet); if you meant an existing one, check SLIPWAY_DATABASE_URL",
                url.database,
            )
        server.log.info("database migrated to head")
    _prefetch_model(server)


def _stop_on(server: Any, error: BaseException, url: str) -> None:
    """A database out of reach at start (a wrong host or port, a database not created, a
    password refused): the master stops with one line saying what is wrong and what to do, and
    exit status 1, instead of a traceback of a hundred lines. Other errors go on up."""
    from app.db import database_problem

    problem = database_problem(error, url)
    if problem is None:
        return
    server.log.error("error: %s", problem)
    if server.pidfile is not None:
        server.pidfile.unlink()
    on_exit(server)
    raise SystemExit(1)


def when_ready(server: Any) -> None:
    """Load the time reader's models here, once, before the first worker is forked (the sockets
    are open: a connection waits in the listen queue meanwhile). A worker then serves its first
    request without a warm-up of its own (seconds of pattern compiling beside its requests), and
    its models are pages it shares with the master and the other workers, not a copy of its own.
    (The app itself still loads in each worker: a SIGHUP must start workers on a new pin; its
    code is imported here first, so a worker only builds it.)"""
    from app import language
    from app.factory import import_serving_code, load_time_reader

    started = time.monotonic()
    import_serving_code()  # before the time reader's gc.freeze(), which then covers it too
    load_time_reader()
    language.warm_up()  # the language detector's models, shared the same way
    server.log.info("time reader loaded in %.1f s", time.monotonic() - started)


def on_reload(server: Any) -> None:
    _prefetch_model(server)


def child_exit(server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]


def on_exit(server: Any) -> None:
    if _metrics_dir.name.startswith("slipway-prometheus-"):
        shutil.rmtree(_metrics_dir, ignore_errors=True)
