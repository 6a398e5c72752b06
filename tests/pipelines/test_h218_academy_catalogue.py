"""Ruta Academy's own courses in the pathways catalogue agree with the academy's pages (P44-M10).

Probe 44: the catalogue listed «Power BI para Reportes de Gestión» 28 h S/ 350, «Excel Esencial»
S/ 150 and «Bootcamp Full-Stack Lima» 240 h S/ 3,200, while the knowledge base (the academy's
pages) says Power BI Básico 24 h S/ 290, Excel Intermedio S/ 220 and Web Development Bootcamp
S/ 2,600: a pathway reply and a knowledge answer gave the same user two price lists. The data gate
``validate_pathways`` now refuses a catalogue whose academy row contradicts the pages, naming the
row and both values (``pipelines.pathways.academy``).
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipelines.errors import ValidationFailed
from pipelines.pathways.academy import (
    DISTINCT_FILE,
    academy_check,
    academy_courses,
    academy_problems,
)
from pipelines.pathways.validate import validate_pathways
from tests.conftest import ROOT

DATA = ROOT / "data"
FIELDS = ["id", "title", "provider", "language", "level", "hours", "cost_pen"]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the shipped catalogue and knowledge base, to edit."""
    copy = tmp_path / "data"
    shutil.copytree(DATA / "pathways", copy / "pathways")
    shutil.copytree(DATA / "knowledge", copy / "knowledge")
    return copy


def _rows(data: Path) -> list[dict[str, str]]:
    with (data / "pathways" / "courses.csv").open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _write(data: Path, rows: list[dict[str, str]]) -> None:
    with (data / "pathways" / "courses.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _set(data: Path, course_id: str, **values: str) -> int:
    """Change a row of the copy; its line number in courses.csv."""
    rows = _rows(data)
    (n,) = [i for i, r in enumerate(rows) if r["id"] == course_id]
    rows[n].update(values)
    _write(data, rows)
    return n + 2


def _add(data: Path, **values: str) -> int:
    rows = _rows(data)
    row = dict.fromkeys(rows[0], "")
    row.update(language="es", level="beginner", skills_taught="excel_basics", modality="online")
    row.update(values)
    _write(data, [*rows, row])
    return len(rows) + 2


# -- the shipped data ---------------------------------------------------------------------------
def test_the_shipped_catalogue_says_what_the_academy_pages_say() -> None:
    assert academy_problems(DATA) == []
    rows = {r["id"]: r for r in _rows(DATA)}
    assert {k: rows["C014"][k] for k in ("title", "hours", "cost_pen")} == {
        "title": "Power BI Básico", "hours": "24", "cost_pen": "290"}  # fmt: skip
    assert (rows["C002"]["title"], rows["C002"]["cost_pen"]) == ("Excel Intermedio", "220")
    assert {k: rows["C022"][k] for k in ("title", "hours", "cost_pen")} == {
        "title": "Bootcamp de Desarrollo Web", "hours": "240", "cost_pen": "2600"}  # fmt: skip
    titles = {r["title"] for r in rows.values()}
    assert not titles & {"Power BI para Reportes de Gestión", "Excel Esencial",
                         "Bootcamp Full-Stack Lima"}  # fmt: skip
    # other providers' rows stay as they were
    assert rows["C015"]["cost_pen"] == "420"
    assert rows["C003"]["cost_pen"] == "280"


def test_the_academy_pages_are_read_in_both_languages() -> None:
    courses = {c.names[0]: c for c in academy_courses(DATA / "knowledge") or []}
    assert courses["Power BI Básico"].hours == 24
    assert courses["Power BI Básico"].cost_pen == 290
    assert courses["Excel Intermedio"].cost_pen == 220
    # a bootcamp's hours are the course-length line's ("12 weeks, 240 hours")
    web = courses["Web Development Bootcamp"]
    assert (web.hours, web.cost_pen) == (240, 2600)
    assert "Bootcamp de Desarrollo Web" in web.names
    assert courses["Data Analytics Bootcamp"].cost_pen == 2400
    assert courses["Inglés para Turismo"].hours == 40
    assert len(courses) == 8  # the free Ruta Abierta line is a kind of course, not one


# -- the rows of the probe, fed back ------------------------------------------------------------
@pytest.mark.parametrize(
    ("course_id", "values", "wanted"),
    [
        ("C014", {"title": "Power BI para Reportes de Gestión", "hours": "28", "cost_pen": "350"},
         ["C014 «Power BI para Reportes de Gestión»", "hours 28 / 24", "price S/ 350 / S/ 290",
          "«Power BI Básico (24 hours): S/ 290»"]),
        ("C002", {"title": "Excel Esencial", "cost_pen": "150"},
         ["C002 «Excel Esencial»", "price S/ 150 / S/ 220", "name «Excel Esencial» / "
          "«Excel Intermedio»"]),
        ("C022", {"title": "Bootcamp Full-Stack Lima", "cost_pen": "3200"},
         ["C022 «Bootcamp Full-Stack Lima»", "a bootcamp the academy's pages do not list",
          "Data Analytics Bootcamp and Web Development Bootcamp"]),
    ],
)  # fmt: skip
def test_the_gate_refuses_the_probes_rows_naming_the_row_and_both_values(
    data: Path, course_id: str, values: dict[str, str], wanted: list[str]
) -> None:
    line = _set(data, course_id, **values)
    (problem,) = academy_problems(data) or []
    assert f"courses.csv row {line} " in problem
    for text in wanted:
        assert text in problem, problem


def test_the_stage_fails_with_the_message(data: Path, params: Any, tmp_path: Path) -> None:
    assert validate_pathways(data, params, tmp_path / "shipped").success
    line = _set(data, "C014", title="Power BI para Reportes de Gestión", hours="28", cost_pen="350")
    with pytest.raises(ValidationFailed) as failed:
        validate_pathways(data, params, tmp_path / "reports")
    message = str(failed.value)
    assert "expect_academy_courses_to_match_its_pages" in message, message
    assert f"courses.csv row {line} (C014 «Power BI para Reportes de Gestión»" in message
    assert "hours 28 / 24" in message
    assert "price S/ 350 / S/ 290" in message
    report = (tmp_path / "reports" / "pathways_validation.json").read_text()
    assert '"success": false' in report


# -- variants: other courses, other values, other wordings --------------------------------------
@pytest.mark.parametrize(
    ("values", "wanted"),
    [
        # the right name with another price or other hours
        ({"title": "Excel Intermedio", "hours": "24", "cost_pen": "250"},
         ["price S/ 250 / S/ 220"]),
        ({"title": "Marketing Digital", "hours": "40", "cost_pen": "420"}, ["hours 40 / 36"]),
        ({"title": "Inglés para Turismo", "hours": "40", "cost_pen": "450"},
         ["price S/ 450 / S/ 380"]),
        # the Spanish name of a bootcamp, another price; the English one, other hours
        ({"title": "Bootcamp de Data Analytics", "hours": "240", "cost_pen": "2000"},
         ["price S/ 2,000 / S/ 2,400"]),
        ({"title": "Web Development Bootcamp", "hours": "200", "cost_pen": "2600"},
         ["hours 200 / 240"]),
        # the subject under another name: the name too
        ({"title": "Introducción Práctica a SQL", "hours": "30", "cost_pen": "260"},
         ["name «Introducción Práctica a SQL» / «Introducción a SQL»"]),
        ({"title": "Atención al Cliente en Hotelería y Turismo", "hours": "24", "cost_pen": "240"},
         ["hours 24 / 20", "name"]),
        ({"title": "Bootcamp Data Science Arequipa", "hours": "240", "cost_pen": "2400"},
         ["a bootcamp the academy's pages do not list"]),
    ],
)  # fmt: skip
def test_other_contradicting_rows_are_named(
    data: Path, values: dict[str, str], wanted: list[str]
) -> None:
    line = _add(data, id="C900", provider="Ruta Academy", **values)
    problems = academy_problems(data) or []
    assert len(problems) == 1, problems
    assert f"courses.csv row {line} (C900 «{values['title']}», Ruta Academy)" in problems[0]
    for text in wanted:
        assert text in problems[0], problems[0]


@pytest.mark.parametrize(
    "values",
    [
        {"title": "Power BI Básico", "hours": "24", "cost_pen": "290"},
        {"title": "power bi basico", "hours": "24", "cost_pen": "290"},  # case and accents
        {"title": "Data Analytics Bootcamp", "hours": "240", "cost_pen": "2400"},
        {"title": "Bootcamp de Desarrollo Web", "hours": "240.0", "cost_pen": "2600"},
        # a course of the academy the pages do not list, on another subject
        {"title": "Oratoria para el Trabajo", "hours": "20", "cost_pen": "180"},
    ],
)
def test_rows_that_agree_or_are_other_courses_pass(data: Path, values: dict[str, str]) -> None:
    _add(data, id="C900", provider="Ruta Academy", **values)
    assert academy_problems(data) == []


def test_other_providers_rows_are_not_compared(data: Path) -> None:
    _add(data, id="C900", provider="Instituto Técnico Andino", title="Power BI Básico",
         hours="30", cost_pen="999")  # fmt: skip
    _add(data, id="C901", provider="CodeCommons", title="Full-Stack Bootcamp", hours="300",
         cost_pen="0")  # fmt: skip
    assert academy_problems(data) == []


def test_a_declared_distinct_course_passes_until_it_is_retitled(data: Path) -> None:
    # C005 «SQL para Análisis de Datos» shares "SQL" with Introducción a SQL: declared distinct
    assert academy_problems(data, distinct={}) != []
    assert academy_problems(data) == []
    line = _set(data, "C005", title="SQL desde Cero")
    (problem,) = academy_problems(data) or []
    assert f"courses.csv row {line} (C005 «SQL desde Cero»" in problem
    assert "hours 32 / 30" in problem
    assert "price S/ 320 / S/ 260" in problem
    declared = DISTINCT_FILE.read_text()
    assert '"why"' in declared
    assert "C005" in declared


def test_the_pages_are_the_reference_a_price_change_there_is_caught(data: Path) -> None:
    fees = data / "knowledge" / "fees-and-payment.md"
    fees.write_text(fees.read_text().replace("Power BI Básico (24 hours): S/ 290",
                                             "Power BI Básico (24 hours): S/ 310"))  # fmt: skip
    (problem,) = academy_problems(data) or []
    assert "C014 «Power BI Básico»" in problem
    assert "price S/ 290 / S/ 310" in problem


def test_pages_without_the_tuition_prices_refuse_rather_than_pass(data: Path) -> None:
    fees = data / "knowledge" / "fees-and-payment.md"
    fees.write_text(fees.read_text().replace("## Example tuition prices", "## Prices"))
    (check,) = academy_check(data)
    assert not check.success
    assert "cannot be compared" in check.details[0]


def test_a_copy_of_the_pathways_alone_is_not_compared(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(DATA / "pathways", copy / "pathways")
    assert academy_check(copy) == []


def test_the_gate_stage_reruns_when_the_pages_change() -> None:
    stage = yaml.safe_load((ROOT / "dvc.yaml").read_text())["stages"]["validate_pathways"]
    for dep in (
        "data/knowledge/fees-and-payment.md",
        "data/knowledge/es/fees-and-payment.md",
        "data/knowledge/schedules-and-class-format.md",
        "pipelines/pathways/academy.py",
        "pipelines/pathways/distinct_courses.json",
    ):
        assert dep in stage["deps"], dep
