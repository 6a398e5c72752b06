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
) -> None:
    """Open the MLflow UI over the configured tracking store (local SQLite by default)."""
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
    ]
    console.print(f"MLflow UI on http://127.0.0.1:{port} (Ctrl-C to stop)")
    raise typer.Exit(run_forwarding(cmd))


FORWARDED = (signal.SIGTERM, signal.SIGHUP)


def run_forwarding(cmd: list[str]) -> int:
    """Run ``cmd`` until it exits, passing SIGTERM and SIGHUP on to it: stopping this process
    (``kill PID``) stops the server too instead of leaving it on its port. (Ctrl-C reaches the
    whole process group already.)"""
    child = subprocess.Popen(cmd)

    def forward(signum: int, frame: FrameType | None) -> None:
        if child.poll() is None:
            child.send_signal(signum)

    saved = {sig: signal.signal(sig, forward) for sig in FORWARDED}
    try:
        while True:
            try:
                return child.wait()
            except KeyboardInterrupt:  # the child got the same Ctrl-C: wait for it to stop
                continue
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
