"""Probe 24, finding 4a: "what did I just book?" and "undo" quoted the change in the language it
was made in ("Mi último cambio en esta conversación: OK, I'll remind you to buy milk …"). Asked in
the other language, the change is now said from the rows it wrote, in the question's language."""

from __future__ import annotations

from tests.app.conftest import Api, talk


def test_a_booking_in_english_is_said_in_spanish(en: Api) -> None:
    *_, asked = talk(en, "book a meeting with Tom on thursday at 3pm", "¿qué acabo de agendar?")
    assert asked["reply"] == (
        "Mi último cambio en esta conversación: "
        "Agendé “Meeting with Tom” el jueves 16 de abril a las 15:00"
    )


def test_a_reminder_in_spanish_is_said_in_english(es: Api) -> None:
    *_, asked = talk(
        es, "recuérdame comprar pan el jueves a las 5 de la tarde", "what did I just set?"
    )
    assert asked["reply"] == (
        "My last change in this conversation: "
        "Set a reminder “comprar pan” for Thu 16 Apr at 5:00 PM"
    )


def test_a_move_and_an_undo_in_the_other_language(en: Api) -> None:
    *_, moved, asked, undone = talk(
        en,
        "book a meeting with Tom on wednesday at 3pm",
        "muévela al jueves a las 10 de la mañana",
        "what did I just do?",
        "deshaz eso",
    )
    assert moved["reply"].startswith("Moví “Meeting with Tom”")
    assert asked["reply"] == (
        "My last change in this conversation: Moved “Meeting with Tom” to Thu 16 Apr at 10:00 AM"
    )
    assert undone["reply"].startswith("Deshice mi último cambio («Moví “Meeting with Tom”")


def test_a_to_do_undone_in_the_other_language(es: Api) -> None:
    *_, undone = talk(es, "añade huevos a mi lista de pendientes", "undo that please")
    assert undone["reply"] == "I undid my last change (“Added the to-do “huevos””)."


def test_the_same_language_quotes_the_reply_as_before(en: Api) -> None:
    *_, asked = talk(en, "book a meeting with Tom on thursday at 3pm", "what did I just book?")
    assert asked["reply"] == (
        "My last change in this conversation: "
        "Booked “Meeting with Tom” Thu 16 Apr at 3:00 PM for 30 minutes."
    )
