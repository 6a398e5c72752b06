"""What the seventh independent tester found in the job-seeker dialogue: amounts written the
Peruvian way ("1.500 soles", "1 500 soles", "1,5 horas al día") stored as S/ 1.5, S/ 1 and 5
hours; an English B2 learner given the A2 and B1 courses as prerequisites; a course accepted in
chat ("acepto el segundo", "I'll take the second one") refused; "el primero ya lo hice" right
after a path taken as a to-do; and budget and hours wordings ("tengo 400 soles", "puedo pagar
hasta 200 soles", "media hora diaria de lunes a viernes", "20 horas al mes") refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from app.pathways import answered_budget, read, read_amount
from models.ranker import Ranker
from tests.app.conftest import Api, talk
from tests.pathways.conftest import BOTH, SPANISH_TOO, profile_of


def _path(api: Api) -> dict[str, Any]:
    r = api.post("/v1/pathways/recommend", json={})
    assert r.status_code == 200, r.json
    return dict(r.json)


# -- finding 3: amounts written the Peruvian way ------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "value"),
    [("1500", 1500.0), ("1.500", 1500.0), ("1,500", 1500.0), ("1 500", 1500.0),
     ("12.000", 12000.0), ("1.500.000", 1500000.0), ("150.50", 150.5), ("1,5", 1.5),
     ("1.500,50", 1500.5), ("1,500.50", 1500.5), ("1.50.0", None), ("1,5000", None),
     ("1.500.5", None), ("1.500,000", None)],
)  # fmt: skip
def test_an_amount_is_read_the_peruvian_or_the_english_way(raw: str, value: float | None) -> None:
    assert read_amount(raw) == value


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("mi presupuesto es 1.500 soles", {"budget_pen": 1500.0}),
        ("mi presupuesto es 1 500 soles", {"budget_pen": 1500.0}),
        ("mi presupuesto es de mil soles", {"budget_pen": 1000.0}),
        ("mi presupuesto es dos mil quinientos soles", {"budget_pen": 2500.0}),
        ("tengo S/ 1.500,50", {"budget_pen": 1500.5}),
        ("presupuesto 1,5 mil", {"budget_pen": 1500.0}),
        ("S/ 1,200", {"budget_pen": 1200.0}),
        # "500 lucas": soles only for a Peruvian locale, asked otherwise (test_h236_budget_slang)
        ("puedo estudiar 1,5 horas al dia, 6 dias a la semana", {"hours_per_week": 9.0}),
        ("I can study 1.5 hours a day, 6 days a week", {"hours_per_week": 9.0}),
        ("puedo estudiar media hora diaria de lunes a viernes", {"hours_per_week": 2.5}),
        ("puedo estudiar hora y media diaria todos los dias", {"hours_per_week": 10.5}),
        ("I can study an hour and a half a day on weekdays", {"hours_per_week": 7.5}),
        ("puedo estudiar 20 horas al mes", {"hours_per_week": 4.6}),
        ("la clase dura hora y media", {}),
        ("mi presupuesto es 1.50.0 soles", {}),
    ],
)
def test_amounts_and_hours_as_people_write_them(
    ranker: Ranker, text: str, facts: dict[str, Any]
) -> None:
    assert read(ranker.catalog, text).facts == facts


def test_hours_a_day_in_words_still_ask_the_days(ranker: Ranker) -> None:
    heard = read(ranker.catalog, "puedo 2 horas y media diarias")
    assert heard.hours_per_day == 2.5
    assert "hours_per_week" not in heard.facts


@pytest.mark.parametrize(
    ("text", "budget"),
    [("1500", 1500.0), ("S/ 1.500", 1500.0), ("mil soles", 1000.0), ("solo gratis", 0.0),
     ("1.50.0", None), ("no sé", None)],
)  # fmt: skip
def test_an_answer_to_how_many_soles(text: str, budget: float | None) -> None:
    assert answered_budget(text) == budget


@pytest.mark.parametrize(
    ("text", "field", "value", "said"),
    [
        ("mi presupuesto es 1.500 soles", "budget_pen", 1500.0, "un presupuesto de S/ 1,500"),
        ("mi presupuesto es 1 500 soles", "budget_pen", 1500.0, "un presupuesto de S/ 1,500"),
        ("mi presupuesto es de mil soles", "budget_pen", 1000.0, "un presupuesto de S/ 1,000"),
        ("puedo pagar hasta 200 soles", "budget_pen", 200.0, "un presupuesto de S/ 200"),
        ("puedo estudiar 20 horas al mes", "hours_per_week", 4.6, "4.6 horas por semana"),
        ("puedo estudiar media hora diaria de lunes a viernes", "hours_per_week", 2.5,
         "2.5 horas por semana"),
        ("puedo estudiar hora y media diaria todos los dias", "hours_per_week", 10.5,
         "10.5 horas por semana"),
        ("puedo estudiar 1,5 horas al dia, 6 dias a la semana", "hours_per_week", 9.0,
         "9 horas por semana"),
    ],
)  # fmt: skip
def test_spanish_statements_from_a_fresh_conversation(
    speaker: Callable[[str], Api], text: str, field: str, value: float, said: str
) -> None:
    api = speaker("es")
    reply = api.chat(text)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert reply["pending"] is False, reply["reply"]
    assert reply["reply"].startswith(f"Anotado: {said}."), reply["reply"]
    assert profile_of(api)[field] == value


def test_english_hours_with_a_decimal_point(speaker: Callable[[str], Api]) -> None:
    api = speaker("en")
    reply = api.chat("I can study 1.5 hours a day, 6 days a week")
    assert reply["skill"] == "learning_path", reply["reply"]
    assert reply["reply"].startswith("Noted: 9 hours a week."), reply["reply"]
    assert profile_of(api)["hours_per_week"] == 9.0


def test_an_amount_that_cannot_be_told_is_asked(speaker: Callable[[str], Api]) -> None:
    api = speaker("en", reads=BOTH)
    before = profile_of(api)["budget_pen"]
    asked = api.chat("my budget is 1.50.0 soles")
    assert asked["pending"] is True
    assert "I can't tell which amount “1.50.0” is" in asked["reply"]
    assert profile_of(api)["budget_pen"] == before  # nothing stored
    answered = api.chat("1.500", asked["conversation_id"])
    assert answered["pending"] is False
    assert answered["reply"].startswith("Noted: a budget of S/ 1,500."), answered["reply"]
    assert profile_of(api)["budget_pen"] == 1500.0


def test_i_have_400_soles_after_a_refusal_following_the_path(
    speaker: Callable[[str], Api],
) -> None:
    api = speaker("es")
    first, _nothing, budget = talk(
        api,
        "quiero ser asistente administrativa en trujillo, no tengo plata",
        "hola",
        "tengo 400 soles",
    )
    assert first["skill"] == "learning_path"
    assert budget["skill"] == "learning_path", budget["reply"]
    assert profile_of(api)["budget_pen"] == 400.0


# -- finding 12: a stated English level satisfies the lower ones --------------------------------
def test_an_english_b2_learner_gets_no_a2_nor_b1_course(speaker: Callable[[str], Api]) -> None:
    api = speaker("en")
    reply = api.chat(
        "I want to be a bilingual call center agent in Lima, my english is B2, budget is 2000 "
        "soles, I can study 10 hours a week"
    )
    courses = [s["course_id"] for s in reply["data"]["pathway"]["steps"]]
    assert "C029" in courses  # English for Call Centers, which requires B1
    assert not {"C026", "C027", "C028"} & set(courses)  # A2, B1 and B2 courses


def test_english_b1_still_needs_no_a2_but_b2_courses_stay(api: Api) -> None:
    r = api.patch(
        "/v1/users/me/profile",
        json={"skills": [{"skill": "english_b1", "level": 2}], "goal_role": "bilingual call "
              "center agent", "region": "Lima", "budget_pen": 3000, "hours_per_week": 10,
              "languages": ["es", "en"]},
    )  # fmt: skip
    assert r.status_code == 200, r.json
    courses = [s["course_id"] for s in _path(api)["steps"]]
    assert "C026" not in courses
    assert "C027" not in courses
    assert "C029" in courses
    assert profile_of(api)["skills"] == [{"skill": "english_b1", "level": 2}]  # nothing stored


# -- finding 15: accepting a course in chat ------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "goal", "text", "position"),
    [
        ("en", "I want to be a data analyst in Lima", "I'll take the second one", 2),
        ("es", "quiero ser analista de datos en Lima", "acepto el segundo", 2),
        ("es", "quiero ser analista de datos en Lima", "me apunto al primero", 1),
        ("en", "I want to be a data analyst in Lima", "I accept the first course", 1),
    ],
)
def test_a_course_accepted_in_chat_is_recorded(
    speaker: Callable[[str], Api], lang: str, goal: str, text: str, position: int
) -> None:
    api = speaker(lang, reads=SPANISH_TOO[lang])
    shown, accepted = talk(api, goal, text)
    course = shown["data"]["pathway"]["steps"][position - 1]
    assert accepted["skill"] == "learning_path", accepted["reply"]
    assert accepted["data"]["course_feedback"] == {
        "course_id": course["course_id"],
        "action": "accepted",
    }
    if lang == "en":
        assert accepted["reply"].startswith(f"Noted: you will take {course['title']};")
    path = _path(api)
    assert path["feedback"] == {course["course_id"]: "accepted"}
    assert course["course_id"] in [s["course_id"] for s in path["steps"]]


def test_not_wanting_to_take_a_course_is_no_acceptance(speaker: Callable[[str], Api]) -> None:
    api = speaker("es")
    shown, answer = talk(api, "quiero ser analista de datos en Lima", "no quiero hacer el segundo")
    course = shown["data"]["pathway"]["steps"][1]["course_id"]
    assert answer["data"]["course_feedback"] == {"course_id": course, "action": "rejected"}


# -- re-test 4: "el primero ya lo hice" right after a path ---------------------------------------
def test_the_first_one_done_right_after_a_path_is_the_course(speaker: Callable[[str], Api]) -> None:
    api = speaker("es")
    shown, done = talk(api, "quiero ser analista de datos en Lima", "el primero ya lo hice")
    first = shown["data"]["pathway"]["steps"][0]
    assert done["skill"] == "learning_path", done["reply"]
    assert done["reply"].startswith(f"Anotado: completaste {first['title']}.")
    assert api.get("/v1/todos").json["todos"] == []
    assert first["course_id"] not in [s["course_id"] for s in _path(api)["steps"]]


def test_the_first_one_done_after_a_todo_list_stays_a_todo(speaker: Callable[[str], Api]) -> None:
    api = speaker("es")
    talk(api, "quiero ser analista de datos en Lima")
    api.chat("agrega comprar pan a mis pendientes")
    _listed, done = talk(api, "mis pendientes", "el primero ya lo hice")
    assert done["skill"] == "scheduling", done["reply"]


def test_a_course_named_by_title_is_accepted_and_one_not_in_the_path_is_no_answer(
    speaker: Callable[[str], Api],
) -> None:
    api = speaker("es")
    shown, named = talk(api, "quiero ser analista de datos en Lima", "quiero llevar el de power bi")
    power_bi = next(s for s in shown["data"]["pathway"]["steps"] if "Power BI" in s["title"])
    assert named["data"]["course_feedback"] == {
        "course_id": power_bi["course_id"],
        "action": "accepted",
    }
    other = api.chat("quiero llevar el curso de cocina", named["conversation_id"])
    assert "course_options" not in other["data"]  # no "which course of your pathway?"
    assert _path(api)["feedback"] == {power_bi["course_id"]: "accepted"}
