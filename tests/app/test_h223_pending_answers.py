"""Probe 45's answers to a pending "Did you mean …?", ranges on today's weekday, a reminder moved
to a bare hour and work-meeting words (helper 223).

- P45-H2: "si me retiro del curso me devuelven la plata?" to "¿Quieres decir mañana a las 0:00?"
  stored the reminder: Spanish "si" without its accent opening a clause is "if", not a yes. The
  question is answered aside and "Did you mean …?" asked again (nothing stored until a yes).
- P45-L6: "si, pero antes dime cuánto cuesta excel" confirmed and ignored the question: both are
  done now (the answer, then the confirmation); a yes with a time ("sí, a las 8") is not taken
  as a bare yes.
- P45-H1: "agenda reunión de planificación el lunes de 8 a 10" on a Monday at 10:00 asked
  "hoy a las 20:00 o el lunes 14 a las 8:00" and lost the 10:00 end; "el lunes 14 en la
  mañana" then booked 9:00–9:30. The range is kept (in the question and the booking) and a
  part of the day answering it picks the option, never the part's default hour.
- P45-M8: "el recordatorio del médico pasalo a las 10" (at 9:00) asked 10:00 or 22:00: a bare
  hour near the reminder's own time keeps its half of the day.
- P45-M10: "mtg", "call" (es-AR "una call con el equipo") and other work words at 9–11 are in
  the morning, as "meeting" and "reunión" are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.app.conftest import Api, meetings_of, reminders_of, talk, zoned_user

LIMA = ZoneInfo("America/Lima")
# Monday 7 December 2026: 10:00 and 14:00 in Lima and New York
MONDAY_MORNING = datetime(2026, 12, 7, 10, 0, tzinfo=LIMA)
MONDAY_AFTERNOON = datetime(2026, 12, 7, 14, 0, tzinfo=LIMA)

_ZONES = {
    "rosa": ("America/Lima", "es-PE"),
    "nico": ("America/Argentina/Buenos_Aires", "es-AR"),
    "ana": ("America/Bogota", "es-CO"),
    "mike": ("America/New_York", "en-US"),
}


@pytest.fixture
def morning(app: Any, client: Any) -> Iterator[Callable[[str], Api]]:
    with time_machine.travel(MONDAY_MORNING, tick=True):
        yield lambda key: zoned_user(app, client, *_ZONES[key], key)


@pytest.fixture
def afternoon(app: Any, client: Any) -> Iterator[Callable[[str], Api]]:
    with time_machine.travel(MONDAY_AFTERNOON, tick=True):
        yield lambda key: zoned_user(app, client, *_ZONES[key], key)


def _ranges(api: Api) -> list[tuple[str, str]]:
    return [
        (m["starts_at"][:16], m["ends_at"][:16]) for m in api.get("/v1/meetings").json["meetings"]
    ]


_PILL = {
    "rosa": ("y recuérdame a la medianoche tomar la pastilla", "sí"),
    "mike": ("remind me at midnight to take the pill", "yes"),
}

# -- P45-H2: "si" opening a question is "if", never a yes -------------------------------------


@pytest.mark.parametrize(
    ("key", "asked", "about"),
    [
        ("rosa", "si me retiro del curso me devuelven la plata?", "reembolso"),
        ("rosa", "si me retiro del curso me devuelven el dinero?", "reembolso"),
        ("rosa", "si pago en cuotas hay recargo?", "cuota"),
        ("mike", "if I drop the course do I get my money back?", "refund"),
    ],
)
def test_a_question_opened_by_if_does_not_confirm(
    afternoon: Callable[[str], Api], key: str, asked: str, about: str
) -> None:
    api = afternoon(key)
    booking, yes = _PILL[key]
    first, aside, confirmed = talk(api, booking, asked, yes)
    assert first["pending"] is True, first
    assert about in aside["reply"].lower(), aside
    assert aside["pending"] is True, aside  # the question asked again, kept
    assert first["reply"] in aside["reply"], aside
    assert reminders_of(api) == [] or confirmed["pending"] is False
    assert [text for text, _due in reminders_of(api)] == [
        "tomar la pastilla" if key == "rosa" else "take the pill"
    ], confirmed


@pytest.mark.parametrize("asked", ["si me retiro del curso me devuelven la plata?"])
def test_nothing_is_stored_by_the_if_question_alone(
    afternoon: Callable[[str], Api], asked: str
) -> None:
    api = afternoon("rosa")
    talk(api, _PILL["rosa"][0], asked)
    assert reminders_of(api) == []


@pytest.mark.parametrize(
    "yes", ["si", "sí", "si claro", "sí, por favor", "si dale", "si es correcto"]
)
def test_a_plain_yes_still_confirms(afternoon: Callable[[str], Api], yes: str) -> None:
    api = afternoon("rosa")
    _asked, done = talk(api, _PILL["rosa"][0], yes)
    assert done["pending"] is False, done
    assert reminders_of(api) == [("tomar la pastilla", "2026-12-08T00:00")], done


# -- P45-L6: a yes with a question after it: both ---------------------------------------------


@pytest.mark.parametrize(
    ("key", "said", "price"),
    [
        ("rosa", "si, pero antes dime cuánto cuesta excel", "220"),
        ("rosa", "sí, y cuánto cuesta el curso de power bi?", "290"),
        ("mike", "yes, but first how much is the excel course?", "220"),
        ("mike", "yes and how much is the power bi course?", "290"),
    ],
)
def test_a_yes_with_a_question_does_both(
    afternoon: Callable[[str], Api], key: str, said: str, price: str
) -> None:
    api = afternoon(key)
    _asked, both = talk(api, _PILL[key][0], said)
    assert price in both["reply"], both
    assert both["pending"] is False, both
    assert len(reminders_of(api)) == 1, both


def test_a_yes_with_another_time_is_not_a_bare_yes(afternoon: Callable[[str], Api]) -> None:
    api = afternoon("rosa")
    _asked, said = talk(api, _PILL["rosa"][0], "sí, pero a la 1 de la mañana")
    assert reminders_of(api) != [("tomar la pastilla", "2026-12-08T00:00")], said


# -- P45-H1: a range on today's weekday -------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "booking", "answer", "stored"),
    [
        (
            "rosa",
            "agenda reunión de planificación el lunes de 8 a 10",
            "el lunes 14 en la mañana",
            ("2026-12-14T08:00", "2026-12-14T10:00"),
        ),
        (
            "rosa",
            "agenda reunión de planificación el lunes de 8 a 10",
            "hoy en la noche",
            ("2026-12-07T20:00", "2026-12-07T22:00"),
        ),
        (
            "rosa",
            "agenda taller con Lucía el lunes de 9 a 11",
            "el próximo lunes",
            ("2026-12-14T09:00", "2026-12-14T11:00"),
        ),
        (
            "mike",
            "book planning meeting on monday from 8 to 10",
            "next monday in the morning",
            ("2026-12-14T08:00", "2026-12-14T10:00"),
        ),
        (
            "mike",
            "book planning meeting on monday from 8 to 10",
            "tonight",
            ("2026-12-07T20:00", "2026-12-07T22:00"),
        ),
    ],
)
def test_a_range_on_todays_weekday_keeps_its_times(
    morning: Callable[[str], Api],
    key: str,
    booking: str,
    answer: str,
    stored: tuple[str, str],
) -> None:
    api = morning(key)
    asked, done = talk(api, booking, answer)
    assert asked["pending"] is True, asked
    assert asked["reply"].count("–") == 2, asked  # each option's end said
    assert done["pending"] is False, done
    assert _ranges(api) == [stored], done


# -- P45-M8: a reminder moved to a bare hour near its time ------------------------------------


@pytest.mark.parametrize(
    ("key", "booking", "move", "stored"),
    [
        (
            "nico",
            "recordame ir al médico mañana a las 9 am",
            "el recordatorio del médico pasalo a las 10",
            "2026-12-08T10:00",
        ),
        (
            "rosa",
            "recuérdame ir al médico mañana a las 9 am",
            "el recordatorio del médico ponlo a las 9 y media",
            "2026-12-08T09:30",
        ),
        (
            "mike",
            "remind me to call the doctor tomorrow at 9 pm",
            "the doctor reminder, move it to 10",
            "2026-12-08T22:00",
        ),
        (
            "mike",
            "remind me to pay rent tomorrow at 11 am",
            "the rent reminder, move it to 10",
            "2026-12-08T10:00",
        ),
    ],
)
def test_a_reminder_moved_to_a_near_bare_hour_keeps_its_half(
    morning: Callable[[str], Api], key: str, booking: str, move: str, stored: str
) -> None:
    api = morning(key)
    _booked, moved = talk(api, booking, move)
    assert moved["pending"] is False, moved
    ((_text, due),) = reminders_of(api)
    assert due == stored, moved


def test_a_reminder_moved_to_a_far_bare_hour_is_still_asked(
    morning: Callable[[str], Api],
) -> None:
    api = morning("nico")
    _booked, moved = talk(
        api, "recordame ir al médico mañana a las 9 am", "el recordatorio del médico pasalo a las 7"
    )
    assert moved["pending"] is True, moved
    assert reminders_of(api) == [("ir al médico", "2026-12-08T09:00")]


# -- P45-M10: work-meeting words --------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "booking", "stored"),
    [
        ("mike", "set up a mtg w/ jenna tmrw at 10", "2026-12-08T10:00"),
        ("mike", "book a call with the team on thursday at 10", "2026-12-10T10:00"),
        ("mike", "schedule a 1:1 with Omar on friday at 11", "2026-12-11T11:00"),
        ("mike", "book a one on one with Priya on wednesday at 9:30", "2026-12-09T09:30"),
        ("nico", "tengo una call con el equipo el jueves a las 10", "2026-12-10T10:00"),
        ("nico", "agendá una call con Nico el viernes a las 11", "2026-12-11T11:00"),
        ("ana", "agende una llamada de trabajo con Pedro el jueves a las 10", "2026-12-10T10:00"),
        ("rosa", "agenda la daily con el equipo el martes a las 9", "2026-12-08T09:00"),
    ],
)
def test_work_meeting_words_at_9_to_11_are_the_morning(
    morning: Callable[[str], Api], key: str, booking: str, stored: str
) -> None:
    api = morning(key)
    (reply,) = talk(api, booking)
    assert reply["pending"] is False, reply
    ((_title, start),) = meetings_of(api)
    assert start == stored, reply


@pytest.mark.parametrize(
    ("key", "said"),
    [
        ("mike", "remind me to call mom on thursday at 10"),
        ("rosa", "cena con Pedro el sábado a las 9"),
    ],
)
def test_a_personal_call_or_a_dinner_is_still_asked(
    morning: Callable[[str], Api], key: str, said: str
) -> None:
    api = morning(key)
    (reply,) = talk(api, said)
    assert reply["pending"] is True, reply
