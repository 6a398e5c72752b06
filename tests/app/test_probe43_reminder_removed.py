"""Probe 43, N-L2: "borra el recordatorio de la junta", "take the reminder off my meeting with
Raj" answered «Eliminé “Junta con ing. ramirez” (…)» / «Removed “Meeting with Raj” (…)», which
reads as if the meeting had gone. The reply now says the reminder went and the meeting stays."""

from __future__ import annotations

from tests.app.conftest import Api, meetings_of, reminders_of, talk
from tests.app.test_h195_appointment_titles import _JUNTA, _SARAH, diego, mike  # noqa: F401


def test_a_spanish_meetings_reminder_removed_is_said_so(diego: Api) -> None:  # noqa: F811
    talk(diego, _JUNTA, "recuerdamelo media hora antes")
    reply = talk(diego, "borra el recordatorio de la junta")[0]["reply"]
    assert reply.startswith("Eliminé el recordatorio “Junta con Ing. Ramirez”"), reply
    assert reply.endswith("la reunión “Junta con Ing. Ramirez” se queda.")
    assert reminders_of(diego) == []
    assert meetings_of(diego) == [("Junta con Ing. Ramirez", "2026-12-11T10:00")]


def test_an_english_meetings_reminder_removed_is_said_so(mike: Api) -> None:  # noqa: F811
    talk(mike, _SARAH, "remind me 30 minutes before")
    reply = talk(mike, "take the reminder off my meeting with sarah")[0]["reply"]
    assert reply.startswith("Removed the reminder “Meeting with Sarah”"), reply
    assert reply.endswith("the meeting “Meeting with Sarah” stays.")
    assert meetings_of(mike) == [("Meeting with Sarah", "2026-12-11T10:00")]
