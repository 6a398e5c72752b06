"""A social gathering beside the meeting noun is not a work meeting (helper 227).

"reunión de exalumnos a las 9" was booked silently at 9 AM: the work-meeting rule of probe 44
(P44-M4, a bare 9–11 beside "reunión"/"meeting" is the morning) read an alumni reunion as a
work meeting. A social gathering (exalumnos, ex compañeros, reencuentro, despedida, familia,
amigos, alumni, class/family reunion, "reunion" in English, get-together, farewell...) keeps the
AM/PM question; real work meetings are still booked in the morning.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.app.conftest import meetings_of, said, talk


@pytest.fixture
def user(probe44_user: Any) -> Any:
    return probe44_user


@pytest.mark.parametrize(
    ("key", "booking"),
    [
        ("rosa", "agenda la reunión de exalumnos el sábado a las 9"),
        ("rosa", "agenda reunión de ex alumnos del colegio el sábado a las 10"),
        ("aes", "agenda una reunión con mis ex compañeros el viernes a las 11"),
        ("carmen", "reunión de excompañeros de la uni el sábado a las 9 y media"),
        ("rosa", "agenda la reunión de promo el sábado a las 10"),
        ("rosa", "agenda el reencuentro de la promoción el sábado a las 9"),
        ("aes", "agenda reunión familiar el domingo a las 11"),
        ("rosa", "agenda reunión con los amigos del barrio el viernes a las 10"),
        ("carmen", "agenda una reunión por la despedida de Ana el viernes a las 9"),
        ("rosa", "agenda reunión por el cumpleaños de Pepe el sábado a las 10"),
        ("mike", "schedule the alumni meeting on saturday at 9"),
        ("mike", "book a meeting for the class reunion on saturday at 10"),
        ("mike", "schedule a family reunion meeting on sunday at 11"),
        ("raj", "book a meeting with old friends for the reunion on saturday at 9"),
        ("mike", "book a meeting for Tom's farewell on friday at 10"),
        ("raj", "schedule a get-together meeting with the team on friday at 9:30"),
    ],
)
def test_a_social_gathering_at_a_bare_9_to_11_is_asked(user: Any, key: str, booking: str) -> None:
    api = user(key)
    reply = talk(api, booking)[0]
    assert reply["pending"] is True, reply
    assert meetings_of(api) == [], reply


@pytest.mark.parametrize(
    ("key", "booking", "stored"),
    [
        ("rosa", "agenda reunión con el equipo de ventas el sábado a las 9", "2026-12-12T09:00"),
        ("rosa", "agenda reunión con Marta el viernes a las 10", "2026-12-11T10:00"),
        ("mike", "schedule a meeting with the client on friday at 11", "2026-12-11T11:00"),
        ("mike", "book a team sync on thursday at 9:30", "2026-12-10T09:30"),
    ],
)
def test_work_meetings_at_a_bare_9_to_11_are_still_in_the_morning(
    user: Any, key: str, booking: str, stored: str
) -> None:
    api = user(key)
    reply = said(api, booking)[0]
    ((_title, start),) = meetings_of(api)
    assert start == stored, reply


def test_an_unaccented_spanish_reunion_is_still_a_work_meeting(user: Any) -> None:
    api = user("rosa")
    reply = said(api, "agenda reunion con el equipo el jueves a las 10")[0]
    ((_title, start),) = meetings_of(api)
    assert start == "2026-12-10T10:00", reply


@pytest.mark.parametrize(
    ("key", "booking", "answer", "stored"),
    [
        ("rosa", "agenda la reunión de exalumnos el sábado a las 9", "de la noche", "21:00"),
        ("rosa", "agenda la reunión de exalumnos el sábado a las 9", "de la mañana", "09:00"),
        ("mike", "book a meeting for the class reunion on saturday at 10", "pm", "22:00"),
    ],
)
def test_the_half_answered_is_booked(
    user: Any, key: str, booking: str, answer: str, stored: str
) -> None:
    api = user(key)
    replies = talk(api, booking, answer)
    assert replies[1]["pending"] is False, replies[1]
    ((_title, start),) = meetings_of(api)
    assert start == f"2026-12-12T{stored}", replies
