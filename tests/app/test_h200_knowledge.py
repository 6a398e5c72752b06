"""Probe 42's knowledge findings (helper 200).

- K-H2: a question that names a bootcamp and asks something else of it (its requirements, its
  schedule, whether it is taught in person somewhere) is not answered by a line that merely
  names the bootcamp (the women-only scholarship): the requirements are enrolment's "who can"
  line, the schedule the bootcamps' course length, the modality "I don't know".
- K-H3: a question about one campus (parking in Arequipa, transport to Trujillo) that the
  knowledge base answers only for another (Lima) is said not to be known for that campus, with
  the other campus's line labelled as that campus's and the asked campus's contact; never
  quoted as the answer.
- K-M8: the quoted line of a section that lists the campuses is the asked campus's."""

from __future__ import annotations

from typing import Any

import pytest

from tests.app.conftest import Api


def _chat(request: pytest.FixtureRequest, lang: str, said: str) -> dict[str, Any]:
    api: Api = request.getfixturevalue(lang)
    return api.chat(said)


_WOMEN = ("For women", "Para mujeres")


# -- K-H2: a bootcamp's requirements, schedule and modality --------------------------------------


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "what are the requirements for the web development bootcamp?"),
        ("en", "What are the requirements for the Data Analytics Bootcamp?"),
        ("en", "requirements to join the data analytics bootcamp"),
        ("es", "cuales son los requisitos para el bootcamp de desarrollo web?"),
        ("es", "qué requisitos piden para el bootcamp de data analytics?"),
        ("es", "requisitos del Bootcamp de Desarrollo Web"),
    ],
)
def test_a_bootcamps_requirements_are_who_can_enrol(skill, lang: str, said: str) -> None:  # type: ignore[no-untyped-def]
    text, data = skill.answer(said, lang)
    assert data["doc"] == "enrolment", text
    assert "placement test" in text or "prueba de nivel" in text, text
    assert not any(women in text for women in _WOMEN), text


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "what's the schedule of the web development bootcamp?"),
        ("en", "what is the schedule for the data analytics bootcamp"),
        ("es", "cual es el horario del bootcamp de data analytics?"),
    ],
)
def test_a_bootcamps_schedule_is_the_bootcamps_course_length(skill, lang: str, said: str) -> None:  # type: ignore[no-untyped-def]
    text, data = skill.answer(said, lang)
    assert data["doc"] == "schedules-and-class-format", text
    assert "240" in data["sentence"], text
    assert not any(women in text for women in _WOMEN), text


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "is the data analytics bootcamp in person in arequipa?"),
        ("en", "is the web development bootcamp taught in person in Cusco?"),
        ("es", "el bootcamp de data es presencial en arequipa?"),
        ("es", "q horario tiene el bootcamp de desarrollo web"),
        ("es", "el bootcamp de desarrollo web es presencial en trujillo?"),
    ],
)
def test_what_the_base_does_not_say_of_a_bootcamp_is_not_the_womens_scholarship(
    skill, lang: str, said: str
) -> None:  # type: ignore[no-untyped-def]
    text, data = skill.answer(said, lang)
    assert not any(women in text for women in _WOMEN), text
    assert data.get("doc") != "scholarships", text


@pytest.mark.parametrize(
    ("lang", "said", "price"),
    [
        ("en", "how much does the web development bootcamp cost?", "2,600"),
        ("es", "cuanta plata necesito para el bootcamp de análisis de datos?", "2,400"),
        ("es", "cuánto cuesta el bootcamp de desarrollo web?", "2,600"),
    ],
)
def test_a_bootcamps_price_is_still_its_price(skill, lang: str, said: str, price: str) -> None:  # type: ignore[no-untyped-def]
    text, data = skill.answer(said, lang)
    assert price in data["sentence"], text


def test_the_requirements_question_through_the_app(request: pytest.FixtureRequest) -> None:
    reply = _chat(request, "en", "what are the requirements for the web development bootcamp?")
    assert reply["skill"] == "knowledge", reply["reply"]
    assert "placement test" in reply["reply"], reply["reply"]
    assert "For women" not in reply["reply"], reply["reply"]


# -- K-H3: another campus's facts ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said", "campus", "contact"),
    [
        ("en", "is there parking at the arequipa campus?", "Arequipa", "arequipa@"),
        ("en", "Is there a car park at the Trujillo campus?", "Trujillo", "trujillo@"),
        ("en", "how do I get to the Cusco campus by public transport?", "Cusco", "cusco@"),
        ("en", "nearest public transport to the trujillo campus?", "Trujillo", "trujillo@"),
        ("es", "hay estacionamiento en la sede de arequipa?", "Arequipa", "arequipa@"),
        ("es", "como llego a la sede de trujillo en transporte publico?", "Trujillo", "trujillo@"),
        ("es", "¿Dónde estaciono si voy a la sede de Cusco?", "Cusco", "cusco@"),
    ],
)
def test_another_campuss_fact_is_labelled_and_not_the_answer(
    skill, lang: str, said: str, campus: str, contact: str
) -> None:  # type: ignore[no-untyped-def]
    text, data = skill.answer(said, lang)
    assert data["found"] is False, text
    first = text.splitlines()[0]
    assert campus in first, text
    assert "Lima" in first, text
    assert first.startswith(("I don't know", "No lo sé")), text
    assert contact in text, text
    assert skill.best(said, lang) is None  # not an answer (the evaluation counts abstentions)


@pytest.mark.parametrize(
    ("lang", "said", "token"),
    [
        ("en", "is there parking at the Lima campus", "car park"),
        ("es", "hay estacionamiento en la sede de lima?", "estacionamiento"),
        ("en", "what are the evening class hours in Arequipa", "17:00"),
        ("en", "when do new excel classes start in arequipa?", "every two months"),
        ("es", "cuando empiezan los cursos en trujillo?", "cada dos meses"),
    ],
)
def test_a_campuss_own_fact_is_still_the_answer(skill, lang: str, said: str, token: str) -> None:  # type: ignore[no-untyped-def]
    text, data = skill.answer(said, lang)
    assert data["found"] is True, text
    assert token in data["sentence"], text


def test_another_campuss_fact_through_the_app(request: pytest.FixtureRequest) -> None:
    reply = _chat(request, "es", "hay estacionamiento en la sede de arequipa?")
    assert reply["skill"] == "knowledge", reply["reply"]
    assert reply["reply"].startswith("No lo sé para la sede de Arequipa"), reply["reply"]
    assert "arequipa@ruta-academy.example" in reply["reply"], reply["reply"]


# -- K-M8: the asked campus's line of the accessibility section ------------------------------------


@pytest.mark.parametrize(
    ("lang", "said", "start"),
    [
        ("es", "uso silla de ruedas, la sede de trujillo es accesible?", "Trujillo:"),
        ("en", "I use a wheelchair, is the trujillo campus accessible?", "Trujillo:"),
        ("en", "is the Cusco campus accessible for wheelchairs?", "Cusco:"),
        ("es", "la sede de arequipa tiene acceso para silla de ruedas?", "Lima y Arequipa:"),
    ],
)
def test_the_quoted_accessibility_line_is_the_asked_campuss(
    skill, lang: str, said: str, start: str
) -> None:  # type: ignore[no-untyped-def]
    text, data = skill.answer(said, lang)
    assert data["doc"] == "accessibility", text
    assert data["sentence"].startswith(start), text


# -- K-H4: the price of another thing ------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("es", "cuanto sale la certificacion de especialista en excel?"),
        ("es", "cuánto cuesta la certificación de manipulación de alimentos?"),
        ("en", "how much is the excel specialist certification?"),
        ("en", "How much does the Especialista en Excel certification cost?"),
    ],
)
def test_a_price_the_base_does_not_give_is_not_another_things_price(
    skill, lang: str, said: str
) -> None:  # type: ignore[no-untyped-def]
    text, data = skill.answer(said, lang)
    assert data["found"] is False, text
    assert "S/" not in text, text


@pytest.mark.parametrize(
    ("lang", "said", "price"),
    [
        ("en", "how much does it cost to renew my certification?", "S/ 60"),
        ("es", "cuánto cuesta renovar la certificación?", "S/ 60"),
        ("en", "how much is the excel course", "S/ 220"),
        ("es", "cuanto cuesta el curso de excel?", "S/ 220"),
        ("en", "how much does a printed certificate cost", "S/ 25"),
        ("es", "cuanto cuesta cambiar de grupo?", "S/ 30"),
        ("en", "how much is the late fee", "S/ 20"),
    ],
)
def test_a_things_own_price_is_still_the_answer(skill, lang: str, said: str, price: str) -> None:  # type: ignore[no-untyped-def]
    text, data = skill.answer(said, lang)
    assert price in data["sentence"], text


def test_the_certification_price_through_the_app(request: pytest.FixtureRequest) -> None:
    reply = _chat(request, "es", "cuanto sale la certificacion de especialista en excel?")
    assert reply["skill"] == "knowledge", reply["reply"]
    assert reply["reply"].startswith("No lo sé"), reply["reply"]
    assert "S/ 60" not in reply["reply"], reply["reply"]


# -- K-M6: a low-income scholarship question; K-M7: when a bootcamp starts -----------------------


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("es", "tienen becas para personas de bajos recursos?"),
        ("es", "tienen becas para personas de estratos bajos?"),
        ("es", "hay becas para gente de pocos recursos economicos?"),
        ("en", "are there scholarships for low income students?"),
        ("en", "do you have scholarships for poor families?"),
    ],
)
def test_a_low_income_scholarship_question_is_the_income_requirement(
    skill, lang: str, said: str
) -> None:  # type: ignore[no-untyped-def]
    text, data = skill.answer(said, lang)
    assert data["doc"] == "scholarships", text
    assert "2,500" in data["sentence"], text


@pytest.mark.parametrize(
    ("lang", "said", "token"),
    [
        ("en", "when does the next bootcamp start?", "first Monday"),
        ("en", "when does the web development bootcamp start?", "first Monday"),
        ("es", "cuando empieza el proximo bootcamp?", "primer lunes"),
        ("es", "cuándo empieza el bootcamp de desarrollo web?", "primer lunes"),
        ("en", "when does the power bi course start in arequipa?", "every two months"),
    ],
)
def test_a_bootcamps_start_is_the_start_dates(skill, lang: str, said: str, token: str) -> None:  # type: ignore[no-untyped-def]
    text, data = skill.answer(said, lang)
    assert data["doc"] == "schedules-and-class-format", text
    assert token in data["sentence"], text


def test_the_next_bootcamp_through_the_app(request: pytest.FixtureRequest) -> None:
    reply = _chat(request, "en", "when does the next bootcamp start?")
    assert reply["skill"] == "knowledge", reply["reply"]
    assert "first Monday" in reply["reply"], reply["reply"]
