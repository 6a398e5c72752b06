"""The pathway ranker: a learner profile × course × job-demand scorer and the path builder.

Training (scikit-learn, in ``pipelines/pathways``) and serving (the app, NumPy only) share the
feature code below, so a served score is exactly the trained one. A saved ranker folder holds the
weights (``ranker.json``) and the catalog it was trained with (``courses.csv``, ``demand.csv``),
so the release pin names the weights and the catalog together.
"""

from __future__ import annotations

import csv
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
FORMAT_VERSION = 1
RANKER_FILE = "ranker.json"
LEVELS = ("beginner", "intermediate", "advanced")
LANGUAGES = ("es", "en")
FEATURES = (
    "gap_closed",  # demand-weighted share of the target roles' missing skills the course teaches
    "teaches_gap",  # 1 if it teaches at least one missing skill of a target role
    "market",  # how many in-demand roles of the user's region ask for what it teaches
    "already_known",  # share of what it teaches the user already knows
    "prereq_missing",  # share of its prerequisites the user lacks
    "language_ok",  # taught in a language the user reads
    "over_budget",  # cost above the user's budget, relative to the budget
    "free",  # costs nothing
    "weeks",  # log(1 + weeks it takes at the user's hours per week)
    "level",  # 0 beginner, 1 intermediate, 2 advanced
    "level_jump",  # course level above what the user's skills suggest
    "interest",  # matches a stated interest
)


def slug(text: str) -> str:
    """``"Power BI"`` → ``"power_bi"``; accents dropped, lowercase ASCII."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "_".join(re.findall(r"[a-z0-9]+", text.lower()))


def _split(value: str) -> tuple[str, ...]:
    return tuple(s.strip() for s in value.split(";") if s.strip())


@dataclass(frozen=True)
class Course:
    id: str
    title: str
    provider: str
    language: str
    level: str
    hours: float
    cost_pen: float
    skills_taught: tuple[str, ...]
    skills_required: tuple[str, ...]
    modality: str


@dataclass(frozen=True)
class Demand:
    role: str
    region: str
    demand_index: float
    skills_required: tuple[str, ...]
    typical_pay_pen_month: float


def course_words(course: Course) -> frozenset[str]:
    """The words a stated interest is matched against: its title's and what it teaches."""
    return frozenset(
        set(slug(course.title).split("_"))
        | set(course.skills_taught)
        | {w for s in course.skills_taught for w in s.split("_")}
    )


@dataclass
class Catalog:
    """The course catalog and the job-demand table (``data/pathways``)."""

    courses: list[Course]
    demand: list[Demand]

    def __post_init__(self) -> None:
        self.by_id = {c.id: c for c in self.courses}
        self.regions = sorted({d.region for d in self.demand})
        self.roles = sorted({d.role for d in self.demand})
        self.skills = sorted(
            {s for c in self.courses for s in (*c.skills_taught, *c.skills_required)}
            | {s for d in self.demand for s in d.skills_required}
        )
        self.words = {c.id: course_words(c) for c in self.courses}
        self.region_rows: dict[str, list[tuple[Demand, frozenset[str]]]] = {}
        for d in self.demand:
            self.region_rows.setdefault(d.region, []).append((d, frozenset(d.skills_required)))
        self.teachers: dict[str, list[Course]] = {}
        for c in self.courses:
            for s in c.skills_taught:
                self.teachers.setdefault(s, []).append(c)

    @classmethod
    def load(cls, folder: Path) -> Catalog:
        courses = [
            Course(
                id=r["id"].strip(),
                title=r["title"].strip(),
                provider=r["provider"].strip(),
                language=r["language"].strip(),
                level=r["level"].strip(),
                hours=float(r["hours"]),
                cost_pen=float(r["cost_pen"]),
                skills_taught=_split(r["skills_taught"]),
                skills_required=_split(r["skills_required"] or ""),
                modality=(r.get("modality") or "").strip(),
            )
            for r in read_csv(folder / "courses.csv")
        ]
        demand = [
            Demand(
                role=r["role"].strip(),
                region=r["region"].strip(),
                demand_index=float(r["demand_index"]),
                skills_required=_split(r["skills_required"]),
                typical_pay_pen_month=float(r["typical_pay_pen_month"]),
            )
            for r in read_csv(folder / "demand.csv")
        ]
        return cls(courses, demand)


def read_csv(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found")
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@dataclass
class Profile:
    """What the ranker knows about a learner (never a name or contact detail)."""

    skills: dict[str, int] = field(default_factory=dict)  # slug → 1 a little, 2 can work, 3 expert
    interests: list[str] = field(default_factory=list)
    region: str = "Lima"
    hours_per_week: float = 6.0
    budget_pen: float | None = None  # None: no limit given
    languages: list[str] = field(default_factory=lambda: ["es"])
    goal_role: str | None = None

    def known(self, skill: str) -> float:
        level = self.skills.get(skill, 0)
        return 0.0 if level <= 0 else (0.5 if level == 1 else 1.0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "skills": dict(sorted(self.skills.items())),
            "interests": list(self.interests),
            "region": self.region,
            "hours_per_week": self.hours_per_week,
            "budget_pen": self.budget_pen,
            "languages": list(self.languages),
            "goal_role": self.goal_role,
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Profile:
        budget = raw.get("budget_pen")
        return cls(
            skills={str(k): int(v) for k, v in (raw.get("skills") or {}).items()},
            interests=[str(i) for i in raw.get("interests") or []],
            region=str(raw.get("region") or "Lima"),
            hours_per_week=float(raw.get("hours_per_week") or 6.0),
            budget_pen=None if budget is None or budget == "" else float(budget),
            languages=[str(x) for x in raw.get("languages") or ["es"]],
            goal_role=(str(raw["goal_role"]) if raw.get("goal_role") else None),
        )


@dataclass(frozen=True)
class Target:
    """An in-demand role the path aims at, with its weight among the targets."""

    demand: Demand
    weight: float


def match_roles(catalog: Catalog, goal: str | None) -> list[str]:
    """Roles of the demand table whose words best match a free-text goal ("a data job")."""
    if not goal:
        return []
    words = set(slug(goal).split("_")) - {"job", "work", "role", "a", "an", "the", "de", "el"}
    wanted = slug(goal).replace("_", " ")
    exact = [r for r in catalog.roles if r == wanted]
    if exact:
        return exact
    scored = [(len(words & set(r.split())), r) for r in catalog.roles]
    best = max((s for s, _ in scored), default=0)
    return [r for s, r in scored if s == best and best > 0]


def targets(catalog: Catalog, profile: Profile, top: int = 4) -> list[Target]:
    """The roles a profile aims at: its goal role (its region first), else the region's top."""
    roles = match_roles(catalog, profile.goal_role)
    rows = [d for d in catalog.demand if d.role in roles] if roles else []
    local = [d for d in rows if d.region == profile.region]
    if rows:
        chosen = local or sorted(rows, key=lambda d: -d.demand_index)[:2]
    else:
        regional = [d for d in catalog.demand if d.region == profile.region] or catalog.demand
        interests = {slug(i) for i in profile.interests}

        def fit(d: Demand) -> float:
            have = sum(profile.known(s) for s in d.skills_required) / max(len(d.skills_required), 1)
            liked = bool(interests & ({slug(d.role)} | set(d.skills_required)))
            return d.demand_index * (1.0 + have + (1.0 if liked else 0.0))

        chosen = sorted(regional, key=lambda d: (-fit(d), d.role))[:top]
    total = sum(d.demand_index for d in chosen) or 1.0
    return [Target(d, d.demand_index / total) for d in chosen]


def features(catalog: Catalog, profile: Profile, courses: Sequence[Course]) -> FloatArray:
    """One row of :data:`FEATURES` per course, for this profile. A course the catalog does not
    hold as it is (a newer catalog's course, scored by a ranker trained before it) is scored
    from its own fields, like any other: only the demand table is the catalog's."""
    goal = targets(catalog, profile)
    gap: dict[str, float] = {}
    for t in goal:
        for s in t.demand.skills_required:
            missing = 1.0 - profile.known(s)
            if missing > 0:
                gap[s] = gap.get(s, 0.0) + t.weight * missing
    gap_total = sum(gap.values()) or 1.0
    regional = catalog.region_rows.get(profile.region) or [
        (d, frozenset(d.skills_required)) for d in catalog.demand
    ]
    market_total = sum(d.demand_index for d, _ in regional) or 1.0
    langs = set(profile.languages) or {"es"}
    interests = {w for i in profile.interests for w in (slug(i), *slug(i).split("_")) if w}
    skill_level = min(2.0, sum(profile.known(s) for s in profile.skills) / 3.0)
    hours = max(profile.hours_per_week, 1.0)
    rows = np.zeros((len(courses), len(FEATURES)), dtype=np.float64)
    for i, c in enumerate(courses):
        taught = c.skills_taught or ("",)
        missing_taught = {s for s in taught if profile.known(s) < 1.0}
        market = sum(d.demand_index for d, req in regional if not req.isdisjoint(missing_taught))
        need = c.skills_required
        level = float(LEVELS.index(c.level)) if c.level in LEVELS else 0.0
        budget = profile.budget_pen
        over = 0.0 if budget is None else max(0.0, c.cost_pen - budget) / (budget + 100.0)
        rows[i] = (
            sum(gap.get(s, 0.0) for s in taught) / gap_total,
            1.0 if any(gap.get(s, 0.0) > 0 for s in taught) else 0.0,
            market / market_total,
            sum(profile.known(s) for s in taught) / len(taught),
            (sum(1.0 for s in need if profile.known(s) < 0.5) / len(need)) if need else 0.0,
            1.0 if c.language in langs else 0.0,
            min(over, 5.0),
            1.0 if c.cost_pen <= 0 else 0.0,
            math.log1p(c.hours / hours),
            level,
            max(0.0, level - skill_level),
            1.0 if interests and not interests.isdisjoint(_words(catalog, c)) else 0.0,
        )
    return rows


def _words(catalog: Catalog, course: Course) -> frozenset[str]:
    known = catalog.by_id.get(course.id)
    if known is course or known == course:
        return catalog.words[course.id]
    return course_words(course)


@dataclass
class Ranker:
    """Standardised features → logistic score; the weights come from the training stage."""

    mean: FloatArray
    scale: FloatArray
    coef: FloatArray
    intercept: float
    catalog: Catalog
    features: tuple[str, ...] = FEATURES
    metadata: dict[str, Any] = field(default_factory=dict)

    def scores(self, profile: Profile, courses: Sequence[Course] | None = None) -> FloatArray:
        rows = features(self.catalog, profile, courses or self.catalog.courses)
        z = ((rows - self.mean) / self.scale) @ self.coef + self.intercept
        return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float64)

    def rank(self, profile: Profile) -> list[tuple[Course, float]]:
        """Every course, best first (ties by id, so the order is deterministic)."""
        s = self.scores(profile)
        order = sorted(range(len(s)), key=lambda i: (-s[i], self.catalog.courses[i].id))
        return [(self.catalog.courses[i], float(s[i])) for i in order]

    def save(self, directory: Path, catalog_dir: Path) -> None:
        """Weights as JSON (byte-identical for identical weights) plus the catalog files."""
        directory.mkdir(parents=True, exist_ok=True)
        spec = {
            "format_version": FORMAT_VERSION,
            "features": list(self.features),
            "mean": [round(float(x), 12) for x in self.mean],
            "scale": [round(float(x), 12) for x in self.scale],
            "coef": [round(float(x), 12) for x in self.coef],
            "intercept": round(float(self.intercept), 12),
            "metadata": self.metadata,
        }
        (directory / RANKER_FILE).write_text(json.dumps(spec, indent=1, sort_keys=True) + "\n")
        for name in ("courses.csv", "demand.csv"):
            (directory / name).write_bytes((catalog_dir / name).read_bytes())

    @classmethod
    def load(cls, directory: Path) -> Ranker:
        spec_path = directory / RANKER_FILE
        if not spec_path.is_file():
            raise FileNotFoundError(f"no ranker at {directory} ({RANKER_FILE} missing)")
        spec = json.loads(spec_path.read_text())
        if spec.get("format_version") != FORMAT_VERSION:
            raise ValueError(f"unsupported ranker format {spec.get('format_version')!r}")
        if tuple(spec["features"]) != FEATURES:
            raise ValueError("the ranker was trained on other features than this code computes")
        return cls(
            mean=np.asarray(spec["mean"], dtype=np.float64),
            scale=np.asarray(spec["scale"], dtype=np.float64),
            coef=np.asarray(spec["coef"], dtype=np.float64),
            intercept=float(spec["intercept"]),
            catalog=Catalog.load(directory),
            metadata=dict(spec.get("metadata") or {}),
        )


# -- the path ---------------------------------------------------------------------------------
@dataclass
class Step:
    course: Course
    score: float
    reason: str
    prerequisite_for: str | None = None

    def to_dict(self) -> dict[str, Any]:
        c = self.course
        return {
            "course_id": c.id,
            "title": c.title,
            "provider": c.provider,
            "language": c.language,
            "level": c.level,
            "hours": c.hours,
            "cost_pen": c.cost_pen,
            "modality": c.modality,
            "skills_taught": list(c.skills_taught),
            "skills_required": list(c.skills_required),
            "score": round(self.score, 4),
            "reason": self.reason,
        }


@dataclass
class Pathway:
    steps: list[Step]
    roles: list[dict[str, Any]]
    total_hours: float
    total_cost_pen: float
    weeks: float
    notes: list[str] = field(default_factory=list)
    #: when no step fits and the budget is what kept the goal's courses out: the least one of
    #: them costs with its prerequisites (its hours, steps and languages fitting the profile)
    cheapest_fit_pen: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "steps": [s.to_dict() for s in self.steps],
            "roles": self.roles,
            "total_hours": self.total_hours,
            "total_cost_pen": self.total_cost_pen,
            "weeks": self.weeks,
            "notes": self.notes,
        }


def skill_name(skill: str) -> str:
    special = {"sql": "SQL", "power_bi": "Power BI", "power_bi_dax": "Power BI DAX"}
    special |= {"peru_tax_sunat": "SUNAT taxes", "crm_basics": "CRM", "seo": "SEO"}
    special |= {"it_support": "IT support", "plc_programming": "PLC programming"}
    special |= {"rest_apis": "REST APIs", "sql_advanced": "advanced SQL", "nodejs": "Node.js"}
    if skill in special:
        return special[skill]
    words = skill.split("_")
    if words[0] == "english" and len(words) == 2:
        return f"English {words[1].upper()}"
    if words[-1] == "basics":
        words = words[:-1]
    return " ".join(
        w.capitalize() if w in {"excel", "python", "javascript", "react"} else w for w in words
    )


def _share(catalog: Catalog, region: str, skill: str, role: str | None) -> tuple[float, str]:
    """Demand-weighted share of a region's roles (or of one role's regions) asking for a skill."""
    if role is not None:
        rows = [d for d in catalog.demand if d.role == role]
        where = f"{role} roles"
    else:
        rows = [d for d in catalog.demand if d.region == region]
        where = f"in-demand roles in {region}"
    total = sum(d.demand_index for d in rows) or 1.0
    hit = sum(d.demand_index for d in rows if skill in d.skills_required)
    return hit / total, where


def _reason(catalog: Catalog, profile: Profile, course: Course, goal: list[Target]) -> str:
    missing = [s for s in course.skills_taught if profile.known(s) < 1.0] or list(
        course.skills_taught
    )
    for t in goal:
        hit = [s for s in missing if s in t.demand.skills_required]
        if hit:
            share, _ = _share(catalog, profile.region, hit[0], None)
            role_rows = [d for d in catalog.demand if d.role == t.demand.role]
            n_role = sum(1 for d in role_rows if hit[0] in d.skills_required)
            return (
                f"teaches {skill_name(hit[0])}, required for {t.demand.role} "
                f"(demand {t.demand.demand_index:.0f}/100 in {t.demand.region}; asked for in "
                f"{n_role} of {len(role_rows)} regions) and by {share:.0%} of in-demand roles "
                f"in {profile.region}"
            )
    best = max(missing, key=lambda s: _share(catalog, profile.region, s, None)[0])
    share, where = _share(catalog, profile.region, best, None)
    if share > 0:
        return f"teaches {skill_name(best)}, asked for by {share:.0%} of {where}"
    return f"teaches {', '.join(skill_name(s) for s in missing)}"


def build_pathway(
    ranker: Ranker,
    profile: Profile,
    *,
    max_steps: int = 5,
    horizon_weeks: float = 26.0,
    exclude: Iterable[str] = (),
    keep: Iterable[str] = (),
) -> Pathway:
    """An ordered path (prerequisites first) of the best-ranked courses that fit the profile.

    Courses in a language the user does not read are left out; the whole path stays within the
    budget and within ``horizon_weeks`` at the user's hours per week; a course whose skills the
    user already has is skipped. ``exclude`` drops courses the user said "not for me" to.
    ``keep``: courses the user accepted; one that still serves the target roles and fits stays
    even when a course it requires was excluded and no other one teaches what it requires (the
    user chose it: the path does not drop it for that). Without ``keep`` nothing changes.

    Only courses that close a gap of the target roles are taken, each for a skill that neither
    the learner nor an earlier step has (a course whose only needed skill an earlier step teaches
    is not a step of its own). When none of them fits and the learner named no goal, the path
    falls back to courses teaching what some in-demand role of the region asks for; with a goal
    it stays empty (a course of another trade does not serve it), and ``cheapest_fit_pen`` says
    what the budget would have to be.
    """
    catalog = ranker.catalog
    ranked = ranker.rank(profile)
    score_of = {c.id: s for c, s in ranked}
    langs = set(profile.languages) or {"es"}
    banned = set(exclude)
    budget = profile.budget_pen
    max_hours = max(profile.hours_per_week, 1.0) * horizon_weeks
    chosen: list[Step] = []
    have = {s for s, lvl in profile.skills.items() if lvl >= 2}
    cost = hours = 0.0
    notes: list[str] = []

    def usable(c: Course) -> bool:
        return c.language in langs and c.id not in banned

    def closure(
        c: Course, taught: set[str], seen: set[str], lenient: bool = False
    ) -> list[Course] | None:
        """``c`` preceded by courses for each prerequisite not yet known or planned; with
        ``lenient`` (an accepted course) a prerequisite no usable course teaches is skipped."""
        plan: list[Course] = []
        for need in c.skills_required:
            if need in taught or profile.known(need) >= 0.5:
                continue
            options = sorted(
                (t for t in catalog.teachers.get(need, []) if usable(t) and t.id not in seen),
                key=lambda t: (t.cost_pen > 0, -score_of[t.id], t.hours, t.id),
            )
            for option in options:
                sub = closure(option, taught, seen | {option.id})
                if sub is not None:
                    plan += sub
                    taught = taught | {s for x in sub for s in x.skills_taught}
                    break
            else:
                if not lenient:
                    return None
        return [*plan, c]

    planned: set[str] = set()
    goal = targets(catalog, profile)
    wanted = {s for t in goal for s in t.demand.skills_required if profile.known(s) < 1.0}
    # first the courses that close a gap of the target roles, best-ranked first; only when none
    # of them fits, and the learner named no goal, does the path fall back to the rest of the
    # ranking, and then only to what an in-demand role of the region asks for
    relevant = [(c, sc) for c, sc in ranked if wanted & set(c.skills_taught)]
    accepted = set(keep) - banned
    # each pass: its candidates and the skills that make a candidate worth a step
    passes: list[tuple[list[tuple[Course, float]], set[str]]] = [(relevant, wanted)]
    if not match_roles(catalog, profile.goal_role):
        regional = catalog.region_rows.get(profile.region) or []
        asked = {s for _, req in regional for s in req}
        passes.append(([(c, sc) for c, sc in ranked if asked & set(c.skills_taught)], asked))
    cheapest: float | None = None  # the least a relevant course kept out by the budget costs
    for candidates, needed in passes:
        if chosen:
            break
        for course, _ in candidates:
            if len(chosen) >= max_steps:
                break
            if course.id in planned or not usable(course):
                continue
            # a course is a step only for a needed skill that no earlier step (nor the learner)
            # has: "Electricidad Básica" is not taken for the occupational safety a free course
            # before it already taught
            if not (set(course.skills_taught) - have) & needed:
                continue
            lenient = candidates is relevant and course.id in accepted
            plan = closure(course, set(have), {course.id} | planned, lenient)
            if plan is None:
                continue
            plan = [p for p in plan if p.id not in planned]
            add_cost = sum(p.cost_pen for p in plan)
            add_hours = sum(p.hours for p in plan)
            if hours + add_hours > max_hours or len(chosen) + len(plan) > max_steps:
                continue
            if budget is not None and cost + add_cost > budget:
                if candidates is relevant and not chosen:
                    cheapest = add_cost if cheapest is None else min(cheapest, add_cost)
                continue
            for p in plan:
                reason = _reason(catalog, profile, p, goal)
                if p.id != course.id:
                    reason = f"prerequisite for {course.title}: " + reason
                chosen.append(
                    Step(p, score_of[p.id], reason, None if p.id == course.id else course.id)
                )
                planned.add(p.id)
                have |= set(p.skills_taught)
            cost += add_cost
            hours += add_hours
    missing = sorted(wanted - have)
    if chosen and missing:
        notes.append(
            "still to learn for the target roles: "
            + ", ".join(skill_name(m) for m in missing)
            + f" (no room for it within your budget, hours, languages and {max_steps} steps)"
        )
    steps = _order(chosen)
    if not steps:
        notes.append(
            "no course fits the profile: raise the budget or hours, add a language, "
            "or change the goal role"
        )
    if "en" not in langs:
        notes.append("English-taught courses were left out (add 'en' to your languages)")
    roles = _roles(catalog, profile, steps)
    return Pathway(
        steps=steps,
        roles=roles,
        total_hours=hours,
        total_cost_pen=cost,
        weeks=round(hours / max(profile.hours_per_week, 1.0), 1),
        notes=notes,
        cheapest_fit_pen=cheapest if not steps else None,
    )


def _order(steps: list[Step]) -> list[Step]:
    """Topological order: a course comes after every course teaching one of its prerequisites."""
    remaining = list(steps)
    done: list[Step] = []
    while remaining:
        taught_later = {s for st in remaining for s in st.course.skills_taught}
        ready = [
            st
            for st in remaining
            if not any(
                need in taught_later
                and need not in st.course.skills_taught
                and any(need in o.course.skills_taught for o in remaining if o is not st)
                for need in st.course.skills_required
            )
        ]
        nxt = ready[0] if ready else remaining[0]
        done.append(nxt)
        remaining.remove(nxt)
    return done


def _roles(catalog: Catalog, profile: Profile, steps: list[Step]) -> list[dict[str, Any]]:
    after = {s for s, lvl in profile.skills.items() if lvl >= 1}
    after |= {s for st in steps for s in st.course.skills_taught}
    out = []
    for t in targets(catalog, profile):
        d = t.demand
        need = d.skills_required
        out.append(
            {
                "role": d.role,
                "region": d.region,
                "demand_index": d.demand_index,
                "typical_pay_pen_month": d.typical_pay_pen_month,
                "skills_required": list(need),
                "coverage_after": round(sum(1 for s in need if s in after) / max(len(need), 1), 3),
            }
        )
    return out
