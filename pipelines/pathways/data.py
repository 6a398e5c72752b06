"""Reading and writing the pathways interaction data (``data/pathways``).

``profiles.csv`` holds one pseudonymous learner profile per row (no name, e-mail or token, only
a random ``profile_id``); ``interactions.csv`` one row per (profile, course shown) with what the
learner did: ``shown`` (ignored), ``accepted``, ``completed`` or ``rejected``. ``source`` says
whether a row was simulated or came from production feedback (``slipway data import-feedback``).
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

from models.ranker import Profile
from pipelines.data import BOM, bom_advice, utf8_bytes
from pipelines.errors import DataError

PROFILE_COLUMNS = (
    "profile_id",
    "region",
    "goal_role",
    "skills",
    "interests",
    "hours_per_week",
    "budget_pen",
    "languages",
    "source",
)
INTERACTION_COLUMNS = ("profile_id", "course_id", "action", "source")
COURSE_COLUMNS = (
    "id",
    "title",
    "provider",
    "language",
    "level",
    "hours",
    "cost_pen",
    "skills_taught",
    "skills_required",
    "modality",
)
DEMAND_COLUMNS = ("role", "region", "demand_index", "skills_required", "typical_pay_pen_month")
#: The columns each file of ``data/pathways`` must have (more are the gate's to judge).
REQUIRED_COLUMNS = {
    "courses.csv": COURSE_COLUMNS,
    "demand.csv": DEMAND_COLUMNS,
    "profiles.csv": PROFILE_COLUMNS,
    "interactions.csv": INTERACTION_COLUMNS,
}
ACTIONS = ("shown", "accepted", "completed", "rejected")
GAIN = {"shown": 0.0, "rejected": 0.0, "accepted": 1.0, "completed": 2.0}
SPLITS = ("train", "val", "test")


@dataclass(frozen=True)
class Interaction:
    profile_id: str
    course_id: str
    action: str
    source: str


def pathways_dir(data_dir: Path) -> Path:
    return data_dir / "pathways"


def split_of(profile_id: str, val_share: float = 0.15, test_share: float = 0.15) -> str:
    """A profile's split from a hash of its id: stable when rows are added."""
    bucket = int(hashlib.sha256(profile_id.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    if bucket < test_share:
        return "test"
    if bucket < test_share + val_share:
        return "val"
    return "train"


def profile_row(profile_id: str, p: Profile, source: str) -> dict[str, str]:
    return {
        "profile_id": profile_id,
        "region": p.region,
        "goal_role": p.goal_role or "",
        "skills": ";".join(f"{s}:{lvl}" for s, lvl in sorted(p.skills.items())),
        "interests": ";".join(p.interests),
        "hours_per_week": f"{p.hours_per_week:g}",
        "budget_pen": "" if p.budget_pen is None else f"{p.budget_pen:g}",
        "languages": ";".join(p.languages),
        "source": source,
    }


def parse_profile(row: dict[str, str]) -> Profile:
    skills: dict[str, int] = {}
    for item in (row.get("skills") or "").split(";"):
        if item.strip():
            name, _, level = item.partition(":")
            skills[name.strip()] = int(level or 1)
    budget = (row.get("budget_pen") or "").strip()
    return Profile(
        skills=skills,
        interests=[i for i in (row.get("interests") or "").split(";") if i],
        region=row["region"],
        hours_per_week=float(row["hours_per_week"]),
        budget_pen=float(budget) if budget else None,
        languages=[x for x in (row.get("languages") or "es").split(";") if x],
        goal_role=row.get("goal_role") or None,
    )


def header_problem(path: Path, columns: tuple[str, ...]) -> str | None:
    """What is wrong with a CSV file's header, in one line that says what to do, before its
    rows are read (a wrong header makes every row look broken): not UTF-8, a byte-order mark
    (Excel's "CSV UTF-8"), a ``;``- or tab-delimited export (a spreadsheet's regional
    setting), a missing or renamed column; None when every one of ``columns`` is there."""
    try:
        data = utf8_bytes(path)
    except DataError as exc:
        return str(exc)
    first = data.split(b"\n", 1)[0].decode("utf-8").rstrip("\r")
    if first.startswith(BOM):
        return f"{path}: {bom_advice(1, path)}"
    header = next(csv.reader([first]), [])
    missing = [c for c in columns if c not in header]
    if not missing:
        return None
    if len(header) == 1:
        for sep, name in ((";", "';'-delimited"), ("\t", "tab-delimited")):
            if sep in first:
                return (
                    f"{path}: the header is one column holding {sep!r}: the file looks {name} "
                    "(a spreadsheet's regional export); re-save it comma-separated"
                )
    return (
        f"{path}: missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
        f"(header has: {', '.join(header)}); rename the column back or re-export the file "
        "with its original header"
    )


def _read(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise DataError(
            f"{path} not found: run `dvc pull`, or `slipway data simulate-pathways` to create it"
        )
    problem = header_problem(path, REQUIRED_COLUMNS.get(path.name, ()))
    if problem:
        raise DataError(problem)
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def read_profiles(data_dir: Path) -> dict[str, Profile]:
    rows = _read(pathways_dir(data_dir) / "profiles.csv")
    try:
        return {r["profile_id"]: parse_profile(r) for r in rows}
    except (KeyError, ValueError) as exc:
        raise DataError(f"profiles.csv has a malformed row: {exc}") from exc


def read_profile_rows(data_dir: Path) -> list[dict[str, str]]:
    return _read(pathways_dir(data_dir) / "profiles.csv")


def read_interactions(data_dir: Path) -> list[Interaction]:
    rows = _read(pathways_dir(data_dir) / "interactions.csv")
    return [Interaction(r["profile_id"], r["course_id"], r["action"], r["source"]) for r in rows]


def write_rows(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(columns), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def append_rows(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    if not path.is_file():
        write_rows(path, columns, rows)
        return
    with path.open("a", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(columns), lineterminator="\n")
        w.writerows(rows)
