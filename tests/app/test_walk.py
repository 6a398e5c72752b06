"""One walk over every route of the assistant, on SQLite and on Postgres: the other API tests
run on SQLite only unless SQL behaviour decides (``both_databases``), so this is where each
route is seen answering from Postgres at least once. A new route fails the walk until it is
added here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import request

from tests.app.conftest import Api, make_user


@pytest.fixture
def walked_app(app_settings: Any, pathways_release: Path, ranker_folder: Path) -> Iterator[Any]:
    """The app with every feature on (the intent model and the pathway ranker)."""
    from app import create_app
    from app.db import engine_of

    settings = app_settings.model_copy(
        update={"release_file": pathways_release, "ranker_path": ranker_folder}
    )
    application = create_app(settings)
    yield application
    engine_of(application).dispose()


@pytest.mark.both_databases
def test_every_route_answers(walked_app: Any) -> None:
    seen: set[tuple[str, str]] = set()

    @walked_app.after_request
    def _record(response: Any) -> Any:
        if request.url_rule is not None:
            seen.add((request.method, request.url_rule.rule))
        return response

    client = walked_app.test_client()
    token, user_id = make_user(walked_app, "walker", "America/Lima")
    api = Api(client, token, user_id, "walker")

    def ok(response: Any, status: int = 200) -> Any:
        assert response.status_code == status, (response.request.path, response.get_data()[:300])
        return response

    for url in ("/healthz", "/readyz", "/metrics", "/openapi.json", "/docs", "/"):
        ok(client.get(url))
    for url in ("/schedule", "/pathways", "/docs/assets/swagger-ui.css", "/docs/oauth2-redirect"):
        ok(client.get(url))
    ok(client.get("/favicon.ico"))
    ok(api.get("/v1/info"))
    ok(api.post("/v1/intent", json={"text": "remind me to call mom at 5pm"}))

    reply = api.chat("book a meeting with Rosa tomorrow at 3pm")
    cid = reply["conversation_id"]
    api.chat("yes", conversation_id=cid)
    stream = ok(api.post("/v1/chat/stream", json={"message": "hello", "conversation_id": cid}))
    assert "event: done" in stream.get_data(as_text=True)
    ok(api.get("/v1/conversations"))
    assert ok(api.get(f"/v1/conversations/{cid}")).json["messages"]
    ok(api.post("/v1/feedback", json={"message_id": reply["message_id"], "rating": "up"}), 201)

    bodies = {
        "meetings": (
            {"title": "Sync", "attendee": "Rosa", "starts_at": "2031-03-04T15:00:00"},
            {"title": "Sync (moved)"},
        ),
        "reminders": ({"text": "call mom", "due_at": "2031-03-04T09:30:00"}, {"done": True}),
        "todos": ({"text": "buy paper"}, {"done": True}),
    }
    for resource, (create, patch) in bodies.items():
        item = ok(api.post(f"/v1/{resource}", json=create), 201).json
        ok(api.get(f"/v1/{resource}"))
        ok(api.get(f"/v1/{resource}/{item['id']}"))
        ok(api.patch(f"/v1/{resource}/{item['id']}", json=patch))
        ok(api.delete(f"/v1/{resource}/{item['id']}"), 204)

    ok(api.get("/v1/users/me"))
    ok(api.patch("/v1/users/me", json={"locale": "es-PE"}))
    ok(api.get("/v1/users/me/profile"))
    profile = {
        "skills": [{"skill": "digital_literacy", "level": 2}],
        "region": "Lima",
        "hours_per_week": 10,
        "languages": ["es"],
        "goal_role": "data analyst",
    }
    ok(api.patch("/v1/users/me/profile", json=profile))
    ok(api.get("/v1/pathways/catalog"))
    rec = ok(api.post("/v1/pathways/recommend", json={})).json
    feedback = {
        "recommendation_id": rec["recommendation_id"],
        "course_id": rec["steps"][0]["course_id"],
        "action": "accepted",
    }
    ok(api.post("/v1/pathways/feedback", json=feedback), 201)
    ok(api.delete("/v1/users/me"), 204)
    assert api.get("/v1/users/me").status_code == 401

    routes = {
        (method, rule.rule)
        for rule in walked_app.url_map.iter_rules()
        if rule.endpoint != "static" and not rule.rule.startswith("/static")
        for method in rule.methods or ()
        if method not in {"HEAD", "OPTIONS"}
    }
    assert routes - seen == set(), "routes the walk does not visit yet"
