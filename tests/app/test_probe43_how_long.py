"""Probe 43, N-M2: "how long is it" right after "book a meeting with Raj tomorrow at 2pm for 90
minutes" answered the time now («It's 7:16 AM (America/New_York).»). It is the meeting's length."""

from __future__ import annotations

import pytest

from tests.app.conftest import Api, talk


@pytest.mark.parametrize(
    "question", ["how long is it", "how long is the meeting?", "and how long does it last?"]
)
def test_how_long_after_a_booking_is_its_length(en: Api, question: str) -> None:
    *_, asked = talk(en, "book a meeting with Raj tomorrow at 2pm for 90 minutes", question)
    assert asked["reply"].startswith("“Meeting with Raj” lasts 90 minutes: tomorrow at 2:00 PM"), (
        asked
    )
    assert asked["reply"].endswith("until 3:30 PM.")


@pytest.mark.parametrize(
    "question", ["¿cuánto dura?", "cuanto dura la reunión", "¿y cuánto dura eso?"]
)
def test_cuanto_dura_after_a_booking_is_its_length(es: Api, question: str) -> None:
    *_, asked = talk(
        es, "agenda una reunión con Raj mañana a las 2 de la tarde por 2 horas", question
    )
    assert asked["reply"].startswith("“Reunión con Raj” dura 120 minutos"), asked
    assert "hasta las 16:00" in asked["reply"]


def test_with_nothing_just_booked_it_is_not_guessed(en: Api) -> None:
    reply = en.chat("how long is it")
    assert "lasts" not in reply["reply"]
