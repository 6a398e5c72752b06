"""Settings of the pipeline and the ``slipway`` command (prefix ``SLIPWAY_``).

Every location the pipeline touches comes from here, so the same code runs against the local
embedded default (SQLite MLflow, a local DVC remote) or a remote MLflow server and S3.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from models.kind import INTENT, RANKER
from models.release import DEFAULT_RELEASE_FILE, DEFAULT_TRACKING_URI
from models.unknown_settings import warn_unknown_variables


class PipelineSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="SLIPWAY_", env_file=".env", extra="ignore", allow_inf_nan=False
    )

    def model_post_init(self, context: Any, /) -> None:
        warn_unknown_variables()  # SLIPWAY_ variables no setting reads (models.unknown_settings)

    home: Path = Field(Path(".slipway"), description="Local state: MLflow DB, artifacts, caches.")
    data_dir: Path = Field(Path("data"), description="The DVC-tracked data folder.")
    params_file: Path = Field(Path("params.yaml"), description="Pipeline parameters.")
    artifacts_dir: Path = Field(Path("artifacts"), description="Stage outputs (model files).")
    reports_dir: Path = Field(Path("reports"), description="Validation, metrics, plots.")
    metrics_file: Path = Field(Path("metrics.json"), description="The evaluate stage's metrics.")
    release_file: Path = Field(DEFAULT_RELEASE_FILE, description="The release pin.")
    model_name: str = Field(INTENT.registered_name, description="Registered model name in MLflow.")
    experiment: str = Field("slipway-intent", description="MLflow experiment name.")
    ranker_model_name: str = Field(
        RANKER.registered_name, description="Registered name of the pathway ranker in MLflow."
    )
    ranker_experiment: str = Field(
        "slipway-ranker", description="MLflow experiment of the pathway ranker's runs."
    )
    mlflow_tracking_uri: str = Field(
        DEFAULT_TRACKING_URI,
        validation_alias=AliasChoices("MLFLOW_TRACKING_URI", "SLIPWAY_MLFLOW_TRACKING_URI"),
        description="MLflow tracking and registry URI.",
    )
    feedback_max_per_user: int = Field(
        5,
        ge=1,
        description=(
            "`slipway data import-feedback`: at most this many new intent examples, and as many "
            "new or changed learner profiles, taken from one user per import (oldest first); the "
            "rest are counted, reported and left for a later import, so no single user can "
            "steer the training data."
        ),
    )
    mlflow_artifact_root: str = Field(
        "",
        description=(
            "Artifact root for new experiments (a path, s3://bucket/prefix, ...). Empty: "
            "<home>/mlartifacts for a local store, the server's own default for a server."
        ),
    )

    def for_ranker(self) -> PipelineSettings:
        """The same settings with the ranker's experiment (its runs are kept apart)."""
        return self.model_copy(update={"experiment": self.ranker_experiment})

    @property
    def data_dvc_file(self) -> Path:
        return self.data_dir.with_suffix(".dvc")
