"""Probe 47's scheduling findings (helper 237): British "half 11" asks its half (P47-M7), "plus"
joins two removals (P47-M1), "sí, y …" to a past-time question (P47-M6), "agéndala" never in a
title and "…, anótalo" books (P47-M3, P47-M4), "pa las 4" is "para las 4" (P47-M5)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.app.conftest import (
    PROBE47_EVENING,
    Api,
    meetings_of,
    probe_testers,
    reminders_of,
    talk,
)


@pytest.fixture
def user(app: Any, client: Any) -> Iterator[Callable[[str], Api]]:
    with probe_testers(app, client, PROBE47_EVENING) as make:
        yield make


# -- P47-M1: "plus", "as well as", "más" join two removals: refused as two, nothing removed
@pytest.mark.parametrize(
    ("key", "setup", "removal"),
    [
        (
            "gb",
            (
                "remind me to put the bins out on thursday at 7pm",
                "book dinner with Tom on friday at 8pm",
            ),
            "remove the bins reminder plus the dinner with Tom",
        ),
        (
            "gb",
            (
                "remind me to water the plants on thursday at 6pm",
                "book lunch with Ana on friday at 1pm",
            ),
            "delete the plants reminder as well as the lunch with Ana",
        ),
        (
            "nz",
            (
                "remind me to feed the cat on thursday at 6pm",
                "book a call with Hemi on friday at 2pm",
            ),
            "cancel the cat reminder along with the call with Hemi",
        ),
        (
            "madrid",
            (
                "recuérdame el jueves a las 19:00 sacar la basura",
                "agenda cena con Tom el viernes a las 20:00",
            ),
            "borra el recordatorio de la basura más la cena con Tom",
        ),
        (
            "mx",
            (
                "recuérdame el jueves a las 18:00 pagar la luz",
                "agenda una junta con Beto el viernes a las 10 am",
            ),
            "elimina el recordatorio de la luz además de la junta con Beto",
        ),
        (
            "cl",
            (
                "recuérdame el jueves a las 18:00 regar las plantas",
                "agenda almuerzo con Caro el viernes a las 13:00",
            ),
            "cancela el recordatorio de las plantas junto con el almuerzo con Caro",
        ),
    ],
)
def test_two_removals_joined_by_plus_are_refused(
    user: Any, key: str, setup: tuple[str, str], removal: str
) -> None:
    api = user(key)
    talk(api, *setup)
    meetings, reminders = meetings_of(api), reminders_of(api)
    assert len(meetings) == len(reminders) == 1
    (reply,) = talk(api, removal)
    assert reply["pending"] is False, reply
    assert ("2 requests" if key in ("gb", "nz") else "2 pedidos") in reply["reply"], reply
    assert meetings_of(api) == meetings, reply
    assert reminders_of(api) == reminders, reply


# -- P47-M6: "sí, y …" to "Hoy a las 9:00 ya pasó. ¿Quieres decir el lunes …?": the yes takes the
# offered moment, then the new request is handled
def test_yes_and_a_booking_to_a_past_time_offer_books_both(user: Any) -> None:
    api = user("madrid")
    asked, both, answered = talk(
        api,
        "agenda una reunión con Luis el lunes a las 9 de la mañana",
        "sí, y agenda otra el viernes con Ana a las 10",
        "de la mañana",
    )
    assert "ya pasó" in asked["reply"], asked
    assert "Dejé de lado" not in both["reply"], both
    assert "Reunión con Luis" in both["reply"], both
    assert answered["pending"] is False, answered
    assert sorted(start for _title, start in meetings_of(api)) == [
        "2026-12-11T10:00",
        "2026-12-14T09:00",
    ]


@pytest.mark.parametrize(
    ("key", "first", "answer", "kept", "new"),
    [
        (
            "madrid",
            "recuérdame el lunes a las 9 de la mañana revisar correo",
            "sí, y recuérdame el martes a las 8 de la noche sacar la basura",
            ("revisar correo", "2026-12-14T09:00"),
            ("sacar la basura", "2026-12-08T20:00"),
        ),
        (
            "cl",
            "recuérdame el lunes a las 8 de la mañana llamar a la gestoría",
            "sí, y recuérdame el jueves a las 6 de la tarde pagar la luz",
            ("llamar a la gestoría", "2026-12-14T08:00"),
            ("pagar la luz", "2026-12-10T18:00"),
        ),
        (
            "gb",
            "remind me on monday at 9am to check the post",
            "yes, and remind me on thursday at 6pm to ring Gran",
            ("check the post", "2026-12-14T09:00"),
            ("ring Gran", "2026-12-10T18:00"),
        ),
    ],
)
def test_yes_and_a_reminder_to_a_past_time_offer_sets_both(
    user: Any, key: str, first: str, answer: str, kept: tuple[str, str], new: tuple[str, str]
) -> None:
    api = user(key)
    asked, both = talk(api, first, answer)
    assert asked["pending"] is True, asked
    assert both["pending"] is False, both
    assert sorted(reminders_of(api)) == sorted([kept, new]), both


def test_yes_and_a_booking_in_english_books_both(user: Any) -> None:
    api = user("gb")
    asked, both = talk(
        api,
        "book a meeting with Priya on monday at 10am",
        "yes, and book a call with Sam on friday at 3pm",
    )
    assert asked["pending"] is True, asked
    assert both["pending"] is False, both
    assert sorted(start for _title, start in meetings_of(api)) == [
        "2026-12-11T15:00",
        "2026-12-14T10:00",
    ]


# -- P47-M3: "agéndala", "agéndalo", "agendamela" are never in a title or an attendee
@pytest.mark.parametrize(
    ("message", "title", "start"),
    [
        (
            "el martes de 10 a 12 tengo reunión con el equipo, agéndala",
            "Reunión con el equipo",
            "2026-12-08T10:00",
        ),
        (
            "el jueves a las 4 de la tarde tengo reunión con Pedro, agéndalo",
            "Reunión con Pedro",
            "2026-12-10T16:00",
        ),
        (
            "el viernes a las 11 am tengo junta con Beto, agendamela",
            "Junta con Beto",
            "2026-12-11T11:00",
        ),
        (
            "el viernes a las 3 de la tarde tengo reunión con la contadora, agéndamelo porfa",
            "Reunión con la contadora",
            "2026-12-11T15:00",
        ),
    ],
)
def test_the_book_it_word_is_never_in_the_title(
    user: Any, message: str, title: str, start: str
) -> None:
    api = user("cl")
    (reply,) = talk(api, message)
    assert reply["pending"] is False, reply
    assert meetings_of(api) == [(title, start)], reply
    attendees = [m.get("attendee") or "" for m in api.get("/v1/meetings").json["meetings"]]
    assert not any("agend" in a.lower() for a in attendees), attendees


# -- P47-M4: something the user has on a day at a time, then "anótalo", "add it": booked
@pytest.mark.parametrize(
    ("key", "message", "title", "start"),
    [
        ("cl", "el miércoles de 3 a 5 tengo dentista, anótalo", "Dentista", "2026-12-09T15:00"),
        ("madrid", "el jueves a las 10 am tengo médico, apúntalo", "Médico", "2026-12-10T10:00"),
        (
            "mx",
            "el viernes de 4 a 6 tengo clase de yoga, agéndalo",
            "Clase de yoga",
            "2026-12-11T16:00",
        ),
        (
            "gb",
            "on wednesday from 3 to 5 I have the dentist, book it",
            "Dentist",
            "2026-12-09T15:00",
        ),
        ("nz", "on thursday at 2pm I have physio, add it", "Physio", "2026-12-10T14:00"),
    ],
)
def test_a_day_and_time_i_have_noted_is_booked(
    user: Any, key: str, message: str, title: str, start: str
) -> None:
    api = user(key)
    (reply,) = talk(api, message)
    assert reply["pending"] is False, reply
    assert meetings_of(api) == [(title, start)], reply


@pytest.mark.parametrize(
    "question", ["¿qué tengo el miércoles de 3 a 5?", "what do I have on wednesday at 3pm?"]
)
def test_an_agenda_question_stays_a_question(user: Any, question: str) -> None:
    api = user("cl")
    (reply,) = talk(api, question)
    assert meetings_of(api) == [], reply


# -- P47-M5: "pa las 4" is "para las 4", read as "a las 4" is (answers, moves, bookings)
@pytest.mark.parametrize(
    ("messages", "meetings"),
    [
        (
            ("agenda una junta con Caro el jueves", "pa las 4"),
            [("Junta con Caro", "2026-12-10T16:00")],
        ),
        (
            ("agenda una reunión con Lupe el viernes", "pa' las 5 de la tarde"),
            [("Reunión con Lupe", "2026-12-11T17:00")],
        ),
        (
            (
                "agenda una junta con Caro el jueves a las 10 am",
                "mueve la junta con Caro a las 5 de la tarde",
                "mejor pa las 4",
            ),
            [("Junta con Caro", "2026-12-10T16:00")],
        ),
        (
            ("agenda una junta con Caro el jueves a las 10 am", "muévela pa las 3"),
            [("Junta con Caro", "2026-12-10T15:00")],
        ),
        (
            ("agenda junta con Beto pa el viernes a las 10 am",),
            [("Junta con Beto", "2026-12-11T10:00")],
        ),
    ],
)
def test_pa_before_a_time_is_para(
    user: Any, messages: tuple[str, ...], meetings: list[tuple[str, str]]
) -> None:
    api = user("mx")
    *_before, reply = talk(api, *messages)
    assert reply["pending"] is False, reply
    assert meetings_of(api) == meetings, reply


def test_pa_answers_a_reminders_hour(user: Any) -> None:
    api = user("mx")
    _asked, reply = talk(api, "recuérdame el jueves llamar a Lupe", "pa las 6 de la tarde")
    assert reply["pending"] is False, reply
    assert reminders_of(api) == [("llamar a Lupe", "2026-12-10T18:00")], reply


def test_pa_las_before_a_count_is_not_a_time() -> None:
    from app.texting import written_out

    assert written_out("compra pan pa las 4 personas", "es") == "compra pan pa las 4 personas"
    assert written_out("mejor pa las 4", "es") == "mejor a las 4"
    assert written_out("déjalo pa mañana", "es") == "déjalo para mañana"


# -- P47-M7: British "half 11" is read as "11" is in each context: a new work meeting at 9-11
# is the morning (the documented rule, said either way), anything else asks the half
@pytest.mark.parametrize(
    "message",
    [
        "book a meeting with Wiremu on Friday at {}",
        "book a call with Hemi on Monday at {}",
        "remind me on Monday at {} to ring Hemi",
        "book dinner with Aroha on Friday at {}",
        "book a party with Aroha on Friday at {}",
        "add a to-do to ring mum on friday at {}",
    ],
)
@pytest.mark.parametrize(("hour", "half"), [("11", "half 11"), ("10", "half ten"), ("8", "half 8")])
def test_british_half_is_read_as_its_hour_is(user: Any, message: str, hour: str, half: str) -> None:
    by_hour, by_half = user("nz"), user("nz")
    (plain,) = talk(by_hour, message.format(hour))
    (halved,) = talk(by_half, message.format(half))
    assert halved["pending"] is plain["pending"], (plain, halved)
    assert [t for t, _ in meetings_of(by_half)] == [t for t, _ in meetings_of(by_hour)]
    assert [start[-5:] for _t, start in meetings_of(by_half)] == [
        start[-5:-2] + "30" for _t, start in meetings_of(by_hour)
    ]
