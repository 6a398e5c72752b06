"""The release pin (``models/release.yaml``): which registered model versions production serves.

One file, one section per model kind (the intent model at the top level, where it was first, the
pathway ranker under ``ranker:``); each kind's :class:`models.kind.ModelKind` says where its pin
sits. Both the pipeline (which writes a pin on promotion) and the app (which reads them at start)
use this module; it depends on nothing but PyYAML and pydantic.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from models.kind import DEFAULT_PROMPT_VERSION
from models.loader import read_yaml

if TYPE_CHECKING:
    from models.kind import ModelKind

DEFAULT_RELEASE_FILE = Path(__file__).with_name("release.yaml")
DEFAULT_TRACKING_URI = "sqlite:///.slipway/mlflow.db"
PROMPTS_DIR = Path(__file__).with_name("prompts")
HEADER = (
    "# The release pin: the model version and the LLM prompt version production serves.\n"
    "# Written by `slipway promote` (or by the first registration); read by the app and\n"
    "# by the release workflow.\n"
)
__all__ = ["DEFAULT_PROMPT_VERSION", "Release", "ReleaseError", "read_release", "write_release"]


class ReleaseError(Exception):
    """The release pin is missing or unreadable."""


class Release(BaseModel):
    """What production serves of one model kind, by registry version (never a moving alias)."""

    model_config = ConfigDict(extra="allow")

    model_name: str = Field("", description="Registered name; empty: the kind's default.")
    model_version: int = Field(ge=1)
    run_id: str
    model_digest: str = ""
    data_hash: str = ""
    git_sha: str = ""
    promoted_at: str = ""
    metrics: dict[str, float] = Field(default_factory=dict)
    gate_sets: dict[str, str] | None = Field(
        None,
        description="The sha256 of each held-out set its figures were measured on (test, "
        "eval/NAME): a later promotion against this pin checks that today's sets are those.",
    )
    prompt_version: str | None = Field(
        None,
        pattern=r"^v[1-9][0-9]*$",
        description="The LLM system prompt served with the intent model: "
        "models/prompts/system.<version>.md",
    )

    @property
    def model_uri(self) -> str:
        return f"models:/{self.model_name}/{self.model_version}"


def prompt_file(version: str, folder: Path = PROMPTS_DIR) -> Path:
    """The file of a system prompt version (it may not exist: the caller checks)."""
    return folder / f"system.{version}.md"


def _raw_pin(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        raw = read_yaml(path.read_text())
    except yaml.YAMLError:
        return {}
    return raw if isinstance(raw, dict) else {}


def _own_fields(raw: dict[str, Any]) -> dict[str, Any]:
    """The top-level pin without the other kinds' sections."""
    return {k: v for k, v in raw.items() if k in Release.model_fields or not isinstance(v, dict)}


def _completed(kind: ModelKind[Any], release: Release, current: Release | None) -> Release:
    """Fill what a pin leaves to its kind: the registered name, and the fields a model
    promotion keeps from the current pin (the intent pin's prompt version)."""
    update: dict[str, Any] = {}
    if not release.model_name:
        update["model_name"] = kind.registered_name
    for key, default in kind.pin_defaults:
        if getattr(release, key, None) is None:
            kept = getattr(current, key, None) if current is not None else None
            update[key] = kept if kept is not None else default
    return release.model_copy(update=update) if update else release


def read_release(kind: ModelKind[Any], path: Path = DEFAULT_RELEASE_FILE) -> Release:
    """The pin of ``kind`` in the release file."""
    section = kind.pin_section
    if section is None:
        if not path.is_file():
            raise ReleaseError(
                f"{path} does not exist: no model has been promoted yet (run `make run` or "
                "`dvc repro` to train and promote the first one)"
            )
        try:
            raw: Any = read_yaml(path.read_text())
            release = Release.model_validate(_own_fields(raw) if isinstance(raw, dict) else raw)
        except (yaml.YAMLError, ValidationError) as exc:
            raise ReleaseError(f"{path} is not a valid release pin: {exc}") from exc
        return _completed(kind, release, None)
    raw = _raw_pin(path).get(section)
    if raw is None:
        raise ReleaseError(
            f"{path} pins no {kind.description} yet (no `{section}:` section): run "
            "`dvc repro` to train and register one"
        )
    try:
        release = Release.model_validate(raw)
    except ValidationError as exc:
        raise ReleaseError(f"{path}: the `{section}:` pin is invalid: {exc}") from exc
    return _completed(kind, release, None)


def write_release(
    kind: ModelKind[Any], release: Release, path: Path = DEFAULT_RELEASE_FILE
) -> None:
    """Rewrite the pin of ``kind``; the other kinds' pins and the file's header stay as they are.

    A release that does not name a kept field (a model promotion does not name the prompt
    version) keeps the one the current pin serves: a prompt change is its own release.
    """
    try:
        current = read_release(kind, path)
    except ReleaseError:
        current = None
    pin = _completed(kind, release, current).model_dump(mode="json", exclude_none=True)
    lead: list[str] = []
    text = path.read_text() if path.is_file() else ""
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lead.append(line + "\n")
    raw = _raw_pin(path)
    if kind.pin_section is None:
        others = {k: v for k, v in raw.items() if k not in _own_fields(raw)}
        data = {**pin, **{k: v for k, v in others.items() if k not in pin}}
    else:
        data = {**raw, kind.pin_section: pin}
    path.write_text(("".join(lead) or HEADER) + yaml.safe_dump(data, sort_keys=False))
