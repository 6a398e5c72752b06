"""Probes 42/43 knowledge answers (helper 210).

- K-H2: a course's mode (online, in person) is said by no line: "I don't know", never the
  placement test's "free online placement test" or Ruta Campus's "estudiantes en línea".
- K-H4 (general price): a price question about no course in particular gets every course's price,
  never another item's fee (a change of cohort's S/ 30, the instalments' S/ 400).
- Synonyms: "abierto/abierta" no longer read as "horario"; payment plans, cancellation, waitlist,
  the hotel customer-service course, "Cuzco", "butcamp", "hrs", textese (rly, hw, teh, waht, ur)
  (K-M2, K-M3)."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT

# -- K-H2: a course's mode --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "is the web development bootcamp online?"),
        ("en", "is the data analytics bootcamp in person or online?"),
        ("en", "can I do the web dev bootcamp remotely?"),
        ("es", "el bootcamp de desarrollo web es virtual o presencial?"),
        ("es", "el bootcamp de data analytics es presencial?"),
        ("es", "¿el bootcamp de desarrollo web es en línea?"),
    ],
)
def test_a_courses_mode_is_not_known(skill, lang: str, said: str) -> None:  # type: ignore[no-untyped-def]
    text, data = skill.answer(said, lang)
    assert data["found"] is False, text
    for other in ("placement", "prueba", "Ruta Campus es"):
        assert other not in text, text


@pytest.mark.parametrize(
    ("lang", "said", "section"),
    [
        ("en", "can I take the placement test online?", "Placement tests"),
        ("es", "puedo hacer la prueba de nivel en línea?", "Pruebas de nivel"),
    ],
)
def test_the_mode_of_what_a_line_says_it_of_is_still_answered(
    skill,  # type: ignore[no-untyped-def]
    lang: str,
    said: str,
    section: str,
) -> None:
    text, data = skill.answer(said, lang)
    assert data["section"] == section, text


# -- a general price question -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "how much does a course cost?"),
        ("en", "how much are the courses?"),
        ("en", "what do your courses cost?"),
        ("es", "cuánto cuesta un curso?"),
        ("es", "cuanto cuestan los cursos?"),
        ("es", "¿cuál es el precio de un curso?"),
    ],
)
def test_a_general_price_question_gets_every_courses_price(skill, lang: str, said: str) -> None:  # type: ignore[no-untyped-def]
    text, data = skill.answer(said, lang)
    assert data["doc"] == "fees-and-payment", text
    assert data["section"] in ("Example tuition prices", "Precios referenciales de las pensiones")
    assert "S/ 2,600" in text, text
    assert "S/ 220" in text, text
    assert "S/ 30" not in text, text


@pytest.mark.parametrize(
    ("lang", "said", "price"),
    [
        ("en", "how much does the excel course cost?", "S/ 220"),
        ("en", "how much is the late fee?", "S/ 20"),
        ("es", "cuánto cuesta el curso de marketing digital?", "S/ 420"),
    ],
)
def test_a_named_things_price_is_still_its_own(skill, lang: str, said: str, price: str) -> None:  # type: ignore[no-untyped-def]
    _text, data = skill.answer(said, lang)
    assert price in str(data["sentence"]), data


# -- synonyms and typos (K-M2, K-M3) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said", "expected"),
    [
        ("en", "hey how much is the web dev bootcamp rly", "S/ 2,600"),
        ("en", "do u guys have payment plans", "instalments"),
        ("en", "do you have payment plans?", "instalments"),
        ("en", "is there a payment plan for the bootcamp?", "instalments"),
        ("en", "whats ur refund policy if i drop out after 2 weeks", "no refund"),
        ("en", "how much does the hotel customer service course cost?", "S/ 240"),
        ("en", "what's the price of the hotel customer service course", "S/ 240"),
        ("en", "what if the course is full, is there a waitlist?", "waiting list"),
        ("en", "can I get on the wait list for a full cohort?", "waiting list"),
        ("en", "what is the address of the cuzco campus?", "Av. El Sol 815"),
        ("en", "waht are the opening hrs in cuzco", "8:30 to 20:00"),
        ("en", "hw much is teh excell course", "S/ 220"),
        ("en", "how much is the butcamp for web dev", "S/ 2,600"),
        ("es", "donde queda la sede de cuzco?", "Av. El Sol 815"),
        ("es", "cual es la direccion de la sede del cuzco", "Av. El Sol 815"),
        ("es", "cuanto sale el butcamp de data 🙏", "S/ 2,400"),
        ("es", "cuanto cuesta el butcamp de desarrollo web", "S/ 2,600"),
    ],
)
def test_slang_synonyms_and_typos_are_answered(
    skill,  # type: ignore[no-untyped-def]
    lang: str,
    said: str,
    expected: str,
) -> None:
    text, data = skill.answer(said, lang)
    assert data["found"] is True, text
    assert expected in text, text


def test_open_applications_are_not_opening_hours(skill) -> None:  # type: ignore[no-untyped-def]
    # "abierto/abierta" is no longer a word of "horario": the women's scholarship line says
    # "las postulaciones están abiertas", which is about applications, not hours
    from app.skills.knowledge import KnowledgeBase

    kb = KnowledgeBase(ROOT / "data" / "knowledge")
    index = kb.indexes["es"]
    assert index.tokens("abierta") != index.tokens("horario")
    text, data = skill.answer("¿a qué hora abre la sede de lima?", "es")
    assert data["doc"] == "campuses-and-hours", text
    text, data = skill.answer("¿las postulaciones para la beca están abiertas?", "es")
    assert data["doc"] == "scholarships", text


# -- who cancels (K-M2) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "whats ur refund policy if i drop out after 2 weeks"),
        ("en", "what happens if I cancel the course?"),
        ("en", "what is the cancellation policy if I cancel the course?"),
        ("en", "what if I want to cancel my course"),
        ("es", "que pasa si cancelo el curso?"),
        ("es", "bueno y si me arrepiento me devuelven la guita?"),
        ("es", "si me retiro del curso me devuelven la plata?"),
    ],
)
def test_the_learner_cancelling_is_not_the_house_cancelling(skill, lang: str, said: str) -> None:  # type: ignore[no-untyped-def]
    text, data = skill.answer(said, lang)
    assert data["found"] is True, text
    assert data["doc"] == "refunds", text
    assert "Ruta Academy cancel" not in text, text


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "what happens if Ruta Academy cancels the course?"),
        ("es", "¿qué pasa si Ruta Academy cancela el curso?"),
    ],
)
def test_the_house_cancelling_is_still_its_section(skill, lang: str, said: str) -> None:  # type: ignore[no-untyped-def]
    text, data = skill.answer(said, lang)
    assert data["section"] in (
        "If Ruta Academy cancels a course",
        "Si Ruta Academy cancela un curso",
    ), text


# -- K-M4: a long message that asks two things ------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said", "first", "second"),
    [
        (
            "en",
            "Hello, I'm thinking about doing the data analytics bootcamp but I work full time so"
            " I was wondering whether there are evening or weekend classes and also whether the"
            " classes are recorded in case I miss one",
            "19:00 to 21:30",
            "recording",
        ),
        (
            "en",
            "Hi there, I have two questions: first, how much does the web development bootcamp"
            " cost, and secondly, is there a scholarship for people on a low income",
            "S/ 2,600",
            "S/ 2,500",
        ),
        (
            "es",
            "Buenas noches. Quisiera saber dos cosas: primero, cuánto cuesta el bootcamp de data"
            " analytics, y segundo, si tienen alguna beca para personas con pocos recursos"
            " económicos, porque la verdad no me alcanza",
            "S/ 2,400",
            "S/ 2,500",
        ),
        (
            "es",
            "Hola, buenas tardes. Quería preguntar cuánto cuesta el bootcamp de desarrollo web y"
            " además si tienen alguna beca para personas de bajos recursos",
            "S/ 2,600",
            "S/ 2,500",
        ),
    ],
)
def test_a_long_message_with_two_questions_gets_both(
    skill,  # type: ignore[no-untyped-def]
    lang: str,
    said: str,
    first: str,
    second: str,
) -> None:
    text, data = skill.answer(said, lang)
    assert data["found"] is True, text
    assert first in text, text
    assert second in text, text
    assert text.index(first) < text.index(second), text
    for women in ("For women", "Para mujeres"):
        assert women not in text, text
