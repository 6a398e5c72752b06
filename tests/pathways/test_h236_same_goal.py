"""Probe 46, P46-L8 (helper h236): "que cursos me recomiendas para ser analista de datos?" said
"no cambié tu objetivo; para que sea tu objetivo, di «quiero ser analista de datos»" although
that already was the goal. Asked of the stored goal, the path is just shown; asked of another
job, the courses are shown with the goal kept, as before."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.app.conftest import Api
from tests.pathways.conftest import Conversation, profile_of, set_profile

NOT_CHANGED = ("I did not change your goal", "no cambié tu objetivo")


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("es", "que cursos me recomiendas para ser analista de datos?"),
        ("es", "¿qué cursos tienen para ser analista de datos?"),
        ("en", "which courses do you recommend to become a data analyst?"),
    ],
)
def test_the_stored_goal_asked_again_is_just_answered(
    speaker: Callable[[str], Api], lang: str, text: str
) -> None:
    api = speaker(lang)
    say = Conversation(api)
    set_profile(api, goal_role="data analyst", budget_pen=800, hours_per_week=6)
    reply = say(text)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert not any(w in reply["reply"] for w in NOT_CHANGED), reply["reply"]
    assert reply["data"].get("pathway"), reply["reply"]
    assert profile_of(api)["goal_role"] == "data analyst"


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("es", "que cursos me recomiendas para ser electricista?"),
        ("en", "which courses do you recommend to become an electrician?"),
    ],
)
def test_another_job_still_keeps_the_goal_and_says_so(
    speaker: Callable[[str], Api], lang: str, text: str
) -> None:
    api = speaker(lang)
    say = Conversation(api)
    set_profile(api, goal_role="data analyst", budget_pen=800, hours_per_week=6)
    reply = say(text)
    assert any(w in reply["reply"] for w in NOT_CHANGED), reply["reply"]
    assert profile_of(api)["goal_role"] == "data analyst"


def test_the_hours_never_said_are_named_as_assumed(speaker: Callable[[str], Api]) -> None:
    """P46-M9's second half: the 6 hours a week a profile starts with are no fact the learner
    said; the path that uses them says they are assumed (the docs' starting values)."""
    api = speaker("es-CL")
    say = Conversation(api)
    say("quiero trabajar de analista de datos en Lima, tengo 500 soles")
    reply = say("que cursos me recomiendas para ser analista de datos?")
    assert not any(w in reply["reply"] for w in NOT_CHANGED), reply["reply"]
    assert "supone 6 horas por semana" in reply["reply"], reply["reply"]
