"""Out of scope: anything the model labels ``oos`` or is not confident about."""

from __future__ import annotations

from app.i18n import _, lazy_gettext
from app.skills.base import Reply, Skill, Turn, capabilities


class OutOfScope(Skill):
    name = "out_of_scope"
    intents = frozenset({"oos"})
    label = lazy_gettext("out of scope")

    def handle(self, turn: Turn) -> Reply:
        return Reply(
            _(
                "Sorry, I can't help with that. I can %(capabilities)s.",
                capabilities=capabilities(),
            ),
            {"top_intent": turn.top_intent},
        )
