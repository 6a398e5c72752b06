"""What people read about a pathway (app/pathways.py): skills and roles by name in English and
Spanish, the goal a message sets, and step reasons that speak of the goal the learner chose."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.ranker import Profile, Ranker, build_pathway


@pytest.fixture(scope="module")
def ranker(ranker_folder: Path) -> Ranker:
    return Ranker.load(ranker_folder)


def test_skills_and_roles_by_name_in_either_language(ranker: Ranker) -> None:
    from app.i18n import reply_locale
    from app.pathways import resolve_role, resolve_skill, role_label, skill_label, skill_labels

    c = ranker.catalog
    assert resolve_skill(c, "excel_basics") == "excel_basics"  # ids still work
    assert resolve_skill(c, "Excel") == "excel_basics"
    assert resolve_skill(c, "advanced excel") == "excel_advanced"
    assert resolve_skill(c, "Power BI") == "power_bi"
    assert resolve_skill(c, "telepathy") is None
    assert resolve_role(c, "data analyst") == "data analyst"
    assert resolve_role(c, "a data job") is None  # free text: matched by words later
    assert skill_label("sql_advanced") == "Advanced SQL"
    assert set(skill_labels(c)) == set(c.skills)
    with reply_locale("es"):
        spanish_excel = skill_label("excel_advanced")
        spanish_role = role_label("data analyst")
    if spanish_excel != "Advanced Excel":  # once the catalog has the translation
        assert resolve_skill(c, spanish_excel.upper()) == "excel_advanced"
    if spanish_role != "data analyst":
        assert resolve_role(c, spanish_role) == "data analyst"


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("I studied data analysis, now I want to be a welder", "welder"),
        ("I am a cook and want to become a sous chef", "sous chef"),
        ("quiero ser científico de datos", "junior data scientist"),
        ("Sé un poco de SQL, quiero ser electricista en Piura", "electrician"),
        ("I know Excel, I want a data job in Arequipa", "data analyst"),
        ("I want to work as a pastry cook", "pastry cook"),
    ],
)
def test_the_goal_is_the_role_the_learner_wants(ranker: Ranker, text: str, role: str) -> None:
    from app.pathways import read_message

    assert read_message(ranker.catalog, text)["goal_role"] == role


@pytest.mark.parametrize(
    "text",
    [
        "I know cooking and Excel",
        "I work as a pastry cook",  # the job they have, not one they want
        "trabajé de cocinero en Cusco",
    ],
)
def test_a_skill_or_a_job_named_in_passing_is_not_a_goal(ranker: Ranker, text: str) -> None:
    from app.pathways import read_message

    assert "goal_role" not in read_message(ranker.catalog, text)


@pytest.mark.parametrize("goal", ["data analyst", "junior web developer", "electrician"])
def test_every_step_is_explained_by_the_chosen_goal(ranker: Ranker, goal: str) -> None:
    from app.pathways import explain

    profile = Profile(
        skills={"digital_literacy": 2},
        region="Lima",
        hours_per_week=10,
        languages=["es", "en"],
        goal_role=goal,
    )
    pathway = build_pathway(ranker, profile, max_steps=5)
    assert pathway.steps
    explain(ranker.catalog, profile, pathway, 5)
    other_roles = [r for r in ranker.catalog.roles if r != goal and r not in goal]
    for step in pathway.steps:
        assert goal in step.reason, step.reason
        assert not [r for r in other_roles if f"for {r} " in step.reason], step.reason
        assert step.reason.startswith(("teaches", "prerequisite for"))
        assert "_" not in step.reason  # skills by name, never by id


def test_reasons_in_spanish(ranker: Ranker) -> None:
    from app.i18n import reply_locale
    from app.pathways import explain, role_label

    profile = Profile(skills={}, region="Lima", hours_per_week=8, goal_role="data analyst")
    pathway = build_pathway(ranker, profile, max_steps=4)
    with reply_locale("es"):
        explain(ranker.catalog, profile, pathway, 4)
        role = role_label("data analyst")
    for step in pathway.steps:
        assert role in step.reason
        if role != "data analyst":  # translated catalog
            assert step.reason.startswith(("enseña", "requisito para")), step.reason
    assert any("inglés" in n or "English" in n for n in pathway.notes)
