"""Probe 30, L-2 (the rest): the turn journal's recoveries were hard to act on.

- ``slipway db recover-turns`` printed only counts: its log lines went through the command's
  plain logging, which drops the fields naming the entry, so no journal id, user or row showed.
  Now it prints one line per entry (journal id, user, when the turn began, outcome, rows);
- a deleted row brought back under a new id (its own was given out meanwhile) was logged as
  "meetings 5 removed": now the line says which id it came back under;
- the command's recoveries reach ``slipway_turns_recovered_total`` only when it shares the
  servers' ``PROMETHEUS_MULTIPROC_DIR``: it says so, beside the counts per outcome."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from app.db import make_engine
from app.db.journal import Journal, recover
from app.db.migrate import upgrade
from app.db.tables import Meeting, User
from app.db.undo import UndoLog


def _database(tmp_path: Path) -> tuple[str, Any, int]:
    url = f"sqlite:///{tmp_path / 'journal.db'}"
    upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        user = User(name="ana")
        session.add(user)
        session.commit()
        return url, engine, user.id


def _abandoned(session: Session, user_id: int, work: Any) -> int:
    """A turn that began an hour ago, did ``work`` and died: its journal entry's id."""
    began = datetime.now(UTC) - timedelta(hours=1)
    undo = UndoLog(journal=Journal.for_turn(user_id, None, 15.0, began))
    with undo.recording(session):
        work()
        session.commit()
    assert undo.journal is not None
    assert undo.journal.id is not None
    return undo.journal.id


def test_the_command_prints_each_entry_and_the_counts_per_outcome(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipelines.cli import app as cli

    url, engine, user_id = _database(tmp_path)
    monkeypatch.setenv("SLIPWAY_DATABASE_URL", url)
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    now = datetime.now(UTC)
    with Session(engine) as session:
        meeting = Meeting(user_id=user_id, title="Budget with Tom", starts_at=now, ends_at=now)
        journal_id = _abandoned(session, user_id, lambda: session.add(meeting))
        meeting_id = meeting.id
    r = CliRunner().invoke(cli, ["db", "recover-turns"])
    engine.dispose()
    assert r.exit_code == 0, r.output
    [line] = [line for line in r.output.splitlines() if line.startswith("reversed: ")]
    assert f"journal {journal_id}" in line
    assert f"user {user_id}" in line
    assert "began 20" in line
    assert f"meetings {meeting_id} added" in line
    assert "Budget" not in r.output  # the rows' contents are the user's
    assert "1 reversed, 0 left as they are (a row changed since), 0 failed" in r.output
    assert "not counted in slipway_turns_recovered_total" in r.output
    assert "PROMETHEUS_MULTIPROC_DIR" in r.output


def test_a_row_restored_under_a_new_id_says_both_ids(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from app.cli import recovery_line

    _, engine, user_id = _database(tmp_path)
    now = datetime.now(UTC)
    with Session(engine) as session:
        meeting = Meeting(user_id=user_id, title="Budget", starts_at=now, ends_at=now)
        session.add(meeting)
        session.commit()
        old_id = meeting.id
        journal_id = _abandoned(session, user_id, lambda: session.delete(meeting))
        # meanwhile its id went to another meeting (SQLite did that before migration 0007)
        session.add(Meeting(id=old_id, user_id=user_id, title="Other", starts_at=now, ends_at=now))
        session.commit()
    with caplog.at_level(logging.WARNING, logger="app.db.journal"):
        done = recover(engine, now=now + timedelta(days=1))
    assert done.reversed == 1
    with Session(engine) as session:
        ids = dict(session.execute(select(Meeting.title, Meeting.id)).tuples().all())
    engine.dispose()
    new_id = ids["Budget"]
    assert new_id != old_id
    assert ids["Other"] == old_id
    [said] = [r for r in caplog.records if "were undone" in r.getMessage()]
    assert said.journal_id == journal_id  # type: ignore[attr-defined]
    assert said.restored_under_new_id == [  # type: ignore[attr-defined]
        {"table": "meetings", "old_id": old_id, "new_id": new_id}
    ]
    assert said.rows == [f"meetings {old_id} removed (restored as {new_id})"]  # type: ignore[attr-defined]
    [entry] = done.entries
    assert recovery_line(entry).endswith(f"meetings {old_id} removed (restored as {new_id})")
