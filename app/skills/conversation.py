"""Conversation: greetings, goodbyes, thanks, help, who the assistant is, and jokes."""

from __future__ import annotations

from app.i18n import _, lazy_gettext
from app.skills.base import Reply, Skill, Turn, capabilities

JOKES = (
    lazy_gettext("Why did the developer go broke? Because they used up all their cache."),
    lazy_gettext("I told my calendar a joke about meetings. It said it had no time for that."),
    lazy_gettext("Why do programmers prefer dark mode? Because light attracts bugs."),
    lazy_gettext("Why was the to-do list so calm? It had everything in order."),
    lazy_gettext("What do you call a reminder that never stops? A re-re-re-minder."),
)


class Conversation(Skill):
    name = "conversation"
    intents = frozenset(
        {
            "greeting", "goodbye", "thank_you", "what_can_i_ask_you", "are_you_a_bot",
            "what_is_your_name", "who_made_you", "tell_joke",
        }
    )  # fmt: skip

    def handle(self, turn: Turn) -> Reply:
        if turn.intent == "tell_joke":
            count = len(turn.conversation.messages) if turn.conversation.id else 0
            return Reply(str(JOKES[(count // 2) % len(JOKES)]))
        name = turn.user.name
        if turn.intent == "greeting":
            text = _("Hello %(name)s! How can I help? You can ask me what I can do.", name=name)
        elif turn.intent == "goodbye":
            text = _("Goodbye %(name)s, talk soon!", name=name)
        elif turn.intent == "thank_you":
            text = _("You're welcome!")
        elif turn.intent == "what_can_i_ask_you":
            text = _(
                "I can %(capabilities)s. Try “book a meeting with Ana tomorrow at 3pm”, “how "
                "much does a bootcamp cost?” or “I know Excel, I want a data job”.",
                capabilities=capabilities(),
            )
        elif turn.intent == "are_you_a_bot":
            text = _("Yes, I'm a bot: Slipway, an automated assistant. I'm not a person.")
        elif turn.intent == "what_is_your_name":
            text = _("I'm Slipway, Ruta Academy's assistant.")
        elif turn.intent == "who_made_you":
            text = _(
                "I was built by the Slipway team for Ruta Academy, with an intent model trained "
                "on their own data."
            )
        else:
            text = _("Hello!")
        return Reply(text)
