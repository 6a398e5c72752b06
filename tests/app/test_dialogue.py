"""Per-skill dialogue tests through ``POST /v1/chat``: every reply names its intent, skill and
path; slots missing from a request are asked for and filled from the next message; cancel, yes,
no and repeat act on the pending action or the last reply."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.app.conftest import Api

# messages say "tomorrow" and bare hours: read at a fixed afternoon, not in the small hours
pytestmark = pytest.mark.usefixtures("daytime")


@pytest.fixture
def early_wednesday() -> Iterator[None]:
    """Wednesday 9 December 2026, 05:00 in Lima: "6am" is still ahead today and "next
    Tuesday" and "Friday" name one day each (the reader asks when a time has passed or a
    weekday is ambiguous, so these tests fix the clock)."""
    with time_machine.travel(datetime(2026, 12, 9, 5, 0, tzinfo=ZoneInfo("America/Lima"))):
        yield


def test_every_reply_carries_the_contract(api: Api) -> None:
    r = api.chat("hello there")
    assert {"intent", "confidence", "skill", "path", "conversation_id", "message_id"} <= set(r)
    assert r["intent"] == "greeting"
    assert r["skill"] == "conversation"
    assert r["path"] == "local"
    assert r["model_version"] == "3"
    assert 0 < r["confidence"] <= 1
    again = api.chat("thanks a lot", r["conversation_id"])
    assert again["conversation_id"] == r["conversation_id"]
    assert again["message_id"] > r["message_id"]


@pytest.mark.parametrize(
    ("message", "intent", "needle"),
    [
        ("hi!", "greeting", "Hello ana"),
        ("bye, see you later", "goodbye", "Goodbye"),
        ("thank you so much", "thank_you", "welcome"),
        ("what can I ask you?", "what_can_i_ask_you", "book"),
        ("are you a robot?", "are_you_a_bot", "bot"),
        ("what's your name?", "what_is_your_name", "Slipway"),
        ("who made you?", "who_made_you", "built"),
        ("tell me a joke", "tell_joke", ""),
    ],
)
def test_conversation_skill(api: Api, message: str, intent: str, needle: str) -> None:
    r = api.chat(message)
    assert r["intent"] == intent
    assert r["skill"] == "conversation"
    assert needle in r["reply"]


def test_out_of_scope_refuses_and_says_what_it_can_do(api: Api) -> None:
    for message in ("what's the best recipe for lasagna", "book me a flight to Madrid"):
        r = api.chat(message)
        assert r["intent"] == "oos", message
        assert r["skill"] == "out_of_scope"
        assert "can't help" in r["reply"]
        assert "meetings" in r["reply"]


def test_learning_path_without_a_ranker_says_so(api: Api) -> None:
    """These apps pin no ranker; tests/pathways covers the skill with one."""
    r = api.chat("which courses should I take to become a data analyst?")
    assert r["intent"] == "learning_path"
    assert r["skill"] == "learning_path"
    assert "not available right now" in r["reply"]
    assert r["data"]["available"] is False


def test_faq_quotes_the_passage_and_names_the_source(api: Api) -> None:
    r = api.chat("What are the Saturday opening hours of the Arequipa campus?")
    assert r["skill"] == "knowledge"
    assert r["data"]["found"] is True
    assert r["data"]["source"] == "campuses-and-hours.md"
    assert "campuses-and-hours.md" in r["reply"]
    assert r["cached"] is False


def test_faq_below_the_threshold_says_it_does_not_know(app: Any) -> None:
    assistant = app.extensions["slipway.assistant"]
    text, data = assistant.knowledge.answer("who won the 1954 football world cup final")
    assert data["found"] is False
    assert "don't know" in text


def test_the_local_knowledge_cache_tells_only_the_first_asker(api: Api, other: Api) -> None:
    """Review 176, S-L5: ``cached`` told any user that somebody had asked the same question
    lately; it now says so only to the user whose question filled the entry."""
    question = "What are the Saturday opening hours of the Arequipa campus?"
    first, theirs, again = api.chat(question), other.chat(question), api.chat(question)
    assert first["path"] == theirs["path"] == "local"
    assert theirs["reply"] == again["reply"] == first["reply"]
    assert (first["cached"], theirs["cached"], again["cached"]) == (False, False, True)


def test_faq_answers_are_cached_by_normalized_question(api: Api) -> None:
    from prometheus_client import REGISTRY

    def hits() -> float:
        return REGISTRY.get_sample_value("slipway_cache_requests_total", {"result": "hit"}) or 0

    before = hits()
    first = api.chat("How much does it cost to move to a different cohort?")
    second = api.chat("how much does it cost to move to a different cohort")
    assert first["skill"] == second["skill"] == "knowledge"
    assert first["cached"] is False
    assert second["cached"] is True
    assert second["reply"] == first["reply"]
    assert hits() == before + 1


def _meetings(api: Api) -> list[dict[str, Any]]:
    return list(api.get("/v1/meetings").json["meetings"])


def test_book_a_meeting_in_one_message(api: Api, early_wednesday: None) -> None:
    r = api.chat("book a meeting with Rosa next Tuesday at 3pm")
    assert r["intent"] == "schedule_meeting"
    assert r["skill"] == "scheduling"
    assert "Booked" in r["reply"]
    [meeting] = _meetings(api)
    assert meeting["attendee"] == "Rosa"
    assert meeting["starts_at"].endswith("T15:00:00-05:00")  # 3pm in the user's zone (Lima)


@pytest.mark.both_databases
def test_missing_slots_are_asked_for_and_filled_from_the_next_turns(api: Api) -> None:
    r = api.chat("I need to schedule a meeting")
    assert r["pending"] is True
    assert "When" in r["reply"]
    cid = r["conversation_id"]
    r = api.chat("tomorrow at 10am", cid)
    assert r["pending"] is True
    assert "Who" in r["reply"]
    r = api.chat("Marta", cid)
    assert r["pending"] is False
    assert "Booked" in r["reply"]
    [meeting] = _meetings(api)
    assert meeting["attendee"] == "Marta"
    assert "T10:00:00" in meeting["starts_at"]


def test_cancel_drops_the_pending_action(api: Api) -> None:
    r = api.chat("set up a meeting with Diego")
    assert r["pending"] is True
    r = api.chat("cancel", r["conversation_id"])
    assert r["intent"] == "cancel"
    assert "cancelled" in r["reply"]
    assert r["pending"] is False
    assert _meetings(api) == []
    r = api.chat("cancel", r["conversation_id"])
    assert "nothing to cancel" in r["reply"]


@pytest.mark.both_databases
def test_overlapping_meetings_are_reported_and_need_a_yes(api: Api) -> None:
    first = api.chat("book a meeting with Rosa tomorrow at 3pm")
    assert "Booked" in first["reply"]
    r = api.chat("schedule a meeting with Luis tomorrow at 3pm")
    assert "overlaps" in r["reply"]
    assert r["pending"] is True
    assert r["data"]["overlaps"][0]["attendee"] == "Rosa"
    assert len(_meetings(api)) == 1
    r = api.chat("yes", r["conversation_id"])
    assert "Booked" in r["reply"]
    assert len(_meetings(api)) == 2


def test_no_declines_the_overlapping_booking(api: Api) -> None:
    api.chat("book a meeting with Rosa tomorrow at 3pm")
    r = api.chat("schedule a meeting with Luis tomorrow at 3pm")
    r = api.chat("no", r["conversation_id"])
    assert "Nothing was changed" in r["reply"]
    assert len(_meetings(api)) == 1


def test_repeat_says_the_last_reply_again(api: Api) -> None:
    r = api.chat("what time is it?")
    again = api.chat("can you repeat that?", r["conversation_id"])
    assert again["intent"] == "repeat"
    assert again["reply"] == r["reply"]
    fresh = api.chat("repeat that please")
    assert "haven't said anything" in fresh["reply"]


def test_yes_without_anything_pending(api: Api) -> None:
    r = api.chat("yes")
    assert r["intent"] == "yes"
    assert "nothing to confirm" in r["reply"]


@pytest.mark.both_databases
def test_list_move_and_cancel_meetings_by_chat(api: Api, early_wednesday: None) -> None:
    api.chat("book a meeting with Rosa tomorrow at 3pm")
    r = api.chat("what meetings do I have?")
    assert r["skill"] == "scheduling"
    assert "Meeting with Rosa" in r["reply"]
    r = api.chat("reschedule my meeting with Rosa to Friday at 4pm")
    assert "Moved" in r["reply"], r
    [meeting] = _meetings(api)
    assert "T16:00:00" in meeting["starts_at"]
    r = api.chat("cancel my meeting with Rosa")
    assert r["pending"] is True
    assert "Cancel" in r["reply"]
    r = api.chat("yes", r["conversation_id"])
    assert "Cancelled" in r["reply"]
    assert _meetings(api) == []


@pytest.mark.both_databases
def test_reminders_with_natural_times(api: Api) -> None:
    r = api.chat("remind me to call mom in 20 minutes")
    assert r["intent"] == "reminder_update"
    assert "call mom" in r["reply"]
    [reminder] = api.get("/v1/reminders").json["reminders"]
    assert reminder["text"] == "call mom"
    assert reminder["kind"] == "reminder"
    r = api.chat("what are my reminders?")
    assert "call mom" in r["reply"]


def test_a_reminder_without_a_time_asks_for_it(api: Api) -> None:
    r = api.chat("remind me to pay the tuition")
    assert r["pending"] is True
    assert "When" in r["reply"]
    r = api.chat("tomorrow morning", r["conversation_id"])
    assert "pay the tuition" in r["reply"]
    [reminder] = api.get("/v1/reminders").json["reminders"]
    assert "T09:00:00" in reminder["due_at"]


def test_alarms_and_timers_are_reminders(api: Api, early_wednesday: None) -> None:
    r = api.chat("set an alarm for 6am")
    assert r["intent"] == "alarm"
    assert "Alarm set" in r["reply"]
    r = api.chat("start a timer for 10 minutes")
    assert r["intent"] == "timer"
    assert "10 minutes" in r["reply"]
    kinds = sorted(x["kind"] for x in api.get("/v1/reminders").json["reminders"])
    assert kinds == ["alarm", "timer"]


def test_a_timer_without_a_duration_asks_for_it(api: Api) -> None:
    r = api.chat("set a timer")
    assert r["pending"] is True
    r = api.chat("5 minutes", r["conversation_id"])
    assert "Timer set for 5 minutes" in r["reply"]


def test_todos_by_chat(api: Api) -> None:
    r = api.chat("add buy printer paper to my to-do list")
    assert r["intent"] == "todo_list_update"
    assert "buy printer paper" in r["reply"]
    r = api.chat("what's on my to-do list?")
    assert "buy printer paper" in r["reply"]
    r = api.chat("mark buy printer paper as done")
    assert "done" in r["reply"]
    assert api.get("/v1/todos?upcoming=true").json["todos"] == []


def test_time_date_and_timezone(api: Api) -> None:
    assert "America/Lima" in api.chat("what time is it")["reply"]
    assert "Today is" in api.chat("what's the date today?")["reply"]
    r = api.chat("what timezone am I in?")
    assert "America/Lima" in r["reply"]


@pytest.mark.both_databases
def test_history_is_kept_per_conversation(api: Api) -> None:
    r = api.chat("hello")
    api.chat("tell me a joke", r["conversation_id"])
    conversation = api.get(f"/v1/conversations/{r['conversation_id']}").json
    roles = [m["role"] for m in conversation["messages"]]
    assert roles == ["user", "assistant", "user", "assistant"]
    assert conversation["messages"][1]["skill"] == "conversation"
    assert conversation["messages"][1]["path"] == "local"
