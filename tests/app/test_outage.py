"""The database stopped under a running app: requests that must open a connection answer 503
``database_unavailable`` and ``/readyz`` says not ready, then both recover when it is back. A
Postgres server of the test's own is stopped and started for real (``pg_ctl``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

pytestmark = pytest.mark.postgres


@pytest.fixture
def own_postgres() -> Iterator[Any]:
    """A Postgres server of this test's own, to stop and start (the session's is shared)."""
    from tests.servers import postgres_server

    with postgres_server() as server:
        yield server


def test_a_stopped_server_answers_503_and_not_ready_then_recovers(
    own_postgres: Any, trained: Any, release_file: Any
) -> None:
    """Found by an independent tester: with the server stopped, requests that had to open a new
    connection ("connection refused", "the database system is shutting down") answered 500
    ``internal_error`` and ``/readyz`` said ready. Both now say the database is unavailable."""
    from app.db.migrate import upgrade
    from tests.app.conftest import built_app, make_user, settings_for

    url = own_postgres.url(own_postgres.create_database("outage"))
    upgrade(url)
    with built_app(settings_for(trained, release_file, url)) as app:
        client = app.test_client()
        token, _ = make_user(app, "ana")
        auth = {"Authorization": f"Bearer {token}"}
        assert client.post("/v1/todos", json={"text": "milk"}, headers=auth).status_code == 201
        assert client.get("/readyz").status_code == 200
        from app.db import engine_of

        engine_of(app).dispose()  # every request now opens a new connection
        own_postgres.stop()
        try:
            for path, body in (("/v1/todos", {"text": "eggs"}), ("/v1/chat", {"message": "hi"})):
                r = client.post(path, json=body, headers=auth)
                assert r.status_code == 503, (path, r.status_code, r.json)
                assert r.json["code"] == "database_unavailable"
                assert r.headers["Retry-After"] == "1"
            ready = client.get("/readyz")
            assert ready.status_code == 503
            assert ready.json["code"] == "database_unavailable"
        finally:
            own_postgres.start()
        assert client.get("/readyz").status_code == 200
        assert client.post("/v1/todos", json={"text": "eggs"}, headers=auth).status_code == 201
        texts = [t["text"] for t in client.get("/v1/todos", headers=auth).json["todos"]]
        assert texts == ["milk", "eggs"]
