"""Probe 38, J-M2 and J-M3: questions about the job market that name no job. "¿cuánto voy a
ganar?", "cuanto pagan?" and "how much will I earn?" were refused, or answered from the
knowledge base with an internship allowance; they are answered from the demand table for the
stored goal, in the stored region (or the one asked about), and with no goal stored the learner
is asked which job. "is there work in Piura?", "what jobs are there in Piura?" and "hay trabajo
en Piura?" were refused, sent to the knowledge base or answered as a supposition ("Suponiendo:
estás en Piura"); they list the jobs the table has there, with demand and pay, and store
nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from models.ranker import Ranker
from tests.app.conftest import Api
from tests.pathways.conftest import Conversation, profile_of, set_profile

KNOWLEDGE_OR_REFUSAL = (
    "Prácticas",
    "Internships",
    "Lo siento",
    "Sorry",
    "I don't know",
    "No lo sé",
)


# -- J-M2: the pay of the learner's own goal ----------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "goal", "region", "text", "said"),
    [
        # as reported
        (
            "es",
            "tour guide",
            "Cusco",
            "cuanto voy a ganar?",
            "• guía de turismo: unos S/ 2,000 al mes",
        ),
        (
            "es",
            "tour guide",
            "Cusco",
            "¿cuánto voy a ganar?",
            "• guía de turismo: unos S/ 2,000 al mes",
        ),
        (
            "es",
            "warehouse operator",
            "Lima",
            "cuanto pagan?",
            "• operario de almacén: unos S/ 1,400",
        ),
        (
            "en",
            "hotel receptionist",
            "Cusco",
            "how much will I earn?",
            "• hotel receptionist: about S/ 1,650 a month, demand 83/100 in Cusco",
        ),
        # variants of our own
        ("es", "cook", "Lima", "y cuanto ganaria?", "• cocinero: unos S/ 1,600 al mes"),
        ("es", "cook", "Lima", "cuanto ganaria en Cusco?", "• cocinero: unos S/ 1,450 al mes"),
        ("es", "cook", "Lima", "¿cuál es el sueldo?", "• cocinero: unos S/ 1,600 al mes"),
        ("en", "electrician", "Piura", "how much can I earn?", "• electrician: about S/ 2,100"),
        ("en", "electrician", "Piura", "what's the salary?", "• electrician: about S/ 2,100"),
        (
            "en",
            "tour guide",
            "Lima",
            "how much does it pay?",
            "• tour guide: no jobs in Lima in our data; employers ask for it in Cusco",
        ),
    ],
)
def test_own_pay_is_the_stored_goals(
    speaker: Callable[[str], Api], lang: str, goal: str, region: str, text: str, said: str
) -> None:
    api = speaker(lang)
    set_profile(api, goal_role=goal, region=region)
    reply = Conversation(api)(text)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert reply["reply"].startswith(said), reply["reply"]
    assert not any(w in reply["reply"] for w in KNOWLEDGE_OR_REFUSAL), reply["reply"]
    profile = profile_of(api)
    assert (profile["goal_role"], profile["region"]) == (goal, region)


def test_own_pay_after_a_path(speaker: Callable[[str], Api]) -> None:
    api = speaker("es")
    say = Conversation(api)
    set_profile(api, goal_role="warehouse operator", region="Lima")
    say("muestrame mi ruta")
    reply = say("cuanto pagan?")
    assert reply["reply"].startswith("• operario de almacén: unos S/ 1,400 al mes, demanda 84/100")
    again = say("y en Lambayeque?")
    assert again["reply"].startswith("• operario de almacén: unos S/ "), again["reply"]
    assert "Lambayeque" in again["reply"]
    assert profile_of(api)["region"] == "Lima"


@pytest.mark.parametrize(
    ("lang", "text", "asked"),
    [
        ("es", "cuanto voy a ganar?", "¿De qué trabajo hablas?"),
        ("es", "cuanto pagan?", "¿De qué trabajo hablas?"),
        ("en", "how much will I earn?", "Which job do you mean?"),
    ],
)
def test_own_pay_with_no_goal_asks_which_job(
    speaker: Callable[[str], Api], lang: str, text: str, asked: str
) -> None:
    api = speaker(lang)
    reply = Conversation(api)(text)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert reply["reply"].startswith(asked), reply["reply"]
    assert "S/" not in reply["reply"]  # no job guessed
    assert profile_of(api)["goal_role"] is None


@pytest.mark.parametrize(
    "text",
    [
        "¿cuánto cuesta el primer curso?",
        "cuanto pagan por el primer curso?",
        "how much do I have to pay?",
        "how much does the course cost?",
        "gano 1200 soles al mes",
        "quiero ganar 2000 soles al mes",
    ],
)
def test_prices_and_statements_are_no_pay_question(ranker: Ranker, text: str) -> None:
    from app.pathways import market_question

    assert market_question(ranker.catalog, text) is None


# -- J-M3: the jobs there are in a region -------------------------------------------------------
PIURA = {
    "es": [
        "Empleos en Piura en nuestros datos, los más pedidos primero:",
        "• agente de atención al cliente: unos S/ 1,200 al mes, demanda 64/100 en Piura",
        "• electricista: unos S/ 2,100 al mes, demanda 53/100 en Piura",
        "• operador de montacargas: unos S/ 1,650 al mes, demanda 47/100 en Piura",
    ],
    "en": [
        "Jobs in Piura in our data, the most demanded first:",
        "• customer service agent: about S/ 1,200 a month, demand 64/100 in Piura",
        "• electrician: about S/ 2,100 a month, demand 53/100 in Piura",
        "• forklift operator: about S/ 1,650 a month, demand 47/100 in Piura",
    ],
}


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        # as reported
        ("en", "is there work in Piura?"),
        ("en", "what jobs are there in Piura?"),
        ("es", "hay trabajo en Piura?"),
        # variants of our own
        ("es", "¿qué trabajos hay en Piura?"),
        ("es", "hay chamba en piura?"),
        ("es", "y en Piura hay trabajo?"),
        ("en", "are there any jobs in Piura?"),
    ],
)
def test_work_in_a_region_lists_its_jobs(
    speaker: Callable[[str], Api], lang: str, text: str
) -> None:
    api = speaker(lang)
    set_profile(api, region="Lima", goal_role="electrician")
    reply = Conversation(api)(text)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert reply["reply"].splitlines()[:4] == PIURA[lang], reply["reply"]
    assert "Suponiendo" not in reply["reply"]
    assert "Supposing" not in reply["reply"]
    assert profile_of(api)["region"] == "Lima"


def test_work_in_a_region_after_a_path_stores_nothing(speaker: Callable[[str], Api]) -> None:
    """The probe's learner: goal warehouse operator, a path shown, then "hay trabajo en
    Piura?" (answered "Suponiendo: estás en Piura …" with a warehouse path built on Lima)."""
    api = speaker("es")
    say = Conversation(api)
    set_profile(api, region="Lima", goal_role="warehouse operator")
    say("muestrame mi ruta")
    reply = say("hay trabajo en Piura?")
    assert reply["reply"].splitlines()[:4] == PIURA["es"], reply["reply"]
    # the goal, which Piura lacks, is said with where it is asked for
    assert (
        "• operario de almacén: no hay empleos en Piura en nuestros datos; lo piden empleadores "
        "en Lima, Lambayeque"
    ) in reply["reply"]
    assert "Suponiendo" not in reply["reply"]
    assert profile_of(api)["region"] == "Lima"
    assert say("y en Cusco?")["reply"].startswith("Empleos en Cusco en nuestros datos")


@pytest.mark.parametrize(
    ("lang", "text", "said"),
    [
        (
            "en",
            "is there work for receptionists in Piura?",
            "• hotel receptionist: no jobs in Piura in our data; employers ask for it in Cusco, "
            "Lima",
        ),
        (
            "es",
            "hay trabajo de electricista en Piura?",
            "• electricista: unos S/ 2,100 al mes, demanda 53/100 en Piura",
        ),
        (
            "en",
            "is there work for electricians in Piura?",
            "• electrician: about S/ 2,100 a month, demand 53/100 in Piura",
        ),
    ],
)
def test_work_for_a_job_in_a_region(
    speaker: Callable[[str], Api], lang: str, text: str, said: str
) -> None:
    api = speaker(lang)
    set_profile(api, region="Lima")
    reply = Conversation(api)(text)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert reply["reply"].startswith(said), reply["reply"]
    assert profile_of(api)["region"] == "Lima"
    assert profile_of(api)["goal_role"] is None


def test_work_in_a_place_without_data(speaker: Callable[[str], Api]) -> None:
    api = speaker("es")
    reply = Conversation(api)("hay chamba en Ica?")
    assert reply["skill"] == "learning_path", reply["reply"]
    assert reply["reply"].startswith("No hay empleos en Ica en nuestros datos"), reply["reply"]
    assert "Piura" in reply["reply"]
    assert profile_of(api)["region"] == "Lima"


# -- a statement after the question (J-M9's kind): stored, said, the question answered ---------
@pytest.mark.parametrize(
    ("lang", "text", "noted", "line", "stored"),
    [
        (
            "es",
            "cuanto voy a ganar? vivo en Piura",
            "Anotado: estás en Piura.",
            "• electricista: unos S/ 2,100 al mes, demanda 53/100 en Piura",
            {"region": "Piura"},
        ),
        (
            "en",
            "how much will I earn? I live in Arequipa and I have 500 soles",
            "Noted: you are in Arequipa; a budget of S/ 500.",
            "• electrician: about S/ 2,600 a month, demand 77/100 in Arequipa",
            {"region": "Arequipa", "budget_pen": 500},
        ),
        (
            "es",
            "hay trabajo en Piura? yo vivo en Lima",
            "Anotado: estás en Lima.",
            "Empleos en Piura en nuestros datos, los más pedidos primero:",
            {"region": "Lima"},
        ),
    ],
)
def test_a_statement_after_a_market_question_is_stored(
    speaker: Callable[[str], Api],
    lang: str,
    text: str,
    noted: str,
    line: str,
    stored: dict[str, Any],
) -> None:
    api = speaker(lang)
    set_profile(api, region="Cusco", goal_role="electrician")
    reply = Conversation(api)(text)
    assert reply["skill"] == "learning_path", reply["reply"]
    lines = reply["reply"].splitlines()
    assert lines[:2] == [noted, line], reply["reply"]
    assert "Lima en nuestros datos" not in reply["reply"]  # the place told is not asked about
    profile = profile_of(api)
    assert {k: profile[k] for k in stored} == stored
