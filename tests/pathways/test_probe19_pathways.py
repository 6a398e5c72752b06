"""The nineteenth independent tester: "puedo estudiar 2 horas de lunes a viernes" stored 2 hours
a week, and the path said no course fits (the hours are each weekday's: 10 a week)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.app.conftest import Api
from tests.pathways.conftest import BOTH, Conversation, profile_of


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        (
            "es",
            "quiero ser analista de datos en Arequipa, puedo estudiar 2 horas de lunes a viernes",
        ),
        ("en", "I want to be a data analyst, I can study 2 hours on weekdays"),
        ("es", "quiero ser analista de datos, tengo 3 horas los fines de semana"),
    ],
)
def test_hours_said_with_the_days_are_each_days(
    speaker: Callable[..., Api], lang: str, message: str
) -> None:
    api = speaker(lang, BOTH)
    Conversation(api)(message)
    expected = 6 if "fines de semana" in message else 10
    assert profile_of(api)["hours_per_week"] == expected
