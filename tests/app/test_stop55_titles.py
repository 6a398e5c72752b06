"""Probe 44, P44-M2: titles and texts stored garbled. "reunión de vecinos el jueves a las 19:00,
dura hora y media" was booked as «de vecinos , dura»; "bloquea el viernes de 3 a 5 de la tarde
para la junta de presupuesto" as «bloquea para la junta de presupuesto»; "set reminder for doctor
appointment …" stored «for doctor appointment» ("I'll remind you to for doctor appointment")."""

from __future__ import annotations

import pytest

from tests.app.conftest import Api


def _meetings(api: Api) -> list[tuple[str, str, str]]:
    rows = api.get("/v1/meetings").json["meetings"]
    return [(m["title"], m["starts_at"][5:16], m["ends_at"][11:16]) for m in rows]


def _reminders(api: Api) -> list[tuple[str, str]]:
    return [(r["text"], r["due_at"][5:16]) for r in api.get("/v1/reminders").json["reminders"]]


# the fixtures' clock: Tuesday 14 April 2026, 14:30 in Lima
MEETINGS = [
    (
        "es",
        "reunión de vecinos el jueves a las 19:00, dura hora y media",
        ("Reunión de vecinos", "04-16T19:00", "20:30"),
    ),
    (
        "es",
        "bloquea el viernes de 3 a 5 de la tarde para la junta de presupuesto",
        ("Junta de presupuesto", "04-17T15:00", "17:00"),
    ),
    (
        "es",
        "agenda reunión de padres el lunes a las 6 de la tarde",
        ("Reunión de padres", "04-20T18:00", "18:30"),
    ),
    (
        "en",
        "book a meeting of the board on friday at 10am for 2 hours",
        ("Meeting of the board", "04-17T10:00", "12:00"),
    ),
    (
        "en",
        "schedule team sync thursday 3pm lasting 45 minutes",
        ("Team sync", "04-16T15:00", "15:45"),
    ),
    (
        "es",
        "taller de cerámica el sábado a las 10 am, dura 2 horas, agéndalo",
        ("Taller de cerámica", "04-18T10:00", "12:00"),
    ),
]


@pytest.mark.parametrize(("who", "message", "booked"), MEETINGS)
def test_a_meeting_of_something_keeps_its_name_and_not_its_length(
    en: Api, es: Api, who: str, message: str, booked: tuple[str, str, str]
) -> None:
    api = en if who == "en" else es
    reply = api.chat(message)["reply"]
    assert _meetings(api) == [booked], reply


REMINDERS = [
    ("set reminder for doctor appointment day after tomorrow 5:30 pm", "doctor appointment", "04-16T17:30"),  # noqa: E501
    ("set a reminder for the dentist tomorrow at 9am", "the dentist", "04-15T09:00"),
    ("reminder for rent on friday at 10am", "rent", "04-17T10:00"),
    ("remind me tomorrow at 9am for the meeting", "the meeting", "04-15T09:00"),
    # "for" inside what is to be done, or before the time, is no connector
    ("set a reminder for tomorrow at 9am to call mom", "call mom", "04-15T09:00"),
    ("remind me tomorrow at 9am to pay for parking", "pay for parking", "04-15T09:00"),
]  # fmt: skip


@pytest.mark.parametrize(("message", "text", "due"), REMINDERS)
def test_a_reminder_for_something_is_a_note_of_it(
    en: Api, message: str, text: str, due: str
) -> None:
    reply = en.chat(message)["reply"]
    assert _reminders(en) == [(text, due)], reply
    assert "to for" not in reply
