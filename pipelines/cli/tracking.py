"""``slipway mlflow ui``: the MLflow UI over the configured tracking store."""

from __future__ import annotations

import signal
import subprocess
from types import FrameType
from typing import Annotated

import typer

from pipelines.cli.common import console, settings, tool

app = typer.Typer(help="The MLflow tracking server and UI.", no_args_is_help=True)


@app.command("ui")
def mlflow_ui(
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 5000,
    workers: Annotated[
        int, typer.Option(min=1, help="Server processes (one person's UI needs one).")
    ] = 1,
) -> None:
    """Open the MLflow UI over the configured tracking store (local SQLite by default)."""
    import os

    s = settings()
    cmd = [
        tool("mlflow"),
        "ui",
        "--backend-store-uri",
        s.mlflow_tracking_uri,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    console.print(f"MLflow UI on http://127.0.0.1:{port} (Ctrl-C to stop)")
    # MLflow's default, 4 workers and a job runner of 7 processes for its GenAI jobs, took 2.4 GiB
    # and 8 s to serve on a 2-core laptop; one worker and no job runner take 0.5 GiB and 5 s
    env = {"MLFLOW_SERVER_ENABLE_JOB_EXECUTION": "false", **os.environ}
    raise typer.Exit(run_forwarding(cmd, env=env))


#: What stops the UI: each is passed on to the server as the SIGTERM it stops cleanly on (MLflow
#: handles SIGTERM and SIGINT, not SIGHUP: on SIGHUP it died and left uvicorn and its job runner
#: serving the port). Ctrl-C is passed on as SIGINT.
FORWARDED: dict[int, int] = {signal.SIGTERM: signal.SIGTERM, signal.SIGHUP: signal.SIGTERM}
#: Seconds the server has to stop after a forwarded signal, and what is left of its process
#: group after it exited, before SIGKILL.
GRACE_SECONDS = 10.0


def run_forwarding(
    cmd: list[str], grace: float = GRACE_SECONDS, env: dict[str, str] | None = None
) -> int:
    """Run ``cmd`` in a process group of its own until it exits; stopping this process (``kill
    PID``, ``kill -HUP PID``, Ctrl-C) stops that whole group: the server gets SIGTERM (SIGINT for
    Ctrl-C), and whatever of its group outlives it (uvicorn, its workers, the job runner) gets
    SIGTERM, then SIGKILL after ``grace`` seconds. Nothing is left serving the port."""
    import time

    forwarded: dict[int, int] = dict(FORWARDED)
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:  # a background job ignores it
        forwarded[signal.SIGINT] = signal.SIGINT
    child = subprocess.Popen(cmd, process_group=0, env=env)
    stopping: list[float] = []  # when a stop was forwarded

    def forward(signum: int, frame: FrameType | None) -> None:
        stopping.append(time.monotonic())
        if child.poll() is None:
            child.send_signal(forwarded[signum])

    saved = {sig: signal.signal(sig, forward) for sig in forwarded}
    try:
        while True:
            try:
                return child.wait(timeout=0.2)
            except subprocess.TimeoutExpired:
                if stopping and time.monotonic() - stopping[0] > grace:
                    _signal_group(child.pid, signal.SIGKILL)
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
        _stop_group(child.pid, grace)
        if child.poll() is None:
            child.kill()
            child.wait()


def _signal_group(pgid: int, signum: int) -> bool:
    """Send ``signum`` to the process group; False when the group is gone."""
    import os

    try:
        os.killpg(pgid, signum)
    except ProcessLookupError:
        return False
    except PermissionError:  # a zombie leader's group on some systems: treat as gone
        return False
    return True


def _stop_group(pgid: int, grace: float) -> None:
    """SIGTERM to what is left of the group, SIGKILL after ``grace`` seconds."""
    import time

    if not _signal_group(pgid, signal.SIGTERM):
        return
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        if not _signal_group(pgid, 0):
            return
        time.sleep(0.1)
    _signal_group(pgid, signal.SIGKILL)
