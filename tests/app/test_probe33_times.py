"""Probe 33, hard time expressions (the tester's clock: Sunday 6 December 2026; here the `en`/`es`
fixtures' Tuesday 14 April 2026, 14:30 in Lima, unless a finding needs its own clock and zone).

- E-H3: "tengo odontólogo el miércoles a las 3 de la tarde, recuérdame el día antes a las 7 de la
  noche" stored a reminder "antes" today at 19:00 (the English form said "yesterday at 7 PM is
  in the past"): the day before the event said, at that clock. "The day before" with nothing to
  count from is asked, never today or yesterday.
- E-M12: "ponme una alarma el 31 de octubre de 2027 a las 2:30 de la madrugada" asked "¿Cuándo
  exactamente?" ("una" read as one o'clock threw the parser's later pieces off): the repeated
  hour of the clocks' change is asked about, as without "de 2027".
- E-M13: "at the end of the month", "a fin de mes", "el último día del mes a las 10" were asked
  about from scratch: the month's last day (its time asked when none is said).
- E-M14: "tomorrow as in monday" to "Today (Mon 7 Dec) or tomorrow (Tue 8 Dec)…?" at 00:31 read
  as two times: the day named says which one "tomorrow" meant.
- E-L5: "el recordatorio de la abuela ponlo el lunes" for a reminder a week or more ahead moved
  it to the first Monday from today, before it: the Mondays around the item are asked about.
- E-L6: "pasado mañana a las 10 tengo dentista" asks 10:00 or 22:00: the rule book asks a bare
  7–11 (no rule makes an appointment daytime), kept.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.app.conftest import MADRID, Api, make_user, reader, reminders_of, talk

# -- E-H3: the day before an event said in the same message, at the clock said -----------------


@pytest.mark.parametrize(
    ("lang", "said", "stored"),
    [
        ("es", "tengo odontólogo el jueves a las 3 de la tarde, recuérdame el día antes a las 7 "
         "de la noche", ("odontólogo", "2026-04-15T19:00")),
        ("en", "i have the dentist on thursday at 3:15pm, remind me the day before at 7pm",
         ("dentist", "2026-04-15T19:00")),
        ("es", "tengo cita con el médico el viernes a las 10 de la mañana, avísame el día antes "
         "a las 8 de la noche", ("cita con el médico", "2026-04-16T20:00")),
        ("en", "I've got a job interview on friday at 9am, remind me the night before at 9pm",
         ("job interview", "2026-04-16T21:00")),
    ],
)  # fmt: skip
def test_the_day_before_an_event_said_is_that_day_at_that_clock(
    request: pytest.FixtureRequest, lang: str, said: str, stored: tuple[str, str]
) -> None:
    api: Api = request.getfixturevalue(lang)
    api.chat(said)
    assert reminders_of(api) == [stored]


@pytest.mark.parametrize(
    ("lang", "said", "question"),
    [
        ("es", "recuérdame el día antes a las 7 de la noche", "¿Qué día a las 19:00?"),
        ("es", "recuérdame el día anterior a las 7 de la noche llevar el informe",
         "¿Qué día a las 19:00?"),
        ("en", "remind me the day before at 7pm", "Which day at 7:00 PM?"),
        ("en", "remind me the day after at 7pm to call Ana", "Which day at 7:00 PM?"),
    ],
)  # fmt: skip
def test_the_day_before_nothing_said_is_asked(
    request: pytest.FixtureRequest, lang: str, said: str, question: str
) -> None:
    api: Api = request.getfixturevalue(lang)
    reply = api.chat(said)
    assert reply["pending"]
    assert reply["reply"] == question
    assert reminders_of(api) == []


def test_the_day_before_a_date_is_still_read() -> None:
    read = reader(datetime(2026, 4, 14, 14, 30, tzinfo=ZoneInfo("America/Lima")), "en")
    found = read("remind me on the day before christmas at 7pm")
    assert found.at is not None
    assert found.at.astimezone(ZoneInfo("America/Lima")).isoformat()[:16] == "2026-12-24T19:00"


# -- E-M12: a date with its year, after "una …", on the night the clocks go back ---------------

SUNDAY_IN_MADRID = datetime(2026, 12, 6, 15, 0, tzinfo=MADRID)


@pytest.mark.parametrize(
    ("said", "reason"),
    [
        ("ponme una alarma el 31 de octubre de 2027 a las 2:30 de la madrugada", "repeated_time"),
        ("ponme una alarma el 31 de octubre a las 2:30 de la madrugada", "repeated_time"),
        ("pon una alarma el 28 de marzo de 2027 a las 2:30 de la madrugada", "skipped_time"),
        ("agenda una cita el 31 de octubre de 2027 a las 2:30 de la madrugada", "repeated_time"),
    ],
)
def test_a_year_after_una_keeps_the_clock_change_question(said: str, reason: str) -> None:
    found = reader(SUNDAY_IN_MADRID)(said, zone=MADRID)
    assert found.ask == reason, found.question
    assert len(found.options) == 2


def test_a_year_after_una_is_read_whole() -> None:
    read = reader(SUNDAY_IN_MADRID)
    found = read("agenda una reunión el 5 de marzo de 2027 a las 9 de la mañana", zone=MADRID)
    assert found.at is not None
    assert found.at.astimezone(MADRID).isoformat()[:16] == "2027-03-05T09:00"
    found = read("ponme una alarma el 3 de enero de 2027 a las 7 de la mañana", zone=MADRID)
    assert found.at is not None
    assert found.at.astimezone(MADRID).isoformat()[:16] == "2027-01-03T07:00"


# -- E-M13: the end of the month -----------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said", "stored"),
    [
        ("es", "recuérdame el último día del mes a las 10 de la mañana pagar la comunidad",
         ("pagar la comunidad", "2026-04-30T10:00")),
        ("en", "remind me on the last day of the month at 10am to pay rent",
         ("pay rent", "2026-04-30T10:00")),
        ("es", "recuérdame a fin de mes a las 5 de la tarde pagar el cable",
         ("pagar el cable", "2026-04-30T17:00")),
        ("en", "remind me end of month at 6pm to send the invoices",
         ("send the invoices", "2026-04-30T18:00")),
        ("en", "remind me at the end of next month at 9am to renew the lease",
         ("renew the lease", "2026-05-31T09:00")),
        ("es", "recuérdame el último día de febrero a las 9 de la mañana pagar el seguro",
         ("pagar el seguro", "2027-02-28T09:00")),
    ],
)  # fmt: skip
def test_the_last_day_of_the_month_with_a_time_is_stored(
    request: pytest.FixtureRequest, lang: str, said: str, stored: tuple[str, str]
) -> None:
    api: Api = request.getfixturevalue(lang)
    api.chat(said)
    assert reminders_of(api) == [stored]


@pytest.mark.parametrize(
    ("lang", "said", "question", "answer", "stored"),
    [
        ("en", "remind me at the end of the month to pay rent", "What time on Thu 30 Apr?",
         "at 9am", ("pay rent", "2026-04-30T09:00")),
        ("es", "recuérdame a fin de mes pagar la comunidad",
         "¿A qué hora el jueves 30 de abril?", "a las 10 de la mañana",
         ("pagar la comunidad", "2026-04-30T10:00")),
    ],
)  # fmt: skip
def test_the_end_of_the_month_asks_its_time(
    request: pytest.FixtureRequest,
    lang: str,
    said: str,
    question: str,
    answer: str,
    stored: tuple[str, str],
) -> None:
    api: Api = request.getfixturevalue(lang)
    replies = talk(api, said, answer)
    assert replies[0]["reply"] == question
    assert reminders_of(api) == [stored]


def test_until_the_end_of_the_month_is_not_that_day_alone(es: Api) -> None:
    talk(
        es,
        "recuérdame el 20 de abril a las 9 de la mañana pagar la luz",
        "recuérdame el 5 de mayo a las 9 de la mañana llamar a mamá",
    )
    reply = es.chat("¿qué tengo hasta fin de mes?")["reply"]
    assert "pagar la luz" in reply  # never "nada el jueves 30 de abril"


def test_towards_the_end_of_the_month_is_still_asked(es: Api) -> None:
    reply = es.chat("recuérdame a finales de mes pagar la luz")
    assert reply["pending"]
    assert reminders_of(es) == []


# -- E-M14: "tomorrow as in monday" in the small hours --------------------------------------

ADELAIDE = ZoneInfo("Australia/Adelaide")


def _small_hours_user(app: object, client: object, zone: str, locale: str) -> Api:
    token, user_id = make_user(app, "kate", zone)
    api = Api(client, token, user_id, "kate")
    assert api.patch("/v1/users/me", json={"locale": locale}).status_code == 200
    return api


@pytest.mark.parametrize(
    ("answer", "then"),
    [
        ("tomorrow as in monday", "8am"),
        ("tomorrow, I mean monday", "in the morning"),
        ("monday", "8am"),
    ],
)
def test_tomorrow_as_in_a_weekday_picks_that_day(app, client, answer: str, then: str) -> None:  # type: ignore[no-untyped-def]
    api = _small_hours_user(app, client, "Australia/Adelaide", "en")
    with time_machine.travel(datetime(2026, 12, 7, 0, 31, tzinfo=ADELAIDE), tick=True):
        replies = talk(api, "remind me tomorrow at 8 to put the bins out", answer, then)
        assert replies[1]["reply"] == (
            "Did you mean today (Mon 7 Dec) at 8:00 AM or today (Mon 7 Dec) at 8:00 PM?"
        )
        assert reminders_of(api) == [("put the bins out", "2026-12-07T08:00")]


def test_manana_o_sea_a_weekday_picks_that_day(app, client) -> None:  # type: ignore[no-untyped-def]
    api = _small_hours_user(app, client, "America/Lima", "es-PE")
    lima = ZoneInfo("America/Lima")
    with time_machine.travel(datetime(2026, 4, 14, 0, 31, tzinfo=lima), tick=True):
        replies = talk(
            api,
            "recuérdame mañana a las 8 sacar la basura",
            "mañana o sea el martes",
            "de la noche",
        )
        assert "martes" in replies[1]["reply"]
        assert "miércoles" not in replies[1]["reply"]
        assert reminders_of(api) == [("sacar la basura", "2026-04-14T20:00")]


def test_tomorrow_alone_still_picks_tomorrow(app, client) -> None:  # type: ignore[no-untyped-def]
    api = _small_hours_user(app, client, "Australia/Adelaide", "en")
    with time_machine.travel(datetime(2026, 12, 7, 0, 31, tzinfo=ADELAIDE), tick=True):
        talk(api, "remind me tomorrow at 8 to put the bins out", "tomorrow", "8pm")
        assert reminders_of(api) == [("put the bins out", "2026-12-08T20:00")]


# -- E-L5: a weekday said to move an item a week or more ahead ------------------------------


@pytest.mark.parametrize(
    ("lang", "set_it", "move", "question", "answer", "stored"),
    [
        ("es", "recuérdame el domingo 26 a las 10 de la mañana llamar a la abuela",
         "el recordatorio de la abuela ponlo el lunes",
         "¿Quieres decir el lunes 20 de abril a las 10:00 o el lunes 27 de abril a las 10:00?",
         "el 27", ("llamar a la abuela", "2026-04-27T10:00")),
        ("en", "remind me on sunday the 26th at 10am to call grandma",
         "the grandma reminder, move it to monday",
         "Did you mean Mon 20 Apr at 10:00 AM or Mon 27 Apr at 10:00 AM?",
         "the second", ("call grandma", "2026-04-27T10:00")),
        # the tester's case: the item a week ahead, the weekday said tomorrow's
        ("es", "recuérdame el martes 21 a las 10 de la mañana llamar a la abuela",
         "el recordatorio de la abuela ponlo el miércoles",
         "¿Quieres decir mañana a las 10:00 o el miércoles 22 de abril a las 10:00?",
         "el 22", ("llamar a la abuela", "2026-04-22T10:00")),
    ],
)  # fmt: skip
def test_a_weekday_for_an_item_a_week_ahead_is_asked(
    request: pytest.FixtureRequest,
    lang: str,
    set_it: str,
    move: str,
    question: str,
    answer: str,
    stored: tuple[str, str],
) -> None:
    api: Api = request.getfixturevalue(lang)
    replies = talk(api, set_it, move, answer)
    assert replies[1]["reply"] == question
    assert reminders_of(api) == [stored]


def test_a_weekday_for_an_item_this_week_is_moved_at_once(es: Api) -> None:
    talk(
        es,
        "recuérdame el jueves a las 10 de la mañana llamar a la abuela",
        "el recordatorio de la abuela ponlo el lunes",
    )
    assert reminders_of(es) == [("llamar a la abuela", "2026-04-20T10:00")]


# -- E-L6: a dentist at a bare 10 is still asked (the rule book's 7–11) ---------------------


def test_a_bare_ten_for_the_dentist_is_asked(es: Api) -> None:
    reply = es.chat("pasado mañana a las 10 tengo dentista, recuérdamelo")
    assert reply["pending"]
    assert "10:00" in reply["reply"]
    assert "22:00" in reply["reply"]
    assert reminders_of(es) == []


# -- E-L7: a shift with nothing to shift is asked plainly, never "more than one time ()" ---------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("make it an hour later", "en"),
        ("Pilar asked me to make it an hour later", "en"),
        ("hazlo una hora más tarde", "es"),
    ],
)
def test_a_shift_alone_is_never_asked_with_empty_brackets(text: str, lang: str) -> None:
    reading = reader(datetime(2026, 4, 14, 19, 30, tzinfo=UTC), lang)(text)
    assert reading.at is None
    assert reading.question
    assert "()" not in reading.question
    assert reading.ask != "correction"
