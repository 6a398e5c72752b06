"""What the thirty-third probe found in the job-seeker dialogue: hours said while "how well do
you know X?" waited were stored as the skill's level ("puedo 2 horas al dia": level 2) or sent to
the knowledge base ("I can do 10 hours a week"); "no tengo plata, algo gratis" and "no tengo
plata" right after a path stored no budget (a calendar answer, "nothing to decline"); "tambien
leo ingles mas o menos" was refused; "me mude a trujillo" (no accents) was answered in English in
a Spanish conversation; and "normal nomas, lo uso en mi chamba" was no level."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from app.language import detect
from tests.app.conftest import Api
from tests.pathways.conftest import BOTH, Conversation, profile_of, set_profile, skills_of

#: "How well do you know …?", in either language
HOW_WELL = ("How well do you know", "¿Qué tan bien manejas")


def _asks_how_well(reply: dict[str, Any]) -> bool:
    return any(q in reply["reply"] for q in HOW_WELL)


# -- E-H4, E-M5: hours said while a level waits are hours, never the level ------------------------
@pytest.mark.parametrize(
    ("lang", "first", "hours", "skill"),
    [
        (
            "es",
            "hola, soy de cusco, trabajé de ayudante de cocina y quiero ser cocinera",
            "puedo 2 horas al dia",
            "cooking",
        ),
        ("es", "quiero ser asistente contable, se contabilidad", "puedo 3 horas al dia", None),
        ("es", "quiero ser analista de datos y se excel mas o menos", "tengo 2 horitas diarias",
         None),
        ("en", "I want to be a data analyst and I know Excel more or less",
         "I can do 2 hours a day", None),
        ("en", "I want to be a data analyst and I know Excel pretty well", "3 hours a day", None),
    ],
)  # fmt: skip
def test_hours_a_day_answering_a_level_question_are_hours_and_the_level_is_asked_again(
    speaker: Callable[..., Api], lang: str, first: str, hours: str, skill: str | None
) -> None:
    api = speaker(lang, BOTH if lang == "en" else None)
    say = Conversation(api)
    asked = say(first)
    assert _asks_how_well(asked), asked["reply"]
    before = skills_of(api)
    again = say(hours)
    assert skills_of(api) == before, again["reply"]  # no level taken from the hours
    assert again["skill"] == "learning_path", again["reply"]
    assert _asks_how_well(again), again["reply"]
    per_day = float(re.search(r"\d+", hours).group(0))  # type: ignore[union-attr]
    days = say("un poco" if lang == "es" else "a little")
    assert 1 in skills_of(api).values(), days["reply"]
    assert days["data"].get("hours_per_day") == per_day, days["reply"]  # the days asked now
    path = say("5")
    assert profile_of(api)["hours_per_week"] == per_day * 5, path["reply"]


@pytest.mark.parametrize(
    ("lang", "first", "said", "field", "value", "noted"),
    [
        ("en", "I want to be a data analyst and I know Excel more or less",
         "I can do 10 hours a week", "hours_per_week", 10, "10 hours a week"),
        ("es", "quiero ser analista de datos y se excel mas o menos",
         "puedo estudiar 8 horas a la semana", "hours_per_week", 8, "8 horas por semana"),
        ("es", "quiero ser analista de datos y se excel mas o menos",
         "tengo 500 soles para los cursos", "budget_pen", 500, "500"),
        ("en", "I want to be a data analyst and I know Excel more or less",
         "my budget is 2 soles", "budget_pen", 2, "2"),
    ],
)  # fmt: skip
def test_a_profile_fact_said_while_a_level_waits_is_stored_and_the_level_asked_again(
    speaker: Callable[..., Api],
    lang: str,
    first: str,
    said: str,
    field: str,
    value: float,
    noted: str,
) -> None:
    api = speaker(lang, BOTH if lang == "en" else None)
    say = Conversation(api)
    assert _asks_how_well(say(first))
    reply = say(said)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert profile_of(api)[field] == value, reply["reply"]
    assert noted in reply["reply"], reply["reply"]
    assert _asks_how_well(reply), reply["reply"]
    assert "excel_basics" not in skills_of(api)
    path = say("expert" if lang == "en" else "experto")
    assert skills_of(api) == {"excel_basics": 3}, path["reply"]
    assert path["data"].get("pathway") is not None, path["reply"]


def test_the_testers_customer_service_question_then_ten_hours_a_week(
    speaker: Callable[..., Api],
) -> None:
    api = speaker("en", BOTH)
    say = Conversation(api)
    say("I worked as a waiter, I want to be a cook in Arequipa")
    say("I can study 3 hours a day")
    assert profile_of(api)["hours_per_week"] == 15 or say("5")
    asked = say("I also know customer service")
    assert _asks_how_well(asked), asked["reply"]
    reply = say("I can do 10 hours a week")
    assert reply["skill"] == "learning_path", reply["reply"]
    assert profile_of(api)["hours_per_week"] == 10
    assert "customer_service" not in skills_of(api)
    assert _asks_how_well(reply), reply["reply"]


# -- E-L6: "normal nomás" and "I use it at work" are a level --------------------------------------
@pytest.mark.parametrize(
    ("lang", "answer"),
    [
        ("es", "normal nomas, lo uso en mi chamba"),
        ("es", "normalito"),
        ("es", "lo uso en el trabajo"),
        ("en", "average, I use it at work"),
        ("en", "I use it at my job"),
    ],
)
def test_everyday_words_for_a_middle_level_answer_the_level_question(
    speaker: Callable[..., Api], lang: str, answer: str
) -> None:
    api = speaker(lang, BOTH if lang == "en" else None)
    say = Conversation(api)
    first = (
        "I want to be a data analyst and I know Excel more or less"
        if lang == "en"
        else "quiero ser analista de datos y se excel mas o menos"
    )
    assert _asks_how_well(say(first))
    path = say(answer)
    assert skills_of(api) == {"excel_basics": 2}, path["reply"]


# -- E-M1: "no tengo plata" right after a path is a budget of 0 -----------------------------------
@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("es", "no tengo plata, algo gratis"),
        ("es", "no tengo plata"),
        ("es", "no tengo dinero pe"),
        ("es", "sin plata nomas, algo gratis porfa"),
        ("en", "I have no money, something free"),
        ("en", "i don't have any money"),
    ],
)
def test_no_money_right_after_a_path_stores_a_budget_of_zero(
    speaker: Callable[..., Api], lang: str, text: str
) -> None:
    api = speaker(lang, BOTH if lang == "en" else None)
    set_profile(api, goal_role="data analyst", region="Arequipa")
    say = Conversation(api)
    path = say("muéstrame mi ruta" if lang == "es" else "show me my pathway")
    assert path["data"].get("pathway") is not None, path["reply"]
    reply = say(text)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert profile_of(api)["budget_pen"] == 0, reply["reply"]


# -- E-M2: "también leo inglés (más o menos)" is about the profile, never refused -----------------
def test_reading_some_english_is_answered_not_refused(speaker: Callable[..., Api]) -> None:
    api = speaker("es")
    set_profile(api, goal_role="data analyst", region="Arequipa")
    say = Conversation(api)
    say("muéstrame mi ruta")
    reply = say("tambien leo ingles mas o menos")
    assert reply["skill"] == "learning_path", reply["reply"]
    assert "inglés" in reply["reply"], reply["reply"]  # said why it is not added, level asked
    assert profile_of(api)["languages"] == ["es"]


@pytest.mark.parametrize("text", ["tambien leo ingles", "también leo inglés", "leo ingles"])
def test_reading_english_right_after_a_path_adds_it(speaker: Callable[..., Api], text: str) -> None:
    api = speaker("es")
    set_profile(api, goal_role="data analyst", region="Arequipa")
    say = Conversation(api)
    say("muéstrame mi ruta")
    reply = say(text)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert sorted(profile_of(api)["languages"]) == ["en", "es"], reply["reply"]


# -- E-M3: "me mude a trujillo" is Spanish --------------------------------------------------------
@pytest.mark.parametrize(
    "text", ["me mude a trujillo", "me mude a cusco", "me mude a piura", "me vine a lima"]
)
def test_a_short_spanish_move_without_accents_is_not_read_as_english(text: str) -> None:
    assert detect(text) != "en"


@pytest.mark.parametrize("text", ["me too", "me and Ana at 5", "me neither"])
def test_english_messages_that_start_with_me_are_not_spanish(text: str) -> None:
    assert detect(text) != "es"


def test_the_move_is_answered_in_spanish(speaker: Callable[..., Api]) -> None:
    api = speaker("es")
    set_profile(api, goal_role="data analyst", region="Arequipa")
    say = Conversation(api)
    say("muéstrame mi ruta")
    reply = say("me mude a trujillo")
    assert profile_of(api)["region"] == "La Libertad"
    assert reply["lang"] == "es", reply["reply"]
    assert "Anotado" in reply["reply"], reply["reply"]
