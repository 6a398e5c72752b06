"""Spanish as a first-class language, through the API: a Spanish message gets a Spanish reply,
an English one an English reply, a short or unsure one the conversation's language or the user's
locale; the locale is kept on the user, set from the profile, from chat and validated; the pages
render in the user's language."""

from __future__ import annotations

from typing import Any

import pytest

from app.language import detect
from tests.app.conftest import Api


def _spanish(text: str) -> bool:
    return detect(text) == "es"


def _english(text: str) -> bool:
    return detect(text) == "en"


@pytest.mark.parametrize(
    ("message", "intent", "expected"),
    [
        ("hola", "greeting", "¡Hola, ana!"),
        ("gracias", "thank_you", "¡De nada!"),
        ("¿qué puedes hacer?", "what_can_i_ask_you", "Puedo agendar"),
    ],
)
def test_spanish_messages_get_spanish_replies(
    api: Api, message: str, intent: str, expected: str
) -> None:
    r = api.chat(message)
    assert _spanish(r["reply"]), r
    if r["intent"] == intent:  # the Spanish corpus decides the intent; the language is ours
        assert expected in r["reply"]


def test_a_spanish_refusal_lists_every_capability(api: Api) -> None:
    r = api.chat("¿cuál es la mejor receta de lasaña?")
    assert r["skill"] in {"out_of_scope", "knowledge"}, r
    if r["skill"] == "out_of_scope":
        assert r["reply"].startswith("Lo siento, no puedo ayudarte con eso.")
        for capability in ("reuniones", "recordatorios", "pendientes", "hora", "Ruta Academy"):
            assert capability in r["reply"]
        assert "ruta de aprendizaje" in r["reply"]


def test_english_stays_english(api: Api) -> None:
    for message in ("hello there", "what can I ask you?", "what's the best recipe for lasagna"):
        r = api.chat(message)
        assert _english(r["reply"]), r
    assert "learning pathway" in api.chat("what's the best recipe for lasagna")["reply"]


def test_short_messages_follow_the_conversation_then_the_locale(api: Api) -> None:
    first = api.chat("hola, buenos días")
    assert _spanish(first["reply"])
    ok = api.chat("ok", first["conversation_id"])  # unsure: the conversation's language
    assert not _english(ok["reply"]), ok
    fresh = api.chat("ok")  # a new conversation: the user's locale (en)
    assert not _spanish(fresh["reply"]), fresh
    assert api.patch("/v1/users/me", json={"locale": "es-PE"}).status_code == 200
    again = api.chat("ok")
    assert not _english(again["reply"]), again


def test_locale_set_from_chat_is_kept(api: Api) -> None:
    r = api.chat("háblame en español")
    assert r["skill"] == "conversation"
    assert r["reply"] == "De acuerdo, desde ahora te hablo en español."
    assert api.get("/v1/users/me").json["locale"] == "es"
    assert not _english(api.chat("4pm")["reply"])
    back = api.chat("switch to English please", r["conversation_id"])
    assert back["reply"] == "OK, I'll speak English from now on."
    assert api.get("/v1/users/me").json["locale"] == "en"


def test_locale_keeps_its_region_when_the_language_is_the_same(api: Api) -> None:
    api.patch("/v1/users/me", json={"locale": "es-PE"})
    api.chat("respóndeme en español")
    assert api.get("/v1/users/me").json["locale"] == "es-PE"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"locale": "fr"}, "unsupported_locale"),
        ({"locale": "de-DE"}, "unsupported_locale"),
        ({"locale": "english!"}, "validation_error"),
        ({"locale": ""}, "validation_error"),
        ({"locale": 3}, "validation_error"),
    ],
)
def test_locale_validation(api: Api, body: dict[str, Any], code: str) -> None:
    r = api.patch("/v1/users/me", json=body)
    assert r.status_code == 422, r.json
    assert r.json["code"] == code
    assert api.get("/v1/users/me").json["locale"] == "en"


@pytest.mark.parametrize("locale", ["en", "es", "es-PE", "en-GB"])
def test_supported_locales_are_stored(api: Api, locale: str) -> None:
    r = api.patch("/v1/users/me", json={"locale": locale})
    assert r.status_code == 200
    assert api.get("/v1/users/me").json["locale"] == locale
