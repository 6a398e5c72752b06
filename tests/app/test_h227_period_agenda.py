"""P45-M12: a question about what the user has on a period is answered in full (helper 227).

"qué tengo pendiente esta semana?" / "¿tengo algo pendiente esta semana?" answered the to-do list
alone (Friday's meeting left out), "whats on my plate tomorrow" the to-dos or the meetings alone:
the agenda of the period (a day, a week, a weekend) lists its meetings and reminders, then the
open to-dos with no date as pending.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.app.conftest import talk

_SETUP = {
    "rosa": (
        "agenda reunión con Marta el viernes a las 3 pm",
        "recuérdame pagar el alquiler el miércoles a las 9 am",
        "añade llamar a Pedro a mi lista de pendientes",
    ),
    "mike": (
        "book a meeting with Kim on friday at 2pm",
        "remind me to pay rent on wednesday at 9am",
        "add call Bob to my to-do list",
    ),
}
_HEAD = {
    "rosa": "En tu lista de pendientes, sin fecha:",
    "mike": "On your to-do list, with no date:",
}
_PARTS = {"rosa": ("Marta", "alquiler", "llamar a Pedro"), "mike": ("Kim", "rent", "call Bob")}


@pytest.fixture
def user(probe44_user: Any) -> Any:
    return probe44_user


@pytest.mark.parametrize(
    ("key", "question"),
    [
        ("rosa", "qué tengo pendiente esta semana?"),
        ("rosa", "¿tengo algo pendiente esta semana?"),
        ("rosa", "¿hay algo pendiente para esta semana?"),
        ("rosa", "qué tengo esta semana"),
        ("mike", "what do I have this week?"),
        ("mike", "what's on my plate this week"),
        ("mike", "anything pending this week?"),
        ("mike", "is there anything due this week?"),
    ],
)
def test_the_week_asked_lists_meetings_reminders_and_open_todos(
    user: Any, key: str, question: str
) -> None:
    api = user(key)
    talk(api, *_SETUP[key])
    (reply,) = talk(api, question)
    text = reply["reply"]
    meeting, reminder, todo = _PARTS[key]
    assert meeting in text, text
    assert reminder in text, text
    assert text.index(_HEAD[key]) < text.index(todo), text


@pytest.mark.parametrize(
    ("key", "question", "meeting"),
    [
        ("rosa", "qué hay para el viernes", "Marta"),
        ("rosa", "¿qué tengo pendiente para el viernes?", "Marta"),
        ("mike", "whats on my plate friday", "Kim"),
        ("mike", "what do I have on friday?", "Kim"),
    ],
)
def test_the_day_asked_lists_its_meeting_and_the_open_todos(
    user: Any, key: str, question: str, meeting: str
) -> None:
    api = user(key)
    (*_setup, reply) = talk(api, *_SETUP[key], question)
    text = reply["reply"]
    assert meeting in text, text
    assert text.index(_HEAD[key]) < text.index(_PARTS[key][2]), text


@pytest.mark.parametrize(
    ("key", "question"),
    [("rosa", "qué tengo pendiente para mañana"), ("mike", "whats on my plate tomorrow")],
)
def test_an_empty_day_still_says_the_open_todos(user: Any, key: str, question: str) -> None:
    api = user(key)
    (*_setup, reply) = talk(api, *_SETUP[key], question)
    text = reply["reply"]
    assert _PARTS[key][0] not in text, text  # Friday's meeting is not tomorrow's
    assert text.index(_HEAD[key]) < text.index(_PARTS[key][2]), text


@pytest.mark.parametrize(
    ("key", "question"),
    [("rosa", "mis reuniones de esta semana"), ("mike", "show my meetings this week")],
)
def test_the_meetings_asked_alone_list_no_todos(user: Any, key: str, question: str) -> None:
    api = user(key)
    (*_setup, reply) = talk(api, *_SETUP[key], question)
    assert _PARTS[key][0] in reply["reply"], reply
    assert _PARTS[key][2] not in reply["reply"], reply
