"""Learning pathways in the conversation: "I know Excel and a little Python, I want a data job".

The message's profile facts (skills and levels, goal role, region, hours, budget, languages) are
merged into the stored profile, then the served ranker builds a pathway; the reply lists the
steps in order with their reasons and ``data["pathway"]`` carries the same for the clients.
Nothing is guessed: what a message leaves open is asked and stored only once answered (``resume``
and ``confirm``): a skill named at two different levels ("a little Python ... expert in
Python"), a field of work that means several jobs ("quiero trabajar en un call center": with
English or without?), a job named without saying it is wanted ("analista de datos": is it the
goal?), hours said per day ("2 horas al día": how many days a week?), a course named without
saying which ("ya hice el curso de Excel" with two of them). English said without a level ("I
speak English") is stored as a language the learner reads, never as a level; a job's name ("el
de atención al cliente") is no skill. A question about another situation ("y si me mudo a
Trujillo?") is answered for it and the profile is left as it is; "el primer curso ya lo hice",
"el segundo no" and "acepto el segundo" record that course of the latest path as completed,
rejected or accepted (as ``POST /v1/pathways/feedback`` does), and the next path goes on from
there. A budget whose amount cannot be told ("1.50.0") is asked, never stored.

:meth:`LearningPath.follow_up` takes the messages about the path or the profile whatever intent
the model read (:meth:`LearningPath.follows_up` says which: "muéstrame mi ruta", a course of the
latest path, right after a path "ahora tengo 1000 soles de presupuesto", and "quiero ser agente
de atención al cliente"); the dialogue asks it first (``Assistant._dispatch``). The reply's own
words, the roles and the skills are in the turn's language; the catalog's course titles are the
catalog's.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from functools import wraps
from typing import Any, TypeVar

from babel.lists import format_list
from flask import current_app, has_app_context
from sqlalchemy import select

from app.db.tables import Conversation, Message
from app.i18n import _, current_language, lazy_gettext, ngettext, organization
from app.i18n import catalog as catalog_of
from app.language import detect
from app.pathways import (
    BUDGET_MAX,
    HOURS_PER_WEEK,
    LANGUAGES,
    N_,
    WHAT_IF_FIELDS,
    CourseAnswer,
    CourseQuestion,
    Heard,
    MarketQuestion,
    PathwayError,
    Recommendation,
    add_language,
    amount,
    answered_budget,
    answered_course,
    answered_courses,
    answered_days,
    answered_hours_a_day,
    answered_level,
    answered_role,
    asks,
    asks_courses,
    asks_for_path,
    asks_modality,
    budget_allowed,
    confused,
    corrected,
    course_answer,
    course_question,
    courses_asked,
    decimal,
    describe,
    get_profile,
    hours_allowed,
    is_question,
    latest_path,
    learner_locale,
    market_follow_up,
    market_follows,
    market_lines,
    market_question,
    may_state_profile,
    modality_line,
    path_steps,
    profile_asked,
    read,
    recommend,
    record_feedback,
    refused_course,
    region_jobs,
    region_label,
    role_label,
    served_ranker,
    set_budget,
    set_goal,
    set_hours,
    set_skill_level,
    skill_label,
    soles,
    spanish_answer,
    starting_languages,
    states_profile,
    update_from_message,
)
from app.skills.base import Reply, Skill, Turn
from app.skills.conversation import own_name
from models.ranker import Catalog, Course

#: Above this confidence a message the intent model gives to another skill stays that skill's,
#: even right after a path ("remind me to study Excel at 6pm" is a reminder)
FOLLOW_UP_MAX_CONFIDENCE = 0.5
#: Replies that show nothing one could point at by position: "the second one" said after them
#: still means the path shown before them
_SHOW_NOTHING = frozenset({"conversation", "out_of_scope"})
#: How many of the conversation's latest replies are looked back at for the path shown
_LOOK_BACK = 10
#: How many of the learner's latest messages say whether a starting value was said
_SAID_LOOK_BACK = 50
#: The fewest words of a message in Spanish that say the learner reads it ("hola, quiero ser
#: analista de datos"; not "sí", "hola" or "el segundo")
_SPANISH_WRITTEN_WORDS = 4


# Intents a message that says which job the learner wants may carry ("hola, soy de Trujillo y
# kiero ser mecánico": a greeting; "cambié de opinión, quiero ser cocinero": a no)
_GREETING_LIKE = frozenset({"cancel", "no", "yes", "greeting", "goodbye", "thank_you"})


#: A closing request for advice after what the learner told ("… no tengo plata para pagar
#: cursos. ¿Qué me recomiendas?", "I live in Cusco and have 500 soles, what do you suggest?"):
#: the facts said before it are told, not supposed
_ADVICE_ASK = re.compile(
    r"[.,;!]\s*(?:¿\s*)?(?:y\s+|and\s+|so\s+|entonces\s+)?"
    r"(?:qu[eé]\s+(?:me\s+)?(?:recomiendas|recomiendan|recomienda|sugieres|sugiere|aconsejas"
    r"|aconseja|conviene)|qu[eé]\s+(?:hago|puedo\s+(?:estudiar|hacer))"
    r"|what\s+(?:do\s+you\s+|would\s+you\s+)?(?:recommend|suggest|advise)"
    r"|what\s+(?:should|can)\s+i\s+(?:do|study|take))\W*$",
    re.I,
)


#: A request for advice or a path ("¿qué me recomiendas?", "what should I study?"): what is told
#: after it is the learner's, with nothing else to answer
_ADVICE_WORDS = re.compile(
    r"\b(?:recomiend\w*|recomend\w*|sugier\w*|suger\w*|aconsej\w*|conviene|que hago|que puedo "
    r"(?:estudiar|hacer)|recommend\w*|suggest\w*|advise|advice|what should i|what can i "
    r"(?:do|study|take))\b"
)


def _plain_text(text: str) -> str:
    """``text`` lowercased and without accents ("¿Qué me recomiendas?": "¿que me recomiendas?")."""
    return "".join(
        c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c)
    )


def _told_after_question(catalog: Catalog, text: str) -> tuple[str, str] | None:
    """A question that says nothing of the profile, then a clear first-person statement of it
    after its "?" ("¿dónde queda el instituto técnico andino? yo vivo en piura", "how much is
    the web bootcamp? I have 300 soles"): the question and the statement; None for any other
    message (a statement that asks, supposes or speaks of someone else is none)."""
    at = text.rfind("?")
    if at <= 0:
        return None
    question, told = text[: at + 1].strip(), text[at + 1 :].strip(" ,.;:!-")
    if not told or "¿" in told:
        return None
    heard = read(catalog, told)
    if heard.someone_else or not states_profile(heard, told):
        return None
    asked = read(catalog, question)
    if set(asked.facts) - {"region"} or asked.roles or asked.named_role or asked.someone_else:
        # "I want to be a secretary, which courses should I take? I have no money": the whole
        # message is read as one (its goal is not dropped); a place asked about ("where is
        # the Lima campus?") is no fact of the learner's
        return None
    return question, told


_R = TypeVar("_R")


def _as_learner(
    method: Callable[..., _R],
) -> Callable[..., _R]:
    """Run a skill entry point reading amounts as its user's locale says them ("500 lucas"
    from Chile is asked, from Peru it is 500 soles: :func:`app.pathways.learner_locale`)."""

    @wraps(method)
    def run(self: Any, turn: Turn, *args: Any) -> _R:
        with learner_locale(getattr(turn.user, "locale", None)):
            return method(self, turn, *args)

    return run


class LearningPath(Skill):
    name = "learning_path"
    intents = frozenset({"learning_path"})
    label = lazy_gettext("learning path")
    capability = lazy_gettext("suggest a learning pathway towards the job you want")

    @_as_learner
    def handle(self, turn: Turn) -> Reply:
        unavailable = self._unavailable()
        if unavailable is not None:
            return unavailable
        return self._answer(turn, self._catalog())

    @_as_learner
    def follow_up(self, turn: Turn, state: dict[str, Any]) -> Reply | None:
        """A message about the learner's path or profile, whatever intent the model read (the
        dialogue asks this first, :meth:`follows_up` says which); None for anything else."""
        if not self.follows_up(turn, state):
            return None
        return self._answer(turn, self._catalog())

    @_as_learner
    def follows_up(self, turn: Turn, state: dict[str, Any]) -> bool:
        """Whether :meth:`follow_up` answers this message (nothing is stored to find out).

        Nothing while a question waits. Then, whatever intent the model read:
        - "show me my pathway", "muéstrame mi ruta (de aprendizaje)", "mi ruta" (the whole
          message): the learner's path;
        - a course of the learner's latest path (the last one shown to them, wherever) done or
          not for them, or taken: named as a course ("I already did the first course", "ese
          curso de quechua no es para mí") at any time, by its position alone ("el segundo no",
          "acepto el segundo", "I'll take the second one", "el primero ya lo hice") only
          while the path is the last thing this conversation showed (:meth:`_path_shown_here`);
        - right after a path (``last_skill``), a message about the profile ("ahora tengo 1000
          soles", "mejor solo puedo 2 horas al día", "y si me mudo a Trujillo?");
        - at any time, a message that says which job the learner wants ("quiero ser agente de
          atención al cliente en Lima").
        A message another skill's intent holds with confidence above
        :data:`FOLLOW_UP_MAX_CONFIDENCE` ("remind me to study Excel at 6pm") stays that skill's,
        except for the first two kinds."""
        if state.get("pending") or self._unavailable() is not None:
            return False
        if asks_for_path(turn.text) or profile_asked(turn.text) is not None:
            return True  # "mi ruta", "¿cuál es mi presupuesto?", "what is my goal job?"
        held = turn.intent not in {"oos", *self.intents} and turn.confidence > (
            FOLLOW_UP_MAX_CONFIDENCE
        )
        catalog = self._catalog()
        if market_question(catalog, turn.text) is not None:
            return True  # "¿hay demanda de cocineros en Cusco?": the demand table answers it
        if courses_asked(catalog, turn.text) is not None:
            return True  # "what courses do you have for electricians?": the path answers it
        if self._market_again(turn, catalog) is not None:
            return True  # "and in Arequipa?" right after pay in Cusco: the same, there
        asked = course_question(turn.session, turn.user, catalog, turn.text)
        if asked is not None and (
            _COURSE_NAMED.search(turn.text) or self._path_shown_here(turn, state, asked)
        ):
            return True  # "¿el primero es gratis?", "why this course?": the path answers it
        course = course_answer(turn.session, turn.user, catalog, turn.text)
        if course is not None and (course.explicit or self._path_shown_here(turn, state, course)):
            # "el primero ya lo hice" right after the path, read as a to-do done: the course
            return True
        after_path = state.get("last_skill") == self.name
        if (
            held
            and turn.intent not in {"faq", *_GREETING_LIKE}
            and not after_path
            and not may_state_profile(turn.text)
        ):
            return False  # "schedule a meeting with Ana tomorrow": nothing below could hold it
        heard = read(catalog, turn.text)
        if heard.someone_else and (not held or may_state_profile(turn.text)):
            # "mi esposo vive en Cusco", "my brother can study 30 hours": not stored, said so
            return True
        if states_profile(heard, turn.text):
            # "mi presupuesto es 300 soles", "my English is B2", at any time: stored, not
            # refused nor sent to the knowledge base
            return True
        if not heard.someone_else and _told_after_question(catalog, turn.text) is not None:
            # "¿dónde queda el instituto técnico andino? yo vivo en piura": what is told after
            # the question is stored (the question answered beside it, ``asked_before``)
            return True
        if heard.wants_a_job and turn.intent in _GREETING_LIKE:
            # "cambié de opinión, ya no quiero call center, quiero ser cocinero"; "hola, soy de
            # Trujillo y kiero ser mecaniko automotris": the greeting says nothing of it
            return True
        if after_path and confused(turn.text):
            return True  # "pucha, no entiendo nada" right after a path: how to read it
        if after_path and heard.what_if and set(heard.facts) & set(WHAT_IF_FIELDS):
            return True  # "and what if I moved to Lima?" right after a path: answered for it
        if held and turn.intent != "faq":
            return False
        if held and not (
            # "ahora puedo 2 horitas por día" right after a path, read as a question: hours a
            # day only ask how many days (nothing is stored until that answer)
            heard.hours_per_day and state.get("last_skill") == self.name and "?" not in turn.text
        ):
            return False
        if state.get("last_skill") == self.name:
            return heard.follows_up()
        return heard.wants_a_job

    @_as_learner
    def names_course(self, turn: Turn, state: dict[str, Any]) -> bool:
        """Whether the message says courses of the latest path were done, are not for the
        learner or are taken ("ya hice los dos primeros", "I finished the first and the
        third") while that path is the last thing this conversation showed: for the dialogue
        to ask before another skill reads it as a to-do done (a list of to-dos shown last keeps
        "the second" theirs)."""
        if state.get("pending") or self._unavailable() is not None:
            return False
        course = course_answer(turn.session, turn.user, self._catalog(), turn.text)
        return course is not None and self._path_shown_here(turn, state, course)

    def _market_again(self, turn: Turn, catalog: Catalog) -> MarketQuestion | None:
        """The job-market question this conversation asked last, asked again for the place or
        the jobs a short follow-up names ("and in Arequipa?", "¿y en Trujillo?"): only right
        after this skill answered, and only when the messages since that question were such
        follow-ups (None otherwise)."""
        state = turn.conversation.state or {}
        conversation_id = turn.conversation.id
        if state.get("last_skill") != self.name or conversation_id is None:
            return None
        if not market_follows(turn.text):
            return None
        said = turn.session.scalars(
            select(Message.text)
            .where(Message.conversation_id == conversation_id, Message.role == "user")
            .order_by(Message.id.desc())
            .limit(_LOOK_BACK)
        ).all()
        follow_ups: list[str] = []
        for text in said:
            asked = market_question(catalog, text)
            if asked is not None:
                for later in reversed(follow_ups):
                    asked = market_follow_up(catalog, later, asked) or asked
                return market_follow_up(catalog, turn.text, asked)
            if not market_follows(text):
                return None
            follow_ups.append(text)
        return None

    def _path_shown_here(
        self, turn: Turn, state: dict[str, Any], course: CourseAnswer | CourseQuestion
    ) -> bool:
        """Whether the latest path is the last thing this conversation showed that "the second
        one" could point at: its last path reply is not older than that path, and only replies
        that show nothing (greetings, refusals) came after it."""
        if state.get("shown"):
            return False  # the last reply listed reminders or meetings: "the second" is theirs
        conversation_id = turn.conversation.id
        if conversation_id is None:
            return False
        replies = turn.session.execute(
            select(Message.skill, Message.created_at)
            .where(Message.conversation_id == conversation_id, Message.role == "assistant")
            .order_by(Message.id.desc())
            .limit(_LOOK_BACK)
        ).all()
        for i, (skill, at) in enumerate(replies):
            if skill == self.name:
                shown_at = (
                    course.shown_at
                    if isinstance(course, CourseAnswer)
                    else course.recommendation.created_at
                )
                return shown_at is None or _utc(shown_at) <= _utc(at)
            # the last reply listed nothing ("It's 9:52 PM"): known from the state; earlier
            # ones only when they cannot list anything
            if skill not in _SHOW_NOTHING and not (i == 0 and skill != "knowledge"):
                return False
        return False

    @_as_learner
    def resume(self, turn: Turn, pending: dict[str, Any]) -> Reply | None:
        """The answer to this skill's question: which level of a skill, which of several jobs,
        how many days a week, which course, or the budget; stored, then the pathway (None when
        the message does not answer it)."""
        if self._unavailable() is not None:
            return None
        awaiting = pending.get("awaiting")
        if awaiting == "role":
            return self._resume_role(turn, pending)
        if awaiting == "days":
            return self._resume_days(turn, pending)
        if awaiting == "course":
            return self._resume_course(turn, pending)
        if awaiting == "budget":
            return self._resume_budget(turn, pending)
        if awaiting == "hours":
            return self._resume_hours(turn, pending)
        if awaiting == "spanish":
            return self._resume_spanish(turn, pending)
        if awaiting != "level":
            return None
        unsure = {str(k): [int(x) for x in v] for k, v in (pending.get("unsure") or {}).items()}
        if not unsure:
            return None
        catalog = self._catalog()
        skill, levels = next(iter(unsure.items()))
        level = answered_level(catalog, turn.text, skill, levels)
        if level is None:
            aside = self._aside_level(turn, catalog, pending, unsure)
            if aside is None:
                aside = self._course_aside(turn, catalog, pending)
            return aside
        heard = update_from_message(turn.session, turn.user, catalog, turn.text)
        set_skill_level(turn.session, turn.user, skill, level)
        found = dict(heard.facts)
        if level:
            found["skills"] = {**found.get("skills", {}), skill: level}
        else:  # "ninguno", "no sé SQL": level 0, none
            found["skills_none"] = sorted({*found.get("skills_none", ()), skill})
        rest = {s: lv for s, lv in {**unsure, **heard.unsure}.items() if s != skill}
        per_day = _per_day(pending, heard)
        then = dict(pending.get("then") or {})
        if rest:
            vague = {str(s) for s in pending.get("vague") or ()} | heard.vague
            return self._ask_level(found, rest, per_day=per_day, vague=vague, then=then)
        return self._then(turn, found, then, per_day)

    def _course_aside(self, turn: Turn, catalog: Catalog, pending: dict[str, Any]) -> Reply | None:
        """A question about the courses of the latest path asked while "how well do you know
        X?" waits ("is the power bi course in person or online?", "is it in person or
        online?", "¿el segundo cuánto cuesta?"): answered from the path, and the question asked
        again (kept); None for any other message."""
        asked = course_question(turn.session, turn.user, catalog, turn.text)
        if asked is None and is_question(turn.text) and asks_modality(turn.text):
            # "is it in person or online?": how each course of the path is taught
            latest, courses = latest_path(turn.session, turn.user, catalog)
            if latest is not None and courses:
                asked = CourseQuestion(latest, courses, None, "modality")
        if asked is None:
            return None
        reply = self._course(catalog, asked)
        reply.keeps(pending)
        return reply

    def _aside_level(
        self, turn: Turn, catalog: Catalog, pending: dict[str, Any], unsure: dict[str, list[int]]
    ) -> Reply | None:
        """A profile fact said while "how well do you know X?" waits ("I can do 10 hours a
        week", "puedo 2 horas al día", "tengo 500 soles para los cursos", "vivo en Cusco"):
        stored as at any time (hours a day wait for their days), and the level asked again,
        never read from its numbers. None when the message says no such fact, or speaks of a
        skill or a job (the user moved on: a new request)."""
        heard = read(catalog, turn.text)
        facts = set(heard.facts) - {"skills"}
        said = bool(
            facts
            or heard.hours_per_day
            or heard.unclear_hours
            or heard.unclear_amount
            or heard.english_low
            or heard.english_level
            or heard.days_per_week
        )
        moved_on = (
            heard.facts.get("skills")
            or heard.unsure
            or heard.roles
            or heard.named_role
            or "goal_role" in facts
            or heard.what_if
        )
        if not said or moved_on or not may_state_profile(turn.text):
            return None
        if not states_profile(heard, turn.text) and not (
            {"hours_per_week", "budget_pen"} & facts
            or heard.hours_per_day
            or heard.unclear_hours
            or heard.days_per_week
        ):
            # bare hours or money ("10 horas a la semana") or days ("solo los fines de semana")
            # count as "puedo …" does; a bare place ("Cusco") is no statement
            return None
        heard = update_from_message(turn.session, turn.user, catalog, turn.text)
        found = dict(heard.facts)
        per_day = _per_day(pending, heard)
        then = _left_open(dict(pending.get("then") or {}), heard)
        then.update(_open_after_level(heard))
        days = ""
        if heard.days_per_week:
            then["days"] = heard.days_per_week
        if per_day and then.get("days"):
            # "puedo 3 horas al día" after "los fines de semana" (or the other way round): the
            # hours a week, stored (or asked once the level is answered when out of bounds)
            self._days_times_hours(turn, found, then, per_day)
            per_day = None
        elif heard.days_per_week:
            days = ngettext(
                "You said %(days)s day a week: I will ask how many hours a day once this is "
                "answered.",
                "You said %(days)s days a week: I will ask how many hours a day once this is "
                "answered.",
                heard.days_per_week,
                days=heard.days_per_week,
            )
        elif heard.hours_per_day and "hours_per_week" not in heard.facts:
            days = _(
                "You said %(hours)s h a day: I will ask how many days a week once this is "
                "answered.",
                hours=decimal(heard.hours_per_day),
            )
        spanish = _spanish_hint() if heard.spanish_low else ""
        aside = " ".join(
            filter(None, (_english_hint(heard), spanish, _languages_note(heard), days))
        )
        vague = {str(s) for s in pending.get("vague") or ()}
        return self._ask_level(found, unsure, aside, per_day=per_day, vague=vague, then=then)

    def _days_times_hours(
        self, turn: Turn, found: dict[str, Any], then: dict[str, Any], per_day: float
    ) -> None:
        """Hours a day said once the days a week were (``then["days"]``, taken out), or the
        other way round: their hours a week stored in the profile and ``found``, or kept in
        ``then`` to ask when a profile cannot keep them (never clamped)."""
        days = int(then.pop("days"))
        weekly = per_day * days
        if hours_allowed(weekly):
            set_hours(turn.session, turn.user, weekly)
            found["hours_per_week"] = weekly
        else:
            then.update({"hours": turn.text, "hours_refused": weekly, "hours_unit": "week"})

    def _open_or_path(self, turn: Turn, found: dict[str, Any], then: dict[str, Any]) -> Reply:
        """What an answer's message left open asked now (:meth:`_then`), else the pathway."""
        return self._then(turn, found, then, None) if then else self._recommend(turn, found)

    def _then(
        self, turn: Turn, found: dict[str, Any], then: dict[str, Any], per_day: float | None
    ) -> Reply:
        """After the levels asked were answered, what the same message left open before them
        (:func:`_open_after_level`: which job, whether a job named is wanted, an unclear
        budget or hours), else the days a week or the pathway: nothing it said is dropped."""
        if then.get("roles"):
            return self._ask_role(found, [str(r) for r in then["roles"]], per_day=per_day)
        if then.get("named_role"):
            return self._ask_goal(turn, found, str(then["named_role"]), per_day=per_day)
        then = dict(then)
        if "hours_per_week" in found:
            then.pop("days", None)
        if per_day and then.get("days"):
            self._days_times_hours(turn, found, then, per_day)
            per_day = None
        if per_day:
            return self._ask_days(found, per_day, then=then)
        if then.get("days"):
            # "los fines de semana" said while the level waited: the hours a day, asked now
            days = int(then.pop("days"))
            return self._ask_day_hours(found, days, then=then)
        said = Heard({}, set(), {})
        if then.get("amount"):
            said.unclear_amount = str(then["amount"])
            said.amount_kind = str(then.get("amount_kind") or "")
            said.amount_options = [float(x) for x in then.get("amount_options") or ()]
            hours = {k: v for k, v in then.items() if k.startswith("hours")}
            return self._ask_budget(found, said, then=hours)
        if then.get("hours") and isinstance(then.get("hours_refused"), int | float):
            return self._ask_hours(found, _refused_hours(then["hours_refused"], then["hours"]))
        if then.get("hours"):  # "5 o 6 horas", "todo el día": asked now
            said.unclear_hours = str(then["hours"])
            said.hours_options = [float(x) for x in then.get("hours_options") or ()]
            said.hours_unit = str(then.get("hours_unit") or "week")
            return self._ask_hours(found, said)
        return self._recommend(turn, found)

    @_as_learner
    def confirm(self, turn: Turn, pending: dict[str, Any]) -> Reply:
        """ "Yes" to "do you want to work as <role>?": the goal is stored, then the pathway."""
        role = str(pending.get("goal_role") or "")
        unavailable = self._unavailable()
        if unavailable is not None or not role:
            return unavailable or Reply(_("OK, I won't. Nothing was changed."))
        set_goal(turn.session, turn.user, role)
        return self._next(turn, {"goal_role": role}, _per_day(pending))

    # -- answering ------------------------------------------------------------------------------
    def _catalog(self) -> Catalog:
        ranker = served_ranker().model
        assert ranker is not None
        return ranker.catalog

    def _answer(self, turn: Turn, catalog: Catalog) -> Reply:
        """What the message says, stored (or asked about), then the pathway. A question about
        the profile, the path or the job market is answered, and nothing is stored."""
        if confused(turn.text) and (turn.conversation.state or {}).get("last_skill") == self.name:
            return Reply(
                _(
                    "Sorry, let me put it simply: the pathway is a list of courses to take in "
                    "order, to get closer to the job you want. Start with the first one; each "
                    "line says what the course teaches and why it is there, with its hours and "
                    "price. You can ask me “why the first one?” or “is the second one free?”, "
                    "tell me what changed (“I have 500 soles”, “I live in Cusco”), or say “show "
                    "me my pathway” to see it again. Nothing was changed."
                ),
                {"available": True},
            )
        field = profile_asked(turn.text)
        if field is not None:
            return self._profile(turn, field)
        market = market_question(catalog, turn.text) or self._market_again(turn, catalog)
        if market is not None:
            told = _told_after_question(catalog, turn.text)
            before = market_question(catalog, told[0]) if told is not None else None
            if told is None or before is None:
                return self._market(turn, catalog, market)
            # "¿cuánto voy a ganar? vivo en Piura": the question's places, the statement stored
            return self._market(
                turn, catalog, before, self._told_with_market(turn, catalog, told[1])
            )
        asked = course_question(turn.session, turn.user, catalog, turn.text)
        if asked is not None:
            return self._course(catalog, asked)
        told = _told_after_question(catalog, turn.text)
        if told is not None and not read(catalog, turn.text).someone_else:
            # "¿dónde queda el instituto técnico andino? yo vivo en piura": the statement after
            # the question is the learner's (stored, the path shown); the question is left to
            # the knowledge base (``asked_before``: the dialogue answers it beside this), unless
            # it asked for advice ("¿qué me recomiendas? vivo en Cusco": the path answers it)
            question, statement = told
            reply = self._answer(replace(turn, text=statement), catalog)
            if not _ADVICE_WORDS.search(_plain_text(question)):
                reply.data["asked_before"] = question
            return reply
        done = course_answer(turn.session, turn.user, catalog, turn.text)
        if done is not None and done.course is None:
            return self._ask_course(done)
        course = done.course if done is not None else None
        said = read(catalog, turn.text, course=course)
        if said.someone_else:
            return self._someone_else(turn, said)
        if said.also_goal and set(said.facts) == {"goal_role"} and not said.what_if:
            stored = get_profile(turn.session, turn.user)
            old = stored.goal_role if stored is not None else None
            if old and old != said.facts["goal_role"]:
                return self._also_goal(turn, old, str(said.facts["goal_role"]))
        if said.unknown_places and not said.facts and not said.roles and not said.named_role:
            # "me mudé a Ica", "estoy en Puno": no data there; nothing stored, nothing supposed
            return Reply(
                self._places_note(turn, catalog, said.unknown_places),
                {"available": True, "unknown_regions": said.unknown_places},
            )
        if (
            said.roles
            and not said.wants_a_job
            and not said.unsure
            and "goal_role" not in said.facts
            and (is_question(turn.text) or asks_courses(turn.text))
        ):
            # "what can I study to work in a call center?": a field of several jobs, asked as a
            # question: which of them, then its courses (as "what courses do you have for data
            # analysts?": nothing stored, what else it says supposed)
            reply = self._ask_role({}, said.roles)
            assert reply.pending is not None
            reply.pending["suppose"] = {k: v for k, v in said.facts.items() if k in WHAT_IF_FIELDS}
            return reply
        asked_courses = asks_courses(turn.text)  # "quiero saber qué cursos hay para ser …"
        questioned = is_question(turn.text)
        advice = _ADVICE_ASK.search(turn.text)
        if questioned and advice is not None and read(catalog, turn.text[: advice.start()]).facts:
            # "… no tengo plata para pagar cursos. ¿Qué me recomiendas?": what was told before a
            # closing request for advice is the learner's, not supposed (probe 38, J-M1)
            questioned = False
        if (questioned or asked_courses) and not said.what_if and not said.wants_a_job:
            # "¿hay cursos gratis?", "¿y con 10 horas a la semana?", "what courses do you have
            # for data analysts?": answered for that situation, never stored (only words that
            # wish the job, "quiero ser", "I want to be", set the goal)
            said.what_if = bool(said.facts)
        if said.what_if and said.facts:
            return self._suppose(turn, said)
        heard = update_from_message(turn.session, turn.user, catalog, turn.text, course=course)
        found = dict(heard.facts)
        if self._writes_spanish(turn, heard):
            # "hola, quiero ser analista de datos" from an English-locale learner: who writes
            # Spanish reads it (never asked "¿Lees español?", never a path empty for it)
            found["languages"] = add_language(turn.session, turn.user, "es")
        if done is not None and course is not None:
            # the same feedback as POST /v1/pathways/feedback ("the first and the second": each)
            for each in (course, *done.also):
                record_feedback(
                    turn.session, turn.user, done.recommendation_id, each.id, done.action
                )
        spanish = _spanish_hint() if heard.spanish_low else ""
        aside = " ".join(filter(None, (_english_hint(heard), spanish, _languages_note(heard))))
        per_day = None if heard.what_if else heard.hours_per_day
        if heard.unsure:
            # asked first; what else the message left open is asked after it (never dropped)
            then = _open_after_level(heard)
            return self._ask_level(found, heard.unsure, aside, per_day, heard.vague, then)
        if heard.roles:
            return self._ask_role(found, heard.roles, aside, per_day)
        if heard.named_role:
            return self._ask_goal(turn, found, heard.named_role, aside, per_day)
        if per_day:
            # a budget not stored either ("2 horas al día … 1.50.0"): asked after the days
            return self._ask_days(found, per_day, aside, _amount_open(heard))
        if heard.days_per_week and "hours_per_week" not in found:
            # "puedo estudiar los fines de semana": the hours a day on them (budget after)
            return self._ask_day_hours(found, heard.days_per_week, aside, _amount_open(heard))
        if heard.unclear_amount:
            # hours not stored either ("-5 horas … 99999999 soles"): asked once it is answered
            return self._ask_budget(found, heard, aside, _hours_open(heard))
        if heard.unclear_hours:
            return self._ask_hours(found, heard, aside)
        return self._recommend(turn, found, done, heard, done.also if done is not None else None)

    def _also_goal(self, turn: Turn, old: str, new: str) -> Reply:
        """A goal said as one more ("también quiero ser electricista", "I would also like to
        be a tour guide") while another is stored: the path towards it is shown, the goal kept,
        and the learner asked whether to change it (yes stores it, :meth:`confirm`)."""
        reply = self._supposed(turn, {"goal_role": new}, True)
        if reply.pending is not None or not reply.data.get("available"):
            return reply  # "do you read Spanish?" asked first: the goal stays as it is
        question = _(
            "Your goal is still %(old)s. Do you want to change it to %(new)s? Say yes to change "
            "it; otherwise it stays as it is.",
            old=role_label(old),
            new=role_label(new),
        )
        reply.text = f"{reply.text}\n\n{question}"
        reply.data["goal_role"] = new
        reply.pending = {
            "skill": self.name,
            "awaiting": "confirm",
            "goal_role": new,
            "prompt": question,
        }
        return reply

    def _someone_else(self, turn: Turn, said: Heard) -> Reply:
        """A message about another person ("mi esposo vive en Cusco", "ella puede 8 horas",
        "my brother can study 30 hours"): nothing stored; the reply says the profile holds the
        learner's own facts only. Courses asked for that person's job ("mi hijo quiere ser
        soldador, ¿qué cursos hay?") are shown, with no goal set."""
        note = _(
            "I did not store anything: that is about someone else, and your profile holds only "
            "your own facts. Someone helping several learners can use a profile for each (each "
            "learner with their own account). To change yours, say it in the first person (“I "
            "live in Cusco”, “I have 500 soles”, “I can study 6 hours a week”)."
        )
        asked = is_question(turn.text) or asks_courses(turn.text)
        if len(said.other_roles) == 1 and asked:
            return self._supposed(turn, {"goal_role": said.other_roles[0]}, True, note)
        return Reply(note, {"available": True, "someone_else": True})

    def _next(self, turn: Turn, found: dict[str, Any], per_day: float | None) -> Reply:
        """After a question was answered: the days a week, when hours a day are still open,
        else the pathway."""
        if per_day:
            return self._ask_days(found, per_day)
        return self._recommend(turn, found)

    def _suppose(self, turn: Turn, heard: Heard) -> Reply:
        """A path for another situation ("what if I moved to Trujillo?"): the facts it names
        override the profile for this answer; nothing is stored."""
        overrides = {k: v for k, v in heard.facts.items() if k in WHAT_IF_FIELDS}
        if not overrides:
            return self._recommend(turn, {})
        courses_for = set(overrides) == {"goal_role"} and (
            is_question(turn.text) or asks_courses(turn.text)
        )
        stored = get_profile(turn.session, turn.user)
        if courses_for and stored is not None and stored.goal_role == overrides["goal_role"]:
            # "¿qué cursos me recomiendas para ser analista de datos?" when that already is the
            # goal: its path, never "I did not change your goal" (probe 46, L8)
            return self._recommend(turn, {})
        return self._supposed(turn, overrides, courses_for)

    def _supposed(
        self, turn: Turn, overrides: dict[str, Any], courses_for: bool, noted: str = ""
    ) -> Reply:
        """The path for ``overrides`` (not stored), led by what it supposes; ``courses_for``:
        the courses for a job asked about ("¿qué cursos tienen para ser electricista?"), with
        no goal set; ``noted``: what this answer stored, said first."""
        try:
            rec = recommend(turn.session, turn.user, overrides)
        except PathwayError as exc:
            return Reply(exc.message, {"available": False, "reason": exc.code})
        if courses_for:
            # "¿qué cursos tienen para ser electricista?": the courses for that job, no goal set
            lead = _(
                "These are the courses for %(role)s (I did not change your goal; to make it "
                "your goal, say “I want to be %(role)s”).",
                role=role_label(str(overrides["goal_role"])),
            )
        else:
            lead = _("Supposing: %(heard)s (your profile is not changed).", heard=_heard(overrides))
        reply = Reply(
            "\n".join(filter(None, (noted, lead, describe(rec)))),
            {"available": True, "pathway": rec.to_dict(), "supposed": overrides},
        )
        if "languages" in overrides:
            return reply  # "what if I read English?": its languages are the ones supposed
        return self._asking_spanish(
            turn, rec, reply, {"supposed": overrides, "courses_for": courses_for}
        )

    def _asking_spanish(
        self, turn: Turn, rec: Recommendation, reply: Reply, slots: dict[str, Any]
    ) -> Reply:
        """``reply`` (a path) asking "do you read Spanish?" when the learner's languages kept
        Spanish-taught courses out of it and they never said whether they read it: "yes" adds
        Spanish and makes the path again, "no" keeps it (:meth:`_resume_spanish`)."""
        if rec.language_left_out != "es" or self._spanish_said(turn):
            return reply
        question = _(SPANISH_QUESTION)
        reply.text = f"{reply.text}\n{question}"
        reply.data["asks"] = "languages"
        reply.pending = {"skill": self.name, "awaiting": "spanish", **slots, "prompt": question}
        return reply

    def _writes_spanish(self, turn: Turn, heard: Heard) -> bool:
        """Whether the message is written in Spanish (a sentence, not a word or two: "hola,
        quiero ser analista de datos") by a learner whose languages lack it and who never said
        they don't read it, or read only a little ("no leo español", "un poco")."""
        typed = turn.typed or turn.text
        if len(typed.split()) < _SPANISH_WRITTEN_WORDS or detect(typed) != "es":
            return False
        if "es" in heard.languages_dropped or heard.spanish_low:
            return False
        stored = get_profile(turn.session, turn.user)
        reads = stored.languages if stored is not None else starting_languages(turn.user.locale)
        return "es" not in (reads or ()) and not self._spanish_said(turn)

    def _spanish_said(self, turn: Turn) -> bool:
        """Whether the learner already said whether they read Spanish: answered "do you read
        Spanish?" (in any conversation), or said they don't ("only English") or read a little."""
        catalog = self._catalog()
        for text, reply, _before in _history(turn):
            if reply is not None and _asked_spanish(reply):
                if spanish_answer(catalog, text) is not None:
                    return True
            elif _SPANISH_WORDS.search(text.lower()):
                heard = read(catalog, text)
                if "es" in heard.languages_dropped or heard.spanish_low:
                    return True
        return False

    def _places_note(self, turn: Turn, catalog: Catalog, places: list[str]) -> str:
        """What the reply says of places the demand table has no data for ("Ica"): the region
        kept, and the regions there are."""
        stored = get_profile(turn.session, turn.user)
        region = stored.region if stored is not None and stored.region else _DEFAULT_REGION
        return _(
            "I have no job data for %(places)s, so I did not change your region (%(region)s). "
            "The regions I have data for: %(regions)s. Tell me the one nearest to you (for "
            "example “I live in %(example)s”) and I will plan for it.",
            places=", ".join(places),
            region=region_label(region),
            regions=", ".join(sorted(region_label(r) for r in catalog.regions)),
            example=region_label(sorted(catalog.regions)[0]),
        )

    def _resume_role(self, turn: Turn, pending: dict[str, Any]) -> Reply | None:
        """The answer to "which of these jobs?" (with anything else it says), stored; the
        words that name the job ("el de atención al cliente") are no skill the learner has."""
        catalog = self._catalog()
        roles = [str(r) for r in pending.get("roles") or []]
        role = answered_role(catalog, turn.text, roles) if roles else None
        if role is None and roles and _COMPARE.search(turn.text):
            return self._compare(turn, catalog, roles, pending)  # "¿cuál paga más?"
        if role is None:
            return None
        supposed = pending.get("suppose")
        if isinstance(supposed, dict):
            # which job a question asked about ("what can I study to work in a call center?"):
            # its courses, nothing stored
            overrides = {**supposed, "goal_role": role}
            return self._supposed(turn, overrides, courses_for=set(overrides) == {"goal_role"})
        heard = update_from_message(turn.session, turn.user, catalog, turn.text, answering=roles)
        set_goal(turn.session, turn.user, role)
        return self._next(turn, {**heard.facts, "goal_role": role}, _per_day(pending, heard))

    def _compare(
        self, turn: Turn, catalog: Catalog, roles: list[str], pending: dict[str, Any]
    ) -> Reply:
        """The jobs "which of these jobs?" offered, side by side (pay and demand in the
        learner's region, else where they are asked for most), and the question again."""
        stored = get_profile(turn.session, turn.user)
        region = stored.region if stored is not None and stored.region else None
        lines = []
        for role in roles:
            rows = [d for d in catalog.demand if d.role == role]
            rows = [d for d in rows if d.region == region] or rows
            if not rows:
                continue
            best = max(rows, key=lambda d: d.demand_index)
            lines.append(
                _(
                    "%(role)s: about S/ %(pay)s a month, demand %(demand)s/100 in %(region)s",
                    role=role_label(role),
                    pay=amount(best.typical_pay_pen_month),
                    demand=f"{best.demand_index:.0f}",
                    region=region_label(best.region),
                )
            )
        text = "\n".join([*(f"• {line}" for line in lines), str(pending.get("prompt", ""))])
        return Reply(text.strip(), {"available": True, "roles": roles}, pending=pending)

    def _resume_days(self, turn: Turn, pending: dict[str, Any]) -> Reply | None:
        """The answer to "how many days a week?" after hours a day ("5", "de lunes a
        viernes"), or a weekly figure instead ("4 horas a la semana"): the hours a week stored,
        then the pathway."""
        catalog = self._catalog()
        heard = read(catalog, turn.text)
        then = _left_open(dict(pending.get("then") or {}), heard)
        if heard.hours_refused is not None:  # "90 horas a la semana": not stored, asked
            heard = update_from_message(turn.session, turn.user, catalog, turn.text)
            return self._ask_hours(dict(heard.facts), heard, then=then)
        per_day = heard.hours_per_day or float(pending.get("per_day") or 0)
        days = answered_days(turn.text)
        other = set(heard.facts) - {"hours_per_week", "goal_role", "skills"}
        if other or heard.unclear_amount or heard.english_low or heard.languages_dropped:
            # "tengo 1.500 soles", "mi presupuesto es S/ 5,000", "vivo en Piura": no days in
            # them (never 1 day from "1.500"); only days said as days count ("5 días")
            days = answered_days(turn.text, bare=False)
        if (
            "hours_per_week" not in heard.facts
            and days is None
            and per_day
            and not heard.hours_per_day
            and (other or heard.unclear_amount)
            and not heard.what_if
            and not heard.roles
            and not heard.named_role
            and not heard.unsure
        ):
            # a budget (or a place) said instead: stored as at any time, the days asked again
            heard = update_from_message(turn.session, turn.user, catalog, turn.text)
            return self._ask_days(dict(heard.facts), per_day, then=then)
        if "hours_per_week" not in heard.facts and (days is None or not per_day):
            if heard.hours_per_day:  # new hours a day, still no days: asked again
                update_from_message(turn.session, turn.user, catalog, turn.text)
                return self._ask_days(dict(heard.facts), heard.hours_per_day, then=then)
            return None
        heard = update_from_message(turn.session, turn.user, catalog, turn.text)
        found = dict(heard.facts)
        if "hours_per_week" not in found and days is not None:
            weekly = per_day * days
            if not hours_allowed(weekly):  # 16 hours a day every day: 112, asked (never 80)
                return self._ask_hours(found, _refused_hours(weekly, turn.text), then=then)
            found["hours_per_week"] = weekly
            set_hours(turn.session, turn.user, weekly)
        return self._open_or_path(turn, found, then)  # a budget said with them, asked first

    def _resume_course(self, turn: Turn, pending: dict[str, Any]) -> Reply | None:
        """The answer to "which course do you mean?": that course's feedback recorded (as
        ``POST /v1/pathways/feedback`` does), then the next pathway."""
        catalog = self._catalog()
        options = [(int(pos), str(c)) for pos, c in pending.get("options") or []]
        if asks(turn.text):
            # "el segundo es caro?", "el tercero es gratis o no": never the answer; a question
            # about the path is answered and "which course?" asked again
            asked = course_question(turn.session, turn.user, catalog, turn.text)
            if asked is None:
                return None
            answer = self._course(catalog, asked)
            prompt = str(pending.get("prompt", ""))
            return Reply(f"{answer.text}\n\n{prompt}".strip(), answer.data, pending=pending)
        left = refused_course(turn.text, options)
        if left is not None:
            # "el primero no": never that one; the others are asked about again
            courses = [(pos, catalog.by_id[c]) for pos, c in left if c in catalog.by_id]
            if courses:
                action = str(pending.get("action") or "")
                said = CourseAnswer(int(pending.get("recommendation_id") or 0), None, action)
                said.options = courses
                return self._ask_course(said)
        several = answered_courses(turn.text, options)
        action = str(pending.get("action") or "")
        if several is not None and action in {"completed", "rejected", "accepted"}:
            # "los dos", "the first and the second", "todos": each recorded as one pick is
            recommendation_id = int(pending.get("recommendation_id") or 0)
            picks = [catalog.by_id[c] for c in several if c in catalog.by_id]
            try:
                for pick in picks:
                    record_feedback(turn.session, turn.user, recommendation_id, pick.id, action)
            except PathwayError as exc:  # the path changed since the question
                return Reply(exc.message, {"available": False, "reason": exc.code})
            done = CourseAnswer(recommendation_id, picks[0], action)
            return self._recommend(turn, {}, done, also=picks[1:])
        picked = answered_course(catalog, turn.text, options)
        if picked is None and len(options) == 1 and turn.intent == "yes":
            picked = options[0][1]  # "sí" to the one course left
        course = catalog.by_id.get(picked or "")
        action = str(pending.get("action") or "")
        if course is None or action not in {"completed", "rejected", "accepted"}:
            return None
        recommendation_id = int(pending.get("recommendation_id") or 0)
        try:
            record_feedback(turn.session, turn.user, recommendation_id, course.id, action)
        except PathwayError as exc:  # the path changed since the question
            return Reply(exc.message, {"available": False, "reason": exc.code})
        return self._recommend(turn, {}, CourseAnswer(recommendation_id, course, action))

    def _resume_budget(self, turn: Turn, pending: dict[str, Any]) -> Reply | None:
        """The answer to "how many soles can you spend?" ("1500", "S/ 1.500", "mil soles",
        "free only"): the budget stored, then the pathway, or first the hours the same message
        as the budget said and were not stored either (``then``: asked after it, never dropped)."""
        catalog = self._catalog()
        text = corrected(turn.text)  # "las dos mil... digo tres mil": the last one said
        heard = read(catalog, text)
        budget = answered_budget(text)
        options = [float(x) for x in pending.get("options") or []]
        then = _hours_still_open(dict(pending.get("then") or {}), heard)
        if heard.unclear_amount:  # another amount that is not stored ("500 mensuales"): asked
            update_from_message(turn.session, turn.user, catalog, text)
            return self._ask_budget(dict(heard.facts), heard, then=then)
        if "budget_pen" not in heard.facts and budget is None:
            picked = _picked(text, options)
            if picked is None:
                return None
            budget = picked
        heard = update_from_message(turn.session, turn.user, catalog, text)
        found = dict(heard.facts)
        if "budget_pen" not in found and not budget_allowed(budget):
            # "200000": more than a profile keeps, said back and asked again (never stored)
            assert budget is not None
            return self._ask_budget(found, _refused_budget(budget), then=then)
        if "budget_pen" not in found:
            found["budget_pen"] = budget
            set_budget(turn.session, turn.user, budget)
        per_day = _per_day(pending, heard)
        if then and not per_day:
            return self._then(turn, found, then, None)  # the hours, asked now
        return self._next(turn, found, per_day)

    def _resume_hours(self, turn: Turn, pending: dict[str, Any]) -> Reply | None:
        """The answer to "how many hours a week?" after hours said two ways ("5 o 6 horas"): a
        weekly figure, hours a day (then the days are asked), one of the figures said ("6", "el
        segundo"); the hours a week stored, then the pathway."""
        catalog = self._catalog()
        heard = read(catalog, turn.text)
        then = _left_open(dict(pending.get("then") or {}), heard)
        days = pending.get("days")
        if isinstance(days, int) and days > 0:
            # "how many hours a day?" for the days said ("3", "3 horas", "hora y media")
            per_day = answered_hours_a_day(turn.text)
            if per_day is not None:  # "3 horas" (a day, as asked; read alone as a week's)
                heard = update_from_message(turn.session, turn.user, catalog, turn.text)
                found = dict(heard.facts)
                weekly = per_day * days
                if not hours_allowed(weekly):
                    return self._ask_hours(found, _refused_hours(weekly, turn.text), then=then)
                set_hours(turn.session, turn.user, weekly)
                found["hours_per_week"] = weekly
                return self._open_or_path(turn, found, then)
        if heard.hours_refused is not None:  # "0,5 horas a la semana" again: asked again
            heard = update_from_message(turn.session, turn.user, catalog, turn.text)
            return self._ask_hours(dict(heard.facts), heard, then=then)
        if "hours_per_week" in heard.facts or heard.hours_per_day:
            heard = update_from_message(turn.session, turn.user, catalog, turn.text)
            found = dict(heard.facts)
            if heard.hours_per_day and "hours_per_week" not in found:
                return self._ask_days(found, heard.hours_per_day, then=then)
            return self._open_or_path(turn, found, then)
        options = [float(x) for x in pending.get("options") or []]
        hours = _picked(turn.text, options)
        bare = re.fullmatch(r"\W*(\d{1,3}(?:[.,]\d{1,2})?)\W*", turn.text)
        if hours is None and bare is not None:
            hours = float(bare.group(1).replace(",", "."))
        if hours is None:
            return self._hours_again(turn, pending, heard, then)
        unit = str(pending.get("unit") or "week")
        if unit == "day" and 0 < hours <= 24:
            return self._ask_days({}, hours, then=then)
        weekly = round(hours * 12 / 52, 1) if unit == "month" else hours
        if unit == "day" or not hours_allowed(weekly):  # "0,5", "100", "30 a day": asked again
            return self._ask_hours({}, _refused_hours(weekly, turn.text), then=then)
        set_hours(turn.session, turn.user, weekly)
        found = {"hours_per_week": weekly}
        return self._open_or_path(turn, found, then)

    def _hours_again(
        self, turn: Turn, pending: dict[str, Any], heard: Heard, then: dict[str, Any]
    ) -> Reply | None:
        """A budget or a place said while "how many hours a week?" waits ("I used to have 500
        soles but now I have nothing", "vivo en Piura"): stored as at any time, and the hours
        asked again; None for any other message (it answers nothing)."""
        other = set(heard.facts) - {"hours_per_week", "goal_role", "skills"}
        if (
            not other
            or heard.what_if
            or heard.roles
            or heard.named_role
            or heard.unsure
            or not states_profile(heard, turn.text)
        ):
            return None
        heard = update_from_message(turn.session, turn.user, self._catalog(), turn.text)
        kept = {"skill", "awaiting", "prompt", "then"}
        slots = {k: v for k, v in pending.items() if k not in kept}
        slots.update({"then": then} if then else {})
        return self._ask(dict(heard.facts), str(pending.get("prompt") or ""), "hours", slots)

    def _resume_spanish(self, turn: Turn, pending: dict[str, Any]) -> Reply | None:
        """The answer to "do you read Spanish?": yes adds Spanish to the languages read and
        makes the path again; no (or "a little") keeps the path in English. Another message
        about the path or the profile is answered as such (the question is dropped)."""
        catalog = self._catalog()
        answer = spanish_answer(catalog, turn.text, turn.intent)
        if answer is None:
            state = {**(turn.conversation.state or {}), "pending": None}
            if turn.intent in self.intents or self.follows_up(turn, state):
                return self._answer(turn, catalog)  # "is the first one free?", "I live in Cusco"
            return None
        heard = update_from_message(turn.session, turn.user, catalog, turn.text)
        supposed = pending.get("supposed")
        if answer == "yes":
            found = {**heard.facts, "languages": add_language(turn.session, turn.user, "es")}
            if isinstance(supposed, dict) and supposed:
                noted = _("Noted: %(heard)s.", heard=_heard(found))
                return self._supposed(turn, supposed, bool(pending.get("courses_for")), noted)
            return self._recommend(turn, found)
        if answer == "low":
            text = _spanish_hint()
        else:
            text = _(
                "OK: your pathway keeps to courses taught in English. If that changes, tell me "
                "“I read Spanish”."
            )
        said = _heard(heard.facts)
        if said:
            text = _("Noted: %(heard)s.", heard=said) + " " + text
        stored = get_profile(turn.session, turn.user)
        languages = list(stored.languages or []) if stored is not None else []
        return Reply(
            text, {"available": True, "languages": languages, "profile_update": heard.facts}
        )

    # -- questions answered from the profile, the path and the demand table ------------------
    def _profile(self, turn: Turn, field: str) -> Reply:
        """What the profile holds, the field asked about ("¿cuál es mi presupuesto?") or all of
        it ("¿qué datos tienes de mi perfil?"), or the user's name ("what is my name?");
        nothing is changed."""
        if field == "name":
            return Reply(own_name(turn.user.name), {"available": True})
        row = get_profile(turn.session, turn.user)
        values: dict[str, Any] = {
            "budget_pen": row.budget_pen if row is not None else None,
            "goal_role": row.goal_role if row is not None else None,
            "region": row.region if row is not None else None,
            "hours_per_week": row.hours_per_week if row is not None else None,
            "languages": list(row.languages or []) if row is not None else [],
            "skills": dict(row.skills or {}) if row is not None else {},
        }
        if row is None:
            return Reply(
                _(
                    "I don't know anything about you yet: tell me what you know, the job you "
                    "want, where you live, your hours a week and your budget, e.g. “I know Excel, "
                    "I want to be a data analyst in Arequipa, 8 hours a week, up to S/ 500”."
                ),
                {"available": True, "profile": values},
            )
        fields = [field] if field else ["goal_role", "region", "hours_per_week", "budget_pen",
                                          "languages", "skills"]  # fmt: skip
        lines = [_profile_line(name, values[name]) for name in fields]
        if not field:
            lines.insert(0, _("Here is what your profile holds:"))
        lines.append(_("Tell me if something changed and I will update it."))
        return Reply("\n".join(lines), {"available": True, "profile": values})

    def _told_with_market(self, turn: Turn, catalog: Catalog, told: str) -> str:
        """What the statement after a job-market question stored ("¿cuánto voy a ganar? vivo
        en Piura": "Noted: you are in Piura."), said first; "" when it leaves something to ask
        (then nothing of it is stored)."""
        heard = read(catalog, told)
        if set(heard.facts) - {"region", "budget_pen", "hours_per_week"} or (
            heard.unclear_amount or heard.unclear_hours or heard.hours_per_day or heard.regions
        ):
            return ""
        heard = update_from_message(turn.session, turn.user, catalog, told)
        return _("Noted: %(heard)s.", heard=_heard(heard.facts)) if heard.facts else ""

    def _market(self, turn: Turn, catalog: Catalog, market: Any, noted: str = "") -> Reply:
        """Demand and pay for the jobs a question names, in the regions it names (else the
        learner's); the profile is left as it is (but for what ``noted`` says was stored)."""
        stored = get_profile(turn.session, turn.user)
        home = stored.region if stored is not None and stored.region else "Lima"
        goal = stored.goal_role if stored is not None else None
        if market.kind == "region":
            # "¿hay trabajo en Piura?": every job the table has there (the region is asked
            # about, not stored)
            lines = self._region_jobs(catalog, market.regions, goal)
            roles = [r for region in market.regions for r in region_jobs(catalog, region)]
            market = MarketQuestion(list(dict.fromkeys(roles)), market.regions)
        else:
            if market.kind == "goal" and not goal:
                # "¿cuánto voy a ganar?" with no goal stored: which job (none is guessed)
                which = _(
                    "Which job do you mean? Your profile has no goal job yet. Ask me for example "
                    "“how much does a cook earn?”, or tell me the job you want (“I want to be a "
                    "cook”)."
                )
                text = f"{noted} {which}" if noted else which
                return Reply(text, {"available": True, "asks": "goal_role"})
            if market.kind == "goal" and goal:
                # "¿cuánto voy a ganar?", "how much will I earn?": the stored goal's pay
                market = MarketQuestion([goal], market.regions)
            lines = [f"• {line}" for line in market_lines(catalog, market, home)]
        if noted:  # "¿cuánto voy a ganar? vivo en Piura": what was stored, said first
            lines.insert(0, noted)
            lines.append(_("(From our job-demand table.)"))
        else:
            lines.append(_("(From our job-demand table; your profile is not changed.)"))
        return Reply(
            "\n".join(lines),
            {"available": True, "roles": market.roles, "regions": market.regions or [home]},
        )

    def _region_jobs(self, catalog: Catalog, regions: list[str], goal: str | None) -> list[str]:
        """The answer to "¿hay trabajo en Piura?": for each region asked about, the jobs the
        demand table has there, the most demanded first, with the learner's goal first when it
        has none there (and where it has) last; or that the table has no data there."""
        lines = []
        for region in regions:
            jobs = region_jobs(catalog, region)
            if not jobs:
                lines.append(
                    _(
                        "There are no jobs in %(region)s in our data; it has data for %(regions)s.",
                        region=region_label(region),
                        regions=", ".join(region_label(r) for r in catalog.regions),
                    )
                )
                continue
            lines.append(
                _(
                    "Jobs in %(region)s in our data, the most demanded first:",
                    region=region_label(region),
                )
            )
            if goal and goal not in jobs and any(d.role == goal for d in catalog.demand):
                jobs = [*jobs, goal]  # "operario de almacén: no hay empleos en Piura …"
            asked = MarketQuestion(jobs, [region])
            lines += [f"• {line}" for line in market_lines(catalog, asked, region)]
        return lines

    def _course(self, catalog: Catalog, asked: CourseQuestion) -> Reply:
        """The answer to a question about a course of the latest path ("¿el primero es
        gratis?", "why this course?"): from the path, nothing recorded."""
        if asked.beyond is not None:
            return self._beyond(asked)
        steps = path_steps(catalog, asked)
        chosen = (
            [(asked.position, steps[asked.position - 1])]
            if asked.position is not None
            else list(enumerate(steps, start=1))
        )
        lines = []
        for pos, step in chosen:
            c = step.course
            cost = _("free") if c.cost_pen <= 0 else soles(c.cost_pen)
            if asked.asks == "free" and asked.position is not None:
                lines.append(
                    _("Yes: %(course)s is free.", course=c.title)
                    if c.cost_pen <= 0
                    else _(
                        "No: %(course)s costs S/ %(cost)s.",
                        course=c.title,
                        cost=amount(c.cost_pen),
                    )
                )
            if asked.asks in {"hours", "hours_cost"} and asked.position is not None:
                # "el segundo cuánto dura?", "how long is the second one?": its hours
                lines.append(
                    ngettext(
                        "%(course)s takes %(hours)s hour.",
                        "%(course)s takes %(hours)s hours.",
                        1 if c.hours == 1 else 2,
                        course=c.title,
                        hours=decimal(c.hours),
                    )
                )
            if asked.asks in {"cost", "hours_cost"} and asked.position is not None:
                # "el segundo es caro?", "el cuarto cuánto cuesta": its price, then its line
                lines.append(
                    _("%(course)s is free.", course=c.title)
                    if c.cost_pen <= 0
                    else _(
                        "%(course)s costs S/ %(cost)s.",
                        course=c.title,
                        cost=amount(c.cost_pen),
                    )
                )
            elif asked.asks == "why":
                lines.append(_("Why %(course)s: %(reason)s.", course=c.title, reason=step.reason))
            if asked.asks == "modality" or (asked.asks == "" and asked.position is not None):
                # "is the power bi course in person or online?", "y el de excel intermedio?":
                # how the catalogue says it is taught
                lines.append(modality_line(c))
                if asked.asks == "modality":
                    continue
            lines.append(
                f"{pos}. {c.title} ({c.provider}, {c.language}, {decimal(c.hours)} h, {cost}) — "
                f"{step.reason}"
            )
            if asked.asks == "why":
                lines.pop()
        lines.append(_("(Nothing was changed in your profile or your pathway.)"))
        return Reply(
            "\n".join(lines),
            {
                "available": True,
                "recommendation_id": asked.recommendation.id,
                "courses": [step.course.id for _pos, step in chosen],
            },
        )

    def _beyond(self, asked: CourseQuestion) -> Reply:
        """A question about a course the latest path does not have ("el cuarto" of three, any
        of a path with none): what the path has; nothing recorded."""
        courses = "; ".join(f"{pos}. {c.title}" for pos, c in enumerate(asked.courses, start=1))
        if not asked.courses:
            text = _(
                "Your latest pathway has no courses, so there is nothing to tell about one. Tell "
                "me what changed (your budget, hours or goal) and I will look again, or say "
                "“show me my pathway”."
            )
        else:
            text = ngettext(
                "Your pathway has only %(num)s course: %(courses)s.",
                "Your pathway has only %(num)s courses: %(courses)s.",
                len(asked.courses),
                courses=courses,
            )
        lines = [text, _("(Nothing was changed in your profile or your pathway.)")]
        return Reply(
            "\n".join(lines),
            {
                "available": True,
                "recommendation_id": asked.recommendation.id,
                "courses": [c.id for c in asked.courses],
            },
        )

    def _unavailable(self) -> Reply | None:
        if has_app_context() and served_ranker().ready:
            return None
        error = served_ranker().error if has_app_context() else "no application context"
        return Reply(
            _(
                "Personal learning pathways are not available right now (no ranking model "
                "is loaded), so I won't guess a recommendation. Meanwhile I can answer "
                "questions about %(org)s's courses, schedules, fees and certificates.",
                org=organization(),
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
        per_day: float | None = None,
        then: dict[str, Any] | None = None,
    ) -> Reply:
        """A question (``awaiting`` its answer, with ``slots`` to read it), after what the
        message told (already stored) and ``aside``; ``per_day`` (hours a day said) is kept
        to ask the days a week once this is answered, ``then`` (what the message left open
        besides) to ask after it (:func:`_with_open`)."""
        question = _with_open(question, slots, then)
        heard = _heard(found)
        said = [_("Noted: %(heard)s.", heard=heard)] if heard else []
        text = " ".join([*said, *([aside] if aside else []), question])
        kept = {"per_day": per_day} if per_day else {}
        return Reply(
            text,
            {"available": True, "profile_update": found},
            pending={
                "skill": self.name,
                "awaiting": awaiting,
                **slots,
                **kept,
                "prompt": question,
            },
        )

    def _ask_level(
        self,
        found: dict[str, Any],
        unsure: dict[str, list[int]],
        aside: str = "",
        per_day: float | None = None,
        vague: set[str] | frozenset[str] = frozenset(),
        then: dict[str, Any] | None = None,
    ) -> Reply:
        """Which of the levels said for a skill is right (the first unsure skill; the others
        are asked after it); for a skill in ``vague`` (said "pretty well", or beside a list whose
        level may be its own too) how well the learner knows it. ``then``: what the message
        left open besides, asked once the levels are answered (:meth:`_then`)."""
        skill, levels = next(iter(unsure.items()))
        if skill in vague:
            question = _(
                "How well do you know %(skill)s? Answer “a little”, “can work with it” or "
                "“expert”.",
                skill=skill_label(skill),
            )
        else:
            question = _(
                "You told me two different levels for %(skill)s (%(levels)s): which one is "
                "right? Answer “a little”, “can work with it” or “expert”.",
                skill=skill_label(skill),
                levels=", ".join(_level_name(lv) for lv in levels),
            )
        slots: dict[str, Any] = {"unsure": unsure, "vague": sorted(set(vague) & set(unsure))}
        if then:
            slots["then"] = then
        reply = self._ask(found, question, "level", slots, aside, per_day)
        reply.data["unsure_skills"] = unsure
        return reply

    def _ask_role(
        self, found: dict[str, Any], roles: list[str], aside: str = "", per_day: float | None = None
    ) -> Reply:
        """Which of the jobs a message may mean is the goal ("call center": with English or
        without?); nothing is stored as the goal until it is answered."""
        question = _(
            "Which of these jobs do you want to work towards: %(roles)s? Say its name.",
            roles=", ".join(role_label(r) for r in roles),
        )
        reply = self._ask(found, question, "role", {"roles": roles}, aside, per_day)
        reply.data["roles"] = roles
        return reply

    def _ask_goal(
        self,
        turn: Turn,
        found: dict[str, Any],
        role: str,
        aside: str = "",
        per_day: float | None = None,
    ) -> Reply:
        """Whether a job the message names without saying it is wanted ("analista de datos")
        is the goal: yes stores it (:meth:`confirm`). The goal already stored is not asked."""
        stored = get_profile(turn.session, turn.user)
        if stored is not None and stored.goal_role == role:
            return self._next(turn, found, per_day)
        question = _(
            "Do you want to work as %(role)s? Say yes and I will plan a pathway towards it.",
            role=role_label(role),
        )
        reply = self._ask(found, question, "confirm", {"goal_role": role}, aside, per_day)
        reply.data["goal_role"] = role
        return reply

    def _ask_days(
        self,
        found: dict[str, Any],
        per_day: float,
        aside: str = "",
        then: dict[str, Any] | None = None,
    ) -> Reply:
        """How many days a week, when the message said hours a day ("2 horas al día"): a
        profile keeps hours a week, and none is stored until the days are said. ``then``: what
        the message left open besides (a budget not stored: said, and asked after the days)."""
        question = ngettext(
            "You said %(hours)s hour a day: how many days a week can you study? For example, "
            "5 days are %(five)s hours a week and every day %(seven)s.",
            "You said %(hours)s hours a day: how many days a week can you study? For example, "
            "5 days are %(five)s hours a week and every day %(seven)s.",
            1 if per_day == 1 else 2,  # "1 hour", "1.5 hours"
            hours=decimal(per_day),
            five=decimal(per_day * 5),
            seven=decimal(per_day * 7),
        )
        slots: dict[str, Any] = {"per_day": per_day}
        reply = self._ask(found, question, "days", slots, aside, then=then)
        reply.data["hours_per_day"] = per_day
        return reply

    def _ask_day_hours(
        self,
        found: dict[str, Any],
        days: int,
        aside: str = "",
        then: dict[str, Any] | None = None,
    ) -> Reply:
        """How many hours a day, when the message said the days a week and no hours ("puedo
        estudiar los fines de semana"): a profile keeps hours a week, none is stored until the
        hours are said. ``then``: what it left open besides, asked after."""
        question = ngettext(
            "You said %(days)s day a week: how many hours a day can you study? For example, 2 "
            "hours a day are %(two)s hours a week.",
            "You said %(days)s days a week: how many hours a day can you study? For example, 2 "
            "hours a day are %(two)s hours a week.",
            days,
            days=days,
            two=decimal(2 * days),
        )
        slots: dict[str, Any] = {"options": [], "unit": "day", "days": days}
        reply = self._ask(found, question, "hours", slots, aside, then=then)
        reply.data["days_per_week"] = days
        return reply

    def _ask_budget(
        self,
        found: dict[str, Any],
        heard: Heard,
        aside: str = "",
        then: dict[str, Any] | None = None,
    ) -> Reply:
        """How many soles, when the message said a budget that is not stored (``heard``'s
        ``amount_kind``): an amount that cannot be told ("1.50.0"), two amounts ("400 o 500"),
        another currency ("200 dólares"), an amount a month, a few "lucas", or one below zero.
        ``then``: hours the same message said and were not stored either
        (:func:`_hours_open`): the reply says so, and they are asked once this is answered."""
        amount, kind = heard.unclear_amount or "", heard.amount_kind
        options = list(heard.amount_options)
        money = [soles(x) for x in options]
        if kind == "range" and len(money) == 2:
            question = _(
                "I did not store a budget: you said “%(amount)s”. Which is it, %(first)s or "
                "%(second)s? Or say another amount.",
                amount=amount,
                first=money[0],
                second=money[1],
            )
        elif kind == "lucas" and len(money) == 2:
            question = _(
                "I did not store a budget: by “%(amount)s” do you mean %(first)s or %(second)s? "
                "Say the amount in soles.",
                amount=amount,
                first=money[0],
                second=money[1],
            )
        elif kind == "slang":
            # "500 lucas" or "500 mil" from Chile: soles or thousands of pesos? never converted
            question = _(
                "I did not store a budget: I can't tell which currency “%(amount)s” is in "
                "(soles, or thousands of pesos?), and budgets are kept in soles. How many soles "
                "can you spend? For example “my budget is 500 soles”.",
                amount=amount,
            )
            options = []
        elif kind == "over" and options:
            question = _(
                "I did not store a budget: you said %(amount)s, and a budget can be at most "
                "%(most)s. How many soles can you spend? For example “my budget is 1500 soles”, "
                "or “no budget limit”.",
                amount=soles(options[0], cents=True),
                most=soles(BUDGET_MAX),
            )
            options = []
        elif kind == "negative":
            question = _(
                "I did not store a budget: you said “%(amount)s”, and a budget cannot be below "
                "zero. How many soles can you spend? For example “my budget is 1500 soles”, or "
                "“no budget limit”.",
                amount=amount,
            )
            options = []
        elif kind == "currency":
            question = _(
                "I did not store a budget: you said “%(amount)s”, and budgets are kept in soles. "
                "How many soles can you spend? For example “my budget is 1500 soles”.",
                amount=amount,
            )
            options = []
        elif kind == "monthly" and options:
            months = round(_horizon_weeks() * 12 / 52)
            question = _(
                "I did not store a budget: you said “%(amount)s”, and a budget is for the whole "
                "pathway (up to %(months)s months), not a month. How many soles can you spend in "
                "total? For example, %(months)s months at %(monthly)s are %(total)s.",
                amount=amount,
                months=months,
                monthly=soles(options[0]),
                total=soles(options[0] * months),
            )
            options = []
        elif kind == "per_course" and options:
            question = _(
                "I did not store a budget: you said “%(amount)s”, a price per course, and a "
                "budget is for the whole pathway. How many soles can you spend in total? For "
                "example, 4 courses at %(each)s are %(total)s.",
                amount=amount,
                each=soles(options[0]),
                total=soles(options[0] * 4),
            )
            options = []
        elif kind == "part" and options:
            question = _(
                "I did not store a budget: you said %(whole)s, and that only part of it "
                "(“%(part)s”) is for courses. How many soles can you spend on courses? Say the "
                "amount, for example “my budget is 500 soles”.",
                whole=soles(options[0]),
                part=amount,
            )
            options = []
        elif kind == "gone":
            # "mi presupuesto era 500 pero ya no": what it is now
            question = _(
                "I did not store a budget: you said it is no longer %(was)s. How many soles can "
                "you spend now? Say the amount, or “I have no money” for free courses only.",
                was=money[0] if money else _("what it was"),
            )
            options = []
        elif kind == "several" and len(money) > 1:
            question = _(
                "I did not store a budget: you said several amounts (%(amounts)s). How many "
                "soles can you spend on courses? Say one amount.",
                amounts=", ".join(money),
            )
        else:
            question = _(
                "I did not store a budget: I can't tell which amount “%(amount)s” is. How many "
                "soles can you spend? For example “1500” or “my budget is 1500 soles”.",
                amount=amount,
            )
            options = []
        slots: dict[str, Any] = {"options": options}
        if then:
            slots["then"] = then
            # said after the question: the reply names both figures it did not store
            hours = _("I did not store your hours either: I will ask about them after the budget.")
            question = f"{question} {hours}"
        return self._ask(found, question, "budget", slots, aside)

    def _ask_hours(
        self,
        found: dict[str, Any],
        heard: Heard,
        aside: str = "",
        then: dict[str, Any] | None = None,
    ) -> Reply:
        """Which hours, when the message said two figures ("5 o 6 horas a la semana"), or hours
        a week outside :data:`HOURS_PER_WEEK` (``hours_refused``: said back with the bounds):
        none is stored until the answer."""
        if heard.hours_refused is not None:
            question = _(
                "I did not store your hours: I understood %(hours)s hours a week, and a pathway "
                "needs %(low)s to %(high)s hours a week. How many hours a week can you study? "
                "Say one number, for example 6.",
                hours=decimal(heard.hours_refused),
                low=decimal(HOURS_PER_WEEK[0]),
                high=decimal(HOURS_PER_WEEK[1]),
            )
            slots: dict[str, Any] = {"options": [], "unit": "week"}
            return self._ask(found, question, "hours", slots, aside, then=then)
        options = list(heard.hours_options)
        if len(options) < 2:
            # "puedo estudiar todo el día": no number said, the hours a week are asked
            question = _(
                "I did not store your hours: you said “%(hours)s”, and a pathway needs a number "
                "of hours a week (%(low)s to %(high)s). How many hours a week can you study? "
                "For example, 4 hours a day from Monday to Friday are 20.",
                hours=heard.unclear_hours or "",
                low=decimal(HOURS_PER_WEEK[0]),
                high=decimal(HOURS_PER_WEEK[1]),
            )
            slots = {"options": [], "unit": "week"}
            return self._ask(found, question, "hours", slots, aside, then=then)
        question = _(
            "I did not store your hours: you said “%(hours)s”. Which is it, %(first)s or "
            "%(second)s? Say one number.",
            hours=heard.unclear_hours or "",
            first=decimal(options[0]),
            second=decimal(options[1]),
        )
        slots = {"options": options, "unit": heard.hours_unit}
        return self._ask(found, question, "hours", slots, aside, then=then)

    def _ask_course(self, said: CourseAnswer) -> Reply:
        """Which course of the path a message means when it names one but not which ("ya
        hice el curso de Excel" with two Excel courses): nothing is recorded until answered."""
        courses = "; ".join(f"{pos}. {course.title}" for pos, course in said.options)
        if said.missing is not None:
            # "ya llevé el curso de excel" with no Excel course in the path: nothing recorded
            return Reply(
                _(
                    "Your latest pathway has no course about “%(word)s”, so I recorded nothing. "
                    "Its courses: %(courses)s. If you completed one of them, say its number (for "
                    "example “I already did the first course”); a skill you have, tell me as "
                    "“I know …”.",
                    word=said.missing,
                    courses=courses,
                ),
                {"available": True, "course_options": [c.id for _p, c in said.options]},
            )
        if said.beyond:
            # "acepto el segundo" of a one-course path: nothing recorded, the path's courses said
            return Reply(
                ngettext(
                    "Your pathway has only %(num)s course: %(courses)s. Nothing was recorded; "
                    "say which one you mean by its number.",
                    "Your pathway has only %(num)s courses: %(courses)s. Nothing was recorded; "
                    "say which one you mean by its number.",
                    len(said.options),
                    courses=courses,
                ),
                {"available": True, "course_options": [c.id for _p, c in said.options]},
            )
        if said.action == "completed":
            question = _(
                "Which course of your pathway did you complete: %(courses)s? Say its number.",
                courses=courses,
            )
        elif said.action == "accepted":
            question = _(
                "Which course of your pathway do you want to take: %(courses)s? Say its number.",
                courses=courses,
            )
        else:
            question = _(
                "Which course of your pathway is not for you: %(courses)s? Say its number.",
                courses=courses,
            )
        options = [[pos, course.id] for pos, course in said.options]
        slots = {
            "action": said.action,
            "recommendation_id": said.recommendation_id,
            "options": options,
        }
        reply = self._ask({}, question, "course", slots)
        reply.data["course_options"] = [course_id for _pos, course_id in options]
        return reply

    def _recommend(
        self,
        turn: Turn,
        found: dict[str, Any],
        done: CourseAnswer | None = None,
        heard: Heard | None = None,
        also: list[Course] | None = None,
    ) -> Reply:
        """The path for the stored profile, after what this answer stored (``found``), the
        course(s) it recorded (``done``, and ``also`` when it named several) and what else it
        said (``heard``)."""
        try:
            rec = recommend(turn.session, turn.user)
        except PathwayError as exc:
            return Reply(exc.message, {"available": False, "reason": exc.code})
        said = _heard(found)
        lines = []
        recorded = [done.course, *(also or [])] if done is not None and done.course else []
        if done is not None and done.course is not None:
            titles = format_list([c.title for c in recorded], locale=current_language())
            if done.action == "completed" and done.already:
                # "no me sirve, ya tengo mi carnet de sanidad": what it teaches is known
                lines.append(
                    _(
                        "Noted: you already know what %(course)s teaches (%(skills)s); I left it "
                        "out.",
                        course=titles,
                        skills=format_list(
                            sorted({skill_label(s) for c in recorded for s in c.skills_taught}),
                            locale=current_language(),
                        ),
                    )
                )
            elif done.action == "completed":
                lines.append(_("Noted: you completed %(course)s.", course=titles))
            elif done.action == "accepted":
                lines.append(
                    _(
                        "Noted: you will take %(course)s; I keep it in your pathway.",
                        course=titles,
                    )
                )
            else:
                lines.append(_("Noted: %(course)s is not for you; I left it out.", course=titles))
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
                    region=region_label(rec.profile.region),
                )
            )
        if heard is not None and heard.unknown_places:
            lines.append(self._places_note(turn, self._catalog(), heard.unknown_places))
        if heard is not None and _english_hint(heard):
            lines.append(_english_hint(heard))
        if heard is not None and _languages_note(heard):
            lines.append(_languages_note(heard))
        if heard is not None and heard.spanish_low:
            lines.append(_spanish_hint())
        assumed = _assumed(rec, found, turn.lang, _said_before(turn, self._catalog(), rec))
        if assumed:
            lines.append(assumed)
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
        if done is not None and done.course is not None:
            data["course_feedback"] = {"course_id": done.course.id, "action": done.action}
            data["courses_feedback"] = [
                {"course_id": c.id, "action": done.action} for c in recorded
            ]
        return self._asking_spanish(turn, rec, Reply("\n".join(lines), data), {})


# "no sé, ¿cuál paga más?", "which one pays better?", "cuál tiene más demanda": the offered jobs
# compared, not an answer
_COMPARE = re.compile(
    r"\b(?:paga|pagan|gana|ganan|sueldo|sueldos|salario|salarios|pays?|paid|salary|salaries|"
    r"earns?|demanda|demand|conviene|diferencia|difference|compar\w*)\b",
    re.I,
)


def _open_after_level(heard: Heard) -> dict[str, Any]:
    """What a message whose skill level is asked leaves open besides ("quiero chambear de
    analista de datos … y sé Excel más o menos": is that job wanted?), kept in the question to
    ask once the level is answered: which of several jobs, a job named without saying it is
    wanted, a budget or hours said unclearly ({} when nothing)."""
    then: dict[str, Any] = {}
    if heard.roles:
        then["roles"] = list(heard.roles)
    elif heard.named_role:
        then["named_role"] = heard.named_role
    if heard.unclear_amount:
        then["amount"] = heard.unclear_amount
        then["amount_kind"] = heard.amount_kind
        then["amount_options"] = list(heard.amount_options)
    then.update(_hours_open(heard))
    return then


def _hours_open(heard: Heard) -> dict[str, Any]:
    """The hours a message said and were not stored ("5 o 6 horas", "-5 horas a la semana"),
    as :meth:`LearningPath._then` asks them ({} when none)."""
    if not heard.unclear_hours:
        return {}
    then: dict[str, Any] = {
        "hours": heard.unclear_hours,
        "hours_options": list(heard.hours_options),
        "hours_unit": heard.hours_unit,
    }
    if heard.hours_refused is not None:
        then["hours_refused"] = heard.hours_refused
    return then


def _amount_open(heard: Heard) -> dict[str, Any]:
    """The budget a message said and was not stored ("1.50.0", "-20 soles", "99999999
    soles"), as :meth:`LearningPath._then` asks it ({} when none)."""
    if not heard.unclear_amount:
        return {}
    return {
        "amount": heard.unclear_amount,
        "amount_kind": heard.amount_kind,
        "amount_options": list(heard.amount_options),
    }


def _left_open(then: dict[str, Any], heard: Heard) -> dict[str, Any]:
    """What a question kept to ask after it (``then``), less what its answer (``heard``)
    told: a budget stated (or another one not stored: that one), hours stated."""
    then = dict(then)
    if "budget_pen" in heard.facts or heard.unclear_amount:
        then = {k: v for k, v in then.items() if not k.startswith("amount")}
        then.update(_amount_open(heard))
    if "hours_per_week" in heard.facts:
        then = {k: v for k, v in then.items() if not k.startswith("hours") and k != "days"}
    return then


def _with_open(question: str, slots: dict[str, Any], then: dict[str, Any] | None) -> str:
    """``question`` kept with what its message left open (``then``, in ``slots``), and
    saying so of a budget not stored: it is asked after this question."""
    if not then:
        return question
    slots["then"] = then
    if not then.get("amount"):
        return question
    options = then.get("amount_options") or []
    said = str(then["amount"])
    if then.get("amount_kind") == "over" and options:
        said = soles(float(options[0]), cents=True)  # "99999999 soles": S/ 99,999,999
    budget = _(
        "I did not store a budget either (you said “%(amount)s”): I will ask about it after this.",
        amount=said,
    )
    return f"{question} {budget}"


def _hours_still_open(then: dict[str, Any], heard: Heard) -> dict[str, Any]:
    """The hours still to ask after an answer to the budget question: the ones that answer
    said and were not stored, else none when it told the hours, else those kept before."""
    if heard.unclear_hours:
        return _hours_open(heard)
    if "hours_per_week" in heard.facts or heard.hours_per_day:
        return {}
    return {k: v for k, v in then.items() if k.startswith("hours")}


def _refused_hours(hours: float, said: str) -> Heard:
    """Hours a week outside :data:`HOURS_PER_WEEK`, as :meth:`LearningPath._ask_hours` asks
    them again (``said``: the words)."""
    heard = Heard({}, set(), {})
    heard.unclear_hours = said or decimal(hours)
    heard.hours_refused = float(hours)
    return heard


def _refused_budget(budget: float) -> Heard:
    """A budget above :data:`BUDGET_MAX` (or below zero, "-20"), as
    :meth:`LearningPath._ask_budget` asks it again."""
    heard = Heard({}, set(), {})
    heard.unclear_amount = soles(budget, cents=True) if budget >= 0 else f"{budget:g}"
    heard.amount_kind = "over" if budget >= 0 else "negative"
    heard.amount_options = [budget]
    return heard


def _per_day(pending: dict[str, Any], heard: Heard | None = None) -> float | None:
    """The hours a day still waiting for their days: said in this answer, else before."""
    if heard is not None and "hours_per_week" in heard.facts:
        return None
    if heard is not None and heard.hours_per_day:
        return heard.hours_per_day
    value = pending.get("per_day")
    return float(value) if isinstance(value, int | float) and value > 0 else None


def _utc(moment: datetime) -> datetime:
    """A stored time as naive UTC (SQLite gives naive times, Postgres aware ones)."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _english_hint(heard: Heard) -> str:
    """What the reply says of an English level the message left unstored, or stored as the
    catalog's highest for a native or C1/C2 speaker ("" when none)."""
    above = [
        _(
            "You said “%(said)s”: that is more than the course catalog's highest level, so I "
            "stored %(skill)s at the expert level and leave that language's courses out of "
            "your pathway.",
            said=said,
            skill=skill_label(top),
        )
        for said, top in heard.native.values()
        if top is not None
    ]
    if above:
        return " ".join(above)
    if heard.english_low and "en" in heard.languages_removed:
        return _(
            "I took English out of the languages you read: with basic English a course taught "
            "in it is hard to follow. If you can follow one, say “I read English”; tell me your "
            "level too (A2, B1 or B2, for example “my English is A2”)."
        )
    if heard.english_low:
        return _(
            "I did not add English to the languages you read: with basic English a course "
            "taught in it is hard to follow. If you can follow one, say “I read English”; tell "
            "me your level too (A2, B1 or B2, for example “my English is A2”)."
        )
    if heard.english_level:
        return _(
            "I did not store an English level: the course catalog has A2, B1 and B2, and you "
            "said “%(level)s”. Tell me which of them is yours (for example “my English is B1”).",
            level=heard.english_level,
        )
    if not heard.english:
        return ""
    return _(
        "You mentioned English without a level, so I did not store one: if you know it, tell "
        "me (for example “my English is B1”)."
    )


def _spanish_hint() -> str:
    """What the reply says when the learner reads a little Spanish: not added."""
    return _(
        "I did not add Spanish to the languages you read: with basic Spanish a course taught "
        "in it is hard to follow. If you can follow one, say “I read Spanish”."
    )


def _languages_note(heard: Heard) -> str:
    """What the reply says of languages the learner speaks that the catalog has no skill for
    ("" when none): not stored, never dropped without a word."""
    notes = []
    if heard.unknown_languages:
        notes.append(
            _(
                "I did not note %(languages)s: the course catalog has no skill or course for "
                "it, so it does not change your path.",
                languages=", ".join(heard.unknown_languages),
            )
        )
    if heard.no_language_left:
        names = {"es": _("Spanish"), "en": _("English")}
        kept = ", ".join(names[x] for x in LANGUAGES if x in heard.no_language_left)
        other = _OTHER_TONGUE.search(heard.said.lower()) if heard.said else None
        if other is not None:
            notes.append(
                _(
                    "No course here is taught in %(language)s: the courses are taught in "
                    "Spanish and English. I kept the languages you read as they were "
                    "(%(languages)s); if you read one of them, tell me (“I read Spanish”, “I "
                    "read English”).",
                    language=other.group(0).capitalize(),
                    languages=kept,
                )
            )
        else:
            notes.append(
                _(
                    "The courses here are taught only in Spanish and English, so I kept the "
                    "languages you read as they were (%(languages)s); if you read one of them, "
                    "tell me (“I read Spanish”, “I read English”).",
                    languages=kept,
                )
            )
    return " ".join(notes)


#: Languages of Peru other than Spanish a learner may say they read ("solo quechua")
_OTHER_TONGUE = re.compile(r"\b(?:quechua|aimara|aymara|ashaninka|awajun|shipibo)\b")


def _level_name(level: int) -> str:
    names = {1: _("a little"), 2: _("can work with it"), 3: _("expert")}
    return names.get(level, str(level))


def _known(skill: str, level: Any) -> str:
    """A known skill with its level ("SQL (level 2)"); a skill whose name is a level of its own
    ("English B2") without a second one beside it (probe 35, P-L5)."""
    if re.fullmatch(r"english_[abc][12]", skill):
        return skill_label(skill)
    return _("%(skill)s (level %(level)s)", skill=skill_label(skill), level=level)


def _heard(found: dict[str, Any]) -> str:
    """What the message told, in the current language (skills and roles by their names)."""
    parts = []
    skills = found.get("skills")
    if isinstance(skills, dict) and skills:
        known = ", ".join(_known(s, lvl) for s, lvl in skills.items())
        parts.append(_("you know %(skills)s", skills=known))
    lacks = found.get("skills_none")
    if isinstance(lacks, list) and lacks:
        none = format_list([skill_label(s) for s in lacks], locale=current_language())
        parts.append(_("you don't know %(skills)s yet (level 0)", skills=none))
    if found.get("goal_role"):
        parts.append(_("your goal is %(role)s", role=role_label(str(found["goal_role"]))))
    if found.get("region"):
        parts.append(_("you are in %(region)s", region=region_label(found["region"])))
    hours = found.get("hours_per_week")
    if isinstance(hours, int | float) and hours:
        parts.append(_("%(hours)s hours a week", hours=decimal(hours)))
    if "budget_pen" in found:
        budget = found["budget_pen"]
        if budget is None:
            parts.append(_("no budget limit"))
        elif budget == 0:
            parts.append(_("free courses only"))
        elif isinstance(budget, int | float):
            parts.append(_("a budget of S/ %(budget)s", budget=amount(budget, cents=True)))
    languages = {str(x) for x in found.get("languages") or ()}
    if languages == {"es", "en"}:
        parts.append(_("you read Spanish and English"))
    elif languages == {"en"}:
        parts.append(_("you read English"))
    elif languages == {"es"}:
        parts.append(_("you read Spanish"))
    return "; ".join(parts)


#: A course named as such ("the first course", "ese curso"): a question about it is the path's
#: whatever was shown last
_COURSE_NAMED = re.compile(r"\b(?:course|courses|curso|cursos|step|paso)\b", re.I)


def _picked(text: str, options: list[float]) -> float | None:
    """The figure an answer picks among the ones a question offered: said again ("500", "S/
    2,000", "6") or by its position ("el segundo", "the first")."""
    if not options:
        return None
    plain = text.lower()
    numbers = [float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", plain)]
    hit = [x for x in options if x in numbers]
    if len(hit) == 1:
        return hit[0]
    first = re.search(r"\b(?:first|primer[oa]?|la primera|el primero)\b", plain)
    second = re.search(r"\b(?:second|segund[oa]|last|ultim[oa]|último|última)\b", plain)
    if bool(first) != bool(second) and len(plain.split()) <= 5:
        return options[0] if first else options[-1]
    return None


def _horizon_weeks() -> float:
    """The weeks a path may take (``SLIPWAY_PATHWAY_HORIZON_WEEKS``), 26 without an app."""
    if not has_app_context():
        return 26.0
    value = current_app.extensions["slipway.settings"].pathway_horizon_weeks
    return float(value or 26.0)


def _profile_line(name: str, value: Any) -> str:
    """One field of the profile as a sentence in the current language."""
    if name == "budget_pen":
        if value is None:
            return _("Budget: no limit.")
        if value == 0:
            return _("Budget: free courses only.")
        return _("Budget: S/ %(budget)s.", budget=amount(float(value), cents=True))
    if name == "goal_role":
        if not value:
            return _("Goal job: not told yet.")
        return _("Goal job: %(role)s.", role=role_label(str(value)))
    if name == "region":
        return _("Region: %(region)s.", region=region_label(str(value or "")))
    if name == "hours_per_week":
        return _("Hours a week: %(hours)s.", hours=decimal(float(value or 0)))
    if name == "languages":
        names = {"es": _("Spanish"), "en": _("English")}
        said = [names[x] for x in LANGUAGES if x in (value or [])]
        return _("Languages you read: %(languages)s.", languages=", ".join(said) or "-")
    skills = value or {}
    if not skills:
        return _("Skills: none told yet.")
    known = ", ".join(_known(s, lvl) for s, lvl in sorted(skills.items()))
    return _("Skills: %(skills)s.", skills=known)


#: What a profile holds before the learner says otherwise (``profile_or_new``)
_DEFAULT_REGION, _DEFAULT_HOURS = "Lima", 6.0

#: The question asked when the learner's languages keep Spanish-taught courses out of a path
SPANISH_QUESTION = N_(
    "Most courses here are taught in Spanish. Do you read Spanish? Say “yes” and I will add "
    "them to your pathway, or “no” to keep to courses taught in English."
)
#: A message that may say something of Spanish ("I don't read Spanish", "only English")
_SPANISH_WORDS = re.compile(r"spanish|espa|castellano|only|solo|solamente")
_HOUR_WORDS = ("hor", "hour", "hr")


def _asked_spanish(reply: str) -> bool:
    """Whether a reply of this skill asked "do you read Spanish?" (in either language)."""
    return any(catalog_of(lang).gettext(SPANISH_QUESTION) in reply for lang in LANGUAGES)


def _history(turn: Turn) -> list[tuple[str, str | None, str | None]]:
    """The learner's latest messages, in all their conversations, newest first: each with this
    skill's reply just before it in its conversation (None when another skill's, or none) and
    the learner's message before it there (None at a conversation's start)."""
    rows = turn.session.execute(
        select(Message.conversation_id, Message.role, Message.text, Message.skill)
        .join(Conversation, Message.conversation_id == Conversation.id)
        .where(Conversation.user_id == turn.user.id)
        .order_by(Message.id.desc())
        .limit(2 * _SAID_LOOK_BACK)
    ).all()
    reply: dict[int, str | None] = {}
    said: dict[int, str] = {}
    out = []
    for conversation, role, text, skill in reversed(rows):
        if role == "assistant":
            reply[conversation] = text if skill == LearningPath.name else None
            continue
        out.append((text, reply.get(conversation), said.get(conversation)))
        said[conversation] = text
    return out[::-1]


def _hours_reached(catalog: Catalog, text: str, before: str | None) -> float | None:
    """The hours a week a message reached by answering this skill's question about the one
    before it: the days after hours a day ("2 hours a day" → "3 days": 6), or one of two
    figures ("5 o 6 horas" → "6"); None otherwise."""
    if before is None or not any(w in before.lower() for w in _HOUR_WORDS):
        return None
    asked = read(catalog, before)
    if asked.what_if or is_question(before):
        return None
    days = answered_days(text)
    if asked.hours_per_day and days is not None:
        return asked.hours_per_day * days
    picked = _picked(text, list(asked.hours_options))
    if picked is None:
        return None
    if asked.hours_unit == "day":
        return None  # hours a day picked: the days were asked next
    return round(picked * 12 / 52, 1) if asked.hours_unit == "month" else picked


def _said_before(turn: Turn, catalog: Catalog, rec: Any) -> set[str]:
    """The starting values in use (region Lima, 6 hours a week, Spanish read) that the learner
    said in one of their messages, in this conversation or an earlier one ("I want to be a data
    analyst in Lima"), or reached answering this skill's question ("2 hours a day" → "3 days",
    "yes" to "do you read Spanish?"): what they said is never called assumed. Read from their
    latest messages (no stored marker: the profile has no column for it)."""
    profile = rec.profile
    open_fields = {
        "region": profile.region == _DEFAULT_REGION,
        "hours_per_week": profile.hours_per_week == _DEFAULT_HOURS,
        "languages": "es" in profile.languages,
    }
    if not any(open_fields.values()):
        return set()
    said: set[str] = set()
    for text, reply, before in _history(turn):
        low = text.lower()
        region = open_fields["region"] and "lim" in low
        hours = open_fields["hours_per_week"] and any(w in low for w in _HOUR_WORDS)
        spanish = open_fields["languages"] and bool(_SPANISH_WORDS.search(low))
        answered = reply is not None and not hours
        if answered and _hours_reached(catalog, text, before) == profile.hours_per_week:
            said.add("hours_per_week")  # "3 days" to "you said 2 hours a day: how many days?"
        asked = open_fields["languages"] and reply is not None and _asked_spanish(reply)
        if asked and spanish_answer(catalog, text) == "yes":
            said.add("languages")  # "yes" to "do you read Spanish?"
        if not (region or hours or spanish):
            continue
        heard = read(catalog, text)
        if heard.what_if or is_question(text):
            continue
        if region and heard.facts.get("region") == profile.region:
            said.add("region")
        if hours and heard.facts.get("hours_per_week") == profile.hours_per_week:
            said.add("hours_per_week")
        if spanish and "es" in heard.languages_added:
            said.add("languages")
    return said


def _assumed(rec: Any, found: dict[str, Any], lang: str, said: set[str] | None = None) -> str:
    """What the reply says of the values the path used that the learner may never have said:
    the starting region and hours (Lima, 6 hours a week), and, to a learner who writes in
    English, Spanish among the languages read; "" when none of them is in use (or this message,
    or an earlier one, ``said``, said it)."""
    profile = rec.profile
    parts = []
    said = (said or set()) | set(found)
    if profile.region == _DEFAULT_REGION and "region" not in said:
        parts.append(_("the region %(region)s", region=region_label(profile.region)))
    if profile.hours_per_week == _DEFAULT_HOURS and "hours_per_week" not in said:
        parts.append(_("%(hours)s hours a week", hours=decimal(profile.hours_per_week)))
    spanish = any(step.course.language == "es" for step in rec.pathway.steps)
    reads = "es" in profile.languages and "languages" not in said
    if lang == "en" and reads and spanish:
        parts.append(_("that you read Spanish (most courses are taught in it)"))
    elif parts and lang == "en":
        # no Spanish among them: "I don't read Spanish" is no correction to offer
        return _(
            "This path assumes %(values)s, the values I start with unless you tell me "
            "otherwise: correct any of them (“I live in Cusco”, “10 hours a week”).",
            values="; ".join(parts),
        )
    if not parts:
        return ""
    return _(
        "This path assumes %(values)s, the values I start with unless you tell me otherwise: "
        "correct any of them (“I live in Cusco”, “10 hours a week”, “I don't read Spanish”).",
        values="; ".join(parts),
    )
