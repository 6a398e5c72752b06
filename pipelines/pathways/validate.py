"""The pathways data gate (``validate_pathways``): Great Expectations suites over data/pathways.

One frame per file (courses, prerequisites, demand, profiles, interactions), every row named by
its file, row number and key: ids and values in range, every required skill taught somewhere and
learnable from zero, no personal data in a profile's free text, interactions that point at known
learners and courses, the export format's exact columns, and Ruta Academy's own courses as its
pages in the knowledge base say (``pipelines.pathways.academy``). The GX running and the result file
are the shared gate's (``pipelines.validation``); the ranker trains only on a passing result.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from models.privacy import personal_data
from models.ranker import read_csv
from pipelines.params import Params
from pipelines.pathways.academy import academy_check
from pipelines.pathways.data import (
    ACTIONS,
    PROFILE_COLUMNS,
    REQUIRED_COLUMNS,
    header_problem,
    pathways_dir,
)
from pipelines.validation import (
    MOJIBAKE,
    Check,
    ValidationResult,
    conclude,
    expectations,
    run_suites,
)

_PATHWAY_INDEX = ["file", "row", "key"]
COURSE_LEVELS = ["beginner", "intermediate", "advanced"]
MODALITIES = ["online", "in_person", "hybrid"]


def pathway_frames(data_dir: Path) -> dict[str, Any]:
    """One frame per pathways suite; every row names its file, row number and key."""
    import pandas as pd

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
            "text": " | ".join(str(r.get(c) or "") for c in ("title", "provider")),
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
            "text": r.get("role") or "",
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
            "free_text": " ".join(
                str(r.get(c) or "") for c in ("skills", "interests", "goal_role")
            ),
            # no free text may carry an e-mail, a token, a URL or a phone or ID number out of
            # the database, as typed or as the app stores an interest ("lucia_r_example_com")
            "personal_data": personal_data(
                ";".join(str(r.get(c) or "") for c in ("skills", "interests", "goal_role"))
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
                "personal_data",
            ],
        ),
        "pathway_interactions": pd.DataFrame(
            interaction_rows,
            columns=["file", "row", "key", "action", "source", "known_profile", "known_course"],
        ),
        "_profile_header": header,
    }


def _pathway_suites(params: Params) -> dict[str, list[Any]]:
    gxe: Any = expectations()
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
            gxe.ExpectColumnValuesToNotMatchRegex(column="text", regex=MOJIBAKE),
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
            gxe.ExpectColumnValuesToNotMatchRegex(column="text", regex=MOJIBAKE),
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
            gxe.ExpectColumnValuesToBeNull(column="personal_data"),
            gxe.ExpectColumnValuesToNotMatchRegex(column="free_text", regex=MOJIBAKE),
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
    """Validate ``data/pathways``; write ``pathways_validation.json``; raise on any failure.

    The headers are checked first: a file with a byte-order mark, another delimiter or a
    missing column is named as such, and no row is checked (each would fail for that)."""
    headers = header_checks(data_dir)
    if headers:
        return conclude(
            headers,
            reports_dir / "gx-pathways" / "no-data-docs",
            {},
            reports_dir / "pathways_validation.json",
            dvc_file,
            failed="pathways data validation failed",
            advice=ADVICE,
        )
    frames = pathway_frames(data_dir)
    header = frames.pop("_profile_header")
    suites = _pathway_suites(params)
    checks, docs = run_suites(
        frames, suites, dict.fromkeys(suites, _PATHWAY_INDEX), reports_dir / "gx-pathways"
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
    # Ruta Academy's own courses: their names, hours and prices are its pages' (P44-M10)
    checks.extend(academy_check(data_dir))
    return conclude(
        checks,
        docs,
        {name: len(frame) for name, frame in frames.items()},
        reports_dir / "pathways_validation.json",
        dvc_file,
        failed="pathways data validation failed",
        advice=ADVICE,
    )


ADVICE = "Fix data/pathways and run `dvc repro` again; the ranker was not trained."


def header_checks(data_dir: Path) -> list[Check]:
    """One failing check per file of ``data/pathways`` whose header is wrong
    (:func:`pipelines.pathways.data.header_problem`); none when every header is right. A
    missing ``profiles.csv`` or ``interactions.csv`` is allowed (no interaction yet)."""
    checks = []
    for name, columns in REQUIRED_COLUMNS.items():
        path = pathways_dir(data_dir) / name
        if not path.is_file():
            continue
        problem = header_problem(path, columns)
        if problem:
            checks.append(
                Check(
                    suite="pathway_headers",
                    expectation="expect_csv_header",
                    column=name,
                    success=False,
                    unexpected_count=1,
                    examples=[{"file": name}],
                    details=[problem],
                )
            )
    return checks
