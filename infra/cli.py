"""``slipway infra``: render the environment specs to Terraform JSON and check for drift.

Assembled into ``slipway`` by ``pipelines.cli``; an ``InfraError`` becomes one ``error:`` line
there. CDKTF (the ``infra`` dependency group) is imported when ``synth`` runs.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from infra.errors import InfraError

app = typer.Typer(
    name="infra",
    help="Cloud infrastructure: environment specs rendered by CDKTF (terraform/) and Pulumi.",
    no_args_is_help=True,
    add_completion=False,
)


@app.command()
def synth(
    env: Annotated[
        list[str] | None,
        typer.Option("--env", "-e", help="Environment to render (repeatable); default: all."),
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 if terraform/ is out of date.")
    ] = False,
    out: Annotated[
        Path | None, typer.Option("--out", help="Output folder (default: terraform/).")
    ] = None,
) -> None:
    """Render infra/environments/<env>.yaml to terraform/<env>/cdk.tf.json."""
    from infra.cdktf.app import synth as run_synth
    from infra.settings import InfraSettings
    from infra.spec import available_environments

    settings = InfraSettings()
    out_dir = out or settings.out_dir
    envs = env or available_environments(settings)
    started = time.monotonic()
    if not envs:
        raise InfraError(f"no environment specs in {settings.environments_dir}")
    paths = run_synth(envs, settings, out_dir, check=check)
    seconds = time.monotonic() - started
    verb = "up to date" if check else "wrote"
    for path in paths:
        typer.echo(f"{verb}: {path}")
    typer.echo(f"synthesized {len(paths)} environment(s) in {seconds:.1f}s")


@app.command()
def validate(
    env: Annotated[
        list[str] | None,
        typer.Option("--env", "-e", help="Environment to validate (repeatable); default: all."),
    ] = None,
) -> None:
    """Check environment specs without rendering them (fast: no CDKTF)."""
    from infra.settings import InfraSettings
    from infra.spec import available_environments, load_spec

    settings = InfraSettings()
    for name in env or available_environments(settings):
        load_spec(name, settings)
        typer.echo(f"ok: {name}")
