"""``slipway k8s render``, ``slipway deploy``, ``slipway rollback``, ``slipway status``.

Assembled into ``slipway`` by ``pipelines.cli``, where the rollout's errors become exit codes;
the Kubernetes client and the renderer (``infra.k8s``) are imported when a command runs, so the
rest of ``slipway`` starts without them.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

console = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)

#: The command group: ``k8s …``, ``deploy``, ``rollback`` and ``status``, added to ``slipway``.
app = typer.Typer(no_args_is_help=True)
k8s_app = typer.Typer(help="The assistant's Kubernetes objects.", no_args_is_help=True)
app.add_typer(k8s_app, name="k8s")

EnvOption = Annotated[str, typer.Option("--env", "-e", help="Environment (infra/environments).")]
ContextOption = Annotated[
    str | None,
    typer.Option("--context", help="kubeconfig context (default: SLIPWAY_KUBE_CONTEXT)."),
]


def _settings() -> Any:
    from pydantic import ValidationError

    from infra.k8s.rollout import ConfigError
    from infra.k8s.settings import K8sSettings

    try:
        return K8sSettings()
    except ValidationError as exc:
        problems = "; ".join(
            f"SLIPWAY_{'.'.join(str(p) for p in e['loc']).upper()}: {e['msg']}"
            for e in exc.errors()
        )
        raise ConfigError(f"invalid setting: {problems}") from None


def _render(env: str, image: str | None, account_id: str | None) -> tuple[Any, list[Any]]:
    from infra.k8s.render import default_image, render
    from infra.platform.builder import build_platform
    from infra.spec import load_spec

    spec = load_spec(env)
    platform = build_platform(spec)
    if image is None:
        image = default_image(platform, account_id, _head_sha()[:12] or "unknown")
    return spec, render(spec, platform, image, account_id)


def _head_sha() -> str:
    """The checked-out commit ("" outside git): the default image tag."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return ""
    return done.stdout.strip()


def _commit(sha: str) -> Any:
    """The commit ``sha`` (a full id, or anything git resolves) with git's answer to whether
    another commit is in its history, asked in the current checkout."""
    from infra.k8s.rollout import Commit, ConfigError

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        try:
            return subprocess.run(["git", *args], capture_output=True, text=True)
        except OSError as exc:
            raise ConfigError(f"--commit needs git: {exc}") from None

    resolved = git("rev-parse", "--verify", "--quiet", f"{sha}^{{commit}}")
    if resolved.returncode != 0:
        raise ConfigError(
            f"--commit {sha}: no such commit in this checkout; run the deploy from the checkout "
            f"the image was built from"
        )
    full = resolved.stdout.strip()

    def descends(older: str) -> bool:
        asked = git("merge-base", "--is-ancestor", older, full)
        if asked.returncode in (0, 1):
            return asked.returncode == 0
        raise ConfigError(
            f"cannot tell whether {full[:12]} is newer than {older[:12]}, which runs now "
            f"({asked.stderr.strip() or 'git merge-base failed'}): the checkout needs the "
            f"history of both (actions/checkout with fetch-depth: 0, or `git fetch --unshallow`)"
        )

    return Commit(full, descends)


@k8s_app.command("render")
def render_command(
    env: EnvOption,
    image: Annotated[
        str | None, typer.Option(help="Image reference (default: the env's ECR repo at HEAD).")
    ] = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Output folder (default: SLIPWAY_K8S_OUT_DIR).")
    ] = None,
) -> None:
    """Write <out>/<env>/slipway.yaml, every object validated against its schema, and
    <out>/<env>/access.yaml (the Namespace and the deploy Role: a cluster admin applies it once)."""
    from infra.errors import InfraError
    from infra.k8s.rbac import access_objects
    from infra.k8s.render import ACCESS_FILE_NAME, write

    s = _settings()
    spec, objects = _render(env, image, s.aws_account_id)
    access = access_objects(objects)
    try:
        from infra.k8s.validate import ManifestError, schema_version, validate_object
    except ImportError:  # kubernetes-validate is a dev dependency
        checked = "not schema-checked: kubernetes-validate is not installed (dev group)"
    else:
        try:
            version = schema_version(spec.cluster.version)
            for obj in [*objects, *access]:
                validate_object(obj, version)
        except ManifestError as exc:
            raise InfraError(f"rendered object is invalid: {exc}") from None
        checked = f"valid for Kubernetes {version}"
    path = write(objects, out_dir or s.k8s_out_dir, env)
    access_path = write(access, out_dir or s.k8s_out_dir, env, ACCESS_FILE_NAME)
    out.print(f"wrote {len(objects)} objects to {path} ({checked})")
    out.print(
        f"wrote the one-time access objects to {access_path} "
        "(a cluster admin applies them before the first deploy)"
    )
    if not s.aws_account_id:
        console.print(
            "note: SLIPWAY_AWS_ACCOUNT_ID is unset, so the role ARN and the image keep "
            "`{account_id}`; set it to render what a deploy applies"
        )


def _check_env(env: str) -> None:
    """The environment must have a spec (one cluster per environment)."""
    from infra.spec import load_spec

    load_spec(env)


def _connect(s: Any, context: str | None) -> Any:
    from infra.k8s.names import APP_NAMESPACE
    from infra.k8s.rollout import connect

    return connect(s.kubeconfig, context or s.kube_context, APP_NAMESPACE)


def _timeouts(s: Any) -> Any:
    from infra.k8s.rollout import SECONDS_PER_WAVE, Timeouts

    return Timeouts(
        migration=s.deploy_migration_timeout,
        rollout=s.deploy_rollout_timeout,
        smoke=s.deploy_smoke_timeout,
        poll=s.deploy_poll_interval,
        rollout_per_wave=SECONDS_PER_WAVE,
    )


@app.command("deploy")
def deploy_command(
    env: EnvOption,
    image: Annotated[
        str,
        typer.Option(
            help="Image to roll out: repo@sha256:... (staging and prod take only a digest), "
            "or repo:tag elsewhere."
        ),
    ],
    context: ContextOption = None,
    commit: Annotated[
        str | None,
        typer.Option(
            help="The commit the image was built from (CI: $GITHUB_SHA). The deploy then "
            "refuses, changing nothing (exit 9), unless the commit that runs now is in this "
            "one's history: an older release that finishes late never rolls back a newer one. "
            "Needs the checkout's history (fetch-depth: 0)."
        ),
    ] = None,
) -> None:
    """Apply, migrate, roll out, smoke-test; roll back on failure.

    The smoke test chats as the environment's smoke user, with the token the platform generated
    (read from the Secret slipway-smoke; SLIPWAY_DEPLOY_SMOKE_TOKEN overrides it).

    Exit codes: 0 deployed, 2 configuration, 3 API error, 4 migration failed (Deployment
    unchanged), 5 rollout failed, 6 rollout timed out, 7 smoke test failed (5-7: rolled back),
    8 rollback failed or impossible, 9 not deployed: a newer commit runs (--commit).
    """
    from infra.k8s.names import APP_NAMESPACE
    from infra.k8s.rollout import ConfigError, Target, check_image_reference, deploy

    check_image_reference(env, image)
    s = _settings()
    if not s.aws_account_id:
        raise ConfigError(
            "set SLIPWAY_AWS_ACCOUNT_ID to the environment's AWS account "
            "(it fills the IRSA role ARN); `aws sts get-caller-identity` shows it"
        )
    built_from = _commit(commit) if commit is not None else None
    _, objects = _render(env, image, s.aws_account_id)
    cluster = _connect(s, context)
    target = Target(env=env, namespace=APP_NAMESPACE, objects=objects)
    result = deploy(
        cluster,
        target,
        image,
        s.deploy_smoke_token,
        _timeouts(s),
        report=lambda line: console.print(f"[green]✓[/green] {line}", highlight=False),
        commit=built_from,
    )
    out.print(
        f"deployed {image} to {env}: revision {result.revision} "
        f"(previous: {result.previous_revision or 'none'})"
    )


@app.command("rollback")
def rollback_command(env: EnvOption, context: ContextOption = None) -> None:
    """Roll the Deployment back to its previous revision and wait for the rollout."""
    from infra.k8s.render import NAME
    from infra.k8s.rollout import undo

    s = _settings()
    _check_env(env)
    out.print(undo(_connect(s, context), NAME, _timeouts(s)))


@app.command("status")
def status_command(
    env: EnvOption,
    context: ContextOption = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Image, revision, rollout state, revision history and autoscaler of the assistant."""
    from infra.k8s.render import NAME
    from infra.k8s.rollout import status

    s = _settings()
    _check_env(env)
    info = status(_connect(s, context), NAME)
    if json_out:
        out.print_json(json.dumps(info))
        return
    out.print(f"{env}: {info['deployment']} in {info['namespace']}")
    out.print(f"  image     {info['image']}")
    out.print(f"  revision  {info['revision']} ({info['rollout']}: {info['detail']})")
    for condition in info["conditions"]:
        out.print(f"  condition {condition}")
    for rs in info["history"]:
        out.print(f"  history   rev {rs['revision']}: {rs['image']} ({rs['ready']} ready)")
    if info["autoscaler"]:
        a = info["autoscaler"]
        out.print(f"  hpa       {a['current']} replicas (min {a['min']}, max {a['max']})")
