"""Found while checking probe 47's P47-M8 (helper h238): a skill's level said after the budget
("S/ 400, 5 horas a la semana, sé Excel nivel 1", "budget S/ 400, … Excel level 1") was read as a
second amount (S/ 1), so no budget was stored and "which one?" was asked; a level is no money."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.ranker import Catalog
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load(Path(ROOT) / "data" / "pathways")


@pytest.mark.parametrize(
    ("said", "budget", "level"),
    [
        ("Vivo en Lima, tengo S/ 400, 5 horas a la semana, sé Excel nivel 1", 400.0, 1),
        ("Vivo en Arequipa, S/ 400, 5 h, Excel nivel 1, analista de datos", 400.0, 1),
        ("mi presupuesto es 350 soles y manejo Excel nivel 2", 350.0, 2),
        ("tengo S/ 600 y sé Excel nivel: 2", 600.0, 2),
        ("I live in Lima, budget S/ 400, 5 hours a week, Excel level 1", 400.0, 1),
        ("my budget is 250 soles and I know Excel, level 2", 250.0, 2),
    ],
)
def test_a_level_after_the_budget_is_no_second_amount(
    catalog: Catalog, said: str, budget: float, level: int
) -> None:
    from app.pathways import read

    heard = read(catalog, said)
    assert heard.unclear_amount is None, heard
    assert heard.facts.get("budget_pen") == budget, heard
    assert heard.facts.get("skills", {}).get("excel_basics") == level, heard


@pytest.mark.parametrize(
    "said",
    [
        "tengo S/ 400 y 300 de ahorro, Excel nivel 1",
        "I have 1000 soles saved but only 200 for courses, Excel level 1",
    ],
)
def test_two_amounts_beside_a_level_are_still_asked(catalog: Catalog, said: str) -> None:
    from app.pathways import read

    heard = read(catalog, said)
    assert heard.amount_kind == "several", heard
    assert 1.0 not in heard.amount_options, heard
