"""What a chat turn does, counted rather than timed (rule 6: speed is measured in `make bench`):
at stop 38 a turn went from about 1.8 to 5 ms in process, unseen by any test, because every
message was read by the time reader (about a millisecond a reading) and the roles' names were
rebuilt each turn. A greeting reads no time; a message with a time is read once however many
steps of the dialogue look at it; the roles' patterns are compiled once."""

from __future__ import annotations

from typing import Any

import pytest

from tests.app.conftest import Api


@pytest.fixture
def readings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    from app.skills import scheduling

    read: list[str] = []
    real = scheduling.read_time

    def counted(text: str, *args: Any, **kwargs: Any) -> Any:
        read.append(text)
        return real(text, *args, **kwargs)

    scheduling._reading.cache_clear()
    monkeypatch.setattr(scheduling, "read_time", counted)
    return read


@pytest.mark.parametrize(
    "message", ["hello there", "thanks a lot", "what can you do", "hola, ¿cómo estás?"]
)
def test_a_message_with_no_time_is_not_read_for_one(
    en: Api, readings: list[str], message: str
) -> None:
    en.chat(message)
    assert readings == []


@pytest.mark.parametrize(
    "message", ["what's on my calendar friday", "remind me to call mom at 5pm", "5pm"]
)
def test_a_message_is_read_once_a_turn(en: Api, readings: list[str], message: str) -> None:
    en.chat(message)
    assert 1 <= len(readings) <= 2, readings  # the message, or the part that is the item's
    assert len(set(readings)) == len(readings), readings  # no text read twice


def test_the_roles_patterns_are_compiled_once(en: Api) -> None:
    from app.pathways import _patterns_of_roles

    en.chat("I want to be a data analyst")
    before = _patterns_of_roles.cache_info().misses
    for message in ("hello there", "quiero ser cocinera", "what can you do"):
        en.chat(message)
    assert _patterns_of_roles.cache_info().misses == before
