"""What the seventeenth independent tester found when people type the way they text: "alarma
para mañana a las 6" and "alarm for tmrw at 6" set silently at 18:00; "call the plumber b4 5pm"
stored at 5 PM with "b4" in its text; "@5" left in a reminder's text; "Sarah n Tom" one attendee;
"a q hora abren" and "how much r the fees" not answered; "avísame 10 min antes tmb" read as the
answer to nothing, so the next message's words became a reminder called "también"; two
reminders with their own times asked as one; "ya compré el pan" marking "comprar pan, leche y
huevos" done; "nvm cancel it" and "ay no mejor bórralo" leaving the reminder. Also items moved
by an amount ("push my meeting with Ana 30 minutes later", "atrasa la alarma 10 minutos"),
which were asked about or refused."""

from __future__ import annotations

from typing import Any

import pytest

from app.texting import written_out
from tests.app.conftest import Api, meetings_of, reminders_of, talk


def todos_of(api: Api) -> list[tuple[str, bool]]:
    return [(t["text"], t["done"]) for t in api.get("/v1/todos").json["todos"]]


# -- the shorthand, written out ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "lang", "read"),
    [
        ("remind me tmrw @5 to call dad", "en", "remind me tmrw at 5 to call dad"),
        ("call the plumber b4 5pm", "en", "call the plumber before 5pm"),
        ("book meeting w/ Sarah n Tom", "en", "book meeting with Sarah and Tom"),
        ("how much r the fees", "en", "how much are the fees"),
        ("so um like remind me at like 5", "en", "so like remind me at 5"),
        ("remind me 2 call the plumber", "en", "remind me to call the plumber"),
        ("set alarm 4 7am tmrw", "en", "set alarm for 7am tmrw"),
        ("a q hora abren los sabados", "es", "a que hora abren los sabados"),
        ("avisame 10 min antes tmb", "es", "avisame 10 min antes también"),
        ("x fa recuérdame xq se me olvida", "es", "por favor recuérdame porque se me olvida"),
        (
            "este eh necesito q me recuerdes o sea el lunes",
            "es",
            "este necesito que me recuerdes el lunes",
        ),
        ("alrma mñn a las 6", "es", "alarma mñn a las 6"),
        ("de lunes a vienres", "es", "de lunes a viernes"),
    ],
)
def test_shorthand_is_written_out_in_its_own_language(typed: str, lang: str, read: str) -> None:
    assert written_out(typed, lang) == read


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("write to ana@example.com at 5", "en"),  # an address keeps its "@"
        ("remind me in 2 days to call", "en"),  # "2 days" is no "to"
        ("siete u ocho personas", "es"),  # Spanish "u" is a word
        ("the U2 concert", "en"),
        ("plan b", "en"),
    ],
)
def test_words_that_look_like_shorthand_are_kept(text: str, lang: str) -> None:
    assert written_out(text, lang) == text


def test_the_history_keeps_the_message_as_typed(en: Api) -> None:
    reply = en.chat("remind me tmrw @5pm to call dad")
    assert reminders_of(en) == [("call dad", "2026-04-15T17:00")]
    history = en.get(f"/v1/conversations/{reply['conversation_id']}").json["messages"]
    assert history[0]["text"] == "remind me tmrw @5pm to call dad"


# -- wrong values that were stored ------------------------------------------------------------


@pytest.mark.parametrize(
    "message", ["alarm for tmrw at 6", "alarm tomorrow 6:30", "alarm 5:30 tmrw pls"]
)
def test_an_alarm_said_with_the_noun_first_asks_the_half_of_the_day(en: Api, message: str) -> None:
    reply = en.chat(message)
    assert reply["pending"]
    assert "AM or" in reply["reply"]
    assert reminders_of(en) == []


@pytest.mark.parametrize("message", ["alarma para mañana a las 6", "alrma mñn a las 6"])
def test_an_alarm_said_with_the_noun_first_asks_in_spanish(es: Api, message: str) -> None:
    reply = es.chat(message)
    assert reply["pending"]
    assert "6:00 o" in reply["reply"]
    assert reminders_of(es) == []


def test_a_deadline_texted_as_b4_is_asked_about(en: Api) -> None:
    reply = en.chat("remind me to call the plumber tmrw b4 5pm")
    assert reply["pending"]
    assert reminders_of(en) == []


def test_an_at_sign_is_read_as_at(en: Api) -> None:
    talk(en, "remind me tmrw @5 to call dad", "5pm")
    assert reminders_of(en) == [("call dad", "2026-04-15T17:00")]


def test_texted_attendees_are_two_people(en: Api) -> None:
    en.chat("book meeting w/ Sarah n Tom tmrw 3pm")
    assert meetings_of(en) == [("Meeting with Sarah and Tom", "2026-04-15T15:00")]
    reply = en.chat("remove tom from the meeting w/ sarah")
    assert meetings_of(en) == [("Meeting with Sarah", "2026-04-15T15:00")]
    assert "Cancel" not in reply["reply"]


def test_a_second_reminder_before_said_with_tmb(es: Api) -> None:
    talk(es, "recuerdame en media hora sacar la ropa de la lavadora", "avisame 10 min antes tmb")
    assert sorted(reminders_of(es)) == [
        ("sacar la ropa de la lavadora", "2026-04-14T14:50"),
        ("sacar la ropa de la lavadora", "2026-04-14T15:00"),
    ]


def test_dictation_fillers_stay_out_of_the_text(es: Api, en: Api) -> None:
    es.chat(
        "este eh necesito q me recuerdes o sea el lunes en la mañana tipo 9 q tengo q mandar "
        "el informe a mi jefe"
    )
    assert reminders_of(es) == [("tengo que mandar el informe a mi jefe", "2026-04-20T09:00")]
    en.chat("so um like remind me to uh pick up the kids at like half past three tmrw")
    assert reminders_of(en) == [("pick up the kids", "2026-04-15T15:30")]


def test_a_bare_reminder_verb_is_no_text(es: Api) -> None:
    reply = es.chat("recuerdamelo a eso de las 5")
    assert reply["pending"]
    assert "recuerde" in reply["reply"]
    assert reminders_of(es) == []


@pytest.mark.parametrize(
    "message",
    [
        "oye recuerdame mañana a las 8 de la mañana llevar el carro al taller y tambien el martes "
        "a las 3 ir al banco",
        "remind me to call the landlord mon at 9am and also the dentist thurs at 3",
    ],
)
def test_two_reminders_with_their_own_times_are_two_requests(api: Api, message: str) -> None:
    reply = api.chat(message)
    assert "2" in reply["reply"]
    assert not reply["pending"]
    assert reminders_of(api) == []


def test_one_reminder_for_two_people_is_one_request(en: Api) -> None:
    en.chat("remind me to call mom and dad tomorrow at 5pm")
    assert reminders_of(en) == [("call mom and dad", "2026-04-15T17:00")]


def test_part_of_a_to_do_done_is_asked(es: Api) -> None:
    es.chat("apunta q tengo q comprar pan leche y huevos")
    assert todos_of(es) == [("comprar pan leche y huevos", False)]
    reply = es.chat("ya compre el pan")
    assert reply["pending"]
    assert "comprar pan leche y huevos" in reply["reply"]
    assert todos_of(es) == [("comprar pan leche y huevos", False)]
    talk(es, "ya compre el pan", "sí")
    assert todos_of(es) == [("comprar pan leche y huevos", True)]


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("remind me tomorrow at 9am to go to the gym", "nvm cancel it"),
        ("remind me tomorrow at 9am to go to the gym", "actually delete that"),
        ("recuerdame el lunes a las 4 ir a la peluqueria", "ay no mejor bórralo"),
        ("recuerdame el lunes a las 4 ir a la peluqueria", "mejor borralo"),
    ],
)
def test_a_change_of_mind_removes_what_was_just_set(api: Api, first: str, then: str) -> None:
    talk(api, first, then)
    assert reminders_of(api) == []


@pytest.mark.parametrize(
    ("message", "at"),
    [
        ("recuerdame mañana 17hs sacar la basura", "2026-04-15T17:00"),
        ("recuerdame el lunes 17:00h reunion del colegio", "2026-04-20T17:00"),
        ("recuerdame mñn a las 17h30 ir a por el niño al cole", "2026-04-15T17:30"),
    ],
)
def test_clocks_without_a_las(es: Api, message: str, at: str) -> None:
    es.chat(message)
    assert [due for _text, due in reminders_of(es)] == [at]


def test_british_half_five_without_at(en: Api) -> None:
    en.chat("remind me tomorrow half 5 to ring mum")
    assert reminders_of(en) == [("ring mum", "2026-04-15T17:30")]


def test_am_i_free_at_a_texted_time(en: Api) -> None:
    en.chat("book a meeting with Ana on wednesday at 10am")
    reply = en.chat("am i free wed @ 2")
    assert reply["reply"].startswith("Yes")


# -- items moved by an amount ------------------------------------------------------------------


def test_a_meeting_moved_by_an_amount(en: Api) -> None:
    en.chat("book a meeting with Ana tomorrow at 3pm")
    en.chat("push my meeting with Ana 30 minutes later")
    assert meetings_of(en) == [("Meeting with Ana", "2026-04-15T15:30")]
    en.chat("make my meeting with Ana an hour earlier")
    assert meetings_of(en) == [("Meeting with Ana", "2026-04-15T14:30")]
    en.chat("delay my meeting with Ana by 15 minutes")
    assert meetings_of(en) == [("Meeting with Ana", "2026-04-15T14:45")]


def test_a_verb_only_amount_gives_way_to_a_time_said(en: Api) -> None:
    en.chat("book a 2 hour meeting with Bob on friday at 10am")
    en.chat("delay my 2 hour meeting with Bob to 2pm")
    assert meetings_of(en) == [("Meeting with Bob", "2026-04-17T14:00")]


def test_a_meeting_moved_by_an_amount_in_spanish(es: Api) -> None:
    es.chat("agenda una reunión con Ana el jueves a las 10 am")
    es.chat("atrasa la reunión con Ana diez minutos")
    assert meetings_of(es) == [("Reunión con Ana", "2026-04-16T10:10")]
    es.chat("mueve la reunión con Ana media hora más tarde")
    assert meetings_of(es) == [("Reunión con Ana", "2026-04-16T10:40")]


def test_alarms_moved_by_an_amount(en: Api, es: Api) -> None:
    en.chat("set an alarm for 6:30am tomorrow")
    en.chat("set an alarm for 8am tomorrow")
    en.chat("move my 6:30 alarm 20 minutes earlier")
    assert sorted(reminders_of(en)) == [
        ("Alarm", "2026-04-15T06:10"),
        ("Alarm", "2026-04-15T08:00"),
    ]
    es.chat("pon una alarma mañana a las 7 am")
    es.chat("atrasa la alarma 10 minutos")
    assert reminders_of(es) == [("Alarma", "2026-04-15T07:10")]
    talk(es, "adelanta la alarma media hora", "ponla 15 minutos más temprano")  # "it": the alarm
    assert reminders_of(es) == [("Alarma", "2026-04-15T06:25")]


def test_a_reminder_moved_by_an_amount(en: Api) -> None:
    en.chat("remind me to call mom tomorrow at 5pm")
    en.chat("push my call mom reminder back 15 minutes")
    assert reminders_of(en) == [("call mom", "2026-04-15T17:15")]


def test_a_move_into_the_past_is_refused(es: Api) -> None:
    es.chat("pon una alarma para dentro de 30 minutos")
    reply = es.chat("adelanta la alarma 2 horas")
    assert "pasado" in reply["reply"]
    assert reminders_of(es) == [("Alarma", "2026-04-14T15:00")]


def test_a_reminder_said_later_is_still_a_new_reminder(en: Api) -> None:
    reply = en.chat("remind me 30 minutes later to stretch")
    assert reply["intent"] != "calendar_update"
    assert "Moved" not in reply["reply"]


def test_a_timer_asked_about_by_its_purpose(es: Api) -> None:
    es.chat("pon un timer de 10 minutos para los fideos")
    es.chat("pon un timer de 30 minutos para el pollo")
    reply: dict[str, Any] = es.chat("cuánto le falta al de los fideos")
    assert "14:40" in reply["reply"]
    assert es.chat("cuánto falta para navidad")["skill"] != "scheduling"


@pytest.mark.parametrize("question", ["cuanto falta", "¿cuánto falta?"])
def test_how_long_alone_asks_the_running_timer(es: Api, question: str) -> None:
    es.chat("pon un temporizador de 10 minutos para el arroz")
    reply = es.chat(question)
    assert "14:40" in reply["reply"]


def test_how_much_longer_with_a_timer_running(en: Api) -> None:
    en.chat("set a timer for 10 minutes")
    assert "2:40 PM" in en.chat("how much longer")["reply"]


def test_how_long_alone_with_no_timer_is_not_about_timers(es: Api) -> None:
    assert es.chat("¿cuánto falta?")["skill"] != "scheduling"


# -- older leftovers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "message", ["pause the timer", "resume the timer", "pausa el temporizador"]
)
def test_a_timer_is_never_paused_and_never_asked_anew(api: Api, message: str) -> None:
    talk(api, "set a timer for 10 minutes")
    reply = api.chat(message)
    assert not reply["pending"]
    assert len(reminders_of(api)) == 1


def test_a_meal_keeps_its_name_in_the_title(en: Api, es: Api) -> None:
    en.chat("book lunch with Ana tomorrow at 1pm")
    en.chat("schedule a coffee with Bob on friday at 10am")
    assert sorted(meetings_of(en)) == [
        ("Coffee with Bob", "2026-04-17T10:00"),
        ("Lunch with Ana", "2026-04-15T13:00"),
    ]
    en.chat("add Tom to my lunch with Ana")
    assert ("Lunch with Ana and Tom", "2026-04-15T13:00") in meetings_of(en)
    es.chat("agenda un almuerzo con Ana mañana a la 1 de la tarde")
    es.chat("agrega a Luis al almuerzo con Ana")
    assert meetings_of(es) == [("Almuerzo con Ana y Luis", "2026-04-15T13:00")]
