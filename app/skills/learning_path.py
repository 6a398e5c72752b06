"""Learning pathways in the conversation: "I know Excel and a little Python, I want a data job".

The message's profile facts (skills and levels, goal role, region, hours, budget, languages) are
merged into the stored profile, then the served ranker builds a pathway; the reply lists the
steps in order with their reasons and ``data["pathway"]`` carries the same for the clients.
"""

from __future__ import annotations

from flask import has_app_context

from app.pathways import PathwayError, describe, recommend, served_ranker, update_from_message
from app.skills.base import Reply, Skill, Turn


class LearningPath(Skill):
    name = "learning_path"
    intents = frozenset({"learning_path"})

    def handle(self, turn: Turn) -> Reply:
        if not has_app_context() or not served_ranker().ready:
            error = served_ranker().error if has_app_context() else "no application context"
            return Reply(
                "Personal learning pathways are not available right now (no ranking model is "
                "loaded), so I won't guess a recommendation. Meanwhile I can answer questions "
                "about Ruta Academy's courses, schedules, fees and certificates.",
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
            text = f"Noted: {heard}. " + text
        if not found and not rec.profile.goal_role:
            text += (
                '\nTell me more to sharpen it, e.g. "I know Excel and a little Python, I want a '
                'data job in Arequipa, 8 hours a week, up to S/ 500".'
            )
        return Reply(text, {"available": True, "pathway": rec.to_dict(), "profile_update": found})


def _heard(found: dict[str, object]) -> str:
    parts = []
    skills = found.get("skills")
    if isinstance(skills, dict) and skills:
        parts.append("you know " + ", ".join(f"{s} (level {lvl})" for s, lvl in skills.items()))
    if found.get("goal_role"):
        parts.append(f"your goal is {found['goal_role']}")
    if found.get("region"):
        parts.append(f"you are in {found['region']}")
    if found.get("hours_per_week"):
        parts.append(f"{found['hours_per_week']:g} hours a week")
    if "budget_pen" in found:
        budget = found["budget_pen"]
        parts.append("free courses only" if budget == 0 else f"a budget of S/ {budget:g}")
    return "; ".join(parts)
