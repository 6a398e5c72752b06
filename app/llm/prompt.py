"""The system prompt: a versioned file under ``models/prompts`` pinned by ``models/release.yaml``
(``prompt_version``), so a prompt change ships as a release, like a model change. ``{org}`` in
the file is the organization the assistant serves (the app's ``organization`` setting)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from app.i18n import DEFAULT_ORGANIZATION
from models.release import prompt_file


class PromptError(Exception):
    """The pinned prompt version has no file."""


@dataclass(frozen=True)
class Prompt:
    version: str
    text: str
    digest: str  # sha256 of the text, for the logs and the cache


def load_prompt(folder: Path, version: str, organization: str = DEFAULT_ORGANIZATION) -> Prompt:
    """The pinned prompt with ``{org}`` filled in; its digest is the filled text's."""
    path = prompt_file(version, folder)
    if not path.is_file():
        raise PromptError(
            f"the release pins prompt {version} but {path} does not exist: add the file or fix "
            "prompt_version in the release pin"
        )
    text = path.read_text(encoding="utf-8").strip().replace("{org}", organization)
    return Prompt(version, text, hashlib.sha256(text.encode()).hexdigest())
