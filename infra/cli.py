"""``slipway infra``: render the environment specs to Terraform JSON and check for drift.

Assembled into ``slipway`` by ``pipelines.cli``; an ``InfraError`` becomes one ``error:`` line
there. CDKTF (the ``infra`` dependency group) is imported when ``synth`` runs.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from infra.errors import InfraError

if TYPE_CHECKING:
    from infra.spec import Problem

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
    from infra.spec import available_environments, check_across

    settings = InfraSettings()
    out_dir = out or settings.out_dir
    envs = env or available_environments(settings)
    started = time.monotonic()
    if not envs:
        raise InfraError(f"no environment specs in {settings.environments_dir}")
    _report([], check_across(envs, settings))
    paths = run_synth(envs, settings, out_dir, check=check)
    seconds = time.monotonic() - started
    verb = "up to date" if check else "wrote"
    for path in paths:
        typer.echo(f"{verb}: {path}")
    typer.echo(_synthesized(envs, available_environments(settings), len(paths), seconds, check))


def _synthesized(envs: list[str], every: list[str], files: int, seconds: float, check: bool) -> str:
    """What synth rendered: which environments (of how many), how many files, and which it left."""
    rendered = sorted(set(envs))
    others = [env for env in every if env not in rendered]
    count = f"{len(rendered)} of {len(rendered) + len(others)}" if others else f"{len(rendered)}"
    noun = "environment" if len(rendered) + len(others) == 1 else "environments"
    line = (
        f"{'checked' if check else 'synthesized'} {count} {noun} "
        f"({', '.join(rendered)}: {files} files) in {seconds:.1f}s"
    )
    return line + (f"; {', '.join(others)} left as they are" if others else "")


@app.command()
def validate(
    env: Annotated[
        list[str] | None,
        typer.Option("--env", "-e", help="Environment to validate (repeatable); default: all."),
    ] = None,
    first_apply: Annotated[
        bool,
        typer.Option(
            "--first-apply",
            help=(
                "Day one, before the first apply made the registries: a placeholder image "
                "digest is a warning in staging and prod too."
            ),
        ),
    ] = False,
) -> None:
    """Check environment specs without rendering them (fast: no CDKTF).

    Staging and prod must name a built runner image (runners.image not the placeholder digest):
    their in-VPC runners run every deploy and apply. dev's placeholder is a warning. The managed
    policies `slipway infra bootstrap` writes must fit IAM's 6,144 characters. Across the specs
    (the others too): no two VPC ranges overlap in one account, no two environments share
    app.domain or a GitHub environment, no runner image is another environment's (a copied spec).
    The cluster's version must not be past the end of its EKS standard support with
    cluster.support_type STANDARD (AWS refuses it); past it with EXTENDED, or near it, warns.
    """
    from infra.bootstrap import PolicyTooLarge, StateBackend, check_policy_sizes
    from infra.settings import InfraSettings
    from infra.spec import (
        available_environments,
        check_across,
        load_spec,
        placeholder_images,
        support_window,
    )

    settings = InfraSettings()
    names = env or available_environments(settings)
    across = check_across(names, settings)
    errors = []
    for name in names:
        spec = load_spec(name, settings)
        error, warnings = placeholder_images(spec, first_apply=first_apply)
        support_error, support_warnings = support_window(spec, datetime.now(UTC).date())
        error = "; ".join(e for e in (error, support_error) if e)
        for warning in (*warnings, *support_warnings):
            typer.echo(f"warning: {warning}", err=True)
        try:
            check_policy_sizes(StateBackend.of(spec, settings))
        except PolicyTooLarge as exc:
            error = f"{error}; {exc}" if error else str(exc)
        if error:
            errors.append(error)
        elif not any(p.env == name and not p.warning for p in across):
            typer.echo(f"ok: {name}")
    _report(errors, across)


def _report(errors: list[str], problems: list[Problem]) -> None:
    """Print each warning and each error on a line of its own (``errors`` and the problems
    across the specs); raise when there is an error."""
    for problem in problems:
        if problem.warning:
            typer.echo(f"warning: {problem.message}", err=True)
    errors = errors + [p.message for p in problems if not p.warning]
    if len(errors) == 1:
        raise InfraError(errors[0])
    for error in errors:
        typer.echo(f"error: {error}", err=True)
    if errors:
        raise InfraError(f"{len(errors)} problems in the environment specs (above)")


@app.command()
def pin(
    env: Annotated[str, typer.Option("--env", "-e", help="Environment (infra/environments).")],
    runner_image: Annotated[
        str,
        typer.Option(
            "--runner-image",
            help="The built Dockerfile.runner by digest: <repository>[:<tag>]@sha256:<hex>.",
        ),
    ],
) -> None:
    """Write the runner image day one built into runners.image of <env>.yaml (comments kept)."""
    from infra.spec import pin_runner_image

    path = pin_runner_image(env, runner_image)
    typer.echo(f"{path}: runners.image {runner_image}")
    typer.echo("next: slipway infra synth, then apply (docs/day-one.md step 4)")


@app.command("runner-tag")
def runner_tag(
    dockerfile: Annotated[
        Path, typer.Option("--dockerfile", help="The runners' Dockerfile.")
    ] = Path("Dockerfile.runner"),
    version: Annotated[
        bool, typer.Option("--version", help="Print the runner release it builds on instead.")
    ] = False,
) -> None:
    """Print the tag of a build of Dockerfile.runner made now:
    runner-<runner version>-<hash of the Dockerfile>-<UTC time>, new on every build (the
    repository's tags are immutable and the build is not reproducible)."""
    from datetime import UTC, datetime

    from infra.spec import runner_image_tag, runner_version

    text = dockerfile.read_text(encoding="utf-8")
    typer.echo(runner_version(text) if version else runner_image_tag(text, datetime.now(UTC)))


@app.command()
def bootstrap(
    env: Annotated[str, typer.Option("--env", "-e", help="Environment (infra/environments).")],
    region: Annotated[
        str | None,
        typer.Option(help="Region of the state bucket (default: the rendered backend's)."),
    ] = None,
) -> None:
    """Create the Terraform state bucket the env's backend names, and its apply role (once per env).

    Idempotent: a second run changes nothing. Exit codes: 2 no usable credentials, 3 the
    credentials are for another account than the spec's, 4 access denied, 5 the bucket name
    belongs to another account, 6 a policy over IAM's size limit, 7 the account's GitHub OIDC
    provider and the specs disagree (none and no environment creates it, or one that the
    creating environment's apply would collide with).
    """
    from infra.bootstrap import backend_for_env
    from infra.bootstrap import bootstrap as run_bootstrap

    backend = backend_for_env(env, region=region)
    default = backend_for_env(env)
    typer.echo(
        f"{env}: state s3://{backend.bucket}/{backend.key}, lock file {backend.lock_key}, "
        f"region {backend.region}"
    )
    if backend.region != default.region:
        typer.echo(
            f"note: the rendered backend names region {default.region}; set "
            f"SLIPWAY_INFRA_STATE_REGION={backend.region} and run `slipway infra synth`"
        )
    outcome = run_bootstrap(backend, report=lambda what, status: typer.echo(f"{what}: {status}"))
    typer.echo(
        f"{env}: state backend ready"
        + ("" if outcome.changed else " (everything existed; nothing changed)")
    )


#: ``slipway init``: a top-level command (the project, not only its infrastructure).
project_app = typer.Typer(add_completion=False)


@project_app.command("init")
def init(
    name: Annotated[str, typer.Argument(help="The new project's name: 2-20 of a-z, 0-9.")],
    org: Annotated[
        str | None, typer.Option(help="GitHub organization (replaces example-org).")
    ] = None,
    dest: Annotated[
        Path | None,
        typer.Option(help="Write the new project to this empty folder (default: rename here)."),
    ] = None,
    synth: Annotated[
        bool, typer.Option("--synth/--no-synth", help="Render terraform/ again afterwards.")
    ] = True,
) -> None:
    """Turn this template into a new project: its name and GitHub org everywhere they identify it.

    Run from the repository root. Renames files and text (data/ is left to DVC), renders
    terraform/ again and checks that no old name remains; review with `git diff`.
    """
    from infra.project import OLD_NAME, Rename, copy_project, init_project, sample_business

    Rename(name, org)  # refuse a bad name before copying anything
    root = Path.cwd()
    if dest is not None:
        copied = copy_project(root, dest)
        typer.echo(f"copied {copied} files to {dest}")
        root = dest
    init_project(root, name, org, render=synth, report=typer.echo)
    # OLD_NAME was read before the rename: this process still runs the template's code
    old, new = f"{OLD_NAME.upper()}_", f"{name.upper()}_"
    typer.echo(
        f"settings are now read from {new}* variables: rename every {old}* one in .env, CI "
        f"variables and deployment values ({old}* variables are ignored from now on)"
    )
    typer.echo(sample_business(name))
    typer.echo(
        f"{root}: now {name!r}. Next: `uv sync --all-groups` (installs the `{name}` command), "
        f"review `git diff`, set account_id in infra/environments/*.yaml, and follow "
        "docs/day-one.md"
    )
