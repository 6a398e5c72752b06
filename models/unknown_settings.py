"""Variables with the project's prefix that no setting reads: each is named in a warning, with the
closest known name, when settings load (probe 31, A-M2).

pydantic-settings ignores a variable no field reads, so ``SLIPWAY_DATABSE_URL`` used to leave the
default database in place without a word. Every settings class (the app's, gunicorn's, the
pipeline's, infra's) calls :func:`warn_unknown_variables` when it loads; the known names are the
union of every class's variables, in the committed ``settings-names.json`` (the app cannot import
the pipeline's or infra's classes: ``python -m pipelines.settings_names`` writes it, and a drift
test fails when it no longer matches them), plus :data:`READ_ELSEWHERE`.

It warns, never refuses, production included: a variable meant for a newer image (a rollback
keeps the newer configuration) or for a component beside this one must not stop a start.
"""

from __future__ import annotations

import difflib
import json
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from dotenv import dotenv_values  # what pydantic-settings reads .env with (its dependency)

log = logging.getLogger(__name__)

PREFIX = "SLIPWAY_"
NAMES_FILE = Path(__file__).with_name("settings-names.json")
#: Variables with the prefix read outside the settings classes on purpose, and by what: the one
#: place a new one is added (tests/test_probe31_unknown_settings.py checks that every prefixed
#: name the repository mentions is a setting or listed here).
READ_ELSEWHERE: dict[str, str] = {
    "SLIPWAY_TOKEN": "`slipway chat` (the API token it sends)",
    "SLIPWAY_BOT_TOKEN": "the GitHub workflows (a secret that lets their pushes start workflows)",
    "SLIPWAY_BENCH_STAGES": "bench/run.py (where a benchmark run's stage timings go)",
    "SLIPWAY_OWNER_PASSWORD": "the database-roles Job (infra/platform/database_roles.py): the "
    "owner role's generated password",
    "SLIPWAY_APP_PASSWORD": "the database-roles Job (infra/platform/database_roles.py): the app "
    "role's generated password",
}


@dataclass(frozen=True)
class Unknown:
    """A prefixed variable no setting reads: where it is set, and the known name nearest it."""

    name: str
    where: str
    closest: str | None

    def __str__(self) -> str:
        hint = f"did you mean {self.closest}?" if self.closest else "see docs/settings.md"
        return f"{self.name} (in {self.where}) is not a setting and is ignored: {hint}"


@cache
def known_names() -> frozenset[str]:
    """Every variable a settings class reads, and those read elsewhere on purpose."""
    names: list[str] = json.loads(NAMES_FILE.read_text())
    return frozenset(names) | READ_ELSEWHERE.keys()


def unknown_variables(environ: Mapping[str, str], env_file: Path | None) -> list[Unknown]:
    """The prefixed variables of ``environ`` and ``env_file`` that nothing reads (pydantic-settings
    matches names in any letter case, so this does too)."""
    known = known_names()
    candidates = sorted(name for name in known if name.startswith(PREFIX))
    values: dict[str, str | None] = {}
    if env_file is not None and env_file.is_file():
        values = dotenv_values(env_file)
    found = []
    for where, names in (("the environment", list(environ)), (str(env_file), list(values))):
        for name in sorted(names):
            upper = name.upper()
            if upper.startswith(PREFIX) and upper not in known:
                closest = difflib.get_close_matches(upper, candidates, n=1, cutoff=0.8)
                found.append(Unknown(name, where, closest[0] if closest else None))
    return found


_checked: set[tuple[object, ...]] = set()
_warned: set[Unknown] = set()


def warn_unknown_variables(env_file: str | Path | None = ".env") -> None:
    """Warn once per process about each unknown prefixed variable; the scan itself runs again
    only when the prefixed variables or the ``.env`` file change (settings load often)."""
    path = Path(env_file) if env_file is not None else None
    try:
        stat = path.stat() if path is not None else None
    except OSError:
        stat = None
    key = (
        tuple(sorted(name for name in os.environ if name.upper().startswith(PREFIX))),
        str(path),
        (stat.st_mtime_ns, stat.st_size) if stat is not None else None,
    )
    if key in _checked:
        return
    _checked.add(key)
    for unknown in unknown_variables(os.environ, path):
        if unknown not in _warned:
            _warned.add(unknown)
            log.warning("%s", unknown)
