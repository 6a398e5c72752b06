"""Stage 3 — score a model on a labelled set: quality, out-of-scope handling and latency.

Every figure is given over the whole set and again for each language in it (``en.oos_recall``,
``es.in_scope_accuracy``), so a model that is good in English only cannot hide behind the mean.
"""

from __future__ import annotations

import csv
import itertools
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from models.intent import OOS_LABEL, IntentModel, Prediction
from pipelines.data import Example

# the figures repeated per language, as ``<lang>.<name>``
LANGUAGE_METRICS = (
    "n_examples",
    "n_oos",
    "accuracy",
    "macro_f1",
    "in_scope_accuracy",
    "oos_precision",
    "oos_recall",
    "oos_f1",
    "oos_share_predicted",
)


@dataclass
class Evaluation:
    metrics: dict[str, float]
    per_intent: dict[str, dict[str, float]]
    truth: list[str]
    predictions: list[Prediction]
    per_language: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)
    labels: list[str] = field(default_factory=list)  # what the model can predict


def languages(metrics: dict[str, float]) -> list[str]:
    """The languages a metrics dict has figures for (``en`` from ``en.n_examples``), sorted."""
    return sorted(k.split(".", 1)[0] for k in metrics if k.endswith(".n_examples"))


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score(model: IntentModel, examples: list[Example], *, latency_repeats: int = 0) -> Evaluation:
    """Metrics of ``model`` on ``examples``, overall and per language; labels the model does not
    know count as ``oos``."""
    known = set(model.labels)
    truth = [e.intent if e.intent in known else OOS_LABEL for e in examples]
    preds = model.predict_many(e.text for e in examples)
    pred = [p.intent for p in preds]
    metrics, per_intent = _figures(truth, pred)
    per_language = {}
    for lang in sorted({e.lang for e in examples}):
        rows = [i for i, e in enumerate(examples) if e.lang == lang]
        lang_metrics, per_language[lang] = _figures(
            [truth[i] for i in rows], [pred[i] for i in rows]
        )
        metrics.update({f"{lang}.{k}": lang_metrics[k] for k in LANGUAGE_METRICS})
    if latency_repeats > 0 and examples:
        metrics.update(latency(model, [e.text for e in examples], latency_repeats))
    return Evaluation(metrics, per_intent, truth, preds, per_language, list(model.labels))


def _figures(
    truth: list[str], pred: list[str]
) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """Quality figures and the per-label report of predictions ``pred`` against ``truth``."""
    n = len(truth)
    labels = sorted(set(truth) | set(pred))
    per_intent: dict[str, dict[str, float]] = {}
    for label in labels:
        tp = sum(t == p == label for t, p in zip(truth, pred, strict=True))
        fp = sum(p == label != t for t, p in zip(truth, pred, strict=True))
        fn = sum(t == label != p for t, p in zip(truth, pred, strict=True))
        precision, recall, f1 = _f1(tp, fp, fn)
        per_intent[label] = {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "support": float(tp + fn),
        }
    supported = [m["f1"] for m in per_intent.values() if m["support"] > 0]
    in_scope = [(t, p) for t, p in zip(truth, pred, strict=True) if t != OOS_LABEL]
    oos = per_intent.get(OOS_LABEL, {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0.0})
    metrics = {
        "n_examples": float(n),
        "accuracy": sum(t == p for t, p in zip(truth, pred, strict=True)) / n if n else 0.0,
        "macro_f1": float(np.mean(supported)) if supported else 0.0,
        "in_scope_accuracy": (
            sum(t == p for t, p in in_scope) / len(in_scope) if in_scope else 0.0
        ),
        "oos_precision": oos["precision"],
        "oos_recall": oos["recall"],
        "oos_f1": oos["f1"],
        "oos_share_predicted": pred.count(OOS_LABEL) / n if n else 0.0,
        "n_oos": float(truth.count(OOS_LABEL)),
    }
    return metrics, per_intent


def latency(model: IntentModel, texts: list[str], repeats: int) -> dict[str, float]:
    """Single-utterance predict latency in milliseconds (p50, p95 over the texts), after one
    warm-up pass. Each text is timed in ``repeats`` passes and keeps its best time
    (:func:`best_times`)."""
    model.predict_many(texts)
    return percentiles(best_times(model.predict, texts, repeats))


def best_times(call: Callable[[Any], object], items: Sequence[Any], repeats: int) -> list[float]:
    """Each item's fastest of ``repeats`` timed calls, in milliseconds, the passes interleaved.

    Other processes only ever add time to a call (the CPU taken away, caches evicted), never
    remove it: the best of a few passes is the call's own cost, and a p95 over them is a
    property of the model, not of the machine's load at that second (the timeit module's
    reasoning). One pass times each item once."""
    best = [float("inf")] * len(items)
    for _ in range(max(repeats, 1)):
        for i, item in enumerate(items):
            start = time.perf_counter_ns()
            call(item)
            best[i] = min(best[i], (time.perf_counter_ns() - start) / 1e6)
    return best


def percentiles(samples: list[float]) -> dict[str, float]:
    arr = np.asarray(samples, dtype=np.float64)
    return {
        "latency_p50_ms": float(np.percentile(arr, 50)),
        "latency_p95_ms": float(np.percentile(arr, 95)),
    }


def write_outputs(
    evaluation: Evaluation, metrics_file: Path, plots_dir: Path, model_dir: Path
) -> None:
    """``metrics.json`` (with the digest of the model in ``model_dir`` it scored) plus DVC plot
    data: confusion pairs and a confidence histogram."""
    from pipelines import evaluated

    evaluated.write(evaluation.metrics, metrics_file, model_dir)
    plots_dir.mkdir(parents=True, exist_ok=True)
    with (plots_dir / "confusion.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["actual", "predicted"])
        for t, p in zip(evaluation.truth, evaluation.predictions, strict=True):
            w.writerow([t, p.intent])
    bins = np.linspace(0.0, 1.0, 11)
    with (plots_dir / "confidence.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["confidence", "correct", "wrong"])
        conf = np.array([p.confidence for p in evaluation.predictions])
        ok = np.array(
            [t == p.intent for t, p in zip(evaluation.truth, evaluation.predictions, strict=True)]
        )
        for lo, hi in itertools.pairwise(bins):
            mask = (conf >= lo) & ((conf < hi) if hi < 1.0 else (conf <= hi))
            w.writerow([f"{lo:.1f}", int((mask & ok).sum()), int((mask & ~ok).sum())])
    with (plots_dir / "per_intent.json").open("w") as fh:
        json.dump(per_intent_report(evaluation), fh, indent=2, sort_keys=True)


def per_intent_report(evaluation: Evaluation) -> dict[str, dict[str, dict[str, float]]]:
    """The per-label figures over the whole set (``all``) and in each language."""
    return {"all": evaluation.per_intent, **evaluation.per_language}


def table_rows(metrics: dict[str, Any]) -> list[tuple[str, str]]:
    order = [
        "n_examples",
        "accuracy",
        "macro_f1",
        "in_scope_accuracy",
        "oos_precision",
        "oos_recall",
        "oos_f1",
        "oos_share_predicted",
        "latency_p50_ms",
        "latency_p95_ms",
    ]
    keys = [k for k in order if k in metrics]
    for lang in languages(metrics):
        keys += [f"{lang}.{k}" for k in order if f"{lang}.{k}" in metrics]
    rows = []
    for key in keys:
        v = metrics[key]
        count = key.rsplit(".", 1)[-1] in {"n_examples", "n_oos"}
        rows.append((key, f"{int(v)}" if count else f"{v:.4f}"))
    return rows
