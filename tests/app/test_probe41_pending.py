"""Probe 41, R-H4: "reunión con Quique el 28 de diciembre de 16:30 a 18" (a meeting said without
a verb) while a reminder's AM/PM question waited was read as its answer: the reminder went to
the 28th at 16:30 and no meeting was booked. It is a new request: the waiting question is
dropped with the usual note and the meeting booked."""

from __future__ import annotations

from typing import Any

import pytest

from tests.app.conftest import Api, meetings_of, reminders_of, zoned_user


@pytest.mark.parametrize(
    ("zone", "locale", "first", "then", "day"),
    [
        ("Europe/Madrid", "es-ES", "recuérdame mañana a las 8 llamar a Pepe",
         "reunión con Quique el 28 de diciembre de 16:30 a 18", "2026-12-28T16:30"),
        ("America/Lima", "es-PE", "recuerdame el jueves a las 10 llamar al banco",
         "reunion con Rocio el 30 de diciembre de 15:00 a 16:00", "2026-12-30T15:00"),
        ("Europe/London", "en-GB", "remind me tomorrow at 9 to call Pete",
         "meeting with Quinn on december 29 from 4:30 to 6pm", "2026-12-29T16:30"),
    ],
)  # fmt: skip
def test_a_meeting_said_without_a_verb_is_a_new_request(
    app: Any, client: Any, probe_clock: None, zone: str, locale: str, first: str, then: str,
    day: str,
) -> None:  # fmt: skip
    api: Api = zoned_user(app, client, zone, locale, "p41")
    asked = api.chat(first)
    assert asked["pending"], asked["reply"]
    before = reminders_of(api)
    r = api.chat(then, asked["conversation_id"])
    assert reminders_of(api) == before, r["reply"]  # the waiting reminder is not moved
    assert [when for _, when in meetings_of(api)] == [day], r["reply"]
