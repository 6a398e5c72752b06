"""Every setting is in the README table and in .env.example, so configuration stays findable."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from pydantic_settings import BaseSettings

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = [
    "app.settings:AppSettings",
    "app.settings:ServerSettings",
    "pipelines.settings:PipelineSettings",
]
if (ROOT / "infra" / "settings.py").is_file():
    SETTINGS.append("infra.settings:InfraSettings")
if (ROOT / "infra" / "k8s" / "settings.py").is_file():
    SETTINGS.append("infra.k8s.settings:K8sSettings")


def env_names(cls: type[BaseSettings]) -> list[str]:
    prefix = cls.model_config.get("env_prefix", "")
    names = []
    for name, field in cls.model_fields.items():
        alias = field.validation_alias
        choices = getattr(alias, "choices", None)
        names.append(str(choices[0]) if choices else (prefix + name).upper())
    return names


def _load(ref: str) -> type[BaseSettings]:
    module, _, attr = ref.partition(":")
    cls: type[BaseSettings] = getattr(importlib.import_module(module), attr)
    return cls


@pytest.mark.parametrize("ref", SETTINGS)
def test_every_setting_is_documented(ref: str) -> None:
    readme = (ROOT / "README.md").read_text()
    example = (ROOT / ".env.example").read_text()
    table = {m.group(1) for m in re.finditer(r"^\|\s*`([A-Z0-9_]+)`", readme, re.M)}
    for name in env_names(_load(ref)):
        assert name in table, f"{name} missing from the README settings table"
        assert re.search(rf"^#?\s*{name}=", example, re.M), f"{name} missing from .env.example"
