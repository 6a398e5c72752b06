"""``slipway``: the single entry point for every flow (thin Typer commands over stage functions)."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table

from pipelines.errors import SlipwayError
from pipelines.settings import PipelineSettings

app = typer.Typer(
    help="Slipway: data → model → release for the assistant. Run from the repository root.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
stage_app = typer.Typer(
    help="The DVC pipeline stages (dvc.yaml calls these).", no_args_is_help=True
)
mlflow_app = typer.Typer(help="The MLflow tracking server and UI.", no_args_is_help=True)
app.add_typer(stage_app, name="stage")
app.add_typer(mlflow_app, name="mlflow")

console = Console(stderr=True)
out = Console()
T = TypeVar("T")


def _mount_optional() -> None:
    """Sub-commands whose dependencies live in optional groups (e.g. ``infra``)."""
    try:
        from infra.cli import app as infra_app
    except ImportError:
        pass
    else:
        app.add_typer(infra_app, name="infra", help="Render cloud infrastructure (Pulumi, CDKTF).")
    try:
        from app.cli import register_service_commands
    except ImportError:
        pass
    else:
        register_service_commands(app)
    from pipelines.pathways.cli import register_pathways_commands

    register_pathways_commands(app, stage_app)
    from infra.k8s.cli import register_deploy_commands  # imports kubernetes lazily

    register_deploy_commands(app)


_mount_optional()


def settings() -> PipelineSettings:
    return PipelineSettings()


def run_guarded(fn: Callable[[], T]) -> T:
    """Run a command body; domain errors become one line on stderr and an exit code."""
    try:
        return fn()
    except SlipwayError as exc:
        console.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(exc.exit_code) from None
    except (typer.Exit, KeyboardInterrupt):
        raise
    except Exception as exc:
        if logging.getLogger().isEnabledFor(logging.DEBUG):
            raise
        console.print(
            f"[red]error:[/red] {type(exc).__name__}: {escape(str(exc))}. "
            "Run again with `slipway -v ...` for the full trace, or report it.",
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(1) from None


@contextmanager
def step(message: str) -> Iterator[None]:
    with console.status(message):
        yield
    console.print(f"[green]✓[/green] {message}")


def _lineage(s: PipelineSettings) -> dict[str, str]:
    from pipelines.data import data_hash
    from pipelines.release.lineage import git_sha

    return {"git_sha": git_sha(), "data_hash": data_hash(s.data_dvc_file)}


@app.callback()
def _main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Debug logging.")] = False,
) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


# -- pipeline stages ---------------------------------------------------------------------
@stage_app.command("validate")
def stage_validate() -> None:
    """Run the Great Expectations gate over data/intents; write reports/validation.json."""

    def body() -> None:
        from pipelines.intent.validate import validate
        from pipelines.params import load_params

        s = settings()
        with step("validating data/intents with Great Expectations"):
            result = validate(
                s.data_dir, load_params(s.params_file), s.reports_dir, s.data_dvc_file
            )
        out.print(f"{len(result.checks)} expectations passed; counts {result.counts}")

    run_guarded(body)


@stage_app.command("train")
def stage_train() -> None:
    """Train, calibrate and threshold the intent model; log the run to MLflow."""

    def body() -> None:
        from pipelines.intent.train import train
        from pipelines.params import load_params
        from pipelines.tracking import setup_mlflow

        s = settings()
        setup_mlflow(s)
        with step("training the intent classifier"):
            r = train(
                s.data_dir,
                load_params(s.params_file),
                s.artifacts_dir / "model",
                s.reports_dir,
                lineage=_lineage(s),
            )
        out.print(
            f"run {r.run_id}: {r.n_features} features, temperature {r.temperature:.3f}, "
            f"OOS threshold {r.threshold:.2f}, val {json.dumps(_round(r.val_metrics))}"
        )

    run_guarded(body)


@stage_app.command("evaluate")
def stage_evaluate() -> None:
    """Score the trained model on the test split: metrics.json and DVC plots."""

    def body() -> None:
        from models.intent import IntentModel
        from pipelines.data import intents_dir, read_jsonl
        from pipelines.intent.evaluate import log_to_run, score, write_outputs
        from pipelines.params import load_params
        from pipelines.tracking import setup_mlflow

        s = settings()
        params = load_params(s.params_file)
        model = IntentModel.load(s.artifacts_dir / "model")
        test = read_jsonl(intents_dir(s.data_dir) / "test.jsonl")
        with step("evaluating on the test split"):
            evaluation = score(model, test, latency_repeats=params.evaluate.latency_repeats)
            write_outputs(evaluation, s.metrics_file, s.reports_dir / "plots")
        run_id = json.loads((s.artifacts_dir / "train.json").read_text()).get("run_id")
        if run_id:
            setup_mlflow(s)
            log_to_run(run_id, evaluation)
        _print_metrics(evaluation.metrics, "test split")

    run_guarded(body)


@stage_app.command("register")
def stage_register() -> None:
    """Register the model in MLflow (alias challenger); promote it if no champion exists."""

    def body() -> None:
        from pipelines.release.register import register

        s = settings()
        with step(f"registering {s.model_name}"):
            r = register(s, _lineage(s))
        note = " and promoted to champion (first model)" if r.promoted else ""
        out.print(f"{r.name} version {r.version} registered as challenger{note}")
        if r.promoted:
            out.print(f"release pin written: {s.release_file}")

    run_guarded(body)


# -- user commands -------------------------------------------------------------------------
def _resolve_model(reference: str | None, s: PipelineSettings) -> Any:
    from models.loader import ModelNotFound, load

    ref = reference or f"models:/{s.model_name}@champion"
    try:
        return load(ref, s.home / "model-cache", s.mlflow_tracking_uri)
    except ModelNotFound as exc:
        raise SlipwayError(
            f"cannot load model {ref}: {exc}. Pass --model (a models:/ URI or a folder) "
            "or run `make run` to train and promote one."
        ) from None


@app.command()
def predict(
    input: Annotated[Path, typer.Option("--input", "-i", help="JSONL with a text field.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write predictions.")],
    model: Annotated[
        str | None, typer.Option(help="models:/NAME/VERSION, models:/NAME@ALIAS or a folder.")
    ] = None,
) -> None:
    """Classify every text of a JSONL file; write {text, intent, confidence} per line."""

    def body() -> None:
        from pipelines.data import read_jsonl

        s = settings()
        texts = [e.text for e in read_jsonl(input, require_intent=False)]
        m = _resolve_model(model, s)
        output.parent.mkdir(parents=True, exist_ok=True)
        with output.open("w", encoding="utf-8") as fh, Progress(console=console) as progress:
            task = progress.add_task("predicting", total=len(texts))
            for text in texts:
                p = m.predict(text)
                row = {"text": text, "intent": p.intent, "confidence": round(p.confidence, 6)}
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                progress.advance(task)
        out.print(f"{len(texts)} predictions written to {output}")

    run_guarded(body)


@app.command()
def evaluate(
    dataset: Annotated[Path, typer.Option(help="Labelled JSONL ({text, intent}).")],
    model: Annotated[
        str | None, typer.Option(help="models:/NAME/VERSION, models:/NAME@ALIAS or a folder.")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print metrics as JSON.")] = False,
) -> None:
    """Score a model (default: the champion) on any labelled file; unknown labels count as oos."""

    def body() -> None:
        from pipelines.data import read_jsonl
        from pipelines.intent.evaluate import score

        s = settings()
        examples = read_jsonl(dataset)
        if not examples:
            raise SlipwayError(f"{dataset} has no examples")
        evaluation = score(_resolve_model(model, s), examples, latency_repeats=1)
        if json_out:
            out.print_json(json.dumps(evaluation.metrics))
        else:
            _print_metrics(evaluation.metrics, str(dataset))

    run_guarded(body)


@app.command()
def tune(
    trials: Annotated[int | None, typer.Option(help="Number of Optuna trials.")] = None,
) -> None:
    """Search C and n-gram sizes with Optuna; each trial is a nested MLflow run."""

    def body() -> None:
        from pipelines.intent.tune import tune as run_tune
        from pipelines.params import load_params
        from pipelines.tracking import setup_mlflow

        s = settings()
        setup_mlflow(s)
        params = load_params(s.params_file)
        n = trials or params.tune.trials
        with Progress(console=console) as progress:
            task = progress.add_task("tuning", total=n)
            best = run_tune(s.data_dir, params, n, on_trial=lambda: progress.advance(task))
        out.print(f"best objective {best['objective']:.4f} with {json.dumps(best['params'])}")
        out.print("Copy the values into params.yaml (train:) and run `dvc repro` to use them.")

    run_guarded(body)


@app.command()
def promote(
    model: Annotated[
        str | None,
        typer.Option(help="Registered model name; `pathways` for the pathway ranker."),
    ] = None,
    version: Annotated[int | None, typer.Option(help="Candidate version.")] = None,
    alias: Annotated[
        str | None, typer.Option(help="Candidate alias (default: challenger).")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Gate only; change nothing.")] = False,
    rollback: Annotated[
        bool, typer.Option("--rollback", help="Restore the previous champion and its pin.")
    ] = False,
) -> None:
    """Gate a candidate against the champion; promote it (alias + release pin) if all pass."""

    def body() -> None:
        from pipelines.params import load_params
        from pipelines.pathways.registry import is_ranker
        from pipelines.release.promote import PromotionRefused, resolve_candidate
        from pipelines.release.promote import promote as run_promote
        from pipelines.release.promote import rollback as run_rollback
        from pipelines.tracking import client as mlflow_client

        s = settings()
        if is_ranker(model, s):  # `--model pathways`: the ranker, same gates' flow
            from pipelines.pathways.cli import promote_ranker

            promote_ranker(version, alias, dry_run, rollback)
            return
        name = model or s.model_name
        client = mlflow_client(s)
        if rollback:
            demoted, restored = run_rollback(s, client, name)
            out.print(
                f"rolled back: champion is v{restored.model_version} again (v{demoted} demoted); "
                f"{s.release_file} rewritten"
            )
            return
        if version is not None and alias is not None:
            raise SlipwayError("pass either --version or --alias, not both")
        candidate = resolve_candidate(client, name, version, alias)
        with step(f"evaluating {name} v{candidate.version} against the champion"):
            comparison, release = run_promote(
                s, load_params(s.params_file), client, candidate, dry_run=dry_run
            )
        _print_comparison(comparison)
        if not comparison.passed:
            raise PromotionRefused(
                "promotion refused; failed gates: "
                + "; ".join(f"{g.name} ({g.detail})" for g in comparison.failed)
            )
        if release is None:
            out.print(f"dry run: v{candidate.version} would be promoted; nothing changed")
        else:
            out.print(
                f"promoted {name} v{release.model_version} to champion; {s.release_file} rewritten"
            )

    run_guarded(body)


@app.command()
def report(
    model: Annotated[
        str | None,
        typer.Option(help="Registered model name; `pathways` for the pathway ranker."),
    ] = None,
    version: Annotated[int | None, typer.Option(help="Candidate version.")] = None,
    alias: Annotated[
        str | None, typer.Option(help="Candidate alias (default: challenger).")
    ] = None,
    output: Annotated[Path, typer.Option(help="Markdown file to write.")] = Path(
        "reports/model-report.md"
    ),
) -> None:
    """Write a markdown comparison of candidate vs champion (for a pull-request comment)."""

    def body() -> None:
        from pipelines.params import load_params
        from pipelines.release.promote import compare, resolve_candidate
        from pipelines.release.report import render
        from pipelines.tracking import client as mlflow_client

        s = settings()
        from pipelines.pathways.registry import is_ranker

        if is_ranker(model, s):
            from pipelines.pathways.cli import report_ranker

            text = report_ranker(version, alias)
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text)
            out.print(f"report written to {output}")
            return
        client = mlflow_client(s)
        candidate = resolve_candidate(client, model or s.model_name, version, alias)
        with step(f"comparing v{candidate.version} with the champion"):
            comparison = compare(s, load_params(s.params_file), client, candidate)
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(render(comparison))
        out.print(f"report written to {output}")

    run_guarded(body)


@app.command()
def lineage() -> None:
    """Print the chain data version → run → model version → release for the pinned model."""

    def body() -> None:
        from models.release import ReleaseError, read_release
        from pipelines.release.lineage_report import chain
        from pipelines.tracking import client as mlflow_client

        s = settings()
        try:
            release = read_release(s.release_file)
        except ReleaseError as exc:
            raise SlipwayError(str(exc)) from None
        for step_ in chain(mlflow_client(s), release):
            table = Table(title=step_.stage, show_header=False, title_justify="left")
            table.add_column("field")
            table.add_column("value")
            for key, value in step_.fields.items():
                table.add_row(key, value)
            out.print(table)

    run_guarded(body)


def _print_comparison(comparison: Any) -> None:
    from pipelines.release.promote import PRIMARY

    champ = comparison.champion
    table = Table(
        title=f"test split — champion v{champ.version if champ else '—'} vs "
        f"candidate v{comparison.candidate.version}"
    )
    table.add_column("metric")
    table.add_column("champion", justify="right")
    table.add_column("candidate", justify="right")
    new = comparison.candidate_evals[PRIMARY].metrics
    old_eval = comparison.champion_evals.get(PRIMARY)
    for key, value in table_rows_of(new):
        old = table_rows_of(old_eval.metrics) if old_eval else []
        table.add_row(key, dict(old).get(key, "—"), value)
    out.print(table)
    gates = Table(title="gates")
    gates.add_column("gate")
    gates.add_column("result")
    gates.add_column("detail")
    for g in comparison.gates:
        verdict = "[green]pass[/green]" if g.passed else "[red]FAIL[/red]"
        gates.add_row(escape(g.name), verdict, escape(g.detail))
    out.print(gates)


def table_rows_of(metrics: dict[str, float]) -> list[tuple[str, str]]:
    from pipelines.intent.evaluate import table_rows

    return table_rows(metrics)


@app.command()
def repro() -> None:
    """Run the DVC pipeline (`dvc repro`): validate → train → evaluate → register."""
    raise typer.Exit(subprocess.call([_tool("dvc"), "repro"]))


@mlflow_app.command("ui")
def mlflow_ui(
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 5000,
) -> None:
    """Open the MLflow UI over the configured tracking store (local SQLite by default)."""
    s = settings()
    cmd = [
        _tool("mlflow"),
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


def _tool(name: str) -> str:
    local = Path(sys.executable).with_name(name)
    found = str(local) if local.exists() else shutil.which(name)
    if not found:
        console.print(f"[red]error:[/red] `{name}` not found: run `make install` first")
        raise typer.Exit(127)
    return found


def _round(metrics: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 4) for k, v in metrics.items()}


def _print_metrics(metrics: dict[str, float], title: str) -> None:
    from pipelines.intent.evaluate import table_rows

    table = Table(title=f"metrics — {title}")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for key, value in table_rows(metrics):
        table.add_row(key, value)
    out.print(table)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
