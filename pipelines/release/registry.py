"""The model registry: versions, aliases and the release pin, over any MLflow tracking URI."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from models.release import Release, write_release
from pipelines.errors import RegistryError

if TYPE_CHECKING:
    from pipelines.kinds import PipelineKind

CHAMPION = "champion"
CHALLENGER = "challenger"
PREVIOUS = "previous"


@dataclass(frozen=True)
class VersionInfo:
    name: str
    version: int
    run_id: str
    tags: dict[str, str]
    aliases: list[str]


def _info(mv: Any) -> VersionInfo:
    return VersionInfo(
        name=str(mv.name),
        version=int(mv.version),
        run_id=str(mv.run_id or ""),
        tags=dict(mv.tags or {}),
        aliases=list(getattr(mv, "aliases", []) or []),
    )


def version_by_alias(client: Any, name: str, alias: str) -> VersionInfo | None:
    from mlflow.exceptions import MlflowException

    try:
        return _info(client.get_model_version_by_alias(name, alias))
    except MlflowException:
        return None


def get_version(client: Any, name: str, version: int) -> VersionInfo:
    from mlflow.exceptions import MlflowException

    try:
        return _info(client.get_model_version(name, str(version)))
    except MlflowException as exc:
        raise RegistryError(f"{name} version {version} not found in the registry") from exc


GATE_SET_TAG = "gate_set."  # a version's tag per held-out set: gate_set.test, gate_set.eval/x


def release_for(
    kind: PipelineKind,
    client: Any,
    info: VersionInfo,
    measured: Mapping[str, tuple[str, Mapping[str, float]]] | None = None,
) -> Release:
    """The pin for a registered version: the test metrics of its run the kind pins (overall
    and per language) and the hash of each held-out set they were measured on, so that a
    promotion against the pin alone (after `make clean`) compares like with like.

    ``measured``: figures of other held-out sets measured at promotion (name → (sha256,
    metrics)), pinned as ``NAME:metric`` beside the set's hash."""
    run = client.get_run(info.run_id)
    test = {
        k.removeprefix("test_"): float(v)
        for k, v in run.data.metrics.items()
        if k.startswith("test_")
    }
    metrics = {k: round(v, 6) for k, v in kind.pin_metrics(test).items()}
    sets = {
        k.removeprefix(GATE_SET_TAG): v for k, v in info.tags.items() if k.startswith(GATE_SET_TAG)
    }
    for name, (sha, figures) in (measured or {}).items():
        sets[name] = sha
        metrics.update({f"{name}:{k}": round(v, 6) for k, v in kind.pin_metrics(figures).items()})
    return Release(
        model_name=info.name,
        model_version=info.version,
        run_id=info.run_id,
        model_digest=info.tags.get("model_digest", ""),
        data_hash=info.tags.get("data_hash", ""),
        git_sha=info.tags.get("git_sha", ""),
        promoted_at=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        metrics=metrics,
        gate_sets=dict(sorted(sets.items())) or None,
    )


def make_champion(
    kind: PipelineKind,
    client: Any,
    info: VersionInfo,
    release_file: Path,
    measured: Mapping[str, tuple[str, Mapping[str, float]]] | None = None,
) -> Release:
    """Move ``champion`` to ``info`` (the old one becomes ``previous``) and rewrite its pin
    (``measured``: as in :func:`release_for`)."""
    current = version_by_alias(client, info.name, CHAMPION)
    if current is not None and current.version != info.version:
        client.set_registered_model_alias(info.name, PREVIOUS, str(current.version))
    client.set_registered_model_alias(info.name, CHAMPION, str(info.version))
    release = release_for(kind, client, info, measured)
    write_release(kind.model, release, release_file)
    return release


def model_flag(kind: PipelineKind) -> str:
    """The `--model` option naming ``kind`` in a command (none for the intent model)."""
    return "" if kind.model.pin_section is None else f" --model {kind.name}"


def restore_previous(
    kind: PipelineKind, client: Any, name: str, release_file: Path
) -> tuple[int, Release]:
    """Move ``champion`` back to the ``previous`` version, tag the demoted one and rewrite the
    kind's pin. Returns (the demoted version or 0, the restored pin)."""
    previous = version_by_alias(client, name, PREVIOUS)
    if previous is None:
        raise RegistryError(
            f"{name} has no 'previous' version to roll back to (a rollback restores one "
            "version back, once): to serve an older version, gate and promote it by number, "
            f"`slipway promote{model_flag(kind)} --dry-run --version N`, then without "
            "--dry-run (`slipway lineage` shows the pinned one; the registry lists the others)"
        )
    current = version_by_alias(client, name, CHAMPION)
    client.set_registered_model_alias(name, CHAMPION, str(previous.version))
    client.delete_registered_model_alias(name, PREVIOUS)
    if current is not None:
        client.set_model_version_tag(name, str(current.version), "rolled_back", "true")
    release = release_for(kind, client, previous)
    write_release(kind.model, release, release_file)
    return (current.version if current else 0), release
