"""Stored texts and days of probe 44 (helper 214).

- P44-H6: abbreviations were rewritten in the stored text ("call HR" → «call hours», "my mins
  and secs notes" → «minutes», Spanish "el min del acta" → «minutos»): "hr", "hrs", "min",
  "mins" are units only after a count ("in 2 hrs"). A length said of a thing ("book the 2 hr
  slot", "el turno de 2 horas") was taken out of a reminder's text: it is kept (a reminder has
  no length).
- P44-H5: a reminder on a day of the month with no time ("recuérdame pagar la tarjeta el 20")
  answered "a mediodía" / "en la mañana" / "a las 12 del día" was stored for today in the small
  hours: the answer keeps the day already given.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.app.conftest import Api, reminders_of, talk, zoned_user


@pytest.mark.parametrize(
    ("message", "stored"),
    [
        ("remind me at 12 noon tomorrow to call HR", ("call HR", "2026-04-15T12:00")),
        ("remind me to email HR tomorrow at 9am", ("email HR", "2026-04-15T09:00")),
        (
            "remind me tomorrow at 9am to pay the hrs for the nanny",
            ("pay the hrs for the nanny", "2026-04-15T09:00"),
        ),
        ("remind me to call the HR team at 3pm", ("call the HR team", "2026-04-14T15:00")),
        (
            "remind me tomorrow at 5pm to pick up my mins and secs notes",
            ("pick up my mins and secs notes", "2026-04-15T17:00"),
        ),
        (
            "remind me tomorrow at 10am to book the 2 hr slot for the MRI",
            ("book the 2 hr slot for the MRI", "2026-04-15T10:00"),
        ),
        (
            "remind me in 2 hours to book my 1 hour massage",
            ("book my 1 hour massage", "2026-04-14T16:30"),
        ),
        ("remind me tomorrow at 10am to call HR dept", ("call HR dept", "2026-04-15T10:00")),
        ("remind me in 2 hrs to call HR", ("call HR", "2026-04-14T16:30")),
        ("remind me in 30 mins to call mom", ("call mom", "2026-04-14T15:00")),
    ],
)
def test_english_words_kept(en: Api, message: str, stored: tuple[str, str]) -> None:
    talk(en, message)
    assert reminders_of(en) == [stored]


@pytest.mark.parametrize(
    ("message", "stored"),
    [
        ("recuérdame en 2 hrs llamar a HR", ("llamar a HR", "2026-04-14T16:30")),
        ("recuérdame en un par de hrs llamar a RRHH", ("llamar a RRHH", "2026-04-14T16:30")),
        ("recuérdame en 30 mins llamar a mamá", ("llamar a mamá", "2026-04-14T15:00")),
        (
            "recuérdame en 20 min mandar el min del acta",
            ("mandar el min del acta", "2026-04-14T14:50"),
        ),
        (
            "recuérdame mañana a las 10 am mandar el min del acta",
            ("mandar el min del acta", "2026-04-15T10:00"),
        ),
        (
            "recuérdame mañana a las 9 am pagar las hrs de la niñera",
            ("pagar las hrs de la niñera", "2026-04-15T09:00"),
        ),
        (
            "recuérdame mañana a las 9 am mandar el acta de la reunión de 2 horas a RRHH",
            ("mandar el acta de la reunión de 2 horas a RRHH", "2026-04-15T09:00"),
        ),
    ],
)
def test_spanish_words_kept(es: Api, message: str, stored: tuple[str, str]) -> None:
    talk(es, message)
    assert reminders_of(es) == [stored]


@pytest.mark.parametrize(
    ("zone", "locale", "first", "answer", "stored"),
    [
        (
            "America/Mexico_City", "es-MX", "recuerdame pagar la tarjeta el 20", "a mediodia",
            ("pagar la tarjeta", "2026-12-20T12:00"),
        ),
        (
            "America/Mexico_City", "es-MX", "recuerdame pagar la renta el 22", "en la mañana",
            ("pagar la renta", "2026-12-22T09:00"),
        ),
        (
            "America/Lima", "es-PE", "recuérdame pagar el cable el 20", "al mediodía",
            ("pagar el cable", "2026-12-20T12:00"),
        ),
        (
            "America/Lima", "es-PE", "recuérdame pagar el cable el 20", "a las 12 del dia",
            ("pagar el cable", "2026-12-20T12:00"),
        ),
        (
            "America/Bogota", "es-CO", "recuérdame renovar el seguro el 18", "por la mañana",
            ("renovar el seguro", "2026-12-18T09:00"),
        ),
        (
            "America/New_York", "en", "remind me to pay rent on the 20th", "at noon",
            ("pay rent", "2026-12-20T12:00"),
        ),
        (
            "America/New_York", "en", "remind me to pay rent on the 22nd", "in the morning",
            ("pay rent", "2026-12-22T09:00"),
        ),
    ],
)  # fmt: skip
def test_part_of_day_keeps_the_day(
    app: Any,
    client: Any,
    probe_clock: None,
    zone: str,
    locale: str,
    first: str,
    answer: str,
    stored: tuple[str, str],
) -> None:
    api = zoned_user(app, client, zone, locale, "luis")
    asked, done = talk(api, first, answer)
    assert asked["pending"] is True, asked
    assert reminders_of(api) == [stored], done["reply"]
