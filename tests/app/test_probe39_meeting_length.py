"""Probe 39, O-M5: "book a meeting with Bo on friday at 3pm for 30 hours" was booked 15:00-15:30:
a length over the 12 hours a meeting may last was dropped for the 30-minute default. It is
asked now, and an answer still too long is asked again."""

from __future__ import annotations

import pytest

from tests.app.conftest import Api


@pytest.mark.parametrize(
    ("message", "hours"),
    [
        ("book a meeting with Bo on friday at 3pm for 30 hours", "30"),
        ("book a meeting with Di on sunday at 10am for 25 hours", "25"),
        ("book a meeting with Ed next monday at 10am for 99999999 hours", "99,999,999"),
    ],
)
def test_a_meeting_longer_than_12_hours_is_asked(en: Api, message: str, hours: str) -> None:
    asked = en.chat(message)
    assert asked["pending"], asked
    assert asked["reply"] == (
        f"A meeting can last at most 12 hours, and you said {hours} hours. How long should it be?"
    )
    assert en.get("/v1/meetings").json["meetings"] == []
    again = en.chat("48 hours", asked["conversation_id"])
    assert again["pending"]
    assert en.get("/v1/meetings").json["meetings"] == []
    booked = en.chat("2 hours", asked["conversation_id"])
    assert not booked["pending"], booked
    (meeting,) = en.get("/v1/meetings").json["meetings"]
    start, end = meeting["starts_at"], meeting["ends_at"]
    assert (int(end[11:13]) - int(start[11:13])) % 24 == 2


def test_a_meeting_too_long_in_spanish(es: Api) -> None:
    asked = es.chat("agenda una reunión con Bo el viernes a las 3 de la tarde por 30 horas")
    assert asked["pending"], asked
    assert "12 horas" in asked["reply"]
    assert es.get("/v1/meetings").json["meetings"] == []


def test_a_length_within_the_day_is_kept(en: Api) -> None:
    r = en.chat("book a meeting with Cy on saturday at 3pm for 2 hours")
    assert not r["pending"], r
    (meeting,) = en.get("/v1/meetings").json["meetings"]
    assert meeting["starts_at"][11:16] == "15:00"
    assert meeting["ends_at"][11:16] == "17:00"
