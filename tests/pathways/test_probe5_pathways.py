"""What the fifth independent tester found in the job-seeker dialogue and stop 36 left as found:
"el bilingüe" was no answer to "which of these jobs?", "2 horitas por día" right after a path
was sent to the knowledge base, "You said 1 hours a day", and "Junin" without its accent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.app.conftest import Api, talk
from tests.pathways.conftest import profile_of


def test_a_word_only_one_job_has_picks_it(speaker: Callable[[str], Api]) -> None:
    api = speaker("es")
    asked, picked = talk(api, "quiero trabajar en un call center", "el bilingüe")
    assert "agente bilingüe de call center" in asked["reply"]
    assert "agente de atención al cliente" in asked["reply"]
    assert profile_of(api)["goal_role"] == "bilingual call center agent"
    assert picked["reply"].startswith("Anotado: tu objetivo es agente bilingüe de call center.")


def test_a_word_both_jobs_have_picks_neither(speaker: Callable[[str], Api]) -> None:
    api = speaker("es")
    replies = talk(api, "quiero trabajar en un call center", "el agente")
    assert profile_of(api)["goal_role"] is None
    assert "¿Hacia cuál de estos puestos" in replies[1]["reply"]


def test_hours_a_day_in_a_diminutive_right_after_a_path(speaker: Callable[[str], Api]) -> None:
    api = speaker("es")
    replies = talk(
        api,
        "sé excel a nivel intermedio, quiero ser analista de datos",
        "ahora puedo 2 horitas por día",
        "solo los fines de semana",
    )
    assert replies[1]["reply"].startswith("Dijiste 2 horas al día: ¿cuántos días a la semana")
    assert replies[2]["reply"].startswith("Anotado: 4 horas por semana.")
    assert profile_of(api)["hours_per_week"] == 4.0


def test_one_hour_a_day_is_singular(speaker: Callable[[str], Api]) -> None:
    api = speaker("en")
    replies = talk(
        api,
        "I know excel at an intermediate level and I want to be a data analyst",
        "I can do 1 hour a day",
    )
    assert replies[1]["reply"].startswith("You said 1 hour a day: how many days a week")


def test_junin_is_written_with_its_accent(speaker: Callable[[str], Api], app: Any) -> None:
    api = speaker("es")
    reply = api.chat("soy de Huancayo, sé Excel y quiero ser asistente contable")
    assert "Junín" in reply["reply"]
    assert "Junin" not in reply["reply"]
    assert profile_of(api)["region"] == "Junin"  # the demand table's name, as the API takes it


def test_which_pays_more_compares_the_offered_jobs(speaker: Callable[[str], Api]) -> None:
    api = speaker("es")
    replies = talk(
        api,
        "quiero trabajar en un call center",
        "no sé, cuál paga más?",
        "el de atención al cliente",
    )
    compared = replies[1]["reply"].splitlines()
    assert compared[0].startswith("• agente bilingüe de call center: unos S/ ")
    assert compared[1].startswith("• agente de atención al cliente: unos S/ ")
    assert compared[2].startswith("¿Hacia cuál de estos puestos quieres avanzar")
    assert profile_of(api)["goal_role"] == "customer service agent"  # the question still waits


def test_hours_a_day_and_the_days_in_one_message(speaker: Callable[[str], Api]) -> None:
    api = speaker("es")
    replies = talk(
        api,
        "sé excel a nivel intermedio, quiero ser analista de datos",
        "puedo 3 horas diarias de lunes a viernes",
    )
    assert replies[1]["reply"].startswith("Anotado: 15 horas por semana.")
    assert profile_of(api)["hours_per_week"] == 15.0


def test_a_move_still_to_come_changes_no_region(speaker: Callable[[str], Api]) -> None:
    api = speaker("en")
    replies = talk(
        api,
        "I know excel at an intermediate level and I want to be a data analyst",
        "I'm moving to Cusco next year",
    )
    assert replies[1]["reply"].startswith("Supposing: you are in Cusco (your profile is not")
    assert profile_of(api)["region"] == "Lima"
