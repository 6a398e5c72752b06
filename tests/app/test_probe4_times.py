"""Times found misread by an independent tester (probe 4), with users in Lima, New York, Madrid and
Tokyo on Friday 4 December 2026 at 21:15 in Lima: a weekday followed by a day number ("el lunes
14"), times written with a dot ("8.30am") or with "y" and digits ("a las 8 y 30"), counts of weeks
in English ("in two weeks"), offsets in hours and minutes ("en 1h30"), WhatsApp's "d" for "de",
date words left in the item's text, a time said before the verb, and repeating requests, which are
asked about instead of stored once (``docs/assistant.md``, "How times are read"). A wrong stored
time is the worst outcome: where the reader cannot be sure it asks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.skills.time_words import QUESTIONS
from app.skills.when import ASK_REASONS, local_text
from tests.app.conftest import LIMA, MADRID, NEW_YORK, TOKYO, Api, local, offered, reader

# Saturday 5 December 2026, 02:15:26 UTC: Friday 21:15 in Lima and New York's 21:15 is an hour
# later (Friday 4 Dec either way); Saturday 03:15 in Madrid and 11:15 in Tokyo
NOW = datetime(2026, 12, 5, 2, 15, 26, tzinfo=UTC)


read = reader(NOW)


def _read_as(text: str, lang: str, zone: ZoneInfo, expected: str, remainder: str) -> None:
    """``text`` is read as the local moment ``expected``, with ``remainder`` left as its text."""
    reading = read(text, lang, zone)
    assert local(reading, zone) == expected
    assert reading.remainder == remainder


asked = offered


# -- 1. a weekday followed by a day number ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "zone", "expected", "remainder"),
    [
        ("recuérdame el lunes 14 a las 9 am llamar al seguro", "es", LIMA, "2026-12-14T09:00",
         "recuérdame llamar al seguro"),
        ("recuérdame el sábado 12 a las 8 de la noche ir a la fiesta", "es", LIMA,
         "2026-12-12T20:00", "recuérdame ir a la fiesta"),
        ("recuérdame el domingo 6 a las 10 am ir a votar", "es", LIMA, "2026-12-06T10:00",
         "recuérdame ir a votar"),
        ("recuérdame este miércoles 9 a las 7 pm ir al cine", "es", LIMA, "2026-12-09T19:00",
         "recuérdame ir al cine"),
        ("agenda reunión con Marco el jueves 10 a las 3 de la tarde", "es", LIMA,
         "2026-12-10T15:00", "agenda reunión con Marco"),
        ("agenda una reunión con Sra. Huamán para el martes 8 a las 11 am", "es", LIMA,
         "2026-12-08T11:00", "agenda una reunión con Sra. Huamán"),
        ("recuérdame el viernes 11 a las 10 de la mañana pagar la cuota", "es", LIMA,
         "2026-12-11T10:00", "recuérdame pagar la cuota"),
        ("recuérdame el sábado 12 de diciembre a las 8 de la noche ir a la fiesta", "es", LIMA,
         "2026-12-12T20:00", "recuérdame ir a la fiesta"),
        ("remind me Monday the 14th at 9am to call the insurer", "en", LIMA, "2026-12-14T09:00",
         "remind me to call the insurer"),
        # variants: other numbers, weekdays, zones and spellings
        ("recuérdame el próximo lunes 14 a las 9 am llamar", "es", MADRID, "2026-12-14T09:00",
         "recuérdame llamar"),
        ("recuérdame el Domingo 13 a las 10 am ir a misa", "es", LIMA, "2026-12-13T10:00",
         "recuérdame ir a misa"),
        ("recuérdame el jueves 7 de enero a las 5 pm pagar", "es", LIMA, "2027-01-07T17:00",
         "recuérdame pagar"),
        ("recuérdame el sábado 2 a las 9 am pagar", "es", LIMA, "2027-01-02T09:00",
         "recuérdame pagar"),
        ("recuérdame el viernes 4 a las 10 pm llamar", "es", LIMA, "2026-12-04T22:00",
         "recuérdame llamar"),
        ("recuérdame el sábado 5 a las 9 pm llamar", "es", MADRID, "2026-12-05T21:00",
         "recuérdame llamar"),
        ("remind me Friday the 11th at 2pm to call", "en", NEW_YORK, "2026-12-11T14:00",
         "remind me to call"),
        ("remind me this Wednesday the 9th at 7pm to call", "en", LIMA, "2026-12-09T19:00",
         "remind me to call"),
        ("remind me Sat 12th at 8pm to call", "en", TOKYO, "2026-12-12T20:00",
         "remind me to call"),
        ("remind me on Tuesday, the 15th at 10am to call", "en", LIMA, "2026-12-15T10:00",
         "remind me to call"),
        ("remind me Monday 14 at 9am to call", "en", NEW_YORK, "2026-12-14T09:00",
         "remind me to call"),
        ("remind me Saturday, December 12 at 8pm to call", "en", LIMA, "2026-12-12T20:00",
         "remind me to call"),
    ],
)  # fmt: skip
def test_a_weekday_before_a_number_names_the_day_of_the_month(
    text: str, lang: str, zone: ZoneInfo, expected: str, remainder: str
) -> None:
    _read_as(text, lang, zone, expected, remainder)


@pytest.mark.parametrize(
    ("text", "lang", "zone", "offered"),
    [
        # the 14th is a Monday: the date said, then the nearest Tuesday
        ("recuérdame el martes 14 a las 9 am llamar al seguro", "es", LIMA,
         ["2026-12-14T09:00", "2026-12-15T09:00"]),
        ("recuérdame el martes 14 de diciembre a las 9 am llamar", "es", LIMA,
         ["2026-12-14T09:00", "2026-12-15T09:00"]),
        ("agenda una reunión el domingo 10 a las 4 de la tarde", "es", MADRID,
         ["2026-12-10T16:00", "2026-12-13T16:00"]),
        ("remind me Tuesday the 10th at 8pm to call", "en", NEW_YORK,
         ["2026-12-10T20:00", "2026-12-08T20:00"]),
        ("remind me Tuesday Dec 12 at 8pm to call", "en", LIMA,
         ["2026-12-12T20:00", "2026-12-15T20:00"]),
    ],
)  # fmt: skip
def test_a_weekday_and_a_date_that_disagree_ask_which(
    text: str, lang: str, zone: ZoneInfo, offered: list[str]
) -> None:
    reading = read(text, lang, zone)
    assert reading.ask == "ambiguous_date"
    assert asked(reading, zone) == offered
    for moment in reading.options:  # the question names both moments
        assert local_text(moment, zone, NOW, lang) in (reading.question or "")


def test_a_disagreeing_weekday_without_a_time_names_the_dates_alone() -> None:
    reading = read("recuérdame el martes 14 llamar al seguro")
    assert reading.ask == "ambiguous_date"
    assert reading.question == (
        "¿Quieres decir el lunes 14 de diciembre o el martes 15 de diciembre?"
    )
    assert reading.remainder == "recuérdame llamar al seguro"


@pytest.mark.parametrize(
    ("text", "lang", "ask"),
    [
        # the 4th (today, a Friday) at 10 am has passed
        ("recuérdame el viernes 4 a las 10 am llamar", "es", "past"),
        # the 3rd was Thursday: past, not January's 3rd (a Sunday)
        ("recuérdame el jueves 3 a las 5 pm llamar", "es", "past"),
        # a bare 9 on the day said: morning or evening
        ("recuérdame el lunes 14 a las 9 llamar", "es", "ambiguous_hour"),
        # two days offered
        ("recuérdame el lunes 14 o el martes 15 a las 9 am", "es", "correction"),
        # "Monday 9": the hour as likely as the day (nothing stored)
        ("remind me Monday 9 at 3pm to call", "en", "ambiguous_hour"),
    ],
)
def test_what_stays_unsure_with_a_weekday_and_a_number_asks(text: str, lang: str, ask: str) -> None:
    reading = read(text, lang)
    assert (reading.at, reading.ask) == (None, ask), reading.question


def test_the_weekday_said_again_is_the_same_day() -> None:
    # the answer "el lunes" read with the question's words ("el lunes 14 a las 9 am")
    assert local(read("el lunes 14 a las 9 am el lunes")) == "2026-12-14T09:00"


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("recuérdame hoy viernes 4 a las 10 pm llamar", "es", "2026-12-04T22:00"),
        ("recuérdame mañana sábado 5 a las 9 am llamar", "es", "2026-12-05T09:00"),
        ("recuérdame mañana el 5 a las 9 am", "es", "2026-12-05T09:00"),
        ("remind me tomorrow, Saturday the 5th at 9am to call", "en", "2026-12-05T09:00"),
        # today's 10 am has passed: "hoy" is today, not next month's 4th
        ("recuérdame hoy el 4 a las 10 am llamar", "es", "past"),
        ("recuérdame hoy viernes 4 a las 10 am llamar", "es", "past"),
        # tomorrow is the 5th, not the 6th: which one?
        ("recuérdame mañana domingo 6 a las 9 am llamar", "es", "correction"),
        ("remind me tomorrow the 6th at 9am", "en", "correction"),
    ],
)
def test_a_day_said_twice_is_one_day_when_both_agree(text: str, lang: str, expected: str) -> None:
    reading = read(text, lang)
    if reading.at is None:
        assert reading.ask == expected, reading.question
    else:
        assert local(reading) == expected


def test_the_hour_twelve_at_night_is_not_the_twelfth() -> None:
    assert local(read("recuérdame el 12 a las 8 de la noche")) == "2026-12-12T20:00"
    assert read("recuérdame a las 12 de la noche").ask == "ambiguous_hour"


# -- 2. and 3. clock times with a dot, or with "y" and digits ----------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "zone", "expected", "remainder"),
    [
        ("remind me tomorrow at 8.30am to call the bank", "en", LIMA, "2026-12-05T08:30",
         "remind me to call the bank"),
        ("book a meeting with Sam tomorrow at 9.30am", "en", LIMA, "2026-12-05T09:30",
         "book a meeting with Sam"),
        ("remind me tomorrow at 9.15am to call Ana", "en", TOKYO, "2026-12-06T09:15",
         "remind me to call Ana"),
        ("remind me tomorrow at 7.30pm to call Ana", "en", TOKYO, "2026-12-06T19:30",
         "remind me to call Ana"),
        ("remind me tomorrow at 8.30 in the morning to jog", "en", LIMA, "2026-12-05T08:30",
         "remind me to jog"),
        ("recuérdame mañana a las 8.30 de la mañana sacar cita en essalud", "es", LIMA,
         "2026-12-05T08:30", "recuérdame sacar cita en essalud"),
        ("recuérdame mañana a las 10.15 de la mañana llamar a Sunat", "es", LIMA,
         "2026-12-05T10:15", "recuérdame llamar a Sunat"),
        ("recuérdame mañana a las 17.45 salir de la oficina", "es", LIMA, "2026-12-05T17:45",
         "recuérdame salir de la oficina"),
        ("agenda reunión con Ana mañana a las 9.30 de la mañana", "es", LIMA, "2026-12-05T09:30",
         "agenda reunión con Ana"),
        ("recuérdame el domingo a las 8.45 de la mañana ir a misa", "es", LIMA,
         "2026-12-06T08:45", "recuérdame ir a misa"),
        ("recuérdame mañana a las 8 y 30 de la mañana pagar el agua", "es", LIMA,
         "2026-12-05T08:30", "recuérdame pagar el agua"),
        ("recuérdame mañana a las 7 y 15 de la noche llamar a Beto", "es", LIMA,
         "2026-12-05T19:15", "recuérdame llamar a Beto"),
        ("recuérdame mañana a las 16 y 30 salir", "es", LIMA, "2026-12-05T16:30",
         "recuérdame salir"),
        # variants
        ("recuérdame mañana a las 9 y 45 de la noche llamar", "es", NEW_YORK, "2026-12-05T21:45",
         "recuérdame llamar"),
        ("recuérdame mañana a las 12 y 15 almorzar", "es", LIMA, "2026-12-05T12:15",
         "recuérdame almorzar"),
        ("recuérdame mañana a la 1.30 de la tarde comer", "es", LIMA, "2026-12-05T13:30",
         "recuérdame comer"),
        ("remind me tomorrow @ 6.45pm to cook", "en", NEW_YORK, "2026-12-05T18:45",
         "remind me to cook"),
        ("recuérdame el lunes a las 20.15 llamar", "es", MADRID, "2026-12-07T20:15",
         "recuérdame llamar"),
    ],
)  # fmt: skip
def test_clock_times_written_with_a_dot_or_with_y_keep_their_minutes(
    text: str, lang: str, zone: ZoneInfo, expected: str, remainder: str
) -> None:
    _read_as(text, lang, zone, expected, remainder)


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        # the parser read "lunes de 8:30 a 9" beside the whole range, and the end became 9:00
        ("agenda reunión el lunes de 8:30 a 9:30 de la mañana", LIMA,
         ("2026-12-07T08:30", "09:30")),
        ("agenda reunión el martes de 10:15 a 11:45 de la mañana", MADRID,
         ("2026-12-08T10:15", "11:45")),
    ],
)  # fmt: skip
def test_a_range_after_a_weekday_keeps_its_end(
    text: str, zone: ZoneInfo, expected: tuple[str, str]
) -> None:
    reading = read(text, "es", zone)
    assert reading.end is not None
    assert (local(reading, zone), reading.end.astimezone(zone).strftime("%H:%M")) == expected
    assert reading.remainder == "agenda reunión"


def test_dotted_and_y_times_in_ranges() -> None:
    reading = read("book a meeting tomorrow from 9.30 to 10.45am", "en")
    assert local(reading) == "2026-12-05T09:30"
    assert reading.end is not None
    assert reading.end.astimezone(LIMA).strftime("%H:%M") == "10:45"
    reading = read("agenda reunión el lunes de 8.30 a 9.30 de la mañana")
    assert local(reading) == "2026-12-07T08:30"
    assert reading.end is not None
    assert reading.end.astimezone(LIMA).strftime("%H:%M") == "09:30"


@pytest.mark.parametrize(
    ("text", "lang", "ask", "offered"),
    [
        # a bare 8:30: morning or evening, minutes kept in both
        ("recuérdame mañana a las 8.30 pagar el agua", "es", "ambiguous_hour",
         ["2026-12-05T08:30", "2026-12-05T20:30"]),
        ("recuérdame mañana a las 8 y 30 pagar el agua", "es", "ambiguous_hour",
         ["2026-12-05T08:30", "2026-12-05T20:30"]),
    ],
)  # fmt: skip
def test_a_bare_dotted_hour_still_asks_with_its_minutes(
    text: str, lang: str, ask: str, offered: list[str]
) -> None:
    reading = read(text, lang)
    assert reading.ask == ask
    assert asked(reading) == offered
    assert reading.remainder == "recuérdame pagar el agua"


@pytest.mark.parametrize(
    ("text", "lang", "expected", "remainder"),
    [
        # a dotted number that is not said as a time stays in the text
        ("pay 12.50 tomorrow at 5pm", "en", "2026-12-05T17:00", "pay 12.50"),
        ("compra 16 y 30 panes mañana a las 5 de la tarde", "es", "2026-12-05T17:00",
         "compra 16 y 30 panes"),
    ],
)  # fmt: skip
def test_numbers_not_said_as_times_are_left(
    text: str, lang: str, expected: str, remainder: str
) -> None:
    reading = read(text, lang)
    assert local(reading) == expected
    assert reading.remainder == remainder


def test_a_dotted_date_is_still_a_date() -> None:
    assert local(read("el 5.12 a las 3 de la tarde")) == "2026-12-05T15:00"


# -- 4. and 10. counts of days and weeks, offsets in hours and minutes -------------------------


@pytest.mark.parametrize(
    ("text", "lang", "zone", "expected", "remainder"),
    [
        ("remind me in two weeks at 10am to call the landlord", "en", NEW_YORK,
         "2026-12-18T10:00", "remind me to call the landlord"),
        ("remind me in 2 weeks at 10am to call the landlord", "en", NEW_YORK,
         "2026-12-18T10:00", "remind me to call the landlord"),
        ("remind me in 3 weeks at 10am to check the tires", "en", LIMA, "2026-12-25T10:00",
         "remind me to check the tires"),
        ("remind me a week from Monday at 9am to pay the nanny", "en", LIMA, "2026-12-14T09:00",
         "remind me to pay the nanny"),
        # "remind me a …": the scheduling skill reads "a" as the reminder's connector
        ("week from Monday at 9am to pay the nanny", "en", LIMA, "2026-12-14T09:00",
         "to pay the nanny"),
        ("book a meeting with Tom in two weeks at 3pm", "en", LIMA, "2026-12-18T15:00",
         "book a meeting with Tom"),
        ("agenda una reunión con Pedro en dos semanas a las 3 de la tarde", "es", LIMA,
         "2026-12-18T15:00", "agenda una reunión con Pedro"),
        ("remind me two weeks from now at 10am to book flights", "en", LIMA,
         "2026-12-18T10:00", "remind me to book flights"),
        ("recuérdame de acá a una semana a las 9 de la mañana llamar al doctor", "es", LIMA,
         "2026-12-11T09:00", "recuérdame llamar al doctor"),
        # variants
        ("remind me in a fortnight at 9am to call", "en", TOKYO, "2026-12-19T09:00",
         "remind me to call"),
        ("remind me 3 days from tomorrow at 3pm to call", "en", LIMA, "2026-12-08T15:00",
         "remind me to call"),
        ("recuérdame de aquí a 3 días a las 4 de la tarde llamar", "es", MADRID,
         "2026-12-08T16:00", "recuérdame llamar"),
        ("recuérdame dentro de 2 semanas a las 4 de la tarde llamar", "es", LIMA,
         "2026-12-18T16:00", "recuérdame llamar"),
        ("recuérdame una semana después del lunes a las 4 de la tarde llamar", "es", LIMA,
         "2026-12-14T16:00", "recuérdame llamar"),
    ],
)  # fmt: skip
def test_counts_of_days_and_weeks_name_the_right_day(
    text: str, lang: str, zone: ZoneInfo, expected: str, remainder: str
) -> None:
    _read_as(text, lang, zone, expected, remainder)


def test_a_count_of_weeks_without_a_time_asks_the_time_on_that_day() -> None:
    reading = read("remind me in two weeks to renew my passport", "en", NEW_YORK)
    assert reading.ask == "no_time"
    assert reading.question == "What time on Fri 18 Dec?"
    assert reading.remainder == "remind me to renew my passport"


@pytest.mark.parametrize(
    ("text", "lang", "minutes", "remainder"),
    [
        ("recuérdame en 1h30 apagar la terma", "es", 90, "recuérdame apagar la terma"),
        ("remind me in 1h30 to turn off the oven", "en", 90, "remind me to turn off the oven"),
        ("remind me in 1h 30m to call", "en", 90, "remind me to call"),
        ("recuérdame dentro de 1h45 apagar la terma", "es", 105, "recuérdame apagar la terma"),
        ("recuérdame en 1 hora 30 minutos apagar la terma", "es", 90,
         "recuérdame apagar la terma"),
        ("recuérdame en 2h apagar la terma", "es", 120, "recuérdame apagar la terma"),
    ],
)  # fmt: skip
def test_offsets_in_hours_and_minutes(text: str, lang: str, minutes: int, remainder: str) -> None:
    reading = read(text, lang)
    assert reading.at == (NOW + timedelta(minutes=minutes)).replace(second=0, microsecond=0)
    assert reading.remainder == remainder


@pytest.mark.parametrize(
    "text",
    [
        "remind me in a day or two to call",
        "recuérdame en una semana o dos llamar",
    ],
)
def test_a_count_left_open_asks(text: str) -> None:
    reading = read(text, "en" if text.startswith("remind") else "es")
    assert reading.ask == "vague"
    assert reading.remainder in ("remind me to call", "recuérdame llamar")


# -- 5. WhatsApp "d" for "de" ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "remainder"),
    [
        ("recuérdame el 5 d enero a las 9 am pagar el predial", "2027-01-05T09:00",
         "recuérdame pagar el predial"),
        ("recuerdame el 28 d julio a las 9 am ir al desfile", "2027-07-28T09:00",
         "recuerdame ir al desfile"),
        ("recuérdame el 20 d diciembre a las 9 d la noche llamar", "2026-12-20T21:00",
         "recuérdame llamar"),
    ],
)  # fmt: skip
def test_whatsapp_d_before_a_month(text: str, expected: str, remainder: str) -> None:
    reading = read(text)
    assert local(reading) == expected
    assert reading.remainder == remainder


# -- 8. date and time words never stay in the item's text ----------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "remainder"),
    [
        ("recuérdame el primer lunes de enero a las 9 de la mañana pagar la matrícula",
         "2027-01-04T09:00", "recuérdame pagar la matrícula"),
        ("recuérdame el 1ro de enero a las 10 de la mañana votar", "2027-01-01T10:00",
         "recuérdame votar"),
        ("recuérdame el 24 en la noche comprar el pavo", "2026-12-24T20:00",
         "recuérdame comprar el pavo"),
        ("recuérdame el 24 por la noche comprar el pavo", "2026-12-24T20:00",
         "recuérdame comprar el pavo"),
        ("recuérdame en nochebuena a las 11 de la noche abrazar a todos", "2026-12-24T23:00",
         "recuérdame abrazar a todos"),
        ("recuérdame en año nuevo a las 10 am llamar a mis papás", "2027-01-01T10:00",
         "recuérdame llamar a mis papás"),
        ("recuérdame el 2do lunes de enero a las 9 am pagar", "2027-01-11T09:00",
         "recuérdame pagar"),
        ("remind me the first monday of january at 9am to pay", "2027-01-04T09:00",
         "remind me to pay"),
    ],
)  # fmt: skip
def test_date_words_do_not_stay_in_the_text(text: str, expected: str, remainder: str) -> None:
    reading = read(text, "en" if text.startswith("remind") else "es")
    assert local(reading) == expected
    assert reading.remainder == remainder


def test_la_otra_semana_is_next_week_and_asks_the_day() -> None:
    reading = read("recuérdame la otra semana llamar al seguro")
    assert reading.ask == "no_time"
    assert reading.remainder == "recuérdame llamar al seguro"
    # "de la otra semana" still means the week after next
    assert local(read("el viernes de la otra semana a las 10 am")) == "2026-12-18T10:00"


# -- 9. a time said before the verb ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "expected", "remainder"),
    [
        ("Mañana a las 7 de la noche recuérdame llamar a mi tía", "es", "2026-12-05T19:00",
         "recuérdame llamar a mi tía"),
        ("pasado mañana a las 11 de la mañana recuérdame comprar el gas", "es",
         "2026-12-06T11:00", "recuérdame comprar el gas"),
        ("Tomorrow at 5pm remind me to call mom", "en", "2026-12-05T17:00",
         "remind me to call mom"),
        ("At 6pm tomorrow, remind me to take out the trash", "en", "2026-12-05T18:00",
         "remind me to take out the trash"),
    ],
)  # fmt: skip
def test_a_time_before_the_verb_is_read(
    text: str, lang: str, expected: str, remainder: str
) -> None:
    reading = read(text, lang)
    assert local(reading) == expected
    assert reading.remainder == remainder


@pytest.mark.parametrize(
    "text", ["mañana a las 8 recordame pagar la luz", "mñn a las 8 recordame pagar la luz"]
)
def test_a_bare_hour_before_the_verb_asks_which_half(text: str) -> None:
    reading = read(text)
    assert asked(reading) == ["2026-12-05T08:00", "2026-12-05T20:00"]
    assert reading.remainder == "recordame pagar la luz"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a Spanish hour "de la mañana" then a day was read as today
        ("recuérdame a las 10 de la mañana el lunes llamar", "2026-12-07T10:00"),
        ("a las 8 de la mañana del martes", "2026-12-08T08:00"),
        ("6 de la mañana mañana", "2026-12-05T06:00"),
    ],
)
def test_an_hour_in_the_morning_then_its_day(text: str, expected: str) -> None:
    assert local(read(text)) == expected


# -- 11. repeating requests --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "remainder"),
    [
        ("pon una alarma todos los días a las 6 de la mañana", "es", "pon una alarma"),
        ("recuérdame todos los lunes a las 8 de la mañana sacar la basura", "es",
         "recuérdame sacar la basura"),
        ("recuérdame cada 15 de mes pagar el préstamo a las 9 de la mañana", "es",
         "recuérdame pagar el préstamo"),
        ("remind me every day at 7am to take my vitamins", "en", "remind me to take my vitamins"),
        ("set an alarm for weekdays at 6:30am", "en", "set an alarm"),
        # variants
        ("recuérdame cada lunes a las 9 sacar la basura", "es", "recuérdame sacar la basura"),
        ("recuérdame todas las mañanas a las 7 tomar agua", "es", "recuérdame tomar agua"),
        ("recuérdame los sábados a las 10 ir al mercado", "es", "recuérdame ir al mercado"),
        ("recuérdame el 15 de cada mes pagar el préstamo", "es", "recuérdame pagar el préstamo"),
        ("recuérdame dos veces al día tomar agua", "es", "recuérdame tomar agua"),
        ("recuérdame diariamente tomar la pastilla a las 8 de la noche", "es",
         "recuérdame tomar la pastilla"),
        ("agenda una reunión todos los lunes a las 9", "es", "agenda una reunión"),
        ("remind me every Monday at 9am to call", "en", "remind me to call"),
        ("remind me every 2 hours to drink water", "en", "remind me to drink water"),
        ("remind me twice a day to drink water", "en", "remind me to drink water"),
        ("remind me on the 1st of every month to pay rent", "en", "remind me to pay rent"),
        ("remind me to take my pills daily", "en", "remind me to take my pills"),
    ],
)  # fmt: skip
def test_repeats_are_asked_about_not_stored_once(text: str, lang: str, remainder: str) -> None:
    reading = read(text, lang)
    assert (reading.at, reading.ask) == (None, "repeating")
    assert reading.question == QUESTIONS[lang]["repeating"]
    assert reading.remainder == remainder


def test_the_repeating_question_says_so_in_both_languages() -> None:
    assert "repeating" in ASK_REASONS
    assert "repeat" in QUESTIONS["en"]["repeating"]
    assert "Which day and time" in QUESTIONS["en"]["repeating"]
    assert "repetir" in QUESTIONS["es"]["repeating"]
    assert "¿Qué día y a qué hora?" in QUESTIONS["es"]["repeating"]


def test_a_repeat_keeps_the_time_said_for_the_answer() -> None:
    # the question's words, read again with the answer ("el lunes", "tomorrow"), are the time
    assert read("recuérdame todos los lunes a las 8 de la mañana sacar la basura").phrase == (
        "8 de la mañana"
    )
    assert read("remind me every day at 7am to take my vitamins", "en").phrase == "7am"


@pytest.mark.parametrize(
    ("text", "lang", "expected", "remainder"),
    [
        ("the daily standup tomorrow at 9am", "en", "2026-12-05T09:00", "the daily standup"),
        ("buy everyday clothes tomorrow at 3pm", "en", "2026-12-05T15:00",
         "buy everyday clothes"),
        ("recuérdame mañana a las 5 de la tarde abrazar a todos", "es", "2026-12-05T17:00",
         "recuérdame abrazar a todos"),
        ("recuérdame en todos los santos a las 10 am visitar el cementerio", "es",
         "2027-11-01T10:00", "recuérdame visitar el cementerio"),
    ],
)  # fmt: skip
def test_words_that_only_look_like_repeats(
    text: str, lang: str, expected: str, remainder: str
) -> None:
    reading = read(text, lang)
    assert local(reading) == expected
    assert reading.remainder == remainder


# -- end to end: the chat stores what was said, or asks ----------------------------------------
# (the fixtures' clock: Tuesday 14 April 2026 at 14:30 in Lima)


def _reminders(api: Api) -> list[tuple[str, str, str]]:
    rows = api.get("/v1/reminders").json["reminders"]
    return [(r["text"], r["due_at"][:16], r["kind"]) for r in rows]


def test_spanish_reminders_keep_the_day_the_minutes_and_the_text(es: Api) -> None:
    es.chat("recuérdame el lunes 20 a las 9 am llamar al seguro")
    es.chat("recuérdame mañana a las 17.45 salir de la oficina")
    es.chat("recuérdame mañana a las 16 y 30 salir")
    es.chat("recuérdame el 5 d mayo a las 9 am pagar el predial")
    assert _reminders(es) == [
        ("salir", "2026-04-15T16:30", "reminder"),
        ("salir de la oficina", "2026-04-15T17:45", "reminder"),
        ("llamar al seguro", "2026-04-20T09:00", "reminder"),
        ("pagar el predial", "2026-05-05T09:00", "reminder"),
    ]


def test_a_weekday_that_disagrees_is_asked_then_chosen(es: Api) -> None:
    reply = es.chat("recuérdame el martes 20 a las 9 am llamar al seguro")
    assert "lunes 20 de abril" in reply["reply"]
    assert "martes 21 de abril" in reply["reply"]
    assert _reminders(es) == []
    es.chat("el segundo", reply["conversation_id"])
    assert _reminders(es) == [("llamar al seguro", "2026-04-21T09:00", "reminder")]


def test_a_meeting_on_a_weekday_and_day_number(es: Api) -> None:
    es.chat("agenda reunión con Marco el jueves 16 a las 3 de la tarde")
    meetings = es.get("/v1/meetings").json["meetings"]
    assert [(m["title"], m["starts_at"][:16], m["ends_at"][:16]) for m in meetings] == [
        ("Reunión con Marco", "2026-04-16T15:00", "2026-04-16T15:30")
    ]


def test_a_repeating_alarm_is_refused_then_set_once_for_the_day_answered(es: Api) -> None:
    reply = es.chat("pon una alarma todos los días a las 6 de la mañana")
    assert reply["reply"] == QUESTIONS["es"]["repeating"]
    assert _reminders(es) == []
    es.chat("mañana", reply["conversation_id"])
    assert _reminders(es) == [("Alarma", "2026-04-15T06:00", "alarm")]


def test_a_repeating_reminder_is_refused_then_set_for_the_day_answered(es: Api) -> None:
    reply = es.chat("recuérdame todos los lunes a las 8 de la mañana sacar la basura")
    assert reply["reply"] == QUESTIONS["es"]["repeating"]
    es.chat("el lunes", reply["conversation_id"])
    assert _reminders(es) == [("sacar la basura", "2026-04-20T08:00", "reminder")]


def test_english_dotted_times_counts_of_weeks_and_repeats(en: Api) -> None:
    en.chat("remind me tomorrow at 8.30am to call the bank")
    en.chat("remind me in two weeks at 10am to call the landlord")
    en.chat("remind me to pay the nanny a week from Monday at 9am")
    en.chat("remind me in 1h30 to turn off the oven")
    reply = en.chat("remind me every day at 7am to take my vitamins")
    assert reply["reply"] == QUESTIONS["en"]["repeating"]
    assert _reminders(en) == [
        ("turn off the oven", "2026-04-14T16:00", "reminder"),
        ("call the bank", "2026-04-15T08:30", "reminder"),
        ("pay the nanny", "2026-04-27T09:00", "reminder"),  # Monday the 20th, then a week
        ("call the landlord", "2026-04-28T10:00", "reminder"),
    ]
