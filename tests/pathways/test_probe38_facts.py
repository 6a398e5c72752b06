"""Probe 38, J-M9: clear first-person facts inside a longer sentence were lost while the learner
believed them saved: "donde queda el instituto tecnico andino? yo vivo en piura" was refused,
"ahora estoy sin chamba asi que puedo estudiar todo el dia" too (the hours are asked now), "gano
1200 soles al mes y puedo gastar 300" lost the 300, "mi presupuesto era 500 pero ya no, ahora no
tengo nada" was read as a cancel, and "antes podia 20 horas pero ahora solo 4" as a question of
the time. What was is never stored: only what is now, and when the present leaves it unclear
nothing is."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from app.pathways import read, states_profile
from models.ranker import Ranker
from tests.app.conftest import Api
from tests.pathways.conftest import Conversation, profile_of, set_profile

#: The learner's profile before each message
BEFORE = {"region": "Lima", "budget_pen": 1000, "hours_per_week": 10}


def _stored(api: Api) -> dict[str, Any]:
    profile = profile_of(api)
    return {k: profile[k] for k in BEFORE}


@pytest.mark.parametrize(
    ("lang", "text", "changed", "noted"),
    [
        # as reported
        ("es", "gano 1200 soles al mes y puedo gastar 300", {"budget_pen": 300}, "S/ 300"),
        (
            "es",
            "mi presupuesto era 500 pero ya no, ahora no tengo nada",
            {"budget_pen": 0},
            "solo cursos gratuitos",
        ),
        ("es", "antes podia 20 horas pero ahora solo 4", {"hours_per_week": 4}, "4 horas"),
        # variants of our own
        ("es", "antes podia 20 horas a la semana pero ahora solo 4", {"hours_per_week": 4}, "4"),
        ("es", "antes tenia 1000 soles, ahora solo 200", {"budget_pen": 200}, "S/ 200"),
        ("es", "gano 1500 al mes y para cursos puedo pagar 250", {"budget_pen": 250}, "S/ 250"),
        ("en", "I earn 1500 soles a month and I can spend 200", {"budget_pen": 200}, "S/ 200"),
        (
            "en",
            "I used to have 500 soles but now I have nothing",
            {"budget_pen": 0},
            "free courses only",
        ),
        ("en", "I used to study 20 hours a week, now only 5", {"hours_per_week": 5}, "5 hours"),
        ("en", "I had 10 hours a week, now I have 20", {"hours_per_week": 20}, "20 hours"),
        ("en", "my budget was 500 soles, now it is 300", {"budget_pen": 300}, "S/ 300"),
    ],
)
def test_the_fact_said_now_is_stored(
    speaker: Callable[[str], Api], lang: str, text: str, changed: dict[str, Any], noted: str
) -> None:
    api = speaker(lang)
    set_profile(api, **BEFORE)
    reply = Conversation(api)(text)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert noted in reply["reply"].split("\n")[0], reply["reply"]
    assert _stored(api) == {**BEFORE, **changed}, reply["reply"]


@pytest.mark.parametrize(
    ("lang", "text", "said"),
    [
        ("es", "ahora estoy sin chamba asi que puedo estudiar todo el dia", "todo el dia"),
        ("es", "tengo todo el día libre para estudiar", "todo el día"),
        ("en", "I can study full time now", "full time"),
        ("en", "I lost my job so I can study all day", "all day"),
    ],
)
def test_a_whole_day_asks_the_hours(
    speaker: Callable[[str], Api], lang: str, text: str, said: str
) -> None:
    api = speaker(lang)
    set_profile(api, **BEFORE)
    say = Conversation(api)
    reply = say(text)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert reply["pending"] is True, reply["reply"]
    assert said in reply["reply"], reply["reply"]
    assert ("¿Cuántas horas a la semana" if lang == "es" else "How many hours a week") in reply[
        "reply"
    ]
    assert _stored(api) == BEFORE
    # a budget said instead is stored, and the hours asked again
    again = say("no tengo plata" if lang == "es" else "I have no money")
    assert again["pending"] is True, again["reply"]
    assert _stored(api) == {**BEFORE, "budget_pen": 0}
    answered = say("25")
    assert answered["reply"].startswith("Anotado: 25" if lang == "es" else "Noted: 25")
    assert _stored(api) == {**BEFORE, "budget_pen": 0, "hours_per_week": 25}


@pytest.mark.parametrize(
    ("lang", "text", "changed", "answer"),
    [
        (
            "es",
            "donde queda el instituto tecnico andino? yo vivo en piura",
            {"region": "Piura"},
            "Ruta Academy",
        ),
        (
            "en",
            "where is the Lima campus? I live in Cusco",
            {"region": "Cusco"},
            "Av. José Larco 1150",
        ),
        (
            "es",
            "cuanto cuesta el bootcamp de desarrollo web? tengo 300 soles para cursos",
            {"budget_pen": 300},
            "S/ 2,600",
        ),
    ],
)
def test_a_statement_after_a_question_is_stored_and_the_question_answered(
    speaker: Callable[[str], Api], lang: str, text: str, changed: dict[str, Any], answer: str
) -> None:
    api = speaker(lang)
    set_profile(api, **BEFORE)
    reply = Conversation(api)(text)
    assert reply["skill"] == "learning_path", reply["reply"]
    question, path = reply["reply"].split("\n\n", 1)[0], reply["reply"]
    assert answer in question, reply["reply"]
    assert ("Anotado:" if lang == "es" else "Noted:") in path, reply["reply"]
    assert _stored(api) == {**BEFORE, **changed}, reply["reply"]


def test_advice_asked_before_a_statement(speaker: Callable[[str], Api]) -> None:
    api = speaker("es")
    set_profile(api, **BEFORE)
    reply = Conversation(api)("¿qué me recomiendas? vivo en Cusco y tengo 500 soles")
    assert reply["reply"].startswith("Anotado: estás en Cusco; un presupuesto de S/ 500")
    assert _stored(api) == {**BEFORE, "region": "Cusco", "budget_pen": 500}


@pytest.mark.parametrize(
    ("lang", "text", "asked"),
    [
        (
            "es",
            "mi presupuesto era 500 pero ya no",
            "No guardé un presupuesto: dijiste que ya no es S/ 500. ¿Cuántos soles puedes gastar "
            "ahora?",
        ),
        (
            "en",
            "my budget was 500 soles but not anymore",
            "I did not store a budget: you said it is no longer S/ 500. How many soles can you "
            "spend now?",
        ),
    ],
)
def test_a_budget_no_longer_asks_the_new_one(
    speaker: Callable[[str], Api], lang: str, text: str, asked: str
) -> None:
    api = speaker(lang)
    set_profile(api, **BEFORE)
    say = Conversation(api)
    reply = say(text)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert reply["pending"] is True, reply["reply"]
    assert reply["reply"].startswith(asked), reply["reply"]
    assert _stored(api) == BEFORE  # neither the S/ 500 said, nor the S/ 1,000 kept silently
    say("200")
    assert _stored(api) == {**BEFORE, "budget_pen": 200}


@pytest.mark.parametrize(
    "text",
    [
        # what was, with nothing clear now: nothing stored
        "antes tenia 500 soles y 20 horas pero ahora solo 4",
        # a question, a supposition, someone else, after a question
        "donde queda la sede? y si me mudo a Piura",
        "donde queda la sede? mi hermana vive en Piura",
    ],
)
def test_what_was_or_is_unclear_is_not_stored(speaker: Callable[[str], Api], text: str) -> None:
    api = speaker("es")
    set_profile(api, **BEFORE)
    Conversation(api)(text)
    assert _stored(api) == BEFORE


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("antes de empezar, ahora puedo 5 horas a la semana", {"hours_per_week": 5.0}),
        (
            "tengo 500 soles y ahora puedo 5 horas a la semana",
            {"hours_per_week": 5.0, "budget_pen": 500.0},
        ),
        ("antes podia 3 horas diarias pero ahora solo 1", {}),  # 1 h a day: the days are asked
        ("gano 1200 soles al mes", {}),
        ("puedo trabajar todo el dia", {}),
    ],
)
def test_reading(ranker: Ranker, text: str, facts: dict[str, Any]) -> None:
    heard = read(ranker.catalog, text)
    assert heard.facts == facts
    if text.startswith("puedo trabajar"):
        assert heard.unclear_hours is None
        assert not states_profile(heard, text)
