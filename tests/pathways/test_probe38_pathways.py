"""What the thirty-eighth probe of Peruvian end users found in the job-seeker dialogue (High:
J-H1..J-H8): facts about another person ("mi esposo vive en Cusco", "my brother can study 30
hours") were stored as the learner's own; a budget said while "how many days a week?" waited
was read as the days; of two amounts in one budget statement the first was stored; a price per
course was stored as the whole budget; "también quiero ser X" replaced the goal; "no leo
español" stored English; "mi inglés es básico" kept English among the languages read; and
"todos los días menos el domingo" was read as seven days."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.app.conftest import Api
from tests.pathways.conftest import BOTH, Conversation, profile_of, set_profile, skills_of

#: The learner's own profile before each message about someone else
OWN = {"region": "Arequipa", "budget_pen": 600, "hours_per_week": 5, "goal_role": "cook"}

SOMEONE_ELSE = (
    "I did not store anything: that is about someone else",
    "No guardé nada: eso es sobre otra persona",
)


def _says(reply: dict[str, Any], words: tuple[str, ...]) -> bool:
    return any(w in reply["reply"] for w in words)


def _own(api: Api) -> dict[str, Any]:
    profile = profile_of(api)
    return {k: profile[k] for k in OWN}


# -- J-H1: another person's facts are never the learner's ----------------------------------------
@pytest.mark.parametrize(
    ("lang", "text"),
    [
        # as reported
        ("es", "mi esposo vive en Cusco"),
        ("es", "mi hermana tiene 3000 soles"),
        ("es", "mi hermano estudia 20 horas a la semana"),
        ("es", "ella puede 8 horas a la semana y tiene S/ 1,200"),
        ("es", "la joven que acompaño sabe excel a nivel experto"),
        ("es", "Carmen, mi otra alumna, vive en Junin y su presupuesto es 250 soles"),
        (
            "es",
            "Ahora otro caso: Juana, de Cusco, quiere ser guia de turismo, habla quechua y su "
            "ingles es B1",
        ),
        (
            "es",
            "Buenos días. Soy consejera de empleabilidad en una ONG. Estoy ayudando a una "
            "usuaria, Milagros, de Piura, 22 años, secundaria completa. Su objetivo es trabajar "
            "como electricista. Ella puede estudiar 8 horas a la semana y tiene un presupuesto "
            "de S/ 1,200.",
        ),
        ("en", "my brother can study 30 hours a week"),
        ("en", "my husband lives in Arequipa"),
        ("en", "my sister has a budget of 2000 soles"),
        # variants of our own
        ("es", "mi mamá vive en Piura"),
        ("es", "mi amiga Rosa tiene 900 soles para cursos"),
        ("es", "mi hijo puede estudiar 10 horas a la semana"),
        ("es", "él tiene 2000 soles"),
        ("es", "mi novia quiere ser cocinera y vive en Trujillo"),
        ("es", "su presupuesto es de 400 soles"),
        ("en", "she can study 12 hours a week"),
        ("en", "my daughter lives in Cusco and has 700 soles"),
        ("en", "her budget is 300 soles"),
        ("en", "my friend who I help knows Excel very well"),
        ("en", "he lives in Piura"),
    ],
)
def test_facts_about_someone_else_store_nothing(
    speaker: Callable[..., Api], lang: str, text: str
) -> None:
    api = speaker(lang, BOTH)
    set_profile(api, **OWN)
    skills = skills_of(api)
    reply = Conversation(api)(text)
    assert _says(reply, SOMEONE_ELSE), reply["reply"]
    assert _own(api) == OWN, reply["reply"]
    assert skills_of(api) == skills
    assert profile_of(api)["languages"] == BOTH


@pytest.mark.parametrize(
    ("lang", "text", "field", "value"),
    [
        ("es", "vivo en Cusco", "region", "Cusco"),
        ("es", "vivo en Cusco con mi esposo", "region", "Cusco"),
        ("es", "mi presupuesto es 300 soles", "budget_pen", 300),
        ("es", "mi presupuesto es 500 soles, me ayuda mi hermana", "budget_pen", 500),
        ("es", "puedo estudiar 8 horas a la semana", "hours_per_week", 8),
        ("en", "my budget is 800 soles", "budget_pen", 800),
        ("en", "I live in Cusco with my brother", "region", "Cusco"),
        ("en", "I can study 9 hours a week", "hours_per_week", 9),
    ],
)
def test_first_person_statements_are_still_stored(
    speaker: Callable[..., Api], lang: str, text: str, field: str, value: Any
) -> None:
    api = speaker(lang, BOTH)
    set_profile(api, **OWN)
    reply = Conversation(api)(text)
    assert not _says(reply, SOMEONE_ELSE), reply["reply"]
    assert profile_of(api)[field] == value, reply["reply"]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("es", "mi hijo quiere ser soldador, que cursos hay?"),
        ("es", "mi hermana quiere ser cocinera, ¿qué cursos tienen?"),
        ("en", "my son wants to be a welder, what courses are there?"),
    ],
)
def test_courses_for_someone_elses_job_set_no_goal(
    speaker: Callable[..., Api], lang: str, text: str
) -> None:
    api = speaker(lang, BOTH)
    set_profile(api, **OWN)
    reply = Conversation(api)(text)
    assert "¿Quieres trabajar como" not in reply["reply"], reply["reply"]
    assert "Do you want to work as" not in reply["reply"], reply["reply"]
    assert _own(api) == OWN, reply["reply"]
