"""A message that only names a topic ("fees", "medios de pago", "info about refunds") is
answered with that topic: a document's introduction and what its sections cover, or the
section(s) whose heading it names; a message that asks more, names something the knowledge base
never mentions, or several topics at once is left to the line answers. The intent model's
unsure out-of-scope label is rescued for such a message.

Development examples written with the rule; ``test_knowledge_routing.py`` measures it on
messages written apart from it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.app.conftest import lima_user
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def kb() -> Any:
    from app.skills.knowledge import knowledge_base

    return knowledge_base(ROOT / "data" / "knowledge")


@pytest.mark.parametrize(
    ("message", "lang", "doc", "sections"),
    [
        ("Fees & payment", "en", "fees-and-payment", []),
        ("scholarship info", "en", "scholarships", []),
        ("internships please", "en", "internships", []),
        ("about the job placement services", "en", "job-placement", ["Services"]),
        ("payment methods?", "en", "fees-and-payment", ["Payment methods"]),
        ("instalments", "en", "fees-and-payment", ["Instalments"]),
        ("two-step verification", "en", "account-and-password", ["Two-step verification"]),
        ("pagos y precios", "es", "fees-and-payment", []),
        ("info de prácticas", "es", "internships", []),
        ("medios de pago", "es", "fees-and-payment", ["Medios de pago"]),
        ("lista de espera?", "es", "enrolment", ["Lista de espera"]),
        # a title's parenthesis names its document only when no other title does
        ("ruta campus", "en", "online-platform", []),
        ("campuses", "en", "campuses-and-hours", []),
        # the same heading in two documents: both sections, the fuller one first
        ("discounts", "en", "fees-and-payment", ["Discounts", "Discount"]),
        # said in the other language: answered in the message's
        ("becas", "en", "scholarships", []),
    ],
)
def test_a_topic_message_names_a_document_or_its_sections(
    kb: Any, message: str, lang: str, doc: str, sections: list[str]
) -> None:
    topic = kb.topic(message, lang)
    assert topic is not None, message
    assert topic.doc == doc
    assert [p.heading.split(" (")[0] for p in topic.sections] == sections
    assert {p.lang for p in topic.document} == {lang}


@pytest.mark.parametrize(
    ("message", "lang"),
    [
        ("exchange rate", "en"),  # nothing the knowledge base names
        ("gym membership fees", "en"),  # "gym": a word it never uses
        ("bank holidays", "en"),
        ("tipo de cambio hoy", "es"),  # two casual words: more than a topic
        ("how much is the web development bootcamp", "en"),  # a fact, not a topic
        ("fees and scholarships and refunds", "en"),  # several topics
        ("what time does the Lima campus open on saturday", "en"),
        ("cuánto cuesta el bootcamp de análisis de datos", "es"),
    ],
)
def test_what_is_not_a_single_topic_is_left_to_the_line_answers(
    kb: Any, message: str, lang: str
) -> None:
    assert kb.topic(message, lang) is None


def test_the_overview_lists_what_the_sections_cover(kb: Any) -> None:
    from app.skills.knowledge import Knowledge

    skill = Knowledge(kb, min_score=2.5)
    text, data = skill.answer("fees", "en")
    assert text.startswith("About Fees and Payment (fees-and-payment.md):")
    assert "Payment methods; Instalments" in text
    assert "Ask me about any of them." in text
    assert data["topic"] is True
    assert data["source"] == "fees-and-payment.md"
    texto, datos = skill.answer("pagos y precios", "es")
    assert texto.startswith("Sobre Pagos y precios (fees-and-payment.md):")
    assert "Medios de pago; Cuotas" in texto
    assert "Pregúntame por cualquiera" in texto
    assert datos["lang"] == "es"
    section, data = skill.answer("payment methods", "en")
    assert section.startswith("From Fees and Payment › Payment methods (fees-and-payment.md):")
    assert "Yape and Plin" in section
    assert data["section"] == "Payment methods"


@pytest.mark.parametrize(
    ("message", "locale", "start"),
    [
        ("fees", "en", "About Fees and Payment"),
        ("payment methods", "en", "From Fees and Payment › Payment methods"),
        ("medios de pago", "es", "Según Pagos y precios › Medios de pago"),
    ],
)
def test_through_the_chat_a_topic_is_answered_not_refused(
    app: Any, client: Any, message: str, locale: str, start: str
) -> None:
    api = lima_user(app, client, f"topic-{locale}", locale)
    reply = api.chat(message)
    assert reply["skill"] == "knowledge", reply
    assert reply["reply"].startswith(start)


@pytest.mark.parametrize(
    ("message", "skill", "start"),
    [
        ("horario", "knowledge", "Sobre Sedes y horarios de atención"),
        ("horarios", "knowledge", "Sobre Sedes y horarios de atención"),
        ("mi zona horaria", "scheduling", "Tu zona horaria es America/Lima"),
        ("mi horario", "scheduling", "No tienes reuniones, recordatorios ni pendientes"),
    ],
)
def test_horario_is_a_schedule_not_the_timezone(
    app: Any, client: Any, message: str, skill: str, start: str
) -> None:
    api = lima_user(app, client, "horario", "es")
    reply = api.chat(message)
    assert reply["skill"] == skill, reply
    assert reply["reply"].startswith(start)
