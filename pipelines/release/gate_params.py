"""Whether the promotion gates used are the committed ones.

A dry run with ``tolerance_macro_f1: 0.2`` in the working copy's ``params.yaml`` passes what the
committed gates refuse. The gates are read from the working copy (that is how one tries a gate),
so the comparison says which of them differ from git HEAD's ``params.yaml``, each with both values:
a row ``gate settings`` among the gates. It refuses, unless the promotion says why
(``--accept-gate-settings REASON``: the reason and the settings are kept as a tag of the promoted
version): a model that passed only looser gates would otherwise ship with no record of it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipelines.data import committed_text
from pipelines.release.promote import GATE_SETTINGS, Gate

GATE = GATE_SETTINGS.gate


def _section(raw: Any, dotted: str) -> dict[str, Any]:
    """``promote`` or ``ranker.promote`` of a params file, with the defaults filled in."""
    from pipelines.params import Params

    params: Any = Params.model_validate(raw or {})
    for part in dotted.split("."):
        params = getattr(params, part)
    return dict(params.model_dump())


def changed(params_file: Path, section: str) -> list[str] | None:
    """Each setting of ``section`` whose working-copy value is not git HEAD's:
    ``promote.tolerance_macro_f1 0.2 (committed 0.005)``. None: nothing to compare with."""
    from pydantic import ValidationError

    from pipelines.params import read_yaml

    head = committed_text(params_file)
    if head is None or not params_file.is_file():
        return None
    try:
        now = _section(read_yaml(params_file.read_text()), section)
        then = _section(read_yaml(head), section)
    except (ValidationError, ValueError, AttributeError):
        return None
    return [
        f"{section}.{key} {now.get(key)!s} (committed {then.get(key)!s})"
        for key in sorted(set(now) | set(then))
        if now.get(key) != then.get(key)
    ]


def gate(params_file: Path, section: str) -> list[Gate]:
    """The ``gate settings`` row: the gates as committed, or which differ (none out of git)."""
    diffs = changed(params_file, section)
    if diffs is None:
        return []
    if not diffs:
        return [Gate(GATE, True, f"{section} as committed (git HEAD's {params_file.name})")]
    return [
        Gate(
            GATE,
            False,
            f"NOT the committed gates: {params_file.name} differs from git HEAD's in "
            + "; ".join(diffs)
            + f" (commit the change, `git checkout {params_file.name}` to gate as committed, "
            + f"or promote with them on purpose: {GATE_SETTINGS.option} 'REASON')",
        )
    ]
