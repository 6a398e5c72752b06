"""Probe 40, U-M13: "thanks" said while a Spanish question waited got the question asked again
in Spanish under ``lang: "en"`` (a client shows or speaks it as English). A short word to a
waiting question is answered in the conversation's language; with nothing waiting a short word
keeps the conversation's language unless it is the user's own (probe 41, R-M6)."""

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


@pytest.mark.parametrize("word", ["thanks", "sorry", "ok thanks"])
def test_with_nothing_waiting_a_loanword_keeps_the_conversations_language(
    es: Api, word: str
) -> None:
    """Probe 41, R-M6: "sorry, 6:30" from a Spanish speaker was answered in English. A short
    word in another language than the user's keeps the conversation's (it switched before)."""
    first = es.chat("hola, qué hora es")
    assert first["lang"] == "es"
    assert not first["pending"]
    r = es.chat(word, first["conversation_id"])
    assert r["lang"] == "es"
    if word != "sorry":
        assert r["reply"] == "¡De nada!"


def test_a_spanish_speakers_correction_in_an_english_word_is_answered_in_spanish(
    es: Api,
) -> None:
    """R-M6's own message: an alarm, then "sorry, 6:30"."""
    first = es.chat("pon una alarma para mañana a las 6 de la mañana")
    assert first["lang"] == "es"
    r = es.chat("sorry, 6:30", first["conversation_id"])
    assert r["lang"] == "es"
    assert "6:30" in r["reply"]
    assert not any(w in r["reply"] for w in ("Did you", "tomorrow", "I'll"))


def test_a_short_word_in_the_users_own_language_brings_the_conversation_back(
    es: Api, en: Api
) -> None:
    """A Spanish speaker whose conversation went on in English ("gracias", "y mañana?") and an
    English speaker's in Spanish ("thanks") are answered in their own language again."""
    first = es.chat("what time is it?")
    assert first["lang"] == "en"
    assert es.chat("gracias", first["conversation_id"])["lang"] == "es"
    first = en.chat("¿qué hora es?")
    assert first["lang"] == "es"
    r = en.chat("thanks", first["conversation_id"])
    assert (r["lang"], r["reply"]) == ("en", "You're welcome!")


def test_an_english_speaker_thanked_in_english_after_a_spanish_word(en: Api) -> None:
    first = en.chat("what time is it?")
    r = en.chat("gracias", first["conversation_id"])
    assert (r["lang"], r["reply"]) == ("en", "You're welcome!")


@pytest.mark.parametrize(
    ("who", "greeting", "ack", "said"),
    [
        ("en", "hi", "ok", "Good! If you need anything else, I'm here."),
        ("en", "hello there", "okay great", "Good! If you need anything else, I'm here."),
        ("es", "hola", "ok", "¡Bien! Si necesitas algo más, aquí estoy."),
        ("es", "buenas", "dale", "¡Bien! Si necesitas algo más, aquí estoy."),
        ("es", "hola", "ya pe", "¡Bien! Si necesitas algo más, aquí estoy."),
    ],
)
def test_an_acknowledgement_with_nothing_waiting(
    request: pytest.FixtureRequest, who: str, greeting: str, ack: str, said: str
) -> None:
    """U-L4: "ok" after a greeting got "There is nothing to confirm right now" (and probe 42,
    K-L1: never "¡Listo!", as if something was done)."""
    api: Api = request.getfixturevalue(who)
    first = api.chat(greeting)
    r = api.chat(ack, first["conversation_id"])
    assert r["reply"] == said


def test_a_yes_with_nothing_waiting_still_says_so(en: Api) -> None:
    first = en.chat("hi")
    assert en.chat("yes", first["conversation_id"])["reply"] == (
        "There is nothing to confirm right now."
    )
