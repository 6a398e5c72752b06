"""Promotion: compare a candidate with the champion on the same held-out sets, gate, move aliases.

The held-out sets are the pinned test split and every ``data/eval/*.jsonl``. Gates and
thresholds come from ``params.yaml: promote``. A refused candidate changes nothing; an accepted
one becomes ``champion`` (the old champion becomes ``previous``) and ``models/release.yaml`` is
rewritten. ``rollback`` restores ``previous`` in the registry and in the pin.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.intent import IntentModel
from models.loader import ModelNotFound
from models.loader import load as load_model
from models.release import Release, write_release
from pipelines.data import intents_dir, read_jsonl
from pipelines.errors import RegistryError, SlipwayError
from pipelines.intent.evaluate import Evaluation, score
from pipelines.params import Params
from pipelines.release.registry import (
    CHALLENGER,
    CHAMPION,
    VersionInfo,
    get_version,
    make_champion,
    release_for,
    restore_previous,
    version_by_alias,
)
from pipelines.settings import PipelineSettings

log = logging.getLogger(__name__)
PRIMARY = "test"


class PromotionRefused(SlipwayError):
    """At least one gate failed; nothing was changed."""

    exit_code = 4


@dataclass
class Gate:
    name: str
    passed: bool
    detail: str


@dataclass
class Comparison:
    candidate: VersionInfo
    champion: VersionInfo | None
    candidate_evals: dict[str, Evaluation]
    champion_evals: dict[str, Evaluation]
    gates: list[Gate] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(g.passed for g in self.gates)

    @property
    def failed(self) -> list[Gate]:
        return [g for g in self.gates if not g.passed]


def eval_sets(data_dir: Path) -> dict[str, Path]:
    """The pinned test split plus any extra labelled sets under ``data/eval/``."""
    sets = {PRIMARY: intents_dir(data_dir) / "test.jsonl"}
    for path in sorted((data_dir / "eval").glob("*.jsonl")):
        sets[f"eval/{path.stem}"] = path
    return sets


def _load(settings: PipelineSettings, info: VersionInfo) -> IntentModel:
    try:
        return load_model(
            f"models:/{info.name}/{info.version}",
            settings.home / "model-cache",
            settings.mlflow_tracking_uri,
        )
    except ModelNotFound as exc:
        raise RegistryError(f"cannot load {info.name} v{info.version}: {exc}") from exc


def _evaluate(model: IntentModel, sets: dict[str, Path], repeats: int) -> dict[str, Evaluation]:
    return {
        name: score(model, read_jsonl(path), latency_repeats=repeats if name == PRIMARY else 0)
        for name, path in sets.items()
    }


def gates(
    params: Params,
    candidate: VersionInfo,
    cand: dict[str, Evaluation],
    champ: dict[str, Evaluation] | None,
) -> list[Gate]:
    """Every promotion gate, evaluated; none short-circuits so the table shows them all."""
    p = params.promote
    out: list[Gate] = []
    for set_name, evaluation in cand.items():
        for metric, tolerance in (
            ("macro_f1", p.tolerance_macro_f1),
            ("in_scope_accuracy", p.tolerance_in_scope_accuracy),
        ):
            new = evaluation.metrics[metric]
            if champ is None:
                out.append(Gate(f"{metric} [{set_name}]", True, f"{new:.4f} (no champion yet)"))
                continue
            old = champ[set_name].metrics[metric]
            ok = new >= old - tolerance
            out.append(
                Gate(
                    f"{metric} [{set_name}]",
                    ok,
                    f"{new:.4f} vs champion {old:.4f} (tolerance {tolerance})",
                )
            )
    primary = cand[PRIMARY].metrics
    out.append(
        Gate(
            "oos_recall floor",
            primary["oos_recall"] >= p.min_oos_recall,
            f"{primary['oos_recall']:.4f} ≥ {p.min_oos_recall}",
        )
    )
    out.extend(
        release_gates(
            candidate,
            primary.get("latency_p95_ms", float("inf")),
            p.max_latency_p95_ms,
            p.require_gx_success,
            p.required_lineage,
        )
    )
    return out


def release_gates(
    candidate: VersionInfo,
    latency_p95_ms: float,
    max_latency_p95_ms: float,
    require_gx_success: bool,
    required_lineage: Sequence[str],
) -> list[Gate]:
    """The gates every registered model passes, whatever it predicts: its latency budget, a
    passing GX validation of the data it was trained on, and complete lineage tags."""
    out = [
        Gate(
            "latency p95",
            latency_p95_ms <= max_latency_p95_ms,
            f"{latency_p95_ms:.3f} ms ≤ {max_latency_p95_ms} ms",
        )
    ]
    if require_gx_success:
        gx = candidate.tags.get("gx_success", "")
        out.append(
            Gate("GX validation of training data", gx == "true", f"gx_success={gx or 'missing'}")
        )
    missing = [t for t in required_lineage if not candidate.tags.get(t)]
    out.append(
        Gate(
            "lineage tags",
            not missing,
            "present: " + ", ".join(required_lineage)
            if not missing
            else "missing: " + ", ".join(missing),
        )
    )
    return out


def resolve_candidate(
    client: Any, name: str, version: int | None, alias: str | None
) -> VersionInfo:
    if version is not None:
        return get_version(client, name, version)
    wanted = alias or CHALLENGER
    info = version_by_alias(client, name, wanted)
    if info is None:
        raise RegistryError(
            f"{name} has no version with alias {wanted!r}: run `dvc repro` to register one, "
            "or pass --version N"
        )
    return info


def compare(
    settings: PipelineSettings, params: Params, client: Any, candidate: VersionInfo
) -> Comparison:
    champion = version_by_alias(client, candidate.name, CHAMPION)
    sets = eval_sets(settings.data_dir)
    repeats = params.evaluate.latency_repeats
    cand = _evaluate(_load(settings, candidate), sets, repeats)
    champ = (
        _evaluate(_load(settings, champion), sets, repeats)
        if champion is not None and champion.version != candidate.version
        else {}
    )
    comparison = Comparison(candidate, champion, cand, champ)
    comparison.gates = gates(params, candidate, cand, champ or None)
    return comparison


def promote(
    settings: PipelineSettings,
    params: Params,
    client: Any,
    candidate: VersionInfo,
    *,
    dry_run: bool = False,
) -> tuple[Comparison, Release | None]:
    """Gate the candidate; unless refused or dry-run, make it champion and rewrite the pin."""
    if CHAMPION in candidate.aliases:
        raise SlipwayError(f"{candidate.name} v{candidate.version} is already the champion")
    comparison = compare(settings, params, client, candidate)
    if not comparison.passed or dry_run:
        return comparison, None
    release = make_champion(client, candidate, settings.release_file)
    client.set_model_version_tag(
        candidate.name, str(candidate.version), "promoted_at", release.promoted_at
    )
    return comparison, release


def rollback(settings: PipelineSettings, client: Any, name: str) -> tuple[int, Release]:
    """Restore ``previous`` as champion (registry and pin); returns (demoted version, pin)."""
    previous, current = restore_previous(client, name)
    release = release_for(client, previous)
    write_release(release, settings.release_file)
    return (current.version if current else 0), release
