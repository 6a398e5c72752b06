"""Stage 1 — the data gate: a Great Expectations suite over the intent corpus.

Two batches are checked: every example (text bounds, known labels, no text repeated within or
across splits) and the per-split label counts (minimum examples per intent, class-share cap).
Failure writes GX Data Docs and raises :class:`ValidationFailed` listing what failed; the
result file is written either way, without timestamps so identical data gives identical bytes.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from models.intent import normalize
from pipelines.data import SPLITS, Example, data_hash, load_splits
from pipelines.errors import ValidationFailed
from pipelines.params import Params

log = logging.getLogger(__name__)
_ROW_INDEX = ["split", "line"]
_COUNT_INDEX = ["split", "intent"]


@dataclass
class Check:
    suite: str
    expectation: str
    column: str
    success: bool
    unexpected_count: int
    examples: list[dict[str, Any]] = field(default_factory=list)

    def describe(self) -> str:
        where = ", ".join(
            "/".join(str(e.get(k, "")) for k in ("split", "line", "intent") if k in e)
            + (f" {e['value']!r}" if "value" in e else "")
            for e in self.examples[:5]
        )
        more = f" (e.g. {where})" if where else ""
        return f"{self.expectation} on {self.column}: {self.unexpected_count} failing{more}"


@dataclass
class ValidationResult:
    success: bool
    data_hash: str
    counts: dict[str, int]
    checks: list[Check]
    docs: str = ""

    @property
    def failures(self) -> list[Check]:
        return [c for c in self.checks if not c.success]

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True, default=str) + "\n"


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


def _checks(suite: str, run_result: Any) -> list[Check]:
    checks = []
    for er in run_result.results:
        cfg = er.expectation_config
        kwargs = cfg.kwargs
        column = kwargs.get("column") or f"{kwargs.get('column_A')}>={kwargs.get('column_B')}"
        examples = []
        for item in (er.result or {}).get("unexpected_index_list") or []:
            ex = {k: (v.item() if hasattr(v, "item") else v) for k, v in item.items()}
            value_key = next((k for k in ex if k not in {*_ROW_INDEX, *_COUNT_INDEX}), None)
            if value_key is not None and suite == "intent_examples":
                ex["value"] = ex.pop(value_key)
            examples.append(ex)
        checks.append(
            Check(
                suite=suite,
                expectation=cfg.type,
                column=str(column),
                success=bool(er.success),
                unexpected_count=int((er.result or {}).get("unexpected_count") or 0),
                examples=examples[:20],
            )
        )
    return checks


def run_gx(frames: dict[str, Any], params: Params, gx_root: Path) -> tuple[list[Check], Path]:
    """Run both suites in a file-backed GX context under ``gx_root``; return checks and docs."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.checkpoint import UpdateDataDocsAction  # type: ignore[attr-defined]
    from great_expectations.data_context.types.base import ProgressBarsConfig

    shutil.rmtree(gx_root, ignore_errors=True)
    gx_root.mkdir(parents=True, exist_ok=True)
    context = gx.get_context(mode="file", project_root_dir=str(gx_root))
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    context.variables.save()
    source = context.data_sources.add_pandas("slipway")
    checks: list[Check] = []
    for suite_name, expectations in _suites(params).items():
        index = _ROW_INDEX if suite_name == "intent_examples" else _COUNT_INDEX
        batch = source.add_dataframe_asset(suite_name).add_batch_definition_whole_dataframe("all")
        suite = context.suites.add(gx.ExpectationSuite(name=suite_name))
        for expectation in expectations:
            suite.add_expectation(expectation)
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(data=batch, suite=suite, name=suite_name)
        )
        checkpoint = context.checkpoints.add(
            gx.Checkpoint(
                name=suite_name,
                validation_definitions=[definition],
                actions=[UpdateDataDocsAction(name="data_docs")],
                result_format={"result_format": "COMPLETE", "unexpected_index_column_names": index},
            )
        )
        result = checkpoint.run(batch_parameters={"dataframe": frames[suite_name]})
        for run_result in result.run_results.values():
            checks.extend(_checks(suite_name, run_result))
    docs = gx_root / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
    return checks, docs


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
    result = ValidationResult(
        success=all(c.success for c in checks),
        data_hash=data_hash(dvc_file) if dvc_file else "",
        counts={s: len(splits[s]) for s in SPLITS},
        checks=checks,
        docs=str(docs),
    )
    reports_dir.mkdir(parents=True, exist_ok=True)
    (reports_dir / "validation.json").write_text(result.to_json())
    if not result.success:
        lines = "\n".join(f"  - {c.describe()}" for c in result.failures)
        raise ValidationFailed(
            f"data validation failed ({len(result.failures)} expectation(s)):\n{lines}\n"
            f"Data Docs: {docs}\nFix data/ and run `dvc repro` again; nothing was trained."
        )
    return result


def read_result(reports_dir: Path) -> dict[str, Any]:
    path = reports_dir / "validation.json"
    if not path.is_file():
        raise ValidationFailed(f"{path} missing: run the validate stage first (`dvc repro`)")
    data: dict[str, Any] = json.loads(path.read_text())
    return data
