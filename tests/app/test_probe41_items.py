"""Probe 41's findings on items named in a follow-up (R-H2, R-H5, R-M3). The tester's clock was
Monday 7 December 2026, about 09:45 UTC (04:45 in Lima and New York, 03:45 in Mexico City, 09:45
in London, 10:45 in Madrid, 20:45 in Sydney); the reported messages run at that clock in the
tester's zones, variants of them too.

- R-H2: "la de las 6", "the 6 o'clock one", "move the 7 one to 8pm" removed or moved an item at
  18:30, 18:45, 19:30 (nothing at 6:00, 18:00, 7:00 or 19:00). An hour said alone names an item
  at that hour sharp; one at other minutes of it is asked about, never taken.
- R-H5: "the dog food one is done" with "buy dog food" and "renew passport" asked "which one?"
  listing only "renew passport"; "the first one" marked it done.
- R-M3: "y el tercero también" right after "el segundo ya lo hice" asked which meeting to add
  "el tercero" to.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.app.conftest import Api, reminders_of, talk, users_in_zones

# the tester's clock: Monday 7 December 2026, 09:45 UTC
PROBE = datetime(2026, 12, 7, 9, 45, tzinfo=UTC)


@pytest.fixture
def user(app: Any, client: Any) -> Iterator[Any]:
    """A maker of users in the testers' zones (``TESTER_ZONES``), at the tester's clock."""
    with users_in_zones(app, client, PROBE, "p41") as make:
        yield make


def todos_of(api: Api) -> list[tuple[str, bool]]:
    """The user's to-dos as (text, done), in the order listed."""
    return [(t["text"], bool(t["done"])) for t in api.get("/v1/todos").json["todos"]]


# -- R-H2: an hour said alone names an item at that hour sharp -----------------------------------


@pytest.mark.parametrize(
    ("where", "setup", "said"),
    [
        # reported
        ("mexico", ["recuérdame mañana a las 6:30 de la tarde ir por las tortillas", "mañana",
                    "pon una alarma mañana a las 6 de la mañana"], "quita la de las 6"),
        ("mexico", ["recuérdame mañana a las 6:30 de la tarde comprar pan", "mañana"],
         "quita la de las 6"),
        ("sydney", ["remind me tomorrow at 6:30pm to buy bread"], "delete the 6 o'clock one"),
        ("london", ["remind me wednesday at 6:45pm to feed the cat"],
         "cancel the 6 o'clock reminder"),
        ("london", ["remind me wednesday at 7:30pm to call dad"], "move the 7 one to 8pm"),
        ("madrid", ["recuérdame el miércoles a las 7:30 de la tarde llamar a mamá"],
         "pasa el de las 7 a las 9 de la noche"),
        # variants
        ("lima", ["recuerdame el jueves a las 6:15 de la mañana sacar la basura"],
         "borra el de las 6"),
        ("bogota", ["pon una alarma el martes a las 6:45 de la mañana"], "apague la de las 6"),
        ("ny", ["set an alarm for 6:30am on wednesday"], "turn off the 6 one"),
        ("ny", ["remind me on thursday at 6:30pm to call grandma"], "cancel the 6pm one"),
        ("lima", ["recuerdame el jueves a las 6:30 de la tarde llamar a la abuela"],
         "cancela el de las 6 de la tarde"),
    ],
)  # fmt: skip
def test_r_h2_an_item_at_other_minutes_of_the_hour_said_is_asked_never_taken(
    user: Any, where: str, setup: list[str], said: str
) -> None:
    api = user(where)
    talk(api, *setup)
    kept = reminders_of(api)
    replied = talk(api, said)[-1]
    assert reminders_of(api) == kept, replied["reply"]
    assert replied["pending"], replied["reply"]


@pytest.mark.parametrize(
    ("where", "setup", "said", "question", "answer", "reminders"),
    [
        ("sydney", ["remind me tomorrow at 6:30pm to buy bread"], "delete the 6 o'clock one",
         "Do you mean “buy bread”", "yes", []),
        ("sydney", ["remind me tomorrow at 6:30pm to buy bread"], "delete the 6 o'clock one",
         "Do you mean “buy bread”", "no", [("buy bread", "2026-12-08T18:30")]),
        ("london", ["remind me wednesday at 7:30pm to call dad"], "move the 7 one to 8pm",
         "Do you mean “call dad”", "yes", [("call dad", "2026-12-09T20:00")]),
        ("madrid", ["recuérdame el miércoles a las 7:30 de la tarde llamar a mamá"],
         "pasa el de las 7 a las 9 de la noche", "¿Te refieres a “llamar a mamá”", "sí",
         [("llamar a mamá", "2026-12-09T21:00")]),
        ("lima", ["recuerdame el jueves a las 6:15 de la mañana sacar la basura"],
         "borra el de las 6", "¿Te refieres a “sacar la basura”", "si", []),
    ],
)  # fmt: skip
def test_r_h2_the_item_asked_about_is_taken_only_on_a_yes(
    user: Any,
    where: str,
    setup: list[str],
    said: str,
    question: str,
    answer: str,
    reminders: list[tuple[str, str]],
) -> None:
    api = user(where)
    talk(api, *setup)
    asked, replied = talk(api, said, answer)
    assert question in asked["reply"], asked["reply"]
    assert reminders_of(api) == reminders, replied["reply"]


@pytest.mark.parametrize(
    ("where", "setup", "said", "reminders"),
    [
        # controls: an item at the hour sharp is that one, at once
        ("lima", ["recuerdame el jueves a las 6 de la mañana sacar la basura",
                  "recuerdame el jueves a las 6:30 de la mañana regar las plantas"],
         "borra el de las 6", [("regar las plantas", "2026-12-10T06:30")]),
        ("bogota", ["recuérdeme el jueves a las 6 de la tarde rezar la novena",
                    "recuérdeme el jueves a las 6:30 de la tarde llamar a la tía"],
         "cancele el de las 6", [("llamar a la tía", "2026-12-10T18:30")]),
        ("london", ["remind me wednesday at 6:45pm to feed the cat",
                    "remind me wednesday at 6pm to call dad"],
         "cancel the 6 o'clock reminder", [("feed the cat", "2026-12-09T18:45")]),
        ("ny", ["remind me on thursday at 6:30pm to call grandma",
                "remind me on thursday at 7pm to water the plants"],
         "move the 7 one to 8pm",
         [("call grandma", "2026-12-10T18:30"), ("water the plants", "2026-12-10T20:00")]),
    ],
)  # fmt: skip
def test_r_h2_an_item_at_the_hour_sharp_is_still_taken_at_once(
    user: Any, where: str, setup: list[str], said: str, reminders: list[tuple[str, str]]
) -> None:
    api = user(where)
    talk(api, *setup)
    replied = talk(api, said)[-1]
    assert sorted(reminders_of(api), key=lambda r: r[1]) == reminders, replied["reply"]


def test_r_h2_several_at_other_minutes_are_listed_and_asked(user: Any) -> None:
    api = user("ny")
    talk(api, "remind me on thursday at 6:15pm to call grandma",
         "remind me on friday at 6:45pm to water the plants")  # fmt: skip
    kept = reminders_of(api)
    asked = talk(api, "cancel the 6pm one")[-1]
    assert "call grandma" in asked["reply"]
    assert "water the plants" in asked["reply"]
    assert "Which one?" in asked["reply"]
    assert asked["pending"]
    assert reminders_of(api) == kept


# -- R-H5: a to-do named by its words and "done" ----------------------------------------------


@pytest.mark.parametrize(
    ("where", "todos", "said", "done"),
    [
        # reported
        ("sydney", ["todo: buy dog food", "todo: renew passport"], "the dog food one is done",
         "buy dog food"),
        ("london", ["todo: buy milk", "todo: post the parcel"], "the milk one is done",
         "buy milk"),
        ("tokyo", ["todo: buy rice", "todo: call the landlord"], "the rice one is done",
         "buy rice"),
        # variants
        ("london", ["todo: buy dog food", "todo: renew passport"], "the passport one is done",
         "renew passport"),
        ("ny", ["todo: buy dog food", "todo: renew passport"], "mark the dog food one as done",
         "buy dog food"),
        ("ny", ["todo: buy dog food", "todo: renew passport"], "the dog food one is done now",
         "buy dog food"),
        ("lima", ["pendiente: comprar comida para el perro", "pendiente: renovar el pasaporte"],
         "el del pasaporte ya está", "renovar el pasaporte"),
        ("lima", ["pendiente: comprar comida para el perro", "pendiente: renovar el pasaporte"],
         "lo de la comida del perro ya lo hice", "comprar comida para el perro"),
        ("bogota", ["pendiente: comprar velas", "pendiente: pagar el arriendo"],
         "el de las velas ya quedó", "comprar velas"),
    ],
)  # fmt: skip
def test_r_h5_the_to_do_named_by_its_words_is_the_one_marked_done(
    user: Any, where: str, todos: list[str], said: str, done: str
) -> None:
    api = user(where)
    first = "the first one" if where in {"sydney", "london", "tokyo", "ny"} else "el primero"
    replies = talk(api, *todos, said, first)  # one conversation, as the tester's
    marked = [text for text, is_done in todos_of(api) if is_done]
    assert marked == [done], [r["reply"] for r in replies]
    assert done in replies[-2]["reply"], replies[-2]["reply"]


@pytest.mark.parametrize("fresh", [False, True])
def test_r_h5_words_no_to_do_holds_mark_none_and_add_none(user: Any, fresh: bool) -> None:
    api = user("london")
    talk(api, "todo: buy dog food", "todo: renew passport")
    replied = (talk(api, "the milk one is done") if fresh else
               talk(api, "todo: call mum", "the milk one is done"))[-1]  # fmt: skip
    assert "no open to-do like that" in replied["reply"], replied["reply"]
    assert all(not is_done for _text, is_done in todos_of(api))
    assert len(todos_of(api)) == (2 if fresh else 3)


def test_r_h5_several_to_dos_with_the_words_are_asked_about_those_only(user: Any) -> None:
    api = user("ny")
    asked = talk(api, "todo: buy dog food", "todo: renew passport", "todo: order dog food online",
                 "the dog food one is done")[-1]  # fmt: skip
    assert asked["pending"], asked["reply"]
    assert "buy dog food" in asked["reply"]
    assert "order dog food online" in asked["reply"]
    assert "renew passport" not in asked["reply"]
    assert all(not is_done for _text, is_done in todos_of(api))


@pytest.mark.parametrize(
    ("said", "done"), [("the first one is done", "buy dog food"), ("the second one is done",
                                                                   "renew passport")]
)  # fmt: skip
def test_r_h5_a_position_is_still_a_position(user: Any, said: str, done: str) -> None:
    api = user("london")
    replies = talk(api, "todo: buy dog food", "todo: renew passport", "show my to-dos", said)
    marked = [text for text, is_done in todos_of(api) if is_done]
    assert marked == [done], replies[-1]["reply"]


# -- R-M3: "y el tercero también" right after a position was marked done -----------------------


@pytest.mark.parametrize(
    ("where", "todos", "listed", "first", "also", "done"),
    [
        # reported
        ("bogota", "anote: comprar velas, llamar al técnico y pagar el arriendo",
         "muéstreme mis pendientes", "el segundo ya lo hice", "y el tercero también",
         ["llamar al técnico", "pagar el arriendo"]),
        # variants
        ("lima", "anota: comprar pan, llamar a mamá y pagar la luz", "mis pendientes",
         "el segundo ya lo hice", "el primero tambien", ["comprar pan", "llamar a mamá"]),
        ("lima", "anota: comprar pan, llamar a mamá y pagar la luz", "mis pendientes",
         "el primero ya está", "y la tercera también", ["comprar pan", "pagar la luz"]),
        ("london", "add to my list: buy milk, call the bank and post the parcel",
         "show my to-dos", "the second one is done", "and the third one too",
         ["call the bank", "post the parcel"]),
        ("ny", "add to my list: buy milk, call the bank and post the parcel",
         "show my to-dos", "number 1 is done", "the third one as well",
         ["buy milk", "post the parcel"]),
        ("london", "add to my list: buy milk, call the bank and post the parcel",
         "show my to-dos", "the first one is done", "and number 2 too",
         ["buy milk", "call the bank"]),
    ],
)  # fmt: skip
def test_r_m3_and_the_third_too_right_after_a_done_is_done_too(
    user: Any, where: str, todos: str, listed: str, first: str, also: str, done: list[str]
) -> None:
    api = user(where)
    replies = talk(api, todos, listed, first, also)
    assert len(todos_of(api)) == 3, replies[0]["reply"]
    marked = [text for text, is_done in todos_of(api) if is_done]
    assert sorted(marked) == sorted(done), [r["reply"] for r in replies[2:]]


def test_r_m3_too_after_a_meeting_still_adds_the_person(user: Any) -> None:
    api = user("mexico")
    replies = talk(api, "agendame una junta con Lucía el viernes a las 10 de la mañana",
                   "y a Pedro también")  # fmt: skip
    assert "Pedro" in replies[-1]["reply"], replies[-1]["reply"]


def test_r_m3_too_with_nothing_just_done_marks_nothing(user: Any) -> None:
    api = user("bogota")
    replies = talk(api, "anote: comprar velas, llamar al técnico y pagar el arriendo",
                   "muéstreme mis pendientes", "y el tercero también")  # fmt: skip
    assert all(not is_done for _text, is_done in todos_of(api)), replies[-1]["reply"]


@pytest.mark.parametrize(
    ("where", "setup", "said", "answer"),
    [
        ("london", ["remind me tomorrow at 5pm to call mum"], "the dentist one, cancel it",
         "the first one"),
        ("lima", ["recuerdame mañana a las 5 de la tarde llamar a mamá"],
         "el del dentista, cancélalo", "el primero"),
    ],
)  # fmt: skip
def test_r_h5_a_pick_by_words_never_offers_the_one_shown_alone(
    user: Any, where: str, setup: list[str], said: str, answer: str
) -> None:
    api = user(where)
    replies = talk(api, *setup, said, answer)  # one conversation: the reminder shown last
    assert len(reminders_of(api)) == 1, [r["reply"] for r in replies]


def test_r_h5_a_pick_by_words_among_those_shown_is_that_one(user: Any) -> None:
    api = user("ny")
    replies = talk(api, "remind me on thursday at 6pm to call grandma",
                   "remind me on friday at 9am to pay rent", "what reminders do i have",
                   "the grandma one, move it to 7pm")  # fmt: skip
    assert sorted(reminders_of(api), key=lambda r: r[1]) == [
        ("call grandma", "2026-12-10T19:00"),
        ("pay rent", "2026-12-11T09:00"),
    ], replies[-1]["reply"]
