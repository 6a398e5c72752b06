"""Learning pathways in the conversation: "I know Excel and a little Python, I want a data job".

The message's profile facts (skills and levels, goal role, region, hours, budget, languages) are
merged into the stored profile, then the served ranker builds a pathway; the reply lists the
steps in order with their reasons and ``data["pathway"]`` carries the same for the clients.
The reply's own words are in the turn's language; the catalog's titles, roles and the ranker's
reasons are the catalog's.
"""

from __future__ import annotations

from flask import has_app_context

from app.i18n import _
from app.pathways import (
    PathwayError,
    describe,
    recommend,
    served_ranker,
    update_from_message,
)
from app.skills.base import Reply, Skill, Turn
from models.ranker import skill_name


class LearningPath(Skill):
    name = "learning_path"
    intents = frozenset({"learning_path"})

    def handle(self, turn: Turn) -> Reply:
        if not has_app_context() or not served_ranker().ready:
            error = served_ranker().error if has_app_context() else "no application context"
            return Reply(
                _(
                    "Personal learning pathways are not available right now (no ranking model "
                    "is loaded), so I won't guess a recommendation. Meanwhile I can answer "
                    "questions about Ruta Academy's courses, schedules, fees and certificates."
                ),
                {"available": False, "reason": error},
            )
        ranker = served_ranker().model
        assert ranker is not None
        found = update_from_message(turn.session, turn.user, ranker.catalog, turn.text)
        try:
            rec = recommend(turn.session, turn.user)
        except PathwayError as exc:
            return Reply(exc.message, {"available": False, "reason": exc.code})
        heard = _heard(found)
        text = describe(rec)
        if heard:
            text = _("Noted: %(heard)s.", heard=heard) + " " + text
        if not found and not rec.profile.goal_role:
            text += "\n" + _(
                "Tell me more to sharpen it, e.g. “I know Excel and a little Python, I want a "
                "data job in Arequipa, 8 hours a week, up to S/ 500”."
            )
        return Reply(text, {"available": True, "pathway": rec.to_dict(), "profile_update": found})


def _heard(found: dict[str, object]) -> str:
    parts = []
    skills = found.get("skills")
    if isinstance(skills, dict) and skills:
        known = ", ".join(
            _("%(skill)s (level %(level)s)", skill=skill_name(s), level=lvl)
            for s, lvl in skills.items()
        )
        parts.append(_("you know %(skills)s", skills=known))
    if found.get("goal_role"):
        parts.append(_("your goal is %(role)s", role=found["goal_role"]))
    if found.get("region"):
        parts.append(_("you are in %(region)s", region=found["region"]))
    hours = found.get("hours_per_week")
    if isinstance(hours, int | float) and hours:
        parts.append(_("%(hours)s hours a week", hours=f"{hours:g}"))
    if "budget_pen" in found:
        budget = found["budget_pen"]
        if budget == 0:
            parts.append(_("free courses only"))
        elif isinstance(budget, int | float):
            parts.append(_("a budget of S/ %(budget)s", budget=f"{budget:g}"))
    return "; ".join(parts)
