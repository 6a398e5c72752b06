"""What the pipeline's commands share: the two consoles, a status line per step, settings."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console

from pipelines.errors import ToolMissing
from pipelines.settings import PipelineSettings

# no emoji codes: a line reference such as "val.jsonl:100:" or ":1234:" is one ("💯", "🔢"), and
# the commands print paths, line numbers and the data's own text
console = Console(stderr=True, emoji=False)
out = Console(emoji=False)


def settings() -> PipelineSettings:
    return PipelineSettings()


@contextmanager
def step(message: str) -> Iterator[None]:
    with console.status(message):
        yield
    console.print(f"[green]✓[/green] {message}")


def lineage(s: PipelineSettings) -> dict[str, str]:
    """The git sha and data.dvc hash a stage's run is tagged with."""
    from pipelines.data import data_hash
    from pipelines.release.lineage import git_sha

    return {"git_sha": git_sha(), "data_hash": data_hash(s.data_dvc_file)}


def tool(name: str) -> str:
    """The path of a command-line tool of the virtualenv (or PATH)."""
    local = Path(sys.executable).with_name(name)
    found = str(local) if local.exists() else shutil.which(name)
    if not found:
        raise ToolMissing(f"`{name}` not found: run `make install` first")
    return found
