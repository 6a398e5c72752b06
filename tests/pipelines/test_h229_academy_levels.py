"""«Excel Intermedio» was labelled beginner in the catalogue (probe 45): the academy gate now
also holds a row of the academy to the level its name on the academy's pages says
(``pipelines.pathways.academy.named_level``), and the shipped row says intermediate."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from pipelines.errors import ValidationFailed
from pipelines.pathways.academy import academy_courses, academy_problems, named_level
from pipelines.pathways.validate import validate_pathways
from tests.pipelines.test_h218_academy_catalogue import DATA, _add, _rows, _set


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the shipped catalogue and knowledge base, to edit."""
    copy = tmp_path / "data"
    shutil.copytree(DATA / "pathways", copy / "pathways")
    shutil.copytree(DATA / "knowledge", copy / "knowledge")
    return copy


def test_the_shipped_excel_intermedio_is_intermediate() -> None:
    rows = {r["id"]: r for r in _rows(DATA)}
    assert (rows["C002"]["title"], rows["C002"]["level"]) == ("Excel Intermedio", "intermediate")
    assert academy_problems(DATA) == []


def test_the_level_a_page_name_says() -> None:
    said = {c.names[0]: named_level(c) for c in academy_courses(DATA / "knowledge") or []}
    assert said["Excel Intermedio"] == "intermediate"
    # "Básico" is no level the gate holds a row to, nor a bootcamp's name
    assert said["Power BI Básico"] is None
    assert said["Web Development Bootcamp"] is None


@pytest.mark.parametrize("level", ["beginner", "advanced", ""])
def test_the_gate_refuses_excel_intermedio_at_another_level(data: Path, level: str) -> None:
    line = _set(data, "C002", level=level)
    (problem,) = academy_problems(data) or []
    assert f"courses.csv row {line} (C002 «Excel Intermedio», Ruta Academy)" in problem, problem
    assert f"level {level or '?'} / intermediate (as its name says)" in problem, problem
    assert "«Excel Intermedio (24 hours): S/ 220»" in problem, problem


@pytest.mark.parametrize(
    ("values", "wanted"),
    [
        # a new row of the academy under the page's name in either case and accents
        ({"title": "excel intermedio", "level": "beginner"}, "level beginner / intermediate"),
        ({"title": "Excel Intermedio", "level": "advanced"}, "level advanced / intermediate"),
    ],
)
def test_a_new_row_at_another_level_is_named(
    data: Path, values: dict[str, str], wanted: str
) -> None:
    line = _add(data, id="C900", provider="Ruta Academy", hours="24", cost_pen="220", **values)
    problems = [p for p in academy_problems(data) or [] if "C900" in p]
    assert len(problems) == 1, problems
    assert f"courses.csv row {line} " in problems[0]
    assert wanted in problems[0], problems[0]


@pytest.mark.parametrize(
    ("course_id", "level"),
    [("C014", "beginner"), ("C014", "intermediate"), ("C022", "advanced"), ("C022", "beginner")],
)
def test_names_without_a_level_word_keep_any_level(data: Path, course_id: str, level: str) -> None:
    _set(data, course_id, level=level)
    assert academy_problems(data) == []


def test_other_providers_levels_are_not_compared(data: Path) -> None:
    # Excel Avanzado y Tablas Dinámicas (Instituto Técnico Andino) is intermediate: not the
    # academy's course, not compared
    _add(data, id="C900", provider="Instituto Técnico Andino", title="Excel Intermedio",
         hours="24", cost_pen="220", level="beginner")  # fmt: skip
    assert academy_problems(data) == []


def test_the_stage_fails_on_the_level(data: Path, params: Any, tmp_path: Path) -> None:
    assert validate_pathways(data, params, tmp_path / "shipped").success
    line = _set(data, "C002", level="beginner")
    with pytest.raises(ValidationFailed) as failed:
        validate_pathways(data, params, tmp_path / "reports")
    message = str(failed.value)
    assert "expect_academy_courses_to_match_its_pages" in message, message
    assert f"courses.csv row {line} (C002 «Excel Intermedio»" in message, message
    assert "level beginner / intermediate" in message, message
