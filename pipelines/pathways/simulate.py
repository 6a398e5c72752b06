"""A seeded simulator of learner behaviour: the ranker's interactions until production feedback.

No real learner data exists yet, so ``slipway data simulate-pathways`` writes plausible
interactions into ``data/pathways/`` (``source=simulated``). Each simulated learner (region,
languages, goal role, skills, hours, budget drawn from Peru-like distributions) is shown a slate
of courses and reacts through a hidden utility: courses that teach what their goal role in
their region asks for attract them; courses in a language they do not read, beyond their budget,
with prerequisites they lack, teaching what they know, or too long for their hours put them off;
every course also has a hidden quality. Accepted courses are completed more often when short.

The utility is written independently of the ranker's features (thresholds and interactions the
linear ranker cannot copy exactly), but it encodes the designer's beliefs: metrics on simulated
data show the pipeline works, not that learners behave so. Rows imported from production
(``source=feedback``) replace these beliefs with evidence as they accumulate.
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from models.ranker import Catalog, Course, Profile, targets
from pipelines.pathways.data import (
    INTERACTION_COLUMNS,
    PROFILE_COLUMNS,
    pathways_dir,
    profile_row,
    write_rows,
)

REGION_WEIGHTS = {
    "Lima": 0.42,
    "Arequipa": 0.12,
    "La Libertad": 0.1,
    "Piura": 0.08,
    "Lambayeque": 0.07,
    "Junin": 0.08,
    "Cusco": 0.13,
}
STARTER_SKILLS = (
    "excel_basics",
    "customer_service",
    "sales",
    "english_a2",
    "english_b1",
    "python_basics",
    "cooking",
    "web_html_css",
    "accounting_basics",
    "sql",
    "social_media",
    "electrical_basics",
    "occupational_safety",
    "hospitality",
)
HOURS = (3, 4, 5, 6, 8, 10, 12, 15, 20)
BUDGETS = (100, 200, 300, 500, 800, 1200, 2000, 3500)


@dataclass
class SimulationResult:
    profiles: int
    interactions: int
    positives: int


def _profile(rng: np.random.Generator, catalog: Catalog) -> Profile:
    regions = [r for r in REGION_WEIGHTS if r in catalog.regions] or catalog.regions
    w = np.array([REGION_WEIGHTS.get(r, 0.05) for r in regions])
    region = str(rng.choice(regions, p=w / w.sum()))
    u = rng.random()
    languages = ["es"] if u < 0.7 else (["es", "en"] if u < 0.98 else ["en"])
    skills: dict[str, int] = {}
    if rng.random() < 0.85:
        skills["digital_literacy"] = 2
    for s in rng.choice(STARTER_SKILLS, size=int(rng.integers(0, 4)), replace=False):
        skills[str(s)] = int(rng.choice([1, 2, 3], p=[0.45, 0.4, 0.15]))
    if "en" in languages:
        skills.setdefault("english_b1", 2)
    goal_role = None
    interests: list[str] = []
    rows = [d for d in catalog.demand if d.region == region]
    if rng.random() < 0.75 and rows:
        dw = np.array([d.demand_index for d in rows], dtype=float)
        goal = rows[int(rng.choice(len(rows), p=dw / dw.sum()))]
        goal_role = goal.role
        interests = [str(rng.choice(goal.skills_required))] if rng.random() < 0.5 else []
    else:
        interests = [str(s) for s in rng.choice(catalog.skills, size=2, replace=False)]
    budget = (
        None if rng.random() < 0.1 else (0.0 if rng.random() < 0.3 else float(rng.choice(BUDGETS)))
    )
    return Profile(
        skills=skills,
        interests=interests,
        region=region,
        hours_per_week=float(rng.choice(HOURS)),
        budget_pen=budget,
        languages=languages,
        goal_role=goal_role,
    )


def utility(catalog: Catalog, p: Profile, c: Course, quality: float, patience: float) -> float:
    """The hidden appeal of course ``c`` to learner ``p`` (before noise)."""
    goal = targets(catalog, p)
    wanted = {s: t.weight for t in goal for s in t.demand.skills_required}
    new = [s for s in c.skills_taught if p.known(s) < 1.0]
    relevance = sum(wanted.get(s, 0.0) for s in new)
    regional = [d for d in catalog.demand if d.region == p.region]
    hot = sum(1 for d in regional if set(new) & set(d.skills_required)) / max(len(regional), 1)
    lacking = [s for s in c.skills_required if p.known(s) < 0.5]
    weeks = c.hours / max(p.hours_per_week, 1.0)
    u = 3.0 * min(relevance, 1.0) + 1.5 * hot + quality
    u -= 2.5 if not new else 0.0
    u -= 1.2 * min(len(lacking), 2)
    u -= 4.0 if c.language not in p.languages else 0.0
    if p.budget_pen is not None and c.cost_pen > p.budget_pen:
        u -= 2.0 + (1.0 if p.budget_pen == 0 else 0.0)
    u -= 0.9 * max(0.0, weeks - patience) / patience
    if any(i in c.skills_taught or i in c.title.lower() for i in p.interests):
        u += 0.8
    return u


def simulate(
    catalog: Catalog, n_profiles: int, slate_size: int, seed: int
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Profiles and interaction rows; the same seed and catalog give the same rows."""
    rng = np.random.default_rng(seed)
    quality = {c.id: float(rng.normal(0.0, 0.7)) for c in catalog.courses}
    popular = np.array([math.exp(quality[c.id]) for c in catalog.courses])
    popular /= popular.sum()
    profiles: list[dict[str, str]] = []
    interactions: list[dict[str, str]] = []
    n = len(catalog.courses)
    for i in range(n_profiles):
        pid = f"sim-{seed}-{i:05d}"
        p = _profile(rng, catalog)
        profiles.append(profile_row(pid, p, "simulated"))
        patience = float(rng.uniform(4.0, 16.0))
        # the slate: half popular courses, half drawn at random (an exploring recommender)
        half = slate_size // 2
        picked = list(rng.choice(n, size=half, replace=False, p=popular))
        rest = [j for j in rng.permutation(n) if j not in picked][: slate_size - half]
        for j in sorted(int(x) for x in (*picked, *rest)):
            c = catalog.courses[j]
            u = utility(catalog, p, c, quality[c.id], patience) + float(rng.logistic(0.0, 0.6))
            if u > 1.5:
                weeks = c.hours / max(p.hours_per_week, 1.0)
                done = rng.random() < 1 / (1 + math.exp(-(1.2 - 0.5 * math.log1p(weeks))))
                action = "completed" if done else "accepted"
            else:
                action = "rejected" if rng.random() < 0.35 else "shown"
            interactions.append(
                {"profile_id": pid, "course_id": c.id, "action": action, "source": "simulated"}
            )
    return profiles, interactions


def write_simulation(
    data_dir: Path, n_profiles: int, slate_size: int, seed: int
) -> SimulationResult:
    """Replace the simulated rows of ``profiles.csv`` / ``interactions.csv``, keep imported ones."""
    from pipelines.pathways.data import read_interactions, read_profile_rows

    folder = pathways_dir(data_dir)
    catalog = Catalog.load(folder)
    profiles, interactions = simulate(catalog, n_profiles, slate_size, seed)
    if (folder / "profiles.csv").is_file() and (folder / "interactions.csv").is_file():
        profiles += [r for r in read_profile_rows(data_dir) if r["source"] != "simulated"]
        interactions += [
            {
                "profile_id": x.profile_id,
                "course_id": x.course_id,
                "action": x.action,
                "source": x.source,
            }
            for x in read_interactions(data_dir)
            if x.source != "simulated"
        ]
    write_rows(folder / "profiles.csv", PROFILE_COLUMNS, profiles)
    write_rows(folder / "interactions.csv", INTERACTION_COLUMNS, interactions)
    positives = sum(1 for r in interactions if r["action"] in ("accepted", "completed"))
    return SimulationResult(len(profiles), len(interactions), positives)


def new_profile_id() -> str:
    """A random pseudonym for an exported profile (not derived from any user attribute)."""
    return "fb-" + secrets.token_hex(8)
