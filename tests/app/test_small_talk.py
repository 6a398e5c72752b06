"""Small talk no intent names (laughter, a compliment, affection) gets a short friendly answer in
the user's language: "jajaja" was refused as out of scope with the list of capabilities, "te
quiero" was read as "who made you", "eres lo máximo" as "are you a bot". A message that asks for
something keeps its skill, even with a "jaja" in it."""

from __future__ import annotations

import pytest

from app.skills.conversation import small_talk
from tests.app.conftest import Api


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("jajaja", "laugh"),
        ("JAJAJAJ", "laugh"),
        ("jaja qué chistoso", "laugh"),
        ("lol", "laugh"),
        ("hahaha good one", "laugh"),
        ("😂😂", "laugh"),
        ("eres lo máximo", "compliment"),
        ("Eres muy útil!! 😂", "compliment"),
        ("you're awesome", "compliment"),
        ("good job, Slipway", "compliment"),
        ("buen trabajo", "compliment"),
        ("te quiero", "affection"),
        ("te quiero mucho slipway ❤️", "affection"),
        ("love you", "affection"),
        # anything more is a request, whatever the words around it
        ("la reunión es a las 3 jaja", None),
        ("I love you, remind me to call mom at 5", None),
        ("eres un bot?", None),
        ("cuéntame un chiste", None),
        ("haha no, cancel it", None),
        ("", None),
    ],
)
def test_small_talk_is_told_apart(text: str, kind: str | None) -> None:
    assert small_talk(text) == kind


@pytest.mark.parametrize(
    ("message", "reply"),
    [
        ("jajaja", "¡Qué bueno que te sacó una sonrisa! ¿Hay algo más que pueda hacer por ti?"),
        ("eres lo máximo", "¡Gracias, qué amable! ¿Qué puedo hacer por ti?"),
        ("te quiero", "¡Qué lindo! Soy un bot, pero me encanta ayudarte. ¿Qué necesitas?"),
    ],
)
def test_small_talk_is_answered_in_spanish(es: Api, message: str, reply: str) -> None:
    answer = es.chat(message)
    assert (answer["skill"], answer["reply"]) == ("conversation", reply)


@pytest.mark.parametrize(
    ("message", "reply"),
    [
        ("lol", "Glad that made you smile! Anything else I can do for you?"),
        ("you're awesome", "Thank you, that's kind of you! What can I do for you?"),
        ("love you", "That's sweet! I'm a bot, but I'm happy to help. What do you need?"),
    ],
)
def test_small_talk_is_answered_in_english(en: Api, message: str, reply: str) -> None:
    answer = en.chat(message)
    assert (answer["skill"], answer["reply"]) == ("conversation", reply)


def test_a_request_with_a_laugh_keeps_its_skill(es: Api) -> None:
    answer = es.chat("recuérdame llamar a mamá mañana a las 5 de la tarde jaja")
    assert answer["skill"] == "scheduling", answer
    assert es.get("/v1/reminders").json["reminders"][0]["due_at"][:16] == "2026-04-15T17:00"
