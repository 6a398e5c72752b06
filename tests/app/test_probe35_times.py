"""Probe 35, times (the tester's clock: Monday 7 December 2026, about 02:56 UTC; here that clock
for the reported messages, and Tuesday 14 April 2026 in Lima for variants of them).

- P-H2: "remind me in 10 working days at 9am to chase the invoice" stored today at 9:00 with "in
  10 working days" in the text; "en 15 días hábiles" counted 15 calendar days and left "hábiles"
  in the text. A count of working or business days ("días hábiles / laborables / útiles") is
  counted Monday to Friday in the user's zone; the assistant does not know the user's public
  holidays, so a count that crosses a weekday that may be one there (``days_off``: the
  country's where known, else 1 January, 1 May, Good Friday and Christmas) is asked, offering
  both days; "within 10 business days" is a span, asked. The words are never the item's text.
- P-M12: "remind me at 1am tonight" was read as 1 PM ("Today at 1:00 PM is in the past"): a
  morning hour said with "tonight" / "esta noche" ("1am", "2:30 a.m.", "3 in the morning", "a
  las 2 de la madrugada") is the coming night's small hours, by the rule of "at 1 tonight"
  (tomorrow's date when said in the evening, asked when said in the morning after it); a later
  morning hour with "tonight" ("tonight at 7am") is asked.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from tests.app.conftest import (
    LIMA,
    LONDON,
    LOS_ANGELES,
    MADRID,
    TUESDAY_AFTERNOON,
    Api,
    local,
    make_user,
    offered,
    reader,
    reminders_of,
    talk,
)

# the tester's clock: Monday 7 December 2026 02:56 UTC (Sunday 21:56 in Lima, 18:56 in Los
# Angeles, Monday 02:56 in London and 03:56 in Madrid)
PROBE = datetime(2026, 12, 7, 2, 56, tzinfo=UTC)
read = reader(TUESDAY_AFTERNOON.astimezone(UTC), "en")


def _user(app: object, client: object, zone: str, locale: str, name: str = "p35") -> Api:
    token, user_id = make_user(app, name, zone)
    api = Api(client, token, user_id, name)
    assert api.patch("/v1/users/me", json={"locale": locale}).status_code == 200
    return api


# -- P-H2: a count of working days ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "at", "remainder"),
    [
        # from Tuesday 14 April 2026: Wed 15 … Fri 17, Mon 20 … Fri 24, Mon 27, Tue 28
        ("remind me in 10 working days at 9am to chase the invoice", "en", "2026-04-28T09:00",
         "remind me to chase the invoice"),
        ("remind me in five business days at 3pm to send the quote", "en", "2026-04-21T15:00",
         "remind me to send the quote"),
        ("remind me 2 business days from now at 11am to call Tom", "en", "2026-04-16T11:00",
         "remind me to call Tom"),
        ("recuérdame en 10 días hábiles a las 10 de la mañana presentar el modelo", "es",
         "2026-04-28T10:00", "recuérdame presentar el modelo"),
        ("recuérdame dentro de 8 días laborables a las 9 de la mañana llamar a la SUNAT", "es",
         "2026-04-24T09:00", "recuérdame llamar a la SUNAT"),
        ("avísame de acá a 3 días útiles a las 5 de la tarde pagar el arbitrio", "es",
         "2026-04-17T17:00", "avísame pagar el arbitrio"),
        ("recuérdame en un día hábil a las 4 de la tarde enviar el contrato", "es",
         "2026-04-15T16:00", "recuérdame enviar el contrato"),
    ],
)  # fmt: skip
def test_working_days_count_monday_to_friday(text: str, lang: str, at: str, remainder: str) -> None:
    found = read(text, lang)
    assert local(found) == at
    assert found.remainder == remainder


def test_working_days_said_on_a_weekend_start_on_monday() -> None:
    saturday = datetime(2026, 4, 18, 14, 30, tzinfo=LIMA)
    found = read("remind me in 1 working day at 9am to pay rent", "en", LIMA, saturday)
    assert local(found) == "2026-04-20T09:00"


def test_working_days_without_a_time_ask_the_time_of_that_day() -> None:
    found = read("recuérdame en 10 días hábiles llamar a la SUNAT", "es")
    assert found.at is None
    assert found.ask == "no_time"
    assert str(found.day) == "2026-04-28"
    assert found.remainder == "recuérdame llamar a la SUNAT"


@pytest.mark.parametrize(
    ("text", "lang", "options", "said", "remainder"),
    [
        # 15 working days from Tuesday 14 April 2026 is Tuesday 5 May, across Friday 1 May
        ("remind me in 15 working days at 9am to file the report", "en",
         ["2026-05-05T09:00", "2026-05-06T09:00"], "Fri 1 May", "remind me to file the report"),
        ("recuérdame en 15 días hábiles a las 9 de la mañana presentar el informe", "es",
         ["2026-05-05T09:00", "2026-05-06T09:00"], "1 de mayo",
         "recuérdame presentar el informe"),
    ],
)  # fmt: skip
def test_working_days_across_a_likely_holiday_ask(
    text: str, lang: str, options: list[str], said: str, remainder: str
) -> None:
    found = read(text, lang)
    assert found.ask == "ambiguous_date"
    assert offered(found) == options
    assert found.question is not None
    assert said in found.question
    assert found.remainder == remainder


@pytest.mark.parametrize(
    "text",
    ["remind me within 10 business days at 9am to renew the permit",
     "recuérdame antes de 5 días hábiles a las 9 de la mañana renovar el permiso"],
)  # fmt: skip
def test_a_span_of_working_days_is_asked(text: str) -> None:
    found = read(text, "es" if "recuérdame" in text else "en")
    assert found.at is None
    assert found.ask == "vague"


def test_the_reported_messages_through_chat(app, client) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(PROBE, tick=True):
        tom = _user(app, client, "Europe/London", "en")
        talk(tom, "remind me in 10 working days at 9am to chase the invoice")
        talk(tom, "remind me in 10 business days at 9am to send the invoice")
        assert reminders_of(tom) == [
            ("chase the invoice", "2026-12-21T09:00"),
            ("send the invoice", "2026-12-21T09:00"),
        ]
        pablo = _user(app, client, "Europe/Madrid", "es-ES", "pablo")
        replies = talk(
            pablo,
            "recuérdame en 15 días hábiles a las 10 de la mañana presentar el modelo",
            "la primera",
        )
        assert "lunes 28 de diciembre" in replies[0]["reply"]
        assert "25 de diciembre" in replies[0]["reply"]
        assert reminders_of(pablo) == [("presentar el modelo", "2026-12-28T10:00")]
        carmen = _user(app, client, "America/Lima", "es-PE", "carmen")
        replies = talk(
            carmen,
            "recuérdame dentro de 10 días hábiles a las 9 de la mañana llamar a la SUNAT",
            "la segunda",
        )
        assert "viernes 18 de diciembre" in replies[0]["reply"]
        assert reminders_of(carmen) == [("llamar a la SUNAT", "2026-12-22T09:00")]


def test_the_days_off_are_the_countrys_where_known() -> None:
    madrid = read("recuérdame en 15 días hábiles a las 10 de la mañana presentar el modelo",
                  "es", MADRID, PROBE)  # fmt: skip
    assert offered(madrid, MADRID) == ["2026-12-28T10:00", "2026-12-30T10:00"]  # 8 and 25 Dec
    london = read("remind me in 15 working days at 10am to present the model", "en", LONDON, PROBE)
    # 25 Dec, and Boxing Day's substitute Monday 28 Dec (the 26th is a Saturday in 2026)
    assert offered(london, LONDON) == ["2026-12-28T10:00", "2026-12-30T10:00"]


# -- P-M12: a small hour said with "tonight" -------------------------------------------------

# Sunday 6 December 2026, 18:55 in Los Angeles (the tester's)
EVENING = datetime(2026, 12, 6, 18, 55, tzinfo=LOS_ANGELES)


@pytest.mark.parametrize(
    ("text", "lang", "at", "remainder"),
    [
        ("remind me at 1am tonight to check the baby monitor", "en", "2026-12-07T01:00",
         "remind me to check the baby monitor"),
        ("remind me tonight at 2:30 a.m. to feed the baby", "en", "2026-12-07T02:30",
         "remind me to feed the baby"),
        ("remind me at 3 in the morning tonight to take the pill", "en", "2026-12-07T03:00",
         "remind me to take the pill"),
        ("recuérdame a la 1 am esta noche revisar el monitor", "es", "2026-12-07T01:00",
         "recuérdame revisar el monitor"),
        ("recuérdame a las 2 de la madrugada esta noche dar el biberón", "es",
         "2026-12-07T02:00", "recuérdame dar el biberón"),
        ("esta noche a las 4 de la mañana despiértame para el vuelo", "es", "2026-12-07T04:00",
         "despiértame para el vuelo"),
    ],
)  # fmt: skip
def test_a_morning_hour_tonight_is_the_coming_nights(
    text: str, lang: str, at: str, remainder: str
) -> None:
    found = read(text, lang, LOS_ANGELES, EVENING)
    assert local(found, LOS_ANGELES) == at
    assert found.remainder == remainder


def test_said_in_the_small_hours_tonight_is_still_ahead_today() -> None:
    night = datetime(2026, 12, 7, 0, 30, tzinfo=LOS_ANGELES)
    found = read("remind me at 1am tonight to check the baby monitor", "en", LOS_ANGELES, night)
    assert local(found, LOS_ANGELES) == "2026-12-07T01:00"


def test_said_after_it_has_passed_it_is_asked() -> None:
    later = datetime(2026, 12, 7, 2, 30, tzinfo=LOS_ANGELES)
    found = read("remind me at 1am tonight to check the baby monitor", "en", LOS_ANGELES, later)
    assert found.at is None
    assert found.ask == "past"


@pytest.mark.parametrize(
    ("text", "lang"),
    [("remind me tonight at 7am to feed the cat", "en"),
     ("recuérdame esta noche a las 8 de la mañana dar de comer al gato", "es")],
)  # fmt: skip
def test_a_later_morning_hour_with_tonight_is_asked(text: str, lang: str) -> None:
    found = read(text, lang, LOS_ANGELES, EVENING)
    assert found.at is None
    assert found.ask is not None


def test_an_evening_hour_tonight_is_unchanged() -> None:
    found = read("remind me at 9pm tonight to lock the door", "en", LOS_ANGELES, EVENING)
    assert local(found, LOS_ANGELES) == "2026-12-06T21:00"


def test_the_reported_message_through_chat(app, client) -> None:  # type: ignore[no-untyped-def]
    emma = _user(app, client, "America/Los_Angeles", "en")
    with time_machine.travel(PROBE, tick=True):
        talk(emma, "remind me at 1am tonight to check the baby monitor")
    assert reminders_of(emma) == [("check the baby monitor", "2026-12-07T01:00")]


def test_the_days_off_come_from_the_countrys_calendar() -> None:
    """Any country the ``holidays`` package knows, its zone's aliases too; a zone in no country
    keeps the days off of almost everywhere."""
    from datetime import date

    from app.skills.time_words import days_off, zone_territory

    assert zone_territory("Asia/Kolkata") == "IN"  # CLDR knows it as Asia/Calcutta
    assert zone_territory("America/Argentina/Buenos_Aires") == "AR"
    assert zone_territory("Etc/UTC") is None
    december = (date(2026, 12, 1), date(2026, 12, 31))
    assert days_off(*december, "America/Santiago") == [date(2026, 12, 8), date(2026, 12, 25)]
    assert days_off(*december, "America/Bogota") == [date(2026, 12, 8), date(2026, 12, 25)]
    assert days_off(*december, "Etc/UTC") == [date(2026, 12, 25)]
    # Good Friday moves with Easter (3 April 2026, 26 March 2027) where no calendar is known
    assert days_off(date(2027, 3, 1), date(2027, 4, 30), "Etc/UTC") == [date(2027, 3, 26)]
