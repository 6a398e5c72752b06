"""Probe 46, P46-M9 (helper h236): "tengo 500 lucas" from Chile was stored as S/ 500. A luca is a
sol in Peru and a thousand pesos in Chile or Argentina (a "palo" a million): the unit is asked
unless the learner's locale tells it (es-PE: soles), and no converted value is ever stored. So
are thousands said with no currency ("500 mil", "50k") from a locale outside Peru."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.pathways import learner_locale, read
from models.ranker import Ranker
from tests.app.conftest import Api
from tests.pathways.conftest import Conversation, profile_of, set_profile

ASKED = ("I did not store a budget", "No guardé un presupuesto")


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("es-CL", "tengo 500 lucas"),
        ("es-CL", "tengo 300 lucas para cursos"),
        ("es-AR", "puedo gastar 800 lucas"),
        ("es-CL", "tengo 2 palos"),
        ("es-CL", "tengo 20 luquitas para estudiar"),
        ("es-CL", "tengo 500 mil para cursos"),
        ("es-MX", "mi presupuesto es 3 mil"),
        ("en-IN", "I have 50k for courses"),
        ("en-GB", "my budget is 2k"),
        ("es", "tengo 500 lucas"),
        ("es-PE", "tengo 2 palos"),
    ],
)
def test_a_slang_or_bare_thousands_amount_is_asked(ranker: Ranker, locale: str, text: str) -> None:
    with learner_locale(locale):
        heard = read(ranker.catalog, text)
    assert "budget_pen" not in heard.facts
    assert heard.unclear_amount


@pytest.mark.parametrize(
    ("locale", "text", "budget"),
    [
        ("es-PE", "tengo 500 lucas", 500.0),
        ("es-PE", "tengo 20 luquitas para estudiar", 20.0),
        ("es-PE", "tengo 2k para estudiar", 2000.0),
        ("es-CL", "tengo 500 soles", 500.0),
        ("es-CL", "tengo 5 mil soles", 5000.0),
        ("es-CL", "mi presupuesto es S/ 3 mil", 3000.0),
        ("en-GB", "my budget is 800 soles", 800.0),
        ("es", "tengo 2k para estudiar", 2000.0),
    ],
)
def test_an_amount_the_locale_makes_clear_is_stored(
    ranker: Ranker, locale: str, text: str, budget: float
) -> None:
    with learner_locale(locale):
        heard = read(ranker.catalog, text)
    assert heard.facts.get("budget_pen") == budget


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("es-CL", "cachai que quiero trabajar de analista de datos en Lima, tengo 500 lucas"),
        ("es-CL", "quiero ser analista de datos y tengo 300 lucas"),
        ("es-AR", "quiero ser analista de datos, tengo 900 lucas che"),
        ("en-IN", "I want to be a data analyst and I have 40k for courses"),
    ],
)
def test_in_chat_the_unit_is_asked_and_nothing_converted_is_stored(
    speaker: Callable[[str], Api], locale: str, text: str
) -> None:
    api = speaker(locale)
    say = Conversation(api)
    set_profile(api, budget_pen=1200)
    reply = say(text)
    assert any(w in reply["reply"] for w in ASKED), reply["reply"]
    assert reply["pending"] is True
    assert profile_of(api)["budget_pen"] == 1200.0  # unchanged, never 500 nor 500000
    answer = say("500 soles")
    assert "S/ 500" in answer["reply"], answer["reply"]
    assert profile_of(api)["budget_pen"] == 500.0


def test_in_peru_lucas_are_soles(speaker: Callable[[str], Api]) -> None:
    api = speaker("es-PE")
    say = Conversation(api)
    reply = say("quiero ser analista de datos, tengo 500 lucas")
    assert not any(w in reply["reply"] for w in ASKED), reply["reply"]
    assert profile_of(api)["budget_pen"] == 500.0
