"""``slipway mlflow ui``: the MLflow UI over the configured tracking store."""

from __future__ import annotations

import subprocess
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
    raise typer.Exit(subprocess.call(cmd))
