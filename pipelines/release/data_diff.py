"""What changed in the intent data between two models: lines added and removed per split, per
language and per intent (the report's "Data" section).

A model's data is read, first found first:

- its run's record (``data/intent_rows.json``, logged by the register stage): for each split, a
  digest of every line's text with its intent and language (no text: nothing personal is copied);
- the DVC cache or the in-repo remote (``.dvc/cache``, ``.dvc-storage``), by its ``data_hash``
  tag (``data.dvc``'s md5, the folder's manifest): versions registered before the record, and a
  model known only by its release pin (after ``make clean``);
- today's ``data/``, when its ``data_hash`` is ``data.dvc``'s (the candidate just trained).

A line is its (text, intent, language): a relabelled line is removed from one intent and added
to another; a line moved between splits is removed from one and added to the other.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipelines.data import DEFAULT_LANG, SPLITS

RECORD = "data/intent_rows.json"  # the run's record of its data, line by line
DVC_CACHES = (".dvc/cache", ".dvc-storage")  # under the repository root: cache, in-repo remote

Key = tuple[str, str, str]  # text digest, intent, lang
Rows = dict[str, Counter[Key]]  # per split


def _key(line: str) -> Key | None:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError:
        return None
    if not isinstance(obj, dict):
        return None
    text = str(obj.get("text", ""))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return digest, str(obj.get("intent", "")), str(obj.get("lang", DEFAULT_LANG))


def rows(text: str) -> Counter[Key]:
    """The lines of a split as (text digest, intent, lang), counted."""
    return Counter(k for k in (_key(line) for line in text.splitlines() if line.strip()) if k)


def read_dir(intents: Path) -> Rows:
    """Every split of an intents folder (a missing split is empty)."""
    return {
        split: rows(path.read_text(encoding="utf-8")) if path.is_file() else Counter()
        for split in SPLITS
        for path in [intents / f"{split}.jsonl"]
    }


def record(intents: Path) -> dict[str, list[list[Any]]]:
    """The run's record: per split, [digest, intent, lang, count] rows."""
    return {
        split: [[*key, n] for key, n in sorted(counted.items())]
        for split, counted in read_dir(intents).items()
    }


def log_record(intents: Path) -> None:
    """Log :func:`record` into the active run."""
    import mlflow

    mlflow.log_dict(record(intents), RECORD)


def _from_record(raw: Mapping[str, Any]) -> Rows:
    return {
        split: Counter(
            {(str(d), str(i), str(lang)): int(n) for d, i, lang, n in raw.get(split, [])}
        )
        for split in SPLITS
    }


def from_run(client: Any, run_id: str) -> Rows | None:
    """The data record of a run, if it has one."""
    if not run_id:
        return None
    from mlflow.exceptions import MlflowException

    with tempfile.TemporaryDirectory(prefix="slipway-data-rows-") as tmp:
        try:
            path = Path(client.download_artifacts(run_id, RECORD, tmp))
            return _from_record(json.loads(path.read_text()))
        except (MlflowException, OSError, ValueError, TypeError):
            return None


def _cached(root: Path, md5: str) -> Path | None:
    """A DVC object by its md5 in the cache or the in-repo remote (DVC 3 and DVC 2 layouts)."""
    for cache in DVC_CACHES:
        for base in (root / cache / "files" / "md5", root / cache):
            path = base / md5[:2] / md5[2:]
            if path.is_file():
                return path
    return None


def from_dvc(root: Path, data_hash: str) -> Rows | None:
    """The intent splits of the data folder version ``data_hash``, from the DVC cache."""
    if not data_hash.endswith(".dir"):
        return None
    manifest = _cached(root, data_hash)
    if manifest is None:
        return None
    try:
        entries = {e["relpath"]: e["md5"] for e in json.loads(manifest.read_text())}
    except (ValueError, KeyError, TypeError):
        return None
    out: Rows = {}
    for split in SPLITS:
        md5 = entries.get(f"intents/{split}.jsonl")
        path = _cached(root, md5) if md5 else None
        if md5 and path is None:
            return None  # a split listed but not cached: not this version's data
        out[split] = rows(path.read_text(encoding="utf-8")) if path else Counter()
    return out


@dataclass
class Source:
    """A model's data, and where it was read from (for the report's words)."""

    rows: Rows | None
    where: str


def source(client: Any, run_id: str, data_hash: str, data_dir: Path, current_hash: str) -> Source:
    """A model's data: its run's record, the DVC cache by ``data_hash``, or today's data/."""
    found = from_run(client, run_id) if client is not None else None
    if found is not None:
        return Source(found, "its run's record")
    root = data_dir.resolve().parent
    found = from_dvc(root, data_hash)
    if found is not None:
        return Source(found, "the DVC cache")
    if data_hash and data_hash == current_hash and (data_dir / "intents").is_dir():
        return Source(read_dir(data_dir / "intents"), f"today's {data_dir}/")
    why = f"data {data_hash or '(no data_hash)'} is neither in its run nor in the DVC cache"
    return Source(None, why)


@dataclass
class Change:
    split: str
    lang: str
    intent: str
    added: int
    removed: int


@dataclass
class DataDiff:
    """The lines added and removed between the old model's data and the new one's."""

    old_hash: str
    new_hash: str
    old: Source
    new: Source
    totals: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)  # old, new, +, -
    changes: list[Change] = field(default_factory=list)

    @property
    def known(self) -> bool:
        return self.old.rows is not None and self.new.rows is not None


def diff(old: Source, new: Source, old_hash: str = "", new_hash: str = "") -> DataDiff:
    out = DataDiff(old_hash, new_hash, old, new)
    if old.rows is None or new.rows is None:
        return out
    for split in SPLITS:
        before, after = old.rows.get(split, Counter()), new.rows.get(split, Counter())
        added, removed = after - before, before - after
        out.totals[split] = (
            sum(before.values()),
            sum(after.values()),
            sum(added.values()),
            sum(removed.values()),
        )
        by: dict[tuple[str, str], list[int]] = {}
        for counted, col in ((added, 0), (removed, 1)):
            for (_, intent, lang), n in counted.items():
                by.setdefault((lang, intent), [0, 0])[col] += n
        out.changes += [
            Change(split, lang, intent, a, r) for (lang, intent), (a, r) in sorted(by.items())
        ]
    return out


def by_language(changes: Iterable[Change]) -> dict[tuple[str, str], tuple[int, int]]:
    """(split, lang) → (added, removed)."""
    out: dict[tuple[str, str], tuple[int, int]] = {}
    for c in changes:
        a, r = out.get((c.split, c.lang), (0, 0))
        out[(c.split, c.lang)] = (a + c.added, r + c.removed)
    return out


def for_comparison(client: Any, data_dir: Path, data_dvc_file: Path, comparison: Any) -> DataDiff:
    """The data diff between the model a comparison is against (champion, previous, or the
    release pin) and its candidate."""
    from pipelines.data import data_hash

    current = data_hash(data_dvc_file)
    cand = comparison.candidate
    new_hash = cand.tags.get("data_hash", "")
    new = source(client, cand.run_id, new_hash, data_dir, current)
    if comparison.champion is not None:
        old_run, old_hash = (
            comparison.champion.run_id,
            comparison.champion.tags.get("data_hash", ""),
        )
    elif comparison.pinned is not None:
        old_run, old_hash = comparison.pinned.run_id, comparison.pinned.data_hash
    else:
        return diff(Source(None, "there is no champion to compare with"), new, "", new_hash)
    old = source(client, old_run, old_hash, data_dir, current)
    return diff(old, new, old_hash, new_hash)
