"""What the twenty-second independent tester found in how the world's English says times (clock:
Sunday 6 December 2026, 00:55 in London): "a week on Tuesday", "Monday week" and "Monday
fortnight" read as the coming day; "tea time" offered as 9 AM; "first thing Monday" and "by EOD
Friday" asked "when exactly?"; "12/1" asked in London; "this week" said on a Sunday showed
nothing; "with May and June" kept May only."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from app.skills import slots
from tests.app.conftest import (
    LIMA,
    LONDON,
    NEW_YORK,
    Api,
    local,
    make_user,
    meetings_of,
    offered,
    reader,
    reminders_of,
    talk,
)

SYDNEY = ZoneInfo("Australia/Sydney")
KOLKATA = ZoneInfo("Asia/Kolkata")
# The tester's clock: Sunday 6 December 2026 at 00:55 in London
SUNDAY_NIGHT = datetime(2026, 12, 6, 0, 55, tzinfo=LONDON)
read = reader(SUNDAY_NIGHT, "en")


def _user(app: Any, client: Any, name: str, zone: str) -> Api:
    token, user_id = make_user(app, name, zone)
    api = Api(client, token, user_id, name)
    assert api.patch("/v1/users/me", json={"locale": "en"}).status_code == 200
    return api


@pytest.fixture
def olivia(app: Any, client: Any) -> Iterator[Api]:
    """A London user writing English on the tester's Sunday night."""
    api = _user(app, client, "olivia", "Europe/London")
    with time_machine.travel(SUNDAY_NIGHT, tick=True):
        yield api


# -- 1. "a week on Tuesday", "Tuesday week" ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("meeting with Bill a week on Tuesday at 10am", "2026-12-15T10:00"),
        ("meeting with Bill Tuesday week at 10am", "2026-12-15T10:00"),
        ("meeting with Bill on Tuesday week at 10am", "2026-12-15T10:00"),
        ("meeting with Bill a week Tuesday at 10am", "2026-12-15T10:00"),
        ("remind me a week today at 6pm to call Jo", "2026-12-13T18:00"),
        ("remind me two weeks on Friday at 5pm to call Jo", "2026-12-25T17:00"),
    ],
)
def test_a_week_on_a_day_is_the_week_after_it(text: str, expected: str) -> None:
    reading = read(text, zone=LONDON)
    assert local(reading, LONDON) == expected
    assert "week" not in reading.remainder


def test_a_week_on_tuesday_is_booked_the_tuesday_after_next(olivia: Api) -> None:
    reply = olivia.chat("meeting with Bill a week on Tuesday at 10am")
    assert "15 Dec" in reply["reply"], reply["reply"]
    [(title, starts)] = meetings_of(olivia)
    assert starts == "2026-12-15T10:00"
    assert "week" not in title


# -- 2. "Monday week", "Monday fortnight", "a fortnight today" ----------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("book a catch-up with Mark Monday week at 2pm", "2026-12-14T14:00"),
        ("schedule lunch with Paddy Monday fortnight at 1pm", "2026-12-21T13:00"),
        ("remind me a fortnight on Friday at 3pm to pay", "2026-12-25T15:00"),
        ("remind me in a fortnight at 3pm to pay", "2026-12-20T15:00"),
        ("remind me tomorrow week at 3pm to pay", "2026-12-14T15:00"),
        ("remind me a fortnight tomorrow at 3pm to pay", "2026-12-21T15:00"),
    ],
)
def test_a_week_or_a_fortnight_after_a_day(text: str, expected: str) -> None:
    reading = read(text, zone=LONDON)
    assert local(reading, LONDON) == expected
    assert "week" not in reading.remainder
    assert "fortnight" not in reading.remainder


def test_a_fortnight_today_is_that_day() -> None:
    reading = read("what's on a fortnight today?", zone=LONDON)
    assert reading.ask == "no_time"
    assert reading.day is not None
    assert reading.day.isoformat() == "2026-12-20"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("footy training every fortnight on Thursday at 6pm", "repeating"),
        ("remind me fortnightly on Friday at 5pm to pay", "repeating"),
        ("remind me to plan the fortnight on Friday at 5pm", "vague"),
    ],
)
def test_a_fortnight_is_never_dropped_silently(text: str, reason: str) -> None:
    reading = read(text, zone=LONDON)
    assert reading.at is None
    assert reading.ask == reason


def test_monday_fortnight_is_booked_three_weeks_on(olivia: Api) -> None:
    reply = olivia.chat("schedule lunch with Paddy Monday fortnight at 1pm")
    assert "21 Dec" in reply["reply"], reply["reply"]
    [(title, starts)] = meetings_of(olivia)
    assert starts == "2026-12-21T13:00"
    assert "fortnight" not in title


# -- 3. "tea time", "this arvo" ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "options"),
    [
        ("remind me to call Mum at tea time on Sunday", ["2026-12-06T18:00", "2026-12-13T18:00"]),
        ("remind me to ring Bill at teatime tomorrow", ["2026-12-06T18:00", "2026-12-07T18:00"]),
    ],
)
def test_tea_time_is_the_evening(text: str, options: list[str]) -> None:
    reading = read(text, zone=LONDON)
    assert offered(reading, LONDON) == options
    assert "tea" not in reading.remainder


def test_tea_time_today_is_read_in_the_evening() -> None:
    noon = datetime(2026, 12, 7, 12, 0, tzinfo=LONDON)
    reading = read("remind me to call Mum at tea time today", zone=LONDON, now=noon)
    assert local(reading, LONDON) == "2026-12-07T18:00"


def test_tea_time_is_never_offered_as_a_morning(olivia: Api) -> None:
    [asked, answered] = talk(olivia, "remind me to call Mum at tea time on Sunday", "today")
    assert "AM" not in asked["reply"], asked["reply"]
    assert "6:00 PM" in answered["reply"], answered["reply"]
    [(text, due)] = reminders_of(olivia)
    assert due == "2026-12-06T18:00"
    assert "tea" not in text


def test_this_arvo_is_this_afternoon() -> None:
    morning = datetime(2026, 12, 6, 11, 56, tzinfo=SYDNEY)
    reading = read("remind me to pick up the ute this arvo", zone=SYDNEY, now=morning)
    assert local(reading, SYDNEY) == "2026-12-06T15:00"


# -- 4. "first thing Monday", "by EOD Friday" ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "option", "left"),
    [
        ("remind me first thing Monday to ring the GP", "2026-12-07T09:00",
         "remind me to ring the GP"),
        ("remind me first thing tomorrow to ring the GP", "2026-12-07T09:00",
         "remind me to ring the GP"),
        ("remind me first thing in the morning on Monday to ring the GP", "2026-12-07T09:00",
         "remind me to ring the GP"),
        ("remind me to submit the timesheet by EOD Friday", "2026-12-11T17:00",
         "remind me to submit the timesheet"),
        ("remind me to send the deck by end of play Thursday", "2026-12-10T17:00",
         "remind me to send the deck"),
        ("remind me to send the deck COB tomorrow", "2026-12-07T17:00",
         "remind me to send the deck"),
        ("remind me to send the deck by close of business on Friday", "2026-12-11T17:00",
         "remind me to send the deck"),
    ],
)  # fmt: skip
def test_the_edges_of_a_working_day_are_offered(text: str, option: str, left: str) -> None:
    reading = read(text, zone=LONDON)
    assert offered(reading, LONDON) == [option]
    assert reading.question is not None
    assert reading.question.startswith("Did you mean")
    assert reading.remainder == left


def test_first_thing_is_the_mornings_default_hour() -> None:
    morning = read("remind me on Monday morning to ring the GP", zone=LONDON)
    first = read("remind me first thing Monday to ring the GP", zone=LONDON)
    assert [local(morning, LONDON)] == offered(first, LONDON)


def test_a_time_said_with_first_thing_wins() -> None:
    noon = datetime(2026, 12, 7, 12, 0, tzinfo=LONDON)
    reading = read("remind me first thing tomorrow at 8am to ring", zone=LONDON, now=noon)
    assert local(reading, LONDON) == "2026-12-08T08:00"


def test_first_thing_monday_is_set_with_a_yes(olivia: Api) -> None:
    asked, done = talk(olivia, "remind me first thing Monday to ring the GP", "yes")
    assert "9:00 AM" in asked["reply"], asked["reply"]
    assert reminders_of(olivia) == [("ring the GP", "2026-12-07T09:00")], done["reply"]


def test_eod_friday_is_set_with_a_yes(olivia: Api) -> None:
    asked, done = talk(olivia, "remind me to submit the timesheet by EOD Friday", "yes")
    assert "5:00 PM" in asked["reply"], asked["reply"]
    assert reminders_of(olivia) == [("submit the timesheet", "2026-12-11T17:00")], done["reply"]


# -- 5. "12/1" where the day is written first ---------------------------------------------------


@pytest.mark.parametrize("zone", [LONDON, KOLKATA, ZoneInfo("Europe/Dublin")])
def test_a_day_first_date_near_beats_a_month_first_one_a_year_away(zone: ZoneInfo) -> None:
    reading = read("book a dentist appointment on 12/1 at 11am", zone=zone)
    assert local(reading, zone) == "2027-01-12T11:00"


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("book a dentist appointment on 12/1 at 11am", NEW_YORK),  # month-first: still asked
        ("book a dentist appointment on 12/1 at 11am", LIMA),  # no English custom there
        ("car service 6/7 at 10am", LONDON),  # both near: asked
        ("book a call on 1/12 at 3pm", LONDON),  # the day-first one is a year away: asked
    ],
)
def test_numeric_dates_still_asked(text: str, zone: ZoneInfo) -> None:
    reading = read(text, zone=zone)
    assert reading.ask == "ambiguous_date"
    assert len(reading.options) == 2


# -- 6. "this week" said on a Sunday -------------------------------------------------------------


@pytest.mark.parametrize("text", ["what have I got this week?", "¿qué tengo esta semana?"])
def test_this_week_on_a_sunday_is_still_the_week_ending_tonight(text: str) -> None:
    # the dialogues written apart (en-ref-011) keep Monday out of Sunday's "this week"; the
    # reply says what next week holds when this one is empty (below)
    found = slots.bounded_range(text, LONDON, SUNDAY_NIGHT.astimezone(UTC))
    assert found is not None
    assert found.key == "this_week"
    assert found.since == SUNDAY_NIGHT
    assert found.until == datetime(2026, 12, 7, 0, 0, tzinfo=LONDON)


def test_this_week_on_a_wednesday_is_unchanged() -> None:
    wednesday = datetime(2026, 12, 9, 10, 0, tzinfo=LONDON)
    found = slots.bounded_range("what have I got this week?", LONDON, wednesday)
    assert found is not None
    assert found.until == datetime(2026, 12, 14, 0, 0, tzinfo=LONDON)


def test_this_week_on_a_sunday_lists_the_coming_days(olivia: Api) -> None:
    olivia.chat("book a catch-up with Mark on Monday at 2pm")
    olivia.chat("remind me to pay the bill on Friday at 3pm")
    reply = olivia.chat("what have I got this week?")
    assert "Mark" in reply["reply"], reply["reply"]
    assert "pay the bill" in reply["reply"], reply["reply"]


# -- 7. months joined to names in an attendee list ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("book a barbie with May and June on Saturday at 1pm", "May and June"),
        ("lunch with Ana and June, tomorrow at 1pm", "Ana and June"),
        ("reunión con Abril y Mayo el sábado a las 3 de la tarde", "Abril y Mayo"),
        ("meeting with May on June 3 at 4pm", "May"),
        ("meeting with May and June 3rd at 4pm", "May"),
        ("meeting with Tom and June the 3rd at 4pm", "Tom"),
    ],
)
def test_a_month_joined_to_a_name_is_a_name(text: str, who: str) -> None:
    found = slots.attendee(text)
    assert found is not None
    assert found.value == who


def test_may_and_june_are_both_kept(olivia: Api) -> None:
    olivia.chat("book a barbie with May and June on Saturday at 1pm")
    [meeting] = olivia.get("/v1/meetings").json["meetings"]
    assert meeting["attendee"] == "May and June"
    assert meeting["starts_at"][:16] == "2026-12-12T13:00"
