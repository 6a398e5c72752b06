"""Probe 47, M2: a removal whose words do not name the one reminder there is asks about it,
in any language; "delete the reminder about the rent" removed «sacar al perro» unasked (its
words were in another language than the reminder's, which the removal took as a match)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from tests.app.conftest import PROBE47_EVENING, Api, reminders_of, talk, zoned_user


@pytest.fixture
def madrid(app: Any, client: Any) -> Iterator[Api]:
    with time_machine.travel(PROBE47_EVENING, tick=True):
        api = zoned_user(app, client, "Europe/Madrid", "es-ES", "es")
        talk(api, "recuérdame mañana a las 19:00 sacar al perro")
        assert [text for text, _ in reminders_of(api)] == ["sacar al perro"]
        yield api


@pytest.mark.parametrize(
    "removal",
    [
        "delete the reminder about the rent",
        "remove the dentist reminder",
        "borra el recordatorio de la renta",
        "elimina el recordatorio del dentista",
    ],
)
def test_a_removal_naming_another_thing_is_asked_never_done(madrid: Api, removal: str) -> None:
    (reply,) = talk(madrid, removal)
    assert reply["pending"] is True, reply
    assert [text for text, _ in reminders_of(madrid)] == ["sacar al perro"], reply["reply"]
    no = madrid.chat("no", reply["conversation_id"])
    assert [text for text, _ in reminders_of(madrid)] == ["sacar al perro"], no["reply"]


@pytest.mark.parametrize(
    "removal", ["borra el recordatorio", "delete the reminder", "quita mi recordatorio"]
)
def test_the_only_reminder_named_by_its_kind_alone_is_removed(madrid: Api, removal: str) -> None:
    (reply,) = talk(madrid, removal)
    assert reminders_of(madrid) == [], reply["reply"]
