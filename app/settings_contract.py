"""The assistant's settings as data: the contract ``infra/`` renders the app's configuration from.

Infrastructure code never imports the app; it reads a committed JSON file generated here from the
settings classes (``AppSettings``, ``ServerSettings``), and a drift test fails when that file no
longer matches them. Regenerate it with::

    python -m app.settings_contract infra/k8s/app-settings.json

For each setting the contract gives its environment variable names, its default as JSON (paths
inside the repository relative to its root, which is the image's working directory), whether it
is a secret (never put in plain configuration) and whether the image build sets it (it describes
what the image carries, so a deployment must not override it), and its description.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic import AliasChoices, SecretStr
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined, to_jsonable_python
from pydantic_settings import BaseSettings

from app.settings import AppSettings, ServerSettings

COMPONENTS: tuple[type[BaseSettings], ...] = (AppSettings, ServerSettings)
ROOT = Path(__file__).resolve().parents[1]
# Secrets, or endpoints that may carry credentials (a password in the URL); SecretStr fields are
# secrets too.
SECRETS = frozenset({"database_url", "redis_url", "mlflow_tracking_uri", "openai_api_key"})
# Set by the image build (Dockerfile ENV): the served model, ranker, release pin, knowledge base
# and commit are the image's content, not the environment's.
IMAGE_BAKED = frozenset({"model_path", "ranker_path", "release_file", "knowledge_dir", "git_sha"})


def env_names(cls: type[BaseSettings], name: str, field: FieldInfo) -> list[str]:
    """The environment variables a field is read from, in pydantic-settings' order."""
    alias = field.validation_alias
    if isinstance(alias, AliasChoices):
        return [str(choice) for choice in alias.choices]
    if isinstance(alias, str):
        return [alias]
    return [(str(cls.model_config.get("env_prefix", "")) + name).upper()]


def _json_value(value: Any) -> Any:
    if isinstance(value, Path):
        path = value.resolve() if value.is_absolute() else value
        return (path.relative_to(ROOT) if path.is_relative_to(ROOT) else path).as_posix()
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    return to_jsonable_python(value)


def _is_secret(name: str, field: FieldInfo) -> bool:
    return name in SECRETS or SecretStr.__name__ in str(field.annotation)


def _setting(cls: type[BaseSettings], name: str, field: FieldInfo) -> dict[str, Any]:
    secret = _is_secret(name, field)
    entry: dict[str, Any] = {"name": name, "env": env_names(cls, name, field)}
    if field.is_required():
        entry["required"] = True
    else:
        default = field.get_default(call_default_factory=True)
        entry["default"] = None if default is PydanticUndefined else _json_value(default)
    entry["secret"] = secret
    entry["image_baked"] = name in IMAGE_BAKED
    entry["description"] = field.description or ""
    return entry


def contract() -> dict[str, Any]:
    """Every setting of every app component, in declaration order."""
    known = {name for cls in COMPONENTS for name in cls.model_fields}
    unknown = (SECRETS | IMAGE_BAKED) - known
    if unknown:
        raise ValueError(f"SECRETS/IMAGE_BAKED name settings that do not exist: {sorted(unknown)}")
    return {
        "generated_by": "python -m app.settings_contract",
        "components": {
            cls.__name__: {
                "module": cls.__module__,
                "settings": [
                    _setting(cls, name, field) for name, field in cls.model_fields.items()
                ],
            }
            for cls in COMPONENTS
        },
    }


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> None:
    """Print the contract, or write it to the file given as the only argument."""
    args = sys.argv[1:] if argv is None else argv
    text = to_json(contract())
    if args:
        Path(args[0]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
