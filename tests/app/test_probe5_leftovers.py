"""What the fifth independent tester found and stop 36 left as found: a Spanish range after a
weekday and its day number ("el viernes 18 de 3 a 4 de la tarde" asked about today and the 11th),
a part of the day after a day number ("el 31 en la mañana", "el domingo 13 al mediodía" read as
two moments), a weekday before a numeric date ("el lunes 14/12"), "el mier 9", a chapter's number
read as a time ("el capítulo 3.15"), counts of months ("in 2 months" asked for the day), a
correction given as the answer to "Book it anyway?", "show me the rest" of a list cut short, and
the same reminder stored twice. A wrong stored time is the worst outcome: where the reader cannot
be sure it asks."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.skills.when import Reading, read_time
from tests.app.conftest import LIMA, Api, local, meetings_of, talk

# Saturday 5 December 2026, 04:44 UTC: Friday 4 December, 23:44 in Lima
NOW = datetime(2026, 12, 5, 4, 44, tzinfo=UTC)


def read(text: str, lang: str = "es", now: datetime = NOW) -> Reading:
    return read_time(text, LIMA, now, lang)


# -- the time reader -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("agenda reunión con el contador el viernes 18 de 3 a 4 de la tarde", "2026-12-18T15:00",
         "2026-12-18T16:00"),
        ("agenda reunión con Ana el lunes 14 de 9 a 10 de la mañana", "2026-12-14T09:00",
         "2026-12-14T10:00"),
        ("el martes 15 de 4 a 5 de la tarde", "2026-12-15T16:00", "2026-12-15T17:00"),
        ("reunión el jueves 10 de 9 a 11 de la mañana", "2026-12-10T09:00", "2026-12-10T11:00"),
        ("el 20 de 3 a 4 de la tarde", "2026-12-20T15:00", "2026-12-20T16:00"),
    ],
)  # fmt: skip
def test_a_range_after_a_day_number_is_on_that_day(text: str, start: str, end: str) -> None:
    reading = read(text)
    assert local(reading) == start
    assert reading.end is not None
    assert reading.end.astimezone(LIMA).strftime("%Y-%m-%dT%H:%M") == end


@pytest.mark.parametrize(
    ("text", "lang", "expected", "remainder"),
    [
        ("recuérdame el domingo 13 al mediodía almorzar con mamá", "es", "2026-12-13T12:00",
         "recuérdame almorzar con mamá"),
        ("recuérdame el 31 en la mañana comprar cohetes", "es", "2026-12-31T09:00",
         "recuérdame comprar cohetes"),
        ("recuérdame el lunes 14 en la mañana ir al banco", "es", "2026-12-14T09:00",
         "recuérdame ir al banco"),
        ("recuérdame el lunes 14/12 a las 9 am llamar al banco", "es", "2026-12-14T09:00",
         "recuérdame llamar al banco"),
        ("remind me Monday, 12/14 at 9am to call the bank", "en", "2026-12-14T09:00",
         "remind me to call the bank"),
        # the weekday settles a numeric date's order: 6 May 2027 is a Thursday, 5 June a Saturday
        ("remind me Thursday 5/6 at 9am to call", "en", "2027-05-06T09:00", "remind me to call"),
        ("recuérdame el mier 9 a las 7 pm ir al cine", "es", "2026-12-09T19:00",
         "recuérdame ir al cine"),
        ("el mié 9 a las 7 pm ir al cine", "es", "2026-12-09T19:00", "ir al cine"),
        ("recuérdame leer el capítulo 3.15 mañana a las 6 de la tarde", "es", "2026-12-05T18:00",
         "recuérdame leer el capítulo 3.15"),
        ("read chapter 3.15 tomorrow at 6pm", "en", "2026-12-05T18:00", "read chapter 3.15"),
        ("meeting in room 4 tomorrow at 3pm", "en", "2026-12-05T15:00", "meeting in room 4"),
        ("reunión en el aula 5 mañana a las 10 de la mañana", "es", "2026-12-05T10:00",
         "reunión en el aula 5"),
        ("recuérdame mañana a las 20.30 hrs ver el partido", "es", "2026-12-05T20:30",
         "recuérdame ver el partido"),
        ("recuérdame el 15.12 a las 10 am pagar la renta", "es", "2026-12-15T10:00",
         "recuérdame pagar la renta"),
        ("el 3.1.2027 a las 9 am", "es", "2027-01-03T09:00", ""),
    ],
)  # fmt: skip
def test_day_numbers_and_numbered_things(
    text: str, lang: str, expected: str, remainder: str
) -> None:
    reading = read(text, lang)
    assert local(reading) == expected
    assert reading.remainder == remainder


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("recuérdame el martes 14/12 a las 9 am llamar al banco", "es"),  # the 14th is a Monday
        ("remind me Friday 5/6 at 9am", "en"),  # neither reading is a Friday
        ("call 8 tomorrow morning", "en"),  # a number beside the time words, not a thing's
        ("remind me tomorrow 7.45 to leave", "en"),  # AM or PM?
    ],
)
def test_what_still_asks(text: str, lang: str) -> None:
    reading = read(text, lang)
    assert reading.at is None
    assert reading.ask is not None


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("recuérdame en 2 meses a las 10 am pagar el seguro", "es", "2027-02-04T10:00"),
        ("dentro de tres meses a las 9 de la mañana renovar el pasaporte", "es",
         "2027-03-04T09:00"),
        ("en un par de meses a las 3 de la tarde", "es", "2027-02-04T15:00"),
        ("remind me in 2 months at 10am to renew", "en", "2027-02-04T10:00"),
        ("in a month at 9am pay the rent", "en", "2027-01-04T09:00"),
        ("two months from now at 3pm", "en", "2027-02-04T15:00"),
        ("in a couple of months at 3pm", "en", "2027-02-04T15:00"),
    ],
)  # fmt: skip
def test_counts_of_months(text: str, lang: str, expected: str) -> None:
    assert local(read(text, lang)) == expected


def test_a_weekday_and_day_number_that_disagree_offer_the_day_that_has_both() -> None:
    """ "el jueves 4" said on Friday 4 December: the next 4th is a Monday; the next Thursday the
    4th is 4 February. Both are offered, nothing is stored."""
    reading = read("recuérdame el jueves 4 a las 9 am llamar")
    assert reading.ask == "ambiguous_date"
    assert [o.astimezone(LIMA).strftime("%Y-%m-%dT%H:%M") for o in reading.options] == [
        "2027-01-04T09:00",
        "2027-02-04T09:00",
    ]
    far = read("recuérdame el martes 14 a las 9 am")  # a Tuesday the 14th: September 2027
    assert [o.astimezone(LIMA).strftime("%d") for o in far.options] == ["14", "15"]


def test_a_month_without_the_day_asks() -> None:
    """ "in a month" said on 31 January: no 31 February, so the day is asked (never 28 February
    or 3 March without a word)."""
    reading = read(
        "remind me in a month at 9am to pay", "en", datetime(2027, 1, 31, 15, tzinfo=UTC)
    )
    assert reading.at is None
    assert reading.ask == "no_day"
    undated = read("recuérdame en un mes pagar la tarjeta")
    assert undated.ask == "no_time"
    assert str(undated.day) == "2027-01-04"


# -- the dialogue ------------------------------------------------------------------------------


def test_a_correction_answers_book_it_anyway(es: Api) -> None:
    replies = talk(
        es,
        "agenda una reunión con Tere el jueves a las 11 de la mañana",
        "agenda una reunión con Lucho el jueves a las 11 de la mañana",
        "no, mejor el viernes",
    )
    assert "se cruza" in replies[1]["reply"]
    assert replies[2]["reply"].startswith("Agendé “Reunión con Lucho” el viernes 17 de abril")
    assert ("Reunión con Lucho", "2026-04-17T11:00") in meetings_of(es)


def test_a_shift_answers_book_it_anyway(en: Api) -> None:
    replies = talk(
        en,
        "book a meeting with Tom on Thursday at 11am",
        "book a meeting with Sam on Thursday at 11am",
        "push it back 30 minutes",
    )
    assert "overlaps" in replies[1]["reply"]
    assert ("Meeting with Sam", "2026-04-16T11:30") in meetings_of(en)


def test_a_plain_no_to_book_it_anyway_books_nothing(es: Api) -> None:
    replies = talk(
        es,
        "agenda una reunión con Tere el jueves a las 11 de la mañana",
        "agenda una reunión con Lucho el jueves a las 11 de la mañana",
        "no",
    )
    assert replies[2]["reply"] == "Entendido, no lo haré. No se cambió nada."
    assert [title for title, _at in meetings_of(es)] == ["Reunión con Tere"]


def test_the_rest_of_a_list_cut_short(es: Api) -> None:
    for day in range(15, 28):
        es.chat(f"recuérdame el {day} de abril a las 9 de la mañana tarea {day}")
    replies = talk(es, "¿qué recordatorios tengo?", "muéstrame los otros 3", "el segundo")
    listed, rest, picked = (r["reply"] for r in replies)
    assert "10. tarea 24" in listed
    assert listed.endswith("…y 3 más: escribe «el resto» para verlos, o abre la página Agenda.")
    assert rest.splitlines() == [
        line for line in rest.splitlines() if line[:3] in ("11.", "12.", "13.")
    ]
    assert "11. tarea 25" in rest
    assert "13. tarea 27" in rest
    assert "tarea 16" in picked  # the numbers go on from the list: the second is the 16th's


@pytest.mark.parametrize("ask", ["show me the rest", "the others", "more please"])
def test_the_rest_in_english(en: Api, ask: str) -> None:
    for day in range(15, 27):
        en.chat(f"remind me on April {day} at 9am to do task {day}")
    replies = talk(en, "show my reminders", ask)
    assert replies[0]["reply"].endswith(
        "…and 2 more: say “show the rest” to see them, or open the Schedule page."
    )
    assert "11. do task 25" in replies[1]["reply"]
    assert "12. do task 26" in replies[1]["reply"]


def test_the_same_reminder_twice_is_stored_once(es: Api) -> None:
    replies = talk(
        es,
        "recuérdame mañana a las 9 de la mañana pagar la tarjeta",
        "recuérdame mañana a las 9 de la mañana pagar la Tarjeta",
        "recuérdame mañana a las 10 de la mañana pagar la tarjeta",
    )
    assert replies[1]["reply"] == (
        "Ya tienes ese recordatorio: “pagar la tarjeta”, mañana a las 9:00."
    )
    reminders = es.get("/v1/reminders").json["reminders"]
    assert [(r["text"], r["due_at"][11:16]) for r in reminders] == [
        ("pagar la tarjeta", "09:00"),
        ("pagar la tarjeta", "10:00"),
    ]


def test_the_same_alarm_twice_is_set_once(en: Api) -> None:
    replies = talk(en, "set an alarm for 6am tomorrow", "set an alarm for 6am tomorrow")
    assert replies[1]["reply"] == "You already have an alarm set for tomorrow at 6:00 AM."
    assert len(en.get("/v1/reminders?kind=alarm").json["reminders"]) == 1


@pytest.mark.parametrize("laugh", ["jaja ya", "ok jajaja", "ya pe jaja"])
def test_a_laugh_with_a_word_of_assent_is_small_talk(es: Api, laugh: str) -> None:
    reply = es.chat(laugh)
    assert reply["skill"] == "conversation"
    assert "no puedo ayudarte" not in reply["reply"]


@pytest.mark.parametrize(
    "text", ["in the past thursday", "the dry cleaning on Thursday at half past five pm"]
)
def test_no_question_shows_its_template(text: str) -> None:
    """ "past thursday" asked with the raw "{understood} has already passed" template; "half past
    five" made the Thursday the last one."""
    reading = read(text, "en")
    assert "{" not in (reading.question or "")
    if "five" in text:
        assert local(reading) == "2026-12-10T17:30"


def test_a_bare_early_hour_said_before_dawn_offers_the_morning_too() -> None:
    """ "a la 1 tomar la pastilla del bebé" said at 00:03: the rule book's 13:00 is a guess when
    1:00 is 57 minutes away (a medicine dose is the worst place for one)."""
    night = datetime(2026, 12, 5, 5, 3, tzinfo=UTC)  # 00:03 in Lima
    reading = read("recuérdame a la 1 tomar la pastilla del bebe", now=night)
    assert reading.ask == "ambiguous_hour"
    assert [o.astimezone(LIMA).strftime("%H:%M") for o in reading.options] == ["01:00", "13:00"]
    afternoon = datetime(2026, 12, 5, 15, 3, tzinfo=UTC)  # 10:03: the morning one has passed
    assert local(read("recuérdame a la 1 tomar la pastilla", now=afternoon)) == "2026-12-05T13:00"
    assert local(read("recuérdame a las 5 de la tarde llamar", now=night)) == "2026-12-05T17:00"


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("book a meeting with Tom from 3 to 4:30pm on thursday", "2026-12-10T15:00",
         "2026-12-10T16:30"),
        ("from 2 to 3:30pm on monday", "2026-12-07T14:00", "2026-12-07T15:30"),
        ("between 2 and 3:30pm on friday", "2026-12-11T14:00", "2026-12-11T15:30"),
        ("from 11 to 1pm on monday", "2026-12-07T11:00", "2026-12-07T13:00"),
        ("from 9am to 3pm on monday", "2026-12-07T09:00", "2026-12-07T15:00"),
    ],
)  # fmt: skip
def test_an_english_range_then_its_day(text: str, start: str, end: str) -> None:
    """ "from 2 to 3:30pm on monday" was booked at 2:00 AM (an independent tester); "from 11 to
    1pm on monday" stored 13:00 with "from 11" left in the text."""
    reading = read(text, "en", now=datetime(2026, 12, 5, 15, 0, tzinfo=UTC))
    assert local(reading) == start
    assert reading.end is not None
    assert reading.end.astimezone(LIMA).strftime("%Y-%m-%dT%H:%M") == end
