"""Tokens, users, feedback, rate limits and the error contract of the assistant's routes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.app.conftest import Api, make_user

PRIVATE = [
    ("post", "/v1/chat"),
    ("get", "/v1/conversations/1"),
    ("get", "/v1/meetings"),
    ("post", "/v1/meetings"),
    ("get", "/v1/reminders"),
    ("get", "/v1/todos"),
    ("patch", "/v1/todos/1"),
    ("get", "/v1/users/me"),
    ("patch", "/v1/users/me"),
    ("post", "/v1/feedback"),
]


@pytest.mark.parametrize(("method", "url"), PRIVATE)
def test_private_routes_need_a_token(client: Any, method: str, url: str) -> None:
    r = getattr(client, method)(url, json={})
    assert r.status_code == 401
    assert r.json["code"] == "unauthorized"
    assert r.headers["WWW-Authenticate"].startswith("Bearer")
    r = getattr(client, method)(url, json={}, headers={"Authorization": "Bearer slw_nope"})
    assert r.status_code == 401
    assert r.json["code"] == "invalid_token"


@pytest.mark.parametrize(
    "url",
    ["/healthz", "/readyz", "/metrics", "/openapi.json", "/docs", "/", "/schedule", "/favicon.ico"],
)
def test_public_routes(client: Any, url: str) -> None:
    assert client.get(url).status_code == 200


@pytest.mark.both_databases
def test_tokens_are_stored_hashed(app: Any) -> None:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from app.auth import hash_token
    from app.db import engine_of
    from app.db.tables import Token

    token, user_id = make_user(app, "carla")
    with Session(engine_of(app)) as session:
        rows = session.scalars(select(Token).where(Token.user_id == user_id)).all()
    assert len(rows) == 1
    assert rows[0].token_hash == hash_token(token)
    assert token not in {rows[0].token_hash, rows[0].prefix}


@pytest.mark.both_databases
def test_users_me(api: Api) -> None:
    me = api.get("/v1/users/me").json
    assert me["name"] == "ana"
    assert me["timezone"] == "America/Lima"
    r = api.patch("/v1/users/me", json={"timezone": "Europe/Madrid", "locale": "es-PE"})
    assert r.status_code == 200
    assert (r.json["timezone"], r.json["locale"]) == ("Europe/Madrid", "es-PE")
    for bad in (
        {"timezone": "Mars/Olympus"},
        {"locale": "english!"},
        {"name": "x"},
        {"timezone": 3},
    ):
        r = api.patch("/v1/users/me", json=bad)
        assert r.status_code == 422, bad
        assert r.json["code"] == "validation_error"


@pytest.mark.both_databases
def test_feedback(api: Api, app: Any) -> None:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from app.db import engine_of
    from app.db.tables import Feedback

    r = api.chat("tell me a joke")
    fb = api.post("/v1/feedback", json={"message_id": r["message_id"], "rating": "up"})
    assert fb.status_code == 201
    again = api.post(
        "/v1/feedback", json={"message_id": r["message_id"], "rating": "down", "comment": "old one"}
    )
    assert again.json["id"] == fb.json["id"]
    with Session(engine_of(app)) as session:
        rows = session.scalars(select(Feedback)).all()
    assert [(x.rating, x.comment) for x in rows] == [("down", "old one")]
    for bad in (
        {"message_id": r["message_id"], "rating": "meh"},
        {"message_id": str(r["message_id"]), "rating": "up"},
        {"rating": "up"},
    ):
        assert api.post("/v1/feedback", json=bad).status_code == 422
    assert api.post("/v1/feedback", json={"message_id": 10**6, "rating": "up"}).status_code == 404
    user_message = r["message_id"] - 1
    assert (
        api.post("/v1/feedback", json={"message_id": user_message, "rating": "up"}).status_code
        == 422
    )


_JSON = "application/json"
_HUGE = '{"message": "' + "a" * 70_000 + '"}'
CHAT_BAD = [
    ("missing message", {"json": {}}, 422, "validation_error"),
    ("empty message", {"json": {"message": ""}}, 422, "validation_error"),
    ("blank message", {"json": {"message": " \t\n"}}, 422, "validation_error"),
    ("too long", {"json": {"message": "a" * 501}}, 422, "validation_error"),
    ("wrong type", {"json": {"message": ["hi"]}}, 422, "validation_error"),
    ("string id", {"json": {"message": "hi", "conversation_id": "1"}}, 422, "validation_error"),
    ("unknown id", {"json": {"message": "hi", "conversation_id": 987654}}, 404, "not_found"),
    ("huge id", {"json": {"message": "hi", "conversation_id": 10**30}}, 404, "not_found"),
    ("nul byte", {"json": {"message": "hi\x00there"}}, 422, "validation_error"),
    ("array body", {"json": ["hi"]}, 400, "malformed_json"),
    ("malformed json", {"data": '{"message": ', "content_type": _JSON}, 400, "malformed_json"),
    (
        "form body",
        {"data": "message=hi", "content_type": "application/x-www-form-urlencoded"},
        415,
        "unsupported_media_type",
    ),
    ("huge body", {"data": _HUGE, "content_type": _JSON}, 413, "payload_too_large"),
]


@pytest.mark.both_databases
@pytest.mark.parametrize(
    ("case", "kwargs", "status", "code"), CHAT_BAD, ids=[c[0] for c in CHAT_BAD]
)
def test_bad_chat_input_is_a_json_4xx(
    api: Api, case: str, kwargs: dict[str, Any], status: int, code: str
) -> None:
    r = api.post("/v1/chat", **kwargs)
    assert r.status_code == status, r.json
    assert r.json["code"] == code
    assert r.json["message"]


@pytest.mark.both_databases
@pytest.mark.parametrize(
    "message", ["¿Qué hora es? 🙂", "日本語のテキスト", "\u202e\u200b", "😀" * 400, "x"]
)
def test_odd_unicode_is_answered(api: Api, message: str) -> None:
    r = api.post("/v1/chat", json={"message": message})
    assert r.status_code == 200
    assert r.json["reply"]


def test_openapi_lists_every_route_with_bearer_security(client: Any) -> None:
    spec = client.get("/openapi.json").json
    paths = spec["paths"]
    expected = [
        "/v1/chat",
        "/v1/conversations/{conversation_id}",
        "/v1/meetings",
        "/v1/meetings/{meeting_id}",
        "/v1/reminders",
        "/v1/todos/{todo_id}",
        "/v1/users/me",
        "/v1/feedback",
    ]
    for path in expected:
        assert path in paths, path
    assert spec["components"]["securitySchemes"]["BearerAuth"]["scheme"] == "bearer"
    assert paths["/v1/chat"]["post"]["security"] == [{"BearerAuth": []}]
    assert "security" not in paths["/healthz"]["get"]
    ids = [
        op["operationId"] for ops in paths.values() for op in ops.values() if isinstance(op, dict)
    ]
    assert len(ids) == len(set(ids))


def test_swagger_ui_is_served_without_a_cdn(client: Any) -> None:
    page = client.get("/docs").get_data(as_text=True)
    assert "cdn.jsdelivr" not in page
    assert "/docs/assets/swagger-ui-bundle.js" in page
    r = client.get("/docs/assets/swagger-ui-bundle.js")
    assert r.status_code == 200
    assert len(r.data) > 100_000
    assert client.get("/docs/assets/../../etc/passwd").status_code == 404


def test_pages_and_docs_load_nothing_from_elsewhere(client: Any) -> None:
    """Every asset of /docs and of the pages, favicon included, comes from the app itself."""
    for url in ("/docs", "/", "/schedule", "/pathways"):
        page = client.get(url).get_data(as_text=True)
        assets = re.findall(r'(?:src|href)="([^"#]+)"', page)
        assert assets, url
        assert [a for a in assets if not a.startswith("/")] == [], url
        assert '"/favicon.ico"' in page or "/favicon.ico" in assets, url
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon.mimetype == "image/svg+xml"
    assert icon.get_data(as_text=True).startswith("<svg")


def test_request_id_is_returned_and_logged_as_json(api: Api) -> None:
    import io
    import json
    import logging

    from app.logs import JsonFormatter

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("app")
    logger.addHandler(handler)
    try:
        r = api.get("/v1/users/me", headers={"X-Request-ID": "req-123"})
    finally:
        logger.removeHandler(handler)
    assert r.headers["X-Request-ID"] == "req-123"
    lines = [json.loads(x) for x in stream.getvalue().splitlines()]
    [line] = [x for x in lines if x.get("request_id") == "req-123"]
    assert line["status"] == 200
    assert line["path"] == "/v1/users/me"
    assert line["user_id"] == api.user_id
    # the line is the access log (gunicorn's own is off by default): the client and the time
    assert line["method"] == "GET"
    assert line["remote_addr"] == "127.0.0.1"
    assert isinstance(line["duration_ms"], float)
    assert 0 <= line["duration_ms"] < 10_000
    assert api.get("/healthz").headers["X-Request-ID"]


def test_gunicorns_access_log_is_off_unless_asked_for(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """One line per request: the app's JSON ``request`` line, gunicorn's plain one on request."""
    import runpy

    conf = Path(__file__).resolve().parents[2] / "app" / "gunicorn.conf.py"
    # the config file sets these two in the environment: set here, they are restored after
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    monkeypatch.setenv("_SLIPWAY_METRICS_DIR_CLEAN", str(tmp_path))
    monkeypatch.delenv("SLIPWAY_ACCESS_LOG", raising=False)
    assert runpy.run_path(str(conf))["accesslog"] is None
    monkeypatch.setenv("SLIPWAY_ACCESS_LOG", "true")
    assert runpy.run_path(str(conf))["accesslog"] == "-"


def test_the_token_header_for_proxies_that_drop_authorization(api: Api) -> None:
    """`slipway deploy` smoke-tests through the API server's service proxy, which drops
    Authorization; the same token in X-Slipway-Token is accepted, a wrong one is not."""
    client = api.client
    r = client.get("/v1/users/me", headers={"X-Slipway-Token": api.token})
    assert r.status_code == 200
    assert r.json["name"] == api.name
    r = client.get("/v1/users/me", headers={"X-Slipway-Token": "slw_nope"})
    assert r.status_code == 401
    assert r.json["code"] == "invalid_token"
