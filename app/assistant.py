"""The dialogue: message → intent model → skill → reply, with the conversation's memory.

The conversation remembers a pending action (a slot to fill or a yes/no to get) and the last
reply; ``cancel``, ``yes``, ``no`` and ``repeat`` act on those before any skill is asked.

With an LLM configured (:mod:`app.llm`), the turns the local path handles poorly go to it:
low-confidence in-scope intents, long free-form requests, follow-ups to its own questions, and
knowledge answers phrased from the retrieved passages. The intent gate runs first: ``oos`` is
refused locally without calling it. No transaction, lock or pooled connection is held while the
model answers: each tool call commits in its own short transaction and is recorded in an undo log
(:mod:`app.db.undo`); if the LLM path then fails, the log reverses those writes in one short
transaction and the local path answers (``path: fallback``), so nothing is left half-done. The
log is also kept in the database while the turn runs (:mod:`app.db.journal`): a turn whose process
dies midway is reversed later. Every reply says its path: ``local`` (the LLM was not tried),
``llm`` or ``fallback``.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, TypeVar

from flask_caching import Cache
from sqlalchemy import Engine, Table, bindparam, exc, insert
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app import db, language, metrics, texting
from app.db import journal
from app.db.tables import Conversation, Message, RequestLog, User
from app.db.undo import UndoLog, undo_saved
from app.i18n import LANGUAGES, _, reply_locale
from app.inputs import is_clean
from app.llm.client import Event, LLMFailure, Reset
from app.llm.responder import LLM, LLMReply, prompt_digest
from app.llm.tools import ToolBox
from app.skills import registry
from app.skills.base import Reply, Skill, SkillSetup, Turn, asked_again
from app.skills.changes import change_said, over_limit
from app.skills.conversation import Conversation as ConversationSkill
from app.skills.conversation import (
    acknowledgement,
    after_acknowledgement,
    names_another,
    small_talk,
)
from app.skills.knowledge import MIN_COVERAGE_RESCUE, Hit, Knowledge, KnowledgeBase
from app.skills.learning_path import LearningPath
from app.skills.recall import answer as recall
from app.skills.recall import recall_asked
from app.skills.scheduling import (
    PICK_SHAPE,
    Scheduling,
    agenda_asked,
    agenda_question,
    all_answered,
    asks_day_that_cannot_be,
    asks_reminder,
    books_at_end,
    books_week_after,
    lists_week_on,
    more_than_yes,
    note_intent,
    notes_down,
    reminds_at_end,
    repeat_said,
    request_after_yes,
    shift_intent,
    with_asked,
)
from app.skills.slots import swap_pronouns
from models.intent import IntentModel

log = logging.getLogger(__name__)
LOCAL, LLM_PATH, FALLBACK = "local", "llm", "fallback"  # a reply's path
PATH = LOCAL  # the path when no LLM is configured
T = TypeVar("T")
# the intents the dialogue rules answer before any skill is asked (no skill owns them)
CONTROL = registry.DIALOGUE_INTENTS
# The intents that list the agenda or a part of it
_LISTS = frozenset({"calendar", "meeting_schedule", "reminder", "todo_list"})
# Questions asked aside while a question of the assistant waits: answered, the question kept
ASIDE = frozenset(
    {
        "time", "date", "timezone", "faq", "tell_joke", "are_you_a_bot", "what_is_your_name",
        "who_made_you", "what_can_i_ask_you", "greeting", "thank_you",
    }
)  # fmt: skip
ASIDE_CONFIDENCE = 0.8
# What a message about the user's timezone says ("horario" alone is a schedule in Spanish)
_ZONE_WORDS = re.compile(
    r"\b(?:time ?zones?|zones?|zona|huso|tz|utc|gmt|offset|desfase|diferencia horaria)\b"
    r"|\b[A-Z][a-z]+/[A-Z][A-Za-z_]+\b",
    re.I,
)
_MINE = re.compile(r"\b(?:mi|mis|my|mine|tengo)\b", re.I)


# A request corrected as it is said: "invita a Rocío... digo, invita a Mario …", "remind me at
# 5, I mean, remind me at 6 to call Ana": the words after the marker are the request
_SAID_AGAIN = re.compile(
    r"(?:\.{2,}|…|,|;|\s-)\s*(?:digo|quise\s+decir|quiero\s+decir|o\s+sea|i\s+mean|sorry"
    r"|perd[oó]n)\s*[,:.]?\s+",
    re.I,
)


def _first_word(text: str) -> str:
    found = re.search(r"\w+", text)
    return found.group(0).lower() if found else ""


def _narrowed(before: dict[str, Any], after: dict[str, Any]) -> bool:
    """Whether an answer left the same item waiting on a new choice of moments (a question
    whose options it did not offer before): progress, not the same question asked again."""
    options = after.get("slots", {}).get("options")
    return (
        bool(options)
        and after.get("action") == before.get("action")
        and options != before.get("slots", {}).get("options")
    )


# Words that do say "cancel" (a message the model reads as cancel without them may answer)
_CANCEL_SAID = re.compile(
    r"\b(?:cancel\w*|abort|stop|forget|never\s*mind|nevermind|nothing|none|neither|no"
    r"|nope|nah|olv[ií]d\w*|d[eé]ja\w*|nada|ninguno|ninguna|ni\s+uno|para|basta|anula\w*"
    r"|no\s+importa|mejor\s+no)\b",
    re.I,
)
# "undo", "deshaz eso": the last change the assistant made in this conversation, taken back
_BYE = re.compile(
    r"\b(?:chao|chau|bye|goodbye|adi[oó]s|hasta\s+(?:luego|ma[ñn]ana|pronto)|nos\s+vemos"
    r"|see\s+you|good\s*night)\b",
    re.I,
)
# "ok", "vale", "dale", "perfecto", "got it" with nothing waiting: an acknowledgement, not a
# confirmation of something (probe 40, U-L4: "ok" after a greeting got "There is nothing to
# confirm right now")
_ACKNOWLEDGED = re.compile(
    r"^\W*(?:(?:ok+|okay|oki|okey|vale|dale|listo|perfecto|perfect|genial|great|cool|nice|bueno|"
    r"ya|sure|alright|all right|got it|entendido|de acuerdo|sounds good|thanks|gracias|pe|pues|"
    r"super|súper|bacán|bacan|chévere|chevere)\W*)+$",
    re.I,
)
# "no, nada", "nothing", "never mind", "olvídalo", "no importa" to a question: nothing wanted
_NEVER_MIND = re.compile(
    r"^\W*(?:(?:no+|nah|nope|oh|ah|ok)\W+)*(?:nada|nothing|never\s*mind|nvm|forget\s+it"
    r"|olv[ií]dalo|no\s+importa|ninguno|ninguna|none|no\s+(?:gracias|thanks))\W*$",
    re.I,
)
# A plain no to a question of the scheduling dialogue ("AM or PM?", "which day?"): the request
# dropped ("no" to the pathway's "Do you read Spanish?" is its answer: never read here)
_PLAIN_NO = re.compile(
    r"^\W*(?:no+|nop|nope|nah|naa+h?|mejor\s+no|pues\s+no|no\s+mejor|better\s+not|no\s+no"
    r"|no\s+way|ni\s+modo)(?:\W+(?:no|thanks|thank\s+you|gracias|please|por\s+favor|po|pues"
    r"|nomas|nomás))*\W*$",
    re.I,
)
# "actually no keep it", "no, déjalo": right after something was removed, take it back
_KEEP = re.compile(
    r"^\W*(?:(?:wait|no+|nope|nah|oops|sorry|actually|oh|hmm|espera|ay|uy|perd[oó]n|mejor|mmm)"
    r"\W+)*(?:keep\s+(?:it|that|them)|don'?t\s+(?:delete|remove|cancel)\s+(?:it|that)"
    r"|no\s+(?:lo|la)\s+(?:borres|elimines|canceles|quites)|d[eé]ja(?:lo|la)(?:\s+como\s+estaba)?"
    r"|mejor\s+no)\W*(?:please|por favor|porfa)?\W*$",
    re.I,
)
_UNDO = re.compile(
    # "wait what? undo", "¿qué? deshaz eso": surprise before it is no other request; "noo esa no!
    # deshaz eso", "not that one! undo", "oh no, put it back" (probe 46, P46-M1)
    r"^\W*(?:(?:wait|no+|nope|nah|oops|sorry|actually|hmm+|espera|ay|uy|perd[oó]n|mejor|what|huh|eh"
    r"|qu[eé]|oh|ah|ups|oye|hey|dios\s+m[ií]o|omg|(?:es[aoe]|that(?:\s+one)?)\s+no"
    r"|not\s+(?:that|this)(?:\s+one)?|that'?s\s+(?:wrong|not\s+(?:it|right))|wrong\s+one"
    r"|(?:esa|ese|eso)\s+no\s+era|me\s+equivoqu[eé]|i\s+didn'?t\s+mean\s+that"
    r"|no\s+era\s+(?:esa|ese|eso))\W+)*"
    r"(?:(?:please\s+)?(?:undo|revert|reverse)(?:\s+(?:that|it|this|the last (?:change|one)"
    r"|what you (?:just )?did))?|take (?:that|it) back|put (?:it|that|them) back"
    r"|(?:bring|get) (?:it|that|them) back|restore (?:it|that|them)"
    # "regrésalo", "devuélvela", "restáuralo", "recupéralo", "ponlo como estaba": the last
    # change taken back
    r"|(?:reg?r[eé]sa|devu[eé]lve|rest[aá]ura|recup[eé]ra)(?:lo|la|los|las)"
    r"|p[oó]n(?:lo|la|los|las)\s+(?:como|a\s+como)\s+estaba(?:n)?"
    # "deshazlo", voseo "deshacé eso" / "deshacelo", "volvé atrás", "regrésalo como estaba"
    r"|(?:desh[aá]z|deshac[eé])(?:lo|la)?(?:\s+(?:eso|esto|lo [uú]ltimo|el [uú]ltimo cambio))?"
    r"|deshacer|rev[ií]erte(?:lo)?(?:\s+eso)?|anula(?:lo)?\s+(?:eso|lo [uú]ltimo)"
    r"|vuelve\s+atr[aá]s|volv[eé]\s+atr[aá]s|(?:reg?r[eé]sa|devu[eé]lve|dej[aá])(?:lo|la|me)?"
    r"\s+(?:como|a\s+como)\s+estaba(?:n)?)\W*(?:(?:please|por favor|porfa|po|pues|pe|ya|now|ahora"
    r"|ahorita|ya mismo)\W*)*$",
    re.I,
)
# "what did I just book?", "what did you just do?", "¿qué acabo de agendar?", "¿qué me
# guardaste?": the last change made in this conversation, said again
_JUST_DID = re.compile(
    r"^\W*(?:(?:so|wait|ok|okay|sorry|hmm|y|oye|espera|perd[oó]n|a\s+ver)\W+)*"
    r"(?:what(?:'?s|\s+was|\s+is)?\s+(?:did\s+)?(?:i|you)\s+just\s+(?:book|booked|set|add"
    r"|added|save|saved|do|did|schedule|scheduled|put|change|changed)"
    r"|what\s+(?:was\s+)?the\s+last\s+(?:thing|change)\s+(?:i|you)\s+(?:booked|added|made|did)"
    r"|qu[eé]\s+(?:me\s+)?(?:acabo\s+de|acabas\s+de)\s+(?:agendar|guardar|poner|anotar|hacer"
    r"|cambiar|programar|reservar)"
    r"|qu[eé]\s+(?:me\s+)?(?:agend[eé]|agendaste|guardaste|pusiste|anotaste|hiciste|cambiaste)"
    r"\s+(?:reci[eé]n|ahora|ahorita|hace\s+un\s+rato))\W*(?:(?:just\s+now|right\s+now|reci[eé]n"
    r"|ahora|ahorita)\W*)?$",
    re.I,
)
_SCHEDULED = re.compile(
    r"\b(meeting|appointment|call with|event|reminder|alarm|timer|reuni[oó]n|cita|llamada"
    r"|recordatorio|alarma|temporizador)(?:s|es)?\b",
    re.I,
)


# When someone can study (a pathway's hours), not something to book: "puedo estudiar de 7 a 9",
# "I can study 8 hours a week", "tengo 2 horas al día para estudiar"
_STUDY_TIME = re.compile(
    r"\b(?:puedo|podr[ií]a|puede|pueden|podemos|can|could)\s+(?:\w+\s+)?(?:estudiar|study)\b"
    r"|\bhoras?\s+(?:a\s+la|por)\s+semana\b|\bhours?\s+(?:a|per)\s+week\b",
    re.I,
)
_BOOKINGS = frozenset({"schedule_meeting", "calendar_update", "reminder_update"})
# A question about the institute's own steps, read as a list of the user's agenda (probe 42,
# K-M5: "what do I have to do to enrol?" answered "Your to-do list is empty", "what do I have
# to bring on the first day?" with the calendar): enrolling, certificates, placement tests,
# scholarships, the first day of class. The knowledge base answers it, or says it does not know.
_HOUSE_STEPS = re.compile(
    r"\b(?:enrol+(?:ment|ing|ed)?|enroll(?:ment|ing|ed)?|matr[ií]cul\w*|inscrib\w*|inscripci[oó]n"
    r"|certificat\w*|certificad\w*|diplomas?|placement\s+tests?|pruebas?\s+de\s+nivel"
    r"|scholarships?|becas?|registration\s+fee"
    r"|sign(?:ing)?\s+up\s+for\s+(?:a|the|your)\s+(?:course|bootcamp|class)"
    r"|register(?:ing)?\s+for\s+(?:a|the|your)\s+(?:course|bootcamp|class)"
    # "what do I need to do to sign up?", "… to register?" (the whole question: probe 43, K-M5)
    r"|(?:sign(?:ing)?\s+up|register(?:ing)?)(?=\s*[?.!]*\s*$)"
    # "what should I do to get a refund?", "qué hago para que me devuelvan la plata?"
    r"|refund(?:s|ed)?|reembols\w*|devoluci[oó]n|devuelv\w*|money\s+back)\b"
    r"|\b(?:bring|take|llevar|traer)\b.*\b(?:first\s+(?:day|class|lesson)|primer\s+d[ií]a"
    r"|primera\s+clase)\b",
    re.I,
)
# ... unless it names the agenda ("show my reminders about the scholarship")
_AGENDA_NAMED = re.compile(
    r"\b(?:to-?dos?|list|lista|pendientes?|reminders?|recordatorios?|calendar|calendario|agenda"
    r"|meetings?|reuni[oó]n(?:es)?|citas?|alarms?|alarmas?)\b",
    re.I,
)
# "what do I have to do to enrol?" asks how to enrol ("qué tengo que hacer para matricularme?")
_WHAT_TO_DO = re.compile(
    r"^\W*(?:what\s+(?:do|should|must)\s+i\s+(?:have\s+to\s+|need\s+to\s+)?do\s+"
    r"(?:to|in\s+order\s+to)|qu[eé]\s+(?:tengo\s+que|necesito|debo|hay\s+que)\s+hacer\s+para"
    r"|qu[eé]\s+hago\s+para)"
    r"\s+(?=\w)",
    re.I,
)


# A reminder "when" something happens ("remind me when enrolment opens", "avísame cuando abran
# las matrículas"): a moment the assistant cannot know (probe 42, K-L3: "When should I remind
# you to when enrolment opens?")
_WHEN_EVENT = re.compile(
    r"^(?:when|once|as\s+soon\s+as|whenever|cuando|apenas|en\s+cuanto|ni\s+bien)\s+(?P<event>\S.*)$",
    re.I,
)


def _on_event(reply: Reply, lang: str) -> None:
    """A reminder's question when it waits for a moment said only as an event: the assistant
    says it cannot know that moment and asks for a date; the reminder is of the event's words
    (``reply`` changed in place)."""
    pending = reply.pending or {}
    slots_ = pending.get("slots") or {}
    said = _WHEN_EVENT.match(str(slots_.get("text", "")).strip())
    waiting = pending.get("action") == "remind" and pending.get("awaiting") == "when"
    if said is None or not waiting or slots_.get("question") or slots_.get("options"):
        return
    event = said["event"].strip(" .!?")
    prompt = _(
        "I can't know when %(event)s, so I can't remind you at that moment. On what date and at "
        "what time should I remind you?",
        event=swap_pronouns(event, lang),
    )
    # Spanish says the event in the subjunctive ("cuando empiece el bootcamp"): its "cuando"
    # kept, never a bare "empiece el bootcamp" (probe 43, N-L4)
    text = said.group(0).strip(" .!?") if lang.startswith("es") else event
    pending["slots"] = {**slots_, "text": text, "how": "note"}
    pending["prompt"] = reply.text = prompt


def house_steps(text: str) -> str | None:
    """The question a message asks about the institute's own steps (``_HOUSE_STEPS``), said the
    way the knowledge base answers it ("what do I have to do to enrol?" → "how do I enrol?");
    None when it asks none, or names the user's agenda."""
    if not _HOUSE_STEPS.search(text) or _AGENDA_NAMED.search(text):
        return None
    how = "cómo" if re.match(r"^\W*qu[eé]\b", text, re.I) else "how do I"
    asked = _WHAT_TO_DO.sub(f"{how} ", text, count=1)
    for said, means in _STEPS_SAID:  # "how do I sign up?": "how do I enrol?" (K-M5)
        asked = said.sub(means, asked)
    return asked


#: The words of the institute's steps said as the knowledge base names them ("sign up",
#: "get a refund", "que me devuelvan la plata": its "enrol", "request a refund", "pedir un
#: reembolso"), for the section that answers them rather than a whole topic (probe 43, K-M5)
_STEPS_SAID = (
    (re.compile(r"\b(?:sign(?:ing)?\s+up|register(?:ing)?)(?=\s*[?.!]*\s*$)", re.I), "enrol"),
    (
        re.compile(r"\bget\s+(?:a\s+refund|(?:my|the)\s+money\s+back)\b", re.I),
        "request a refund",
    ),
    (
        re.compile(
            r"\b(?:que\s+me\s+devuelvan\s+(?:la\s+plata|el\s+dinero|mi\s+dinero|lo\s+que\s+pagu[eé])"
            r"|pido\s+un\s+reembolso)\b",
            re.I,
        ),
        "pedir un reembolso",
    ),
)


# A message of one word ("ta", "anótalo"): it never says both what to do and what about
_ONE_WORD = re.compile(r"^\W*[^\W\d_]+\W*$")


def drain(events: Generator[Event, None, T]) -> T:
    """Run an event generator to its end (no streaming) and return its value."""
    while True:
        try:
            next(events)
        except StopIteration as stop:
            value: T = stop.value
            return value


_conversations: Table = Conversation.__table__  # type: ignore[assignment]
# A turn's rows are written by statements prepared once (db.PreparedWrite: the hottest writes,
# run on the session's connection, in its transaction, without SQLAlchemy's per-call execution
# machinery); every column is a parameter.
_CONVERSATION_COLUMNS = ("user_id", "state", "created_at", "updated_at")
_INSERT_CONVERSATION = db.PreparedWrite(
    insert(_conversations)
    .values({name: bindparam(name) for name in _CONVERSATION_COLUMNS})
    .returning(_conversations.c.id)
)
_messages: Table = Message.__table__  # type: ignore[assignment]
_MESSAGE_COLUMNS = (
    "conversation_id",
    "role",
    "text",
    "intent",
    "confidence",
    "skill",
    "path",
    "created_at",
)
# both of a turn's messages in one INSERT (user's row first, then the assistant's: "_0", "_1"),
# the assistant's id told apart by its role
_INSERT_MESSAGES = db.PreparedWrite(
    insert(_messages)
    .values([{name: bindparam(f"{name}_{i}") for name in _MESSAGE_COLUMNS} for i in (0, 1)])
    .returning(_messages.c.id, _messages.c.role)
)
_request_log: Table = RequestLog.__table__  # type: ignore[assignment]
_INSERT_REQUEST_LOG = db.PreparedWrite(
    insert(_request_log)
    .inline()  # no RETURNING of the new row's id: nothing reads it
    .values(
        {column.key: bindparam(column.key) for column in _request_log.columns if column.key != "id"}
    )
)


class _Outage:
    """One line when a cache becomes unavailable and one when it is back, not a traceback on
    every lookup while it is down (the cache is an optimisation: requests go on without it)."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.down = False

    def failed(self, exc: Exception) -> None:
        if not self.down:
            self.down = True
            log.warning(
                "%s unavailable; answering without it until it is back",
                self.what,
                extra={"error": f"{type(exc).__name__}: {exc}"},
            )

    def ok(self) -> None:
        if self.down:
            self.down = False
            log.info("%s available again", self.what)


_KNOWLEDGE_CACHE = _Outage("knowledge cache")
_RESPONSE_CACHE = _Outage("response cache")

#: A shared knowledge answer keeps who asked first. The reply says ``cached`` only to that user:
#: to anyone else it would say that somebody asked the same question lately (review 176, S-L5),
#: which a question can itself give away ("a refund after an expulsion"). The metric
#: ``slipway_cache_requests_total`` counts every hit.
ASKER = "asker"


def _from_cache(hit: dict[str, Any], turn: Turn) -> Reply:
    """A knowledge answer served from the shared cache."""
    own = hit.get(ASKER) == turn.user.id
    return Reply(str(hit["text"]), dict(hit.get("data", {})), cached=own)


class ConversationChanged(Exception):
    """Another turn of the conversation was stored while this one was answered (nothing of
    this turn was stored): answer the message again from the conversation as it is now."""

    def __init__(self, conversation_id: int | None) -> None:
        super().__init__(f"conversation {conversation_id} changed during the turn")
        self.conversation_id = conversation_id


@dataclass
class Answer:
    """What one chat turn produced (the API turns it into JSON)."""

    conversation_id: int
    message_id: int
    reply: str
    intent: str
    confidence: float
    skill: str
    path: str
    data: dict[str, Any]
    pending: bool
    cached: bool
    lang: str = "en"  # the reply's language


class Assistant:
    """The skills, routed by intent, plus the dialogue rules around them."""

    def __init__(
        self,
        kb: KnowledgeBase,
        faq_min_score: float,
        cache: Cache | None,
        rescue_score: float = float("inf"),
        rescue_max_confidence: float = 0.0,
        llm: LLM | None = None,
        llm_budget: Callable[[int], bool] | None = None,
    ) -> None:
        self.rescue_score = rescue_score
        self.rescue_max_confidence = rescue_max_confidence
        # the skills declared in app.skills.registry, one each
        setup = SkillSetup(kb=kb, faq_min_score=faq_min_score)
        self.skills: list[Skill] = [skill.build(setup) for skill in registry.SKILLS]
        self.knowledge = next(s for s in self.skills if isinstance(s, Knowledge))
        self.by_intent = {intent: s for s in self.skills for intent in s.intents}
        self.by_name = {s.name: s for s in self.skills}
        self.fallback = self.by_name["out_of_scope"]
        self.cache = cache
        self.llm = llm
        # counts a user's LLM turn; False over SLIPWAY_LLM_TURN_LIMIT (app.limits.Throttles)
        self.llm_budget = llm_budget or (lambda _user_id: True)
        self.tools = ToolBox([self.by_name["scheduling"], self.knowledge])
        # every user's abandoned LLM turns reversed now and then (app.db.journal)
        self.sweeper = journal.Sweeper()

    # -- dialogue rules ---------------------------------------------------------------------
    def respond(self, turn: Turn) -> tuple[Reply, str]:
        restated = _SAID_AGAIN.search(turn.text)
        said_again = turn.text[restated.end() :] if restated is not None else ""
        if (
            said_again
            and _first_word(said_again) == _first_word(turn.text)
            and len(said_again.split()) >= 3
        ):
            # "invita a Rocío... digo, invita a Mario a la reunión": the request said again is
            # the request ("el martes a las 5, digo a las 6" corrects a part: read whole)
            turn = replace(turn, text=said_again)
        state = turn.conversation.state or {}
        pending: dict[str, Any] | None = state.get("pending")
        asked_back = recall_asked(turn.text)
        if asked_back is not None:
            # "what did I tell you earlier about grandma?", "¿qué fue lo primero que te
            # pregunté?": the user's own messages (read as "repeat" or out of scope before); a
            # question that waits is asked again after it
            recalled = recall(turn, asked_back)
            if pending is not None:
                recalled.keeps(pending)
            return recalled, "conversation"
        intent = turn.intent
        scheduling = self.by_name["scheduling"]
        learning = self.by_name.get("learning_path")
        if isinstance(learning, LearningPath) and learning.names_course(turn, state):
            # "ya hice los dos primeros", "I finished the first and the third" right after a
            # path, read as a to-do done: the path's courses (a to-do list shown last keeps them)
            followed = learning.follow_up(turn, state)
            if followed is not None:
                return followed, learning.name
        named_move = (
            scheduling.reminder_then_verb(turn) if isinstance(scheduling, Scheduling) else None
        )
        if named_move is not None:  # "el recordatorio del CV ponlo el lunes a las 8"
            return named_move, scheduling.name
        meeting_move = (
            scheduling.meeting_then_verb(turn) if isinstance(scheduling, Scheduling) else None
        )
        if meeting_move is not None:  # "the Sunny meeting, change it to Tuesday same time"
            return meeting_move, scheduling.name
        corrected = (
            scheduling.named_correction(turn) if isinstance(scheduling, Scheduling) else None
        )
        if corrected is not None:  # "la junta con beto es a las 11 no a las 10" (P46-M2)
            if pending is not None and not corrected.keeps(pending):
                return _dropped(corrected), scheduling.name
            return corrected, scheduling.name
        named = (
            scheduling.item_named(turn)
            if isinstance(scheduling, Scheduling)
            and (pending is None or pending.get("awaiting") != "which")
            else None
        )
        if named is not None:  # "turn off the 6:45 one", "pase el de la abuela a las 8"
            if pending is not None and not named.keeps(pending):
                return _dropped(named), scheduling.name
            return named, scheduling.name
        if isinstance(scheduling, Scheduling):  # "cancel it", "the second one": what was shown
            referred = scheduling.refer(turn, state)
            if referred is not None:
                return referred, scheduling.name
        noted = note_intent(turn.text) if isinstance(scheduling, Scheduling) else None
        if noted is not None:  # "todo: …", "recordatorio: …": the user said what this is
            return scheduling.handle(replace(turn, intent=noted)), scheduling.name
        if intent == "repeat":
            last = state.get("last_reply")
            if not last:
                nothing_yet = _("I haven't said anything yet in this conversation.")
                return Reply(nothing_yet), "conversation"
            return Reply(str(last), pending=pending), str(state.get("last_skill", "conversation"))
        if pending is not None and pending.get("skill") == scheduling.name:
            asked = agenda_question(turn.text)  # "am I free at 3?" while "When …?" waits
            if asked is not None and pending.get("action") != "free":
                reply, name = self._dispatch(turn)  # answered aside, the question kept
                reply.keeps(pending)
                return reply, name
            if asked is not None:  # asked again, said otherwise: the new question
                return self._dispatch(turn)
            if (
                isinstance(scheduling, Scheduling)
                and scheduling.lists_aside(turn)
                and (pending.get("awaiting") != "which" or agenda_asked(turn.text))
            ):
                # "¿tengo algo el finde?", "what do I have tomorrow?" while "today or
                # Saturday?" waits: the agenda answered aside, the question kept (the waiting
                # item's day unchanged)
                listing = (
                    replace(turn, intent="calendar")
                    if turn.intent not in _LISTS and agenda_asked(turn.text)
                    else turn
                )
                reply = scheduling.handle(listing)
                if reply.keeps(pending):
                    return reply, scheduling.name
            when = scheduling.when_is(turn) if isinstance(scheduling, Scheduling) else None
            if when is not None and when.keeps(pending):  # "¿a qué hora era lo del dentista?"
                return when, scheduling.name
            beside = (
                scheduling.alongside(turn, pending) if isinstance(scheduling, Scheduling) else None
            )
            if beside is not None:  # "y a las 11 llamar al mecánico" while "¿A qué hora …?" waits
                return beside, scheduling.name
        if pending is not None:
            skill = self.by_name.get(str(pending.get("skill")), self.fallback)
            more = more_than_yes(turn.text)
            then = self._yes_and_request(turn, pending, skill, more)
            if then is not None:  # "sí, y agenda otra el viernes a las 10": both done
                return then, skill.name
            both = self._yes_and_asked(turn, pending, skill, more)
            if both is not None:  # "si, pero antes dime cuánto cuesta excel": both done
                return both, skill.name
            if pending.get("awaiting") == "confirm" and (intent != "yes" or more is not None):
                amended = skill.amend(turn, pending)  # "no, mejor el jueves": that instead
                if amended is not None:
                    return amended, skill.name
            cleared = scheduling.clear_day(turn) if isinstance(scheduling, Scheduling) else None
            if cleared is not None:  # "cancela la del viernes" while a question waits: that
                return _dropped(cleared), scheduling.name
            if (
                intent == "cancel"
                and pending.get("awaiting") != "confirm"
                and not _CANCEL_SAID.search(turn.text)
            ):
                # "both" answering "which course did you complete?", "mañana nomás" answering
                # "which day?", read as cancel: the answer, when it completes what waited or
                # narrows it to a new choice ("mañana nomás" to a bare 8: 8:00 or 20:00?)
                resumed = skill.resume(turn, pending)
                if resumed is not None and (
                    resumed.pending is None or _narrowed(pending, resumed.pending)
                ):
                    return resumed, skill.name
            if (
                pending.get("awaiting") != "confirm"
                and skill is scheduling
                and all_answered(turn.text) is not None
                and not _CANCEL_SAID.search(turn.text)
            ):
                # "both", "los dos" to a question that takes one answer ("today or tomorrow?"):
                # asked again, never "cancelled" nor a new request (probe 41, R-M4)
                prompt = str(pending.get("prompt", ""))
                return Reply(asked_again(prompt, turn), pending=pending), skill.name
            if intent == "cancel" or (intent == "no" and pending.get("awaiting") == "confirm"):
                if intent == "cancel":
                    return Reply(_("OK, cancelled. Nothing was changed.")), skill.name
                return Reply(_("OK, I won't. Nothing was changed.")), skill.name
            if pending.get("awaiting") == "confirm":
                if intent == "yes" and more is None:
                    return skill.confirm(turn, pending), skill.name
                if intent in CONTROL or intent == "oos" or acknowledgement(turn.typed or turn.text):
                    # "tá", "cheers" to a yes-or-no question: neither (probe 42, K-H1)
                    prompt = str(pending.get("prompt", ""))
                    again = Reply(asked_again(prompt, turn, yes_or_no=True))
                    again.pending = pending
                    return again, skill.name
                if intent in ASIDE and turn.confidence >= ASIDE_CONFIDENCE:
                    # "¿cuánto cuesta el curso de excel?" to "¿Te recuerdo “gym” …? Responde sí
                    # o no.": answered, and the question asked again, as to "Did you mean …?"
                    # (probe 46, L1)
                    reply, name = self._dispatch(turn)
                    if reply.keeps(pending):
                        return reply, name
                    return _dropped(reply), name
            else:
                if _NEVER_MIND.match(turn.text) and pending.get("awaiting") != "level":
                    # "no, nada" to "what should I remind you about?" ("ninguno" to the
                    # pathway's "how well do you know SQL?" is its answer, level 0: P46-M8)
                    return Reply(_("OK, cancelled. Nothing was changed.")), skill.name
                if skill is scheduling and _PLAIN_NO.match(turn.typed or turn.text):
                    # "no", "nope", "mejor no" to "Did you mean 11:00 AM or 11:00 PM?": the
                    # request dropped, never "Sorry, I didn't catch that" again (probe 46, H2)
                    return Reply(_("OK, I won't. Nothing was changed.")), skill.name
                acknowledged = acknowledgement(turn.typed or turn.text)
                conversation = self.by_name["conversation"]
                if acknowledged in {"thanks", "brb", "how_are_you"} and isinstance(
                    conversation, ConversationSkill
                ):
                    # "ta", "cheers", "brb" to "What should I add to your to-do list?": no
                    # answer, never an item called "ta" (probe 42, K-H1); the question kept
                    reply = conversation.acknowledge(acknowledged)
                    reply.keeps(pending)
                    return reply, conversation.name
                assents = intent in {"yes", "no"} and pending.get("skill") != scheduling.name
                if acknowledged is not None and not assents:
                    # "ok", "dale", "joya" to "What should I add?": no answer either ("claro"
                    # to the pathway's "Do you read Spanish?" is its yes: the skill reads it)
                    prompt = str(pending.get("prompt", ""))
                    return Reply(asked_again(prompt, turn), pending=pending), skill.name
                if intent == "goodbye" and _BYE.search(turn.text):  # "listo, chao": goodbye
                    reply, name = self._dispatch(turn)
                    return _dropped(reply), name
                resumed = skill.resume(turn, pending)
                if resumed is not None:
                    return resumed, skill.name
                if isinstance(scheduling, Scheduling) and scheduling.moves_meeting(turn.text):
                    # "actually make the session with Marco start at 4:30" while a question
                    # waits: that move, and the waiting action dropped (below)
                    turn = replace(turn, intent="calendar_update")
                elif isinstance(scheduling, Scheduling) and scheduling.notes_meeting(turn.text):
                    # "tengo cena con Lucía el sábado a las 21:30, apúntala" (read as out of
                    # scope) while a reminder's time is asked: that meeting booked, and the
                    # waiting action dropped (below; probe 46, H1)
                    turn = replace(turn, intent="schedule_meeting")
                elif intent in CONTROL or intent == "oos" or PICK_SHAPE.match(turn.text):
                    # "the 3pm one" not understood as a pick: asked again, never a new request
                    prompt = str(pending.get("prompt", ""))
                    again = Reply(asked_again(prompt, turn), pending=pending)
                    return again, skill.name
                if intent in ASIDE and turn.confidence >= ASIDE_CONFIDENCE:
                    # "what time is it?" while "At what time on Monday?" waits: answered, and
                    # the question asked again (the waiting action is kept)
                    reply, name = self._dispatch(turn)
                    reply.keeps(pending)
                    return reply, name
            # anything else: a new request; the action that waited is dropped, and said so
            scheduling = self.by_name["scheduling"]
            relative = (
                scheduling.relative(turn, state) if isinstance(scheduling, Scheduling) else None
            )
            if relative is not None:  # "avísame 15 minutos antes de la reunión con Ana"
                reply, name = relative, scheduling.name
            else:
                reply, name = self._dispatch(turn)
            return _dropped(reply), name
        return self._dispatch(turn)

    def _yes_and_asked(
        self, turn: Turn, pending: dict[str, Any], skill: Skill, rest: str | None
    ) -> Reply | None:
        """A yes to the question that waits with a question after it (``rest``, what
        :func:`more_than_yes` found after the yes: "si, pero antes dime cuánto cuesta excel",
        "yes, and how much is the excel course?"): the question answered and the yes taken, both
        said, never one of them silently dropped (probe 45, L6); None when the rest is not a
        question the knowledge base answers, or the message opens with Spanish "si" meaning "if"
        (not a yes at all: "si me retiro del curso…?")."""
        options = (pending.get("slots") or {}).get("options") or []
        yes_or_no = pending.get("awaiting") == "confirm" or (
            pending.get("awaiting") == "when" and len(options) == 1  # "¿Quieres decir …?"
        )
        if not yes_or_no or rest is None or rest == turn.text.strip():
            return None
        asked = replace(turn, text=rest)
        if not self._answers(asked):
            return None
        yes = replace(turn, text="sí" if turn.lang == "es" else "yes", intent="yes")
        if pending.get("awaiting") == "confirm":
            done: Reply | None = skill.confirm(yes, pending)
        else:
            done = skill.resume(yes, pending)
        if done is None or done.pending is not None:
            return None
        answer = self._knowledge(asked)
        done.text = f"{answer.text}\n\n{done.text}"
        for key, value in answer.data.items():
            done.data.setdefault(key, value)
        return done

    def _yes_and_request(
        self, turn: Turn, pending: dict[str, Any], skill: Skill, rest: str | None
    ) -> Reply | None:
        """A yes to a scheduling yes-or-no question with a new request after it (``rest``: "sí,
        y agenda otra el viernes a las 10", "yes, and remind me to call Ana at 5"): the waiting
        action confirmed, then the request handled (what it lacks asked, its question left
        waiting), both said; None for anything else (helper 227)."""
        scheduling = self.by_name["scheduling"]
        options = (pending.get("slots") or {}).get("options") or []
        yes_or_no = pending.get("awaiting") == "confirm" or (
            # "Hoy a las 9:00 ya pasó. ¿Quieres decir el lunes 14 de diciembre a las 9:00?":
            # one moment offered, a yes takes it (probe 47, P47-M6)
            pending.get("awaiting") == "when" and len(options) == 1
        )
        if not yes_or_no or skill is not scheduling or rest is None or rest == turn.text.strip():
            return None
        intent = request_after_yes(rest)
        if intent is None:
            return None
        yes = replace(turn, text="sí" if turn.lang == "es" else "yes", intent="yes")
        if pending.get("awaiting") == "confirm":
            done: Reply | None = skill.confirm(yes, pending)
        else:
            done = skill.resume(yes, pending)
        if done is None or done.pending is not None:
            return None
        then = scheduling.handle(replace(turn, text=rest, typed=rest, intent=intent))
        then.text = f"{done.text}\n\n{then.text}"
        for key, value in done.data.items():
            then.data.setdefault(key, value)
        if then.undo is None:
            then.undo = done.undo
        return then

    def _course_asked(self, state: dict[str, Any]) -> dict[str, Any] | None:
        """What the conversation kept of the last knowledge question, for a course follow-up:
        right after its answer, or after one question asked aside (``aside_of``); else None."""
        asked = state.get("knowledge")
        if state.get("last_skill") == self.knowledge.name and isinstance(asked, dict):
            return asked
        aside = state.get("aside_of")
        return aside if isinstance(aside, dict) else None

    def _dispatch(self, turn: Turn) -> tuple[Reply, str]:
        """A message that answers no pending question, to the skill its intent names (or, right
        after a pathway, to the pathway skill when it is about the profile or the path)."""
        state = turn.conversation.state or {}
        course_asked = self._course_asked(state)
        if course_asked is not None:
            # "how long is it", "¿cuánto cuesta ese curso?", "and the marketing one?" right
            # after a question about a course (or after one question asked aside: "what time
            # is it?"): about that course, or the same about the one named (probe 42, K-M1;
            # probe 43, N-M3), never a course of a pathway shown earlier (N-H3)
            about = self.knowledge.course_follow_up(turn.text, course_asked, turn.lang)
            if about is not None:
                reply = Reply(about[0], dict(about[1]))
                reply.data["knowledge"] = self.knowledge.remember(turn.text, reply.data)
                return reply, self.knowledge.name
        steps = house_steps(turn.text) if _WHAT_TO_DO.match(turn.text) else None
        if steps is not None:
            # "what should I do to get a refund?" (read as a wish for a pathway: probe 43,
            # K-M5), "what do I need to do to sign up?": the institute's steps
            return self._knowledge(replace(turn, text=steps)), self.knowledge.name
        if turn.intent == "learning_path" and self.knowledge.compares(turn.text, turn.lang):
            # "what's the difference between a bootcamp and a short course?" (read as a wish for
            # a pathway): the knowledge base's courses or kinds side by side
            return self._knowledge(turn), self.knowledge.name
        learning = self.by_name.get("learning_path")
        if isinstance(learning, LearningPath):
            followed = learning.follow_up(turn, state)
            if followed is not None:
                asked = followed.data.pop("asked_before", None)
                if isinstance(asked, str):
                    # "¿dónde queda el instituto técnico andino? yo vivo en piura": the fact
                    # stored, and the question before it answered from the knowledge base
                    answer = self._knowledge_answer(replace(turn, text=asked))
                    followed.text = f"{answer.text}\n\n{followed.text}"
                return followed, learning.name
        asked = state.get("knowledge")
        if state.get("last_skill") == self.knowledge.name and isinstance(asked, dict):
            # "¿y en Arequipa?", "and on Saturday?" right after a knowledge answer: the same
            # question about that, whatever intent the model read
            question = self.knowledge.follow_up(turn.text, asked, turn.lang)
            if question is not None:
                return self._knowledge(replace(turn, text=question)), self.knowledge.name
            unsaid = self.knowledge.unsaid_needs(turn.text, asked, turn.lang)
            if unsaid is not None:  # "what are the requirements?" of what has none (P45-H4)
                reply = Reply(unsaid[0], dict(unsaid[1]))
                reply.data["knowledge"] = self.knowledge.remember(turn.text, reply.data)
                return reply, self.knowledge.name
        intent = turn.intent
        scheduling = self.by_name["scheduling"]
        conversation = self.by_name["conversation"]
        acknowledged = acknowledgement(turn.typed or turn.text)
        if acknowledged is not None and isinstance(conversation, ConversationSkill):
            # "ta", "tá", "de una", "joya", "brb", "porfa": acknowledged, whatever the model read
            # ("ta" read as a to-do to add stored one: probe 42, K-H1); nothing is done
            return conversation.acknowledge(acknowledged), conversation.name
        asks_steps = intent in _LISTS or (intent in {"oos", "faq"} and _WHAT_TO_DO.match(turn.text))
        steps = house_steps(turn.text) if asks_steps else None
        if steps is not None:
            # "what do I have to do to enrol?", "what do i need to do to get my certificate",
            # read as the user's to-do list or calendar: the institute's steps (K-M5)
            return self._knowledge(replace(turn, text=steps)), self.knowledge.name
        if (
            intent == "todo_list_update"
            and _ONE_WORD.match(turn.text)
            and not note_intent(turn.text)
        ):
            # "anótalo", "apúntalo", a word the model read as a to-do: one word never says what
            # to add, and a guess would be stored (probe 42, K-H1): what to add is asked
            prompt = _("What should I add to your to-do list?")
            pending = {
                "skill": scheduling.name, "action": "todo", "slots": {}, "awaiting": "what",
                "prompt": prompt,
            }  # fmt: skip
            return Reply(prompt, pending=pending), scheduling.name
        booked = books_at_end(turn.text) or books_week_after(turn.text)
        if not booked and (
            agenda_question(turn.text) is not None
            or lists_week_on(turn.text)
            or (agenda_asked(turn.text) and intent not in _LISTS)
            or with_asked(turn.text) is not None  # "did I book anything with Harriet?" (P44-M6)
        ):
            # "what's next?", "¿qué sigue?", "am I free at 3 tomorrow?", "does anything clash
            # with a call at 10:30?": the agenda asked, whatever the model read (never a booking)
            return scheduling.handle(replace(turn, intent="calendar")), scheduling.name
        when = scheduling.when_is(turn) if isinstance(scheduling, Scheduling) else None
        if when is not None:  # "what time was the dentist?": that item's time, not the time now
            return when, scheduling.name
        if booked and intent not in {"schedule_meeting", "calendar_update"}:
            # "el sábado tengo asado en lo de Nico a las 13, agendalo": booked, whatever the
            # model read
            return scheduling.handle(replace(turn, intent="schedule_meeting")), scheduling.name
        if reminds_at_end(turn.text) and intent != "reminder_update":
            # "… on wednesday at 4pm I have the parents' meeting, can you remind me?": a
            # reminder, whatever the model read
            return scheduling.handle(replace(turn, intent="reminder_update")), scheduling.name
        moved = shift_intent(turn.text)
        if moved is None and isinstance(scheduling, Scheduling) and scheduling.asks_timer(turn):
            moved = "timer"
        if moved is not None and moved != intent:
            # "make my meeting with Ana an hour earlier", "¿cuánto le falta al de los fideos?",
            # read as anything: that item moved or asked about
            return scheduling.handle(replace(turn, intent=moved)), scheduling.name
        cleared = scheduling.clear_day(turn) if isinstance(scheduling, Scheduling) else None
        if cleared is not None:  # "cancel everything on monday", "cancela la del viernes"
            return cleared, scheduling.name
        shifted = scheduling.move_day(turn) if isinstance(scheduling, Scheduling) else None
        if shifted is not None:  # "move everything on thursday to friday"
            return shifted, scheduling.name
        named = (
            scheduling.names_item(turn)
            if intent == "cancel" and isinstance(scheduling, Scheduling)
            else None
        )
        if intent == "cancel" and (_SCHEDULED.search(turn.text) or named):
            # "cancel my meeting with Ana", "cancela lo del dentista": not the dialogue's cancel,
            # the calendar's
            reminder = named == "reminder" or re.search(r"remind|recordatorio", turn.text, re.I)
            kind = "reminder_update" if reminder else "calendar_update"
            kind = "alarm" if re.search(r"\balarma?\b", turn.text, re.I) else kind
            return scheduling.handle(replace(turn, intent=kind)), "scheduling"
        conversation = self.by_name["conversation"]
        if intent in {"cancel", "yes", "no"} and isinstance(conversation, ConversationSkill):
            lost = small_talk(turn.text)  # "pucha, no entiendo nada" read as "no": not a refusal
            if lost == "confused":
                return conversation.react(lost), conversation.name
        if (
            intent == "yes"
            and _ACKNOWLEDGED.match(turn.text)
            and isinstance(conversation, ConversationSkill)
        ):
            # "ok", "dale", "ya pe" with nothing waiting: acknowledged, never "¡Listo!" as if
            # something was done (probe 42, K-L1)
            return conversation.acknowledge("ok"), conversation.name
        if intent in {"cancel", "yes", "no"}:
            nothing = {
                "cancel": _("There is nothing to cancel right now."),
                "yes": _("There is nothing to confirm right now."),
                "no": _("There is nothing to decline right now."),
            }
            return Reply(nothing[intent]), "conversation"
        if intent == "what_is_your_name" and names_another(turn.text):
            # "do you give certificates in the name of PUCP?", "what is the name of the Excel
            # course?": not the assistant's name; the knowledge base's, or not ours to answer
            if self._answers(turn):
                return self._knowledge(turn), self.knowledge.name
            if self.knowledge.about_house(turn.text, turn.lang):
                listed = self.knowledge.courses(turn.text, turn.lang)
                return listed or self.knowledge.unknown(turn.lang), self.knowledge.name
            intent = "oos"
        learning = self.by_name.get("learning_path")
        if (
            intent in _BOOKINGS
            and learning is not None
            and _STUDY_TIME.search(turn.text)
            and not _SCHEDULED.search(turn.text)
            and not asks_reminder(turn.text)  # "remind me to study at 7": a reminder
        ):
            # "puedo estudiar de 7 a 9 de la noche de lunes a viernes", "ella puede estudiar 8
            # horas a la semana": when someone can study, for the pathway, whatever the model
            # read; a booking's question would hold the next messages (probe 38, J-M7)
            return learning.handle(replace(turn, intent="learning_path")), learning.name
        skill = self.by_intent.get(intent, self.fallback)
        conversation = self.by_name["conversation"]
        if skill in (conversation, self.fallback) and isinstance(conversation, ConversationSkill):
            talk = small_talk(turn.text)  # "jajaja", "eres lo máximo", "te quiero"
            if talk is not None:
                return conversation.react(talk), conversation.name
        if intent == "oos" and self._rescue(turn):
            skill = self.knowledge
        elif intent == "oos" and self.knowledge.about_house(turn.text, turn.lang):
            # "¿dan clases de guitarra?", "¿cuánto gana un profesor de Ruta Academy?": about the
            # institute, though its knowledge base does not say: "I don't know" and whom to ask,
            # or the courses of the pathways' catalog on it ("¿tienen cursos de cocina?")
            listed = self.knowledge.courses(turn.text, turn.lang)
            return listed or self.knowledge.unknown(turn.lang), self.knowledge.name
        elif intent == "oos" and notes_down(turn.text):  # "añádeme huevos": a to-do
            return scheduling.handle(replace(turn, intent="todo_list_update")), scheduling.name
        elif intent == "oos" and repeat_said(turn):  # "footy training every fortnight at 6pm"
            return scheduling.handle(replace(turn, intent="reminder_update")), scheduling.name
        if intent == "timezone" and not _ZONE_WORDS.search(turn.text):
            # "horario(s)": a schedule, not the user's timezone; "mi horario": their agenda
            if _MINE.search(turn.text):
                agenda = replace(turn, intent="calendar")
                return self.by_name["scheduling"].handle(agenda), "scheduling"
            if self._answers(turn):
                skill = self.knowledge
        if skill is self.knowledge:
            return self._knowledge(turn), skill.name
        reply = skill.handle(turn)
        if intent == "reminder_update":
            _on_event(reply, turn.lang)
        return reply, skill.name

    def _rescue(self, turn: Turn) -> bool:
        """An out-of-scope label over a question the knowledge base clearly answers.

        Never overrides an in-scope label: only an ``oos`` turn is rescued. When the model's
        top guess was ``faq`` the usual answer rule decides. A message that is nothing but the
        words of the line that answers it (``Knowledge.whole``: "wifi password?", "cuánto es la
        mora") is answered; when the model is sure, only with two such words or more ("how do
        I reset my password", not "how do I get a RUC"). Otherwise the model must be unsure
        (below ``rescue_max_confidence``) and the knowledge base must answer with a stronger
        score (``rescue_score``) and a line that covers most of the message: a long request
        that merely mentions "waiting" covers little of the waiting-list line and stays refused;
        or the message asks whether the house takes a means of payment or gives a discount
        (``Knowledge.asks_listed``: "is there a discount for students from public
        universities?"), which what the base lists answers.
        """
        if turn.intent != "oos":
            return False
        if turn.top_intent == "faq":
            return self.knowledge.best(turn.text, turn.lang) is not None
        sure = turn.confidence >= self.rescue_max_confidence
        if self.knowledge.asks_how_to_pay(turn.text, turn.lang):
            return True  # "how do I pay from overseas?": the payment methods (probe 45, P45-M9)
        if self.knowledge.whole(turn.text, turn.lang, 2 if sure else 1) is not None:
            return True  # the message is nothing but the words of the line that answers it
        if sure:
            return False
        if self.knowledge.asks_listed(turn.text, turn.lang):
            return True  # "is there a discount for students from …", "aceptan nequi?"
        if self.knowledge.kb.topic(turn.text, turn.lang) is not None:
            return True  # "fees", "medios de pago": nothing but one of the base's topics
        hit = self.knowledge.best(turn.text, turn.lang, MIN_COVERAGE_RESCUE)
        return hit is not None and hit.score >= self.rescue_score

    def _answers(self, turn: Turn) -> bool:
        """Whether the knowledge base answers the message (a topic, or a line)."""
        found = self.knowledge.kb.topic(turn.text, turn.lang) is not None
        return found or self.knowledge.best(turn.text, turn.lang) is not None

    def _knowledge_answer(self, turn: Turn) -> Reply:
        if self.cache is None:
            return self.knowledge.handle(turn)
        key = f"faq:{turn.model_version}:{turn.lang}:{texting.normalize_question(turn.text)}"
        try:
            hit = self.cache.get(key)
            _KNOWLEDGE_CACHE.ok()
        except Exception as exc:  # the cache is an optimisation: answer without it
            _KNOWLEDGE_CACHE.failed(exc)
            hit = None
        if isinstance(hit, dict) and is_clean(hit.get("text")):
            metrics.CACHE.labels("hit").inc()
            return _from_cache(hit, turn)
        metrics.CACHE.labels("miss").inc()
        text, data = self.knowledge.answer(turn.text, turn.lang)
        try:
            self.cache.set(key, {"text": text, "data": data, ASKER: turn.user.id})
        except Exception as exc:
            _KNOWLEDGE_CACHE.failed(exc)
        return Reply(text, dict(data))

    def _knowledge(self, turn: Turn) -> Reply:
        """The knowledge answer, with what a follow-up to it needs (``Knowledge.remember``:
        kept in the conversation's state, not shown)."""
        reply = self._knowledge_answer(turn)
        reply.data["knowledge"] = self.knowledge.remember(turn.text, reply.data)
        return reply

    def _switch_language(self, turn: Turn, lang: str) -> Reply:
        """A request like "speak Spanish": the user's locale changes and the reply speaks it."""
        if language.choose("", turn.user.locale) != lang:
            turn.user.locale = lang
        turn.lang = lang
        pending = (turn.conversation.state or {}).get("pending")
        with reply_locale(lang):
            text = _("OK, I'll speak English from now on.")
            if lang == "es":
                text = _("OK, from now on I'll speak Spanish.")
            return Reply(text, {"locale": turn.user.locale}, pending=pending)

    # -- the LLM path -------------------------------------------------------------------------
    def _route(self, turn: Turn) -> str | None:
        """ "tools", "knowledge" or None (local), for a configured LLM; the intent gate first."""
        if self.llm is None:
            return None
        state = turn.conversation.state or {}
        intent = turn.intent
        if state.get("pending") or intent == "repeat":
            return None  # the local dialogue owns its pending slot
        if agenda_question(turn.text) is not None or lists_week_on(turn.text):
            return None  # "am I free at 3?", "what's next?": read from the calendar, locally
        if asks_day_that_cannot_be(turn):
            return None  # "what's on 9999-12-31?": that the day cannot be, said locally
        learning = self.by_name.get("learning_path")
        if isinstance(learning, LearningPath) and learning.follows_up(turn, state):
            return None  # "ahora tengo 1000 soles": the path just shown, answered locally
        if intent == "oos":
            return "knowledge" if self._rescue(turn) else None  # refused locally
        if intent in {"cancel", "yes", "no"}:
            return "tools" if state.get("last_path") == LLM_PATH else None
        skill = self.by_intent.get(intent)
        if skill is None or skill.name == "learning_path":
            return None
        if skill is self.knowledge:
            return "knowledge"
        if turn.confidence < self.llm.policy.max_confidence:
            return "tools"
        if skill.name == "scheduling" and len(turn.text.split()) >= self.llm.policy.free_form_words:
            return "tools"
        return None

    def answer(
        self, turn: Turn, stream: bool = False
    ) -> Generator[Event, None, tuple[Reply, str, str]]:
        """The reply, its skill and its path; yields the LLM's text as it streams."""
        asked = language.requested(turn.text)
        if asked is not None:
            return self._switch_language(turn, asked), "conversation", LOCAL
        if _UNDO.match(turn.text) and (turn.conversation.state or {}).get("pending"):
            # "deshacé eso" while a question waits: the request asked about, never the change
            # made before it
            return Reply(_("OK, cancelled. Nothing was changed.")), "conversation", LOCAL
        if _UNDO.match(turn.text) or (_KEEP.match(turn.text) and _removed_last(turn)):
            return self._undo(turn), "conversation", LOCAL
        if _JUST_DID.match(turn.text):  # "what did I just book?": the last change, said again
            kept = (turn.conversation.state or {}).get("undo")
            if not kept:
                return (
                    Reply(_("I haven't changed anything in this conversation yet.")),
                    ("conversation"),
                    LOCAL,
                )
            last = _("My last change in this conversation: %(what)s", what=change_said(kept, turn))
            # what was shown stays shown: "remind me half an hour before" next is about it
            shown = (turn.conversation.state or {}).get("shown")
            return Reply(last, {"shown": shown} if shown else {}), "conversation", LOCAL
        route = self._route(turn)
        if route is None or self.llm is None:
            reply, skill = self._local(turn)
            return reply, skill, LOCAL
        llm = self.llm
        hits: list[Hit] = []
        prompt: list[dict[str, Any]] = []
        key = ""
        if route == "knowledge":
            hits = self.knowledge.passages(turn.text, lang=turn.lang)
            if not hits:  # nothing to answer from: the local "I don't know", no call
                reply, skill = self.respond(turn)
                return reply, skill, LOCAL
            # the key is the whole prompt the model is asked (its question is the normalized
            # one, the reply's language and the passages are in it): whatever shaped the
            # answer shared with every user asking the same is in the key (review 176, S-M1)
            prompt = llm.knowledge_prompt(turn, hits)
            key = llm.cache_key("faq", prompt_digest(prompt))
            hit = self._cache_get(key)
            if hit is not None:
                return _from_cache(hit, turn), "knowledge", LLM_PATH
        # A user's LLM turns are capped per window (SLIPWAY_LLM_TURN_LIMIT: what one user's
        # chat may cost); over it, the local path answers
        if not self.llm_budget(turn.user.id):
            log.info("the user's llm turns are at their limit; the local path answers")
            return self._local_instead(turn, "llm_budget")
        # Turns in flight are capped per process and per user (app.llm.slots): one user's slow
        # turns never hold every thread of the worker; over a cap, the local path answers now
        if not llm.in_flight.take(turn.user.id):
            log.info("llm turns in flight at their cap; the local path answers")
            return self._local_instead(turn, "llm_busy")
        try:
            return (yield from self._on_llm(turn, llm, route, hits, prompt, key, stream))
        finally:
            llm.in_flight.give(turn.user.id)

    def _local_instead(self, turn: Turn, reason: str) -> tuple[Reply, str, str]:
        """The local path's answer to a turn the LLM would have taken, and why it did not."""
        metrics.LLM_FALLBACKS.labels(reason).inc()
        reply, skill = self._local(turn)
        reply.data = {**reply.data, "fallback_reason": reason}
        return reply, skill, FALLBACK

    def _local(self, turn: Turn) -> tuple[Reply, str]:
        """The local path's answer, with what it wrote kept for "undo"."""
        undo = UndoLog()
        with undo.recording(turn.session):
            reply, skill = self.respond(turn)
            turn.session.flush()
        reply.undo = _kept(undo, turn, reply)
        return reply, skill

    def _on_llm(
        self,
        turn: Turn,
        llm: LLM,
        route: str,
        hits: list[Hit],
        prompt: list[dict[str, Any]],
        key: str,
        stream: bool,
    ) -> Generator[Event, None, tuple[Reply, str, str]]:
        """The LLM path's turn (the local path answers if it fails)."""
        # Nothing stays open while the model answers: what the request wrote so far commits
        # now (a new conversation is stored only with the turn's messages, at its end), each
        # tool call commits on its own (converse), and the undo log reverses those calls in one
        # short transaction if the turn falls back.
        turn.session.commit()
        engine = turn.session.get_bind()
        if isinstance(engine, Engine):
            _recover_user(engine, turn.user.id)  # this user's abandoned turns, before this one
        # the log is kept in the turn journal too, with each tool call's commit: if this process
        # dies before the turn ends, the recovery reverses what the calls wrote
        undo = UndoLog(
            journal=journal.Journal.for_turn(
                turn.user.id, turn.conversation.id, llm.policy.deadline
            )
        )
        try:
            deadline = llm.deadline()
            with undo.recording(turn.session):
                if route == "knowledge":
                    result: LLMReply = yield from llm.phrase(turn, hits, prompt, deadline, stream)
                    self._cache_set(
                        key, {"text": result.text, "data": result.data, ASKER: turn.user.id}
                    )
                else:
                    result = yield from llm.converse(turn, self.tools, deadline, stream)
        except GeneratorExit:
            # the client closed the stream before the end: the turn is not stored, so what its
            # tool calls wrote is reversed too (nothing half-done, no duplicate on a retry)
            if undo:
                undo.apply(turn.session)
                log.info("stream closed by the client; the turn's tool calls were undone")
            metrics.LLM_FALLBACKS.labels("client_closed").inc()
            raise
        except Exception as exc:
            undo.apply(turn.session)
            reason = exc.reason if isinstance(exc, LLMFailure) else "error"
            log.warning(
                "llm path failed; the local path answers",
                exc_info=not isinstance(exc, LLMFailure),
                extra={"reason": reason, "detail": str(exc)},
            )
            metrics.LLM_FALLBACKS.labels(reason).inc()
            try:
                yield Reset()  # the stream's reader sees whether its client is still there
            except GeneratorExit:
                log.info("stream closed by the client; the local path does not answer")
                metrics.LLM_FALLBACKS.labels("client_closed").inc()
                raise
            reply, skill = self.respond(turn)
            reply.data = {**reply.data, "fallback_reason": reason}
            if isinstance(exc, LLMFailure) and exc.tools:
                reply.data["llm_tools"] = exc.tools  # what each refused or undone call gave
            return reply, skill, FALLBACK
        owner = self.by_intent.get(turn.intent)
        skill_name = result.skill or (owner.name if owner is not None else "conversation")
        reply = Reply(result.text, result.data)
        reply.undo = _kept(undo, turn, reply)
        return reply, skill_name, LLM_PATH

    def _undo(self, turn: Turn) -> Reply:
        """ "undo": the last change kept in the conversation (see :func:`_kept`), reversed."""
        kept = (turn.conversation.state or {}).get("undo")
        if not kept:
            return Reply(_("There is nothing to undo in this conversation."))
        if (full := over_limit(kept["log"], turn)) is not None:
            return Reply(full)  # nothing changed; the change stays undoable once there is room
        if not undo_saved(turn.session, kept["log"]):
            changed = _("That has changed since, so I didn't undo it. Nothing was changed.")
            return Reply(changed, undo={})
        undone = _("I undid my last change (“%(what)s”).", what=change_said(kept, turn))
        return Reply(undone, {"undone": True}, undo={})

    def _cache_get(self, key: str) -> dict[str, Any] | None:
        if self.cache is None:
            return None
        try:
            hit = self.cache.get(key)
            _RESPONSE_CACHE.ok()
        except Exception as exc:
            _RESPONSE_CACHE.failed(exc)
            return None
        # an entry that is not clean text (stored before the model's text was cleaned, or by
        # anything else) is ignored: answered again, never served
        found = isinstance(hit, dict) and is_clean(hit.get("text"))
        metrics.CACHE.labels("hit" if found else "miss").inc()
        return hit if found else None

    def _cache_set(self, key: str, value: dict[str, Any]) -> None:
        if self.cache is None:
            return
        try:
            self.cache.set(key, value)
        except Exception as exc:
            _RESPONSE_CACHE.failed(exc)

    # -- one turn, stored ---------------------------------------------------------------------
    def chat_events(
        self,
        session: Session,
        user: User,
        conversation: Conversation,
        text: str,
        model: IntentModel,
        model_version: str,
        request_id: str = "",
        stream: bool = False,
        route: str = "/v1/chat",
    ) -> Generator[Event, None, Answer]:
        """One turn, stored; yields the LLM's text as it streams (:class:`Delta`/:class:`Reset`)."""
        started = time.perf_counter()
        if time.monotonic() >= self.sweeper.next:  # now and then: every abandoned LLM turn
            bind = session.get_bind()
            if isinstance(bind, Engine):
                self.sweeper.maybe(bind)
        now = datetime.now(UTC)
        typed, text = text, texting.readable(text)  # read without what nobody sees, stored as typed
        before = (conversation.state or {}).get("lang")
        lang = language.choose(_spoken(text), before, user.locale)
        waits = bool((conversation.state or {}).get("pending"))
        if before in LANGUAGES and lang != before and language.short(text):
            # A short message keeps the conversation's language when a question waits in it
            # ("thanks" to "¿… a las 6:00 o a las 18:00?": probe 40, U-M13, the question asked
            # again in Spanish under lang "en"), and when it is a borrowed courtesy word that is
            # not the user's own language ("sorry, 6:30" from a Spanish speaker: probe 41, R-M6,
            # answered in English). "thanks" from an English speaker whose conversation went on
            # in Spanish, or "deshaz eso", still switch.
            own = language.choose("", user.locale)
            if waits or (lang != own and language.courtesy(text)):
                lang = before
        said = texting.written_out(text, lang)  # "tmrw @5", "w/ Sarah n Tom", "a q hora"
        # the model reads the message as typed: on the held-out knowledge messages that beats
        # reading it written out, and reading both (the surer, or the written one when the typed
        # one is refused) by one or two messages each; but Spanish "usted" and "vos" forms as
        # "tú" ("anote pagar el arriendo": oos 0.30 as typed, a to-do 0.87 as "anota")
        prediction = model.predict(texting.as_tu(text) if lang == "es" else text)
        opened = prediction.intent in {"greeting", "oos"}
        asked = texting.after_greeting(text) if opened else None
        thanked = prediction.intent in {"greeting", "oos", "thank_you", "yes"}
        if asked is None and thanked and not waits:
            # "brilliant, cheers. how do I enrol?": the question, not the thanks (probe 42,
            # K-M5: refused as out of scope); "ok, do it" to a question is its answer, whole
            asked = after_acknowledgement(text)
        if asked is not None:
            # "hola buenas, q hora es?": the question, not the greeting; "hola! what time do you
            # close on saturdays?" refused for its greeting in another language, "hello! what
            # time do you close on saturday?" greeted back: the question, out of scope or not
            # (the knowledge base may still answer it: ``_rescue``) (probe 40, U-M6)
            after = model.predict(asked)
            question = after.intent == "oos" and prediction.intent == "greeting" and "?" in asked
            if after.intent not in {"greeting", "oos"} or question:
                prediction, said = after, texting.written_out(asked, lang)
        turn = Turn(
            text=said,
            intent=prediction.intent,
            confidence=prediction.confidence,
            top_intent=prediction.top_intent,
            user=user,
            conversation=conversation,
            session=session,
            now=now,
            model_version=model_version,
            lang=lang,
            typed=typed,
        )
        with reply_locale(turn.lang):
            reply, skill, path = yield from self.answer(turn, stream)
        # what "it"/"the second one" refer to next, what "show me the rest" shows and what was
        # asked ("and tomorrow?")
        # and the last knowledge question ("¿y en Arequipa?"), what was just done to which
        # items ("and the other one too")
        listed = {
            key: reply.data.pop(key, None)
            for key in ("shown", "more", "asked", "knowledge", "acted")
        }
        # the last numbered list the user saw, kept until another is shown ("the 3rd" is its)
        listed["list"] = reply.data.pop("list", None) or (conversation.state or {}).get("list")
        listed["aside_of"] = _aside_of(conversation.state or {}, turn, reply, skill)

        def store() -> int:
            return self._store(
                turn, reply, skill, path, listed, prediction, started, request_id, route
            )

        try:
            message_id = store()
        except StaleDataError:
            # Another turn of this conversation stored first (conversations.version): this
            # turn's writes are rolled back whole. On the local path nothing else was written,
            # so the caller answers the message again from the state the other turn left (a
            # second "yes" to one question finds nothing to confirm). The LLM path's tool calls
            # committed on their own, as separate requests would have: only this turn's
            # state and messages are stored again, over the other turn's state.
            session.rollback()
            if path == LOCAL:
                raise ConversationChanged(conversation.id) from None
            try:
                message_id = store()
            except StaleDataError:
                session.rollback()
                raise ConversationChanged(conversation.id) from None
        metrics.observe_turn(prediction.intent, prediction.confidence, skill, path)
        return Answer(
            conversation_id=conversation.id,
            message_id=message_id,
            reply=reply.text,
            intent=prediction.intent,
            confidence=round(prediction.confidence, 6),
            skill=skill,
            path=path,
            data=reply.data,
            pending=reply.pending is not None,
            cached=reply.cached,
            lang=turn.lang,
        )

    def _store(
        self,
        turn: Turn,
        reply: Reply,
        skill: str,
        path: str,
        listed: dict[str, Any],
        prediction: Any,
        started: float,
        request_id: str,
        route: str,
    ) -> int:
        """Store a turn: the conversation's state, its two messages and its request-log row, in
        one transaction; the assistant message's id. ``StaleDataError`` when another turn
        changed the conversation since it was read (nothing is stored then)."""
        session, conversation, now = turn.session, turn.conversation, turn.now
        text = turn.typed or turn.text  # the history keeps the message as typed
        previous = (conversation.state or {}).get("undo")
        conversation.state = {
            "undo": (reply.undo if reply.undo is not None else previous) or None,
            "pending": reply.pending,
            "last_reply": reply.text,
            "last_skill": skill,
            "last_path": path,
            "lang": turn.lang,
            **listed,
        }
        conversation.updated_at = now
        connection = session.connection()
        if conversation.id is None:
            # A new conversation is stored with its first turn, by an insert that returns its id
            # (the object stays out of the session: this request does not change it again).
            [(conversation.id,)] = _INSERT_CONVERSATION.execute(
                connection,
                user_id=conversation.user_id,
                state=conversation.state,
                created_at=now,
                updated_at=now,
            )
        # The turn's two messages and its request-log row, in the same transaction as the
        # conversation (no ORM objects to build and track for rows this request never reads
        # again); the assistant message's id comes back from the INSERT.
        latency_ms = (time.perf_counter() - started) * 1000
        model_version = turn.model_version
        rows = (
            (conversation.id, "user", text, None, None, None, None, now),
            (
                conversation.id,
                "assistant",
                reply.text,
                prediction.intent,
                prediction.confidence,
                skill,
                path,
                datetime.now(UTC),
            ),
        )
        stored = _INSERT_MESSAGES.execute(
            connection,
            **{
                f"{name}_{i}": value
                for i, row in enumerate(rows)
                for name, value in zip(_MESSAGE_COLUMNS, row, strict=True)
            },
        )
        message_id: int = next(id_ for id_, role in stored if role == "assistant")
        _INSERT_REQUEST_LOG.execute(
            connection,
            created_at=datetime.now(UTC),
            request_id=request_id,
            user_id=turn.user.id,
            route=route,
            status=200,
            intent=prediction.intent,
            confidence=prediction.confidence,
            skill=skill,
            path=path,
            latency_ms=latency_ms,
            model_version=model_version,
        )
        if "messages" in conversation.__dict__:  # loaded this request: reread on next use
            session.expire(conversation, ["messages"])
        journal.finish(session)  # an LLM turn's journal entry goes with the turn's storing
        session.commit()  # the conversation's UPDATE checks its version here
        journal.forget(session)
        return message_id


#: How much of the reply that made a change "undo" quotes back
UNDO_QUOTE = 160


# A note said as "cue: its words" ("anote: comprar tóner", "pendiente: revisar contrato", "todo:
# buy milk"): the words after the colon are the item, in whatever language it is named
_NOTE_SHAPE = re.compile(r"^\W*(?P<cue>[^\W\d_]+(?:\s+[^\W\d_]+)?)\s*:\s*(?=\S)(?!\d)")


def _spoken(text: str) -> str:
    """The part of a message that says which language the user speaks: a note's cue, never the
    item's words after it ("anote: comprar tóner" is no English for "tóner"); else all of it. A
    cue that says nothing of the language leaves it to the conversation, and in a conversation's
    first message to the user's locale."""
    note = _NOTE_SHAPE.match(text)
    return note["cue"] if note is not None else text


#: What a question asked aside is ("what time is it?", "hola", "thanks"): a knowledge
#: question before it is still the one a course follow-up after it is about
_ASIDE_INTENTS = frozenset(
    {"time", "date", "timezone", "tell_joke", "are_you_a_bot", "what_is_your_name",
     "who_made_you", "greeting", "thank_you"}
)  # fmt: skip


def _aside_of(state: dict[str, Any], turn: Turn, reply: Reply, skill: str) -> dict[str, Any] | None:
    """The last knowledge question kept over a question asked aside right after its answer
    ("how much is the power bi course?" → "what time is it?" → "how many hours is it?": about
    Power BI, probe 43 N-M3); one aside only, and none that asks or does something."""
    asked = state.get("knowledge")
    if (
        state.get("last_skill") != "knowledge"
        or not isinstance(asked, dict)
        or asked.get("unanswered")
        or skill not in {"scheduling", "conversation"}
        or turn.intent not in _ASIDE_INTENTS
        or reply.pending is not None
    ):
        return None
    return asked


def _dropped(reply: Reply) -> Reply:
    """``reply`` saying that the request that waited for an answer was dropped."""
    dropped = _("(I dropped your earlier request, which was waiting for an answer.)")
    reply.text = f"{reply.text}\n\n{dropped}"
    return reply


def _removed_last(turn: Turn) -> bool:
    """Whether the conversation's last change removed something ("cancel the SQL reminder"):
    then "actually no, keep it" takes it back."""
    state = turn.conversation.state or {}
    if state.get("pending"):  # "déjalo" to a question: never mind the question
        return False
    kept = state.get("undo") or {}
    log = kept.get("log") or {}
    return bool(log.get("deleted")) and not log.get("inserted")


def _recover_user(engine: Engine, user_id: int) -> None:
    """The user's abandoned LLM turns reversed (one indexed query when there are none)."""
    try:
        journal.recover(engine, user_id=user_id)
    except exc.SQLAlchemyError:
        log.warning("the user's turn journal could not be swept", exc_info=True)


def _kept(undo: UndoLog, turn: Turn, reply: Reply) -> dict[str, Any] | None:
    """What a turn wrote, kept for a later "undo" with the first line of its reply; None when
    it wrote nothing (the change kept before stays)."""
    log = undo.saved(turn.session)
    if log is None:
        return None
    first = reply.text.strip().splitlines()[0] if reply.text.strip() else ""
    what = first if len(first) <= UNDO_QUOTE else first[: UNDO_QUOTE - 1] + "…"
    return {"log": log, "what": what, "lang": turn.lang}
