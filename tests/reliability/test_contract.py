"""Regressions for what the Schemathesis run found (in process, fast): a 405 names the allowed
methods, an unknown method is a 405 whatever its body, booleans are JSON booleans, and the spec
documents the errors every route can answer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.reliability.conftest import add_users


@pytest.fixture(scope="module")
def client(  # type: ignore[no-untyped-def]
    trained, release_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Any, dict[str, str]]]:
    from app import create_app
    from app.db import engine_of
    from app.settings import AppSettings

    _, _, folder = trained
    database_url = f"sqlite:///{tmp_path_factory.mktemp('contract') / 'assistant.db'}"
    token = add_users(database_url, "carmen")["carmen"]
    app = create_app(
        AppSettings(
            release_file=release_file,
            model_path=folder,
            database_url=database_url,
            redis_url=None,
            rate_limit="1000/minute",
        )
    )
    yield app.test_client(), {"Authorization": f"Bearer {token}"}
    engine_of(app).dispose()


@pytest.mark.parametrize(
    ("method", "url"), [("TRACE", "/healthz"), ("PUT", "/v1/meetings"), ("PUT", "/v1/users/me")]
)
def test_method_not_allowed_names_the_allowed_methods(
    client: tuple[Any, dict[str, str]], method: str, url: str
) -> None:
    c, auth = client
    r = c.open(url, method=method, headers=auth, data="not json")
    assert r.status_code == 405
    assert r.json["code"] == "method_not_allowed"
    assert "GET" in r.headers["Allow"]


@pytest.mark.parametrize("bad", [0, 1, "true", None])
def test_done_is_a_json_boolean(client: tuple[Any, dict[str, str]], bad: Any) -> None:
    c, auth = client
    r = c.post("/v1/todos", json={"text": "water the plants", "done": bad}, headers=auth)
    assert r.status_code == 422, r.json
    ok = c.post("/v1/todos", json={"text": "water the plants", "done": False}, headers=auth)
    assert ok.status_code == 201
    todo = ok.json["id"]
    assert c.patch(f"/v1/todos/{todo}", json={"done": bad}, headers=auth).status_code == 422
    assert c.patch(f"/v1/todos/{todo}", json={"done": True}, headers=auth).json["done"] is True
    rem = c.post(
        "/v1/reminders", json={"text": "stretch", "due_at": "2031-01-01T09:00:00Z"}, headers=auth
    )
    assert rem.status_code == 201
    patch = c.patch(f"/v1/reminders/{rem.json['id']}", json={"done": bad}, headers=auth)
    assert patch.status_code == 422


def test_spec_documents_the_errors_every_route_answers(
    client: tuple[Any, dict[str, str]],
) -> None:
    c, _ = client
    spec = c.get("/openapi.json").json
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            name = f"{method.upper()} {path}"
            if "requestBody" in op:
                assert op["requestBody"].get("required") is True, name
                assert {"400", "415"} <= set(op["responses"]), name
            if op.get("security"):
                assert {"401", "429"} <= set(op["responses"]), name
