"""What the ninth independent tester (and the eighth) found in the knowledge answers: the line
quoted was not the one that answers ("3 días antes" quoted "7 días o más antes"; "¿hasta qué
edad…beca?" quoted how to apply; "how long do i have to watch the recordings" quoted justified
absences), two questions in one message got one answer, a follow-up ("¿y en Arequipa?", "and on
Saturday?") lost its topic, "xfa dime los horarios de cusco" and an English sentence with
"horarios" were not answered, and "vale" (Spain's "OK") got the fees overview."""

from __future__ import annotations

from typing import Any

import pytest

from app.assistant import Assistant
from tests.app.conftest import Api, talk

# The follow-ups need app/assistant.py to remember the last knowledge question
# (/tmp/p38/h67/assistant.patch): until then their dialogue tests are expected to fail
REMEMBERS = hasattr(Assistant, "_knowledge_answer")
needs_memory = pytest.mark.xfail(
    not REMEMBERS, reason="needs the assistant to keep the last knowledge question", strict=True
)


def _quoted(reply: dict[str, Any]) -> str:
    assert reply["skill"] == "knowledge", reply
    return str(reply["data"].get("sentence", ""))


@pytest.mark.parametrize(
    ("lang", "question", "expected"),
    [
        ("es", "¿cuánto me devuelven si cancelo 3 días antes de empezar?", "Menos de 7 días"),
        ("es", "si me retiro 2 días antes del inicio, ¿me devuelven algo?", "Menos de 7 días"),
        ("en", "if I cancel 3 days before the start, how much is refunded", "Less than 7 days"),
        ("en", "do I get my money back if I cancel two weeks before it starts?", "7 or more"),
        ("es", "llegué 40 minutos tarde, ¿cuenta como falta?", "más de 30 minutos"),
        ("en", "I arrived 20 minutes late, does it count as an absence?", "more than 15"),
    ],
)
def test_a_quantity_picks_the_line_whose_condition_it_meets(
    en: Api, es: Api, lang: str, question: str, expected: str
) -> None:
    api = en if lang == "en" else es
    assert expected in _quoted(api.chat(question))


@pytest.mark.parametrize(
    ("lang", "question"),
    [
        ("es", "¿hasta qué edad puedo postular a la beca?"),
        ("es", "¿qué edad hay que tener para la beca ruta?"),
        ("es", "¿cuál es la edad máxima para la beca?"),
        ("en", "how old do I have to be for a scholarship?"),
        ("en", "up to what age can I apply for the scholarship?"),
    ],
)
def test_a_scholarship_age_question_quotes_the_age(
    en: Api, es: Api, lang: str, question: str
) -> None:
    api = en if lang == "en" else es
    assert "18" in _quoted(api.chat(question))


@pytest.mark.parametrize(
    ("lang", "question", "expected"),
    [
        ("en", "how long do i have to watch the recordings", "30 days"),
        ("es", "¿cuántos días tengo para ver la grabación?", "30 días"),
        ("en", "how long does it take to get the certificate", "10 business days"),
    ],
)
def test_how_long_quotes_the_span(
    en: Api, es: Api, lang: str, question: str, expected: str
) -> None:
    api = en if lang == "en" else es
    assert expected in _quoted(api.chat(question))


@pytest.mark.parametrize(
    ("lang", "question", "expected"),
    [
        ("es", "¿se puede pagar con yape? y ¿cuánto es la mora?", ["Yape y Plin", "mora de S/ 20"]),
        ("en", "can i pay with yape and what is the late fee?", ["Yape and Plin", "S/ 20"]),
        (
            "en",
            "how much does the certificate cost and how long does it take?",
            ["S/ 25", "10 business days"],
        ),
        ("es", "cuanto cuesta el curso de excel y cuando empieza?", ["S/ 220", "primer lunes"]),
        ("es", "¿dónde queda la sede de cusco y a qué hora abre?", ["Av. El Sol", "8:30"]),
    ],
)
def test_two_questions_in_one_message_get_both_answers(
    en: Api, es: Api, lang: str, question: str, expected: list[str]
) -> None:
    api = en if lang == "en" else es
    reply = api.chat(question)
    assert reply["skill"] == "knowledge"
    for fact in expected:
        assert fact in reply["reply"]


def test_the_question_not_answered_is_said(en: Api) -> None:
    # (when a course starts is the start dates' "most courses": helper 200, K-M7)
    reply = en.chat("how much is excel and who teaches it?")
    assert "S/ 220" in reply["reply"]
    assert "About “who teaches it” I found nothing" in reply["reply"]
    assert reply["data"]["unanswered"] == ["who teaches it"]


@needs_memory
@pytest.mark.parametrize(
    ("lang", "first", "then", "expected"),
    [
        ("es", "¿a qué hora abre el local de Lima los sábados?", "¿y en Arequipa?", "Arequipa"),
        ("es", "¿a qué hora abre el local de Lima los sábados?", "y en cusco", "Cusco"),
        ("en", "what are the opening hours of the Cusco campus on weekdays?", "and on Saturday?",
         "Cusco"),
        ("en", "how much is the Power BI course?", "and SQL?", "Example tuition prices"),
    ],
)  # fmt: skip
def test_a_follow_up_keeps_the_topic(
    en: Api, es: Api, lang: str, first: str, then: str, expected: str
) -> None:
    api = en if lang == "en" else es
    _answer, followed = talk(api, first, then)
    assert followed["skill"] == "knowledge", followed
    assert followed["data"]["section"].startswith(expected)
    assert any(c.isdigit() for c in followed["data"]["sentence"])  # the hours, the price
    assert "Address" not in followed["data"]["sentence"]
    assert "Dirección" not in followed["data"]["sentence"]


def test_a_follow_up_quotes_the_line_that_answers_it(en: Api) -> None:
    _answer, followed = talk(en, "how much is the Power BI course?", "and SQL?")
    if REMEMBERS:
        assert "SQL" in followed["data"]["sentence"]


def test_what_is_no_follow_up_goes_where_it_did(en: Api) -> None:
    _answer, then = talk(en, "where is the Lima campus?", "what time is it?")
    assert then["skill"] == "scheduling"


@pytest.mark.parametrize(
    ("lang", "message", "expected"),
    [
        ("es", "xfa dime los horarios de cusco", "8:30"),
        ("es", "porfa dime los horarios de cusco", "8:30"),
        ("en", "what are the horarios of the Lima campus?", "8:00 to 22:00"),
    ],
)
def test_horarios_is_answered(en: Api, es: Api, lang: str, message: str, expected: str) -> None:
    api = en if lang == "en" else es
    assert expected in _quoted(api.chat(message))


@pytest.mark.parametrize("message", ["vale", "Vale.", "ok, vale", "sale"])
def test_an_acknowledgement_is_no_question_about_fees(es: Api, message: str) -> None:
    reply = es.chat(message)
    assert reply["skill"] != "knowledge"
    assert "Pagos y precios" not in reply["reply"]


def test_vale_still_asks_a_price_in_a_question(es: Api) -> None:
    assert "S/ 220" in _quoted(es.chat("¿cuánto vale el curso de excel?"))
