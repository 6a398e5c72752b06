"""SQLite: ids users see are never given out again (AUTOINCREMENT).

Without ``AUTOINCREMENT`` SQLite gives a new row the highest id in use plus one, so the id of
the newest meeting, once deleted, went to the next meeting: "cancel meeting 7" from an older
turn, an undo, or a client that kept the id would reach the new one (probe 27, N4). Postgres
sequences never give an id out again, so this migration does nothing there.

Each table is rebuilt (alembic's batch mode: a copy with the new definition, the rows copied,
the old table dropped, the copy renamed). ``app.db.migrate`` runs the migrations with SQLite's
foreign keys off: with them on, dropping ``conversations`` would delete every message and
feedback row pointing at it (``ON DELETE CASCADE``). It checks ``PRAGMA foreign_key_check``
before committing.

Revises: 0006_turn_journal
Create Date: 2026-12-06 12:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0007_sqlite_autoincrement"
down_revision = "0006_turn_journal"
branch_labels = None
depends_on = None

#: The tables whose ids users see (the API's paths, feedback's ``message_id``, "cancel meeting
#: 7") or whose ids the logs name (the turn journal's recoveries)
TABLES = ("conversations", "messages", "meetings", "reminders", "todos", "turn_journal")


def _rebuild(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
        ):
            pass


def upgrade() -> None:
    _rebuild(autoincrement=True)


def downgrade() -> None:
    _rebuild(autoincrement=False)
