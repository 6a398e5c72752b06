"""``slipway``: the single entry point for every flow, assembled in :func:`build_app`.

Each room owns its command group (the model and data commands here, ``infra`` and the
Kubernetes rollout in ``infra/``, the assistant's users/db/chat beside the app); this module only
puts them together, and :mod:`pipelines.cli.guard` turns every command's errors into exit codes.
"""

from __future__ import annotations

import logging
import os
from typing import Annotated

import typer

HELP = "Slipway: data → model → release for the assistant. Run from the repository root."


def _setup(
    ctx: typer.Context,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Debug logging.")] = False,
) -> None:
    from pipelines.cli.guard import VERBOSE

    ctx.meta[VERBOSE] = verbose
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    # MLflow draws a progress bar on stderr for every model it downloads (23 steps for one
    # `slipway predict`); the commands say what they do themselves
    os.environ.setdefault("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "false")


def build_app() -> typer.Typer:
    """The ``slipway`` command: every room's command group, in one visible place."""
    from app import cli as assistant
    from infra import cli as infra
    from infra.k8s import cli as k8s
    from pipelines.cli import data, model, tracking
    from pipelines.cli.guard import GuardedGroup

    app = typer.Typer(
        cls=GuardedGroup,
        help=HELP,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
        callback=_setup,
    )
    # data → model → release: stage …, predict, evaluate, tune, promote, report, lineage, repro
    app.add_typer(model.app)
    app.add_typer(data.app, name="data")
    app.add_typer(tracking.app, name="mlflow")
    # the platform: infra synth|validate|bootstrap; k8s render, deploy, rollback, status
    app.add_typer(
        infra.app,
        name="infra",
        help="Cloud infrastructure: render it (CDKTF, Pulumi), bootstrap the Terraform state.",
    )
    app.add_typer(k8s.app)
    # a new project from the template: init NAME
    app.add_typer(infra.project_app)
    # the assistant's operations: users …, db …, chat
    app.add_typer(assistant.app)
    return app


def main() -> None:
    build_app()()


def __getattr__(name: str) -> typer.Typer:
    """``from pipelines.cli import app``: a freshly assembled command (for ``CliRunner``)."""
    if name == "app":
        return build_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
