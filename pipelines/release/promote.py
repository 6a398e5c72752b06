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
#: what ``Comparison.champion`` is when the registry's champion is not the version the release
#: pin names (a promotion not shipped yet): the pinned version, what production serves
PINNED = "pinned"
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


@dataclass(frozen=True)
class Acceptance:
    """A gate a stated reason passes: the promote option giving it, kept as a version tag."""

    gate: str  # the start of the names of the gates it passes
    option: str  # the `slipway promote` option whose value is the reason
    tag: str  # the promoted version's tag keeping the reason and what it passed


#: params.yaml's promotion gates differ from git HEAD's (``pipelines/release/gate_params.py``)
GATE_SETTINGS = Acceptance("gate settings", "--accept-gate-settings", "gate_settings_accepted")
#: an intent the champion predicts and the candidate does not (``pipelines/kinds.py``)
REMOVED_INTENTS = Acceptance(
    "removed intent ", "--accept-removed-intents", "gate_removed_intents_accepted"
)


def accept(gates: list[Gate], reasons: Mapping[Acceptance, str | None]) -> None:
    """Pass each failed gate a reason was given for: "accepted (REASON): what it said"."""
    for gate in gates:
        for acceptance, reason in reasons.items():
            if reason and not gate.passed and gate.name.startswith(acceptance.gate):
                gate.passed = True
                gate.detail = f"accepted ({reason}): {gate.detail}"


@dataclass
class Comparison:
    candidate: VersionInfo
    champion: VersionInfo | None
    candidate_evals: dict[str, Any]  # per held-out set, an evaluation with ``.metrics``
    champion_evals: dict[str, Any]
    gates: list[Gate] = field(default_factory=list)
    # what ``champion`` is: the champion, or (when the candidate already is the champion, as
    # right after a promotion) the ``previous`` one it replaced, or (when the champion alias
    # moved to a version the release pin does not name) the ``pinned`` one
    against: str = CHAMPION
    candidate_is_champion: bool = False
    # with no champion in this registry (after `make clean`), the release pin it was compared
    # with instead: its recorded test figures
    pinned: Release | None = None
    data_diff: Any = None  # the report's data section (pipelines/release/data_diff.py)
    # what the candidate was trained from that the repository does not say (params.yaml,
    # data.dvc): its pin would disagree with them (``dvc exp run -S``, then params reverted)
    warnings: list[str] = field(default_factory=list)

    def versus(self) -> str:
        """The heading's other side: "champion v2", "previous v1 (v2 is already the champion)"."""
        if not self.candidate_is_champion:
            if self.champion:
                return f"{self.against} v{self.champion.version}"
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
    fast = latency <= p.max_latency_p95_ms
    out = [
        Gate(
            "latency p95",
            fast,
            f"{latency:.3f} ms ≤ {p.max_latency_p95_ms} ms"
            if fast
            else f"{latency:.3f} ms > {p.max_latency_p95_ms} ms, over the budget (each "
            "text's best of the timed passes: a loaded machine slows every pass; "
            "time it again when the machine is idle, or raise max_latency_p95_ms in params.yaml)",
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
    accepted: Mapping[Acceptance, str | None] | None = None,
) -> Comparison:
    """Evaluate the candidate and the champion the kind's way, and every gate of the kind.

    When the candidate is the champion already (the report right after a promotion), it is
    compared with the ``previous`` champion instead, and says so. Both are scored on today's
    held-out sets, which must still hold every line the champion was gated on (a ``gate split``
    gate per set; ``accept_new_split`` is the reason to gate on sets that lost lines anyway)."""
    from pipelines.release import data_lineage, gate_params
    from pipelines.release.gate_sets import split_gates

    champion = version_by_alias(client, candidate.name, CHAMPION)
    against = CHAMPION
    is_champion = champion is not None and champion.version == candidate.version
    if is_champion:
        champion = version_by_alias(client, candidate.name, PREVIOUS)
        against = PREVIOUS
    drift: list[str] = []
    if not is_champion and champion is not None:
        drift, shipped = _alias_drift(kind, settings, client, candidate, champion)
        if shipped is not None:  # gate against what production serves (review 168, D-M6)
            champion, against = shipped, PINNED
    cand = kind.evaluate(settings, params, load_version(kind, settings, candidate))
    champ = (
        kind.evaluate(settings, params, load_version(kind, settings, champion))
        if champion is not None and champion.version != candidate.version
        else {}
    )
    pinned = None if champion is not None or is_champion else _pinned(kind, settings)
    if pinned is not None:  # after `make clean`: compare with what production serves
        champ = pinned_evaluations(pinned)
    comparison = Comparison(candidate, champion, cand, champ, against=against, pinned=pinned)
    comparison.candidate_is_champion = is_champion
    comparison.gates = kind.gates(params, candidate, cand, champ or None)
    comparison.gates += gate_params.gate(settings.params_file, kind.gates_section)  # committed?
    # its data committed and pushed? (refused when the remote lacks it)
    comparison.gates += data_lineage.gate(
        settings.data_dvc_file, candidate.tags.get("data_hash", "")
    )
    if pinned is not None:
        from pipelines.release.gate_sets import pin_split_gates

        who = f"pinned v{pinned.model_version}"
        for gate in comparison.gates:
            gate.detail = gate.detail.replace("vs champion", f"vs {who}")
            if "(no champion yet)" in gate.detail:  # nothing to compare with: not a pass
                gate.passed = False
                gate.detail = gate.detail.replace(
                    "(no champion yet)",
                    f"but the pin of {who} records no such figure, so the candidate cannot be "
                    f"compared with it on this: {PIN_ADVICE}",
                )
        if kind.gate_sets is not None:
            sets = kind.gate_sets(settings.data_dir)
            comparison.gates[:0] = pin_split_gates(sets, pinned, accept_new_split)
    if champion is not None and champ and kind.gate_sets is not None:
        sets = kind.gate_sets(settings.data_dir)
        comparison.gates[:0] = split_gates(client, sets, champion, against, accept_new_split)
    if not is_champion:
        comparison.warnings = drift + not_in_repository(kind, settings, params, candidate)
    if against == PINNED and champion is not None:
        for gate in comparison.gates:
            gate.detail = gate.detail.replace("vs champion", f"vs pinned v{champion.version}")
    accept(comparison.gates, accepted or {})  # gates passed with a reason (--accept-…)
    if is_champion:  # the gates' words name the version they compared with
        for gate in comparison.gates:
            gate.detail = gate.detail.replace("vs champion", f"vs {against}").replace(
                "(no champion yet)", "(no previous version)"
            )
    return comparison


def _alias_drift(
    kind: PipelineKind,
    settings: PipelineSettings,
    client: Any,
    candidate: VersionInfo,
    champion: VersionInfo,
) -> tuple[list[str], VersionInfo | None]:
    """When the ``champion`` alias is not the version the release pin names (a promotion whose
    pull request is unmerged or closed, or whose release failed or was refused): a warning, and
    the pinned version to gate against when this registry has it (and it is not the candidate).
    """
    from models.release import ReleaseError, read_release

    try:
        pin = read_release(kind.model, settings.release_file)
    except ReleaseError:
        return [], None
    if pin.model_name != candidate.name or not pin.model_version:
        return [], None
    if pin.model_version == champion.version:
        return [], None
    shipped: VersionInfo | None = None
    if pin.model_version != candidate.version:
        try:
            shipped = get_version(client, candidate.name, pin.model_version)
        except RegistryError:
            shipped = None
    compared = (
        f"the gates compare v{candidate.version} with the pinned v{pin.model_version}"
        if shipped is not None
        else f"the gates compare v{candidate.version} with the champion v{champion.version}"
    )
    return [
        f"the registry's champion is v{champion.version}, but {settings.release_file} pins "
        f"v{pin.model_version}, what production serves once released: a promotion that has not "
        f"shipped (its pull request unmerged or closed, or its release failed). {compared}; "
        "merge or close that promotion's pull request (or `slipway promote --rollback`) so the "
        "alias and the pin agree again"
    ], shipped


def not_in_repository(
    kind: PipelineKind, settings: PipelineSettings, params: Params, candidate: VersionInfo
) -> list[str]:
    """How the candidate's training params and data differ from the workspace's params.yaml
    and data.dvc: promoted, its pin would name a model that `dvc repro` of this commit does not
    build (dvc.lock describes another). One warning, with the way out, or none."""
    from pipelines.data import data_hash
    from pipelines.release.register import DATA_FOLDER_TAG, data_folder_hash

    tags = candidate.tags
    differ = []
    if kind.param_tags is not None:
        for name, (tag, now) in kind.param_tags(params).items():
            then = tags.get(tag)
            if then is not None and then != now:
                differ.append(f"{name}={then} (params.yaml: {now})")
    folder_then = tags.get(DATA_FOLDER_TAG, "")
    if folder_then:
        folder_now = data_folder_hash(kind, settings.data_dir)
        if folder_now and folder_now != folder_then:
            differ.append(f"data/{kind.data_folder} {folder_then[-12:]} (now: {folder_now[-12:]})")
    else:
        data_then, data_now = tags.get("data_hash", ""), data_hash(settings.data_dvc_file)
        if data_then and data_now and data_then != data_now:
            differ.append(f"data {data_then} (data.dvc: {data_now})")
    if not differ:
        return []
    return [
        f"v{candidate.version} was trained from what this repository does not hold: "
        + "; ".join(differ)
        + ". Promoted, its pin would disagree with params.yaml, data.dvc and dvc.lock (a "
        "`dvc repro` of this commit builds another model). Either bring the repository to it "
        "(`dvc exp apply EXP` for a `dvc exp run`, or edit params.yaml / check out its data.dvc; "
        "`dvc repro`; commit params.yaml, dvc.lock, data.dvc and the pin together), or promote "
        "the version trained from the committed params and data"
    ]


PIN_ADVICE = (
    "rebuild the pinned model into this registry (check out the data.dvc and params.yaml it was "
    "trained on, `dvc checkout`, `dvc repro`: it becomes the champion again) and promote "
    "against it"
)
SET_FIGURE = ":"  # a pinned figure of another held-out set: "eval/es_yes:macro_f1"


def pinned_evaluations(pin: Release) -> dict[str, PinnedEvaluation]:
    """A pin's recorded figures per held-out set: the test split's, and those of the other
    sets it was promoted on (``eval/NAME:metric``)."""
    out: dict[str, PinnedEvaluation] = {PRIMARY: PinnedEvaluation({})}
    for key, value in pin.metrics.items():
        name, sep, metric = key.rpartition(SET_FIGURE)
        where = name if sep else PRIMARY
        out.setdefault(where, PinnedEvaluation({})).metrics[metric] = value
    return out


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
    accepted: Mapping[Acceptance, str | None] | None = None,
) -> tuple[Comparison, Release | None]:
    """Gate the candidate; unless refused or dry-run, make it champion and rewrite its pin.

    ``accept_new_split`` (a reason) passes the ``gate split`` gates of held-out sets that lost
    lines since the champion was gated; ``accepted`` the gates of each :class:`Acceptance`
    (gate settings not committed, intents removed). Each reason is kept as the promoted
    version's tag, with what it passed."""
    from pipelines.release.gate_sets import ACCEPTED_TAG
    from pipelines.release.gate_sets import GATE as SPLIT_GATE

    if CHAMPION in candidate.aliases:
        raise SlipwayError(f"{candidate.name} v{candidate.version} is already the champion")
    if accept_new_split is not None and not accept_new_split.strip():
        raise SlipwayError("--accept-new-split needs a reason (it is kept on the version)")
    for acceptance, reason in (accepted or {}).items():
        if reason is not None and not reason.strip():
            raise SlipwayError(f"{acceptance.option} needs a reason (it is kept on the version)")
    comparison = compare(
        kind,
        settings,
        params,
        client,
        candidate,
        accept_new_split=accept_new_split,
        accepted=accepted,
    )
    if not comparison.passed or dry_run:
        return comparison, None
    champion = comparison.champion
    release = make_champion(
        kind, client, candidate, settings.release_file, _measured(kind, settings, comparison)
    )
    client.set_model_version_tag(
        candidate.name, str(candidate.version), "promoted_at", release.promoted_at
    )
    for acceptance, reason in (accepted or {}).items():
        passed = [
            f"{g.name}: {g.detail.removeprefix(f'accepted ({reason}): ')}"
            for g in comparison.gates
            if g.name.startswith(acceptance.gate) and g.detail.startswith(f"accepted ({reason})")
        ]
        if reason and passed:
            client.set_model_version_tag(
                candidate.name,
                str(candidate.version),
                acceptance.tag,
                f"{reason} ({'; '.join(passed)})"[:4900],  # MLflow keeps 5000 characters
            )
    accepted_sets = [
        g.name
        for g in comparison.gates
        if g.name.startswith(SPLIT_GATE) and g.detail.startswith("accepted (")
    ]
    if accepted_sets and (champion is not None or comparison.pinned is not None):
        who = (
            f"{comparison.against} v{champion.version}"
            if champion is not None
            else f"pinned v{comparison.pinned.model_version}"  # type: ignore[union-attr]
        )
        client.set_model_version_tag(
            candidate.name,
            str(candidate.version),
            ACCEPTED_TAG,
            f"{accept_new_split} (sets of {who} that lost or changed lines: "
            + ", ".join(accepted_sets)
            + ")",
        )
    return comparison, release


def _measured(
    kind: PipelineKind, settings: PipelineSettings, comparison: Comparison
) -> dict[str, tuple[str, dict[str, float]]]:
    """The candidate's figures on the held-out sets beside the test split, with each set's hash:
    the pin records them (the test split's come from the version's run)."""
    from pipelines.release.gate_sets import digest

    if kind.gate_sets is None:
        return {}
    sets = kind.gate_sets(settings.data_dir)
    return {
        name: (digest(sets[name]), dict(evaluation.metrics))
        for name, evaluation in comparison.candidate_evals.items()
        if name != PRIMARY and name in sets and sets[name].is_file()
    }


def rollback(
    kind: PipelineKind, settings: PipelineSettings, client: Any, name: str
) -> tuple[int, Release]:
    """Restore ``previous`` as champion (registry and pin); returns (demoted version, pin)."""
    return restore_previous(kind, client, name, settings.release_file)
