"""What the nineteenth independent tester found planning a real week: "actually make that 30"
and "make the timer 30 minutes" set a second timer; an alarm whose day was asked after "I can't
repeat it" was set at 18:45 for "6:45" (the hours said with weekdays: tests/pathways)."""

from __future__ import annotations

import pytest
import time_machine

from tests.app.conftest import SATURDAY_AFTERNOON, Api, reminders_of, talk


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
    with time_machine.travel(SATURDAY_AFTERNOON, tick=True):
        reply = talk(api, said, day)[-1]
        assert reply["pending"]
        assert answer in reply["reply"]
        assert reminders_of(api) == []


def test_everything_on_a_day_is_listed_and_removed_on_yes(sat_es: Api) -> None:
    talk(sat_es, "pon una alarma el lunes a las 6:15 de la mañana")
    talk(sat_es, "recuérdame el lunes a las 7:15 de la mañana llevar a los chicos")
    talk(sat_es, "recuérdame el martes a las 7:15 de la mañana llevar a los chicos")
    replies = talk(sat_es, "cancela todo lo del lunes", "sí")
    assert "2" in replies[0]["reply"]
    assert reminders_of(sat_es) == [("llevar a los chicos", "2026-04-21T07:15")]


def test_nothing_on_a_day_says_so(sat_en: Api) -> None:
    reply = sat_en.chat("cancel everything on sunday")
    assert reply["reply"].startswith("You have nothing on Sunday")


def test_the_friday_one_while_a_question_waits(sat_en: Api) -> None:
    sat_en.chat("book a meeting with Ana on friday at 3pm")
    sat_en.chat("remind me on wednesday at 9am to pay the bill")
    sat_en.chat("remind me on thursday at 9am to call the bank")
    replies = talk(sat_en, "cancel my reminder", "cancel the friday one", "yes")
    assert "Meeting with Ana" in replies[1]["reply"]
    assert sat_en.get("/v1/meetings").json["meetings"] == []
    assert len(reminders_of(sat_en)) == 2


def test_a_meetings_reminder_moved_to_before_it(sat_es: Api) -> None:
    talk(sat_es, "agenda una reunión con Laura el miércoles a las 9 de la mañana")
    talk(sat_es, "recuérdame 30 minutos antes de la reunión con Laura")
    sat_es.chat("y el recordatorio de la reunión del miércoles, cámbialo a 15 minutos antes")
    assert reminders_of(sat_es) == [("Reunión con Laura", "2026-04-22T08:45")]
    [meeting] = sat_es.get("/v1/meetings").json["meetings"]
    assert meeting["starts_at"][:16] == "2026-04-22T09:00"


def test_a_reminder_named_then_moved(sat_es: Api, sat_en: Api) -> None:
    sat_es.chat("recuérdame hoy a las 8 de la noche imprimir el CV")
    sat_es.chat("el recordatorio del CV ponlo el lunes a las 8 de la noche")
    assert reminders_of(sat_es) == [("imprimir el CV", "2026-04-20T20:00")]
    sat_en.chat("remind me tomorrow at 8am to call the dentist")
    sat_en.chat("the dentist reminder, move it to 9am")
    assert reminders_of(sat_en) == [("call the dentist", "2026-04-19T09:00")]


def test_a_new_reminder_of_one_word_is_never_the_answer_to_another(sat_es: Api) -> None:
    talk(sat_es, "recuérdame pagar la luz", "recuérdame el viernes a las 8 de la mañana imprimir")
    assert reminders_of(sat_es) == [("imprimir", "2026-04-24T08:00")]


def test_a_to_do_given_a_date_by_its_words_or_it(sat_es: Api, sat_en: Api) -> None:
    talk(sat_es, "anota comprar útiles para la feria de ciencias",
         "ponle fecha al pendiente de los útiles para el miércoles")  # fmt: skip
    todos = sat_es.get("/v1/todos").json["todos"]
    assert [(t["text"], t["due_at"][:10]) for t in todos] == [
        ("comprar útiles para la feria de ciencias", "2026-04-22")
    ]
    talk(sat_en, "add buy a new laptop charger to my list", "put it for tuesday")
    todos = sat_en.get("/v1/todos").json["todos"]
    assert [(t["text"], t["due_at"][:10]) for t in todos] == [
        ("buy a new laptop charger", "2026-04-21")
    ]


def test_forget_it_delete_that_removes_what_was_just_set(sat_es: Api) -> None:
    talk(sat_es, "recuerdame el martes a las 4 recoger los lentes", "nah olvidalo, borra eso")
    assert reminders_of(sat_es) == []


def test_take_someone_off_it_right_after_booking(sat_en: Api) -> None:
    talk(sat_en, "book a meeting with Kim and Raj tomorrow at 3pm", "take raj off it")
    [meeting] = sat_en.get("/v1/meetings").json["meetings"]
    assert meeting["title"] == "Meeting with Kim"
    assert sat_en.get("/v1/todos").json["todos"] == []


@pytest.mark.parametrize(
    ("first", "then"), [("recuérdame algo", "no, nada"), ("remind me something", "never mind")]
)
def test_nothing_wanted_answers_the_question(api: Api, first: str, then: str) -> None:
    reply = talk(api, first, then)[-1]
    assert not reply["pending"]
    assert reminders_of(api) == []


def test_goodbye_while_a_question_waits(sat_es: Api) -> None:
    reply = talk(sat_es, "recuérdame llamar a mamá", "listo, chao")[-1]
    assert reply["skill"] == "conversation"
    assert not reply["pending"]


def test_the_next_free_hour_of_a_day(sat_en: Api, sat_es: Api) -> None:
    for at in ("9am", "10am", "11:30am"):
        sat_en.chat(f"book a meeting with Ana on tuesday at {at}")
    sat_en.chat("book a meeting with Bo on tuesday at 8am")
    reply = sat_en.chat("when is my next free hour on tuesday?")["reply"]
    assert reply == "Your next free hour: Tue 21 Apr at 10:30 AM (free until 11:30 AM)."
    sat_es.chat("agenda una reunión con Ana el martes a las 8 de la mañana")
    reply = sat_es.chat("¿cuándo tengo una hora libre el martes?")["reply"]
    assert reply.startswith("Tu próxima hora libre: el martes 21 de abril a las 8:30")
    assert len(sat_en.get("/v1/meetings").json["meetings"]) == 4  # a question books nothing


def test_everything_on_a_day_moved_to_another(sat_en: Api, sat_es: Api) -> None:
    sat_en.chat("book a meeting with Ana on thursday at 9am")
    sat_en.chat("remind me 30 minutes before my meeting with Ana")
    sat_en.chat("remind me on thursday at 7pm to go to class")
    reply = sat_en.chat("move everything on thursday to friday")["reply"]
    assert reply.startswith("Moved 2 items to Friday")
    assert sorted(reminders_of(sat_en)) == [
        ("Meeting with Ana", "2026-04-24T08:30"),
        ("go to class", "2026-04-24T19:00"),
    ]
    [meeting] = sat_en.get("/v1/meetings").json["meetings"]
    assert meeting["starts_at"][:16] == "2026-04-24T09:00"
    sat_es.chat("recuérdame el jueves a las 7 de la noche ir a clase")
    assert sat_es.chat("mueve todo lo del jueves al viernes")["reply"].startswith("Pasé 1 cosa")
    assert reminders_of(sat_es) == [("ir a clase", "2026-04-24T19:00")]
