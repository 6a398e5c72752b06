"""MLflow set-up, done explicitly by each command (never at import time)."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from pipelines.errors import RegistryError
from pipelines.settings import PipelineSettings

log = logging.getLogger(__name__)


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


def log_training_run(
    run_name: str,
    *,
    stage: str,
    params: dict[str, Any],
    metrics: dict[str, float],
    model_dir: Path,
    artifact_path: str,
    model_digest: str,
    lineage: dict[str, str],
    validation: dict[str, Any],
) -> str:
    """One training run in the current experiment: params, metrics, the lineage and GX result
    the model was trained with (tags), and the model files; returns the run id."""
    import mlflow

    with mlflow.start_run(run_name=run_name) as run:
        mlflow.log_params(params)
        mlflow.log_metrics(metrics)
        mlflow.set_tags(
            {
                **lineage,
                "gx_success": str(bool(validation.get("success"))).lower(),
                "model_digest": model_digest,
                "stage": stage,
            }
        )
        mlflow.log_artifacts(str(model_dir), artifact_path=artifact_path)
        return str(run.info.run_id)
