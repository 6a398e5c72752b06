"""Probe 33's scheduling findings still open after helpers 146–154 (the tester's clock was Sun 6
Dec 2026; these run on Tuesday 14 April 2026, 14:30 in Lima, the ``en``/``es`` fixtures).

- "el lunes tengo una reunión a las 10 de la mañana, agéndala" asked "¿Cuándo exactamente? Dime
  un día y una hora.": the parser read "lunes tengo una" as Monday at one and lost it; "una"
  after a word that is not "la"/"las" is a count, and the day and the clock are read.
"""

from __future__ import annotations

import pytest

from tests.app.conftest import TUESDAY_AFTERNOON, Api, local, meetings_of, reader

read = reader(TUESDAY_AFTERNOON)

# -- a number word after the day ("el lunes tengo una reunión a las 10") --------------------


@pytest.mark.parametrize(
    ("said", "at"),
    [
        ("el lunes tengo una reunión a las 10 de la mañana, agéndala", "2026-04-20T10:00"),
        ("el viernes hay una reunión a las 3 de la tarde", "2026-04-17T15:00"),
        ("el jueves tengo dos citas a las 4 de la tarde", "2026-04-16T16:00"),
        ("el lunes a la una tengo reunión", "2026-04-20T13:00"),
    ],
)
def test_a_count_after_the_day_is_no_hour(said: str, at: str) -> None:
    assert local(read(said)) == at


@pytest.mark.parametrize(
    ("said", "answer", "expected"),
    [
        ("el lunes tengo una reunión a las 10 de la mañana, agéndala", "con Pilar",
         ("Reunión con Pilar", "2026-04-20T10:00")),
        ("el lunes tengo una reunión con Pilar a las 10 de la mañana, agéndala", None,
         ("Reunión con Pilar", "2026-04-20T10:00")),
    ],
)  # fmt: skip
def test_a_meeting_said_after_its_day_is_booked(
    es: Api, said: str, answer: str | None, expected: tuple[str, str]
) -> None:
    reply = es.chat(said)
    assert "Cuándo exactamente" not in reply["reply"]
    if answer is not None:
        assert reply["pending"], reply["reply"]  # who it is with: asked
        reply = es.chat(answer, reply["conversation_id"])
    assert meetings_of(es) == [expected], reply["reply"]
