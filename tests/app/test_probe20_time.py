"""What the twentieth independent tester found in how Spanish says times (clock: Saturday 5
December 2026, 19:11 in Bogotá): the "de" ending "agende" read as a range's "from"; "poné una
alarma … a las 7 menos cuarto" set at 18:45 unasked; "el finde" not a span; "el sábado a
medianoche" asked "what time exactly?"; an opening "al toque" lost "de la mañana"; "mañana en la
tarde de llamar a mi abuela" read as vague."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from app.skills import slots
from tests.app.conftest import Api, local, meetings_of, offered, reader, reminders_of, talk

BOGOTA = ZoneInfo("America/Bogota")
# The tester's clock: Saturday 5 December 2026 at 19:11 in Bogotá
SATURDAY_EVENING = datetime(2026, 12, 5, 19, 11, tzinfo=BOGOTA)
read = reader(SATURDAY_EVENING)


@pytest.fixture
def evening_es(es: Api) -> Iterator[Api]:
    """The Spanish-writing (Lima, the same clock as Bogotá) user on the tester's Saturday."""
    with time_machine.travel(SATURDAY_EVENING, tick=True):
        yield es


@pytest.fixture
def evening_en(en: Api) -> Iterator[Api]:
    """The English-writing Lima user on the tester's Saturday."""
    with time_machine.travel(SATURDAY_EVENING, tick=True):
        yield en


# -- 1. a range's "de" starts a word ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "agende una reunión con el contador el lunes a las 11 de la mañana",
        "agenda una reunión con el contador el lunes a las 11 de la mañana",
        "puede una reunión con el contador ser el lunes a las 11 de la mañana",
        "la mesa verde una vez más, el lunes a las 11 de la mañana",
    ],
)
def test_a_de_ending_a_word_starts_no_range(text: str) -> None:
    reading = read(text, zone=BOGOTA)
    assert local(reading, BOGOTA) == "2026-12-07T11:00"
    assert reading.end is None
    assert "una" in reading.remainder.split()


def test_agende_books_the_hour_said(evening_es: Api) -> None:
    reply = evening_es.chat("agende una reunión con el contador el lunes a las 11 de la mañana")
    assert "hasta" not in reply["reply"]
    [(_title, starts)] = meetings_of(evening_es)
    assert starts == "2026-12-07T11:00"
    [meeting] = evening_es.get("/v1/meetings").json["meetings"]
    assert meeting["ends_at"][:16] == "2026-12-07T11:30"


# -- 2. an alarm's bare hour is asked whatever the verb before it -------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "options"),
    [
        ("poné una alarma para el lunes a las 7 menos cuarto", "es",
         ["2026-12-07T06:45", "2026-12-07T18:45"]),
        ("pon una alarma para el lunes a las 7 menos cuarto", "es",
         ["2026-12-07T06:45", "2026-12-07T18:45"]),
        ("poné una alarma para mañana a las 6", "es", ["2026-12-06T06:00", "2026-12-06T18:00"]),
        ("fijá la alarma para mañana a las 6", "es", ["2026-12-06T06:00", "2026-12-06T18:00"]),
        ("armame una alarma para mañana a las 6", "es", ["2026-12-06T06:00", "2026-12-06T18:00"]),
        ("I need an alarm tomorrow at 6", "en", ["2026-12-06T06:00", "2026-12-06T18:00"]),
    ],
)  # fmt: skip
def test_an_alarms_bare_hour_is_asked(text: str, lang: str, options: list[str]) -> None:
    reading = read(text, lang, BOGOTA)
    assert reading.ask == "ambiguous_hour"
    assert offered(reading, BOGOTA) == options


def test_an_alarm_clock_bought_is_no_alarm() -> None:
    reading = read("remind me to buy an alarm clock tomorrow at 5", "en", BOGOTA)
    assert local(reading, BOGOTA) == "2026-12-06T17:00"


def test_a_voseo_alarm_asks_in_the_app(evening_es: Api) -> None:
    reply = evening_es.chat("poné una alarma para el lunes a las 7 menos cuarto")
    assert reply["pending"]
    assert "6:45" in reply["reply"]
    assert "18:45" in reply["reply"]
    assert reminders_of(evening_es) == []


# -- 3. the weekend, this one or the next -------------------------------------------------------

THIS_WEEKEND = (datetime(2026, 12, 5, 19, 11, tzinfo=BOGOTA), datetime(2026, 12, 7, tzinfo=BOGOTA))
NEXT_WEEKEND = (datetime(2026, 12, 12, tzinfo=BOGOTA), datetime(2026, 12, 14, tzinfo=BOGOTA))


@pytest.mark.parametrize(
    ("text", "span", "key"),
    [
        ("¿tengo algo el finde?", THIS_WEEKEND, "weekend"),
        ("¿qué tengo este finde?", THIS_WEEKEND, "weekend"),
        ("¿qué tengo el fin de semana?", THIS_WEEKEND, "weekend"),
        ("what do I have this weekend?", THIS_WEEKEND, "weekend"),
        ("¿qué tengo el finde que viene?", NEXT_WEEKEND, "next_weekend"),
        ("¿qué tengo el próximo fin de semana?", NEXT_WEEKEND, "next_weekend"),
        ("¿qué tengo el fin de semana que viene?", NEXT_WEEKEND, "next_weekend"),
        ("what do I have next weekend?", NEXT_WEEKEND, "next_weekend"),
    ],
)
def test_the_weekend_is_a_span(text: str, span: tuple[datetime, datetime], key: str) -> None:
    found = slots.bounded_range(text, BOGOTA, SATURDAY_EVENING.astimezone(UTC))
    assert found is not None
    assert (found.since, found.until, found.key) == (*span, key)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("recuérdame el finde a las 10 de la mañana lavar el carro", "es"),
        ("recuérdame el fin de semana que viene a las 10 de la mañana lavar el carro", "es"),
        ("remind me next weekend at 10am to wash the car", "en"),
    ],
)
def test_a_clock_on_the_weekend_asks_the_day(text: str, lang: str) -> None:
    reading = read(text, lang, BOGOTA)
    # which day (its Saturday or its Sunday offered, probe 44), never a day chosen
    assert reading.ask in ("no_day", "ambiguous_date")
    assert reading.at is None
    assert "fin" not in reading.remainder.split()


def test_the_finde_lists_the_weekend_only(evening_es: Api) -> None:
    evening_es.chat("recuérdame mañana a las 10 de la mañana lavar el carro")
    evening_es.chat("recuérdame el martes a las 10 de la mañana pagar la luz")
    evening_es.chat("recuérdame el sábado 12 a las 10 de la mañana ir al mercado")
    this = evening_es.chat("¿tengo algo el finde?")["reply"]
    assert "lavar el carro" in this
    assert "pagar la luz" not in this
    assert "ir al mercado" not in this
    coming = evening_es.chat("¿qué tengo el finde que viene?")["reply"]
    assert "ir al mercado" in coming
    assert "lavar el carro" not in coming
    assert "pagar la luz" not in coming


# -- 4. midnight on a day said on that day ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("recuérdame el sábado a medianoche apagar el router", "es"),
        ("recuérdame el sábado a la medianoche apagar el router", "es"),
        ("remind me saturday at midnight to turn off the router", "en"),
    ],
)
def test_midnight_on_the_weekday_of_today_offers_the_midnights(text: str, lang: str) -> None:
    reading = read(text, lang, BOGOTA)
    assert reading.ask == "ambiguous_hour"
    # tonight's, then next Saturday's start and its end
    assert offered(reading, BOGOTA) == ["2026-12-06T00:00", "2026-12-12T00:00", "2026-12-13T00:00"]
    assert "exact" not in (reading.question or "")
    assert "exactamente" not in (reading.question or "")


def test_midnight_on_another_day_still_asks_its_start_or_end() -> None:
    reading = read("recuérdame el lunes a medianoche apagar el router", zone=BOGOTA)
    assert offered(reading, BOGOTA) == ["2026-12-07T00:00", "2026-12-08T00:00"]


@pytest.mark.parametrize(
    ("answer", "due"),
    [
        ("esta noche", "2026-12-06T00:00"),
        ("hoy en la noche", "2026-12-06T00:00"),
        ("hoy", "2026-12-06T00:00"),
        ("el domingo 13", "2026-12-13T00:00"),
    ],
)
def test_midnight_asked_and_answered_in_the_app(evening_es: Api, answer: str, due: str) -> None:
    asked, answered = talk(evening_es, "recuérdame el sábado a medianoche apagar el router", answer)
    assert asked["pending"]
    assert "exactamente" not in asked["reply"]
    assert not answered["pending"]
    assert reminders_of(evening_es) == [("apagar el router", due)]


def test_tonight_answers_which_midnight_in_english(evening_en: Api) -> None:
    talk(evening_en, "remind me saturday at midnight to turn off the router", "tonight")
    assert reminders_of(evening_en) == [("turn off the router", "2026-12-06T00:00")]


def test_a_night_of_another_day_is_asked_again(evening_es: Api) -> None:
    replies = talk(
        evening_es, "recuérdame el sábado a medianoche apagar el router", "el sábado en la noche"
    )
    assert replies[-1]["pending"]
    assert reminders_of(evening_es) == []


# -- 5. an opening word that says nothing about when --------------------------------------------


@pytest.mark.parametrize(
    "opening", ["al toque", "ahorita", "de una", "porfa", "al toque,", "ya pues,"]
)
def test_an_opening_word_keeps_the_part_of_the_day(opening: str) -> None:
    reading = read(f"{opening} ponme una alarma para mañana a las 6 de la mañana", zone=BOGOTA)
    assert local(reading, BOGOTA) == "2026-12-06T06:00"


def test_an_opening_in_english_keeps_the_half() -> None:
    reading = read("later: set an alarm for tomorrow at 6 in the morning", "en", BOGOTA)
    assert local(reading, BOGOTA) == "2026-12-06T06:00"


def test_al_toque_sets_the_alarm(evening_es: Api) -> None:
    reply = evening_es.chat("al toque ponme una alarma para mañana a las 6 de la mañana")
    assert not reply["pending"]
    [(_text, due)] = reminders_of(evening_es)
    assert due == "2026-12-06T06:00"


# -- 6. "mañana en la tarde de llamar …": one rule for the afternoon -----------------------------


@pytest.mark.parametrize(
    ("text", "lang", "at"),
    [
        ("me regala un recordatorio para mañana en la tarde de llamar a mi abuela", "es",
         "2026-12-06T15:00"),
        ("me regala un recordatorio para mañana a la tarde de llamar a mi abuela", "es",
         "2026-12-06T15:00"),
        ("me regala un recordatorio para mañana por la tarde de llamar a mi abuela", "es",
         "2026-12-06T15:00"),
        ("me regala un recordatorio para el martes en la tarde de llamar a mi abuela", "es",
         "2026-12-08T15:00"),
        ("recuérdame el martes en la noche de sacar la basura", "es", "2026-12-08T20:00"),
        ("remind me tomorrow afternoon to call grandma", "en", "2026-12-06T15:00"),
    ],
)  # fmt: skip
def test_a_part_of_the_day_before_de_and_a_task(text: str, lang: str, at: str) -> None:
    reading = read(text, lang, BOGOTA)
    assert local(reading, BOGOTA) == at


def test_an_event_night_is_still_asked() -> None:
    reading = read("recuérdame la noche de la graduación llamar a Ana", zone=BOGOTA)
    assert reading.at is None


def test_the_grandmother_reminder_is_set(evening_es: Api) -> None:
    evening_es.chat("me regala un recordatorio para mañana en la tarde de llamar a mi abuela")
    [(text, due)] = reminders_of(evening_es)
    assert due == "2026-12-06T15:00"
    assert "abuela" in text
