"""What the tenth independent tester found in the job-seeker dialogue: hours said about work
("trabajo 8 horas diarias pero puedo estudiar 1 hora al día") stored as study hours; a question
about which courses there are ("what courses do you have for data analysts?") storing a goal,
with a note about English-taught courses that had nothing to do with it; a path that "assumes"
the region Lima the learner had said; "sé quechua" at another level than "hablo quechua"; and
(probe 11) "un poquito de aimara" dropped without a word."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from app.pathways import read
from models.ranker import Ranker
from tests.app.conftest import Api
from tests.pathways.conftest import SPANISH_TOO, Conversation, profile_of


def _assumed(reply: dict[str, Any]) -> str:
    """The reply's line about the values it assumes ("" when none)."""
    lines = str(reply["reply"]).splitlines()
    return next((x for x in lines if x.startswith(("This path assumes", "Esta ruta supone"))), "")


def _skills(api: Api) -> dict[str, int]:
    return {s["skill"]: s["level"] for s in profile_of(api)["skills"]}


# -- finding 9: hours said about work are no study hours -----------------------------------------
@pytest.mark.parametrize(
    ("text", "per_week", "per_day"),
    [
        ("trabajo 8 horas diarias pero puedo estudiar 1 hora al dia", None, 1.0),
        (
            "trabajo 8 horas diarias de lunes a viernes, pero puedo estudiar 2 horas al dia",
            None,
            2.0,
        ),
        ("I work 8 hours a day but I can study 1 hour a day", None, 1.0),
        ("I work 9 hours a day but can study 2 hours a day on weekends", 4.0, None),
        ("trabajo 40 horas a la semana y puedo estudiar 6 horas a la semana", 6.0, None),
        ("mi turno es de 12 horas, estudio 3 horas diarias de lunes a viernes", 15.0, None),
        ("my shift is 10 hours; I can study 5 hours a week", 5.0, None),
        ("trabajo 8 horas diarias", None, None),
        ("I work 45 hours a week", None, None),
        # study time said alone is read as before
        ("puedo estudiar 2 horas al dia de lunes a viernes", 10.0, None),
        ("puedo estudiar 2 horas diarias", None, 2.0),
    ],
)
def test_hours_said_about_work_are_no_study_hours(
    ranker: Ranker, text: str, per_week: float | None, per_day: float | None
) -> None:
    heard = read(ranker.catalog, text)
    assert heard.facts.get("hours_per_week") == per_week, heard.facts
    assert heard.hours_per_day == per_day


@pytest.mark.parametrize(
    ("lang", "text", "days", "asked"),
    [
        ("es", "trabajo 8 horas diarias pero puedo estudiar 1 hora al dia", "de lunes a viernes",
         "1 hora"),
        ("en", "I work 8 hours a day but I can study 1 hour a day", "monday to friday",
         "1 hour"),
    ],
)  # fmt: skip
def test_work_hours_then_the_days_store_the_study_hours(
    speaker: Callable[[str], Api], lang: str, text: str, days: str, asked: str
) -> None:
    api = speaker(lang)
    say = Conversation(api)
    reply = say(text)
    assert reply["pending"] is True, reply["reply"]
    assert asked in reply["reply"], reply["reply"]
    assert "8" not in reply["reply"], reply["reply"]
    reply = say(days)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert profile_of(api)["hours_per_week"] == 5.0


def test_work_hours_and_study_time_in_english_are_taken(speaker: Callable[[str], Api]) -> None:
    api = speaker("en")
    reply = api.chat("I work 9 hours a day but can study 2 hours a day on weekends")
    assert reply["skill"] == "learning_path", reply["reply"]
    assert profile_of(api)["hours_per_week"] == 4.0


# -- finding 11: a question about which courses there are stores nothing --------------------------
@pytest.mark.parametrize(
    ("lang", "text", "role"),
    [
        ("es", "what courses do you have for data analysts?", "data analyst"),
        ("es", "¿qué cursos tienen para ser electricista?", "electrician"),
        ("es", "que cursos hay para cocinero?", "cook"),
        ("en", "which courses do you have for electricians?", "electrician"),
        ("en", "what courses are there to become a data analyst?", "data analyst"),
    ],
)
def test_a_question_about_courses_answers_them_and_stores_nothing(
    speaker: Callable[[str], Api], lang: str, text: str, role: str
) -> None:
    api = speaker(lang, reads=SPANISH_TOO[lang])
    before = profile_of(api)
    reply = api.chat(text)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert reply["data"]["supposed"] == {"goal_role": role}
    assert reply["data"]["pathway"]["steps"], reply["reply"]
    after = profile_of(api)
    assert after["goal_role"] is None
    assert {k: v for k, v in after.items() if k != "updated_at"} == {
        k: v for k, v in before.items() if k != "updated_at"
    }
    assert "Noted" not in reply["reply"]
    assert "Anotado" not in reply["reply"]


@pytest.mark.parametrize(
    ("lang", "text", "role"),
    [
        ("es", "quiero ser electricista, ¿qué cursos tienen?", "electrician"),
        ("en", "I want to be a data analyst, what courses do you have?", "data analyst"),
    ],
)
def test_a_wish_with_a_question_still_sets_the_goal(
    speaker: Callable[[str], Api], lang: str, text: str, role: str
) -> None:
    api = speaker(lang)
    api.chat(text)
    assert profile_of(api)["goal_role"] == role


@pytest.mark.parametrize("text", ["what courses do you have for electricians?",
                                  "¿qué cursos tienen para ser electricista?"])  # fmt: skip
def test_no_english_note_where_no_english_course_would_help(
    speaker: Callable[[str], Api], text: str
) -> None:
    api = speaker("es")  # reads Spanish only; no English-taught course teaches an electrician
    reply = api.chat(text)
    notes = reply["data"]["pathway"]["notes"]
    assert not any("English-taught" in n or "dictados en inglés" in n for n in notes), notes
    assert "English-taught" not in reply["reply"]
    assert "dictados en inglés" not in reply["reply"]


def test_the_english_note_stays_where_an_english_course_would_help(
    speaker: Callable[[str], Api],
) -> None:
    api = speaker("es")
    reply = api.chat("quiero ser analista de datos")
    notes = reply["data"]["pathway"]["notes"]
    assert any("dictados en inglés" in n for n in notes), notes


# -- finding 15: a value the learner said is never "assumed" --------------------------------------
def test_a_region_said_earlier_in_the_conversation_is_not_assumed(
    speaker: Callable[[str], Api],
) -> None:
    api = speaker("en")
    say = Conversation(api)
    say("I want to be a data analyst in Lima, budget 3000 soles, 10 hours a week")
    reply = say("I don't read Spanish")
    assert reply["skill"] == "learning_path", reply["reply"]
    assert "the region Lima" not in _assumed(reply), reply["reply"]


@pytest.mark.parametrize(
    ("lang", "first", "later", "region_note", "hours_note"),
    [
        ("es", "vivo en Lima", "tengo 500 soles para cursos", "la región Lima",
         "6 horas por semana"),
        ("en", "I live in Lima", "my budget is 500 soles", "the region Lima",
         "6 hours a week"),
        ("es", "puedo estudiar 6 horas a la semana", "tengo 500 soles para cursos",
         "6 horas por semana", "la región Lima"),
    ],
)  # fmt: skip
def test_a_value_said_in_an_earlier_conversation_is_not_assumed(
    speaker: Callable[[str], Api],
    lang: str,
    first: str,
    later: str,
    region_note: str,
    hours_note: str,
) -> None:
    api = speaker(lang)
    api.chat(first)
    reply = api.chat(later)  # a new conversation
    assert reply["skill"] == "learning_path", reply["reply"]
    assert region_note not in _assumed(reply), reply["reply"]
    assert hours_note in _assumed(reply), reply["reply"]  # this one was never said


def test_a_region_never_said_is_still_assumed(speaker: Callable[[str], Api]) -> None:
    api = speaker("es")
    reply = api.chat("tengo 500 soles para cursos")
    assert "la región Lima" in _assumed(reply), reply["reply"]


# -- finding 15: "sé quechua" is "hablo quechua" --------------------------------------------------
@pytest.mark.parametrize(
    ("text", "level"),
    [("sé quechua", 2), ("hablo quechua", 2), ("I know Quechua", 2), ("I speak Quechua", 2),
     ("sé un poco de quechua", 1), ("hablo un poco de quechua", 1)],
)  # fmt: skip
def test_a_spoken_language_said_without_a_level(ranker: Ranker, text: str, level: int) -> None:
    heard = read(ranker.catalog, text)
    assert heard.facts["skills"] == {"quechua_basics": level}
    assert heard.stated == {"quechua_basics"}


def test_se_quechua_after_un_poco_stores_level_2(speaker: Callable[[str], Api]) -> None:
    api = speaker("es")
    api.chat("hablo un poco de quechua")
    assert _skills(api) == {"quechua_basics": 1}
    api.chat("sé quechua")
    assert _skills(api) == {"quechua_basics": 2}


# -- probe 11 finding 12: languages the catalog lacks are named, not dropped ---------------------
@pytest.mark.parametrize(
    ("text", "unknown"),
    [
        ("hablo quechua y un poquito de aimara", ["aimara"]),
        ("I speak Quechua and some Aymara", ["Aymara"]),
        ("hablo inglés y francés", ["francés"]),
        ("sé portugués", ["portugués"]),
        ("hablo quechua", []),
        ("hablo inglés", []),
        ("¿el curso se dicta en francés?", []),
        ("mi mamá cree que debo estudiar", []),
    ],
)
def test_languages_the_catalog_lacks_are_heard(
    ranker: Ranker, text: str, unknown: list[str]
) -> None:
    assert read(ranker.catalog, text).unknown_languages == unknown


@pytest.mark.parametrize(
    ("lang", "text", "said", "skills"),
    [
        ("es", "hablo quechua y un poquito de aimara", "No anoté aimara",
         {"quechua_basics": 2}),
        ("en", "I speak Quechua and a bit of Aymara", "I did not note Aymara",
         {"quechua_basics": 2}),
        ("es", "hablo aimara", "No anoté aimara", {}),
    ],
)  # fmt: skip
def test_the_reply_names_the_language_it_did_not_note(
    speaker: Callable[[str], Api], lang: str, text: str, said: str, skills: dict[str, int]
) -> None:
    api = speaker(lang)
    reply = api.chat(text)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert said in reply["reply"], reply["reply"]
    assert _skills(api) == skills
