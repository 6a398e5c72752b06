"""Probe 40, U-M13: "thanks" said while a Spanish question waited got the question asked again
in Spanish under ``lang: "en"`` (a client shows or speaks it as English). A short word to a
waiting question is answered in the conversation's language; with nothing waiting a short word
still switches ("thanks" in a Spanish conversation is thanked in English)."""

from __future__ import annotations

import pytest

from tests.app.conftest import Api


@pytest.mark.parametrize("word", ["thanks", "ok", "hmm ok"])
def test_a_short_word_to_a_spanish_question_keeps_spanish(es: Api, word: str) -> None:
    asked = es.chat("agenda una reunión con Pepe")
    assert asked["pending"]
    assert asked["lang"] == "es"
    r = es.chat(word, asked["conversation_id"])
    assert r["lang"] == "es"
    assert "¿Para cuándo agendo la reunión con Pepe?" in r["reply"]


@pytest.mark.parametrize("word", ["gracias", "ya pe", "sí"])
def test_a_short_word_to_an_english_question_keeps_english(en: Api, word: str) -> None:
    asked = en.chat("book a meeting with Pepe")
    assert asked["pending"]
    assert asked["lang"] == "en"
    r = en.chat(word, asked["conversation_id"])
    assert r["lang"] == "en"
    assert "Pepe" in r["reply"]


def test_with_nothing_waiting_a_short_word_still_switches(es: Api) -> None:
    first = es.chat("hola, qué hora es")
    assert first["lang"] == "es"
    assert not first["pending"]
    r = es.chat("thanks", first["conversation_id"])
    assert (r["lang"], r["reply"]) == ("en", "You're welcome!")


@pytest.mark.parametrize(
    ("who", "greeting", "ack", "said"),
    [
        ("en", "hi", "ok", "OK! Anything else I can do for you?"),
        ("en", "hello there", "okay great", "OK! Anything else I can do for you?"),
        ("es", "hola", "ok", "¡Listo! ¿Algo más en que te pueda ayudar?"),
        ("es", "buenas", "dale", "¡Listo! ¿Algo más en que te pueda ayudar?"),
        ("es", "hola", "ya pe", "¡Listo! ¿Algo más en que te pueda ayudar?"),
    ],
)
def test_an_acknowledgement_with_nothing_waiting(
    request: pytest.FixtureRequest, who: str, greeting: str, ack: str, said: str
) -> None:
    """U-L4: "ok" after a greeting got "There is nothing to confirm right now"."""
    api: Api = request.getfixturevalue(who)
    first = api.chat(greeting)
    r = api.chat(ack, first["conversation_id"])
    assert r["reply"] == said


def test_a_yes_with_nothing_waiting_still_says_so(en: Api) -> None:
    first = en.chat("hi")
    assert en.chat("yes", first["conversation_id"])["reply"] == (
        "There is nothing to confirm right now."
    )
