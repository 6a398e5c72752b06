"""Servers the benchmarks drive: the assistant and the hello baseline under gunicorn (same
config file), ``mlflow models serve`` and Postgres (which the tests start from here too); each on
127.0.0.1 and a free port, in its own process group so that it can be stopped (or killed) as a
whole."""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
APP = "app:create_app()"
HELLO = "bench.hello:create_app()"
FLOOR = "bench.hello:create_floor_app()"
MODEL_ONLY = "bench.hello:create_model_app()"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Server:
    url: str
    proc: subprocess.Popen[bytes]
    env: dict[str, str] = field(default_factory=dict)

    def worker_pids(self) -> list[int]:
        return sorted(c.pid for c in psutil.Process(self.proc.pid).children())

    def worker_cpu_seconds(self) -> dict[int, float]:
        """User + system CPU seconds the server's processes (master, workers and their own
        children) have spent so far, per process."""
        out: dict[int, float] = {}
        try:
            processes = [
                self.proc.pid,
                *(c.pid for c in psutil.Process(self.proc.pid).children(True)),
            ]
        except psutil.NoSuchProcess:
            return out
        for pid in processes:
            try:
                times = psutil.Process(pid).cpu_times()
            except psutil.NoSuchProcess:
                continue
            out[pid] = times.user + times.system
        return out

    def worker_rss_mib(self) -> dict[int, float]:
        """Resident memory of each gunicorn worker (MiB)."""
        out: dict[int, float] = {}
        for pid in self.worker_pids():
            try:
                out[pid] = round(psutil.Process(pid).memory_info().rss / 2**20, 1)
            except psutil.NoSuchProcess:
                continue
        return out


def wait_ready(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            tail = log.read_text()[-3000:] if log.exists() else ""
            raise RuntimeError(f"server at {url} did not become ready:\n{tail}")
        time.sleep(0.2)


def stop(proc: subprocess.Popen[bytes], sig: int = signal.SIGTERM, timeout: float = 30) -> None:
    """Signal the whole process group; SIGKILL it if it has not exited within ``timeout``."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, sig)
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    except ProcessLookupError:
        proc.wait(timeout=10)


def start_gunicorn(
    app_spec: str, env: dict[str, str], log: Path, port: int | None = None
) -> Server:
    """``gunicorn -c app/gunicorn.conf.py APP_SPEC`` with ``env`` over the current environment."""
    port = port or free_port()
    full_env = {**os.environ, **env, "SLIPWAY_BIND": f"127.0.0.1:{port}"}
    command = [str(BIN / "gunicorn"), "-c", "app/gunicorn.conf.py", app_spec]
    return _launch(command, port, full_env, log, "/readyz")


def _launch(
    command: list[str],
    port: int,
    env: dict[str, str],
    log: Path,
    ready_path: str,
    timeout: float = 120,
) -> Server:
    """Start ``command`` in its own process group (output appended to ``log``) and wait until
    ``ready_path`` answers 200; a server that never does is killed."""
    out = log.open("ab")
    proc = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
    )
    out.close()
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(f"{url}{ready_path}", proc, log, timeout)
    except BaseException:
        stop(proc, signal.SIGKILL)
        raise
    return Server(url, proc, env)


@contextmanager
def gunicorn(app_spec: str, env: dict[str, str], log: Path) -> Iterator[Server]:
    server = start_gunicorn(app_spec, env, log)
    try:
        yield server
    finally:
        stop(server.proc)


@contextmanager
def mlflow_serve(model_uri: str, workers: int, env: dict[str, str], log: Path) -> Iterator[Server]:
    """``mlflow models serve`` of ``model_uri`` with the local environment (no conda/venv)."""
    port = free_port()
    # mlflow execs ``uvicorn`` by name: the venv's bin must come first on PATH.
    path = f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"
    full_env = {**os.environ, **env, "PATH": path}
    command = [str(BIN / "mlflow"), "models", "serve", "-m", model_uri, "--env-manager", "local"]
    command += ["-h", "127.0.0.1", "-p", str(port), "-w", str(workers)]
    server = _launch(command, port, full_env, log, "/ping", timeout=180)
    try:
        yield server
    finally:
        stop(server.proc)


def pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl else None


@dataclass
class Postgres:
    host: str
    port: int
    user: str
    password: str
    # the server's own processes: ``stop`` and ``start`` them (a restart, an outage)
    control: Callable[[str], None] | None = None

    def stop(self) -> None:
        """Stop the server (``pg_ctl stop -m fast``): connections are refused until ``start``."""
        assert self.control is not None, "this server was not started here"
        self.control("stop")

    def start(self) -> None:
        assert self.control is not None, "this server was not started here"
        self.control("start")

    def url(self, database: str, driver: str = "postgresql+psycopg") -> str:
        return f"{driver}://{self.user}:{self.password}@{self.host}:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url("postgres", "postgresql"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name


@contextmanager
def postgres_server() -> Iterator[Postgres]:
    """initdb into a temporary folder and run postgres as the ``postgres`` user when root."""
    bindir = pg_bin()
    if bindir is None:
        raise RuntimeError("PostgreSQL server binaries not installed (apt postgresql)")
    as_root = os.geteuid() == 0
    tmp = Path(tempfile.mkdtemp(prefix="slipway-pg-"))
    data = tmp / "data"
    if as_root:
        shutil.chown(tmp, "postgres", "postgres")
    pwfile = tmp / "pw"
    pwfile.write_text("slipway\n")
    if as_root:
        shutil.chown(pwfile, "postgres", "postgres")

    def run(*cmd: str) -> None:
        full = ["runuser", "-u", "postgres", "--", *cmd] if as_root else list(cmd)
        subprocess.run(full, check=True, capture_output=True, timeout=120)

    port = free_port()
    run(
        str(bindir / "initdb"),
        "-D",
        str(data),
        "-U",
        "slipway",
        "--pwfile",
        str(pwfile),
        "-A",
        "scram-sha-256",
        "--no-sync",
        "-E",
        "UTF8",
    )
    opts = f"-p {port} -h 127.0.0.1 -k {tmp} -c fsync=off -c full_page_writes=off"
    running = {"up": False}

    def control(action: str) -> None:
        if action == "start":
            log = str(tmp / "log")
            run(str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-l", log, "-w", "start")
            running["up"] = True
        else:
            run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
            running["up"] = False

    control("start")
    try:
        yield Postgres("127.0.0.1", port, "slipway", "slipway", control)
    finally:
        try:
            if running["up"]:
                control("stop")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
