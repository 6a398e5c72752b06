"""Times as people say them, found misread by a tester with users in Lima, New York, Madrid and
Tokyo: two hours offered with one "or", clock times written as words, wake-up alarms, and common
Peruvian forms (``docs/assistant.md``, "How times are read"). A wrong stored time is the worst
outcome: where the reader cannot be sure it asks, and the words it read as time never stay in the
item's text."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from app.skills.when import Reading, local_text, read_time
from tests.app.conftest import LIMA, MADRID, NEW_YORK, TOKYO, Api, local

# Wednesday 25 November 2026, 15:00:30 UTC: 10:00 in Lima and New York, 16:00 in Madrid, and
# Thursday 00:00 in Tokyo
NOW = datetime(2026, 11, 25, 15, 0, 30, tzinfo=UTC)


def read(text: str, lang: str = "en", zone: ZoneInfo = LIMA, now: datetime = NOW) -> Reading:
    return read_time(text, zone, now, lang)


# -- 1. two hours offered with one "or" ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "zone", "remainder", "offered"),
    [
        ("recuerdame mañana como a las 5 o 6 ir al doctor", "es", LIMA, "recuerdame ir al doctor",
         ["2026-11-26T17:00", "2026-11-26T18:00"]),
        ("recuerdame mañana a las 3 o 4 llamar a Luis", "es", LIMA, "recuerdame llamar a Luis",
         ["2026-11-26T15:00", "2026-11-26T16:00"]),
        ("recuerdame mañana a las 3 ó 4 llamar a Luis", "es", LIMA, "recuerdame llamar a Luis",
         ["2026-11-26T15:00", "2026-11-26T16:00"]),
        ("recuérdame mañana a las cinco o seis ir al doctor", "es", MADRID,
         "recuérdame ir al doctor", ["2026-11-26T17:00", "2026-11-26T18:00"]),
        ("remind me tomorrow at 3 or 4 to call Luis", "en", NEW_YORK, "remind me to call Luis",
         ["2026-11-26T15:00", "2026-11-26T16:00"]),
        ("remind me tomorrow around 5 or 6 to go to the doctor", "en", NEW_YORK,
         "remind me to go to the doctor", ["2026-11-26T17:00", "2026-11-26T18:00"]),
        ("book a meeting with Ann tomorrow at 2 or 3", "en", NEW_YORK, "book a meeting with Ann",
         ["2026-11-26T14:00", "2026-11-26T15:00"]),
        ("remind me tomorrow at 3pm or 4 to call Luis", "en", TOKYO, "remind me to call Luis",
         ["2026-11-27T15:00", "2026-11-27T16:00"]),
        ("wake me up tomorrow at 5 or 6", "en", NEW_YORK, "wake me up",
         ["2026-11-26T05:00", "2026-11-26T06:00"]),
        ("mañana a las 3 o a las 4", "es", LIMA, "", ["2026-11-26T15:00", "2026-11-26T16:00"]),
        # each hour still open (7–11): the words said are named
        ("agenda una cita con Ana mañana a las 7 u 8", "es", LIMA, "agenda una cita con Ana", []),
    ],
)  # fmt: skip
def test_two_hours_with_one_or_ask_which(
    text: str, lang: str, zone: ZoneInfo, remainder: str, offered: list[str]
) -> None:
    reading = read(text, lang, zone)
    assert (reading.ask, reading.at) == ("correction", None), reading
    question = reading.question or ""
    for moment in offered:  # the question names both moments
        at = datetime.fromisoformat(moment).replace(tzinfo=zone)
        assert local_text(at, zone, NOW, lang) in question, question
    if not offered:
        assert "7 u 8" in question, question
    # the day said is kept for an answer naming the hour ("a las 4")
    assert reading.day == NOW.astimezone(zone).date() + timedelta(days=1)
    assert reading.remainder == remainder


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("tomorrow at 3 or 4pm", "en"),
        ("friday or monday at 10am", "en"),
        ("el sábado o el domingo a las 10 am", "es"),
        # two days of the month offered ("el 15 o 16" was read as 16:00 on the 15th)
        ("el 15 o 16 a las 3 pm", "es"),
        ("on the 15th or 16th at 3pm", "en"),
    ],
)
def test_two_times_already_read_still_ask(text: str, lang: str) -> None:
    reading = read(text, lang)
    assert reading.ask == "correction"
    assert reading.day is None  # two days offered: none is kept for the answer
    assert reading.remainder == ""


@pytest.mark.parametrize(
    ("text", "lang", "expected", "remainder"),
    [
        ("buy 3 or 4 apples tomorrow at 5pm", "en", "2026-11-26T17:00", "buy 3 or 4 apples"),
        ("remind me tomorrow at 5pm to buy 3 or 4 apples", "en", "2026-11-26T17:00",
         "remind me to buy 3 or 4 apples"),
        ("compra 3 o 4 manzanas mañana a las 5 de la tarde", "es", "2026-11-26T17:00",
         "compra 3 o 4 manzanas"),
        ("recuérdame mañana a las 5 de la tarde comprar 3 o 4 panes", "es", "2026-11-26T17:00",
         "recuérdame comprar 3 o 4 panes"),
    ],
)  # fmt: skip
def test_a_number_in_the_text_is_not_a_second_hour(
    text: str, lang: str, expected: str, remainder: str
) -> None:
    reading = read(text, lang)
    assert local(reading) == expected
    assert reading.remainder == remainder


# -- 2. clock times written as words -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "expected", "remainder"),
    [
        ("recuerdame mañana a las cinco comprar pan", "es", "2026-11-26T17:00",
         "recuerdame comprar pan"),
        ("recuerdame mañana a las dos de la tarde comprar pan", "es", "2026-11-26T14:00",
         "recuerdame comprar pan"),
        ("recuerdame mañana a las siete de la noche comprar pan", "es", "2026-11-26T19:00",
         "recuerdame comprar pan"),
        ("recuerdame mañana a las tres y media de la tarde comprar pan", "es",
         "2026-11-26T15:30", "recuerdame comprar pan"),
        ("recuerdame mañana a las once y media de la noche comprar pan", "es",
         "2026-11-26T23:30", "recuerdame comprar pan"),
        ("recuerdame mañana a las 6 menos cuarto de la tarde comprar pan", "es",
         "2026-11-26T17:45", "recuerdame comprar pan"),
        ("recuerdame mañana a la una de la tarde comprar pan", "es", "2026-11-26T13:00",
         "recuerdame comprar pan"),
        ("remind me tomorrow at two thirty pm to call Rocio", "en", "2026-11-26T14:30",
         "remind me to call Rocio"),
        ("remind me tomorrow at a quarter to six pm to leave for the airport", "en",
         "2026-11-26T17:45", "remind me to leave for the airport"),
        ("remind me tomorrow at half past seven in the evening to call mom", "en",
         "2026-11-26T19:30", "remind me to call mom"),
        ("call Rocio at one thirty pm tomorrow", "en", "2026-11-26T13:30", "call Rocio"),
    ],
)  # fmt: skip
def test_clock_words_are_all_time_words(
    text: str, lang: str, expected: str, remainder: str
) -> None:
    reading = read(text, lang, NEW_YORK)
    assert local(reading, NEW_YORK) == expected
    assert reading.remainder == remainder
    for word in ("cinco", "dos", "siete", "tres", "once", "menos", "una", "two", "six", "seven"):
        if word in text.split():
            assert word in reading.phrase.split(), reading.phrase


@pytest.mark.parametrize(
    ("text", "lang", "expected", "remainder"),
    [
        # the parser joined the day to the hour across these words and read the number as the
        # hour (14:00, 13:00) before
        ("esta noche compra dos panes a las 8", "es", "2026-11-25T20:00", "compra dos panes"),
        ("mañana compra dos panes a las 5", "es", "2026-11-26T17:00", "compra dos panes"),
        ("esta noche llama a una amiga a las 8", "es", "2026-11-25T20:00", "llama a una amiga"),
        ("tonight buy two loaves at 8", "en", "2026-11-25T20:00", "buy two loaves"),
        ("esta noche llama a mamá a las ocho", "es", "2026-11-25T20:00", "llama a mamá"),
    ],
)
def test_number_words_of_the_text_are_no_hour(
    text: str, lang: str, expected: str, remainder: str
) -> None:
    reading = read(text, lang)
    assert local(reading) == expected
    assert reading.remainder == remainder


# -- 3. wake-up alarms -------------------------------------------------------------------------

# Wednesday 25 November 2026, 21:00 in Tokyo (12:00 UTC)
TOKYO_EVENING = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
# Wednesday 25 November 2026, 02:00 in Lima (07:00 UTC)
LIMA_NIGHT = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "lang", "zone", "now", "expected"),
    [
        ("wake me up at 6", "en", TOKYO, NOW, "2026-11-26T06:00"),
        ("wake me up at 8", "en", TOKYO, NOW, "2026-11-26T08:00"),
        ("wake me up at 5 tomorrow", "en", TOKYO, TOKYO_EVENING, "2026-11-26T05:00"),
        ("despiertame a las 5", "es", LIMA, LIMA_NIGHT, "2026-11-25T05:00"),
        ("despiértame a las 6 y media", "es", LIMA, LIMA_NIGHT, "2026-11-25T06:30"),
        ("levántame mañana a las 6", "es", LIMA, NOW, "2026-11-26T06:00"),
        ("recuérdame levantarme mañana a las 4", "es", LIMA, NOW, "2026-11-26T04:00"),
        ("set my alarm for 4 tomorrow, I have an early flight", "en", NEW_YORK, NOW,
         "2026-11-26T04:00"),
        ("pon la alarma a las 5, salgo temprano", "es", LIMA, LIMA_NIGHT, "2026-11-25T05:00"),
        ("mañana temprano a las 5 salir al aeropuerto", "es", LIMA, NOW, "2026-11-26T05:00"),
        ("pon una alarma mañana a las 4 de la madrugada", "es", MADRID, NOW,
         "2026-11-26T04:00"),
        ("wake me up at 6pm", "en", TOKYO, NOW, "2026-11-26T18:00"),
        ("despiértame mañana a las 5 de la tarde", "es", LIMA, NOW, "2026-11-26T17:00"),
    ],
)  # fmt: skip
def test_a_wake_up_hour_is_in_the_morning(
    text: str, lang: str, zone: ZoneInfo, now: datetime, expected: str
) -> None:
    assert local(read(text, lang, zone, now), zone) == expected


def test_a_wake_up_hour_already_past_asks_for_the_next_morning() -> None:
    reading = read("despiertame a las 5", "es", LIMA, datetime(2026, 11, 26, 1, 0, tzinfo=UTC))
    assert reading.ask == "past"  # said at 20:00 in Lima: 5:00 has passed today
    assert [local_option.astimezone(LIMA).hour for local_option in reading.options] == [5]
    assert "5:00" in (reading.question or "")
    assert "17:00" not in (reading.question or "")


@pytest.mark.parametrize(
    ("text", "lang", "zone"),
    [
        ("pon la alarma a las 6 para ir a chambear", "es", LIMA),
        ("set an alarm for 5:30", "en", NEW_YORK),
        ("set an alarm for 7", "en", MADRID),
        ("pon una alarma para las 4", "es", MADRID),
        ("set an alarm for tomorrow at 6", "en", NEW_YORK),
        ("set an alarm for 12", "en", NEW_YORK),
        ("despiértame a las 12", "es", LIMA),  # noon or midnight: a wake-up does not say
    ],
)
def test_an_alarm_at_a_bare_hour_asks_am_or_pm(text: str, lang: str, zone: ZoneInfo) -> None:
    reading = read(text, lang, zone)
    assert reading.ask == "ambiguous_hour", reading
    hours = sorted(option.astimezone(zone).hour for option in reading.options)
    assert len(hours) == 2
    assert hours[1] - hours[0] == 12


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("meeting about the fire alarm tomorrow at 3", "en", "2026-11-26T15:00"),
        ("remind me to wake up Tom at 4", "en", "2026-11-25T16:00"),
        ("set an alarm for 6:30am tomorrow", "en", "2026-11-26T06:30"),
        ("pon una alarma para mañana a las 6 de la mañana", "es", "2026-11-26T06:00"),
        ("remind me at 4 to call mom", "en", "2026-11-25T16:00"),
        ("at 5 tomorrow morning", "en", "2026-11-26T05:00"),  # the part of day said: was 17:00
        ("agenda una cita con Lucía el jueves a las 4", "es", "2026-11-26T16:00"),
    ],
)
def test_other_hours_keep_the_rule_book(text: str, lang: str, expected: str) -> None:
    assert local(read(text, lang)) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("recuérdame salir temprano a las 5", "es"),  # early from work, or at dawn?
        ("remind me at 5 to leave early", "en"),
    ],
)
def test_early_beside_a_bare_hour_asks(text: str, lang: str) -> None:
    assert read(text, lang).ask == "ambiguous_hour"


def test_a_duration_after_alarm_is_not_an_hour() -> None:
    reading = read("set an alarm for 10 minutes")
    assert reading.at is None or local(reading) != "2026-11-25T10:00"


# -- 4. Peruvian forms ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "remainder"),
    [
        # what the scheduling skill reads after "recuérdame a" ("a" is the reminder's connector)
        ("la 1 almorzar", "2026-11-25T13:00", "almorzar"),
        ("las 3 llamar a Luis", "2026-11-25T15:00", "llamar a Luis"),
        ("las 3", "2026-11-25T15:00", ""),
        ("recuérdame a la 1 almorzar", "2026-11-25T13:00", "recuérdame almorzar"),
        ("recuerdame mañana a las 20 hrs llamar a Luis", "2026-11-26T20:00",
         "recuerdame llamar a Luis"),
        ("a las 20:00 hrs", "2026-11-25T20:00", ""),
        ("mañana a las 08 hrs", "2026-11-26T08:00", ""),
        ("mañana a las 12 hrs", "2026-11-26T12:00", ""),
        ("recuerdame mañana a las doce del dia almorzar", "2026-11-26T12:00",
         "recuerdame almorzar"),
        ("mañana a las 12 del día", "2026-11-26T12:00", ""),
        ("agenda una reunion con Paredes mañana a mediodia", "2026-11-26T12:00",
         "agenda una reunion con Paredes"),
        ("recuérdame ahorita a las 5 de la tarde tomar agua", "2026-11-25T17:00",
         "recuérdame tomar agua"),
    ],
)  # fmt: skip
def test_peruvian_forms_are_read(text: str, expected: str, remainder: str) -> None:
    reading = read(text, "es")
    assert local(reading) == expected
    assert reading.remainder == remainder


def test_a_bare_hour_in_hours_notation_asks() -> None:
    reading = read("mañana a las 8 hrs", "es")
    assert reading.ask == "ambiguous_hour"
    assert sorted(o.astimezone(LIMA).hour for o in reading.options) == [8, 20]


@pytest.mark.parametrize("text", ["las 3 cartas para Ana", "las 2 facturas de la luz"])
def test_an_article_and_a_number_before_a_noun_is_no_time(text: str) -> None:
    assert read(text, "es").at is None


@pytest.mark.parametrize(
    ("text", "lang", "remainder"),
    [
        ("recuerdame ahorita tomar agua", "es", "recuerdame tomar agua"),
        ("recuérdame al toque tomar agua", "es", "recuérdame tomar agua"),
        ("recuérdame dentro de un ratito tomar agua", "es", "recuérdame tomar agua"),
        ("recuérdame en un rato llamar a mamá", "es", "recuérdame llamar a mamá"),
        ("recuérdame más tarde llamar a mamá", "es", "recuérdame llamar a mamá"),
        ("remind me to call the landlord later", "en", "remind me to call the landlord"),
        ("remind me in a bit to call mom", "en", "remind me to call mom"),
    ],
)
def test_vague_words_ask_and_stay_out_of_the_text(text: str, lang: str, remainder: str) -> None:
    reading = read(text, lang)
    assert (reading.ask, reading.at, reading.found) == ("vague", None, True)
    assert reading.remainder == remainder
    assert reading.question
    assert reading.remainder.split()[-1] not in reading.question


def test_vague_words_beside_a_time_leave_the_time() -> None:
    reading = read("remind me later today at 5pm to call mom")
    assert local(reading) == "2026-11-25T17:00"
    assert reading.remainder == "remind me to call mom"
    assert read("as soon as possible", "en").ask == "vague"


# -- through the chat: what the scheduling skill makes of these readings ------------------------


@pytest.fixture
def lima_morning() -> Iterator[None]:
    with time_machine.travel(datetime(2026, 11, 25, 10, 0, tzinfo=LIMA), tick=False):
        yield


@pytest.mark.usefixtures("lima_morning")
def test_a_reminder_at_la_1_is_stored(api: Api) -> None:
    r = api.chat("recuérdame a la 1 almorzar")
    reminder = r["data"]["reminder"]
    assert reminder["due_at"].startswith("2026-11-25T13:00"), r
    assert reminder["text"] == "almorzar"


@pytest.mark.usefixtures("lima_morning")
@pytest.mark.parametrize(
    ("message", "kept_out"),
    [
        ("recuerdame ahorita tomar agua", "ahorita"),
        ("recuerdame mañana a las 3 o 4 llamar a Luis", "o 4 llamar"),
        ("remind me tomorrow at 3 or 4 to call Luis", "or 4 to"),
    ],
)
def test_the_chat_asks_without_echoing_time_words(api: Api, message: str, kept_out: str) -> None:
    r = api.chat(message)
    assert "reminder" not in (r.get("data") or {}), r
    assert kept_out not in r["reply"], r["reply"]


@pytest.mark.usefixtures("lima_morning")
@pytest.mark.parametrize(
    ("message", "answer", "due"),
    [
        ("recuerdame mañana a las 3 o 4 llamar a Luis", "a las 4", "2026-11-26T16:00"),
        ("recuerdame mañana a las 3 o 4 llamar a Luis", "a las 3 de la tarde", "2026-11-26T15:00"),
        ("remind me tomorrow at 3 or 4 to call Luis", "4pm", "2026-11-26T16:00"),
        ("agenda una cita con Ana mañana a las 7 u 8", "a las 8 de la noche", "2026-11-26T20:00"),
    ],
)
def test_an_answer_picks_one_of_the_two_hours(
    api: Api, message: str, answer: str, due: str
) -> None:
    asked = api.chat(message)
    r = api.chat(answer, asked["conversation_id"])
    stored = (r.get("data") or {}).get("reminder") or (r.get("data") or {}).get("meeting")
    assert stored is not None, (asked["reply"], r["reply"])
    assert (stored.get("due_at") or stored.get("starts_at")).startswith(due), r


@pytest.mark.usefixtures("lima_morning")
def test_an_alarm_at_a_bare_hour_is_asked_in_the_chat(api: Api) -> None:
    r = api.chat("pon la alarma a las 6 para ir a chambear")
    assert "reminder" not in (r.get("data") or {}), r
    assert "18:00" in r["reply"], r["reply"]
    assert "mañana a las 6:00" in r["reply"], r["reply"]


# -- "tomorrow" in the small hours ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "lang", "first", "second"),
    [
        ("remind me tomorrow at 7 am to call the plumber", "en", "05T07:00", "06T07:00"),
        ("wake me up tomorrow at 6", "en", "05T06:00", "06T06:00"),
        ("recuérdame mañana a las 8 de la mañana ir al mercado", "es", "05T08:00", "06T08:00"),
    ],
)
def test_tomorrow_said_in_the_small_hours_asks_which_day(
    text: str, lang: str, first: str, second: str
) -> None:
    madrid = ZoneInfo("Europe/Madrid")
    reading = read_time(text, madrid, datetime(2026, 12, 5, 1, 11, tzinfo=madrid), lang)
    assert reading.at is None
    assert reading.ask == "ambiguous_date"
    shown = [o.astimezone(madrid).strftime("%dT%H:%M") for o in reading.options]
    assert shown == [first, second]


def test_tomorrow_after_the_small_hours_is_the_next_day() -> None:
    madrid = ZoneInfo("Europe/Madrid")
    reading = read_time("tomorrow at 7 am", madrid, datetime(2026, 12, 5, 9, 0, tzinfo=madrid))
    assert reading.at is not None
    assert reading.at.astimezone(madrid).strftime("%dT%H:%M") == "06T07:00"
    # at 1 am, "tomorrow at 00:30" has only one moment ahead: the next day's
    late = read_time("tomorrow at 12:30 am", madrid, datetime(2026, 12, 5, 1, 0, tzinfo=madrid))
    assert late.ask != "ambiguous_date"
