"""Times the fifteenth independent tester found misread (probe 15, stop 39), in the dialogue (the
conftest clock: Tuesday 14 April 2026, 14:30 Lima). "Mañana en la mañana nomás" answering the
repeat question about "todos los días a las 7" stored 9:00, the morning's default hour, and
dropped the 7 the user said. ``docs/assistant.md``, "How times are read": a wrong stored time
is the worst outcome."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine

from tests.app.conftest import (
    LOS_ANGELES,
    Api,
    local,
    make_user,
    offered,
    reader,
    reminders_of,
    talk,
)

read = reader(datetime(2026, 12, 5, 15, 41, tzinfo=UTC))  # Saturday, 10:41 in Lima

# -- 1. the hour kept from the repeat question, the answer's day and part of the day ----------


@pytest.mark.parametrize(
    ("request_", "answer", "stored"),
    [
        ("recuérdame diario a las 7 sacar la basura", "mañana en la mañana nomás",
         ("sacar la basura", "2026-04-15T07:00")),
        ("recuérdame todos los días a las 8 tomar la pastilla", "mañana en la mañana nomás",
         ("tomar la pastilla", "2026-04-15T08:00")),
        ("recordame todos los días a las 7 sacar al perro", "mañana a la mañana nomás",
         ("sacar al perro", "2026-04-15T07:00")),
        ("recuérdame diario a las 7 sacar la basura", "solo mañana por la mañana",
         ("sacar la basura", "2026-04-15T07:00")),
        ("recuérdame diario a las 7:30 sacar la basura", "nomás mañana en la mañana",
         ("sacar la basura", "2026-04-15T07:30")),
        ("recuérdame diario a las siete sacar la basura", "mañana en la mañana nomás",
         ("sacar la basura", "2026-04-15T07:00")),
        ("recuérdame todos los días a las 6 hacer ejercicio", "el jueves en la mañana",
         ("hacer ejercicio", "2026-04-16T06:00")),
        # the part of the day decides the half of the hour kept
        ("recuérdame diario a las 7 sacar la basura", "mañana en la noche nomás",
         ("sacar la basura", "2026-04-15T19:00")),
        ("recordame todos los días a las 7 sacar al perro", "mañana a la noche nomás",
         ("sacar al perro", "2026-04-15T19:00")),
        ("recuérdame diario a las 5 llamar a mamá", "el jueves en la tarde",
         ("llamar a mamá", "2026-04-16T17:00")),
    ],
)  # fmt: skip
def test_es_a_part_of_the_day_keeps_the_hour_said_with_the_repeat(
    es: Api, request_: str, answer: str, stored: tuple[str, str]
) -> None:
    replies = talk(es, request_, answer)
    assert "repetirlo" in replies[0]["reply"]
    assert reminders_of(es) == [stored]
    assert stored[1][-5:].lstrip("0") in replies[1]["reply"]


@pytest.mark.parametrize(
    ("request_", "answer", "stored"),
    [
        ("remind me every day at 7 to take out the trash", "just tomorrow morning",
         ("take out the trash", "2026-04-15T07:00")),
        ("remind me daily at 8 to take my pill", "only tomorrow morning",
         ("take my pill", "2026-04-15T08:00")),
        ("remind me every day at 6:45 to stretch", "just tomorrow in the morning",
         ("stretch", "2026-04-15T06:45")),
        ("remind me every day at seven to water the plants", "just thursday morning",
         ("water the plants", "2026-04-16T07:00")),
        ("remind me every day at 7 to take out the trash", "just tomorrow evening",
         ("take out the trash", "2026-04-15T19:00")),
        ("remind me every day at 5 to call mom", "only on thursday afternoon",
         ("call mom", "2026-04-16T17:00")),
    ],
)  # fmt: skip
def test_en_a_part_of_the_day_keeps_the_hour_said_with_the_repeat(
    en: Api, request_: str, answer: str, stored: tuple[str, str]
) -> None:
    replies = talk(en, request_, answer)
    assert "can't repeat" in replies[0]["reply"]
    assert reminders_of(en) == [stored]


@pytest.mark.parametrize(
    ("user", "request_", "answer", "stored"),
    [
        ("es", "recuérdame diario a las 7 sacar la basura", "mañana a las 9 de la mañana",
         ("sacar la basura", "2026-04-15T09:00")),
        ("es", "recuérdame diario a las 7 sacar la basura", "mañana al mediodía",
         ("sacar la basura", "2026-04-15T12:00")),
        ("en", "remind me every day at 7 to take out the trash", "just tomorrow at 9am",
         ("take out the trash", "2026-04-15T09:00")),
        ("en", "remind me every day at 7 to take out the trash", "tomorrow at noon",
         ("take out the trash", "2026-04-15T12:00")),
        # nothing kept: the part of the day's own hour
        ("en", "remind me every day to take out the trash", "just tomorrow morning",
         ("take out the trash", "2026-04-15T09:00")),
    ],
)  # fmt: skip
def test_an_answer_with_an_hour_of_its_own_replaces_the_one_kept(
    request: pytest.FixtureRequest,
    user: str,
    request_: str,
    answer: str,
    stored: tuple[str, str],
) -> None:
    api: Api = request.getfixturevalue(user)
    talk(api, request_, answer)
    assert reminders_of(api) == [stored]


# The question's hour as the reader gives it back ("7", "siete", "seven"), then the answer: what
# the dialogue reads when an answer names no hour of its own (Saturday 5 December, 10:41 Lima).
@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("siete mañana en la mañana nomás", "es", "2026-12-06T07:00"),
        ("siete el jueves en la tarde", "es", "2026-12-10T19:00"),
        ("7 mañana a la noche nomás", "es", "2026-12-06T19:00"),
        ("a las 7 mañana a la noche", "es", "2026-12-06T19:00"),
        ("a las 7 hoy a la tarde", "es", "2026-12-05T19:00"),
        ("seven just thursday morning", "en", "2026-12-10T07:00"),
        ("7 thursday morning", "en", "2026-12-10T07:00"),
        ("5 only on thursday afternoon", "en", "2026-12-10T17:00"),
        ("6:45 next monday morning", "en", "2026-12-07T06:45"),
    ],
)
def test_an_hour_kept_then_a_day_and_part_of_the_day(text: str, lang: str, expected: str) -> None:
    reading = read(text, lang)
    assert local(reading) == expected
    assert reading.remainder == ""


@pytest.mark.parametrize(
    ("text", "lang", "options"),
    [
        ("siete mañana nomás", "es", ["2026-12-06T07:00", "2026-12-06T19:00"]),
        ("seven tomorrow", "en", ["2026-12-06T07:00", "2026-12-06T19:00"]),
        ("seven on thursday", "en", ["2026-12-10T07:00", "2026-12-10T19:00"]),
    ],
)
def test_an_hour_word_kept_then_a_day_asks_its_half(
    text: str, lang: str, options: list[str]
) -> None:
    reading = read(text, lang)
    assert reading.ask == "ambiguous_hour", (reading.ask, reading.question)
    assert offered(reading) == options


# -- 2. the small hours: "tomorrow" asked about, with the hour kept ----------------------------


@pytest.fixture
def tyler(app: Any, client: Any) -> Iterator[Api]:
    """A Los Angeles user writing English, on Tuesday 14 April 2026 at 03:12 (the small hours,
    when "tomorrow" may mean the day that has just begun)."""
    token, user_id = make_user(app, "tyler", "America/Los_Angeles")
    api = Api(client, token, user_id, "tyler")
    assert api.patch("/v1/users/me", json={"locale": "en"}).status_code == 200
    with time_machine.travel(datetime(2026, 4, 14, 3, 12, tzinfo=LOS_ANGELES), tick=True):
        yield api


def test_just_tomorrow_morning_in_the_small_hours_asks_which_day_at_the_hour_kept(
    tyler: Api,
) -> None:
    replies = talk(tyler, "remind me every day at 7 to feed the cat", "just tomorrow morning")
    assert reminders_of(tyler) == []
    question = replies[1]["reply"]
    assert "7:00 AM" in question
    assert "9:00" not in question
    tyler.chat("tomorrow", replies[1]["conversation_id"])
    assert reminders_of(tyler) == [("feed the cat", "2026-04-15T07:00")]
