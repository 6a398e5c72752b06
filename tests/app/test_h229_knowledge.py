"""Probe 45 knowledge answers (helper 229).

- P45-L5: "¿cuánto vale el bootcamp … en pesos colombianos?" gave the price in soles without a
  word on the currency ("in USD" even had no answer): the price in soles now comes with the
  plain statement that the academy's prices are in soles and that the assistant converts no
  currency (no exchange rate), in both languages.
- "what's the difference between a bootcamp and a short course?" (read as a wish for a
  pathway) and "¿qué diferencia hay entre un bootcamp y un curso corto?" (only the short
  courses' line): both kinds' length lines and tuition lines, as the pages say them."""

from __future__ import annotations

import re
from typing import Any

import pytest

from app.skills.knowledge import other_currency
from tests.app.conftest import talk

_NO_CONVERSION = {
    "es": "Los precios de Ruta Academy están en soles peruanos (S/), y no convierto monedas",
    "en": "Ruta Academy's prices are in Peruvian soles (S/), and I don't convert currencies",
}
#: an amount in another currency (an exchange rate applied)
_FOREIGN_AMOUNT = re.compile(r"(?:US\$|\$|€|COP|USD|EUR|MXN|ARS)\s*\d|\d\s*(?:USD|COP|EUR|dólares)")


# -- P45-L5: a price asked in another currency ---------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "message", "price", "currency"),
    [
        # as reported
        ("es", "cuánto vale el bootcamp de desarrollo web en pesos colombianos?", "S/ 2,600",
         "pesos colombianos"),
        ("es", "cuánto cuesta excel intermedio en dólares?", "S/ 220", "dólares"),
        ("es", "cuánto sale el curso de marketing digital en pesos argentinos", "S/ 420",
         "pesos argentinos"),
        ("es", "¿cuál es el precio del bootcamp de data analytics en USD?", "S/ 2,400",
         "dólares"),
        ("es", "cuanto cuesta power bi basico en euros", "S/ 290", "euros"),
        ("es", "cuánto vale el curso de power bi en pesos mexicanos?", "S/ 290",
         "pesos mexicanos"),
        ("en", "how much is the data analytics bootcamp in USD?", "S/ 2,400", "US dollars"),
        ("en", "how much does power bi cost in euros?", "S/ 290", "euros"),
        ("en", "what's the price of the web development bootcamp in MXN?", "S/ 2,600",
         "Mexican pesos"),
        ("en", "how much is excel intermedio in colombian pesos?", "S/ 220", "Colombian pesos"),
        ("en", "how much does the web development bootcamp cost in dollars", "S/ 2,600",
         "US dollars"),
    ],
)  # fmt: skip
def test_a_price_in_another_currency_is_in_soles_and_said_so(  # type: ignore[no-untyped-def]
    request, lang: str, message: str, price: str, currency: str
) -> None:
    api = request.getfixturevalue(lang)
    (reply,) = talk(api, message)
    text = reply["reply"]
    assert reply["skill"] == "knowledge", reply
    assert price in text, text
    assert _NO_CONVERSION[lang] in text, text
    assert currency in text.split("\n")[0], text
    assert not _FOREIGN_AMOUNT.search(text), text  # no exchange rate made up


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("es", "cuánto vale el bootcamp de desarrollo web?"),
        ("en", "how much is the data analytics bootcamp?"),
        ("es", "puedo pagar en dólares?"),  # paying, not a price: the payment methods
    ],
)
def test_no_currency_no_note(request: Any, lang: str, message: str) -> None:
    api = request.getfixturevalue(lang)
    (reply,) = talk(api, message)
    assert _NO_CONVERSION[lang] not in reply["reply"], reply["reply"]


@pytest.mark.parametrize(
    ("lang", "question", "expected"),
    [
        ("es", "cuánto vale el bootcamp en pesos colombianos?",
         ("pesos colombianos", "cuánto vale el bootcamp?")),
        ("en", "how much is it in USD?", ("US dollars", "how much is it?")),
        ("en", "price of power bi converted to euros", ("euros", "price of power bi")),
        ("es", "cuánto cuesta en dólares el curso de excel",
         ("dólares", "cuánto cuesta el curso de excel")),
        ("es", "puedo pagar en dólares?", None),
        ("en", "how much is the bootcamp?", None),
    ],
)  # fmt: skip
def test_other_currency(lang: str, question: str, expected: tuple[str, str] | None) -> None:
    assert other_currency(question, lang) == expected


# -- a bootcamp and a short course -----------------------------------------------------------------
_LENGTHS = {
    "en": ("“Short courses: 20 to 40 hours, usually over 4 to 6 weeks.”",
           "“Bootcamps: 12 weeks, 240 hours, Monday to Friday.”"),
    "es": ("“Cursos cortos: de 20 a 40 horas, normalmente a lo largo de 4 a 6 semanas.”",
           "“Bootcamps: 12 semanas, 240 horas, de lunes a viernes.”"),
}  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "what's the difference between a bootcamp and a short course?"),
        ("en", "how is a bootcamp different from a short course?"),
        ("en", "bootcamp vs short course, what's the difference?"),
        ("en", "what is the difference between short courses and bootcamps"),
        ("es", "qué diferencia hay entre un bootcamp y un curso corto?"),
        ("es", "cuál es la diferencia entre los bootcamps y los cursos cortos?"),
        ("es", "en qué se diferencia un curso corto de un bootcamp"),
    ],
)
def test_a_bootcamp_and_a_short_course_side_by_side(request: Any, lang: str, message: str) -> None:
    api = request.getfixturevalue(lang)
    (reply,) = talk(api, message)
    text = reply["reply"]
    assert reply["skill"] == "knowledge", reply
    for line in _LENGTHS[lang]:
        assert line in text, text
    for price in ("S/ 2,400", "S/ 2,600", "S/ 220", "S/ 420"):  # both kinds' prices
        assert price in text, text
    # the bootcamps' prices under their kind, the short courses' under theirs
    short, bootcamps = text.split("\nBootcamps:\n")
    assert "S/ 2,400" in bootcamps, text
    assert "S/ 220" not in bootcamps, text
    assert (
        "S/ 220" in short.split("\nCursos cortos:\n" if lang == "es" else "\nShort courses:\n")[1]
    )
    assert "Ruta Abierta" not in text, text  # a kind not asked about


def test_two_courses_named_are_still_compared_course_by_course(request: Any) -> None:
    api = request.getfixturevalue("en")
    (reply,) = talk(api, "what's the difference between the data analytics bootcamp and power bi?")
    assert reply["skill"] == "knowledge", reply
    assert "Data Analytics Bootcamp (12 weeks): S/ 2,400" in reply["reply"], reply["reply"]
    assert "Power BI Básico (24 hours): S/ 290" in reply["reply"], reply["reply"]
