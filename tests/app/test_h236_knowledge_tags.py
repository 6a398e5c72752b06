"""Probe 46, P46-M5 and the KB half of P46-M4 (helper h236): questions the knowledge base answers
got "I don't know" when said with a tag at the end ("… po", "… che", "… mate", "… yaar"), in
Spain's "vosotros" ("¿tenéis clases online?"), in Mexico's words ("me regresan el dinero"), with
India's "EMI" or "eligibility criteria", or as two sentences ("Kindly tell me the fees of … .
Is there EMI/instalment option?"): each is answered as its plain wording is."""

from __future__ import annotations

from typing import Any

import pytest

from tests.app.conftest import Api, en, es, talk  # noqa: F401


def _found(skill: Any, question: str, lang: str) -> tuple[str, dict[str, Any]]:
    text, data = skill.answer(question, lang)
    assert data.get("found") is True, text
    return text, data


@pytest.mark.parametrize(
    ("lang", "question", "says"),
    [
        ("es", "cuanto cuesta el bootcamp de data analytics po", "S/ 2,400"),
        ("es", "cuánto cuesta el bootcamp de data analytics pues?", "S/ 2,400"),
        ("es", "cuanto cuesta el bootcamp de desarrollo web, cachai", "S/ 2,600"),
        ("es", "cuánto sale el curso de excel che", "S/ 220"),
        ("es", "cuanto cuesta el curso de excel wey", "S/ 220"),
        ("es", "¿cuánto cuesta el bootcamp de data analytics, ya?", "S/ 2,400"),
        ("en", "how much is the web development bootcamp mate", "S/ 2,600"),
        ("en", "how much is the data analytics bootcamp yaar?", "S/ 2,400"),
        ("en", "how much is the web development bootcamp la", "S/ 2,600"),
    ],
)
def test_a_tag_at_the_end_does_not_hurt(
    knowledge_skill: Any, lang: str, question: str, says: str
) -> None:
    text, _data = _found(knowledge_skill, question, lang)
    assert says in text


@pytest.mark.parametrize(
    ("lang", "question", "doc"),
    [
        ("es", "si me salgo del curso a la mitad me regresan el dinero", "refunds"),
        ("es", "si me salgo del bootcamp me regresan la plata?", "refunds"),
        ("es", "¿tenéis clases online?", "campuses-and-hours"),
        ("es", "¿ofrecéis clases en línea?", "campuses-and-hours"),
        ("en", "what are the scholarship eligibility criteria?", "scholarships"),
        ("en", "what are the eligibility criteria for the scholarship?", "scholarships"),
        ("en", "Is there EMI/instalment option?", "fees-and-payment"),
        ("en", "is EMI available for the bootcamp?", "fees-and-payment"),
    ],
)
def test_words_said_otherwise_are_answered(
    knowledge_skill: Any, lang: str, question: str, doc: str
) -> None:
    _text, data = _found(knowledge_skill, question, lang)
    assert str(data.get("source", "")).startswith(doc), data


@pytest.mark.parametrize(
    ("lang", "question", "first", "second"),
    [
        (
            "en",
            "Kindly tell me the fees of the web development bootcamp. Is there EMI/instalment "
            "option?",
            "S/ 2,600",
            "instalments",
        ),
        (
            "en",
            "Please tell me the price of the data analytics bootcamp. Can I pay in instalments?",
            "S/ 2,400",
            "instalments",
        ),
        (
            "es",
            "Dime el precio del bootcamp de desarrollo web. ¿Se puede pagar en cuotas?",
            "S/ 2,600",
            "cuotas",
        ),
    ],
)
def test_a_request_and_a_question_are_both_answered(
    knowledge_skill: Any, lang: str, question: str, first: str, second: str
) -> None:
    text, _data = _found(knowledge_skill, question, lang)
    assert first in text, text
    assert second in text, text


def test_in_chat_the_tagged_question_is_answered(es: Api) -> None:  # noqa: F811
    (reply,) = talk(es, "cuanto cuesta el bootcamp de data analytics po")
    assert reply["skill"] == "knowledge", reply
    assert "S/ 2,400" in reply["reply"], reply["reply"]
