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
DEFAULT_RANKER_NAME = "slipway-ranker"
RANKER_SECTION = "ranker"  # the pathway ranker's pin, a section of the same release file
RANKER_ARTIFACT_DIR = "ranker_model"  # where the ranker pyfunc keeps the Ranker files
PROMPTS_DIR = Path(__file__).with_name("prompts")
DEFAULT_PROMPT_VERSION = "v1"  # what a pin written before prompts were versioned serves


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
    prompt_version: str = Field(
        DEFAULT_PROMPT_VERSION,
        pattern=r"^v[1-9][0-9]*$",
        description="The LLM system prompt served: models/prompts/system.<version>.md",
    )

    @property
    def model_uri(self) -> str:
        return f"models:/{self.model_name}/{self.model_version}"


def prompt_file(version: str, folder: Path = PROMPTS_DIR) -> Path:
    """The file of a system prompt version (it may not exist: the caller checks)."""
    return folder / f"system.{version}.md"


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
    """Write the pin. A release that does not name a prompt version (a model promotion) keeps
    the one the current pin serves: a prompt change is its own release."""
    if "prompt_version" not in release.model_fields_set and path.is_file():
        try:
            current = read_release(path)
        except ReleaseError:
            current = None
        if current is not None:
            release = release.model_copy(update={"prompt_version": current.prompt_version})
    header = (
        "# The release pin: the model version and the LLM prompt version production serves.\n"
        "# Written by `slipway promote` (or by the first registration); read by the app and\n"
        "# by the release workflow.\n"
    )
    data = release.model_dump(mode="json")
    for key, value in _other_pins(path).items():  # e.g. the ranker's pin is kept as it is
        data.setdefault(key, value)
    body = yaml.safe_dump(data, sort_keys=False)
    path.write_text(header + body)


# -- the pathway ranker's pin (section ``ranker:`` of the same file) --------------------------
class RankerRelease(BaseModel):
    """The ranker version production serves; promoted on its own, beside the intent model."""

    model_name: str = DEFAULT_RANKER_NAME
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


def _raw_pin(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        raw = yaml.safe_load(path.read_text())
    except yaml.YAMLError:
        return {}
    return raw if isinstance(raw, dict) else {}


def _other_pins(path: Path) -> dict[str, Any]:
    """Sections of the pin file that another model's promotion must not drop."""
    raw = _raw_pin(path)
    return {RANKER_SECTION: raw[RANKER_SECTION]} if RANKER_SECTION in raw else {}


def read_ranker_release(path: Path = DEFAULT_RELEASE_FILE) -> RankerRelease:
    raw = _raw_pin(path).get(RANKER_SECTION)
    if raw is None:
        raise ReleaseError(
            f"{path} pins no pathway ranker yet (no `{RANKER_SECTION}:` section): run "
            "`dvc repro` to train and register one"
        )
    try:
        return RankerRelease.model_validate(raw)
    except ValidationError as exc:
        raise ReleaseError(f"{path}: the `{RANKER_SECTION}:` pin is invalid: {exc}") from exc


def write_ranker_release(release: RankerRelease, path: Path = DEFAULT_RELEASE_FILE) -> None:
    """Rewrite only the ``ranker:`` section; the intent pin and the header stay as they are."""
    text = path.read_text() if path.is_file() else ""
    lead: list[str] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lead.append(line + "\n")
    header = "".join(lead) or "# The release pin (see models/release.py).\n"
    raw = _raw_pin(path)
    raw[RANKER_SECTION] = release.model_dump(mode="json")
    path.write_text(header + yaml.safe_dump(raw, sort_keys=False))
