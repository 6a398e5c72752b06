"""The dialogue: message → intent model → skill → reply, with the conversation's memory.

The conversation remembers a pending action (a slot to fill or a yes/no to get) and the last
reply; ``cancel``, ``yes``, ``no`` and ``repeat`` act on those before any skill is asked.
"""

from __future__ import annotations

import logging
import re
import time
import unicodedata
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from flask_caching import Cache
from sqlalchemy.orm import Session

from app import metrics
from app.db.tables import Conversation, Message, RequestLog, User
from app.skills.base import Reply, Skill, Turn
from app.skills.conversation import Conversation as ConversationSkill
from app.skills.knowledge import Knowledge, KnowledgeBase
from app.skills.learning_path import LearningPath
from app.skills.out_of_scope import OutOfScope
from app.skills.scheduling import Scheduling
from models.intent import IntentModel

log = logging.getLogger(__name__)
PATH = "local"  # the LLM issue adds "llm" and "fallback"
CONTROL = frozenset({"cancel", "yes", "no", "repeat"})
_SCHEDULED = re.compile(r"\b(meeting|appointment|call with|event|reminder|alarm|timer)s?\b", re.I)


def normalize_question(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


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


class Assistant:
    """The skills, routed by intent, plus the dialogue rules around them."""

    def __init__(
        self,
        kb: KnowledgeBase,
        faq_min_score: float,
        cache: Cache | None,
        rescue_score: float = float("inf"),
        rescue_max_confidence: float = 0.0,
    ) -> None:
        self.knowledge = Knowledge(kb, faq_min_score)
        self.rescue_score = rescue_score
        self.rescue_max_confidence = rescue_max_confidence
        self.skills: list[Skill] = [
            Scheduling(),
            self.knowledge,
            ConversationSkill(),
            LearningPath(),
            OutOfScope(),
        ]
        self.by_intent = {intent: s for s in self.skills for intent in s.intents}
        self.by_name = {s.name: s for s in self.skills}
        self.fallback = self.by_name["out_of_scope"]
        self.cache = cache

    # -- dialogue rules ---------------------------------------------------------------------
    def respond(self, turn: Turn) -> tuple[Reply, str]:
        state = turn.conversation.state or {}
        pending: dict[str, Any] | None = state.get("pending")
        intent = turn.intent
        if intent == "repeat":
            last = state.get("last_reply")
            if not last:
                return Reply("I haven't said anything yet in this conversation."), "conversation"
            return Reply(str(last), pending=pending), str(state.get("last_skill", "conversation"))
        if pending is not None:
            skill = self.by_name.get(str(pending.get("skill")), self.fallback)
            if intent == "cancel" or (intent == "no" and pending.get("awaiting") == "confirm"):
                text = "OK, cancelled." if intent == "cancel" else "OK, I won't."
                return Reply(f"{text} Nothing was changed."), skill.name
            if pending.get("awaiting") == "confirm":
                if intent == "yes":
                    return skill.confirm(turn, pending), skill.name
                if intent in CONTROL or intent == "oos":
                    again = Reply(f"Please answer yes or no. {pending.get('prompt', '')}".strip())
                    again.pending = pending
                    return again, skill.name
            else:
                resumed = skill.resume(turn, pending)
                if resumed is not None:
                    return resumed, skill.name
                if intent in CONTROL or intent == "oos":
                    prompt = str(pending.get("prompt", ""))
                    again = Reply(f"Sorry, I didn't catch that. {prompt}".strip(), pending=pending)
                    return again, skill.name
            # anything else: the user moved on; the pending action is dropped
        if intent == "cancel" and _SCHEDULED.search(turn.text):
            # "cancel my meeting with Ana": not the dialogue's cancel, the calendar's
            kind = "reminder_update" if re.search(r"remind", turn.text, re.I) else "calendar_update"
            kind = "alarm" if re.search(r"\balarm", turn.text, re.I) else kind
            return self.by_name["scheduling"].handle(replace(turn, intent=kind)), "scheduling"
        if intent in {"cancel", "yes", "no"}:
            word = {"cancel": "cancel", "yes": "confirm", "no": "decline"}[intent]
            return Reply(f"There is nothing to {word} right now."), "conversation"
        skill = self.by_intent.get(intent, self.fallback)
        if intent == "oos" and self._rescue(turn):
            skill = self.knowledge
        if skill is self.knowledge:
            return self._knowledge(turn), skill.name
        return skill.handle(turn), skill.name

    def _rescue(self, turn: Turn) -> bool:
        """An unsure out-of-scope label over a question the knowledge base clearly answers."""
        hits = self.knowledge.kb.search(turn.text, k=1)
        if not hits:
            return False
        if turn.top_intent == "faq":
            return hits[0].score >= self.knowledge.min_score
        return turn.confidence < self.rescue_max_confidence and hits[0].score >= self.rescue_score

    def _knowledge(self, turn: Turn) -> Reply:
        if self.cache is None:
            return self.knowledge.handle(turn)
        key = f"faq:{turn.model_version}:{normalize_question(turn.text)}"
        try:
            hit = self.cache.get(key)
        except Exception:  # the cache is an optimisation: answer without it
            log.warning("knowledge cache unavailable", exc_info=True)
            hit = None
        if isinstance(hit, dict) and "text" in hit:
            metrics.CACHE.labels("hit").inc()
            return Reply(str(hit["text"]), dict(hit.get("data", {})), cached=True)
        metrics.CACHE.labels("miss").inc()
        text, data = self.knowledge.answer(turn.text)
        try:
            self.cache.set(key, {"text": text, "data": data})
        except Exception:
            log.warning("knowledge cache unavailable", exc_info=True)
        return Reply(text, dict(data))

    # -- one turn, stored ---------------------------------------------------------------------
    def chat(
        self,
        session: Session,
        user: User,
        conversation: Conversation,
        text: str,
        model: IntentModel,
        model_version: str,
        request_id: str = "",
    ) -> Answer:
        started = time.perf_counter()
        now = datetime.now(UTC)
        prediction = model.predict(text)
        turn = Turn(
            text=text,
            intent=prediction.intent,
            confidence=prediction.confidence,
            top_intent=prediction.top_intent,
            user=user,
            conversation=conversation,
            session=session,
            now=now,
            model_version=model_version,
        )
        reply, skill = self.respond(turn)
        session.add(
            Message(conversation_id=conversation.id, role="user", text=text, created_at=now)
        )
        message = Message(
            conversation_id=conversation.id,
            role="assistant",
            text=reply.text,
            intent=prediction.intent,
            confidence=prediction.confidence,
            skill=skill,
            path=PATH,
            created_at=datetime.now(UTC),
        )
        session.add(message)
        conversation.state = {
            "pending": reply.pending,
            "last_reply": reply.text,
            "last_skill": skill,
        }
        conversation.updated_at = now
        latency_ms = (time.perf_counter() - started) * 1000
        session.add(
            RequestLog(
                request_id=request_id,
                user_id=user.id,
                route="/v1/chat",
                status=200,
                intent=prediction.intent,
                confidence=prediction.confidence,
                skill=skill,
                path=PATH,
                latency_ms=latency_ms,
                model_version=model_version,
            )
        )
        session.commit()
        metrics.observe_turn(prediction.intent, prediction.confidence, skill, PATH)
        return Answer(
            conversation_id=conversation.id,
            message_id=message.id,
            reply=reply.text,
            intent=prediction.intent,
            confidence=round(prediction.confidence, 6),
            skill=skill,
            path=PATH,
            data=reply.data,
            pending=reply.pending is not None,
            cached=reply.cached,
        )
