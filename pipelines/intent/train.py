"""Stage 2 — train the intent classifier, calibrate it and choose the out-of-scope threshold.

TF-IDF over word and character n-grams (``models.intent.analyze``) feeds a linear classifier of
the family ``train.family`` names (multinomial logistic regression, a linear SVM, SGD with a
modified Huber loss, Complement Naive Bayes); whichever it is, the runtime keeps only its linear
layer (``coef_t``, ``intercept``), so serving is the same NumPy code. Confidence is calibrated
by temperature scaling on val (minimum negative log-likelihood), then the out-of-scope rule is
chosen on val: with ``train.oos_recall_floor`` set, a bias on the ``oos`` logit and a confidence
threshold together, maximising the lowest in-scope accuracy of any language while OOS recall
stays at or above the floor in every language (the goal is a joint one, per language); without
it, the threshold alone, maximising the mean of in-scope accuracy and OOS recall. Everything is
seeded and deterministic.
"""

from __future__ import annotations

import itertools
import json
import logging
import time
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from models.intent import (
    OOS_LABEL,
    FeatureConfig,
    FloatArray,
    IntentModel,
    analyze,
    apply_threshold,
    directory_digest,
    softmax_rows,
)
from pipelines.data import Example, load_splits
from pipelines.errors import ValidationFailed
from pipelines.params import Params, TrainParams

log = logging.getLogger(__name__)


@dataclass
class TrainResult:
    model_dir: str
    model_digest: str
    temperature: float
    threshold: float
    val_metrics: dict[str, float]
    n_features: int
    oos_bias: float = 0.0
    params: dict[str, Any] = field(default_factory=dict)
    run: dict[str, Any] = field(default_factory=dict)  # the MLflow run register logs


def feature_config(p: TrainParams) -> FeatureConfig:
    return FeatureConfig(
        p.word_ngram_max,
        p.char_ngram_min,
        p.char_ngram_max,
        p.char_analyzer,
        fold_digits=p.fold_digits,
        punctuation=p.punctuation,
    )


def classifier(p: TrainParams, n_samples: int) -> Any:
    """The unfitted scikit-learn estimator of ``p.family`` (each one linear in the features)."""
    if p.family == "linear_svm":
        from sklearn.svm import LinearSVC

        return LinearSVC(
            C=p.C, max_iter=p.max_iter, class_weight=p.class_weight, random_state=p.seed
        )
    if p.family == "sgd":
        from sklearn.linear_model import SGDClassifier

        return SGDClassifier(
            loss="modified_huber",
            alpha=1.0 / (p.C * max(n_samples, 1)),  # the same regularisation strength as C
            max_iter=p.max_iter,
            tol=1e-5,
            class_weight=p.class_weight,
            random_state=p.seed,
        )
    if p.family == "complement_nb":
        from sklearn.naive_bayes import ComplementNB

        return ComplementNB(alpha=1.0 / p.C)
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(
        C=p.C, max_iter=p.max_iter, class_weight=p.class_weight, random_state=p.seed
    )


def linear_layer(clf: Any) -> tuple[FloatArray, FloatArray]:
    """(coef, intercept) such that ``x @ coef.T + intercept`` is the estimator's decision value."""
    if hasattr(clf, "feature_log_prob_"):  # Complement NB: the joint log-likelihood
        coef = np.asarray(clf.feature_log_prob_, dtype=np.float64)
        return coef, np.zeros(coef.shape[0], dtype=np.float64)
    return (
        np.asarray(clf.coef_, dtype=np.float64),
        np.asarray(clf.intercept_, dtype=np.float64),
    )


def fit(train: list[Example], p: TrainParams) -> tuple[Any, Any, FeatureConfig]:
    """Fit vectorizer and classifier on the training examples."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    fc = feature_config(p)
    vectorizer = TfidfVectorizer(
        analyzer=partial(analyze, config=fc),
        sublinear_tf=True,
        min_df=p.min_df,
        norm="l2",
        smooth_idf=True,
        dtype=np.float64,
    )
    x = vectorizer.fit_transform([e.text for e in train])
    clf = classifier(p, x.shape[0])
    clf.fit(x, [e.intent for e in train])
    return vectorizer, clf, fc


def to_intent_model(vectorizer: Any, clf: Any, fc: FeatureConfig) -> IntentModel:
    coef, intercept = linear_layer(clf)
    return IntentModel(
        labels=[str(c) for c in clf.classes_],
        vocabulary={str(k): int(v) for k, v in vectorizer.vocabulary_.items()},
        idf=np.asarray(vectorizer.idf_, dtype=np.float64),
        coef_t=np.ascontiguousarray(coef.T, dtype=np.float64),
        intercept=intercept,
        features=fc,
    )


def fit_temperature(logits: FloatArray, y: np.ndarray[Any, Any]) -> float:
    """Temperature minimising validation NLL over a fine log grid (deterministic)."""
    grid = np.exp(np.linspace(np.log(0.05), np.log(20.0), 400))
    rows = np.arange(len(y))
    best_t, best_nll = 1.0, np.inf
    for t in grid:
        p = softmax_rows(logits, float(t))
        nll = -float(np.mean(np.log(np.clip(p[rows, y], 1e-12, None))))
        if nll < best_nll - 1e-12:
            best_t, best_nll = float(t), nll
    return best_t


def expected_calibration_error(proba: FloatArray, y: np.ndarray[Any, Any], bins: int = 10) -> float:
    conf = proba.max(axis=1)
    correct = proba.argmax(axis=1) == y
    edges = np.linspace(0.0, 1.0, bins + 1)
    ece = 0.0
    for lo, hi in itertools.pairwise(edges):
        mask = (conf > lo) & (conf <= hi)
        if mask.any():
            ece += float(mask.mean()) * abs(float(correct[mask].mean()) - float(conf[mask].mean()))
    return ece


def scope_scores(truth: list[str], pred: list[str]) -> tuple[float, float]:
    """(in-scope accuracy, OOS recall) of predictions after the OOS rule."""
    in_scope = [(t, p) for t, p in zip(truth, pred, strict=True) if t != OOS_LABEL]
    oos = [p for t, p in zip(truth, pred, strict=True) if t == OOS_LABEL]
    acc = sum(t == p for t, p in in_scope) / len(in_scope) if in_scope else 0.0
    rec = sum(p == OOS_LABEL for p in oos) / len(oos) if oos else 0.0
    return acc, rec


def choose_threshold(
    proba: FloatArray, labels: list[str], truth: list[str], p: TrainParams
) -> tuple[float, float]:
    """Threshold maximising (in-scope accuracy + OOS recall) / 2 on val; ties → lowest."""
    n = round((p.threshold_grid_max - p.threshold_grid_min) / p.threshold_grid_step)
    best_t, best = 0.0, -1.0
    for i in range(n + 1):
        t = round(p.threshold_grid_min + i * p.threshold_grid_step, 6)
        acc, rec = scope_scores(truth, apply_threshold(proba, labels, t))
        score = (acc + rec) / 2
        if score > best + 1e-12:
            best_t, best = t, score
    return best_t, best


def _grid(lo: float, hi: float, step: float) -> list[float]:
    n = round((hi - lo) / step)
    return [round(lo + i * step, 6) for i in range(n + 1)]


def choose_rule(
    logits: FloatArray,
    labels: list[str],
    truth: list[str],
    langs: list[str],
    temperature: float,
    p: TrainParams,
) -> tuple[float, float, float]:
    """(oos bias, threshold, objective) of the out-of-scope rule, chosen on val.

    With ``p.oos_recall_floor``: every (bias, threshold) of the grids is scored per language;
    among those whose OOS recall reaches the floor in every language, the one with the highest
    lowest in-scope accuracy wins (ties: higher mean in-scope accuracy over the languages, then
    the smaller bias, then the lower threshold); the objective is that lowest accuracy. When no
    pair reaches the floor, the pair with the highest lowest OOS recall wins and the objective is
    that recall minus one (below every feasible objective). Without a floor: bias 0 and
    ``choose_threshold``.
    """
    if p.oos_recall_floor is None:
        proba = softmax_rows(logits, temperature)
        threshold, objective = choose_threshold(proba, labels, truth, p)
        return 0.0, threshold, objective
    oos = labels.index(OOS_LABEL)
    y = np.array([labels.index(t) if t in labels else oos for t in truth])
    lang_arr = np.array(langs)
    groups = []  # per language: (in-scope rows, oos rows)
    for lang in sorted(set(langs)):
        rows = lang_arr == lang
        groups.append((rows & (y != oos), rows & (y == oos)))
    thresholds = _grid(p.threshold_grid_min, p.threshold_grid_max, p.threshold_grid_step)
    best_key: tuple[float, ...] | None = None
    best = (0.0, 0.0, 0.0)
    for bias in _grid(p.oos_bias_grid_min, p.oos_bias_grid_max, p.oos_bias_grid_step):
        proba = softmax_rows(logits, temperature, oos_bias=bias, oos_index=oos)
        top = proba.argmax(axis=1)
        conf = proba[np.arange(len(top)), top]
        for t in thresholds:
            pred = np.where((top != oos) & (conf < t), oos, top)
            accs = [float((pred[i] == y[i]).mean()) if i.any() else 1.0 for i, _ in groups]
            recs = [float((pred[o] == oos).mean()) if o.any() else 1.0 for _, o in groups]
            feasible = min(recs) >= p.oos_recall_floor - 1e-12
            objective = min(accs) if feasible else min(recs) - 1.0
            key = (objective, float(np.mean(accs)), -abs(bias), -t)
            if best_key is None or key > best_key:
                best_key, best = key, (bias, t, objective)
    return best


def build_model(
    splits: dict[str, list[Example]], p: TrainParams
) -> tuple[IntentModel, dict[str, float]]:
    """Train, calibrate and threshold; returns the runtime model and its val metrics."""
    vectorizer, clf, fc = fit(splits["train"], p)
    model = to_intent_model(vectorizer, clf, fc)
    val = splits["val"]
    known = [e for e in val if e.intent in model.labels]
    logits = np.vstack([model.logits(e.text) for e in known])
    y = np.array([model.labels.index(e.intent) for e in known])
    raw_ece = expected_calibration_error(softmax_rows(logits, 1.0), y)
    model.temperature = fit_temperature(logits, y)
    truth = [e.intent for e in known]
    model.oos_bias, model.threshold, objective = choose_rule(
        logits, model.labels, truth, [e.lang for e in known], model.temperature, p
    )
    proba = softmax_rows(
        logits, model.temperature, oos_bias=model.oos_bias, oos_index=model.labels.index(OOS_LABEL)
    )
    pred = apply_threshold(proba, model.labels, model.threshold)
    acc, rec = scope_scores(truth, pred)
    metrics = {
        "val_in_scope_accuracy": acc,
        "val_oos_recall": rec,
        "val_threshold_objective": objective,
        "val_ece_raw": raw_ece,
        "val_ece_calibrated": expected_calibration_error(
            softmax_rows(logits, model.temperature), y
        ),
    }
    for lang in sorted({e.lang for e in known}):
        rows = [i for i, e in enumerate(known) if e.lang == lang]
        acc, rec = scope_scores([truth[i] for i in rows], [pred[i] for i in rows])
        metrics[f"val_{lang}_in_scope_accuracy"] = acc
        metrics[f"val_{lang}_oos_recall"] = rec
    return model, metrics


def train(
    data_dir: Path,
    params: Params,
    model_dir: Path,
    reports_dir: Path,
    *,
    lineage: dict[str, str] | None = None,
) -> TrainResult:
    """Stage entry point: refuses unvalidated data, trains, saves; the record (``train.json``)
    carries the MLflow run the register stage logs (no MLflow import here)."""
    from pipelines.intent.validate import read_result
    from pipelines.tracking import run_name, run_record, run_tags

    started_ms = time.time_ns() // 1_000_000
    validation = read_result(reports_dir)
    if not validation.get("success"):
        raise ValidationFailed("the last data validation failed: fix data/ before training")
    splits = load_splits(data_dir)
    model, val_metrics = build_model(splits, params.train)
    model.metadata = {"params": params.train.model_dump()}  # lineage goes to MLflow tags
    if model_dir.exists():
        for f in model_dir.iterdir():
            f.unlink()
    model.save(model_dir)
    result = TrainResult(
        model_dir=str(model_dir),
        model_digest=directory_digest(model_dir),
        temperature=model.temperature,
        threshold=model.threshold,
        oos_bias=model.oos_bias,
        val_metrics=val_metrics,
        n_features=len(model.vocabulary),
        params=params.train.model_dump(),
    )
    lineage = lineage or {}
    result.run = run_record(
        run_name("intent", f"{params.train.family} C={params.train.C}", lineage),
        stage="train",
        params={
            **{f"train.{k}": v for k, v in params.train.model_dump().items()},
            "n_intents": len(params.intents),
            "n_features": result.n_features,
        },
        metrics={
            **result.val_metrics,
            "temperature": result.temperature,
            "oos_threshold": result.threshold,
            "oos_bias": result.oos_bias,
        },
        artifact_path="intent_model",
        model_digest=result.model_digest,
        lineage=lineage,
        validation=validation,
        started_ms=started_ms,
        tags=run_tags("intent", lineage),
    )
    model_dir.parent.mkdir(parents=True, exist_ok=True)
    (model_dir.parent / "train.json").write_text(
        json.dumps(asdict(result), indent=2, sort_keys=True) + "\n"
    )
    return result
