"""`slipway tune`: Optuna trials logged as nested MLflow runs under one parent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.servers import mlflow_store


def _subset(data_dir: Path, target: Path, per_intent: int) -> None:
    (target / "intents").mkdir(parents=True)
    for split in ("train", "val"):
        kept: dict[str, int] = {}
        lines = []
        for line in (data_dir / "intents" / f"{split}.jsonl").read_text().splitlines():
            intent = json.loads(line)["intent"]
            if kept.get(intent, 0) < per_intent:
                kept[intent] = kept.get(intent, 0) + 1
                lines.append(line)
        (target / "intents" / f"{split}.jsonl").write_text("\n".join(lines) + "\n")
    (target / "intents" / "test.jsonl").write_text("")


@pytest.mark.slow
def test_trials_are_nested_runs(data_dir: Path, params, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import mlflow

    from pipelines.intent.tune import tune
    from pipelines.settings import PipelineSettings
    from pipelines.tracking import setup_mlflow

    monkeypatch.setenv("MLFLOW_TRACKING_URI", mlflow_store(tmp_path / "mlflow.db"))
    monkeypatch.setenv("SLIPWAY_MLFLOW_ARTIFACT_ROOT", str(tmp_path / "artifacts"))
    settings = PipelineSettings()
    experiment = setup_mlflow(settings)
    _subset(data_dir, tmp_path / "data", per_intent=12)
    calls = []
    best = tune(tmp_path / "data", params, trials=3, on_trial=lambda: calls.append(1))
    assert len(calls) == 3
    assert 0 < best["objective"] <= 1
    assert set(best["params"]) == {"C", "word_ngram_max", "char_ngram_max"}
    runs = mlflow.search_runs([experiment], output_format="list")
    parents = [r for r in runs if r.info.run_name == "tune"]
    assert len(parents) == 1
    children = [r for r in runs if r.data.tags.get("mlflow.parentRunId") == parents[0].info.run_id]
    assert len(children) == 3
    assert all("val_threshold_objective" in r.data.metrics for r in children)
