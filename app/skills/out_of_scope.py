"""Out of scope: anything the model labels ``oos`` or is not confident about."""

from __future__ import annotations

from app.skills.base import CAPABILITIES, Reply, Skill, Turn


class OutOfScope(Skill):
    name = "out_of_scope"
    intents = frozenset({"oos"})

    def handle(self, turn: Turn) -> Reply:
        return Reply(
            f"Sorry, I can't help with that. I can {CAPABILITIES}.",
            {"top_intent": turn.top_intent},
        )
