"""Pathway follow-ups (probe 45, P45-M2) and a pending level question that swallowed other
turns (P45-M3).

P45-M2: "arma mi ruta" was out of scope; es-AR "mostrame mi ruta" went to the calendar; "y el de
excel intermedio?" after a path repeated the whole path with no price; "is the power bi course
in person or online?" repeated the course's line without its modality (hybrid).
P45-M3: while "How well do you know SQL?" waited, "I know sql pretty well, can work with it" was
asked again (an option's words inside a sentence were not taken), and "is it in person or
online?" got "Sorry, I didn't catch that. How well do you know SQL?"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.app.conftest import Api
from tests.pathways.conftest import BOTH, Conversation, set_profile, skills_of

ANALYST = {"goal_role": "data analyst", "region": "Lima", "budget_pen": 1300, "hours_per_week": 8}
SHOW = {"en": "show me my pathway", "es": "muéstrame mi ruta"}
LEVEL_ASKED = {"en": "How well do you know SQL?", "es": "¿Qué tan bien manejas SQL?"}


def _after_path(speaker: Callable[..., Api], lang: str) -> Conversation:
    """A data analyst's conversation right after their path (Computación Básica, Excel
    Intermedio, Excel Avanzado, Power BI Básico, Estadística Aplicada)."""
    api = speaker(lang, BOTH if lang == "en" else None)
    set_profile(api, **ANALYST)
    say = Conversation(api)
    path = say(SHOW[lang[:2]])
    assert path["skill"] == "learning_path", path
    assert "Power BI Básico" in path["reply"], path
    assert "Excel Intermedio" in path["reply"], path
    return say


# -- asking for the path --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("es-PE", "arma mi ruta"),
        ("es-AR", "mostrame mi ruta"),
        ("es-AR", "¿me armás mi ruta?"),
        ("es-AR", "armame mi ruta de aprendizaje porfa"),
        ("es-AR", "me podés armar mi ruta?"),
        ("es-CO", "muéstreme mi ruta"),
        ("es-PE", "hazme mi ruta"),
        ("es-PE", "créame una ruta de aprendizaje"),
        ("en", "build my pathway"),
        ("en", "can you make me a learning path?"),
        ("en", "put together my study plan please"),
    ],
)
def test_a_request_for_the_path_shows_it(
    speaker: Callable[..., Api], lang: str, message: str
) -> None:
    api = speaker(lang, BOTH if lang == "en" else None)
    set_profile(api, **ANALYST)
    reply = Conversation(api)(message)
    assert reply["skill"] == "learning_path", reply
    assert reply["data"]["pathway"]["steps"], reply["reply"]


@pytest.mark.parametrize(
    ("message", "path"),
    [
        ("arma mi ruta", True),
        ("mostrame mi ruta", True),
        ("muéstreme mi ruta", True),
        ("¿me haces una ruta?", True),
        ("make me a study plan", True),
        ("dame una ruta para ir a Miraflores", False),
        ("crea una ruta de bus", False),
        ("arma mi agenda", False),
        ("mostrame mi calendario", False),
    ],
)
def test_which_messages_ask_for_the_path(message: str, path: bool) -> None:
    from app.pathways import asks_for_path

    assert asks_for_path(message) is path


# -- a course of the path, named after it ---------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "message", "says"),
    [
        # as reported
        ("es-AR", "y el de excel intermedio?", ("S/ 220", "24 h", "híbrido")),
        ("en", "and the excel intermedio one?", ("S/ 220", "24 h", "hybrid")),
        # variants
        ("es", "¿y el de power bi?", ("S/ 290", "24 h", "híbrido")),
        ("es-AR", "y el de estadística?", ("S/ 450", "40 h", "híbrido")),
        ("en", "what about the power bi one?", ("S/ 290", "24 h", "hybrid")),
        ("en", "and the statistics one?", ("S/ 450", "40 h", "hybrid")),
    ],
)
def test_the_course_named_after_a_path_is_answered(
    speaker: Callable[..., Api], lang: str, message: str, says: tuple[str, ...]
) -> None:
    say = _after_path(speaker, lang)
    reply = say(message)
    assert reply["skill"] == "learning_path", reply
    for words in says:
        assert words in reply["reply"], reply["reply"]
    # that course, not the whole path again
    assert len(reply["data"]["courses"]) == 1, reply["reply"]
    numbered = [line for line in reply["reply"].splitlines() if line[:1].isdigit()]
    assert len(numbered) <= 1, reply["reply"]


@pytest.mark.parametrize(
    ("lang", "message", "says", "not_said"),
    [
        # as reported
        ("en", "is the power bi course in person or online?",
         "Power BI Básico is hybrid: part in person, part online.", "4. Power BI"),
        # variants
        ("es-AR", "el de power bi es presencial o virtual?",
         "Power BI Básico es híbrido: una parte presencial y otra en línea.", "4. Power BI"),
        ("es", "¿el primer curso es presencial?",
         "Computación Básica para el Trabajo se dicta de forma presencial.", "1. Computación"),
        ("en", "is the first course online?",
         "Computación Básica para el Trabajo is taught in person.", "1. Computación"),
        ("es", "¿qué modalidad tiene el curso de estadística?",
         "Estadística Aplicada es híbrido", "5. Estadística"),
    ],
)  # fmt: skip
def test_how_a_course_of_the_path_is_taught(
    speaker: Callable[..., Api], lang: str, message: str, says: str, not_said: str
) -> None:
    say = _after_path(speaker, lang)
    reply = say(message)
    assert reply["skill"] == "learning_path", reply
    assert says in reply["reply"], reply["reply"]
    assert not_said not in reply["reply"], reply["reply"]  # not the step's line repeated


# -- P45-M3: the pending level question -----------------------------------------------------------
def _level_asked(speaker: Callable[..., Api], lang: str) -> Conversation:
    say = _after_path(speaker, lang)
    asked = say("I know sql pretty well" if lang == "en" else "sé sql bastante bien")
    assert LEVEL_ASKED[lang[:2]] in asked["reply"], asked["reply"]
    assert asked["pending"], asked
    return say


@pytest.mark.parametrize(
    ("lang", "answer", "level"),
    [
        # as reported
        ("en", "I know sql pretty well, can work with it", 2),
        # variants
        ("en", "pretty well, I can work with it", 2),
        ("en", "I'd say I know SQL pretty well, I can work with that", 2),
        ("en", "I know sql really well, expert", 3),
        ("es", "sé sql bastante bien, puedo trabajar con ello", 2),
        ("es-AR", "lo manejo bastante bien, puedo trabajar con eso", 2),
        ("es-AR", "sé sql bastante bien, a nivel experto", 3),
    ],
)
def test_an_answer_with_an_options_words_is_that_option(
    speaker: Callable[..., Api], lang: str, answer: str, level: int
) -> None:
    say = _level_asked(speaker, lang)
    reply = say(answer)
    assert LEVEL_ASKED[lang[:2]] not in reply["reply"], reply["reply"]
    assert skills_of(say.api).get("sql") == level


@pytest.mark.parametrize(
    ("lang", "message"),
    [("en", "I know SQL pretty well, I can work with it"),
     ("es", "sé SQL bastante bien, puedo trabajar con ello")],
)  # fmt: skip
def test_the_same_said_at_once_is_not_asked(
    speaker: Callable[..., Api], lang: str, message: str
) -> None:
    say = _after_path(speaker, lang)
    reply = say(message)
    assert LEVEL_ASKED[lang[:2]] not in reply["reply"], reply["reply"]
    assert skills_of(say.api).get("sql") == 2


@pytest.mark.parametrize(
    ("lang", "question", "says"),
    [
        # as reported
        ("en", "is it in person or online?", "Power BI Básico is hybrid"),
        # variants
        ("en", "is the power bi course in person or online?", "Power BI Básico is hybrid"),
        ("en", "how much is the second course?", "Excel Intermedio costs S/ 220"),
        ("es-AR", "es presencial o virtual?", "Power BI Básico es híbrido"),
        ("es", "¿el primer curso es presencial o en línea?",
         "Computación Básica para el Trabajo se dicta de forma presencial"),
    ],
)  # fmt: skip
def test_a_question_while_the_level_waits_is_answered_and_the_level_kept(
    speaker: Callable[..., Api], lang: str, question: str, says: str
) -> None:
    say = _level_asked(speaker, lang)
    reply: dict[str, Any] = say(question)
    assert says in reply["reply"], reply["reply"]
    for swallowed in ("Sorry, I didn't catch that", "Perdón, no te entendí"):
        assert swallowed not in reply["reply"], reply["reply"]
    # the question asked again after the answer, and still waiting
    assert reply["reply"].rstrip().endswith("«experto».") or reply["reply"].rstrip().endswith(
        "“expert”."
    ), reply["reply"]
    assert reply["pending"], reply
    answered = say("can work with it" if lang == "en" else "puedo trabajar con ello")
    assert answered["pending"] is False, answered
    assert skills_of(say.api).get("sql") == 2
