"""Probe 46's findings on which item a removal or a move targets (helper 232).

- P46-H7: "cancela lo del gym de mañana" offered tomorrow's meeting: the item named is found by
  its words across kinds (reminders, to-dos), a day never overrides a name, and a name no item
  has is said so (never another item offered).
- P46-H3: two removals of different kinds in one message were half done: refused as two
  requests, nothing removed (one title holding "y"/"and" is one item).
- P46-H5: "move the dentist appointment to 16/12 at 9:45am" kept the old day.
- P46-H2 / P46-L5: "can you scrap my 11 o'clock tomorrow" became a reminder "scrap my"; a
  meeting and a reminder both at 11:00 are both offered.
- P46-M7: "move the dentist to quarter to ten" offered today or tomorrow, not the item's day.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.app.conftest import (
    PROBE46_EVENING,
    Api,
    meetings_of,
    probe_testers,
    reminders_of,
    talk,
)


@pytest.fixture
def user(app: Any, client: Any) -> Iterator[Callable[[str], Api]]:
    with probe_testers(app, client, PROBE46_EVENING) as make:
        yield make


def _todos(api: Api) -> list[str]:
    return [t["text"] for t in api.get("/v1/todos").json["todos"]]


# -- P46-H7: the item named, of any kind; a day never overrides the name ------------------------

_GYM = {
    "mx": (
        "agendame una junta con el Beto mañana a las 11",
        "recuérdame ir al gym mañana a las 7 de la noche",
    ),
    "gb": (
        "book a meeting with Sam tomorrow at 11am",
        "remind me to go to the gym tomorrow at 7pm",
    ),
}


@pytest.mark.parametrize(
    ("where", "message", "yes"),
    [
        ("mx", "cancela lo del gym de mañana", "si"),
        ("mx", "borra lo del gym de mañana", "sí"),
        ("mx", "cancela el gym de mañana", "si"),
        ("gb", "cancel the gym tomorrow", "yes"),
        ("gb", "cancel tomorrow's gym", "yes"),
    ],
)
def test_a_named_reminder_is_offered_never_the_days_meeting(
    user: Callable[[str], Api], where: str, message: str, yes: str
) -> None:
    api = user(where)
    *_made, asked, done = talk(api, *_GYM[where], message, yes)
    assert "gym" in asked["reply"], asked
    assert "Beto" not in asked["reply"], asked
    assert "Sam" not in asked["reply"], asked
    assert asked["pending"] is True, asked
    assert done["pending"] is False, done
    assert len(meetings_of(api)) == 1  # the meeting is kept
    assert reminders_of(api) == []


@pytest.mark.parametrize(
    ("where", "message", "name"),
    [
        ("mx", "cancela lo del yoga de mañana", "yoga"),
        ("mx", "cancela lo de la natación de mañana", "natación"),
        ("gb", "cancel the yoga tomorrow", "yoga"),
        ("gb", "cancel my pilates tomorrow", "pilates"),
    ],
)
def test_a_name_no_item_has_is_said_so(
    user: Callable[[str], Api], where: str, message: str, name: str
) -> None:
    api = user(where)
    *_made, reply = talk(api, *_GYM[where], message)
    assert reply["pending"] is False, reply
    assert name in reply["reply"], reply
    assert "Beto" not in reply["reply"], reply
    assert "Sam" not in reply["reply"], reply
    assert len(meetings_of(api)) == 1
    assert len(reminders_of(api)) == 1


@pytest.mark.parametrize(
    ("where", "made", "message"),
    [
        ("mx", "anota comprar flores en mis pendientes", "cancela lo de las flores de mañana"),
        ("gb", "add buy flowers to my to-do list", "cancel the flowers tomorrow"),
    ],
)
def test_a_named_todo_is_offered_never_the_days_meeting(
    user: Callable[[str], Api], where: str, made: str, message: str
) -> None:
    api = user(where)
    *_made, asked, _done = talk(api, _GYM[where][0], made, message, "yes")
    assert "Beto" not in asked["reply"], asked
    assert "Sam" not in asked["reply"], asked
    assert asked["pending"] is True, asked
    assert len(meetings_of(api)) == 1
    assert _todos(api) == []


# -- P46-H3: two removals of any kinds in one message ------------------------------------------

_TWO = {
    "mx_rent": (
        "mx",
        (
            "recuerdame pagar la renta el viernes a las 9 de la mañana",
            "pon taller de excel el miercoles de 9 a 1",
        ),
    ),
    "mx_sales": (
        "mx",
        (
            "agenda junta con ventas el jueves a las 10:00",
            "pon taller de excel el miercoles de 9 a 1",
        ),
    ),
    "gb_bins": (
        "gb",
        (
            "remind me to take the bins out on thursday at 7am",
            "book dinner with Tom on friday at 8pm",
        ),
    ),
    "es_dinner": (
        "es",
        (
            "agenda cena con Lucía el sábado a las 21:00",
            "agenda reunión con Álvaro el jueves a las 10:00",
        ),
    ),
    "gb_two": (
        "gb",
        ("book a sprint review on thursday at 2pm", "book a dentist appointment on friday at 9am"),
    ),
}


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("mx_rent", "borra el recordatorio de la renta y el taller de excel"),
        ("mx_rent", "elimina el taller de excel y el recordatorio de la renta"),
        ("mx_sales", "cancela la junta con ventas y el taller de excel"),
        ("mx_sales", "borra el taller de excel y la junta con ventas"),
        ("gb_bins", "delete the bins reminder and the dinner with Tom"),
        ("gb_bins", "cancel the dinner with Tom and the bins reminder"),
        ("es_dinner", "cancela la cena con Lucía y la reunión con Álvaro"),
        ("es_dinner", "anula la reunión con Álvaro y la cena con Lucía"),
        ("gb_two", "cancel the sprint review and the dentist appointment"),
        ("gb_two", "scrap the dentist appointment and the sprint review"),
    ],
)
def test_two_removals_of_any_kinds_are_refused_nothing_removed(
    user: Callable[[str], Api], setup: str, message: str
) -> None:
    where, made = _TWO[setup]
    api = user(where)
    before = (meetings_of(api), reminders_of(api))
    *_made, reply = talk(api, *made, message)
    assert reply["pending"] is False, reply
    assert ("Son 2 pedidos" if where != "gb" else "That's 2 requests") in reply["reply"], reply
    assert before == ([], [])
    assert len(meetings_of(api)) + len(reminders_of(api)) == 2


def test_a_todo_and_a_meeting_are_two_removals(user: Callable[[str], Api]) -> None:
    api = user("mx")
    *_made, reply = talk(
        api,
        "agenda junta con ventas el jueves a las 10:00",
        "anota comprar pan en mis pendientes",
        "borra el pendiente de comprar pan y la junta con ventas",
    )
    assert "Son 2 pedidos" in reply["reply"], reply
    assert len(meetings_of(api)) == 1
    assert _todos(api) == ["comprar pan"]


@pytest.mark.parametrize(
    ("where", "made", "message", "title"),
    [
        (
            "mx",
            "agenda reunión de ventas y marketing el jueves a las 10:00",
            "cancela la reunión de ventas y marketing",
            "marketing",
        ),
        (
            "gb",
            "book dinner with Tom and Ana on friday at 8pm",
            "cancel the dinner with Tom and Ana",
            "Ana",
        ),
    ],
)
def test_one_title_holding_and_is_one_item(
    user: Callable[[str], Api], where: str, made: str, message: str, title: str
) -> None:
    api = user(where)
    *_made, asked, _done = talk(api, made, message, "yes")
    assert asked["pending"] is True, asked
    assert title in asked["reply"], asked
    assert meetings_of(api) == []


# -- P46-H5: a numeric date in a move sets the day ----------------------------------------------


@pytest.mark.parametrize(
    ("where", "made", "message", "moved"),
    [
        (
            "gb",
            "book a dentist appointment on 15/12 at 8:45am",
            "move the dentist appointment to 16/12 at 9:45am",
            "2026-12-16T09:45",
        ),
        (
            "gb",
            "book a dentist appointment on 15/12 at 8:45am",
            "move my dentist appointment to 17/12 at 10am",
            "2026-12-17T10:00",
        ),
        (
            "us",
            "book a dentist appointment on 12/15 at 8:45am",
            "move the dentist appointment to 12/16 at 9:45am",
            "2026-12-16T09:45",
        ),
        (
            "es",
            "agenda cita con el dentista el 15/12 a las 8:45 de la mañana",
            "mueve la cita con el dentista al 17/12 a las 10 de la mañana",
            "2026-12-17T10:00",
        ),
    ],
)
def test_a_numeric_date_in_a_move_sets_the_day(
    user: Callable[[str], Api], where: str, made: str, message: str, moved: str
) -> None:
    api = user(where)
    talk(api, made, message)
    assert [start for _title, start in meetings_of(api)] == [moved]


def test_a_numeric_date_with_an_unclear_hour_asks_on_that_day(user: Callable[[str], Api]) -> None:
    api = user("es")
    *_made, asked = talk(
        api,
        "agenda cita con el dentista el 15/12 a las 8:45 de la mañana",
        "la cita con el dentista pásala al 16/12 a las 10",
    )
    if asked["pending"]:
        assert "16 de diciembre" in asked["reply"], asked
        assert meetings_of(api) == [("Cita con el dentista", "2026-12-15T08:45")]
    else:
        assert [start for _t, start in meetings_of(api)] == ["2026-12-16T10:00"], asked


# -- P46-H2 / P46-L5: "scrap my 11 o'clock tomorrow" ---------------------------------------------


@pytest.mark.parametrize(
    ("where", "made", "message", "yes", "title"),
    [
        (
            "gb",
            "book a meeting with Priya tomorrow at 11am",
            "can you scrap my 11 o'clock tomorrow",
            "yes",
            "Priya",
        ),
        (
            "gb",
            "book a meeting with Priya tomorrow at 11am",
            "could you ditch my 11 o'clock tomorrow",
            "yes",
            "Priya",
        ),
        (
            "gb",
            "book a meeting with Raj tomorrow at 3pm",
            "can you call off my 3 o'clock tomorrow",
            "yes",
            "Raj",
        ),
        (
            "mx",
            "agendame una junta con el Beto mañana a las 11",
            "anula mi cita de las 11 de mañana",
            "si",
            "Beto",
        ),
        (
            "mx",
            "agendame una junta con el Beto mañana a las 11",
            "quita lo de las 11 de mañana",
            "si",
            "Beto",
        ),
    ],
)
def test_a_spoken_cancel_of_a_clock_finds_the_item(
    user: Callable[[str], Api], where: str, made: str, message: str, yes: str, title: str
) -> None:
    api = user(where)
    _made, asked, done = talk(api, made, message, yes)
    assert title in asked["reply"], asked
    assert asked["pending"] is True, asked
    assert done["pending"] is False, done
    assert meetings_of(api) == []
    assert reminders_of(api) == []  # never a reminder "scrap my"


@pytest.mark.parametrize(
    ("where", "made", "message"),
    [
        (
            "gb",
            (
                "book a meeting with Priya tomorrow at 11am",
                "remind me to call mum tomorrow at 11am",
            ),
            "cancel my 11am tomorrow",
        ),
        (
            "gb",
            (
                "book a meeting with Priya tomorrow at 11am",
                "remind me to call mum tomorrow at 11am",
            ),
            "can you scrap my 11 o'clock tomorrow",
        ),
        (
            "mx",
            (
                "agendame una junta con el Beto mañana a las 11",
                "recuérdame llamar a mamá mañana a las 11 de la mañana",
            ),
            "borra lo de las 11 de mañana",
        ),
    ],
)
def test_a_meeting_and_a_reminder_at_the_clock_are_both_offered(
    user: Callable[[str], Api], where: str, made: tuple[str, str], message: str
) -> None:
    api = user(where)
    *_made, asked = talk(api, *made, message)
    assert asked["pending"] is True, asked
    assert ("Priya" if where == "gb" else "Beto") in asked["reply"], asked
    assert ("mum" if where == "gb" else "mamá") in asked["reply"], asked
    assert len(meetings_of(api)) == 1
    assert len(reminders_of(api)) == 1


# -- P46-M7: a move to a bare clock keeps the item's day -----------------------------------------


@pytest.mark.parametrize(
    "message",
    ["move the dentist to quarter to ten", "move the dentist appointment to quarter past ten"],
)
def test_a_move_to_a_spoken_clock_keeps_the_items_day(
    user: Callable[[str], Api], message: str
) -> None:
    api = user("gb")
    *_made, reply = talk(api, "book a dentist appointment on 15/12 at 8:45am", message)
    if reply["pending"]:
        assert "15 Dec" in reply["reply"], reply
        assert "today" not in reply["reply"], reply
        assert "tomorrow" not in reply["reply"], reply
    else:
        [(_title, start)] = meetings_of(api)
        assert start.startswith("2026-12-15T"), reply


@pytest.mark.parametrize(
    ("where", "message", "yes"),
    [
        ("gb", "nix my 11 o'clock tomorrow", "yes"),
        ("gb", "please axe my 11am tomorrow", "yes"),
        ("gb", "knock off my 11 o'clock tomorrow", "yes"),
        ("mx", "tumba lo de las 11 de mañana", "si"),
        ("mx", "suspende mi cita de las 11 de mañana", "si"),
        ("mx", "bórrame lo de las 11 de mañana", "si"),
    ],
)
def test_other_cancel_verbs_find_the_item_at_the_clock(
    user: Callable[[str], Api], where: str, message: str, yes: str
) -> None:
    api = user(where)
    made = _GYM[where][0]
    _made, asked, _done = talk(api, made, message, yes)
    assert ("Sam" if where == "gb" else "Beto") in asked["reply"], asked
    assert meetings_of(api) == []
    assert len(reminders_of(api)) == 0
