"""Messages that ask for two things, run-ons, and offsets of minutes and seconds (probe 39, O-M4;
probe 40, U-M8; probe 41, R-L3 and "recuérdame en 4 minutos y 30 segundos sacar el pan"). The
tester's clock: Monday 7 December 2026, 08:15 UTC (03:15 in Lima, New York 03:15, London 08:15).

- O-M4: "add a to-do and set a reminder to call Rosa about the milk tonight" stored the reminder
  and dropped the to-do silently; "add a to-do so I remember to buy milk and bread tonight" stored
  a to-do "a so I remember to buy milk and bread". Two things asked are the documented "2
  requests, one at a time" answer (nothing stored); one asked with why ("so I remember to …",
  "para que no se me olvide …") keeps only what to do.
- U-M8: a run-on with two items ("… the dentist at 10am and then lunch with mom at 1pm remind me
  about both", "put the school nativity in for thursday at 2 and remind me the day before to buy
  tinsel", "oye slipway recuerdame que el jueves … y tambien que el viernes …") made one reminder
  with a garbled text ("both", "the day before to buy tinsel") and lost the other part: it is
  two requests, nothing stored.
- R-L3: "añade aceite y tomate a la lista de la compra", "add salt and pepper to my shopping list"
  made one to-do of the two things: two to-dos, as "eggs, milk and bread" is three.
- "recuérdame en 4 minutos y 30 segundos sacar el pan" was due in 4 minutes with "y 30 segundos"
  in its text: due in 4 minutes 30 seconds, its text "sacar el pan".
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.app.conftest import PROBE40_MORNING, Api, talk, zoned_user

PROBE = PROBE40_MORNING


def _api(app: Any, client: Any, lang: str, zone: str = "America/Lima") -> Api:
    return zoned_user(app, client, zone, "es-PE" if lang == "es" else "en", f"h196{lang}")


def _reminders(api: Api) -> list[tuple[str, str]]:
    return [(r["text"], r["due_at"]) for r in api.get("/v1/reminders").json["reminders"]]


def _todos(api: Api) -> list[tuple[str, str | None]]:
    return [(t["text"], t.get("due_at")) for t in api.get("/v1/todos").json["todos"]]


def _meetings(api: Api) -> list[str]:
    return [m["title"] for m in api.get("/v1/meetings").json["meetings"]]


def _one_at_a_time(reply: dict[str, Any], lang: str) -> bool:
    text = reply["reply"]
    return ("2 pedidos en un mensaje" if lang == "es" else "2 requests in one message") in text


# -- O-M4 and U-M8: two things asked in one message --------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        # O-M4, as reported, and close variants
        ("en", "add a to-do and set a reminder to call Rosa about the milk tonight"),
        ("en", "add a to-do and a reminder so I remember to call Rosa about the milk and bread"),
        ("en", "set a reminder and add a to-do to call Rosa tonight"),
        ("en", "add a task and remind me tonight to call Rosa"),
        ("en", "make a reminder for tonight to call Rosa and put milk on my shopping list"),
        ("es", "añade un pendiente y ponme un recordatorio para llamar a Rosa esta noche"),
        ("es", "crea un recordatorio y un pendiente para llamar a Rosa esta noche"),
        ("es", "agrega una tarea y recuérdame esta noche llamar a Rosa"),
        # U-M8, as reported, and close variants
        (
            "en",
            "ok so wednesday i have the dentist at 10am and then lunch with mom at 1pm remind me "
            "about both",
        ),
        ("en", "i have the dentist friday at 10 and the vet at 3 remind me about both of them"),
        (
            "en",
            "can you put the school nativity in for thursday at 2 and remind me the day before to "
            "buy tinsel",
        ),
        ("en", "book the dentist for friday at 10 and remind me the night before"),
        (
            "es",
            "oye slipway recuerdame que el jueves tengo que ir al banco a las 10 de la mañana y "
            "tambien que el viernes es el cumple de mi hermana asi que comprale un regalo el "
            "miercoles en la tarde",
        ),
        (
            "es",
            "el viernes tengo dentista a las 10 y veterinario a las 3, recuérdame las dos cosas",
        ),
        ("es", "anota que el jueves a las 5 tengo dentista y recuérdamelo el día antes"),
        (
            "en",
            "hey slipway remind me tomorrow at 9 to call the bank and also on friday at 5 to pay "
            "rent",
        ),
    ],
)
def test_two_things_asked_store_nothing_and_say_so(
    app: Any, client: Any, probe_clock: None, lang: str, said: str
) -> None:
    api = _api(app, client, lang)
    reply = api.chat(said)
    assert _one_at_a_time(reply, lang), reply["reply"]
    assert (_reminders(api), _todos(api), _meetings(api)) == ([], [], [])


def test_u_m8_mikes_answer_after_the_run_on_stores_no_both(
    app: Any, client: Any, probe_clock: None
) -> None:
    """The reported conversation: "wednesday at 9am" after it is asked what it is for, never a
    reminder called "both"."""
    api = _api(app, client, "en", "America/New_York")
    talk(
        api,
        "ok so wednesday i have the dentist at 10am and then lunch with mom at 1pm remind me "
        "about both",
        "wednesday at 9am",
    )
    assert [text for text, _due in _reminders(api)] == []


@pytest.mark.parametrize(
    ("lang", "said", "text"),
    [
        ("en", "remind me about the dentist on wednesday at 9am", "the dentist"),
        ("en", "remind me to call mom and dad on friday at 5pm", "call mom and dad"),
        (
            "es",
            "recuérdame comprar leche y pan el viernes a las 5 de la tarde",
            "comprar leche y pan",
        ),
    ],
)
def test_one_request_with_and_in_it_is_still_one(
    app: Any, client: Any, probe_clock: None, lang: str, said: str, text: str
) -> None:
    api = _api(app, client, lang)
    reply = api.chat(said)
    assert [t for t, _due in _reminders(api)] == [text], reply["reply"]


# -- O-M4: one thing asked, with why ----------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said", "text", "due"),
    [
        (
            "en",
            "add a to-do so I remember to buy milk and bread tonight",
            "buy milk and bread",
            "2026-12-07T20:00",
        ),
        (
            "en",
            "add a to-do so that I don't forget to call the plumber tomorrow",
            "call the plumber",
            "2026-12-08T23:59",
        ),
        ("en", "add a task to remind me to renew my passport", "renew my passport", None),
        ("es", "añade un pendiente para acordarme de comprar leche", "comprar leche", None),
        (
            "es",
            "apunta una tarea para que no se me olvide pagar la luz el viernes",
            "pagar la luz",
            "2026-12-11T23:59",
        ),
    ],
)
def test_o_m4_a_todo_said_with_why_keeps_what_to_do(
    app: Any, client: Any, probe_clock: None, lang: str, said: str, text: str, due: str | None
) -> None:
    api = _api(app, client, lang)
    reply = api.chat(said)
    assert [(t, d[:16] if d else None) for t, d in _todos(api)] == [(text, due)], reply["reply"]


@pytest.mark.parametrize(
    ("lang", "said", "text", "due"),
    [
        (
            "en",
            "please could you set a reminder for me so I remember to call my friend Rosa at five "
            "this afternoon",
            "call my friend Rosa",
            "2026-12-07T17:00",
        ),
        (
            "en",
            "remind me tonight so I don't forget to take my pills",
            "take my pills",
            "2026-12-07T20:00",
        ),
        (
            "es",
            "ponme un recordatorio para que no se me olvide llamar a Rosa esta noche",
            "llamar a Rosa",
            "2026-12-07T20:00",
        ),
    ],
)
def test_o_m4_a_reminder_said_with_why_keeps_what_to_do(
    app: Any, client: Any, probe_clock: None, lang: str, said: str, text: str, due: str
) -> None:
    api = _api(app, client, lang)
    reply = api.chat(said)
    assert [(t, d[:16]) for t, d in _reminders(api)] == [(text, due)], reply["reply"]
    assert "remember" not in reply["reply"]
    assert "olvide" not in reply["reply"]


# -- R-L3: two things for the shopping list ---------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said", "items"),
    [
        ("es", "añade aceite y tomate a la lista de la compra", ["aceite", "tomate"]),
        ("en", "add salt and pepper to my shopping list", ["salt", "pepper"]),
        ("es", "apunta en la lista del super arroz y frijoles", ["arroz", "frijoles"]),
        ("es", "agrega pan y mantequilla a la lista de compras", ["pan", "mantequilla"]),
        ("en", "put on my grocery list: apples and pears", ["apples", "pears"]),
        ("en", "add salt & pepper to the grocery list", ["salt", "pepper"]),
        (
            "es",
            "añade leche de almendras y pan integral a la lista de la compra",
            ["leche de almendras", "pan integral"],
        ),
        # one thing, a to-do that opens with a verb, or no shopping list named: one to-do
        ("en", "add mac and cheese to my shopping list", ["mac and cheese"]),
        ("en", "add fish and chips to the shopping list", ["fish and chips"]),
        ("en", "add buy salt and pepper to my shopping list", ["buy salt and pepper"]),
        ("es", "agrega comprar sal y pimienta a la lista de la compra", ["comprar sal y pimienta"]),
        ("en", "add salt and pepper to my list", ["salt and pepper"]),
        ("en", "add eggs, milk and bread to my shopping list", ["eggs", "milk", "bread"]),
    ],
)
def test_r_l3_two_things_for_the_shopping_list(
    app: Any, client: Any, probe_clock: None, lang: str, said: str, items: list[str]
) -> None:
    api = _api(app, client, lang)
    reply = api.chat(said)
    assert [t for t, _due in _todos(api)] == items, reply["reply"]


# -- an offset of minutes and seconds ---------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said", "text", "seconds"),
    [
        ("es", "recuérdame en 4 minutos y 30 segundos sacar el pan", "sacar el pan", 270),
        ("es", "recuérdame en 4 minutos con 30 segundos sacar el pan", "sacar el pan", 270),
        ("es", "recuérdame dentro de 1 minuto y medio apagar el horno", "apagar el horno", 90),
        ("es", "recuérdame dentro de 90 segundos apagar el horno", "apagar el horno", 90),
        ("es", "en 2 minutos 30 segundos recuérdame voltear la carne", "voltear la carne", 150),
        (
            "en",
            "remind me in 4 minutes and 30 seconds to take out the bread",
            "take out the bread",
            270,
        ),
        ("en", "remind me in 2 minutes 30 seconds to flip the steak", "flip the steak", 150),
        ("en", "remind me in 90 seconds to check the oven", "check the oven", 90),
        ("en", "remind me in 1 hour 10 minutes and 30 seconds to check", "check", 4230),
    ],
)
def test_an_offset_of_minutes_and_seconds_keeps_both(
    app: Any, client: Any, probe_clock: None, lang: str, said: str, text: str, seconds: int
) -> None:
    api = _api(app, client, lang)
    sent = datetime.now(PROBE.tzinfo)
    reply = api.chat(said)
    [(stored, due)] = _reminders(api)
    assert stored == text, reply["reply"]
    late = datetime.fromisoformat(due) - sent - timedelta(seconds=seconds)
    assert timedelta(seconds=-1) <= late <= timedelta(seconds=3), due


@pytest.mark.parametrize(
    ("lang", "said", "text", "minutes"),
    [
        ("en", "remind me in 2 hours and 15 minutes to call mom", "call mom", 135),
        ("en", "in 2 hours and 15 minutes remind me to call mom", "call mom", 135),
        ("es", "recuérdame en 2 horas y 15 minutos llamar a mamá", "llamar a mamá", 135),
        ("es", "recuérdame en 20 minutos sacar la ropa", "sacar la ropa", 20),
    ],
)
def test_an_offset_of_whole_minutes_is_to_the_minute(
    app: Any, client: Any, probe_clock: None, lang: str, said: str, text: str, minutes: int
) -> None:
    api = _api(app, client, lang)
    sent = datetime.now(PROBE.tzinfo).replace(second=0, microsecond=0)
    reply = api.chat(said)
    [(stored, due)] = _reminders(api)
    assert stored == text, reply["reply"]
    assert datetime.fromisoformat(due) == sent + timedelta(minutes=minutes)
