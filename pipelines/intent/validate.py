"""Stage 1 — the data gate: a Great Expectations suite over the intent corpus.

Two batches are checked: every example (text bounds, known labels, no text repeated within or
across splits) and the per-split label counts (minimum examples per intent, class-share cap).
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
from pipelines.validation import Check, ValidationResult, conclude, run_suites
from pipelines.validation import read_result as read_gate_result

_ROW_INDEX = ["split", "line"]
_COUNT_INDEX = ["split", "intent"]
RESULT_FILE = "validation.json"


def example_frame(splits: dict[str, list[Example]]) -> Any:
    import pandas as pd

    rows = [
        {
            "split": split,
            "line": i,
            "text": ex.text,
            "text_stripped": ex.text.strip(),
            "intent": ex.intent,
            "norm": normalize(ex.text),
        }
        for split in SPLITS
        for i, ex in enumerate(splits.get(split, []), start=1)
    ]
    return pd.DataFrame(rows, columns=["split", "line", "text", "text_stripped", "intent", "norm"])


def count_frame(splits: dict[str, list[Example]], params: Params) -> Any:
    """One row per (split, label): count, share and the minimum it must reach."""
    import pandas as pd

    v = params.validate_
    labels = sorted({*params.intents, *(e.intent for s in splits.values() for e in s)})
    rows = []
    for split in SPLITS:
        examples = splits.get(split, [])
        total = max(len(examples), 1)
        for label in labels:
            n = sum(1 for e in examples if e.intent == label)
            required = v.min_train_per_intent if split == "train" else v.min_eval_per_intent
            rows.append(
                {
                    "split": split,
                    "intent": label,
                    "count": n,
                    "share": n / total,
                    "min_required": required if label in params.intents else 0,
                }
            )
    return pd.DataFrame(rows)


def _suites(params: Params) -> dict[str, list[Any]]:
    import great_expectations.expectations as gx_expectations

    gxe: Any = gx_expectations

    v = params.validate_
    return {
        "intent_examples": [
            gxe.ExpectColumnValuesToNotBeNull(column="text"),
            gxe.ExpectColumnValueLengthsToBeBetween(
                column="text_stripped", min_value=v.min_text_length, max_value=v.max_text_length
            ),
            gxe.ExpectColumnValuesToBeInSet(column="intent", value_set=list(params.intents)),
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
        {s: len(splits[s]) for s in SPLITS},
        reports_dir / RESULT_FILE,
        dvc_file,
        failed="data validation failed",
        advice="Fix data/ and run `dvc repro` again; nothing was trained.",
    )


def read_result(reports_dir: Path) -> dict[str, Any]:
    """The intent gate's last result (``validation.json``)."""
    return read_gate_result(reports_dir / RESULT_FILE, "validate")
