"""Probe 38, J-M1: "… no tengo plata para pagar cursos. quiero conseguir chamba rápido, ¿qué me
recomiendas?" was answered as a supposition ("Suponiendo: solo cursos gratuitos (tu perfil no
cambia)"): the budget the learner told was not stored, because the message ended in a question.
What is told before a closing request for advice is stored; a question that carries its facts
("¿y con 10 horas a la semana?", "¿qué me recomiendas con 500 soles?") is still supposed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.app.conftest import Api
from tests.pathways.conftest import profile_of


@pytest.mark.parametrize(
    ("lang", "said", "stored"),
    [
        (
            "es",
            "hola buenas, tengo 19 años, acabo de terminar secundaria completa y no tengo plata "
            "para pagar cursos. quiero conseguir chamba rapido, que me recomiendas?",
            {"budget_pen": 0},
        ),
        ("es", "quiero ser cocinero y tengo 300 soles. ¿Qué me recomiendas?", {"budget_pen": 300}),
        ("es", "no tengo plata para cursos. ¿qué me recomiendas?", {"budget_pen": 0}),
        (
            "en",
            "I live in Cusco and I have 500 soles. What do you recommend?",
            {"region": "Cusco", "budget_pen": 500},
        ),
    ],
)
def test_what_is_told_before_asking_for_advice_is_stored(
    speaker: Callable[[str], Api], lang: str, said: str, stored: dict[str, Any]
) -> None:
    api = speaker(lang)
    reply = api.chat(said)
    profile = profile_of(api)
    assert {k: profile[k] for k in stored} == stored, reply["reply"]


@pytest.mark.parametrize(
    ("lang", "said", "field"),
    [
        ("es", "¿y con 10 horas a la semana?", "hours_per_week"),
        ("es", "¿qué me recomiendas con 500 soles?", "budget_pen"),
        ("en", "what if I had 500 soles?", "budget_pen"),
    ],
)
def test_a_question_carrying_its_facts_is_still_supposed(
    speaker: Callable[[str], Api], lang: str, said: str, field: str
) -> None:
    api = speaker(lang)
    before = profile_of(api).get(field)
    api.chat(said)
    assert profile_of(api).get(field) == before
