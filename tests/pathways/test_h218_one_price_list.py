"""One price list for Ruta Academy's courses (P44-M10): a pathway reply and a knowledge answer
give the same user the same name, hours and price for the academy's own courses.

Probe 44 saw «Power BI para Reportes de Gestión» 28 h S/ 350 and «Excel Esencial» S/ 150 in a
pathway, and Power BI Básico 24 h S/ 290, Excel S/ 220 in a knowledge answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pipelines.pathways.academy import academy_courses
from tests.app.conftest import Api
from tests.conftest import ROOT
from tests.pathways.conftest import BOTH, Conversation, set_profile

PAGES = {c.names[0]: c for c in academy_courses(ROOT / "data" / "knowledge") or []}


def _path(api: Api, lang: str, **profile: Any) -> dict[str, Any]:
    set_profile(api, **profile)
    return Conversation(api)("show me my pathway" if lang == "en" else "muéstrame mi ruta")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_data_analyst_path_quotes_the_academys_own_prices(
    speaker: Callable[..., Api], lang: str
) -> None:
    api = speaker(lang, BOTH)
    reply = _path(api, lang, goal_role="data analyst", region="Lima", budget_pen=1300,
                  hours_per_week=8)  # fmt: skip
    steps = {s["course_id"]: s for s in reply["data"]["pathway"]["steps"]}
    assert {"C002", "C014"} <= set(steps), reply["reply"]
    text = reply["reply"]
    assert "Power BI Básico (Ruta Academy, es, 24 h, S/ 290)" in text, text
    assert "Excel Intermedio (Ruta Academy, es, 24 h, S/ 220)" in text, text
    for old in ("Power BI para Reportes", "Excel Esencial", "S/ 350", "S/ 150"):
        assert old not in text, text
    assert PAGES["Power BI Básico"].cost_pen == steps["C014"]["cost_pen"] == 290
    assert PAGES["Excel Intermedio"].cost_pen == steps["C002"]["cost_pen"] == 220


@pytest.mark.parametrize(
    ("lang", "question", "price"),
    [
        ("en", "how much is the power bi course?", "S/ 290"),
        ("es", "cuánto cuesta el curso de power bi?", "S/ 290"),
        ("en", "what does the excel course cost?", "S/ 220"),
        ("es", "cuanto cuesta el curso de excel", "S/ 220"),
    ],
)  # fmt: skip
def test_the_knowledge_answer_after_a_path_gives_the_same_price(
    speaker: Callable[..., Api], lang: str, question: str, price: str
) -> None:
    api = speaker(lang, BOTH)
    say = Conversation(api)
    set_profile(api, goal_role="data analyst", region="Lima", budget_pen=1300, hours_per_week=8)
    path = say("show me my pathway" if lang == "en" else "muéstrame mi ruta")
    assert price in path["reply"], path["reply"]
    # asked after the path, the path's course may answer (the catalogue's row): the same price
    answer = say(question)
    assert price in answer["reply"], answer["reply"]
    for old in ("S/ 350", "S/ 150", "Power BI para Reportes", "Excel Esencial"):
        assert old not in answer["reply"], answer["reply"]
    # a learner without a path gets the academy's pages
    fresh = Conversation(speaker(lang, BOTH))(question)
    assert fresh["skill"] == "knowledge", fresh
    assert price in fresh["reply"], fresh["reply"]


@pytest.mark.parametrize(
    ("role", "lang"),
    [("web developer", "en"), ("data analyst", "es"), ("hotel receptionist", "en")],
)
def test_no_step_of_the_academy_contradicts_its_pages(
    speaker: Callable[..., Api], role: str, lang: str
) -> None:
    api = speaker(lang, BOTH)
    reply = _path(api, lang, goal_role=role, region="Lima", hours_per_week=20)
    steps = reply["data"]["pathway"]["steps"]
    assert steps, reply["reply"]
    names = {n.lower(): c for c in PAGES.values() for n in c.names}
    for step in steps:
        page = names.get(step["title"].lower())
        if page is not None:
            assert (step["hours"], step["cost_pen"]) == (page.hours, page.cost_pen), step
