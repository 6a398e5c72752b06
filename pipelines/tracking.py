"""MLflow set-up, done explicitly by each command (never at import time)."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pipelines.errors import RegistryError
from pipelines.settings import PipelineSettings

log = logging.getLogger(__name__)
# set by `dvc exp run` in the environment of the stages it runs: the experiment's name
# (``proof-rasp``) and the commit it started from
DVC_EXP_NAME = "DVC_EXP_NAME"
DVC_EXP_BASELINE_REV = "DVC_EXP_BASELINE_REV"


def _artifact_location(settings: PipelineSettings) -> str | None:
    """Where a new experiment stores artifacts; None lets an MLflow server decide."""
    root = settings.mlflow_artifact_root
    if not root:
        if settings.mlflow_tracking_uri.startswith(("http://", "https://")):
            return None
        root = str(settings.home / "mlartifacts")
    if "://" in root:
        return root
    return Path(root).resolve().as_uri()


def setup_mlflow(settings: PipelineSettings) -> str:
    """Point MLflow at the configured server/DB and return the experiment id (created if new)."""
    os.environ.setdefault("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "false")
    os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")
    import mlflow

    uri = settings.mlflow_tracking_uri
    if uri.startswith("sqlite:///") and not uri.startswith("sqlite:////"):
        Path(uri.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    mlflow.set_tracking_uri(uri)
    mlflow.set_registry_uri(uri)
    try:
        experiment = mlflow.get_experiment_by_name(settings.experiment)
        if experiment is None:
            experiment_id: str = mlflow.create_experiment(
                settings.experiment,
                artifact_location=_artifact_location(settings),
            )
        else:
            experiment_id = experiment.experiment_id
    except Exception as exc:  # MLflow raises many types for an unreachable store
        raise RegistryError(
            f"cannot reach MLflow at {uri}: {exc}. Check MLFLOW_TRACKING_URI "
            "(default: the local SQLite file under .slipway/)."
        ) from exc
    mlflow.set_experiment(experiment_id=experiment_id)
    return experiment_id


def client(settings: PipelineSettings) -> Any:
    setup_mlflow(settings)
    from mlflow import MlflowClient

    return MlflowClient(settings.mlflow_tracking_uri, settings.mlflow_tracking_uri)


def _short(lineage: Mapping[str, str]) -> tuple[str, str]:
    """The data hash and git sha, short (``6a9163e6``, ``3ba24ff`` or ``3ba24ff-dirty``)."""
    data = lineage.get("data_hash", "").removesuffix(".dir")[:8]
    sha = lineage.get("git_sha", "")
    git = sha[:7] + ("-dirty" if sha.endswith("-dirty") else "")
    return data, git


def run_name(kind: str, summary: str, lineage: Mapping[str, str]) -> str:
    """A training run's name in the MLflow UI: the model kind, the DVC experiment when `dvc exp
    run` runs the stage, what was trained and on which data: ``intent · proof-rasp ·
    linear_svm C=10.0 · data 6a9163e6`` (``intent · linear_svm C=10.0 · data 6a9163e6``)."""
    data, _ = _short(lineage)
    exp = os.environ.get(DVC_EXP_NAME, "").strip()
    parts = [kind, exp, summary, f"data {data}" if data else ""]
    return " · ".join(p for p in parts if p).replace("'", "")


def run_tags(kind: str, lineage: Mapping[str, str]) -> dict[str, str]:
    """Tags that tell runs apart in the MLflow UI's columns and search: the model kind, the data
    and git shas short, and the DVC experiment (name, baseline commit) when there is one."""
    data, git = _short(lineage)
    tags = {"model_kind": kind, "data_hash_short": data, "git_sha_short": git}
    exp = os.environ.get(DVC_EXP_NAME, "").strip()
    if exp:
        tags["dvc_exp_name"] = exp
        tags["dvc_exp_baseline"] = os.environ.get(DVC_EXP_BASELINE_REV, "")[:7]
    return {k: v for k, v in tags.items() if v}


def run_record(
    run_name: str,
    *,
    stage: str,
    params: dict[str, Any],
    metrics: dict[str, float],
    artifact_path: str,
    model_digest: str,
    lineage: dict[str, str],
    validation: dict[str, Any],
    started_ms: int,
    tags: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """A training run as the train stage's record holds it: params, metrics, the lineage and GX
    result the model was trained with (tags), where its model files go, when training began.

    The train stages write it and never import MLflow (two seconds of CPU each); the register
    stage logs it (:func:`training_run`) before it adds the test figures and the version.
    """
    return {
        "name": run_name,
        "params": {k: str(v) for k, v in params.items()},  # as MLflow records them
        "metrics": metrics,
        "tags": {
            **lineage,
            "gx_success": str(bool(validation.get("success"))).lower(),
            "model_digest": model_digest,
            "stage": stage,
            **(tags or {}),
        },
        "artifact_path": artifact_path,
        "started_ms": started_ms,
    }


def training_run(client: Any, experiment: str, trained: dict[str, Any], model_dir: Path) -> str:
    """The run id of a train record, in ``experiment``: the run it names (a kind whose
    train stage logs its own run), else the run of its :func:`run_record`, logged here once.

    The run starts when training began, with the tags a run started there would have had;
    registering the same record again finds that run (same start, name and model digest)
    instead of logging a second one.
    """
    if trained.get("run_id"):
        return str(trained["run_id"])
    import mlflow
    from mlflow.tracking.context import registry as context
    from mlflow.utils.mlflow_tags import MLFLOW_RUN_NAME

    record = trained["run"]
    experiment_id = client.get_experiment_by_name(experiment).experiment_id
    name, started = record["name"], int(record["started_ms"])
    digest = record["tags"]["model_digest"]
    found = client.search_runs(
        [experiment_id],
        f"attributes.start_time = {started} and attributes.run_name = '{name}' "
        f"and tags.model_digest = '{digest}'",
        max_results=1,
    )
    if found:
        return str(found[0].info.run_id)
    run = client.create_run(
        experiment_id,
        start_time=started,
        tags=context.resolve_tags({MLFLOW_RUN_NAME: name, **record["tags"]}),
        run_name=name,
    )
    with mlflow.start_run(run_id=run.info.run_id):
        mlflow.log_params(record["params"])
        mlflow.log_metrics(record["metrics"])
        mlflow.log_artifacts(str(model_dir), artifact_path=record["artifact_path"])
    return str(run.info.run_id)
