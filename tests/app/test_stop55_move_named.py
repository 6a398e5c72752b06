"""Probe 44, P44-M3: "mueve lo de Javier a las 12" with one meeting, Lucía's, moved Lucía's to
12:00: a request naming an item that no meeting matches changes nothing and says so."""

from __future__ import annotations

import pytest

from tests.app.conftest import Api

LUCIA = "reunión con Lucía el jueves a las 14:00"
LUCY = "book a meeting with Lucy on thursday at 2pm"


def _meetings(api: Api) -> list[tuple[str, str]]:
    return [(m["title"], m["starts_at"][5:16]) for m in api.get("/v1/meetings").json["meetings"]]


@pytest.mark.parametrize(
    ("who", "book", "move", "said"),
    [
        ("es", LUCIA, "mueve lo de Javier a las 12", "Javier"),
        ("es", LUCIA, "mueve lo de javier a las 12", "javier"),
        ("es", LUCIA, "cambia la de Pedro a las 5 pm", "Pedro"),
        (
            "en",
            LUCY,
            "move the Javier one to 12pm",
            "Javier",
        ),
    ],
)
def test_a_move_naming_no_meeting_changes_nothing(
    en: Api, es: Api, who: str, book: str, move: str, said: str
) -> None:
    api = en if who == "en" else es
    conversation = api.chat(book)["conversation_id"]
    before = _meetings(api)
    reply = api.chat(move, conversation)["reply"]
    assert _meetings(api) == before, reply
    assert said in reply, reply


@pytest.mark.parametrize(
    ("who", "book", "move", "moved"),
    [
        # the only meeting, named by its person, by "it" or by nothing: moved as before
        (
            "es",
            LUCIA,
            "mueve lo de Lucía a las 12",
            "04-16T12:00",
        ),
        (
            "es",
            LUCIA,
            "mueve la reunión a las 12",
            "04-16T12:00",
        ),
        (
            "en",
            LUCY,
            "move my meeting to 12pm",
            "04-16T12:00",
        ),
        (
            "en",
            LUCY,
            "move the Lucy one to 4pm",
            "04-16T16:00",
        ),
    ],
)
def test_the_only_meeting_named_or_not_is_moved(
    en: Api, es: Api, who: str, book: str, move: str, moved: str
) -> None:
    api = en if who == "en" else es
    conversation = api.chat(book)["conversation_id"]
    reply = api.chat(move, conversation)["reply"]
    assert [at for _title, at in _meetings(api)] == [moved], reply


@pytest.mark.parametrize("move", ["please Move the Meeting to 12pm", "ok Reschedule it to 12pm"])
def test_a_capitalised_verb_or_kind_names_nothing(en: Api, move: str) -> None:
    conversation = en.chat(LUCY)["conversation_id"]
    reply = en.chat(move, conversation)["reply"]
    assert [at for _title, at in _meetings(en)] == ["04-16T12:00"], reply
