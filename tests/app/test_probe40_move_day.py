"""Probe 40, U-M14: "move everything on thursday to friday" moved a reminder set for the night
before a Friday meeting to Friday night, seven hours after the meeting it was for, and unlinked
it. A reminder of the day set for a meeting on another day stays with its meeting, and the reply
says so."""

from __future__ import annotations

from tests.app.conftest import Api, reminders_of, talk


def _deck(api: Api, *setup: str, move: str) -> tuple[dict, list[tuple[str, str]]]:  # type: ignore[type-arg]
    *_, moved = talk(api, *setup, move)
    return moved, reminders_of(api)


def test_the_night_before_reminder_stays_with_its_friday_meeting(en: Api) -> None:
    moved, reminders = _deck(
        en,
        "book a meeting with Raj on friday at 2pm",
        "remind me the night before my meeting with Raj at 9pm to print the deck",
        "remind me to call mom on thursday at 10am",
        move="move everything on thursday to friday",
    )
    assert "Moved 1 item to" in moved["reply"]
    assert "Left where they are, for a meeting on another day:" in moved["reply"]
    assert "“print the deck”" in moved["reply"].split("Left where")[1]
    deck = [at for text, at in reminders if text == "print the deck"]
    mom = [at for text, at in reminders if text == "call mom"]
    assert deck == ["2026-04-16T21:00"]  # Thursday night, before Friday's meeting
    assert mom == ["2026-04-17T10:00"]
    # still linked: moving the meeting moves the reminder with it
    talk(en, "move my meeting with Raj to monday at 2pm")
    assert [at for text, at in reminders_of(en) if text == "print the deck"] == ["2026-04-19T21:00"]


def test_en_espanol_y_solo_lo_de_la_reunion(es: Api) -> None:
    moved, reminders = _deck(
        es,
        "agenda una reunión con Raj el viernes a las 2 de la tarde",
        "recuérdame la noche antes de mi reunión con Raj a las 9 de la noche imprimir "
        "la presentación",
        move="mueve todo lo del jueves al viernes",
    )
    assert moved["reply"].startswith("No moví nada")
    assert [at for text, at in reminders if "imprimir" in text] == ["2026-04-16T21:00"]


def test_a_days_own_reminders_and_meetings_still_move(en: Api) -> None:
    moved, reminders = _deck(
        en,
        "book a meeting with Tom on thursday at 3pm",
        "remind me 30 minutes before my meeting with Tom to bring the charts",
        "remind me to water the plants on thursday at 8am",
        move="move everything on thursday to friday",
    )
    assert "Moved 2 items to" in moved["reply"]
    assert "Left where" not in moved["reply"]
    assert sorted(at for _text, at in reminders) == [
        "2026-04-17T08:00",
        "2026-04-17T14:30",
    ]
