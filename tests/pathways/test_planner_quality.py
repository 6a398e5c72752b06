"""Five problems an independent tester found in the pathway planner, each in English and Spanish:
a budget of 0 listed courses unrelated to the goal with "0 %" reasons; every identical recommend
call (every visit of /pathways) stored a new recommendation; a skill named twice kept the last
level silently; a region had to be spelled exactly as the catalog does; the role stayed in English
in Spanish replies."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from models.ranker import Profile, Ranker, build_pathway
from tests.app.conftest import Api
from tests.pathways.conftest import BOTH, feedback, reads_languages

ZERO_PERCENT = re.compile(r"(?<![\d.,])0\s?%")


@pytest.fixture(scope="module")
def ranker(ranker_folder: Path) -> Ranker:
    return Ranker.load(ranker_folder)


def _set_profile(api: Api, **changes: Any) -> dict[str, Any]:
    r = api.patch("/v1/users/me/profile", json=changes)
    assert r.status_code == 200, r.json
    return dict(r.json)


def _recommend(api: Api, lang: str = "en", **overrides: Any) -> dict[str, Any]:
    r = api.post(f"/v1/pathways/recommend?lang={lang}", json=overrides)
    assert r.status_code == 200, r.json
    return dict(r.json)


def _skill_turn(app: Any, api: Api, text: str, lang: str, pending: dict[str, Any] | None = None):  # type: ignore[no-untyped-def]
    """The learning_path skill on one message in ``lang`` (``pending``: resume that question)."""
    from app import db
    from app.db.tables import Conversation, User
    from app.i18n import reply_locale
    from app.skills.base import Turn
    from app.skills.learning_path import LearningPath

    with app.test_request_context(), reply_locale(lang):
        session = db.session()
        user = session.get(User, api.user_id)
        assert user is not None
        conversation = Conversation(user_id=user.id, state={})
        session.add(conversation)
        session.flush()
        turn = Turn(
            text,
            "learning_path",
            0.9,
            "learning_path",
            user,
            conversation,
            session,
            datetime.now(UTC),
            lang=lang,
        )
        skill = LearningPath()
        reply = skill.resume(turn, pending) if pending is not None else skill.handle(turn)
        session.commit()
        return reply


def _recommendation_rows(app: Any) -> int:
    from sqlalchemy import func, select
    from sqlalchemy.orm import Session

    from app.db import engine_of
    from app.db.tables import PathwayRecommendation

    with Session(engine_of(app)) as s:
        return int(s.scalar(select(func.count()).select_from(PathwayRecommendation)) or 0)


# -- 1. a budget of 0 -----------------------------------------------------------------------------
def test_budget_zero_never_fills_the_path_with_unrelated_courses(ranker: Ranker) -> None:
    """Nothing that teaches a Lima data analyst's skills is free: no step, rather than free
    courses of other trades; a goal with free courses gets those courses, and only those."""
    from app.pathways import explain

    nothing = Profile(budget_pen=0, goal_role="data analyst", languages=["es", "en"])
    path = build_pathway(ranker, nothing, max_steps=5)
    assert path.steps == []
    assert path.cheapest_fit_pen is not None
    assert path.cheapest_fit_pen > 0
    free = Profile(budget_pen=0, goal_role="customer service agent", languages=["es", "en"])
    path = build_pathway(ranker, free, max_steps=5)
    assert path.steps
    assert all(s.course.cost_pen == 0 for s in path.steps)
    explain(ranker.catalog, free, path, 5)
    for step in path.steps:
        assert "customer service agent" in step.reason, step.reason
        assert not ZERO_PERCENT.search(step.reason), step.reason


@pytest.mark.parametrize(
    ("lang", "role", "says"),
    [
        ("en", "data analyst", "is free"),
        ("es", "analista de datos", "es gratuito"),
    ],
)
def test_budget_zero_through_the_api_says_nothing_fits(
    api: Api, lang: str, role: str, says: str
) -> None:
    _set_profile(api, goal_role="data analyst", region="Lima", languages=["es", "en"])
    body = _recommend(api, lang, budget_pen=0)
    # the free first steps are the path (h229: it was left empty); the notes say that no
    # course of the goal is free, and what the cheapest costs
    assert [s["course_id"] for s in body["steps"]] == ["C001"], body["steps"]
    assert body["total_cost_pen"] == 0
    note = body["notes"][0]
    assert role in note, body["notes"]
    assert says in note, body["notes"]
    assert re.search(r"S/ [1-9]", note), note  # what the cheapest course would cost
    assert note in body["explanation"]
    assert not ZERO_PERCENT.search(body["explanation"])
    # the same with a small budget: it is named
    small = _recommend(api, lang, budget_pen=50)
    assert all(s["cost_pen"] == 0 for s in small["steps"]), small["steps"]
    assert "S/ 50" in small["notes"][0], small["notes"]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_budget_zero_with_free_courses_for_the_goal(api: Api, lang: str) -> None:
    from app.i18n import reply_locale
    from app.pathways import role_label

    _set_profile(api, goal_role="customer service agent", region="Lima", languages=["es", "en"])
    body = _recommend(api, lang, budget_pen=0)
    assert body["steps"]
    with reply_locale(lang):
        role = role_label("customer service agent")
    for step in body["steps"]:
        assert step["cost_pen"] == 0
        assert role in step["reason"], step["reason"]
        assert not ZERO_PERCENT.search(step["reason"]), step["reason"]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_no_goal_and_no_budget_gives_no_zero_percent_reason(api: Api, lang: str) -> None:
    for region in ("Lima", "Cusco", "Lambayeque", "Junin"):
        _set_profile(api, region=region, goal_role=None, languages=["es", "en"])
        body = _recommend(api, lang, budget_pen=0)
        for step in body["steps"]:
            assert not ZERO_PERCENT.search(step["reason"]), (region, step["reason"])


@pytest.mark.parametrize(
    ("text", "lang", "heard", "nothing"),
    [
        (
            "my budget is 0, I want to be a data analyst",
            "en",
            "free courses only",
            "None of the courses that teach what data analyst jobs ask for",
        ),
        (
            "no tengo presupuesto, quiero ser analista de datos",
            "es",
            "solo cursos gratuitos",
            "Ninguno de los cursos que enseñan lo que piden los puestos de analista de datos",
        ),
    ],
)
def test_budget_zero_in_chat(
    app: Any, api: Api, text: str, lang: str, heard: str, nothing: str
) -> None:
    _set_profile(api, region="Lima", languages=["es", "en"])
    reply = _skill_turn(app, api, text, lang)
    assert reply.data["profile_update"]["budget_pen"] == 0.0
    assert api.get("/v1/users/me/profile").json["budget_pen"] == 0.0
    assert heard in reply.text
    assert nothing in reply.text, reply.text
    # the free first steps are the path (h229: it was left empty)
    assert all(s["cost_pen"] == 0 for s in reply.data["pathway"]["steps"])
    assert reply.data["pathway"]["steps"], reply.text
    assert not ZERO_PERCENT.search(reply.text)


@pytest.mark.parametrize(
    ("text", "budget"),
    [
        ("my budget is 0", 0.0),
        ("My budget is 300", 300.0),
        ("I have no budget", 0.0),
        ("budget: 250 soles", 250.0),
        ("no tengo presupuesto", 0.0),
        ("sin presupuesto", 0.0),
        ("mi presupuesto es de 400", 400.0),
        ("no tengo dinero", 0.0),
        ("up to S/ 500", 500.0),
    ],
)
def test_budgets_said_in_a_message(ranker: Ranker, text: str, budget: float) -> None:
    from app.pathways import read_message

    assert read_message(ranker.catalog, text)["budget_pen"] == budget


# -- 2. the same recommendation is not stored again -----------------------------------------------
def test_an_identical_recommend_call_reuses_the_latest_recommendation(app: Any, api: Api) -> None:
    _set_profile(api, goal_role="junior web developer", region="Lima", languages=["es", "en"])
    first = _recommend(api)
    for _ in range(3):  # what every visit of /pathways does
        again = _recommend(api)
        assert again["recommendation_id"] == first["recommendation_id"]
        assert [s["course_id"] for s in again["steps"]] == [s["course_id"] for s in first["steps"]]
    assert _recommendation_rows(app) == 1
    # the answer's language is not an input of the recommendation
    assert _recommend(api, "es")["recommendation_id"] == first["recommendation_id"]
    # a profile saved unchanged (the page's "Save and recommend") changes nothing either
    _set_profile(api, goal_role="junior web developer", region="Lima", languages=["es", "en"])
    assert _recommend(api)["recommendation_id"] == first["recommendation_id"]
    assert _recommendation_rows(app) == 1


def test_a_changed_input_stores_a_new_recommendation_and_old_feedback_stays(
    app: Any, api: Api
) -> None:
    _set_profile(api, goal_role="junior web developer", region="Lima", languages=["es", "en"])
    first = _recommend(api)
    course = first["steps"][0]["course_id"]
    feedback(api, first["recommendation_id"], course, "accepted")
    # feedback that leaves the path as it was keeps the recommendation (and shows the answer)
    kept = _recommend(api)
    assert kept["recommendation_id"] == first["recommendation_id"]
    assert kept["feedback"] == {course: "accepted"}
    # an override is an input: a new recommendation; the same override again reuses it
    override = _recommend(api, hours_per_week=12)
    assert override["recommendation_id"] != first["recommendation_id"]
    assert course in [s["course_id"] for s in override["steps"]]
    assert override["feedback"] == {course: "accepted"}  # the answer follows the course
    assert _recommend(api, hours_per_week=12)["recommendation_id"] == override["recommendation_id"]
    # a changed profile: a new one; the older one still takes feedback, and keeps what it had
    _set_profile(api, hours_per_week=15)
    changed = _recommend(api)
    assert changed["recommendation_id"] not in (
        first["recommendation_id"],
        override["recommendation_id"],
    )
    feedback(api, first["recommendation_id"], first["steps"][1]["course_id"], "rejected")
    # the rejection changes the next path: a new recommendation without that course
    after = _recommend(api)
    assert after["recommendation_id"] != changed["recommendation_id"]
    assert first["steps"][1]["course_id"] not in [s["course_id"] for s in after["steps"]]
    assert _recommendation_rows(app) == 4

    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from app.db import engine_of
    from app.db.tables import PathwayFeedback

    with Session(engine_of(app)) as s:
        rows = {
            (f.recommendation_id, f.course_id, f.action) for f in s.scalars(select(PathwayFeedback))
        }
    assert rows == {
        (first["recommendation_id"], course, "accepted"),
        (first["recommendation_id"], first["steps"][1]["course_id"], "rejected"),
    }


# -- 3. a skill named twice -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "says"),
    [("en", "is listed more than once"), ("es", "aparece más de una vez")],
)
def test_a_skill_listed_twice_is_refused(api: Api, lang: str, says: str) -> None:
    _set_profile(api, skills=[{"skill": "sql", "level": 2}])
    for skills in (
        [{"skill": "Excel", "level": 1}, {"skill": "excel_basics", "level": 3}],
        [{"skill": "python_basics", "level": 2}, {"skill": "Python", "level": 2}],
        [{"skill": "Excel avanzado", "level": 1}, {"skill": "ADVANCED EXCEL", "level": 3}],
    ):
        for method, url in (
            ("patch", "/v1/users/me/profile"),
            ("post", "/v1/pathways/recommend"),
        ):
            r = getattr(api, method)(f"{url}?lang={lang}", json={"skills": skills})
            assert r.status_code == 422, (url, skills, r.json)
            assert r.json["code"] == "duplicate_skill"
            assert says in r.json["message"], r.json
            assert re.search(r"excel_basics|python_basics|excel_advanced", r.json["message"])
    assert api.get("/v1/users/me/profile").json["skills"] == [{"skill": "sql", "level": 2}]


@pytest.mark.parametrize(
    ("text", "lang", "answer", "asks"),
    [
        (
            "I know a little Python and I'm an expert in Python, I want a data job",
            "en",
            "expert",
            "two different levels for Python",
        ),
        (
            "sé un poco de Python y soy experto en Python, quiero ser analista de datos",
            "es",
            "experto",
            "dos niveles distintos de Python",
        ),
    ],
)
def test_a_skill_said_twice_in_chat_is_asked_about(
    app: Any, api: Api, text: str, lang: str, answer: str, asks: str
) -> None:
    reads_languages(api, BOTH)  # an English-locale learner who reads Spanish too
    _set_profile(api, skills=[{"skill": "sql", "level": 2}])
    reply = _skill_turn(app, api, text, lang)
    assert asks in reply.text, reply.text
    assert reply.pending is not None
    assert reply.pending["skill"] == "learning_path"
    assert "pathway" not in reply.data
    profile = api.get("/v1/users/me/profile").json
    assert profile["skills"] == [{"skill": "sql", "level": 2}]  # nothing stored for Python yet
    assert profile["goal_role"] == "data analyst"  # what was clear is kept
    # an answer that is not a level: asked again (None lets the dialogue repeat the question)
    assert _skill_turn(app, api, "what?", lang, reply.pending) is None
    done = _skill_turn(app, api, answer, lang, reply.pending)
    assert done is not None
    assert done.pending is None
    assert done.data["pathway"]["steps"]
    skills = {s["skill"]: s["level"] for s in api.get("/v1/users/me/profile").json["skills"]}
    assert skills == {"sql": 2, "python_basics": 3}


def test_a_skill_said_twice_in_chat_through_the_dialogue(api: Api) -> None:
    reads_languages(api, BOTH)  # an English-locale learner who reads Spanish too
    first = api.chat("I know a little Python and I'm an expert in Python, I want a data job")
    assert first["skill"] == "learning_path", first
    assert "two different levels for Python" in first["reply"]
    second = api.chat("a little", first["conversation_id"])
    assert second["skill"] == "learning_path", second
    assert second["data"]["pathway"]["steps"]
    skills = {s["skill"]: s["level"] for s in api.get("/v1/users/me/profile").json["skills"]}
    assert skills == {"python_basics": 1}


def test_a_level_not_said_keeps_the_level_stored(app: Any, api: Api) -> None:
    """ "I know Excel" says no level: an expert stays an expert (a stated level still changes)."""
    _set_profile(api, skills=[{"skill": "excel_basics", "level": 3}])
    reply = _skill_turn(app, api, "I know Excel, I want to be a data analyst", "en")
    assert reply.data["profile_update"]["skills"] == {"excel_basics": 3}
    assert "Excel (level 3)" in reply.text
    _skill_turn(app, api, "I know a little Excel", "en")
    assert api.get("/v1/users/me/profile").json["skills"] == [{"skill": "excel_basics", "level": 1}]


# -- 4. regions as people spell them -------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Junín", "Junin"),
        ("junin", "Junin"),
        ("JUNÍN", "Junin"),
        ("LIMA", "Lima"),
        ("la libertad", "La Libertad"),
        ("  La   Libertad ", "La Libertad"),
        ("Cuzco", "Cusco"),
        ("Región Arequipa", "Arequipa"),
        ("departamento de Piura", "Piura"),
        ("Lima Metropolitana", "Lima"),
        ("Piura, Perú", "Piura"),
    ],
)
def test_a_region_is_read_as_people_spell_it(api: Api, typed: str, stored: str) -> None:
    assert _set_profile(api, region=typed)["region"] == stored
    assert _recommend(api, region=typed)["profile"]["region"] == stored


@pytest.mark.parametrize(
    ("lang", "says"),
    [
        ("en", "unknown region 'Atlantis': use one of"),
        ("es", "región desconocida 'Atlantis': usa una de"),
    ],
)
def test_an_unknown_region_lists_the_known_ones(api: Api, lang: str, says: str) -> None:
    _set_profile(api, region="Cusco")
    for method, url in (("patch", "/v1/users/me/profile"), ("post", "/v1/pathways/recommend")):
        r = getattr(api, method)(f"{url}?lang={lang}", json={"region": "Atlantis"})
        assert r.status_code == 422
        assert r.json["code"] == "validation_error"
        assert says in r.json["message"], r.json
        assert "Junin" in r.json["message"]
        assert "La Libertad" in r.json["message"]
    assert api.get("/v1/users/me/profile").json["region"] == "Cusco"


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("vivo en Junín y quiero ser mecánico", "Junin"),
        ("I live in la libertad and want to be a welder", "La Libertad"),
        ("estoy en CUZCO, quiero ser guía de turismo", "Cusco"),
        ("I am in LIMA", "Lima"),
    ],
)
def test_a_region_said_in_a_message(ranker: Ranker, text: str, region: str) -> None:
    from app.pathways import read_message

    assert read_message(ranker.catalog, text)["region"] == region


# -- 5. roles and skills by their names in the reply's language -----------------------------------
@pytest.mark.parametrize(
    ("text", "lang", "names", "not_named"),
    [
        (
            "I know customer service at an intermediate level and a little Excel, I want to be a "
            "welder in Arequipa",
            "en",
            ("your goal is welder", "Customer service (level 2)"),
            ("soldador",),
        ),
        (
            "Sé atención al cliente a nivel intermedio y un poco de Excel, quiero ser soldador en "
            "Arequipa",
            "es",
            ("tu objetivo es soldador", "Atención al cliente (nivel 2)"),
            ("welder", "customer service", "customer_service"),
        ),
    ],
)
def test_chat_names_roles_and_skills_in_the_reply_language(
    app: Any, api: Api, text: str, lang: str, names: tuple[str, ...], not_named: tuple[str, ...]
) -> None:
    reply = _skill_turn(app, api, text, lang)
    for name in names:
        assert name in reply.text, reply.text
    for name in not_named:
        assert name not in reply.text, reply.text


@pytest.mark.parametrize(
    ("lang", "role", "other"),
    [("en", "welder", "soldador"), ("es", "soldador", "welder")],
)
def test_the_api_names_the_role_in_the_request_language(
    api: Api, lang: str, role: str, other: str
) -> None:
    _set_profile(api, goal_role="welder", region="Arequipa", languages=["es", "en"])
    body = _recommend(api, lang)
    assert body["roles"][0]["role"] == "welder"  # the id stays the catalog's
    assert body["roles"][0]["role_name"] == role
    assert role in body["explanation"]
    assert other not in body["explanation"], body["explanation"]
    for step in body["steps"]:
        assert role in step["reason"], step["reason"]
        assert other not in step["reason"], step["reason"]
    for note in body["notes"]:
        assert other not in note, note
