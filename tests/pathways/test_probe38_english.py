"""Probe 38, J-M12: "y también leo inglés, más o menos" added English to the languages read, so an
English-taught course came into a Spanish speaker's path; "hablo inglés más o menos" did not.
The comma between them no longer hides the low level."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.app.conftest import Api
from tests.pathways.conftest import profile_of


@pytest.mark.parametrize(
    "said",
    [
        "y tambien leo ingles, mas o menos",
        "leo inglés, más o menos",
        "hablo inglés, un poco",
        "I read English, a little",
    ],
)
def test_english_said_low_after_a_comma_is_not_read(
    speaker: Callable[[str], Api], said: str
) -> None:
    api = speaker("es")
    reply = api.chat(said)
    assert "en" not in profile_of(api)["languages"], reply["reply"]


@pytest.mark.parametrize("said", ["leo inglés, sin problema", "leo inglés"])
def test_english_read_is_still_added(speaker: Callable[[str], Api], said: str) -> None:
    api = speaker("es")
    reply = api.chat(said)
    assert "en" in profile_of(api)["languages"], reply["reply"]


# -- J-M11: yes to "Do you read Spanish?" with a reason after it ---------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        "si claro, soy peruano",
        "claro que si",
        "yes of course, I am Peruvian",
        "yes, it is my first language",
        "sí, es mi lengua materna",
    ],
)
def test_a_yes_with_its_reason_adds_spanish(speaker: Callable[[str], Api], answer: str) -> None:
    from tests.pathways.conftest import Conversation

    api = speaker("en")
    say = Conversation(api)
    asked = say("I want to be a data analyst in Lima, budget 3000 soles, 10 hours a week")
    assert "Do you read Spanish?" in asked["reply"], asked["reply"]
    reply = say(answer)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert "es" in profile_of(api)["languages"], reply["reply"]
