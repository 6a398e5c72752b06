"""The turn journal: a durable copy of a running LLM turn's undo log.

The LLM path commits each tool call in its own short transaction (nothing is held while the
model answers), and the turn's :class:`~app.db.undo.UndoLog` reverses those writes if the turn
falls back. That log lives in the process: a process killed midway (``kill -9``, an OOM kill, a
lost node) would leave the writes behind, with no turn stored and no answer sent, and a retry
would book twice. So while the turn runs its log is also kept in ``turn_journal``:

- **written** in the same transaction as each tool call's write (a ``before_commit`` hook of
  every session: when the session records into an undo log that carries a :class:`Journal`, the
  log's JSON form, :meth:`UndoLog.saved`, is inserted or updated before the commit), so the
  write and its journal entry commit together or not at all;
- **deleted** in the transaction that ends the turn: the one that stores its reply
  (:func:`finish`, from ``Assistant._store``) or the one that reverses its calls
  (``UndoLog.apply``: a fallback, or a client that closed the stream);
- **recovered** (:func:`recover`) once past ``expires_at``, the turn's deadline plus
  :data:`MARGIN`: a row still there belongs to a turn that will never end. Its writes are
  reversed as "undo" reverses them (:func:`~app.db.undo.undo_saved`): when a row it would
  touch has changed since (the user moved the meeting meanwhile), nothing of it is reversed,
  and that is logged and counted. Each entry is reversed in one transaction that first deletes
  its row (``DELETE … RETURNING``): of two sweeps at once, only the one that deleted it
  reverses it.

The recovery runs when an app starts, before each LLM turn for that turn's user, every
:data:`SWEEP_EVERY` seconds from a chat turn of any user (:class:`Sweeper`: another replica may
be the one that died), and as ``slipway db recover-turns``.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Table, delete, event, exc, func, insert, select, update
from sqlalchemy.orm import Session

from app.db.tables import TurnJournal
from app.db.undo import _RECORDING, UndoLog, restored_under_new_id, undo_saved

log = logging.getLogger(__name__)

#: Seconds after a turn's deadline before its entry counts as abandoned: the local path's
#: answer after a fallback and the storing of the turn fit well inside
MARGIN = 120.0
#: Seconds between two sweeps of every user's abandoned entries, in one process
SWEEP_EVERY = 30.0
#: Entries reversed by one sweep at most (a chat turn that sweeps waits for them)
BATCH = 100
_PENDING = "slipway.turn_journal.pending"  # session.info: entries the turn's end deletes

_journal: Table = TurnJournal.__table__  # type: ignore[assignment]


@dataclass
class Journal:
    """A turn's entry in ``turn_journal`` (made at the turn's first write)."""

    user_id: int
    conversation_id: int | None
    expires_at: datetime
    id: int | None = None
    written: int = -1  # the undo log's change count when it was last written

    @classmethod
    def for_turn(
        cls, user_id: int, conversation_id: int | None, seconds: float, now: datetime | None = None
    ) -> Journal:
        """The entry of a turn that may run ``seconds`` (its deadline) from ``now``."""
        moment = now or datetime.now(UTC)
        return cls(user_id, conversation_id, moment + timedelta(seconds=seconds + MARGIN))

    def write(self, session: Session, undo: UndoLog) -> None:
        """Keep ``undo`` in the entry, in the session's transaction (it has just flushed)."""
        if not undo or undo.changes == self.written:
            return
        saved = undo.saved(session) or {}
        if self.id is None:
            self.id = session.execute(
                insert(_journal)
                .values(
                    user_id=self.user_id,
                    conversation_id=self.conversation_id,
                    created_at=datetime.now(UTC),
                    expires_at=self.expires_at,
                    log=saved,
                )
                .returning(_journal.c.id)
            ).scalar_one()
            session.info.setdefault(_PENDING, set()).add(self.id)
        else:
            session.execute(update(_journal).where(_journal.c.id == self.id).values(log=saved))
        self.written = undo.changes

    def end(self, session: Session) -> None:
        """Delete the entry in the session's transaction (the one reversing the turn)."""
        if self.id is None:
            return
        session.execute(delete(_journal).where(_journal.c.id == self.id))
        pending: set[int] | None = session.info.get(_PENDING)
        if pending is not None:
            pending.discard(self.id)


@event.listens_for(Session, "before_commit")
def _keep(session: Session) -> None:
    undo: UndoLog | None = session.info.get(_RECORDING)
    if undo is None or undo.journal is None:
        return
    session.flush()  # the transaction's last writes reach the log first
    undo.journal.write(session, undo)


def finish(session: Session) -> None:
    """Delete the entries of the turns this session ran, in the transaction that stores the
    turn (call :func:`forget` once it committed)."""
    pending: set[int] | None = session.info.get(_PENDING)
    if not pending:
        return
    result = session.execute(delete(_journal).where(_journal.c.id.in_(sorted(pending))))
    if (getattr(result, "rowcount", None) or 0) < len(pending):
        # the turn outlived its deadline and the margin: a recovery reversed its writes
        log.warning(
            "an LLM turn ended after its journal entry was recovered: its tool calls were undone",
            extra={"journal_ids": sorted(pending)},
        )


def forget(session: Session) -> None:
    """The turn's entries are gone with its commit."""
    session.info.pop(_PENDING, None)


@dataclass
class Recovered:
    """What one recovery did: entries reversed, left (a row changed since), failed."""

    reversed: int = 0
    changed: int = 0
    failed: int = 0
    # each entry handled, as its log line says it (``outcome`` added): journal_id, user_id,
    # began, rows, restored_under_new_id; the command prints them (its log has no fields)
    entries: list[dict[str, Any]] = field(default_factory=list)

    def __iadd__(self, other: Recovered) -> Recovered:
        self.reversed += other.reversed
        self.changed += other.changed
        self.failed += other.failed
        self.entries += other.entries
        return self

    @property
    def total(self) -> int:
        return self.reversed + self.changed + self.failed


def recover(
    engine: Engine,
    now: datetime | None = None,
    user_id: int | None = None,
    limit: int = BATCH,
) -> Recovered:
    """Reverse the writes of the abandoned turns (entries past ``expires_at``): every user's,
    or ``user_id``'s; at most ``limit`` entries (the oldest), each in its own transaction."""
    from app import metrics

    moment = now or datetime.now(UTC)
    found = select(_journal.c.id).where(_journal.c.expires_at < moment)
    if user_id is not None:
        found = found.where(_journal.c.user_id == user_id)
    done = Recovered()
    with Session(engine) as session:
        ids = list(session.scalars(found.order_by(_journal.c.id).limit(limit)))
        session.rollback()
        for id_ in ids:
            try:
                taken = session.execute(
                    delete(_journal)
                    .where(_journal.c.id == id_)
                    .returning(_journal.c.user_id, _journal.c.log, _journal.c.created_at)
                ).first()
                if taken is None:  # another sweep took it (and reverses it)
                    session.rollback()
                    continue
                owner, saved, began = taken
                renumbered: list[tuple[str, Any, Any]] = []
                reversed_ = undo_saved(session, saved or {}, renumbered)
                session.commit()
            except Exception as error:  # a failed reversal is logged, counted, tried again later
                session.rollback()
                log.exception(
                    "an abandoned LLM turn could not be reversed", extra={"journal_id": id_}
                )
                metrics.TURNS_RECOVERED.labels("failed").inc()
                done.failed += 1
                done.entries.append(
                    {"journal_id": id_, "outcome": "failed", "error": type(error).__name__}
                )
                continue
            # which rows, never what they hold (titles and attendees are the user's); the
            # turn's start tells entries apart where SQLite gave a journal id out again (before
            # migration 0007)
            said: dict[str, Any] = {"journal_id": id_, "user_id": owner, "began": _when(began)}
            said["rows"] = rows_of(saved or {}, renumbered)
            if renumbered:  # a deleted row is back, but not under the id the user knew
                said["restored_under_new_id"] = restored_under_new_id(renumbered)
            if reversed_:
                log.warning("an abandoned LLM turn's tool calls were undone", extra=said)
                metrics.TURNS_RECOVERED.labels("reversed").inc()
                done.reversed += 1
                done.entries.append({**said, "outcome": "reversed"})
            else:
                log.warning(
                    "an abandoned LLM turn's tool calls were left as they are: a row they wrote "
                    "has changed since (by the user, or another turn)",
                    extra=said,
                )
                metrics.TURNS_RECOVERED.labels("changed").inc()
                done.changed += 1
                done.entries.append({**said, "outcome": "changed"})
    return done


def rows_of(
    saved: dict[str, Any], renumbered: list[tuple[str, Any, Any]] | None = None
) -> list[str]:
    """The rows an undo log (:meth:`UndoLog.saved`'s form) names, as "meetings 7 added", "todos 3
    changed", "meetings 5 removed": tables and ids only; a removed row the recovery brought back
    under a new id (``renumbered``: table, old id, new id) as "meetings 5 removed (restored as
    9)"."""

    def key(pk: list[Any]) -> str:
        return "/".join(map(str, pk))

    new_ids = {(table, str(old)): new for table, old, new in renumbered or []}
    rows = [f"{entry[0]} {key(entry[1])} added" for entry in saved.get("inserted", [])]
    rows += [f"{entry[0]} {key(entry[1])} changed" for entry in saved.get("updated", [])]
    for table, values in saved.get("deleted", []):
        old = str(values.get("id", "?"))
        new = new_ids.get((table, old))
        rows.append(f"{table} {old} removed" + ("" if new is None else f" (restored as {new})"))
    return rows


def _when(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat(timespec="seconds")


def recover_all(engine: Engine, now: datetime | None = None) -> Recovered:
    """Every abandoned entry, batch after batch (the operator's command)."""
    done = Recovered()
    while True:
        batch = recover(engine, now)
        done += batch
        if batch.total < BATCH or batch.reversed + batch.changed == 0:
            return done


def pending_count(engine: Engine) -> int:
    """Entries of turns still running (or not yet past their margin)."""
    with Session(engine) as session:
        return int(session.scalar(select(func.count()).select_from(_journal)) or 0)


class Sweeper:
    """Every :data:`SWEEP_EVERY` seconds, from whichever chat turn comes: every user's abandoned
    entries reversed (another replica may be the one that died). Between sweeps a turn pays one
    comparison of clocks."""

    def __init__(self, every: float = SWEEP_EVERY) -> None:
        self.every = every
        self.next = 0.0
        self._lock = threading.Lock()

    def started(self, engine: Engine) -> None:
        """The sweep at the app's start (a database not migrated yet, or not reachable, is
        swept by the first chat turn instead)."""
        try:
            self.sweep(engine)
        except exc.SQLAlchemyError as error:
            self.next = 0.0
            log.info(
                "the turn journal was not swept at start; the first chat turn sweeps it",
                extra={"error": f"{type(error).__name__}: {str(error).splitlines()[0]}"},
            )

    def maybe(self, engine: Engine) -> None:
        if time.monotonic() < self.next or not self._lock.acquire(blocking=False):
            return
        try:
            self._sweep(engine)
        except exc.SQLAlchemyError:
            log.warning("the turn journal sweep failed; tried again later", exc_info=True)
        finally:
            self._lock.release()

    def sweep(self, engine: Engine) -> None:
        with self._lock:
            self._sweep(engine)

    def _sweep(self, engine: Engine) -> None:
        self.next = time.monotonic() + self.every
        recover(engine)
