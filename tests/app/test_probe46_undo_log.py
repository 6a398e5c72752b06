"""Stop 46, helper 145: a chat turn's tool calls undone in process (the LLM path fell back, or
the client closed the stream: ``UndoLog.apply``) brought a deleted row back under a new id when
its own had been given out meanwhile, and said nothing of it, while the journal's recovery of an
abandoned turn (``slipway db recover-turns``) logs ``restored_under_new_id``. Now both log it
through one helper (:func:`app.db.undo.restored_under_new_id`), the same field."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import make_engine
from app.db.journal import Journal, pending_count
from app.db.migrate import upgrade
from app.db.tables import Meeting, User
from app.db.undo import UndoLog


def _database(tmp_path: Path) -> tuple[Any, int]:
    url = f"sqlite:///{tmp_path / 'undo.db'}"
    upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        user = User(name="ana")
        session.add(user)
        session.commit()
        return engine, user.id


def test_a_row_undone_in_process_under_a_new_id_is_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    engine, user_id = _database(tmp_path)
    now = datetime.now(UTC)
    with Session(engine) as session:
        meeting = Meeting(user_id=user_id, title="Budget", starts_at=now, ends_at=now)
        session.add(meeting)
        session.commit()
        old_id = meeting.id
        undo = UndoLog(journal=Journal.for_turn(user_id, None, 15.0))
        with undo.recording(session):  # the turn's tool call: the meeting cancelled
            session.delete(meeting)
            session.commit()
        # meanwhile its id went to another meeting (SQLite did that before migration 0007)
        session.add(Meeting(id=old_id, user_id=user_id, title="Other", starts_at=now, ends_at=now))
        session.commit()
        assert undo.journal is not None
        journal_id = undo.journal.id
        with caplog.at_level(logging.WARNING, logger="app.db.undo"):
            undo.apply(session)  # the turn fell back
    with Session(engine) as session:
        ids = dict(session.execute(select(Meeting.title, Meeting.id)).tuples().all())
    assert pending_count(engine) == 0
    engine.dispose()
    new_id = ids["Budget"]
    assert new_id != old_id
    assert ids["Other"] == old_id
    [said] = [r for r in caplog.records if "new id" in r.getMessage()]
    assert said.levelno == logging.WARNING
    assert said.journal_id == journal_id  # type: ignore[attr-defined]
    assert said.user_id == user_id  # type: ignore[attr-defined]
    assert said.restored_under_new_id == [  # type: ignore[attr-defined]
        {"table": "meetings", "old_id": old_id, "new_id": new_id}
    ]


def test_a_row_undone_in_process_under_its_own_id_logs_nothing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    engine, user_id = _database(tmp_path)
    now = datetime.now(UTC) + timedelta(days=1)
    with Session(engine) as session:
        meeting = Meeting(user_id=user_id, title="Budget", starts_at=now, ends_at=now)
        session.add(meeting)
        session.commit()
        old_id = meeting.id
        undo = UndoLog()
        with undo.recording(session):
            session.delete(meeting)
            session.commit()
        with caplog.at_level(logging.WARNING, logger="app.db.undo"):
            undo.apply(session)
        assert session.scalars(select(Meeting.id)).all() == [old_id]
    engine.dispose()
    assert not [r for r in caplog.records if r.name == "app.db.undo"]
