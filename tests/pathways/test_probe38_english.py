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
