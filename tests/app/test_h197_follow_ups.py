"""Follow-ups that refer to earlier items or turns (probe 40: U-M5, U-M12, U-M15, U-M16; probe 41:
R-M4): "both" / "los dos" to "which one?", "y el otro?" after a removal, "and the day after?"
after an agenda, "and Raj?" after a "when is", "push it to next week" right after a booking, an
agenda question while "which one?" waits, "agende otra con Pepe a la misma hora la semana
siguiente". The testers' clock was Monday 7 December 2026, about 08:15 UTC."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.app.conftest import meetings_of, reminders_of, talk, users_in_zones

PROBE = datetime(2026, 12, 7, 8, 15, tzinfo=UTC)


@pytest.fixture
def user(app: Any, client: Any) -> Iterator[Any]:
    """A maker of users in the testers' zones (``TESTER_ZONES``), at the tester's clock."""
    with users_in_zones(app, client, PROBE, "h197") as make:
        yield make


# -- R-M4: "both", "los dos" to "which one?" ---------------------------------------------------

TWO_RAJ = ["remind me to call Raj on wednesday at 10am", "remind me to call Raj on friday at 3pm"]
TWO_LUZ = [
    "recuérdame pagar lo de la luz el miércoles a las 10 de la mañana",
    "recuérdame pagar lo de la luz el viernes a las 10 de la mañana",
]


@pytest.mark.parametrize(
    ("where", "setup", "asked", "answer"),
    [
        # reported (mike, lupita)
        ("ny", TWO_RAJ, "delete the call Raj reminder", "both"),
        ("mexico", TWO_LUZ, "ya no me recuerdes lo de la luz", "los dos"),
        # variants
        ("ny", TWO_RAJ, "delete the call Raj reminder", "both of them please"),
        ("ny", TWO_RAJ, "delete the call Raj reminder", "all of them"),
        ("ny", TWO_RAJ, "delete the call Raj reminder", "delete both"),
        ("mexico", TWO_LUZ, "ya no me recuerdes lo de la luz", "las dos"),
        ("mexico", TWO_LUZ, "ya no me recuerdes lo de la luz", "ambos"),
        ("mexico", TWO_LUZ, "ya no me recuerdes lo de la luz", "sí, los dos por favor"),
        ("lima", TWO_LUZ, "ya no me recuerdes lo de la luz", "bórralos todos"),
    ],
)  # fmt: skip
def test_r_m4_both_to_which_one_removes_both(
    user: Any, where: str, setup: list[str], asked: str, answer: str
) -> None:
    api = user(where)
    *_, question = talk(api, *setup, asked)
    assert question["pending"], question["reply"]
    assert len(reminders_of(api)) == 2
    replied = api.chat(answer, question["conversation_id"])
    assert reminders_of(api) == [], replied["reply"]
    assert "Nothing was changed" not in replied["reply"]
    assert "No se cambió nada" not in replied["reply"]


@pytest.mark.parametrize(
    ("where", "said", "answer"),
    [
        ("ny", "delete the call Raj reminder", "los tres"),  # three said, two offered
        ("ny", "move the call Raj reminder to 5pm", "both"),  # a move takes one
    ],
)
def test_r_m4_both_that_cannot_be_done_asks_again(
    user: Any, where: str, said: str, answer: str
) -> None:
    api = user(where)
    *_, question = talk(api, *TWO_RAJ, said)
    kept = reminders_of(api)
    assert question["pending"], question["reply"]
    replied = api.chat(answer, question["conversation_id"])
    assert replied["pending"], replied["reply"]
    assert "cancelled" not in replied["reply"]
    assert reminders_of(api) == kept


@pytest.mark.parametrize(
    ("where", "said", "answer", "meeting", "reminder"),
    [
        # reported (jen): nothing moved, "cancelled" said about a move
        ("ny", "bring it forward 30 minutes", "both", "2026-12-11T09:30", "2026-12-11T09:00"),
        # variants
        ("ny", "push it back 30 minutes", "both of them", "2026-12-11T10:30", "2026-12-11T10:00"),
        ("ny", "bring it forward 30 minutes", "the meeting", "2026-12-11T09:30",
         "2026-12-11T09:00"),
    ],
)  # fmt: skip
def test_r_m4_both_to_the_meeting_or_its_reminder_moves_the_meeting_and_its_reminder(
    user: Any, where: str, said: str, answer: str, meeting: str, reminder: str
) -> None:
    api = user(where)
    *_, question = talk(api, "book a meeting with Sam on friday at 10am", "remind me 30 min before")
    asked = api.chat(said, question["conversation_id"])
    assert asked["pending"], asked["reply"]
    replied = api.chat(answer, asked["conversation_id"])
    assert meetings_of(api) == [("Meeting with Sam", meeting)], replied["reply"]
    assert reminders_of(api) == [("Meeting with Sam", reminder)], replied["reply"]


@pytest.mark.parametrize(
    ("where", "said", "answer"),
    [
        ("ny", "remind me to call Ana tomorrow at 10am", "both"),  # today or tomorrow?
        ("mexico", "recuérdame mañana a las 10 llamar a Ana", "los dos"),
    ],
)
def test_r_m4_both_to_a_question_of_one_answer_is_asked_again(
    user: Any, where: str, said: str, answer: str
) -> None:
    """Never "OK, cancelled" nor a knowledge answer ("dos pasos")."""
    api = user(where)
    question, replied = talk(api, said, answer)
    assert question["pending"], question["reply"]
    assert replied["pending"], replied["reply"]
    assert replied["skill"] == "scheduling", replied["reply"]
    assert "cancel" not in replied["reply"].lower(), replied["reply"]
    assert reminders_of(api) == []


# -- U-M5: "y el otro?", "and the other one too" -----------------------------------------------


@pytest.mark.parametrize(
    ("where", "messages", "left"),
    [
        # reported (rosa, jen, valen)
        ("lima", ["recuérdame el miércoles a las 10 de la mañana llamar a Ana",
                  "recuérdame el miércoles a las 11 de la mañana llamar a Beto", "borralo",
                  "y el otro?"], []),
        ("ny", ["remind me on wednesday at 10am to call Ana",
                "remind me on wednesday at 11am to call Bo", "delete it",
                "and the other one too"], []),
        ("bogota", ["recuérdeme el miércoles a las 10 de la mañana llamar a Ana",
                    "recuérdeme el miércoles a las 11 de la mañana llamar a Beto",
                    "borra el primero", "y el otro?"], []),
        # variants
        ("ny", ["remind me on wednesday at 10am to call Ana",
                "remind me on wednesday at 11am to call Bo", "what reminders do I have",
                "delete the first one", "delete the other one too"], []),
        ("ny", [*TWO_RAJ, "delete the call Raj reminder", "the first one", "and the other one?"],
         []),
        ("mexico", [*TWO_LUZ, "ya no me recuerdes lo de la luz", "el segundo",
                    "borra el otro también"], []),
        # one only: none other, said so
        ("ny", ["remind me on friday at 9am to pay rent", "what reminders do I have",
                "delete the first one", "and the other one too"], []),
    ],
)  # fmt: skip
def test_u_m5_the_other_one_gets_the_same_done(
    user: Any, where: str, messages: list[str], left: list[tuple[str, str]]
) -> None:
    api = user(where)
    replies = talk(api, *messages)
    if messages[0].endswith("pay rent"):  # one reminder only: none other, said so
        assert replies[-1]["reply"].startswith("I found no other one"), replies[-1]["reply"]
        return
    assert reminders_of(api) == left, replies[-1]["reply"]
    assert replies[-1]["skill"] == "scheduling"


def test_u_m5_several_others_are_asked(user: Any) -> None:
    api = user("ny")
    replies = talk(
        api,
        "remind me on wednesday at 10am to call Ana",
        "remind me on wednesday at 11am to call Bo",
        "remind me on wednesday at 12pm to call Cy",
        "delete it",
        "and the other one too",
    )
    assert replies[-1]["pending"], replies[-1]["reply"]
    assert len(reminders_of(api)) == 2
    api.chat("the first one", replies[-1]["conversation_id"])
    assert reminders_of(api) == [("call Bo", "2026-12-09T11:00")]


def test_u_m5_the_other_one_with_nothing_done_is_left_to_the_rest(user: Any) -> None:
    """ "y el otro?" with nothing removed just before is not a removal."""
    api = user("lima")
    talk(
        api,
        "recuérdame el miércoles a las 10 de la mañana llamar a Ana",
        "recuérdame el miércoles a las 11 de la mañana llamar a Beto",
        "y el otro?",
    )
    assert len(reminders_of(api)) == 2


# -- U-M12: "and the day after?", "y pasado?", "and Raj?" --------------------------------------


@pytest.mark.parametrize(
    ("where", "messages", "expected"),
    [
        # reported (jen, sofi)
        ("ny", ["remind me on wednesday at 9am to pick up Ella", "what do I have tomorrow?",
                "and the day after?"], "pick up Ella"),
        ("baires", ["recordame el miércoles a las 9 de la mañana buscar a Ella",
                    "que tengo mañana?", "y el jueves?", "y pasado?"], "buscar a Ella"),
        # variants
        ("london", ["remind me on thursday at 9am to pay the rent", "what's on wednesday?",
                    "the day after?"], "pay the rent"),
        ("lima", ["recuérdame el jueves a las 9 de la mañana pagar la luz",
                  "qué tengo el miércoles?", "y al día siguiente?"], "pagar la luz"),
        ("ny", ["remind me on saturday at 9am to buy the tree", "what do I have tomorrow?",
                "what about the weekend?"], "buy the tree"),
        ("baires", ["recordame el sábado a las 9 de la mañana comprar el árbol",
                    "que tengo mañana?", "y el finde?"], "comprar el árbol"),
    ],
)  # fmt: skip
def test_u_m12_the_next_day_after_an_agenda_lists_that_day(
    user: Any, where: str, messages: list[str], expected: str
) -> None:
    api = user(where)
    replies = talk(api, *messages)
    assert expected in replies[-1]["reply"], replies[-1]["reply"]


@pytest.mark.parametrize(
    ("where", "messages", "expected"),
    [
        # reported (mike, rosa)
        ("ny", ["book a meeting with Dana on friday at 10am",
                "book a meeting with Raj on thursday at 2pm", "when am I seeing Dana?",
                "and Raj?"], "“Meeting with Raj” is Thu 10 Dec at 2:00 PM"),
        ("lima", ["recuerdame el miercoles a las 8 de la mañana llevar el uniforme",
                  "recuerdame el jueves a las 5 de la tarde hablar con la tutora",
                  "a que hora era lo de la tutora?", "y lo del uniforme?"],
         "“llevar el uniforme” es el miércoles 9 de diciembre a las 8:00"),
        # variants
        ("london", ["book a call with Priya on friday at 11am",
                    "book a meeting with Tom on thursday at 4pm", "when is my call with Priya?",
                    "what about Tom?"], "“Meeting with Tom” is Thu 10 Dec at 4:00 PM"),
    ],
)  # fmt: skip
def test_u_m12_and_another_item_after_when_is_says_when_that_one_is(
    user: Any, where: str, messages: list[str], expected: str
) -> None:
    api = user(where)
    replies = talk(api, *messages)
    assert expected in replies[-1]["reply"], replies[-1]["reply"]


# -- U-M16: "push it to next week" right after a booking ---------------------------------------


@pytest.mark.parametrize(
    ("where", "booked", "said", "expected"),
    [
        # reported (tom)
        ("london", "book a meeting with Sam on wednesday at 3pm", "push it to next week",
         [("Meeting with Sam", "2026-12-16T15:00")]),
        # variants
        ("ny", "book a meeting with Sam on wednesday at 3pm", "move it to next week",
         [("Meeting with Sam", "2026-12-16T15:00")]),
        ("ny", "book a meeting with Sam on wednesday at 3pm",
         "push it to next week, same time", [("Meeting with Sam", "2026-12-16T15:00")]),
        ("lima", "agendame una reunion con Ana el miercoles a las 3 de la tarde",
         "pásala a la semana que viene", [("Reunión con Ana", "2026-12-16T15:00")]),
        ("mexico", "agendame una junta con Pepe el jueves a las 10 de la mañana",
         "muévela para la próxima semana", [("Junta con Pepe", "2026-12-17T10:00")]),
    ],
)  # fmt: skip
def test_u_m16_it_to_next_week_is_a_week_later_at_its_clock(
    user: Any, where: str, booked: str, said: str, expected: list[tuple[str, str]]
) -> None:
    api = user(where)
    talk(api, "book a meeting with Ann on thursday at 9am")  # another meeting, in another chat
    replies = talk(api, booked, said)
    assert [m for m in meetings_of(api) if "Ann" not in m[0]] == expected, replies[-1]["reply"]


@pytest.mark.parametrize(
    ("where", "setup", "said", "aside", "answer", "expected"),
    [
        ("london", ["book a meeting with Ann on thursday at 9am",
                    "book a meeting with Sam on wednesday at 3pm"],
         "move my meeting to friday", "what's on wednesday week?", "the second one",
         ("Meeting with Ann", "2026-12-11T09:00")),
        ("lima", ["agendame una reunion con Ana el jueves a las 9 de la mañana",
                  "agendame una reunion con Beto el miercoles a las 3 de la tarde"],
         "pasa mi reunión al viernes", "¿qué tengo el miércoles?", "la segunda",
         ("Reunión con Ana", "2026-12-11T09:00")),
    ],
)  # fmt: skip
def test_u_m16_an_agenda_question_while_which_one_waits_is_answered_aside(
    user: Any,
    where: str,
    setup: list[str],
    said: str,
    aside: str,
    answer: str,
    expected: tuple[str, str],
) -> None:
    api = user(where)
    *_, question = talk(api, *setup, said)
    assert question["pending"], question["reply"]
    kept = meetings_of(api)
    listed = api.chat(aside, question["conversation_id"])
    assert listed["pending"], listed["reply"]  # the question asked again
    assert meetings_of(api) == kept, listed["reply"]
    assert "When should" not in listed["reply"]
    assert "Cuándo" not in listed["reply"]
    answered = api.chat(answer, question["conversation_id"])
    assert expected in meetings_of(api), answered["reply"]


# -- U-M15: "agende otra con Pepe a la misma hora la semana siguiente" ------------------------


@pytest.mark.parametrize(
    ("where", "first", "said", "expected"),
    [
        # reported (camilo): Pepe's meeting more than a week ahead
        ("bogota", "agéndeme una reunión con Pepe el martes 15 a las 9 de la mañana",
         "agende otra con Pepe a la misma hora la semana siguiente",
         ("2026-12-22T09:00", "2026-12-22T09:30")),
        ("bogota", "agéndeme una reunión con Pepe el martes 15 a las 9 de la mañana",
         "agende otra reunión con Pepe a la misma hora la semana siguiente",
         ("2026-12-22T09:00", "2026-12-22T09:30")),
        # reported (mike): the length of Raj's meeting kept
        ("ny", "book a 90 minute meeting with Raj on friday at 2pm",
         "book another meeting with Raj same time next week",
         ("2026-12-18T14:00", "2026-12-18T15:30")),
        # variants
        ("lima", "agendame una reunion de 2 horas con Lucía el jueves 17 a las 4 de la tarde",
         "agenda otra con Lucía a la misma hora la próxima semana",
         ("2026-12-24T16:00", "2026-12-24T18:00")),
        ("london", "book a 45 minute call with Priya on monday 14 at 11am",
         "book another one same time next week", ("2026-12-21T11:00", "2026-12-21T11:45")),
    ],
)  # fmt: skip
def test_u_m15_another_meeting_a_week_later_at_its_clock_and_length(
    user: Any, where: str, first: str, said: str, expected: tuple[str, str]
) -> None:
    api = user(where)
    replies = talk(api, first, said)
    spans = [
        (m["starts_at"][:16], m["ends_at"][:16]) for m in api.get("/v1/meetings").json["meetings"]
    ]
    assert expected in spans, replies[-1]["reply"]
    assert len(spans) == 2


@pytest.mark.parametrize(
    ("where", "said"), [("ny", "the other one"), ("lima", "el otro"), ("ny", "no, the other one")]
)
def test_u_m5_the_other_one_alone_removes_nothing_more(user: Any, where: str, said: str) -> None:
    """ "the other one" alone after a removal may correct it ("not that one"): never a second
    removal on a guess."""
    api = user(where)
    replies = talk(
        api,
        "remind me on wednesday at 10am to call Ana",
        "remind me on wednesday at 11am to call Bo",
        "delete it",
        said,
    )
    assert reminders_of(api) == [("call Ana", "2026-12-09T10:00")], replies[-1]["reply"]
