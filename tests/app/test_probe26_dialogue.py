"""Probe 26, finding 16: at 01:35, "tomorrow at 4pm" asks "today (Wed 15 Apr) or tomorrow (Thu 16
Apr) at 4:00 PM?"; "make it 5pm" booked today at 5:00 PM without asking. The day is still the
question: it is asked again at the new clock."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine

from tests.app.conftest import LIMA, Api, meetings_of, talk

SMALL_HOURS = datetime(2026, 4, 15, 1, 35, tzinfo=LIMA)


@pytest.mark.parametrize(
    ("lang", "said", "answer", "then", "expected"),
    [
        ("en", "tomorrow at 4pm", "make it 5pm", "tomorrow", "2026-04-16T17:00"),
        ("en", "tomorrow at 4pm", "at 5pm", "today", "2026-04-15T17:00"),
        (
            "es",
            "mañana a las 4 de la tarde",
            "mejor a las 5 de la tarde",
            "hoy",
            "2026-04-15T17:00",
        ),
    ],
)
def test_a_new_clock_for_an_unsure_day_asks_the_day_again(
    request: pytest.FixtureRequest, lang: str, said: str, answer: str, then: str, expected: str
) -> None:
    api: Api = request.getfixturevalue(lang)
    first = {"en": "book a meeting with Rosa", "es": "agenda una reunión con Rosa"}[lang]
    with time_machine.travel(SMALL_HOURS, tick=True):
        replies = talk(api, first, said, answer, then)
    asked = replies[2]
    assert asked["pending"], asked["reply"]
    assert ("5:00 PM" if lang == "en" else "17:00") in asked["reply"]
    assert ("tomorrow" if lang == "en" else "mañana") in asked["reply"]
    assert [start for _, start in meetings_of(api)] == [expected]
