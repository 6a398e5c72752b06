"""Probe 30's finding H-1: a tool call the skill answered with a question and nothing written
("That overlaps with “Dentist” (tomorrow at 3:00 PM). Book it anyway?") was counted as done, and
the model's "Done! I've booked your meeting" was served. Such a call is now a failed one (code
``not_done``): the turn falls back, the local path asks the question, and the user's answer
settles it."""

from __future__ import annotations

from typing import Any

import pytest

from bench.fake_openai import FakeOpenAI, text, tool_call
from tests.app.conftest import Api
from tests.llm.test_faults import meetings, tomorrow_at

MESSAGE = "I would like to book a meeting with Rosa tomorrow at 3pm please, thanks a lot"


@pytest.mark.both_databases
@pytest.mark.usefixtures("daytime")  # "tomorrow at 3pm" is asked about in Lima's small hours
def test_an_overlap_asked_about_is_not_served_as_booked(
    app: Any, api: Api, fake: FakeOpenAI
) -> None:
    api.post("/v1/meetings", json={"title": "Dentist", "starts_at": tomorrow_at(15)})
    fake.script(
        tool_call("book_meeting", {"title": "Meeting with Rosa", "starts_at": tomorrow_at(15)}),
        text("Done! I've booked your meeting with Rosa for tomorrow at 3pm."),
    )
    asked = api.chat(MESSAGE)
    assert asked["path"] == "fallback", asked
    assert asked["data"]["fallback_reason"] == "tool_failed"
    [tried] = asked["data"]["llm_tools"]
    assert (tried["ok"], tried["code"]) == (False, "not_done")
    assert "Book it anyway?" in tried["error"]
    assert "Done" not in asked["reply"], asked["reply"]
    assert "overlaps" in asked["reply"], asked["reply"]
    assert asked["pending"] is True
    assert meetings(app) == 1  # only the dentist, until the user says yes
    yes = api.chat("yes", asked["conversation_id"])
    assert yes["reply"].startswith("Booked"), yes["reply"]
    assert meetings(app) == 2


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_booking_the_model_forces_after_the_question_is_done(
    app: Any, api: Api, fake: FakeOpenAI
) -> None:
    # the tool's description lets the model book over an overlap (book_if_overlapping): the
    # second call booked, so the first one's question was answered
    api.post("/v1/meetings", json={"title": "Dentist", "starts_at": tomorrow_at(15)})
    args = {"title": "Meeting with Rosa", "starts_at": tomorrow_at(15)}
    fake.script(
        tool_call("book_meeting", args),
        tool_call("book_meeting", {**args, "book_if_overlapping": True}),
        text("Booked, although it overlaps your dentist appointment."),
    )
    reply = api.chat(MESSAGE)
    assert reply["path"] == "llm", reply
    assert meetings(app) == 2


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_question_after_a_write_is_still_a_done_call(
    app: Any, api: Api, fake: FakeOpenAI
) -> None:
    fake.script(
        tool_call("book_meeting", {"title": "Meeting with Rosa", "starts_at": tomorrow_at(11)}),
        text("Booked your meeting with Rosa tomorrow at 11."),
    )
    reply = api.chat(MESSAGE.replace("3pm", "11am"))
    assert reply["path"] == "llm", reply
    assert meetings(app) == 1
