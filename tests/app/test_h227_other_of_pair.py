"""P45-M11: "the other one" is the other of the pair just booked (helper 227).

"book a meeting with Kim tomorrow at 2pm", "… Leo … 3pm", "move the one with Kim to 4pm", "and
the other one to 5" listed an earlier call with Dana too and asked which one: of the items made
in the conversation, the two booked one right after the other (nothing said between) are the
pair, and the other one of it is moved. Three booked in a row have no clear pair: still asked.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.app.conftest import meetings_of, reminders_of, talk


@pytest.fixture
def user(probe44_user: Any) -> Any:
    return probe44_user


@pytest.mark.parametrize(
    ("key", "messages", "stored"),
    [
        (
            "mike",
            (
                "book a call with Dana tomorrow at 1pm",
                "what do I have tomorrow?",
                "book a meeting with Kim tomorrow at 2pm",
                "book a meeting with Leo tomorrow at 3pm",
                "move the one with Kim to 4pm",
                "and the other one to 5",
            ),
            [
                ("Call with Dana", "2026-12-08T13:00"),
                ("Meeting with Kim", "2026-12-08T16:00"),
                ("Meeting with Leo", "2026-12-08T17:00"),
            ],
        ),
        (
            "raj",
            (
                "book a meeting with Priya on friday at 10am",
                "what time is it?",
                "thanks",
                "book a meeting with Omar on friday at 2pm",
                "book a meeting with Zoe on friday at 3pm",
                "move my meeting with Zoe to 4pm",
                "move the other one to 11am",
            ),
            [
                ("Meeting with Omar", "2026-12-11T11:00"),
                ("Meeting with Priya", "2026-12-11T10:00"),
                ("Meeting with Zoe", "2026-12-11T16:00"),
            ],
        ),
        (
            "rosa",
            (
                "agenda una llamada con Dana mañana a las 1 pm",
                "qué tengo mañana?",
                "agenda reunión con Marta mañana a las 3 pm",
                "agenda reunión con Luis mañana a las 4 pm",
                "mueve la de Marta a las 10 am",
                "y la otra a las 11",
            ),
            [
                ("Llamada con Dana", "2026-12-08T13:00"),
                ("Reunión con Luis", "2026-12-08T11:00"),
                ("Reunión con Marta", "2026-12-08T10:00"),
            ],
        ),
        (
            "carmen",
            (
                "agenda reunión con Pilar el jueves a las 10 de la mañana",
                "¿qué hora es?",
                "agenda reunión con Iván el jueves a las 12 del día",
                "agenda reunión con Sara el jueves a las 5 de la tarde",
                "mueve la reunión con Sara a las 6 de la tarde",
                "y la otra a la 1 de la tarde",
            ),
            [
                ("Reunión con Iván", "2026-12-10T13:00"),
                ("Reunión con Pilar", "2026-12-10T10:00"),
                ("Reunión con Sara", "2026-12-10T18:00"),
            ],
        ),
    ],
)
def test_the_other_one_is_the_other_of_the_pair_just_booked(
    user: Any, key: str, messages: tuple[str, ...], stored: list[tuple[str, str]]
) -> None:
    api = user(key)
    replies = talk(api, *messages)
    assert replies[-1]["pending"] is False, [r["reply"] for r in replies]
    assert sorted(meetings_of(api)) == sorted(stored), replies[-1]["reply"]
    assert reminders_of(api) == []


@pytest.mark.parametrize(
    ("key", "messages"),
    [
        (
            "mike",
            (
                "book a call with Dana tomorrow at 1pm",
                "book a meeting with Kim tomorrow at 2pm",
                "book a meeting with Leo tomorrow at 3pm",
                "move the one with Kim to 4pm",
                "and the other one to 5",
            ),
        ),
        (
            "rosa",
            (
                "agenda reunión con Ana mañana a las 9 am",
                "agenda reunión con Marta mañana a las 3 pm",
                "agenda reunión con Luis mañana a las 4 pm",
                "mueve la de Marta a las 10 am",
                "y la otra a las 11",
            ),
        ),
    ],
)
def test_three_booked_in_a_row_have_no_clear_pair(
    user: Any, key: str, messages: tuple[str, ...]
) -> None:
    api = user(key)
    asked = talk(api, *messages)[-1]
    assert asked["pending"] is True, asked
    assert "1." in asked["reply"], asked
    assert "2." in asked["reply"], asked
