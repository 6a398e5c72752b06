"""Probe 27, N4: on SQLite a deleted meeting's id went to the next meeting (a table without
``AUTOINCREMENT`` gives out the highest id in use plus one), so "cancel meeting 1" from an old turn
could reach a new meeting. Migration 0007 rebuilds the tables whose ids users see with
``AUTOINCREMENT`` (SQLite only), with foreign keys off while it runs (``app.db.migrate``): with
them on, dropping the old ``conversations`` deleted every message and feedback row."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from app.db import make_engine
from app.db.migrate import current_revision, downgrade, head_revision, upgrade

BEFORE = "0006_turn_journal"
NOW = "'2026-04-14 19:30:00'"
TABLES = (
    "users", "conversations", "messages", "feedback", "meetings", "reminders", "todos",
    "turn_journal",
)  # fmt: skip


def _fill(url: str) -> None:
    """A user with a conversation (two messages, one rated), two meetings, a reminder, a to-do
    and a turn journal entry, written at revision 0006."""
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            for sql in (
                f"INSERT INTO users (id, name, timezone, locale, created_at) VALUES "
                f"(1, 'ana', 'UTC', 'en', {NOW})",
                f"INSERT INTO conversations (id, user_id, state, created_at, updated_at, version) "
                f"VALUES (1, 1, '{{}}', {NOW}, {NOW}, 1)",
                f"INSERT INTO messages (id, conversation_id, role, text, created_at) VALUES "
                f"(1, 1, 'user', 'hi', {NOW}), (2, 1, 'assistant', 'hello', {NOW})",
                f"INSERT INTO feedback (id, user_id, message_id, rating, created_at) VALUES "
                f"(1, 1, 2, 'up', {NOW})",
                f"INSERT INTO meetings (id, user_id, title, starts_at, ends_at, created_at) "
                f"VALUES (1, 1, 'Budget', {NOW}, {NOW}, {NOW}), (2, 1, 'Tom', {NOW}, {NOW}, {NOW})",
                f"INSERT INTO reminders (id, user_id, text, kind, due_at, done, created_at, "
                f"meeting_id, meeting_by_day) VALUES (1, 1, 'call', 'reminder', {NOW}, false, "
                f"{NOW}, 2, false)",
                f"INSERT INTO todos (id, user_id, text, done, created_at) VALUES "
                f"(1, 1, 'milk', false, {NOW})",
                f"INSERT INTO turn_journal (id, user_id, created_at, expires_at, log) VALUES "
                f"(1, 1, {NOW}, {NOW}, '{{}}')",
            ):
                conn.execute(text(sql))
            if conn.dialect.name == "postgresql":  # ids given explicitly: the sequences follow
                for table in TABLES:
                    conn.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                            f"(SELECT max(id) FROM {table}))"
                        )
                    )
    finally:
        engine.dispose()


def _contents(url: str) -> dict[str, Any]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return {
                table: conn.execute(text(f"SELECT * FROM {table} ORDER BY id")).all()
                for table in TABLES
            }
    finally:
        engine.dispose()


def _next_meeting_after_deleting_the_newest(url: str) -> tuple[int, int]:
    """Delete meeting 2 (the newest), add one: (the deleted id, the new meeting's id)."""
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM meetings WHERE id = 2"))
            new = conn.execute(
                text(
                    "INSERT INTO meetings (user_id, title, starts_at, ends_at, created_at) "
                    f"VALUES (1, 'New', {NOW}, {NOW}, {NOW}) RETURNING id"
                )
            ).scalar_one()
        return 2, int(new)
    finally:
        engine.dispose()


@pytest.fixture
def at_0006(database_url: str) -> str:
    downgrade(database_url, BEFORE)
    _fill(database_url)
    return database_url


@pytest.mark.both_databases
def test_the_migration_keeps_every_row_child_and_foreign_key(at_0006: str) -> None:
    before = _contents(at_0006)
    assert before["messages"]
    assert before["feedback"]
    upgrade(at_0006)
    assert current_revision(at_0006) == head_revision()
    assert _contents(at_0006) == before  # the conversation's messages and feedback included
    engine = make_engine(at_0006)
    try:
        with engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
                # the foreign keys are still there, and still cascade
                conn.execute(text("DELETE FROM conversations WHERE id = 1"))
                assert conn.execute(text("SELECT count(*) FROM messages")).scalar() == 0
                assert conn.execute(text("SELECT count(*) FROM feedback")).scalar() == 0
                conn.rollback()
    finally:
        engine.dispose()


@pytest.mark.both_databases
def test_a_deleted_meeting_id_is_never_given_out_again(at_0006: str) -> None:
    upgrade(at_0006)
    deleted, new = _next_meeting_after_deleting_the_newest(at_0006)
    assert new != deleted
    assert new > deleted


def test_before_the_migration_sqlite_gave_the_id_out_again(at_0006: str) -> None:
    """What the probe saw (and what the downgrade brings back)."""
    deleted, new = _next_meeting_after_deleting_the_newest(at_0006)
    assert new == deleted


@pytest.mark.both_databases
def test_the_downgrade_keeps_the_rows_too(at_0006: str) -> None:
    before = _contents(at_0006)
    upgrade(at_0006)
    downgrade(at_0006, BEFORE)
    assert current_revision(at_0006) == BEFORE
    assert _contents(at_0006) == before
    upgrade(at_0006)  # and up again
    assert _contents(at_0006) == before


def test_only_sqlite_tables_are_rebuilt(database_url: str) -> None:
    """The tables say AUTOINCREMENT on SQLite; Postgres' DDL is the models' as before (the
    migration does nothing there: a sequence never gives an id out again)."""
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.schema import CreateTable

    from app.db.tables import Meeting

    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            sql = conn.execute(
                text("SELECT sql FROM sqlite_master WHERE name = 'meetings'")
            ).scalar_one()
    finally:
        engine.dispose()
    assert "AUTOINCREMENT" in sql
    table: Any = Meeting.__table__
    pg_ddl = str(CreateTable(table).compile(dialect=postgresql.dialect()))  # type: ignore[no-untyped-call]
    assert "AUTOINCREMENT" not in pg_ddl.upper()
    assert "SERIAL" in pg_ddl.upper()
