"""mkdocs hook: the import-linter contracts of ``pyproject.toml``, listed on the architecture page.

The page's ``<!-- contracts:generated -->`` marker becomes one line per contract of
``[tool.importlinter]``, read from the file ``make lint`` checks, so the page names the
boundaries that are really enforced.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
MARKER = "<!-- contracts:generated -->"


def _names(value: Any) -> str:
    items = [value] if isinstance(value, str) else list(value or [])
    return ", ".join(f"`{item}`" for item in items)


def render() -> str:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text()).get("tool", {})
    contracts = config.get("importlinter", {}).get("contracts", [])
    if not contracts:
        return (
            "*No `[tool.importlinter]` contract in `pyproject.toml` yet: the boundaries above are "
            "kept by review only.*"
        )
    out = []
    for contract in contracts:
        kind = contract.get("type", "")
        line = f"- **{contract.get('name', contract.get('id', kind))}** ({kind}"
        if kind == "forbidden":
            line += (
                f"): {_names(contract.get('source_modules'))} may not import "
                f"{_names(contract.get('forbidden_modules'))}"
            )
        elif kind == "layers":
            line += f", top to bottom): {' → '.join(_names(layer) for layer in contract['layers'])}"
            if contract.get("containers"):
                line += f" inside {_names(contract['containers'])}"
        elif kind == "independence":
            line += f"): {_names(contract.get('modules'))} import none of each other"
        else:
            line += ")"
        ignored = contract.get("ignore_imports")
        if ignored:
            line += f"; accepted exceptions: {_names(ignored)}"
        out.append(line)
    return "\n".join(out)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """mkdocs event: fill the marker of the architecture page."""
    if MARKER not in markdown:
        return markdown
    return markdown.replace(MARKER, render())
