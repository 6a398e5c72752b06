"""Times found misread by an independent tester (probe 13, stop 39), read by the time reader
directly at Saturday 5 December 2026, 08:16 UTC (03:16 in Lima), and in the dialogue (the
conftest clock: Tuesday 14 April 2026, 14:30 Lima). A date its month does not have ("el 31 de
febrero a las 5 de la tarde") was asked as "what time exactly?" although the hour was said; a
feast's range asked the hour again for a bare hour, and a day outside it given in answer lost
the hour; "la semana de navidad" / "christmas week" was Christmas Day, stored silently; a
country of several time zones ("hora de Chile", "Brazil time") was read as one of them.
``docs/assistant.md``, "How times are read": a wrong stored time is the worst outcome."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.app.conftest import LIMA, NEW_YORK, Api, local, reader, reminders_of, talk

NOW = datetime(2026, 12, 5, 8, 16, tzinfo=UTC)

read = reader(NOW)


# -- 1. a date its month does not have ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "question"),
    [
        ("recuérdame el 31 de febrero a las 5 de la tarde pagar la luz", "es",
         "Febrero de 2027 tiene 28 días: ¿qué día querías, a las 17:00?"),
        ("recuérdame el 30 de febrero a las 5 de la tarde pagar la luz", "es",
         "Febrero de 2027 tiene 28 días: ¿qué día querías, a las 17:00?"),
        ("recuérdame el 29 de febrero a las 5 de la tarde pagar la luz", "es",
         "Febrero de 2027 tiene 28 días: ¿qué día querías, a las 17:00?"),
        ("recuérdame el 31 de febrero de 2027 a las 5 de la tarde pagar la luz", "es",
         "Febrero de 2027 tiene 28 días: ¿qué día querías, a las 17:00?"),
        ("el 31 de abril a las 9 de la mañana ir al banco", "es",
         "Abril de 2027 tiene 30 días: ¿qué día querías, a las 9:00?"),
        ("el 31 de junio a las 9 de la mañana ir al banco", "es",
         "Junio de 2027 tiene 30 días: ¿qué día querías, a las 9:00?"),
        ("el 31 de setiembre a las 9 de la mañana ir al banco", "es",
         "Septiembre de 2027 tiene 30 días: ¿qué día querías, a las 9:00?"),
        ("el 31 de noviembre a las 9 de la mañana ir al banco", "es",
         "Noviembre de 2027 tiene 30 días: ¿qué día querías, a las 9:00?"),
        ("el 31/4 a las 5 de la tarde ir al banco", "es",
         "Abril de 2027 tiene 30 días: ¿qué día querías, a las 17:00?"),
        ("el 31 de abril ir al banco", "es",
         "Abril de 2027 tiene 30 días: ¿qué día querías, y a qué hora?"),
        ("el 31 de abril a las 10 ir al banco", "es",
         "Abril de 2027 tiene 30 días: ¿qué día querías, a las 10:00?"),
        ("remind me on February 30th at 5pm to pay rent", "en",
         "February 2027 has 28 days: which day did you mean, at 5:00 PM?"),
        ("remind me on feb 29 at 5pm to pay rent", "en",
         "February 2027 has 28 days: which day did you mean, at 5:00 PM?"),
        ("remind me on April 31 at 5pm to pay rent", "en",
         "April 2027 has 30 days: which day did you mean, at 5:00 PM?"),
        ("remind me on the 31st of april at 5pm to pay rent", "en",
         "April 2027 has 30 days: which day did you mean, at 5:00 PM?"),
        ("remind me on 4/31 at 5pm to pay rent", "en",
         "April 2027 has 30 days: which day did you mean, at 5:00 PM?"),
        ("remind me on 31/4 at 5pm to pay rent", "en",
         "April 2027 has 30 days: which day did you mean, at 5:00 PM?"),
        ("remind me on February 30, 2027 at 5pm to pay rent", "en",
         "February 2027 has 28 days: which day did you mean, at 5:00 PM?"),
    ],
)  # fmt: skip
def test_a_day_the_month_lacks_is_asked_naming_it_and_the_hour(
    text: str, lang: str, question: str
) -> None:
    reading = read(text, lang)
    assert (reading.at, reading.question) == (None, question)


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("31 de febrero a las 5 de la tarde el 28", "es", "2027-02-28T17:00"),
        ("31 de abril a las 9 de la mañana el 30", "es", "2027-04-30T09:00"),
        ("February 30th at 5pm the 27th", "en", "2027-02-27T17:00"),
    ],
)
def test_the_day_answered_keeps_the_hour_and_the_month(text: str, lang: str, expected: str) -> None:
    assert local(read(text, lang)) == expected


def test_29_february_in_a_leap_year_is_read() -> None:
    now = datetime(2027, 12, 5, 15, 0, tzinfo=UTC)  # the next February is 2028's, with a 29th
    reading = read("el 29 de febrero a las 5 de la tarde", "es", LIMA, now)
    assert local(reading) == "2028-02-29T17:00"
    assert local(read("feb 29 2028 at 5pm", "en")) == "2028-02-29T17:00"


def test_a_day_answered_outside_the_month_is_asked_once_with_the_hour() -> None:
    reading = read("31 de febrero a las 5 de la tarde el 3 de marzo", "es")
    assert reading.at is None
    assert [local_moment(o) for o in reading.options] == ["2027-03-03T17:00"]
    assert "17:00" in (reading.question or "")


def local_moment(moment: datetime) -> str:
    return moment.astimezone(LIMA).strftime("%Y-%m-%dT%H:%M")


# -- 2. a feast's range and the hour said -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "said"),
    [
        ("en semana santa a las 10 ir a misa", "es", "a las 10:00 o a las 22:00"),
        ("en carnaval a las 10 ir al desfile", "es", "a las 10:00 o a las 22:00"),
        ("la semana de navidad a las 10 visitar a la abuela", "es", "a las 10:00 o a las 22:00"),
        ("during holy week at 10 go to mass", "en", "at 10:00 AM or at 10:00 PM"),
        ("thanksgiving week at 10 call grandma", "en", "at 10:00 AM or at 10:00 PM"),
    ],
)
def test_a_bare_hour_with_a_feast_is_named_not_asked_again(text: str, lang: str, said: str) -> None:
    reading = read(text, lang)
    assert reading.at is None
    assert said in (reading.question or "")
    assert "qué hora" not in (reading.question or "")
    assert "what time" not in (reading.question or "")


@pytest.mark.parametrize(
    ("text", "lang", "first", "last"),
    [
        ("la semana de navidad a las 10 de la mañana visitar a la abuela", "es",
         "lunes 21 de diciembre", "domingo 27 de diciembre"),
        ("en la semana de navidad a las 10 de la mañana visitar a la abuela", "es",
         "lunes 21 de diciembre", "domingo 27 de diciembre"),
        ("christmas week at 10am visit grandma", "en", "Mon 21 Dec", "Sun 27 Dec"),
        ("the week of christmas at 10am visit grandma", "en", "Mon 21 Dec", "Sun 27 Dec"),
    ],
)  # fmt: skip
def test_a_feast_of_several_days_is_never_one_of_them_silently(
    text: str, lang: str, first: str, last: str
) -> None:
    reading = read(text, lang)
    assert reading.at is None
    assert first in (reading.question or "")
    assert last in (reading.question or "")


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("en semana santa a las 10 de la mañana el 3 de abril", "es", "2027-04-03T10:00"),
        ("during holy week at 10am april 3", "en", "2027-04-03T10:00"),
        ("en carnaval a las 10 de la mañana el 15 de febrero", "es", "2027-02-15T10:00"),
        ("thanksgiving week at 10am on december 1", "en", "2027-12-01T10:00"),
    ],
)
def test_a_day_outside_the_feast_is_asked_once_with_the_hour(
    text: str, lang: str, expected: str
) -> None:
    reading = read(text, lang)
    assert reading.at is None
    assert [local_moment(o) for o in reading.options] == [expected]
    assert "10:00" in (reading.question or "")
    assert reading.ask != "correction"


# -- 3. countries with several time zones -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "city"),
    [
        ("recuérdame el lunes a las 5 de la tarde hora de Chile llamar a Ana", "es", "Santiago"),
        ("recuérdame el lunes a las 5 de la tarde hora chilena llamar a Ana", "es", "Santiago"),
        ("recuérdame el lunes a las 3 de la tarde hora de Brasil llamar a Ana", "es", "Noronha"),
        ("recuérdame el lunes a las 3 de la tarde hora brasileña llamar a Ana", "es", "Noronha"),
        ("recuérdame el lunes a las 3 de la tarde hora de Rusia llamar a Ana", "es", "Moscú"),
        ("recuérdame el lunes a las 3 de la tarde hora de Canadá llamar a Ana", "es", "Toronto"),
        ("recuérdame el lunes a las 3 de la tarde hora de EEUU llamar a Ana", "es", "Nueva York"),
        ("recuerdame el lunes a las 10 de la mañana hora de mexico llamar a Juan", "es",
         "Ciudad de México"),
        ("call Ana on monday at 3pm Brazil time", "en", "Noronha"),
        ("call Ana on monday at 3pm Australia time", "en", "Brisbane"),
        ("call Ana on monday at 3pm US time", "en", "New York"),
        ("call Ana on monday at 3pm Canada time", "en", "Toronto"),
        ("call Ana on monday at 3pm Russia time", "en", "Moscow"),
        ("call Ana on monday at 3pm Chile time", "en", "Santiago"),
    ],
)  # fmt: skip
def test_a_country_of_several_zones_is_asked_naming_them(text: str, lang: str, city: str) -> None:
    reading = read(text, lang)
    assert (reading.at, reading.ask) == (None, "zone")
    assert city in (reading.question or "")


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("recuérdame el lunes a las 3 de la tarde hora de Argentina llamar a Ana", "es",
         "2026-12-07T13:00"),
        ("recuérdame el lunes a las 3 de la tarde hora de Colombia llamar a Ana", "es",
         "2026-12-07T15:00"),
        ("recuérdame el lunes a las 3 de la tarde hora de Perú llamar a Ana", "es",
         "2026-12-07T15:00"),
        ("recuérdame el lunes a las 3 de la tarde hora de Sao Paulo llamar a Ana", "es",
         "2026-12-07T13:00"),
        ("recuérdame el lunes a las 3 de la tarde hora de Santiago llamar a Ana", "es",
         "2026-12-07T13:00"),
        ("call Ana on monday at 3pm Peru time", "en", "2026-12-07T15:00"),
        ("call Ana on monday at 3pm Argentina time", "en", "2026-12-07T13:00"),
        ("call Ana on monday at 3pm Eastern time", "en", "2026-12-07T15:00"),
        ("call Ana on monday at 3pm Pacific time", "en", "2026-12-07T18:00"),
        ("call Ana on monday at 3pm Sao Paulo time", "en", "2026-12-07T13:00"),
    ],
)  # fmt: skip
def test_a_country_of_one_clock_and_a_named_zone_are_read(
    text: str, lang: str, expected: str
) -> None:
    assert local(read(text, lang)) == expected


# -- in the dialogue ------------------------------------------------------------------------------


def test_the_day_answered_to_a_missing_day_keeps_the_hour(es: Api, en: Api) -> None:
    replies = talk(es, "recuérdame el 31 de febrero a las 5 de la tarde pagar la luz", "el 28")
    assert "28 días" in replies[0]["reply"]
    assert "17:00" in replies[0]["reply"]
    assert reminders_of(es) == [("pagar la luz", "2027-02-28T17:00")]
    replies = talk(en, "remind me on April 31 at 5pm to pay rent", "the 30th")
    assert "30 days" in replies[0]["reply"]
    assert reminders_of(en) == [("pay rent", "2026-04-30T17:00")]


def test_a_day_outside_the_feast_keeps_the_hour(es: Api, en: Api) -> None:
    replies = talk(
        es, "recuérdame en semana santa a las 10 de la mañana ir a misa", "el 3 de abril", "sí"
    )
    assert "10:00" in replies[1]["reply"]
    assert "3 de abril" in replies[1]["reply"]
    assert reminders_of(es) == [("ir a misa", "2027-04-03T10:00")]
    talk(en, "remind me during holy week at 10am to go to mass", "April 3", "yes")
    assert reminders_of(en) == [("go to mass", "2027-04-03T10:00")]


def test_a_time_in_new_york_for_a_lima_user_still_reads() -> None:
    reading = read("call Ana on monday at 3pm New York time", "en", NEW_YORK)
    assert local(reading, NEW_YORK) == "2026-12-07T15:00"
