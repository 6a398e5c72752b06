"""What the nineteenth independent tester found planning a real week: "actually make that 30"
and "make the timer 30 minutes" set a second timer; an alarm whose day was asked after "I can't
repeat it" was set at 18:45 for "6:45" (the hours said with weekdays: tests/pathways)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
import time_machine

from tests.app.conftest import LIMA, Api, reminders_of, talk

SATURDAY = datetime(2026, 4, 18, 14, 30, tzinfo=LIMA)


@pytest.fixture
def sat_en(en: Api) -> Iterator[Api]:
    with time_machine.travel(SATURDAY, tick=True):
        yield en


@pytest.fixture
def sat_es(es: Api) -> Iterator[Api]:
    with time_machine.travel(SATURDAY, tick=True):
        yield es


@pytest.mark.parametrize(
    ("first", "then", "left"),
    [
        ("set a timer for 25 minutes", "actually make that 30", "30 minutes left"),
        ("set a timer for 25 minutes", "make the timer 40 minutes", "40 minutes left"),
        ("pon un temporizador de 10 minutos", "cambia el temporizador a 20 minutos", "faltan 20"),
    ],
)
def test_a_timer_given_a_new_length_is_one_timer(
    api: Api, first: str, then: str, left: str
) -> None:
    replies = talk(api, first, then)
    assert left in replies[-1]["reply"]
    assert len(reminders_of(api)) == 1


@pytest.mark.parametrize(
    ("said", "day", "answer"),
    [
        ("set an alarm for 6:45 on weekdays", "tuesday", "6:45 AM or"),
        ("pon una alarma de lunes a viernes a las 6:45", "el martes", "6:45 o"),
    ],
)
def test_an_alarms_day_answered_after_a_repeat_asks_the_half(
    api: Api, said: str, day: str, answer: str
) -> None:
    with time_machine.travel(SATURDAY, tick=True):
        reply = talk(api, said, day)[-1]
        assert reply["pending"]
        assert answer in reply["reply"]
        assert reminders_of(api) == []
