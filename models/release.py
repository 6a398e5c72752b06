"""The release pin (``models/release.yaml``): which registered model version production serves.

Both the pipeline (which writes it on promotion) and the app (which reads it at start) use this
module; it depends on nothing but PyYAML and pydantic.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

DEFAULT_RELEASE_FILE = Path(__file__).with_name("release.yaml")
DEFAULT_MODEL_NAME = "slipway-intent"
DEFAULT_TRACKING_URI = "sqlite:///.slipway/mlflow.db"
MODEL_ARTIFACT_DIR = "intent_model"  # where the pyfunc keeps the IntentModel files


class ReleaseError(Exception):
    """The release pin is missing or unreadable."""


class Release(BaseModel):
    """What production serves, by registry version (never by a moving alias)."""

    model_config = ConfigDict(extra="allow")

    model_name: str = DEFAULT_MODEL_NAME
    model_version: int = Field(ge=1)
    run_id: str
    model_digest: str = ""
    data_hash: str = ""
    git_sha: str = ""
    promoted_at: str = ""
    metrics: dict[str, float] = Field(default_factory=dict)

    @property
    def model_uri(self) -> str:
        return f"models:/{self.model_name}/{self.model_version}"


def read_release(path: Path = DEFAULT_RELEASE_FILE) -> Release:
    if not path.is_file():
        raise ReleaseError(
            f"{path} does not exist: no model has been promoted yet (run `make run` or "
            "`dvc repro` to train and promote the first one)"
        )
    try:
        raw: Any = yaml.safe_load(path.read_text())
        return Release.model_validate(raw)
    except (yaml.YAMLError, ValidationError) as exc:
        raise ReleaseError(f"{path} is not a valid release pin: {exc}") from exc


def write_release(release: Release, path: Path = DEFAULT_RELEASE_FILE) -> None:
    header = (
        "# The release pin: the model version production serves. Written by `slipway promote`\n"
        "# (or by the first registration); read by the app and by the release workflow.\n"
    )
    body = yaml.safe_dump(release.model_dump(mode="json"), sort_keys=False)
    path.write_text(header + body)
