"""An undo log for writes that must commit early. The LLM path runs each tool call in its own
short transaction, so that no transaction, lock or pooled connection is held while the model is
thinking; if the turn then falls back to the local path, what those calls wrote is reversed in one
short transaction. Writes are recorded at flush time, for any mapped row: inserts are deleted,
updates get their previous column values back, deletes are inserted again with their old values.

The same log lets a user take back the last change the assistant made ("undo", "deshaz eso"):
:meth:`UndoLog.saved` turns it into JSON kept in the conversation's state, with the values each
updated row had after the change, and :func:`undo_saved` reverses it later, in the request's
transaction, unless one of those rows has changed since (then nothing is reversed)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from app.db.journal import Journal

log = logging.getLogger(__name__)


@dataclass
class UndoLog:
    inserted: list[tuple[type[Any], tuple[Any, ...]]] = field(default_factory=list)
    updated: dict[tuple[type[Any], tuple[Any, ...]], dict[str, Any]] = field(default_factory=dict)
    deleted: list[tuple[type[Any], dict[str, Any]]] = field(default_factory=list)
    # the turn's row in the durable journal (app.db.journal), kept with every commit while the
    # log records, and deleted with the reversal of :meth:`apply`; None: kept in memory only
    journal: Journal | None = None
    changes: int = 0  # flushes that recorded something (the journal rewrites when it grows)

    def __bool__(self) -> bool:
        return bool(self.inserted or self.updated or self.deleted)

    def _after_flush(self, session: Session, _context: Any) -> None:
        if session.new or session.dirty or session.deleted:
            self.changes += 1
        for obj in session.new:
            state = inspect(obj)
            self.inserted.append((type(obj), state.mapper.primary_key_from_instance(obj)))
        for obj in session.dirty:
            state = inspect(obj)
            key = (type(obj), tuple(state.mapper.primary_key_from_instance(obj)))
            before = self.updated.setdefault(key, {})
            for column in state.mapper.column_attrs:
                history = state.attrs[column.key].history
                if history.has_changes() and column.key not in before:
                    before[column.key] = history.deleted[0] if history.deleted else None
        for obj in session.deleted:
            state = inspect(obj)
            values = {c.key: getattr(obj, c.key) for c in state.mapper.column_attrs}
            self.deleted.append((type(obj), values))

    @contextmanager
    def recording(self, session: Session) -> Iterator[UndoLog]:
        """Record every flush of ``session`` inside the block (one listener for every session,
        :func:`_flushed`, finds the log in the session's ``info``: adding and removing a
        listener per block cost a chat turn about 0.1 ms)."""
        before = session.info.get(_RECORDING)
        session.info[_RECORDING] = self
        try:
            yield self
        finally:
            session.info[_RECORDING] = before

    def apply(self, session: Session) -> None:
        """Reverse what was recorded, newest first, in one transaction (committed here), which
        also deletes the turn's journal row. A deleted row brought back under a new id is
        logged as the recovery of an abandoned turn logs it (``restored_under_new_id``)."""
        session.rollback()  # whatever was not committed is simply dropped
        moved: list[tuple[str, tuple[Any, ...], Any]] = []
        for cls, values in reversed(self.deleted):
            taken = session.get(cls, _key(cls, values)) is not None
            if taken:
                # its id was given to a new row meanwhile (SQLite reuses the highest id):
                # the row comes back under a new id, never over that one
                row = cls(**{k: v for k, v in values.items() if k not in _key_names(cls)})
                moved.append((_table(cls), _key(cls, values), row))
            else:
                row = cls(**values)
            session.add(row)
        for (cls, pk), before in self.updated.items():
            row = session.get(cls, pk)
            if row is not None:
                for key, value in before.items():
                    setattr(row, key, value)
        for cls, pk in reversed(self.inserted):
            row = session.get(cls, tuple(pk))
            if row is not None:
                session.delete(row)
        if self.journal is not None:
            self.journal.end(session)  # in the reversal's own transaction
        session.flush()
        renumbered = new_ids(moved)
        session.commit()
        if renumbered:  # a deleted row is back, but not under the id the user knew
            said: dict[str, Any] = {}
            if self.journal is not None:
                said = {"journal_id": self.journal.id, "user_id": self.journal.user_id}
            log.warning(
                "an LLM turn's tool calls were undone; a removed row came back under a new id",
                extra={**said, "restored_under_new_id": restored_under_new_id(renumbered)},
            )

    def saved(self, session: Session) -> dict[str, Any] | None:
        """The log as JSON (None when nothing was written), after the session has flushed:
        each inserted row's key, each updated row's values before and after, each deleted
        row's values."""
        if not self:
            return None
        updated = []
        for (cls, pk), before in self.updated.items():
            row = session.get(cls, pk)
            if row is None:
                continue
            after = {key: _to_json(getattr(row, key)) for key in before}
            updated.append([_table(cls), list(pk), _values(before), after])
        inserted = []
        for cls, pk in self.inserted:
            row = session.get(cls, tuple(pk))
            if row is not None:
                inserted.append([_table(cls), list(pk), _values(_columns(row))])
        return {
            "inserted": inserted,
            "updated": updated,
            "deleted": [[_table(cls), _values(values)] for cls, values in self.deleted],
        }


_RECORDING = "slipway.undo_log"


def recorded(session: Session) -> int | None:
    """How many flushes of ``session`` the log recording it has seen write something (None when
    no log records it): a call that leaves the count as it was wrote nothing."""
    log = session.info.get(_RECORDING)
    return log.changes if isinstance(log, UndoLog) else None


@event.listens_for(Session, "after_flush")
def _flushed(session: Session, context: Any) -> None:
    log = session.info.get(_RECORDING)
    if log is not None:
        log._after_flush(session, context)


def undo_saved(
    session: Session, saved: dict[str, Any], renumbered: list[tuple[str, Any, Any]] | None = None
) -> bool:
    """Reverse a log :meth:`UndoLog.saved` kept, in the session's transaction (the caller
    commits); False, with nothing changed, when a row it would touch has changed since. A
    deleted row brought back under a new id (its own was given out meanwhile) is added to
    ``renumbered`` as (table, old id, new id)."""
    updated = []
    for table, pk, before, after in saved.get("updated", []):
        row = session.get(_class(table), tuple(pk))
        if row is None or any(_to_json(getattr(row, k)) != v for k, v in after.items()):
            return False
        updated.append((row, before))
    inserted = []
    for table, pk, after in saved.get("inserted", []):
        row = session.get(_class(table), tuple(pk))
        if row is not None and any(_to_json(getattr(row, k)) != v for k, v in after.items()):
            return False  # changed since it was made (moved, renamed, done)
        inserted.append(row)
    deleted = []
    moved = []  # (table, old id, the row brought back under a new one)
    for table, values in saved.get("deleted", []):
        cls = _class(table)
        restored = {key: _from_json(value) for key, value in values.items()}
        old_key = _key(cls, restored)
        if session.get(cls, old_key) is not None:
            # its id belongs to a newer row now (SQLite hands a deleted id out again), maybe
            # another user's: writing over it would destroy that row. A row no other table
            # points at comes back under a new id; one that others point at is not undone
            if _referenced(cls):
                return False
            restored = {k: v for k, v in restored.items() if k not in _key_names(cls)}
            deleted.append(cls(**restored))
            moved.append((table, old_key, deleted[-1]))
            continue
        deleted.append(cls(**restored))
    for row, before in updated:
        for key, value in before.items():
            setattr(row, key, _from_json(value))
    for restored_row in reversed(deleted):
        session.add(restored_row)
    for row in reversed(inserted):
        if row is not None:
            session.delete(row)
    session.flush()
    if renumbered is not None:
        renumbered += new_ids(moved)
    return True


def new_ids(moved: list[tuple[str, tuple[Any, ...], Any]]) -> list[tuple[str, Any, Any]]:
    """Rows brought back under a new id (table, old key, the row: flushed) as (table, old id,
    new id), the ids as logged (:func:`_one`)."""
    return [
        (table, _one(old_key), _one(tuple(inspect(row).mapper.primary_key_from_instance(row))))
        for table, old_key, row in moved
    ]


def restored_under_new_id(renumbered: list[tuple[str, Any, Any]]) -> list[dict[str, Any]]:
    """The log field naming each deleted row brought back under a new id (``renumbered``:
    table, old id, new id), as the in-process undo and the journal's recovery log it."""
    return [{"table": table, "old_id": old, "new_id": new} for table, old, new in renumbered]


def _one(key: tuple[Any, ...]) -> Any:
    """A primary key as logged: its one value, or "a/b" for a composite key."""
    return key[0] if len(key) == 1 else "/".join(map(str, key))


def _referenced(cls: type[Any]) -> bool:
    """Whether a foreign key of any table points at ``cls``'s table."""
    table = inspect(cls).local_table
    return any(
        fk.column.table is table
        for other in table.metadata.tables.values()
        for fk in other.foreign_keys
    )


def _key_names(cls: type[Any]) -> list[str]:
    return [column.key for column in inspect(cls).primary_key]


def _key(cls: type[Any], values: dict[str, Any]) -> tuple[Any, ...]:
    """A row's primary key from its column values."""
    return tuple(values[name] for name in _key_names(cls))


def _table(cls: type[Any]) -> str:
    return str(cls.__tablename__)


def _class(table: str) -> type[Any]:
    from app.db.tables import Base

    for mapper in Base.registry.mappers:
        if getattr(mapper.class_, "__tablename__", None) == table:
            return mapper.class_
    raise KeyError(table)


def _columns(row: Any) -> dict[str, Any]:
    """The row's column values this session has loaded (an expired server default is left out:
    reading it would cost a query on every turn that writes)."""
    state = inspect(row)
    loaded = state.dict
    return {c.key: loaded[c.key] for c in state.mapper.column_attrs if c.key in loaded}


def _values(values: dict[str, Any]) -> dict[str, Any]:
    return {key: _to_json(value) for key, value in values.items()}


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime):
        moment = value.astimezone(UTC) if value.tzinfo is not None else value
        return {"$datetime": moment.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    return value


def _from_json(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        if "$datetime" in value:
            return datetime.fromisoformat(value["$datetime"])
        if "$date" in value:
            return date.fromisoformat(value["$date"])
    return value
