"""Storage: Alembic migrations (the only way tables are made), SQLite in WAL mode, retention."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.conftest import ROOT

TABLES = {
    "users", "tokens", "conversations", "messages", "meetings", "reminders", "todos", "feedback",
    "request_log",
}  # fmt: skip


@pytest.mark.both_databases
def test_migrations_make_every_table_and_match_the_models(database_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import inspect

    from app.db import make_engine
    from app.db.migrate import current_revision, head_revision, include_name
    from app.db.tables import Base

    assert current_revision(database_url) == head_revision()
    engine = make_engine(database_url)
    try:
        assert set(inspect(engine).get_table_names()) >= TABLES
        with engine.connect() as conn:
            # the migrations' own bookkeeping (alembic_version, the lineage) is no model's
            context = MigrationContext.configure(conn, opts={"include_name": include_name})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


@pytest.mark.both_databases
def test_downgrade_and_upgrade_again(database_url: str) -> None:
    from sqlalchemy import inspect

    from app.db import make_engine
    from app.db.migrate import downgrade, upgrade

    downgrade(database_url, "base")
    engine = make_engine(database_url)
    try:
        assert not TABLES & set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    upgrade(database_url)
    upgrade(database_url)  # idempotent


def test_the_app_never_creates_tables_itself() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "app").rglob("*.py")
        if "create_all(" in p.read_text() and "migrations" not in p.parts
    ]
    assert offenders == []


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_sqlite_runs_in_wal_mode(database_url: str) -> None:
    from sqlalchemy import text

    from app.db import make_engine

    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            assert conn.scalar(text("PRAGMA journal_mode")) == "wal"
            assert conn.scalar(text("PRAGMA foreign_keys")) == 1
    finally:
        engine.dispose()


@pytest.mark.both_databases
def test_chat_turns_are_logged_and_pruned_after_the_retention(
    api: Any, app: Any, database_url: str
) -> None:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from app.db import engine_of
    from app.db.maintenance import prune_request_log
    from app.db.tables import RequestLog

    api.chat("hello")
    api.chat("what time is it")
    with Session(engine_of(app)) as session:
        rows = session.scalars(select(RequestLog).order_by(RequestLog.id)).all()
        assert [(r.intent, r.skill, r.path, r.model_version) for r in rows] == [
            ("greeting", "conversation", "local", "3"),
            ("time", "scheduling", "local", "3"),
        ]
        assert all(r.latency_ms > 0 and r.user_id == api.user_id for r in rows)
        rows[0].created_at = datetime.now(UTC) - timedelta(days=40)
        session.commit()
    assert prune_request_log(database_url, 30) == 1
    assert prune_request_log(database_url, 30) == 0
    with Session(engine_of(app)) as session:
        assert [r.intent for r in session.scalars(select(RequestLog))] == ["time"]


@pytest.mark.both_databases
def test_deleting_a_user_cascades(app: Any, api: Any) -> None:
    from sqlalchemy import func, select
    from sqlalchemy.orm import Session

    from app.db import engine_of
    from app.db.tables import Meeting, Token, User

    api.post("/v1/meetings", json={"title": "x", "starts_at": "2031-01-01T10:00:00"})
    with Session(engine_of(app)) as session:
        user = session.get(User, api.user_id)
        session.delete(user)
        session.commit()
        assert session.scalar(select(func.count()).select_from(Meeting)) == 0
        assert session.scalar(select(func.count()).select_from(Token)) == 0


@pytest.mark.both_databases
def test_a_prepared_read_returns_what_core_returns(app: Any, api: Any) -> None:
    """db.PreparedRead (the token lookup's fast path) gives the row, types included, that
    ``connection.execute`` gives for the same statement; None when nothing matches."""
    from sqlalchemy import bindparam, select

    from app.db import PreparedRead
    from app.db.tables import Token, User

    api.get("/v1/info")  # touches last_used_at: a datetime column with a value
    statement = (
        select(Token.__table__, User.__table__.c.created_at, User.__table__.c.timezone)
        .join(User.__table__, User.__table__.c.id == Token.__table__.c.user_id)
        .where(Token.__table__.c.user_id == bindparam("user_id"))
    )
    read = PreparedRead(statement)
    with app.extensions["slipway.db.statements"].connect() as connection:
        core = connection.execute(statement, {"user_id": api.user_id}).first()
        fast = read.first(connection, user_id=api.user_id)
        assert read.first(connection, user_id=-1) is None
    assert core is not None
    assert fast is not None
    assert tuple(core) == fast
    assert [type(v) for v in core] == [type(v) for v in fast]
    assert any(isinstance(v, datetime) for v in fast)


@pytest.mark.both_databases
def test_a_prepared_write_stores_what_core_stores(app: Any, api: Any) -> None:
    """db.PreparedWrite (a chat turn's inserts) stores the row, types included, that a Core
    insert stores for the same values, returns its RETURNING rows converted, and raises the
    driver's refusal as SQLAlchemy's own error, the transaction left to roll back."""
    from sqlalchemy import bindparam, exc, insert, select

    from app.db import PreparedWrite
    from app.db.tables import Conversation, Message

    table = Conversation.__table__
    columns = ("user_id", "state", "created_at", "updated_at")
    write = PreparedWrite(
        insert(table)
        .values({name: bindparam(name) for name in columns})
        .returning(table.c.id, table.c.created_at)
    )
    at = datetime(2031, 5, 6, 7, 8, 9, 123456, tzinfo=UTC)
    values = {"user_id": api.user_id, "state": {"lang": "es", "n": [1, None]}, "created_at": at}
    engine = app.extensions["slipway.db.statements"]
    with app.extensions["slipway.db"]() as session:
        core_id = session.execute(
            insert(table).returning(table.c.id), {**values, "updated_at": at}
        ).scalar_one()
        [(fast_id, created)] = write.execute(session.connection(), **values, updated_at=at)
        session.commit()
    assert created == at  # converted back to an aware UTC datetime
    with engine.connect() as connection:
        core, fast = (
            connection.execute(select(table).where(table.c.id == id_)).one()
            for id_ in (core_id, fast_id)
        )
    assert tuple(core)[1:] == tuple(fast)[1:]
    assert [type(v) for v in core] == [type(v) for v in fast]

    orphan = PreparedWrite(
        insert(Message.__table__).values(
            {name: bindparam(name) for name in ("conversation_id", "role", "text", "created_at")}
        )
    )
    with app.extensions["slipway.db"]() as session, pytest.raises(exc.IntegrityError):
        orphan.execute(
            session.connection(), conversation_id=-1, role="user", text="x", created_at=at
        )


def test_a_prepared_write_names_the_defaults_it_would_skip() -> None:
    """Python-side column defaults are applied by SQLAlchemy's execution path, which a prepared
    statement bypasses: leaving such a column out fails when the statement is first prepared."""
    from sqlalchemy import bindparam, insert
    from sqlalchemy.dialects import sqlite

    from app.db import PreparedWrite
    from app.db.tables import Conversation

    write = PreparedWrite(
        insert(Conversation.__table__).values(user_id=bindparam("user_id"), state={})
    )
    with pytest.raises(ValueError, match="created_at, updated_at"):
        write._prepare(sqlite.dialect())
