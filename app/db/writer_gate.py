"""SQLite writers queue on a lock file instead of SQLite's busy handler.

SQLite lets one connection write at a time. A second writer's first ``INSERT`` finds the
database locked and SQLite's busy handler sleeps and retries, with sleeps growing from 1 ms to
100 ms: under load a writer often sleeps long after the lock came free. Measured under the
bench's chat load, a quarter of a turn's time went to that wait and chat's p99 was about twice
what it became with this gate.

Here a connection about to open a write transaction first takes an exclusive ``flock`` on a file
beside the database (``<database>-writer.lock``), and lets it go when the transaction ends
(commit, rollback or close). Every connection opens the file on its own, so the lock orders the
threads of one worker as well as the workers and the other processes (the CLI, migrations).
A waiting writer retries every 0.2 to 2 ms.

The gate only orders writers; SQLite's own locking still decides what is safe. A writer that
has waited :data:`WAIT_SECONDS` (the busy timeout) goes on without the gate and SQLite answers
as it did before, so a stuck holder can delay writers but never hang them. Reads are never
gated. Statements that open a transaction without starting with ``INSERT``, ``UPDATE``,
``DELETE`` or ``REPLACE`` (an explicit ``BEGIN``, ``WITH … INSERT``, scripts) are not gated
either: SQLite's busy handler serves them, as before.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
import time
from collections.abc import Iterable
from typing import Any

WAIT_SECONDS = 30.0
_FIRST_PAUSE = 0.0002
_LONGEST_PAUSE = 0.002
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLAC")


def lock_path(database: str) -> str | None:
    """The gate's file for a database path (None for in-memory and URI databases)."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return f"{database}-writer.lock"


def _opens_write(connection: sqlite3.Connection, sql: str) -> bool:
    return not connection.in_transaction and sql.lstrip()[:6].upper() in _WRITES


class GatedCursor(sqlite3.Cursor):
    """A cursor whose write statements pass the connection's gate first."""

    connection: GatedConnection

    def _gated(self, run: Any, sql: str, arguments: Any) -> GatedCursor:
        connection = self.connection
        if _opens_write(connection, sql):
            connection.enter_gate()
        try:
            run(sql, arguments)
        finally:
            if not connection.in_transaction:  # autocommit, or the statement failed to begin
                connection.leave_gate()
        return self

    def execute(self, sql: str, parameters: Any = (), /) -> GatedCursor:
        return self._gated(super().execute, sql, parameters)

    def executemany(self, sql: str, seq_of_parameters: Iterable[Any], /) -> GatedCursor:
        return self._gated(super().executemany, sql, seq_of_parameters)


class GatedConnection(sqlite3.Connection):
    """``sqlite3.connect(..., factory=GatedConnection)``: holds the database's writer gate from
    the statement that opens a write transaction until the transaction ends."""

    wait_seconds = WAIT_SECONDS

    def __init__(self, database: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(database, *args, **kwargs)
        # the gate is waited for at most as long as SQLite's own busy handler (``timeout``)
        self.busy_timeout = float(kwargs.get("timeout", WAIT_SECONDS))
        self.gated = False  # whether this connection holds the gate now
        self._gate_fd: int | None = None
        path = lock_path(os.fsdecode(database))
        if path is not None:
            self._gate_fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)

    def cursor(self, factory: Any = GatedCursor) -> Any:
        return super().cursor(factory)

    # the driver's shortcuts, through a gated cursor
    def execute(self, sql: str, parameters: Any = (), /) -> GatedCursor:
        cursor: GatedCursor = self.cursor()
        return cursor.execute(sql, parameters)

    def executemany(self, sql: str, seq_of_parameters: Iterable[Any], /) -> GatedCursor:
        cursor: GatedCursor = self.cursor()
        return cursor.executemany(sql, seq_of_parameters)

    def enter_gate(self) -> None:
        """Take the gate, waiting up to :attr:`wait_seconds`; past that, go on without it."""
        if self._gate_fd is None or self.gated:
            return
        deadline = time.monotonic() + min(self.wait_seconds, self.busy_timeout)
        pause = _FIRST_PAUSE
        while True:
            try:
                fcntl.flock(self._gate_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return  # SQLite's own busy handling decides from here
                time.sleep(pause)
                pause = min(pause * 2, _LONGEST_PAUSE)
            else:
                self.gated = True
                return

    def leave_gate(self) -> None:
        if getattr(self, "gated", False) and self._gate_fd is not None:
            self.gated = False
            fcntl.flock(self._gate_fd, fcntl.LOCK_UN)

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            if not self.in_transaction:
                self.leave_gate()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.leave_gate()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._close_gate()

    def _close_gate(self) -> None:
        self.leave_gate()
        fd, self._gate_fd = getattr(self, "_gate_fd", None), None
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)  # closing the file lets go of its lock too

    def __del__(self) -> None:  # a connection dropped without close() frees the gate
        with contextlib.suppress(Exception):  # at interpreter exit the modules may be gone
            self._close_gate()
