"""The per-request work kept small without weakening a check (issue 17, speed): tokens looked up
with one Core statement on every request (a revocation holds at once), last use written at most
once per interval, the in-process rate-limit storage without a thread per hit, no database write
before the skill answers, and the time reader's shortcuts (compiled patterns reused, no parse for
a duration when no unit of time is named) changing no reading."""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import timedelta
from typing import Any

import pytest

from tests.app.conftest import Api


@pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
def test_a_revoked_token_is_refused_on_its_next_request(app: Any, api: Any) -> None:
    from app.db import engine_of
    from app.db.maintenance import new_token_for

    assert api.get("/v1/users/me").status_code == 200
    url = engine_of(app).url.render_as_string(hide_password=False)
    fresh = new_token_for(url, api.name, revoke_others=True)  # as `slipway users token` does
    assert fresh is not None
    r = api.get("/v1/users/me")
    assert r.status_code == 401
    assert r.json["code"] == "invalid_token"
    assert api.get("/v1/users/me", headers={"Authorization": f"Bearer {fresh}"}).status_code == 200


@pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
def test_last_use_is_written_once_per_interval(app: Any, api: Any) -> None:
    from sqlalchemy import event, select
    from sqlalchemy.orm import Session

    from app import auth
    from app.db import engine_of
    from app.db.tables import Token

    engine = engine_of(app)
    updates: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.lstrip().upper().startswith("UPDATE TOKENS"):
            updates.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        for _ in range(5):
            assert api.post("/v1/intent", json={"text": "hello"}).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(updates) == 1
    with Session(engine) as session:
        used = session.scalar(select(Token.last_used_at).where(Token.user_id == api.user_id))
    assert used is not None
    # the next write comes only once the interval has passed
    with Session(engine) as session:
        row = session.scalars(select(Token).where(Token.user_id == api.user_id)).one()
        row.last_used_at = used - auth._TOUCH_EVERY - timedelta(seconds=1)
        session.commit()
    assert api.get("/v1/users/me").status_code == 200
    with Session(engine) as session:
        again = session.scalar(select(Token.last_used_at).where(Token.user_id == api.user_id))
    assert again is not None
    assert again > used - auth._TOUCH_EVERY


@pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
def test_the_user_row_is_loaded_only_where_a_route_uses_it(app: Any, api: Any) -> None:
    from sqlalchemy import event

    from app.db import engine_of

    engine = engine_of(app)
    selects: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            selects.append(statement)

    assert api.post("/v1/intent", json={"text": "hello"}).status_code == 200  # last use written
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert api.post("/v1/intent", json={"text": "hello"}).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(selects) == 1  # the token, nothing else
    assert "FROM tokens" in selects[0]
    me = api.get("/v1/users/me").json
    assert me["name"] == api.name


def test_memory_rate_limit_storage_starts_no_thread_per_hit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from app.limits import SweptMemoryStorage

    storage = SweptMemoryStorage()
    started: list[threading.Thread] = []
    original = threading.Thread.start

    def counting(self: threading.Thread) -> None:
        started.append(self)
        original(self)

    monkeypatch.setattr(threading.Thread, "start", counting)
    for _ in range(20):
        storage.incr("k", 60)
        time.sleep(0.012)  # past the 10 ms after which limits' storage starts a new timer
    assert started == []
    assert storage.get("k") == 20
    # expiry still holds: a key past its window reads as zero and is swept on a later hit
    storage.incr("short", 1)
    time.sleep(1.1)
    assert storage.get("short") == 0
    storage._next_sweep = 0.0
    storage.incr("k", 60)
    assert "short" not in storage.expirations


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_chat_turn_takes_no_write_lock_before_the_skill_answers(
    app: Any, api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.assistant import Assistant
    from app.db import engine_of

    path = engine_of(app).url.database
    assert path
    free: list[bool] = []
    respond = Assistant.respond

    def probing(self: Assistant, turn: Any) -> Any:
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # fails at once while another writer holds it
            other.execute("ROLLBACK")
            free.append(True)
        except sqlite3.OperationalError:
            free.append(False)
        finally:
            other.close()
        return respond(self, turn)

    monkeypatch.setattr(Assistant, "respond", probing)
    first = api.chat("hello there")  # a new conversation
    api.chat("remind me to call mom at 5pm", first["conversation_id"])
    assert free == [True, True]
    shown = api.get(f"/v1/conversations/{first['conversation_id']}").json
    assert [m["role"] for m in shown["messages"]] == ["user", "assistant"] * 2


def test_compiled_patterns_are_reused_with_the_same_matches() -> None:
    import regex

    from app.skills import time_reader

    time_reader._reuse_compiled_patterns()
    compiled = regex.compile(r"\b(\d+)\s*(min|hours?)\b", regex.IGNORECASE)
    text = "for 10 min, then 2 hours"
    assert [m.group(0) for m in regex.finditer(compiled, text)] == ["10 min", "2 hours"]
    assert regex.search(compiled, text).group(1) == "10"
    assert regex.findall(r"\d+", text) == ["10", "2"]  # a pattern string: the library's path
    with pytest.raises(ValueError, match="flags"):
        regex.search(compiled, text, regex.IGNORECASE)  # flags with a compiled pattern: refused


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("for 10 minutes", "en", timedelta(minutes=10)),
        ("an hour and a half", "en", timedelta(minutes=90)),
        ("for 2 hours", "en", timedelta(hours=2)),
        ("for two weeks", "en", timedelta(weeks=2)),
        ("por una hora", "es", timedelta(hours=1)),
        ("media hora", "es", timedelta(minutes=30)),
        ("por dos semanas", "es", timedelta(weeks=2)),
        ("schedule a meeting with Ana", "en", None),
        ("agenda una reunión con Ana", "es", None),
    ],
)
def test_durations_read_with_the_unit_filter(
    text: str, lang: str, expected: timedelta | None
) -> None:
    from app.skills.time_reader import read_duration

    assert read_duration(text, lang) == expected
