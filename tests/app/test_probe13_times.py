"""Times the thirteenth independent tester found misread (probe 13, stop 39), read by the time
reader directly at Saturday 5 December 2026, 10:01 UTC (05:01 in Lima and New York), and in the
dialogue (the conftest clock: Tuesday 14 April 2026, 14:30 Lima). A bare zone word after a time
("10am Pacific", "9am Central", "hora del pacífico") was left out and the time stored in the
user's own zone, the word kept in the text; "solo mañana" / "nomás mañana" stored today ("mañana"
read as the morning); a repeat with an end ("a las 10 de la noche hasta el miércoles", "de lunes a
viernes … hasta navidad") stored one reminder on the end day; "hs", "pe", "solo", "until
christmas" were left in the item's text; Argentine "a la mañana" was lost; "a las 10 el jueves"
was asked as vague. ``docs/assistant.md``, "How times are read": a wrong stored time is the
worst outcome."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.app.conftest import (
    BUENOS_AIRES,
    LIMA,
    LOS_ANGELES,
    NEW_YORK,
    Api,
    local,
    meetings_of,
    offered,
    reader,
    reminders_of,
    talk,
)

NOW = datetime(2026, 12, 5, 10, 1, tzinfo=UTC)
MEXICO_CITY = ZoneInfo("America/Mexico_City")
SYDNEY = ZoneInfo("Australia/Sydney")

read = reader(NOW)


# -- 1. a zone said by its region's name --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "zone", "expected", "remainder"),
    [
        ("book a call with Jen on monday at 10am Pacific", "en", NEW_YORK, "2026-12-07T13:00",
         "book a call with Jen"),
        ("remind me on wednesday at 9am Central to call Bob", "en", NEW_YORK, "2026-12-09T10:00",
         "remind me to call Bob"),
        ("remind me monday at 9am eastern to call the bank", "en", LOS_ANGELES,
         "2026-12-07T06:00", "remind me to call the bank"),
        ("call Ana on monday at 3pm Mountain time", "en", NEW_YORK, "2026-12-07T17:00",
         "call Ana"),
        ("call Ana on monday at 3pm Atlantic", "en", NEW_YORK, "2026-12-07T14:00", "call Ana"),
        ("call Ana on monday at 3pm Pacific Standard Time", "en", NEW_YORK, "2026-12-07T18:00",
         "call Ana"),
        ("agenda una reunión con Jim el lunes a las 9 de la mañana hora del pacífico", "es", LIMA,
         "2026-12-07T12:00", "agenda una reunión con Jim"),
        ("recuérdame el lunes a las 9 de la mañana hora de la montaña llamar a Bob", "es", LIMA,
         "2026-12-07T11:00", "recuérdame llamar a Bob"),
        ("recuérdame el lunes a las 9 de la mañana hora central llamar a Bob", "es", LIMA,
         "2026-12-07T10:00", "recuérdame llamar a Bob"),
        ("recuérdame el lunes a las 9 de la mañana hora del este llamar a Bob", "es",
         BUENOS_AIRES, "2026-12-07T11:00", "recuérdame llamar a Bob"),
        ("recuérdame el lunes a las 9 de la mañana hora del centro llamar a Bob", "es",
         BUENOS_AIRES, "2026-12-07T12:00", "recuérdame llamar a Bob"),
        ("recuérdame el lunes a las 9 de la mañana hora del atlántico llamar a Bob", "es", LIMA,
         "2026-12-07T08:00", "recuérdame llamar a Bob"),
        ("recuérdame el lunes a las 9am Pacific llamar a Jen", "es", LIMA, "2026-12-07T12:00",
         "recuérdame llamar a Jen"),
    ],
)  # fmt: skip
def test_a_zone_said_by_its_region_is_that_zone(
    text: str, lang: str, zone: ZoneInfo, expected: str, remainder: str
) -> None:
    reading = read(text, lang, zone)
    assert local(reading, zone) == expected
    assert reading.remainder == remainder


@pytest.mark.parametrize(
    ("text", "lang", "zone", "cities"),
    [
        ("remind me on monday at 9am Central to call Bob", "en", MEXICO_CITY,
         ("Mexico City", "Chicago")),
        ("remind me on monday at 9am Central time to call Bob", "en", MEXICO_CITY,
         ("Mexico City", "Chicago")),
        ("recuérdame el lunes a las 9 de la mañana hora del centro llamar a Bob", "es",
         MEXICO_CITY, ("Ciudad de México", "Chicago")),
        ("recuérdame el lunes a las 9 de la mañana hora del pacífico llamar a Bob", "es",
         MEXICO_CITY, ("Mazatlán", "Los Ángeles")),
        ("call Ana on monday at 3pm Pacific time", "en", MEXICO_CITY, ("Mazatlan", "Los Angeles")),
        ("call Ana on monday at 9am Eastern", "en", SYDNEY, ("Sydney", "New York")),
    ],
)  # fmt: skip
def test_a_region_that_is_also_the_users_own_countrys_is_asked_naming_both(
    text: str, lang: str, zone: ZoneInfo, cities: tuple[str, str]
) -> None:
    reading = read(text, lang, zone)
    assert (reading.at, reading.ask) == (None, "zone")
    assert all(city in (reading.question or "") for city in cities), reading.question
    assert "Central" not in reading.remainder
    assert "centro" not in reading.remainder
    assert "pacífico" not in reading.remainder


@pytest.mark.parametrize(
    ("text", "lang", "expected", "kept"),
    [
        ("meet Bob on monday at 10am Central Park", "en", "2026-12-07T10:00", "Central Park"),
        ("meet Bob on monday at 10am central station", "en", "2026-12-07T10:00",
         "central station"),
        ("lunch with Bob on monday at 1pm Mountain View office", "en", "2026-12-07T13:00",
         "Mountain View office"),
        ("recuérdame el lunes a las 10 de la mañana ir al centro", "es", "2026-12-07T10:00",
         "ir al centro"),
        ("recuérdame el lunes a las 10 de la mañana ir al este de la ciudad", "es",
         "2026-12-07T10:00", "ir al este de la ciudad"),
    ],
)  # fmt: skip
def test_a_place_named_like_a_region_is_not_a_zone(
    text: str, lang: str, expected: str, kept: str
) -> None:
    reading = read(text, lang, NEW_YORK)
    assert local(reading, NEW_YORK) == expected
    assert kept in reading.remainder


def test_the_words_of_a_country_of_several_zones_leave_the_text() -> None:
    reading = read("a las 5 hora de Chile llamar a Ana", "es")
    assert reading.ask == "zone"
    assert reading.remainder == "llamar a Ana"


def test_a_region_in_the_dialogue_is_stored_in_its_zone(es: Api, en: Api) -> None:
    talk(es, "agenda una reunión con Jim el lunes a las 9 de la mañana hora del pacífico")
    assert meetings_of(es) == [("Reunión con Jim", "2026-04-20T11:00")]  # PDT: Lima + 2
    talk(en, "remind me on wednesday at 9am Central to call Bob")
    assert reminders_of(en) == [("call Bob", "2026-04-15T09:00")]  # CDT is Lima's offset


# -- 2. "solo mañana", "nomás mañana": tomorrow ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "expected", "remainder"),
    [
        ("a las 8 de la mañana solo mañana", "es", "2026-12-06T08:00", ""),
        ("a las 8 de la mañana sólo mañana", "es", "2026-12-06T08:00", ""),
        ("a las 8 de la mañana solo para mañana", "es", "2026-12-06T08:00", ""),
        ("a las 8 de la mañana nomás mañana", "es", "2026-12-06T08:00", ""),
        ("a las 8 de la mañana mañana nomás", "es", "2026-12-06T08:00", ""),
        ("a las 8 de la mañana ya, mañana nomás", "es", "2026-12-06T08:00", "ya"),
        ("a las 8 de la mañana solamente el lunes", "es", "2026-12-07T08:00", ""),
        ("a las 8 de la mañana para mañana", "es", "2026-12-06T08:00", ""),
        ("recuérdame a las 8 de la mañana para mañana tomar el antibiótico", "es",
         "2026-12-06T08:00", "recuérdame tomar el antibiótico"),
        ("recuérdame solo mañana a las 8 de la mañana tomar el antibiótico", "es",
         "2026-12-06T08:00", "recuérdame tomar el antibiótico"),
        ("recuérdame nomás mañana a las 9 de la noche llamar a mi tía", "es",
         "2026-12-06T21:00", "recuérdame llamar a mi tía"),
        ("recuérdame mañana nomás a las 9 de la noche llamar a mi tía", "es",
         "2026-12-06T21:00", "recuérdame llamar a mi tía"),
        ("a las 8 de la noche para mañana", "es", "2026-12-06T20:00", ""),
        ("remind me just tomorrow at 8am to take the pill", "en", "2026-12-06T08:00",
         "remind me to take the pill"),
        ("remind me only on monday at 8am to take the pill", "en", "2026-12-07T08:00",
         "remind me to take the pill"),
    ],
)  # fmt: skip
def test_only_tomorrow_is_tomorrow(text: str, lang: str, expected: str, remainder: str) -> None:
    reading = read(text, lang)
    assert local(reading) == expected
    assert reading.remainder == remainder


def test_alone_after_a_verb_solo_is_a_word_of_the_text() -> None:
    reading = read("recuérdame ir solo mañana a las 9 de la noche al médico", "es")
    assert local(reading) == "2026-12-06T21:00"
    assert reading.remainder == "recuérdame ir solo al médico"


@pytest.mark.parametrize(
    "text", ["a las 8 mañana", "a las 8 para mañana", "recuérdame a las 8 mañana pagar la luz"]
)
def test_a_bare_hour_before_manana_is_tomorrow_asked_by_its_half(text: str) -> None:
    reading = read(text, "es")
    assert reading.ask == "ambiguous_hour"
    assert offered(reading) == ["2026-12-06T08:00", "2026-12-06T20:00"]


@pytest.mark.parametrize("answer", ["solo mañana", "solo para mañana", "nomás mañana"])
def test_only_tomorrow_answered_to_the_repeat_question_is_tomorrow(es: Api, answer: str) -> None:
    replies = talk(es, "recuérdame todos los días a las 8 de la mañana tomar mis pastillas", answer)
    assert "repetirlo" in replies[0]["reply"]
    assert reminders_of(es) == [("tomar mis pastillas", "2026-04-15T08:00")]


# -- 3. a repeat with an end is a repeat --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "phrase", "remainder"),
    [
        ("recordame de lunes a viernes a las 7 de la mañana sacar al perro hasta navidad", "es",
         "7 de la mañana", "recordame sacar al perro"),
        # what the dialogue reads once "recordame de" is taken as "remind me of"
        ("lunes a viernes a las 7 de la mañana sacar al perro hasta navidad", "es",
         "7 de la mañana", "sacar al perro"),
        ("recuérdame tomar la pastilla a las 10 de la noche hasta el miércoles", "es",
         "10 de la noche", "recuérdame tomar la pastilla"),
        ("recuérdame tomar la pastilla a las 10 de la noche hasta el domingo", "es",
         "10 de la noche", "recuérdame tomar la pastilla"),
        ("recuérdame a las 8 de la mañana hasta fin de mes tomar el jarabe", "es",
         "8 de la mañana", "recuérdame tomar el jarabe"),
        ("recuérdame a las 8 de la mañana por dos semanas tomar el jarabe", "es",
         "8 de la mañana", "recuérdame tomar el jarabe"),
        ("recuérdame tomar el jarabe a las 8 de la mañana durante una semana", "es",
         "8 de la mañana", "recuérdame tomar el jarabe"),
        ("recuérdame tomar el jarabe a las 8 de la mañana durante toda la semana", "es",
         "8 de la mañana", "recuérdame tomar el jarabe"),
        ("recuérdame tomar el jarabe toda la semana a las 8 de la mañana", "es",
         "8 de la mañana", "recuérdame tomar el jarabe"),
        ("recuérdame pasar por el banco a las 8 de la mañana hasta el viernes", "es",
         "8 de la mañana", "recuérdame pasar por el banco"),
        ("remind me at 8am for the rest of the week to take the pill", "en", "8am",
         "remind me to take the pill"),
        ("recuérdame tomar el jarabe a las 8 de la mañana hasta el 20 de diciembre", "es",
         "8 de la mañana", "recuérdame tomar el jarabe"),
        ("recuérdame tomar la pastilla todas las noches hasta el domingo", "es", "",
         "recuérdame tomar la pastilla"),
        ("remind me to take the pill at 10pm until wednesday", "en", "10pm",
         "remind me to take the pill"),
        ("remind me to stretch at 3pm until friday", "en", "3pm", "remind me to stretch"),
        ("remind me weekdays at 7:30am to walk the dog until christmas", "en", "7:30am",
         "remind me to walk the dog"),
        ("remind me every night at 9 until christmas to take the pill", "en", "9",
         "remind me to take the pill"),
        ("remind me at 8am for a week to take the pill", "en", "8am",
         "remind me to take the pill"),
        ("remind me at 8am for the next 3 days to take the pill", "en", "8am",
         "remind me to take the pill"),
        ("remind me at 8am through friday to take the pill", "en", "8am",
         "remind me to take the pill"),
        ("remind me to stretch at 3pm till the end of the month", "en", "3pm",
         "remind me to stretch"),
        ("remind me monday through friday at 8am to stretch", "en", "8am", "remind me to stretch"),
        ("remind me mon-fri at 8am to stretch", "en", "8am", "remind me to stretch"),
    ],
)  # fmt: skip
def test_a_repeat_with_an_end_is_asked_keeping_the_time(
    text: str, lang: str, phrase: str, remainder: str
) -> None:
    reading = read(text, lang, BUENOS_AIRES if "recordame" in text else LIMA)
    assert (reading.at, reading.ask) == (None, "repeating")
    assert (reading.phrase, reading.remainder) == (phrase, remainder)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("pospón la reunión hasta el lunes", "es"),
        ("pospón la reunión de las 3 hasta el lunes", "es"),
        ("apunta pagar la luz hasta el viernes", "es"),
        ("recuérdame tomar el jarabe hasta el viernes a las 8 de la mañana", "es"),
        ("push my 3pm meeting until friday", "en"),
        ("remind me tomorrow at 9am that the office is closed until monday", "en"),
        ("I've been waiting all week, book a meeting with Diego on Thursday at 2pm", "en"),
        ("I'm busy for the rest of the week, remind me monday at 9am to call Ana", "en"),
        ("estaré fuera por dos semanas, recuérdame el lunes a las 9 de la mañana llamar", "es"),
    ],
)
def test_until_a_day_without_a_repeat_is_not_one(text: str, lang: str) -> None:
    assert read(text, lang).ask != "repeating"


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("agenda una reunión el lunes de 3 hasta las 5", "es", ("2026-12-07T15:00", "17:00")),
        ("book a meeting from 3 until 5pm tomorrow", "en", ("2026-12-06T15:00", "17:00")),
    ],
)
def test_until_a_clock_time_is_still_a_range(
    text: str, lang: str, expected: tuple[str, str]
) -> None:
    reading = read(text, lang)
    assert reading.end is not None
    assert (local(reading), reading.end.astimezone(LIMA).strftime("%H:%M")) == expected


def test_a_deadline_until_friday_stays_a_days_end(es: Api) -> None:
    reply = es.chat("apunta pagar la luz hasta el viernes")
    assert "viernes" in reply["reply"]
    due = es.get("/v1/todos").json["todos"]
    assert [(t["text"], t["due_at"][:16]) for t in due] == [("pagar la luz", "2026-04-17T23:59")]


def test_a_repeat_with_an_end_stores_nothing_until_a_day_is_said(es: Api, en: Api) -> None:
    replies = talk(
        es, "recordame de lunes a viernes a las 7 de la mañana sacar al perro hasta navidad"
    )
    assert "repetirlo" in replies[0]["reply"]
    assert reminders_of(es) == []
    es.chat("el lunes", replies[0]["conversation_id"])
    assert reminders_of(es) == [("sacar al perro", "2026-04-20T07:00")]
    replies = talk(es, "recuérdame tomar la pastilla a las 10 de la noche hasta el miércoles")
    assert "repetirlo" in replies[0]["reply"]
    assert reminders_of(es) == [("sacar al perro", "2026-04-20T07:00")]
    replies = talk(en, "remind me to take the pill at 10pm until wednesday")
    assert "repeat" in replies[0]["reply"]
    assert reminders_of(en) == []


@pytest.mark.parametrize(
    ("first", "answer", "expected"),
    [
        ("remind me every day at 8am to take my pills until friday", "tomorrow",
         ("take my pills", "2026-04-15T08:00")),
        ("remind me weekdays at 7:30am to walk the dog until christmas", "just monday",
         ("walk the dog", "2026-04-20T07:30")),
    ],
)  # fmt: skip
def test_a_day_answered_to_a_repeat_with_an_end_keeps_the_time(
    en: Api, first: str, answer: str, expected: tuple[str, str]
) -> None:
    talk(en, first, answer)
    assert reminders_of(en) == [expected]


# -- 4. time words left in the item's text ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "remainder"),
    [
        ("recordame a las 20 hs sacar la basura", "2026-12-05T20:00", "recordame sacar la basura"),
        ("recordame el martes a las 18 hs. ir a buscar a los chicos", "2026-12-08T18:00",
         "recordame ir a buscar a los chicos"),
        ("recordame el lunes a las 20hs. sacar la basura", "2026-12-07T20:00",
         "recordame sacar la basura"),
        ("recordame el lunes a las 20 h sacar la basura", "2026-12-07T20:00",
         "recordame sacar la basura"),
        ("recordame a las 9 hs de la mañana sacar la basura", "2026-12-05T09:00",
         "recordame sacar la basura"),
        ("oe recuerdame pe el jueves a las 8 de la noche ver el partido de la U",
         "2026-12-10T20:00", "oe recuerdame ver el partido de la U"),
        ("recuérdame el jueves a las 8 de la noche pe ver el partido", "2026-12-10T20:00",
         "recuérdame ver el partido"),
        ("recuérdame pues el jueves a las 8 de la noche ver el partido", "2026-12-10T20:00",
         "recuérdame ver el partido"),
        ("recuérdame a las 8 de la noche nomás ver el partido", "2026-12-05T20:00",
         "recuérdame ver el partido"),
        ("recuérdame tomar el jarabe hasta el viernes a las 8 de la mañana", "2026-12-11T08:00",
         "recuérdame tomar el jarabe"),
    ],
)  # fmt: skip
def test_hours_written_hs_and_chat_words_beside_a_time_leave_the_text(
    text: str, expected: str, remainder: str
) -> None:
    reading = read(text, "es", BUENOS_AIRES if "recordame" in text else LIMA)
    assert local(reading, BUENOS_AIRES if "recordame" in text else LIMA) == expected
    assert reading.remainder == remainder


def test_hs_and_pe_leave_the_reminders_text(es: Api) -> None:
    talk(es, "recordame a las 20 hs sacar la basura")
    talk(es, "oe recuerdame pe el jueves a las 8 de la noche ver el partido de la U")
    assert sorted(reminders_of(es)) == [
        ("sacar la basura", "2026-04-14T20:00"),
        ("ver el partido de la U", "2026-04-16T20:00"),
    ]


# -- 5. Argentine "a la mañana" -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("recordame mañana a la mañana llamar a la abuela", "2026-12-06T09:00"),
        ("recordame el miércoles a la mañana llamar a la abuela", "2026-12-09T09:00"),
        ("agendá una reunión con el contador el miércoles a la mañana a las 9 y media",
         "2026-12-09T09:30"),
        ("recordame mañana a la mañana a las 10 llamar", "2026-12-06T10:00"),
        ("recordame mañana a las 10 a la mañana llamar", "2026-12-06T10:00"),
    ],
)  # fmt: skip
def test_a_la_manana_is_the_morning(text: str, expected: str) -> None:
    reading = read(text, "es", BUENOS_AIRES)
    assert local(reading, BUENOS_AIRES) == expected
    assert "mañana" not in reading.remainder


def test_a_la_manana_siguiente_is_not_rewritten() -> None:
    reading = read("recordame a la mañana siguiente llamar", "es", BUENOS_AIRES)
    assert reading.at is None
    assert "a la mañana siguiente" in reading.remainder


def test_a_la_manana_in_the_dialogue(es: Api) -> None:
    talk(es, "agendá una reunión con el contador el miércoles a la mañana a las 9 y media")
    assert meetings_of(es) == [("Reunión con el contador", "2026-04-15T09:30")]
    talk(es, "recordame mañana a la mañana a las 10 llamar a la abuela")
    assert reminders_of(es) == [("llamar a la abuela", "2026-04-15T10:00")]


# -- 7. an hour said before its weekday --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "options"),
    [
        ("a las 10 el jueves", ["2026-12-10T10:00", "2026-12-10T22:00"]),
        ("recuérdame a las 10 el jueves llamar a Ana", ["2026-12-10T10:00", "2026-12-10T22:00"]),
        ("recuérdame las 10 el jueves llamar a Ana", ["2026-12-10T10:00", "2026-12-10T22:00"]),
        ("recuérdame a las 10 del jueves llamar a Ana", ["2026-12-10T10:00", "2026-12-10T22:00"]),
        ("recuérdame a las 10 este jueves llamar a Ana", ["2026-12-10T10:00", "2026-12-10T22:00"]),
    ],
)
def test_an_hour_before_its_weekday_is_that_day(text: str, options: list[str]) -> None:
    reading = read(text, "es")
    assert reading.ask == "ambiguous_hour"
    assert offered(reading) == options
    assert "jueves" not in reading.remainder


def test_an_afternoon_hour_before_its_weekday_is_read() -> None:
    reading = read("recuérdame a las 5 el jueves llamar a Ana", "es")
    assert local(reading) == "2026-12-10T17:00"
    assert reading.remainder == "recuérdame llamar a Ana"


def test_the_end_of_a_range_before_manana_is_not_moved() -> None:
    reading = read("agenda una reunión de las 3 a las 5 mañana", "es")
    assert reading.end is not None
    assert (local(reading), reading.end.astimezone(LIMA).strftime("%H:%M")) == (
        "2026-12-06T15:00",
        "17:00",
    )
