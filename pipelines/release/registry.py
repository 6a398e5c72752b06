"""The model registry: versions, aliases and the release pin, over any MLflow tracking URI."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.release import (
    RANKER_SECTION,
    RankerRelease,
    Release,
    write_ranker_release,
    write_release,
)
from pipelines.errors import RegistryError

CHAMPION = "champion"
CHALLENGER = "challenger"
PREVIOUS = "previous"
RELEASE_METRICS = ("accuracy", "macro_f1", "in_scope_accuracy", "oos_precision", "oos_recall")
# the ranker's pin carries its offline metrics and the popularity baseline's beside them
RANKER_METRIC_PREFIXES = ("ndcg_at_", "hit_rate_at_", "baseline_", "mrr", "latency_p50_ms")


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


def release_for(client: Any, info: VersionInfo, section: str | None = None) -> Any:
    """The pin for a registered version, with the test metrics of its run.

    ``section`` None is the intent model's pin (:class:`Release`); ``"ranker"`` the ranker's.
    """
    run = client.get_run(info.run_id)
    if section == RANKER_SECTION:
        metrics = {
            k.removeprefix("test_"): round(float(v), 6)
            for k, v in sorted(run.data.metrics.items())
            if k.startswith("test_") and k.removeprefix("test_").startswith(RANKER_METRIC_PREFIXES)
        }
    else:
        metrics = {
            k: round(float(run.data.metrics[f"test_{k}"]), 6)
            for k in RELEASE_METRICS
            if f"test_{k}" in run.data.metrics
        }
    fields = {
        "model_name": info.name,
        "model_version": info.version,
        "run_id": info.run_id,
        "model_digest": info.tags.get("model_digest", ""),
        "data_hash": info.tags.get("data_hash", ""),
        "git_sha": info.tags.get("git_sha", ""),
        "promoted_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "metrics": metrics,
    }
    return RankerRelease(**fields) if section == RANKER_SECTION else Release(**fields)


def write_pin(release: Any, release_file: Path, section: str | None = None) -> None:
    if section == RANKER_SECTION:
        write_ranker_release(release, release_file)
    else:
        write_release(release, release_file)


def make_champion(
    client: Any, info: VersionInfo, release_file: Path, section: str | None = None
) -> Any:
    """Move ``champion`` to ``info`` (the old one becomes ``previous``) and rewrite its pin."""
    current = version_by_alias(client, info.name, CHAMPION)
    if current is not None and current.version != info.version:
        client.set_registered_model_alias(info.name, PREVIOUS, str(current.version))
    client.set_registered_model_alias(info.name, CHAMPION, str(info.version))
    release = release_for(client, info, section)
    write_pin(release, release_file, section)
    return release


def restore_previous(client: Any, name: str) -> tuple[VersionInfo, VersionInfo | None]:
    """Move ``champion`` back to the ``previous`` version and tag the demoted one.

    Returns (the restored version, the demoted champion or None); the caller rewrites its pin.
    """
    previous = version_by_alias(client, name, PREVIOUS)
    if previous is None:
        raise RegistryError(f"{name} has no 'previous' version to roll back to")
    current = version_by_alias(client, name, CHAMPION)
    client.set_registered_model_alias(name, CHAMPION, str(previous.version))
    client.delete_registered_model_alias(name, PREVIOUS)
    if current is not None:
        client.set_model_version_tag(name, str(current.version), "rolled_back", "true")
    return previous, current
