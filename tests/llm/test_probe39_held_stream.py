"""Probe 39, O-L5: on ``/v1/chat/stream`` a model's unbacked "Done! I have added buy milk to your
to-do list." arrived as ten ``delta`` events, then ``reset``, then the local path's answer: a
client that ignores ``reset`` (curl, a simple integration) showed the false claim. The text of a
turn that asks for a write, or has made a tool call, is now held until it is checked and sent
whole; other turns still stream as the model writes."""

from __future__ import annotations

from typing import Any

import pytest

from bench.fake_openai import FakeOpenAI, text, tool_call
from tests.app.conftest import Api
from tests.llm.test_faults import sse, tomorrow_at

CLAIM = "Done! I have added buy milk to your to-do list."


def _stream(api: Api, message: str) -> tuple[list[tuple[str, dict[str, Any]]], str]:
    r = api.post("/v1/chat/stream", json={"message": message})
    assert r.status_code == 200
    body = r.get_data(as_text=True)
    return sse(body), body


@pytest.mark.parametrize(
    "message",
    ["add buy milk to my to-do list", "añade comprar leche a mi lista de pendientes"],
)
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_withdrawn_claim_never_reaches_the_stream(
    api: Api, fake: FakeOpenAI, message: str
) -> None:
    fake.script(text(CLAIM))
    events, body = _stream(api, message)
    assert "added buy milk" not in body
    assert [e for e, _ in events if e != "delta"] == ["done"]  # no reset: nothing to take back
    done = events[-1][1]
    assert done["path"] == "fallback"
    assert done["data"]["fallback_reason"] == "unverified_claim"
    assert [d["text"] for e, d in events if e == "delta"] == [done["reply"]]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_checked_booking_is_sent_whole(api: Api, fake: FakeOpenAI) -> None:
    said = "Booked “Budget” with Ana tomorrow at 3:00 PM. See you there, it will be a good one."
    fake.script(
        tool_call(
            "book_meeting", {"starts_at": tomorrow_at(15), "attendee": "Ana", "title": "Budget"}
        ),
        text(said),
    )
    events, body = _stream(api, "book a budget meeting with Ana tomorrow at 3pm")
    deltas = [d["text"] for e, d in events if e == "delta"]
    assert deltas == [said]
    assert events[-1][1]["path"] == "llm"
    assert ": working" in body  # the stream was kept alive while the text was held


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_question_about_the_list_still_streams(api: Api, fake: FakeOpenAI) -> None:
    fake.script(text("You have nothing on your list yet, so there is nothing to do."))
    events, _body = _stream(api, "what is on my to-do list")
    assert len([e for e, _ in events if e == "delta"]) > 1
    assert events[-1][1]["path"] == "llm"
