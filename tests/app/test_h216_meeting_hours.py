"""Probe 44's needless AM/PM questions for meetings and its follow-ups to "the other" (helper 216).

- P44-M4: a new meeting or appointment at a bare 9–11 ("junta con ventas el jueves a las 11",
  "book team standup for thursday 9:15") is in the morning: its evening reading (21:00–23:59)
  is after the hours meetings are held. 7 and 8, a reminder, and a meal, party, class, "cita"
  alone (a date) or the neighbours' meeting are still asked. A correction giving a clock alone
  keeps the half of the meeting it corrects when the other half is outside a meeting's hours
  (7 AM → "no, 9:30": 9:30 AM) or when it is an hour or less away (9:30 PM → "no, 8:30": 8:30 PM,
  was asked, and read as a "no" by the tester). "a las 7" answering "¿a qué hora mañana?" asked of
  "mañana temprano" is 7:00. The clock that wakes one up ("el despertador", "alarm clock") reads a
  bare hour as the morning, as "despiértame" does.
- P44-M1: "y la otra a las 11", "and the other one to 5" right after one of two meetings was moved
  move the other one (was a reminder «y la otra»; "one to 5" read as 4:59 PM); of two others,
  which one is asked.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.app.conftest import meetings_of, reminders_of, said, talk


@pytest.fixture
def user(probe44_user: Any) -> Any:
    return probe44_user


# -- P44-M4: a meeting at a bare 9–11 is in the morning ---------------------------------------


@pytest.mark.parametrize(
    ("key", "booking", "stored"),
    [
        ("rosa", "junta con el equipo de ventas el jueves a las 11", "2026-12-10T11:00"),
        ("rosa", "reunión con Javier el martes a las 10 y media", "2026-12-08T10:30"),
        ("rosa", "cita con el dentista el jueves a las 10", "2026-12-10T10:00"),
        ("mike", "book team standup for thursday 9:15", "2026-12-10T09:15"),
        ("mike", "schedule a meeting with Priya on friday at 11", "2026-12-11T11:00"),
        ("raj", "book an interview with Arjun on wednesday at 9:30", "2026-12-09T09:30"),
        ("aes", "agenda una entrevista con Lucía el viernes a las 9", "2026-12-11T09:00"),
        ("carmen", "reunión con el equipo el miércoles a las 11 y cuarto", "2026-12-09T11:15"),
        ("mike", "book a doctor appointment on thursday at 10:45", "2026-12-10T10:45"),
    ],
)
def test_a_meeting_at_a_bare_9_to_11_is_booked_in_the_morning(
    user: Any, key: str, booking: str, stored: str
) -> None:
    api = user(key)
    reply = said(api, booking)[0]
    assert "PM" not in reply["reply"], reply
    assert "22:" not in reply["reply"], reply
    ((_title, start),) = meetings_of(api)
    assert start == stored, reply


@pytest.mark.parametrize(
    ("key", "booking"),
    [
        ("mike", "book a meeting with Dana on friday at 8"),  # 8 PM meetings are usual
        ("rosa", "agenda reunión con Paty el jueves a las 7"),
        ("mike", "book dinner with Sam on friday at 9"),  # a meal
        ("rosa", "agenda una cena con Ana el viernes a las 10"),
        ("rosa", "agenda una cita con Laura el sábado a las 10"),  # "cita" alone: a date
        ("rosa", "agenda la reunión de vecinos el jueves a las 9"),
        ("mike", "book a party with the team on friday at 10"),
        ("mike", "book a yoga class on thursday at 9"),
    ],
)
def test_other_bare_hours_of_new_meetings_are_still_asked(
    user: Any, key: str, booking: str
) -> None:
    api = user(key)
    reply = talk(api, booking)[0]
    assert reply["pending"] is True, reply
    assert meetings_of(api) == []


def test_a_reminder_at_a_bare_10_is_still_asked(user: Any) -> None:
    api = user("mike")
    reply = talk(api, "remind me to call the bank on friday at 10")[0]
    assert reply["pending"] is True, reply
    assert "10:00 PM" in reply["reply"], reply
    assert reminders_of(api) == []


# -- P44-M4 / P44-H4: a correction keeps the half of the meeting it corrects ------------------


@pytest.mark.parametrize(
    ("key", "booking", "correction", "stored"),
    [
        ("mike", "book a meeting with Dana tomorrow at 7am", "no, 9:30", "2026-12-08T09:30"),
        (
            "rosa",
            "agenda reunión con Lucho mañana a las 7 am",
            "no, a las 9:30",
            "2026-12-08T09:30",
        ),
        ("raj", "book a meeting with Sam tomorrow at 8am", "sorry, 10:30", "2026-12-08T10:30"),
        # the item's evening, an hour away (was asked; the tester saw a "no" read)
        ("mike", "book a meeting with Omar tomorrow at 9:30pm", "no, 8:30", "2026-12-08T20:30"),
        (
            "rosa",
            "agenda reunión con Ana mañana a las 9:30 de la noche",
            "no, a las 8:30",
            "2026-12-08T20:30",
        ),
        (
            "aes",
            "agenda reunión con Nico mañana a las 9 pm",
            "perdón, a las 10",
            "2026-12-08T22:00",
        ),
    ],
)
def test_a_clock_alone_keeps_the_meetings_half(
    user: Any, key: str, booking: str, correction: str, stored: str
) -> None:
    api = user(key)
    said(api, booking, correction)
    ((_title, start),) = meetings_of(api)
    assert start == stored


@pytest.mark.parametrize(
    ("key", "messages"),
    [
        ("mike", ("book a meeting with Dana tomorrow at 10am", "no, 8")),  # 8 AM or 8 PM
        ("mike", ("remind me to stretch tomorrow at 7am", "no, 9:30")),  # a reminder: 21:30 too
        ("rosa", ("recuérdame estirar mañana a las 7 am", "no, a las 9:30")),
    ],
)
def test_a_correction_both_halves_fit_is_still_asked(
    user: Any, key: str, messages: tuple[str, ...]
) -> None:
    api = user(key)
    replies = talk(api, *messages)
    assert replies[-1]["pending"] is True, replies[-1]
    assert [due[11:] for _w, due in reminders_of(api)] in ([], ["07:00"])
    assert [start[11:] for _t, start in meetings_of(api)] in ([], ["10:00"])


# -- P44-M4: "mañana temprano" then "a las 7"; the clock that wakes one up ---------------------


@pytest.mark.parametrize(
    ("key", "messages", "stored"),
    [
        ("rosa", ("recuérdame ir al banco mañana temprano", "a las 7"), "2026-12-08T07:00"),
        ("mike", ("remind me to go to the bank tomorrow early", "at 7"), "2026-12-08T07:00"),
        (
            "aes",
            ("recuérdame llamar a Pepe mañana temprano", "a las 8 y media"),
            "2026-12-08T08:30",
        ),
    ],
)
def test_a_bare_hour_answering_an_early_day_is_the_morning(
    user: Any, key: str, messages: tuple[str, ...], stored: str
) -> None:
    api = user(key)
    asked, done = talk(api, *messages)
    assert asked["pending"] is True, asked
    assert done["pending"] is False, done
    assert [due for _w, due in reminders_of(api)] == [stored]


def test_a_bare_hour_answering_a_day_alone_is_still_asked(user: Any) -> None:
    api = user("rosa")
    _asked, again = talk(api, "recuérdame ir al banco mañana", "a las 7")
    assert again["pending"] is True, again
    assert reminders_of(api) == []


@pytest.mark.parametrize(
    ("key", "messages", "stored"),
    [
        ("rosa", ("pon el despertador a las siete menos cuarto", "sí"), "2026-12-08T06:45"),
        ("mike", ("set my alarm clock for 6:45", "yes"), "2026-12-08T06:45"),
        ("rosa", ("pon el despertador a las 8 y media", "sí"), "2026-12-08T08:30"),
    ],
)
def test_the_clock_that_wakes_one_up_is_set_in_the_morning(
    user: Any, key: str, messages: tuple[str, ...], stored: str
) -> None:
    api = user(key)
    asked, done = talk(api, *messages)
    assert "18:45" not in asked["reply"], asked
    assert "6:45 PM" not in asked["reply"], asked
    assert "20:30" not in asked["reply"], asked
    assert [due for _w, due in reminders_of(api)] == [stored], done


# -- P44-M1: "y la otra a las 11", "and the other one to 5" after a move ----------------------


@pytest.mark.parametrize(
    ("key", "messages", "stored"),
    [
        (
            "rosa",
            (
                "agenda reunión con Carlos mañana a las 10 am",
                "agenda reunión con Maria mañana a las 3 pm",
                "mueve la de Carlos a las 9 am",
                "y la otra a las 11",
            ),
            [("Reunión con Carlos", "2026-12-08T09:00"), ("Reunión con Maria", "2026-12-08T11:00")],
        ),
        (
            "mike",
            (
                "book a meeting with Carlos tomorrow at 10am",
                "book a meeting with Maria tomorrow at 3pm",
                "move the one with Carlos to 9am",
                "and the other one to 5",
            ),
            [
                ("Meeting with Carlos", "2026-12-08T09:00"),
                ("Meeting with Maria", "2026-12-08T17:00"),
            ],
        ),
        (
            "mike",
            (
                "book a meeting with Anna on friday at 10am",
                "book a meeting with Ben on friday at 11am",
                "move my meeting with Anna to 2pm",
                "and the other one to 4pm",
            ),
            [("Meeting with Anna", "2026-12-11T14:00"), ("Meeting with Ben", "2026-12-11T16:00")],
        ),
        (
            "aes",
            (
                "agenda reunión con Pilar el jueves a las 10 am",
                "agenda reunión con Iván el jueves a las 12",
                "mueve la reunión con Pilar a las 4 pm",
                "y la otra para las 5 de la tarde",
            ),
            [("Reunión con Iván", "2026-12-10T17:00"), ("Reunión con Pilar", "2026-12-10T16:00")],
        ),
    ],
)
def test_the_other_one_to_a_time_moves_the_other_meeting(
    user: Any, key: str, messages: tuple[str, ...], stored: list[tuple[str, str]]
) -> None:
    api = user(key)
    said(api, *messages)
    assert sorted(meetings_of(api)) == sorted(stored)
    assert reminders_of(api) == []


def test_the_other_one_of_two_others_is_asked(user: Any) -> None:
    api = user("mike")
    *_booked, asked, picked = talk(
        api,
        "book a meeting with Carlos tomorrow at 10am",
        "book a meeting with Maria tomorrow at 3pm",
        "book a meeting with Luis tomorrow at 4pm",
        "move the one with Carlos to 9am",
        "and the other one to 5",
        "the second one",
    )
    assert asked["pending"] is True, asked
    assert "Maria" in asked["reply"], asked
    assert "Luis" in asked["reply"], asked
    assert reminders_of(api) == []
    assert sorted(meetings_of(api)) == [
        ("Meeting with Carlos", "2026-12-08T09:00"),
        ("Meeting with Luis", "2026-12-08T17:00"),
        ("Meeting with Maria", "2026-12-08T15:00"),
    ], picked


@pytest.mark.parametrize(
    ("key", "message", "stored"),
    [
        ("mike", "remind me to buy an alarm clock on friday at 5", "2026-12-11T17:00"),
        ("rosa", "recuérdame comprar un despertador el viernes a las 5", "2026-12-11T17:00"),
    ],
)
def test_a_wake_up_clock_bought_keeps_the_afternoon(
    user: Any, key: str, message: str, stored: str
) -> None:
    api = user(key)
    said(api, message)
    assert [due for _w, due in reminders_of(api)] == [stored]
