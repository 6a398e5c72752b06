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


def _read(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise DataError(
            f"{path} not found: run `dvc pull`, or `slipway data simulate-pathways` to create it"
        )
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
