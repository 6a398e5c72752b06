"""What the twelfth independent tester found in the job-seeker dialogue (stop 39): an English
learner stored as reading Spanish although nobody said so (a fresh English-locale profile began
with Spanish); completing "Excel Esencial" silently dropping "Computación Básica" from the next
path; "los dos", "both", "el primero y el tercero" not understood as the answer to "which
course did you complete?"; and hours reached through a question ("2 hours a day" → "3 days")
called assumed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from app.pathways import answered_courses, spanish_answer
from models.ranker import Ranker
from tests.app.conftest import Api
from tests.pathways.conftest import BOTH, Conversation, feedback, profile_of, set_profile

#: What the reply asks when Spanish-taught courses were left out (English; the Spanish
#: translation comes with the catalogs)
ASKS_SPANISH = "Do you read Spanish?"


def _assumed(reply: dict[str, Any]) -> str:
    """The reply's line about the values it assumes ("" when none)."""
    lines = str(reply["reply"]).splitlines()
    return next((x for x in lines if x.startswith(("This path assumes", "Esta ruta supone"))), "")


def _latest(api: Api) -> dict[str, Any]:
    r = api.post("/v1/pathways/recommend", json={})
    assert r.status_code == 200, r.json
    return dict(r.json)


# -- finding 1: languages start from the locale, and Spanish is asked, never assumed -----------
@pytest.mark.parametrize(("locale", "languages"), [("en", ["en"]), ("es-PE", ["es"])])
def test_a_fresh_profile_reads_its_locales_language(
    speaker: Callable[[str], Api], locale: str, languages: list[str]
) -> None:
    api = speaker(locale)
    assert profile_of(api)["languages"] == languages  # GET before any profile is stored
    assert _latest(api)["profile"]["languages"] == languages
    # the page's form saves other fields: the languages stay what they were
    assert set_profile(api, region="Cusco")["languages"] == languages
    assert profile_of(api)["languages"] == languages


@pytest.mark.parametrize(
    ("lang", "text", "field", "value"),
    [
        ("en", "I work 9 hours a day but can study 2 hours a day on weekends", "hours_per_week",
         4.0),
        ("en", "my budget is 500 soles", "budget_pen", 500.0),
        ("en", "I live in Cusco", "region", "Cusco"),
        ("en", "I want to be a data analyst", "goal_role", "data analyst"),
        ("es", "trabajo 8 horas diarias pero puedo estudiar 10 horas a la semana",
         "hours_per_week", 10.0),
        ("es", "quiero ser analista de datos", "goal_role", "data analyst"),
    ],
)  # fmt: skip
def test_a_message_that_says_no_language_stores_only_the_locales(
    speaker: Callable[[str], Api], lang: str, text: str, field: str, value: Any
) -> None:
    api = speaker(lang)
    reply = Conversation(api)(text)
    assert reply["skill"] == "learning_path", reply["reply"]
    profile = profile_of(api)
    assert profile[field] == value
    assert profile["languages"] == [lang]  # nobody said they read the other language


@pytest.mark.parametrize(
    "text",
    [
        "I work 9 hours a day but can study 2 hours a day on weekends",
        "I want to be a data analyst in Lima, 10 hours a week",
        "what courses do you have for data analysts?",
    ],
)
def test_an_english_only_path_says_spanish_was_left_out_and_asks(
    speaker: Callable[[str], Api], text: str
) -> None:
    api = speaker("en")
    say = Conversation(api)
    reply = say(text)
    if reply["pending"] and "how many days" in reply["reply"]:
        reply = say("2 days")
    assert reply["skill"] == "learning_path", reply["reply"]
    notes = reply["data"]["pathway"]["notes"]
    assert any("Spanish-taught courses were left out" in n for n in notes), notes
    assert not any("English-taught courses were left out" in n for n in notes), notes
    assert all(s["language"] == "en" for s in reply["data"]["pathway"]["steps"])
    assert ASKS_SPANISH in reply["reply"], reply["reply"]
    assert reply["pending"] is True
    assert "that you read Spanish" not in reply["reply"]  # not assumed: asked
    assert profile_of(api)["languages"] == ["en"]


@pytest.mark.parametrize(
    "answer", ["yes", "Yes, I do", "sí, leo español", "I can read Spanish", "claro", "of course"]
)
def test_yes_to_spanish_adds_it_and_makes_the_path_again(
    speaker: Callable[[str], Api], answer: str
) -> None:
    api = speaker("en")
    say = Conversation(api)
    asked = say("I want to be a data analyst in Lima, 10 hours a week")
    assert asked["pending"] is True, asked["reply"]
    reply = say(answer)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert reply["pending"] is False, reply["reply"]
    assert profile_of(api)["languages"] == ["es", "en"]
    steps = reply["data"]["pathway"]["steps"]
    assert any(s["language"] == "es" for s in steps), steps
    assert (
        reply["data"]["pathway"]["recommendation_id"]
        != asked["data"]["pathway"]["recommendation_id"]
    )
    # said, so never called assumed, nor asked again, in this conversation or a later one
    later = say("my budget is 2000 soles")
    assert "that you read Spanish" not in _assumed(later), later["reply"]
    again = api.chat("I live in Arequipa")
    assert again["pending"] is False, again["reply"]
    assert "that you read Spanish" not in _assumed(again), again["reply"]


@pytest.mark.parametrize(
    "answer", ["no", "No, just English", "I don't read Spanish", "only English", "nope"]
)
def test_no_to_spanish_keeps_the_english_path_and_is_not_asked_again(
    speaker: Callable[[str], Api], answer: str
) -> None:
    api = speaker("en")
    say = Conversation(api)
    asked = say("I want to be a data analyst in Lima, 10 hours a week")
    latest = _latest(api)["recommendation_id"]
    reply = say(answer)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert reply["pending"] is False, reply["reply"]
    assert "English" in reply["reply"], reply["reply"]
    assert profile_of(api)["languages"] == ["en"]
    assert _latest(api)["recommendation_id"] == latest  # the path is the one shown
    assert asked["pending"] is True
    # answered: a later path in this conversation or another one does not ask it again
    later = say("my budget is 2000 soles")
    assert later["skill"] == "learning_path", later["reply"]
    assert ASKS_SPANISH not in later["reply"], later["reply"]
    assert later["pending"] is False, later["reply"]
    other = api.chat("I live in Arequipa")
    assert ASKS_SPANISH not in other["reply"], other["reply"]
    assert other["pending"] is False, other["reply"]


@pytest.mark.parametrize("answer", ["a little", "un poco", "I read a little Spanish"])
def test_a_little_spanish_is_not_a_language_read(
    speaker: Callable[[str], Api], answer: str
) -> None:
    api = speaker("en")
    say = Conversation(api)
    say("I want to be a data analyst in Lima, 10 hours a week")
    reply = say(answer)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert reply["pending"] is False, reply["reply"]
    assert profile_of(api)["languages"] == ["en"]


def test_other_messages_while_spanish_is_asked_are_answered(
    speaker: Callable[[str], Api],
) -> None:
    api = speaker("en")
    say = Conversation(api)
    say("I want to be a data analyst in Lima, 10 hours a week")
    confused = say("I don't understand")  # no "no": the path is explained, nothing stored
    assert confused["skill"] == "learning_path", confused["reply"]
    assert confused["reply"].startswith("Sorry, let me put it simply"), confused["reply"]
    assert profile_of(api)["languages"] == ["en"]
    budget = say("my budget is 2000 soles")  # a profile fact: stored, and the path asks again
    assert budget["skill"] == "learning_path", budget["reply"]
    assert profile_of(api)["budget_pen"] == 2000.0
    assert budget["pending"] is True, budget["reply"]
    assert ASKS_SPANISH in budget["reply"], budget["reply"]


def test_a_spanish_locale_learner_is_never_asked(speaker: Callable[[str], Api]) -> None:
    api = speaker("es")
    reply = api.chat("I want to be a data analyst in Lima, 10 hours a week")
    assert reply["pending"] is False, reply["reply"]
    assert ASKS_SPANISH not in reply["reply"]


def test_spanish_said_in_spanish_after_a_no_is_added(speaker: Callable[[str], Api]) -> None:
    # an English-locale learner who said "no" to "do you read Spanish?", then writes Spanish:
    # their "no" holds until "sí, leo español" (one who writes Spanish and never said so reads
    # it, and is not asked: tests/pathways/test_probe33_recommender.py)
    api = speaker("en")
    say = Conversation(api)
    say("I want to be a data analyst in Lima, 10 hours a week")
    say("no")
    asked = say("quiero ser analista de datos en Lima, 10 horas a la semana")
    assert profile_of(api)["languages"] == ["en"], asked["reply"]
    reply = say("sí, leo español")
    assert reply["pending"] is False, reply["reply"]
    assert sorted(profile_of(api)["languages"]) == ["en", "es"]


@pytest.mark.parametrize(
    ("lang", "text"),
    [("en", "I can read Spanish"), ("en", "I read Spanish and English"),
     ("es", "leo español e inglés")],
)  # fmt: skip
def test_spanish_said_at_any_time_is_added(
    speaker: Callable[[str], Api], lang: str, text: str
) -> None:
    api = speaker(lang)
    reply = api.chat(text)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert "es" in profile_of(api)["languages"]


@pytest.mark.parametrize(
    "text",
    ["mi inglés es básico", "inglés básico", "I speak a little English",
     "hablo inglés más o menos", "tengo inglés básico"],
)  # fmt: skip
def test_basic_english_is_no_language_read(speaker: Callable[[str], Api], text: str) -> None:
    api = speaker("es")
    Conversation(api)(text)
    assert profile_of(api)["languages"] == ["es"]


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("yes", "yes"), ("sí", "yes"), ("claro que sí", "yes"), ("sí, leo español", "yes"),
        ("I can read Spanish", "yes"), ("no", "no"), ("no, solo inglés", "no"),
        ("only English", "no"), ("no leo español", "no"), ("un poco", "low"),
        ("a little", "low"), ("más o menos", "low"), ("I don't understand", None),
        ("no entiendo", None), ("no sé", None), ("is the first one free?", None),
        ("I live in Cusco", None),
    ],
)  # fmt: skip
def test_what_answers_do_you_read_spanish(ranker: Ranker, text: str, answer: str | None) -> None:
    assert spanish_answer(ranker.catalog, text) == answer


# -- finding 2: a course left out after the one it came before was completed is said -----------
def _excel_path(api: Api) -> list[dict[str, Any]]:
    set_profile(api, goal_role="data analyst", region="Lima", budget_pen=850, hours_per_week=8)
    steps = list(_latest(api)["steps"])
    ids = [s["course_id"] for s in steps]
    assert ids.index("C001") < ids.index("C002"), ids  # Computación Básica before Excel Intermedio
    return steps


@pytest.mark.parametrize(
    ("lang", "done"),
    [("es", "el segundo ya lo hice"), ("es", "ya hice el curso de Excel Intermedio"),
     ("en", "I already did the second course"), ("en", "I finished Excel Intermedio")],
)  # fmt: skip
def test_completing_a_course_says_which_course_it_made_unneeded(
    speaker: Callable[..., Api], lang: str, done: str
) -> None:
    api = speaker(lang, reads=BOTH if lang == "en" else None)
    steps = _excel_path(api)
    say = Conversation(api)
    say("muéstrame mi ruta" if lang == "es" else "show me my pathway")
    reply = say(done)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert reply["data"]["course_feedback"] == {"course_id": "C002", "action": "completed"}
    after = [s["course_id"] for s in reply["data"]["pathway"]["steps"]]
    assert "C001" not in after, after
    notes = reply["data"]["pathway"]["notes"]
    said = [n for n in notes if "Computación Básica para el Trabajo" in n]
    assert said, notes  # said openly, with the reason
    assert "Excel Intermedio" in said[0], notes
    assert "Computación Básica para el Trabajo" in reply["reply"]
    assert profile_of(api)["skills"] == []  # nothing written as if the learner said it
    assert steps[0]["course_id"] == "C001"


def test_the_page_and_api_say_it_too(speaker: Callable[..., Api]) -> None:
    api = speaker("en", reads=BOTH)
    _excel_path(api)
    rec = _latest(api)
    feedback(api, rec["recommendation_id"], "C002", "completed")
    after = _latest(api)
    assert "C001" not in [s["course_id"] for s in after["steps"]]
    assert any(
        n.startswith("I left out Computación Básica para el Trabajo") and "completed" in n
        for n in after["notes"]
    ), after["notes"]
    assert profile_of(api)["skills"] == []


def test_turning_down_the_course_it_came_before_says_so(speaker: Callable[..., Api]) -> None:
    api = speaker("en", reads=BOTH)
    _excel_path(api)
    rec = _latest(api)
    feedback(api, rec["recommendation_id"], "C002", "rejected")
    after = _latest(api)
    assert "C001" not in [s["course_id"] for s in after["steps"]], after["steps"]
    assert any("turned down" in n and "Computación Básica" in n for n in after["notes"]), after


# -- finding 3: several courses named in one answer to "which course?" ---------------------------
@pytest.mark.parametrize(
    ("lang", "claim", "answer", "positions"),
    [
        ("es", "ya hice un curso", "el primero y el tercero", [1, 3]),
        ("es", "ya hice un curso", "el 2 y el 4", [2, 4]),
        ("es", "ya hice un curso", "el segundo y el último", [2, 4]),
        ("en", "I already did a course", "the first and the second", [1, 2]),
        ("en", "I already did a course", "1 and 3", [1, 3]),
        ("en", "I already did a course", "the second course and the third one", [2, 3]),
    ],
)  # fmt: skip
def test_several_positions_record_each_course(
    speaker: Callable[..., Api], lang: str, claim: str, answer: str, positions: list[int]
) -> None:
    api = speaker(lang, reads=BOTH if lang == "en" else None)
    steps = _excel_path(api)
    say = Conversation(api)
    asked = say(claim)
    assert asked["pending"] is True, asked["reply"]
    reply = say(answer)
    assert reply["skill"] == "learning_path", reply["reply"]
    picked = [steps[p - 1]["course_id"] for p in positions]
    recorded = reply["data"]["courses_feedback"]
    assert recorded == [{"course_id": c, "action": "completed"} for c in picked]
    latest = _latest(api)
    assert all(c not in [s["course_id"] for s in latest["steps"]] for c in picked)
    for course in picked:
        title = next(s["title"] for s in steps if s["course_id"] == course)
        assert title in reply["reply"], reply["reply"]


@pytest.mark.parametrize(
    ("lang", "claim", "answer"),
    [("es", "ya hice el curso de excel", "los dos"), ("es", "ya hice el curso de excel", "ambos"),
     ("es", "ya hice el curso de excel", "todos"), ("es", "ya hice el curso de excel",
     "los dos ya los hice"), ("en", "I already did the Excel course", "both of them"),
     ("en", "I already did the Excel course", "all of them"),
     ("en", "I already did the Excel course", "I did both"),
     # a bare "both" is read as "cancel" by the intent model: still the answer
     ("en", "I already did the Excel course", "both")],
)  # fmt: skip
def test_both_and_all_record_every_course_asked_about(
    speaker: Callable[..., Api], lang: str, claim: str, answer: str
) -> None:
    api = speaker(lang, reads=BOTH if lang == "en" else None)
    _excel_path(api)
    say = Conversation(api)
    say("muéstrame mi ruta" if lang == "es" else "show me my pathway")
    asked = say(claim)
    assert asked["pending"] is True, asked["reply"]
    options = asked["data"]["course_options"]
    assert options == ["C002", "C003"], asked["reply"]
    reply = say(answer)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert "courses_feedback" in reply["data"], (reply["reply"], reply["intent"], reply["skill"])
    assert [r["course_id"] for r in reply["data"]["courses_feedback"]] == options
    stored = _latest(api)
    assert not {"C002", "C003"} & {s["course_id"] for s in stored["steps"]}


@pytest.mark.parametrize("answer", ["el primero y el quinto", "los tres", "ni el uno ni el otro"])
def test_an_unclear_several_asks_again(speaker: Callable[..., Api], answer: str) -> None:
    api = speaker("es")
    _excel_path(api)
    say = Conversation(api)
    say("muéstrame mi ruta")
    asked = say("ya hice el curso de excel")
    reply = say(answer)
    assert reply["pending"] is True, reply["reply"]
    assert asked["data"]["course_options"] == ["C002", "C003"]
    assert _latest(api)["feedback"] == {}


@pytest.mark.parametrize(
    ("text", "picked"),
    [("los dos", ["b", "c"]), ("both", ["b", "c"]), ("el 2 y el 3", ["b", "c"]),
     ("the second and the third", ["b", "c"]), ("todos", ["b", "c"]), ("el segundo", None),
     ("los dos no", None), ("los dos son caros?", None), ("el primero y el segundo", None),
     ("los tres", None)],
)  # fmt: skip
def test_what_picks_several_courses(text: str, picked: list[str] | None) -> None:
    assert answered_courses(text, [(2, "b"), (3, "c")]) == picked


# -- finding 4: a value reached through a question counts as said ------------------------------
@pytest.mark.parametrize(
    ("lang", "per_day", "days", "later", "note"),
    [
        ("en", "I can study 2 hours a day", "3 days", "my budget is 500 soles", "6 hours a week"),
        ("es", "puedo estudiar 2 horas al día", "3 días", "tengo 500 soles para cursos",
         "6 horas por semana"),
        ("es", "puedo estudiar 3 horas diarias", "dos días", "mi presupuesto es 500 soles",
         "6 horas por semana"),
    ],
)  # fmt: skip
def test_hours_reached_through_the_days_question_are_not_assumed(
    speaker: Callable[..., Api], lang: str, per_day: str, days: str, later: str, note: str
) -> None:
    api = speaker(lang, reads=BOTH if lang == "en" else None)
    say = Conversation(api)
    asked = say(per_day)
    assert asked["pending"] is True, asked["reply"]
    stored = say(days)
    assert profile_of(api)["hours_per_week"] == 6.0  # the starting figure, but said
    assert note not in _assumed(stored), stored["reply"]
    reply = say(later)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert note not in _assumed(reply), reply["reply"]
    again = api.chat(later)  # a new conversation
    assert note not in _assumed(again), again["reply"]


@pytest.mark.parametrize(("lang", "cancel"), [("en", "cancel"), ("es", "cancela")])
def test_cancel_still_cancels_the_course_question(
    speaker: Callable[..., Api], lang: str, cancel: str
) -> None:
    api = speaker(lang, reads=BOTH if lang == "en" else None)
    _excel_path(api)
    say = Conversation(api)
    say("muéstrame mi ruta" if lang == "es" else "show me my pathway")
    say("ya hice el curso de excel" if lang == "es" else "I already did the Excel course")
    reply = say(cancel)
    assert reply["pending"] is False, reply["reply"]
    assert _latest(api)["feedback"] == {}
