"""Probe 30, L-1: the chat stored a budget or hours a week that ``PATCH /v1/users/me/profile``
refuses ("mi presupuesto es 1,500,000 soles", "200.000 soles", "0,5 horas a la semana"), each
confirmed ("Anotado: un presupuesto de S/ 200,000"); the /pathways form, which sends the whole
profile back, could then not be saved. ``set_hours`` clamped silently (0.5 → 1 stored). Now one
set of bounds (``HOURS_PER_WEEK``, ``BUDGET_MAX``) serves the API and the chat: a figure outside
them is said back with the limit and asked again, never stored, never clamped."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from app.pathways import BUDGET_MAX, HOURS_PER_WEEK, read, set_budget, set_hours
from models.ranker import Ranker
from tests.app.conftest import Api
from tests.pathways.conftest import Conversation, profile_of, set_profile

#: The profile fields the /pathways form sends back, as GET gives them
FORM = ("region", "hours_per_week", "budget_pen", "languages", "goal_role")

#: What the replies say when a budget or hours are refused, in either language
NO_BUDGET = ("I did not store a budget", "No guardé un presupuesto")
NO_HOURS = ("I did not store your hours", "No guardé tus horas")


def _form_saves(api: Api) -> None:
    """The whole profile sent back, as the /pathways page does, is accepted."""
    profile = profile_of(api)
    body = {k: profile[k] for k in FORM if profile.get(k) is not None}
    body["skills"] = profile["skills"]
    r = api.patch("/v1/users/me/profile", json=body)
    assert r.status_code == 200, r.json


def _says(reply: dict[str, Any], words: tuple[str, ...]) -> bool:
    return any(w in reply["reply"] for w in words)


def test_one_set_of_bounds() -> None:
    assert HOURS_PER_WEEK == (1, 80)
    assert BUDGET_MAX == 100_000


# -- the budget -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "text", "said"),
    [
        ("es", "mi presupuesto es 1,500,000 soles", "S/ 1,500,000"),
        ("es", "mi presupuesto es 200.000 soles", "S/ 200,000"),
        ("es", "mi presupuesto es 99.999.999 soles", "S/ 99,999,999"),
        ("en", "my budget is 200,000 soles", "S/ 200,000"),
    ],
)
def test_a_budget_above_the_maximum_is_asked_not_stored(
    speaker: Callable[..., Api], lang: str, text: str, said: str
) -> None:
    api = speaker(lang)
    set_profile(api, budget_pen=800)
    say = Conversation(api)
    asked = say(text)
    assert _says(asked, NO_BUDGET), asked["reply"]
    assert said in asked["reply"], asked["reply"]
    assert "S/ 100,000" in asked["reply"], asked["reply"]
    assert "pathway" not in asked["data"]
    assert profile_of(api)["budget_pen"] == 800  # kept as it was
    _form_saves(api)
    # the question is pending: an amount within the bounds answers it
    path = say("1500")
    assert profile_of(api)["budget_pen"] == 1500, path["reply"]
    assert "pathway" in path["data"], path["reply"]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_an_answer_to_how_many_soles_above_the_maximum_is_asked_again(
    speaker: Callable[..., Api], lang: str
) -> None:
    api = speaker(lang)
    say = Conversation(api)
    range_said = "mi presupuesto es 400 o 500 soles" if lang == "es" else "my budget is 400 or 500"
    first = say(range_said + (" soles" if lang == "en" else ""))
    assert _says(first, NO_BUDGET), first["reply"]  # "which is it?" pending
    again = say("200000")
    assert _says(again, NO_BUDGET), again["reply"]
    assert "S/ 100,000" in again["reply"], again["reply"]
    assert profile_of(api)["budget_pen"] is None
    _form_saves(api)
    path = say("500")
    assert profile_of(api)["budget_pen"] == 500, path["reply"]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("es", "vivo en Cusco y mi presupuesto es 200.000 soles"),
        ("en", "I live in Cusco and my budget is 200,000 soles"),
    ],
)
def test_the_rest_of_the_message_is_kept_beside_a_refused_budget(
    speaker: Callable[..., Api], lang: str, text: str
) -> None:
    api = speaker(lang)
    asked = Conversation(api)(text)
    assert _says(asked, NO_BUDGET), asked["reply"]
    profile = profile_of(api)
    assert profile["region"] == "Cusco", asked["reply"]
    assert profile["budget_pen"] is None
    _form_saves(api)


def test_the_maximum_itself_is_stored(speaker: Callable[..., Api]) -> None:
    api = speaker("es")
    reply = Conversation(api)("mi presupuesto es 100.000 soles")
    assert not _says(reply, NO_BUDGET), reply["reply"]
    assert profile_of(api)["budget_pen"] == 100_000
    _form_saves(api)


# -- the hours --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "text", "heard"),
    [
        ("es", "puedo estudiar 0,5 horas a la semana", "0.5"),
        ("en", "I can study 0.5 hours a week", "0.5"),
        ("es", "puedo estudiar 10 minutos a la semana", "0.17"),
        ("en", "I can study 10 minutes a week", "0.17"),
        ("es", "puedo estudiar 20 horas al día todos los días", "140"),
        ("en", "I can study 20 hours a day every day", "140"),
        ("es", "puedo estudiar 90 horas a la semana", "90"),
        ("es", "puedo estudiar 2 horas al mes", "0.5"),
    ],
)
def test_hours_outside_the_bounds_are_asked_not_stored(
    speaker: Callable[..., Api], lang: str, text: str, heard: str
) -> None:
    api = speaker(lang)
    set_profile(api, hours_per_week=6)
    say = Conversation(api)
    asked = say(text)
    assert _says(asked, NO_HOURS), asked["reply"]
    assert f" {heard} " in asked["reply"], asked["reply"]
    assert " 80 " in asked["reply"], asked["reply"]
    assert "pathway" not in asked["data"]
    assert profile_of(api)["hours_per_week"] == 6  # kept as it was, never clamped
    _form_saves(api)
    still = say("0,5" if lang == "es" else "0.5")  # asked again, still not stored
    assert _says(still, NO_HOURS), still["reply"]
    assert profile_of(api)["hours_per_week"] == 6
    path = say("8")
    assert profile_of(api)["hours_per_week"] == 8, path["reply"]
    assert "pathway" in path["data"], path["reply"]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("es", "puedo estudiar 0.5 horas al día de lunes a viernes"),
        ("en", "I can study 0.5 hours a day on weekdays"),
    ],
)
def test_half_an_hour_a_day_on_weekdays_is_stored(
    speaker: Callable[..., Api], lang: str, text: str
) -> None:
    api = speaker(lang)
    reply = Conversation(api)(text)
    assert not _says(reply, NO_HOURS), reply["reply"]
    assert profile_of(api)["hours_per_week"] == 2.5, reply["reply"]
    _form_saves(api)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_days_that_take_the_hours_past_the_maximum_are_asked(
    speaker: Callable[..., Api], lang: str
) -> None:
    api = speaker(lang)
    set_profile(api, hours_per_week=6)
    say = Conversation(api)
    days = say("puedo 16 horas al día" if lang == "es" else "I can do 16 hours a day")
    assert "112" in days["reply"], days["reply"]  # every day is 112, not "80"
    asked = say("todos los días" if lang == "es" else "every day")
    assert _says(asked, NO_HOURS), asked["reply"]
    assert profile_of(api)["hours_per_week"] == 6
    _form_saves(api)
    path = say("10")
    assert profile_of(api)["hours_per_week"] == 10, path["reply"]


@pytest.mark.parametrize("hours", [0.5, 0, 80.5, 140])
def test_set_hours_refuses_instead_of_clamping(hours: float) -> None:
    # refused before any lookup: no session nor user is needed
    with pytest.raises(ValueError, match="hours a week is outside"):
        set_hours(None, None, hours)  # type: ignore[arg-type]


@pytest.mark.parametrize("budget", [100_000.01, 200_000, -1])
def test_set_budget_refuses_what_a_profile_cannot_keep(budget: float) -> None:
    with pytest.raises(ValueError, match="is outside 0 to"):
        set_budget(None, None, budget)  # type: ignore[arg-type]


def test_reading_keeps_no_figure_outside_the_bounds(ranker: Ranker) -> None:
    catalog = ranker.catalog
    for text in ("mi presupuesto es 200.000 soles", "0,5 horas a la semana", "90 hours a week"):
        heard = read(catalog, text)
        assert "budget_pen" not in heard.facts, text
        assert "hours_per_week" not in heard.facts, text
        assert heard.unclear_amount or heard.hours_refused is not None, text
    assert read(catalog, "2 hours a week").facts["hours_per_week"] == 2
    assert read(catalog, "80 horas a la semana").facts["hours_per_week"] == 80


@pytest.mark.parametrize(
    "changes", [{"hours_per_week": 0.5}, {"hours_per_week": 81}, {"budget_pen": 200_000}]
)
def test_apply_changes_refuses_what_the_api_refuses(app: Any, changes: dict[str, Any]) -> None:
    from app.db.tables import LearnerProfile
    from app.pathways import PathwayError, apply_changes

    row = LearnerProfile()
    with app.test_request_context(), pytest.raises(PathwayError) as refused:
        apply_changes(None, row, changes)
    assert refused.value.code == "validation_error"
    assert row.hours_per_week is None
    assert row.budget_pen is None
