"""The pathways skill through the API: profile, recommend, feedback, chat, erasure, metrics."""

from __future__ import annotations

from typing import Any

from tests.app.conftest import Api
from tests.pathways.conftest import BOTH, feedback, reads_languages


def _set_profile(api: Api, **changes: Any) -> dict[str, Any]:
    r = api.patch("/v1/users/me/profile", json=changes)
    assert r.status_code == 200, r.json
    return dict(r.json)


def test_every_pathways_route_needs_a_token(app: Any) -> None:
    client = app.test_client()
    for method, url in (
        ("post", "/v1/pathways/recommend"),
        ("post", "/v1/pathways/feedback"),
        ("get", "/v1/pathways/catalog"),
        ("get", "/v1/users/me/profile"),
        ("patch", "/v1/users/me/profile"),
        ("delete", "/v1/users/me"),
    ):
        r = getattr(client, method)(url, json={})
        assert r.status_code == 401, (method, url)
        assert r.json["code"] == "unauthorized"


def test_profile_round_trip_and_validation(api: Api) -> None:
    empty = api.get("/v1/users/me/profile").json
    assert empty["skills"] == []
    assert empty["updated_at"] is None
    body = _set_profile(
        api,
        skills=[{"skill": "excel_basics", "level": 2}, {"skill": "python_basics", "level": 1}],
        interests=["data"],
        region="Arequipa",
        hours_per_week=8,
        budget_pen=500,
        languages=["es", "en"],
        goal_role="data analyst",
    )
    assert body["skills"] == [
        {"skill": "excel_basics", "level": 2},
        {"skill": "python_basics", "level": 1},
    ]
    assert body["region"] == "Arequipa"
    assert body["budget_pen"] == 500
    assert api.get("/v1/users/me/profile").json == body
    for bad in (
        {"skills": [{"skill": "telepathy", "level": 2}]},
        {"region": "Atlantis"},
        {"goal_role": "astronaut"},
        {"hours_per_week": -3},
        {"budget_pen": -1},
        {"languages": ["fr"]},
        {"skills": [{"skill": "sql", "level": 9}]},
    ):
        r = api.patch("/v1/users/me/profile", json=bad)
        assert r.status_code == 422, bad
        assert r.json["code"] == "validation_error"
    assert _set_profile(api, budget_pen=None)["budget_pen"] is None
    # the roles a refused goal suggests are named in the request's language
    astronaut = {"goal_role": "astronaut"}
    english = api.patch("/v1/users/me/profile", json=astronaut).json["message"]
    spanish = api.patch("/v1/users/me/profile?lang=es", json=astronaut).json["message"]
    assert english.startswith("no role in the demand table matches 'astronaut': e.g. ")
    assert "asistente" in spanish
    assert not set(english.split(": e.g. ")[1].split(", ")) & set(spanish.split(", "))


def test_recommend_fits_the_profile_and_orders_prerequisites_first(api: Api) -> None:
    _set_profile(
        api,
        skills=[{"skill": "digital_literacy", "level": 2}],
        region="Lima",
        hours_per_week=10,
        budget_pen=1500,
        languages=["es"],
        goal_role="data analyst",
    )
    r = api.post("/v1/pathways/recommend", json={})
    assert r.status_code == 200, r.json
    body = r.json
    steps = body["steps"]
    assert steps
    assert body["recommendation_id"] >= 1
    assert all(s["language"] == "es" for s in steps)
    assert body["total_cost_pen"] <= 1500
    assert sum(s["cost_pen"] for s in steps) == body["total_cost_pen"]
    assert body["roles"][0]["role"] == "data analyst"
    assert body["roles"][0]["region"] == "Lima"
    known = {"digital_literacy"}
    for step in steps:  # every prerequisite is known or taught by an earlier step
        assert set(step["skills_required"]) <= known, step
        known |= set(step["skills_taught"])
        assert step["reason"].startswith(("teaches", "prerequisite for"))
    assert "data analyst" in body["explanation"]
    # overrides apply to this call only
    free = api.post("/v1/pathways/recommend", json={"budget_pen": 0}).json
    assert all(s["cost_pen"] == 0 for s in free["steps"])
    assert api.get("/v1/users/me/profile").json["budget_pen"] == 1500


def test_feedback_is_stored_and_rejected_courses_are_left_out(api: Api) -> None:
    # (knowing computer basics: rejecting the one course that teaches them would leave no path
    # towards the goal, and a path is never filled with courses of other trades)
    _set_profile(
        api,
        skills=[{"skill": "digital_literacy", "level": 2}],
        region="Lima",
        languages=["es", "en"],
        goal_role="junior web developer",
    )
    rec = api.post("/v1/pathways/recommend", json={}).json
    first = rec["steps"][0]["course_id"]
    r = feedback(api, rec["recommendation_id"], first, "rejected")
    assert r.json["action"] == "rejected"
    again = api.post("/v1/pathways/recommend", json={}).json
    assert first not in [s["course_id"] for s in again["steps"]]
    # the latest answer wins; a course not in the recommendation, or someone else's, is refused
    course = again["steps"][0]["course_id"]
    for action in ("accepted", "completed"):
        r = feedback(api, again["recommendation_id"], course, action)
    r = api.post(
        "/v1/pathways/feedback",
        json={
            "recommendation_id": again["recommendation_id"],
            "course_id": "C999",
            "action": "accepted",
        },
    )
    assert r.status_code == 422
    r = api.post(
        "/v1/pathways/feedback",
        json={"recommendation_id": 424242, "course_id": course, "action": "accepted"},
    )
    assert r.status_code == 404
    assert r.json["code"] == "not_found"
    # found by an independent tester: a completed course came back as step 1 of the next path
    third = api.post("/v1/pathways/recommend", json={}).json
    assert course not in [s["course_id"] for s in third["steps"]]


def test_chat_learning_path_reads_the_profile_from_the_message(app: Any, api: Api) -> None:
    """The skill itself, on a turn the intent model labelled learning_path."""
    reads_languages(api, BOTH)  # an English-locale learner who reads Spanish too
    from datetime import UTC, datetime

    from app import db
    from app.db.tables import Conversation, User
    from app.skills.base import Turn
    from app.skills.learning_path import LearningPath

    with app.test_request_context():
        session = db.session()
        user = session.get(User, api.user_id)
        conversation = Conversation(user_id=user.id, state={})
        session.add(conversation)
        session.flush()
        text = (
            "I know Excel at an intermediate level and a little Python, I want a data job in "
            "Arequipa, 6 hours a week"
        )
        reply = LearningPath().handle(
            Turn(
                text,
                "learning_path",
                0.9,
                "learning_path",
                user,
                conversation,
                session,
                datetime.now(UTC),
            )
        )
    assert reply.data["available"] is True
    assert reply.data["profile_update"] == {
        "skills": {"excel_basics": 2, "python_basics": 1},
        "goal_role": "data analyst",
        "region": "Arequipa",
        "hours_per_week": 6.0,
    }
    assert reply.data["pathway"]["steps"]
    assert "1. " in reply.text
    assert "data analyst" in reply.text
    profile = api.get("/v1/users/me/profile").json
    assert profile["goal_role"] == "data analyst"
    assert profile["region"] == "Arequipa"


def test_chat_endpoint_answers_a_pathway_request(api: Api) -> None:
    reads_languages(api, BOTH)  # an English-locale learner who reads Spanish too
    body = api.chat("recommend me courses to get a job as a data analyst")
    if body["intent"] == "learning_path":
        assert body["skill"] == "learning_path"
        assert body["data"]["available"] is True
        assert body["data"]["pathway"]["steps"]


def test_chat_feedback_takes_a_corrected_intent(api: Api) -> None:
    turn = api.chat("what courses should I take to become an electrician")
    r = api.post(
        "/v1/feedback",
        json={
            "message_id": turn["message_id"],
            "rating": "down",
            "corrected_intent": "learning_path",
        },
    )
    assert r.status_code == 201
    assert r.json["corrected_intent"] == "learning_path"
    r = api.post(
        "/v1/feedback",
        json={
            "message_id": turn["message_id"],
            "rating": "down",
            "corrected_intent": "no_such_intent",
        },
    )
    assert r.status_code == 422


def test_delete_me_erases_everything_personal(app: Any, api: Api) -> None:
    reads_languages(api, BOTH)  # an English-locale learner who reads Spanish too
    from sqlalchemy import func, select
    from sqlalchemy.orm import Session

    from app.db import engine_of
    from app.db import tables as t

    _set_profile(api, goal_role="cook", region="Cusco")
    rec = api.post("/v1/pathways/recommend", json={}).json
    api.post(
        "/v1/pathways/feedback",
        json={
            "recommendation_id": rec["recommendation_id"],
            "course_id": rec["steps"][0]["course_id"],
            "action": "accepted",
        },
    )
    turn = api.chat("remind me to study at 6pm")
    api.post("/v1/feedback", json={"message_id": turn["message_id"], "rating": "up"})
    assert api.delete("/v1/users/me").status_code == 204
    assert api.get("/v1/users/me/profile").status_code == 401  # the token went with the user
    with Session(engine_of(app)) as s:
        for table in (
            t.User,
            t.Token,
            t.LearnerProfile,
            t.PathwayRecommendation,
            t.PathwayFeedback,
            t.Feedback,
            t.Conversation,
            t.Message,
            t.Reminder,
        ):
            assert s.scalar(select(func.count()).select_from(table)) == 0, table.__tablename__
        assert (
            s.scalar(
                select(func.count())
                .select_from(t.RequestLog)
                .where(t.RequestLog.user_id == api.user_id)
            )
            == 0
        )


def test_metrics_count_recommendations_and_feedback(app: Any, api: Api) -> None:
    reads_languages(api, BOTH)  # an English-locale learner who reads Spanish too
    _set_profile(api, goal_role="electrician", region="Arequipa")
    rec = api.post("/v1/pathways/recommend", json={}).json
    api.post(
        "/v1/pathways/feedback",
        json={
            "recommendation_id": rec["recommendation_id"],
            "course_id": rec["steps"][0]["course_id"],
            "action": "completed",
        },
    )
    turn = api.chat("hello")
    api.post("/v1/feedback", json={"message_id": turn["message_id"], "rating": "up"})
    text = app.test_client().get("/metrics").get_data(as_text=True)
    assert "slipway_recommendations_total " in text
    assert 'slipway_pathway_feedback_total{action="completed"}' in text
    assert 'slipway_feedback_total{rating="up"}' in text


def test_without_a_ranker_the_api_says_so(
    trained: Any, release_file: Any, database_url: str
) -> None:
    from app import create_app
    from app.settings import AppSettings
    from tests.app.conftest import make_user

    _, _, folder = trained
    application = create_app(
        AppSettings(
            release_file=release_file, model_path=folder, database_url=database_url, redis_url=None
        )
    )
    token, _ = make_user(application, "nadie")
    client = application.test_client()
    r = client.post("/v1/pathways/recommend", json={}, headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 503
    assert r.json["code"] == "ranker_unavailable"


def test_pathways_page_and_terminal_display(app: Any, api: Api) -> None:
    from app import cli as service_cli

    page = app.test_client().get("/pathways")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="nav-pathways"' in html
    assert "pathways.js" in html
    assert 'id="profile-form"' in html
    assert app.test_client().get("/static/pathways.js").status_code == 200
    api.patch("/v1/users/me/profile", json={"goal_role": "data analyst", "languages": ["es", "en"]})
    rec = api.post("/v1/pathways/recommend", json={}).json
    with service_cli.out.capture() as captured:
        service_cli.show_pathway(rec)
    text = captured.get()
    assert f"pathway #{rec['recommendation_id']}" in text
    assert "/accept N" in text
    assert rec["steps"][0]["course_id"] in text


def test_import_is_idempotent_and_respects_since(
    app: Any, api: Api, database_url: str, small_data: Any, tmp_path: Any
) -> None:
    reads_languages(api, BOTH)  # an English-locale learner who reads Spanish too
    import shutil
    from datetime import UTC, datetime, timedelta

    from pipelines.feedback_export import export_feedback
    from tests.conftest import ROOT

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "intents", data / "intents")
    shutil.copytree(small_data / "pathways", data / "pathways")
    api.patch("/v1/users/me/profile", json={"goal_role": "welder", "region": "Arequipa"})
    rec = api.post("/v1/pathways/recommend", json={}).json
    api.post(
        "/v1/pathways/feedback",
        json={
            "recommendation_id": rec["recommendation_id"],
            "course_id": rec["steps"][0]["course_id"],
            "action": "accepted",
        },
    )
    turn = api.chat("show me a course plan to become a welder")
    api.post(
        "/v1/feedback",
        json={
            "message_id": turn["message_id"],
            "rating": "down",
            "corrected_intent": "learning_path",
        },
    )
    future = datetime.now(UTC) + timedelta(days=1)
    nothing = export_feedback(database_url, data, since=future)
    assert (nothing.examples, nothing.profiles, nothing.changed_files) == ([], [], [])
    first = export_feedback(database_url, data)
    assert len(first.profiles) == 1
    assert len(first.examples) == 1
    snapshot = {p.name: p.read_text() for p in (data / "pathways").glob("*.csv")} | {
        "train": (data / "intents" / "train.jsonl").read_text()
    }
    again = export_feedback(database_url, data)
    assert again.examples == []
    assert again.skipped_known == 1
    after = {p.name: p.read_text() for p in (data / "pathways").glob("*.csv")} | {
        "train": (data / "intents" / "train.jsonl").read_text()
    }
    assert after == snapshot  # the same learner is replaced by the same rows, not duplicated
