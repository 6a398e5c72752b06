"""Questions students really type, in English and Spanish, that the knowledge base answers:
without accents, with typos, in texting, a campus the house does not have. Development examples
(written with the fixes for them, like tests/app/test_knowledge.py's ``DEV``): the testers'
reports first, then variants of them written before the code was changed.

Each is answered through :meth:`Knowledge.answer` (a line, a topic or the list of what the house
has) from the expected document, with a word of the answer; the negatives are not answered. The
rescue cases go through the assistant's rule for a message the intent model called out of scope.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.app.test_knowledge import _assistant, _turn, kb  # noqa: F401  (the fixture)

# (message, language, document stem, a word the reply must hold)
ANSWERED: list[tuple[str, str, str, str]] = [
    # -- the testers' reports
    ("me dan certificado si llevo el curso gratis?", "es", "certificates", "insignia"),
    ("los cursos gratis dan certificado?", "es", "certificates", "insignia"),
    ("tienen prácticas pre profesionales?", "es", "internships", "Prácticas"),
    ("el certificado tiene valor oficial del minedu?", "es", "certificates", "MINEDU"),
    ("how do I reset my Ruta Campus password?", "en", "account-and-password", "reset"),
    ("I can't log in to Ruta Campus", "en", "account-and-password", "login"),
    ("wifi password?", "en", "campuses-and-hours", "Ruta-Aprende"),
    ("cuánto es la mora", "es", "fees-and-payment", "20"),
    ("what's your whatsapp number", "en", "contact", "900 555 010"),
    ("tienen sede en piura?", "es", "campuses-and-hours", "cuatro sedes"),
    ("how long do recordings stay up", "en", "online-platform", "30 days"),
    # -- variants (no accents, typos, texting, other words for the same thing)
    ("free course certificate?", "en", "certificates", "badge"),
    ("is the certificate official, is it recognised by minedu", "en", "certificates", "MINEDU"),
    ("how do i change my password", "en", "account-and-password", "reset"),
    ("how do I recover my password", "en", "account-and-password", "reset"),
    ("whats the wifi password", "en", "campuses-and-hours", "Ruta-Aprende"),
    ("whatsapp number?", "en", "contact", "900 555 010"),
    ("what's your phone number", "en", "contact", "555-0190"),
    ("how long do the recordings stay online", "en", "online-platform", "30 days"),
    ("is there a campus in Chiclayo", "en", "campuses-and-hours", "four campuses"),
    ("any campus in huancayo?", "en", "campuses-and-hours", "four campuses"),
    ("do you have pre-professional internships?", "en", "internships", "Internships"),
    ("si llevo un curso gratis me dan certificado", "es", "certificates", "insignia"),
    ("tiene validez oficial el certificado?", "es", "certificates", "MINEDU"),
    ("como cambio mi clave", "es", "account-and-password", "restablecer"),
    ("quiero cambiar la contraseña de ruta campus", "es", "account-and-password", "restablecer"),
    ("como recupero mi contrasena", "es", "account-and-password", "restablecer"),
    ("clave wifi?", "es", "campuses-and-hours", "Ruta-Aprende"),
    ("cuanto es la mora", "es", "fees-and-payment", "20"),
    ("numero de whatsapp?", "es", "contact", "900 555 010"),
    ("tienen algun numero para escribirles por wasap?", "es", "contact", "900 555 010"),
    ("hay practicas pre profesionales", "es", "internships", "Prácticas"),
    ("tienen practicas preprofesionales?", "es", "internships", "Prácticas"),
    ("tienen sede en chiclayo", "es", "campuses-and-hours", "cuatro sedes"),
    ("hay sede en iquitos?", "es", "campuses-and-hours", "cuatro sedes"),
    ("cuanto tiempo estan disponibles las grabaciones", "es", "online-platform", "30 días"),
]

# Near misses: something the house does not have, there or anywhere ("reset my Gmail password"
# is the intent model's to refuse: see ``RESCUE``)
NOT_ANSWERED: list[tuple[str, str]] = [
    ("is there a gym in Piura", "en"),
    ("is there a cafeteria at the Lima campus", "en"),
    ("do you have a library in Arequipa?", "en"),
    ("hay cafetería en la sede de Lima", "es"),
    ("tienen gimnasio en piura?", "es"),
]

# (message, language, the model's out-of-scope confidence, rescued): a message that is nothing
# but the words of the line answering it is rescued (when the model is sure, with two words or
# more); the same words with another thing's name, or words found only in a document's title, are
# not
RESCUE: list[tuple[str, str, float, bool]] = [
    ("how do I reset my password", "en", 1.0, True),
    ("how do i change my password", "en", 1.0, True),
    ("como cambio mi contraseña", "es", 1.0, True),
    ("wifi password?", "en", 0.98, True),
    ("cuánto es la mora", "es", 0.97, True),
    ("phone number", "en", 0.57, True),
    ("numero de whatsapp?", "es", 0.83, True),
    ("reset my Gmail password", "en", 1.0, False),
    ("what's the wifi password at starbucks", "en", 1.0, False),
    ("how long should I rest between sets", "en", 1.0, False),  # "rest": no typo of "reset"
    ("how do i get a RUC", "en", 1.0, False),  # one word, and the model is sure
    ("bank fees", "en", 0.97, False),  # "fees" only in the document's title
    ("tipo de cambio hoy", "es", 0.73, False),
    ("olvidé mi contraseña de facebook", "es", 1.0, False),
]


@pytest.fixture(scope="module")
def skill(kb):  # type: ignore[no-untyped-def]  # noqa: F811
    from app.settings import AppSettings
    from app.skills.knowledge import Knowledge

    return Knowledge(kb, AppSettings.model_fields["faq_min_score"].default)


@pytest.mark.parametrize(("question", "lang", "doc", "token"), ANSWERED)
def test_students_questions_are_answered_from_the_right_document(
    skill: Any,
    question: str,
    lang: str,
    doc: str,
    token: str,
) -> None:
    text, data = skill.answer(question, lang)
    assert data["found"] is True, text
    assert data["doc"] == doc, text
    assert token in text


@pytest.mark.parametrize(("question", "lang"), NOT_ANSWERED)
def test_near_misses_are_not_answered(skill, question: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    text, data = skill.answer(question, lang)
    assert data["found"] is False, text


def test_a_campus_the_house_does_not_have_gets_the_campuses(skill) -> None:  # type: ignore[no-untyped-def]
    """Not "I don't know": the campuses there are (the document's overview), in the message's
    language."""
    text, data = skill.answer("¿tienen sede en Piura?", "es")
    assert data["topic"] is True
    assert data["lang"] == "es"
    assert all(city in text for city in ("Lima", "Arequipa", "Trujillo", "Cusco"))
    text, data = skill.answer("is there a campus in Piura?", "en")
    assert "four campuses" in text
    assert data["lang"] == "en"
    # a campus the house has is answered from its own section
    text, data = skill.answer("is there a campus in Cusco?", "en")
    assert data.get("topic") is None
    assert "El Sol" in text


@pytest.mark.parametrize(("text", "lang", "confidence", "rescued"), RESCUE)
def test_the_rescue_of_word_for_word_questions(
    kb: Any,  # noqa: F811
    text: str,
    lang: str,
    confidence: float,
    rescued: bool,
) -> None:
    turn = _turn(text, "oos", confidence, "oos", lang)
    assert _assistant(kb)._rescue(turn) is rescued  # type: ignore[no-untyped-call]


def test_the_reading_of_students_words(kb) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """A prefix written apart is one word; a phrase is read on stems, whatever its stop words
    and its words' synonyms; the house's own words are never a missing name; a line with a phone
    number is about a number."""
    en, es = kb.indexes["en"], kb.indexes["es"]
    assert es.tokens("prácticas pre profesionales") == es.tokens("prácticas preprofesionales")
    assert es.tokens("cambio mi clave") == es.tokens("restablecer la contraseña")
    assert en.tokens("how do I change my password") == en.tokens("reset your password")
    assert {"ruta", "campus"} <= en.house
    hit = kb.search("what is the WhatsApp number", 1, "en")[0]
    assert hit.coverage == 1.0
    assert "900 555 010" in hit.sentence
