"""What the eighth and ninth independent testers found in the dialogue: a bare "5pm" booked a
meeting called "Meeting", "cambia comprar pan por …" and "rename X to Y" were added as new to-dos,
"elimina el pendiente 3" offered to delete every to-do, "remind me two days before my meeting with
Tom at 9am" was stored for today, "between 2 and 3:30pm" was refused as two requests, "hoy a las 6
de la mañana" and "a las 10" were not understood as answers, a meeting's length could not be
changed, "tmr 8pm gym" was refused, and "my US friends" came back as "your YOU friends"."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
import time_machine

from tests.app.conftest import LIMA, Api, lima_user, meetings_of, reminders_of, talk


def todos_of(api: Api) -> list[tuple[str, bool]]:
    return [(t["text"], t["done"]) for t in api.get("/v1/todos").json["todos"]]


# -- a time and nothing else -----------------------------------------------------------------


@pytest.mark.parametrize("said", ["5pm", "tomorrow at 5pm", "17:00", "4pm"])
def test_a_time_alone_is_asked_about_and_nothing_is_stored(en: Api, said: str) -> None:
    reply = en.chat(said)
    assert reply["reply"].startswith(f"What is “{said}” for?")
    assert meetings_of(en) == []
    assert reminders_of(en) == []


def test_a_time_alone_after_several_requests_books_nothing(en: Api) -> None:
    refused, asked = talk(en, "remind me at 5pm tomorrow to buy milk and at 7pm to call mom", "5pm")
    assert refused["reply"].startswith("That's 2 requests")
    assert "for?" in asked["reply"]
    assert meetings_of(en) == []


# -- to-dos changed, not added ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("cambia comprar pan por comprar pan y leche", "comprar pan y leche"),
        ("edita el primero: comprar pan, leche y huevos", "comprar pan, leche y huevos"),
        ("cambia el pendiente comprar pan por comprar pan integral", "comprar pan integral"),
    ],
)
def test_a_todo_gets_new_words(es: Api, change: str, expected: str) -> None:
    talk(es, "agrega comprar pan a mi lista", "agrega pagar la luz a mis pendientes")
    es.chat(change)
    assert todos_of(es) == [(expected, False), ("pagar la luz", False)]


@pytest.mark.parametrize(
    "change",
    [
        "rename call the plumber to call the electrician",
        "change call the plumber to call the electrician",
    ],
)
def test_a_todo_renamed_in_english(en: Api, change: str) -> None:
    en.chat("add call the plumber to my list")
    en.chat(change)
    assert todos_of(en) == [("call the electrician", False)]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ("change buy milk to buy oat milk", "change buy milk"),
        ("cambia comprar leche por yogur", ""),
    ],
)
def test_a_change_to_a_todo_that_is_not_there_adds_nothing(
    en: Api, es: Api, change: str, words: str
) -> None:
    api = en if words else es
    api.chat("add call the plumber to my list" if words else "agrega comprar pan a mi lista")
    reply = api.chat(change)
    assert "which to-do" in reply["reply"] or "qué pendiente" in reply["reply"]
    assert len(todos_of(api)) == 1


@pytest.mark.parametrize(
    ("undo", "lang"),
    [
        ("desmarca pagar la luz, todavía no la pago", "es"),
        ("mark pay the rent as not done", "en"),
        ("unmark pay the rent", "en"),
    ],
)
def test_a_todo_done_by_mistake_is_opened_again(en: Api, es: Api, undo: str, lang: str) -> None:
    api = es if lang == "es" else en
    item = "pagar la luz" if lang == "es" else "pay the rent"
    api.chat(f"agrega {item} a mi lista" if lang == "es" else f"add {item} to my list")
    api.chat(f"marca {item} como hecho" if lang == "es" else f"mark {item} as done")
    assert todos_of(api) == [(item, True)]
    api.chat(undo)
    assert todos_of(api) == [(item, False)]


def test_a_todo_moved_to_another_day(en: Api) -> None:
    en.chat("add email Ana by friday to my todo list")
    reply = en.chat("move email Ana to Monday")
    assert "now due" in reply["reply"]
    todos = en.get("/v1/todos").json["todos"]
    assert [(t["text"], t["due_at"][:10]) for t in todos] == [("email Ana", "2026-04-20")]


@pytest.mark.parametrize(
    "delete", ["elimina el pendiente 2", "delete to-do #2", "borra la tarea número 2"]
)
def test_a_todo_deleted_by_its_number_only(es: Api, delete: str) -> None:
    talk(es, "agrega comprar pan a mi lista", "agrega pagar la luz a mis pendientes")
    es.chat("agrega llamar al banco a mi lista")
    es.chat(delete)
    assert todos_of(es) == [("comprar pan", False), ("llamar al banco", False)]


def test_a_todo_number_past_the_list_deletes_nothing(es: Api) -> None:
    es.chat("agrega comprar pan a mi lista")
    es.chat("elimina el pendiente 3")
    assert todos_of(es) == [("comprar pan", False)]


# -- days before or after a meeting, with the time in the same message -----------------------


@pytest.mark.parametrize(
    ("ask", "expected"),
    [
        ("remind me two days before my meeting with Tom at 9am",
         ("Meeting with Tom", "2026-04-21T09:00")),
        ("remind me the day before my meeting with Tom at 8pm",
         ("Meeting with Tom", "2026-04-22T20:00")),
        ("remind me the day after my meeting with Tom at 9am to send the notes",
         ("send the notes", "2026-04-24T09:00")),
    ],
)  # fmt: skip
def test_days_around_a_meeting_named_by_who(en: Api, ask: str, expected: tuple[str, str]) -> None:
    en.chat("book a meeting with Tom on Thursday 23 April at 3pm")
    en.chat(ask)
    assert reminders_of(en) == [expected]


@pytest.mark.parametrize(
    ("ask", "expected"),
    [
        ("recuerdame un dia antes de la reunion con el dentista a las 9 de la mañana",
         ("Cita con el dentista", "2026-04-22T09:00")),
        ("recuerdame el dia anterior a la reunion con el dentista a las 8 de la noche",
         ("Cita con el dentista", "2026-04-22T20:00")),
        ("recuerdame el dia despues de la reunion con el dentista a las 9 de la mañana mandar el "
         "recibo", ("mandar el recibo", "2026-04-24T09:00")),
    ],
)  # fmt: skip
def test_days_around_a_meeting_in_spanish(es: Api, ask: str, expected: tuple[str, str]) -> None:
    es.chat("agenda una cita con el dentista el jueves 23 de abril a las 4 de la tarde")
    es.chat(ask)
    assert reminders_of(es) == [expected]


def test_a_bare_hour_around_a_meeting_is_asked_on_that_day(es: Api) -> None:
    es.chat("agenda una cita con el dentista el jueves 23 de abril a las 4 de la tarde")
    _asked, _answered = talk(
        es, "recuérdame un día antes de la cita con el dentista a las 9", "de la mañana"
    )
    assert "22 de abril" in _asked["reply"]
    assert reminders_of(es) == [("Cita con el dentista", "2026-04-22T09:00")]


# -- a range with "between … and …" ----------------------------------------------------------


@pytest.mark.parametrize(
    "book",
    [
        "book a meeting with Flo between 2 and 3:30pm on friday",
        "book a meeting with Flo between 2pm and 3:30pm on friday",
    ],
)
def test_between_is_one_range(en: Api, book: str) -> None:
    en.chat(book)
    meetings = en.get("/v1/meetings").json["meetings"]
    assert [(m["starts_at"][:16], m["ends_at"][:16]) for m in meetings] == [
        ("2026-04-17T14:00", "2026-04-17T15:30")
    ]


# -- answers that say the time again ---------------------------------------------------------


# (a meeting at a bare 9–11 is in the morning, unasked: helper 216, P44-M4; 8 is asked)
@pytest.mark.parametrize(("answer", "expected"), [("a las 8", "T08:00"), ("a las 20", "T20:00")])
def test_a_las_8_picks_8_00_of_8_00_or_20_00(es: Api, answer: str, expected: str) -> None:
    talk(es, "agendame reunion con Ruth el viernes a las 8", answer)
    assert meetings_of(es) == [("Reunión con Ruth", "2026-04-17" + expected)]


@pytest.mark.parametrize("answer", ["hoy a las 6 de la mañana", "mejor a las 6 de la mañana, hoy"])
def test_another_hour_in_the_small_hours_is_read(app: Any, client: Any, answer: str) -> None:
    api = lima_user(app, client, "percy", "es-PE")
    with time_machine.travel(datetime(2026, 12, 5, 2, 30, tzinfo=LIMA), tick=True):
        asked, stored = talk(api, "recuerdame mañana a las 7 ir a correr", answer)
        assert "19:00" in asked["reply"]
        assert reminders_of(api) == [("ir a correr", "2026-12-05T06:00")], stored["reply"]


# -- a meeting's length -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "end"),
    [
        ("make my meeting with Bo 2 hours long", "17:00"),
        ("extend my meeting with Bo by 30 minutes", "16:00"),
        ("shorten my meeting with Bo by 15 minutes", "15:15"),
    ],
)
def test_a_meetings_length_changes(en: Api, change: str, end: str) -> None:
    en.chat("book a meeting with Bo on Thursday at 3pm")
    reply = en.chat(change)
    meeting = en.get("/v1/meetings").json["meetings"][0]
    assert meeting["starts_at"][11:16] == "15:00"
    assert meeting["ends_at"][11:16] == end, reply["reply"]


def test_a_meetings_length_in_spanish_and_right_after_booking(es: Api) -> None:
    talk(es, "agenda una reunión con Carlos el jueves a las 3 de la tarde", "que dure una hora")
    es.chat("alarga la reunión con Carlos media hora")
    meeting = es.get("/v1/meetings").json["meetings"][0]
    assert (meeting["starts_at"][11:16], meeting["ends_at"][11:16]) == ("15:00", "16:30")


def test_something_else_made_longer_is_no_meeting_change(en: Api) -> None:
    talk(en, "book a meeting with Bo on Thursday at 3pm", "make dinner 2 hours long")
    meeting = en.get("/v1/meetings").json["meetings"][0]
    assert meeting["ends_at"][11:16] == "15:30"


# -- terse notes with a time -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "text"),
    [("tmr 8pm gym", "gym"), ("gym tmr 8pm", "gym"), ("call mom tmrw 5pm", "call mom")],
)
def test_a_terse_note_is_offered_as_a_reminder(en: Api, said: str, text: str) -> None:
    asked, _stored = talk(en, said, "yes")
    assert asked["reply"].startswith(f"Should I remind you of “{text}”")
    assert [t for t, _due in reminders_of(en)] == [text]


def test_a_terse_note_refused_stores_nothing(en: Api) -> None:
    talk(en, "tmr 8pm gym", "no")
    assert reminders_of(en) == []


# -- echoes -----------------------------------------------------------------------------------


def test_an_acronym_is_no_pronoun(en: Api) -> None:
    reply = en.chat("remind me on friday at 2pm to call my US friends")
    assert "call your US friends" in reply["reply"]
    assert reminders_of(en) == [("call my US friends", "2026-04-17T14:00")]


# -- a range whose start is asked about -------------------------------------------------------


@pytest.mark.parametrize(
    ("book", "answer", "expected"),
    [
        ("agendame reunion con Ruth el viernes de 10 a 11 y media", "de la mañana",
         ("2026-04-17T10:00", "2026-04-17T11:30")),
        ("book a meeting with Ruth on friday from 10 to 11:30", "pm",
         ("2026-04-17T22:00", "2026-04-17T23:30")),
    ],
)  # fmt: skip
def test_a_range_keeps_its_length_through_the_question(
    en: Api, es: Api, book: str, answer: str, expected: tuple[str, str]
) -> None:
    api = es if book.startswith("agendame") else en
    talk(api, book, answer)
    meetings = api.get("/v1/meetings").json["meetings"]
    assert [(m["starts_at"][:16], m["ends_at"][:16]) for m in meetings] == [expected]


@pytest.mark.parametrize(
    ("add", "expected"),
    [
        ("add eggs, milk and bread to my todo list", ["eggs", "milk", "bread"]),
        ("agrega pan, leche y huevos a mi lista", ["pan", "leche", "huevos"]),
        ("add buy eggs, milk and bread to my list", ["buy eggs, milk and bread"]),
        ("add call Rosa, Luis and Ana to my list", ["call Rosa, Luis and Ana"]),
    ],
)
def test_a_series_of_things_is_a_list(en: Api, es: Api, add: str, expected: list[str]) -> None:
    api = es if add.startswith("agrega") else en
    api.chat(add)
    assert [text for text, _done in todos_of(api)] == expected
