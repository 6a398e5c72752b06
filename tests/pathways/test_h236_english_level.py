"""Probe 46, P46-M10 (helper h236): "tambien leo ingles, mi nivel es B1" asked the English level
it had just said ("Mencionaste el inglés sin decir tu nivel…"). A level said in the same sentence
("mi nivel es B1", "nivel B1", "B1 de inglés", "my level is B2", "upper intermediate") is read."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.pathways import read
from models.ranker import Ranker
from tests.app.conftest import Api
from tests.pathways.conftest import Conversation, set_profile, skills_of

ASKS_LEVEL = ("without saying your level", "sin decir tu nivel")


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("tambien leo ingles, mi nivel es B1", "english_b1"),
        ("también hablo inglés y mi nivel es B2", "english_b2"),
        ("leo inglés, nivel A2", "english_a2"),
        ("tengo B1 de inglés", "english_b1"),
        ("I also read English, my level is B2", "english_b2"),
        ("I speak English, level: B1", "english_b1"),
        ("my English is upper intermediate", "english_b2"),
        ("I have upper-intermediate English", "english_b2"),
        ("mi inglés es intermedio alto", "english_b2"),
    ],
)
def test_the_level_said_with_english_is_read(ranker: Ranker, text: str, skill: str) -> None:
    heard = read(ranker.catalog, text)
    assert skill in heard.facts.get("skills", {}), heard.facts
    assert not heard.english


@pytest.mark.parametrize(
    ("lang", "text", "skill"),
    [
        ("es", "tambien leo ingles, mi nivel es B1", "english_b1"),
        ("es", "además leo inglés, mi nivel es A2", "english_a2"),
        ("en", "I read English too, my level is B2", "english_b2"),
    ],
)
def test_in_chat_the_level_is_stored_and_not_asked(
    speaker: Callable[[str], Api], lang: str, text: str, skill: str
) -> None:
    api = speaker(lang)
    say = Conversation(api)
    set_profile(api, goal_role="junior web developer", budget_pen=800, hours_per_week=6)
    reply = say(text)
    assert not any(w in reply["reply"] for w in ASKS_LEVEL), reply["reply"]
    assert skill in skills_of(api), reply["reply"]


def test_english_without_a_level_is_still_asked(ranker: Ranker) -> None:
    heard = read(ranker.catalog, "tambien leo ingles, mi nivel de excel es basico")
    assert not any(s.startswith("english_") for s in heard.facts.get("skills", {}))
