"""What the helpers of probe 33's pathway findings left: days said without hours while "how
well do you know X?" waited ("puedo estudiar los fines de semana nomas") were not understood
(Spanish) or dropped the question (English); a budget with its minus after the currency ("S/
-20", "S/. -20", "$-20") was no budget at all (nothing stored, nothing said); and hours a day
said with a budget that could not be stored asked the days, then showed the path with the
budget silently dropped ("2 horas al día … 1.50.0" even stored 2 hours a week: the 1 of
"1.50.0" read as one day). Now the days are kept and the hours a day asked (the level question
kept), a minus anywhere before the figure is read and asked, and the budget is asked after the
days."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.app.conftest import Api, client, en, es, talk  # noqa: F401
from tests.pathways.conftest import BOTH, Conversation, profile_of, set_profile, skills_of

HOW_WELL = ("How well do you know", "¿Qué tan bien manejas")
NOT_UNDERSTOOD = ("Sorry, I didn't catch that", "Perdón, no te entendí")
NO_BUDGET = ("I did not store a budget", "No guardé un presupuesto")
# the msgids are English until the lead fills the Spanish catalog: either one
BUDGET_LATER = ("I did not store a budget either", "Tampoco guardé un presupuesto")


def _says(reply: dict[str, Any], words: tuple[str, ...]) -> bool:
    return any(w in reply["reply"] for w in words)


# -- 1. days without hours while a level waits ----------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "first", "days", "hours", "level", "skill"),
    [
        ("es", "quiero ser asistente contable, se contabilidad",
         "puedo estudiar los fines de semana nomas", "puedo 3 horas al dia", "un poco",
         "accounting_basics"),
        ("es", "quiero ser analista de datos y se excel mas o menos", "solo los fines de semana",
         "tengo 3 horitas diarias", "un poco", "excel_basics"),
        ("en", "I want to be a data analyst and I know Excel more or less",
         "I can only study on weekends", "I can do 3 hours a day", "a little", "excel_basics"),
    ],
)  # fmt: skip
def test_days_said_while_a_level_waits_are_kept_and_the_level_asked_again(
    speaker: Callable[..., Api],
    lang: str,
    first: str,
    days: str,
    hours: str,
    level: str,
    skill: str,
) -> None:
    api = speaker(lang, BOTH if lang == "en" else None)
    set_profile(api, hours_per_week=8)
    say = Conversation(api)
    assert _says(say(first), HOW_WELL)
    kept = say(days)
    assert kept["skill"] == "learning_path", kept["reply"]
    assert not _says(kept, NOT_UNDERSTOOD), kept["reply"]
    assert _says(kept, HOW_WELL), kept["reply"]  # the level question kept
    assert "2" in kept["reply"], kept["reply"]  # the days said back
    assert skills_of(api) == {}
    assert profile_of(api)["hours_per_week"] == 8
    weekly = say(hours)  # 3 hours on each of the 2 days: 6 a week, the level still asked
    assert profile_of(api)["hours_per_week"] == 6, weekly["reply"]
    assert _says(weekly, HOW_WELL), weekly["reply"]
    path = say(level)
    assert skills_of(api) == {skill: 1}, path["reply"]
    assert "pathway" in path["data"], path["reply"]


@pytest.mark.parametrize(
    ("lang", "first", "days", "level", "days_a_week", "per_day", "weekly"),
    [
        ("en", "I want to be a data analyst and I know Excel more or less",
         "I can study 3 days a week", "a little", 3, "2", 6),
        ("es", "quiero ser analista de datos y se excel mas o menos", "puedo 3 dias a la semana",
         "experto", 3, "hora y media", 4.5),
        ("es", "quiero ser analista de datos y se excel mas o menos",
         "puedo estudiar de lunes a viernes", "un poco", 5, "2 horas", 10),
    ],
)  # fmt: skip
def test_the_hours_a_day_are_asked_once_the_level_is_answered(
    speaker: Callable[..., Api],
    lang: str,
    first: str,
    days: str,
    level: str,
    days_a_week: int,
    per_day: str,
    weekly: float,
) -> None:
    api = speaker(lang, BOTH if lang == "en" else None)
    say = Conversation(api)
    say(first)
    kept = say(days)
    assert _says(kept, HOW_WELL), kept["reply"]
    assert skills_of(api) == {}, kept["reply"]  # "3 días" is no level 3
    asked = say(level)
    assert len(skills_of(api)) == 1, asked["reply"]
    assert asked["data"].get("days_per_week") == days_a_week, asked["reply"]
    path = say(per_day)
    assert profile_of(api)["hours_per_week"] == weekly, path["reply"]
    assert "pathway" in path["data"], path["reply"]


def test_hours_a_day_then_days_while_the_level_waits_make_the_week(
    speaker: Callable[..., Api],
) -> None:
    api = speaker("es")
    say = Conversation(api)
    assert _says(say("quiero ser analista de datos, 2 horas al dia y se excel mas o menos"),
                 HOW_WELL)  # fmt: skip
    kept = say("solo los fines de semana")
    assert profile_of(api)["hours_per_week"] == 4, kept["reply"]
    assert _says(kept, HOW_WELL), kept["reply"]
    path = say("un poco")
    assert "pathway" in path["data"], path["reply"]


@pytest.mark.parametrize(
    ("lang", "text"),
    [("es", "quiero ser analista de datos, puedo estudiar los fines de semana"),
     ("en", "I want to be a data analyst, I can study on weekends")],
)  # fmt: skip
def test_days_without_hours_ask_the_hours_a_day(
    speaker: Callable[..., Api], lang: str, text: str
) -> None:
    api = speaker(lang, BOTH if lang == "en" else None)
    set_profile(api, hours_per_week=8)
    say = Conversation(api)
    asked = say(text)
    assert asked["data"].get("days_per_week") == 2, asked["reply"]
    assert "pathway" not in asked["data"], asked["reply"]
    path = say("3 horas" if lang == "es" else "3 hours")  # a day, as asked: 6 a week
    assert profile_of(api)["hours_per_week"] == 6, path["reply"]
    assert "pathway" in path["data"], path["reply"]


@pytest.mark.parametrize(
    ("lang", "answer"),
    [("es", "lo uso todos los dias"), ("en", "I use it every day")],
)
def test_using_a_skill_every_day_is_no_study_days(
    speaker: Callable[..., Api], lang: str, answer: str
) -> None:
    api = speaker(lang, BOTH if lang == "en" else None)
    set_profile(api, hours_per_week=8)
    say = Conversation(api)
    say(
        "I want to be a data analyst and I know Excel more or less"
        if lang == "en"
        else "quiero ser analista de datos y se excel mas o menos"
    )
    reply = say(answer)
    assert "days_per_week" not in reply["data"], reply["reply"]
    assert profile_of(api)["hours_per_week"] == 8, reply["reply"]


# -- 2. a minus after the currency ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "text", "said"),
    [
        ("en", "my budget is S/ -20", "-20"),
        ("es", "mi presupuesto es S/ -20", "-20"),
        ("en", "my budget is S/. -20", "-20"),
        ("es", "mi presupuesto es S/.-20", "-20"),
        ("en", "my budget is -S/ 20", "-20"),
        ("es", "tengo S/-20 para los cursos", "-20"),
        ("en", "my budget is $-20", "$-20"),
        ("en", "my budget is -$20", "-$20"),
        ("es", "mi presupuesto es -20 dolares", "-20"),
    ],
)
def test_a_budget_below_zero_after_the_currency_is_said_back_and_asked(
    request: pytest.FixtureRequest, lang: str, text: str, said: str
) -> None:
    api: Api = request.getfixturevalue(lang)
    set_profile(api, budget_pen=800, goal_role="data analyst", region="Arequipa")
    asked, again, path = talk(api, text, "S/ -20", "1500")
    assert asked["skill"] == "learning_path", asked["reply"]
    assert _says(asked, NO_BUDGET), asked["reply"]
    assert said in asked["reply"], asked["reply"]
    assert "pathway" not in asked["data"], asked["reply"]
    assert _says(again, NO_BUDGET), again["reply"]
    assert "-20" in again["reply"], again["reply"]
    assert "pathway" in path["data"], path["reply"]
    assert profile_of(api)["budget_pen"] == 1500


# -- 3. hours a day and a budget that cannot be stored ------------------------------------------
@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("es", "quiero ser analista de datos, puedo 2 horas al dia y mi presupuesto es 1.50.0"),
        ("es", "quiero ser analista de datos, puedo 2 horas al dia y mi presupuesto es -20 soles"),
        ("es", "quiero ser analista de datos, 2 horas diarias y tengo 400 o 500 soles"),
        ("es", "quiero ser analista de datos, puedo 2 horas al dia y tengo 500 mensuales"),
        ("en", "I want to be a data analyst, 2 hours a day and my budget is 99999999 soles"),
        ("en", "I want to be a data analyst, I can do 2 hours a day and my budget is 200 dollars"),
        ("en", "I want to be a data analyst, 2 hours a day and my budget is S/ -20"),
    ],
)
def test_the_budget_is_asked_after_the_days(
    request: pytest.FixtureRequest, lang: str, text: str
) -> None:
    api: Api = request.getfixturevalue(lang)
    set_profile(api, budget_pen=800, hours_per_week=8, region="Arequipa")
    say = Conversation(api)
    days = say(text)
    assert days["data"].get("hours_per_day") == 2, days["reply"]  # the days first
    assert _says(days, BUDGET_LATER), days["reply"]  # and the budget said not stored
    assert _stored(api) == (800, 8), days["reply"]  # nothing of either stored
    budget = say("5")
    assert "pathway" not in budget["data"], budget["reply"]  # the days answered: the budget
    assert _says(budget, NO_BUDGET), budget["reply"]
    assert _stored(api) == (800, 10), budget["reply"]
    path = say("1500")
    assert "pathway" in path["data"], path["reply"]
    assert _stored(api) == (1500, 10)


def test_the_budget_is_asked_after_the_days_and_the_level(speaker: Callable[..., Api]) -> None:
    api = speaker("es")
    set_profile(api, budget_pen=800)
    say = Conversation(api)
    say("quiero ser analista de datos y se excel mas o menos, 2 horas al dia y -20 soles")
    days = say("un poco")
    assert days["data"].get("hours_per_day") == 2, days["reply"]
    assert _says(days, BUDGET_LATER), days["reply"]
    budget = say("5")
    assert _says(budget, NO_BUDGET), budget["reply"]
    path = say("1500")
    assert "pathway" in path["data"], path["reply"]
    assert _stored(api) == (1500, 10)


def test_hours_said_for_the_days_then_the_budget(request: pytest.FixtureRequest) -> None:
    api: Api = request.getfixturevalue("es")
    set_profile(api, budget_pen=800, region="Arequipa")
    text = "quiero ser analista de datos, puedo estudiar los fines de semana y tengo S/ -20"
    hours, budget, path = talk(api, text, "3", "1500")
    assert hours["data"].get("days_per_week") == 2, hours["reply"]
    assert _says(hours, BUDGET_LATER), hours["reply"]
    assert _says(budget, NO_BUDGET), budget["reply"]
    assert "pathway" in path["data"], path["reply"]
    assert _stored(api) == (1500, 6)


def _stored(api: Api) -> tuple[Any, Any]:
    profile = profile_of(api)
    return profile["budget_pen"], profile["hours_per_week"]
