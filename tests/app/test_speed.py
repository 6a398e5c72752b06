"""The per-request work kept small without weakening a check (issue 17, speed): tokens looked up
with one Core statement on every request (a revocation holds at once), last use written at most
once per interval, the in-process rate-limit storage without a thread per hit, no database write
before the skill answers, and the time reader's shortcuts (compiled patterns reused, no parse for
a duration when no unit of time is named) changing no reading."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
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
def test_the_user_row_is_loaded_only_where_a_route_uses_it(
    app: Any, api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import event

    from app import auth
    from app.db import engine_of

    engine = engine_of(app)
    selects: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            selects.append(statement)

    lookups: list[Any] = []
    first = auth._LOOKUP.first

    def counted(*args: Any, **kwargs: Any) -> Any:
        lookups.append(row := first(*args, **kwargs))
        return row

    assert api.post("/v1/intent", json={"text": "hello"}).status_code == 200  # last use written
    event.listen(engine, "before_cursor_execute", count)
    monkeypatch.setattr(auth._LOOKUP, "first", counted)
    try:
        assert api.post("/v1/intent", json={"text": "hello"}).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    # the token's lookup (its prepared SELECT, on the DBAPI cursor: no engine event), nothing else
    assert len(lookups) == 1
    assert lookups[0] is not None
    assert selects == []
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
    with pytest.raises(ValueError, match="flags"):
        regex.search(compiled, text, regex.IGNORECASE)  # flags with a compiled pattern: refused
    # a pattern string without flags: compiled once, then the same pattern object each time
    source = r"(\d+)\s*(min|hours?)"
    assert regex.findall(source, text) == [("10", "min"), ("2", "hours")]
    assert regex._main._compile(source, 0, False, {}, True) is regex._main._compile(
        source, 0, False, {}, True
    )
    # with flags or named lists: the library's own path, the same answers
    assert regex.findall(r"MIN|HOURS", text, flags=regex.IGNORECASE) == ["min", "hours"]
    assert regex.search(r"\L<units>", text, units=["hours"]).group(0) == "hours"
    assert regex.search(r"(?i)THEN", text).span() == (12, 16)


def test_the_time_readers_matches_keep_the_gil_and_find_the_same() -> None:
    """Once the parser's models are loaded, ``regex``'s module functions match without
    releasing the GIL (``concurrent=False``), with the same matches; ``concurrent=True`` asked
    for explicitly is still honoured, and installing twice changes nothing."""
    import inspect

    import regex

    from app.skills import time_reader

    text = "call mom at 5pm, then at 6pm; no: at 7"
    before = [m.span() for m in regex.finditer(r"\bat (\d+)(pm)?", text)]
    time_reader._model("en")
    time_reader._hold_the_gil_while_matching()
    for name in ("finditer", "search", "match", "fullmatch", "findall", "sub", "split"):
        assert inspect.signature(getattr(regex, name)).parameters["concurrent"].default is False
    assert [m.span() for m in regex.finditer(r"\bat (\d+)(pm)?", text)] == before
    assert [m.span() for m in regex.finditer(r"\bat (\d+)(pm)?", text, concurrent=True)] == before
    assert regex.sub(r"\d+", "N", text) == "call mom at Npm, then at Npm; no: at N"


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


@contextmanager
def _statements(app: Any, prepared: list[str] | None = None) -> Iterator[list[str]]:
    """The SQL the app's engine sends within the block, whitespace folded, upper case; the
    statements run by ``db.PreparedRead``/``db.PreparedWrite`` (which the engine's events do not
    see) are added to ``prepared`` as well, when given."""
    from unittest import mock

    from sqlalchemy import event

    from app.db import _Prepared, engine_of

    engine = engine_of(app)
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        sent.append(" ".join(statement.split()).upper())

    run = _Prepared._run

    def record_prepared(self: Any, connection: Any, *args: Any, **kwargs: Any) -> Any:
        if prepared is not None:
            sql = self._prepare(connection.dialect).sql
            prepared.append(" ".join(sql.split()).upper())
        return run(self, connection, *args, **kwargs)

    event.listen(engine, "before_cursor_execute", record)
    try:
        with mock.patch.object(_Prepared, "_run", record_prepared):
            yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


@pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
def test_a_chat_turn_reads_the_user_with_the_token(app: Any, api: Api) -> None:
    """The token lookup's one SELECT carries the user's row: a chat turn queries no ``users``,
    and a change to the user made in the turn (the language it asks for) is still stored."""
    api.chat("hello there")  # last use written
    with _statements(app) as statements:
        first = api.chat("what can you do")
        switched = api.chat("speak to me in Spanish", first["conversation_id"])
    assert not [s for s in statements if s.startswith("SELECT") and "FROM USERS" in s]
    assert switched["lang"] == "es"
    assert api.get("/v1/users/me").json["locale"] == "es"
    shown = api.get(f"/v1/conversations/{first['conversation_id']}").json
    assert [m["role"] for m in shown["messages"]] == ["user", "assistant"] * 2
    assert shown["messages"][-1]["id"] == switched["message_id"]


@pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
def test_a_chat_turn_stores_its_rows_with_prepared_inserts(app: Any, api: Api) -> None:
    """A turn's conversation (when new), two messages (in one statement) and request-log row,
    written by the prepared inserts, with every column's value."""
    from sqlalchemy import text

    from app.db import engine_of

    engine = engine_of(app)
    api.chat("hello there")  # last use written
    prepared: list[str] = []
    with _statements(app, prepared) as statements:
        first = api.chat("what can you do")
        second = api.chat("thanks a lot", first["conversation_id"])
    assert not [s for s in statements if "INSERT" in s]  # none through SQLAlchemy's execution
    # the conversation (first turn only), the messages, the log row
    assert [s.split(" (")[0] for s in prepared if s.startswith("INSERT")] == [
        "INSERT INTO CONVERSATIONS",
        "INSERT INTO MESSAGES",
        "INSERT INTO REQUEST_LOG",
        "INSERT INTO MESSAGES",
        "INSERT INTO REQUEST_LOG",
    ]
    cid = first["conversation_id"]
    assert second["conversation_id"] == cid
    with engine.connect() as conn:
        conversation = conn.execute(
            text("SELECT user_id, state, created_at, updated_at FROM conversations WHERE id = :id"),
            {"id": cid},
        ).one()
        messages = conn.execute(
            text(
                "SELECT id, role, text, intent, confidence, skill, path, created_at FROM messages"
                " WHERE conversation_id = :id ORDER BY id"
            ),
            {"id": cid},
        ).all()
        logged = conn.execute(
            text(
                "SELECT user_id, route, status, intent, confidence, skill, path, latency_ms,"
                " model_version, created_at FROM request_log ORDER BY id DESC LIMIT 2"
            )
        ).all()
    assert conversation.user_id == api.user_id
    assert conversation.created_at is not None
    assert conversation.updated_at is not None
    assert [(m.role, m.text) for m in messages] == [
        ("user", "what can you do"),
        ("assistant", messages[1].text),
        ("user", "thanks a lot"),
        ("assistant", messages[3].text),
    ]
    assert [m.id for m in messages][1::2] == [first["message_id"], second["message_id"]]
    assert messages[1].intent == first["intent"]
    assert messages[1].skill == first["skill"]
    assert messages[0].intent is None
    assert messages[0].confidence is None
    assert messages[1].confidence == pytest.approx(first["confidence"], abs=1e-6)
    assert all(m.created_at is not None for m in messages)
    assert [(row.route, row.status, row.user_id) for row in logged] == [
        ("/v1/chat", 200, api.user_id)
    ] * 2
    assert logged[0].intent == second["intent"]
    assert logged[0].path == second["path"]
    assert [row.confidence for row in logged][::-1] == [
        pytest.approx(turn["confidence"], abs=1e-6) for turn in (first, second)
    ]
    assert all(row.latency_ms > 0 and row.model_version and row.created_at for row in logged)
    state = (
        conversation.state
        if isinstance(conversation.state, dict)
        else json.loads(conversation.state)
    )
    assert state["last_skill"] == second["skill"]


def test_extractions_are_reused_within_a_message_with_the_same_readings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The extractors' results remembered within one message: the same readings as the library's
    own path, each caller getting results of its own, and only identical extractors sharing."""
    from datetime import datetime

    from recognizers_date_time.date_time.base_date import BaseDateExtractor
    from recognizers_number.number.extractors import BaseNumberExtractor

    from app.skills import time_reader

    time_reader.warm_up()
    reference = datetime(2026, 3, 4, 9, 30)
    messages = [
        ("schedule a meeting with Ana tomorrow at 10", "en"),
        ("remind me to call mom at 5pm on the 3rd", "en"),
        ("what's on my calendar friday", "en"),
        ("every monday at 9 for 2 hours, starting in 3 days", "en"),
        ("agenda una reunión el 12 de mayo a las 3 y media de la tarde", "es"),
        ("recuérdame llamar a mamá en dos horas", "es"),
        ("el próximo viernes 13/05 de 10 a 11:30", "es"),
    ]
    remembered = [repr(time_reader._recognize(t, lang, reference)) for t, lang in messages]

    class _Off:
        def __enter__(self) -> None:
            return None

        def __exit__(self, *_: object) -> None:
            return None

    original = time_reader._extractions_remembered
    time_reader._extractions_remembered = _Off  # type: ignore[assignment,misc]
    try:
        plain = [repr(time_reader._recognize(t, lang, reference)) for t, lang in messages]
    finally:
        time_reader._extractions_remembered = original  # type: ignore[misc]
    assert remembered == plain

    config = time_reader._model("en").extractor.config
    ordinals = config.date_extractor.config.ordinal_extractor
    assert isinstance(ordinals, BaseNumberExtractor)
    dates = config.date_extractor
    assert isinstance(dates, BaseDateExtractor)
    with time_reader._extractions_remembered():
        first = ordinals.extract("on the 3rd and the 4th")
        first[0].start = 99
        again = ordinals.extract("on the 3rd and the 4th")
        day = dates.extract("see you friday", reference)
        day[0].text = "changed"
        day_again = dates.extract("see you friday", reference)
        next_day = dates.extract("see you friday", datetime(2026, 3, 6, 9, 30))
    assert [r.text for r in again] == ["3rd", "4th"]
    assert again[0].start != 99
    assert [r.text for r in day_again] == ["friday"]
    assert next_day is not day_again  # another reference time: extracted again
    # the English and the Spanish date extractors are not the same extractor
    spanish_dates = time_reader._model("es").extractor.config.date_extractor
    assert time_reader._signature(spanish_dates) != time_reader._signature(dates)
    english_dates = config.date_period_extractor.config.date_point_extractor
    assert english_dates is not dates
    assert time_reader._signature(english_dates) == time_reader._signature(dates)

    def unreadable(_: Any) -> int:
        raise RecursionError("an extractor unlike the ones measured")

    monkeypatch.setattr(time_reader, "_signature", unreadable)  # the library's own path
    with time_reader._extractions_remembered():
        assert [r.text for r in dates.extract("see you friday", reference)] == ["friday"]


def test_the_security_headers_are_flask_talismans() -> None:
    """The precomputed headers are exactly what flask-talisman sends for the same policy, on a
    page, on the docs page (whose CSP then also allows its own inline scripts by hash: not
    compared here, tests/app/test_security.py checks it) and over HTTPS (HSTS)."""
    from flask import Flask
    from flask_talisman import Talisman

    from app import security

    def pages(configure: Any) -> Any:
        app = Flask("headers")
        app.add_url_rule("/page", "page", lambda: "ok")
        app.add_url_rule("/docs", "openapi.docs", lambda: "docs")
        configure(app)
        return app.test_client()

    def talisman(app: Flask) -> None:
        guard = Talisman()
        guard.init_app(
            app,
            force_https=False,
            content_security_policy=security.CSP,
            frame_options="DENY",
            referrer_policy="no-referrer",
            session_cookie_secure=False,
        )

    ours, theirs = pages(security.init_app), pages(talisman)
    for path in ("/page", "/docs"):
        for proto in ("http", "https"):
            headers = {"X-Forwarded-Proto": proto}
            mine = ours.get(path, headers=headers).headers
            expected = theirs.get(path, headers=headers).headers
            assert sorted(mine.items()) == sorted(expected.items()), (path, proto)


@pytest.fixture
def freezes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """gc.freeze() recorded, not done: this test process keeps collecting its garbage."""
    import gc

    done: list[int] = []
    monkeypatch.setattr(gc, "freeze", lambda: done.append(1))
    return done


def _no_warm_up_running() -> None:
    from app.factory import WARM_UP_THREAD

    for thread in threading.enumerate():
        if thread.name == WARM_UP_THREAD:  # an earlier test's app's own
            thread.join(60)


def test_a_first_warm_up_shortens_turns_and_holds_off_full_collections(
    freezes: list[int],
) -> None:
    """Two first warm-ups overlapping: the first in shortens the switch interval and puts full
    collections off (young ones go on), both stay so until the last one is out, which puts them
    back and freezes what is alive once."""
    import gc
    import sys

    from app.factory import _WarmUpBesideRequests

    _no_warm_up_running()
    beside = _WarmUpBesideRequests()
    interval, thresholds = sys.getswitchinterval(), gc.get_threshold()
    during = (beside.INTERVAL, (*thresholds[:2], beside.NO_FULL_PASS))
    assert gc.isenabled()
    seen: dict[str, tuple[float, tuple[int, ...]]] = {}
    first_in, second_in, first_may_end, second_may_end = (threading.Event() for _ in range(4))

    def warm(name: str, entered: threading.Event, may_end: threading.Event) -> None:
        seen[name] = (sys.getswitchinterval(), gc.get_threshold())
        entered.set()
        assert may_end.wait(10)

    threads = [
        threading.Thread(target=beside.run, args=(lambda: warm("first", first_in, first_may_end),)),
        threading.Thread(
            target=beside.run, args=(lambda: warm("second", second_in, second_may_end),)
        ),
    ]
    threads[0].start()
    assert first_in.wait(10)
    threads[1].start()
    assert second_in.wait(10)
    first_may_end.set()
    threads[0].join(10)
    assert (sys.getswitchinterval(), gc.get_threshold(), freezes) == (*during, [])  # one runs
    second_may_end.set()
    threads[1].join(10)
    assert (sys.getswitchinterval(), gc.get_threshold(), freezes) == (interval, thresholds, [1])
    assert seen == {"first": during, "second": during}
    assert gc.isenabled()


def test_an_app_built_with_the_models_loaded_changes_nothing(  # type: ignore[no-untyped-def]
    app_settings, freezes: list[int]
) -> None:
    """A worker forked from a master that loaded the models (or another app in this process)
    starts no warm-up: the interval, the collector and what is frozen stay as they were."""
    import gc
    import sys

    from app import create_app
    from app.factory import WARM_UP_THREAD, load_time_reader
    from app.skills import when

    load_time_reader()
    _no_warm_up_running()
    before = (sys.getswitchinterval(), gc.get_threshold())
    application = create_app(app_settings)
    assert when.loaded()
    assert not [t for t in threading.enumerate() if t.name == WARM_UP_THREAD]
    assert ((sys.getswitchinterval(), gc.get_threshold()), freezes) == (before, [])
    from app.db import engine_of

    engine_of(application).dispose()


def test_a_failed_warm_up_puts_everything_back(freezes: list[int]) -> None:
    import gc
    import sys

    from app.factory import _WarmUpBesideRequests

    _no_warm_up_running()
    before = (sys.getswitchinterval(), gc.get_threshold())

    def broken() -> None:
        raise RuntimeError("no models")

    with pytest.raises(RuntimeError):
        _WarmUpBesideRequests().run(broken)
    assert ((sys.getswitchinterval(), gc.get_threshold()), freezes) == (before, [1])


def test_a_process_without_the_collector_keeps_it_off(freezes: list[int]) -> None:
    import gc

    from app.factory import _WarmUpBesideRequests

    _no_warm_up_running()
    before = gc.get_threshold()
    gc.disable()
    try:
        _WarmUpBesideRequests().run(lambda: None)
        assert (gc.isenabled(), gc.get_threshold(), freezes) == (False, before, [])
    finally:
        gc.enable()


def test_the_time_reader_says_when_its_models_are_loaded() -> None:
    from app.skills import when

    when.warm_up()
    assert when.loaded()
