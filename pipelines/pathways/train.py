"""The ranker stages: train a pointwise logistic scorer, evaluate it against popularity.

Training pairs are (profile, course shown) from the train split of ``interactions.csv``; the label
is "accepted or completed" (completed weighs double). C is chosen on the val split by NDCG@k.
Offline evaluation re-ranks each held-out (test-split) learner's shown courses and scores the
order with NDCG@k (gain 2 completed, 1 accepted) and hit rate@k (a positive in the top k),
beside the popularity baseline (courses ordered by their positives in the train split).
"""

from __future__ import annotations

import json
import math
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from models.intent import directory_digest
from models.ranker import FEATURES, Catalog, Profile, Ranker, build_pathway, features
from pipelines.errors import DataError, ValidationFailed
from pipelines.params import Params, RankerParams
from pipelines.pathways.data import (
    GAIN,
    Interaction,
    pathways_dir,
    read_interactions,
    read_profiles,
    split_of,
)


@dataclass
class RankerTrainResult:
    model_dir: str
    model_digest: str
    C: float
    val_metrics: dict[str, float]
    counts: dict[str, int]
    params: dict[str, Any] = field(default_factory=dict)
    run: dict[str, Any] = field(default_factory=dict)  # the MLflow run register logs


@dataclass
class Dataset:
    catalog: Catalog
    profiles: dict[str, Profile]
    by_split: dict[str, dict[str, list[Interaction]]]  # split → profile → its interactions
    designs: dict[str, tuple[Any, Any, Any]] = field(default_factory=dict)


def load_dataset(data_dir: Path, p: RankerParams) -> Dataset:
    folder = pathways_dir(data_dir)
    catalog = Catalog.load(folder)
    profiles = read_profiles(data_dir)
    by_split: dict[str, dict[str, list[Interaction]]] = {"train": {}, "val": {}, "test": {}}
    for x in read_interactions(data_dir):
        if x.profile_id not in profiles or x.course_id not in catalog.by_id:
            raise DataError(f"interaction {x} names an unknown profile or course")
        split = split_of(x.profile_id, p.val_share, p.test_share)
        by_split[split].setdefault(x.profile_id, []).append(x)
    return Dataset(catalog, profiles, by_split)


def design(
    ds: Dataset, split: str
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Feature rows, labels and sample weights of one split (computed once per dataset)."""
    if split in ds.designs:
        return ds.designs[split]
    xs, ys, ws = [], [], []
    for pid, rows in ds.by_split[split].items():
        courses = [ds.catalog.by_id[r.course_id] for r in rows]
        xs.append(features(ds.catalog, ds.profiles[pid], courses))
        for r in rows:
            ys.append(1 if GAIN[r.action] > 0 else 0)
            ws.append(2.0 if r.action == "completed" else 1.0)
    if not xs:
        raise DataError(f"the {split} split has no interactions: simulate or import some first")
    ds.designs[split] = (np.vstack(xs), np.asarray(ys), np.asarray(ws))
    return ds.designs[split]


def fit(ds: Dataset, c: float, seed: int) -> Ranker:
    from sklearn.linear_model import LogisticRegression

    x, y, w = design(ds, "train")
    if len(set(y.tolist())) < 2:
        raise DataError("the train split needs both positive and negative interactions")
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    clf = LogisticRegression(C=c, max_iter=2000, random_state=seed)
    clf.fit((x - mean) / scale, y, sample_weight=w)
    return Ranker(
        mean=mean,
        scale=scale,
        coef=np.asarray(clf.coef_[0], dtype=np.float64),
        intercept=float(clf.intercept_[0]),
        catalog=ds.catalog,
    )


# -- offline metrics --------------------------------------------------------------------------
def dcg(gains: list[float], k: int) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains[:k]))


def ranking_metrics(orders: list[tuple[list[str], dict[str, float]]], k: int) -> dict[str, float]:
    """NDCG@k, hit rate@k and MRR over (ranked course ids, gain per course) per learner."""
    ndcgs, hits, rrs = [], [], []
    for ranked, gain in orders:
        if not any(g > 0 for g in gain.values()):
            continue  # NDCG is undefined for a learner with no positive
        gains = [gain.get(c, 0.0) for c in ranked]
        ideal = dcg(sorted(gain.values(), reverse=True), k)
        ndcgs.append(dcg(gains, k) / ideal if ideal else 0.0)
        hits.append(1.0 if any(g > 0 for g in gains[:k]) else 0.0)
        first = next((i for i, g in enumerate(gains) if g > 0), None)
        rrs.append(1.0 / (first + 1) if first is not None else 0.0)
    n = len(ndcgs)
    return {
        f"ndcg_at_{k}": float(np.mean(ndcgs)) if n else 0.0,
        f"hit_rate_at_{k}": float(np.mean(hits)) if n else 0.0,
        "mrr": float(np.mean(rrs)) if n else 0.0,
        "n_learners": float(n),
    }


def popularity(ds: Dataset) -> dict[str, float]:
    """Positives per course in the train split (the baseline's score)."""
    counts: Counter[str] = Counter()
    for rows in ds.by_split["train"].values():
        for r in rows:
            counts[r.course_id] += GAIN[r.action] > 0
    return {c.id: float(counts[c.id]) for c in ds.catalog.courses}


def evaluate(ranker: Ranker, ds: Dataset, split: str, k: int) -> dict[str, float]:
    """The ranker and the popularity baseline on one split's learners (their shown courses)."""
    pop = popularity(ds)
    model_orders, pop_orders = [], []
    for pid, rows in ds.by_split[split].items():
        gain = {r.course_id: GAIN[r.action] for r in rows}
        courses = [ds.catalog.by_id[r.course_id] for r in rows]
        scores = ranker.scores(ds.profiles[pid], courses)
        ids = [c.id for c in courses]
        model_orders.append(
            ([ids[i] for i in sorted(range(len(ids)), key=lambda i: (-scores[i], ids[i]))], gain)
        )
        pop_orders.append((sorted(ids, key=lambda c: (-pop[c], c)), gain))
    metrics = ranking_metrics(model_orders, k)
    base = ranking_metrics(pop_orders, k)
    metrics.update({f"baseline_{key}": v for key, v in base.items() if key != "n_learners"})
    metrics[f"ndcg_lift_at_{k}"] = metrics[f"ndcg_at_{k}"] - base[f"ndcg_at_{k}"]
    return metrics


def latency(ranker: Ranker, ds: Dataset, repeats: int) -> dict[str, float]:
    """Milliseconds to build one learner's full pathway (rank + path), p50 and p95."""
    profiles = [ds.profiles[pid] for pid in ds.by_split["test"]][:200]
    if not profiles:
        return {}
    from pipelines.intent.evaluate import best_times, percentiles

    build_pathway(ranker, profiles[0])
    # each learner's best of the passes: a loaded machine only adds time (best_times)
    return percentiles(best_times(lambda p: build_pathway(ranker, p), profiles, repeats))


def counts(ds: Dataset) -> dict[str, int]:
    out = {f"{s}_learners": len(ds.by_split[s]) for s in ds.by_split}
    out |= {f"{s}_interactions": sum(len(v) for v in ds.by_split[s].values()) for s in ds.by_split}
    sources: Counter[str] = Counter(
        r.source for split in ds.by_split.values() for rows in split.values() for r in rows
    )
    out |= {f"source_{k}": v for k, v in sorted(sources.items())}
    return out


def train(
    data_dir: Path,
    params: Params,
    model_dir: Path,
    reports_dir: Path,
    *,
    lineage: dict[str, str] | None = None,
) -> RankerTrainResult:
    """Stage entry point: refuses unvalidated data, picks C on val, saves; the record
    (``ranker_train.json``) carries the MLflow run the register stage logs (no MLflow here)."""
    started_ms = time.time_ns() // 1_000_000
    validation = reports_dir / "pathways_validation.json"
    if not validation.is_file():
        raise ValidationFailed(f"{validation} missing: run the validate_pathways stage first")
    checked = json.loads(validation.read_text())
    if not checked.get("success"):
        raise ValidationFailed("the last pathways validation failed: fix data/pathways first")
    p = params.ranker
    ds = load_dataset(data_dir, p)
    k = p.k
    best: tuple[float, float, Ranker] | None = None
    grid: dict[str, float] = {}
    for c in p.C_grid:
        ranker = fit(ds, c, p.seed)
        score = evaluate(ranker, ds, "val", k)[f"ndcg_at_{k}"]
        grid[f"val_ndcg_at_{k}_C_{c:g}"] = score
        if best is None or score > best[0] + 1e-12:
            best = (score, c, ranker)
    assert best is not None
    _, chosen_c, ranker = best
    val = evaluate(ranker, ds, "val", k)
    ranker.metadata = {"params": p.model_dump(), "C": chosen_c}
    if model_dir.exists():
        for f in model_dir.iterdir():
            f.unlink()
    ranker.save(model_dir, pathways_dir(data_dir))
    result = RankerTrainResult(
        model_dir=str(model_dir),
        model_digest=directory_digest(model_dir),
        C=chosen_c,
        val_metrics={f"val_{key}": v for key, v in val.items()} | grid,
        counts=counts(ds),
        params=p.model_dump(),
    )
    result.run = _run_record(result, lineage or {}, checked, started_ms)
    model_dir.parent.mkdir(parents=True, exist_ok=True)
    (model_dir.parent / "ranker_train.json").write_text(
        json.dumps(asdict(result), indent=2, sort_keys=True) + "\n"
    )
    return result


def _run_record(
    result: RankerTrainResult,
    lineage: dict[str, str],
    validation: dict[str, Any],
    started_ms: int,
) -> dict[str, Any]:
    from pipelines.tracking import run_name, run_record, run_tags

    return run_record(
        run_name("ranker", f"C={result.C}", lineage),
        stage="train_ranker",
        params={
            **{f"ranker.{k}": v for k, v in result.params.items() if k != "C_grid"},
            "ranker.C": result.C,
            "n_features": len(FEATURES),
        },
        metrics={**result.val_metrics, **{k: float(v) for k, v in result.counts.items()}},
        artifact_path="ranker_model",
        model_digest=result.model_digest,
        lineage=lineage,
        validation=validation,
        started_ms=started_ms,
        tags=run_tags("ranker", lineage),
    )


def evaluate_stage(data_dir: Path, params: Params, model_dir: Path) -> dict[str, float]:
    """Test-split metrics of the saved ranker beside the popularity baseline, plus latency."""
    p = params.ranker
    ranker = Ranker.load(model_dir)
    ds = load_dataset(data_dir, p)
    metrics = evaluate(ranker, ds, "test", p.k)
    metrics.update(latency(ranker, ds, p.latency_repeats))
    return metrics


def per_source(ds: Dataset) -> dict[str, int]:
    out: defaultdict[str, int] = defaultdict(int)
    for split in ds.by_split.values():
        for rows in split.values():
            for r in rows:
                out[r.source] += 1
    return dict(out)
