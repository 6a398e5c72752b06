"""Probe 26, finding 7, for real: gunicorn killed with SIGKILL (master and workers) after the LLM
turn's ``book_meeting`` committed, while the model's second round stalls. The turn's journal
entry is there with the meeting; once the entry is past its deadline and margin (moved into the
past here, as time would), the restarted server's start reverses the booking."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bench.fake_openai import openai_server, text, tool_call
from tests.reliability.conftest import add_users, server_env
from tests.reliability.test_durability import _kill_all
from tests.servers import gunicorn_server

pytestmark = pytest.mark.slow


def test_a_server_killed_mid_turn_has_the_booking_reversed_after_its_restart(  # type: ignore[no-untyped-def]
    trained, release_file: Path, tmp_path: Path
) -> None:
    from app.db import make_engine
    from app.db.tables import Meeting, TurnJournal

    database_url = f"sqlite:///{tmp_path / 'assistant.db'}"
    token = add_users(database_url, "ana")["ana"]
    headers = {"Authorization": f"Bearer {token}"}
    with openai_server() as fake:
        env = server_env(
            trained,
            release_file,
            tmp_path,
            database_url,
            OPENAI_API_KEY="test-key",
            SLIPWAY_OPENAI_BASE_URL=fake.url,
            SLIPWAY_LLM_MAX_CONFIDENCE="1.0",
            SLIPWAY_LLM_TIMEOUT="30",
            SLIPWAY_LLM_DEADLINE="30",
        )
        starts = (datetime.now(UTC) + timedelta(days=1)).replace(microsecond=0).isoformat()
        fake.script(
            tool_call("book_meeting", {"starts_at": starts, "title": "Killed midway"}),
            text("Booked.", delay=25),  # the second round stalls
        )
        answered: list[Any] = []

        def chat(url: str) -> None:
            try:
                answered.append(
                    requests.post(
                        f"{url}/v1/chat",
                        json={"message": "book a meeting tomorrow about the budget please"},
                        headers=headers,
                        timeout=40,
                    ).status_code
                )
            except requests.RequestException as exc:
                answered.append(type(exc).__name__)

        with gunicorn_server(env, tmp_path / "first.log") as (url, proc, _):
            turn = threading.Thread(target=chat, args=(url,), daemon=True)
            turn.start()
            deadline = time.monotonic() + 30
            while len(fake.requests) < 2:  # the tool call committed, the second round stalls
                assert time.monotonic() < deadline, (tmp_path / "first.log").read_text()
                time.sleep(0.05)
            listed = requests.get(f"{url}/v1/meetings", headers=headers, timeout=10).json()
            assert [m["title"] for m in listed["meetings"]] == ["Killed midway"]
            _kill_all(proc.pid)
            turn.join(timeout=15)
        assert answered
        assert answered[0] != 200  # the client got no answer
        engine = make_engine(database_url)
        try:
            with Session(engine) as session:
                assert session.scalar(select(func.count()).select_from(TurnJournal)) == 1
                session.execute(
                    update(TurnJournal).values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
                )
                session.commit()
            with gunicorn_server(env, tmp_path / "second.log") as (url, _, _):
                listed = requests.get(f"{url}/v1/meetings", headers=headers, timeout=10).json()
                assert listed["meetings"] == []
            with Session(engine) as session:
                assert session.scalar(select(func.count()).select_from(TurnJournal)) == 0
                assert session.scalar(select(func.count()).select_from(Meeting)) == 0
        finally:
            engine.dispose()
