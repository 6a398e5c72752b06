"""Probe 39, O-H3: a Postgres table locked for a minute (a migration, a long VACUUM FULL, a stuck
transaction) held every request that wrote to it for that minute, and with them every thread of
the replica: ``/healthz`` took 58.9 s. A statement now waits at most
``SLIPWAY_DB_STATEMENT_TIMEOUT``; past it the request answers 503 ``database_busy`` with nothing
saved, and its thread is free again."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.app.conftest import Api, built_app, make_user


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_a_locked_table_answers_503_database_busy_in_time(
    app_settings: Any, database_url: str
) -> None:
    import psycopg

    settings = app_settings.model_copy(update={"db_statement_timeout": 1.0})
    with built_app(settings) as app:
        token, user_id = make_user(app, "ana", "America/Lima")
        api = Api(app.test_client(), token, user_id, "ana")
        from app.db import engine_of

        with engine_of(app).connect() as connection:
            assert connection.exec_driver_sql("SHOW statement_timeout").scalar() == "1s"
        assert api.post("/v1/todos", json={"text": "before"}).status_code == 201
        locked, release = threading.Event(), threading.Event()

        def hold() -> None:
            url = database_url.replace("postgresql+psycopg://", "postgresql://")
            with psycopg.connect(url) as conn:
                conn.execute("LOCK TABLE todos IN ACCESS EXCLUSIVE MODE")
                locked.set()
                release.wait(30)

        holder = threading.Thread(target=hold)
        holder.start()
        try:
            assert locked.wait(10)
            started = time.monotonic()
            with ThreadPoolExecutor(4) as pool:
                answers = list(
                    pool.map(
                        lambda i: Api(app.test_client(), token, user_id, "ana").post(
                            "/v1/todos", json={"text": f"during {i}"}
                        ),
                        range(4),
                    )
                )
            took = time.monotonic() - started
            assert [r.status_code for r in answers] == [503] * 4, [r.json for r in answers]
            assert {r.json["code"] for r in answers} == {"database_busy"}
            assert all(r.headers["Retry-After"] == "2" for r in answers)
            assert took < 8, took  # a second each (four threads), not the lock's length
            assert api.get("/healthz").status_code == 200
            assert api.get("/v1/users/me").status_code == 200  # other tables are not waiting
        finally:
            release.set()
            holder.join()
        assert api.post("/v1/todos", json={"text": "after"}).status_code == 201
        texts = [t["text"] for t in api.get("/v1/todos").json["todos"]]
        assert texts == ["before", "after"]  # nothing of the refused writes was saved


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_sqlite_locked_by_another_process_answers_503_database_busy_in_time(
    app_settings: Any, database_url: str
) -> None:
    """O-L11: on SQLite a write lock held 30 s by another process made writers wait 29.3 s."""
    import sqlite3

    from sqlalchemy.engine import make_url

    settings = app_settings.model_copy(update={"db_statement_timeout": 1.0})
    with built_app(settings) as app:
        token, user_id = make_user(app, "ana", "America/Lima")
        api = Api(app.test_client(), token, user_id, "ana")
        assert api.post("/v1/todos", json={"text": "before"}).status_code == 201
        other = sqlite3.connect(str(make_url(database_url).database), timeout=0)
        try:
            other.execute("BEGIN IMMEDIATE")  # another process' write transaction
            started = time.monotonic()
            refused = api.post("/v1/todos", json={"text": "during"})
            took = time.monotonic() - started
            assert (refused.status_code, refused.json["code"]) == (503, "database_busy")
            assert took < 5, took
            assert api.get("/healthz").status_code == 200
        finally:
            other.rollback()
            other.close()
        assert api.post("/v1/todos", json={"text": "after"}).status_code == 201
        texts = [t["text"] for t in api.get("/v1/todos").json["todos"]]
        assert texts == ["before", "after"]
