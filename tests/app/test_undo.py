"""'undo' / 'deshaz eso' takes back the last change the assistant made in the conversation (a
booking, a move, a reminder, a to-do marked done), even after a question that changed nothing;
one level only; and never over a change made since (the item moved through the API)."""

from __future__ import annotations

import pytest

from tests.app.conftest import Api, meetings_of, talk


def test_a_move_is_undone(es: Api) -> None:
    replies = talk(
        es,
        "agenda una reunión con Ana el lunes a las 10 de la mañana",
        "muévela a las 4",
        "deshaz eso",
        "deshaz eso",
    )
    assert replies[2]["reply"] == (
        "Deshice mi último cambio («Moví “Reunión con Ana” para el lunes 20 de abril a las "
        "16:00.»)."
    )
    assert replies[3]["reply"] == "No hay nada que deshacer en esta conversación."
    assert meetings_of(es) == [("Reunión con Ana", "2026-04-20T10:00")]


@pytest.mark.both_databases
def test_a_new_reminder_is_undone_after_a_question(en: Api) -> None:
    replies = talk(en, "remind me tomorrow at 5pm to call mom", "what time is it?", "undo")
    assert replies[2]["reply"].startswith("I undid my last change (“OK, I'll remind you")
    assert replies[2]["data"]["undone"] is True
    assert en.get("/v1/reminders").json["reminders"] == []


@pytest.mark.both_databases
def test_a_todo_marked_done_is_open_again(en: Api) -> None:
    talk(en, "add milk to my todo list", "add eggs to my todo list")
    talk(en, "mark milk as done", "undo that")
    todos = en.get("/v1/todos").json["todos"]
    assert sorted((t["text"], t["done"]) for t in todos) == [("eggs", False), ("milk", False)]


@pytest.mark.both_databases
def test_a_change_made_since_is_not_undone(en: Api) -> None:
    replies = talk(en, "book a meeting with Ana tomorrow at 3pm")
    meeting = en.get("/v1/meetings").json["meetings"][0]
    moved = en.patch(
        f"/v1/meetings/{meeting['id']}", json={"starts_at": "2026-04-16T09:00:00-05:00"}
    )
    assert moved.status_code == 200, moved.json
    reply = en.chat("undo", replies[0]["conversation_id"])
    assert reply["reply"] == "That has changed since, so I didn't undo it. Nothing was changed."
    assert meetings_of(en) == [("Meeting with Ana", "2026-04-16T09:00")]


def test_nothing_to_undo(en: Api) -> None:
    assert en.chat("undo")["reply"] == "There is nothing to undo in this conversation."


@pytest.mark.both_databases
def test_a_deleted_items_id_given_to_another_users_row_is_never_overwritten(
    es: Api, en: Api
) -> None:
    """Found by an independent tester: SQLite hands the highest deleted id out again, and undoing
    the deletion wrote the old reminder over the row that now had its id, another user's. Then
    (found by the next tester) the undo was refused with an untrue reason: the reminder comes back
    under a new id."""
    first = talk(es, "recuérdame el jueves a las 10 de la mañana comprar pintura")
    cid = first[0]["conversation_id"]
    es.chat("borra el recordatorio de la pintura", cid)
    en.chat("remind me on Friday at 11am to call aunt Carol")
    carol = en.get("/v1/reminders").json["reminders"]
    reply = es.chat("deshaz eso", cid)
    assert en.get("/v1/reminders").json["reminders"] == carol
    assert reply["reply"].startswith("Deshice")
    mine = es.get("/v1/reminders").json["reminders"]
    assert [r["text"] for r in mine] == ["comprar pintura"]
    assert mine[0]["id"] != carol[0]["id"]


def test_a_cancelled_meeting_comes_back_when_its_id_is_free(es: Api) -> None:
    replies = talk(
        es,
        "agenda una reunión con Toño el jueves a las 10 de la mañana",
        "cancélala",
        "sí",
        "deshaz eso",
    )
    assert replies[3]["reply"].startswith("Deshice mi último cambio")
    assert meetings_of(es) == [("Reunión con Toño", "2026-04-16T10:00")]
