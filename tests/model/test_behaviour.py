"""Behavioural tests of the trained intent model (minimum functionality, invariance, OOS)."""

from __future__ import annotations

import pytest

MINIMUM = [
    ("book a meeting with Carla next Tuesday at 3pm", "schedule_meeting"),
    ("when is my meeting with the mentor", "meeting_schedule"),
    ("what's on my calendar tomorrow", "calendar"),
    ("remind me to pay the rent on friday", "reminder_update"),
    ("what reminders do I have", "reminder"),
    ("add buy printer ink to my to-do list", "todo_list_update"),
    ("set a timer for 10 minutes", "timer"),
    ("wake me up at 6:30 tomorrow", "alarm"),
    ("what time is it", "time"),
    ("hello there", "greeting"),
    ("thanks a lot", "thank_you"),
    ("are you a robot", "are_you_a_bot"),
    ("tell me a joke", "tell_joke"),
    ("what should I study to become a data analyst", "learning_path"),
]

OUT_OF_SCOPE = [
    "book a flight to Cusco for next week",
    "what's my credit card balance",
    "how do I make ceviche",
    "set the thermostat to 22 degrees",
    "who won the football match last night",
]


@pytest.mark.parametrize(("text", "intent"), MINIMUM)
def test_minimum_functionality(trained, text: str, intent: str) -> None:  # type: ignore[no-untyped-def]
    model, _, _ = trained
    assert model.predict(text).intent == intent


@pytest.mark.parametrize("name", ["mom", "Rosa", "Luis Mamani", "my landlord"])
def test_invariant_to_names(trained, name: str) -> None:  # type: ignore[no-untyped-def]
    model, _, _ = trained
    assert model.predict(f"remind me to call {name} at 5pm").intent == "reminder_update"
    assert model.predict(f"set up a meeting with {name} on Monday").intent == "schedule_meeting"


def test_out_of_scope_is_refused_mostly(trained) -> None:  # type: ignore[no-untyped-def]
    model, _, _ = trained
    refused = sum(model.predict(t).intent == "oos" for t in OUT_OF_SCOPE)
    assert refused >= len(OUT_OF_SCOPE) - 1


def test_confidence_is_a_probability(trained) -> None:  # type: ignore[no-untyped-def]
    model, _, _ = trained
    for text in ("hi", "asdfgh", "remind me", ""):
        p = model.predict(text)
        assert 0.0 <= p.confidence <= 1.0
