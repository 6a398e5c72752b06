"""A yes to a waiting yes-or-no question with a new request after it (helper 227).

"sí, y agenda otra el viernes" to "¿Cancelo …? Responde sí o no." asked again (or dropped the
cancel for the new request): the waiting action is confirmed, then the new request handled;
when the new request lacks something, it is asked after the confirmation.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.app.conftest import meetings_of, reminders_of, talk


@pytest.fixture
def user(probe44_user: Any) -> Any:
    return probe44_user


_CANCEL = {
    "rosa": ("agenda reunión con Marta mañana a las 3 pm", "cancela la reunión con Marta"),
    "carmen": ("agenda reunión con Paco mañana a las 5 de la tarde", "cancela la reunión con Paco"),
    "mike": ("book a meeting with Kim tomorrow at 2pm", "cancel the meeting with Kim"),
    "raj": ("book a meeting with Omar tomorrow at 4pm", "cancel my meeting with Omar"),
}


@pytest.mark.parametrize(
    ("key", "answer", "stored"),
    [
        ("rosa", "sí, y agenda una reunión con Luis el viernes a las 10 am", "2026-12-11T10:00"),
        ("carmen", "sí, y agenda otra con Lola el viernes a las 11 am", "2026-12-11T11:00"),
        ("mike", "yes, and book a meeting with Leo on friday at 3pm", "2026-12-11T15:00"),
        ("raj", "yes and schedule a call with Zoe on thursday at 9am", "2026-12-10T09:00"),
    ],
)
def test_a_yes_and_a_new_booking_does_both(user: Any, key: str, answer: str, stored: str) -> None:
    api = user(key)
    *_before, reply = talk(api, *_CANCEL[key], answer)
    assert reply["pending"] is False, reply
    ((_title, start),) = meetings_of(api)  # the old one cancelled, the new one booked
    assert start == stored, reply


@pytest.mark.parametrize(
    ("key", "answer"),
    [
        ("rosa", "sí, y agenda otra el viernes"),
        ("carmen", "sí, y agenda otra reunión el viernes"),
        ("mike", "yes, and book another one on friday"),
        ("raj", "yes, and schedule another meeting for friday"),
    ],
)
def test_a_yes_and_an_incomplete_booking_confirms_and_asks(
    user: Any, key: str, answer: str
) -> None:
    api = user(key)
    *_before, reply = talk(api, *_CANCEL[key], answer)
    assert meetings_of(api) == [], reply  # cancelled, nothing booked yet
    assert reply["pending"] is True, reply
    assert "sí o no" not in reply["reply"], reply
    assert "yes or no" not in reply["reply"], reply


@pytest.mark.parametrize(
    ("key", "answer", "text"),
    [
        ("rosa", "sí, y recuérdame llamar a Pedro mañana a las 6 pm", "llamar a Pedro"),
        ("mike", "yes, and remind me to call Bob tomorrow at 6pm", "call Bob"),
    ],
)
def test_a_yes_and_a_reminder_does_both(user: Any, key: str, answer: str, text: str) -> None:
    api = user(key)
    *_before, reply = talk(api, *_CANCEL[key], answer)
    assert reply["pending"] is False, reply
    assert meetings_of(api) == [], reply
    ((said, due),) = reminders_of(api)
    assert said == text, reply
    assert due == "2026-12-08T18:00", reply
