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
            "/".join(
                str(e.get(k, ""))
                for k in ("split", "line", "intent", "file", "row", "key")
                if k in e
            )
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


def _checks(suite: str, run_result: Any, index: list[str] | None = None) -> list[Check]:
    checks = []
    for er in run_result.results:
        cfg = er.expectation_config
        kwargs = cfg.kwargs
        column = kwargs.get("column") or f"{kwargs.get('column_A')}>={kwargs.get('column_B')}"
        examples = []
        for item in (er.result or {}).get("unexpected_index_list") or []:
            ex = {k: (v.item() if hasattr(v, "item") else v) for k, v in item.items()}
            value_key = next(
                (k for k in ex if k not in {*_ROW_INDEX, *_COUNT_INDEX, *(index or [])}), None
            )
            if value_key is not None and suite != "intent_counts":
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
    """Run both intent suites in a file-backed GX context under ``gx_root``; return checks, docs."""
    indexes = {"intent_examples": _ROW_INDEX, "intent_counts": _COUNT_INDEX}
    return run_suites(frames, _suites(params), indexes, gx_root)


def run_suites(
    frames: dict[str, Any],
    suites: dict[str, list[Any]],
    indexes: dict[str, list[str]],
    gx_root: Path,
    *,
    docs_on_failure_only: bool = False,
) -> tuple[list[Check], Path]:
    """Run each suite over its frame (file-backed GX context under ``gx_root``); checks, docs.

    ``docs_on_failure_only`` renders Data Docs once at the end, and only when a check failed.
    """
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
    for suite_name, expectations in suites.items():
        index = indexes[suite_name]
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
                actions=[] if docs_on_failure_only else [UpdateDataDocsAction(name="data_docs")],
                result_format={"result_format": "COMPLETE", "unexpected_index_column_names": index},
            )
        )
        result = checkpoint.run(batch_parameters={"dataframe": frames[suite_name]})
        for run_result in result.run_results.values():
            checks.extend(_checks(suite_name, run_result, index))
    if docs_on_failure_only and not all(c.success for c in checks):
        context.build_data_docs()
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


# -- the pathways data (data/pathways) ---------------------------------------------------------
_PATHWAY_INDEX = ["file", "row", "key"]
COURSE_LEVELS = ["beginner", "intermediate", "advanced"]
MODALITIES = ["online", "in_person", "hybrid"]


def pathway_frames(data_dir: Path) -> dict[str, Any]:
    """One frame per pathways suite; every row names its file, row number and key."""
    import pandas as pd

    from models.ranker import read_csv
    from pipelines.pathways.data import PROFILE_COLUMNS, pathways_dir

    folder = pathways_dir(data_dir)
    courses = read_csv(folder / "courses.csv")
    demand = read_csv(folder / "demand.csv")
    profiles = read_csv(folder / "profiles.csv") if (folder / "profiles.csv").is_file() else []
    interactions = (
        read_csv(folder / "interactions.csv") if (folder / "interactions.csv").is_file() else []
    )

    def num(value: str | None) -> float | None:
        try:
            return float(value) if value not in (None, "") else None
        except ValueError:
            return float("nan")

    def skills(value: str | None) -> list[str]:
        return [x.strip() for x in (value or "").split(";") if x.strip()]

    course_rows = [
        {
            "file": "courses.csv",
            "row": i,
            "key": r.get("id", ""),
            "id": r.get("id") or None,
            "title": (r.get("title") or "").strip() or None,
            "provider": (r.get("provider") or "").strip() or None,
            "language": r.get("language"),
            "level": r.get("level"),
            "hours": num(r.get("hours")),
            "cost_pen": num(r.get("cost_pen")),
            "modality": r.get("modality"),
            "n_taught": len(skills(r.get("skills_taught"))),
        }
        for i, r in enumerate(courses, start=2)
    ]
    # every skill a course or a role asks for: is it taught, and learnable from zero?
    taught = {s for r in courses for s in skills(r.get("skills_taught"))}
    learnable: set[str] = set()
    changed = True
    while changed:
        changed = False
        for r in courses:
            if set(skills(r.get("skills_required"))) <= learnable:
                new = set(skills(r.get("skills_taught"))) - learnable
                if new:
                    learnable |= new
                    changed = True
    needed = [
        {"file": "courses.csv", "row": i, "key": f"{r.get('id')}:{s}", "skill": s}
        for i, r in enumerate(courses, start=2)
        for s in skills(r.get("skills_required"))
    ] + [
        {
            "file": "demand.csv",
            "row": i,
            "key": f"{r.get('role')}@{r.get('region')}:{s}",
            "skill": s,
        }
        for i, r in enumerate(demand, start=2)
        for s in skills(r.get("skills_required"))
    ]
    for row in needed:
        row["taught_somewhere"] = row["skill"] in taught
        row["learnable"] = row["skill"] in learnable
    demand_rows = [
        {
            "file": "demand.csv",
            "row": i,
            "key": f"{r.get('role')}@{r.get('region')}",
            "role": (r.get("role") or "").strip() or None,
            "region": r.get("region"),
            "demand_index": num(r.get("demand_index")),
            "typical_pay_pen_month": num(r.get("typical_pay_pen_month")),
            "n_required": len(skills(r.get("skills_required"))),
        }
        for i, r in enumerate(demand, start=2)
    ]
    profile_rows = [
        {
            "file": "profiles.csv",
            "row": i,
            "key": r.get("profile_id", ""),
            "profile_id": r.get("profile_id"),
            "region": r.get("region"),
            "hours_per_week": num(r.get("hours_per_week")),
            "budget_pen": num(r.get("budget_pen")),
            "source": r.get("source"),
            # no free text may carry an e-mail, a token or a phone number out of the database
            "free_text": " ".join(
                str(r.get(c) or "") for c in ("skills", "interests", "goal_role")
            ),
        }
        for i, r in enumerate(profiles, start=2)
    ]
    profile_ids = {r.get("profile_id") for r in profiles}
    course_ids = {r.get("id") for r in courses}
    interaction_rows = [
        {
            "file": "interactions.csv",
            "row": i,
            "key": f"{r.get('profile_id')}:{r.get('course_id')}",
            "action": r.get("action"),
            "source": r.get("source"),
            "known_profile": r.get("profile_id") in profile_ids,
            "known_course": r.get("course_id") in course_ids,
        }
        for i, r in enumerate(interactions, start=2)
    ]
    header = list(profiles[0].keys()) if profiles else list(PROFILE_COLUMNS)
    return {
        "pathway_courses": pd.DataFrame(course_rows),
        "pathway_prerequisites": pd.DataFrame(
            needed, columns=["file", "row", "key", "skill", "taught_somewhere", "learnable"]
        ),
        "pathway_demand": pd.DataFrame(demand_rows),
        "pathway_profiles": pd.DataFrame(
            profile_rows,
            columns=[
                "file",
                "row",
                "key",
                "profile_id",
                "region",
                "hours_per_week",
                "budget_pen",
                "source",
                "free_text",
            ],
        ),
        "pathway_interactions": pd.DataFrame(
            interaction_rows,
            columns=["file", "row", "key", "action", "source", "known_profile", "known_course"],
        ),
        "_profile_header": header,
    }


def _pathway_suites(params: Params) -> dict[str, list[Any]]:
    import great_expectations.expectations as gx_expectations

    from pipelines.pathways.data import ACTIONS

    gxe: Any = gx_expectations
    p = params.pathways
    sources = ["simulated", "feedback"]
    return {
        "pathway_courses": [
            gxe.ExpectColumnValuesToNotBeNull(column="id"),
            gxe.ExpectColumnValuesToBeUnique(column="id"),
            gxe.ExpectColumnValuesToMatchRegex(column="id", regex=r"^C\d{3,}$"),
            gxe.ExpectColumnValuesToNotBeNull(column="title"),
            gxe.ExpectColumnValuesToNotBeNull(column="provider"),
            gxe.ExpectColumnValuesToBeInSet(column="language", value_set=["es", "en"]),
            gxe.ExpectColumnValuesToBeInSet(column="level", value_set=COURSE_LEVELS),
            gxe.ExpectColumnValuesToBeInSet(column="modality", value_set=MODALITIES),
            gxe.ExpectColumnValuesToNotBeNull(column="hours"),
            gxe.ExpectColumnValuesToBeBetween(
                column="hours", min_value=0, max_value=p.max_course_hours, strict_min=True
            ),
            gxe.ExpectColumnValuesToNotBeNull(column="cost_pen"),
            gxe.ExpectColumnValuesToBeBetween(
                column="cost_pen", min_value=0, max_value=p.max_cost_pen
            ),
            gxe.ExpectColumnValuesToBeBetween(column="n_taught", min_value=1),
        ],
        "pathway_prerequisites": [
            gxe.ExpectColumnValuesToBeInSet(column="taught_somewhere", value_set=[True]),
            gxe.ExpectColumnValuesToBeInSet(column="learnable", value_set=[True]),
        ],
        "pathway_demand": [
            gxe.ExpectColumnValuesToNotBeNull(column="role"),
            gxe.ExpectColumnValuesToBeUnique(column="key"),
            gxe.ExpectColumnValuesToBeInSet(column="region", value_set=list(p.regions)),
            gxe.ExpectColumnValuesToBeBetween(column="demand_index", min_value=0, max_value=100),
            gxe.ExpectColumnValuesToBeBetween(
                column="typical_pay_pen_month", min_value=0, strict_min=True
            ),
            gxe.ExpectColumnValuesToBeBetween(column="n_required", min_value=1),
        ],
        "pathway_profiles": [
            gxe.ExpectColumnValuesToBeUnique(column="profile_id"),
            gxe.ExpectColumnValuesToMatchRegex(
                column="profile_id", regex=r"^(?:sim-\d+-\d+|fb-[0-9a-f]{16})$"
            ),
            gxe.ExpectColumnValuesToBeInSet(column="region", value_set=list(p.regions)),
            gxe.ExpectColumnValuesToBeBetween(column="hours_per_week", min_value=1, max_value=80),
            gxe.ExpectColumnValuesToBeBetween(column="budget_pen", min_value=0),
            gxe.ExpectColumnValuesToBeInSet(column="source", value_set=sources),
            gxe.ExpectColumnValuesToNotMatchRegex(
                column="free_text", regex=r"@|slw_|\d{6,}|https?://"
            ),
        ],
        "pathway_interactions": [
            gxe.ExpectColumnValuesToBeInSet(column="action", value_set=list(ACTIONS)),
            gxe.ExpectColumnValuesToBeInSet(column="source", value_set=sources),
            gxe.ExpectColumnValuesToBeInSet(column="known_profile", value_set=[True]),
            gxe.ExpectColumnValuesToBeInSet(column="known_course", value_set=[True]),
            gxe.ExpectColumnValuesToBeUnique(column="key"),
        ],
    }


def validate_pathways(
    data_dir: Path, params: Params, reports_dir: Path, dvc_file: Path | None = None
) -> ValidationResult:
    """Validate ``data/pathways``; write ``pathways_validation.json``; raise on any failure."""
    from pipelines.pathways.data import PROFILE_COLUMNS

    frames = pathway_frames(data_dir)
    header = frames.pop("_profile_header")
    suites = _pathway_suites(params)
    checks, docs = run_suites(
        frames,
        suites,
        dict.fromkeys(suites, _PATHWAY_INDEX),
        reports_dir / "gx-pathways",
        docs_on_failure_only=True,
    )
    # the export format itself: exactly these columns, so no personal field can slip in
    extra = sorted(set(header) ^ set(PROFILE_COLUMNS))
    checks.append(
        Check(
            suite="pathway_profiles",
            expectation="expect_table_columns_to_match_set",
            column=",".join(PROFILE_COLUMNS),
            success=not extra,
            unexpected_count=len(extra),
            examples=[{"value": c} for c in extra],
        )
    )
    result = ValidationResult(
        success=all(c.success for c in checks),
        data_hash=data_hash(dvc_file) if dvc_file else "",
        counts={name: len(frame) for name, frame in frames.items()},
        checks=checks,
        docs=str(docs),
    )
    reports_dir.mkdir(parents=True, exist_ok=True)
    (reports_dir / "pathways_validation.json").write_text(result.to_json())
    if not result.success:
        lines = "\n".join(f"  - {c.describe()}" for c in result.failures)
        raise ValidationFailed(
            f"pathways data validation failed ({len(result.failures)} expectation(s)):\n"
            f"{lines}\nData Docs: {docs}\nFix data/pathways and run `dvc repro` again; "
            "the ranker was not trained."
        )
    return result
