"""A to-do said with a time gets that due time, and its text loses the time words: "todo: call
the bank tomorrow at 9am" is "call the bank", due tomorrow at 9:00; a day without a time of day
("on Friday", "by Friday", "el lunes") is due by the end of that day; an unsure time is asked
about (one item) and "no date" adds it as said, with no due time; a note-style opening
("todo:", "pendiente:") adds a to-do whatever the words after it sound like."""

from __future__ import annotations

from typing import Any

import pytest

from tests.app.conftest import Api


def _todos(api: Api) -> list[tuple[str, str | None]]:
    rows = api.get("/v1/todos").json["todos"]
    return [(row["text"], row["due_at"] and row["due_at"][:16]) for row in rows]


@pytest.mark.parametrize(
    ("message", "text", "due", "said"),
    [
        (
            "todo: call the bank tomorrow at 9am",
            "call the bank",
            "2026-04-15T09:00",
            "due tomorrow at 9:00 AM",
        ),
        (
            "add pay the rent on friday to my to-do list",
            "pay the rent",
            "2026-04-17T23:59",
            "due Fri 17 Apr, end of day",
        ),
        ("add pay the rent by friday to my to-do list", "pay the rent", "2026-04-17T23:59", None),
        (
            "add finish the report by 5pm to my to-do list",
            "finish the report",
            "2026-04-14T17:00",
            None,
        ),
        ("add buy milk to my to-do list", "buy milk", None, "Added “buy milk” to your to-do list."),
    ],
)
def test_a_todo_with_a_time_is_due_then(
    en: Api, message: str, text: str, due: str | None, said: str | None
) -> None:
    reply = en.chat(message)
    assert _todos(en) == [(text, due)], reply["reply"]
    assert "pending" not in reply or not reply.get("pending")
    if said:
        assert said in reply["reply"]


@pytest.mark.parametrize(
    ("message", "text", "due", "said"),
    [
        (
            "pendiente: pagar la luz el lunes",
            "pagar la luz",
            "2026-04-20T23:59",
            "vence el lunes 20 de abril, al final del día",
        ),
        (
            "agrega llamar al banco mañana a las 10 de la mañana a mis pendientes",
            "llamar al banco",
            "2026-04-15T10:00",
            "vence mañana a las 10:00",
        ),
        ("anota en mis pendientes comprar pan", "comprar pan", None, "Agregué “comprar pan”"),
    ],
)
def test_a_spanish_todo_with_a_time_is_due_then(
    es: Api, message: str, text: str, due: str | None, said: str
) -> None:
    reply = es.chat(message)
    assert _todos(es) == [(text, due)], reply["reply"]
    assert said in reply["reply"]


def test_several_items_each_keep_their_own_due_time(en: Api) -> None:
    en.chat("add eggs, bread and call mom tomorrow at 5pm to my to-do list")
    assert _todos(en) == [("eggs, bread", None), ("call mom", "2026-04-15T17:00")]
    listing = en.chat("show my to-do list")["reply"]
    assert "call mom (due tomorrow at 5:00 PM)" in listing


def test_an_unsure_hour_is_asked_and_the_answer_sets_it(es: Api) -> None:
    first = es.chat("agrega comprar pan mañana a las 8 a mis pendientes")
    assert _todos(es) == []
    assert "8:00" in first["reply"]
    assert "20:00" in first["reply"]
    assert "sin fecha" in first["reply"]
    es.chat("a las 8 de la mañana", first["conversation_id"])
    assert _todos(es) == [("comprar pan", "2026-04-15T08:00")]


def test_a_weekday_said_on_that_day_asks_which_day_not_which_hour(en: Api) -> None:
    first = en.chat("todo: water the plants tuesday")  # said on a Tuesday
    assert _todos(en) == []
    assert first["reply"].startswith("Do you mean today or Tue 21 Apr?"), first["reply"]
    assert "AM" not in first["reply"]
    en.chat("the second one", first["conversation_id"])
    assert _todos(en) == [("water the plants", "2026-04-21T23:59")]


@pytest.mark.parametrize(
    ("fixture", "said", "answer"),
    [
        ("en", "todo: buy tickets for the 9 o'clock show", "no date"),
        # a Spanish-speaking user's first message is read in Spanish (its cue "todo" says
        # nothing), where "o'clock" is no clock word: the bare hour is what asks
        ("es", "todo: comprar entradas para el show a las 9", "sin fecha"),
    ],
)
def test_no_date_adds_the_item_as_said(fixture: str, said: str, answer: str, request: Any) -> None:
    api: Api = request.getfixturevalue(fixture)
    first = api.chat(said)
    assert _todos(api) == [], first["reply"]
    api.chat(answer, first["conversation_id"])
    assert _todos(api) == [(said.removeprefix("todo: "), None)]


def test_a_note_opening_adds_a_todo_whatever_the_model_reads(en: Api) -> None:
    reply = en.chat("todo: check what time the bank opens")
    assert reply["skill"] == "scheduling"
    assert _todos(en) == [("check what time the bank opens", None)], reply["reply"]


def test_the_llm_tool_takes_a_due_time() -> None:
    from app.llm.tools import ToolBox
    from app.skills.scheduling import Scheduling

    box = ToolBox([Scheduling()])
    schema = next(s for s in box.schemas if s["function"]["name"] == "add_todo")
    params = schema["function"]["parameters"]
    assert "due_at" in params["properties"]
    assert params["required"] == ["text"]
    assert box.check("1", "add_todo", '{"text": "pay rent", "due_at": "2026-04-17T18:00"}').args
    assert box.check("2", "add_todo", '{"text": "pay rent", "due_at": "friday"}').error
