"""Picking from a list the assistant showed (an independent tester's findings): a number alone
("2", "#2", "el 2") answers "which one?"; "mark buy milk as done" with several matches lists
them and waits for the choice (the one with the most words in common, or the exact text, is
taken without asking); a Spanish message with an English product name ("no me interesa power
bi") is answered in the conversation's language."""

from __future__ import annotations

from typing import Any

import pytest

from tests.app.conftest import Api


@pytest.mark.parametrize("answer", ["2", "#2", "el 2", "la número 2"])
def test_a_number_alone_picks_from_the_list(es: Api, answer: str) -> None:
    es.chat("agenda reunion con Paredes el lunes a las 3 de la tarde")
    es.chat("agenda reunion con Paredes el jueves a las 10 de la mañana")
    asked = es.chat("mueve la reunion con Paredes al miercoles")
    assert "¿Cuál?" in asked["reply"]
    moved = es.chat(answer, asked["conversation_id"])
    # the list is by time: 1. Thursday 16 at 10:00, 2. Monday 20 at 15:00
    assert moved["reply"].startswith("Moví “Reunión con Paredes” para mañana a las 15:00")
    starts = sorted(m["starts_at"][:16] for m in es.get("/v1/meetings").json["meetings"])
    assert starts == ["2026-04-15T15:00", "2026-04-16T10:00"]


def test_several_matching_todos_are_listed_and_the_answer_picks(en: Api) -> None:
    for item in ("buy milk for the cake", "buy milk for the bread", "buy tickets"):
        en.chat(f"add {item} to my to-do list")
    asked = en.chat("mark buy milk as done")
    lines = asked["reply"].splitlines()
    assert lines[1:3] == ["1. “buy milk for the cake”", "2. “buy milk for the bread”"]
    assert "buy tickets" not in asked["reply"]  # fewer words in common
    done = en.chat("2", asked["conversation_id"])
    assert done["reply"] == "Marked “buy milk for the bread” as done."
    open_items = [t["text"] for t in en.get("/v1/todos").json["todos"] if not t["done"]]
    assert open_items == ["buy milk for the cake", "buy tickets"]


def test_the_exact_text_is_taken_without_asking(en: Api) -> None:
    en.chat("add buy milk to my to-do list")
    en.chat("add buy milk for the cake to my to-do list")
    done = en.chat("mark buy milk as done")
    assert done["reply"] == "Marked “buy milk” as done."


@pytest.mark.parametrize("message", ["no me interesa power bi", "no me gusta el excel avanzado"])
def test_an_english_name_in_a_spanish_message_keeps_spanish(es: Api, message: str) -> None:
    es.chat("hola")
    reply = es.chat(message)
    assert reply["lang"] == "es", reply


@pytest.mark.parametrize(
    ("fixture", "messages", "left"),
    [
        (
            "en",
            [
                "remind me at 5pm to call the vet",
                "remind me at 7pm to buy bread",
                "cancel my reminder",
                "2",
            ],
            ["call the vet"],
        ),
        (
            "es",
            [
                "recuérdame a las 5 de la tarde llamar a la tía",
                "recuérdame a las 7 de la noche comprar pan",
                "borra mi recordatorio",
                "1",
            ],
            ["comprar pan"],
        ),
    ],
)
def test_cancel_my_reminder_with_several_asks_which(
    request: Any, fixture: str, messages: list[str], left: list[str]
) -> None:
    api: Api = request.getfixturevalue(fixture)
    conversation = None
    replies = []
    for message in messages:
        reply = api.chat(message, conversation)
        conversation = reply["conversation_id"]
        replies.append(reply)
    assert replies[2]["pending"], replies[2]["reply"]
    assert [r["text"] for r in api.get("/v1/reminders").json["reminders"]] == left


def test_a_three_or_four_question_is_answered_by_the_hour_or_the_order(es: Api) -> None:
    asked = es.chat("recuérdame mañana a las 3 o 4 llamar a Luis")
    assert asked["pending"]
    es.chat("la segunda", asked["conversation_id"])
    asked = es.chat("recuérdame mañana a las 5 o 6 ir al gym")
    es.chat("a las 5", asked["conversation_id"])
    due = sorted((r["text"], r["due_at"][:16]) for r in es.get("/v1/reminders").json["reminders"])
    assert due == [("ir al gym", "2026-04-15T17:00"), ("llamar a Luis", "2026-04-15T16:00")]


@pytest.mark.parametrize(("fixture", "answer"), [("es", "la de las 3"), ("en", "the one at 3")])
def test_the_time_of_one_shown_item_picks_it(request: Any, fixture: str, answer: str) -> None:
    api: Api = request.getfixturevalue(fixture)
    if fixture == "es":
        api.chat("agenda reunion con Paredes el lunes a las 3 de la tarde")
        api.chat("agenda reunion con Paredes el jueves a las 10 de la mañana")
        asked = api.chat("mueve la reunion con Paredes al miercoles")
    else:
        api.chat("book a meeting with Paredes on monday at 3pm")
        api.chat("book a meeting with Paredes on thursday at 10am")
        asked = api.chat("move my meeting with Paredes to wednesday")
    assert asked["pending"], asked["reply"]
    api.chat(answer, asked["conversation_id"])
    starts = sorted(m["starts_at"][:16] for m in api.get("/v1/meetings").json["meetings"])
    assert starts == ["2026-04-15T15:00", "2026-04-16T10:00"]
