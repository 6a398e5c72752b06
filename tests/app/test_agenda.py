""" "What do I have tomorrow?" / "¿qué tengo mañana?" lists everything due then (meetings,
reminders, alarms, to-dos with a due time) by time, and "cancel the second one" reaches any of
them; "my meetings tomorrow" still lists only meetings (an independent tester's finding: the
agenda question answered "No tienes reuniones mañana" over a reminder)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.app.conftest import Api


def _plan(api: Api, lang: str) -> None:
    messages = {
        "en": [
            "remind me tomorrow at 9am to call Vane",
            "book a meeting with Ana tomorrow at 4pm",
            "todo: pay the rent tomorrow at 6pm",
            "remind me on thursday at 9am to buy bread",
        ],
        "es": [
            "recuérdame mañana a las 9 de la mañana llamar a Vane",
            "agenda una reunión con Ana mañana a las 4 de la tarde",
            "pendiente: pagar el alquiler mañana a las 6 de la tarde",
            "recuérdame el jueves a las 9 de la mañana comprar pan",
        ],
    }[lang]
    for message in messages:
        api.chat(message)


def test_the_agenda_lists_everything_due_by_time(en: Api) -> None:
    _plan(en, "en")
    reply = en.chat("what do I have tomorrow?")
    assert reply["reply"].splitlines() == [
        "You have 3 items tomorrow:",
        "1. Reminder: call Vane — tomorrow at 9:00 AM",
        "2. Meeting with Ana — tomorrow at 4:00 PM–4:30 PM",
        "3. To-do: pay the rent — due tomorrow at 6:00 PM",
    ]
    cancelled = en.chat("delete the third one", reply["conversation_id"])
    assert "pay the rent" in cancelled["reply"]
    assert en.get("/v1/todos").json["todos"] == []


def test_la_agenda_en_espanol(es: Api) -> None:
    _plan(es, "es")
    reply = es.chat("¿qué tengo mañana?")
    assert reply["reply"].splitlines() == [
        "Tienes 3 cosas mañana:",
        "1. Recordatorio: llamar a Vane — mañana a las 9:00",
        "2. Reunión con Ana — mañana a las 16:00–16:30",
        "3. Pendiente: pagar el alquiler — vence mañana a las 18:00",
    ]
    nothing = es.chat("¿qué tengo el domingo?")["reply"]
    assert nothing.startswith("No tienes reuniones, recordatorios ni pendientes que venzan")


@pytest.mark.parametrize(
    ("fixture", "message"), [("en", "my meetings tomorrow"), ("es", "mis reuniones de mañana")]
)
def test_asking_for_meetings_lists_only_meetings(request: Any, fixture: str, message: str) -> None:
    api: Api = request.getfixturevalue(fixture)
    _plan(api, fixture)
    lines = api.chat(message)["reply"].splitlines()
    assert len(lines) == 2
    assert "Ana" in lines[1]


@pytest.mark.parametrize(
    ("fixture", "change", "said"),
    [
        (
            "en",
            "set my timezone to Europe/Madrid",
            "3 planned items keep their moment, so their local times change: “call Vane”, the "
            "first, is now tomorrow at 4:00 PM.",
        ),
        (
            "es",
            "cambia mi zona horaria a Europe/Madrid",
            "3 cosas planificadas conservan su momento, así que cambia su hora local: “llamar a "
            "Vane”, la primera, ahora es mañana a las 16:00.",
        ),
    ],
)
def test_a_new_timezone_says_what_happens_to_the_planned_times(
    request: Any, fixture: str, change: str, said: str
) -> None:
    api: Api = request.getfixturevalue(fixture)
    _plan(api, fixture)
    reply = api.chat(change)["reply"]
    assert reply.endswith(said), reply
