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


@pytest.mark.parametrize(
    "message",
    [
        "schedule a meeting with Ana tomorrow at 10am",
        "remind me to call mom at 5pm",
        "recuérdame estudiar 2 horas mañana a las 6 de la tarde",
    ],
)
def test_a_confident_scheduling_request_reads_no_profile(
    en: Api, monkeypatch: pytest.MonkeyPatch, message: str
) -> None:
    """The reading of a profile costs half a millisecond or more; a request another skill holds
    and no profile statement can be (a scheduling request, a question) skips it (stop 39)."""
    from app.skills import learning_path

    read: list[str] = []
    real = learning_path.read

    def counted(catalog: Any, text: str) -> Any:
        read.append(text)
        return real(catalog, text)

    monkeypatch.setattr(learning_path, "read", counted)
    en.chat(message)
    assert read == []
