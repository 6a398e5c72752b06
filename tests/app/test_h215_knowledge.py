"""Probe 44 knowledge answers (helper 215).

- P44-H7: "which days are the data analytics bootcamp classes?" / "¿qué días son las clases …?"
  asks the days of the week: a line that names a day ("Bootcamps: …, Monday to Friday"), never
  one with a span of days ("Live class recordings are deleted 30 days after the session").
- P44-H8: "¿cuánto dura el curso de excel?" asks the course's length: its tuition line (its
  hours) and the course-length line of its kind, never the placement test's 40 minutes.
- P44-H9: internet at a campus is its Wi-Fi ("hay internet en la sede de arequipa?"), not the
  certificates' renewal exam nor the online classes' connection.
- P44-M8: "whats the wifi password in lima", "hay wifi en arequipa?" (labelled out of scope by
  the intent model) are the Wi-Fi line's words but the campus, which that line says of each."""

from __future__ import annotations

from typing import Any

import pytest

# -- P44-H7: which days ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("es", "que dias son las clases del bootcamp de data analytics?"),
        ("en", "which days are the data analytics bootcamp classes?"),
        ("es", "que dias son las clases del bootcamp de desarrollo web?"),
        ("en", "which days are the web development bootcamp classes?"),
        ("es", "¿qué días tengo clase en el bootcamp de desarrollo web?"),
        ("en", "on which days are classes of the web dev bootcamp?"),
        ("en", "what days is the data analytics bootcamp?"),
    ],
)
def test_which_days_a_bootcamp_is_on_is_its_days(skill, lang: str, said: str) -> None:  # type: ignore[no-untyped-def]
    text, data = skill.answer(said, lang)
    assert data["found"] is True, text
    assert data["sentence"].startswith("Bootcamps:"), text
    assert "30" not in data["sentence"], text


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("es", "que dias hay clases del bootcamp?"),
        ("en", "what days are the bootcamp classes?"),
        ("en", "what days are the classes of the excel course?"),
        ("es", "que dias son las clases de excel?"),
    ],
)
def test_which_days_is_never_a_span_of_days(skill, lang: str, said: str) -> None:  # type: ignore[no-untyped-def]
    text, _data = skill.answer(said, lang)
    for wrong in ("recordings", "grabaciones", "prueba de nivel", "placement", "7 days", "7 días"):
        assert wrong not in text, text


# -- P44-H8: how long a course is ------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said", "course"),
    [
        ("es", "cuanto dura el curso de excel?", "Excel Intermedio (24 horas)"),
        ("es", "cuanto tiempo dura el curso de ingles para turismo?", "Inglés para Turismo (40"),
        ("es", "cuál es la duración del curso de excel?", "Excel Intermedio (24 horas)"),
        ("es", "cuanto dura el bootcamp de desarrollo web?", "Bootcamp de Desarrollo Web (12"),
        ("es", "¿cuánto duran las clases de marketing digital?", "Marketing Digital (36 horas)"),
        ("en", "how long is the english for tourism course?", "Inglés para Turismo (40"),
        ("en", "how long does the excel course last?", "Excel Intermedio (24 hours)"),
        ("en", "what is the duration of the excel course?", "Excel Intermedio (24 hours)"),
        ("en", "how long does the data analytics bootcamp last?", "Data Analytics Bootcamp (12"),
    ],
)
def test_how_long_a_course_is_its_hours(skill, lang: str, said: str, course: str) -> None:  # type: ignore[no-untyped-def]
    text, data = skill.answer(said, lang)
    assert data["found"] is True, text
    assert data["sentence"].startswith(course), text
    for wrong in ("40 minut", "prueba de nivel", "placement", "5 years", "5 años"):
        assert wrong not in text, text


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("es", "cuanto cuesta el curso de marketing digital y cuanto dura?"),
        ("es", "cuanto cuesta el bootcamp de data y cuanto dura?"),
        ("en", "how much is the marketing course and how long does it take?"),
    ],
)
def test_a_courses_price_and_length_are_its_line(skill, lang: str, said: str) -> None:  # type: ignore[no-untyped-def]
    text, _data = skill.answer(said, lang)
    assert "S/ 420" in text or "S/ 2,400" in text, text
    assert "40 minut" not in text, text
    assert "prueba de nivel" not in text, text


def test_the_placement_tests_length_is_still_the_tests(skill) -> None:  # type: ignore[no-untyped-def]
    for lang, said in (
        ("en", "how long is the placement test for the english course?"),
        ("es", "cuanto dura la prueba de nivel del bootcamp de data?"),
    ):
        text, data = skill.answer(said, lang)
        assert data["found"] is True, text
        assert "40" in data["sentence"], text


def test_how_long_other_things_keep_is_not_a_courses_length(skill) -> None:  # type: ignore[no-untyped-def]
    # "personal info" is the base's "data": not the Data Analytics Bootcamp
    said = "how long do u keep my personal info after i finish my last course"
    text, data = skill.answer(said, "en")
    assert data["found"] is True, text
    assert data["doc"] == "data-privacy", text


# -- P44-H9: internet at a campus ------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("es", "hay internet en la sede de arequipa?"),
        ("es", "tienen internet en el local de lima?"),
        ("en", "is there internet at the arequipa campus?"),
        ("en", "do you have internet at the trujillo campus?"),
    ],
)
def test_internet_at_a_campus_is_its_wifi(skill, lang: str, said: str) -> None:  # type: ignore[no-untyped-def]
    text, data = skill.answer(said, lang)
    assert data["found"] is True, text
    assert "Ruta-Aprende" in data["sentence"], text
    assert "S/ 60" not in text, text


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "what internet speed do i need for online classes?"),
        ("es", "que velocidad de internet necesito para las clases en linea?"),
    ],
)
def test_internet_for_online_classes_is_still_the_connection(skill, lang: str, said: str) -> None:  # type: ignore[no-untyped-def]
    text, data = skill.answer(said, lang)
    assert data["found"] is True, text
    assert "5 Mbps" in data["sentence"], text


# -- P44-M8: the Wi-Fi asked of a campus, labelled out of scope ------------------------------


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "whats the wifi password in lima"),
        ("es", "hay wifi en arequipa?"),
        ("en", "hay wifi en arequipa?"),
        ("en", "whats the wifi password at the cusco campus"),
        ("es", "hay wifi en la sede de trujillo?"),
    ],
)
def test_a_campuss_wifi_reaches_the_knowledge_skill(request, lang: str, said: str) -> None:  # type: ignore[no-untyped-def]
    api: Any = request.getfixturevalue(lang)
    reply = api.chat(said)
    assert reply["skill"] == "knowledge", reply
    assert "Ruta-Aprende" in reply["reply"], reply


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "whats the weather in lima"),
        ("es", "hay trafico en arequipa?"),
    ],
)
def test_other_things_of_a_city_stay_refused(request, lang: str, said: str) -> None:  # type: ignore[no-untyped-def]
    api: Any = request.getfixturevalue(lang)
    reply = api.chat(said)
    assert "Ruta-Aprende" not in reply["reply"], reply
