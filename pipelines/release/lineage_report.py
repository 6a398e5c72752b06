"""``slipway lineage``: walk back from the release pin to the data and code it came from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from models.release import Release
from pipelines.release.registry import get_version


@dataclass
class LineageStep:
    stage: str
    fields: dict[str, str]


def chain(client: Any, release: Release) -> list[LineageStep]:
    """data version → training run → model version → release, as recorded in MLflow."""
    version = get_version(client, release.model_name, release.model_version)
    run = client.get_run(version.run_id)
    tags = version.tags
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
                    f"{k.removeprefix('train.')}={v}"
                    for k, v in sorted(run.data.params.items())
                    if k.startswith("train.")
                    and k.split(".", 1)[1] in {"C", "seed", "word_ngram_max", "char_ngram_max"}
                ),
                "test macro-F1": f"{run.data.metrics.get('test_macro_f1', float('nan')):.4f}",
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
