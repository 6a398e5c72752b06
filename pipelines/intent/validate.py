"""Stage 1 — the data gate: a Great Expectations suite over the intent corpus.

Two batches are checked: every example (text bounds, known labels, a known language, no text
repeated within or across splits, whatever its language) and the label counts per split, overall
and in each language of ``validate.languages`` (every intent present with a minimum count,
class-share cap), so the Spanish corpus passes the same gate as the English one.
Failure writes GX Data Docs and raises :class:`ValidationFailed` listing what failed; the
result file is written either way, without timestamps so identical data gives identical bytes.
The GX running and the result file are the shared gate's (``pipelines.validation``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from models.intent import normalize
from pipelines.data import SPLITS, Example, load_splits
from pipelines.params import Params
from pipelines.validation import Check, ValidationResult, conclude, expectations, run_suites
from pipelines.validation import read_result as read_gate_result

_ROW_INDEX = ["split", "line"]
_COUNT_INDEX = ["split", "lang", "intent"]
RESULT_FILE = "validation.json"
ALL_LANGUAGES = "all"  # the count rows over a whole split, every language together


def example_frame(splits: dict[str, list[Example]]) -> Any:
    import pandas as pd

    rows = [
        {
            "split": split,
            "line": i,
            "text": ex.text,
            "text_stripped": ex.text.strip(),
            "intent": ex.intent,
            "lang": ex.lang,
            "norm": normalize(ex.text),
        }
        for split in SPLITS
        for i, ex in enumerate(splits.get(split, []), start=1)
    ]
    columns = ["split", "line", "text", "text_stripped", "intent", "lang", "norm"]
    return pd.DataFrame(rows, columns=columns)


def count_frame(splits: dict[str, list[Example]], params: Params) -> Any:
    """One row per (split, language, label): count, share and the minimum it must reach.

    The language ``all`` is the whole split (the original gate); each language of
    ``validate.languages`` has its own rows and per-language minimum.
    """
    import pandas as pd

    v = params.validate_
    labels = sorted({*params.intents, *(e.intent for s in splits.values() for e in s)})
    groups: list[tuple[str, int, int]] = [
        (ALL_LANGUAGES, v.min_train_per_intent, v.min_eval_per_intent),
        *(
            (lang, v.min_train_per_intent_per_language, v.min_eval_per_intent_per_language)
            for lang in v.languages
        ),
    ]
    rows = []
    for split in SPLITS:
        for lang, min_train, min_eval in groups:
            examples = [e for e in splits.get(split, []) if lang in {ALL_LANGUAGES, e.lang}]
            total = max(len(examples), 1)
            required = min_train if split == "train" else min_eval
            for label in labels:
                n = sum(1 for e in examples if e.intent == label)
                rows.append(
                    {
                        "split": split,
                        "lang": lang,
                        "intent": label,
                        "count": n,
                        "share": n / total,
                        "min_required": required if label in params.intents else 0,
                    }
                )
    return pd.DataFrame(rows)


def _suites(params: Params) -> dict[str, list[Any]]:
    gxe: Any = expectations()

    v = params.validate_
    return {
        "intent_examples": [
            gxe.ExpectColumnValuesToNotBeNull(column="text"),
            gxe.ExpectColumnValueLengthsToBeBetween(
                column="text_stripped", min_value=v.min_text_length, max_value=v.max_text_length
            ),
            gxe.ExpectColumnValuesToBeInSet(column="intent", value_set=list(params.intents)),
            gxe.ExpectColumnValuesToBeInSet(column="lang", value_set=list(v.languages)),
            gxe.ExpectColumnValuesToBeUnique(column="norm"),
        ],
        "intent_counts": [
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="count", column_B="min_required", or_equal=True
            ),
            gxe.ExpectColumnValuesToBeBetween(column="share", max_value=v.max_class_share),
        ],
    }


def run_gx(frames: dict[str, Any], params: Params, gx_root: Path) -> tuple[list[Check], Path]:
    """Run both intent suites in a file-backed GX context under ``gx_root``; return checks, docs."""
    indexes = {"intent_examples": _ROW_INDEX, "intent_counts": _COUNT_INDEX}
    return run_suites(frames, _suites(params), indexes, gx_root, without_values={"intent_counts"})


def _counts(splits: dict[str, list[Example]]) -> dict[str, int]:
    """Examples per split, and per split and language (``train.es``)."""
    counts = {s: len(splits[s]) for s in SPLITS}
    for s in SPLITS:
        for lang in sorted({e.lang for e in splits[s]}):
            counts[f"{s}.{lang}"] = sum(1 for e in splits[s] if e.lang == lang)
    return counts


def validate(
    data_dir: Path, params: Params, reports_dir: Path, dvc_file: Path | None = None
) -> ValidationResult:
    """Validate the corpus; write ``validation.json``; raise if any expectation failed."""
    splits = load_splits(data_dir)
    frames = {
        "intent_examples": example_frame(splits),
        "intent_counts": count_frame(splits, params),
    }
    checks, docs = run_gx(frames, params, reports_dir / "gx")
    return conclude(
        checks,
        docs,
        _counts(splits),
        reports_dir / RESULT_FILE,
        dvc_file,
        failed="data validation failed",
        advice="Fix data/ and run `dvc repro` again; nothing was trained.",
    )


def read_result(reports_dir: Path) -> dict[str, Any]:
    """The intent gate's last result (``validation.json``)."""
    return read_gate_result(reports_dir / RESULT_FILE, "validate")
