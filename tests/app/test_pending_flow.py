"""What happens to a question the assistant asked when the user says something else
(an independent tester's findings, made tests):

- a whole new request ("recuérdame en 20 minutos apagar la terma" while "8:00 or 20:00?" waits
  for the gym reminder) is that request: its time is never taken for the waiting item, and the
  reply says the waiting one was dropped;
- a question asked aside ("q hora es?") is answered and the waiting question asked again, so
  the next answer ("a las 5") still completes the waiting meeting, not a new alarm;
- "no, mejor a las 4" / "actually, make it 5pm" right after an item was stored moves it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.app.conftest import Api, talk


def _stored(api: Api) -> dict[str, list[tuple[str, str]]]:
    reminders = api.get("/v1/reminders").json["reminders"]
    meetings = api.get("/v1/meetings").json["meetings"]
    return {
        "reminders": [(r["text"], r["due_at"][:16]) for r in reminders],
        "meetings": [(m["title"], m["starts_at"][:16]) for m in meetings],
    }


@pytest.mark.parametrize(
    ("fixture", "messages", "reminders", "meetings"),
    [
        (
            "es",
            ["recuerdame mañana a las 8 ir al gym", "recuerdame en 20 minutos apagar la terma"],
            [("apagar la terma", "2026-04-14T14:50")],
            [],
        ),
        (
            "es",
            ["una reunion con Beto mañana", "y recuerdame en media hora sacar el pollo del horno"],
            [("sacar el pollo del horno", "2026-04-14T15:00")],
            [],
        ),
        (
            "en",
            ["book a meeting with Tom tomorrow", "remind me at 9pm to call mom"],
            [("call mom", "2026-04-14T21:00")],
            [],
        ),
        (
            "en",
            [
                "remind me tomorrow at 8 to go to the gym",
                "remind me in 20 minutes to turn off the oven",
            ],
            [("turn off the oven", "2026-04-14T14:50")],
            [],
        ),
    ],
)
def test_a_new_request_is_never_the_answer_to_the_waiting_question(
    request: Any,
    fixture: str,
    messages: list[str],
    reminders: list[tuple[str, str]],
    meetings: list[tuple[str, str]],
) -> None:
    api: Api = request.getfixturevalue(fixture)
    replies = talk(api, *messages)
    assert _stored(api) == {"reminders": reminders, "meetings": meetings}, replies[-1]["reply"]
    dropped = "pedido anterior" if fixture == "es" else "earlier request"
    assert dropped in replies[-1]["reply"]


def test_a_todo_asked_for_while_a_reminder_waits_is_a_todo(en: Api) -> None:
    replies = talk(
        en, "remind me tomorrow at 8 to go to the gym", "also add buy milk to my to-do list"
    )
    assert _stored(en)["reminders"] == []
    assert [t["text"] for t in en.get("/v1/todos").json["todos"]] == ["buy milk"]
    assert "earlier request" in replies[-1]["reply"]


@pytest.mark.parametrize(
    ("fixture", "messages"),
    [
        ("es", ["recuérdame mañana a las 8 ir al gym", "recuérdame a las 8 de la mañana"]),
        ("en", ["remind me tomorrow at 8 to go to the gym", "remind me at 8 am"]),
        ("en", ["remind me tomorrow at 8 to go to the gym", "remind me to go to the gym at 8am"]),
    ],
)
def test_the_cue_said_again_with_only_the_time_still_answers(
    request: Any, fixture: str, messages: list[str]
) -> None:
    api: Api = request.getfixturevalue(fixture)
    talk(api, *messages)
    text = "ir al gym" if fixture == "es" else "go to the gym"
    assert _stored(api)["reminders"] == [(text, "2026-04-15T08:00")]


@pytest.mark.parametrize(
    ("fixture", "messages", "aside", "again"),
    [
        (
            "es",
            ["agenda reunion con Toño el lunes", "q hora es?", "a las 5"],
            "Son las 14:30",
            "¿A qué hora el lunes 20 de abril?",
        ),
        (
            "en",
            ["book a meeting with Tom on Monday", "what time is it?", "5pm"],
            "It's 2:30 PM",
            "What time on Mon 20 Apr?",
        ),
    ],
)
def test_a_question_aside_keeps_the_waiting_question(
    request: Any, fixture: str, messages: list[str], aside: str, again: str
) -> None:
    api: Api = request.getfixturevalue(fixture)
    replies = talk(api, *messages)
    assert replies[1]["reply"].startswith(aside), replies[1]["reply"]
    assert replies[1]["reply"].endswith(again), replies[1]["reply"]
    stored = _stored(api)
    assert stored["reminders"] == [], "no alarm: the answer completed the meeting"
    assert [start for _title, start in stored["meetings"]] == ["2026-04-20T17:00"]
    assert "To" in stored["meetings"][0][0]


@pytest.mark.parametrize(
    ("fixture", "messages", "stored"),
    [
        (
            "es",
            [
                "recuerdame mañana a las 3 de la tarde recoger a mi hija del colegio",
                "no, mejor a las 4",
            ],
            ("recoger a mi hija del colegio", "2026-04-15T16:00"),
        ),
        (
            "es",
            ["recuerdame el jueves a las 5 de la tarde comprar pan", "ay no, el viernes"],
            ("comprar pan", "2026-04-17T17:00"),
        ),
        (
            "en",
            ["remind me tomorrow at 3pm to pick up the kids", "actually, make it 5pm"],
            ("pick up the kids", "2026-04-15T17:00"),
        ),
    ],
)
def test_a_correction_right_after_moves_what_was_stored(
    request: Any, fixture: str, messages: list[str], stored: tuple[str, str]
) -> None:
    api: Api = request.getfixturevalue(fixture)
    talk(api, *messages)
    assert _stored(api)["reminders"] == [stored]


def test_a_correction_with_more_words_is_not_a_move(en: Api) -> None:
    talk(
        en,
        "remind me tomorrow at 3pm to pick up the kids",
        "no, I meant the meeting with Ana at 5pm",
    )
    assert _stored(en)["reminders"] == [("pick up the kids", "2026-04-15T15:00")]
