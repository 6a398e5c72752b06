"""Probe 40 (U-M6): customers' obvious questions answered "I don't know", refused, or answered
with the wrong section.

- A means of payment the knowledge base never names, whose name holds a word it does use
  ("Mercado Pago", "Apple Pay": "pago", "pay"), or one it never heard of ("nequi"), is said not
  to be listed, with the means it lists (not "No lo sé", not the discounts' "if you pay").
- "el bootcamp de análisis de datos" is the base's "Bootcamp de Data Analytics" (synonyms).
- "que bootcamps tienen?", "how long are the bootcamps?": every entry of that kind, quoted from
  the price list and the course lengths (not the instalments, not the placement test).
- A discount for someone no line names ("students from public universities") is answered with
  the discounts listed and whom to ask, not refused.
- "hola! what time do you close on saturdays?": the greeting no longer makes it out of scope.
- "can i bring my kid to class": "I don't know" and whom to ask, not a refusal.
- "tienen cursos de cocina?", "do you have a python course?": the courses of the pathways'
  catalog on it, each with its provider (app/skills/courses.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.skills import courses
from models.ranker import Catalog
from tests.app.conftest import Api, make_user

ROOT = Path(__file__).resolve().parents[2]


def _chat(request: pytest.FixtureRequest, lang: str, said: str) -> dict[str, Any]:
    api: Api = request.getfixturevalue(lang)
    return api.chat(said)


# -- means of payment ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said", "means"),
    [
        ("es", "se puede pagar con mercado pago?", "mercado pago"),
        ("es", "se puede pagar con nequi?", "nequi"),
        ("es", "aceptan nequi?", "nequi"),
        ("es", "aceptan daviplata?", "daviplata"),
        ("es", "aceptan apple pay?", "apple pay"),
        ("en", "do you take apple pay", "apple pay"),
        ("en", "hey, do you take nequi?", "nequi"),
        ("en", "can i pay with mercado pago?", "mercado pago"),
    ],
)
def test_a_means_the_base_does_not_list_is_said_so_with_the_ones_it_lists(
    request: pytest.FixtureRequest, lang: str, said: str, means: str
) -> None:
    reply = _chat(request, lang, said)
    assert reply["skill"] == "knowledge", reply["reply"]
    assert reply["data"].get("unlisted", "").lower() == means, reply["reply"]
    assert "Yape" in reply["reply"], reply["reply"]
    assert "Visa" in reply["reply"], reply["reply"]
    assert "Early bird" not in reply["reply"]
    assert "No lo sé" not in reply["reply"]


@pytest.mark.parametrize(
    ("lang", "said", "line"),
    [
        ("es", "puedo pagar con tarjeta?", "Tarjetas de crédito y débito Visa"),
        ("es", "se puede pagar con yape?", "Yape y Plin"),
        ("en", "can i pay with cash?", "Cash, only at campus reception"),
        ("en", "do you take cards?", "Visa or Mastercard"),
    ],
)
def test_a_listed_means_is_still_quoted(
    request: pytest.FixtureRequest, lang: str, said: str, line: str
) -> None:
    reply = _chat(request, lang, said)
    assert reply["skill"] == "knowledge", reply["reply"]
    assert "unlisted" not in reply["data"], reply["reply"]
    assert f"“{line}" in reply["reply"], reply["reply"]


# -- the bootcamps ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said", "price"),
    [
        ("es", "hola cuanto cuesta el bootcamp de analisis de datos", "S/ 2,400"),
        ("es", "cuanto cuesta el bootcamp de analítica de datos?", "S/ 2,400"),
        ("es", "cuanto sale el bootcamp de programacion web", "S/ 2,600"),
        ("en", "how much is the data analysis bootcamp?", "S/ 2,400"),
    ],
)
def test_a_bootcamp_named_in_other_words_is_priced(
    request: pytest.FixtureRequest, lang: str, said: str, price: str
) -> None:
    reply = _chat(request, lang, said)
    assert reply["skill"] == "knowledge", reply["reply"]
    assert reply["data"].get("found"), reply["reply"]
    assert price in reply["reply"].split("\n")[1], reply["reply"]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("es", "que bootcamps tienen?"),
        ("es", "cuanto duran los bootcamps?"),
        ("es", "cuanto cuestan los bootcamps?"),
        ("en", "how long are the bootcamps?"),
        ("en", "yo how long r the bootcamps"),
        ("en", "what bootcamps do you have?"),
    ],
)
def test_the_bootcamps_are_all_quoted(request: pytest.FixtureRequest, lang: str, said: str) -> None:
    reply = _chat(request, lang, said)
    text = reply["reply"]
    assert reply["skill"] == "knowledge", text
    names = {
        "es": ("“Bootcamp de Data Analytics", "“Bootcamp de Desarrollo Web", "“Bootcamps: 12"),
        "en": ("“Data Analytics Bootcamp", "“Web Development Bootcamp", "“Bootcamps: 12"),
    }[lang]
    assert all(name in text for name in names), text
    assert "Cuotas" not in text
    assert "Placement" not in text
    assert "Pruebas de nivel" not in text


@pytest.mark.parametrize(
    ("lang", "said", "section"),
    [
        ("en", "can i pay the bootcamps in instalments?", "Instalments"),
        ("en", "do the bootcamps have a placement test?", "Placement tests"),
        ("es", "los bootcamps tienen examen de nivel?", "Pruebas de nivel"),
        ("en", "how much is the data analytics bootcamp", "Example tuition prices"),
    ],
)
def test_other_questions_about_bootcamps_keep_their_section(
    request: pytest.FixtureRequest, lang: str, said: str, section: str
) -> None:
    reply = _chat(request, lang, said)
    assert reply["data"].get("section") == section, reply["reply"]
    assert reply["reply"].count("“") == 1, reply["reply"]  # one line quoted


# -- discounts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said", "listed"),
    [
        ("en", "is there a discount for students from public universities?", "Early bird"),
        ("en", "is there a discount for seniors?", "Alumni"),
        ("es", "hay descuento para estudiantes de universidades publicas?", "Pronto pago"),
        ("es", "hay algun descuento para docentes?", "Exalumnos"),
    ],
)
def test_a_discount_no_line_names_is_answered_with_the_discounts_listed(
    request: pytest.FixtureRequest, lang: str, said: str, listed: str
) -> None:
    reply = _chat(request, lang, said)
    assert reply["skill"] == "knowledge", reply["reply"]
    assert reply["data"].get("unlisted") == "discount", reply["reply"]
    assert listed in reply["reply"], reply["reply"]
    assert "ayuda@ruta-academy.example" in reply["reply"], reply["reply"]


@pytest.mark.parametrize(
    ("lang", "said", "line"),
    [
        ("en", "do alumni get a discount?", "Alumni: 15% off"),
        ("es", "hay descuento para exalumnos?", "Exalumnos: 15%"),
        ("es", "hay descuento para personas con discapacidad?", "CONADIS"),
    ],
)
def test_a_discount_a_line_names_is_quoted(
    request: pytest.FixtureRequest, lang: str, said: str, line: str
) -> None:
    reply = _chat(request, lang, said)
    assert reply["skill"] == "knowledge", reply["reply"]
    assert "unlisted" not in reply["data"], reply["reply"]
    assert line in reply["reply"].split("\n")[1], reply["reply"]


# -- refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said", "hours"),
    [
        ("en", "hola! what time do you close on saturdays?", "Saturday 9:00 to 14:00"),
        ("en", "hello! what time do you close on saturday?", "Saturday 9:00 to 14:00"),
        ("es", "hola! a que hora cierran los sabados?", "sábados de 9:00 a 14:00"),
    ],
)
def test_a_greeting_before_a_question_is_no_refusal(
    request: pytest.FixtureRequest, lang: str, said: str, hours: str
) -> None:
    reply = _chat(request, lang, said)
    assert reply["skill"] == "knowledge", reply["reply"]
    assert hours in reply["reply"], reply["reply"]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "can i bring my kid to class"),
        ("en", "can i bring my dog to the campus?"),
        ("es", "puedo llevar a mi hijo a clase?"),
        ("es", "se puede comer en el laboratorio?"),
    ],
)
def test_what_one_may_do_in_class_is_asked_to_the_house(
    request: pytest.FixtureRequest, lang: str, said: str
) -> None:
    reply = _chat(request, lang, said)
    assert reply["skill"] == "knowledge", reply["reply"]
    assert "ayuda@ruta-academy.example" in reply["reply"], reply["reply"]


# -- courses of the pathways' catalog -----------------------------------------------------------


def _user(app: Any, locale: str) -> Api:
    token, user_id = make_user(app, "luis", "America/Lima")
    api = Api(app.test_client(), token, user_id, "luis")
    assert api.patch("/v1/users/me", json={"locale": locale}).status_code == 200
    return api


@pytest.mark.parametrize(
    ("locale", "said", "titles"),
    [
        ("es-PE", "tienen cursos de cocina?", ["Cocina Peruana Básica (Escuela de Cocina"]),
        ("es-PE", "hay algun taller de soldadura?", ["Soldadura Básica SMAW"]),
        ("en", "do you have a python course?", ["Python desde Cero", "Python for Everyone"]),
        ("en", "do you guys have a python course?", ["Python for Everyone (CodeCommons)"]),
        ("en", "do you have python courses?", ["Python desde Cero (AprendeLibre)"]),
        ("en", "do you offer courses on welding?", ["Soldadura Avanzada TIG/MIG"]),
    ],
)
def test_a_course_the_base_does_not_list_is_looked_up_in_the_catalog(
    pathway_app: Any, locale: str, said: str, titles: list[str]
) -> None:
    api = _user(pathway_app, locale)
    reply = api.chat(said)
    assert reply["skill"] == "knowledge", reply["reply"]
    assert reply["data"].get("catalog") is True, reply["reply"]
    assert all(title in reply["reply"] for title in titles), reply["reply"]
    assert "No lo sé" not in reply["reply"]
    assert "I don't know" not in reply["reply"]


@pytest.mark.parametrize(
    ("locale", "first", "then", "title"),
    [
        ("es-PE", "tienen cursos de cocina?", "y de python?", "Python desde Cero"),
        ("en", "do you have a python course?", "and welding?", "Soldadura Básica SMAW"),
        ("en", "do you have courses on cooking?", "what about python?", "Python for Everyone"),
    ],
)
def test_a_follow_up_asks_the_catalog_of_another_subject(
    pathway_app: Any, locale: str, first: str, then: str, title: str
) -> None:
    api = _user(pathway_app, locale)
    reply = api.chat(first)
    assert reply["data"].get("catalog") is True, reply["reply"]
    reply = api.chat(then, reply["conversation_id"])
    assert reply["skill"] == "knowledge", reply["reply"]
    assert title in reply["reply"], reply["reply"]


@pytest.mark.parametrize(
    ("locale", "said"),
    [("es-PE", "tienen clases de guitarra?"), ("en", "do you teach guitar?")],
)
def test_a_course_the_catalog_lacks_too_is_not_known(
    pathway_app: Any, locale: str, said: str
) -> None:
    reply = _user(pathway_app, locale).chat(said)
    assert reply["skill"] == "knowledge", reply["reply"]
    assert "catalog" not in reply["data"], reply["reply"]
    assert "ayuda@ruta-academy.example" in reply["reply"], reply["reply"]


def test_without_a_ranker_a_course_question_is_not_known(en: Api) -> None:
    reply = en.chat("do you have a python course?")
    assert reply["skill"] == "knowledge", reply["reply"]
    assert "catalog" not in reply["data"], reply["reply"]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load(ROOT / "data" / "pathways")


@pytest.mark.parametrize(
    ("lang", "said", "subject"),
    [
        ("es", "tienen cursos de cocina?", "cocina"),
        ("es", "hay algun taller de soldadura?", "soldadura"),
        ("es", "cursos de excel tienen?", "excel"),
        ("en", "do you have a python course?", "python"),
        ("en", "do you guys have python courses?", "python"),
        ("en", "is there a course on data analysis?", "data analysis"),
        ("en", "do you have classes on saturday?", "saturday"),
        ("en", "how much is the excel course?", None),
        ("es", "cuanto cuesta el curso de excel?", None),
    ],
)
def test_the_subject_of_a_course_question(lang: str, said: str, subject: str | None) -> None:
    assert courses.subject(said, lang) == subject


@pytest.mark.parametrize(
    ("said", "wanted", "not_wanted"),
    [
        ("cocina", "Cocina Peruana Básica", None),
        ("cocinero", "Cocina Peruana Básica", None),
        ("excel", "Excel Intermedio", "Atención al Cliente de Excelencia"),
        ("python", "Python for Everyone", "Cocina Peruana Básica"),
    ],
)
def test_courses_on_a_subject(
    catalog: Catalog, said: str, wanted: str, not_wanted: str | None
) -> None:
    titles = [c.title for c in courses.courses_on(catalog, said)]
    assert wanted in titles
    assert not_wanted not in titles
    assert courses.courses_on(catalog, "saturday") == []
    assert courses.courses_on(catalog, "guitarra") == []
