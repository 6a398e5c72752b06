"""Real servers for tests, each on 127.0.0.1 with a free port, stopped when the block ends.

Postgres (Debian's ``postgresql``), an S3 API server (moto in server mode) and an MLflow
tracking server. A missing binary skips the test locally and fails it in CI (see ``require``).
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import requests

from bench.servers import Postgres, pg_bin
from bench.servers import postgres_server as _postgres_server
from tests.conftest import ROOT, free_port, require

BIN = ROOT / ".venv" / "bin"


@functools.cache
def _mlflow_store_template() -> Path:
    """An MLflow SQLite store migrated once per process, its default experiment removed (MLflow
    makes it again, under the artifact root of whoever opens the copy first)."""
    import sqlite3

    from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore

    folder = Path(tempfile.mkdtemp(prefix="slipway-mlflow-template-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / "mlflow.db"
    SqlAlchemyStore(f"sqlite:///{path}", str(folder / "artifacts")).engine.dispose()
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute("DELETE FROM experiments")
    return path


def mlflow_store(path: Path) -> str:
    """The tracking URI of a new, empty MLflow store at ``path`` (a SQLite file). MLflow runs
    all its schema migrations (68 in 3.17) on a new file, about 1 s of CPU each time (a fresh
    registry in every pipeline test, and again in a subprocess that opens one first): here it is
    a copy of a store migrated once."""
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_mlflow_store_template(), path)
    return f"sqlite:///{path}"


def _wait_http(url: str, proc: subprocess.Popen[bytes], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            requests.get(url, timeout=5)
            return
        except requests.RequestException:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not start at {url}") from None
            time.sleep(0.25)


def _stop(proc: subprocess.Popen[bytes], timeout: float, sig: int = signal.SIGTERM) -> None:
    """Ask a server to stop (SIGTERM by default); kill it if it has not within ``timeout``."""
    proc.send_signal(sig)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def postgres_server() -> AbstractContextManager[Postgres]:
    """Postgres as bench/servers.py starts it; a missing binary skips (fails in CI)."""
    require(pg_bin() is not None, "PostgreSQL server binaries not installed (apt postgresql)")
    return _postgres_server()


#: AWS's managed policies moto's IAM holds when a test asks for them: every one the rendered stack,
#: bootstrap and the tests name (tests/infra/test_bootstrap.py checks the list against them).
AWS_MANAGED_POLICIES = (
    "AdministratorAccess",
    "AmazonEBSCSIDriverPolicy",
    "AmazonEC2ContainerRegistryReadOnly",
    "AmazonEKSClusterPolicy",
    "AmazonEKSWorkerNodePolicy",
    "AmazonEKS_CNI_Policy",
    "AmazonRDSEnhancedMonitoringRole",
    "IAMFullAccess",
    "PowerUserAccess",
    "ReadOnlyAccess",
)


@contextmanager
def s3_server(aws_managed_policies: bool = False) -> Iterator[str]:
    """moto in server mode: a real HTTP server speaking the S3 API (and IAM, STS, KMS, EC2…).
    ``aws_managed_policies``: IAM holds AWS's managed policies the project uses (see
    tests/fakes/moto_server.py: all 1,582 cost a second of CPU per account and reset)."""
    moto = BIN / "moto_server"
    require(moto.exists(), "moto_server not installed (dev group)")
    port = free_port()
    command = [str(moto)]
    if aws_managed_policies:
        command = [
            str(BIN / "python"),
            str(ROOT / "tests" / "fakes" / "moto_server.py"),
            "--aws-policies",
            ",".join(AWS_MANAGED_POLICIES),
        ]
    proc = subprocess.Popen(
        [*command, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_http(url, proc, "moto_server", 30)
        yield url
    finally:
        _stop(proc, 10)


S3_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


def s3_client(endpoint: str):  # type: ignore[no-untyped-def]
    """A boto3 S3 client for the moto server at ``endpoint``."""
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def make_bucket(endpoint: str, name: str) -> None:
    s3_client(endpoint).create_bucket(Bucket=name)


@contextmanager
def mlflow_server(
    backend_uri: str, artifacts: str, env: dict[str, str] | None = None, log: Path | None = None
) -> Iterator[str]:
    """``mlflow server`` with the given backend store and artifact destination."""
    port = free_port()
    out = log.open("w") if log else subprocess.DEVNULL
    proc = subprocess.Popen(
        [
            str(BIN / "mlflow"),
            "server",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--backend-store-uri",
            backend_uri,
            "--artifacts-destination",
            artifacts,
            "--workers",
            "1",
        ],
        # as the platform runs it (infra/platform/model.py's MlflowServer.env): no job runner
        env={**os.environ, "MLFLOW_SERVER_ENABLE_JOB_EXECUTION": "false", **(env or {})},
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_http(f"{url}/health", proc, "mlflow server", 120)
        yield url
    finally:
        _stop(proc, 20)
        if log and out is not subprocess.DEVNULL:
            out.close()  # type: ignore[union-attr]


@contextmanager
def redis_server() -> Iterator[str]:
    """Debian's ``redis-server`` on a free port, nothing persisted; yields its ``redis://`` URL."""
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    require(Path(binary).exists(), "redis-server not installed (apt redis-server)")
    port = free_port()
    tmp = Path(tempfile.mkdtemp(prefix="slipway-redis-"))
    proc = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp),
            "--protected-mode",
            "yes",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        import redis

        client = redis.Redis.from_url(url)
        deadline = time.monotonic() + 20
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.1)
        client.close()
        yield url
    finally:
        _stop(proc, 10)
        shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def gunicorn_server(
    env: dict[str, str | None],
    log: Path,
    timeout: float = 90,
    bin_dir: Path = BIN,
    cwd: Path = ROOT,
) -> Iterator[tuple[str, subprocess.Popen[bytes], dict[str, str]]]:
    """The app under gunicorn with the repository's config; yields (base URL, master process).

    ``env`` is layered over the current environment (a None value unsets a variable); the bind
    address is chosen here. Yields (base URL, master process, the server's environment). The
    server is ready when ``/readyz`` answers 200; it is stopped with SIGTERM (graceful).
    ``bin_dir``/``cwd`` run another installation (e.g. the image rehearsal's venv and folder).
    """
    port = free_port()
    layered: dict[str, str | None] = {**os.environ, **env, "SLIPWAY_BIND": f"127.0.0.1:{port}"}
    full_env = {k: v for k, v in layered.items() if v is not None}
    out = log.open("w")
    proc = subprocess.Popen(
        [str(bin_dir / "gunicorn"), "-c", "app/gunicorn.conf.py", "app:create_app()"],
        cwd=cwd,
        env=full_env,
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if requests.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not become ready:\n{log.read_text()}")
            time.sleep(0.2)
        yield url, proc, full_env
    finally:
        _stop(proc, 30)
        out.close()


def gunicorn_refusal(tmp_path: Path, **settings: str) -> tuple[int, list[str]]:
    """The master started as the image starts it, with ``settings`` (``SLIPWAY_…`` variables)
    over a SQLite database in ``tmp_path``, expected to stop before any worker: its exit status
    and the lines it wrote, without gunicorn's "Starting gunicorn" line."""
    env = {
        **os.environ,
        "SLIPWAY_DATABASE_URL": f"sqlite:///{tmp_path / 'assistant.db'}",
        "SLIPWAY_BIND": f"127.0.0.1:{free_port()}",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
        "PYTHONPATH": str(ROOT),
        **settings,
    }
    run = subprocess.run(
        [str(BIN / "gunicorn"), "-c", "app/gunicorn.conf.py", "app:create_app()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    lines = (run.stdout + run.stderr).splitlines()
    return run.returncode, [line for line in lines if "Starting gunicorn" not in line]


def site_env(
    model: Path, release: Path, db: Path, ranker: Path | None = None, **more: str | None
) -> dict[str, str | None]:
    """The environment of an app server a browser or a client drives (for
    :func:`gunicorn_server`): one worker, the given intent model and release pin (and pathway
    ranker), a SQLite file, the shipped knowledge base, no rate limit worth the name, no Redis,
    and a short graceful stop (a browser's keep-alive connections would hold it the whole 20 s).
    ``more`` adds or overrides variables (``SLIPWAY_WORKERS="2"``)."""
    env: dict[str, str | None] = {
        "SLIPWAY_WORKERS": "1",
        "SLIPWAY_RELEASE_FILE": str(release),
        "SLIPWAY_MODEL_PATH": str(model),
        "SLIPWAY_DATABASE_URL": f"sqlite:///{db}",
        "SLIPWAY_KNOWLEDGE_DIR": str(ROOT / "data" / "knowledge"),
        "SLIPWAY_RATE_LIMIT": "10000/minute",
        "SLIPWAY_REDIS_URL": None,
        "SLIPWAY_GRACEFUL_TIMEOUT": "3",
    }
    if ranker is not None:
        env["SLIPWAY_RANKER_PATH"] = str(ranker)
    return {**env, **more}


def cli_user(env: dict[str, str], name: str, timezone: str = "UTC") -> str:
    """A user made with `slipway users create` against ``env``'s database; returns its token."""
    done = subprocess.run(
        [str(BIN / "slipway"), "users", "create", name, "--timezone", timezone],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    token = done.stdout.strip().splitlines()[-1]
    assert token.startswith("slw_"), done.stdout + done.stderr
    return token


def api_caller(url: str, token: str) -> Callable[..., Any]:
    """``call(method, path, body=None)``: one JSON request to the server at ``url`` with
    ``token``, its JSON answer (an HTTP error raises)."""

    def call(method: str, path: str, body: Any = None) -> Any:
        request = urllib.request.Request(
            url + path,
            data=json.dumps(body).encode() if body is not None else None,
            method=method,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    return call


def listed(url: str, token: str, route: str, key: str) -> list[dict[str, Any]]:
    """Every item of a list route (``/v1/meetings``, key ``meetings``), page after page."""
    items: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": 200}
    while True:
        r = requests.get(
            f"{url}{route}", params=params, headers={"Authorization": f"Bearer {token}"}, timeout=30
        )
        assert r.status_code == 200, r.text
        items += r.json()[key]
        if r.json().get("next_cursor") is None:
            return items
        params["cursor"] = r.json()["next_cursor"]


# -- what a server's processes take: the pod's memory, measured against its limit -------------
def process_tree(root: int) -> list[int]:
    """``root`` and every process below it (children, their children, ...)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def pss_bytes(pid: int) -> int:
    """Proportional set size: shared pages counted once across the processes sharing them."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    return int(re.search(r"^Pss:\s+(\d+) kB", text, re.M).group(1)) * 1024  # type: ignore[union-attr]


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def quantity_bytes(quantity: str) -> int:
    """A Kubernetes memory quantity ("512Mi", "1Gi") in bytes."""
    units = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30}
    return int(quantity[:-2]) * units[quantity[-2:]]
