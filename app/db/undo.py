"""An undo log for writes that must commit early. The LLM path runs each tool call in its own
short transaction, so that no transaction, lock or pooled connection is held while the model is
thinking; if the turn then falls back to the local path, what those calls wrote is reversed in one
short transaction. Writes are recorded at flush time, for any mapped row: inserts are deleted,
updates get their previous column values back, deletes are inserted again with their old values."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session


@dataclass
class UndoLog:
    inserted: list[tuple[type[Any], tuple[Any, ...]]] = field(default_factory=list)
    updated: dict[tuple[type[Any], tuple[Any, ...]], dict[str, Any]] = field(default_factory=dict)
    deleted: list[tuple[type[Any], dict[str, Any]]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.inserted or self.updated or self.deleted)

    def _after_flush(self, session: Session, _context: Any) -> None:
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
        """Record every flush of ``session`` inside the block."""
        event.listen(session, "after_flush", self._after_flush)
        try:
            yield self
        finally:
            event.remove(session, "after_flush", self._after_flush)

    def apply(self, session: Session) -> None:
        """Reverse what was recorded, newest first, in one transaction (committed here)."""
        session.rollback()  # whatever was not committed is simply dropped
        for cls, values in reversed(self.deleted):
            session.merge(cls(**values))
        for (cls, pk), before in self.updated.items():
            row = session.get(cls, pk)
            if row is not None:
                for key, value in before.items():
                    setattr(row, key, value)
        for cls, pk in reversed(self.inserted):
            row = session.get(cls, tuple(pk))
            if row is not None:
                session.delete(row)
        session.commit()
