"""Appointments named by their kind, titles said verb-last, and a meeting's reminder removed
(probe 40's U-M2, U-M9 and U-M3; probe 41's R-L2 titles). On probe 40's clock: Monday 7
December 2026, 08:15 UTC (03:15 in New York and Bogotá, 02:15 in Mexico City).

- U-M2: "book a dentist appointment for tuesday at half 3", "schedule my haircut saturday at
  10am", "agéndeme una cita médica el jueves a las 3 de la tarde" were asked "Who is the meeting
  with?": a kind of appointment is its own title, booked as said. A bare "una cita" / "an
  appointment" asks who it is with or what it is for, and a kind answered is its title.
- U-M9: "I have a job interview friday at 9:30am, put it in my calendar" was booked as "job
  interview , put it", "tengo clase de ingles …, agendala" as "tengo clase de ingles ,
  agendala": the title is only what the meeting is.
- U-M3: "quita la alarma de la junta", "take the alarm off my meeting with Sarah" (and "borra el
  recordatorio de la junta" with no reminder) were read as a person removed from the meeting:
  the meeting's reminder is removed (the meeting kept), or its absence said.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.app.conftest import Api, meetings_of, reminders_of, talk, zoned_user

_user = zoned_user


@pytest.fixture
def mike(app: Any, client: Any, probe_clock: None) -> Api:
    """New York (en)."""
    return _user(app, client, "America/New_York", "en", "mike")


@pytest.fixture
def valen(app: Any, client: Any, probe_clock: None) -> Api:
    """Bogotá (es-CO)."""
    return _user(app, client, "America/Bogota", "es-CO", "valen")


@pytest.fixture
def diego(app: Any, client: Any, probe_clock: None) -> Api:
    """Mexico City (es-MX)."""
    return _user(app, client, "America/Mexico_City", "es-MX", "diego")


def _booked(api: Api, message: str) -> list[tuple[str, str]]:
    reply = talk(api, message)[0]
    assert reply["pending"] is False, reply
    return meetings_of(api)


# -- U-M2: an appointment named by its kind ------------------------------------------------


@pytest.mark.parametrize(
    ("message", "booked"),
    [
        (
            "book a dentist appointment for tuesday at half 3",
            ("Dentist appointment", "2026-12-08T15:30"),
        ),
        ("book the dentist for tuesday at half 3", ("Dentist", "2026-12-08T15:30")),
        (
            "book a doctor's appointment thursday at 3pm",
            ("Doctor's appointment", "2026-12-10T15:00"),
        ),
        ("schedule my haircut saturday at 10am", ("Haircut", "2026-12-12T10:00")),
        ("book an eye exam friday at 11am", ("Eye exam", "2026-12-11T11:00")),
        ("put my piano lesson on wednesday at 5pm", ("Piano lesson", "2026-12-09T17:00")),
        (
            "schedule a vet appointment for my dog tuesday at 4pm",
            ("Vet appointment for my dog", "2026-12-08T16:00"),
        ),
        ("book a massage for saturday at 2pm", ("Massage", "2026-12-12T14:00")),
        ("please book my DMV appointment friday at 9am", ("DMV appointment", "2026-12-11T09:00")),
    ],
)
def test_an_english_appointment_named_by_its_kind_is_booked(
    mike: Api, message: str, booked: tuple[str, str]
) -> None:
    assert _booked(mike, message) == [booked]


@pytest.mark.parametrize(
    ("message", "booked"),
    [
        (
            "agendame una cita medica el jueves a las 3 de la tarde",
            ("Cita medica", "2026-12-10T15:00"),
        ),
        (
            "agéndeme una cita médica el jueves a las 3 de la tarde",
            ("Cita médica", "2026-12-10T15:00"),
        ),
        (
            "quiubo, agéndeme una cita médica el jueves a las 3 de la tarde",
            ("Cita médica", "2026-12-10T15:00"),
        ),
        ("agéndame el dentista el martes a las 4 de la tarde", ("Dentista", "2026-12-08T16:00")),
        (
            "agenda mi clase de yoga el miércoles a las 7 de la noche",
            ("Clase de yoga", "2026-12-09T19:00"),
        ),
        (
            "sácame una cita con la pediatra el viernes a las 10 de la mañana",
            ("Cita con la pediatra", "2026-12-11T10:00"),
        ),
        (
            "agéndame una cita odontológica el lunes 14 a las 9 de la mañana",
            ("Cita odontológica", "2026-12-14T09:00"),
        ),
        (
            "agenda la peluquería el sábado a las 11 de la mañana",
            ("Peluquería", "2026-12-12T11:00"),
        ),
    ],
)
def test_a_spanish_appointment_named_by_its_kind_is_booked(
    valen: Api, message: str, booked: tuple[str, str]
) -> None:
    assert _booked(valen, message) == [booked]


@pytest.mark.parametrize(
    ("answer", "title"),
    [
        ("médica", "Cita médica"),
        ("de control", "Cita de control"),
        ("peluquería", "Cita de peluquería"),
        ("con el dentista", "Cita con el dentista"),
        ("el dentista", "Cita con el dentista"),
        ("Ana", "Cita con Ana"),
    ],
)
def test_a_bare_cita_asks_who_or_what_and_the_answer_names_it(
    valen: Api, answer: str, title: str
) -> None:
    first, second = talk(valen, "agéndame una cita el jueves a las 3 de la tarde", answer)
    assert first["reply"] == "¿Con quién es la cita, o de qué es?"
    assert first["pending"] is True
    assert second["pending"] is False, second
    assert meetings_of(valen) == [(title, "2026-12-10T15:00")]


@pytest.mark.parametrize(
    ("answer", "title"),
    [
        ("dentist", "Dentist appointment"),
        ("for a haircut", "Haircut appointment"),
        ("a doctor's appointment", "Doctor's appointment"),
        ("with Dr. Smith", "Appointment with Dr. Smith"),
        ("the dentist", "Appointment with the dentist"),
    ],
)
def test_a_bare_appointment_asks_who_or_what_and_the_answer_names_it(
    mike: Api, answer: str, title: str
) -> None:
    first, second = talk(mike, "book an appointment for thursday at 3pm", answer)
    assert first["reply"] == "Who is the appointment with, or what is it for?"
    assert second["pending"] is False, second
    assert meetings_of(mike) == [(title, "2026-12-10T15:00")]


def test_a_bare_meeting_still_asks_who_it_is_with(mike: Api, valen: Api) -> None:
    assert talk(mike, "book a meeting thursday at 3pm")[0]["reply"] == "Who is the meeting with?"
    reply = talk(valen, "agenda una reunión el jueves a las 3 de la tarde")[0]
    assert reply["reply"] == "¿Con quién es la reunión?"
    assert meetings_of(mike) == meetings_of(valen) == []


# -- U-M9: a request said verb-last ---------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "booked"),
    [
        (
            "I have a job interview friday at 9:30am, put it in my calendar",
            ("Job interview", "2026-12-11T09:30"),
        ),
        ("job interview tuesday 10am, put it", ("Job interview", "2026-12-08T10:00")),
        (
            "I've got a job interview on friday at 9:30am, add it to my calendar",
            ("Job interview", "2026-12-11T09:30"),
        ),
        (
            "team offsite friday at 9am, please put it in the calendar",
            ("Team offsite", "2026-12-11T09:00"),
        ),
        (
            "dentist appointment monday 14 at 4pm, book it",
            ("Dentist appointment", "2026-12-14T16:00"),
        ),
    ],
)
def test_an_english_title_said_verb_last_is_only_the_meeting(
    mike: Api, message: str, booked: tuple[str, str]
) -> None:
    assert _booked(mike, message) == [booked]


@pytest.mark.parametrize(
    ("message", "booked"),
    [
        (
            "tengo clase de ingles el 16 de diciembre de 18:00 a 20:00, agendala",
            ("Clase de ingles", "2026-12-16T18:00"),
        ),
        (
            "tenemos clase de guitarra el sábado a las 10 de la mañana, agéndala porfa",
            ("Clase de guitarra", "2026-12-12T10:00"),
        ),
        (
            "entrevista de trabajo el lunes 14 a las 9 de la mañana, apúntala en mi agenda",
            ("Entrevista de trabajo", "2026-12-14T09:00"),
        ),
        (
            "tengo cita médica el viernes a las 11 de la mañana, agéndemela",
            ("Cita médica", "2026-12-11T11:00"),
        ),
    ],
)
def test_a_spanish_title_said_verb_last_is_only_the_meeting(
    valen: Api, message: str, booked: tuple[str, str]
) -> None:
    assert _booked(valen, message) == [booked]


# -- U-M3: a meeting's reminder removed, never a person --------------------------------------

_JUNTA = "agendame una junta con el ing. ramirez el viernes a las 10 de la mañana"
_SARAH = "book a meeting with sarah friday at 10am"


@pytest.mark.parametrize(
    "message",
    [
        "borra el recordatorio de la junta",
        "borra el recordatorio de la junta con ramirez",
        "quita el recordatorio de la junta",
        "quita la alarma de la junta",
        "saca el aviso de la reunión con ramirez",
        "elimina el recordatorio de la junta",
    ],
)
def test_a_spanish_meetings_reminder_is_removed(diego: Api, message: str) -> None:
    talk(diego, _JUNTA, "recuerdamelo media hora antes")
    assert reminders_of(diego) == [("Junta con Ing. Ramirez", "2026-12-11T09:30")]
    reply = talk(diego, "mis reuniones", message)[1]
    assert "no está en" not in reply["reply"], reply
    assert reminders_of(diego) == []
    assert meetings_of(diego) == [("Junta con Ing. Ramirez", "2026-12-11T10:00")]


@pytest.mark.parametrize(
    "message",
    [
        "delete the reminder for the meeting",
        "delete the reminder of the meeting with sarah",
        "remove the reminder from the meeting",
        "take the alarm off my meeting with sarah",
        "remove the alarm from my meeting with Sarah",
    ],
)
def test_an_english_meetings_reminder_is_removed(mike: Api, message: str) -> None:
    talk(mike, _SARAH, "remind me 30 minutes before")
    reply = talk(mike, "show my meetings", message)[1]
    assert "is not in" not in reply["reply"], reply
    assert reminders_of(mike) == []
    assert meetings_of(mike) == [("Meeting with Sarah", "2026-12-11T10:00")]


def test_the_reminder_is_removed_while_a_question_waits(diego: Api) -> None:
    """Probe 40's turns: a move asked about, then the reminder removed."""
    talk(diego, _JUNTA, "recuerdamelo media hora antes")
    talk(diego, "pasa la junta con ramirez pal lunes", "a la misma hora")
    reply = talk(diego, "borra el recordatorio de la junta")[0]
    assert "no está en" not in reply["reply"], reply
    assert reminders_of(diego) == []
    assert meetings_of(diego) == [("Junta con Ing. Ramirez", "2026-12-11T10:00")]


@pytest.mark.parametrize(
    ("api", "book", "message", "said"),
    [
        (
            "diego",
            _JUNTA,
            "borra el recordatorio de la junta",
            "“Junta con Ing. Ramirez” no tiene recordatorio, así que no cambié nada.",
        ),
        (
            "diego",
            _JUNTA,
            "quita la alarma de la junta",
            "“Junta con Ing. Ramirez” no tiene recordatorio, así que no cambié nada.",
        ),
        (
            "mike",
            _SARAH,
            "remove the reminder from the meeting",
            "“Meeting with Sarah” has no reminder, so nothing was changed.",
        ),
        (
            "mike",
            _SARAH,
            "take the alarm off my meeting with sarah",
            "“Meeting with Sarah” has no reminder, so nothing was changed.",
        ),
    ],
)
def test_a_meeting_without_a_reminder_is_said_so(
    request: pytest.FixtureRequest, api: str, book: str, message: str, said: str
) -> None:
    user: Api = request.getfixturevalue(api)
    reply = talk(user, book, message)[1]
    assert reply["reply"] == said
    assert len(meetings_of(user)) == 1


def test_two_reminders_of_a_meeting_are_confirmed_first(diego: Api) -> None:
    talk(diego, _JUNTA, "recuerdamelo media hora antes")
    talk(diego, "avísame 10 minutos antes de la junta con ramirez")
    assert len(reminders_of(diego)) == 2
    asked, done = talk(diego, "quita la alarma de la junta", "sí")
    assert asked["pending"] is True, asked
    assert "2" in asked["reply"]
    assert reminders_of(diego) == []
    assert meetings_of(diego) == [("Junta con Ing. Ramirez", "2026-12-11T10:00")]
    assert done["pending"] is False
