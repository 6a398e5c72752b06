"""Write ``models/settings-names.json``: every environment variable a settings class reads.

``models.unknown_settings`` warns about a prefixed variable no setting reads; the app cannot
import the pipeline's or infra's settings classes, so it reads their names from that committed
file, written here from every class (a drift test fails when it no longer matches them)::

    python -m pipelines.settings_names
"""

from __future__ import annotations

import importlib
import json
import sys

from pydantic import AliasChoices
from pydantic_settings import BaseSettings

from models.unknown_settings import NAMES_FILE

#: Every settings class of the repository (the docs hook lists the same ones, checked).
CLASSES = (
    "app.settings:AppSettings",
    "app.settings:ServerSettings",
    "pipelines.settings:PipelineSettings",
    "infra.settings:InfraSettings",
    "infra.k8s.settings:K8sSettings",
)


def env_names(cls: type[BaseSettings]) -> set[str]:
    """Every variable that sets a field of ``cls``: each alias, or the prefix and its name."""
    prefix = str(cls.model_config.get("env_prefix", ""))
    names: set[str] = set()
    for name, field in cls.model_fields.items():
        alias = field.validation_alias
        if isinstance(alias, AliasChoices):
            names.update(str(choice).upper() for choice in alias.choices)
        else:
            names.add((prefix + name).upper())
    return names


def settings_names(classes: tuple[str, ...] = CLASSES) -> list[str]:
    found: set[str] = set()
    for ref in classes:
        module, _, attr = ref.partition(":")
        found |= env_names(getattr(importlib.import_module(module), attr))
    return sorted(found)


def main() -> None:
    text = json.dumps(settings_names(), indent=1) + "\n"
    NAMES_FILE.write_text(text)
    print(f"wrote {len(json.loads(text))} names to {NAMES_FILE}", file=sys.stderr)


if __name__ == "__main__":
    main()
