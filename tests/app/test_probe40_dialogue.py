"""Probe 40's dialogue findings (U-H2, U-H4, U-H6, U-H8, U-H11, U-H14, U-H15, U-M10, U-M11): the
item a follow-up acts on after "remind me N before", an AM/PM answer said with a word of
emphasis, a meeting's length kept through a question of its day, "posponlo 10 minutos" after a
reminder, items named by their time or a word ("the 6:45 one", "la de la abuela"). The tester's
clock was Monday 7 December 2026, about 08:10–08:27 UTC (the small hours in the Americas); the
reported messages run at that clock in the tester's zones, variants of them too."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.app.conftest import Api, meetings_of, reminders_of, talk, users_in_zones

# the tester's clock: Monday 7 December 2026, 08:15 UTC (03:15 in Lima, Bogotá and New York,
# 02:15 in Mexico City, 05:15 in Buenos Aires, 08:15 in London, 09:15 in Madrid)
PROBE = datetime(2026, 12, 7, 8, 15, tzinfo=UTC)


@pytest.fixture
def user(app: Any, client: Any) -> Iterator[Any]:
    """A maker of users in the testers' zones (``TESTER_ZONES``), at the tester's clock."""
    with users_in_zones(app, client, PROBE, "p40") as make:
        yield make


# -- U-H4: "de la mañana obvio" to "8:00 or 20:00?" -------------------------------------------


@pytest.mark.parametrize(
    ("where", "asked", "answer", "expected"),
    [
        # reported
        ("lima", "recuerdame el miercoles a las 8 llevar el uniforme", "de la mañana obvio",
         ("llevar el uniforme", "2026-12-09T08:00")),
        ("baires", "recordame mañana a las 8 llevar el auto al mecánico", "de la mañana obvio",
         ("llevar el auto al mecánico", "2026-12-08T08:00")),
        ("baires", "poné una alarma para mañana a las 6", "de la mañana boludo",
         ("Alarma", "2026-12-08T06:00")),
        ("baires", "poneme una alarma pa mañana a las 7 menos cuarto", "de la mañana obvio",
         ("Alarma", "2026-12-08T06:45")),
        # variants
        ("lima", "recuerdame el jueves a las 7 pagar la luz", "de la mañana pe",
         ("pagar la luz", "2026-12-10T07:00")),
        ("mexico", "recuerdame el viernes a las 8 llevar el pastel", "en la mañana obvio wey",
         ("llevar el pastel", "2026-12-11T08:00")),
        ("ny", "remind me on wednesday at 8 to take the car in", "morning obviously",
         ("take the car in", "2026-12-09T08:00")),
        ("ny", "remind me on wednesday at 8 to take the car in", "in the morning of course",
         ("take the car in", "2026-12-09T08:00")),
        ("london", "set an alarm for thursday at 6", "morning obvs",
         ("Alarm", "2026-12-10T06:00")),
    ],
)  # fmt: skip
def test_u_h4_a_part_of_the_day_with_a_word_of_emphasis_picks_it(
    user: Any, where: str, asked: str, answer: str, expected: tuple[str, str]
) -> None:
    api = user(where)
    question, answered = talk(api, asked, answer)
    assert question["pending"], question["reply"]
    assert reminders_of(api) == [expected], answered["reply"]


@pytest.mark.parametrize(
    ("where", "asked", "answer"),
    [
        ("lima", "recuerdame el miercoles a las 8 llevar el uniforme", "la mañana sin duda alguna"),
        ("lima", "recuerdame el miercoles a las 8 llevar el uniforme", "de la mañana, que otra"),
        ("baires", "recordame mañana a las 8 llevar el auto", "de la mañana, qué pregunta"),
        ("ny", "remind me on wednesday at 8 to take the car in", "the morning, no doubt about it"),
    ],
)
def test_u_h4_a_part_of_the_day_never_stores_today_s_default_hour(
    user: Any, where: str, asked: str, answer: str
) -> None:
    """Whatever else is said, a part of the day alone is not "today at 9:00"."""
    api = user(where)
    talk(api, asked, answer)
    assert all(due[:10] != "2026-12-07" for _, due in reminders_of(api)), reminders_of(api)


# -- U-H14: "posponlo 10 minutos" right after a reminder --------------------------------------


@pytest.mark.parametrize(
    ("where", "first", "said", "expected"),
    [
        # reported (03:15 in Lima, 05:15 in Buenos Aires, 09:15 in Madrid, 03:15 in New York)
        ("lima", "recuerdame en 20 minutos apagar la terma", "posponlo 10 minutos",
         ("apagar la terma", "2026-12-07T03:45")),
        ("baires", "recordame en 20 minutos sacar la torta del horno", "posponelo 10 minutos",
         ("sacar la torta del horno", "2026-12-07T05:45")),
        ("madrid", "recuérdame en 20 minutos sacar la ropa", "aplázalo un cuarto de hora",
         ("sacar la ropa", "2026-12-07T09:50")),
        ("ny", "remind me in 20 minutes to check the oven", "postpone it 10 minutes",
         ("check the oven", "2026-12-07T03:45")),
        ("ny", "remind me in 20 minutes to check the oven", "snooze it 10 min",
         ("check the oven", "2026-12-07T03:45")),
        # variants
        ("bogota", "recuérdeme en 20 minutos sacar el pollo", "pospóngalo 10 minutos",
         ("sacar el pollo", "2026-12-07T03:45")),
        ("mexico", "recuerdame el viernes a las 10 de la mañana pagar la renta",
         "postergalo una hora", ("pagar la renta", "2026-12-11T11:00")),
        ("london", "remind me on friday at 10am to pay the rent",
         "postpone it a quarter of an hour", ("pay the rent", "2026-12-11T10:15")),
    ],
)  # fmt: skip
def test_u_h14_postpone_it_delays_the_reminder_and_sets_no_timer(
    user: Any, where: str, first: str, said: str, expected: tuple[str, str]
) -> None:
    api = user(where)
    replies = talk(api, first, said)
    assert reminders_of(api) == [expected], replies[-1]["reply"]


@pytest.mark.parametrize(
    ("where", "first", "said", "question"),
    [
        ("baires", "recordame en 20 minutos sacar las empanadas", "correlo 10 minutos",
         "¿Más tarde o más temprano?"),
        ("ny", "remind me in 20 minutes to check the oven", "move it 10 minutes",
         "Later or earlier?"),
    ],
)  # fmt: skip
def test_u_h14_a_move_by_an_amount_without_a_direction_asks_which_way(
    user: Any, where: str, first: str, said: str, question: str
) -> None:
    api = user(where)
    stored = api.chat(first)
    kept = reminders_of(api)
    asked = api.chat(said, stored["conversation_id"])
    assert asked["reply"].startswith(question), asked["reply"]
    assert reminders_of(api) == kept


# -- U-H2 / U-H11: "move it" right after "remind me N before" ---------------------------------


@pytest.mark.parametrize(
    ("where", "booked", "before", "said", "meetings", "reminders"),
    [
        # reported: a feminine "it" is the meeting (the reminder follows it)
        ("mexico", "agendame una junta con el ing. ramirez el viernes a las 10 de la mañana",
         "recuerdamelo media hora antes", "muevela a las 12",
         [("Junta con Ing. Ramirez", "2026-12-11T12:00")],
         [("Junta con Ing. Ramirez", "2026-12-11T11:30")]),
        # reported: "not tuesday" is the appointment's day (the reminder is the night before)
        ("london", "book an appointment with the dentist tuesday at half 3",
         "remind me the night before at 8 to floss", "sorry I meant wednesday not tuesday",
         [("Appointment with the dentist", "2026-12-09T15:30")],
         [("floss", "2026-12-08T20:00")]),
        # variants
        ("lima", "agendame una reunion con Ana el jueves a las 4 de la tarde",
         "recuérdamelo 15 minutos antes", "pásala al viernes",
         [("Reunión con Ana", "2026-12-11T16:00")], [("Reunión con Ana", "2026-12-11T15:45")]),
        ("ny", "book a meeting with Sam on friday at 10am", "remind me 30 min before",
         "move the meeting to 11am",
         [("Meeting with Sam", "2026-12-11T11:00")], [("Meeting with Sam", "2026-12-11T10:30")]),
        ("ny", "book a meeting with Sam on friday at 10am", "remind me 30 min before",
         "move the reminder to 9:40am",
         [("Meeting with Sam", "2026-12-11T10:00")], [("Meeting with Sam", "2026-12-11T09:40")]),
        ("lima", "agendame una reunion con Ana el jueves a las 4 de la tarde",
         "recuérdamelo 15 minutos antes", "atrasa el recordatorio 10 minutos",
         [("Reunión con Ana", "2026-12-10T16:00")], [("Reunión con Ana", "2026-12-10T15:55")]),
    ],
)  # fmt: skip
def test_u_h2_a_move_said_of_the_meeting_moves_it_and_its_reminder_follows(
    user: Any,
    where: str,
    booked: str,
    before: str,
    said: str,
    meetings: list[tuple[str, str]],
    reminders: list[tuple[str, str]],
) -> None:
    api = user(where)
    replies = talk(api, booked, before, said)
    assert meetings_of(api) == meetings, replies[-1]["reply"]
    assert reminders_of(api) == reminders, replies[-1]["reply"]


@pytest.mark.parametrize(
    ("where", "booked", "before", "said", "answer", "meetings", "reminders"),
    [
        # reported (jen): asked, then the call
        ("ny", "set up a call with the dentist office wed at 11am", "remind me 15 min before",
         "move it to 12", "the call",
         [("Call with the dentist office", "2026-12-09T12:00")],
         [("Call with the dentist office", "2026-12-09T11:45")]),
        # reported (U-H11, diego): the Spanglish reminder, then "muévelo" (el call)
        ("mexico", "agendame un call con el team de marketing el lunes 14 a las 10 am",
         "ponme un reminder 15 min antes", "muevelo a las 11", "el call",
         [("Call con el team de marketing", "2026-12-14T11:00")],
         [("Call con el team de marketing", "2026-12-14T10:45")]),
        # variants
        ("mexico", "agendame una junta con el ing. ramirez el viernes a las 10 de la mañana",
         "recuerdamelo media hora antes", "muevelo a las 12", "la junta",
         [("Junta con Ing. Ramirez", "2026-12-11T12:00")],
         [("Junta con Ing. Ramirez", "2026-12-11T11:30")]),
        ("ny", "set up a call with the dentist office wed at 11am", "remind me 15 min before",
         "push it back 30 minutes", "the reminder",
         [("Call with the dentist office", "2026-12-09T11:00")],
         [("Call with the dentist office", "2026-12-09T11:15")]),
        ("ny", "set up a call with the dentist office wed at 11am",
         "set a reminder 10 minutes before", "move it to 1pm", "the first one",
         [("Call with the dentist office", "2026-12-09T13:00")],
         [("Call with the dentist office", "2026-12-09T12:50")]),
        ("madrid", "reunión con Nuria el jueves a las 11 de la mañana", "avísame 15 minutos antes",
         "cancélalo", "el recordatorio",
         [("Reunión con Nuria", "2026-12-10T11:00")], []),
        ("ny", "book a meeting with Sam on friday at 10am", "remind me 30 min before",
         "cancel it", "the reminder",
         [("Meeting with Sam", "2026-12-11T10:00")], []),
    ],
)  # fmt: skip
def test_u_h2_it_after_a_reminder_of_a_meeting_is_asked(
    user: Any,
    where: str,
    booked: str,
    before: str,
    said: str,
    answer: str,
    meetings: list[tuple[str, str]],
    reminders: list[tuple[str, str]],
) -> None:
    """ "move it", "muévelo", "cancel it" may mean the meeting or the reminder just set: asked,
    nothing changed until the answer says which."""
    api = user(where)
    booking, stored = talk(api, booked, before)
    unchanged = (meetings_of(api), reminders_of(api))
    assert len(unchanged[1]) == 1, stored["reply"]
    asked = api.chat(said, booking["conversation_id"])
    assert asked["pending"], asked["reply"]
    assert (meetings_of(api), reminders_of(api)) == unchanged
    answered = api.chat(answer, asked["conversation_id"])
    assert meetings_of(api) == meetings, answered["reply"]
    assert reminders_of(api) == reminders, answered["reply"]


@pytest.mark.parametrize(
    ("where", "booked", "before", "said", "question", "yes"),
    [
        # reported (javier): "cancélala" is the meeting, asked as a meeting's removal is
        ("madrid", "reunión con Nuria el jueves a las 11 de la mañana", "avísame 15 minutos antes",
         "cancélala", "¿Cancelo “Reunión con Nuria”", "sí"),
        ("ny", "book a meeting with Sam on friday at 10am", "remind me 30 min before",
         "cancel it", "Do you mean the meeting", "the meeting"),
    ],
)  # fmt: skip
def test_u_h2_a_removal_of_the_meeting_never_takes_its_reminder_instead(
    user: Any, where: str, booked: str, before: str, said: str, question: str, yes: str
) -> None:
    api = user(where)
    *_, asked = talk(api, booked, before, said)
    assert asked["reply"].startswith(question), asked["reply"]
    assert len(meetings_of(api)) == 1
    assert len(reminders_of(api)) == 1
    api.chat(yes, asked["conversation_id"])
    if yes == "the meeting":  # then "Cancel …? Say yes or no."
        api.chat("yes", asked["conversation_id"])
    assert meetings_of(api) == []


# -- U-M11: "and 30 min before too" after a reminder -------------------------------------------


@pytest.mark.parametrize(
    ("where", "first", "said", "expected"),
    [
        ("ny", "remind me saturday at 9am to buy the tree", "and 30 min before too",
         [("buy the tree", "2026-12-12T08:30"), ("buy the tree", "2026-12-12T09:00")]),
        ("lima", "recuerdame el sabado a las 9 de la mañana comprar el arbol",
         "y media hora antes también",
         [("comprar el arbol", "2026-12-12T08:30"), ("comprar el arbol", "2026-12-12T09:00")]),
        ("london", "remind me on friday at 6pm to call mum", "also an hour before",
         [("call mum", "2026-12-11T17:00"), ("call mum", "2026-12-11T18:00")]),
    ],
)  # fmt: skip
def test_u_m11_and_n_minutes_before_too_adds_a_reminder(
    user: Any, where: str, first: str, said: str, expected: list[tuple[str, str]]
) -> None:
    api = user(where)
    replies = talk(api, first, said)
    assert sorted(reminders_of(api)) == expected, replies[-1]["reply"]


# -- U-H15: an item named by its kind right after it was stored --------------------------------


@pytest.mark.parametrize(
    ("where", "first", "said", "expected"),
    [
        ("ny", "remind me friday at 9am to call Ana", "move the reminder to 10am",
         [("call Ana", "2026-12-11T10:00")]),
        ("lima", "recuerdame el viernes a las 9 de la mañana llamar a Ana",
         "mueve el recordatorio a las 10 de la mañana", [("llamar a Ana", "2026-12-11T10:00")]),
        ("ny", "set an alarm for friday at 6am", "move the alarm to 6:30am",
         [("Alarm", "2026-12-11T06:30")]),
        ("lima", "pon una alarma el viernes a las 6 de la mañana", "atrasa la alarma 10 minutos",
         [("Alarma", "2026-12-11T06:10")]),
        ("lima", "pon una alarma el viernes a las 6 de la mañana", "cancela la alarma", []),
    ],
)  # fmt: skip
def test_u_h15_the_reminder_just_set_named_by_its_kind_is_that_one(
    user: Any, where: str, first: str, said: str, expected: list[tuple[str, str]]
) -> None:
    """ "move the reminder to 10am" right after it was set: never a new reminder "move the"."""
    api = user(where)
    replies = talk(api, first, said)
    assert reminders_of(api) == expected, replies[-1]["reply"]


# -- U-H8: a meeting's length kept through a question of its day -----------------------------


def spans_of(api: Api) -> list[tuple[str, str]]:
    """The user's meetings as (local start, local end), to the minute."""
    meetings = api.get("/v1/meetings").json["meetings"]
    return [(m["starts_at"][:16], m["ends_at"][:16]) for m in meetings]


@pytest.mark.parametrize(
    ("where", "asked", "answer", "span"),
    [
        # reported
        ("ny", "book a 2 hour workshop with the interns next tuesday at 9am", "the 15th",
         ("2026-12-15T09:00", "2026-12-15T11:00")),
        ("ny", "book a 2 hour meeting with Bo tomorrow at 10am", "tomorrow tuesday",
         ("2026-12-08T10:00", "2026-12-08T12:00")),
        ("bogota", "agéndeme una reunión de 2 horas con Pepe el martes que viene a las 9 de la "
         "mañana", "el 15", ("2026-12-15T09:00", "2026-12-15T11:00")),
        # variants
        ("lima", "agendame una reunion de hora y media con Ana el martes que viene a las 10 de "
         "la mañana", "el 15", ("2026-12-15T10:00", "2026-12-15T11:30")),
        ("ny", "schedule a 90 minute call with Raj tomorrow at 11am", "tomorrow",
         ("2026-12-08T11:00", "2026-12-08T12:30")),
    ],
)  # fmt: skip
def test_u_h8_the_length_said_is_kept_when_the_day_is_asked(
    user: Any, where: str, asked: str, answer: str, span: tuple[str, str]
) -> None:
    api = user(where)
    question, booked = talk(api, asked, answer)
    assert question["pending"], question["reply"]
    assert spans_of(api) == [span], booked["reply"]


# -- U-H15 / U-M10: items named by their clock or a word ---------------------------------------


@pytest.mark.parametrize(
    ("where", "setup", "said", "reminders"),
    [
        # reported
        ("london",
         ["set an alarm for 6:45 tomorrow morning", "set an alarm for 7 tomorrow morning"],
         "turn off the 6:45 one", [("Alarm", "2026-12-08T07:00")]),
        ("london", ["set an alarm for 6am tomorrow"], "turn off the 6am one", []),
        ("madrid", ["pon una alarma mañana a las 6:45 de la mañana",
                    "pon una alarma mañana a las 7 de la mañana"],
         "apaga la de las 6:45", [("Alarma", "2026-12-08T07:00")]),
        ("madrid", ["pon una alarma mañana a las 6:45 de la mañana",
                    "pon una alarma mañana a las 7 de la mañana",
                    "pon una alarma el miercoles a las 8 de la mañana"],
         "apaga la alarma de las 6:45",
         [("Alarma", "2026-12-08T07:00"), ("Alarma", "2026-12-09T08:00")]),
        ("ny", ["remind me to call grandma on thursday at 7pm",
                "remind me to text Mia on friday at 12:15pm",
                "book a call with Tokyo today at 12:30pm", "what reminders do i have"],
         "move the grandma one to 8pm",
         [("call grandma", "2026-12-10T20:00"), ("text Mia", "2026-12-11T12:15")]),
        ("ny", ["remind me to call grandma on thursday at 7pm",
                "remind me to text Mia on friday at 12:15pm",
                "book a call with Tokyo today at 12:30pm", "what reminders do i have"],
         "move the 12:15 one to 1pm",
         [("call grandma", "2026-12-10T19:00"), ("text Mia", "2026-12-11T13:00")]),
        ("bogota", ["recuérdeme llamar a la abuela el jueves a las 7 de la noche",
                    "recuérdeme pagar el arriendo el viernes a las 12:15 del mediodía",
                    "qué recordatorios tengo"],
         "pase el de la abuela a las 8 de la noche",
         [("llamar a la abuela", "2026-12-10T20:00"), ("pagar el arriendo", "2026-12-11T12:15")]),
        ("bogota", ["recuérdeme llamar a la abuela el jueves a las 7 de la noche",
                    "recuérdeme pagar el arriendo el viernes a las 12:15 del mediodía",
                    "qué recordatorios tengo"],
         "mueva el de las 12:15 a la 1 de la tarde",
         [("llamar a la abuela", "2026-12-10T19:00"), ("pagar el arriendo", "2026-12-11T13:00")]),
        # U-M10, reported
        ("bogota", ["recuérdeme a las 6 de la tarde rezar la novena",
                    "recuérdeme a las 7 de la noche rezar el rosario"],
         "cancele el de las 6", [("rezar el rosario", "2026-12-07T19:00")]),
        ("ny", ["remind me at 12pm to call the bank"], "cancel the 12 o'clock one", []),
        # variants
        ("lima", ["recuerdame el jueves a las 7 de la noche llamar a la abuela",
                  "recuerdame el viernes a las 9 de la mañana pagar la luz"],
         "borra el de las 7 de la noche", [("pagar la luz", "2026-12-11T09:00")]),
        ("lima", ["pon una alarma el miercoles a las 5:30 de la mañana",
                  "pon una alarma el miercoles a las 6 de la mañana"],
         "quita la de las 5:30", [("Alarma", "2026-12-09T06:00")]),
        ("ny", ["remind me to water the plants on friday at 6pm",
                "remind me to call grandma on saturday at 10am"],
         "move the plants one to 7pm",
         [("water the plants", "2026-12-11T19:00"), ("call grandma", "2026-12-12T10:00")]),
    ],
)  # fmt: skip
def test_u_h15_an_item_named_by_its_clock_or_a_word_is_that_one(
    user: Any, where: str, setup: list[str], said: str, reminders: list[tuple[str, str]]
) -> None:
    api = user(where)
    replies = talk(api, *setup, said)
    assert sorted(reminders_of(api), key=lambda r: r[1]) == reminders, replies[-1]["reply"]
    assert all(
        not title.lower().startswith(("turn", "pas", "move")) for title, _ in meetings_of(api)
    )


def test_u_h15_the_meeting_at_the_clock_said_is_moved_not_another(user: Any) -> None:
    """ "move the 3pm one" with meetings at 12:30 and 15:00: the one at 15:00."""
    api = user("ny")
    talk(
        api,
        "book a call with Tokyo on friday at 12:30pm",
        "book a meeting with Ana on friday at 3pm",
    )
    replies = talk(api, "move the 3pm one to 4pm")
    assert meetings_of(api) == [
        ("Call with Tokyo", "2026-12-11T12:30"),
        ("Meeting with Ana", "2026-12-11T16:00"),
    ], replies[-1]["reply"]


@pytest.mark.parametrize(
    ("where", "setup", "said", "question"),
    [
        ("ny", ["set an alarm for 6:45am on wednesday", "remind me on friday at 6:45am to stretch"],
         "turn off the 6:45 one", "Which one?"),
        ("lima", ["pon una alarma el miercoles a las 6 de la mañana",
                  "recuerdame el viernes a las 6 de la tarde ir al gimnasio"],
         "quita la de las 6", "¿Cuál?"),
    ],
)  # fmt: skip
def test_u_h15_several_at_the_clock_said_are_asked(
    user: Any, where: str, setup: list[str], said: str, question: str
) -> None:
    api = user(where)
    talk(api, *setup)
    kept = reminders_of(api)
    asked = talk(api, said)[-1]
    assert asked["pending"], asked["reply"]
    assert question in asked["reply"]
    assert reminders_of(api) == kept


@pytest.mark.parametrize(
    ("where", "first", "said", "answer"),
    [
        # reported (diego): while the alarm's day is asked, nothing at 6 stored: said so
        ("mexico", "pon una alarma mañana a las 6 de la mañana", "quita la de las 6",
         "No encontré nada a las 6:00"),
        ("london", "set an alarm for 6:45 tomorrow", "turn off the 6:45 one",
         "I found nothing at 6:45"),
    ],
)  # fmt: skip
def test_u_h15_nothing_at_the_clock_said_books_nothing(
    user: Any, where: str, first: str, said: str, answer: str
) -> None:
    api = user(where)
    asked, replied = talk(api, first, said)
    assert asked["pending"], asked["reply"]
    assert replied["reply"].startswith(answer), replied["reply"]
    assert replied["pending"], replied["reply"]  # the question that waited, asked again
    assert meetings_of(api) == []
    assert reminders_of(api) == []


# -- U-H6: "y también el martes y el miércoles a la misma hora" -------------------------------


@pytest.mark.parametrize(
    ("where", "first", "said", "expected"),
    [
        ("lima", "recuerdame el lunes 14 a las 8 de la mañana tomar la pastilla",
         "y tambien el martes y el miercoles a la misma hora",
         [("tomar la pastilla", "2026-12-08T08:00"), ("tomar la pastilla", "2026-12-09T08:00"),
          ("tomar la pastilla", "2026-12-14T08:00")]),
        ("ny", "remind me on friday at 9pm to take the pill",
         "and on saturday and sunday at the same time",
         [("take the pill", "2026-12-11T21:00"), ("take the pill", "2026-12-12T21:00"),
          ("take the pill", "2026-12-13T21:00")]),
    ],
)  # fmt: skip
def test_u_h6_several_days_at_the_same_time_are_one_reminder_each(
    user: Any, where: str, first: str, said: str, expected: list[tuple[str, str]]
) -> None:
    api = user(where)
    replies = talk(api, first, said)
    assert sorted(reminders_of(api), key=lambda r: r[1]) == expected, replies[-1]["reply"]


@pytest.mark.parametrize(
    ("where", "messages"),
    [
        # reported (lupita): nothing more stored, never a reminder "a la misma hora"
        ("mexico", ["recuerdame hoy a las 12 de la noche tomar la pastilla", "si",
                    "y tambien el martes y el miercoles a la misma hora", "los dos", "el martes",
                    "a la misma hora, 12 de la noche", "si"]),
        ("ny", ["remind me tonight at midnight to take the pill", "yes",
                "and on tuesday and wednesday at the same time", "at the same time, midnight",
                "yes"]),
    ],
)  # fmt: skip
def test_u_h6_the_same_time_is_never_a_reminder_s_text(
    user: Any, where: str, messages: list[str]
) -> None:
    api = user(where)
    replies = talk(api, *messages)
    texts = {text for text, _ in reminders_of(api)}
    assert not any("misma" in t or "same" in t for t in texts), replies[-1]["reply"]
    assert len(reminders_of(api)) == 1, reminders_of(api)
