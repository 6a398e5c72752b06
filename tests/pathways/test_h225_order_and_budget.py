"""The order of a path's steps and a budget smaller than the goal's first course (probe 45,
P45-M13): es-AR, web developer: "1. Front-End con React … 2. Computación Básica … 3. HTML y CSS
desde Cero": React came before the basics it builds on. With S/ 300 and no Excel, a data
analyst got "No encontré un curso", although Computación Básica (free) and Excel Intermedio
(S/ 220), the first steps, fit the budget."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from models.ranker import Catalog, Ranker, Step
from tests.app.conftest import Api
from tests.pathways.conftest import BOTH, Conversation, set_profile

SHOW = {"en": "show me my pathway", "es": "mostrame mi ruta"}


def _path(api: Api, lang: str, message: str | None = None, **profile: Any) -> dict[str, Any]:
    set_profile(api, **profile)
    reply = Conversation(api)(message or SHOW[lang])
    assert reply["skill"] == "learning_path", reply
    return reply


def _ids(reply: dict[str, Any]) -> list[str]:
    return [s["course_id"] for s in reply["data"]["pathway"]["steps"]]


def _builds_on(catalog: Catalog, course_id: str) -> set[str]:
    """Every skill a course builds on through the catalog (what it requires, what every course
    teaching that requires, and so on)."""
    seen: set[str] = set()
    todo = list(catalog.by_id[course_id].skills_required)
    while todo:
        skill = todo.pop()
        if skill not in seen:
            seen.add(skill)
            teachers = catalog.teachers.get(skill, [])
            if teachers:
                todo += set.intersection(*(set(t.skills_required) for t in teachers))
    return seen


def _assert_prerequisites_first(catalog: Catalog, reply: dict[str, Any]) -> None:
    steps = reply["data"]["pathway"]["steps"]
    for i, step in enumerate(steps):
        needs = _builds_on(catalog, step["course_id"]) - set(step["skills_taught"])
        for later in steps[i + 1 :]:
            assert not needs & set(later["skills_taught"]), (step["title"], later["title"])


# -- the order ------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["es-AR", "es", "en"])
@pytest.mark.parametrize("reads", [["es"], BOTH])
def test_react_comes_after_the_basics_it_builds_on(
    speaker: Callable[..., Api], ranker: Ranker, lang: str, reads: list[str]
) -> None:
    # knowing some JavaScript, React's own requirement is met; HTML y CSS (what JavaScript
    # builds on) and Computación Básica still come first
    api = speaker(lang, reads)
    reply = _path(api, lang[:2], goal_role="web developer", region="Lima", hours_per_week=10,
                  skills=[{"skill": "javascript", "level": 1}])  # fmt: skip
    ids = _ids(reply)
    assert "C019" in ids, reply["reply"]
    assert ids.index("C001") < ids.index("C017") < ids.index("C019"), reply["reply"]
    _assert_prerequisites_first(ranker.catalog, reply)
    lines = [line for line in reply["reply"].splitlines() if line[:2] in {"1.", "2.", "3."}]
    assert "Front-End con React" not in lines[0], reply["reply"]


@pytest.mark.parametrize(
    ("role", "budget", "skills"),
    [
        ("web developer", None, []),
        ("web developer", 800, []),
        ("web developer", None, [{"skill": "javascript", "level": 1}]),
        ("web developer", None, [{"skill": "git", "level": 2}]),
        ("data analyst", None, []),
        ("data analyst", 1300, [{"skill": "excel_basics", "level": 1}]),
        ("backend developer", None, [{"skill": "javascript", "level": 1}]),
        ("accounting assistant", None, []),
    ],
)  # fmt: skip
@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_step_comes_after_what_it_builds_on(
    speaker: Callable[..., Api],
    ranker: Ranker,
    lang: str,
    role: str,
    budget: float | None,
    skills: list[dict[str, Any]],
) -> None:
    api = speaker(lang, BOTH)
    reply = _path(api, lang, goal_role=role, region="Lima", hours_per_week=12, budget_pen=budget,
                  skills=skills)  # fmt: skip
    _assert_prerequisites_first(ranker.catalog, reply)


def test_ties_keep_the_ranking(ranker: Ranker) -> None:
    from app.pathways import prerequisites_first

    catalog = ranker.catalog
    react, basics, html = (catalog.by_id[c] for c in ("C019", "C001", "C017"))
    steps = [Step(react, 0.9, ""), Step(basics, 0.7, ""), Step(html, 0.6, "")]
    # React waits for HTML y CSS, which waits for Computación Básica
    assert [s.course.id for s in prerequisites_first(catalog, steps)] == ["C001", "C017", "C019"]
    power_bi, advanced, basics, excel = (catalog.by_id[c] for c in ("C014", "C003", "C001", "C002"))
    for first, second in ((power_bi, advanced), (advanced, power_bi)):
        steps = [Step(first, 0.9, ""), Step(second, 0.8, ""), Step(basics, 0.7, ""),
                 Step(excel, 0.6, "")]  # fmt: skip
        ordered = [s.course.id for s in prerequisites_first(catalog, steps)]
        # both wait for Excel Intermedio; between them, the ranking's order
        assert ordered == ["C001", "C002", first.id, second.id]
    # HTML y CSS, ranked first, still waits for Computación Básica
    plain = [Step(html, 0.9, ""), Step(basics, 0.5, "")]
    assert [s.course.id for s in prerequisites_first(catalog, plain)] == ["C001", "C017"]
    # nothing to wait for: the ranking's order, unchanged
    alone = [Step(power_bi, 0.9, ""), Step(react, 0.5, "")]
    assert [s.course.id for s in prerequisites_first(catalog, alone)] == ["C014", "C019"]


# -- a budget that only the first steps fit ------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "message", "budget", "first", "says", "next_course"),
    [
        # as reported: es-AR, S/ 300, no Excel
        ("es-AR", "mostrame mi ruta", 300, ["C001", "C002"],
         "Solo los primeros pasos caben en tu presupuesto de S/ 300", "Excel Avanzado"),
        ("es", "muéstrame mi ruta", 250, ["C001", "C002"],
         "Solo los primeros pasos caben en tu presupuesto de S/ 250", "Excel Avanzado"),
        ("en", "show me my pathway", 300, ["C001", "C002"],
         "Only the first steps fit your budget of S/ 300", "Excel Avanzado"),
        ("en", "show me my pathway", 230, ["C001", "C002"],
         "Only the first steps fit your budget of S/ 230", "Power BI Básico (S/ 290)"),
        ("es-AR", "arma mi ruta", 499, ["C001", "C002"],
         "Solo los primeros pasos caben en tu presupuesto de S/ 499", "Excel Avanzado"),
    ],
)  # fmt: skip
def test_the_first_steps_that_fit_the_budget_are_shown(
    speaker: Callable[..., Api],
    lang: str,
    message: str,
    budget: float,
    first: list[str],
    says: str,
    next_course: str,
) -> None:
    api = speaker(lang, BOTH if lang == "en" else None)
    reply = _path(api, lang[:2], message, goal_role="data analyst", region="Lima",
                  budget_pen=budget, hours_per_week=8)  # fmt: skip
    text = reply["reply"]
    assert _ids(reply) == first, text
    steps = reply["data"]["pathway"]["steps"]
    assert sum(s["cost_pen"] for s in steps) <= budget, steps
    assert reply["data"]["pathway"]["total_cost_pen"] == sum(s["cost_pen"] for s in steps)
    assert says in text, text
    assert next_course in text.split(says)[1], text  # what comes next, and its price
    for nothing in ("No encontré un curso", "I found no course"):
        assert nothing not in text, text


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_whole_path_when_the_budget_fits_it(speaker: Callable[..., Api], lang: str) -> None:
    api = speaker(lang, BOTH)
    reply = _path(api, lang, goal_role="data analyst", region="Lima", budget_pen=1300,
                  hours_per_week=8)  # fmt: skip
    assert {"C001", "C002", "C003", "C014"} <= set(_ids(reply)), reply["reply"]
    for first in ("Only the first steps", "Solo los primeros pasos"):
        assert first not in reply["reply"], reply["reply"]


@pytest.mark.parametrize(
    ("lang", "budget", "nothing", "start"),
    [
        ("en", 0, "is free: the cheapest one, with the courses it requires first, costs S/ 500",
         "Only the first steps are free; what comes after them is not"),
        ("es", 0, "es gratuito: el más barato, con los cursos que exige antes, cuesta S/ 500",
         "Solo los primeros pasos son gratuitos; lo que viene después no lo es"),
        ("en", 200, "fits your budget of S/ 200", "Only the first steps, which are free, fit"),
        ("es-AR", 150, "tu presupuesto de S/ 150", "Solo los primeros pasos, que son gratuitos"),
    ],
)  # fmt: skip
def test_when_only_free_first_steps_fit_they_are_named(
    speaker: Callable[..., Api], lang: str, budget: float, nothing: str, start: str
) -> None:
    # the budget pays for none of the first steps: the free ones are the path (h229: it was
    # left empty), the notes say what the budget keeps out, what the cheapest course would
    # cost, and what comes after the free steps
    api = speaker(lang, BOTH)
    reply = _path(api, lang[:2], goal_role="data analyst", region="Lima", budget_pen=budget,
                  hours_per_week=8)  # fmt: skip
    text = reply["reply"]
    assert _ids(reply) == ["C001"], text
    assert nothing in text, text
    assert start in text, text
    assert "Excel Intermedio (S/ 220)" in text.split(start)[1], text


@pytest.mark.parametrize(
    ("lang", "question", "says"),
    [
        ("es-AR", "¿por qué el segundo?", "requisito para Excel Avanzado y Tablas Dinámicas"),
        ("es", "y el de excel intermedio?", "requisito para Excel Avanzado y Tablas Dinámicas"),
        ("en", "why the second one?", "prerequisite for Excel Avanzado y Tablas Dinámicas"),
    ],
)
def test_a_first_step_still_says_what_it_leads_to(
    speaker: Callable[..., Api], lang: str, question: str, says: str
) -> None:
    api = speaker(lang, BOTH if lang == "en" else None)
    set_profile(api, goal_role="data analyst", region="Lima", budget_pen=300, hours_per_week=8)
    say = Conversation(api)
    path = say(SHOW[lang[:2]])
    assert _ids(path) == ["C001", "C002"], path["reply"]
    reply = say(question)
    assert reply["skill"] == "learning_path", reply
    assert "Excel Intermedio" in reply["reply"], reply["reply"]
    assert says in reply["reply"], reply["reply"]
