"""Times found misread by an independent tester (probe 6), read by the time reader directly at
Saturday 5 December 2026, 05:05 UTC: 00:05 in Lima and New York, 02:05 in Buenos Aires, 05:05 in
London, Friday 21:05 in Los Angeles. "Tomorrow" with a bare hour in the small hours, holidays the
reader did not know, a time zone named beside a time, and a numeric date said with a time
(``docs/assistant.md``, "How times are read"). A wrong stored time is the worst outcome: where the
reader cannot be sure it asks."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from app.skills.when import day_choice
from tests.app.conftest import (
    BUENOS_AIRES,
    LIMA,
    LONDON,
    LOS_ANGELES,
    NEW_YORK,
    local,
    offered,
    reader,
)

NOW = datetime(2026, 12, 5, 5, 5, tzinfo=UTC)

read = reader(NOW)
asked = offered


# -- 1. "mañana" with a bare hour in the small hours -----------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "zone", "hours", "question"),
    [
        ("che recordame mañana a las 10 llamar al plomero", "es", BUENOS_AIRES, ("10", "22"),
         "¿Hoy (sábado 5 de diciembre) o mañana (domingo 6 de diciembre), y a las 10:00 o a las "
         "22:00?"),
        ("recuerdame mañana a las 9 llevar a mi hijo a natacion", "es", LIMA, ("09", "21"), None),
        ("remind me tomorrow at 9 to take the car in", "en", NEW_YORK, ("09", "21"),
         "Today (Sat 5 Dec) or tomorrow (Sun 6 Dec), and at 9:00 AM or at 9:00 PM?"),
        ("recordame mañana a las 11 llamar a la abuela", "es", BUENOS_AIRES, ("11", "23"), None),
    ],
)  # fmt: skip
def test_tomorrow_with_a_bare_hour_in_the_small_hours_offers_both_days(
    text: str, lang: str, zone: ZoneInfo, hours: tuple[str, str], question: str | None
) -> None:
    reading = read(text, lang, zone)
    a, b = hours
    assert asked(reading, zone) == [
        f"2026-12-05T{a}:00", f"2026-12-05T{b}:00", f"2026-12-06T{a}:00", f"2026-12-06T{b}:00"
    ]  # fmt: skip
    assert reading.day is None
    if question is not None:
        assert reading.question == question


def test_tomorrow_with_a_sure_hour_in_the_small_hours_names_both_dates() -> None:
    reading = read("remind me tomorrow at 9am to call mom", "en", NEW_YORK)
    assert asked(reading, NEW_YORK) == ["2026-12-05T09:00", "2026-12-06T09:00"]
    assert reading.question == (
        "Did you mean today (Sat 5 Dec) at 9:00 AM or tomorrow (Sun 6 Dec) at 9:00 AM?"
    )
    es = read("recuérdame mañana a las 10 de la mañana ir al mercado")
    assert "hoy (sábado 5 de diciembre) a las 10:00" in (es.question or "")
    assert "mañana (domingo 6 de diciembre) a las 10:00" in (es.question or "")


def test_tomorrow_after_the_small_hours_still_reads_the_hour_question_alone() -> None:
    later = datetime(2026, 12, 5, 15, 0, tzinfo=UTC)  # 10:00 in Lima
    reading = read("recuérdame mañana a las 10 llamar al plomero", now=later)
    assert asked(reading) == ["2026-12-06T10:00", "2026-12-06T22:00"]


# -- the answer to those questions: the day word keeps the hour -----------------------------


@pytest.mark.parametrize(
    ("token", "kept"),
    [("hoy", {0, 1}), ("today", {0, 1}), ("manana", {2, 3}), ("tomorrow", {2, 3}),
     ("sabado", {0, 1}), ("domingo", {2, 3}), ("sunday", {2, 3}), ("6", {2, 3}),
     ("pe", {0, 1, 2, 3}), ("lunes", None), ("10", None), ("bueno", None)],
)  # fmt: skip
def test_a_day_word_keeps_the_moments_on_that_day(token: str, kept: set[int] | None) -> None:
    options = read("che recordame mañana a las 10 llamar al plomero", zone=BUENOS_AIRES).options
    local = [o.astimezone(BUENOS_AIRES) for o in options]
    assert day_choice(token, local, local[0].date()) == kept


def test_a_month_or_a_day_of_the_month_picks_a_date_offered() -> None:
    options = read("book a call with Priya on 3/1 at 2pm", "en", LONDON).options
    local = [o.astimezone(LONDON) for o in options]
    today = NOW.astimezone(LONDON).date()
    assert day_choice("march", local, today) == {1}
    assert day_choice("1st", local, today) == {1}
    assert day_choice("january", local, today) == {0}
    assert day_choice("february", local, today) is None  # not offered: read as a time


# -- 2. holidays ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "zone", "expected", "remainder"),
    [
        ("recuerdame el dia de santa rosa a las 9 de la mañana ir a la misa", LIMA,
         "2027-08-30T09:00", "recuerdame ir a la misa"),
        ("recuerdame en inti raymi a las 8 de la mañana ir a sacsayhuaman", LIMA,
         "2027-06-24T08:00", "recuerdame ir a sacsayhuaman"),
        ("recuérdame el día de la canción criolla a las 7 de la noche ir a la peña", LIMA,
         "2027-10-31T19:00", "recuérdame ir a la peña"),
        ("recuérdame en la inmaculada concepción a las 10 de la mañana ir a misa", LIMA,
         "2026-12-08T10:00", "recuérdame ir a misa"),
        ("recuérdame el día del trabajo a las 10 de la mañana llamar a papá", LIMA,
         "2027-05-01T10:00", "recuérdame llamar a papá"),
        ("recuérdame en el día de la independencia a las 10 de la mañana ver el desfile", LIMA,
         "2027-07-28T10:00", "recuérdame ver el desfile"),
        ("recuérdame el día de san pedro y san pablo a las 10 de la mañana ir a misa", LIMA,
         "2027-06-29T10:00", "recuérdame ir a misa"),
        ("recuérdame el día de la batalla de junín a las 9 de la mañana izar la bandera", LIMA,
         "2027-08-06T09:00", "recuérdame izar la bandera"),
        ("recuérdame el combate de angamos a las 9 de la mañana izar la bandera", LIMA,
         "2027-10-08T09:00", "recuérdame izar la bandera"),
        ("recuérdame la batalla de ayacucho a las 9 de la mañana izar la bandera", LIMA,
         "2026-12-09T09:00", "recuérdame izar la bandera"),
        ("recuérdame el jueves santo a las 10 de la mañana ir a misa", LIMA, "2027-03-25T10:00",
         "recuérdame ir a misa"),
        ("recuérdame el viernes santo a las 10 de la mañana ir a misa", LIMA,
         "2027-03-26T10:00", "recuérdame ir a misa"),
    ],
)  # fmt: skip
def test_peruvian_holidays_are_their_date(
    text: str, zone: ZoneInfo, expected: str, remainder: str
) -> None:
    reading = read(text, "es", zone)
    assert local(reading, zone) == expected
    assert reading.remainder == remainder


@pytest.mark.parametrize(
    ("text", "expected"),
    [("remind me on good friday at 10am to go to church", "2027-03-26T10:00"),
     ("remind me on inti raymi at 8am to go to Sacsayhuaman", "2027-06-24T08:00"),
     ("remind me on the immaculate conception at 10am to go to mass", "2026-12-08T10:00")],
)  # fmt: skip
def test_peruvian_holidays_in_english(text: str, expected: str) -> None:
    assert local(read(text, "en"), LIMA) == expected


@pytest.mark.parametrize(
    ("text", "lang", "zone"),
    [
        ("recuérdame el día de mi cumpleaños a las 9 de la mañana", "es", LIMA),
        ("recuérdame el día de la reunión a las 8 de la noche llevar la laptop", "es", LIMA),
        ("recordame en el dia de la independencia a las 10 de la mañana ver el desfile", "es",
         BUENOS_AIRES),  # another country's day: not Peru's 28 July
        ("remind me on earth day at 10am to plant a tree", "en", NEW_YORK),
        ("remind me on Pi Day at 10am to buy pie", "en", NEW_YORK),
        ("remind me on the day of the exam at 10am to bring a pencil", "en", NEW_YORK),
    ],
)  # fmt: skip
def test_a_day_the_reader_does_not_know_asks_never_today(
    text: str, lang: str, zone: ZoneInfo
) -> None:
    reading = read(text, lang, zone)
    assert reading.at is None
    assert reading.ask in ("no_day", "vague", "no_time")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("recuérdame el día de hoy a las 8 de la noche pagar la luz", "2026-12-05T20:00"),
     ("recuérdame a las 10 de la mañana ir a la iglesia de la inmaculada concepción",
      "2026-12-05T10:00"),
     ("recuérdame el día 15 a las 8 de la noche pagar", "2026-12-15T20:00")],
)  # fmt: skip
def test_days_that_are_not_holidays_stay_as_said(text: str, expected: str) -> None:
    assert local(read(text), LIMA) == expected


def test_known_holidays_in_english_still_read() -> None:
    reading = read("remind me on Memorial Day at 10am to call mom", "en", NEW_YORK)
    assert local(reading, NEW_YORK) == "2027-05-31T10:00"


# -- 3. a time zone named beside the time -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "zone", "expected", "remainder"),
    [
        ("book a meeting with Jake on Tuesday at 3pm New York time", "en", LONDON,
         "2026-12-08T20:00", "book a meeting with Jake"),
        ("schedule a call with Hiroshi monday at 8pm Tokyo time", "en", NEW_YORK,
         "2026-12-07T06:00", "schedule a call with Hiroshi"),
        ("remind me at 9am EST monday to join the standup", "en", LOS_ANGELES,
         "2026-12-07T06:00", "remind me to join the standup"),
        ("remind me at 3pm ET on monday to call the NY office", "en", LONDON,
         "2026-12-07T20:00", "remind me to call the NY office"),
        ("agenda una llamada con Valeria el jueves a las 10 de la mañana hora de Argentina", "es",
         LIMA, "2026-12-10T08:00", "agenda una llamada con Valeria"),
        ("recordame el lunes a las 10 de la mañana hora de Lima llamar a mi prima", "es",
         BUENOS_AIRES, "2026-12-07T12:00", "recordame llamar a mi prima"),
        ("recuérdame el lunes a las 3 de la tarde hora peruana llamar a Juan", "es",
         BUENOS_AIRES, "2026-12-07T17:00", "recuérdame llamar a Juan"),
    ],
)  # fmt: skip
def test_a_time_in_another_zone_is_converted(
    text: str, lang: str, zone: ZoneInfo, expected: str, remainder: str
) -> None:
    reading = read(text, lang, zone)
    assert local(reading, zone) == expected
    assert reading.remainder == remainder


@pytest.mark.parametrize(
    ("text", "lang"),
    [("call Bob on monday at 3pm CST", "en"),
     ("call Bob on monday at 3pm Springfield time", "en"),
     ("call Bob on monday at 3pm your time", "en"),
     ("llama a Bob el lunes a las 3 de la tarde hora de Estados Unidos", "es")],
)  # fmt: skip
def test_an_unclear_zone_asks(text: str, lang: str) -> None:
    reading = read(text, lang, NEW_YORK)
    assert reading.at is None
    assert reading.ask == "zone"
    assert "Bob" in reading.remainder


@pytest.mark.parametrize(
    "text",
    ["recuérdame a las 10 de la noche que es hora de dormir",
     "recuérdame a las 5 de la tarde que es la hora de la reunión",
     "remind me at 5pm that it's dinner time"],
)  # fmt: skip
def test_words_about_a_time_that_name_no_zone_are_not_a_zone(text: str) -> None:
    lang = "es" if "recuérdame" in text else "en"
    reading = read(text, lang, LIMA, datetime(2026, 12, 5, 15, 0, tzinfo=UTC))
    assert reading.ask != "zone"


# -- 4. a numeric date with a time: the options keep the time ---------------------------------


@pytest.mark.parametrize(
    ("text", "options"),
    [
        ("book a call with Priya on 3/1 at 2pm", ["2027-01-03T14:00", "2027-03-01T14:00"]),
        ("remind me on 4/6 at 5pm to renew my passport",
         ["2027-06-04T17:00", "2027-04-06T17:00"]),
        ("meeting with Tom on 2/3 at 10:30am", ["2027-03-02T10:30", "2027-02-03T10:30"]),
    ],
)  # fmt: skip
def test_an_ambiguous_numeric_date_keeps_the_time_said(text: str, options: list[str]) -> None:
    reading = read(text, "en", LONDON)
    assert asked(reading, LONDON) == options
    assert "9:00 AM" not in (reading.question or "")  # the time said, not a stand-in


def test_an_ambiguous_numeric_date_without_a_time_names_the_dates_alone() -> None:
    reading = read("book a call with Priya on 3/1", "en", LONDON)
    assert reading.ask == "ambiguous_date"
    assert reading.question == "Did you mean Sun 3 Jan 2027 or Mon 1 Mar 2027?"
