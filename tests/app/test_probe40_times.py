"""Probe 40, times (the tester's clock: Monday 7 December 2026, about 08:10-08:27 UTC: 03:10 in
Lima, 02:10 in Mexico City, 05:10 in Buenos Aires, 08:10 in London, 09:10 in Madrid).

- U-H1: 12 or 12:xx said with the night ("tonight at 12:30", "esta noche a las 12 y media", "a
  las 12 y media de la noche", "friday night at 12:15", "12:30 in the morning") was stored at
  noon. 12:xx is the small hours of that night (its day asked when unsure, as "at 1 tonight");
  12 itself is asked as "12 de la noche" is.
- U-H7: a dictated "a las 6 30 de la tarde", "at 6 30 pm" lost its minutes (18:00).
- U-H10: "el 15 de diciembre de 16:00 a 17:00" booked the meeting today.
- U-H12: "el otro martes" (Mexico, Argentina: next week's) was stored as this week's with "el
  otro" in the text: which of the two is asked.
- U-H16: "de hoy en 8", "de hoy en 15" were stored today; "en 15 días", "dentro de ocho días"
  for a reminder counted the days said while the agenda reads two weeks / one: both offered.
- U-H17: "1 hour and 20 minutes", "1 hour 30", "una hora y veinte minutos" were 60 minutes, for
  timers and meetings.
- U-H3: "la víspera", "the day prior" were stored today with the words in the text.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.app.conftest import (
    BUENOS_AIRES,
    LIMA,
    LONDON,
    MADRID,
    NEW_YORK,
    PROBE40_MORNING,
    meetings_of,
    reminders_of,
    talk,
    zoned_user,
)

# the tester's clock: Monday 7 December 2026, 08:15 UTC
PROBE = PROBE40_MORNING
_user = zoned_user
MEXICO = ZoneInfo("America/Mexico_City")


def _read(text: str, lang: str, zone: ZoneInfo, now: datetime = PROBE) -> Any:
    from app.skills.when import read_time

    return read_time(text, zone, now, lang)


def _at(reading: Any, zone: ZoneInfo) -> str:
    assert reading.at is not None, (reading.ask, reading.question)
    return reading.at.astimezone(zone).strftime("%Y-%m-%dT%H:%M")


def _options(reading: Any, zone: ZoneInfo) -> list[str]:
    return [o.astimezone(zone).strftime("%Y-%m-%dT%H:%M") for o in reading.options]


# -- U-H1: twelve at night is never noon --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "zone"),
    [
        ("set an alarm for 12:30 tonight", "en", LONDON),
        ("remind me at 12:30 tonight to take the chicken out", "en", LONDON),
        ("wake me up at 12.15 tonight", "en", LONDON),
        ("book a call with Tokyo tonight at 12:30", "en", NEW_YORK),
        ("remind me at 12:30 in the morning to feed the baby", "en", LONDON),
        ("remind me tonight at 12:45 to lock up", "en", NEW_YORK),
        ("pon una alarma esta noche a las 12 y media", "es", MADRID),
        ("recuérdame esta noche a las 12:30 sacar la ropa de la lavadora", "es", MADRID),
        ("a las 12 y media de la noche recuerdame tomar la pastilla", "es", LIMA),
        ("recuerdame esta noche a las 12 y cuarto sacar la basura", "es", LIMA),
    ],
)  # fmt: skip
def test_twelve_something_tonight_is_the_small_hours(text: str, lang: str, zone: ZoneInfo) -> None:
    found = _read(text, lang, zone)
    assert found.at is None  # today's 00:xx has passed (said in the morning): asked
    assert found.ask == "past"
    minute = "15" if "12.15" in text or "cuarto" in text else "45" if "12:45" in text else "30"
    assert _options(found, zone) == [f"2026-12-08T00:{minute}"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("set an alarm for 12:30 tonight", "en"),
        ("recuérdame esta noche a las 12 y media sacar la ropa", "es"),
        ("a las 12 y media de la noche recuerdame tomar la pastilla", "es"),
    ],
)
def test_twelve_something_tonight_said_in_the_evening_is_after_midnight(
    text: str, lang: str
) -> None:
    evening = datetime(2026, 12, 7, 21, 0, tzinfo=LIMA)
    assert _at(_read(text, lang, LIMA, evening), LIMA) == "2026-12-08T00:30"


@pytest.mark.parametrize(
    ("text", "lang", "zone"),
    [
        ("remind me tonight at 12 to take my meds", "en", LONDON),
        ("recuérdame esta noche a las 12 apagar la calefacción", "es", MADRID),
        ("esta noche a las doce recuerdame apagar la terma", "es", LIMA),
    ],
)
def test_twelve_tonight_asks_the_midnight_question(text: str, lang: str, zone: ZoneInfo) -> None:
    found = _read(text, lang, zone)
    assert found.at is None
    assert found.ask == "ambiguous_hour"
    assert _options(found, zone) == ["2026-12-08T00:00"]


@pytest.mark.parametrize(
    ("text", "lang", "zone", "options"),
    [
        ("remind me friday night at 12:15 to text Mia", "en", NEW_YORK,
         ["2026-12-11T00:15", "2026-12-12T00:15"]),
        ("recuérdame mañana por la noche a las 12 y cuarto mirar el horno", "es", MADRID,
         ["2026-12-08T00:15", "2026-12-09T00:15"]),
        ("remind me tomorrow night at 12 to check the oven", "en", LONDON,
         ["2026-12-08T00:00", "2026-12-09T00:00"]),
    ],
)  # fmt: skip
def test_twelve_on_a_named_night_asks_which(
    text: str, lang: str, zone: ZoneInfo, options: list[str]
) -> None:
    found = _read(text, lang, zone)
    assert found.at is None
    assert _options(found, zone) == options


@pytest.mark.parametrize(
    ("text", "lang", "at"),
    [
        ("remind me tonight at half 11 to lock the shed", "en", "2026-12-07T23:30"),
        ("remind me today at 12:30 to call Ana", "en", "2026-12-07T12:30"),
        ("recuérdame hoy a las 12:30 del mediodía llamar a Ana", "es", "2026-12-07T12:30"),
        ("recuérdame mañana a las 12 y media almorzar con Ana", "es", "2026-12-08T12:30"),
    ],
)
def test_twelve_by_day_stays_noon(text: str, lang: str, at: str) -> None:
    assert _at(_read(text, lang, LONDON), LONDON) == at


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("remind me at 12:30 to take the chicken out tonight", "en"),
        ("recuérdame a las 12 y media sacar la ropa esta noche", "es"),
    ],
)
@pytest.mark.parametrize("hour", [8, 21])
def test_twelve_something_with_the_night_said_apart_is_asked(
    text: str, lang: str, hour: int
) -> None:
    found = _read(text, lang, LONDON, datetime(2026, 12, 7, hour, 0, tzinfo=UTC))
    assert found.at is None
    assert found.question is not None


def test_twelve_thirty_tonight_through_the_chat_is_not_stored_at_noon(
    app: Any, client: Any, probe_clock: None
) -> None:
    tom = _user(app, client, "Europe/London", "en", "tom")
    replies = talk(tom, "set an alarm for 12:30 tonight", "yes")
    assert "12:30 AM" in replies[0]["reply"], replies[0]["reply"]
    assert [r["due_at"][:16] for r in tom.get("/v1/reminders").json["reminders"]] == [
        "2026-12-08T00:30"
    ]
    carmen = _user(app, client, "Europe/Madrid", "es", "carmen")
    reply = carmen.chat("recuérdame esta noche a las 12:30 sacar la ropa de la lavadora")
    assert "0:30" in reply["reply"], reply["reply"]
    assert reminders_of(carmen) == []


# -- U-H7: minutes dictated with a space -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "zone", "at"),
    [
        ("recuérdame mañana a las 6 30 de la tarde ir por el pan", "es", MADRID,
         "2026-12-08T18:30"),
        ("recuerdame el jueves a las 7 30 de la noche ir al gimnasio", "es", MEXICO,
         "2026-12-10T19:30"),
        ("recordame el viernes a las 8 45 de la mañana ir al banco", "es", BUENOS_AIRES,
         "2026-12-11T08:45"),
        ("recuérdame el viernes a las 18 15 llamar a Toni", "es", MADRID, "2026-12-11T18:15"),
        ("remind me on thursday at 6 30 pm to go to the gym", "en", LONDON, "2026-12-10T18:30"),
        ("remind me on friday at 7 45 am to call the bank", "en", NEW_YORK, "2026-12-11T07:45"),
    ],
)  # fmt: skip
def test_minutes_dictated_with_a_space_are_kept(
    text: str, lang: str, zone: ZoneInfo, at: str
) -> None:
    found = _read(text, lang, zone)
    assert _at(found, zone) == at
    assert not any(ch.isdigit() for ch in found.remainder), found.remainder


def test_minutes_dictated_with_a_space_when_the_day_is_asked(
    app: Any, client: Any, probe_clock: None
) -> None:
    lupita = _user(app, client, "America/Mexico_City", "es", "lupita")
    replies = talk(
        lupita, "recuerdame mañana a las 6 30 de la tarde ir por las tortillas", "mañana"
    )
    assert "18:30" in replies[0]["reply"], replies[0]["reply"]
    assert reminders_of(lupita) == [("ir por las tortillas", "2026-12-08T18:30")]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("remind me at 6 to call 30 people", "en"),
        ("recuérdame a las 6 llamar a 30 personas", "es"),
    ],
)
def test_a_count_after_the_hour_is_no_minutes(text: str, lang: str) -> None:
    found = _read(text, lang, LIMA, datetime(2026, 12, 7, 10, 0, tzinfo=LIMA))
    assert found.at is None or found.at.astimezone(LIMA).minute == 0


# -- U-H10: a Spanish date in words, then a range in 24-hour digits ----------------------------


@pytest.mark.parametrize(
    ("text", "zone", "start", "end"),
    [
        ("reunión con Toni el 15 de diciembre de 16:00 a 17:00", MADRID,
         "2026-12-15T16:00", "17:00"),
        ("agenda una reunión con Pili el 30 de diciembre de 22:00 a 23:30", MADRID,
         "2026-12-30T22:00", "23:30"),
        ("agendame una reunion con el profe el 18 de diciembre de 15:00 a 16:00", LIMA,
         "2026-12-18T15:00", "16:00"),
        ("tengo clase de ingles el 16 de diciembre de 18:00 a 20:00, agendala", LIMA,
         "2026-12-16T18:00", "20:00"),
        ("reunión con Toni el 3 de enero de 16:00 hasta las 17:30", LIMA,
         "2027-01-03T16:00", "17:30"),
    ],
)  # fmt: skip
def test_a_date_in_words_keeps_its_digit_range(
    text: str, zone: ZoneInfo, start: str, end: str
) -> None:
    found = _read(text, "es", zone)
    assert _at(found, zone) == start
    assert found.end is not None
    assert found.end.astimezone(zone).strftime("%H:%M") == end
    assert "diciembre" not in found.remainder
    assert "enero" not in found.remainder


def test_a_date_in_words_keeps_its_day_when_the_hour_is_asked() -> None:
    found = _read("recuerdame el 20 de diciembre de 9:00 a 10:00 la clase de yoga", "es", LIMA)
    assert found.at is None
    assert _options(found, LIMA) == ["2026-12-20T09:00", "2026-12-20T21:00"]


def test_a_date_in_words_books_that_day(app: Any, client: Any, probe_clock: None) -> None:
    carmen = _user(app, client, "Europe/Madrid", "es", "carmen")
    carmen.chat("reunión con Toni el 15 de diciembre de 16:00 a 17:00")
    meetings = carmen.get("/v1/meetings").json["meetings"]
    assert [(m["starts_at"][:16], m["ends_at"][:16]) for m in meetings] == [
        ("2026-12-15T16:00", "2026-12-15T17:00")
    ]


# -- U-H12: "el otro martes" ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "zone", "options", "remainder"),
    [
        ("recuerdame el otro martes a las 10 de la mañana ir al doctor", MEXICO,
         ["2026-12-08T10:00", "2026-12-15T10:00"], "recuerdame ir al doctor"),
        ("recuerdame el otro jueves a las 5 de la tarde recoger los lentes", MEXICO,
         ["2026-12-10T17:00", "2026-12-17T17:00"], "recuerdame recoger los lentes"),
        ("recordame el otro viernes a las 8 de la noche el asado", BUENOS_AIRES,
         ["2026-12-11T20:00", "2026-12-18T20:00"], "recordame el asado"),
        # said on that weekday: the next one or the one after
        ("recordame el otro lunes a las 9 de la mañana pagar la luz", BUENOS_AIRES,
         ["2026-12-14T09:00", "2026-12-21T09:00"], "recordame pagar la luz"),
    ],
)  # fmt: skip
def test_the_other_weekday_asks_which(
    text: str, zone: ZoneInfo, options: list[str], remainder: str
) -> None:
    found = _read(text, "es", zone)
    assert found.at is None
    assert found.ask == "ambiguous_date"
    assert _options(found, zone) == options
    assert found.remainder == remainder


@pytest.mark.parametrize(
    ("answer", "due"),
    [
        ("el 15", "2026-12-15T10:00"),
        ("el de la otra semana", "2026-12-15T10:00"),
        ("la otra semana", "2026-12-15T10:00"),
        ("el de la semana que viene", "2026-12-15T10:00"),
        ("el de esta semana", "2026-12-08T10:00"),
    ],
)
def test_the_other_weekday_stores_the_one_chosen(
    app: Any, client: Any, probe_clock: None, answer: str, due: str
) -> None:
    lupita = _user(app, client, "America/Mexico_City", "es", "lupita")
    replies = talk(lupita, "recuerdame el otro martes a las 10 de la mañana ir al doctor", answer)
    assert "martes 15" in replies[0]["reply"], replies[0]["reply"]
    assert "martes 8" in replies[0]["reply"], replies[0]["reply"]
    assert reminders_of(lupita) == [("ir al doctor", due)]


@pytest.mark.parametrize(
    ("answer", "due"), [("next week's", "2026-12-15"), ("this week's", "2026-12-08")]
)
def test_which_week_answers_in_english(
    app: Any, client: Any, probe_clock: None, answer: str, due: str
) -> None:
    mike = _user(app, client, "America/New_York", "en", "mike")
    talk(mike, "remind me on tuesday at 10am to call the doctor", "next tuesday", answer)
    assert reminders_of(mike) == [("call the doctor", f"{due}T10:00")]


# -- U-H16: Spanish week counts --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "at"),
    [
        ("recordame de hoy en 8 a las 10 de la mañana pagar el monotributo", "2026-12-14T10:00"),
        ("recordame de hoy en 15 a las 9 de la mañana pagar la expensa", "2026-12-21T09:00"),
        ("recordame de hoy en ocho a las 10 de la mañana pagar el monotributo",
         "2026-12-14T10:00"),
        ("recuérdame de hoy en quince a las 10 de la mañana pasar la ITV", "2026-12-21T10:00"),
    ],
)  # fmt: skip
def test_from_today_in_eight_or_fifteen(text: str, at: str) -> None:
    found = _read(text, "es", BUENOS_AIRES)
    assert _at(found, BUENOS_AIRES) == at
    assert "hoy" not in found.remainder
    assert "8" not in found.remainder


@pytest.mark.parametrize(
    ("text", "options"),
    [
        ("recuérdame dentro de quince días a las 10 de la mañana pasar la ITV",
         ["2026-12-21T10:00", "2026-12-22T10:00"]),
        ("recuérdame en 15 días a las 10 de la mañana pasar la ITV",
         ["2026-12-21T10:00", "2026-12-22T10:00"]),
        ("recordame en 8 dias a las 9 de la mañana renovar el registro",
         ["2026-12-14T09:00", "2026-12-15T09:00"]),
        ("recuérdame dentro de ocho días a las 9 de la mañana renovar el DNI",
         ["2026-12-14T09:00", "2026-12-15T09:00"]),
    ],
)  # fmt: skip
def test_eight_or_fifteen_days_offers_the_week_and_the_count(text: str, options: list[str]) -> None:
    found = _read(text, "es", MADRID)
    assert found.at is None
    assert found.ask == "ambiguous_date"
    assert _options(found, MADRID) == options


def test_other_day_counts_are_read_as_said() -> None:
    found = _read("recordame en 3 dias a las 9 de la mañana renovar el registro", "es", MADRID)
    assert _at(found, MADRID) == "2026-12-10T09:00"
    found = _read("remind me in 15 days at 9am to renew the permit", "en", LONDON)
    assert _at(found, LONDON) == "2026-12-22T09:00"


def test_from_today_in_eight_through_the_chat(app: Any, client: Any, probe_clock: None) -> None:
    sofi = _user(app, client, "America/Argentina/Buenos_Aires", "es", "sofi")
    sofi.chat("recordame de hoy en 8 a las 10 de la mañana pagar el monotributo")
    assert reminders_of(sofi) == [("pagar el monotributo", "2026-12-14T10:00")]
    for asked in ("que tengo de hoy en 8?", "¿qué tengo de hoy en ocho?"):
        reply = sofi.chat(asked)["reply"]
        assert "lunes 14 de diciembre" in reply, reply
        assert "pagar el monotributo" in reply, reply
    reply = sofi.chat("¿qué tengo de hoy en 15?")["reply"]
    assert "lunes 21 de diciembre" in reply, reply


def test_fifteen_days_for_a_reminder_lands_where_the_agenda_looks(
    app: Any, client: Any, probe_clock: None
) -> None:
    javier = _user(app, client, "Europe/Madrid", "es", "javier")
    replies = talk(
        javier,
        "recuérdame dentro de quince días a las 10 de la mañana pasar la ITV",
        "el lunes",
        "qué tengo dentro de quince días?",
    )
    assert "lunes 21 de diciembre" in replies[0]["reply"], replies[0]["reply"]
    assert "martes 22 de diciembre" in replies[0]["reply"], replies[0]["reply"]
    assert reminders_of(javier) == [("pasar la ITV", "2026-12-21T10:00")]
    assert "lunes 21 de diciembre" in replies[2]["reply"], replies[2]["reply"]
    assert "pasar la ITV" in replies[2]["reply"], replies[2]["reply"]


# -- U-H17: lengths in hours and minutes -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "minutes"),
    [
        ("set a timer for 1 hour 30", "en", 90),
        ("set a timer for 1 hour 15", "en", 75),
        ("set a timer for 2 hours 45", "en", 165),
        ("set a timer for 1 hour and 20 minutes", "en", 80),
        ("set a timer for an hour and 10 minutes", "en", 70),
        ("set a timer for one hour twenty minutes", "en", 80),
        ("set a timer for 2 hrs 5 mins", "en", 125),
        ("pon un temporizador de 1 hora 20", "es", 80),
        ("poné un timer de 1 hora 10 para la torta", "es", 70),
        ("pon un temporizador de 1 hora y 20 minutos", "es", 80),
        ("pon un temporizador de una hora y veinte minutos", "es", 80),
        ("temporizador de 2 horas y cuarenta y cinco minutos", "es", 165),
        ("temporizador de 1 hora y 20 minutos para el pastel", "es", 80),
    ],
)
def test_a_length_in_hours_and_minutes(text: str, lang: str, minutes: int) -> None:
    from app.skills.when import read_duration

    assert read_duration(text, lang) == timedelta(minutes=minutes)


@pytest.mark.parametrize(
    ("text", "lang", "minutes"),
    [
        ("an hour and a half", "en", 90),
        ("1 hour and a quarter", "en", 75),
        ("dos horas y media", "es", 150),
        ("for 2 hours 3 days a week", "en", 120),
        ("por 1 hora 2 veces", "es", 60),
        ("for 45 minutes", "en", 45),
        ("por 120 minutos", "es", 120),
        ("por 20 horas", "es", 1200),
    ],
)
def test_other_lengths_are_unchanged(text: str, lang: str, minutes: int) -> None:
    from app.skills.when import read_duration

    assert read_duration(text, lang) == timedelta(minutes=minutes)


@pytest.mark.parametrize(
    ("text", "lang", "zone", "start", "end"),
    [
        ("book a meeting with Kate on thursday at 2pm for 1 hour and 30 minutes", "en", LONDON,
         "2026-12-10T14:00", "15:30"),
        ("reunión con Sergio el jueves a las 12 del mediodía durante 1 hora y 15 minutos", "es",
         MADRID, "2026-12-10T12:00", "13:15"),
        ("book a call with Raj on friday at 10am for 1 hour 45", "en", NEW_YORK,
         "2026-12-11T10:00", "11:45"),
        ("agenda una junta con Paty el viernes a las 10 de la mañana por una hora y media",
         "es", MEXICO, "2026-12-11T10:00", "11:30"),
    ],
)  # fmt: skip
def test_a_meeting_length_in_hours_and_minutes(
    text: str, lang: str, zone: ZoneInfo, start: str, end: str
) -> None:
    found = _read(text, lang, zone)
    assert _at(found, zone) == start
    assert found.end is not None
    assert found.end.astimezone(zone).strftime("%H:%M") == end


@pytest.mark.parametrize(
    ("text", "lang", "at"),
    [
        ("remind me in 1 hour 30 to move the car", "en", "2026-12-07T09:45"),
        ("in an hour and 45 minutes call Sam", "en", "2026-12-07T10:00"),
        ("recuérdame en 1 hora y 20 minutos sacar el pan", "es", "2026-12-07T09:35"),
        ("recuérdame en 105 minutos sacar el pan", "es", "2026-12-07T10:00"),
    ],
)
def test_an_offset_in_hours_and_minutes(text: str, lang: str, at: str) -> None:
    assert _at(_read(text, lang, LONDON), LONDON) == at


@pytest.mark.parametrize(
    ("lang", "message", "minutes"),
    [
        ("en", "set a timer for 1 hour 30", 90),
        ("en", "set a timer for 1 hour and 20 minutes", 80),
        ("es", "pon un temporizador de una hora y veinte minutos", 80),
        ("es", "temporizador de 1 hora y 20 minutos para el pastel", 80),
    ],
)
def test_a_timer_in_hours_and_minutes_through_the_chat(
    app: Any, client: Any, probe_clock: None, lang: str, message: str, minutes: int
) -> None:
    zone = "Europe/London" if lang == "en" else "Europe/Madrid"
    api = _user(app, client, zone, lang)
    reply = api.chat(message)
    assert f"{minutes} minut" in reply["reply"], reply["reply"]
    timers = [r for r in api.get("/v1/reminders").json["reminders"] if r["kind"] == "timer"]
    assert len(timers) == 1
    due = datetime.fromisoformat(timers[0]["due_at"])
    assert abs(due - (PROBE + timedelta(minutes=minutes))) < timedelta(minutes=2)


def test_a_meeting_in_hours_and_minutes_through_the_chat(
    app: Any, client: Any, probe_clock: None
) -> None:
    tom = _user(app, client, "Europe/London", "en", "tom")
    tom.chat("book a meeting with Kate on thursday at 2pm for 1 hour and 30 minutes")
    meetings = tom.get("/v1/meetings").json["meetings"]
    assert [(m["starts_at"][:16], m["ends_at"][:16]) for m in meetings] == [
        ("2026-12-10T14:00", "2026-12-10T15:30")
    ]
    assert meetings_of(tom)[0][0] == "Meeting with Kate"


# -- U-H3: "la víspera", "the day prior" ------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "zone", "booked", "asked", "text", "due"),
    [
        ("es", "Europe/Madrid",
         "buenas, apúntame cita con el dentista el jueves a las cinco y media de la tarde",
         "vale, y recuérdame la víspera a las nueve de la noche que tengo que llevar el informe",
         "tengo que llevar el informe", "2026-12-09T21:00"),
        ("es", "America/Lima",
         "agenda una reunión con Ana el jueves a las 10 de la mañana",
         "recuérdame el día previo a las 8 de la noche preparar la presentación",
         "preparar la presentación", "2026-12-09T20:00"),
        ("en", "America/New_York",
         "book a meeting with Raj on friday at 9:30am",
         "remind me the day prior at 6pm to iron my shirt", "iron my shirt", "2026-12-10T18:00"),
        ("en", "Europe/London",
         "book a meeting with Kate on thursday at 2pm",
         "remind me the night prior to print the slides", "print the slides",
         "2026-12-09T20:00"),
    ],
)  # fmt: skip
def test_the_eve_of_a_meeting_is_the_day_before_it(
    app: Any,
    client: Any,
    probe_clock: None,
    lang: str,
    zone: str,
    booked: str,
    asked: str,
    text: str,
    due: str,
) -> None:
    api = _user(app, client, zone, lang)
    replies = talk(api, booked, asked)
    assert len(api.get("/v1/meetings").json["meetings"]) == 1, replies[0]["reply"]
    assert reminders_of(api) == [(text, due)], replies[1]["reply"]


def test_the_eve_of_the_meeting_named(app: Any, client: Any, probe_clock: None) -> None:
    carmen = _user(app, client, "Europe/Madrid", "es", "carmen")
    talk(
        carmen,
        "buenas, apúntame cita con el dentista el jueves a las cinco y media de la tarde",
        "recuérdame la víspera de la cita con el dentista a las 9 de la noche llevar el informe",
    )
    assert reminders_of(carmen) == [("llevar el informe", "2026-12-09T21:00")]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("recuérdame la víspera a las 9 de la noche llevar el informe", "es"),
        ("remind me the day prior at 6pm to iron my shirt", "en"),
    ],
)
def test_the_eve_alone_is_never_today(text: str, lang: str) -> None:
    found = _read(text, lang, MADRID)
    assert found.at is None
    assert "víspera" not in found.remainder
    assert "prior" not in found.remainder


def test_a_feast_eve_is_still_its_date() -> None:
    found = _read("recuérdame la víspera de Navidad a las 8 de la noche comprar vino", "es", MADRID)
    assert _at(found, MADRID) == "2026-12-24T20:00"


# -- U-H17 and U-H7, variants: compact lengths, a meeting made longer, dictated ranges ----------


@pytest.mark.parametrize(
    ("text", "lang", "minutes"),
    [
        ("timer for 1h 30m", "en", 90),
        ("timer for 1hr30", "en", 90),
        ("temporizador de 1h30", "es", 90),
        ("temporizador de 2h 15min", "es", 135),
    ],
)
def test_a_compact_length_in_hours_and_minutes(text: str, lang: str, minutes: int) -> None:
    from app.skills.when import read_duration

    assert read_duration(text, lang) == timedelta(minutes=minutes)
    assert _read(text, lang, LIMA).at is None  # never a clock time ("1h30" as 13:30)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("reunión el jueves de 9h30 a 10h30", "es"),
        ("reunión el jueves a las 17h30", "es"),
    ],
)
def test_clock_times_written_with_h_are_no_lengths(text: str, lang: str) -> None:
    from app.skills.when import read_duration

    assert read_duration(text, lang) is None


@pytest.mark.parametrize(
    ("lang", "zone", "booked", "longer", "end"),
    [
        ("en", "Europe/London", "book a meeting with Kate on thursday at 2pm",
         "make it 1 hour and 30 minutes long", "2026-12-10T15:30"),
        ("es", "Europe/Madrid", "agenda una reunión con Toni el jueves a las 4 de la tarde",
         "que dure una hora y veinte minutos", "2026-12-10T17:20"),
    ],
)  # fmt: skip
def test_a_meeting_made_hours_and_minutes_long(
    app: Any, client: Any, probe_clock: None, lang: str, zone: str, booked: str, longer: str,
    end: str,
) -> None:  # fmt: skip
    api = _user(app, client, zone, lang)
    talk(api, booked, longer)
    meetings = api.get("/v1/meetings").json["meetings"]
    assert [m["ends_at"][:16] for m in meetings] == [end]
    assert api.get("/v1/reminders").json["reminders"] == []  # no timer set instead


@pytest.mark.parametrize(
    ("text", "lang", "start", "end"),
    [
        ("agenda una reunion con Ana el jueves de 3 30 a 4 30 de la tarde", "es",
         "2026-12-10T15:30", "16:30"),
        ("agenda una reunion con Ana el jueves de 3 a 4 30 de la tarde", "es",
         "2026-12-10T15:00", "16:30"),
        ("book a meeting with Ana on thursday from 9 15 to 10 45 am", "en",
         "2026-12-10T09:15", "10:45"),
    ],
)  # fmt: skip
def test_a_dictated_range_keeps_its_minutes(text: str, lang: str, start: str, end: str) -> None:
    found = _read(text, lang, LIMA)
    assert _at(found, LIMA) == start
    assert found.end is not None
    assert found.end.astimezone(LIMA).strftime("%H:%M") == end


@pytest.mark.parametrize(
    ("lang", "zone", "booked", "asked", "due"),
    [
        ("en", "Europe/London", "book a meeting with Kate on thursday at 2pm",
         "remind me 1 hour 30 minutes before", "2026-12-10T12:30"),
        ("en", "Europe/London", "book a meeting with Kate on thursday at 2pm",
         "remind me an hour and 15 minutes before", "2026-12-10T12:45"),
        ("es", "Europe/Madrid", "agenda una reunión con Toni el jueves a las 4 de la tarde",
         "recuérdame 1 hora y media antes", "2026-12-10T14:30"),
        ("es", "Europe/Madrid", "agenda una reunión con Toni el jueves a las 4 de la tarde",
         "avísame una hora y veinte minutos antes", "2026-12-10T14:40"),
    ],
)  # fmt: skip
def test_a_reminder_hours_and_minutes_before_a_meeting(
    app: Any, client: Any, probe_clock: None, lang: str, zone: str, booked: str, asked: str,
    due: str,
) -> None:  # fmt: skip
    api = _user(app, client, zone, lang)
    replies = talk(api, booked, asked)
    assert [r[1] for r in reminders_of(api)] == [due], replies[1]["reply"]
