"""What the fourteenth independent tester found in the job-seeker dialogue (stop 39): a native
English speaker could not say so ("I'm a native English speaker", "my English is C2", "soy
nativo de inglés" were refused or asked for a catalog level) and was sent to English courses; a
goal whose courses were all completed was answered "raise the budget or hours, add a
language"; and "I already did the first and the second" right after a path was answered from
the knowledge base (campus accessibility) instead of recording both courses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from app.pathways import read
from models.ranker import Ranker
from tests.app.conftest import Api
from tests.pathways.conftest import BOTH, Conversation, profile_of, set_profile, skills_of

#: The English courses of the catalog (English A2, B1, B2, for call centers, business)
ENGLISH_COURSES = {"C026", "C027", "C028", "C029", "C030"}


def _steps(reply: dict[str, Any]) -> list[str]:
    return [s["course_id"] for s in reply["data"]["pathway"]["steps"]]


# -- finding 1: a native (or C1/C2) English speaker is above the catalog's levels ---------------
NATIVE_EN = [
    "I'm a native English speaker",
    "English is my first language",
    "my native language is English",
    "my mother tongue is English",
    "I'm a native speaker of English",
    "my English is C2",
    "my English is C1",
    "I have C1 English",
    "my English is native",
]
NATIVE_ES = [
    "soy nativo de inglés",
    "mi lengua materna es el inglés",
    "el inglés es mi idioma nativo",
    "el inglés es mi primer idioma",
    "soy hablante nativa de inglés",
    "mi inglés es C2",
    "mi inglés es nativo",
    "soy anglohablante",
]


@pytest.mark.parametrize(
    ("lang", "text"), [("en", t) for t in NATIVE_EN] + [("es", t) for t in NATIVE_ES]
)
def test_a_native_english_speaker_stores_the_catalogs_highest_level(
    speaker: Callable[[str], Api], lang: str, text: str
) -> None:
    api = speaker(lang, BOTH)
    say = Conversation(api)
    say("I want to be a tour guide in Cusco" if lang == "en" else "quiero ser guía de turismo")
    reply = say(text)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert skills_of(api).get("english_b2") == 3, reply["reply"]
    assert "en" in profile_of(api)["languages"]
    # said in the reply: stored as the highest level, English courses left out
    if lang == "en":
        assert "more than the course catalog's highest level" in reply["reply"], reply["reply"]
        assert "I did not store an English level" not in reply["reply"]
    assert not ENGLISH_COURSES & set(_steps(reply)), reply["reply"]
    assert "English B2" not in _still(reply)
    assert "Inglés B2" not in _still(reply)


def _still(reply: dict[str, Any]) -> str:
    """The reply's "Still to learn" line ("" when none)."""
    lines = str(reply["reply"]).splitlines()
    return next((x for x in lines if x.startswith(("Still to learn", "Aún por aprender"))), "")


@pytest.mark.parametrize(
    "text",
    [
        "I want to be a bilingual call center agent in Lima, I'm a native speaker of English",
        "quiero ser agente bilingüe de call center en Lima, soy nativo de inglés",
    ],
)
def test_no_english_course_for_a_native_even_one_teaching_something_else(
    speaker: Callable[[str], Api], text: str
) -> None:
    # "English for Call Centers" teaches customer service too: still an English course
    api = speaker("en", BOTH)
    reply = Conversation(api)(text)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert not ENGLISH_COURSES & set(_steps(reply)), reply["reply"]
    assert profile_of(api)["goal_role"] == "bilingual call center agent"


def test_business_english_is_left_out_for_a_c2_speaker(speaker: Callable[[str], Api]) -> None:
    api = speaker("en", BOTH)
    set_profile(api, goal_role="financial analyst", region="Lima", hours_per_week=20)
    reply = Conversation(api)("my English is C2")
    assert "C030" not in _steps(reply), reply["reply"]
    assert "Business English" not in _still(reply), reply["reply"]


@pytest.mark.parametrize(
    "text",
    [
        "I'm not a native English speaker",
        "English is not my first language",
        "no soy nativo de inglés",
        "I want to reach C1 English",
        "do you have courses for native English speakers?",
        "quiero llegar a inglés C1",
    ],
)
def test_no_native_claim_stores_nothing(ranker: Ranker, text: str) -> None:
    heard = read(ranker.catalog, text)
    assert "english_b2" not in heard.facts.get("skills", {}), heard.facts
    assert not heard.native


@pytest.mark.parametrize(
    "text",
    [
        "I'm a native Spanish speaker",
        "Spanish is my first language",
        "soy hispanohablante",
        "mi lengua materna es el español",
    ],
)
def test_a_native_spanish_speaker_reads_spanish(speaker: Callable[[str], Api], text: str) -> None:
    # the catalog teaches no Spanish course: Spanish is a language read, nothing else stored
    api = speaker("en")
    say = Conversation(api)
    say("I want to be a tour guide in Cusco")
    reply = say(text)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert profile_of(api)["languages"] == ["es", "en"]
    assert not any(s.startswith("spanish") for s in skills_of(api))


def test_english_c2_stated_for_another_situation_changes_nothing(
    speaker: Callable[[str], Api],
) -> None:
    api = speaker("en", BOTH)
    say = Conversation(api)
    say("I want to be a tour guide in Cusco")
    say("what if my budget was 500 soles?")
    assert "english_b2" not in skills_of(api)


# -- finding 2: every course of the goal completed: nothing is left to learn --------------------
@pytest.mark.parametrize(
    ("lang", "goal", "done"),
    [
        ("en", "I want to be a hotel receptionist in Cusco, 10 hours a week",
         "I already did the first and the second"),
        ("es", "quiero ser recepcionista de hotel en Cusco, 10 horas a la semana",
         "ya hice el primero y el segundo"),
    ],
)  # fmt: skip
def test_a_goal_whose_courses_are_all_completed_says_so_and_offers_another(
    speaker: Callable[[str], Api], lang: str, goal: str, done: str
) -> None:
    # a Spanish-locale learner: an English-locale one's English is taken as B2 until said
    api = speaker("es", BOTH)
    say = Conversation(api)
    first = say(goal)
    assert len(_steps(first)) == 4, first["reply"]
    half = say(done)
    assert len(_steps(half)) == 2, half["reply"]
    last = say(done)
    assert last["skill"] == "learning_path", last["reply"]
    assert _steps(last) == []
    text = last["reply"]
    for wrong in ("raise the budget", "could not fit", "sube el presupuesto", "No encontré"):
        assert wrong not in text, text
    # the goal's skills said covered, and another goal offered (English until the lead merges
    # the Spanish text)
    assert "nothing is left to learn for this goal" in text or "nada por aprender" in text, text
    assert "What next?" in text or "¿Y ahora?" in text, text
    api_text = api.post("/v1/pathways/recommend", json={}).json["explanation"]
    assert "raise the budget" not in api_text
    assert "sube el presupuesto" not in api_text


def test_a_goal_not_fitting_the_budget_still_says_what_keeps_it_out(
    speaker: Callable[[str], Api],
) -> None:
    # nothing completed: the budget note stays (the new text is only for a covered goal)
    api = speaker("en", BOTH)
    set_profile(api, goal_role="data analyst", region="Lima", budget_pen=0)
    reply = Conversation(api)("show me my pathway")
    assert _steps(reply) == ["C001"]  # its free first step alone (h229: the path was empty)
    assert "None of the courses that teach what data analyst jobs ask for" in reply["reply"]
    assert "nothing is left to learn" not in reply["reply"], reply["reply"]


# -- finding 3: several courses of the path said at once are all recorded -----------------------
def _shown(api: Api, lang: str) -> tuple[Conversation, list[str]]:
    # a five-step path: with Ruta Academy's own prices (P44-M10: Excel Intermedio S/ 220, Power
    # BI Básico S/ 290) S/ 850 buys four steps, S/ 1,300 five
    set_profile(api, goal_role="data analyst", region="Lima", budget_pen=1300, hours_per_week=8)
    say = Conversation(api)
    path = say("show me my pathway" if lang == "en" else "muéstrame mi ruta")
    return say, _steps(path)


@pytest.mark.parametrize(
    ("lang", "text", "positions"),
    [
        ("en", "I already did the first and the second", [1, 2]),
        ("en", "I already did the first course and the second course", [1, 2]),
        ("en", "the first and the second are done", [1, 2]),
        ("en", "I've done the first two", [1, 2]),
        ("en", "I already did the first and the third", [1, 3]),
        ("en", "I already did the last two", [4, 5]),
        ("en", "not the second and the third", [2, 3]),
        ("es", "ya hice el primero y el segundo", [1, 2]),
        ("es", "el primero y el segundo ya los hice", [1, 2]),
        ("es", "ya terminé el primero y el segundo", [1, 2]),
        ("es", "ya llevé el primer y el segundo curso", [1, 2]),
        ("es", "ya hice el 1 y el 3", [1, 3]),
    ],
)  # fmt: skip
def test_several_courses_said_right_after_the_path_are_all_recorded(
    speaker: Callable[[str], Api], lang: str, text: str, positions: list[int]
) -> None:
    api = speaker(lang, BOTH)
    say, steps = _shown(api, lang)
    assert len(steps) == 5, steps
    reply = say(text)
    assert reply["skill"] == "learning_path", reply["reply"]
    action = "rejected" if text.startswith("not") else "completed"
    assert reply["data"]["courses_feedback"] == [
        {"course_id": steps[p - 1], "action": action} for p in positions
    ], reply["reply"]
    assert not {steps[p - 1] for p in positions} & set(_steps(reply))


@pytest.mark.parametrize(
    ("lang", "text"), [("en", "I already did the first and the second"),
                       ("es", "ya hice el primero y el segundo")]
)  # fmt: skip
def test_several_positions_past_a_short_path_record_nothing(
    speaker: Callable[[str], Api], lang: str, text: str
) -> None:
    # a Spanish-locale learner: an English-locale one's English is taken as B2 until said
    api = speaker("es", BOTH)
    set_profile(api, goal_role="tour guide", region="Cusco", hours_per_week=6)
    say = Conversation(api)
    path = say("show me my pathway" if lang == "en" else "muéstrame mi ruta")
    assert len(_steps(path)) == 1, path["reply"]
    reply = say(text)
    assert reply["skill"] == "learning_path", reply["reply"]
    assert "courses_feedback" not in reply["data"], reply["reply"]
    assert "only 1 course" in reply["reply"] or "solo 1 curso" in reply["reply"], reply["reply"]


@pytest.mark.parametrize(
    "text",
    [
        "is the computer lab on the second floor accessible?",
        "are the first and second floors accessible?",
        "¿puedo pagar la segunda cuota después?",
        "¿el laboratorio del segundo piso es accesible?",
    ],
)
def test_the_knowledge_base_still_answers_its_questions_after_a_path(
    speaker: Callable[[str], Api], text: str
) -> None:
    api = speaker("en", BOTH)
    say, _ = _shown(api, "en")
    reply = say(text)
    assert reply["skill"] == "knowledge", reply["reply"]
    assert "courses_feedback" not in reply["data"]
