"""Times found misread by an independent tester (probe 8), read by the time reader directly at
Saturday 5 December 2026, 07:28 UTC: 02:28 in Lima and New York, 04:28 in Buenos Aires, Friday
23:28 in Los Angeles. A day named by an event ("en la boda de mi prima", "at the wedding", "on
the holiday", "on Super Bowl Sunday") or a feast of several days ("en carnaval", "during holy
week") stored as today; a day counted from a holiday ("3 días antes de Navidad", "the day before
Christmas"); a range whose end settles the start's half ("de 10 a 12 y media"); a part of the
day said before its day ("en la mañana del lunes"); a meal beside a clock time ("tonight after
dinner at 8"); "LA time"; a country of several zones ("hora de México"). ``docs/assistant.md``,
"How times are read": a wrong stored time is the worst outcome, so where the reader cannot know
the day it asks, never today."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.app.conftest import (
    BUENOS_AIRES,
    LIMA,
    LONDON,
    NEW_YORK,
    Api,
    local,
    meetings_of,
    offered,
    reader,
    reminders_of,
    talk,
)

NOW = datetime(2026, 12, 5, 7, 28, tzinfo=UTC)

read = reader(NOW)
at = local
asked = offered


# -- 1. a day named by an event is asked, never today ------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "zone", "question"),
    [
        ("recuerdame en el feriado a las 10 de la mañana limpiar la casa", "es", LIMA,
         "¿Qué día a las 10:00?"),
        ("recordame en la boda de mi prima a las 6 de la tarde llevar el regalo", "es", LIMA,
         "¿Qué día a las 18:00?"),
        ("recordame en la graduacion a las 5 de la tarde llevar flores", "es", LIMA,
         "¿Qué día a las 17:00?"),
        ("recordame en la fiesta a las 9 de la noche llevar la torta", "es", LIMA,
         "¿Qué día a las 21:00?"),
        ("recordame en el partido a las 8 de la noche llevar la camiseta", "es", LIMA,
         "¿Qué día a las 20:00?"),
        ("recordame despues del partido a las 8 de la noche llamar a Juan", "es", LIMA,
         "¿Qué día a las 20:00?"),
        ("recordame en el aniversario a las 9 de la noche comprar flores", "es", BUENOS_AIRES,
         "¿Qué día a las 21:00?"),
        ("remind me at the wedding at 6pm to bring the gift", "en", NEW_YORK,
         "Which day at 6:00 PM?"),
        ("remind me at graduation at 5pm to bring flowers", "en", NEW_YORK,
         "Which day at 5:00 PM?"),
        ("remind me on the holiday at 10am to clean", "en", NEW_YORK, "Which day at 10:00 AM?"),
        ("remind me after my cousin's wedding at 11pm to call a cab", "en", LONDON,
         "Which day at 11:00 PM?"),
        ("remind me on super bowl sunday at 5pm to buy wings", "en", NEW_YORK,
         "Which day at 5:00 PM?"),
    ],
)  # fmt: skip
def test_a_day_named_by_an_event_is_asked(
    text: str, lang: str, zone: ZoneInfo, question: str
) -> None:
    reading = read(text, lang, zone)
    assert asked(reading, zone) == []
    assert (reading.ask, reading.question) == ("no_day", question)


@pytest.mark.parametrize(
    ("text", "lang", "zone"),
    [
        ("remind me at the office at 10am to call Bob", "en", NEW_YORK),
        ("recuerdame en la oficina a las 10 de la mañana llamar a Bob", "es", LIMA),
    ],
)
def test_a_place_is_no_event(text: str, lang: str, zone: ZoneInfo) -> None:
    assert at(read(text, lang, zone), zone) == "2026-12-05T10:00"


@pytest.mark.parametrize(
    ("text", "lang", "zone", "expected"),
    [
        ("recordame en la boda de mi prima el sabado 12 a las 6 de la tarde llevar el regalo",
         "es", LIMA, "2026-12-12T18:00"),
        ("remind me at the wedding on december 12 at 6pm to bring the gift", "en", NEW_YORK,
         "2026-12-12T18:00"),
    ],
)  # fmt: skip
def test_an_event_with_its_day_said_is_that_day(
    text: str, lang: str, zone: ZoneInfo, expected: str
) -> None:
    assert at(read(text, lang, zone), zone) == expected


# -- 1. movable feasts: computed from Easter ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "zone", "expected", "remainder"),
    [
        ("recuerdame el martes de carnaval a las 10 de la mañana comprar globos", "es", LIMA,
         "2027-02-09T10:00", "recuerdame comprar globos"),
        ("recuerdame el domingo de ramos a las 10 de la mañana ir a misa", "es", LIMA,
         "2027-03-21T10:00", "recuerdame ir a misa"),
        ("recuerdame el miercoles de ceniza a las 7 de la mañana ir a misa", "es", LIMA,
         "2027-02-10T07:00", "recuerdame ir a misa"),
        ("remind me on mardi gras at 5pm to buy beads", "en", NEW_YORK, "2027-02-09T17:00",
         "remind me to buy beads"),
        ("remind me on palm sunday at 10am to go to church", "en", NEW_YORK, "2027-03-21T10:00",
         "remind me to go to church"),
    ],
)  # fmt: skip
def test_a_movable_feast_is_its_day(
    text: str, lang: str, zone: ZoneInfo, expected: str, remainder: str
) -> None:
    reading = read(text, lang, zone)
    assert at(reading, zone) == expected
    assert reading.remainder == remainder


@pytest.mark.parametrize(
    ("text", "lang", "zone", "options"),
    [
        ("recuerdame en carnaval a las 10 de la mañana comprar globos", "es", LIMA,
         ["2027-02-08T10:00", "2027-02-09T10:00"]),
        ("recordame en carnavales a las 4 de la tarde comprar globos", "es", BUENOS_AIRES,
         ["2027-02-08T16:00", "2027-02-09T16:00"]),
        ("remind me during carnival at 5pm to buy beads", "en", NEW_YORK,
         ["2027-02-08T17:00", "2027-02-09T17:00"]),
    ],
)  # fmt: skip
def test_carnival_offers_its_two_days(
    text: str, lang: str, zone: ZoneInfo, options: list[str]
) -> None:
    reading = read(text, lang, zone)
    assert reading.ask == "ambiguous_date"
    assert asked(reading, zone) == options
    assert "globos" in reading.remainder or "beads" in reading.remainder
    assert "carnaval" not in reading.remainder
    assert "carnival" not in reading.remainder


@pytest.mark.parametrize(
    ("text", "lang", "question"),
    [
        ("recuerdame en semana santa a las 10 de la mañana ir a misa", "es",
         "¿Qué día, entre el domingo 21 de marzo de 2027 y el domingo 28 de marzo de 2027, a "
         "las 10:00?"),
        ("recuerdame en semana santa ir a misa", "es",
         "¿Qué día, entre el domingo 21 de marzo de 2027 y el domingo 28 de marzo de 2027, y a "
         "qué hora?"),
        ("remind me during holy week at 5pm to go to church", "en",
         "Which day from Sun 21 Mar 2027 to Sun 28 Mar 2027 at 5:00 PM?"),
    ],
)  # fmt: skip
def test_holy_week_asks_which_of_its_days(text: str, lang: str, question: str) -> None:
    reading = read(text, lang)
    assert (reading.at, reading.ask, reading.question) == (None, "no_day", question)


# -- 2. a day counted from a holiday -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "zone", "expected", "remainder"),
    [
        ("recuerdame 3 dias antes de navidad a las 10 de la mañana comprar el pavo", "es", LIMA,
         "2026-12-22T10:00", "recuerdame comprar el pavo"),
        ("recuerdame un dia antes de navidad a las 10 de la mañana comprar el pavo", "es", LIMA,
         "2026-12-24T10:00", "recuerdame comprar el pavo"),
        ("recuerdame el dia despues de navidad a las 10 de la mañana devolver regalos", "es",
         LIMA, "2026-12-26T10:00", "recuerdame devolver regalos"),
        ("recuerdame el dia antes de año nuevo a las 10 de la mañana comprar cohetes", "es",
         LIMA, "2026-12-31T10:00", "recuerdame comprar cohetes"),
        ("recuerdame la vispera de san juan a las 7 de la noche comprar leña", "es", LIMA,
         "2027-06-23T19:00", "recuerdame comprar leña"),
        ("recuerdame dos dias antes del 15 de enero a las 9 de la mañana pagar", "es", LIMA,
         "2027-01-13T09:00", "recuerdame pagar"),
        ("remind me the day before christmas at 9am to buy the tree", "en", NEW_YORK,
         "2026-12-24T09:00", "remind me to buy the tree"),
        ("remind me three days before christmas eve at 9am to wrap the gifts", "en", NEW_YORK,
         "2026-12-21T09:00", "remind me to wrap the gifts"),
        ("remind me 2 days after thanksgiving at 9am to return the chairs", "en", NEW_YORK,
         "2027-11-27T09:00", "remind me to return the chairs"),
        ("remind me on the eve of new year's day at 9am to buy champagne", "en", LONDON,
         "2026-12-31T09:00", "remind me to buy champagne"),
    ],
)  # fmt: skip
def test_a_day_counted_from_a_holiday(
    text: str, lang: str, zone: ZoneInfo, expected: str, remainder: str
) -> None:
    reading = read(text, lang, zone)
    assert at(reading, zone) == expected
    assert reading.remainder == remainder


def test_a_day_counted_from_a_holiday_without_a_time_asks_the_time() -> None:
    reading = read("remind me 3 days before christmas to buy the turkey", "en", NEW_YORK)
    assert (reading.ask, reading.question) == ("no_time", "What time on Tue 22 Dec?")


def test_a_day_counted_back_into_the_past_asks() -> None:
    christmas_eve = datetime(2026, 12, 24, 15, 0, tzinfo=UTC)
    reading = read("recuerdame 3 dias antes de navidad a las 10 de la mañana comprar el pavo",
                   now=christmas_eve)  # fmt: skip
    assert reading.at is None
    assert reading.ask == "past"


# -- 4. a range whose end settles the start's half ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "zone", "start", "end"),
    [
        ("agendame reunion con Ruth el viernes de 10 a 12 y media", "es", LIMA,
         "2026-12-11T10:00", "12:30"),
        ("agendame reunion con Ruth el viernes de 9 a 12:15", "es", LIMA,
         "2026-12-11T09:00", "12:15"),
        ("agendame reunion con Ruth el viernes de 8 a 12", "es", LIMA, "2026-12-11T08:00",
         "12:00"),
        ("agendame reunion con Ruth el viernes entre las 10 y las 12 y media", "es", LIMA,
         "2026-12-11T10:00", "12:30"),
        ("book a meeting with Ruth on friday from 10 to 12:30", "en", NEW_YORK,
         "2026-12-11T10:00", "12:30"),
        ("book a meeting with Ruth on friday between 9 and 12", "en", NEW_YORK,
         "2026-12-11T09:00", "12:00"),
        ("book a meeting with Ruth on friday 10-12", "en", NEW_YORK, "2026-12-11T10:00",
         "12:00"),
    ],
)  # fmt: skip
def test_a_range_ending_at_noon_starts_in_the_morning(
    text: str, lang: str, zone: ZoneInfo, start: str, end: str
) -> None:
    reading = read(text, lang, zone)
    assert at(reading, zone) == start
    assert reading.end is not None
    assert reading.end.astimezone(zone).strftime("%H:%M") == end
    assert reading.remainder in ("agendame reunion con Ruth", "book a meeting with Ruth")


def test_a_range_both_halves_allow_still_asks() -> None:
    reading = read("agendame reunion con Ruth el viernes de 10 a 11 y media")
    assert reading.ask == "ambiguous_hour"
    assert asked(reading) == ["2026-12-11T10:00", "2026-12-11T22:00"]


# -- 13. parts of the day said before their day, a meal beside a time, "LA time" ---------------


@pytest.mark.parametrize(
    ("text", "lang", "zone", "expected", "remainder"),
    [
        ("recuerdame en la mañana del lunes llamar al banco", "es", LIMA, "2026-12-07T09:00",
         "recuerdame llamar al banco"),
        ("recuerdame al mediodia del martes llamar al banco", "es", LIMA, "2026-12-08T12:00",
         "recuerdame llamar al banco"),
        ("recuerdame en la tarde del jueves llamar al banco", "es", LIMA, "2026-12-10T15:00",
         "recuerdame llamar al banco"),
        ("recuerdame por la tarde del 15 llamar al banco", "es", LIMA, "2026-12-15T15:00",
         "recuerdame llamar al banco"),
        ("remind me tonight after dinner at 8 to do the dishes", "en", NEW_YORK,
         "2026-12-05T20:00", "remind me to do the dishes"),
        ("remind me tonight, after dinner, at 8 to do the dishes", "en", NEW_YORK,
         "2026-12-05T20:00", "remind me to do the dishes"),
        ("remind me on tuesday at 9am LA time to call Bob", "en", NEW_YORK, "2026-12-08T12:00",
         "remind me to call Bob"),
        ("remind me on tuesday at 9am L.A. time to call Bob", "en", NEW_YORK,
         "2026-12-08T12:00", "remind me to call Bob"),
        ("remind me on tuesday at 9am NYC time to call Bob", "en", LONDON, "2026-12-08T14:00",
         "remind me to call Bob"),
    ],
)  # fmt: skip
def test_times_the_tester_said(
    text: str, lang: str, zone: ZoneInfo, expected: str, remainder: str
) -> None:
    reading = read(text, lang, zone)
    assert at(reading, zone) == expected
    assert reading.remainder == remainder


def test_a_meal_does_not_settle_a_bare_hour() -> None:
    reading = read("remind me after dinner at 8 to do the dishes", "en", NEW_YORK)
    assert reading.ask == "ambiguous_hour"


@pytest.mark.parametrize(
    "text",
    [
        "recuerdame el lunes a las 10 de la mañana hora de mexico llamar a Juan",
        "recuerdame el lunes a las 10 de la mañana hora mexicana llamar a Juan",
    ],
)
def test_a_country_of_several_zones_asks(text: str) -> None:
    reading = read(text)
    assert (reading.at, reading.ask) == (None, "zone")


def test_a_city_of_that_country_is_read() -> None:
    reading = read("recuerdame el lunes a las 10 de la mañana hora de ciudad de mexico llamar")
    assert at(reading) == "2026-12-07T11:00"


# -- in the dialogue (the conftest clock: Tuesday 14 April 2026, 14:30 Lima) -------------------


def test_the_range_s_end_is_kept_in_the_dialogue(es: Api) -> None:
    replies = talk(es, "agendame reunion con Ruth el viernes de 10 a 12 y media")
    assert "10:00" in replies[-1]["reply"]
    meetings = es.get("/v1/meetings").json["meetings"]
    assert [(m["starts_at"][:16], m["ends_at"][:16]) for m in meetings] == [
        ("2026-04-17T10:00", "2026-04-17T12:30")
    ]
    assert meetings_of(es)[0][0] == "Reunión con Ruth"


@pytest.mark.parametrize(
    ("api_name", "message"),
    [
        ("es", "recordame en la boda de mi prima a las 6 de la tarde llevar el regalo"),
        ("es", "recuerdame en carnaval a las 10 de la mañana comprar globos"),
        ("en", "remind me at the wedding at 6pm to bring the gift"),
    ],
)
def test_an_event_stores_nothing_and_asks(
    api_name: str, message: str, request: pytest.FixtureRequest
) -> None:
    api: Any = request.getfixturevalue(api_name)
    replies = talk(api, message)
    assert reminders_of(api) == []
    assert "?" in replies[-1]["reply"]
