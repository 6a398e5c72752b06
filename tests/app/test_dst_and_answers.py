"""Times across a change of the clocks and short answers to the assistant's own questions,
through ``POST /v1/chat`` and the REST resources: a stated end is a local wall-clock time, a
local time the clocks skip or repeat is asked about (chat) or refused with a stable code
(API), a time said where a name or a text is awaited changes the time, and an answer to
"7:00 AM or 7:00 PM?" picks one (an answer not understood keeps the question)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.app.conftest import Api, make_user

NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture
def ny(app: Any, client: Any) -> Iterator[Api]:
    """A New York user on Friday 4 December 2026 at 17:00 local (22:00 UTC)."""
    token, user_id = make_user(app, "ana", "America/New_York")
    with time_machine.travel(datetime(2026, 12, 4, 17, 0, tzinfo=NEW_YORK), tick=True):
        yield Api(client, token, user_id, "ana")


def _meetings(api: Api) -> list[dict[str, Any]]:
    return list(api.get("/v1/meetings").json["meetings"])


def _reminders(api: Api) -> list[dict[str, Any]]:
    return list(api.get("/v1/reminders").json["reminders"])


# -- 1. an overnight range across a change of the clocks ---------------------------------------
@pytest.mark.parametrize(
    ("message", "starts", "ends", "minutes"),
    [
        (
            "book a meeting with Tom on March 13 from 11pm to 4am",
            "2027-03-13T23:00:00-05:00",
            "2027-03-14T04:00:00-04:00",
            240,
        ),
        (
            "book a meeting with Tom on November 6 from 11pm to 4am",
            "2027-11-06T23:00:00-04:00",
            "2027-11-07T04:00:00-05:00",
            360,
        ),
    ],
)
def test_a_stated_end_is_a_wall_clock_time_across_a_clock_change(
    ny: Api, message: str, starts: str, ends: str, minutes: int
) -> None:
    r = ny.chat(message)
    [meeting] = _meetings(ny)
    assert (meeting["starts_at"], meeting["ends_at"]) == (starts, ends)
    assert "until" in r["reply"], r["reply"]
    assert "4:00 AM" in r["reply"], r["reply"]
    assert f"lasts {minutes} minutes" in r["reply"], r["reply"]


def test_a_stated_duration_stays_elapsed_time_across_a_clock_change(ny: Api) -> None:
    r = ny.chat("book a meeting with Tom on March 14 at 1am for 2 hours")
    [meeting] = _meetings(ny)
    assert meeting["ends_at"] == "2027-03-14T04:00:00-04:00"  # 2 hours later: 4 am EDT
    assert "for 120 minutes" in r["reply"]


def test_a_same_day_range_reads_its_end_without_a_note(ny: Api) -> None:
    r = ny.chat("book a meeting with Tom on March 15 from 3 to 4:30pm")
    [meeting] = _meetings(ny)
    assert meeting["ends_at"] == "2027-03-15T16:30:00-04:00"
    assert "until 4:30 PM" in r["reply"]
    assert "clocks" not in r["reply"]


# -- 2. a time where the attendee (or the text) is awaited ------------------------------------
@pytest.mark.parametrize(
    ("answer", "starts"),
    [
        ("at 4pm instead", "2026-12-05T16:00:00-05:00"),
        ("tomorrow at 9am", "2026-12-05T09:00:00-05:00"),
    ],
)
def test_a_time_answering_who_changes_the_time_and_asks_again(
    ny: Api, answer: str, starts: str
) -> None:
    first = ny.chat("book a meeting tomorrow at 3pm")
    assert "Who is the meeting with?" in first["reply"]
    r = ny.chat(answer, first["conversation_id"])
    assert r["pending"], r["reply"]
    assert "Who is the meeting with?" in r["reply"], r["reply"]
    assert _meetings(ny) == []
    done = ny.chat("Rosa", first["conversation_id"])
    [meeting] = _meetings(ny)
    assert meeting["attendee"] == "Rosa", done["reply"]
    assert meeting["starts_at"] == starts


def test_a_day_answering_who_asks_for_the_time_then_who(ny: Api) -> None:
    first = ny.chat("book a meeting tomorrow at 3pm")
    r = ny.chat("monday", first["conversation_id"])
    assert r["pending"]
    assert _meetings(ny) == []
    assert "What time" in r["reply"], r["reply"]
    r = ny.chat("at 10am", first["conversation_id"])
    assert "Who is the meeting with?" in r["reply"], r["reply"]
    ny.chat("Rosa", first["conversation_id"])
    [meeting] = _meetings(ny)
    assert (meeting["attendee"], meeting["starts_at"]) == ("Rosa", "2026-12-07T10:00:00-05:00")


def test_a_spanish_time_answering_who_is_not_the_attendee(ny: Api) -> None:
    first = ny.chat("agenda una reunión mañana a las 3 de la tarde")
    assert first["pending"], first["reply"]
    r = ny.chat("mañana a las 9 de la mañana", first["conversation_id"])
    assert r["pending"], r["reply"]
    assert _meetings(ny) == [], r["reply"]
    ny.chat("con Lucía", first["conversation_id"])
    [meeting] = _meetings(ny)
    assert "mañana" not in meeting["title"].lower()
    assert (meeting["attendee"], meeting["starts_at"]) == ("Lucía", "2026-12-05T09:00:00-05:00")


def test_a_name_and_a_time_answering_who_take_both(ny: Api) -> None:
    first = ny.chat("book a meeting tomorrow at 3pm")
    ny.chat("Tom at 4pm", first["conversation_id"])
    [meeting] = _meetings(ny)
    assert (meeting["attendee"], meeting["starts_at"]) == ("Tom", "2026-12-05T16:00:00-05:00")


def _yes_asks_again_then(ny: Api, message: str, cid: int, answer: str, due: str) -> None:
    """ "yes" to the either/or question just asked names neither: it is asked again and nothing
    is stored; then ``answer`` picks one, stored at ``due``."""
    again = ny.chat("sí" if message.startswith("recu") else "yes", cid)
    assert again["pending"], again["reply"]
    assert _reminders(ny) == []
    ny.chat(answer, cid)
    [reminder] = _reminders(ny)
    assert reminder["due_at"] == due


# -- 3. local times the clocks skip or repeat ------------------------------------------------
@pytest.mark.parametrize(
    ("message", "needle", "answer", "due"),
    [
        ("remind me to water the plants on March 14 at 2:30am", "doesn't exist", "the first",
         "2027-03-14T03:30:00-04:00"),
        ("remind me to water the plants on November 7 at 1:30am", "happens twice", "the second",
         "2027-11-07T01:30:00-05:00"),
        ("remind me to water the plants on November 7 at 1:30am", "happens twice", "EDT",
         "2027-11-07T01:30:00-04:00"),
        ("recuérdame regar las plantas el 14 de marzo a las 2:30 de la mañana", "no existe",
         "la primera", "2027-03-14T03:30:00-04:00"),
        ("recuérdame regar las plantas el 7 de noviembre a la 1:30 de la mañana", "se repite",
         "la primera", "2027-11-07T01:30:00-04:00"),
    ],
)  # fmt: skip
def test_a_skipped_or_repeated_local_time_is_asked(
    ny: Api, message: str, needle: str, answer: str, due: str
) -> None:
    r = ny.chat(message)
    assert r["pending"], r["reply"]
    assert needle in r["reply"], r["reply"]
    assert _reminders(ny) == []
    _yes_asks_again_then(ny, message, r["conversation_id"], answer, due)


@pytest.mark.parametrize(
    ("path", "body", "code"),
    [
        ("/v1/reminders", {"text": "x", "due_at": "2027-03-14T02:30"}, "nonexistent_local_time"),
        ("/v1/reminders", {"text": "x", "due_at": "2027-11-07T01:30"}, "ambiguous_local_time"),
        ("/v1/todos", {"text": "x", "due_at": "2027-03-14T02:30"}, "nonexistent_local_time"),
        (
            "/v1/meetings",
            {"title": "x", "starts_at": "2027-11-07T01:30", "duration_minutes": 30},
            "ambiguous_local_time",
        ),
        (
            "/v1/meetings",
            {"title": "x", "starts_at": "2027-03-14T01:00", "ends_at": "2027-03-14T02:30"},
            "nonexistent_local_time",
        ),
    ],
)
def test_the_api_refuses_a_local_time_the_clocks_skip_or_repeat(
    ny: Api, path: str, body: dict[str, Any], code: str
) -> None:
    r = ny.post(path, json=body)
    assert r.status_code == 422, r.json
    assert r.json["code"] == code
    assert "UTC offset" in r.json["message"]


def test_the_api_stores_a_time_with_an_offset_and_reads_it_back_the_same(ny: Api) -> None:
    r = ny.post("/v1/reminders", json={"text": "x", "due_at": "2027-11-07T01:30:00-05:00"})
    assert r.status_code == 201
    assert r.json["due_at"] == "2027-11-07T01:30:00-05:00"
    again = ny.get(f"/v1/reminders/{r.json['id']}")
    assert again.json["due_at"] == r.json["due_at"]
    patched = ny.patch(f"/v1/reminders/{r.json['id']}", json={"due_at": "2027-03-14T02:30"})
    assert patched.status_code == 422
    assert patched.json["code"] == "nonexistent_local_time"


# -- 4. 12am -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("message", "answer", "due"),
    [
        ("remind me to call Sam tomorrow at 12am", "the end", "2026-12-06T00:00:00-05:00"),
        ("remind me to call Sam tomorrow at 12 a.m.", "the start", "2026-12-05T00:00:00-05:00"),
        ("recuérdame llamar a Sam mañana a las 12 de la noche", "al final",
         "2026-12-06T00:00:00-05:00"),
    ],
)  # fmt: skip
def test_twelve_am_asks_which_midnight(ny: Api, message: str, answer: str, due: str) -> None:
    r = ny.chat(message)
    assert r["pending"], r["reply"]
    assert _reminders(ny) == [], r["reply"]
    _yes_asks_again_then(ny, message, r["conversation_id"], answer, due)


# -- 5. the words of a reminder ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("message", "text", "echo"),
    [
        ("remind me in 1 hour and 30 minutes to call Sam", "call Sam", "remind you to call Sam"),
        ("remind me at 8pm to take my pills", "take my pills", "remind you to take your pills"),
        ("remind me tomorrow at 9am about the rent", "the rent", "remind you about the rent"),
    ],
)
def test_a_connector_after_the_time_is_not_part_of_the_text(
    ny: Api, message: str, text: str, echo: str
) -> None:
    r = ny.chat(message)
    [reminder] = _reminders(ny)
    assert reminder["text"] == text
    assert echo in r["reply"], r["reply"]
    assert "to to" not in r["reply"], r["reply"]


# -- 6. short answers to "7:00 AM or 7:00 PM?" ------------------------------------------------
@pytest.mark.parametrize(
    ("answer", "hour"),
    [
        ("pm", 19),
        ("PM please", 19),
        ("the morning one", 7),
        ("evening", 19),
        ("in the evening", 19),
        ("am", 7),
        ("p.m.", 19),
    ],
)
def test_a_short_answer_picks_the_half_of_the_day(ny: Api, answer: str, hour: int) -> None:
    r = ny.chat("remind me to walk the dog tomorrow at 7")
    assert r["pending"], r["reply"]
    assert "7:00 AM" in r["reply"], r["reply"]
    assert "7:00 PM" in r["reply"], r["reply"]
    ny.chat(answer, r["conversation_id"])
    [reminder] = _reminders(ny)
    assert reminder["due_at"] == f"2026-12-05T{hour:02d}:00:00-05:00", answer


@pytest.mark.parametrize(
    ("answer", "hour"),
    [("de la tarde", 19), ("la de la mañana", 7), ("de la noche", 19), ("la de la tarde", 19)],
)
def test_a_short_spanish_answer_picks_the_half_of_the_day(ny: Api, answer: str, hour: int) -> None:
    r = ny.chat("recuérdame pasear al perro mañana a las 7")
    assert r["pending"], r["reply"]
    ny.chat(answer, r["conversation_id"])
    [reminder] = _reminders(ny)
    assert reminder["due_at"] == f"2026-12-05T{hour:02d}:00:00-05:00", answer


@pytest.mark.parametrize("answer", ["7", "hmm", "evening?? no wait"])
def test_an_answer_not_understood_keeps_the_question(ny: Api, answer: str) -> None:
    r = ny.chat("remind me to walk the dog tomorrow at 7")
    again = ny.chat(answer, r["conversation_id"])
    assert again["pending"], again["reply"]
    assert "7:00 AM" in again["reply"], again["reply"]
    assert "7:00 PM" in again["reply"], again["reply"]
    assert "Hello" not in again["reply"]
    ny.chat("7pm", r["conversation_id"])
    [reminder] = _reminders(ny)
    assert reminder["due_at"] == "2026-12-05T19:00:00-05:00"


def test_a_new_request_still_moves_on_from_the_question(ny: Api) -> None:
    r = ny.chat("remind me to walk the dog tomorrow at 7")
    moved = ny.chat("show my meetings", r["conversation_id"])
    assert not moved["pending"]
    assert moved["skill"] == "scheduling", moved["reply"]
    assert "meetings" in moved["reply"], moved["reply"]
