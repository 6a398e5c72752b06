"""The skills the assistant serves, declared in one place: a new skill is a new module under
``app/skills/`` plus one line in :data:`SKILLS` (docs/assistant.md, "Adding a skill").

Everything that names the skills reads them from here: the assistant builds them and routes
each intent to the skill that owns it (:class:`app.assistant.Assistant`), the help and
out-of-scope replies list their ``capability`` (:func:`app.skills.base.capabilities`), and the
web page and ``slipway chat`` show their ``label`` in the user's language. At start the app
warns about every intent the served model predicts that no skill here owns (:func:`unowned`):
such a message would be answered as out of scope."""

from __future__ import annotations

from collections.abc import Iterable

from app.skills.base import Skill
from app.skills.conversation import Conversation
from app.skills.knowledge import Knowledge
from app.skills.learning_path import LearningPath
from app.skills.out_of_scope import OutOfScope
from app.skills.scheduling import Scheduling

#: The skills, in the order the help and the out-of-scope replies list what they can do.
SKILLS: tuple[type[Skill], ...] = (
    Scheduling,
    Knowledge,
    Conversation,
    LearningPath,
    OutOfScope,
)


#: The intents the assistant's dialogue rules answer themselves, before any skill is asked: they
#: act on the pending action or the last reply (app.assistant); no skill owns them.
DIALOGUE_INTENTS = frozenset({"cancel", "yes", "no", "repeat"})


def labels() -> dict[str, str]:
    """Each skill's label by its name, in the current language (``reply_locale`` or the
    request's)."""
    return {skill.name: str(skill.label) for skill in SKILLS}


def label_of(name: str) -> str | None:
    """The label of the skill called ``name`` in the current language; None: no such skill."""
    return labels().get(name)


def owners() -> dict[str, str]:
    """The name of the skill that owns each intent."""
    return {intent: skill.name for skill in SKILLS for intent in skill.intents}


def unowned(intents: Iterable[str]) -> list[str]:
    """The intents neither a skill nor the dialogue rules answer (sorted): a message the model
    gives one of them is answered as out of scope, whatever its confidence."""
    owned = owners()
    return sorted(set(intents) - owned.keys() - DIALOGUE_INTENTS)
