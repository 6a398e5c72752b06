"""``slipway lineage``: walk back from the release pin to the data and code it came from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from models.release import Release
from pipelines.release.registry import get_version

if TYPE_CHECKING:
    from pipelines.kinds import PipelineKind


@dataclass
class LineageStep:
    stage: str
    fields: dict[str, str]


def chain(client: Any, release: Release, kind: PipelineKind | None = None) -> list[LineageStep]:
    """data version → training run → model version → release, as recorded in MLflow, for the
    kind's pin (the intent model's by default)."""
    if kind is None:
        from pipelines.kinds import INTENT_KIND

        kind = INTENT_KIND
    version = get_version(client, release.model_name, release.model_version)
    run = client.get_run(version.run_id)
    tags = version.tags
    params = run.data.params
    test = {
        f"test {k.removeprefix('test_')}": f"{v:.4f}"
        for k, v in sorted(run.data.metrics.items())
        if k.removeprefix("test_") != k and k.removeprefix("test_").startswith(kind.lineage_metrics)
    }
    return [
        LineageStep(
            "data",
            {
                "data.dvc md5": tags.get("data_hash", "") or "(missing)",
                "GX validation": tags.get("gx_success", "") or "(missing)",
                "GX expectations": tags.get("gx_checks", ""),
            },
        ),
        LineageStep(
            "run",
            {
                "run id": version.run_id,
                "git sha": run.data.tags.get("git_sha", "") or "(missing)",
                "params": ", ".join(
                    f"{k.split('.', 1)[-1]}={params[k]}"
                    for k in sorted(kind.lineage_params)
                    if k in params
                ),
                **(test or {"test metrics": "(missing)"}),
            },
        ),
        LineageStep(
            "model version",
            {
                "name": version.name,
                "version": str(version.version),
                "aliases": ", ".join(sorted(version.aliases)) or "(none)",
                "model digest": tags.get("model_digest", ""),
            },
        ),
        LineageStep(
            "release",
            {
                "pin": f"{release.model_name} v{release.model_version}",
                "run id matches": str(release.run_id == version.run_id).lower(),
                "digest matches": str(release.model_digest == tags.get("model_digest")).lower(),
                "promoted at": release.promoted_at,
            },
        ),
    ]
