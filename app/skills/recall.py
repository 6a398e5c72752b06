"""What the user said before: "what did I tell you earlier about grandma?", "¿qué te dije hace
rato sobre mi hijo?", "what was the first thing I asked you?", "¿qué fue lo primero que te
pregunté hoy?" (probe 40, U-M7: refused, or answered with the agenda).

The answer quotes the user's own messages, never the assistant's, from this conversation; with
"today", "yesterday" ("hoy", "ayer") or when this conversation has nothing earlier, from the
user's conversations of that day. A topic is matched by its words; nothing matching says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from app.db.tables import Conversation, Message
from app.i18n import _
from app.language import fold
from app.skills.base import Reply, Turn
from app.skills.time_reader import local_text

_LEAD = r"^(?:(?:hey|hi|so|um+|ok|okay|sorry|oye|oe|y|bueno|a ver|che|perdon)\W+)*"
_SAID_EN = r"(?:say|said|tell|told|ask|asked|write|wrote|mention|mentioned|send|sent)"
_SAID_ES = (
    r"(?:dije|habia dicho|he dicho|pregunte|habia preguntado|he preguntado|pedi|habia pedido|"
    r"conte|habia contado|escribi|mencione|mande)"
)
_ASKED = [
    # "what did I tell you earlier about grandma?", "what have I said so far"
    re.compile(
        _LEAD + rf"wh?at\s+(?:did|have|had)\s+i\s+(?:just\s+|already\s+)?{_SAID_EN}"
        r"(?:\s+(?:to\s+)?(?:you|u))?(?P<rest>(?:\s.*)?)$"
    ),
    # "what was the first thing I asked you?", "what's the last thing i said"
    re.compile(
        _LEAD + r"wh?at(?:\s+was|'s|s)\s+the\s+(?P<pos>first|last)\s+(?:thing|message|question)"
        rf"\s+i\s+{_SAID_EN}(?:\s+(?:to\s+)?(?:you|u))?(?P<rest>(?:\s.*)?)$"
    ),
    # "¿qué te dije hace rato sobre mi hijo?", "que le pregunte antes", "q te habia contado"
    re.compile(
        _LEAD + rf"(?:que|q|k)\s+(?:fue\s+lo\s+que\s+|es\s+lo\s+que\s+)?(?:te|le)\s+{_SAID_ES}"
        r"(?P<rest>(?:\s.*)?)$"
    ),
    # "¿qué fue lo primero que te pregunté hoy?", "lo ultimo que te dije"
    re.compile(
        _LEAD + r"(?:(?:que|q|k)\s+(?:fue|es)\s+)?lo\s+(?P<pos>primero|ultimo)\s+que\s+(?:te|le)"
        rf"\s+{_SAID_ES}(?P<rest>(?:\s.*)?)$"
    ),
    # "¿te acuerdas de lo que te dije sobre el uniforme?", "te acordas que te conte"
    re.compile(
        _LEAD + r"(?:te acuerdas|te acordas|se acuerda|recuerdas|recordas|do you remember)"
        rf"\s+(?:de\s+)?(?:lo\s+)?(?:que|what)\s+(?:te\s+|le\s+|i\s+)?(?:{_SAID_ES}|{_SAID_EN})"
        r"(?:\s+(?:to\s+)?(?:you|u))?(?P<rest>(?:\s.*)?)$"
    ),
]
_DAY = {
    "today": 0, "this morning": 0, "hoy": 0, "esta manana": 0, "en la manana": 0,
    "yesterday": 1, "ayer": 1,
}  # fmt: skip
_POSITION = {"first": "first", "primero": "first", "last": "last", "ultimo": "last"}
_TOPIC = re.compile(
    r"\b(?:about|regarding|on|re|sobre|acerca del?|respecto a|de lo del?|de la|del|de|con)\s+"
    r"(?P<topic>.+)$"
)
_FILLER = re.compile(
    r"\b(?:earlier|before|previously|a while ago|just now|just|so far|first|last|today|"
    r"this morning|yesterday|hace (?:un )?rato|hace un momento|hace ratito|antes|recien|"
    r"ahorita|hoy|ayer|esta manana|en la manana|primero|ultimo|please|por favor|pls|porfa|"
    r"you|u|te|me)\b"
)
_STOP = frozenset(
    {
        "my", "the", "a", "an", "your", "his", "her", "our", "their", "this", "that",
        "mi", "mis", "el", "la", "los", "las", "un", "una", "unos", "unas", "tu", "tus", "su",
        "sus", "lo", "al", "nuestro", "nuestra", "to", "of", "for", "with", "y", "and",
    }
)  # fmt: skip
SHOWN = 3  # messages quoted for a topic (the latest ones)


@dataclass(frozen=True)
class Recall:
    """What a recall question asks: the first or last message, or those about ``topic``, from
    this conversation or the day ``days_ago`` (0 today)."""

    position: str | None = None  # "first" or "last"
    topic: tuple[str, ...] = ()  # the topic's words, folded
    said_topic: str = ""  # the topic as the user wrote it
    days_ago: int | None = None


def recall_asked(text: str) -> Recall | None:
    """The recall question ``text`` asks, or None when it asks none."""
    plain = " ".join(re.sub(r"[¿?¡!.,;:]+", " ", fold(text)).split())
    for pattern in _ASKED:
        m = pattern.match(plain)
        if m is None:
            continue
        rest = m.group("rest").strip()
        position = _POSITION.get(m.groupdict().get("pos") or "")
        days_ago = next((d for w, d in _DAY.items() if re.search(rf"\b{w}\b", rest)), None)
        if position is None:
            found = re.search(r"\b(first|primero|last|ultimo)\b", rest)
            position = _POSITION[found.group(1)] if found else None
        said, words = _topic(rest)
        if (
            not words
            and position is None
            and not re.search(
                r"\b(?:earlier|before|previously|while ago|just|so far|today|yesterday|rato|"
                r"momento|antes|recien|ahorita|hoy|ayer|manana)\b|^$",
                rest,
            )
        ):
            return None  # "what did I tell you to do?": not a question about the history
        return Recall(position, words, said, days_ago)
    return None


def _topic(rest: str) -> tuple[str, tuple[str, ...]]:
    m = _TOPIC.search(rest)
    if m is None:
        return "", ()
    said = " ".join(_FILLER.sub(" ", m.group("topic")).split())
    words = tuple(w for w in said.split() if w not in _STOP and len(w) > 1)
    return said, words


def _mentions(text: str, words: tuple[str, ...]) -> bool:
    said = re.findall(r"\w+", fold(text))
    return all(any(_same_word(w, s) for s in said) for w in words)


def _same_word(a: str, b: str) -> bool:
    """The same word, or one a longer form of the other ("abuela", "abuelita"; "grandma",
    "grandmas"), for words of four letters or more."""
    return a == b or (min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)))


def answer(turn: Turn, asked: Recall) -> Reply:
    """The user's own earlier messages that answer ``asked``."""
    tz = turn.tz
    day_start: datetime | None = None
    if asked.days_ago is not None:
        day = turn.now.astimezone(tz).date() - timedelta(days=asked.days_ago)
        day_start = datetime.combine(day, time(), tz)
    query = select(Message.text, Message.created_at).where(Message.role == "user")
    in_conversation = turn.conversation.id is not None and day_start is None
    if in_conversation:
        query = query.where(Message.conversation_id == turn.conversation.id)
    else:
        if day_start is None:
            day_start = datetime.combine(turn.now.astimezone(tz).date(), time(), tz)
        query = query.join(Conversation, Conversation.id == Message.conversation_id).where(
            Conversation.user_id == turn.user.id,
            Message.created_at >= day_start,
            Message.created_at < day_start + timedelta(days=1),
        )
    rows = turn.session.execute(query.order_by(Message.created_at, Message.id)).all()
    said: list[tuple[str, datetime]] = [(text, at) for text, at in rows]
    where = _where(in_conversation, asked.days_ago)
    if asked.topic:
        said = [(t, at) for t, at in said if _mentions(t, asked.topic)]
        if not said:
            return Reply(
                _(
                    "I found nothing you said about “%(topic)s” %(where)s.",
                    topic=asked.said_topic,
                    where=where,
                ),
                {"recalled": []},
            )
        head = _(
            "What you told me about “%(topic)s” %(where)s:", topic=asked.said_topic, where=where
        )
        return _quoted(head, said[-SHOWN:], turn)
    if not said:
        if in_conversation:
            nothing = _("You haven't told me anything else in this conversation yet.")
        elif asked.days_ago == 1:
            nothing = _("You told me nothing yesterday.")
        else:
            nothing = _("You haven't told me anything else today.")
        return Reply(nothing, {"recalled": []})
    if asked.position is None and asked.days_ago is not None:  # "what did I ask you yesterday?"
        head = _("What you told me %(where)s (the latest):", where=where)
        return _quoted(head, said[-SHOWN:], turn)
    if asked.position == "first":
        text, at = said[0]
        head = _(
            "The first thing you told me %(where)s (%(when)s):", where=where, when=_when(at, turn)
        )
    else:
        text, at = said[-1]
        head = _("The last thing you told me before this (%(when)s):", when=_when(at, turn))
    return Reply(f"{head} “{text}”", {"recalled": [text]})


def _quoted(head: str, shown: list[tuple[str, datetime]], turn: Turn) -> Reply:
    lines = "\n".join(f"• {_when(at, turn)}: “{text}”" for text, at in shown)
    return Reply(f"{head}\n{lines}", {"recalled": [text for text, _at in shown]})


def _where(in_conversation: bool, days_ago: int | None) -> str:
    if in_conversation:
        return _("in this conversation")
    if days_ago == 1:
        return _("yesterday")
    return _("today")


def _when(at: datetime, turn: Turn) -> str:
    """When a message was sent, as the user reads it (SQLite keeps UTC without a zone)."""
    moment = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    return local_text(moment, turn.tz, turn.now, turn.lang)
