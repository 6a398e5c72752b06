"""Probe 31, A-M4: a bank adopting the template found its assistant still introducing itself as
"Ruta Academy's assistant" and offering "questions about Ruta Academy": the organization's name
was written into every text that says it, in both languages. It is now one setting
(``SLIPWAY_ORGANIZATION``, default "Ruta Academy") filled into those texts as ``%(org)s``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.app.conftest import TUESDAY_AFTERNOON, built_app, lima_user, settings_for

BANK = "Banco Andino"
# Messages that make the assistant name the organization it serves: its self-introduction, who
# made it, what it can do (the help and the out-of-scope reply) and the pathways it cannot
# recommend without a ranker (these apps pin none)
ENGLISH = (
    "what is your name?",
    "who made you?",
    "what can you do?",
    "book me a flight to Madrid",
    "which courses should I take to become a data analyst?",
)
SPANISH = (
    "¿cómo te llamas?",
    "¿quién te creó?",
    "¿qué puedes hacer?",
    "reserva un vuelo a Madrid",
    "¿qué cursos debo llevar para ser analista de datos?",
)


@pytest.fixture
def bank(trained, release_file: Path, database_url: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The app of a team that set SLIPWAY_ORGANIZATION to its own organization."""
    monkeypatch.setenv("SLIPWAY_ORGANIZATION", BANK)
    with built_app(settings_for(trained, release_file, database_url)) as application:
        yield application


def _replies(
    app: Any, locale: str, messages: tuple[str, ...]
) -> Iterator[tuple[str, dict[str, Any]]]:
    import time_machine

    api = lima_user(app, app.test_client(), f"ana-{locale}", locale)
    with time_machine.travel(TUESDAY_AFTERNOON, tick=True):
        for message in messages:
            yield message, api.chat(message)


def test_the_setting_names_the_bank_in_both_languages_never_ruta_academy(bank: Any) -> None:
    assert bank.extensions["slipway.settings"].organization == BANK
    for locale, messages in (("en", ENGLISH), ("es", SPANISH)):
        for message, r in _replies(bank, locale, messages):
            assert BANK in r["reply"], (message, r["intent"], r["reply"])
            assert "Ruta Academy" not in r["reply"], (message, r["reply"])


def test_the_self_introduction_names_the_bank(bank: Any) -> None:
    said = dict(_replies(bank, "en", ENGLISH[:2]))
    assert said["what is your name?"]["reply"] == "I'm Slipway, Banco Andino's assistant."
    assert said["who made you?"]["reply"] == (
        "I was built by the Slipway team for Banco Andino, with an intent model trained on their "
        "own data."
    )
    dicho = dict(_replies(bank, "es", SPANISH[:2]))
    assert dicho["¿cómo te llamas?"]["reply"] == "Soy Slipway, el asistente de Banco Andino."
    assert dicho["¿quién te creó?"]["reply"] == (
        "Me hizo el equipo de Slipway para Banco Andino, con un modelo de intenciones entrenado "
        "con sus propios datos."
    )


def test_the_default_keeps_todays_texts(app: Any) -> None:
    said = dict(_replies(app, "en", ENGLISH))
    assert said["what is your name?"]["reply"] == "I'm Slipway, Ruta Academy's assistant."
    assert "answer questions about Ruta Academy (courses, fees" in said["what can you do?"]["reply"]
    assert "questions about Ruta Academy's courses" in said[ENGLISH[-1]]["reply"]
    dicho = dict(_replies(app, "es", SPANISH))
    assert dicho["¿cómo te llamas?"]["reply"] == "Soy Slipway, el asistente de Ruta Academy."
    assert dicho["¿quién te creó?"]["reply"] == (
        "Me hizo el equipo de Slipway para Ruta Academy, con un modelo de intenciones entrenado "
        "con sus propios datos."
    )
    assert "responder preguntas sobre Ruta Academy (cursos" in dicho["¿qué puedes hacer?"]["reply"]
    assert "certificados de Ruta Academy." in dicho[SPANISH[-1]]["reply"]


def test_the_knowledge_base_contacts_and_the_chat_page_name_the_bank(bank: Any) -> None:
    from app.skills.knowledge import Knowledge

    with bank.app_context():
        for lang in ("en", "es"):
            said = Knowledge.unknown(lang).text
            assert BANK in said, said
            assert "Ruta Academy" not in said, said
    for language, asked in (("en", "or about Banco Andino…"), ("es", "sobre Banco Andino…")):
        page = bank.test_client().get("/", headers={"Accept-Language": language})
        text = page.get_data(as_text=True)
        assert asked in text, language
        assert "Ruta Academy" not in text, language


def test_the_llm_prompt_names_the_organization_set() -> None:
    from app.i18n import DEFAULT_ORGANIZATION
    from app.llm.prompt import load_prompt
    from models.release import PROMPTS_DIR

    bank = load_prompt(PROMPTS_DIR, "v1", BANK).text
    assert bank.startswith("You are Slipway, the assistant of Banco Andino.")
    assert "{org}" not in bank
    assert "Ruta Academy" not in bank
    default = load_prompt(PROMPTS_DIR, "v1")
    assert default.text == bank.replace(BANK, DEFAULT_ORGANIZATION)
    assert "questions about Ruta Academy (courses" in default.text


def test_the_organization_is_never_blank(monkeypatch: pytest.MonkeyPatch) -> None:
    from pydantic import ValidationError

    from app.settings import AppSettings

    monkeypatch.setenv("SLIPWAY_ORGANIZATION", "")
    with pytest.raises(ValidationError, match="organization"):
        AppSettings()
