"""What the eighth and ninth independent testers found in the job-seeker dialogue: "2 lucas"
stored as S/ 2 and "2k para estudiar" added as a to-do; "¿el primero es gratis?" setting the
budget to 0; "el primero no" recording the first course; a question about demand in another
region overwriting the stored region; "400 o 500 soles", "de 300 a 500", "5 o 6 horas", "200
dólares" and "500 mensuales" stored without asking; "hablo quechua" and "no hablo inglés"
refused; the default region and hours shown as if the learner had said them; feminine job names
("cocinera") refused by the API; questions about the path and the profile refused; "I want to be
a chef" stored as cook; "acepto el segundo" of a one-course path sent to the knowledge base."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from app.pathways import read, resolve_role
from models.ranker import Ranker
from tests.app.conftest import Api
from tests.pathways.conftest import SPANISH_TOO, Conversation, profile_of, set_profile


def _shown(say: Conversation) -> dict[str, Any]:
    """The learner's path, shown in chat (the conversation's last list)."""
    reply = say("muéstrame mi ruta")
    assert reply["skill"] == "learning_path", reply["reply"]
    return reply


def _todos(api: Api) -> list[Any]:
    r = api.get("/v1/todos")
    assert r.status_code == 200, r.json
    body = r.json
    return list(body.get("todos", body) if isinstance(body, dict) else body)


# -- amounts that are asked, never stored (probe 9 findings 1, 7, 9, 16; 12) -------------------
@pytest.mark.parametrize(
    ("text", "kind", "options"),
    [
        ("tengo 2 lucas para cursos", "lucas", [2.0, 2000.0]),
        ("tengo una luca para cursos", "lucas", [1.0, 1000.0]),
        ("tengo unos 400 o 500 soles", "range", [400.0, 500.0]),
        ("mi presupuesto es de 300 a 500 soles", "range", [300.0, 500.0]),
        ("my budget is between 300 and 500 soles", "range", [300.0, 500.0]),
        ("tengo 2 a 3 mil soles", "range", [2000.0, 3000.0]),
        ("mi presupuesto es 200 dólares", "currency", []),
        ("my budget is $300", "currency", []),
        ("mi presupuesto es de 500 mensuales", "monthly", [500.0]),
        ("mi presupuesto es 50 soles por mes", "monthly", [50.0]),
        ("I can spend 100 soles a month", "monthly", [100.0]),
    ],
)
def test_amounts_that_are_asked(ranker: Ranker, text: str, kind: str, options: list[float]) -> None:
    heard = read(ranker.catalog, text)
    assert "budget_pen" not in heard.facts
    assert heard.amount_kind == kind
    assert heard.amount_options == options


@pytest.mark.parametrize(
    ("text", "budget"),
    [
        ("tengo 2k para estudiar", 2000.0),
        ("I have 3k for courses", 3000.0),
        ("tengo 400 para cursos", 400.0),
        ("puedo gastar 300", 300.0),
        ("ahora tengo 800 soles pero quiero ganar 3000 al mes", 800.0),
        # "500 lucas": soles only for a Peruvian locale, asked otherwise (test_h236_budget_slang)
    ],
)
def test_amounts_that_are_stored(ranker: Ranker, text: str, budget: float) -> None:
    assert read(ranker.catalog, text).facts == {"budget_pen": budget}


@pytest.mark.parametrize(
    "text", ["tengo 25 años", "gano 1500 soles al mes", "quiero ganar 3000 soles al mes"]
)
def test_what_is_no_budget(ranker: Ranker, text: str) -> None:
    heard = read(ranker.catalog, text)
    assert "budget_pen" not in heard.facts
    assert heard.unclear_amount is None


@pytest.mark.parametrize(
    ("text", "options", "unit"),
    [
        ("puedo estudiar 5 o 6 horas a la semana", [5.0, 6.0], "week"),
        ("I can study 5 or 6 hours a week", [5.0, 6.0], "week"),
        ("puedo estudiar de 2 a 3 horas diarias", [2.0, 3.0], "day"),
        ("puedo entre 20 y 30 horas al mes", [20.0, 30.0], "month"),
    ],
)
def test_two_figures_of_hours_are_asked(
    ranker: Ranker, text: str, options: list[float], unit: str
) -> None:
    heard = read(ranker.catalog, text)
    assert "hours_per_week" not in heard.facts
    assert heard.hours_per_day is None
    assert (heard.hours_options, heard.hours_unit) == (options, unit)


@pytest.mark.parametrize(
    ("message", "answer", "budget"),
    [
        ("tengo 2 lucas para cursos", "2000", 2000.0),
        ("tengo una luca para cursos", "mil soles", 1000.0),
        ("tengo unos 400 o 500 soles", "el segundo", 500.0),
        ("mi presupuesto es 200 dólares", "600 soles", 600.0),
        ("mi presupuesto es de 500 mensuales", "3000", 3000.0),
    ],
)
def test_an_amount_asked_in_chat_is_stored_only_when_answered(
    speaker: Callable[[str], Api], message: str, answer: str, budget: float
) -> None:
    api = speaker("es")
    say = Conversation(api)
    set_profile(api, goal_role="data analyst", region="Arequipa", budget_pen=1500)
    _shown(say)
    asked = say(message)
    assert asked["skill"] == "learning_path", asked["reply"]
    assert asked["pending"] is True, asked["reply"]
    assert asked["reply"].startswith("No guardé un presupuesto"), asked["reply"]
    assert profile_of(api)["budget_pen"] == 1500
    answered = say(answer)
    assert answered["pending"] is False, answered["reply"]
    assert profile_of(api)["budget_pen"] == budget
    assert _todos(api) == []


def test_hours_said_two_ways_are_asked_then_stored(speaker: Callable[[str], Api]) -> None:
    for lang, message, answer in (
        ("es", "puedo estudiar 5 o 6 horas a la semana", "6"),
        ("en", "I can study 5 or 6 hours a week", "the second"),
    ):
        api = speaker(lang)
        say = Conversation(api)
        set_profile(api, goal_role="data analyst", hours_per_week=10)
        asked = say(message)
        assert asked["pending"] is True, asked["reply"]
        assert profile_of(api)["hours_per_week"] == 10
        say(answer)
        assert profile_of(api)["hours_per_week"] == 6


def test_a_budget_said_with_k_is_no_to_do(speaker: Callable[[str], Api]) -> None:
    api = speaker("es")
    say = Conversation(api)
    set_profile(api, goal_role="data analyst", budget_pen=1500)
    reply = say("tengo 2k para estudiar")
    assert reply["skill"] == "learning_path", reply["reply"]
    assert reply["reply"].startswith("Anotado: un presupuesto de S/ 2,000."), reply["reply"]
    assert profile_of(api)["budget_pen"] == 2000
    assert _todos(api) == []


# -- questions about the path record nothing (probe 9 findings 3, 13) --------------------------
@pytest.mark.parametrize(
    ("lang", "question", "said"),
    [
        ("es", "¿el primero es gratis?", ("Sí: ", "No: ")),
        ("en", "is the first one free?", ("Yes: ", "No: ")),
        ("es", "¿cuánto cuesta el segundo curso?", ("2. ",)),
        ("es", "¿por qué me recomiendas el primer curso?", ("Por qué ",)),
        ("en", "why this course?", ("Why ",)),
    ],
)
def test_a_question_about_a_course_of_the_path_changes_nothing(
    speaker: Callable[[str], Api], lang: str, question: str, said: tuple[str, ...]
) -> None:
    api = speaker(lang, reads=SPANISH_TOO[lang])
    say = Conversation(api)
    before = set_profile(api, goal_role="data analyst", region="Lima", budget_pen=850)
    before.pop("updated_at")
    shown = _shown(say)
    reply = say(question)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert reply["pending"] is False
    assert any(reply["reply"].startswith(s) or f"\n{s}" in reply["reply"] for s in said), reply
    after = profile_of(api)
    after.pop("updated_at")
    assert after == before
    path = api.post("/v1/pathways/recommend", json={}).json
    assert path["recommendation_id"] == shown["data"]["pathway"]["recommendation_id"]
    assert path["feedback"] == {}


@pytest.mark.parametrize(
    ("lang", "question", "said"),
    [
        ("es", "¿cuál es mi presupuesto?", "Presupuesto: S/ 850."),
        ("en", "what is my budget?", "Budget: S/ 850."),
        ("en", "what is my goal job?", "Goal job: data analyst."),
        ("es", "¿qué datos tienes de mi perfil?", "Región: Arequipa."),
    ],
)
def test_a_question_about_the_profile_is_answered_from_it(
    speaker: Callable[[str], Api], lang: str, question: str, said: str
) -> None:
    api = speaker(lang)
    say = Conversation(api)
    set_profile(api, goal_role="data analyst", region="Arequipa", budget_pen=850)
    reply = say(question)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert said in reply["reply"], reply["reply"]
    assert profile_of(api)["budget_pen"] == 850


# -- questions about another region leave the profile alone (probe 9 findings 5, 13) ----------
@pytest.mark.parametrize(
    ("lang", "question", "said"),
    [
        ("en", "is there demand for data analysts in Piura?", "data analyst: "),
        ("es", "¿hay demanda de analistas de datos en Piura?", "analista de datos: "),
        ("es", "¿cuánto pagan a un analista de datos en Cusco?", "analista de datos: "),
        ("es", "¿cuál paga más, cocinero o pastelero?", "pastelero: "),
        ("es", "¿hay demanda de cocineros en Cusco?", "demanda 73/100 en Cusco"),
        ("en", "compare data analyst and business intelligence analyst", "business intel"),
    ],
)
def test_a_question_about_demand_or_pay_changes_nothing(
    speaker: Callable[[str], Api], lang: str, question: str, said: str
) -> None:
    api = speaker(lang)
    say = Conversation(api)
    set_profile(api, goal_role="welder", region="Arequipa")
    _shown(say)
    reply = say(question)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert said in reply["reply"], reply["reply"]
    profile = profile_of(api)
    assert (profile["region"], profile["goal_role"]) == ("Arequipa", "welder")


def test_what_if_i_moved_right_after_a_path_is_a_supposition(
    speaker: Callable[[str], Api],
) -> None:
    api = speaker("en")
    say = Conversation(api)
    set_profile(api, goal_role="data analyst", region="La Libertad")
    _shown(say)
    reply = say("and what if I moved to Lima?")
    assert reply["skill"] == "learning_path", reply["reply"]
    assert reply["reply"].startswith("Supposing: you are in Lima"), reply["reply"]
    assert profile_of(api)["region"] == "La Libertad"


# -- "el primero no" is never the first (probe 9 finding 4) -----------------------------------
def test_not_the_first_answering_which_course_records_nothing(
    speaker: Callable[[str], Api],
) -> None:
    api = speaker("es")
    say = Conversation(api)
    set_profile(api, goal_role="data analyst", region="Lima", budget_pen=850)
    shown = _shown(say)
    titles = [s["title"] for s in shown["data"]["pathway"]["steps"]]
    asked = say("ya hice el curso de excel")
    assert asked["pending"] is True, asked["reply"]
    first = next(t for t in titles if "Excel" in t)
    again = say("el primero no" if titles.index(first) == 0 else "el segundo no")
    assert again["pending"] is True, again["reply"]
    assert api.post("/v1/pathways/recommend", json={}).json["feedback"] == {}


# -- languages and spoken skills (probe 9 finding 12, probe 8 findings 5, 6, 8) ----------------
@pytest.mark.parametrize(
    ("lang", "text", "level"),
    [("es", "hablo quechua", 2), ("es", "hablo un poco de quechua", 1), ("es", "sé quechua", 2)],
)
def test_quechua_said_alone_is_stored(
    speaker: Callable[[str], Api], lang: str, text: str, level: int
) -> None:
    api = speaker(lang)
    say = Conversation(api)
    reply = say(text)
    assert reply["skill"] == "learning_path", reply["reply"]
    skills = {s["skill"]: s["level"] for s in profile_of(api)["skills"]}
    assert skills == {"quechua_basics": level}


@pytest.mark.parametrize(
    ("lang", "text"), [("es", "no hablo inglés"), ("en", "I don't speak English")]
)
def test_not_speaking_english_leaves_it_out(
    speaker: Callable[[str], Api], lang: str, text: str
) -> None:
    api = speaker(lang)
    say = Conversation(api)
    set_profile(api, goal_role="data analyst", languages=["es", "en"])
    reply = say(text)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert profile_of(api)["languages"] == ["es"]


def test_an_english_speaker_is_asked_about_spanish_and_can_say_no(
    speaker: Callable[[str], Api],
) -> None:
    # (stop 39: an English-locale profile starts with English alone, so Spanish is no longer
    # assumed but asked about; "I don't read Spanish" answers the question)
    api = speaker("en")
    say = Conversation(api)
    reply = say("I want to be a data analyst in Lima, budget 3000 soles, 10 hours a week")
    assert "that you read Spanish" not in reply["reply"], reply["reply"]
    assert "Do you read Spanish?" in reply["reply"], reply["reply"]
    assert all(s["language"] == "en" for s in reply["data"]["pathway"]["steps"])
    dropped = say("I don't read Spanish")
    assert dropped["skill"] == "learning_path", dropped["reply"]
    assert dropped["pending"] is False, dropped["reply"]
    assert profile_of(api)["languages"] == ["en"]


def test_speaking_english_keeps_the_languages_read(speaker: Callable[[str], Api]) -> None:
    api = speaker("en")
    say = Conversation(api)
    set_profile(api, languages=["en"])
    say("I speak English, I want to be a data analyst")
    assert profile_of(api)["languages"] == ["en"]


# -- the starting values are said to be assumed (probe 9 finding 19, probe 8 finding 13) -------
@pytest.mark.parametrize(
    ("lang", "text", "said"),
    [
        ("es", "quiero ser analista de datos", "Esta ruta supone la región Lima; 6 horas"),
        ("en", "I want to be a data analyst", "This path assumes the region Lima; 6 hours"),
    ],
)
def test_the_starting_region_and_hours_are_said_to_be_assumed(
    speaker: Callable[[str], Api], lang: str, text: str, said: str
) -> None:
    reply = speaker(lang).chat(text)
    assert said in reply["reply"], reply["reply"]


def test_a_region_and_hours_said_are_not_called_assumed(speaker: Callable[[str], Api]) -> None:
    reply = speaker("es").chat("quiero ser analista de datos en Arequipa, 10 horas a la semana")
    assert "supone" not in reply["reply"], reply["reply"]


# -- feminine job names, "chef" (probe 9 finding 15, probe 8 P6-19) ----------------------------
@pytest.mark.parametrize(
    ("typed", "role"),
    [("cocinera", "cook"), ("guía turística", "tour guide"), ("mecánica automotriz",
     "auto mechanic"), ("Técnica de soporte de TI", "it support technician"),
     ("contadora", "accounting assistant"), ("asistente administrativa",
     "administrative assistant"), ("operaria de almacén", "warehouse operator")],
)  # fmt: skip
def test_feminine_role_names_are_resolved(api: Api, ranker: Ranker, typed: str, role: str) -> None:
    assert resolve_role(ranker.catalog, typed) == role
    assert set_profile(api, goal_role=typed)["goal_role"] == role


def test_an_unknown_role_suggests_the_nearest(api: Api) -> None:
    r = api.patch("/v1/users/me/profile", json={"goal_role": "cocinere"})
    assert r.status_code == 422, r.json
    assert r.json["message"].endswith(
        ": e.g. cook, accounting assistant, administrative assistant, auto mechanic"
    ), r.json


@pytest.mark.parametrize("text", ["quiero ser cocinera", "quiero ser guía turística"])
def test_feminine_goals_in_chat(speaker: Callable[[str], Api], text: str) -> None:
    api = speaker("es")
    say = Conversation(api)
    reply = say(text)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert profile_of(api)["goal_role"] in {"cook", "tour guide"}


@pytest.mark.parametrize(
    ("lang", "text"), [("en", "I want to be a chef"), ("es", "quiero ser chef")]
)
def test_a_chef_is_asked_about(speaker: Callable[[str], Api], lang: str, text: str) -> None:
    api = speaker(lang)
    say = Conversation(api)
    reply = say(text)
    assert reply["pending"] is True, reply["reply"]
    assert reply["data"]["roles"] == ["cook", "sous chef"]
    assert profile_of(api)["goal_role"] is None


# -- a position past the path's end (probe 8, re-test row 15) ----------------------------------
@pytest.mark.parametrize(
    ("lang", "text"), [("es", "acepto el segundo"), ("en", "I'll take the second one")]
)
def test_a_position_past_a_one_course_path(
    speaker: Callable[[str], Api], lang: str, text: str
) -> None:
    api = speaker(lang)
    say = Conversation(api)
    set_profile(
        api,
        goal_role="bilingual call center agent",
        languages=["es", "en"],
        skills=[{"skill": "english_b2", "level": 2}],
    )
    shown = _shown(say)
    assert len(shown["data"]["pathway"]["steps"]) == 1, shown["reply"]
    reply = say(text)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert ("solo 1 curso" if lang == "es" else "only 1 course") in reply["reply"], reply
    assert api.post("/v1/pathways/recommend", json={}).json["feedback"] == {}


# -- a change of mind about the goal (probe 9 finding 12) --------------------------------------
@pytest.mark.parametrize(
    ("lang", "text", "goal"),
    [
        ("es", "cambié de opinión, ya no quiero call center, quiero ser cocinero", "cook"),
        ("en", "I don't want to be a cook, I want to be a welder", "welder"),
    ],
)
def test_a_job_no_longer_wanted_is_not_the_goal(
    speaker: Callable[[str], Api], lang: str, text: str, goal: str
) -> None:
    api = speaker(lang, reads=SPANISH_TOO[lang])
    reply = api.chat(text)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert reply["pending"] is False, reply["reply"]
    assert profile_of(api)["goal_role"] == goal


@pytest.mark.parametrize(
    ("lang", "text"), [("es", "ahora estoy en Lima Norte"), ("es", "ahora vivo en Arequipa")]
)
def test_where_i_am_now_is_stored(speaker: Callable[[str], Api], lang: str, text: str) -> None:
    api = speaker(lang)
    set_profile(api, region="Cusco")
    reply = api.chat(text)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert profile_of(api)["region"] in {"Lima", "Arequipa"}
