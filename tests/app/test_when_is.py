"""'What time was the dentist?' answered the time now ("It's 2:30 PM"), "when is my dentist
appointment?" said "You have no meetings coming up" with the dentist reminder stored, and "¿a
qué hora era lo de la profesora?" was refused: a question about when one of the user's own items
is answers with that item (probe 19's leftovers)."""

from __future__ import annotations

import pytest

from app.skills.scheduling import asks_when
from tests.app.conftest import Api, reminders_of, talk


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("what time was the dentist?", "Your reminder “see the dentist” is Thu 16 Apr at 4:00 PM."),
        ("when is my dentist appointment?", "Your reminder “see the dentist” is Thu 16 Apr"),
        ("when do I have the dentist again?", "Thu 16 Apr at 4:00 PM"),
        ("what time is my call with Priya?", "“Call with Priya” is tomorrow at 10:00 AM."),
        ("when am I seeing Priya?", "“Call with Priya” is tomorrow at 10:00 AM."),
    ],
)
def test_when_an_item_is(en: Api, question: str, answer: str) -> None:
    talk(en, "remind me to see the dentist thursday at 4pm")
    talk(en, "book a call with Priya tomorrow at 10am")
    stored = reminders_of(en)
    reply = en.chat(question)
    assert answer in reply["reply"]
    assert reminders_of(en) == stored  # a question changes nothing


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("¿a qué hora era lo de la profesora?", "“Reunión con la profesora” es el viernes 17"),
        ("¿a qué hora es lo del dentista?", "Tu recordatorio “ir al dentista” es el jueves 16"),
        ("¿cuándo tengo el dentista?", "a las 16:00"),
        ("¿cuándo me toca pagar la luz?", "“pagar la luz” es el lunes 20 de abril a las 9:00"),
    ],
)
def test_cuando_es_un_elemento(es: Api, question: str, answer: str) -> None:
    talk(es, "recuérdame ir al dentista el jueves a las 4 de la tarde")
    talk(es, "agenda una reunión con la profesora el viernes a las 10 de la mañana")
    talk(es, "recuérdame pagar la luz el lunes a las 9 de la mañana")
    assert answer in es.chat(question)["reply"]


def test_several_alike_are_listed_to_pick_from(en: Api) -> None:
    talk(en, "book a meeting with Ana tomorrow at 3pm")
    talk(en, "book lunch with Ana friday at 1pm")
    replies = talk(en, "when am I seeing Ana?", "cancel the second one", "yes")
    assert replies[0]["reply"].startswith("These match “Ana”:\n1. Meeting with Ana")
    assert [m["title"] for m in en.get("/v1/meetings").json["meetings"]] == ["Meeting with Ana"]


@pytest.mark.parametrize(
    "question", ["what time is the plumber coming?", "when is my meeting with Pedro?"]
)
def test_an_item_not_found_is_said_never_the_time_now(en: Api, question: str) -> None:
    talk(en, "remind me to see the dentist thursday at 4pm")
    reply = en.chat(question)["reply"]
    assert reply.startswith("I don't see “")
    assert "dentist" not in reply
    assert "2:30" not in reply


@pytest.mark.parametrize(
    ("question", "start"),
    [
        ("what time is it in Tokyo?", "It's 4:30 AM in Tokyo"),
        ("¿a qué hora es en Madrid?", "Son las 21:30 en Madrid"),
        ("what day is christmas", "Christmas falls on Friday 25 December 2026"),
        ("when is the next intake?", "From "),
    ],
)
def test_other_when_questions_are_left_alone(en: Api, question: str, start: str) -> None:
    assert en.chat(question)["reply"].startswith(start)


def test_what_the_question_names() -> None:
    assert asks_when("¿A qué hora era lo de la Profesora?") == "lo de la Profesora"
    assert asks_when("when is my meeting with Pedro?") == "my meeting with Pedro"
    assert asks_when("what time is my meeting tomorrow?") is None  # that day's listing
    assert asks_when("when's my next meeting?") is None
    assert asks_when("what time is it?") is None
