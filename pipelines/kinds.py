"""The registered model kinds, as the pipeline sees them: one :class:`PipelineKind` per kind.

A kind ties together what the shared stages, the registry, promotion, rollback and the report
need to know about one kind of model: its part the app also needs (:mod:`models.kind`: registered
name, pin section, artifact folder, runtime loader), its DVC stages and their files, the pyfunc
it is logged as, the metrics its pin carries, how a candidate is evaluated against the champion
and which gates (a ``params.yaml`` section) it must pass. The intent model and the pathway ranker
are the two instances in :data:`KINDS`; a new kind is a new instance, not a copy of the flow.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from models.kind import INTENT, RANKER, ModelKind
from pipelines.params import Params
from pipelines.release.promote import PRIMARY, Comparison, Gate, release_gates
from pipelines.release.registry import VersionInfo
from pipelines.settings import PipelineSettings

if TYPE_CHECKING:
    import pandas as pd

    from models.intent import IntentModel
    from models.ranker import Ranker

Evaluations = dict[str, Any]  # held-out set name → an evaluation with ``.metrics``


@dataclass(frozen=True)
class PipelineKind:
    """One registered model kind: its stages, registration, pin metrics, evaluation and gates."""

    model: ModelKind[Any]
    registry_description: str  # the registered model's description in MLflow
    stages: tuple[str, ...]  # its DVC stages (dvc.yaml), in order: validate, train, ...
    train_record: str  # the train stage's record (run id, model dir, digest) in artifacts/
    validation_report: str  # the validate stage's GX result in reports/
    metrics_file: Callable[[PipelineSettings], Path]  # the evaluate stage's test metrics
    register_report: str  # what the register stage writes in reports/
    run_tags: Callable[[Mapping[str, Any]], dict[str, str]]  # version tags from the train record
    pyfunc: str  # its mlflow.pyfunc.PythonModel, as "module:Class" (models/logged_model.py)
    example: Callable[[Path], tuple[pd.DataFrame, pd.DataFrame]]  # input/output examples
    requirements: tuple[str, ...]  # pip distributions the pyfunc needs
    pin_metrics: Callable[[Mapping[str, float]], dict[str, float]]  # test metrics → its pin
    gates_section: str  # the params.yaml section holding its promotion gates
    evaluate: Callable[[PipelineSettings, Params, Any], Evaluations]  # a loaded model, scored
    gates: Callable[[Params, VersionInfo, Evaluations, Evaluations | None], list[Gate]]
    report: Callable[[Comparison, Params], str]  # the markdown comparison for a pull request
    # the evaluate stage's detailed report, logged on the run by the register stage (if any)
    evaluation_report: Callable[[PipelineSettings], Path] | None = None
    name_setting: str | None = None  # the PipelineSettings field overriding its registered name
    experiment_setting: str | None = None  # the PipelineSettings field naming its experiment
    # the held-out files it is gated on (data dir → name → file), recorded on each version and
    # compared with the champion's at promotion (``pipelines/release/gate_sets.py``)
    gate_sets: Callable[[Path], dict[str, Path]] | None = None
    # what `slipway lineage` shows of its training run: params, and test metrics by prefix
    lineage_params: tuple[str, ...] = ()
    lineage_metrics: tuple[str, ...] = ()
    # the folder of data/ it is trained on, when not all of it: a version's identity (same model,
    # same data) then hashes that folder, not data.dvc (an intent-only edit is no new ranker)
    data_folder: str | None = None
    # the version tags of its training params, as params.yaml has them now (promotion warns
    # when a candidate was trained with others: `dvc exp run -S`)
    # (params.yaml key → (version tag, value now))
    param_tags: Callable[[Params], dict[str, tuple[str, str]]] | None = None

    @property
    def name(self) -> str:
        return self.model.name

    @property
    def train_stage(self) -> str:
        return self.stages[1]

    @property
    def validate_command(self) -> str:
        """The command of its data gate: `slipway stage validate-pathways`."""
        return "slipway stage " + self.stages[0].replace("_", "-")

    @property
    def evaluate_command(self) -> str:
        """The command of its evaluate stage: `slipway stage evaluate-ranker`."""
        return "slipway stage " + self.stages[2].replace("_", "-")

    def registered_name(self, settings: PipelineSettings) -> str:
        if self.name_setting is None:
            return self.model.registered_name
        return str(getattr(settings, self.name_setting))

    def settings(self, settings: PipelineSettings) -> PipelineSettings:
        """The settings with this kind's MLflow experiment (each kind's runs are kept apart)."""
        if self.experiment_setting is None:
            return settings
        return settings.model_copy(
            update={"experiment": getattr(settings, self.experiment_setting)}
        )

    def named(self, name: str | None, settings: PipelineSettings) -> bool:
        """Whether ``name`` (a `--model` value) designates this kind."""
        return self.model.named(name) or name == self.registered_name(settings)


def exactly(*names: str) -> Callable[[Mapping[str, float]], dict[str, float]]:
    """Pin these metrics, in this order."""

    def pick(metrics: Mapping[str, float]) -> dict[str, float]:
        return {k: metrics[k] for k in names if k in metrics}

    return pick


def per_language(*names: str) -> Callable[[Mapping[str, float]], dict[str, float]]:
    """Pin these metrics overall, then again in each language the figures have (``es.macro_f1``):
    the gates compare each language, so a pin compared with must hold them."""

    def pick(metrics: Mapping[str, float]) -> dict[str, float]:
        from pipelines.intent.evaluate import languages

        prefixes = ["", *(f"{lang}." for lang in languages(dict(metrics)))]
        return {p + k: metrics[p + k] for p in prefixes for k in names if p + k in metrics}

    return pick


def prefixed(*prefixes: str) -> Callable[[Mapping[str, float]], dict[str, float]]:
    """Pin every metric whose name starts with one of these, sorted by name."""

    def pick(metrics: Mapping[str, float]) -> dict[str, float]:
        return {k: v for k, v in sorted(metrics.items()) if k.startswith(prefixes)}

    return pick


def _no_champion(metric: str, set_name: str, new: float) -> Gate:
    return Gate(f"{metric} [{set_name}]", True, f"{new:.4f} (no champion yet)")


def _versus(metric: str, set_name: str, new: float, old: float, tolerance: float) -> Gate:
    return Gate(
        f"{metric} [{set_name}]",
        new >= old - tolerance,
        f"{new:.4f} vs champion {old:.4f} (tolerance {tolerance})",
    )


# -- the intent model ---------------------------------------------------------------------------
INTENT_INPUT_EXAMPLE = ["book a meeting with Rosa tomorrow at 10am", "what's the weather in Lima"]


def eval_sets(data_dir: Path) -> dict[str, Path]:
    """The pinned test split plus any extra labelled sets under ``data/eval/``."""
    from pipelines.data import eval_set_files, intents_dir

    return {PRIMARY: intents_dir(data_dir) / "test.jsonl", **eval_set_files(data_dir)}


def _intent_evaluate(settings: PipelineSettings, params: Params, model: IntentModel) -> Evaluations:
    """The model on the test split and every gate set; a gate set with labels the model does
    not know or lines of the training split is refused (it would gate on noise)."""
    from pipelines.data import intents_dir, label_problems, read_jsonl
    from pipelines.errors import DataError
    from pipelines.intent.evaluate import score

    repeats = params.evaluate.latency_repeats
    sets = {name: read_jsonl(path) for name, path in eval_sets(settings.data_dir).items()}
    train = read_jsonl(intents_dir(settings.data_dir) / "train.jsonl")
    labels = set(params.intents)
    for name, examples in sets.items():
        problems = [] if name == PRIMARY else label_problems(examples, labels, train)
        if problems:
            raise DataError(
                f"gate set {eval_sets(settings.data_dir)[name]}: "
                + "; ".join(problems)
                + ": fix it (labels as in params.yaml, no training lines) or remove it"
            )
    return {
        name: score(model, examples, latency_repeats=repeats if name == PRIMARY else 0)
        for name, examples in sets.items()
    }


def intent_gates(
    params: Params, candidate: VersionInfo, cand: Evaluations, champ: Evaluations | None
) -> list[Gate]:
    """Every gate of ``params.yaml: promote``, evaluated; none short-circuits so the table
    shows them all. Quality gates hold overall and again in each language of the set
    (``es.macro_f1 [test]``, ``es.oos_recall floor``)."""
    from pipelines.intent.evaluate import languages

    p = params.promote
    out: list[Gate] = []
    for set_name, evaluation in cand.items():
        for prefix in ["", *(f"{lang}." for lang in languages(evaluation.metrics))]:
            for metric, tolerance in (
                (f"{prefix}macro_f1", p.tolerance_macro_f1),
                (f"{prefix}in_scope_accuracy", p.tolerance_in_scope_accuracy),
            ):
                new = evaluation.metrics[metric]
                old_eval = None if champ is None else champ.get(set_name)
                old = None if old_eval is None else old_eval.metrics.get(metric)
                if old is None:
                    out.append(_no_champion(metric, set_name, new))
                else:
                    out.append(_versus(metric, set_name, new, old, tolerance))
    primary = cand[PRIMARY].metrics
    with_oos = [f"{lang}." for lang in languages(primary) if primary.get(f"{lang}.n_oos", 0) > 0]
    for prefix in ["", *with_oos]:
        recall = primary[f"{prefix}oos_recall"]
        out.append(
            Gate(
                f"{prefix}oos_recall floor",
                recall >= p.min_oos_recall,
                f"{recall:.4f} ≥ {p.min_oos_recall}",
            )
        )
    old_primary = None if champ is None else champ.get(PRIMARY)
    out.extend(new_intent_gates(cand[PRIMARY], old_primary, p.min_new_intent_f1))
    out.extend(removed_intent_gates(cand[PRIMARY], old_primary))
    out.extend(release_gates(candidate, primary, p))
    return out


FLOOR_KEY = "promote.min_new_intent_f1"


def new_intent_gates(candidate: Any, champion: Any | None, floor: float | None) -> list[Gate]:
    """One line per intent the candidate predicts and the champion does not know, with its F1
    on the test split overall and in each language: a gate under ``promote.min_new_intent_f1``,
    shown only without it. A macro average over many intents hides one new intent's F1.

    No line without a champion (every intent is new); a champion known only by its release pin
    (after `make clean`) records no intents, so one line says they cannot be named."""
    if champion is None:
        return []
    known = getattr(champion, "labels", None)
    if not known:
        return [
            Gate(
                f"new intents [{PRIMARY}]",
                True,
                "not named: the champion's figures come from its release pin, which records "
                "no intents (a registered champion names them)",
            )
        ]
    new = [lbl for lbl in getattr(candidate, "labels", []) if lbl not in set(known)]
    if not new:
        return []
    figures = {"overall": candidate.per_intent, **candidate.per_language}
    out = []
    for label in new:
        shown, low = [], []
        for where, per_intent in figures.items():
            m = per_intent.get(label)
            if m is None or not m["support"]:
                if where == "overall":  # no test line at all: nothing measures it
                    shown.append("no test lines")
                    low.append(where)
                continue
            shown.append(f"{where} {m['f1']:.3f}")
            if floor is not None and m["f1"] < floor:
                low.append(where)
        name, f1 = f"new intent {label} [{PRIMARY}]", "F1 " + ", ".join(shown)
        if floor is None:
            out.append(Gate(name, True, f"{f1} (no floor: {FLOOR_KEY} unset)"))
        elif not low:
            out.append(Gate(name, True, f"{f1} ≥ {floor} ({FLOOR_KEY})"))
        else:
            out.append(
                Gate(
                    name,
                    False,
                    f"{f1}: under the floor {floor} ({FLOOR_KEY}) {', '.join(low)}; "
                    "add lines of it to data/, or lower the floor",
                )
            )
    return out


def removed_intent_gates(candidate: Any, champion: Any | None) -> list[Gate]:
    """One refused line per intent the champion predicts and the candidate does not: what users
    said of it goes to other intents (another skill, or out of scope), which no figure of the
    candidate's shows. Passed with a reason (``--accept-removed-intents``)."""
    from pipelines.release.promote import REMOVED_INTENTS

    known = getattr(champion, "labels", None) if champion is not None else None
    if champion is None or not known:
        return []
    kept = set(getattr(candidate, "labels", []))
    out = []
    for label in (lbl for lbl in known if lbl not in kept):
        m = champion.per_intent.get(label)
        lines = int(m["support"]) if m else 0
        measured = (
            f"the champion's F1 on its {lines} test lines {m['f1']:.3f}"
            if m and lines
            else "no test line of it left"
        )
        out.append(
            Gate(
                f"{REMOVED_INTENTS.gate}{label} [{PRIMARY}]",
                False,
                f"intent {label}: known to the champion, gone from the candidate ({measured}); "
                "what users say of it now goes to other intents. Restore it (params.yaml "
                "intents and its lines in data/), or remove it on purpose: "
                f"{REMOVED_INTENTS.option} 'REASON'",
            )
        )
    return out


def _intent_example(model_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    import pandas as pd

    from models.intent import IntentModel

    preds = IntentModel.load(model_dir).predict_many(INTENT_INPUT_EXAMPLE)
    output = pd.DataFrame(
        {"intent": [p.intent for p in preds], "confidence": [p.confidence for p in preds]}
    )
    return pd.DataFrame({"text": INTENT_INPUT_EXAMPLE}), output


def _intent_tags(trained: Mapping[str, Any]) -> dict[str, str]:
    return {
        "oos_threshold": str(trained["threshold"]),
        "oos_bias": str(trained.get("oos_bias", 0.0)),
        "temperature": str(trained["temperature"]),
        **{f"param.{k}": str(v) for k, v in trained.get("params", {}).items()},
    }


def _intent_report(comparison: Comparison, params: Params) -> str:
    from pipelines.release.report import render

    return render(comparison)


INTENT_KIND = PipelineKind(
    model=INTENT,
    registry_description="Slipway intent classifier (pyfunc).",
    stages=("validate", "train", "evaluate", "register"),
    train_record="train.json",
    validation_report="validation.json",
    metrics_file=lambda s: s.metrics_file,
    register_report="register.json",
    run_tags=_intent_tags,
    pyfunc="models.pyfunc:IntentPyfunc",
    example=_intent_example,
    requirements=("mlflow-skinny", "numpy", "pandas", "pydantic", "pyyaml"),
    pin_metrics=per_language(
        "n_examples", "accuracy", "macro_f1", "in_scope_accuracy", "oos_precision", "oos_recall"
    ),
    gates_section="promote",
    evaluate=_intent_evaluate,
    gates=intent_gates,
    report=_intent_report,
    evaluation_report=lambda s: s.reports_dir / "plots" / "per_intent.json",
    name_setting="model_name",
    gate_sets=eval_sets,
    lineage_params=("train.C", "train.seed", "train.word_ngram_max", "train.char_ngram_max"),
    lineage_metrics=("macro_f1",),
    param_tags=lambda params: {
        f"train.{k}": (f"param.{k}", str(v)) for k, v in params.train.model_dump().items()
    },
)


# -- the pathway ranker -------------------------------------------------------------------------
@dataclass
class RankerEvaluation:
    """Same shape as the intent model's ``Evaluation`` where the CLI and report read it."""

    metrics: dict[str, float]
    per_intent: dict[str, dict[str, float]]
    unseen: list[str] = field(default_factory=list)  # courses of the test split it never saw


UNSEEN_ITEMS = "n_items_unseen"  # test items whose course the ranker was not trained with
ITEMS = "n_items"


def _ranker_evaluate(settings: PipelineSettings, params: Params, ranker: Ranker) -> Evaluations:
    """The ranker on the held-out learners of the *current* data (its test split) and the
    current catalog: a course its own catalog lacks (added since it was trained) is scored from
    the course's fields as any course is, and counted (:data:`UNSEEN_ITEMS`)."""
    from pipelines.pathways.train import evaluate, latency, load_dataset

    ds = load_dataset(settings.data_dir, params.ranker)
    metrics = evaluate(ranker, ds, PRIMARY, params.ranker.k)
    metrics.update(latency(ranker, ds, params.ranker.latency_repeats))
    metrics["n_examples"] = metrics["n_learners"]
    items = [r.course_id for rows in ds.by_split[PRIMARY].values() for r in rows]
    metrics[ITEMS] = float(len(items))
    metrics[UNSEEN_ITEMS] = float(sum(c not in ranker.catalog.by_id for c in items))
    unseen = sorted({c for c in items if c not in ranker.catalog.by_id})
    return {PRIMARY: RankerEvaluation(metrics, {}, unseen)}


def ranker_gates(
    params: Params, candidate: VersionInfo, cand: Evaluations, champ: Evaluations | None
) -> list[Gate]:
    """Every gate of ``params.yaml: ranker.promote``."""
    p = params.ranker.promote
    k = params.ranker.k
    m = cand[PRIMARY].metrics
    out: list[Gate] = []
    for metric, tolerance in (
        (f"ndcg_at_{k}", p.tolerance_ndcg),
        (f"hit_rate_at_{k}", p.tolerance_hit_rate),
    ):
        old = None if champ is None else champ[PRIMARY].metrics.get(metric)
        if old is None:
            out.append(_no_champion(metric, PRIMARY, m[metric]))
        else:
            out.append(_versus(metric, PRIMARY, m[metric], old, tolerance))
    if champ is not None:
        out.extend(unseen_gate(champ[PRIMARY]))
    base = m[f"baseline_ndcg_at_{k}"]
    out.append(
        Gate(
            "beats popularity baseline",
            m[f"ndcg_at_{k}"] > base + p.min_lift_over_popularity,
            f"NDCG@{k} {m[f'ndcg_at_{k}']:.4f} vs popularity {base:.4f} "
            f"(lift must exceed {p.min_lift_over_popularity})",
        )
    )
    out.extend(release_gates(candidate, m, p))
    return out


def unseen_gate(champion: Any) -> list[Gate]:
    """How many test items the champion was compared on with courses it had never seen (added
    to the catalog since it was trained): it scores them from their own fields, as any course."""
    unseen = int(champion.metrics.get(UNSEEN_ITEMS, 0))
    if not unseen:
        return []
    total = int(champion.metrics.get(ITEMS, 0))
    courses = list(getattr(champion, "unseen", []))
    named = ", ".join(courses[:5]) + (" …" if len(courses) > 5 else "")
    return [
        Gate(
            f"courses new to the champion [{PRIMARY}]",
            True,
            f"the champion had never seen {unseen} of the {total} test items (courses {named}, "
            "added since it was trained): it scores them from their own fields (language, level, "
            "skills, cost), as any course outside its catalog",
        )
    ]


def _ranker_example(model_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    import pandas as pd

    example = pd.DataFrame(
        {"profile": [json.dumps({"skills": {"excel_basics": 2}, "goal_role": "data analyst"})]}
    )
    return example, pd.DataFrame({"courses": ['["C005"]'], "roles": ['["data analyst"]']})


def _ranker_report(comparison: Comparison, params: Params) -> str:
    from pipelines.release.report import render_ranker

    return render_ranker(comparison, params.ranker.k)


RANKER_KIND = PipelineKind(
    model=RANKER,
    registry_description="Slipway pathway ranker: profile × course × demand scorer (pyfunc).",
    stages=("validate_pathways", "train_ranker", "evaluate_ranker", "register_ranker"),
    train_record="ranker_train.json",
    validation_report="pathways_validation.json",
    # beside metrics.json and committed like it, so that `dvc metrics diff` reads it at HEAD
    metrics_file=lambda s: s.metrics_file.with_name("ranker_metrics.json"),
    register_report="ranker_register.json",
    run_tags=lambda trained: {"C": str(trained["C"])},
    pyfunc="models.ranker_pyfunc:RankerPyfunc",
    example=_ranker_example,
    requirements=("mlflow-skinny", "numpy", "pandas", "pyyaml"),
    # its offline metrics and the popularity baseline's beside them
    pin_metrics=prefixed("ndcg_at_", "hit_rate_at_", "baseline_", "mrr", "latency_p50_ms"),
    gates_section="ranker.promote",
    evaluate=_ranker_evaluate,
    gates=ranker_gates,
    report=_ranker_report,
    name_setting="ranker_model_name",
    experiment_setting="ranker_experiment",
    lineage_params=("ranker.C", "ranker.seed", "ranker.k"),
    lineage_metrics=("ndcg_at_", "hit_rate_at_"),
    data_folder="pathways",
)

KINDS: tuple[PipelineKind, ...] = (INTENT_KIND, RANKER_KIND)


def kind_for(model: str | None, settings: PipelineSettings) -> PipelineKind:
    """The kind a `--model` value designates: a kind's name or alias (`pathways`), or its
    registered name; anything else (or nothing) is an intent model's registered name."""
    for kind in KINDS:
        if kind is not INTENT_KIND and kind.named(model, settings):
            return kind
    return INTENT_KIND
