"""Probe 46's pending questions (helper 231).

- P46-H1: "tengo cena con Lucía el sábado a las 9, apúntala" while "¿10:00 o 22:00?" waited for
  the gestoría reminder was read as that reminder's new time (the model read the dinner as
  calendar_update at 0.58): the dinner's question was asked with the reminder kept behind it,
  and "a las 21h" stored "llamar a la gestoría" on Saturday. A meeting, meal or date noted at
  its end ("apúntala", "add it") is a request of its own: the waiting one is dropped and said so.
- P46-H4: "el lunes de 9 a 1 …" said on a Monday afternoon asked "Hoy a las 9:00 ya pasó.
  ¿Quieres decir el lunes 14 …?" without the end, and "si po" booked 9:00–9:30. The end is kept
  through the question and shown in it.
- P46-L3: "what is my schedule for this week?" while "AM or PM?" waited dropped the question
  ("schedule" read as the verb): answered aside, the question asked again.
- P46-L1: a knowledge question while "¿Te recuerdo …? Responde sí o no." waited dropped the
  reminder: answered aside, the question asked again.
- P46-H2 (part): a plain "no" to "AM or PM?" was "Sorry, I didn't catch that": it drops the
  request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.app.conftest import (
    PROBE46_EVENING,
    PROBE_TESTERS,
    Api,
    meetings_of,
    probe_testers,
    reminders_of,
    talk,
)

_DROPPED = {"es": "Dejé de lado tu pedido anterior", "en": "I dropped your earlier request"}


@pytest.fixture
def user(app: Any, client: Any) -> Iterator[Callable[[str], Api]]:
    with probe_testers(app, client, PROBE46_EVENING) as make:
        yield make


def _lang(key: str) -> str:
    return "es" if PROBE_TESTERS[key][1].startswith("es") else "en"


# -- P46-H1: the answer applies to the question last asked -------------------------------------

_THEN_MEETING = [
    (
        "es",
        "recuérdame el jueves a las 10 llamar a la gestoría",
        "tengo cena con Lucía el sábado a las 9, apúntala",
        "a las 21h",
        ("Cena con Lucía", "2026-12-12T21:00"),
    ),
    (
        "es",
        "recordadme el miércoles a las 8:30 llevar el coche al taller",
        "tengo cena con mis suegros el viernes a las 9, apúntala",
        "a las 21h",
        ("Cena con mis suegros", "2026-12-11T21:00"),
    ),
    (
        "mx",
        "recuérdame el jueves a las 10 pagar la luz",
        "el sábado a las 8 tengo cena con Beto, anótala",
        "de la noche",
        ("Cena con Beto", "2026-12-12T20:00"),
    ),
    (
        "gb",
        "remind me on thursday at 10 to ring the accountant",
        "dinner with Lucy on saturday at 9, add it",
        "9pm",
        ("Dinner with Lucy", "2026-12-12T21:00"),
    ),
    (
        "gb",
        "remind me on wednesday at 8:30 to take the car to the garage",
        "drinks with Sam on friday at 8, put it in my calendar",
        "in the evening",
        ("Drinks with Sam", "2026-12-11T20:00"),
    ),
]


@pytest.mark.parametrize(("key", "first", "meeting", "answer", "booked"), _THEN_MEETING)
def test_a_meeting_noted_while_a_reminder_waits_is_that_meeting(
    user: Callable[[str], Api],
    key: str,
    first: str,
    meeting: str,
    answer: str,
    booked: tuple[str, str],
) -> None:
    api = user(key)
    asked, again, done = talk(api, first, meeting, answer)
    assert asked["pending"] is True, asked
    assert again["pending"] is True, again
    assert _DROPPED[_lang(key)] in again["reply"], again  # said, not silently dropped
    assert done["pending"] is False, done
    assert reminders_of(api) == [], done  # never the old reminder on the dinner's day
    # the title's own words ("apúntala" kept in it is another finding, P46-M6)
    assert [(title.lower()[: len(booked[0])], at) for title, at in meetings_of(api)] == [
        (booked[0].lower(), booked[1])
    ], done


_THEN_REMINDER = [
    (
        "es",
        "tengo cena con Lucía el sábado a las 9, apúntala",
        "recuérdame el jueves a las 10 llamar a la gestoría",
        "a las 22h",
        ("llamar a la gestoría", "2026-12-10T22:00"),
    ),
    (
        "gb",
        "dinner with Tom on Friday at 8, book it",
        "remind me on thursday at 10 to ring the accountant",
        "10pm",
        ("ring the accountant", "2026-12-10T22:00"),
    ),
    (  # two reminders
        "es",
        "recuérdame el jueves a las 10 llamar a la gestoría",
        "recuérdame el viernes a las 8 sacar la basura",
        "de la noche",
        ("sacar la basura", "2026-12-11T20:00"),
    ),
    (
        "gb",
        "remind me on thursday at 10 to ring the accountant",
        "remind me on friday at 8 to take the bins out",
        "in the evening",
        ("take the bins out", "2026-12-11T20:00"),
    ),
]


@pytest.mark.parametrize(("key", "first", "second", "answer", "stored"), _THEN_REMINDER)
def test_a_reminder_asked_while_another_item_waits_is_that_reminder(
    user: Callable[[str], Api],
    key: str,
    first: str,
    second: str,
    answer: str,
    stored: tuple[str, str],
) -> None:
    api = user(key)
    asked, again, done = talk(api, first, second, answer)
    assert asked["pending"] is True, asked
    assert again["pending"] is True, again
    assert _DROPPED[_lang(key)] in again["reply"], again
    assert done["pending"] is False, done
    assert meetings_of(api) == [], done
    assert reminders_of(api) == [stored], done


@pytest.mark.parametrize(
    ("key", "first", "meeting", "booked"),
    [
        (
            "es",
            "recuérdame el jueves a las 10 llamar a la gestoría",
            "tengo cena con Lucía el sábado a las 21:30, apúntala",
            ("Cena con Lucía", "2026-12-12T21:30"),
        ),
        (
            "gb",
            "remind me on thursday at 10 to ring the accountant",
            "lunch with Priya on friday at 1pm, add it to my calendar",
            ("Lunch with Priya", "2026-12-11T13:00"),
        ),
    ],
)
def test_a_sure_meeting_noted_while_a_reminder_waits_is_booked_at_once(
    user: Callable[[str], Api], key: str, first: str, meeting: str, booked: tuple[str, str]
) -> None:
    api = user(key)
    _asked, done = talk(api, first, meeting)
    assert done["pending"] is False, done
    assert _DROPPED[_lang(key)] in done["reply"], done
    assert reminders_of(api) == []
    assert [(t.lower(), at) for t, at in meetings_of(api)] == [(booked[0].lower(), booked[1])]


# -- P46-H4: a range's end kept through "has passed: did you mean …?" ---------------------------


def _ranges(api: Api) -> list[tuple[str, str]]:
    return [
        (m["starts_at"][:16], m["ends_at"][:16]) for m in api.get("/v1/meetings").json["meetings"]
    ]


@pytest.mark.parametrize(
    ("key", "said", "yes", "shown", "booked"),
    [
        (
            "cl",
            "el lunes de 9 a 1 tengo taller de ventas, agendalo",
            "si po",
            "9:00–13:00",
            ("2026-12-14T09:00", "2026-12-14T13:00"),
        ),
        (
            "mx",
            "agenda taller de excel el lunes de 10 a 12",
            "sí",
            "10:00–12:00",
            ("2026-12-14T10:00", "2026-12-14T12:00"),
        ),
        (
            "gb",
            "book a sales workshop on monday from 9am to 1pm",
            "yes",
            "9:00 AM–1:00 PM",
            ("2026-12-14T09:00", "2026-12-14T13:00"),
        ),
        (
            "gb",
            "book a planning session on monday at 9am for 2 hours",
            "yes please",
            "9:00 AM–11:00 AM",
            ("2026-12-14T09:00", "2026-12-14T11:00"),
        ),
    ],
)
def test_a_range_asked_about_as_past_keeps_its_end(
    user: Callable[[str], Api],
    key: str,
    said: str,
    yes: str,
    shown: str,
    booked: tuple[str, str],
) -> None:
    api = user(key)
    asked, done = talk(api, said, yes)
    assert asked["pending"] is True, asked
    assert shown in asked["reply"], asked  # the question shows the range
    assert done["pending"] is False, done
    assert _ranges(api) == [booked], done


# -- P46-L3: an agenda asked while a question waits is answered, the question asked again ------


@pytest.mark.parametrize(
    ("key", "first", "asked", "answer", "stored"),
    [
        (
            "gb",
            "remind me tomorrow at 8:30 to call mum",
            "what is my schedule for this week?",
            "in the morning",
            ("call mum", "2026-12-08T08:30"),
        ),
        (
            "in",
            "remind me on thursday at 8:30 to pay the electricity bill",
            "what's my schedule for tomorrow?",
            "8:30 pm",
            ("pay the electricity bill", "2026-12-10T20:30"),
        ),
        (
            "es",
            "recuérdame mañana a las 8:30 llamar a mamá",
            "¿cuál es mi agenda esta semana?",
            "de la mañana",
            ("llamar a mamá", "2026-12-08T08:30"),
        ),
        (
            "mx",
            "recuérdame el jueves a las 10 pagar la luz",
            "¿cuál es mi agenda para mañana?",
            "a las 10 de la noche",
            ("pagar la luz", "2026-12-10T22:00"),
        ),
    ],
)
def test_an_agenda_asked_while_a_question_waits_keeps_the_question(
    user: Callable[[str], Api],
    key: str,
    first: str,
    asked: str,
    answer: str,
    stored: tuple[str, str],
) -> None:
    api = user(key)
    question, aside, done = talk(api, first, asked, answer)
    assert question["pending"] is True, question
    assert aside["pending"] is True, aside
    assert aside["reply"].endswith(question["reply"]), aside  # the question asked again
    assert _DROPPED[_lang(key)] not in aside["reply"], aside
    assert done["pending"] is False, done
    assert reminders_of(api) == [stored], done


# -- P46-L1: a question asked aside while "yes or no?" waits: answered, asked again ------------


@pytest.mark.parametrize(
    ("key", "first", "asked", "about", "yes", "stored"),
    [
        (
            "mx",
            "mañana 7pm gym",
            "cuanto cuesta el curso de excel?",
            "S/ 220",
            "si",
            ("gym", "2026-12-08T19:00"),
        ),
        (
            "mx",
            "mañana 7pm gym",
            "si me retiro del curso me devuelven la plata?",
            "reembols",
            "sí",
            ("gym", "2026-12-08T19:00"),
        ),
        (
            "cl",
            "mañana 8pm pilates",
            "que medios de pago aceptan?",
            "pago",
            "dale",
            ("pilates", "2026-12-08T20:00"),
        ),
    ],
)
def test_a_question_aside_to_a_yes_or_no_keeps_it(
    user: Callable[[str], Api],
    key: str,
    first: str,
    asked: str,
    about: str,
    yes: str,
    stored: tuple[str, str],
) -> None:
    api = user(key)
    question, aside, done = talk(api, first, asked, yes)
    assert question["pending"] is True, question
    assert about.lower() in aside["reply"].lower(), aside
    assert aside["pending"] is True, aside
    assert aside["reply"].endswith(question["reply"]), aside
    assert _DROPPED["es"] not in aside["reply"], aside
    assert reminders_of(api) == [stored], done


# -- P46-H2 (part): a plain no to "AM or PM?" drops the request --------------------------------


@pytest.mark.parametrize(
    ("key", "first", "no"),
    [
        ("gb", "remind me tomorrow at 11 to water the plants", "no"),
        ("gb", "remind me tomorrow at 11 to water the plants", "nope"),
        ("gb", "remind me tomorrow at 11 to water the plants", "no thanks"),
        ("in", "remind me on friday at 9 to call Ravi", "No."),
        ("gb", "dinner with Tom on Friday at 8, book it", "nah"),
        ("es", "recuérdame mañana a las 11 regar las plantas", "no"),
        ("es", "recuérdame mañana a las 11 regar las plantas", "no gracias"),
        ("es", "recuérdame mañana a las 11 regar las plantas", "mejor no"),
        ("mx", "recuérdame el jueves a las 10 pagar la luz", "olvídalo"),
        ("cl", "tengo cena con la Coni el sábado a las 9, agendalo", "no po"),
        ("cl", "el lunes de 9 a 1 tengo taller de ventas, agendalo", "no"),
    ],
)
def test_a_plain_no_to_a_time_question_drops_the_request(
    user: Callable[[str], Api], key: str, first: str, no: str
) -> None:
    api = user(key)
    question, dropped = talk(api, first, no)
    assert question["pending"] is True, question
    assert dropped["pending"] is False, dropped
    assert dropped["reply"] in {
        "OK, I won't. Nothing was changed.",
        "OK, cancelled. Nothing was changed.",
        "Entendido, no lo haré. No se cambió nada.",
        "Listo, cancelado. No se cambió nada.",
    }, dropped
    assert reminders_of(api) == []
    assert meetings_of(api) == []
