"""The training run: written by a train stage as a record (no MLflow there), logged once by
register with the params, metrics, tags, start time and model files of the training."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pipelines.settings import PipelineSettings
from pipelines.tracking import run_record, setup_mlflow, training_run
from tests.servers import mlflow_store

LINEAGE = {"git_sha": "0" * 40, "data_hash": "feedface.dir"}
STARTED_MS = 1_700_000_000_123


@pytest.fixture
def store(tmp_path: Path) -> tuple[PipelineSettings, Any]:
    from mlflow import MlflowClient

    uri = mlflow_store(tmp_path / "mlflow.db")
    s = PipelineSettings(
        mlflow_tracking_uri=uri,
        mlflow_artifact_root=str(tmp_path / "mlartifacts"),
        home=tmp_path / "home",
        experiment="test-tracking",
    )
    setup_mlflow(s)
    return s, MlflowClient(uri, uri)


def _record(model_dir: Path) -> dict[str, Any]:
    model_dir.mkdir()
    (model_dir / "weights.json").write_text('{"w": [1, 2]}')
    run = run_record(
        "train",
        stage="train",
        params={"train.C": 8.0, "train.family": "linear_svm", "train.floor": None, "n": 3},
        metrics={"val_in_scope_accuracy": 0.93, "temperature": 0.5},
        artifact_path="intent_model",
        model_digest="abc123",
        lineage=LINEAGE,
        validation={"success": True},
        started_ms=STARTED_MS,
    )
    # the record goes through train.json on its way to the register stage
    return {"model_dir": str(model_dir), "run": json.loads(json.dumps(run))}


@pytest.mark.slow  # registers through MLflow
def test_register_logs_the_training_run_once(
    store: tuple[PipelineSettings, Any], tmp_path: Path
) -> None:
    s, client = store
    trained = _record(tmp_path / "model")
    run_id = training_run(client, s.experiment, trained, Path(trained["model_dir"]))
    run = client.get_run(run_id)
    assert run.info.run_name == "train"
    assert run.info.start_time == STARTED_MS
    # params as MLflow records any value (str), metrics, the lineage and GX result as tags
    assert run.data.params == {
        "train.C": "8.0",
        "train.family": "linear_svm",
        "train.floor": "None",
        "n": "3",
    }
    assert run.data.metrics == {"val_in_scope_accuracy": 0.93, "temperature": 0.5}
    tags = run.data.tags
    assert {
        k: tags[k] for k in ("git_sha", "data_hash", "gx_success", "model_digest", "stage")
    } == {
        **LINEAGE,
        "gx_success": "true",
        "model_digest": "abc123",
        "stage": "train",
    }
    assert tags["mlflow.runName"] == "train"
    assert "mlflow.user" in tags  # the context tags of a run started with mlflow.start_run
    assert [a.path for a in client.list_artifacts(run_id, "intent_model")] == [
        "intent_model/weights.json"
    ]
    # registering the same record again finds that run: no second training run
    assert training_run(client, s.experiment, trained, Path(trained["model_dir"])) == run_id
    assert len(client.search_runs([run.info.experiment_id])) == 1


@pytest.mark.slow  # registers through MLflow
def test_a_record_naming_its_run_is_taken_as_is(
    store: tuple[PipelineSettings, Any], tmp_path: Path
) -> None:
    s, client = store
    assert training_run(client, s.experiment, {"run_id": "r1"}, tmp_path) == "r1"


def test_train_stages_do_not_import_mlflow() -> None:
    """The train stages' modules and the record: no MLflow import (two seconds per stage)."""
    code = (
        "import sys, pipelines.intent.train, pipelines.pathways.train, pipelines.tracking\n"
        "pipelines.tracking.run_record('t', stage='t', params={}, metrics={}, artifact_path='m',"
        " model_digest='d', lineage={}, validation={}, started_ms=0)\n"
        "print('mlflow' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_skipped_requirements_check_has_nothing_to_find() -> None:
    """register skips MLflow's requirements check (over a second of CPU): the pins it writes
    are the installed versions, and the check it skips is still where it looks."""
    from importlib import metadata

    from mlflow.utils import environment

    from pipelines.kinds import INTENT_KIND, RANKER_KIND
    from pipelines.release.register import REQUIREMENTS_CHECK, requirements

    assert callable(getattr(environment, REQUIREMENTS_CHECK))
    for kind in (INTENT_KIND, RANKER_KIND):
        for pin in requirements(kind.requirements):
            dist, version = pin.split("==")
            assert metadata.version(dist) == version
