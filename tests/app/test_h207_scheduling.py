"""Scheduling leftovers of probe 43 (helper 207). On probe 40's clock: Monday 7 December 2026,
08:15 UTC (03:15 in New York and Bogotá, 03:15 in Lima).

- U-M9: a verb-first booking with where it goes said in the middle or at the end ("put my physio
  session on friday at 8am in the calendar", "pon mi clase de piano … en mi calendario") kept
  "in the calendar" / "en mi calendario" in the title; "agrega mi sesión de fisio … a mi agenda"
  kept "agrega".
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.app.conftest import Api, meetings_of, talk, zoned_user

_user = zoned_user


@pytest.fixture
def mike(app: Any, client: Any, probe_clock: None) -> Api:
    """New York (en)."""
    return _user(app, client, "America/New_York", "en", "mike")


@pytest.fixture
def valen(app: Any, client: Any, probe_clock: None) -> Api:
    """Bogotá (es-CO)."""
    return _user(app, client, "America/Bogota", "es-CO", "valen")


def _booked(api: Api, message: str) -> list[tuple[str, str]]:
    reply = talk(api, message)[0]
    assert reply["pending"] is False, reply
    return meetings_of(api)


# -- U-M9: where the meeting goes, said anywhere, is never its title ------------------------


@pytest.mark.parametrize(
    ("message", "booked"),
    [
        (
            "put my physio session on friday at 8am in the calendar",
            ("physio session", "2026-12-11T08:00"),
        ),
        (
            "put piano lesson on wednesday at 5pm on my calendar",
            ("piano lesson", "2026-12-09T17:00"),
        ),
        (
            "add my physio session on friday at 8am to my calendar",
            ("physio session", "2026-12-11T08:00"),
        ),
        ("add dentist on friday at 8am to my calendar", ("dentist", "2026-12-11T08:00")),
        (
            "put the team sync on friday at 8am on my google calendar",
            ("team sync", "2026-12-11T08:00"),
        ),
        (
            "put in my calendar the yoga class on saturday at 9am",
            ("yoga class", "2026-12-12T09:00"),
        ),
        ("please add my haircut to my diary on thursday at 10am", ("haircut", "2026-12-10T10:00")),
    ],
)
def test_an_english_booking_keeps_the_calendar_out_of_its_title(
    mike: Api, message: str, booked: tuple[str, str]
) -> None:
    assert _booked(mike, message) == [booked]


@pytest.mark.parametrize(
    ("message", "booked"),
    [
        (
            "pon mi clase de piano el miércoles a las 5 de la tarde en mi calendario",
            ("clase de piano", "2026-12-09T17:00"),
        ),
        (
            "agrega mi sesión de fisio el viernes a las 8 am a mi agenda",
            ("sesión de fisio", "2026-12-11T08:00"),
        ),
        (
            "añade la clase de yoga el sábado a las 9 am al calendario",
            ("clase de yoga", "2026-12-12T09:00"),
        ),
        (
            "pon en mi calendario la sesión de fisio el jueves a las 10 de la mañana",
            ("sesión de fisio", "2026-12-10T10:00"),
        ),
        (
            "agrégame el taller de Excel el martes a las 4 de la tarde en la agenda",
            ("taller de Excel", "2026-12-08T16:00"),
        ),
    ],
)
def test_a_spanish_booking_keeps_the_calendar_out_of_its_title(
    valen: Api, message: str, booked: tuple[str, str]
) -> None:
    assert _booked(valen, message) == [booked]


@pytest.mark.parametrize(
    ("who", "message", "booked"),
    [
        (
            "en",
            "add lunch with Raj on friday at 1pm to my calendar",
            ("Lunch with Raj", "2026-12-11T13:00"),
        ),
        (
            "en",
            "add a meeting about the budget on friday at 8am to my calendar",
            ("Meeting about the budget", "2026-12-11T08:00"),
        ),
        (
            "es",
            "pon una reunión con Ana el viernes a las 8 am en mi calendario",
            ("Reunión con Ana", "2026-12-11T08:00"),
        ),
        (
            "es",
            "agrega una reunión sobre el presupuesto el viernes a las 8 am a mi agenda",
            ("Reunión sobre el presupuesto", "2026-12-11T08:00"),
        ),
    ],
)
def test_a_meeting_with_someone_or_about_something_is_unchanged(
    mike: Api, valen: Api, who: str, message: str, booked: tuple[str, str]
) -> None:
    assert _booked(mike if who == "en" else valen, message) == [booked]
