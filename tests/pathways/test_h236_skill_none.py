"""Probe 46, P46-M8 (helper h236): "… se excel a nivel basico y nada de sql …" asked how well
the learner knows SQL, and "nada, no se sql", "no sé SQL" were not understood, "ninguno"
cancelled the question and no path came. A skill the learner says they do not have is level 0,
none: nothing asked, the skill kept out of the profile, the reply says so and the path comes."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.pathways import answered_level, read
from models.ranker import Ranker
from tests.app.conftest import Api
from tests.pathways.conftest import Conversation, profile_of, set_profile, skills_of

HOW_WELL = ("How well do you know", "Qué tan bien manejas")


@pytest.mark.parametrize(
    "text",
    [
        "se excel a nivel basico y nada de sql",
        "cero sql",
        "no sé SQL",
        "no se nada de sql",
        "I don't know SQL",
        "no SQL at all",
        "ni idea de sql",
        "excel basico, sql nada",
        "I have zero SQL",
    ],
)
def test_a_skill_said_not_had_is_none(ranker: Ranker, text: str) -> None:
    heard = read(ranker.catalog, text)
    assert "sql" in heard.lacks
    assert "sql" not in heard.facts.get("skills", {})
    assert "sql" not in heard.unsure


@pytest.mark.parametrize(
    "answer",
    ["nada, no se sql", "no sé SQL", "ninguno", "nada", "cero", "none", "not at all",
     "I don't know SQL", "no lo sé usar", "I don't know it", "nada de sql"],
)  # fmt: skip
def test_not_at_all_answers_how_well(ranker: Ranker, answer: str) -> None:
    assert answered_level(ranker.catalog, answer, "sql", [1, 2, 3]) == 0


def test_sql_known_well_is_still_a_level(ranker: Ranker) -> None:
    assert answered_level(ranker.catalog, "sql nada mal", "sql", [1, 2, 3]) is None
    assert read(ranker.catalog, "sé SQL nada mal").lacks == set()


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (
            "es",
            "cachai que quiero trabajar de analista de datos en Lima, se excel a nivel basico y "
            "nada de sql, tengo 500 soles",
        ),
        ("es", "quiero ser analista de datos, sé excel un poco y cero sql, tengo 600 soles"),
        ("en", "I want to be a data analyst, I know a little Excel and no SQL at all"),
        ("en", "I want to be a data analyst, I know Excel a little but I don't know SQL"),
    ],
)
def test_the_path_comes_without_asking_the_missing_skill(
    speaker: Callable[[str], Api], lang: str, text: str
) -> None:
    api = speaker(lang)
    say = Conversation(api)
    reply = say(text)
    assert not any(w in reply["reply"] for w in HOW_WELL), reply["reply"]
    assert "SQL" in reply["reply"], reply["reply"]
    assert "level 0" in reply["reply"] or "nivel 0" in reply["reply"], reply["reply"]
    assert skills_of(api) == {"excel_basics": 1}


@pytest.mark.parametrize(
    ("lang", "answer"),
    [
        ("es", "nada, no se sql"),
        ("es", "no sé SQL"),
        ("es", "ninguno"),
        ("es", "nada"),
        ("en", "none"),
        ("en", "I don't know SQL"),
        ("en", "not at all"),
    ],
)
def test_the_how_well_question_takes_none(
    speaker: Callable[[str], Api], lang: str, answer: str
) -> None:
    api = speaker(lang)
    say = Conversation(api)
    set_profile(api, goal_role="data analyst", budget_pen=800, hours_per_week=6)
    asked = say("sé SQL" if lang == "es" else "I know SQL")
    assert any(w in asked["reply"] for w in HOW_WELL), asked["reply"]
    reply = say(answer)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert not any(w in reply["reply"] for w in HOW_WELL), reply["reply"]
    assert "nivel 0" in reply["reply"] or "level 0" in reply["reply"], reply["reply"]
    assert "sql" not in skills_of(api)
    assert profile_of(api)["goal_role"] == "data analyst"
    assert reply["data"].get("pathway"), reply["reply"]


def test_a_stored_skill_said_not_had_is_taken_out(speaker: Callable[[str], Api]) -> None:
    api = speaker("es")
    say = Conversation(api)
    set_profile(api, goal_role="data analyst", skills=[{"skill": "sql", "level": 2}])
    reply = say("en realidad no sé SQL")
    assert "sql" not in skills_of(api), reply["reply"]
