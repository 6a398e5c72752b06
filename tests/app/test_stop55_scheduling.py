"""Helper 207's leftovers, found on its own: a write-down verb said with where it goes ("anota en
mi agenda la clase de yoga el sábado a las 9 am") booked a to-do "en mi agenda la clase de yoga";
a timer under a minute said when it ends to the minute."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from tests.app.conftest import Api


def _meetings(api: Api) -> list[tuple[str, str]]:
    return [(m["title"], m["starts_at"][:16]) for m in api.get("/v1/meetings").json["meetings"]]


def _todos(api: Api) -> list[tuple[str, str | None]]:
    rows = api.get("/v1/todos").json["todos"]
    return [(t["text"], (t["due_at"] or "")[:16] or None) for t in rows]


# the fixtures' clock: Tuesday 14 April 2026, 14:30 in Lima
BOOKED = [
    ("es", "anota en mi agenda la clase de yoga el sábado a las 9 am", "Clase de yoga", "18T09"),
    (
        "es",
        "apunta en mi calendario la cita con el dentista el jueves a las 4 de la tarde",
        "Cita con el dentista",
        "16T16",
    ),
    (
        "es",
        "anótame en la agenda reunión con Pepe el lunes a las 10 am",
        "Reunión con Pepe",
        "20T10",
    ),
    (
        "es",
        "apúntame en el calendario la reunión con Marta el lunes a las 5 de la tarde",
        "Reunión con Marta",
        "20T17",
    ),
    (
        "es",
        "anota en el calendario el taller de cerámica el viernes a las 7 de la noche",
        "Taller de cerámica",
        "17T19",
    ),
    ("en", "note in my calendar yoga class on saturday at 9am", "Yoga class", "18T09"),
    ("en", "write down in my diary dentist on thursday at 4pm", "Dentist", "16T16"),
    ("en", "jot down in my calendar piano lesson on wednesday at 5pm", "Piano lesson", "15T17"),
]


@pytest.mark.parametrize(("who", "message", "title", "day_hour"), BOOKED)
def test_a_write_down_verb_with_the_calendar_books_it(
    en: Api, es: Api, who: str, message: str, title: str, day_hour: str
) -> None:
    api = en if who == "en" else es
    reply = api.chat(message)["reply"]
    assert _meetings(api) == [(title, f"2026-04-{day_hour}:00")], reply
    assert _todos(api) == []
    said_title = reply.split("“")[1].split("”")[0]
    assert said_title == title


TODOS = [
    ("es", "anota en mi agenda comprar pan", "comprar pan", None),
    ("en", "write down in my diary: buy milk", "buy milk", None),
    # the calendar named inside what is noted stays in its words
    ("en", "add update the calendar to my list", "update the calendar", None),
    (
        "es",
        "anota llevar la radiografía para el día de la cita con el dentista",
        "llevar la radiografía para el día de la cita con el dentista",
        None,
    ),
    ("en", "note down dentist thursday at 4pm", "dentist", "2026-04-16T16:00"),
]


@pytest.mark.parametrize(("who", "message", "text", "due"), TODOS)
def test_a_to_do_noted_in_the_agenda_keeps_only_its_words(
    en: Api, es: Api, who: str, message: str, text: str, due: str | None
) -> None:
    api = en if who == "en" else es
    reply = api.chat(message)
    assert _todos(api) == [(text, due)], (reply["reply"], reply["intent"])
    assert _meetings(api) == []


def test_the_calendar_named_with_no_time_is_asked_when(es: Api) -> None:
    reply = es.chat("apunta en mi calendario: pagar la luz")
    assert reply["pending"] is True, reply["reply"]
    assert "cuándo" in reply["reply"]
    assert _todos(es) == []
    assert _meetings(es) == []


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("en", "set a timer for 45 seconds"),
        ("en", "timer for 3 minutes 20 seconds"),
        ("es", "pon un temporizador de 45 segundos"),
        ("es", "temporizador de 10 minutos"),
    ],
)
def test_a_timer_under_an_hour_ends_to_the_second(en: Api, es: Api, who: str, message: str) -> None:
    api = en if who == "en" else es
    reply = api.chat(message)["reply"]
    [row] = api.get("/v1/reminders").json["reminders"]
    due = datetime.fromisoformat(row["due_at"])
    clock = due.strftime("%H:%M:%S") if who == "es" else due.strftime("%I:%M:%S %p").lstrip("0")
    assert re.search(rf"(?:today at|hoy a las) {clock}\.", reply), (clock, reply)


def test_a_timer_of_hours_ends_to_the_minute(en: Api) -> None:
    reply = en.chat("set a timer for 2 hours")["reply"]
    assert re.search(r"today at 4:3\d PM\.", reply), reply
