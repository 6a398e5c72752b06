"""Learning pathways in the app: the stored learner profile, what a message says about it, the
recommendation (ranked by the pinned ranker, stored so feedback can refer to it) and feedback.

The ranking never depends on an LLM: the served :class:`models.ranker.Ranker` orders courses and
builds the path; every step carries a reason computed from the catalog and the demand table.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import Flask, current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import metrics
from app.calendar import valid_id
from app.db.tables import LearnerProfile, PathwayFeedback, PathwayRecommendation, User
from app.model import ServedRanker
from models.ranker import Catalog, Pathway, Profile, build_pathway, match_roles, slug

ACTIONS = ("accepted", "completed", "rejected")
LANGUAGES = ("es", "en")


class PathwayError(Exception):
    """A request the pathway service cannot fulfil; ``code`` is the API error code."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def served_ranker(app: Flask | None = None) -> ServedRanker:
    value: ServedRanker = (app or current_app).extensions["slipway.ranker"]
    return value


def ready_ranker() -> ServedRanker:
    served = served_ranker()
    if not served.ready:
        raise PathwayError(
            503,
            "ranker_unavailable",
            f"learning pathways are not available: {served.error or 'no ranker loaded'}. "
            "Run `dvc repro` to train and register the ranker.",
        )
    return served


# -- the profile --------------------------------------------------------------------------------
def get_profile(session: Session, user: User) -> LearnerProfile | None:
    return session.scalar(select(LearnerProfile).where(LearnerProfile.user_id == user.id))


def profile_or_new(session: Session, user: User) -> LearnerProfile:
    row = get_profile(session, user)
    if row is None:
        row = LearnerProfile(
            user_id=user.id,
            skills={},
            interests=[],
            region="Lima",
            hours_per_week=6.0,
            languages=["en", "es"] if user.locale.startswith("en") else ["es"],
        )
        session.add(row)
    return row


def as_profile(row: LearnerProfile | None) -> Profile:
    if row is None:
        return Profile()
    return Profile(
        skills={str(k): int(v) for k, v in (row.skills or {}).items()},
        interests=list(row.interests or []),
        region=row.region,
        hours_per_week=row.hours_per_week,
        budget_pen=row.budget_pen,
        languages=list(row.languages or ["es"]),
        goal_role=row.goal_role,
    )


def profile_view(row: LearnerProfile | None) -> dict[str, Any]:
    p = as_profile(row)
    return {
        **p.to_dict(),
        "skills": [{"skill": s, "level": lvl} for s, lvl in sorted(p.skills.items())],
        "updated_at": row.updated_at.isoformat() if row is not None else None,
    }


def apply_changes(catalog: Catalog | None, row: LearnerProfile, changes: dict[str, Any]) -> None:
    """Validate and apply profile fields (skills replace; ``None`` clears optional ones)."""
    if "skills" in changes:
        skills: dict[str, int] = {}
        for item in changes["skills"]:
            name = slug(str(item["skill"]))[:60]
            if not name or (catalog is not None and name not in catalog.skills):
                raise PathwayError(
                    422,
                    "validation_error",
                    f"unknown skill {item['skill']!r}: use a skill of the course catalog "
                    "(GET /v1/pathways/catalog lists them)",
                )
            skills[name] = int(item["level"])
        row.skills = skills
    if "region" in changes:
        region = str(changes["region"])
        if catalog is not None and region not in catalog.regions:
            raise PathwayError(
                422,
                "validation_error",
                f"unknown region {region!r}: one of {', '.join(catalog.regions)}",
            )
        row.region = region
    if "goal_role" in changes:
        goal = changes["goal_role"]
        if goal and catalog is not None and not match_roles(catalog, goal):
            raise PathwayError(
                422,
                "validation_error",
                f"no role in the demand table matches {goal!r}: "
                f"e.g. {', '.join(catalog.roles[:4])}",
            )
        row.goal_role = goal or None
    if "interests" in changes:
        row.interests = [s for s in (slug(str(i))[:40] for i in changes["interests"]) if s][:10]
    if "hours_per_week" in changes:
        row.hours_per_week = float(changes["hours_per_week"])
    if "budget_pen" in changes:
        budget = changes["budget_pen"]
        row.budget_pen = None if budget is None else float(budget)
    if "languages" in changes:
        langs = [x for x in dict.fromkeys(changes["languages"]) if x in LANGUAGES]
        row.languages = langs or ["es"]
    row.updated_at = datetime.now(UTC)


# -- what a message says about the profile ------------------------------------------------------
_SKILL_WORDS: tuple[tuple[str, str], ...] = (
    (r"advanced excel|excel avanzado|pivot tables?|tablas din[aá]micas", "excel_advanced"),
    (r"\bexcel\b", "excel_basics"),
    (r"advanced sql|sql avanzado", "sql_advanced"),
    (r"\bsql\b", "sql"),
    (r"\bpython\b", "python_basics"),
    (r"\bpandas\b", "pandas"),
    (r"power ?bi", "power_bi"),
    (r"\btableau\b", "tableau"),
    (r"statistics|estad[ií]stica", "statistics"),
    (r"machine learning", "machine_learning"),
    (r"html|css", "web_html_css"),
    (r"javascript|\bjs\b", "javascript"),
    (r"\breact\b", "react"),
    (r"\bgit\b", "git"),
    (r"computers?|computaci[oó]n|ofim[aá]tica", "digital_literacy"),
    (r"customer service|atenci[oó]n al cliente", "customer_service"),
    (r"\bsales\b|\bventas\b", "sales"),
    (r"accounting|contabilidad", "accounting_basics"),
    (r"cooking|cocina", "cooking"),
    (r"welding|soldadura", "welding"),
    (r"electricity|electricidad", "electrical_basics"),
    (r"social media|redes sociales", "social_media"),
    (r"digital marketing|marketing digital", "digital_marketing"),
    (r"english|ingl[eé]s", "english_a2"),
)
_LITTLE = r"(?:a little|a bit of|some|basic|un poco de|algo de|b[aá]sico de)\s+"
_GOOD = r"(?:good|strong|advanced|expert|fluent|buen|bastante)\s+"
_ROLE_WORDS: tuple[tuple[str, str], ...] = (
    (r"data (?:job|analyst|analysis|analytics)|analista de datos|datos", "data analyst"),
    (r"data scien", "junior data scientist"),
    (r"machine learning engineer|ml engineer", "machine learning engineer"),
    (r"web develop|front.?end|desarrollador web|programador web", "junior web developer"),
    (r"back.?end", "backend developer"),
    (r"call cent", "bilingual call center agent"),
    (r"electrician|electricista", "electrician"),
    (r"welder|soldador", "welder"),
    (r"\bcook\b|\bchef\b|cocinero", "cook"),
    (r"accounting assistant|asistente contable|contador", "accounting assistant"),
    (r"marketing", "digital marketing assistant"),
    (r"it support|soporte t[eé]cnico", "it support technician"),
    (r"warehouse|almac[eé]n", "warehouse operator"),
    (r"tour guide|gu[ií]a de turismo", "tour guide"),
    (r"\bsales\b|vendedor", "sales rep"),
)
_HOURS = re.compile(
    r"(\d{1,2})\s*(?:h|hours?|horas?)\b(?:\s*(?:a|per|por|each|cada|/)\s*(?:week|semana))?", re.I
)
_BUDGET = re.compile(r"(?:s/\.?\s*|pen\s*)(\d[\d,.]*)|(\d[\d,.]*)\s*(?:soles|pen)\b", re.I)
_FREE = re.compile(r"\b(?:only free|free only|no money|sin dinero|gratis|gratuito)\b", re.I)


def read_message(catalog: Catalog, text: str) -> dict[str, Any]:
    """Profile facts stated in a message: skills (with levels), goal role, region, hours,
    budget, languages. Only what is said is returned; nothing is guessed."""
    low = text.lower()
    found: dict[str, Any] = {}
    skills: dict[str, int] = {}
    taken = low
    for pattern, skill in _SKILL_WORDS:
        match = re.search(pattern, taken)
        if match is None or skill not in catalog.skills:
            continue
        before = taken[max(0, match.start() - 20) : match.start()]
        level = (
            1
            if re.search(_LITTLE + r"$", before)
            else (3 if re.search(_GOOD + r"$", before) else 2)
        )
        goal_side = re.search(
            r"\b(?:want|quiero|like|become|ser|aprender|learn)\b[^.,;]*$", taken[: match.start()]
        )
        if goal_side is None:
            skills[skill] = level
        taken = taken[: match.start()] + " " * (match.end() - match.start()) + taken[match.end() :]
    if skills:
        found["skills"] = skills
    for pattern, role in _ROLE_WORDS:
        if re.search(pattern, low) and role in catalog.roles:
            found["goal_role"] = role
            break
    for region in catalog.regions:
        if re.search(rf"\b{re.escape(region.lower())}\b", low) or (
            region == "Junin" and "junín" in low
        ):
            found["region"] = region
            break
    if (m := _HOURS.search(text)) is not None:
        found["hours_per_week"] = float(min(int(m.group(1)), 80))
    if _FREE.search(text):
        found["budget_pen"] = 0.0
    elif (m := _BUDGET.search(text)) is not None:
        raw = (m.group(1) or m.group(2)).replace(",", "").rstrip(".")
        if re.fullmatch(r"\d+(?:\.\d+)?", raw):
            found["budget_pen"] = float(raw)
    langs = []
    if re.search(r"\benglish\b|\bingl[eé]s\b", low) and re.search(
        r"(?:speak|read|know|fluent|hablo|leo)\s+(?:\w+\s+)?(?:english|ingl[eé]s)", low
    ):
        langs.append("en")
    if langs:
        found["languages"] = ["es", *langs]
    return found


def update_from_message(
    session: Session, user: User, catalog: Catalog, text: str
) -> dict[str, Any]:
    """Merge what the message says into the stored profile; returns the facts it found."""
    found = read_message(catalog, text)
    if not found:
        return found
    row = profile_or_new(session, user)
    if "skills" in found:
        merged = {**(row.skills or {}), **found["skills"]}
        row.skills = merged
    for key in ("goal_role", "region", "hours_per_week", "budget_pen", "languages"):
        if key in found:
            setattr(row, key, found[key])
    row.updated_at = datetime.now(UTC)
    return found


# -- recommending -------------------------------------------------------------------------------
@dataclass
class Recommendation:
    id: int
    pathway: Pathway
    ranker_version: str
    profile: Profile

    def to_dict(self) -> dict[str, Any]:
        return {
            "recommendation_id": self.id,
            "ranker_version": self.ranker_version,
            "profile": self.profile.to_dict(),
            **self.pathway.to_dict(),
        }


def recommend(
    session: Session, user: User, overrides: dict[str, Any] | None = None
) -> Recommendation:
    """Build, store and count a pathway for the user's profile (``overrides`` not stored)."""
    served = ready_ranker()
    assert served.model is not None
    settings = current_app.extensions["slipway.settings"]
    row = get_profile(session, user)
    profile = as_profile(row)
    if overrides:
        scratch = LearnerProfile(
            skills=dict(profile.skills),
            interests=list(profile.interests),
            region=profile.region,
            hours_per_week=profile.hours_per_week,
            budget_pen=profile.budget_pen,
            languages=list(profile.languages),
            goal_role=profile.goal_role,
        )
        apply_changes(served.model.catalog, scratch, overrides)
        profile = as_profile(scratch)
    rejected = session.scalars(
        select(PathwayFeedback.course_id).where(
            PathwayFeedback.user_id == user.id, PathwayFeedback.action == "rejected"
        )
    ).all()
    pathway = build_pathway(
        served.model,
        profile,
        max_steps=settings.pathway_max_steps,
        horizon_weeks=settings.pathway_horizon_weeks,
        exclude=set(rejected),
    )
    rec = PathwayRecommendation(
        user_id=user.id,
        export_id=secrets.token_hex(16),
        profile=profile.to_dict(),
        course_ids=[s.course.id for s in pathway.steps],
        ranker_version=served.version,
    )
    session.add(rec)
    session.commit()
    metrics.RECOMMENDATIONS.inc()
    return Recommendation(rec.id, pathway, served.version, profile)


def record_feedback(
    session: Session, user: User, recommendation_id: int, course_id: str, action: str
) -> PathwayFeedback:
    """Store what the user did with a recommended course (the latest action wins)."""
    rec = (
        session.get(PathwayRecommendation, recommendation_id)
        if valid_id(recommendation_id)
        else None
    )
    if rec is None or rec.user_id != user.id:
        raise PathwayError(404, "not_found", f"no recommendation with id {recommendation_id}")
    if course_id not in rec.course_ids:
        raise PathwayError(
            422, "validation_error", f"course {course_id} is not part of recommendation {rec.id}"
        )
    row = session.scalar(
        select(PathwayFeedback).where(
            PathwayFeedback.recommendation_id == rec.id, PathwayFeedback.course_id == course_id
        )
    )
    if row is None:
        row = PathwayFeedback(
            user_id=user.id, recommendation_id=rec.id, course_id=course_id, action=action
        )
        session.add(row)
    row.action = action
    row.created_at = datetime.now(UTC)
    session.commit()
    metrics.PATHWAY_FEEDBACK.labels(action).inc()
    return row


def describe(rec: Recommendation, lang: str = "en") -> str:
    """The pathway as a short chat reply (the steps in order, each with its reason)."""
    p = rec.pathway
    if not p.steps:
        return "I could not fit a course to your profile: " + "; ".join(p.notes) + "."
    roles = ", ".join(
        f"{r['role']} in {r['region']} (demand {r['demand_index']:.0f}/100, about "
        f"S/ {r['typical_pay_pen_month']:,.0f} a month)"
        for r in p.roles[:2]
    )
    lines = [f"Here is a pathway towards {roles}:"]
    for i, step in enumerate(p.steps, start=1):
        c = step.course
        cost = "free" if c.cost_pen <= 0 else f"S/ {c.cost_pen:,.0f}"
        lines.append(
            f"{i}. {c.title} ({c.provider}, {c.language}, {c.hours:g} h, {cost}) — {step.reason}"
        )
    lines.append(
        f"In total {p.total_hours:g} hours (about {p.weeks:g} weeks at your pace) and "
        f"S/ {p.total_cost_pen:,.0f}."
    )
    lines += p.notes
    return "\n".join(lines)
