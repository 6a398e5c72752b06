"""What the thirty-third tester found in the pathway planner: "what can I study to work in a call
center?" got a path mixing warehouse-operator courses and a data-analyst gap instead of "which
call-center job?", and "the bilingual one" was then refused (E-M4); a learner who completed
Excel Avanzado after turning down Excel Esencial (its prerequisite) got an empty path (E-M6);
"el de manipulación no me sirve, ya tengo mi carnet de sanidad" was refused, and turning the free
food-safety course down brought a S/ 900 course for the same skill without a word (E-M7); an
English-locale learner writing in Spanish was asked "¿Lees español?" over an empty path (E-M8);
and `slipway chat`'s `/pathway` printed its notes in English after a Spanish conversation
(E-L4)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.app.conftest import Api
from tests.pathways.conftest import BOTH, Conversation, feedback, profile_of, set_profile


def _steps(reply: dict[str, Any]) -> list[str]:
    return [s["course_id"] for s in reply["data"]["pathway"]["steps"]]


def _roles(reply: dict[str, Any]) -> list[str]:
    return [r["role"] for r in reply["data"]["pathway"]["roles"]]


# -- E-M4: a field of several jobs asked about in a question is asked "which one?" ----------------
@pytest.mark.parametrize(
    ("lang", "question", "answer", "role"),
    [
        (
            "en",
            "hi, im venezuelan living in lima, i was a nurse back home but here i need a job "
            "fast. i speak spanish and english good. what can i study to work in a call center?",
            "the bilingual one",
            "bilingual call center agent",
        ),
        (
            "en",
            "what courses do you have for call centers?",
            "the second",
            "customer service agent",
        ),
        (
            "es",
            "qué puedo estudiar para trabajar en un call center?",
            "el de atención al cliente",
            "customer service agent",
        ),
        (
            "es",
            "vivo en Piura, ¿qué cursos hay para trabajar en turismo?",
            "el segundo",
            "hotel receptionist",
        ),
    ],
)
def test_a_question_about_a_field_of_several_jobs_asks_which_then_shows_its_courses(
    speaker: Callable[..., Api], lang: str, question: str, answer: str, role: str
) -> None:
    api = speaker(lang, BOTH if lang == "en" else None)
    say = Conversation(api)
    asked = say(question)
    assert asked["skill"] == "learning_path", asked["reply"]
    assert asked["pending"] is True, asked["reply"]
    assert "pathway" not in asked["data"], asked["reply"]  # before: a path for four roles
    assert role in asked["data"]["roles"], asked["reply"]
    for unasked in ("warehouse", "almacén", "data analyst", "analista de datos"):
        assert unasked not in asked["reply"], asked["reply"]
    picked = say(answer)
    assert picked["skill"] == "learning_path", picked["reply"]  # before: out of scope
    assert set(_roles(picked)) == {role}, picked["reply"]
    assert _steps(picked), picked["reply"]
    for unasked in ("warehouse", "almacén", "data analyst", "analista de datos"):
        assert unasked not in picked["reply"], picked["reply"]
    profile = profile_of(api)
    assert profile["goal_role"] is None  # a question: its courses, no goal set
    assert profile["region"] == "Lima"  # "vivo en Piura" said in a question: supposed


def test_wanting_a_field_of_several_jobs_still_stores_the_one_picked(
    speaker: Callable[..., Api],
) -> None:
    api = speaker("en", BOTH)
    say = Conversation(api)
    asked = say("I want to work in a call center")
    assert asked["pending"] is True, asked["reply"]
    picked = say("the bilingual one")
    assert profile_of(api)["goal_role"] == "bilingual call center agent", picked["reply"]


# -- E-M6: a completed course's prerequisite is known, even when its course was turned down ------
def test_completing_a_course_whose_prerequisite_was_turned_down_keeps_the_path(
    speaker: Callable[..., Api],
) -> None:
    api = speaker("en", BOTH)
    set_profile(api, goal_role="data analyst", hours_per_week=8, budget_pen=1500)
    first = api.post("/v1/pathways/recommend", json={}).json
    steps = [s["course_id"] for s in first["steps"]]
    assert {"C001", "C002", "C003"} <= set(steps), steps  # Computación, Excel Intermedio, Avanzado
    rec = first["recommendation_id"]
    feedback(api, rec, "C001", "accepted")
    feedback(api, rec, "C002", "rejected")
    feedback(api, rec, "C003", "completed")
    after = api.post("/v1/pathways/recommend", json={}).json
    steps = [s["course_id"] for s in after["steps"]]
    assert steps, after["notes"]  # before: empty, "you turned down its course or one it requires"
    assert {"C002", "C003"}.isdisjoint(steps)
    # Power BI, Advanced SQL and Statistics need Excel, which Excel Avanzado required: reachable
    assert {"C005", "C009", "C014"} & set(steps), after
    assert not any("turned down" in note for note in after["notes"]), after["notes"]


# -- E-M7: "no me sirve, ya tengo …" is known; a dearer course for the same skill is explained --
def _cook_in_cusco(api: Api, lang: str) -> Conversation:
    """Lucía's profile (a cook who speaks Quechua, in Cusco, S/ 2,000), her path shown: the free
    food-safety course (C055) alone."""
    set_profile(
        api,
        goal_role="cook",
        region="Cusco",
        hours_per_week=12,
        budget_pen=2000,
        skills=[{"skill": "cooking", "level": 2}, {"skill": "quechua_basics", "level": 3}],
    )
    say = Conversation(api)
    path = say("muéstrame mi ruta" if lang == "es" else "show me my pathway")
    assert _steps(path) == ["C055"], path["reply"]
    return say


@pytest.mark.parametrize(
    ("lang", "text", "note"),
    [
        (
            "es",
            "el de manipulacion no me sirve ya tengo mi carnet de sanidad",
            "Manipulación Higiénica de Alimentos",
        ),
        (
            "es",
            "no necesito el curso de manipulación, ya sé eso",
            "Manipulación Higiénica de Alimentos",
        ),
        (
            "en",
            "I don't need the food safety course, I already have my food handler card",
            "you already know what Manipulación Higiénica de Alimentos teaches (Food safety)",
        ),
    ],
)
def test_a_course_not_needed_because_it_is_known_is_recorded_as_known(
    speaker: Callable[..., Api], lang: str, text: str, note: str
) -> None:
    api = speaker(lang, BOTH if lang == "en" else None)
    say = _cook_in_cusco(api, lang)
    reply = say(text)
    assert reply["skill"] == "learning_path", reply["reply"]  # before: out of scope
    assert note in reply["reply"], reply["reply"]
    assert reply["data"]["course_feedback"]["action"] == "completed"
    taught = {s for step in reply["data"]["pathway"]["steps"] for s in step["skills_taught"]}
    assert "food_safety" not in taught, reply["reply"]  # no S/ 900 course for what she has
    assert "S/ 900" not in reply["reply"]


@pytest.mark.parametrize(
    ("lang", "text", "note"),
    [
        # the note's words are the catalog's (their Spanish comes with the translations)
        ("es", "el de manipulación no me sirve", "(90 h, S/ 900,"),
        (
            "en",
            "the food safety course is not for me",
            "Cocina Peruana Básica takes the place of Manipulación Higiénica de Alimentos, which "
            "you turned down: it is the next course that teaches Food safety (90 h, S/ 900, "
            "within your budget of S/ 2,000)",
        ),
    ],
)
def test_a_dearer_course_for_a_skill_turned_down_is_explained_and_keeps_to_the_budget(
    speaker: Callable[..., Api], lang: str, text: str, note: str
) -> None:
    api = speaker(lang, BOTH if lang == "en" else None)
    say = _cook_in_cusco(api, lang)
    reply = say(text)
    assert reply["data"]["course_feedback"]["action"] == "rejected", reply["reply"]
    assert note in reply["reply"], reply["reply"]  # before: nothing said of it
    notes = reply["data"]["pathway"]["notes"]
    assert any("Cocina Peruana Básica" in n and "S/ 2,000" in n for n in notes), notes
    # with less money the S/ 900 course is never taken
    set_profile(api, budget_pen=500)
    again = say("muéstrame mi ruta" if lang == "es" else "show me my pathway")
    costs = [s["cost_pen"] for s in again["data"]["pathway"]["steps"]]
    assert sum(costs) <= 500, again["reply"]
    assert "Cocina Peruana Básica" not in again["reply"]


# -- E-M8: an English-locale learner who writes Spanish reads it ---------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "hola, quiero ser analista de datos, vivo en Lima",
        "quiero ser cocinero en Arequipa y puedo estudiar 10 horas a la semana",
    ],
)
def test_a_learner_who_writes_spanish_reads_it(speaker: Callable[..., Api], text: str) -> None:
    api = speaker("en")  # reads English alone until said
    reply = api.chat(text)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert "es" in profile_of(api)["languages"]
    assert _steps(reply), reply["reply"]  # before: empty, the Spanish courses left out
    assert "¿Lees español?" not in reply["reply"]
    assert "lees español e inglés" in reply["reply"], reply["reply"]  # said, not hidden


def test_english_or_a_spanish_no_keeps_spanish_out(speaker: Callable[..., Api]) -> None:
    api = speaker("en")
    say = Conversation(api)
    say("I want to be a data analyst")
    assert profile_of(api)["languages"] == ["en"]
    say("no leo español")
    say("quiero ser analista de datos en Arequipa")
    assert profile_of(api)["languages"] == ["en"]


# -- E-L4: `slipway chat` shows the pathway in the conversation's language -----------------------
@pytest.fixture
def through_app(app: Any, monkeypatch: pytest.MonkeyPatch) -> Api:
    """`slipway chat` talking to the test app (its ``_call`` sent through the test client)."""
    from app import cli
    from tests.app.conftest import make_user

    token, user_id = make_user(app, "sam", "America/Lima")
    client = app.test_client()

    def call(url: str, token: str, method: str, path: str, body: Any = None) -> Any:
        r = client.open(
            path, method=method, json=body, headers={"Authorization": f"Bearer {token}"}
        )
        if r.status_code >= 400:
            raise cli.Refused(r.status_code, str(r.json), r.json)
        return r.json

    monkeypatch.setattr(cli, "_call", call)
    monkeypatch.setenv("SLIPWAY_TOKEN", token)
    return Api(client, token, user_id, "sam")


def test_the_cli_shows_the_pathway_in_the_conversations_language(through_app: Api) -> None:
    from pipelines.cli import app as slipway

    set_profile(through_app, budget_pen=0, languages=["en"], goal_role="data analyst")
    r = CliRunner().invoke(
        slipway,
        ["chat"],
        input="no quiero cursos de pago, solo gratis\n/pathway\n/quit\n",
    )
    assert r.exit_code == 0, r.output
    shown = r.output.split("you> ")[-2]  # what /pathway printed
    # the free first steps are the path (h229: it was empty, "todavía ningún curso encaja…"),
    # in Spanish: its title, its total and its notes
    assert "ruta n.º 1 hacia analista de datos" in shown, r.output
    assert "Responde a un paso con /accept N" in shown, r.output
    assert "gratuitos" in shown, r.output
    for english in ("pathway #1", "Answer a step", "No course fits"):
        assert english not in shown, r.output
    assert "no course fits this profile yet" not in r.output, r.output
