"""What the sixth independent tester found in the job-seeker dialogue: a level said in words
("Excel at an expert level", "contabilidad a nivel básico") stored as level 2; clear profile
statements ("mi presupuesto es 300 soles", "my English is B2") refused or sent to the knowledge
base outside the turn right after a path; an English level the catalog lacks (C1) refused with
no word; and an accepted course dropped, with a false "none is free" note, after the learner
turned down the course it requires."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.app.conftest import Api, talk
from tests.pathways.conftest import SPANISH_TOO, feedback, profile_of, skills_of


# -- finding 6: a level said in words -----------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "text", "levels"),
    [
        ("es", "quiero ser asistente contable en piura, manejo excel a nivel experto y "
         "contabilidad a nivel basico", {"excel_basics": 3, "accounting_basics": 1}),
        ("es", "quiero ser analista de datos, sé excel nivel intermedio", {"excel_basics": 2}),
        ("es", "quiero ser analista de datos, tengo un nivel intermedio en excel",
         {"excel_basics": 2}),
        ("es", "quiero ser analista de datos, manejo excel básico", {"excel_basics": 1}),
        ("en", "I want to be a data analyst, I know Excel at an expert level",
         {"excel_basics": 3}),
        ("en", "I want to be a data analyst, I know intermediate SQL and Excel level 3",
         {"sql": 2, "excel_basics": 3}),
        ("en", "I want to be a data analyst, I know Python a little", {"python_basics": 1}),
        ("en", "I know Excel at an intermediate level and a little Python, I want a data job",
         {"excel_basics": 2, "python_basics": 1}),
    ],
)  # fmt: skip
def test_a_level_said_in_words_is_stored(
    speaker: Callable[[str], Api], lang: str, text: str, levels: dict[str, int]
) -> None:
    api = speaker(lang, reads=SPANISH_TOO[lang])
    reply = api.chat(text)
    assert reply["pending"] is False, reply["reply"]
    assert skills_of(api) == levels


def test_camilo_hears_the_levels_he_said(speaker: Callable[[str], Api]) -> None:
    api = speaker("es")
    reply = api.chat(
        "quiero ser asistente contable en piura, manejo excel a nivel experto y contabilidad "
        "a nivel basico"
    )
    assert reply["reply"].startswith("Anotado: sabes Excel (nivel 3), Contabilidad (nivel 1)")


def test_pretty_well_is_asked_and_the_expert_level_kept(speaker: Callable[[str], Api]) -> None:
    api = speaker("en")
    asked = api.chat(
        "I want to work as a data analyst in Lima. I know SQL pretty well and Excel at an expert "
        "level, budget is 600 soles"
    )
    assert "you know Excel (level 3)" in asked["reply"]
    assert "How well do you know SQL?" in asked["reply"]
    assert asked["pending"] is True
    assert skills_of(api) == {"excel_basics": 3}  # SQL waits for the answer
    assert profile_of(api)["budget_pen"] == 600.0
    answered = api.chat("can work with it", asked["conversation_id"])
    assert answered["reply"].startswith("Noted: you know SQL (level 2).")
    assert skills_of(api) == {"excel_basics": 3, "sql": 2}


def test_a_level_at_the_end_of_a_list_asks_the_others(speaker: Callable[[str], Api]) -> None:
    api = speaker("es")
    asked = api.chat("quiero ser asistente contable, sé excel y contabilidad a nivel básico")
    assert "¿Qué tan bien manejas Excel?" in asked["reply"]  # "a nivel básico" may be Excel's
    assert skills_of(api) == {"accounting_basics": 1}
    answered = api.chat("experto", asked["conversation_id"])
    assert answered["pending"] is False
    assert skills_of(api) == {"accounting_basics": 1, "excel_basics": 3}


# -- finding 11: profile statements at any time -------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "text", "field", "value", "noted"),
    [
        ("es", "mi presupuesto es 300 soles", "budget_pen", 300.0,
         "Anotado: un presupuesto de S/ 300."),
        ("en", "my english is B2", "skills", [{"skill": "english_b2", "level": 2}],
         "Noted: you know English B2; you read English."),
        ("en", "I can do like 10 hrs a week", "hours_per_week", 10.0,
         "Noted: 10 hours a week."),
        ("es", "mi ingles es B1", "skills", [{"skill": "english_b1", "level": 2}],
         "Anotado: sabes Inglés B1"),
        ("es", "soy experto en excel", "skills", [{"skill": "excel_basics", "level": 3}],
         "Anotado: sabes Excel (nivel 3)."),
        ("es", "puedo estudiar 10 horas a la semana", "hours_per_week", 10.0,
         "Anotado: 10 horas por semana."),
        ("es", "soy de huancayo pero vivo en trujillo", "region", "La Libertad",
         "Anotado: estás en La Libertad."),
        ("es", "mi presupuesto es 2 mil soles", "budget_pen", 2000.0,
         "Anotado: un presupuesto de S/ 2,000."),
        ("en", "I live in Cusco", "region", "Cusco", "Noted: you are in Cusco."),
    ],
)  # fmt: skip
def test_a_profile_statement_is_stored_at_any_time(
    speaker: Callable[[str], Api], lang: str, text: str, field: str, value: Any, noted: str
) -> None:
    api = speaker(lang)
    reply = api.chat(text)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert reply["reply"].startswith(noted)
    assert profile_of(api)[field] == value


def test_living_now_is_the_region_kept(speaker: Callable[[str], Api]) -> None:
    api = speaker("es")
    api.chat("soy de huancayo pero ahorita estoy viviendo en trujillo, quiero ser tecnico de "
             "soporte de TI")  # fmt: skip
    assert profile_of(api)["region"] == "La Libertad"
    assert profile_of(api)["goal_role"] == "it support technician"


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("¿cuántas horas dura el curso de Excel?", "knowledge"),
        ("recuérdame estudiar 2 horas mañana", "scheduling"),
        ("cuanto cuesta el curso de excel", "knowledge"),
    ],
)
def test_a_question_or_a_request_stores_nothing(
    speaker: Callable[[str], Api], text: str, skill: str
) -> None:
    api = speaker("es")
    before = profile_of(api)
    reply = api.chat(text)
    assert reply["skill"] in {skill, "out_of_scope"}, reply["reply"]  # never learning_path
    after = profile_of(api)
    assert {k: v for k, v in after.items() if k != "updated_at"} == {
        k: v for k, v in before.items() if k != "updated_at"
    }


def test_budget_and_hours_a_day_right_after_a_path(speaker: Callable[[str], Api]) -> None:
    api = speaker("es")
    replies = talk(
        api,
        "sé excel a nivel intermedio, quiero ser analista de datos",
        "tengo como 300 soles nomas pa cursos y puedo estudiar 2 horas diarias",
        "de lunes a viernes",
    )
    assert replies[1]["reply"].startswith("Anotado: un presupuesto de S/ 300. Dijiste 2 horas")
    assert replies[2]["reply"].startswith("Anotado: 10 horas por semana.")
    assert profile_of(api)["budget_pen"] == 300.0
    assert profile_of(api)["hours_per_week"] == 10.0


def test_intermediate_english_is_read_but_no_level_stored(speaker: Callable[[str], Api]) -> None:
    api = speaker("es")
    replies = talk(
        api, "sé excel a nivel intermedio, quiero ser analista de datos", "mi ingles es intermedio"
    )
    assert replies[1]["skill"] == "learning_path"
    assert replies[1]["reply"].startswith("Anotado: lees español e inglés.")
    assert re.search(r"[«“]intermedio[»”]", replies[1]["reply"])  # what was said, said back
    assert skills_of(api) == {"excel_basics": 2}
    assert profile_of(api)["languages"] == ["es", "en"]


def test_c1_is_above_the_catalog_and_the_reply_says_so(
    speaker: Callable[[str], Api],
) -> None:
    # C1 and native are more than the catalog's highest level (probe 14): that level is stored
    # at 3 and said, never asked as if the learner had to pick a lower one
    api = speaker("en")
    replies = talk(
        api,
        "I know excel at an intermediate level, I want to be a data analyst",
        "actually my english is C1, I'm a native speaker",
    )
    reply = replies[1]["reply"]
    assert replies[1]["skill"] == "learning_path"
    assert "I did not store an English level" not in reply
    assert "that is more than the course catalog's highest level" in reply, reply
    assert {s: v for s, v in skills_of(api).items() if s.startswith("english_")} == {
        "english_b2": 3
    }
    assert profile_of(api)["languages"] == ["en"]  # an English-locale profile: English alone


# -- finding 13: an accepted course after its required one was turned down ---------------------
def _web_developer(api: Api) -> dict[str, Any]:
    r = api.patch(
        "/v1/users/me/profile",
        json={
            "skills": [{"skill": "web_html_css", "level": 2}],
            "goal_role": "junior web developer",
            "region": "La Libertad",
            "hours_per_week": 15,
            "budget_pen": 0,
            "languages": ["en", "es"],
        },
    )
    assert r.status_code == 200, r.json
    r = api.post("/v1/pathways/recommend", json={})
    assert r.status_code == 200, r.json
    return dict(r.json)


def test_an_accepted_course_stays_after_its_required_one_is_turned_down(api: Api) -> None:
    first = _web_developer(api)
    ids = [s["course_id"] for s in first["steps"]]
    assert {"C001", "C020"} <= set(ids)  # Computación Básica, then Git y GitHub (free)
    rec = first["recommendation_id"]
    for course, action in (("C018", "completed"), ("C001", "rejected"), ("C020", "accepted")):
        if course in ids:
            feedback(api, rec, course, action)
    again = api.post("/v1/pathways/recommend", json={}).json
    assert [s["course_id"] for s in again["steps"]] == ["C020"]
    assert again["feedback"] == {"C020": "accepted"}
    notes = " ".join(again["notes"])
    assert (
        "Git y GitHub para Equipos requires Computer basics, which this path does not teach: "
        "you turned down the course that teaches it. I kept Git y GitHub para Equipos because "
        "you accepted it" in notes
    )
    assert "None of the courses" not in notes  # no "none ... is free": Git y GitHub is


def test_the_note_says_the_turned_down_course_not_the_budget(api: Api) -> None:
    first = _web_developer(api)
    ids = [s["course_id"] for s in first["steps"]]
    rec = first["recommendation_id"]
    for course, action in (("C018", "completed"), ("C001", "rejected")):
        if course in ids:
            feedback(api, rec, course, action)
    again = api.post("/v1/pathways/recommend", json={}).json
    assert again["steps"] == []
    notes = " ".join(again["notes"])
    assert "None of the courses" not in notes  # Git y GitHub is free: its required one is out
    assert (
        "No course fits the profile for junior web developer: Git (you turned down its course "
        "or one it requires; no other course that teaches it is free); React (no course that "
        "teaches it is free)" in notes
    )
