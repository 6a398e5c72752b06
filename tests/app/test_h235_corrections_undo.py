"""Probe 46's corrections, undo and follow-up moves in scheduling (helper 235).

- P46-M2: "no espera, la junta con beto es a las 11 no a las 10" got "Ahora no hay nada que
  rechazar." and "perdon, …" an out-of-scope refusal: a correction naming a meeting and its right
  time moves it, when the wrong time said is its own (asked first when it is not).
- P46-M1: "noo esa no! deshaz eso" got "Ahora no hay nada que cancelar.": undo after
  interjections and emphasis.
- P46-M3: "cambia la del nico pa las 4" asked "¿A cuándo…?"; "y la otra a las 6" after a move
  made by answering that question offered a reminder "y la otra"; "y la otra también" after a
  cancellation confirmed with "sí" was refused.
- P46-L4: "put a team meeting in for thursday at 9" asked who the meeting is with.
- P46-L6: "Kindly prepone the call with Ravi to 8:30" (at 9:00) asked AM or PM.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.app.conftest import PROBE46_EVENING, PROBE_TESTERS, Api, meetings_of, probe_testers, talk


@pytest.fixture
def user(app: Any, client: Any) -> Iterator[Callable[[str], Api]]:
    with probe_testers(app, client, PROBE46_EVENING) as make:
        yield make


def _booked(api: Api, *messages: str) -> None:
    """Each message books in a conversation of its own (nothing waits after it)."""
    for message in messages:
        reply = api.chat(message)
        assert reply["pending"] is False, reply


# -- P46-M2: a correction that names the meeting -------------------------------------------


@pytest.mark.parametrize(
    ("key", "booking", "said", "title", "start"),
    [
        (
            "mx",
            "agenda junta con Beto mañana a las 10",
            "no espera, la junta con beto es a las 11 no a las 10",
            "Junta con Beto",
            "2026-12-08T11:00",
        ),
        (
            "mx",
            "agenda junta con Beto mañana a las 10",
            "perdon, la junta con beto es a las 11 no a las 10",
            "Junta con Beto",
            "2026-12-08T11:00",
        ),
        (
            "mx",
            "agenda junta con Beto mañana a las 10",
            "la junta con Beto no es a las 10, es a las 11:30",
            "Junta con Beto",
            "2026-12-08T11:30",
        ),
        (
            "cl",
            "agenda reunión con la Coni el jueves a las 3 de la tarde",
            "oye no, la reunión con la Coni es a las 4, no a las 3",
            "Reunión con Coni",
            "2026-12-10T16:00",
        ),
        (
            "es",
            "cita con el dentista el miércoles a las 10",
            "la cita con el dentista es el jueves, no el miércoles",
            "",
            "2026-12-10T10:00",
        ),
        (
            "gb",
            "book a call with Ravi on wednesday at 2pm",
            "the call with Ravi is at 3 not 2",
            "Call with Ravi",
            "2026-12-09T15:00",
        ),
        (
            "gb",
            "book a call with Ravi on wednesday at 2pm",
            "wait, my call with Ravi isn't at 2, it's at 4",
            "Call with Ravi",
            "2026-12-09T16:00",
        ),
        (
            "us",
            "book a meeting with Tom on thursday at 11am",
            "sorry, my meeting with Tom is on Friday, not Thursday",
            "Meeting with Tom",
            "2026-12-11T11:00",
        ),
    ],
)
def test_a_correction_naming_the_meeting_moves_it(
    user: Callable[[str], Api], key: str, booking: str, said: str, title: str, start: str
) -> None:
    api = user(key)
    _booked(api, booking)
    reply = api.chat(said)  # a conversation of its own: the meeting is named, not just shown
    assert reply["pending"] is False, reply
    ((stored, at),) = meetings_of(api)
    assert at == start, reply
    assert not title or stored == title


@pytest.mark.parametrize(
    ("key", "said", "answer", "start"),
    [
        ("mx", "no espera, la junta con beto es a las 11 no a las 9", "sí", "2026-12-08T11:00"),
        ("mx", "la junta con beto es el jueves, no el lunes", "sí", "2026-12-10T10:00"),
        ("mx", "la junta con beto es a las 11 no a las 9", "no", "2026-12-08T10:00"),
    ],
)
def test_a_correction_whose_wrong_time_is_not_the_meetings_is_asked(
    user: Callable[[str], Api], key: str, said: str, answer: str, start: str
) -> None:
    api = user(key)
    _booked(api, "agenda junta con Beto mañana a las 10")
    asked, answered = talk(api, said, answer)
    assert asked["pending"] is True, asked
    assert "10:00" in asked["reply"], asked  # the meeting's own time, said
    assert answered["pending"] is False, answered
    ((_title, at),) = meetings_of(api)
    assert at == start, answered


def test_a_correction_naming_nothing_stored_changes_nothing(user: Callable[[str], Api]) -> None:
    api = user("gb")
    _booked(api, "book a call with Ravi on wednesday at 2pm")
    reply = api.chat("the call with Priya is at 3 not 2")
    assert meetings_of(api) == [("Call with Ravi", "2026-12-09T14:00")], reply


# -- P46-M1: undo after interjections and emphasis ---------------------------------------


@pytest.mark.parametrize(
    ("key", "booking", "cancel", "undo"),
    [
        (
            "mx",
            "agenda junta con Beto mañana a las 11",
            "cancela la junta con beto",
            "noo esa no! deshaz eso",
        ),
        (
            "mx",
            "agenda junta con Beto mañana a las 11",
            "cancela la junta con beto",
            "ay no, regrésalo",
        ),
        (
            "cl",
            "agenda reunión con la Coni el jueves a las 10",
            "cancela la reunión con la Coni",
            "uy no, eso no, devuélvela po",
        ),
        (
            "es",
            "agenda reunión con Álvaro el jueves a las 10",
            "cancela la reunión con Álvaro",
            "ese no era, deshazlo porfa",
        ),
        (
            "gb",
            "book a meeting with Priya tomorrow at 11",
            "cancel the meeting with Priya",
            "nooo, undo that!",
        ),
        (
            "gb",
            "book a meeting with Priya tomorrow at 11",
            "cancel the meeting with Priya",
            "wait no, put it back",
        ),
        (
            "us",
            "book a meeting with Tom on thursday at 11am",
            "cancel the meeting with Tom",
            "no no no, revert that",
        ),
        (
            "us",
            "book a meeting with Tom on thursday at 11am",
            "cancel the meeting with Tom",
            "oh no, not that one! bring it back",
        ),
    ],
)
def test_undo_after_an_interjection_brings_the_meeting_back(
    user: Callable[[str], Api], key: str, booking: str, cancel: str, undo: str
) -> None:
    api = user(key)
    booked, asked, confirmed, undone = talk(
        api, booking, cancel, "sí" if PROBE_TESTERS[key][1].startswith("es") else "yes", undo
    )
    assert booked["pending"] is False, booked
    assert asked["pending"] is True, asked
    assert confirmed["pending"] is False, confirmed
    assert undone["pending"] is False, undone
    assert len(meetings_of(api)) == 1, undone


# -- P46-M3: "pa las 4", and "the other one" after a move answered or a removal confirmed ----

_TWO = {
    "cl": (
        "hola po, agendame una reunion con la Coni el jueves a las 3 de la tarde",
        "y otra con el Nico el jueves a las 5 de la tarde",
    ),
    "mx": (
        "agenda una reunión con Coni el jueves a las 3 de la tarde",
        "y otra con Nico el jueves a las 5 de la tarde",
    ),
    "gb": (
        "book a meeting with Kim on thursday at 3pm",
        "book a meeting with Leo on thursday at 5pm",
    ),
}


@pytest.mark.parametrize(
    ("key", "said", "meetings"),
    [
        (
            "cl",
            ["cambia la del nico pa las 4"],
            {"Reunión con Coni": "2026-12-10T15:00", "Reunión con Nico": "2026-12-10T16:00"},
        ),
        (
            "cl",
            ["cambia la del nico pa las 4", "y la otra pa las 6 po"],
            {"Reunión con Coni": "2026-12-10T18:00", "Reunión con Nico": "2026-12-10T16:00"},
        ),
        (
            "cl",
            ["cambia la del nico", "a las 4", "y la otra a las 6"],
            {"Reunión con Coni": "2026-12-10T18:00", "Reunión con Nico": "2026-12-10T16:00"},
        ),
        (
            "mx",
            ["mueve la de Nico", "a las 4 de la tarde", "y la otra para las 6 de la tarde"],
            {"Reunión con Coni": "2026-12-10T18:00", "Reunión con Nico": "2026-12-10T16:00"},
        ),
        (
            "gb",
            ["move the meeting with Leo", "to 4pm", "and the other one to 6pm"],
            {"Meeting with Kim": "2026-12-10T18:00", "Meeting with Leo": "2026-12-10T16:00"},
        ),
    ],
)
def test_the_other_meeting_moves_after_a_move_answered(
    user: Callable[[str], Api], key: str, said: list[str], meetings: dict[str, str]
) -> None:
    api = user(key)
    replies = talk(api, *_TWO[key], *said)
    assert all(reply["pending"] is False for reply in replies[:2]), replies[:2]
    assert replies[-1]["pending"] is False, replies[-1]
    assert dict(meetings_of(api)) == meetings, replies[-1]


@pytest.mark.parametrize(
    ("key", "cancel", "yes", "other"),
    [
        ("cl", "cancela la reunión con la Coni", "sí", "y la otra también"),
        ("mx", "cancela la reunión con Nico", "si", "y la otra también"),
        ("gb", "cancel the meeting with Kim", "yes", "and the other one too"),
    ],
)
def test_the_other_one_too_after_a_confirmed_cancellation_asks_then_cancels(
    user: Callable[[str], Api], key: str, cancel: str, yes: str, other: str
) -> None:
    api = user(key)
    *_, asked, cancelled, again = talk(api, *_TWO[key], cancel, yes, other)
    assert asked["pending"] is True, asked
    assert cancelled["pending"] is False, cancelled
    assert len(meetings_of(api)) == 1, cancelled
    assert again["pending"] is True, again  # asked first, never removed on a guess
    (confirmed,) = talk_in(api, again, yes)
    assert confirmed["pending"] is False, confirmed
    assert meetings_of(api) == [], confirmed


def talk_in(api: Api, reply: dict[str, Any], *messages: str) -> list[dict[str, Any]]:
    """``messages`` sent in the conversation of ``reply``; the replies."""
    return [api.chat(message, reply["conversation_id"]) for message in messages]


# -- P46-L4: a team meeting names itself ---------------------------------------------------


@pytest.mark.parametrize(
    ("key", "said", "start"),
    [
        ("gb", "put a team meeting in for thursday at 9", "2026-12-10T09:00"),
        ("gb", "book a staff meeting on friday at 10am", "2026-12-11T10:00"),
        ("us", "schedule an all hands on thursday at 11am", "2026-12-10T11:00"),
        ("mx", "agenda una reunión de equipo el jueves a las 10", "2026-12-10T10:00"),
        ("es", "pon una junta de equipo el viernes a las 9 de la mañana", "2026-12-11T09:00"),
    ],
)
def test_a_team_meeting_is_booked_without_asking_who(
    user: Callable[[str], Api], key: str, said: str, start: str
) -> None:
    api = user(key)
    reply = api.chat(said)
    assert reply["pending"] is False, reply
    ((title, at),) = meetings_of(api)
    assert at == start, reply
    assert title.lower() not in {"meeting", "reunión"}, title


# -- P46-L6: "prepone" / "postpone" to a bare clock that only one half allows -----------------


@pytest.mark.parametrize(
    ("key", "booking", "said", "start"),
    [
        (
            "in",
            "book a call with Ravi on Thursday at 9",
            "Kindly prepone the call with Ravi to 8:30",
            "2026-12-10T08:30",
        ),
        (
            "in",
            "book a call with Ravi on Thursday at 9",
            "please bring forward the call with Ravi to 7:45",
            "2026-12-10T07:45",
        ),
        (
            "gb",
            "book a meeting with Priya on thursday at 3pm",
            "postpone the meeting with Priya to 4",
            "2026-12-10T16:00",
        ),
        (
            "gb",
            "book a meeting with Priya on thursday at 3pm",
            "push back the meeting with Priya to 5:30",
            "2026-12-10T17:30",
        ),
        (
            "mx",
            "agenda una reunión con Ana el jueves a las 10 de la mañana",
            "adelanta la reunión con Ana a las 9",
            "2026-12-10T09:00",
        ),
        (
            "mx",
            "agenda una reunión con Ana el jueves a las 3 de la tarde",
            "atrasa la reunión con Ana a las 5",
            "2026-12-10T17:00",
        ),
    ],
)
def test_a_move_said_earlier_or_later_takes_the_only_half_it_allows(
    user: Callable[[str], Api], key: str, booking: str, said: str, start: str
) -> None:
    api = user(key)
    _booked(api, booking)
    reply = api.chat(said)
    assert reply["pending"] is False, reply
    ((_title, at),) = meetings_of(api)
    assert at == start, reply


def test_a_move_said_earlier_with_both_halves_earlier_is_still_asked(
    user: Callable[[str], Api],
) -> None:
    api = user("gb")
    _booked(api, "book a meeting with Priya on thursday at 9pm")
    reply = api.chat("bring forward the meeting with Priya to 8")  # 8 AM and 8 PM are earlier
    assert reply["pending"] is True, reply
    assert meetings_of(api) == [("Meeting with Priya", "2026-12-10T21:00")]
