"""The model registry: versions, aliases and the release pin, over any MLflow tracking URI."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.release import Release, write_release
from pipelines.errors import RegistryError

CHAMPION = "champion"
CHALLENGER = "challenger"
PREVIOUS = "previous"
RELEASE_METRICS = ("accuracy", "macro_f1", "in_scope_accuracy", "oos_precision", "oos_recall")


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


def release_for(client: Any, info: VersionInfo) -> Release:
    """The pin for a registered version, with the test metrics of its run."""
    run = client.get_run(info.run_id)
    metrics = {
        k: round(float(run.data.metrics[f"test_{k}"]), 6)
        for k in RELEASE_METRICS
        if f"test_{k}" in run.data.metrics
    }
    return Release(
        model_name=info.name,
        model_version=info.version,
        run_id=info.run_id,
        model_digest=info.tags.get("model_digest", ""),
        data_hash=info.tags.get("data_hash", ""),
        git_sha=info.tags.get("git_sha", ""),
        promoted_at=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        metrics=metrics,
    )


def make_champion(client: Any, info: VersionInfo, release_file: Path) -> Release:
    """Move ``champion`` to ``info`` (the old one becomes ``previous``) and rewrite the pin."""
    current = version_by_alias(client, info.name, CHAMPION)
    if current is not None and current.version != info.version:
        client.set_registered_model_alias(info.name, PREVIOUS, str(current.version))
    client.set_registered_model_alias(info.name, CHAMPION, str(info.version))
    release = release_for(client, info)
    write_release(release, release_file)
    return release
