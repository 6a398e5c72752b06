"""The one interface every skill implements, and what a turn and a reply carry."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from app import language
from app.db.tables import Conversation, User
from app.i18n import _, reply_locale

if TYPE_CHECKING:
    from app.skills.knowledge import KnowledgeBase


def capabilities() -> str:
    """Everything the assistant can do, in the current language (the help and the out-of-scope
    replies say it): each registered skill's ``capability`` in the registry's order
    (:mod:`app.skills.registry`), "A; B; and C"."""
    from app.skills import registry  # the registry imports every skill, this module's users too

    said = [str(skill.capability) for skill in registry.SKILLS if skill.capability is not None]
    if len(said) < 2:
        return "".join(said)
    return _("%(some)s; and %(last)s", some="; ".join(said[:-1]), last=said[-1])


@dataclass(frozen=True)
class SkillSetup:
    """What the app hands the skills it builds (:meth:`Skill.build`): the knowledge base and its
    score threshold; a skill that needs more adds a field here and reads it in its ``build``."""

    kb: KnowledgeBase
    faq_min_score: float


@dataclass
class Turn:
    """One user message after the intent model has read it."""

    text: str
    intent: str
    confidence: float
    top_intent: str
    user: User
    conversation: Conversation
    session: Session
    now: datetime  # aware UTC
    model_version: str = ""
    lang: str = "en"  # the reply's language ("en" or "es"): the message's, else the user's locale
    typed: str = ""  # the message as typed, when ``text`` has its shorthand written out

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.user.timezone)


@dataclass
class Reply:
    """What a skill answers; ``pending`` is an unfinished action the next message may complete."""

    text: str
    data: dict[str, Any] = field(default_factory=dict)
    pending: dict[str, Any] | None = None
    cached: bool = False
    # what the turn wrote, kept for "undo" (app.db.undo); {} forgets the one kept before
    undo: dict[str, Any] | None = None

    def keeps(self, pending: dict[str, Any]) -> bool:
        """A reply given aside while ``pending`` waits ("what time is it?" to "At what time on
        Monday?"): unless it asks a question of its own, the waiting question is asked again
        after it and stays pending (True); False when it asks one."""
        if self.pending is not None:
            return False
        self.text = f"{self.text}\n\n{pending.get('prompt', '')}".strip()
        self.pending = pending
        return True


# A name or a title quoted in a question ("¿Cancelo “Meeting with Jessica”?"): not its language
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")


def asked_again(prompt: str, turn: Turn, yes_or_no: bool = False) -> str:
    """A question asked again after an answer that did not answer it, led by "Sorry, I didn't
    catch that." (``yes_or_no``: "Please answer yes or no.") in the question's own language,
    so that the reply is one language whatever the answer's was ("el sábado" to an English
    question); when the question's cannot be told, the conversation's (the language of the
    reply that asked it), else the turn's."""
    said = language.detect(_QUOTED.sub(" ", prompt)) if prompt else None
    asked = (turn.conversation.state or {}).get("lang")
    with reply_locale(said or (asked if isinstance(asked, str) else None) or turn.lang):
        lead = _("Please answer yes or no.") if yes_or_no else _("Sorry, I didn't catch that.")
    return f"{lead} {prompt}".strip()


class Skill(ABC):
    """A skill answers the intents it owns; it may leave a pending action for the next turn.

    It is declared once, in :data:`app.skills.registry.SKILLS`; what it says about itself is
    read from there: ``label`` (the web page's badge and ``slipway chat``'s line) and
    ``capability`` (the help and the out-of-scope replies), both ``lazy_gettext("…")`` so that
    they are said in the reply's language. See docs/assistant.md, "Adding a skill"."""

    name: ClassVar[str]
    intents: ClassVar[frozenset[str]]
    #: the skill as people read it ("learning path"): ``lazy_gettext`` of a catalog text
    label: ClassVar[Any]
    #: what it can do, as "I can …" goes on ("keep your to-do list"); None: nothing to list
    capability: ClassVar[Any] = None

    @classmethod
    def build(cls, setup: SkillSetup) -> Skill:
        """The skill as the assistant serves it (one per app); a skill whose constructor takes
        arguments overrides this to read them from ``setup``."""
        return cls()

    @abstractmethod
    def handle(self, turn: Turn) -> Reply:
        """Answer a message whose intent this skill owns."""

    def resume(self, turn: Turn, pending: dict[str, Any]) -> Reply | None:
        """Fill the slot ``pending`` waits for from this message; None if the message does not."""
        return None

    def amend(self, turn: Turn, pending: dict[str, Any]) -> Reply | None:
        """The user answered the yes-or-no question of ``pending`` with a change to it ("no,
        better on Thursday"); None when the message is not such a change."""
        return None

    def confirm(self, turn: Turn, pending: dict[str, Any]) -> Reply:
        """The user said yes to ``pending``."""
        return Reply(_("Done."))
