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
    log_json: bool = Field(True, description="Write logs as one JSON object per line.")
    database_url: str = Field(
        "sqlite:///.slipway/assistant.db",
        description="SQLAlchemy URL of the assistant's database (SQLite or postgresql+psycopg).",
    )
    db_upgrade_on_start: bool = Field(
        True, description="Apply Alembic migrations when gunicorn starts (the master, once)."
    )
    redis_url: str | None = Field(
        None, description="Redis for rate limits and the response cache; unset: in memory."
    )
    rate_limit: str = Field(
        "120/minute;2000/hour", description="Per-token request limit (Flask-Limiter notation)."
    )
    cache_ttl: int = Field(3600, ge=0, description="Seconds a cached knowledge answer lives.")
    knowledge_dir: Path = Field(
        Path("data/knowledge"), description="Markdown knowledge base the faq skill answers from."
    )
    faq_min_score: float = Field(
        2.5, ge=0, description="BM25 score below which the faq skill says it does not know."
    )
    faq_rescue_score: float = Field(
        4.0,
        ge=0,
        description="An out-of-scope message whose best knowledge passage scores at least this "
        "(with model confidence below SLIPWAY_FAQ_RESCUE_MAX_CONFIDENCE) is answered from it.",
    )
    # 0.95: on the 30 knowledge-eval questions 25 are answered from the right file end to end
    # (22 at 0.8); of the 300 out-of-scope val/test examples 2 are answered from a passage.
    faq_rescue_max_confidence: float = Field(
        0.95, ge=0, le=1, description="Above this confidence an out-of-scope label is final."
    )
    request_log_retention_days: int = Field(
        30, ge=1, description="Days request_log rows are kept (`slipway db prune`)."
    )
    default_timezone: str = Field("UTC", description="Timezone of new users (IANA name).")
    default_locale: str = Field("en", description="Locale of new users.")
    active_user_window: int = Field(
        900, ge=1, description="Seconds a user counts as active for the active-users gauge."
    )


class ServerSettings(BaseSettings):
    """gunicorn's part of the configuration (read by ``app/gunicorn.conf.py``)."""

    model_config = SettingsConfigDict(env_prefix="SLIPWAY_", env_file=".env", extra="ignore")

    bind: str = Field("127.0.0.1:8000", description="Address gunicorn listens on.")
    workers: int = Field(2, ge=1, description="gunicorn worker processes.")
    threads: int = Field(4, ge=1, description="Threads per worker.")
    timeout: int = Field(30, ge=1, description="Worker timeout (seconds).")
    graceful_timeout: int = Field(20, ge=1, description="Seconds to finish requests on SIGTERM.")
