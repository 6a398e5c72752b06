"""Pooled Postgres connections: pinged only when they may be stale, and a connection the server
dropped is replaced, never handed out again; a request that meets one answers 503 with a code.

The server drops connections for real here (``pg_terminate_backend``, what a restart or a
failover does to them), on the test session's Postgres server."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

pytestmark = pytest.mark.parametrize("database_url", ["postgres"], indirect=True)

_BACKEND = text("SELECT pg_backend_pid()")


def _admin(pg: Any) -> psycopg.Connection[Any]:
    return psycopg.connect(pg.url("postgres", "postgresql"), autocommit=True)


def _terminate(pg: Any, database_url: str) -> int:
    """Drop every connection the server holds to the test's database, as a restart would."""
    name = database_url.rsplit("/", 1)[-1]
    with _admin(pg) as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        ).fetchall()
    # wait until the server has let them go
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with _admin(pg) as conn:
            left = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (name,)
            ).fetchone()
        if left is not None and left[0] == 0:
            break
        time.sleep(0.05)
    return len(rows)


class _Pings:
    """Counts the dialect's pings (``SELECT 1`` at checkout)."""

    def __init__(self, engine: Engine) -> None:
        self.count = 0
        original = engine.dialect.do_ping

        def counted(dbapi_connection: Any) -> bool:
            self.count += 1
            return original(dbapi_connection)

        engine.dialect.do_ping = counted  # type: ignore[method-assign]


@pytest.fixture
def engines(database_url: str) -> Iterator[Any]:
    from app.db import make_engine

    made: list[Engine] = []

    def make(ping_after_idle: float) -> tuple[Engine, _Pings]:
        engine = make_engine(database_url, ping_after_idle)
        made.append(engine)
        return engine, _Pings(engine)

    yield make
    for engine in made:
        engine.dispose()


def test_a_connection_in_steady_use_is_not_pinged(engines: Any) -> None:
    engine, pings = engines(60.0)
    for _ in range(20):
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    assert pings.count == 0
    # 0 seconds: every checkout but the first (a new connection) pings, as pool_pre_ping did
    engine, pings = engines(0.0)
    for _ in range(20):
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    assert pings.count == 19


def test_an_idle_connection_the_server_dropped_is_pinged_and_replaced(
    engines: Any, pg: Any, database_url: str
) -> None:
    engine, pings = engines(0.2)
    with engine.connect() as conn:
        before = conn.execute(_BACKEND).scalar_one()
    assert _terminate(pg, database_url) == 1
    time.sleep(0.3)
    with engine.connect() as conn:  # pinged: the dead connection is replaced, the query runs
        after = conn.execute(_BACKEND).scalar_one()
    assert pings.count == 1
    assert after != before


def test_after_one_lost_connection_every_older_one_is_pinged_before_reuse(
    engines: Any, pg: Any, database_url: str
) -> None:
    engine, _pings = engines(60.0)
    held = [engine.connect() for _ in range(3)]
    pids = {conn.execute(_BACKEND).scalar_one() for conn in held}
    for conn in held:
        conn.close()
    assert _terminate(pg, database_url) == 3
    # recently used, so not pinged: the first use finds the connection lost and says so
    with pytest.raises(DBAPIError) as lost, engine.connect() as conn:
        conn.execute(_BACKEND)
    assert lost.value.connection_invalidated
    # every other connection returned before that moment is pinged (or renewed) before reuse
    held = [engine.connect() for _ in range(3)]
    fresh = {conn.execute(_BACKEND).scalar_one() for conn in held}
    for conn in held:
        conn.close()
    assert not fresh & pids


def test_a_lost_connection_under_the_token_read_answers_503_then_the_next_request_works(
    api: Any, pg: Any, database_url: str
) -> None:
    assert api.post("/v1/intent", json={"text": "hello"}).status_code == 200
    assert _terminate(pg, database_url) >= 1
    r = api.post("/v1/intent", json={"text": "hello"})
    assert r.status_code == 503, r.json
    assert r.json["code"] == "database_unavailable"
    assert r.headers["Retry-After"] == "1"
    assert api.post("/v1/intent", json={"text": "hello"}).status_code == 200
    assert api.chat("remind me to call mom at 5pm")["skill"] == "scheduling"


def test_a_lost_connection_under_a_chat_turn_saves_nothing_and_answers_503(
    api: Any, app: Any, pg: Any, database_url: str
) -> None:
    from app.db import engine_of

    api.chat("hello")
    engine = engine_of(app)
    with engine.connect() as conn:
        before = conn.execute(text("SELECT count(*) FROM messages")).scalar_one()
    # the token read finds a live connection; the turn's own session gets one the server drops
    original = engine.pool.connect
    calls = {"n": 0}

    def connect_then_drop() -> Any:
        fairy = original()
        calls["n"] += 1
        if calls["n"] == 2:  # the request's session (the first checkout is the token read)
            pid = fairy.dbapi_connection.info.backend_pid
            with _admin(pg) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
            time.sleep(0.2)
        return fairy

    engine.pool.connect = connect_then_drop  # type: ignore[method-assign]
    try:
        r = api.post("/v1/chat", json={"message": "remind me to call mom at 5pm"})
    finally:
        engine.pool.connect = original  # type: ignore[method-assign]
    assert r.status_code == 503, r.json
    assert r.json["code"] == "database_unavailable"
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM messages")).scalar_one() == before
        assert conn.execute(text("SELECT count(*) FROM reminders")).scalar_one() == 0
    assert api.chat("remind me to call mom at 5pm")["skill"] == "scheduling"
