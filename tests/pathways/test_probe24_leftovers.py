"""What the 24th independent tester found in the pathway chat and left for this stop: "tengo
experiencia en atención al cliente" stored Customer service at level 2 without asking (finding
26: in conversation nothing is guessed, so a level not said is asked, with its options, before
anything is stored; a level said is stored at once); money in chat replies written "S/ 4,200"
while the pages write "S/ 4.200" in Spanish (finding 24: one Babel format, ``app.pathways``'s
``soles``; Peru's, es_PE, since stop 44: "S/ 4,200" everywhere)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from tests.app.conftest import Api
from tests.pathways.conftest import BOTH, Conversation, set_profile, skills_of

#: the path the learner asked for first (the tester said the skill in a pathway conversation)
GOAL = {"es": "quiero ser analista de datos", "en": "I want to be a data analyst"}


# -- finding 26: a level not said is asked, never guessed ------------------------------------------
@pytest.mark.parametrize(
    ("lang", "said", "asked", "answer", "level"),
    [
        ("es", "tengo experiencia en atención al cliente",
         "¿Qué tan bien manejas Atención al cliente?", "un poco", 1),
        ("es", "sé Excel y quiero ser asistente contable",
         "¿Qué tan bien manejas Excel?", "experto", 3),
        ("en", "I have experience in customer service",
         "How well do you know Customer service?", "can work with it", 2),
        ("en", "I know Excel, I want to be a data analyst",
         "How well do you know Excel?", "expert", 3),
    ],
)  # fmt: skip
def test_a_level_not_said_is_asked_with_its_options_before_storing(
    speaker: Callable[[str], Api], lang: str, said: str, asked: str, answer: str, level: int
) -> None:
    api = speaker(lang, reads=BOTH)
    say = Conversation(api)
    assert say(GOAL[lang])["pending"] is False
    question = say(said)
    assert question["pending"] is True, question["reply"]
    assert asked in question["reply"]
    options = ("«un poco»", "«puedo trabajar con ello»", "«experto»")
    if lang == "en":
        options = ("“a little”", "“can work with it”", "“expert”")
    assert all(option in question["reply"] for option in options), question["reply"]
    assert "nivel 2" not in question["reply"]
    assert "level 2" not in question["reply"]
    assert skills_of(api) == {}  # nothing stored before the answer
    answered = say(answer)
    assert answered["pending"] is False, answered["reply"]
    assert list(skills_of(api).values()) == [level]


@pytest.mark.parametrize(
    ("lang", "said", "skills"),
    [
        ("es", "tengo experiencia en atención al cliente a nivel básico",
         {"customer_service": 1}),
        ("es", "soy experta en excel", {"excel_basics": 3}),
        ("en", "I have a little experience in customer service", {"customer_service": 1}),
        ("en", "I know Excel at an expert level", {"excel_basics": 3}),
        ("en", "my english is B2", {"english_b2": 2}),  # its level is in its name
        ("es", "hablo quechua", {"quechua_basics": 2}),  # speaking it says it (docs)
    ],
)  # fmt: skip
def test_a_level_said_is_stored_directly(
    speaker: Callable[[str], Api], lang: str, said: str, skills: dict[str, int]
) -> None:
    api = speaker(lang, reads=BOTH)
    say = Conversation(api)
    say(GOAL[lang])
    reply = say(said)
    assert skills_of(api) == skills, reply["reply"]
    assert "How well" not in reply["reply"]
    assert "Qué tan bien" not in reply["reply"]


def test_a_skill_already_stored_keeps_its_level_without_asking(
    speaker: Callable[[str], Api],
) -> None:
    api = speaker("es")
    set_profile(api, skills=[{"skill": "customer_service", "level": 3}])
    say = Conversation(api)
    say(GOAL["es"])
    reply = say("tengo experiencia en atención al cliente")
    assert "Qué tan bien" not in reply["reply"]
    assert skills_of(api) == {"customer_service": 3}


def test_an_english_level_is_no_answer_to_another_skills_level(
    speaker: Callable[[str], Api],
) -> None:
    api = speaker("es")
    say = Conversation(api)
    asked = say("sé excel, quiero ser analista de datos")
    assert "¿Qué tan bien manejas Excel?" in asked["reply"]
    say("mi inglés es intermedio")
    assert "excel_basics" not in skills_of(api)  # "intermedio" was English's, not Excel's


# -- finding 24: money in chat replies as the pages write it ---------------------------------------
def test_the_pay_of_the_jobs_compared_is_written_the_peruvian_way(
    speaker: Callable[[str], Api],
) -> None:
    api = speaker("es")
    say = Conversation(api)
    say("quiero trabajar en un call center")
    compared = say("no sé, cuál paga más?")["reply"]
    assert re.search(r"unos S/ \d,\d{3} al mes", compared), compared
    assert not re.search(r"S/ \d\.\d{3}", compared), compared


@pytest.mark.parametrize(
    ("lang", "said", "noted", "asked", "line"),
    [
        ("es", "mi presupuesto es 1.500 soles", "un presupuesto de S/ 1,500",
         "¿cuál es mi presupuesto?", "S/ 1,500"),
        ("en", "my budget is 1500 soles", "a budget of S/ 1,500", "what is my budget?",
         "S/ 1,500"),
        ("es", "mi presupuesto es S/ 1.500,50", "un presupuesto de S/ 1,500.50",
         "¿cuál es mi presupuesto?", "S/ 1,500.50"),
    ],
)  # fmt: skip
def test_a_budget_is_said_back_as_the_pages_write_money(
    speaker: Callable[[str], Api], lang: str, said: str, noted: str, asked: str, line: str
) -> None:
    api = speaker(lang, reads=BOTH)
    say = Conversation(api)
    assert noted in say(said)["reply"]
    assert line in say(asked)["reply"]


def test_a_monthly_budget_asks_with_money_written_the_peruvian_way(
    speaker: Callable[[str], Api],
) -> None:
    api = speaker("es")
    reply = Conversation(api)("mi presupuesto es de 500 mensuales")["reply"]
    assert re.search(r"S/ \d,\d{3}\b", reply), reply  # the total over the path, "S/ 3,000"
    assert not re.search(r"S/ \d\.\d{3}", reply), reply


def test_a_course_cost_is_written_the_peruvian_way(speaker: Callable[[str], Api]) -> None:
    from app.i18n import reply_locale
    from app.pathways import soles

    with reply_locale("es"):
        assert soles(1080) == "S/ 1,080"
        assert soles(1500.5, cents=True) == "S/ 1,500.50"
        assert soles(1500.0, cents=True) == "S/ 1,500"
    with reply_locale("en"):
        assert soles(1080) == "S/ 1,080"
    api = speaker("es")
    say = Conversation(api)
    set_profile(api, goal_role="auto mechanic", region="Lima", budget_pen=None, hours_per_week=40)
    steps = say("muéstrame mi ruta")["data"]["pathway"]["steps"]
    dear = next(i for i, s in enumerate(steps, 1) if s["cost_pen"] >= 1000)  # S/ 1,300
    ordinal = ["primer", "segundo", "tercer", "cuarto", "quinto", "sexto"][dear - 1]
    reply = say(f"¿cuánto cuesta el {ordinal} curso?")["reply"]
    with reply_locale("es"):
        assert f"cuesta {soles(steps[dear - 1]['cost_pen'])}" in reply, reply
    assert re.search(r"S/ \d,\d{3}", reply), reply
    assert not re.search(r"S/ \d\.\d{3}", reply), reply
