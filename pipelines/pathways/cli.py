"""``slipway`` commands of the pathway ranker: its DVC stages, the simulator, feedback import.

Mounted by ``pipelines/cli.py``; the shared helpers (``run_guarded``, ``step``, ...) are imported
from there inside each command, because that module mounts this one while it loads.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

import typer

data_app = typer.Typer(
    help="Change data/: simulate pathway interactions, import production feedback.",
    no_args_is_help=True,
)


def register_pathways_commands(app: typer.Typer, stage_app: typer.Typer) -> None:
    stage_app.command("validate-pathways")(stage_validate_pathways)
    stage_app.command("train-ranker")(stage_train_ranker)
    stage_app.command("evaluate-ranker")(stage_evaluate_ranker)
    stage_app.command("register-ranker")(stage_register_ranker)
    app.add_typer(data_app, name="data")


def stage_validate_pathways() -> None:
    """Run the GX gate over data/pathways; write reports/pathways_validation.json."""
    from pipelines import cli

    def body() -> None:
        from pipelines.intent.validate import validate_pathways
        from pipelines.params import load_params

        s = cli.settings()
        with cli.step("validating data/pathways with Great Expectations"):
            result = validate_pathways(
                s.data_dir, load_params(s.params_file), s.reports_dir, s.data_dvc_file
            )
        cli.out.print(f"{len(result.checks)} expectations passed; counts {result.counts}")

    cli.run_guarded(body)


def stage_train_ranker() -> None:
    """Train the pathway ranker (C chosen on val); log the run to MLflow."""
    from pipelines import cli

    def body() -> None:
        from pipelines.params import load_params
        from pipelines.pathways.train import train
        from pipelines.tracking import setup_mlflow

        s = cli.settings()
        setup_mlflow(s.for_ranker())
        with cli.step("training the pathway ranker"):
            r = train(
                s.data_dir,
                load_params(s.params_file),
                s.artifacts_dir / "ranker",
                s.reports_dir,
                lineage=cli._lineage(s),
            )
        val = {k: round(v, 4) for k, v in r.val_metrics.items() if "_C_" not in k}
        cli.out.print(f"run {r.run_id}: C {r.C:g}, val {json.dumps(val)}")

    cli.run_guarded(body)


def stage_evaluate_ranker() -> None:
    """Score the ranker on held-out learners beside the popularity baseline."""
    from pipelines import cli

    def body() -> None:
        import mlflow

        from pipelines.params import load_params
        from pipelines.pathways.train import evaluate_stage, write_metrics
        from pipelines.tracking import setup_mlflow

        s = cli.settings()
        params = load_params(s.params_file)
        with cli.step("evaluating the ranker on held-out learners"):
            metrics = evaluate_stage(s.data_dir, params, s.artifacts_dir / "ranker")
            write_metrics(metrics, s.reports_dir / "ranker_metrics.json")
        run_id = json.loads((s.artifacts_dir / "ranker_train.json").read_text()).get("run_id")
        if run_id:
            setup_mlflow(s.for_ranker())
            with mlflow.start_run(run_id=run_id):
                mlflow.log_metrics({f"test_{k}": v for k, v in metrics.items()})
        print_ranker_metrics(metrics, params.ranker.k)

    cli.run_guarded(body)


def stage_register_ranker() -> None:
    """Register the ranker in MLflow (alias challenger); promote it if no champion exists."""
    from pipelines import cli

    def body() -> None:
        from pipelines.pathways.registry import register

        s = cli.settings()
        with cli.step(f"registering {s.ranker_model_name}"):
            r = register(s, cli._lineage(s))
        note = " and promoted to champion (first model)" if r.promoted else ""
        cli.out.print(f"{r.name} version {r.version} registered as challenger{note}")

    cli.run_guarded(body)


def print_ranker_metrics(metrics: dict[str, float], k: int) -> None:
    from rich.table import Table

    from pipelines import cli

    table = Table(title="ranker — held-out learners (test split)")
    table.add_column("metric")
    table.add_column("ranker", justify="right")
    table.add_column("popularity baseline", justify="right")
    for key in (f"ndcg_at_{k}", f"hit_rate_at_{k}", "mrr"):
        table.add_row(key, f"{metrics[key]:.4f}", f"{metrics[f'baseline_{key}']:.4f}")
    for key in ("latency_p50_ms", "latency_p95_ms", "n_learners"):
        if key in metrics:
            table.add_row(key, f"{metrics[key]:.3f}", "")
    cli.out.print(table)


def promote_ranker(version: int | None, alias: str | None, dry_run: bool, rollback: bool) -> None:
    """``slipway promote --model pathways``: the intent model's flow, for the ranker."""
    from rich.markup import escape
    from rich.table import Table

    from pipelines import cli
    from pipelines.params import load_params
    from pipelines.pathways.registry import promote, render
    from pipelines.pathways.registry import rollback as run_rollback
    from pipelines.release.promote import PromotionRefused, resolve_candidate
    from pipelines.tracking import client as mlflow_client

    s = cli.settings().for_ranker()
    name = s.ranker_model_name
    client = mlflow_client(s)
    if rollback:
        demoted, restored = run_rollback(s, client, name)
        cli.out.print(
            f"rolled back: ranker champion is v{restored.model_version} again (v{demoted} "
            f"demoted); {s.release_file} rewritten"
        )
        return
    if version is not None and alias is not None:
        from pipelines.errors import SlipwayError

        raise SlipwayError("pass either --version or --alias, not both")
    params = load_params(s.params_file)
    candidate = resolve_candidate(client, name, version, alias)
    with cli.step(f"evaluating {name} v{candidate.version} against the champion"):
        comparison, release = promote(s, params, client, candidate, dry_run=dry_run)
    cli.out.print(render(comparison, params.ranker.k), markup=False)
    gates = Table(title="gates")
    gates.add_column("gate")
    gates.add_column("result")
    for g in comparison.gates:
        gates.add_row(escape(g.name), "[green]pass[/green]" if g.passed else "[red]FAIL[/red]")
    cli.out.print(gates)
    if not comparison.passed:
        raise PromotionRefused(
            "promotion refused; failed gates: "
            + "; ".join(f"{g.name} ({g.detail})" for g in comparison.failed)
        )
    if release is None:
        cli.out.print(f"dry run: v{candidate.version} would be promoted; nothing changed")
    else:
        cli.out.print(
            f"promoted {name} v{release.model_version} to champion; "
            f"{s.release_file} (ranker:) rewritten"
        )


def report_ranker(version: int | None, alias: str | None) -> str:
    from pipelines import cli
    from pipelines.params import load_params
    from pipelines.pathways.registry import compare, render
    from pipelines.release.promote import resolve_candidate
    from pipelines.tracking import client as mlflow_client

    s = cli.settings().for_ranker()
    client = mlflow_client(s)
    params = load_params(s.params_file)
    candidate = resolve_candidate(client, s.ranker_model_name, version, alias)
    with cli.step(f"comparing ranker v{candidate.version} with the champion"):
        comparison = compare(s, params, client, candidate)
    return render(comparison, params.ranker.k)


@data_app.command("simulate-pathways")
def simulate_pathways(
    profiles: Annotated[
        int | None, typer.Option(help="Simulated learners (default: params.yaml).")
    ] = None,
    seed: Annotated[int | None, typer.Option(help="Random seed (default: params.yaml).")] = None,
) -> None:
    """(Re)write the simulated learner interactions in data/pathways (imported rows are kept)."""
    from pipelines import cli

    def body() -> None:
        from pipelines.params import load_params
        from pipelines.pathways.simulate import write_simulation

        s = cli.settings()
        p = load_params(s.params_file).pathways
        with cli.step("simulating learners"):
            r = write_simulation(
                s.data_dir,
                profiles or p.simulate_profiles,
                p.simulate_slate_size,
                p.simulate_seed if seed is None else seed,
            )
        cli.out.print(
            f"{r.profiles} profiles, {r.interactions} interactions ({r.positives} accepted or "
            "completed) in data/pathways; next: `dvc add data && dvc push`, commit data.dvc"
        )

    cli.run_guarded(body)


@data_app.command("import-feedback")
def import_feedback(
    since: Annotated[
        str | None,
        typer.Option(help="Only feedback given on or after this date (YYYY-MM-DD, UTC)."),
    ] = None,
    database_url: Annotated[
        str | None,
        typer.Option(help="The assistant's database (default: SLIPWAY_DATABASE_URL)."),
    ] = None,
    skip_validation: Annotated[
        bool, typer.Option("--skip-validation", help="Do not run the GX gates afterwards.")
    ] = False,
    dvc: Annotated[
        bool,
        typer.Option(
            "--dvc/--no-dvc", help="Run `dvc add data` and `dvc push` after a passing gate."
        ),
    ] = False,
) -> None:
    """Export reviewed feedback into a new version of data/ (no personal data), then gate it."""
    from pipelines import cli

    def body() -> None:
        from pipelines.feedback_export import export_feedback, finish_version

        s = cli.settings()
        start = _parse_date(since)
        url = database_url or _database_url()
        with cli.step("exporting reviewed feedback"):
            result = export_feedback(url, s.data_dir, since=start)
        cli.out.print(result.summary())
        for line in finish_version(s, result, validate=not skip_validation, run_dvc=dvc):
            cli.out.print(line, markup=False)

    cli.run_guarded(body)


def _parse_date(value: str | None) -> dt.datetime | None:
    from pipelines.errors import SlipwayError

    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise SlipwayError(f"--since {value!r} is not a date: use YYYY-MM-DD") from None
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _database_url() -> str:
    from app.settings import AppSettings

    return AppSettings().database_url
