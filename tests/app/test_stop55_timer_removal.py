"""Probe 44, P44-H1: "quita el timer", "borra el timer" (a Spanish user whose timer is labelled
"Temporizador") answered 500 (no noun for timers in what a removal names) and the timer stayed."""

from __future__ import annotations

import pytest

from tests.app.conftest import Api


def _timers(api: Api) -> list[str]:
    return [r["text"] for r in api.get("/v1/reminders").json["reminders"] if r["kind"] == "timer"]


@pytest.mark.parametrize(
    ("who", "set_it", "remove"),
    [
        ("es", "ponme un timer de 5 min", "quita el timer"),
        ("es", "ponme un timer de 5 min", "borra el timer"),
        ("es", "pon un temporizador de 10 minutos", "elimina el timer"),
        ("es", "pon un temporizador de 10 minutos", "quita el temporizador"),
        ("en", "set a timer for 5 minutes", "remove the timer"),
        ("en", "set a timer for 5 minutes", "delete the timer"),
    ],
)
def test_a_timer_named_timer_is_removed(
    en: Api, es: Api, who: str, set_it: str, remove: str
) -> None:
    api = en if who == "en" else es
    api.chat(set_it)
    assert len(_timers(api)) == 1
    reply = api.chat(remove)
    assert _timers(api) == [], reply["reply"]


@pytest.mark.parametrize("remove", ["quita el timer", "borra el timer", "delete the timer"])
def test_no_timer_running_is_said(es: Api, remove: str) -> None:
    reply = es.chat(remove)
    assert "temporizador" in reply["reply"].lower() or "timer" in reply["reply"].lower(), reply
    assert _timers(es) == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("quita el timer", "es"),
        ("borra el timer", "es"),
        ("elimina el timer", "es"),
        ("cancela el timer", "es"),
        ("set a timer for 5 minutes", "en"),
        ("cancel the timer", "en"),
        ("stop the timer", "en"),
    ],
)
def test_timer_is_a_word_of_both_languages(text: str, lang: str) -> None:
    """ "timer" is said in Spanish too: "quita el timer" reads as Spanish (it was undecided, and a
    user with no locale got "You have no timer running.")."""
    from app.language import detect

    assert detect(text) == lang
