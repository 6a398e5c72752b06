"""Learning pathways in the conversation: "I know Excel and a little Python, I want a data job".

The message's profile facts (skills and levels, goal role, region, hours, budget, languages) are
merged into the stored profile, then the served ranker builds a pathway; the reply lists the
steps in order with their reasons and ``data["pathway"]`` carries the same for the clients.
Nothing is guessed: what a message leaves open is asked and stored only once answered (``resume``
and ``confirm``): a skill named at two different levels ("a little Python ... expert in
Python"), a field of work that means several jobs ("quiero trabajar en un call center": with
English or without?), a job named without saying it is wanted ("analista de datos": is it the
goal?). English said without a level ("I speak English") is stored as a language the learner
reads, never as a level. A question about another situation ("y si me mudo a Trujillo?") is
answered for it and the profile is left as it is; "el primer curso ya lo hice" records that
course of the latest path as completed, and the next path goes on from there.

Right after a path was shown (the conversation's ``last_skill``), :meth:`LearningPath.follow_up`
takes the messages that are about it whatever intent the model read ("ahora tengo 1000 soles de
presupuesto", "el primer curso ya lo hice"); the dialogue asks it first (``Assistant._dispatch``).
The reply's own words, the roles and the skills are in the turn's language; the catalog's course
titles are the catalog's.
"""

from __future__ import annotations

from typing import Any

from flask import has_app_context

from app.i18n import _
from app.pathways import (
    WHAT_IF_FIELDS,
    CourseAnswer,
    Heard,
    PathwayError,
    answered_level,
    answered_role,
    course_answer,
    describe,
    get_profile,
    read,
    recommend,
    record_feedback,
    role_label,
    served_ranker,
    set_goal,
    set_skill_level,
    skill_label,
    update_from_message,
)
from app.skills.base import Reply, Skill, Turn
from models.ranker import Catalog

#: Above this confidence a message the intent model gives to another skill stays that skill's,
#: even right after a path ("remind me to study Excel at 6pm" is a reminder)
FOLLOW_UP_MAX_CONFIDENCE = 0.5


class LearningPath(Skill):
    name = "learning_path"
    intents = frozenset({"learning_path"})

    def handle(self, turn: Turn) -> Reply:
        unavailable = self._unavailable()
        if unavailable is not None:
            return unavailable
        return self._answer(turn, self._catalog())

    def follow_up(self, turn: Turn, state: dict[str, Any]) -> Reply | None:
        """A message right after this skill's last reply (``state["last_skill"]``, nothing
        pending) that is about the profile or the path just shown, whatever intent the model
        read: "ahora tengo 1000 soles de presupuesto", "y si me mudo a Trujillo?", "el primer
        curso ya lo hice". None for anything else, and for a message another skill's intent
        holds with confidence ("remind me to study Excel at 6pm")."""
        if not self.follows_up(turn, state):
            return None
        return self._answer(turn, self._catalog())

    def follows_up(self, turn: Turn, state: dict[str, Any]) -> bool:
        """Whether :meth:`follow_up` answers this message (nothing is stored to find out)."""
        if state.get("pending") or state.get("last_skill") != self.name:
            return False
        if turn.intent not in {"oos", *self.intents} and turn.confidence > FOLLOW_UP_MAX_CONFIDENCE:
            return False
        if self._unavailable() is not None:
            return False
        catalog = self._catalog()
        if read(catalog, turn.text).follows_up():
            return True
        return course_answer(turn.session, turn.user, catalog, turn.text) is not None

    def resume(self, turn: Turn, pending: dict[str, Any]) -> Reply | None:
        """The answer to this skill's question: which level of a skill, or which of several
        jobs; stored, then the pathway (None when the message does not answer it)."""
        if self._unavailable() is not None:
            return None
        if pending.get("awaiting") == "role":
            return self._resume_role(turn, pending)
        if pending.get("awaiting") != "level":
            return None
        unsure = {str(k): [int(x) for x in v] for k, v in (pending.get("unsure") or {}).items()}
        if not unsure:
            return None
        catalog = self._catalog()
        skill, levels = next(iter(unsure.items()))
        level = answered_level(catalog, turn.text, skill, levels)
        if level is None:
            return None
        heard = update_from_message(turn.session, turn.user, catalog, turn.text)
        set_skill_level(turn.session, turn.user, skill, level)
        found = dict(heard.facts)
        found["skills"] = {**found.get("skills", {}), skill: level}
        rest = {s: lv for s, lv in {**unsure, **heard.unsure}.items() if s != skill}
        if rest:
            return self._ask_level(found, rest)
        return self._recommend(turn, found)

    def confirm(self, turn: Turn, pending: dict[str, Any]) -> Reply:
        """ "Yes" to "do you want to work as <role>?": the goal is stored, then the pathway."""
        role = str(pending.get("goal_role") or "")
        unavailable = self._unavailable()
        if unavailable is not None or not role:
            return unavailable or Reply(_("OK, I won't. Nothing was changed."))
        set_goal(turn.session, turn.user, role)
        return self._recommend(turn, {"goal_role": role})

    # -- answering ------------------------------------------------------------------------------
    def _catalog(self) -> Catalog:
        ranker = served_ranker().model
        assert ranker is not None
        return ranker.catalog

    def _answer(self, turn: Turn, catalog: Catalog) -> Reply:
        """What the message says, stored (or asked about), then the pathway."""
        done = course_answer(turn.session, turn.user, catalog, turn.text)
        heard = update_from_message(turn.session, turn.user, catalog, turn.text)
        if heard.what_if and heard.facts:
            return self._suppose(turn, heard)
        found = dict(heard.facts)
        if done is not None:
            record_feedback(
                turn.session, turn.user, done.recommendation_id, done.course.id, done.action
            )
        aside = _english_hint() if heard.english else ""
        if heard.unsure:
            return self._ask_level(found, heard.unsure, aside)
        if heard.roles:
            return self._ask_role(found, heard.roles, aside)
        if heard.named_role:
            return self._ask_goal(turn, found, heard.named_role, aside)
        return self._recommend(turn, found, done, heard)

    def _suppose(self, turn: Turn, heard: Heard) -> Reply:
        """A path for another situation ("what if I moved to Trujillo?"): the facts it names
        override the profile for this answer; nothing is stored."""
        overrides = {k: v for k, v in heard.facts.items() if k in WHAT_IF_FIELDS}
        if not overrides:
            return self._recommend(turn, {})
        try:
            rec = recommend(turn.session, turn.user, overrides)
        except PathwayError as exc:
            return Reply(exc.message, {"available": False, "reason": exc.code})
        lead = _("Supposing: %(heard)s (your profile is not changed).", heard=_heard(overrides))
        return Reply(
            f"{lead}\n{describe(rec)}",
            {"available": True, "pathway": rec.to_dict(), "supposed": overrides},
        )

    def _resume_role(self, turn: Turn, pending: dict[str, Any]) -> Reply | None:
        """The answer to "which of these jobs?" (with anything else it says), stored."""
        catalog = self._catalog()
        roles = [str(r) for r in pending.get("roles") or []]
        role = answered_role(catalog, turn.text, roles) if roles else None
        if role is None:
            return None
        heard = update_from_message(turn.session, turn.user, catalog, turn.text)
        set_goal(turn.session, turn.user, role)
        return self._recommend(turn, {**heard.facts, "goal_role": role})

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

    def _ask(
        self,
        found: dict[str, Any],
        question: str,
        awaiting: str,
        slots: dict[str, Any],
        aside: str = "",
    ) -> Reply:
        """A question (``awaiting`` its answer, with ``slots`` to read it), after what the
        message told (already stored) and ``aside``."""
        heard = _heard(found)
        said = [_("Noted: %(heard)s.", heard=heard)] if heard else []
        text = " ".join([*said, *([aside] if aside else []), question])
        return Reply(
            text,
            {"available": True, "profile_update": found},
            pending={"skill": self.name, "awaiting": awaiting, **slots, "prompt": question},
        )

    def _ask_level(
        self, found: dict[str, Any], unsure: dict[str, list[int]], aside: str = ""
    ) -> Reply:
        """Which of the levels said for a skill is right (the first unsure skill; the others
        are asked after it)."""
        skill, levels = next(iter(unsure.items()))
        question = _(
            "You told me two different levels for %(skill)s (%(levels)s): which one is right? "
            "Answer “a little”, “can work with it” or “expert”.",
            skill=skill_label(skill),
            levels=", ".join(_level_name(lv) for lv in levels),
        )
        reply = self._ask(found, question, "level", {"unsure": unsure}, aside)
        reply.data["unsure_skills"] = unsure
        return reply

    def _ask_role(self, found: dict[str, Any], roles: list[str], aside: str = "") -> Reply:
        """Which of the jobs a message may mean is the goal ("call center": with English or
        without?); nothing is stored as the goal until it is answered."""
        question = _(
            "Which of these jobs do you want to work towards: %(roles)s? Say its name.",
            roles=", ".join(role_label(r) for r in roles),
        )
        reply = self._ask(found, question, "role", {"roles": roles}, aside)
        reply.data["roles"] = roles
        return reply

    def _ask_goal(self, turn: Turn, found: dict[str, Any], role: str, aside: str = "") -> Reply:
        """Whether a job the message names without saying it is wanted ("analista de datos")
        is the goal: yes stores it (:meth:`confirm`). The goal already stored is not asked."""
        stored = get_profile(turn.session, turn.user)
        if stored is not None and stored.goal_role == role:
            return self._recommend(turn, found)
        question = _(
            "Do you want to work as %(role)s? Say yes and I will plan a pathway towards it.",
            role=role_label(role),
        )
        reply = self._ask(found, question, "confirm", {"goal_role": role}, aside)
        reply.data["goal_role"] = role
        return reply

    def _recommend(
        self,
        turn: Turn,
        found: dict[str, Any],
        done: CourseAnswer | None = None,
        heard: Heard | None = None,
    ) -> Reply:
        try:
            rec = recommend(turn.session, turn.user)
        except PathwayError as exc:
            return Reply(exc.message, {"available": False, "reason": exc.code})
        said = _heard(found)
        lines = []
        if done is not None:
            if done.action == "completed":
                lines.append(_("Noted: you completed %(course)s.", course=done.course.title))
            else:
                lines.append(
                    _("Noted: %(course)s is not for you; I left it out.", course=done.course.title)
                )
        text = describe(rec)
        if said:
            text = _("Noted: %(heard)s.", heard=said) + " " + text
        lines.append(text)
        if heard is not None and heard.regions:
            lines.append(
                _(
                    "You named several regions (%(regions)s), so I kept %(region)s: tell me "
                    "where you live (“I live in …”) to change it.",
                    regions=", ".join(heard.regions),
                    region=rec.profile.region,
                )
            )
        if heard is not None and heard.english:
            lines.append(_english_hint())
        if not found and done is None and not rec.profile.goal_role:
            lines.append(
                _(
                    "Tell me more to sharpen it, e.g. “I know Excel and a little Python, I want "
                    "a data job in Arequipa, 8 hours a week, up to S/ 500”."
                )
            )
        data: dict[str, Any] = {
            "available": True,
            "pathway": rec.to_dict(),
            "profile_update": found,
        }
        if done is not None:
            data["course_feedback"] = {"course_id": done.course.id, "action": done.action}
        return Reply("\n".join(lines), data)


def _english_hint() -> str:
    return _(
        "You mentioned English without a level, so I did not store one: if you know it, tell "
        "me (for example “my English is B1”)."
    )


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
    if found.get("languages"):
        names = {"es": _("Spanish"), "en": _("English")}
        langs = ", ".join(names.get(str(x), str(x)) for x in found["languages"])
        parts.append(_("you read %(languages)s", languages=langs))
    return "; ".join(parts)
