"""Helper 199, O-L9 on the LLM path: "what do I have on 0001-01-01?" and "¿qué tengo el 29 de
febrero de 2027?" were answered by the model (or the knowledge base): the agenda of a day that
cannot be is said locally ("I can read dates from the year 1900 on, not 0001."), never sent."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine

from bench.fake_openai import FakeOpenAI, text
from tests.app.conftest import Api, make_user

MORNING = datetime(2026, 12, 7, 8, 15, tzinfo=UTC)  # probe 40's clock: 22:15 in Kiritimati


@pytest.fixture
def kiritimati(app: Any) -> Iterator[Api]:
    token, user_id = make_user(app, "kiri", "Pacific/Kiritimati")
    with time_machine.travel(MORNING, tick=True):
        yield Api(app.test_client(), token, user_id, "kiri")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    ("locale", "said", "answer"),
    [
        (
            "en",
            "what do I have on 0001-01-01?",
            "I can read dates from the year 1900 on, not 0001.",
        ),
        ("en", "what's on 9999-12-31?", "I can read dates up to the year 2099, not 9999."),
        (
            "en",
            "what do I have on 2027-02-29?",
            "There is no 29 February 2027: February 2027 has 28 days.",
        ),
        (
            "es",
            "¿qué tengo el 29 de febrero de 2027?",
            "No existe el 29 de febrero de 2027: febrero de 2027 tiene 28 días.",
        ),
    ],
)
def test_the_agenda_of_a_day_that_cannot_be_is_local(
    kiritimati: Api, fake: FakeOpenAI, locale: str, said: str, answer: str
) -> None:
    assert kiritimati.patch("/v1/users/me", json={"locale": locale}).status_code == 200
    fake.script(*[text("You have nothing planned that day.") for _ in range(3)])
    reply = kiritimati.chat(said)
    assert reply["path"] == "local"
    assert reply["reply"] == answer
    assert not fake.requests
