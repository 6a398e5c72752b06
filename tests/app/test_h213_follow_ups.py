"""Probe 44's follow-ups that stored a wrong value silently (helper 213).

- P44-H4: "no, 6:30" right after a meeting booked at 6 AM moved it to 6:30 PM (English and
  Spanish), "change it to 6:45" too; for 7:30-9:30 it asked AM or PM. A clock alone keeps the
  half of the day of the item it corrects when less than an hour from it, or within 3 hours
  outside meeting hours (6 AM → "5"); a half said is obeyed. Farther ("move it to 8" for a
  10 AM meeting) it is still asked (tests of probes 4, 6 and 20).
- P44-H2: "move the one with Kate to 2pm" right after Kate's then Liam's meeting were booked
  moved Liam's: the person named picks the meeting.
- P44-H3: "book another meeting with Pepe same time next week" right after Pilar's meeting was
  booked reused Pilar's slot: the person named picks the meeting whose time is reused (of
  several, which one is asked).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.app.conftest import meetings_of, reminders_of, said, talk


@pytest.fixture
def user(probe44_user: Any) -> Any:
    return probe44_user


# -- P44-H4: a correction giving only the clock keeps the item's half of the day -------------


@pytest.mark.parametrize(
    ("key", "booking", "correction", "stored"),
    [
        ("raj", "book meeting with Priya tomorrow morning 6", "no, 6:30", "2026-12-08T06:30"),
        ("rosa", "agenda reunion con Lucho mañana a las 6 am", "no, 6:30", "2026-12-08T06:30"),
        ("raj", "book a meeting with Sam tomorrow at 7am", "no, 7:30", "2026-12-08T07:30"),
        ("mike", "book a meeting with Dana tomorrow at 8:30am", "sorry, 9", "2026-12-08T09:00"),
        ("mike", "book a meeting with Dana tomorrow at 9am", "no, 9:30", "2026-12-08T09:30"),
        (
            "rosa",
            "agenda una reunión con Marta mañana a las 9 de la mañana",
            "no, mejor a las 9:30",
            "2026-12-08T09:30",
        ),
        ("aes", "agenda reunión con Nico mañana a las 7 am", "perdón, 7:45", "2026-12-08T07:45"),
        ("raj", "book gym session with trainer tomorrow at 6:00 am", "change it to 6:45", "06:45"),
        ("rosa", "agenda reunion con Lucho mañana a las 6 am", "cámbiala a las 6:45", "06:45"),
        # the evening's half is kept too, and a half said is obeyed
        ("mike", "book a meeting with Omar tomorrow at 9pm", "no, 9:30", "2026-12-08T21:30"),
        (
            "rosa",
            "agenda una reunión con Ana mañana a las 8 de la noche",
            "no, a las 8:30",
            "2026-12-08T20:30",
        ),
        ("raj", "book meeting with Priya tomorrow morning 6", "no, 6:30 pm", "2026-12-08T18:30"),
    ],
)
def test_a_clock_alone_keeps_the_half_of_the_item_it_corrects(
    user: Any, key: str, booking: str, correction: str, stored: str
) -> None:
    api = user(key)
    reply = said(api, booking, correction)[1]
    assert "PM" not in reply["reply"] or stored.endswith(("18:30", "21:30")), reply
    (meeting,) = meetings_of(api)
    assert meeting[1].endswith(stored), meeting


def test_a_reminder_corrected_keeps_its_morning(user: Any) -> None:
    api = user("rosa")
    said(api, "recuérdame mañana a las 5 am estirar", "no, 5:30")
    assert [due for _text, due in reminders_of(api)] == ["2026-12-08T05:30"]


# -- P44-H2: the person named in a follow-up picks that person's meeting ---------------------


@pytest.mark.parametrize(
    ("key", "messages", "stored"),
    [
        (
            "mike",
            (
                "book a meeting with Kate on thursday at 1pm",
                "and one with Liam on thursday at 4pm",
                "move the one with Kate to 2pm",
            ),
            [("Meeting with Kate", "2026-12-10T14:00"), ("Meeting with Liam", "2026-12-10T16:00")],
        ),
        (
            "mike",
            (
                "book a meeting with Anna on friday at 10am",
                "and one with Ben on friday at 11am",
                "reschedule the one with Anna to 3pm",
            ),
            [("Meeting with Anna", "2026-12-11T15:00"), ("Meeting with Ben", "2026-12-11T11:00")],
        ),
        (
            "raj",
            (
                "book a meeting with Kavya on wednesday at 10am",
                "book a meeting with Arjun on wednesday at 12pm",
                "change the one with Kavya to 4pm",
            ),
            [
                ("Meeting with Kavya", "2026-12-09T16:00"),
                ("Meeting with Arjun", "2026-12-09T12:00"),
            ],
        ),
    ],
)
def test_the_one_with_a_person_moves_that_persons_meeting(
    user: Any, key: str, messages: tuple[str, ...], stored: list[tuple[str, str]]
) -> None:
    api = user(key)
    said(api, *messages)
    assert sorted(meetings_of(api)) == sorted(stored)


def test_the_one_with_somebody_else_moves_nothing(user: Any) -> None:
    api = user("mike")
    said(api, "book a meeting with Kate on thursday at 1pm", "and one with Liam on thursday at 4pm")
    before = meetings_of(api)
    reply = talk(api, "move the one with Zoe to 2pm")[0]
    assert "Zoe" in reply["reply"], reply
    assert meetings_of(api) == before


# -- P44-H3: "another one with X same time next week" reuses X's meeting's time -------------


@pytest.mark.parametrize(
    ("key", "messages", "booked"),
    [
        (
            "aes",
            (
                "agenda reunión con Pepe mañana 10 am",
                "y otra con Pilar el jueves 3 pm",
                "agende otra reunión con Pepe a la misma hora la semana siguiente",
            ),
            ("Reunión con Pepe", "2026-12-15T10:00"),
        ),
        (
            "mike",
            (
                "book a meeting with Pepe tomorrow at 10am",
                "and one with Pilar on thursday at 3pm",
                "book another meeting with Pepe same time next week",
            ),
            ("Meeting with Pepe", "2026-12-15T10:00"),
        ),
        (
            "rosa",
            (
                "agenda una reunión con Nora el miércoles a las 11 am",
                "agenda una reunión con Iván el viernes a las 4 pm",
                "agéndame otra con Nora a la misma hora la próxima semana",
            ),
            ("Reunión con Nora", "2026-12-16T11:00"),
        ),
    ],
)
def test_same_time_next_week_reuses_the_named_persons_meeting(
    user: Any, key: str, messages: tuple[str, ...], booked: tuple[str, str]
) -> None:
    api = user(key)
    said(api, *messages)
    assert booked in meetings_of(api)
    assert len(meetings_of(api)) == 3


@pytest.mark.parametrize(
    ("key", "messages", "answer", "booked"),
    [
        (
            "aes",
            (
                "agenda reunión con Pepe mañana 10 am",
                "agenda reunión con Pepe el viernes 11 am",
                "y otra con Pilar el jueves 3 pm",
                "agende otra reunión con Pepe a la misma hora la semana siguiente",
            ),
            "la segunda",
            ("Reunión con Pepe", "2026-12-18T11:00"),
        ),
        (
            "mike",
            (
                "book a meeting with Pepe tomorrow at 10am",
                "book a meeting with Pepe on friday at 11am",
                "and one with Pilar on thursday at 3pm",
                "book another meeting with Pepe same time next week",
            ),
            "the first one",
            ("Meeting with Pepe", "2026-12-15T10:00"),
        ),
    ],
)
def test_same_time_next_week_of_two_of_the_persons_meetings_asks_which(
    user: Any, key: str, messages: tuple[str, ...], answer: str, booked: tuple[str, str]
) -> None:
    api = user(key)
    said(api, *messages[:-1])
    asked, done = talk(api, messages[-1], answer)
    assert asked["pending"] is True, asked["reply"]
    assert len(meetings_of(api)) == 4, done
    assert booked in meetings_of(api), done


@pytest.mark.parametrize(
    ("key", "booking", "correction", "stored"),
    [
        ("raj", "book meeting with Priya tomorrow morning 6", "no, 5", "2026-12-08T05:00"),
        ("rosa", "agenda reunion con Lucho mañana a las 6 am", "no, mejor a las 5", "05:00"),
    ],
)
def test_an_early_meeting_corrected_to_another_early_hour_stays_early(
    user: Any, key: str, booking: str, correction: str, stored: str
) -> None:
    api = user(key)
    said(api, booking, correction)
    (meeting,) = meetings_of(api)
    assert meeting[1].endswith(stored), meeting
