"""Promotion of any model kind: compare a candidate with the champion, gate, move aliases.

The kind says what a comparison is (``pipelines/kinds.py``: the intent model on the pinned test
split and every ``data/eval/*.jsonl``, the ranker on the held-out learners of the current data)
and which gates apply (its ``params.yaml`` section). A refused candidate changes nothing; an
accepted one becomes ``champion`` (the old champion becomes ``previous``) and its pin in
``models/release.yaml`` is rewritten. ``rollback`` restores ``previous`` in the registry and pin.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from models.loader import ModelNotFound
from models.loader import load as load_model
from models.release import Release
from pipelines.errors import RegistryError, SlipwayError
from pipelines.params import Params
from pipelines.release.registry import (
    CHALLENGER,
    CHAMPION,
    PREVIOUS,
    VersionInfo,
    get_version,
    make_champion,
    restore_previous,
    version_by_alias,
)
from pipelines.settings import PipelineSettings

if TYPE_CHECKING:
    from pipelines.kinds import PipelineKind

log = logging.getLogger(__name__)
PRIMARY = "test"
PINNED_NOTE = (
    "not in this registry: its test figures recorded in the release pin, on the test split it "
    "was gated on"
)


@dataclass
class PinnedEvaluation:
    """A pinned model's test figures as its pin records them (no predictions to compare)."""

    metrics: dict[str, float]
    per_intent: dict[str, dict[str, float]] = field(default_factory=dict)


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
    candidate_evals: dict[str, Any]  # per held-out set, an evaluation with ``.metrics``
    champion_evals: dict[str, Any]
    gates: list[Gate] = field(default_factory=list)
    # what ``champion`` is: the champion, or (when the candidate already is the champion, as
    # right after a promotion) the ``previous`` one it replaced
    against: str = CHAMPION
    candidate_is_champion: bool = False
    # with no champion in this registry (after `make clean`), the release pin it was compared
    # with instead: its recorded test figures
    pinned: Release | None = None
    data_diff: Any = None  # the report's data section (pipelines/release/data_diff.py)

    def versus(self) -> str:
        """The heading's other side: "champion v2", "previous v1 (v2 is already the champion)"."""
        if not self.candidate_is_champion:
            if self.champion:
                return f"champion v{self.champion.version}"
            if self.pinned:
                return f"pinned v{self.pinned.model_version} ({PINNED_NOTE})"
            return "no champion yet"
        already = f"v{self.candidate.version} is already the champion"
        if self.champion is None:
            return f"nothing ({already}; there is no previous version to compare with)"
        return f"{self.against} v{self.champion.version} ({already})"

    @property
    def passed(self) -> bool:
        return all(g.passed for g in self.gates)

    @property
    def failed(self) -> list[Gate]:
        return [g for g in self.gates if not g.passed]


def load_version(kind: PipelineKind, settings: PipelineSettings, info: VersionInfo) -> Any:
    """A registered version of ``kind``, loaded by its runtime (cached under ``home``)."""
    try:
        return load_model(
            kind.model,
            f"models:/{info.name}/{info.version}",
            settings.home / "model-cache",
            settings.mlflow_tracking_uri,
        )
    except (ModelNotFound, OSError, ValueError) as exc:
        raise RegistryError(f"cannot load {info.name} v{info.version}: {exc}") from exc


class ReleaseGateParams(Protocol):
    """The part of a kind's promotion parameters every kind has."""

    @property
    def max_latency_p95_ms(self) -> float: ...
    @property
    def require_gx_success(self) -> bool: ...
    @property
    def required_lineage(self) -> Sequence[str]: ...


def release_gates(
    candidate: VersionInfo, metrics: Mapping[str, float], p: ReleaseGateParams
) -> list[Gate]:
    """The gates every registered model passes, whatever it predicts: its latency budget, a
    passing GX validation of the data it was trained on, and complete lineage tags."""
    latency = metrics.get("latency_p95_ms", float("inf"))
    out = [
        Gate(
            "latency p95",
            latency <= p.max_latency_p95_ms,
            f"{latency:.3f} ms ≤ {p.max_latency_p95_ms} ms",
        )
    ]
    if p.require_gx_success:
        gx = candidate.tags.get("gx_success", "")
        out.append(
            Gate("GX validation of training data", gx == "true", f"gx_success={gx or 'missing'}")
        )
    missing = [t for t in p.required_lineage if not candidate.tags.get(t)]
    out.append(
        Gate(
            "lineage tags",
            not missing,
            "present: " + ", ".join(p.required_lineage)
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
    kind: PipelineKind,
    settings: PipelineSettings,
    params: Params,
    client: Any,
    candidate: VersionInfo,
    *,
    accept_new_split: str | None = None,
) -> Comparison:
    """Evaluate the candidate and the champion the kind's way, and every gate of the kind.

    When the candidate is the champion already (the report right after a promotion), it is
    compared with the ``previous`` champion instead, and says so. Both are scored on today's
    held-out sets, which must still hold every line the champion was gated on (a ``gate split``
    gate per set; ``accept_new_split`` is the reason to gate on sets that lost lines anyway)."""
    from pipelines.release import gate_params
    from pipelines.release.gate_sets import split_gates

    champion = version_by_alias(client, candidate.name, CHAMPION)
    against = CHAMPION
    is_champion = champion is not None and champion.version == candidate.version
    if is_champion:
        champion = version_by_alias(client, candidate.name, PREVIOUS)
        against = PREVIOUS
    cand = kind.evaluate(settings, params, load_version(kind, settings, candidate))
    champ = (
        kind.evaluate(settings, params, load_version(kind, settings, champion))
        if champion is not None and champion.version != candidate.version
        else {}
    )
    pinned = None if champion is not None or is_champion else _pinned(kind, settings)
    if pinned is not None:  # after `make clean`: compare with what production serves
        champ = {PRIMARY: PinnedEvaluation(dict(pinned.metrics))}
    comparison = Comparison(candidate, champion, cand, champ, against=against, pinned=pinned)
    comparison.candidate_is_champion = is_champion
    comparison.gates = kind.gates(params, candidate, cand, champ or None)
    comparison.gates += gate_params.gate(settings.params_file, kind.gates_section)  # committed?
    if pinned is not None:
        who = f"pinned v{pinned.model_version}"
        for gate in comparison.gates:
            gate.detail = gate.detail.replace("vs champion", f"vs {who}").replace(
                "(no champion yet)", f"(the pin of {who} records no such figure)"
            )
    if champion is not None and champ and kind.gate_sets is not None:
        sets = kind.gate_sets(settings.data_dir)
        comparison.gates[:0] = split_gates(client, sets, champion, against, accept_new_split)
    if is_champion:  # the gates' words name the version they compared with
        for gate in comparison.gates:
            gate.detail = gate.detail.replace("vs champion", f"vs {against}").replace(
                "(no champion yet)", "(no previous version)"
            )
    return comparison


def _pinned(kind: PipelineKind, settings: PipelineSettings) -> Release | None:
    """The kind's pin, when it names a model and records its test figures."""
    from models.release import ReleaseError, read_release

    try:
        pin = read_release(kind.model, settings.release_file)
    except ReleaseError:
        return None
    return pin if pin.metrics else None


def promote(
    kind: PipelineKind,
    settings: PipelineSettings,
    params: Params,
    client: Any,
    candidate: VersionInfo,
    *,
    dry_run: bool = False,
    accept_new_split: str | None = None,
) -> tuple[Comparison, Release | None]:
    """Gate the candidate; unless refused or dry-run, make it champion and rewrite its pin.

    ``accept_new_split`` (a reason) passes the ``gate split`` gates of held-out sets that lost
    lines since the champion was gated; the reason is kept as the promoted version's tag."""
    from pipelines.release.gate_sets import ACCEPTED_TAG

    if CHAMPION in candidate.aliases:
        raise SlipwayError(f"{candidate.name} v{candidate.version} is already the champion")
    if accept_new_split is not None and not accept_new_split.strip():
        raise SlipwayError("--accept-new-split needs a reason (it is kept on the version)")
    comparison = compare(
        kind, settings, params, client, candidate, accept_new_split=accept_new_split
    )
    if not comparison.passed or dry_run:
        return comparison, None
    champion = comparison.champion
    release = make_champion(kind, client, candidate, settings.release_file)
    client.set_model_version_tag(
        candidate.name, str(candidate.version), "promoted_at", release.promoted_at
    )
    accepted = [g.name for g in comparison.gates if g.detail.startswith("accepted (")]
    if accepted and champion is not None:
        client.set_model_version_tag(
            candidate.name,
            str(candidate.version),
            ACCEPTED_TAG,
            f"{accept_new_split} (sets of champion v{champion.version} that lost lines: "
            + ", ".join(accepted)
            + ")",
        )
    return comparison, release


def rollback(
    kind: PipelineKind, settings: PipelineSettings, client: Any, name: str
) -> tuple[int, Release]:
    """Restore ``previous`` as champion (registry and pin); returns (demoted version, pin)."""
    return restore_previous(kind, client, name, settings.release_file)
