"""Learning pathways in the conversation: "I know Excel and a little Python, I want a data job".

The message's profile facts (skills and levels, goal role, region, hours, budget, languages) are
merged into the stored profile, then the served ranker builds a pathway; the reply lists the
steps in order with their reasons and ``data["pathway"]`` carries the same for the clients.
A skill named at two different levels ("a little Python ... expert in Python") is not stored:
the reply asks which level is right and the answer (``resume``) stores it, then recommends.
The reply's own words, the roles and the skills are in the turn's language; the catalog's course
titles are the catalog's.
"""

from __future__ import annotations

from typing import Any

from flask import has_app_context

from app.i18n import _
from app.pathways import (
    PathwayError,
    answered_level,
    describe,
    recommend,
    role_label,
    served_ranker,
    set_skill_level,
    skill_label,
    update_from_message,
)
from app.skills.base import Reply, Skill, Turn


class LearningPath(Skill):
    name = "learning_path"
    intents = frozenset({"learning_path"})

    def handle(self, turn: Turn) -> Reply:
        unavailable = self._unavailable()
        if unavailable is not None:
            return unavailable
        ranker = served_ranker().model
        assert ranker is not None
        found, unsure = update_from_message(turn.session, turn.user, ranker.catalog, turn.text)
        if unsure:
            return self._ask_level(found, unsure)
        return self._recommend(turn, found)

    def resume(self, turn: Turn, pending: dict[str, Any]) -> Reply | None:
        """The answer to "which level of <skill>?": stored, then the pathway (None when the
        message gives no level of that skill)."""
        if pending.get("awaiting") != "level" or self._unavailable() is not None:
            return None
        unsure = {str(k): [int(x) for x in v] for k, v in (pending.get("unsure") or {}).items()}
        if not unsure:
            return None
        ranker = served_ranker().model
        assert ranker is not None
        skill, levels = next(iter(unsure.items()))
        level = answered_level(ranker.catalog, turn.text, skill, levels)
        if level is None:
            return None
        found, more = update_from_message(turn.session, turn.user, ranker.catalog, turn.text)
        set_skill_level(turn.session, turn.user, skill, level)
        found["skills"] = {**found.get("skills", {}), skill: level}
        rest = {s: lv for s, lv in {**unsure, **more}.items() if s != skill}
        if rest:
            return self._ask_level(found, rest)
        return self._recommend(turn, found)

    def _unavailable(self) -> Reply | None:
        if has_app_context() and served_ranker().ready:
            return None
        error = served_ranker().error if has_app_context() else "no application context"
        return Reply(
            _(
                "Personal learning pathways are not available right now (no ranking model "
                "is loaded), so I won't guess a recommendation. Meanwhile I can answer "
                "questions about Ruta Academy's courses, schedules, fees and certificates."
            ),
            {"available": False, "reason": error},
        )

    def _ask_level(self, found: dict[str, Any], unsure: dict[str, list[int]]) -> Reply:
        """Which of the levels said for a skill is right (the first unsure skill; the others
        are asked after it)."""
        skill, levels = next(iter(unsure.items()))
        question = _(
            "You told me two different levels for %(skill)s (%(levels)s): which one is right? "
            "Answer “a little”, “can work with it” or “expert”.",
            skill=skill_label(skill),
            levels=", ".join(_level_name(lv) for lv in levels),
        )
        heard = _heard(found)
        text = question
        if heard:
            text = _("Noted: %(heard)s.", heard=heard) + " " + question
        return Reply(
            text,
            {"available": True, "profile_update": found, "unsure_skills": unsure},
            pending={
                "skill": self.name,
                "awaiting": "level",
                "unsure": unsure,
                "prompt": question,
            },
        )

    def _recommend(self, turn: Turn, found: dict[str, Any]) -> Reply:
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


def _level_name(level: int) -> str:
    names = {1: _("a little"), 2: _("can work with it"), 3: _("expert")}
    return names.get(level, str(level))


def _heard(found: dict[str, Any]) -> str:
    """What the message told, in the current language (skills and roles by their names)."""
    parts = []
    skills = found.get("skills")
    if isinstance(skills, dict) and skills:
        known = ", ".join(
            _("%(skill)s (level %(level)s)", skill=skill_label(s), level=lvl)
            for s, lvl in skills.items()
        )
        parts.append(_("you know %(skills)s", skills=known))
    if found.get("goal_role"):
        parts.append(_("your goal is %(role)s", role=role_label(str(found["goal_role"]))))
    if found.get("region"):
        parts.append(_("you are in %(region)s", region=found["region"]))
    hours = found.get("hours_per_week")
    if isinstance(hours, int | float) and hours:
        parts.append(_("%(hours)s hours a week", hours=f"{hours:g}"))
    if "budget_pen" in found:
        budget = found["budget_pen"]
        if budget is None:
            parts.append(_("no budget limit"))
        elif budget == 0:
            parts.append(_("free courses only"))
        elif isinstance(budget, int | float):
            parts.append(_("a budget of S/ %(budget)s", budget=f"{budget:g}"))
    return "; ".join(parts)
