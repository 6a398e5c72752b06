"""Settings of the assistant service (prefix ``SLIPWAY_``), read once in ``create_app``."""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from models.release import DEFAULT_RELEASE_FILE, DEFAULT_TRACKING_URI


class AppSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SLIPWAY_", env_file=".env", extra="ignore")

    release_file: Path = Field(DEFAULT_RELEASE_FILE, description="The release pin to serve.")
    model_path: Path | None = Field(
        None,
        description="A model folder baked into the image; when set, the registry is not asked.",
    )
    model_cache_dir: Path = Field(
        Path(".slipway/model-cache"), description="Where registry models are downloaded to."
    )
    mlflow_tracking_uri: str = Field(
        DEFAULT_TRACKING_URI,
        validation_alias=AliasChoices("MLFLOW_TRACKING_URI", "SLIPWAY_MLFLOW_TRACKING_URI"),
        description="MLflow registry to resolve the pinned version from.",
    )
    max_text_chars: int = Field(1000, ge=1, description="Longest accepted message text.")
    max_content_length: int = Field(64 * 1024, ge=1024, description="Largest request body (bytes).")
    git_sha: str = Field("", description="The code's commit (set by the image build).")
    log_level: str = Field("INFO", description="Python log level of the app.")


class ServerSettings(BaseSettings):
    """gunicorn's part of the configuration (read by ``app/gunicorn.conf.py``)."""

    model_config = SettingsConfigDict(env_prefix="SLIPWAY_", env_file=".env", extra="ignore")

    bind: str = Field("127.0.0.1:8000", description="Address gunicorn listens on.")
    workers: int = Field(2, ge=1, description="gunicorn worker processes.")
    threads: int = Field(4, ge=1, description="Threads per worker.")
    timeout: int = Field(30, ge=1, description="Worker timeout (seconds).")
    graceful_timeout: int = Field(20, ge=1, description="Seconds to finish requests on SIGTERM.")
