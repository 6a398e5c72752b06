"""Probe 26, finding 7: a process killed in the middle of an LLM turn (after ``book_meeting``
committed, while the model's second round stalled) left the meeting booked, no turn stored and
no answer sent; a retry booked twice. The turn's undo log now lives in ``turn_journal`` too
(app/db/journal.py), written with each tool call's commit and deleted with the turn's end; an
entry left past its deadline and margin is reversed (at start, before the user's LLM turns,
every half minute from any chat turn, and by ``slipway db recover-turns``).

The crash is simulated in process: the LLM client raises ``SystemExit`` when the model is
called the second time (after the first round's tool call committed), so neither the fallback's
``undo.apply`` nor the turn's storing runs, as when the process dies there."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from bench.fake_openai import FakeOpenAI, status, text, tool_call
from tests.app.conftest import Api, make_user
from tests.llm.conftest import LLM, Metrics
from tests.llm.test_faults import BOOK, meetings, tomorrow_at

LATER = timedelta(days=1)  # past any entry's deadline and margin


def engine(app: Any) -> Any:
    from app.db import engine_of

    return engine_of(app)


def entries(app: Any) -> list[Any]:
    from app.db.tables import TurnJournal

    with Session(engine(app)) as session:
        return list(session.scalars(select(TurnJournal).order_by(TurnJournal.id)))


def expire(app: Any) -> None:
    """Every entry's deadline and margin over (as if time had passed)."""
    from app.db.tables import TurnJournal

    with Session(engine(app)) as session:
        past = datetime.now(UTC) - timedelta(seconds=1)
        session.execute(update(TurnJournal).values(expires_at=past))
        session.commit()


def recover(app: Any, later: timedelta = LATER) -> Any:
    from app.db.journal import recover

    return recover(engine(app), now=datetime.now(UTC) + later)


@pytest.fixture
def crash(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The process dies when the model is called a second time (the first round's tool call
    committed): ``SystemExit`` is no ``Exception``, so no fallback and no storing runs."""
    from app.llm.client import LLMClient

    original = LLMClient.complete
    calls = [0]

    def complete(self: LLMClient, *args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] >= 2:
            raise SystemExit("killed in the middle of the turn")
        return (yield from original(self, *args, **kwargs))

    monkeypatch.setattr(LLMClient, "complete", complete)
    yield
    monkeypatch.setattr(LLMClient, "complete", original)


def killed_turn(api: Api, fake: FakeOpenAI, *steps: Any, message: str = BOOK) -> None:
    fake.script(*steps)
    with pytest.raises(SystemExit):
        api.post("/v1/chat", json={"message": message})


def book(title: str = "Budget") -> Any:
    return tool_call("book_meeting", {"starts_at": tomorrow_at(15), "title": title})


@pytest.mark.both_databases
def test_a_turn_killed_after_its_tool_call_is_reversed_once_its_entry_expires(
    app: Any, api: Api, fake: FakeOpenAI, crash: None, metrics: Metrics
) -> None:
    before = datetime.now(UTC)
    killed_turn(api, fake, book())
    # what the kill left: the meeting, no turn stored, and the turn's journal entry
    assert meetings(app, "Budget") == 1
    assert api.get("/v1/conversations").json["conversations"] == []
    [entry] = entries(app)
    assert entry.user_id == api.user_id
    assert entry.conversation_id is None  # a new conversation, never stored
    assert [row[0] for row in entry.log["inserted"]] == ["meetings"]
    from app.db.journal import MARGIN

    window = timedelta(seconds=float(str(LLM["llm_deadline"])) + MARGIN)
    assert before + window <= entry.expires_at <= datetime.now(UTC) + window
    # not yet past its deadline and margin: the turn may still be running somewhere
    assert recover(app, later=timedelta(0)).total == 0
    assert meetings(app, "Budget") == 1
    done = recover(app)
    assert (done.reversed, done.changed, done.failed) == (1, 0, 0)
    assert meetings(app, "Budget") == 0
    assert entries(app) == []
    assert metrics.delta("slipway_turns_recovered_total", outcome="reversed") == 1
    assert recover(app).total == 0  # nothing left to do


@pytest.mark.both_databases
def test_a_row_the_user_changed_since_is_left_as_it_is(
    app: Any, api: Api, fake: FakeOpenAI, crash: None, metrics: Metrics, caplog: Any
) -> None:
    killed_turn(api, fake, book())
    [meeting] = api.get("/v1/meetings").json["meetings"]
    moved = api.patch(f"/v1/meetings/{meeting['id']}", json={"starts_at": tomorrow_at(17)})
    assert moved.status_code == 200, moved.json
    with caplog.at_level(logging.WARNING, logger="app.db.journal"):
        done = recover(app)
    assert (done.reversed, done.changed) == (0, 1)
    [kept] = api.get("/v1/meetings").json["meetings"]
    assert kept["id"] == meeting["id"]
    assert kept["starts_at"] == moved.json["starts_at"]
    assert entries(app) == []  # decided once: never tried again
    assert metrics.delta("slipway_turns_recovered_total", outcome="changed") == 1
    [said] = [r for r in caplog.records if "left as they are" in r.getMessage()]
    # probe 30, L-2: which rows, by table and id, never what they hold (the title is the user's)
    assert said.rows == [f"meetings {meeting['id']} added"]  # type: ignore[attr-defined]
    assert said.began  # type: ignore[attr-defined]
    assert "log" not in said.__dict__
    assert meeting["title"] not in str(said.__dict__)


@pytest.mark.both_databases
def test_two_sweeps_at_once_reverse_a_cancel_once(
    make_app: Any, fake: FakeOpenAI, crash: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cancelled meeting comes back once: a second reversal would insert it again (under a
    new id, its own being taken)."""
    from app.db import journal
    from app.db.undo import undo_saved

    fake.script()
    app = make_app(openai_base_url=fake.url, llm_timeout=5.0, llm_deadline=12.0)
    api = Api(app.test_client(), *make_user(app, "ana", "America/Lima"), "ana")
    keep = api.post("/v1/meetings", json={"title": "Keep", "starts_at": tomorrow_at(9)}).json
    killed_turn(
        api,
        fake,
        tool_call("cancel_meeting", {"meeting_id": keep["id"]}),
        message="clear my morning and push the afternoon meeting to 5pm",
    )
    assert meetings(app, "Keep") == 0
    # each sweep holds its reversal open a moment: the other one has read the entry meanwhile
    original = undo_saved

    def slow(session: Session, saved: dict[str, Any], *more: Any) -> bool:
        time.sleep(0.3)
        return original(session, saved, *more)

    monkeypatch.setattr(journal, "undo_saved", slow)
    start = threading.Barrier(2)
    results: list[Any] = []

    def sweep() -> None:
        start.wait()
        results.append(recover(app))

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(r.reversed for r in results) == [0, 1]
    assert sum(r.failed for r in results) == 0
    assert meetings(app, "Keep") == 1
    [back] = api.get("/v1/meetings").json["meetings"]
    assert back["id"] == keep["id"]
    assert entries(app) == []


@pytest.mark.both_databases
def test_the_users_next_llm_turn_reverses_an_abandoned_turn_first(
    app: Any, api: Api, fake: FakeOpenAI, crash: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.llm.client import LLMClient

    killed_turn(api, fake, book())
    expire(app)
    monkeypatch.undo()  # the process restarted: the model answers again
    assert LLMClient.complete.__name__ == "complete"
    seen: list[int] = []
    fake.script(text("You have nothing booked for tomorrow."))
    original = LLMClient.complete

    def complete(self: LLMClient, *args: Any, **kwargs: Any) -> Any:
        seen.append(meetings(app, "Budget"))  # what the model would read
        return (yield from original(self, *args, **kwargs))

    monkeypatch.setattr(LLMClient, "complete", complete)
    reply = api.chat("what do I have tomorrow with my budget meeting?")
    assert reply["path"] == "llm", reply
    assert seen == [0]  # reversed before the model was asked
    assert entries(app) == []


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_any_chat_turn_sweeps_every_users_abandoned_turns_now_and_then(
    app: Any, api: Api, other: Api, fake: FakeOpenAI, crash: None
) -> None:
    from app.extensions import assistant

    killed_turn(api, fake, book())
    expire(app)
    with app.app_context():
        sweeper = assistant().sweeper
    sweeper.next = time.monotonic() + 3600  # swept a moment ago: the turns pay nothing
    assert other.chat("what's the best recipe for lasagna")["path"] == "local"
    assert meetings(app, "Budget") == 1
    sweeper.next = 0.0  # the half minute is over: the next chat turn of anyone sweeps
    assert other.chat("what's the best recipe for lasagna")["path"] == "local"
    assert meetings(app, "Budget") == 0
    assert sweeper.next > time.monotonic() + 10


@pytest.mark.both_databases
def test_an_app_starting_reverses_the_abandoned_turns(
    app: Any, api: Api, fake: FakeOpenAI, crash: None, make_app: Any
) -> None:
    killed_turn(api, fake, book())
    expire(app)
    make_app(openai_base_url=fake.url)  # the restarted process
    assert meetings(app, "Budget") == 0
    assert entries(app) == []


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_local_turn_reads_nothing_of_the_journal_between_sweeps(
    app: Any, api: Api, fake: FakeOpenAI
) -> None:
    from app.extensions import assistant

    with app.app_context():
        assistant().sweeper.next = time.monotonic() + 3600
    said: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        said.append(statement)

    event.listen(engine(app), "before_cursor_execute", seen)
    try:
        assert api.chat("what's the best recipe for lasagna")["path"] == "local"
    finally:
        event.remove(engine(app), "before_cursor_execute", seen)
    assert said  # the turn ran its statements
    assert not [s for s in said if "turn_journal" in s]


@pytest.mark.both_databases
def test_a_turn_that_ends_leaves_no_entry(
    app: Any, api: Api, fake: FakeOpenAI, metrics: Metrics
) -> None:
    """Stored (the entry goes with the turn), or fallen back (with the reversal)."""
    fake.script(book(), text("Booked “Budget” tomorrow at 3:00 PM."))
    assert api.chat(BOOK)["path"] == "llm"
    assert meetings(app, "Budget") == 1
    assert entries(app) == []
    fake.script(book("Half"))
    fake.default = status(500)
    reply = api.chat(BOOK)
    fake.default = None
    assert reply["path"] == "fallback"
    assert meetings(app, "Half") == 0
    assert entries(app) == []
    assert recover(app).total == 0
    assert meetings(app, "Budget") == 1  # the stored turn's booking stays


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_entry_is_written_while_the_turn_runs(make_app: Any, fake: FakeOpenAI) -> None:
    """Seen from another connection while the model's second round stalls: the meeting and
    its entry, both committed."""
    fake.script()
    app = make_app(openai_base_url=fake.url, llm_timeout=5.0, llm_deadline=6.0)
    api = Api(app.test_client(), *make_user(app, "ana", "America/Lima"), "ana")
    fake.script(book(), text("Booked.", delay=1.5))
    done: list[dict[str, Any]] = []
    turn = threading.Thread(target=lambda: done.append(api.chat(BOOK)))
    turn.start()
    deadline = time.monotonic() + 10
    while len(fake.requests) < 2:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    during = (meetings(app, "Budget"), len(entries(app)))
    turn.join(timeout=15)
    assert during == (1, 1)
    assert done[0]["path"] == "llm"
    assert entries(app) == []


def test_slipway_db_recover_turns(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from app.db import make_engine
    from app.db.journal import Journal
    from app.db.migrate import upgrade
    from app.db.tables import Meeting, User
    from app.db.undo import UndoLog
    from pipelines.cli import app as cli

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("SLIPWAY_DATABASE_URL", url)
    upgrade(url)
    db = make_engine(url)
    with Session(db) as session:
        user = User(name="ana")
        session.add(user)
        session.commit()
        now = datetime.now(UTC)
        for title, ago in (("Gone", 3600.0), ("Running", 0.0)):
            undo = UndoLog(
                journal=Journal.for_turn(user.id, None, 15.0, now - timedelta(seconds=ago))
            )
            with undo.recording(session):
                session.add(Meeting(user_id=user.id, title=title, starts_at=now, ends_at=now))
                session.commit()
    r = CliRunner().invoke(cli, ["db", "recover-turns"])
    assert r.exit_code == 0, r.output
    assert "1 reversed, 0 left as they are" in r.output
    assert "1 turn(s) still running" in r.output
    with Session(db) as session:
        assert list(session.scalars(select(Meeting.title))) == ["Running"]
    db.dispose()
