"""The twentieth independent tester: "no necesito el primero, ya uso la compu todos los días"
right after a path added a to-do "no , ya uso la compu los días" due 1 January 2027 (the
course was not dropped); with no path shown it did the same."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.app.conftest import Api
from tests.pathways.conftest import BOTH, Conversation, set_profile


def _steps(reply: dict[str, object]) -> list[str]:
    data = reply["data"]
    assert isinstance(data, dict)
    return [str(step["course_id"]) for step in data["pathway"]["steps"]]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("es", "no necesito el primero, ya uso la compu todos los días"),
        ("es", "el primero no lo necesito, ya sé usar la computadora"),
        ("en", "I don't need the first one, I use a computer every day"),
    ],
)
def test_a_course_not_needed_is_dropped_never_a_todo(
    speaker: Callable[[str], Api], lang: str, text: str
) -> None:
    api = speaker(lang, BOTH)
    set_profile(api, goal_role="data analyst", region="Lima", budget_pen=850, hours_per_week=8)
    say = Conversation(api)
    steps = _steps(say("show me my pathway" if lang == "en" else "muéstrame mi ruta"))
    reply = say(text)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert reply["data"]["courses_feedback"][0]["course_id"] == steps[0]
    assert api.get("/v1/todos").json["todos"] == []


def test_not_needed_with_no_path_is_never_a_todo(speaker: Callable[[str], Api]) -> None:
    api = speaker("es", BOTH)
    reply = api.chat("no necesito el primero, ya uso la compu todos los días")
    assert api.get("/v1/todos").json["todos"] == [], reply["reply"]
