"""``slipway stage …``, ``predict``, ``evaluate``, ``tune``, ``promote``, ``report``, ``lineage``,
``repro``: the model commands, thin functions over the pipeline's stages and its release room.

Registration, promotion, rollback and the report take a model kind (``pipelines/kinds.py``):
``--model pathways`` (or ``ranker``) picks the pathway ranker, anything else the intent model.

The pipeline's packages (scikit-learn, MLflow, Great Expectations) are imported when a command
runs, so ``slipway --help`` starts without them.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table

from pipelines.cli.common import console, lineage, out, settings, step, tool
from pipelines.errors import RegistryError, SlipwayError
from pipelines.kinds import INTENT_KIND, RANKER_KIND, PipelineKind, kind_for
from pipelines.settings import PipelineSettings

app = typer.Typer(no_args_is_help=True)
stage_app = typer.Typer(
    help="The DVC pipeline stages (dvc.yaml calls these).", no_args_is_help=True
)
app.add_typer(stage_app, name="stage")

ModelOption = Annotated[
    str | None, typer.Option(help="models:/NAME/VERSION, models:/NAME@ALIAS or a folder.")
]
RegisteredModelOption = Annotated[
    str | None,
    typer.Option(help="Registered model name; `pathways` for the pathway ranker."),
]
VersionOption = Annotated[int | None, typer.Option(help="Candidate version.")]
AliasOption = Annotated[str | None, typer.Option(help="Candidate alias (default: challenger).")]


# -- the intent model's stages --------------------------------------------------------------
@stage_app.command("validate")
def stage_validate() -> None:
    """Run the Great Expectations gate over data/intents; write reports/validation.json."""
    from pipelines.intent.validate import validate
    from pipelines.params import load_params

    s = settings()
    with step("validating data/intents with Great Expectations"):
        result = validate(s.data_dir, load_params(s.params_file), s.reports_dir, s.data_dvc_file)
    out.print(f"{len(result.checks)} expectations passed; counts {result.counts}")


@stage_app.command("validate-gate-sets")
def stage_validate_gate_sets() -> None:
    """Run the GX gate over the gate sets data/eval/*.jsonl, if any (before training)."""
    from pipelines.intent.validate import validate_gate_sets
    from pipelines.params import load_params

    s = settings()
    with step("validating the gate sets data/eval/*.jsonl"):
        names = validate_gate_sets(
            s.data_dir, load_params(s.params_file), s.reports_dir, s.data_dvc_file
        )
    out.print(f"gate sets passed: {', '.join(names)}" if names else "no gate set in data/eval")


@stage_app.command("validate-knowledge")
def stage_validate_knowledge() -> None:
    """Check that the knowledge base's languages say the same, line for line (the app quotes
    one language's answer from the same line of the other); write
    reports/knowledge_validation.json."""
    from pipelines.knowledge import validate_knowledge

    s = settings()
    with step("checking data/knowledge against data/knowledge/es"):
        result = validate_knowledge(s.data_dir, s.reports_dir)
    out.print(f"{result.documents} documents, {result.lines} line pairs: the languages agree")


@stage_app.command("train")
def stage_train() -> None:
    """Train, calibrate and threshold the intent model (the register stage logs its run)."""
    from pipelines.intent.train import train
    from pipelines.params import load_params

    s = settings()
    with step("training the intent classifier"):
        r = train(
            s.data_dir,
            load_params(s.params_file),
            s.artifacts_dir / "model",
            s.reports_dir,
            lineage=lineage(s),
        )
    out.print(
        f"model {r.model_digest[:12]}: {r.n_features} features, temperature {r.temperature:.3f}, "
        f"OOS bias {r.oos_bias:+.2f}, threshold {r.threshold:.2f}, "
        f"val {json.dumps(_round(r.val_metrics))}"
    )


@stage_app.command("evaluate")
def stage_evaluate() -> None:
    """Score the trained model on the test split: metrics.json and DVC plots (the register
    stage records them on the training run)."""
    from models.intent import IntentModel
    from pipelines.data import intents_dir, read_jsonl
    from pipelines.intent.evaluate import score, write_outputs
    from pipelines.params import load_params

    s = settings()
    params = load_params(s.params_file)
    model = IntentModel.load(s.artifacts_dir / "model")
    test = read_jsonl(intents_dir(s.data_dir) / "test.jsonl")
    with step("evaluating on the test split"):
        evaluation = score(model, test, latency_repeats=params.evaluate.latency_repeats)
        write_outputs(
            evaluation, s.metrics_file, s.reports_dir / "plots", s.artifacts_dir / "model"
        )
    _print_metrics(evaluation.metrics, "test split")


NewVersionOption = Annotated[
    bool,
    typer.Option(
        "--new-version",
        help="Register a new version even when one with the same model files exists.",
    ),
]


@stage_app.command("register")
def stage_register(new_version: NewVersionOption = False) -> None:
    """Register the model in MLflow (alias challenger); promote it if no champion exists."""
    _register(INTENT_KIND, new_version)


# -- the pathway ranker's stages ------------------------------------------------------------
@stage_app.command("validate-pathways")
def stage_validate_pathways() -> None:
    """Run the GX gate over data/pathways; write reports/pathways_validation.json."""
    from pipelines.params import load_params
    from pipelines.pathways.validate import validate_pathways

    s = settings()
    with step("validating data/pathways with Great Expectations"):
        result = validate_pathways(
            s.data_dir, load_params(s.params_file), s.reports_dir, s.data_dvc_file
        )
    out.print(f"{len(result.checks)} expectations passed; counts {result.counts}")


@stage_app.command("train-ranker")
def stage_train_ranker() -> None:
    """Train the pathway ranker (C chosen on val; the register stage logs its run)."""
    from pipelines.params import load_params
    from pipelines.pathways.train import train

    s = settings()
    with step("training the pathway ranker"):
        r = train(
            s.data_dir,
            load_params(s.params_file),
            s.artifacts_dir / "ranker",
            s.reports_dir,
            lineage=lineage(s),
        )
    val = {k: round(v, 4) for k, v in r.val_metrics.items() if "_C_" not in k}
    out.print(f"model {r.model_digest[:12]}: C {r.C:g}, val {json.dumps(val)}")


@stage_app.command("evaluate-ranker")
def stage_evaluate_ranker() -> None:
    """Score the ranker on held-out learners beside the popularity baseline."""
    from pipelines import evaluated
    from pipelines.params import load_params
    from pipelines.pathways.train import evaluate_stage

    s = settings()
    params = load_params(s.params_file)
    model_dir = s.artifacts_dir / "ranker"
    with step("evaluating the ranker on held-out learners"):
        metrics = evaluate_stage(s.data_dir, params, model_dir)
        evaluated.write(metrics, RANKER_KIND.metrics_file(s), model_dir)
    _print_ranker_metrics(metrics, params.ranker.k)


@stage_app.command("register-ranker")
def stage_register_ranker(new_version: NewVersionOption = False) -> None:
    """Register the ranker in MLflow (alias challenger); promote it if no champion exists."""
    _register(RANKER_KIND, new_version)


def _register(kind: PipelineKind, new_version: bool = False) -> None:
    from pipelines.release.register import register

    s = settings()
    with step(f"registering {kind.registered_name(s)}"):
        r = register(kind, s, lineage(s), new_version=new_version)
    note = " and promoted to champion (first model)" if r.promoted else ""
    if r.identical:
        if r.identical_data:
            # probe 37, DS-L6: line endings converted, or another folder of data/ changed
            same = (
                f"byte for byte the model files of v{r.version}, which was trained from data "
                f"{_short_data(r.identical_data)}: this data change does not change the model"
            )
        else:
            same = "same model files and data"
        out.print(
            f"{r.name}: this model is identical to v{r.version} ({same}): no new version; "
            f"challenger is v{r.version}{note} (`--new-version` registers one anyway)",
            markup=False,
        )
    else:
        out.print(f"{r.name} version {r.version} registered as challenger{note}")
    if r.promoted:
        out.print(f"release pin written: {s.release_file}{_section(kind)}")
        return
    model = "" if kind is INTENT_KIND else f" --model {kind.name}"
    held = "not promoted: the registry has no champion, but "
    if r.held_data:
        raise RegistryError(
            f"{held}{r.held_data}. The version stays challenger and the pin is unchanged; after "
            f"`dvc push`, run `dvc repro` again (it makes this version champion) or "
            f"`slipway promote{model} --version {r.version}`."
        )
    if r.held_pin_version:
        raise RegistryError(
            f"{held}{s.release_file}{_section(kind)} pins v{r.held_pin_version} (digest "
            f"{r.held_pin_digest[:12]}), another model than this one; the pin is unchanged and the "
            "app cannot load it from this registry. "
            "Either rebuild the pinned model (check out the data.dvc and params.yaml it was "
            "trained on, `dvc checkout`, `dvc repro`), or release this one on purpose: "
            f"`slipway promote{model} --version {r.version}` (with no champion, it is gated "
            "against the test figures the pin records), then commit the pin."
        )


def _short_data(data: str) -> str:
    """A data hash as the commands name it (12 characters; a folder's ``NAME:sha`` kept)."""
    folder, _, digest = data.rpartition(":")
    short = digest.removesuffix(".dir")[:12]
    return f"{folder}:{short}" if folder else short


# -- using and releasing a model ------------------------------------------------------------
@app.command()
def predict(
    input: Annotated[Path, typer.Option("--input", "-i", help="JSONL with a text field.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write predictions.")],
    model: ModelOption = None,
) -> None:
    """Classify every text of a JSONL file; write {text, intent, confidence} per line."""
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


@app.command()
def evaluate(
    dataset: Annotated[Path, typer.Option(help="Labelled JSONL ({text, intent}).")],
    model: ModelOption = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print metrics as JSON.")] = False,
    unknown_as_oos: Annotated[
        bool,
        typer.Option("--unknown-as-oos", help="Score labels not in params.yaml intents as oos."),
    ] = False,
) -> None:
    """Score a model (default: the champion) on any labelled file; a label not in params.yaml
    is refused (a typo, "Yes" for "yes", would count as oos) unless --unknown-as-oos, and so is
    a line of the training split (the model has seen it), as a promotion refuses a gate set."""
    from pipelines.data import intents_dir, label_problems, read_jsonl, unknown_labels
    from pipelines.intent.evaluate import score
    from pipelines.params import load_params

    s = settings()
    examples = read_jsonl(dataset)
    if not examples:
        raise SlipwayError(f"{dataset} has no examples")
    labels = set(load_params(s.params_file).intents)
    train_file = intents_dir(s.data_dir) / "train.jsonl"
    train = read_jsonl(train_file) if train_file.is_file() else None
    if train is None:
        console.print(
            f"[yellow]warning[/yellow]: {escape(str(train_file))} not found (`dvc pull`): "
            "the set is not checked for lines of the training split"
        )
    problems = label_problems(examples, labels, train)
    unknown = unknown_labels(examples, labels)
    lines = [p for p in problems if p != unknown]  # empty or mis-decoded lines, named
    if lines:
        # as `slipway promote` says of a gate set: every problem with its lines; only the
        # unknown labels have --unknown-as-oos
        labels_too = (
            "; for the labels, correct them or pass --unknown-as-oos to score them as oos"
            if unknown and not unknown_as_oos
            else ""
        )
        raise SlipwayError(
            f"{dataset}: " + "; ".join(problems) + f": fix those lines{labels_too}; "
            "nothing was scored"
        )
    if unknown and not unknown_as_oos:
        raise SlipwayError(
            f"{dataset}: {unknown}; fix the labels, or pass --unknown-as-oos to score them as oos"
        )
    if unknown:
        console.print(f"[yellow]warning[/yellow]: {escape(unknown)}; scored as oos")
    evaluation = score(_resolve_model(model, s), examples, latency_repeats=1)
    if json_out:
        out.print_json(json.dumps(evaluation.metrics))
    else:
        _print_metrics(evaluation.metrics, str(dataset))


@app.command()
def tune(
    trials: Annotated[int | None, typer.Option(help="Number of Optuna trials.")] = None,
) -> None:
    """Search C and n-gram sizes with Optuna; each trial is a nested MLflow run."""
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


@app.command()
def promote(
    model: RegisteredModelOption = None,
    version: VersionOption = None,
    alias: AliasOption = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Gate only; change nothing.")] = False,
    rollback: Annotated[
        bool, typer.Option("--rollback", help="Restore the previous champion and its pin.")
    ] = False,
    accept_new_split: Annotated[
        str | None,
        typer.Option(
            "--accept-new-split",
            metavar="REASON",
            help="Gate on held-out sets that lost or changed lines the champion was gated on "
            "(the reason is kept as a tag of the promoted version).",
        ),
    ] = None,
    accept_gate_settings: Annotated[
        str | None,
        typer.Option(
            "--accept-gate-settings",
            metavar="REASON",
            help="Gate with promotion settings of params.yaml that differ from git HEAD's "
            "(the reason and the settings are kept as a tag of the promoted version).",
        ),
    ] = None,
    accept_removed_intents: Annotated[
        str | None,
        typer.Option(
            "--accept-removed-intents",
            metavar="REASON",
            help="Promote a candidate without intents the champion predicts (the reason is "
            "kept as a tag of the promoted version).",
        ),
    ] = None,
) -> None:
    """Gate a candidate against the champion; promote it (alias + release pin) if all pass."""
    from pipelines.params import load_params
    from pipelines.release.promote import (
        GATE_SETTINGS,
        REMOVED_INTENTS,
        PromotionRefused,
        resolve_candidate,
    )
    from pipelines.release.promote import promote as run_promote
    from pipelines.release.promote import rollback as run_rollback
    from pipelines.tracking import client as mlflow_client

    base = settings()
    kind = kind_for(model, base)
    s = kind.settings(base)
    name = _registered_name(kind, model, s)
    client = mlflow_client(s)
    _known_model(client, kind, model, name)
    if rollback:
        demoted, restored = run_rollback(kind, s, client, name)
        out.print(
            f"rolled back: {_who(kind)}champion is v{restored.model_version} again "
            f"(v{demoted} demoted); {s.release_file} rewritten"
        )
        return
    if version is not None and alias is not None:
        raise SlipwayError("pass either --version or --alias, not both")
    params = load_params(s.params_file)
    candidate = resolve_candidate(client, name, version, alias)
    with step(f"evaluating {name} v{candidate.version} against the champion"):
        comparison, release = run_promote(
            kind,
            s,
            params,
            client,
            candidate,
            dry_run=dry_run,
            accept_new_split=accept_new_split,
            accepted={
                GATE_SETTINGS: accept_gate_settings,
                REMOVED_INTENTS: accept_removed_intents,
            },
        )
    if kind is INTENT_KIND:
        _print_comparison(comparison)
    else:
        out.print(kind.report(comparison, params), markup=False)
        _print_gates(comparison)
    for warning in comparison.warnings:
        out.print(f"[yellow]warning:[/yellow] {escape(warning)}")
    if not comparison.passed:
        raise PromotionRefused(
            "promotion refused; failed gates: "
            + "; ".join(f"{g.name} ({g.detail})" for g in comparison.failed)
        )
    if release is None:
        out.print(f"dry run: v{candidate.version} would be promoted; nothing changed")
    else:
        out.print(
            f"promoted {name} v{release.model_version} to champion; "
            f"{s.release_file}{_section(kind)} rewritten"
        )


@app.command()
def report(
    model: RegisteredModelOption = None,
    version: VersionOption = None,
    alias: AliasOption = None,
    output: Annotated[Path, typer.Option(help="Markdown file to write.")] = Path(
        "reports/model-report.md"
    ),
) -> None:
    """Write a markdown comparison of candidate vs champion (for a pull-request comment)."""
    from pipelines.params import load_params
    from pipelines.release.promote import compare, resolve_candidate
    from pipelines.tracking import client as mlflow_client

    base = settings()
    kind = kind_for(model, base)
    s = kind.settings(base)
    client = mlflow_client(s)
    params = load_params(s.params_file)
    name = _registered_name(kind, model, s)
    _known_model(client, kind, model, name)
    candidate = resolve_candidate(client, name, version, alias)
    with step(f"comparing {_who(kind)}v{candidate.version} with the champion"):
        comparison = compare(kind, s, params, client, candidate)
    if kind is INTENT_KIND:  # what changed in the data, per split, language and intent
        from pipelines.release.data_diff import for_comparison

        comparison.data_diff = for_comparison(client, s.data_dir, s.data_dvc_file, comparison)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(kind.report(comparison, params))
    out.print(f"report written to {output}")


@app.command("lineage")
def lineage_command(model: RegisteredModelOption = None) -> None:
    """Print the chain data version → run → model version → release for the pinned model."""
    from models.release import ReleaseError, read_release
    from pipelines.release.lineage_report import chain
    from pipelines.tracking import client as mlflow_client

    base = settings()
    kind = kind_for(model, base)
    s = kind.settings(base)
    try:
        release = read_release(kind.model, s.release_file)
    except ReleaseError as exc:
        raise SlipwayError(str(exc)) from None
    if model is not None and not kind.named(model, s) and release.model_name != model:
        raise SlipwayError(
            f"unknown model kind {model!r}: intent or pathways (the pin of {s.release_file} "
            f"names {release.model_name or kind.registered_name(s)})"
        )
    for link in chain(mlflow_client(s), release, kind):
        table = Table(title=link.stage, show_header=False, title_justify="left")
        table.add_column("field")
        table.add_column("value")
        for key, value in link.fields.items():
            table.add_row(key, value)
        out.print(table)


@app.command()
def repro() -> None:
    """Run the DVC pipeline (`dvc repro`): validate → train → evaluate → register."""
    raise typer.Exit(subprocess.call([tool("dvc"), "repro"]))


# -- helpers ----------------------------------------------------------------------------------
def _resolve_model(reference: str | None, s: PipelineSettings) -> Any:
    from models.loader import ModelNotFound, load

    ref = reference or f"models:/{s.model_name}@champion"
    try:
        return load(INTENT_KIND.model, ref, s.home / "model-cache", s.mlflow_tracking_uri)
    except ModelNotFound as exc:
        raise SlipwayError(
            f"cannot load model {ref}: {exc}. Pass --model (a models:/ URI or a folder) "
            "or run `make run` to train and promote one."
        ) from None


def _registered_name(kind: PipelineKind, model: str | None, s: PipelineSettings) -> str:
    """The registered model a `--model` value names: a kind's (default) name, or as given."""
    return kind.registered_name(s) if model is None or kind.model.named(model) else model


def _known_model(client: Any, kind: PipelineKind, model: str | None, name: str) -> None:
    """A `--model` value that names no kind must be a registered model: else say which kinds
    there are, instead of "NAME has no version with alias 'challenger'"."""
    if model is None or kind.named(model, settings()):
        return
    from mlflow.exceptions import MlflowException

    try:
        client.get_registered_model(name)
    except MlflowException:
        raise SlipwayError(
            f"unknown model kind {model!r}: intent or pathways (or the name of a registered model)"
        ) from None


def _who(kind: PipelineKind) -> str:
    """How messages name a kind beside the first one ("ranker "; nothing for the intent model)."""
    return "" if kind.model.pin_section is None else f"{kind.name} "


def _section(kind: PipelineKind) -> str:
    """The kind's section of the release pin, for messages (" (ranker:)")."""
    return "" if kind.model.pin_section is None else f" ({kind.model.pin_section}:)"


def _print_comparison(comparison: Any) -> None:
    from pipelines.intent.evaluate import table_rows
    from pipelines.release.promote import PINNED_NOTE, PRIMARY

    champ = comparison.champion
    pinned = comparison.pinned
    side = (
        f"champion v{champ.version}"
        if champ
        else (f"pinned v{pinned.model_version} (release pin)" if pinned else "champion v—")
    )
    # after `make clean` the pin's version number is of the wiped registry: say whose is whose
    here = " (this registry)" if pinned and not champ else ""
    table = Table(title=f"test split — {side} vs candidate v{comparison.candidate.version}{here}")
    table.add_column("metric")
    table.add_column("pinned" if pinned and not champ else "champion", justify="right")
    table.add_column("candidate", justify="right")
    new = comparison.candidate_evals[PRIMARY].metrics
    old_eval = comparison.champion_evals.get(PRIMARY)
    for key, value in table_rows(new):
        old = table_rows(old_eval.metrics) if old_eval else []
        table.add_row(key, dict(old).get(key, "—"), value)
    out.print(table)
    if pinned is not None and champ is None:
        out.print(
            f"This registry has no champion: compared with the release pin, "
            f"{pinned.model_name or comparison.candidate.name} v{pinned.model_version} "
            f"({PINNED_NOTE})."
        )
    _print_gates(comparison)


def _print_gates(comparison: Any) -> None:
    gates = Table(title="gates")
    gates.add_column("gate")
    gates.add_column("result")
    gates.add_column("detail")
    for g in comparison.gates:
        verdict = "[green]pass[/green]" if g.passed else "[red]FAIL[/red]"
        gates.add_row(escape(g.name), verdict, escape(g.detail))
    out.print(gates)


def _print_metrics(metrics: dict[str, float], title: str) -> None:
    from pipelines.intent.evaluate import table_rows

    table = Table(title=f"metrics — {title}")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for key, value in table_rows(metrics):
        table.add_row(key, value)
    out.print(table)


def _print_ranker_metrics(metrics: dict[str, float], k: int) -> None:
    table = Table(title="ranker — held-out learners (test split)")
    table.add_column("metric")
    table.add_column("ranker", justify="right")
    table.add_column("popularity baseline", justify="right")
    for key in (f"ndcg_at_{k}", f"hit_rate_at_{k}", "mrr"):
        table.add_row(key, f"{metrics[key]:.4f}", f"{metrics[f'baseline_{key}']:.4f}")
    for key in ("latency_p50_ms", "latency_p95_ms", "n_learners"):
        if key in metrics:
            table.add_row(key, f"{metrics[key]:.3f}", "")
    out.print(table)


def _round(metrics: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 4) for k, v in metrics.items()}
