"""Conversation: greetings, goodbyes, thanks, help, who the assistant is, and jokes."""

from __future__ import annotations

from app.skills.base import CAPABILITIES, Reply, Skill, Turn

JOKES = (
    "Why did the developer go broke? Because they used up all their cache.",
    "I told my calendar a joke about meetings. It said it had no time for that.",
    "Why do programmers prefer dark mode? Because light attracts bugs.",
    "Why was the to-do list so calm? It had everything in order.",
    "What do you call a reminder that never stops? A re-re-re-minder.",
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
        name = turn.user.name
        replies = {
            "greeting": f"Hello {name}! How can I help? You can ask me what I can do.",
            "goodbye": f"Goodbye {name}, talk soon!",
            "thank_you": "You're welcome!",
            "what_can_i_ask_you": f"I can {CAPABILITIES}. Try “book a meeting with Ana "
            "tomorrow at 3pm” or “how much does a bootcamp cost?”.",
            "are_you_a_bot": "Yes, I'm a bot: Slipway, an automated assistant. I'm not a person.",
            "what_is_your_name": "I'm Slipway, Ruta Academy's assistant.",
            "who_made_you": "I was built by the Slipway team for Ruta Academy, with an intent "
            "model trained on their own data.",
        }
        if turn.intent == "tell_joke":
            count = len(turn.conversation.messages) if turn.conversation.id else 0
            return Reply(JOKES[(count // 2) % len(JOKES)])
        return Reply(replies.get(turn.intent, "Hello!"))
