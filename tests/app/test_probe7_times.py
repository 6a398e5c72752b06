"""Times found misread by an independent tester (probe 7), read by the time reader directly at
Saturday 5 December 2026, 05:40 UTC: 00:40 in Lima and New York, 02:40 in Buenos Aires, 05:40 in
London, Friday 21:40 in Los Angeles. "la" after a zone phrase read as Los Angeles, days named by
an event ("on bonfire night", "en mi cumple") stored as today, Mother's Day by country, "a la 1
de la noche" read as 13:00, ordinal days ("el 1° de febrero"), an answer naming another hour in
the small hours, and readings left out of a question (``docs/assistant.md``, "How times are
read"). A wrong stored time is the worst outcome: where the reader cannot be sure it asks."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.app.conftest import (
    BUENOS_AIRES,
    LIMA,
    LONDON,
    LOS_ANGELES,
    NEW_YORK,
    TOKYO,
    Api,
    lima_user,
    local,
    make_user,
    offered,
    reader,
    reminders_of,
    talk,
)

NOW = datetime(2026, 12, 5, 5, 40, tzinfo=UTC)

read = reader(NOW)
at = local
asked = offered


# -- 2. "la" after a zone phrase is an article, not Los Angeles --------------------------------


@pytest.mark.parametrize(
    ("text", "zone", "expected", "remainder"),
    [
        ("recuerdame el jueves a las 4 de la tarde hora de Lima pagar la luz", LIMA,
         "2026-12-10T16:00", "recuerdame pagar la luz"),
        ("recuerdame el miercoles a las 3 de la tarde hora de Santiago pagar la factura", LIMA,
         "2026-12-09T13:00", "recuerdame pagar la factura"),
        ("recordame el lunes a las 10 de la mañana hora de Lima mandar la factura", BUENOS_AIRES,
         "2026-12-07T12:00", "recordame mandar la factura"),
        ("recuerdame el lunes a las 5 de la tarde hora local pagar la luz", LIMA,
         "2026-12-07T17:00", "recuerdame pagar la luz"),
        ("recuerdame el lunes a las 5 de la tarde hora de Lima llamar a la tía", BUENOS_AIRES,
         "2026-12-07T19:00", "recuerdame llamar a la tía"),
    ],
)  # fmt: skip
def test_la_after_a_zone_is_no_zone(
    text: str, zone: ZoneInfo, expected: str, remainder: str
) -> None:
    reading = read(text, zone=zone)
    assert at(reading, zone) == expected
    assert reading.remainder == remainder


# -- 4. days named by an event ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "zone", "expected", "remainder"),
    [
        ("remind me on bonfire night at 7pm to get sparklers", "en", LONDON, "2027-11-05T19:00",
         "remind me to get sparklers"),
        ("recuerdame la noche de san juan a las 8 de la noche ir a la fogata", "es", LIMA,
         "2027-06-23T20:00", "recuerdame ir a la fogata"),
        ("recuerdame el dia de san juan a las 10 de la mañana ir a la misa", "es", LIMA,
         "2027-06-24T10:00", "recuerdame ir a la misa"),
        ("recuerdame la noche de brujas a las 7 de la noche comprar dulces", "es", LIMA,
         "2027-10-31T19:00", "recuerdame comprar dulces"),
    ],
)  # fmt: skip
def test_an_event_of_a_known_date_is_read(
    text: str, lang: str, zone: ZoneInfo, expected: str, remainder: str
) -> None:
    reading = read(text, lang, zone)
    assert at(reading, zone) == expected
    assert reading.remainder == remainder


@pytest.mark.parametrize(
    ("text", "lang", "zone"),
    [
        ("remind me on election night at 8pm to watch results", "en", NEW_YORK),
        ("remind me on my birthday at 9am to call mom", "en", NEW_YORK),
        ("remind me on payday at 9am to pay rent", "en", NEW_YORK),
        ("recuerdame en mi cumple a las 8 de la noche llamar a mi papa", "es", LIMA),
        ("recuerdame en la quincena a las 9 de la mañana pagar el prestamo", "es", LIMA),
        ("recuerdame la noche de la graduación a las 9 de la noche llevar flores", "es", LIMA),
    ],
)
def test_an_event_of_an_unknown_date_asks_the_day(text: str, lang: str, zone: ZoneInfo) -> None:
    reading = read(text, lang, zone)
    assert reading.at is None
    assert reading.ask == "no_day"


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("remind me to buy a birthday cake at 5pm", "en", "2026-12-05T17:00"),
        ("de 8 a 10 de la noche noche de juegos", "es", "2026-12-05T20:00"),
    ],
)
def test_words_of_an_event_beside_a_time_today_stay_today(
    text: str, lang: str, expected: str
) -> None:
    assert at(read(text, lang)) == expected


# -- 5. Mother's and Father's Day by country -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "zone", "expected"),
    [
        ("recordame el dia de la madre a las 10 de la mañana llamar a mamá", "es", BUENOS_AIRES,
         "2027-10-17T10:00"),
        ("remind me on mother's day at 10am to call mum", "en", LONDON, "2027-03-07T10:00"),
        ("recuérdame el día de la madre a las 10 de la mañana llamar a mamá", "es", LIMA,
         "2027-05-09T10:00"),
        ("remind me on mother's day at 10am to call mom", "en", NEW_YORK, "2027-05-09T10:00"),
        ("remind me on mother's day at 10am to call mom", "en", LIMA, "2027-05-09T10:00"),
        ("remind me on father's day at 10am to call dad", "en", LONDON, "2027-06-20T10:00"),
        ("recuérdame el día del padre a las 10 de la mañana llamar a papá", "es",
         ZoneInfo("Europe/Madrid"), "2027-03-19T10:00"),
        ("remind me on mothering sunday at 10am to call mum", "en", NEW_YORK, "2027-03-07T10:00"),
        ("remind me to call mom el día de la madre at 10am", "en", LIMA, "2027-05-09T10:00"),
    ],
)  # fmt: skip
def test_mothers_day_is_the_users_countrys(
    text: str, lang: str, zone: ZoneInfo, expected: str
) -> None:
    reading = read(text, lang, zone)
    assert at(reading, zone) == expected
    assert "madre" not in reading.remainder
    assert "mother" not in reading.remainder


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("remind me on mother's day at 10am to call mom", "en"),
        ("recuérdame el día de la madre a las 10 de la mañana llamar a mamá", "es"),
        ("remind me on father's day at 10am to call dad", "en"),
    ],
)
def test_mothers_day_in_a_country_not_known_asks(text: str, lang: str) -> None:
    reading = read(text, lang, TOKYO)
    assert reading.at is None
    assert reading.ask == "no_day"


# -- 8. "a la 1 de la noche" is the small hours ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "zone", "expected"),
    [
        ("recuerdame hoy a la 1 de la noche apagar la compu", "es", LIMA, "2026-12-05T01:00"),
        ("recuerdame a la 1 de la noche tomar el antibiotico", "es", LIMA, "2026-12-05T01:00"),
        ("recuerdame a las 3 de la noche darle la leche al bebe", "es", LIMA, "2026-12-05T03:00"),
        ("recuerdame a la una de la noche apagar la compu", "es", LIMA, "2026-12-05T01:00"),
        ("recuerdame esta noche a la 1 apagar la compu", "es", LIMA, "2026-12-05T01:00"),
        # said on Friday at 21:40: the coming night
        ("recuérdame a la 1 de la noche apagar la luz", "es", LOS_ANGELES, "2026-12-05T01:00"),
        ("remind me at 1 tonight to turn off the oven", "en", LOS_ANGELES, "2026-12-05T01:00"),
        ("remind me tonight at 1 to check the oven", "en", LOS_ANGELES, "2026-12-05T01:00"),
        ("remind me at 11 tonight to check the oven", "en", LOS_ANGELES, "2026-12-04T23:00"),
        ("recuerdame a las 7 de la noche tomar la pastilla", "es", LIMA, "2026-12-05T19:00"),
    ],
)  # fmt: skip
def test_a_small_hour_of_the_night(text: str, lang: str, zone: ZoneInfo, expected: str) -> None:
    assert at(read(text, lang, zone), zone) == expected


def test_a_small_hour_of_the_night_said_in_the_morning_after_it_asks() -> None:
    morning = datetime(2026, 12, 5, 15, 0, tzinfo=UTC)  # 10:00 in Lima
    reading = read("recuerdame a la 1 de la noche tomar el antibiotico", now=morning)
    assert asked(reading) == ["2026-12-06T01:00"]


def test_a_small_hour_of_the_night_after_another_day_asks_which_night() -> None:
    reading = read("recordame mañana a las 2 de la noche cerrar la persiana", zone=BUENOS_AIRES)
    assert asked(reading, BUENOS_AIRES) == ["2026-12-06T02:00", "2026-12-07T02:00"]


@pytest.mark.parametrize(
    ("text", "options"),
    [
        ("recuerdame a las 4 de la noche tomar la pastilla",
         ["2026-12-05T04:00", "2026-12-05T16:00"]),
        ("recuerdame a las 12 de la noche apagar la luz", ["2026-12-06T00:00"]),
    ],
)  # fmt: skip
def test_four_or_twelve_of_the_night_asks(text: str, options: list[str]) -> None:
    reading = read(text)
    assert reading.ask == "ambiguous_hour"
    assert asked(reading) == options


# -- 10. ordinal days ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "remainder"),
    [
        ("recuerdame el 1° de febrero a las 10 de la mañana pagar el colegio", "2027-02-01T10:00",
         "recuerdame pagar el colegio"),
        ("recuerdame el 1º de marzo a las 9 de la mañana matricular a los chicos",
         "2027-03-01T09:00", "recuerdame matricular a los chicos"),
        ("recuerdame el 1ero de marzo a las 9 de la mañana matricular a los chicos",
         "2027-03-01T09:00", "recuerdame matricular a los chicos"),
        ("recuerdame el 1er de marzo a las 9 de la mañana pagar", "2027-03-01T09:00",
         "recuerdame pagar"),
        ("recuerdame el 1ro de enero a las 9 de la mañana pagar", "2027-01-01T09:00",
         "recuerdame pagar"),
        ("recuerdame el 1° a las 9 de la mañana pagar", "2027-01-01T09:00", "recuerdame pagar"),
    ],
)  # fmt: skip
def test_an_ordinal_day_is_that_day(text: str, expected: str, remainder: str) -> None:
    reading = read(text)
    assert at(reading) == expected
    assert reading.remainder == remainder


# -- 13. two moments offered: each can be picked ---------------------------------------------


def test_two_moments_are_offered_as_options() -> None:
    reading = read(
        "recuerdame el lunes a las 9 de la mañana llamar al banco y el martes a las 5 de la tarde "
        "ir al dentista"
    )
    assert reading.ask == "correction"
    assert asked(reading) == ["2026-12-07T09:00", "2026-12-08T17:00"]


def test_two_moments_with_tomorrow_in_the_small_hours_offer_none() -> None:
    reading = read("recuerdame mañana a las 9 de la mañana, no, el lunes a las 10 de la mañana")
    assert reading.ask == "correction"
    assert reading.options == ()


def test_el_primero_picks_the_first_moment(app: Any, client: Any) -> None:
    api = lima_user(app, client, "lucho", "es-PE")
    with time_machine.travel(NOW, tick=True):
        talk(
            api,
            "recuérdame llamar al banco el lunes a las 9 de la mañana, no, el martes a las 5 de "
            "la tarde",
            "el primero",
        )
        assert [due for _text, due in reminders_of(api)] == ["2026-12-07T09:00"]


# -- 14. small hours: an answer that names another hour --------------------------------------


@pytest.mark.parametrize(
    "text",
    ["mañana a las 8 no, el sabado a las 9 de la mañana", "mañana a las 8 el sabado a las 9"],
)
def test_a_second_time_in_one_phrase_is_not_dropped(text: str) -> None:
    reading = read(text, zone=BUENOS_AIRES)
    assert reading.ask == "correction"


@pytest.mark.parametrize(
    ("answer", "then", "expected"),
    [
        ("no, el sabado a las 9 de la mañana", ("hoy",), "2026-12-05T09:00"),
        ("el sabado a las 9", ("hoy", "de la mañana"), "2026-12-05T09:00"),
    ],
)
def test_an_answer_with_another_hour_keeps_it(
    app: Any, client: Any, answer: str, then: tuple[str, ...], expected: str
) -> None:
    token, user_id = make_user(app, "nico", "America/Argentina/Buenos_Aires")
    api = Api(client, token, user_id, "nico")
    assert api.patch("/v1/users/me", json={"locale": "es"}).status_code == 200
    with time_machine.travel(NOW, tick=True):
        replies = talk(api, "recordame mañana a las 8 sacar la basura", answer, *then)
        assert "9:00" in replies[1]["reply"]
        assert reminders_of(api) == [("sacar la basura", expected)]


# -- 19. readings left out of a question -----------------------------------------------------


def test_a_weekday_said_that_evening_with_a_bare_hour_offers_tonight() -> None:
    reading = read("remind me on friday at 10 to call the bank", "en", LOS_ANGELES)
    assert asked(reading, LOS_ANGELES) == ["2026-12-04T22:00", "2026-12-11T10:00"]
    assert reading.question == "Did you mean today at 10:00 PM or Fri 11 Dec at 10:00 AM?"


def test_a_weekday_said_that_day_with_a_bare_hour_offers_both_halves() -> None:
    reading = read("remind me at 5 on friday to leave early", "en", LOS_ANGELES)
    assert asked(reading, LOS_ANGELES) == ["2026-12-11T05:00", "2026-12-11T17:00"]


def test_a_weekday_said_that_day_with_a_bare_hour_asks_days_and_halves() -> None:
    reading = read("recordame el sabado a las 9 regar", zone=BUENOS_AIRES)
    assert asked(reading, BUENOS_AIRES) == [
        "2026-12-05T09:00", "2026-12-05T21:00", "2026-12-12T09:00", "2026-12-12T21:00"
    ]  # fmt: skip
    assert reading.question == (
        "¿Hoy (sábado 5 de diciembre) o el sábado 12 de diciembre, y a las 9:00 o a las 21:00?"
    )


@pytest.mark.parametrize(
    ("text", "lang", "options"),
    [
        ("recuerdame pasado mañana a las 10 de la mañana ir al banco", "es",
         ["2026-12-06T10:00", "2026-12-07T10:00"]),
        ("remind me the day after tomorrow at 9am to call", "en",
         ["2026-12-06T09:00", "2026-12-07T09:00"]),
        ("recuerdame pasado mañana a las 10 ir al banco", "es",
         ["2026-12-06T10:00", "2026-12-06T22:00", "2026-12-07T10:00", "2026-12-07T22:00"]),
    ],
)  # fmt: skip
def test_the_day_after_tomorrow_in_the_small_hours_asks(
    text: str, lang: str, options: list[str]
) -> None:
    assert asked(read(text, lang)) == options


def test_the_day_after_tomorrow_in_the_daytime_is_read() -> None:
    afternoon = datetime(2026, 12, 5, 20, 0, tzinfo=UTC)  # 15:00 in Lima
    reading = read("recuerdame pasado mañana a las 10 de la mañana ir al banco", now=afternoon)
    assert at(reading) == "2026-12-07T10:00"


@pytest.mark.parametrize(
    ("text", "options"),
    [
        ("recuerdame hoy a medianoche sacar la basura", ["2026-12-06T00:00"]),
        ("recuerdame a medianoche sacar la basura", ["2026-12-06T00:00"]),
        (
            "recuerdame mañana a medianoche sacar la basura",
            ["2026-12-06T00:00", "2026-12-07T00:00"],
        ),
    ],
)
def test_midnight_in_spanish_asks_naming_it(text: str, options: list[str]) -> None:
    reading = read(text)
    assert reading.ask == "ambiguous_hour"
    assert asked(reading) == options
    assert reading.remainder == "recuerdame sacar la basura"
