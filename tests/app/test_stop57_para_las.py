"""A message that opens with "para las 4" says the time asked for, as "a las 4" does (helper
237 read "pa las 4" so; "para las 5" after a move answered "Son las 14:31", the time now, and
"mejor para las 4" "Ahora no hay nada que cancelar"). Inside a sentence "para las 5" is kept."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from app.texting import written_out
from tests.app.conftest import PROBE47_EVENING, Api, meetings_of, talk, zoned_user


@pytest.fixture
def mx(app: Any, client: Any) -> Iterator[Api]:
    with time_machine.travel(PROBE47_EVENING, tick=True):
        yield zoned_user(app, client, "America/Mexico_City", "es-MX", "mx")


def _booked(api: Api) -> int:
    (reply,) = talk(api, "agenda junta con Caro el jueves a las 10 de la mañana")
    assert meetings_of(api) == [("Junta con Caro", "2026-12-10T10:00")], reply
    conversation: int = reply["conversation_id"]
    return conversation


@pytest.mark.parametrize("again", ["mejor para las 4", "no, para las 4"])
def test_a_move_said_again_with_para_moves_it(mx: Api, again: str) -> None:
    conversation = _booked(mx)
    mx.chat("mueve la junta con Caro a las 3 de la tarde", conversation)
    reply = mx.chat(again, conversation)
    assert "Son las" not in reply["reply"], reply
    assert meetings_of(mx) == [("Junta con Caro", "2026-12-10T16:00")], reply


def test_para_las_alone_after_a_move_is_never_the_time_now(mx: Api) -> None:
    conversation = _booked(mx)
    mx.chat("mueve la junta con Caro a las 3 de la tarde", conversation)
    reply = mx.chat("para las 5", conversation)
    assert reply["skill"] == "scheduling", reply
    assert "Son las" not in reply["reply"], reply
    assert "17:00" in reply["reply"], reply


def test_para_las_answers_what_time(mx: Api) -> None:
    asked, answered = talk(mx, "agenda una junta con Luis el jueves", "para las 4 de la tarde")
    assert asked["pending"] is True, asked
    assert answered["pending"] is False, answered
    assert meetings_of(mx) == [("Junta con Luis", "2026-12-10T16:00")], answered


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("para las 5", "a las 5"),
        ("mejor para las 4 de la tarde", "mejor a las 4 de la tarde"),
        ("recuérdame comprar pan para las 5", "recuérdame comprar pan para las 5"),
        ("para las 5 personas", "para las 5 personas"),
        ("para las cinco y media", "a las cinco y media"),
    ],
)
def test_only_an_opening_para_las_is_read_as_a(said: str, read: str) -> None:
    assert written_out(said, "es") == read
