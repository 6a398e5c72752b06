"""What the twenty-fourth independent tester found in the dialogue. Wrong times stored silently:
"book a meeting with Tom on 3/4 at 10" then "the second" booked 4 March at 9:00 (the date
question's placeholder hour); "Friday or Saturday at 5pm" then "Saturday" asked the time again;
"el sábado a las 11 y media de la noche" said on a Saturday night, then "este sábado", asked
"hoy a las 9:00 o …" and "hoy" stored a meeting 13 hours in the past. Also: a change that
changes nothing was reported as a move; Spanglish "cancel el de Jessica" was refused; "cita",
"llamada" and "call" became "Reunión"/"Meeting"."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.app.conftest import Api, meetings_of, reminders_of, talk

LIMA = ZoneInfo("America/Lima")
# Saturday 18 April 2026 at 21:50 in Lima: today's 9:00 has passed, today's 23:30 has not
SATURDAY_NIGHT = datetime(2026, 4, 18, 21, 50, tzinfo=LIMA)


# -- a day chosen keeps the clock that was said ------------------------------------------------
def test_a_date_chosen_keeps_the_hour_said_and_asks_its_half(en: Api) -> None:
    replies = talk(en, "book a meeting with Tom on 3/4 at 10", "the second")
    assert replies[1]["pending"]
    assert "10:00 AM" in replies[1]["reply"]
    assert "10:00 PM" in replies[1]["reply"]
    assert "9:00" not in replies[1]["reply"]
    talk(en, "book a meeting with Tom on 3/4 at 10", "the second", "am")
    assert meetings_of(en) == [("Meeting with Tom", "2027-03-04T10:00")]


def test_a_date_chosen_keeps_a_stated_clock(en: Api) -> None:
    talk(en, "remind me on 3/4 at 10am to renew my passport", "the first")
    assert reminders_of(en) == [("renew my passport", "2027-04-03T10:00")]


def test_a_date_chosen_with_no_clock_said_asks_the_time(en: Api) -> None:
    replies = talk(en, "book a meeting with Tom on 3/4", "the second")
    assert replies[1]["pending"]
    assert meetings_of(en) == []


@pytest.mark.parametrize(
    ("lang", "said", "answer", "expected"),
    [
        ("en", "book a meeting with Bea on Friday or Saturday at 5pm", "Saturday",
         "2026-04-18T17:00"),
        ("en", "book a meeting with Eva on the 20th or 21st at 2pm", "the 21st",
         "2026-04-21T14:00"),
        ("es", "agenda una reunión con Eva el 20 o el 21 a las 4 de la tarde", "el 21",
         "2026-04-21T16:00"),
    ],
)  # fmt: skip
def test_one_of_two_days_chosen_keeps_the_clock(
    request: pytest.FixtureRequest, lang: str, said: str, answer: str, expected: str
) -> None:
    api: Api = request.getfixturevalue(lang)
    replies = talk(api, said, answer)
    assert not replies[1]["pending"], replies[1]["reply"]
    assert [start for _, start in meetings_of(api)] == [expected]


def test_a_weekday_said_on_that_day_at_night_never_offers_a_past_hour(es: Api) -> None:
    with time_machine.travel(SATURDAY_NIGHT, tick=True):
        reply = es.chat("agenda una reunión con Ana el sábado")
        assert reply["pending"]
        assert "9:00" not in reply["reply"]
        replies = talk(
            es, "agenda una reunión con Lu el sábado a las 11 y media de la noche", "este sábado"
        )
        assert not replies[1]["pending"], replies[1]["reply"]
        assert meetings_of(es) == [("Reunión con Lu", "2026-04-18T23:30")]


def test_this_saturday_on_a_saturday_is_today_and_next_is_next_week(es: Api) -> None:
    with time_machine.travel(SATURDAY_NIGHT, tick=True):
        talk(es, "recuérdame llamar a Pepe el sábado a las 11 de la noche", "este sábado")
        talk(es, "recuérdame pagar la luz el sábado a las 10 de la noche", "el próximo")
        assert reminders_of(es) == [
            ("llamar a Pepe", "2026-04-18T23:00"),
            ("pagar la luz", "2026-04-25T22:00"),
        ]


def test_today_picked_after_its_hour_passed_is_never_stored_in_the_past(es: Api) -> None:
    with time_machine.travel(SATURDAY_NIGHT, tick=True):
        talk(es, "agenda una reunión con Lu el sábado", "hoy", "a las 9 de la mañana")
        assert all(start > "2026-04-18T21:50" for _, start in meetings_of(es))


# -- replies that tell the truth ---------------------------------------------------------------
def test_a_length_it_already_has_is_not_a_move(es: Api) -> None:
    replies = talk(
        es,
        "agenda la junta de ventas el jueves a las 3 pm por una hora y media",
        "la junta de ventas que dure una hora y media",
        "que dure dos horas",
    )
    assert "Moví" not in replies[1]["reply"]
    assert "ya" in replies[1]["reply"]
    assert "17:00" in replies[2]["reply"]


# -- Spanglish ----------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "es"])
def test_an_english_verb_opening_a_spanish_request(
    request: pytest.FixtureRequest, lang: str
) -> None:
    api: Api = request.getfixturevalue(lang)
    talk(api, "agenda una reunión con Jessica el jueves a las 3 pm")
    replies = talk(api, "cancel el de Jessica", "sí")
    assert replies[0]["pending"], replies[0]["reply"]
    assert meetings_of(api) == []
    talk(api, "remind me de pagar la luz mañana a las 9 am")
    assert reminders_of(api) == [("pagar la luz", "2026-04-15T09:00")]


def test_english_stays_english() -> None:
    from app.texting import as_tu

    for said in ("cancel the meeting", "remind me to call mom", "book a table", "set it"):
        assert as_tu(said) == said


# -- the user's word for the event --------------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "said", "title"),
    [
        ("es", "agenda una cita con el dentista el martes 21 a las 4 de la tarde",
         "Cita con el dentista"),
        ("es", "agenda una llamada con Rosa mañana a las 10 de la mañana", "Llamada con Rosa"),
        ("es", "tengo videollamada con Ana el viernes a las 10 de la mañana",
         "Videollamada con Ana"),
        ("es", "agenda una cita médica con la doctora Paz el viernes a las 4 pm",
         "Cita médica con la doctora Paz"),
        ("en", "book a call with Tom tomorrow at 3pm", "Call with Tom"),
        ("en", "schedule a video call with Ana on Friday at 10am", "Video call with Ana"),
        ("en", "I have an appointment with the dentist on Friday at 4pm",
         "Appointment with the dentist"),
    ],
)  # fmt: skip
def test_the_title_keeps_the_word_for_the_event(
    request: pytest.FixtureRequest, lang: str, said: str, title: str
) -> None:
    api: Api = request.getfixturevalue(lang)
    api.chat(said)
    assert [t for t, _ in meetings_of(api)] == [title]


# -- asking back about what was just set --------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "said", "question", "answer"),
    [
        ("en", "remind me to water the plants on Monday at 7pm", "when is it?",
         "Your reminder “water the plants” is Mon 20 Apr at 7:00 PM."),
        ("en", "remind me to water the plants on Monday at 7pm", "what time is that?",
         "Mon 20 Apr at 7:00 PM"),
        ("es", "recuérdame pagar la luz el lunes a las 7 de la noche", "¿cuándo es?",
         "el lunes 20 de abril a las 19:00"),
        ("es", "recuérdame pagar la luz el lunes a las 7 de la noche", "¿a qué hora es eso?",
         "el lunes 20 de abril a las 19:00"),
    ],
)  # fmt: skip
def test_when_is_it_right_after_is_that_item(
    request: pytest.FixtureRequest, lang: str, said: str, question: str, answer: str
) -> None:
    api: Api = request.getfixturevalue(lang)
    replies = talk(api, said, question, "what time is it?" if lang == "en" else "¿qué hora es?")
    assert answer in replies[1]["reply"]
    assert "14:3" in replies[2]["reply"] or "2:3" in replies[2]["reply"]  # the time now


# -- a meeting named by its title --------------------------------------------------------------
def test_a_meeting_named_by_its_title_is_booked_and_resized_never_a_timer(en: Api) -> None:
    replies = talk(
        en,
        "book the sales sync on Friday from 2 to 3:30pm",
        "make the sales sync 2 hours long",
    )
    assert not replies[0]["pending"], replies[0]["reply"]
    assert meetings_of(en) == [("Sales sync", "2026-04-17T14:00")]
    [meeting] = en.get("/v1/meetings").json["meetings"]
    assert meeting["ends_at"][:16] == "2026-04-17T16:00"
    assert [r for r in en.get("/v1/reminders").json["reminders"] if r["kind"] == "timer"] == []


# -- a week or a fortnight on ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("question", "day"),
    [
        ("what's on a fortnight today?", "Tuesday 28 April"),
        ("what do I have in a fortnight?", "Tuesday 28 April"),
        ("what do I have on a fortnight today?", "Tuesday 28 April"),
        ("what's on Tuesday fortnight?", "Tuesday 28 April"),
        ("what's on a week today?", "Tuesday 21 April"),
        ("what have I got a week on Thursday?", "Thursday 23 April"),
    ],
)
def test_a_day_a_week_or_a_fortnight_on_lists_that_day(en: Api, question: str, day: str) -> None:
    en.chat("book a meeting with Ana on Tuesday 28 April at 10am")
    reply = en.chat(question)["reply"]
    assert day in reply
    assert ("Meeting with Ana" in reply) == ("28" in day)
