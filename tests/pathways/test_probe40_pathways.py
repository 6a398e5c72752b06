"""What the fortieth-stop tester found in the job-seeker dialogue: a vague skill level said
together with a goal ("quiero ser analista de datos y sé Excel más o menos") was dropped, never
asked; "tengo 500 pesos" (a currency other than soles) was dropped without a word; an
English-locale learner who never said their English level saw English B2 listed as missing;
and "el segundo cuánto dura?" after a path answered the price instead of the hours."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from app.pathways import read
from models.ranker import Ranker
from tests.app.conftest import Api
from tests.pathways.conftest import BOTH, Conversation, profile_of, set_profile, skills_of

#: The English courses of the catalog (English A2, B1, B2, for call centers, business)
ENGLISH_COURSES = {"C026", "C027", "C028", "C029", "C030"}

#: The question that asks how well the learner knows Excel, in either language
HOW_WELL = ("How well do you know Excel?", "¿Qué tan bien manejas Excel?")


def _steps(reply: dict[str, Any]) -> list[str]:
    return [s["course_id"] for s in reply["data"]["pathway"]["steps"]]


def _asks_how_well(reply: dict[str, Any]) -> bool:
    return any(q in reply["reply"] for q in HOW_WELL)


# -- finding 1: a vague level said with a goal is asked, never dropped ----------------------------
@pytest.mark.parametrize(
    ("lang", "text", "answer", "level"),
    [
        ("es", "quiero ser analista de datos y se excel mas o menos", "un poco", 1),
        ("es", "Quiero ser analista de datos y sé Excel más o menos", "puedo trabajar con ello", 2),
        ("en", "I want to be a data analyst and I know Excel more or less", "a little", 1),
        ("en", "I want to be a data analyst and I already know Excel pretty well", "expert", 3),
    ],
)
def test_a_vague_level_said_with_a_goal_is_asked_after_the_goal_is_stored(
    speaker: Callable[..., Api], lang: str, text: str, answer: str, level: int
) -> None:
    api = speaker(lang, BOTH if lang == "en" else None)
    say = Conversation(api)
    asked = say(text)
    assert asked["skill"] == "learning_path", asked["reply"]
    assert _asks_how_well(asked), asked["reply"]
    assert "pathway" not in asked["data"], asked["reply"]  # no path until it is answered
    assert profile_of(api)["goal_role"] == "data analyst"
    assert "excel_basics" not in skills_of(api)  # nothing guessed
    path = say(answer)
    assert skills_of(api) == {"excel_basics": level}, path["reply"]
    assert _steps(path), path["reply"]
    assert profile_of(api)["goal_role"] == "data analyst"


def test_the_testers_long_message_keeps_the_budget_the_goal_and_asks_the_level(
    speaker: Callable[..., Api],
) -> None:
    api = speaker("es")
    say = Conversation(api)
    asked = say(
        "hola este quiero chambear de analista de datos pero no tengo mucha plata unos 500 "
        "soles nomas y se excel mas o menos"
    )
    assert _asks_how_well(asked), asked["reply"]
    profile = profile_of(api)
    assert profile["budget_pen"] == 500
    assert profile["goal_role"] == "data analyst"  # "quiero chambear de …" wants the job
    assert skills_of(api) == {}
    path = say("experto")
    assert skills_of(api) == {"excel_basics": 3}, path["reply"]
    assert _steps(path), path["reply"]


def test_a_job_named_beside_a_vague_level_is_asked_after_the_level(
    speaker: Callable[..., Api],
) -> None:
    # both left open by one message: the level first, then whether the job is wanted
    api = speaker("es")
    say = Conversation(api)
    asked = say("analista de datos, se excel mas o menos")
    assert _asks_how_well(asked), asked["reply"]
    goal = say("un poco")
    assert skills_of(api) == {"excel_basics": 1}, goal["reply"]
    assert goal["data"].get("goal_role") == "data analyst", goal["reply"]
    assert profile_of(api)["goal_role"] is None  # asked, not stored
    path = say("sí")
    assert profile_of(api)["goal_role"] == "data analyst", path["reply"]
    assert _steps(path), path["reply"]


def test_a_foreign_amount_beside_a_vague_level_is_said_back_after_the_level(
    speaker: Callable[..., Api],
) -> None:
    api = speaker("es")
    say = Conversation(api)
    asked = say("se excel mas o menos y tengo 300 bucks")
    assert _asks_how_well(asked), asked["reply"]
    budget = say("un poco")
    assert skills_of(api) == {"excel_basics": 1}, budget["reply"]
    assert "300 bucks" in budget["reply"], budget["reply"]
    assert profile_of(api)["budget_pen"] is None


@pytest.mark.parametrize(
    ("text", "skills"),
    [
        # wanted, not known
        ("quiero ser analista de datos pero no sé Excel", {}),
        ("quiero aprender Excel", {}),
        ("I want to be a data analyst and learn Excel", {}),
        ("quiero ser analista de datos y se necesita Excel", {}),
        ("I want to be a data analyst and know Excel", {}),
        ("quiero ser analista de datos, y no sé Excel", {}),
        # knowing denied is no claim ("no sé Excel" stored Excel at level 2)
        ("no sé Excel", {}),
        ("no manejo nada de Excel", {}),
        ("I don't know Excel", {}),
        ("I do not know SQL", {}),
        # known after the words that want a job or a skill
        ("I want to learn Python and I know Excel", {"excel_basics": 2}),
        ("quiero ser analista de datos y ya manejo Excel a nivel experto", {"excel_basics": 3}),
        ("quiero ser analista de datos y sé un poco de Excel", {"excel_basics": 1}),
        ("I want to be a data analyst but I already know Excel", {"excel_basics": 2}),
    ],
)
def test_a_skill_after_a_wish_is_known_only_when_said_known(
    ranker: Ranker, text: str, skills: dict[str, int]
) -> None:
    heard = read(ranker.catalog, text)
    assert heard.facts.get("skills", {}) == skills, heard
    assert not heard.unsure


# -- finding 2: a budget in another currency is said back ------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "tengo 500 pesos",
        "mi presupuesto es 500 pesos",
        "I have 500 pesos for courses",
        "tengo $500",
    ],
)
def test_another_currency_is_said_back_not_dropped_nor_stored(
    speaker: Callable[..., Api], text: str
) -> None:
    api = speaker("es")
    say = Conversation(api)
    say("quiero ser analista de datos")
    reply = say(text)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert "500" in reply["reply"], reply["reply"]
    assert "soles" in reply["reply"], reply["reply"]
    assert profile_of(api)["budget_pen"] is None
    # the question waits for the soles: "800 soles" answers it
    after = say("800 soles")
    assert profile_of(api)["budget_pen"] == 800, after["reply"]


@pytest.mark.parametrize("text", ["tengo 500 pesos", "mi presupuesto es 500 pesos"])
def test_pesos_alone_are_said_back_in_a_new_conversation(
    speaker: Callable[..., Api], text: str
) -> None:
    api = speaker("es")
    reply = Conversation(api)(text)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert "500 pesos" in reply["reply"], reply["reply"]
    assert profile_of(api)["budget_pen"] is None


@pytest.mark.parametrize(
    "text", ["tengo 500 pesos", "mi presupuesto es 200 reales", "my budget is 300 pounds"]
)
def test_another_currency_is_read_as_one(ranker: Ranker, text: str) -> None:
    heard = read(ranker.catalog, text)
    assert "budget_pen" not in heard.facts
    assert heard.amount_kind == "currency", heard


# -- finding 3: an English-locale learner's English is assumed, said, never stored ---------------
def _still(reply: dict[str, Any]) -> str:
    """The reply's line of what is still to learn or does not fit ("" when none)."""
    starts = ("Still to learn", "Aún por aprender", "No course fits", "Ningún curso")
    return next((x for x in str(reply["reply"]).splitlines() if x.startswith(starts)), "")


ASSUMED = ("I took your English to be English B2", "Tomé tu inglés como Inglés B2")


@pytest.mark.parametrize("reads", [None, BOTH])
@pytest.mark.parametrize(
    "goal", ["I want to be a tour guide in Cusco", "I want to be a bilingual call center agent"]
)
def test_an_english_locale_learner_is_not_sent_to_learn_english(
    speaker: Callable[..., Api], reads: list[str] | None, goal: str
) -> None:
    api = speaker("en", reads)
    reply = Conversation(api)(goal)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert "English B2" not in _still(reply), reply["reply"]
    assert not {"C026", "C027", "C028"} & set(_steps(reply)), reply["reply"]
    # said, with how to correct it, and never stored
    assert any(a in reply["reply"] for a in ASSUMED), reply["reply"]
    assert "my English is B1" in reply["reply"] or "mi inglés es B1" in reply["reply"]
    assert not any(s.startswith("english") for s in skills_of(api))
    assert profile_of(api)["languages"] == (reads or ["en"])


def test_the_assumed_english_is_corrected_by_saying_the_level(
    speaker: Callable[..., Api],
) -> None:
    api = speaker("en", BOTH)
    say = Conversation(api)
    say("I want to be a bilingual call center agent")
    reply = say("my English is B1")
    assert skills_of(api) == {"english_b1": 2}, reply["reply"]
    assert not any(a in reply["reply"] for a in ASSUMED), reply["reply"]
    # B2 is what the job asks for in Lima: its course, or said missing
    assert "C028" in _steps(reply) or "English B2" in _still(reply), reply["reply"]


def test_the_api_says_the_assumption_and_the_profile_keeps_none(
    speaker: Callable[..., Api],
) -> None:
    api = speaker("en", BOTH)
    set_profile(api, goal_role="tour guide", region="Cusco")
    rec = api.post("/v1/pathways/recommend", json={}).json
    assert any(a in rec["explanation"] for a in ASSUMED), rec["explanation"]
    assert any(any(a in n for a in ASSUMED) for n in rec["notes"]), rec["notes"]
    assert profile_of(api)["skills"] == []


def test_a_spanish_locale_learner_is_assumed_nothing(speaker: Callable[..., Api]) -> None:
    api = speaker("es", BOTH)
    reply = Conversation(api)("quiero ser guía de turismo en Cusco")
    assert not any(a in reply["reply"] for a in ASSUMED), reply["reply"]
    assert {"C027", "C028"} & set(_steps(reply)) or "Inglés B2" in _still(reply), reply["reply"]


def test_a_goal_that_needs_no_english_says_no_assumption(speaker: Callable[..., Api]) -> None:
    api = speaker("en", BOTH)
    reply = Conversation(api)("I want to be a data analyst")
    assert _steps(reply), reply["reply"]
    assert not any(a in reply["reply"] for a in ASSUMED), reply["reply"]


def test_an_english_locale_learner_without_english_is_assumed_nothing(
    speaker: Callable[..., Api],
) -> None:
    api = speaker("en", ["es"])  # "I don't read English": no English to assume
    reply = Conversation(api)("I want to be a tour guide in Cusco")
    assert not any(a in reply["reply"] for a in ASSUMED), reply["reply"]


# -- finding 4: "how long is the second one?" answers the hours -----------------------------------
def _path(speaker: Callable[..., Api], lang: str) -> tuple[Conversation, list[dict[str, Any]]]:
    api = speaker(lang, BOTH if lang == "en" else None)
    set_profile(api, goal_role="data analyst", region="Lima", budget_pen=850, hours_per_week=8)
    say = Conversation(api)
    path = say("show me my pathway" if lang == "en" else "muéstrame mi ruta")
    steps = path["data"]["pathway"]["steps"]
    assert len(steps) >= 3, path["reply"]
    return say, steps


def _hours(step: dict[str, Any]) -> str:
    hours = float(step["hours"])
    return f"{hours:.0f}" if hours == int(hours) else str(hours)


@pytest.mark.parametrize(
    ("lang", "text", "position"),
    [
        ("es", "el segundo cuánto dura?", 2),
        ("es", "¿cuántas horas tiene el primero?", 1),
        ("es", "cuánto tiempo dura el tercer curso", 3),
        ("es", "¿cuál es la duración del segundo?", 2),
        ("en", "how long is the second one?", 2),
        ("en", "how many hours is the first course?", 1),
        ("en", "how much time does the third course take?", 3),
    ],
)
def test_a_question_about_a_courses_length_answers_its_hours(
    speaker: Callable[..., Api], lang: str, text: str, position: int
) -> None:
    say, steps = _path(speaker, lang)
    step = steps[position - 1]
    reply = say(text)
    assert reply["skill"] == "learning_path", reply["reply"]
    first = reply["reply"].splitlines()[0]
    assert step["title"] in first, reply["reply"]
    assert _hours(step) in first, reply["reply"]
    assert "S/" not in first, reply["reply"]  # the hours, not the price
    assert not first.startswith(f"{position}. "), reply["reply"]  # said, not only listed
    assert reply["data"]["courses"] == [step["course_id"]]


@pytest.mark.parametrize(
    ("lang", "text", "position"),
    [
        ("es", "el segundo cuánto cuesta?", 2),
        ("es", "¿cuánto es el tercero?", 3),
        ("en", "how much is the second?", 2),
        ("en", "what does the third course cost?", 3),
    ],
)
def test_a_price_question_still_answers_the_price(
    speaker: Callable[..., Api], lang: str, text: str, position: int
) -> None:
    say, steps = _path(speaker, lang)
    step = steps[position - 1]
    reply = say(text)
    first = reply["reply"].splitlines()[0]
    assert step["title"] in first, reply["reply"]
    assert "S/" in first or "free" in first or "gratis" in first, reply["reply"]
    for word in ("hour", "hora", "dura"):
        assert word not in first, reply["reply"]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("es", "cuánto dura y cuánto cuesta el segundo?"),
        ("en", "how long is the second and how much is it?"),
    ],
)
def test_hours_and_price_asked_together_answer_both(
    speaker: Callable[..., Api], lang: str, text: str
) -> None:
    say, steps = _path(speaker, lang)
    step = steps[1]
    lines = say(text)["reply"].splitlines()
    assert _hours(step) in lines[0], lines
    assert "S/" not in lines[0], lines
    assert step["title"] in lines[1], lines
    assert "S/" in lines[1] or "free" in lines[1], lines


def test_the_assumed_english_stays_out_of_the_recommendations_snapshot(
    speaker: Callable[..., Api], app: Any
) -> None:
    """The recommendation's profile snapshot is exported as feedback and trains the next
    ranker: it holds what the learner said or learnt, never the English a path assumed."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from app.db import engine_of
    from app.db.tables import PathwayRecommendation

    api = speaker("en", None)
    Conversation(api)("I want to be a tour guide in Cusco")
    with Session(engine_of(app)) as session:
        snapshots = session.scalars(select(PathwayRecommendation.profile)).all()
    assert snapshots
    assert not any(s.startswith("english") for snap in snapshots for s in snap["skills"])
