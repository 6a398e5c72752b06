"""SQLite's writer gate (app/db/writer_gate.py): held from the statement that opens a write
transaction to its end, however it ends; other threads and processes wait for it; a holder that
never lets go delays a writer by the busy timeout at most."""

from __future__ import annotations

import fcntl
import gc
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError


@pytest.fixture
def engine(tmp_path: Path) -> Any:
    from app.db import make_engine

    made = make_engine(f"sqlite:///{tmp_path / 'gate.db'}")
    with made.begin() as conn:
        conn.execute(text("CREATE TABLE counter (n INTEGER NOT NULL)"))
        conn.execute(text("INSERT INTO counter VALUES (0)"))
    yield made
    made.dispose()


def _gate_is_free(tmp_path: Path) -> bool:
    fd = os.open(tmp_path / "gate.db-writer.lock", os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)  # closing also lets go of a lock taken just now
    return True


def _dbapi(conn: Any) -> Any:
    return conn.connection.dbapi_connection


@pytest.mark.parametrize("end", ["commit", "rollback", "close"])
def test_a_write_transaction_holds_the_gate_until_it_ends(
    engine: Engine, tmp_path: Path, end: str
) -> None:
    conn = engine.connect()
    conn.execute(text("SELECT n FROM counter"))  # a read opens no transaction, takes no gate
    assert not _dbapi(conn).gated
    assert _gate_is_free(tmp_path)
    conn.execute(text("UPDATE counter SET n = n + 1"))
    conn.execute(text("UPDATE counter SET n = n + 1"))
    assert _dbapi(conn).gated
    assert not _gate_is_free(tmp_path)
    if end == "commit":
        conn.commit()
    elif end == "rollback":
        conn.rollback()
    else:
        _dbapi(conn).close()  # the driver's connection closed under the transaction
    assert _gate_is_free(tmp_path)
    conn.invalidate() if end == "close" else conn.close()


def test_a_write_that_fails_to_start_lets_the_gate_go(engine: Engine, tmp_path: Path) -> None:
    with engine.connect() as conn:
        with pytest.raises(OperationalError):
            conn.execute(text("INSERT INTO missing VALUES (1)"))
        assert not _dbapi(conn).gated
        assert _gate_is_free(tmp_path)


def test_a_connection_dropped_without_close_lets_the_gate_go(
    engine: Engine, tmp_path: Path
) -> None:
    from app.db.writer_gate import GatedConnection

    raw = sqlite3.connect(tmp_path / "gate.db", factory=GatedConnection)
    raw.execute("UPDATE counter SET n = n + 1")
    assert raw.gated
    assert not _gate_is_free(tmp_path)
    del raw
    gc.collect()
    assert _gate_is_free(tmp_path)


def test_threads_take_turns_and_lose_no_write(engine: Engine) -> None:
    errors: list[BaseException] = []

    def add(times: int) -> None:
        try:
            for _ in range(times):
                with engine.begin() as conn:
                    conn.execute(text("UPDATE counter SET n = n + 1"))
                    conn.execute(text("UPDATE counter SET n = n + 1"))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(50,)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with engine.connect() as conn:
        assert conn.execute(text("SELECT n FROM counter")).scalar_one() == 800


_HOLDER = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
fcntl.flock(fd, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(float(sys.argv[2]))
with open(sys.argv[3], "w") as out:
    out.write(repr(time.time()))
fcntl.flock(fd, fcntl.LOCK_UN)
time.sleep(30)
"""


def _hold_in_another_process(tmp_path: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(tmp_path / "gate.db-writer.lock"), str(seconds),
         str(tmp_path / "released")],
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_a_writer_waits_for_another_process_holding_the_gate(
    engine: Engine, tmp_path: Path
) -> None:
    holder = _hold_in_another_process(tmp_path, 0.5)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE counter SET n = n + 1"))
            entered = time.time()
            assert _dbapi(conn).gated
        assert entered >= float((tmp_path / "released").read_text())
    finally:
        holder.kill()
        holder.wait()


def test_a_holder_that_never_lets_go_delays_a_writer_by_the_wait_at_most(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.db.writer_gate import GatedConnection

    monkeypatch.setattr(GatedConnection, "wait_seconds", 0.3)
    holder = _hold_in_another_process(tmp_path, 60)
    try:
        with engine.begin() as conn:  # SQLite itself is free: the write goes on without the gate
            conn.execute(text("UPDATE counter SET n = n + 1"))
            assert not _dbapi(conn).gated
        with engine.connect() as conn:
            assert conn.execute(text("SELECT n FROM counter")).scalar_one() == 1
    finally:
        holder.kill()
        holder.wait()
