"""Probe 44 knowledge answers (helper 217).

- P44-M9: a price asked of two things ("cuanto cuesta el curso de power bi y el certificado?")
  is each one's price, or said not to be given; a part of a message that names a topic ("y si
  tienen becas") is answered by the topic's first section, never by its menu alone; what one
  pays for a course's certificate is no renewal exam's S/ 60.
- P44-M7: help in finding a job is the job placement service; an institution offered as an
  alternative to one the base names ("la SEP o el MINEDU") does not sink the answer; how many
  absences one may have is the minimum attendance, and whether there are internships the
  internships' first section, not a menu.
- P44-L3: "cuanto cuesta el certificado?" in Spanish points to the printed copy's price, as the
  English question does.
- K-L2: a Spanish question said to "usted" ("¿me puede decir…?") gets the skill's own phrases
  ("Pruebe a decirlo…", "consulte…") in that register; the knowledge base's lines as written."""

from __future__ import annotations

from typing import Any

import pytest

from tests.app.conftest import talk

# -- P44-M9: a price asked of two things -----------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said", "first", "second"),
    [
        ("es", "cuanto cuesta el curso de power bi y el certificado?", "S/ 290", "copia impresa"),
        ("es", "cuánto cuesta el curso de excel y el certificado?", "S/ 220", "copia impresa"),
        ("en", "how much is the excel course and the certificate?", "S/ 220", "printed copy"),
        ("en", "what's the price of the power bi course and the certificate", "S/ 290", "printed"),
        ("es", "cuánto cuesta el bootcamp de data analytics y la matrícula?", "S/ 2,400", "S/ 50"),
        (
            "en",
            "what's the price of the web development bootcamp and the registration fee?",
            "S/ 2,600",
            "S/ 50",
        ),
    ],
)
def test_a_price_asked_of_two_things_is_each_ones(  # type: ignore[no-untyped-def]
    skill, lang: str, said: str, first: str, second: str
) -> None:
    text, data = skill.answer(said, lang)
    assert first in text, text
    assert second in text, text
    assert len(data["parts"]) >= 1, data
    assert "S/ 60" not in text, text
    for section in ("Cómo obtener", "Getting a certificate"):  # only its digital PDF (P45 row 6)
        assert section not in text or "PDF" in text, text


@pytest.mark.parametrize(
    ("lang", "said", "price", "scholarship"),
    [
        (
            "es",
            "quisiera saber cuanto cuesta el bootcamp de data analytics y si tienen becas",
            "S/ 2,400",
            "Beca Ruta completa: cubre el 100%",
        ),
        (
            "en",
            "what's the price of the data analytics bootcamp and are there scholarships?",
            "S/ 2,400",
            "Full Beca Ruta: covers 100%",
        ),
        (
            "es",
            "cuanto cuesta el curso de marketing digital y hay becas?",
            "S/ 420",
            "Beca Ruta completa",
        ),
        (
            "en",
            "how much is the sql course and do you have scholarships?",
            "S/ 260",
            "Full Beca Ruta",
        ),
    ],
)
def test_a_topic_asked_beside_a_price_is_answered_not_a_menu(  # type: ignore[no-untyped-def]
    skill, lang: str, said: str, price: str, scholarship: str
) -> None:
    text, _data = skill.answer(said, lang)
    assert price in text, text
    assert scholarship in text, text
    for menu in ("Puedo contarte sobre:", "I can tell you about:", "Pregúntame por"):
        assert menu not in text, text


@pytest.mark.parametrize(
    ("lang", "said", "printed"),
    [
        ("es", "cuanto pago por el certificado del curso de excel?", "copia impresa cuesta S/ 25"),
        ("es", "cuánto hay que pagar por el certificado del curso de power bi?", "S/ 25"),
        ("es", "cuánto tengo que pagar por el certificado del curso de sql", "S/ 25"),
        ("en", "how much do I pay for the certificate of the excel course?", "printed copy"),
        ("en", "how much do I have to pay for the certificate of the sql course?", "S/ 25"),
    ],
)
def test_what_one_pays_for_a_courses_certificate_is_no_renewal_fee(  # type: ignore[no-untyped-def]
    skill, lang: str, said: str, printed: str
) -> None:
    text, data = skill.answer(said, lang)
    assert data["found"] is False, text
    assert "S/ 60" not in text, text
    assert printed in text, text


@pytest.mark.parametrize(
    ("lang", "said", "price"),
    [
        ("es", "cuanto pago por el curso de excel?", "S/ 220"),
        ("es", "cuánto hay que pagar por el bootcamp de desarrollo web", "S/ 2,600"),
        ("en", "how much do i pay for the data analytics bootcamp", "S/ 2,400"),
    ],
)
def test_what_one_pays_for_a_course_is_still_its_price(  # type: ignore[no-untyped-def]
    skill, lang: str, said: str, price: str
) -> None:
    text, data = skill.answer(said, lang)
    assert data["found"] is True, text
    assert price in data["sentence"], text


# -- P44-L3: the certificate's price in Spanish ----------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("es", "cuanto cuesta el certificado?"),
        ("es", "¿cuál es el precio del certificado?"),
        ("es", "cuánto cuestan los certificados"),
        ("en", "how much does the certificate cost?"),
    ],
)
def test_the_certificates_price_points_to_the_printed_copy(skill, lang: str, said: str) -> None:  # type: ignore[no-untyped-def]
    text, data = skill.answer(said, lang)
    assert data["found"] is False, text
    assert data.get("other_price") is True, text
    assert "S/ 25" in text, text


def test_the_excel_specialist_certifications_price_is_still_not_a_copys(skill) -> None:  # type: ignore[no-untyped-def]
    text, data = skill.answer("cuanto sale la certificacion de especialista en excel?", "es")
    assert data["found"] is False, text
    assert "S/" not in text, text


# -- P44-M7: knowledge gaps -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "do you guys help with finding a job after?"),
        ("en", "do you help students get a job?"),
        ("en", "can you help me look for a job when I finish"),
        ("es", "me ayudan a conseguir chamba?"),
        ("es", "ustedes ayudan a encontrar empleo al terminar?"),
        ("es", "ayudan a buscar trabajo después del curso?"),
    ],
)
def test_help_in_finding_a_job_is_the_job_placement_service(skill, lang: str, said: str) -> None:  # type: ignore[no-untyped-def]
    text, data = skill.answer(said, lang)
    assert data["found"] is True, text
    assert data["doc"] == "job-placement", text
    assert "ayuda@" not in text.split("\n")[1], text  # not the help desk's email


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("es", "el certificado tiene validez oficial de la SEP o del MINEDU?"),
        ("es", "el certificado esta avalado por el minedu o la sep?"),
        ("en", "is the certificate recognised by SUNEDU or the SEP?"),
        ("en", "is the certificate valid for the SEP or MINEDU"),
    ],
)
def test_an_unknown_institution_beside_a_known_one_is_its_official_status(  # type: ignore[no-untyped-def]
    skill, lang: str, said: str
) -> None:
    text, data = skill.answer(said, lang)
    assert data["found"] is True, text
    assert data["section"] in ("Validez oficial", "Official status"), text
    assert "MINEDU" in data["sentence"], text


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("es", "el certificado tiene validez ante la SEP?"),
        ("es", "el certificado vale en Lima o Bogota?"),
    ],
)
def test_an_unknown_name_alone_or_beside_a_place_is_not_dropped(  # type: ignore[no-untyped-def]
    skill, lang: str, said: str
) -> None:
    text, data = skill.answer(said, lang)
    assert data["found"] is False, text


@pytest.mark.parametrize(
    ("lang", "said", "said_back"),
    [
        ("es", "cuantas faltas puedo tener", "80%"),
        ("es", "cuántas faltas me permiten?", "80%"),
        ("en", "how many absences can I have?", "80%"),
        ("en", "how many absences am I allowed in the excel course", "80%"),
    ],
)
def test_how_many_absences_is_the_minimum_attendance(  # type: ignore[no-untyped-def]
    skill, lang: str, said: str, said_back: str
) -> None:
    text, data = skill.answer(said, lang)
    assert data["found"] is True, text
    assert not data.get("topic"), text
    assert said_back in data["sentence"], text


@pytest.mark.parametrize(
    ("lang", "said", "first"),
    [
        ("es", "dan practicas pre profesionales?", "Hay prácticas en empresas aliadas"),
        ("es", "hay practicas?", "Hay prácticas en empresas aliadas"),
        ("en", "do you offer internships?", "Internships with partner companies"),
        ("es", "tienen becas?", "Beca Ruta completa"),
        ("en", "are there scholarships?", "Full Beca Ruta"),
        ("en", "is there job placement", "Free for every learner"),
    ],
)
def test_whether_there_is_a_topics_thing_is_its_first_section(  # type: ignore[no-untyped-def]
    skill, lang: str, said: str, first: str
) -> None:
    text, data = skill.answer(said, lang)
    assert data["found"] is True, text
    assert first in text, text
    assert "Pregúntame por cualquiera" not in text, text
    assert "Ask me about any of them" not in text, text


@pytest.mark.parametrize(
    ("lang", "said", "menu"),
    [
        ("es", "becas", "Puedo contarte sobre"),
        ("en", "scholarships", "I can tell you about"),
        ("es", "practicas", "Puedo contarte sobre"),
    ],
)
def test_a_bare_topic_is_still_its_menu(skill, lang: str, said: str, menu: str) -> None:  # type: ignore[no-untyped-def]
    text, data = skill.answer(said, lang)
    assert data["topic"] is True, text
    assert menu in text, text


# -- through the assistant --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said", "doc", "section"),
    [
        ("es", "me ayudan a conseguir chamba?", "job-placement", ""),
        ("en", "do you guys help with finding a job after?", "job-placement", ""),
        ("es", "el certificado tiene validez oficial de la SEP o del MINEDU?", "certificates", "V"),
        ("es", "cuantas faltas puedo tener", "attendance", "Asistencia mínima"),
        ("es", "dan practicas pre profesionales?", "internships", "Qué cursos"),
    ],
)
def test_the_reported_questions_are_answered_in_the_chat(  # type: ignore[no-untyped-def]
    request, lang: str, said: str, doc: str, section: str
) -> None:
    api: Any = request.getfixturevalue(lang)
    reply = api.chat(said)
    assert reply["skill"] == "knowledge", reply
    assert reply["data"]["found"] is True, reply
    assert reply["data"]["doc"] == doc, reply
    assert reply["data"]["section"].startswith(section), reply


# -- K-L2: a question said to "usted" is answered so ------------------------------------------


@pytest.mark.parametrize(
    ("said", "formal", "familiar"),
    [
        ("¿me puede decir si tienen gimnasio?", "Pruebe a decirlo", "Prueba a decirlo"),
        ("disculpe, ¿hay cafetería en la sede de Lima?", "consulte directamente", "consulta dir"),
        ("¿usted sabe si tienen piscina?", "Pruebe a decirlo", "Prueba a decirlo"),
        ("¿me podría decir si aceptan bitcoin?", "Medios de pago", "consulta directamente"),
    ],
)
def test_a_question_said_to_usted_is_answered_so(  # type: ignore[no-untyped-def]
    skill, said: str, formal: str, familiar: str
) -> None:
    text, _data = skill.answer(said, "es")
    assert formal in text, text
    assert familiar not in text, text


@pytest.mark.parametrize(
    "said", ["¿tienen gimnasio?", "¿me puedes decir si tienen piscina?", "hay cafetería en Lima?"]
)
def test_a_question_said_to_tu_keeps_tu(skill, said: str) -> None:  # type: ignore[no-untyped-def]
    text, _data = skill.answer(said, "es")
    assert "Prueba a decirlo" in text or "consulta directamente" in text, text
    assert "Pruebe" not in text, text
    assert "consulte" not in text, text


def test_the_knowledge_bases_own_lines_are_quoted_as_written(skill) -> None:  # type: ignore[no-untyped-def]
    """ "tu orden de pago" is the knowledge base's prose: quoted as it is, whatever the register."""
    text, _data = skill.answer("¿me puede decir si aceptan paypal?", "es")
    assert "figura en tu orden de pago" in text, text


def test_usted_in_the_chat(es) -> None:  # type: ignore[no-untyped-def]
    reply = es.chat("¿me puede decir si tienen gimnasio en la sede de Lima?")
    assert reply["skill"] == "knowledge", reply
    assert "Pruebe a decirlo" in reply["reply"], reply
    assert "Prueba a decirlo" not in reply["reply"], reply
    assert "consulta directamente" not in reply["reply"], reply


# -- P44-M7: "¿a qué hora abre?" right after a campus's address -------------------------------


@pytest.mark.parametrize(
    ("lang", "first", "then", "hours"),
    [
        ("es", "cual es la direccion de la sede de trujillo?", "a que hora abre?", "9:00 a 20:00"),
        ("es", "donde queda la sede de cusco?", "hasta que hora atienden?", "8:30 a 20:00"),
        ("es", "dirección de la sede de arequipa", "abren los sabados?", "Horario"),
        ("en", "where is the arequipa campus?", "what time does it open?", "Hours"),
    ],
)
def test_opening_hours_after_a_campuss_address_are_that_campuss(  # type: ignore[no-untyped-def]
    request, lang: str, first: str, then: str, hours: str
) -> None:
    api: Any = request.getfixturevalue(lang)
    address, reply = talk(api, first, then)
    assert address["skill"] == "knowledge", address
    assert reply["skill"] == "knowledge", reply
    assert reply["data"]["section"] == address["data"]["section"], reply
    assert hours in reply["data"]["sentence"], reply


def test_opening_hours_after_another_answer_name_no_campus(skill) -> None:  # type: ignore[no-untyped-def]
    asked = {"question": "cuanto cuesta el curso de excel?", "doc": "fees-and-payment"}
    assert skill.follow_up("a que hora abre?", {**asked, "section": "Medios de pago"}, "es") is None


@pytest.mark.parametrize(
    ("lang", "first", "then"),
    [
        ("en", "where is the Lima campus?", "what time is it?"),
        ("es", "donde queda la sede de cusco?", "que hora es?"),
    ],
)
def test_the_clock_asked_after_a_campuss_address_is_the_clock(  # type: ignore[no-untyped-def]
    request, lang: str, first: str, then: str
) -> None:
    api: Any = request.getfixturevalue(lang)
    _address, reply = talk(api, first, then)
    assert reply["skill"] == "scheduling", reply
