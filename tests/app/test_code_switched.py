"""Times in a code-switched message: English and Spanish in one message, the day or the clock
in the other language than the rest ("book una reunión with Jessica el lunes at 10am"). Each
language's parser skipped the other's words, so the day was lost and a wrong time could be stored
("remind me to call mom mañana at 5pm" was stored for today). The other language's time phrases
are now read by its own parser; a capitalised Spanish word inside an English message is a name
("a meeting with Domingo at 3pm")."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from app.skills.when import read_time
from tests.app.conftest import Api

LIMA = ZoneInfo("America/Lima")
# Wednesday 25 November 2026, 10:00:30 in Lima
NOW = datetime(2026, 11, 25, 15, 0, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "lang", "expected", "remainder"),
    [
        ("book una reunion with Jessica el lunes at 10am", "en", "2026-11-30T10:00",
         "book una reunion with Jessica"),
        ("remind me to call mom mañana at 5pm", "en", "2026-11-26T17:00", "remind me to call mom"),
        ("remind me to pay rent a las 5 de la tarde", "en", "2026-11-25T17:00",
         "remind me to pay rent"),
        ("remind me to pay rent pasado mañana at 8pm", "en", "2026-11-27T20:00",
         "remind me to pay rent"),
        ("meeting with Bob mañana en la mañana", "en", "2026-11-26T09:00", "meeting with Bob"),
        ("book una reunion el Lunes at 10am", "en", "2026-11-30T10:00", "book una reunion"),
        ("recuérdame call mom tomorrow at 5pm", "es", "2026-11-26T17:00", "recuérdame call mom"),
        ("agenda una reunión con Ana on monday a las 3 de la tarde", "es", "2026-11-30T15:00",
         "agenda una reunión con Ana"),
        ("recuérdame llamar a Ana el lunes at 10am", "es", "2026-11-30T10:00",
         "recuérdame llamar a Ana"),
        # a capitalised Spanish weekday or "hoy" inside English is a name, not a day
        ("meeting with Domingo at 3pm", "en", "2026-11-25T15:00", "meeting with Domingo"),
        ("dinner at Hoy at 8pm", "en", "2026-11-25T20:00", "dinner at Hoy"),
    ],
)  # fmt: skip
def test_the_other_languages_time_words_are_read(
    text: str, lang: str, expected: str, remainder: str
) -> None:
    reading = read_time(text, LIMA, NOW, lang)
    assert reading.at is not None, (reading.ask, reading.question)
    assert reading.at.astimezone(LIMA).strftime("%Y-%m-%dT%H:%M") == expected
    assert reading.remainder == remainder


@pytest.mark.parametrize(
    ("text", "lang", "ask"),
    [
        # a bare 10 on a stated day: morning or evening, in either language
        ("remind me to call Ana el lunes a las 10", "en", "ambiguous_hour"),
        ("recuérdame llamar a Ana on monday at 10", "es", "ambiguous_hour"),
        # 9 am today is past at 10:00
        ("pon una alarma at 9am today", "es", "past"),
        # two days, one in each language
        ("book a meeting with Ana tomorrow o el viernes at 3pm", "en", "correction"),
    ],
)
def test_what_is_unsure_in_either_language_is_asked(text: str, lang: str, ask: str) -> None:
    reading = read_time(text, LIMA, NOW, lang)
    assert reading.at is None
    assert reading.ask == ask, reading.question


def test_a_code_switched_booking_is_stored_on_the_day_said(en: Api) -> None:
    reply = en.chat("book una reunion with Jessica el lunes at 10am")
    meetings = en.get("/v1/meetings").json["meetings"]
    assert reply["skill"] == "scheduling", reply
    assert [(m["title"], m["starts_at"][:16]) for m in meetings] == [
        ("Meeting with Jessica", "2026-04-20T10:00")
    ]


def test_a_code_switched_reminder_is_stored_for_the_day_said(es: Api) -> None:
    es.chat("recuérdame call mom tomorrow at 5pm")
    reminders = es.get("/v1/reminders").json["reminders"]
    assert [(r["text"], r["due_at"][:16]) for r in reminders] == [("call mom", "2026-04-15T17:00")]
