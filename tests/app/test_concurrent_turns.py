"""Two messages answered at once in one conversation: a pending action is used at most once.

Found by an independent tester: two "yes" sent together to "Did you mean tomorrow at 5:00 PM?"
(a double click, a client's retry) both read the pending reminder and both stored it. The
conversation row now carries a version that every turn checks when it stores its state; the
turn that loses the race is answered again from the state the winner left."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

import pytest

from app.assistant import Assistant
from tests.app.conftest import Api

# messages say "tomorrow" and bare hours: read at a fixed afternoon, not in the small hours
pytestmark = [pytest.mark.both_databases, pytest.mark.usefixtures("daytime")]


def _together(api: Api, app: Any, messages: list[str], cid: int) -> list[Any]:
    """Send ``messages`` to conversation ``cid`` from one thread each; every turn waits at a
    barrier once it has read the conversation, so all of them read the same pending action."""
    barrier = threading.Barrier(len(messages), timeout=20)
    original = Assistant.respond

    waited: set[str] = set()

    def respond(self: Assistant, turn: Any) -> Any:
        name = threading.current_thread().name
        if name.startswith("racer") and name not in waited:  # a retried turn goes on alone
            waited.add(name)
            barrier.wait()
        return original(self, turn)

    results: list[Any] = [None] * len(messages)

    def send(i: int) -> None:
        client = app.test_client()
        results[i] = client.post(
            "/v1/chat",
            json={"message": messages[i], "conversation_id": cid},
            headers={"Authorization": f"Bearer {api.token}"},
        )

    Assistant.respond = respond  # type: ignore[method-assign]
    try:
        threads = [
            threading.Thread(target=send, args=(i,), name=f"racer-{i}")
            for i in range(len(messages))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    finally:
        Assistant.respond = original  # type: ignore[method-assign]
    return results


def test_two_yes_to_one_question_store_one_reminder(app: Any, api: Api) -> None:
    first = api.chat("remind me to call Rosa at 5am")
    assert first["pending"], first["reply"]
    cid = first["conversation_id"]
    results = _together(api, app, ["yes", "yes"], cid)
    assert [r.status_code for r in results] == [200, 200], [r.json for r in results]
    replies = sorted(r.json["reply"] for r in results)
    assert any("nothing to confirm" in reply for reply in replies), replies
    reminders = api.get("/v1/reminders").json["reminders"]
    assert len(reminders) == 1, reminders
    # both turns are in the conversation, in the order they were stored
    messages = api.get(f"/v1/conversations/{cid}").json["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant"] * 3


def test_two_answers_to_one_slot_store_one_reminder(app: Any, api: Api) -> None:
    first = api.chat("remind me to call Rosa")
    assert first["pending"], first["reply"]
    cid = first["conversation_id"]
    results = _together(api, app, ["tomorrow at 10am", "tomorrow at 11am"], cid)
    assert [r.status_code for r in results] == [200, 200], [r.json for r in results]
    reminders = api.get("/v1/reminders").json["reminders"]
    assert len(reminders) == 1, reminders


def test_a_conversation_that_keeps_changing_answers_409_and_stores_nothing(
    app: Any, api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.orm import Session

    from app.db import engine_of
    from app.db.tables import Conversation

    first = api.chat("remind me to call Rosa at 5am")
    cid = first["conversation_id"]
    original = Assistant.respond

    def respond(self: Assistant, turn: Any) -> Any:
        with Session(engine_of(app)) as other:  # another turn stores first, every time
            row = other.get(Conversation, cid)
            assert row is not None
            row.updated_at = datetime.now(UTC)
            other.commit()
        return original(self, turn)

    monkeypatch.setattr(Assistant, "respond", respond)
    r = api.post("/v1/chat", json={"message": "yes", "conversation_id": cid})
    assert r.status_code == 409, r.json
    assert r.json["code"] == "conversation_busy"
    assert "send it again" in r.json["message"]
    monkeypatch.setattr(Assistant, "respond", original)
    assert api.get("/v1/reminders").json["reminders"] == []
    messages = api.get(f"/v1/conversations/{cid}").json["messages"]
    assert len(messages) == 2  # only the first turn
