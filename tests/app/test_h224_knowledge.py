"""Probe 45 knowledge answers (helper 224).

- P45-H4: a follow-up that asks for requirements and names nothing of its own ("¿cuáles son los
  requisitos?", "what are the requirements?") is about the section just answered (the women's
  scholarship), never another document's requirements (the internships'); where that section
  says none, the reply says so.
- P45-H5: a part of a message asked of what the part before it names ("¿se puede pagar en
  cuotas?" after the marketing course's price) is answered by the line about that kind of thing
  (courses over S/ 400), not only the bootcamps'.
- P45-M1: help in finding a job is Ruta Empleo with what it gives, to whom and its results.
- P45-M9: online classes are how the house teaches; how one pays (from abroad too) is the
  payment methods; two courses compared are each one's price and length; what is refunded
  when one withdraws is the refund policy.
- P45 Part A row 6: a certificate's price is not given: it is digital (PDF) and emailed, and
  the printed copy's price is another thing's."""

from __future__ import annotations

from typing import Any

import pytest

from tests.app.conftest import talk

# -- P45-H4: "what are the requirements?" after an answer ---------------------------------------

_WOMEN = {"es": "Para mujeres que se matriculan", "en": "For women enrolling"}
_INTERNSHIPS = ("Prácticas", "Internships", "85%", "Ruta Empleo")


@pytest.mark.parametrize(
    ("lang", "first", "then"),
    [
        ("es", "hay becas para mujeres?", "cuáles son los requisitos?"),
        ("es", "hay becas para mujeres?", "y los requisitos?"),
        ("es", "tienen alguna beca para mujeres?", "qué requisitos piden?"),
        ("es", "hay alguna beca para mujeres?", "cuales son los requisitos para postular?"),
        ("en", "are there scholarships for women?", "what are the requirements?"),
        ("en", "is there a scholarship for women?", "and the requirements?"),
        ("en", "any scholarships for women?", "what are the requirements to apply?"),
    ],
)
def test_requirements_after_the_womens_scholarship_are_its_own(  # type: ignore[no-untyped-def]
    request, lang: str, first: str, then: str
) -> None:
    api = request.getfixturevalue(lang)
    before, reply = talk(api, first, then)
    assert _WOMEN[lang] in before["reply"], before["reply"]
    assert reply["skill"] == "knowledge", reply
    assert _WOMEN[lang] in reply["reply"], reply["reply"]
    for wrong in (*_INTERNSHIPS, "Requisitos (Beca Ruta)", "Eligibility (Beca Ruta)", "RAM"):
        assert wrong not in reply["reply"], reply["reply"]


@pytest.mark.parametrize(
    ("lang", "first", "then", "wanted"),
    [
        ("es", "qué es la beca ruta?", "cuáles son los requisitos?", "Tener entre 18 y 29 años"),
        ("en", "tell me about the beca ruta", "what are the requirements?", "Age 18 to 29"),
    ],
)
def test_requirements_after_a_scholarship_that_has_them(  # type: ignore[no-untyped-def]
    request, lang: str, first: str, then: str, wanted: str
) -> None:
    api = request.getfixturevalue(lang)
    _before, reply = talk(api, first, then)
    assert wanted in reply["reply"], reply["reply"]
    assert "85%" not in reply["reply"], reply["reply"]


@pytest.mark.parametrize(
    ("lang", "first", "then", "said"),
    [
        (
            "es",
            "dónde queda la sede de Trujillo?",
            "cuáles son los requisitos?",
            "no indica requisitos para Trujillo",
        ),
        (
            "es",
            "cuánto cuesta el certificado impreso?",
            "qué necesito?",
            "no indica requisitos para Copias impresas",
        ),
        (
            "en",
            "where is the Trujillo campus?",
            "what are the requirements?",
            "gives no requirements for Trujillo",
        ),
        (
            "en",
            "where is the Cusco campus?",
            "what do I need?",
            "gives no requirements for Cusco",
        ),
    ],
)
def test_requirements_of_what_has_none_are_said_not_given(  # type: ignore[no-untyped-def]
    request, lang: str, first: str, then: str, said: str
) -> None:
    api = request.getfixturevalue(lang)
    _before, reply = talk(api, first, then)
    assert said in reply["reply"], reply["reply"]
    for wrong in _INTERNSHIPS:
        assert wrong not in reply["reply"], reply["reply"]


def test_requirements_after_internships_stay_the_internships(en, es) -> None:  # type: ignore[no-untyped-def]
    _before, reply = talk(es, "dan prácticas?", "cuáles son los requisitos?")
    assert "85% de asistencia" in reply["reply"], reply["reply"]
    _before, reply = talk(en, "do you offer internships?", "what are the requirements?")
    assert "85% attendance" in reply["reply"], reply["reply"]


# -- P45-H5: instalments of the course asked about -----------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said", "price", "line", "wrong"),
    [
        (
            "es",
            "cuánto sale el curso de marketing digital? se puede pagar en cuotas?",
            "S/ 420",
            "Los cursos que cuestan más de S/ 400 se pueden pagar en 2 cuotas",
            "“Los bootcamps se pueden pagar",
        ),
        (
            "es",
            "cuánto cuesta el curso de marketing digital? y lo puedo pagar en cuotas?",
            "S/ 420",
            "Los cursos que cuestan más de S/ 400 se pueden pagar en 2 cuotas",
            "“Los bootcamps se pueden pagar",
        ),
        (
            "es",
            "cuánto cuesta el curso de excel? se puede pagar en cuotas?",
            "S/ 220",
            "Los cursos que cuestan más de S/ 400",
            "“Los bootcamps se pueden pagar",
        ),
        (
            "en",
            "how much is the digital marketing course? can I pay in instalments?",
            "S/ 420",
            "Courses that cost more than S/ 400 can be paid in 2 instalments",
            "“Bootcamps can be paid",
        ),
        (
            "en",
            "what does the marketing digital course cost? can i pay it in instalments?",
            "S/ 420",
            "Courses that cost more than S/ 400 can be paid in 2 instalments",
            "“Bootcamps can be paid",
        ),
    ],
)
def test_instalments_asked_after_a_course_are_the_courses(  # type: ignore[no-untyped-def]
    skill, lang: str, said: str, price: str, line: str, wrong: str
) -> None:
    text, _data = skill.answer(said, lang)
    assert price in text, text
    assert line in text, text
    assert wrong not in text, text


@pytest.mark.parametrize(
    ("lang", "said", "line"),
    [
        (
            "es",
            "cuánto cuesta el bootcamp de data analytics? se puede pagar en cuotas?",
            "Los bootcamps se pueden pagar en 3 cuotas",
        ),
        (
            "en",
            "how much is the web development bootcamp? can I pay it in instalments?",
            "Bootcamps can be paid in 3 monthly instalments",
        ),
        ("en", "can I pay the marketing course in instalments?", "Courses that cost more than"),
    ],
)
def test_instalments_of_a_bootcamp_stay_the_bootcamps(  # type: ignore[no-untyped-def]
    skill, lang: str, said: str, line: str
) -> None:
    text, _data = skill.answer(said, lang)
    assert line in text, text


# -- P45-M1: help in finding a job -------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said", "wanted"),
    [
        (
            "es",
            "me ayudan a conseguir chamba?",
            (
                "12 meses",
                "Revisión de CV",
                "Simulacros de entrevistas",
                "120 empresas",
                "no garantiza",
            ),
        ),
        (
            "es",
            "ustedes me ayudan a encontrar trabajo después del curso?",
            (
                "12 meses",
                "Revisión de CV",
                "Simulacros de entrevistas",
                "120 empresas",
                "no garantiza",
            ),
        ),
        (
            "en",
            "do you guys help with finding a job after?",
            ("12 months", "CV review", "Mock job interviews", "120 partner", "does not guarantee"),
        ),
        (
            "en",
            "do you help students get a job?",
            ("12 months", "CV review", "Mock job interviews", "120 partner", "does not guarantee"),
        ),
    ],
)
def test_job_help_is_what_ruta_empleo_gives(  # type: ignore[no-untyped-def]
    skill, lang: str, said: str, wanted: tuple[str, ...]
) -> None:
    text, data = skill.answer(said, lang)
    assert data["found"], data
    assert "Ruta Empleo" in text, text
    for fact in wanted:
        assert fact in text, text


# -- P45-M9: online classes, paying, two courses, withdrawing ----------------------------------

_TEACHES = {
    "es": "clases en línea a través de Ruta Campus",
    "en": "online through Ruta Campus",
}


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("es", "tienen cursos online? vivo en Buenos Aires"),
        ("es", "tienen clases en línea?"),
        ("es", "hay clases virtuales?"),
        ("en", "do you have online classes?"),
        ("en", "are there online courses? I live in Chile"),
    ],
)
def test_online_classes_are_how_the_house_teaches(  # type: ignore[no-untyped-def]
    skill, lang: str, said: str
) -> None:
    text, data = skill.answer(said, lang)
    assert data["found"], data
    assert _TEACHES[lang] in text, text
    for wrong in ("asistencia se registra", "Como máximo 40", "At most 40", "No lo sé", "I don't"):
        assert wrong not in text, text


@pytest.mark.parametrize(
    ("lang", "said", "unsaid"),
    [
        ("en", "how do I pay from overseas?", "from overseas"),
        ("en", "how can I pay from abroad?", "from abroad"),
        ("en", "how do I pay?", ""),
        ("es", "cómo pago desde el extranjero?", "desde el extranjero"),
        ("es", "cómo puedo pagar?", ""),
    ],
)
def test_how_to_pay_is_the_payment_methods(  # type: ignore[no-untyped-def]
    skill, lang: str, said: str, unsaid: str
) -> None:
    text, data = skill.answer(said, lang)
    assert data["found"], data
    assert "Visa" in text, text
    assert "Yape" in text, text
    if unsaid:
        assert f"“{unsaid}”" in text, text
    assert "late fee" not in text, text
    assert "mora" not in text, text


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "how do I pay from overseas?"), ("es", "cómo pago desde el extranjero?")],
)
def test_how_to_pay_from_abroad_is_not_refused(  # type: ignore[no-untyped-def]
    request, lang: str, said: str
) -> None:
    reply = request.getfixturevalue(lang).chat(said)
    assert reply["skill"] == "knowledge", reply
    assert "Visa" in reply["reply"], reply["reply"]


def test_how_to_pay_in_instalments_stays_the_instalments(skill) -> None:  # type: ignore[no-untyped-def]
    text, _data = skill.answer("how can I pay in instalments?", "en")
    assert "2 instalments" in text, text
    assert "Visa" not in text, text
    text, _data = skill.answer("cómo puedo pagar en cuotas?", "es")
    assert "2 cuotas" in text, text
    assert "Visa" not in text, text


@pytest.mark.parametrize(
    ("lang", "said", "wanted"),
    [
        (
            "en",
            "whats the difference between the data analytics bootcamp and the power bi course",
            ("S/ 2,400", "12 weeks, 240 hours", "S/ 290", "Power BI Básico (24 hours)"),
        ),
        (
            "en",
            "compare the excel course vs the sql course",
            ("S/ 220", "S/ 260", "Short courses: 20 to 40 hours"),
        ),
        (
            "es",
            "qué diferencia hay entre el bootcamp de data analytics y el curso de power bi?",
            ("S/ 2,400", "12 semanas, 240 horas", "S/ 290", "Power BI Básico (24 horas)"),
        ),
        (
            "es",
            "cuál es la diferencia entre el curso de excel y el de sql?",
            ("S/ 220", "S/ 260", "Cursos cortos"),
        ),
    ],
)
def test_two_courses_compared_are_side_by_side(  # type: ignore[no-untyped-def]
    skill, lang: str, said: str, wanted: tuple[str, ...]
) -> None:
    text, data = skill.answer(said, lang)
    assert data["found"], data
    for fact in wanted:
        assert fact in text, text


@pytest.mark.parametrize(
    ("lang", "said", "wanted"),
    [
        (
            "es",
            "si me retiro del curso me devuelven la plata?",
            ("100%", "50%", "no hay reembolso"),
        ),
        ("es", "si me retiro del bootcamp me devuelven algo?", ("100%", "50%", "no hay reembolso")),
        ("en", "if I drop out of the course do I get my money back?", ("100%", "50%", "no refund")),
        ("en", "if I withdraw from the course, will you refund me?", ("100%", "50%", "no refund")),
    ],
)
def test_withdrawing_is_the_refund_policy(  # type: ignore[no-untyped-def]
    skill, lang: str, said: str, wanted: tuple[str, ...]
) -> None:
    text, data = skill.answer(said, lang)
    assert data["found"], data
    for fact in wanted:
        assert fact in text, text


def test_how_to_ask_for_a_refund_stays_the_how(skill) -> None:  # type: ignore[no-untyped-def]
    text, _data = skill.answer("how do I request a refund?", "en")
    assert "Solicitar reembolso" in text, text
    text, _data = skill.answer("cómo pido un reembolso?", "es")
    assert "Cómo pedir un reembolso" in text, text


# -- Part A row 6: what the certificate costs --------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said", "digital", "printed"),
    [
        ("es", "cuanto cuesta el curso de power bi y el certificado?", "digitales (PDF)", "S/ 25"),
        ("es", "cuanto pago por el certificado del curso de excel?", "digitales (PDF)", "S/ 25"),
        ("es", "cuánto cuesta el certificado?", "digitales (PDF)", "S/ 25"),
        ("en", "how much does the certificate cost?", "digital (PDF)", "S/ 25"),
        (
            "en",
            "how much do I pay for the certificate of the sql course?",
            "digital (PDF)",
            "S/ 25",
        ),
    ],
)
def test_the_certificate_is_digital_where_no_price_is_given(  # type: ignore[no-untyped-def]
    skill, lang: str, said: str, digital: str, printed: str
) -> None:
    text, _data = skill.answer(said, lang)
    assert digital in text, text
    assert printed in text, text
    assert text.index(digital) < text.index(printed), text
    assert "S/ 60" not in text, text


def test_remembered_requirements_reply_is_no_answer(skill) -> None:  # type: ignore[no-untyped-def]
    asked: dict[str, Any] = {
        "question": "dónde queda la sede de Trujillo?",
        "doc": "campuses-and-hours",
        "section": "Trujillo",
    }
    found = skill.unsaid_needs("cuáles son los requisitos?", asked, "es")
    assert found is not None
    assert not found[1]["found"], found
    assert skill.unsaid_needs("a qué hora abre?", asked, "es") is None
    assert skill.follow_up("a qué hora abre?", asked, "es") is not None


@pytest.mark.parametrize(
    ("lang", "said", "price"),
    [
        ("es", "tienen clases en línea? cuánto cuesta el curso de excel?", "S/ 220"),
        ("en", "do you have online classes? how much is the excel course", "S/ 220"),
    ],
)
def test_online_classes_and_another_question_answer_both(  # type: ignore[no-untyped-def]
    skill, lang: str, said: str, price: str
) -> None:
    text, _data = skill.answer(said, lang)
    assert _TEACHES[lang] in text, text
    assert price in text, text


@pytest.mark.parametrize(
    ("lang", "said", "asks"),
    [
        ("en", "how do I pay from overseas?", True),
        ("en", "how can I pay from another country?", True),
        ("es", "cómo pago desde el extranjero?", True),
        ("en", "how do I pay my electricity bill?", False),
        ("es", "cómo pago la luz de mi casa?", False),
    ],
)
def test_only_how_to_pay_here_or_from_abroad_is_rescued(  # type: ignore[no-untyped-def]
    skill, lang: str, said: str, asks: bool
) -> None:
    assert skill.asks_how_to_pay(said, lang) is asks
