"""Probe 45: a budget only free courses fit, and the weeks a path takes.

- A budget that pays for none of a goal's first steps (S/ 0, "solo cursos gratuitos", S/ 150,
  S/ 200 for a data analyst, whose first paid step is Excel Intermedio at S/ 220) answered "No
  encontré un curso" with an empty path, although Computación Básica (free) fits: the free
  first steps are now the path, and a note says plainly what the budget does not reach.
- P45-L4: "unas 19.6 semanas", "7.5 semanas", "16.2 weeks": whole weeks now ("about 20 weeks",
  "unas 8 semanas"), "less than a week" / "menos de una semana" under one, singular for one."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.app.conftest import Api
from tests.pathways.conftest import BOTH, Conversation, set_profile

SHOW = {"en": "show me my pathway", "es": "muéstrame mi ruta"}
NOTHING = ("No encontré un curso", "I could not fit a course", "I found no course")
#: a number of weeks with a fraction, as the replies wrote them ("19.6 semanas", "16.2 weeks")
FRACTIONAL_WEEKS = re.compile(r"\d+[.,]\d+\s+(?:semanas?|weeks?)\b")


def _path(api: Api, message: str, **profile: Any) -> dict[str, Any]:
    set_profile(api, **profile)
    reply = Conversation(api)(message)
    assert reply["skill"] == "learning_path", reply
    return reply


def _ids(reply: dict[str, Any]) -> list[str]:
    return [s["course_id"] for s in reply["data"]["pathway"]["steps"]]


# -- a budget only free courses fit --------------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "message", "budget", "reach"),
    [
        ("es", "muéstrame mi ruta", 0,
         "Solo los primeros pasos son gratuitos; lo que viene después no lo es"),
        ("en", "show me my pathway", 0,
         "Only the first steps are free; what comes after them is not"),
        ("es-AR", "mostrame mi ruta", 150,
         "Solo los primeros pasos, que son gratuitos, caben en tu presupuesto de S/ 150; no "
         "alcanza para lo que viene después"),
        ("es", "arma mi ruta", 219,
         "Solo los primeros pasos, que son gratuitos, caben en tu presupuesto de S/ 219; no "
         "alcanza para lo que viene después"),
        ("en", "show me my pathway", 200,
         "Only the first steps, which are free, fit your budget of S/ 200; it does not reach "
         "what comes after them"),
        ("en", "can you build me a learning path", 50,
         "Only the first steps, which are free, fit your budget of S/ 50; it does not reach"),
    ],
)  # fmt: skip
def test_free_first_steps_are_the_path_when_only_they_fit(
    speaker: Callable[..., Api], lang: str, message: str, budget: float, reach: str
) -> None:
    api = speaker(lang, BOTH if lang == "en" else None)
    reply = _path(api, message, goal_role="data analyst", region="Lima", budget_pen=budget,
                  hours_per_week=8)  # fmt: skip
    text = reply["reply"]
    assert _ids(reply) == ["C001"], text  # Computación Básica, free
    pathway = reply["data"]["pathway"]
    assert pathway["total_cost_pen"] == 0, pathway
    assert text.splitlines()[1].startswith("1. Computación Básica para el Trabajo"), text
    for nothing in NOTHING:
        assert nothing not in text, text
    assert reach in text, text
    # what the budget does not reach, with its price
    assert "Excel Intermedio (S/ 220)" in text.split(reach)[1], text


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_free_first_step_still_says_what_it_leads_to(
    speaker: Callable[..., Api], lang: str
) -> None:
    api = speaker(lang, BOTH if lang == "en" else None)
    set_profile(api, goal_role="data analyst", region="Lima", budget_pen=0, hours_per_week=8)
    say = Conversation(api)
    assert _ids(say(SHOW[lang])) == ["C001"]
    reply = say("¿por qué el primero?" if lang == "es" else "why the first one?")
    assert reply["skill"] == "learning_path", reply
    assert "Computación Básica" in reply["reply"], reply["reply"]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_budget_that_fits_a_paid_first_step_is_unchanged(
    speaker: Callable[..., Api], lang: str
) -> None:
    api = speaker(lang, BOTH if lang == "en" else None)
    reply = _path(api, SHOW[lang], goal_role="data analyst", region="Lima", budget_pen=300,
                  hours_per_week=8)  # fmt: skip
    assert _ids(reply) == ["C001", "C002"], reply["reply"]
    for free_only in ("que son gratuitos", "which are free"):
        assert free_only not in reply["reply"], reply["reply"]


# -- whole weeks ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("weeks", "whole"),
    [(19.6, 20), (7.5, 8), (16.2, 16), (18.8, 19), (17.2, 17), (1.0, 1), (1.4, 1), (2.5, 3),
     (0.9, 0), (0.5, 0), (0.0, 0)],
)  # fmt: skip
def test_whole_weeks(weeks: float, whole: int) -> None:
    from app.pathways import whole_weeks

    assert whole_weeks(weeks) == whole


@pytest.mark.parametrize(
    ("lang", "role", "budget", "hours", "says"),
    [
        # 138 h at 7 h a week: 19.7 weeks
        ("en", "data analyst", 1300, 7, "In total 138 hours (about 20 weeks at your pace)"),
        ("es", "data analyst", 1300, 7, "En total 138 horas (unas 20 semanas a tu ritmo)"),
        # 138 h at 8 h a week: 17.25 weeks
        ("en", "data analyst", 1300, 8, "In total 138 hours (about 17 weeks at your pace)"),
        ("es", "data analyst", 1300, 8, "En total 138 horas (unas 17 semanas a tu ritmo)"),
        # 60 h at 50 h a week: 1.2 weeks, one week
        ("en", "data analyst", 300, 50, "In total 60 hours (about 1 week at your pace)"),
        ("es", "data analyst", 300, 50, "En total 60 horas (más o menos 1 semana a tu ritmo)"),
        # 36 h at 40 h a week: less than a week
        ("en", "data analyst", 0, 40, "In total 36 hours (less than a week at your pace)"),
        ("es", "data analyst", 0, 40, "En total 36 horas (menos de una semana a tu ritmo)"),
    ],
)  # fmt: skip
def test_a_path_says_whole_weeks(
    speaker: Callable[..., Api],
    lang: str,
    role: str,
    budget: float | None,
    hours: float,
    says: str,
) -> None:
    api = speaker(lang, BOTH)
    reply = _path(api, SHOW[lang[:2]], goal_role=role, region="Lima", budget_pen=budget,
                  hours_per_week=hours)  # fmt: skip
    text = reply["reply"]
    assert says in text, text
    assert not FRACTIONAL_WEEKS.search(text), text


@pytest.mark.parametrize("hours", [3, 5, 9, 11, 18.4, 25])
@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_weeks_said_are_the_paths_weeks_rounded(
    speaker: Callable[..., Api], lang: str, hours: float
) -> None:
    from app.pathways import whole_weeks

    api = speaker(lang, BOTH)
    reply = _path(api, SHOW[lang], goal_role="web developer", region="Lima", hours_per_week=hours)
    text = reply["reply"]
    weeks = reply["data"]["pathway"]["weeks"]  # the data keeps the exact number
    assert weeks == pytest.approx(reply["data"]["pathway"]["total_hours"] / hours, abs=0.05)
    expected = {
        "es": f"(unas {whole_weeks(weeks)} semanas",
        "en": f"(about {whole_weeks(weeks)} weeks",
    }
    assert expected[lang] in text, text
    assert not FRACTIONAL_WEEKS.search(text), text
