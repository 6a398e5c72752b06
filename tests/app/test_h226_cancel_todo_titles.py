"""Probe 45's findings on removing items, to-do titles and correcting a to-do (helper 226).

- P45-H3: "cancele la cita del odontólogo y el recordatorio de salir" removed the reminder only,
  silently: two removals in one message are refused as two bookings are, nothing removed.
- P45-M6: "mejor la reu con el profe pásala para las 5" (the verb read into the name), "cancel my
  sunday thing" (refused), "cancel my 11am tomorrow" (a reminder "cancel my"): the item found by
  its name, day or time and asked about; never a reminder titled with the cancel verb.
- P45-M4 / P45-L1: "ah y anota comprar útiles para mi hermano" kept the filler; quoted items are
  the items; the confirmation shows the words stored ("mi hermano", never "tu hermano").
- P45-M5: "corrige el pendiente, solo es comprar útiles" added a junk to-do; "fix that first
  one, it should just be renew rego" was refused: the to-do just added is renamed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine

from tests.app.conftest import Api, meetings_of, reminders_of, talk, zoned_user

# Monday 7 December 2026, 17:30 UTC, as in probe 45 (12:30 in Bogotá and Lima, 09:30 in LA)
_CLOCK = datetime(2026, 12, 7, 17, 30, tzinfo=UTC)

_ZONES = {
    "es": ("America/Bogota", "es-CO"),
    "en": ("America/Los_Angeles", "en-US"),
    "au": ("Australia/Sydney", "en-AU"),
}


@pytest.fixture
def user(app: Any, client: Any) -> Iterator[Callable[[str], Api]]:
    with time_machine.travel(_CLOCK, tick=True):
        yield lambda lang: zoned_user(app, client, *_ZONES[lang], f"h226{lang}")


def _todos(api: Api) -> list[str]:
    return [t["text"] for t in api.get("/v1/todos").json["todos"]]


# -- P45-H3: two removals in one message -------------------------------------------------------

_DENTIST = {
    "es": (
        "agende cita con el odontólogo el miércoles a las 3:30 de la tarde",
        "recuérdeme salir para el odontólogo el miércoles a las 2:45 de la tarde",
    ),
    "en": (
        "book a dentist appointment on wednesday at 3:30pm",
        "remind me to leave for the dentist wednesday at 2:45pm",
    ),
}


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("es", "cancele la cita del odontólogo y el recordatorio de salir"),
        ("es", "cancela la cita del odontólogo y también el recordatorio"),
        ("es", "borra el recordatorio de salir y la cita del odontólogo"),
        ("en", "cancel the dentist appointment and the reminder to leave"),
        ("en", "delete my reminder to leave and my dentist appointment"),
        ("en", "cancel the dentist appointment and the one after"),
    ],
)
def test_two_removals_are_refused_nothing_removed(
    user: Callable[[str], Api], lang: str, message: str
) -> None:
    api = user(lang)
    *_made, reply = talk(api, *_DENTIST[lang], message)
    assert reply["pending"] is False, reply
    assert ("Son 2 pedidos" if lang == "es" else "That's 2 requests") in reply["reply"], reply
    assert len(meetings_of(api)) == 1
    assert len(reminders_of(api)) == 1


@pytest.mark.parametrize(
    ("lang", "message"),
    [("es", "cancela la cita del odontólogo"), ("en", "cancel the dentist appointment")],
)
def test_one_removal_is_still_asked(user: Callable[[str], Api], lang: str, message: str) -> None:
    api = user(lang)
    *_made, asked, _yes = talk(api, *_DENTIST[lang], message, "sí" if lang == "es" else "yes")
    assert asked["pending"] is True, asked
    assert meetings_of(api) == []
    assert len(reminders_of(api)) == 1


# -- P45-M6: items found by name, day or time --------------------------------------------------


@pytest.mark.parametrize(
    ("message", "clock"),
    [
        ("mejor la reu con el profe pásala para las 5", "17:00"),
        ("mejor la reunión con el profe pásala para las 6", "18:00"),
        ("bueno, la reu con el profe muévela a las 4", "16:00"),
    ],
)
def test_the_meeting_named_is_moved(user: Callable[[str], Api], message: str, clock: str) -> None:
    api = user("es")
    _booked, moved = talk(api, "agenda reunión con el profe mañana a las 3 de la tarde", message)
    assert "pásala" not in moved["reply"], moved
    assert "muévela" not in moved["reply"], moved
    assert meetings_of(api) == [("Reunión con el profe", f"2026-12-08T{clock}")], moved


@pytest.mark.parametrize(
    ("lang", "booking", "message", "yes"),
    [
        ("en", "meeting with Bo on sunday at 3pm", "cancel my sunday thing", "yes"),
        ("en", "meeting with Bo on sunday at 3pm", "delete my sunday stuff", "yes"),
        ("es", "agenda reunión con Bo el domingo a las 3 de la tarde",
         "cancela mi cosa del domingo", "sí"),
        ("es", "agenda reunión con Bo el domingo a las 3 de la tarde",
         "borra el evento del domingo", "sí"),
    ],
)  # fmt: skip
def test_the_day_thing_is_asked_then_cancelled(
    user: Callable[[str], Api], lang: str, booking: str, message: str, yes: str
) -> None:
    api = user(lang)
    _booked, asked = talk(api, booking, message)
    assert asked["pending"] is True, asked
    assert "Bo" in asked["reply"], asked
    assert len(meetings_of(api)) == 1  # asked first
    again, done = talk(api, message, yes)
    assert again["pending"] is True, again
    assert meetings_of(api) == [], done
    assert reminders_of(api) == []


@pytest.mark.parametrize(
    ("lang", "reminder", "message", "yes"),
    [
        ("en", "remind me to call mom tomorrow at 11am", "cancel my 11am tomorrow", "yes"),
        ("en", "remind me to call mom tomorrow at 11am", "delete my 11 am tomorrow", "yes"),
        ("es", "recuérdame pagar la luz mañana a las 11 de la mañana",
         "cancela lo de las 11 de mañana", "sí"),
    ],
)  # fmt: skip
def test_the_reminder_at_that_time_is_asked_then_removed(
    user: Callable[[str], Api], lang: str, reminder: str, message: str, yes: str
) -> None:
    api = user(lang)
    _set, asked, done = talk(api, reminder, message, yes)
    assert asked["pending"] is True, asked
    assert "mom" in asked["reply"] or "luz" in asked["reply"], asked
    assert reminders_of(api) == [], done


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "cancel my 11am tomorrow"),
        ("en", "cancel my 3pm on friday"),
        ("en", "delete my 11 am tomorrow"),
        ("es", "cancela lo de las 11 de mañana"),
    ],
)
def test_a_cancel_never_becomes_a_reminder(
    user: Callable[[str], Api], lang: str, message: str
) -> None:
    api = user(lang)
    replies = talk(api, message, "sí" if lang == "es" else "yes")
    assert reminders_of(api) == [], replies
    assert _todos(api) == [], replies
    assert "cancel my" not in replies[0]["reply"], replies


# -- P45-M4 / P45-L1: to-do titles -------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "message", "stored"),
    [
        ("es", "ah y anota comprar útiles para mi hermano", ["comprar útiles para mi hermano"]),
        ("es", "oye y anota pagar la luz", ["pagar la luz"]),
        ("es", "ah, anota llamar a mi abuela", ["llamar a mi abuela"]),
        ("en", "oh and add call my sister to my to-do list", ["call my sister"]),
        ("au", "chuck 'renew rego' and 'buy sunnies' on my to do list",
         ["renew rego", "buy sunnies"]),
        ("au", "put \"walk the dog\" and \"buy milk\" on my todo list",
         ["walk the dog", "buy milk"]),
        ("es", "anota 'comprar pan' y 'pagar la luz' en mi lista", ["comprar pan", "pagar la luz"]),
    ],
)  # fmt: skip
def test_the_todo_words_are_the_items(
    user: Callable[[str], Api], lang: str, message: str, stored: list[str]
) -> None:
    api = user(lang)
    (reply,) = talk(api, message)
    assert _todos(api) == stored, reply
    for text in stored:
        assert f"“{text}”" in reply["reply"], reply  # the words stored, as stored


# -- P45-M5: a to-do corrected -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "added", "message", "stored"),
    [
        ("es", "anota comprar útiles para mi hermano",
         "corrige el pendiente, solo es comprar útiles", ["comprar útiles"]),
        ("es", "anota pagar la luz del depa", "corrige eso, solo es pagar la luz",
         ["pagar la luz"]),
        ("au", "chuck 'renew rego' and 'buy sunnies' on my to do list",
         "fix that first one, it should just be renew registration",
         ["renew registration", "buy sunnies"]),
        ("au", "chuck 'renew rego' and 'buy sunnies' on my to do list",
         "fix the second one, it should be buy sunglasses", ["renew rego", "buy sunglasses"]),
        ("en", "add call the bank today to my to-do list",
         "fix that, it should just be call the bank", ["call the bank"]),
    ],
)  # fmt: skip
def test_the_todo_just_added_is_renamed(
    user: Callable[[str], Api], lang: str, added: str, message: str, stored: list[str]
) -> None:
    api = user(lang)
    _added, fixed = talk(api, added, message)
    assert sorted(_todos(api)) == sorted(stored), fixed
    assert stored[0] in fixed["reply"] or stored[-1] in fixed["reply"], fixed


@pytest.mark.parametrize(
    ("lang", "added", "message"),
    [
        ("au", "chuck 'renew rego' and 'buy sunnies' on my to do list",
         "fix that one, it should just be renew registration"),
        ("es", "anota 'comprar pan' y 'pagar la luz' en mi lista",
         "corrige el pendiente, solo es comprar pan integral"),
    ],
)  # fmt: skip
def test_which_todo_is_asked_when_unsure(
    user: Callable[[str], Api], lang: str, added: str, message: str
) -> None:
    api = user(lang)
    _added, asked = talk(api, added, message)
    before = _todos(api)
    assert len(before) == 2, asked
    assert "registration" not in " ".join(before)
    assert "integral" not in " ".join(before)
    assert "?" in asked["reply"], asked
