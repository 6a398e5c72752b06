"""Every setting is documented, so configuration stays findable.

``docs/settings.md`` is generated from the settings classes by ``docs/hooks/settings.py`` when
the docs are built; these tests check that the hook lists every settings class of the code, that
every field has a description (the reference's text), that every variable is in the reference
and in ``.env.example``, and that ``.env.example`` names nothing the docs do not describe.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import re
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
from pydantic_settings import BaseSettings

ROOT = Path(__file__).resolve().parent.parent
HOOK = ROOT / "docs" / "hooks" / "settings.py"
PACKAGES = ("app", "pipelines", "models", "infra")
ROW = re.compile(r"^\|\s*`([A-Z0-9_]+)`", re.M)


@cache
def settings_hook() -> ModuleType:
    """The docs hook that renders the settings reference (``docs/`` is not a package)."""
    spec = importlib.util.spec_from_file_location("slipway_docs_settings_hook", HOOK)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def settings_reference() -> str:
    """The generated tables of ``docs/settings.md``, as the docs build renders them."""
    rendered: str = settings_hook().render()
    return rendered


def documented_names() -> set[str]:
    """Variables in a table row of the settings page: generated, or written by hand."""
    hand_written = (ROOT / "docs" / "settings.md").read_text()
    return {m.group(1) for m in ROW.finditer(settings_reference() + "\n" + hand_written)}


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


def _settings_classes_in_code() -> set[str]:
    """``module:Class`` of every class deriving from ``BaseSettings`` in the packages."""
    found = set()
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(), filename=str(path))
            for node in ast.walk(tree):
                if not isinstance(node, ast.ClassDef):
                    continue
                bases = {ast.unparse(base).rsplit(".", 1)[-1] for base in node.bases}
                if "BaseSettings" in bases:
                    module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
                    found.add(f"{module.removesuffix('.__init__')}:{node.name}")
    return found


SETTINGS = [ref for ref, _ in settings_hook().SETTINGS]


def test_the_reference_lists_every_settings_class() -> None:
    in_code = _settings_classes_in_code()
    assert in_code, "no settings class found: has the layout changed?"
    missing = sorted(in_code - set(SETTINGS))
    assert not missing, f"add {missing} to SETTINGS in docs/hooks/settings.py"
    stale = sorted(set(SETTINGS) - in_code)
    assert not stale, f"docs/hooks/settings.py lists classes that no longer exist: {stale}"


@pytest.mark.parametrize("ref", SETTINGS)
def test_every_setting_is_documented(ref: str) -> None:
    cls = _load(ref)
    example = (ROOT / ".env.example").read_text()
    table = documented_names()
    for (field_name, field), name in zip(cls.model_fields.items(), env_names(cls), strict=True):
        assert (field.description or "").strip(), f"{ref}.{field_name} has no description"
        assert name in table, f"{name} missing from the settings reference (docs/settings.md)"
        assert re.search(rf"^#?\s*{name}=", example, re.M), f"{name} missing from .env.example"


def test_env_example_names_only_documented_variables() -> None:
    example = (ROOT / ".env.example").read_text()
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", example, re.M))
    undocumented = sorted(listed - documented_names())
    assert not undocumented, f"{undocumented} are in .env.example but not in docs/settings.md"
