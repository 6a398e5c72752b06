"""What each registered version was gated on: its held-out sets, recorded and compared.

Deleting the test lines the champion gets right lets a worse model pass "not worse than the
champion" on what is left, even though both are scored on the same (shortened) file. So the
register stage records, on every new version, a content hash of each set it is gated on (version
tags ``gate_set.test``, ``gate_set.eval/NAME``) and the sets themselves (run artifacts named by
that hash, ``gate_sets/test/<sha256>.jsonl``: versions sharing a training run keep theirs). A
promotion (its dry run, the report) compares today's sets with those the champion was gated on:

- the same sets, or sets that only grew (lines added, a new gate set): both models are scored on
  today's sets, the champion re-scored, so the comparison is fair and the gate passes;
- a line the champion was gated on is missing or changed (its label or language), or a gate set
  is gone: the gate fails and names the lines, unless ``--accept-new-split REASON`` says the new
  sets are meant; the reason is then kept on the promoted version (tag ``gate_split_accepted``).

With no champion in the registry (after ``make clean``) the release pin stands in for it: the
pin records each set's hash (``gate_sets:``), not its lines, so :func:`pin_split_gates` passes
only today's identical sets and refuses any other with the ways out.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipelines.release.promote import Gate
from pipelines.release.registry import GATE_SET_TAG, VersionInfo

TAG_PREFIX = GATE_SET_TAG  # a version's tag per set: gate_set.test, gate_set.eval/es_yes
ARTIFACT_DIR = "gate_sets"  # the run's copy of each set: gate_sets/test/<sha256>.jsonl
ACCEPTED_TAG = "gate_split_accepted"  # why a promotion accepted sets that lost lines
GATE = "gate split"
SHOWN = 5  # missing or changed lines named in a gate's detail

Row = tuple[str, str, str]  # text, intent, lang: a line as the gate reads it


def digest(path: Path) -> str:
    """The sha256 of a set's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tags(sets: Mapping[str, Path]) -> dict[str, str]:
    """The version tags recording which content each set had at registration."""
    return {f"{TAG_PREFIX}{name}": digest(path) for name, path in sets.items() if path.is_file()}


def _artifact(name: str, sha: str) -> str:
    return f"{ARTIFACT_DIR}/{name}/{sha}.jsonl"


def log_sets(sets: Mapping[str, Path]) -> None:
    """Copy each set into the active run, named by its hash (``gate_sets/test/<sha256>.jsonl``)."""
    import mlflow

    with tempfile.TemporaryDirectory(prefix="slipway-gate-sets-") as tmp:
        for name, path in sets.items():
            if path.is_file():
                sha = digest(path)
                copy = Path(tmp) / _artifact(name, sha)
                copy.parent.mkdir(parents=True, exist_ok=True)
                copy.write_bytes(path.read_bytes())
                mlflow.log_artifact(str(copy), artifact_path=str(Path(_artifact(name, sha)).parent))


def _rows(text: str) -> list[tuple[int, Row]]:
    """(line number, row) of each line that parses; a line that does not is kept as its text."""
    out = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            row = (str(obj.get("text")), str(obj.get("intent")), str(obj.get("lang", "en")))
        except (json.JSONDecodeError, AttributeError):
            row = (line.strip(), "", "")
        out.append((lineno, row))
    return out


@dataclass
class SetDiff:
    name: str
    old_lines: int
    new_lines: int
    missing: list[tuple[int, Row, Row | None]]  # (old line, old row, the same text's row now)
    added: int

    def describe(self, limit: int = SHOWN) -> str:
        shown = []
        for lineno, (text, intent, lang), now in self.missing[:limit]:
            was = f'line {lineno} "{text[:60]}" ({intent}, {lang})'
            if now is None:
                shown.append(f"{was} missing")
            else:
                shown.append(f"{was} now ({now[1]}, {now[2]})")
        more = f"; and {len(self.missing) - limit} more" if len(self.missing) > limit else ""
        return "; ".join(shown) + more


def diff(name: str, old_text: str, new_text: str | None) -> SetDiff:
    """Which lines of the old set are not in the new one (as a multiset of rows)."""
    old = _rows(old_text)
    new = _rows(new_text) if new_text is not None else []
    left = Counter(row for _, row in new)
    by_text = {row[0]: row for _, row in new}
    missing: list[tuple[int, Row, Row | None]] = []
    for lineno, row in old:
        if left[row] > 0:
            left[row] -= 1
        else:
            missing.append((lineno, row, by_text.get(row[0])))
    return SetDiff(name, len(old), len(new), missing, sum(left.values()))


def recorded(client: Any, info: VersionInfo) -> dict[str, str]:
    """The sets ``info`` was gated on, as texts by name (those its run keeps a copy of)."""
    from mlflow.exceptions import MlflowException

    sets = {}
    with tempfile.TemporaryDirectory(prefix="slipway-gate-sets-") as tmp:
        for key, sha in info.tags.items():
            if not key.startswith(TAG_PREFIX):
                continue
            name = key.removeprefix(TAG_PREFIX)
            try:
                path = Path(client.download_artifacts(info.run_id, _artifact(name, sha), tmp))
                sets[name] = path.read_text(encoding="utf-8")
            except (MlflowException, OSError):
                continue
    return sets


def split_gates(
    client: Any,
    sets: Mapping[str, Path],
    champion: VersionInfo,
    against: str,
    accept_reason: str | None = None,
) -> list[Gate]:
    """One gate per set ``champion`` was gated on: today's set still holds every line of it."""
    recorded_hashes = {
        k.removeprefix(TAG_PREFIX): v for k, v in champion.tags.items() if k.startswith(TAG_PREFIX)
    }
    who = f"{against} v{champion.version}"
    if not recorded_hashes:
        return [
            Gate(
                GATE,
                True,
                f"{who} has no record of the sets it was gated on (registered before they were "
                "recorded): both models scored on today's sets only",
            )
        ]
    gates = []
    copies: dict[str, str] | None = None
    for name, old_hash in sorted(recorded_hashes.items()):
        path = sets.get(name)
        gate_name = f"{GATE} [{name}]"
        if path is not None and path.is_file() and digest(path) == old_hash:
            gates.append(Gate(gate_name, True, f"the same set {who} was gated on"))
            continue
        if copies is None:
            copies = recorded(client, champion)
        where = str(path) if path is not None else name
        if name not in copies:
            what = (
                f"{where} differs from the set {who} was gated on (its copy is not in the "
                "registry, so the lines cannot be compared)"
            )
            gates.append(_refused(gate_name, what, accept_reason))
            continue
        new_text = path.read_text(encoding="utf-8") if path is not None and path.is_file() else None
        d = diff(name, copies[name], new_text)
        if not d.missing:
            gates.append(
                Gate(
                    gate_name,
                    True,
                    f"all {d.old_lines} lines {who} was gated on, and {d.added} new: both models "
                    "scored on the grown set",
                )
            )
            continue
        gone = f"{where} is gone: " if new_text is None else ""
        what = (
            f"{gone}{len(d.missing)} of the {d.old_lines} lines {who} was gated on are missing "
            f"or changed in {where} ({d.describe()})"
        )
        gates.append(_refused(gate_name, what, accept_reason))
    return gates


ADVICE = "restore those lines, or gate on the new set on purpose: --accept-new-split 'REASON'"


def _refused(name: str, what: str, accept_reason: str | None, other: str = "") -> Gate:
    if accept_reason:
        return Gate(name, True, f"accepted ({accept_reason}): {what}")
    if other:  # against a pin: restore the set, or rebuild the pinned model
        return Gate(
            name,
            False,
            f"{what}: restore the set the pin was gated on (check out the data.dvc it names, "
            f"`dvc checkout`), or {other}, or gate on today's sets on purpose: "
            "--accept-new-split 'REASON'",
        )
    return Gate(name, False, f"{what}: {ADVICE}")


def pin_split_gates(
    sets: Mapping[str, Path], pin: Any, accept_reason: str | None = None
) -> list[Gate]:
    """With no champion in the registry (after `make clean`), the gates against the release pin:
    today's held-out sets are byte for byte those the pin's figures were measured on (it records
    their hashes, not their lines, so a changed set cannot be diffed, only refused)."""
    from pipelines.release.promote import PIN_ADVICE

    who = f"pinned v{pin.model_version}"
    recorded_hashes: dict[str, str] = dict(pin.gate_sets or {})
    if not recorded_hashes:
        what = (
            f"the pin of {who} records no hash of the sets it was gated on (pinned before they "
            "were recorded), so today's sets cannot be checked against its figures"
        )
        return [_refused(GATE, what, accept_reason, PIN_ADVICE)]
    gates = []
    for name, old_hash in sorted(recorded_hashes.items()):
        path = sets.get(name)
        gate_name = f"{GATE} [{name}]"
        where = str(path) if path is not None else name
        if path is not None and path.is_file() and digest(path) == old_hash:
            gates.append(Gate(gate_name, True, f"the same set {who} was gated on"))
            continue
        if path is None or not path.is_file():
            now = "is gone"
        else:
            now = f"now has {len(_rows(path.read_text(encoding='utf-8')))} lines"
        then = pin.metrics.get("n_examples") if name == "test" else None
        was = f" ({int(then)} lines then)" if then else ""
        what = (
            f"{where} differs from the set {who} was gated on{was}: it {now}, sha256 "
            f"{digest(path)[:12] if path is not None and path.is_file() else '-'} vs "
            f"{old_hash[:12]} (the pin records the set's hash, not its lines)"
        )
        gates.append(_refused(gate_name, what, accept_reason, PIN_ADVICE))
    return gates
