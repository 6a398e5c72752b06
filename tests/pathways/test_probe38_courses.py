"""Probe 38, J-M5, J-M6 and J-M8: "ese curso de quechua no es para mí, yo hablo quechua desde
niña" was recorded as a plain rejection and Quechua stayed "still to learn"; the note that
explains a step taking the place of a turned-down course (Electricidad Básica, S/ 420, for the
free Seguridad y Salud en el Trabajo) was said on the first path after the rejection only, never
by the next ones nor by ``slipway chat``; ``PATCH /v1/users/me/profile`` stored any goal that held
a role's word ("xyz analyst", "data", the typo "data analist") as typed, while "electrisista"
was refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from models.ranker import Ranker
from tests.app.conftest import Api
from tests.pathways.conftest import (
    BOTH,
    Conversation,
    set_profile,
    skills_of,
)

SHOW = {"es": "muéstrame mi ruta", "en": "show me my pathway"}


def _steps(reply: dict[str, Any]) -> list[str]:
    return [s["course_id"] for s in reply["data"]["pathway"]["steps"]]


# -- J-M5: a course turned down because what it teaches is known ---------------------------------
def _quechua_path(api: Api, lang: str) -> Conversation:
    """Yesenia's profile (a cook in Cusco), her path shown: it holds Quechua Básico (C060)."""
    set_profile(api, goal_role="cook", region="Cusco", hours_per_week=10, budget_pen=3000)
    say = Conversation(api)
    path = say(SHOW[lang])
    assert "C060" in _steps(path), path["reply"]
    return say


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        # as reported
        ("es", "ese curso de quechua no es para mí, yo hablo quechua desde niña"),
        # variants of our own
        ("es", "el de quechua no me sirve, lo hablo desde niña"),
        ("es", "ese curso de quechua no es para mi, ya hablo quechua"),
        ("en", "the quechua course is not for me, I speak quechua since I was a child"),
        ("en", "the Quechua course is not for me, I speak it"),
    ],
)
def test_a_course_turned_down_because_its_language_is_spoken_is_known(
    speaker: Callable[..., Api], lang: str, text: str
) -> None:
    api = speaker(lang, BOTH if lang == "en" else None)
    say = _quechua_path(api, lang)
    reply = say(text)
    # before: rejected, nothing stored, "Aún por aprender para cocinero: Quechua"
    assert reply["data"]["course_feedback"] == {"course_id": "C060", "action": "completed"}
    assert skills_of(api) == {"quechua_basics": 2}, reply["reply"]  # as "hablo quechua"
    known = {
        "es": "ya sabes lo que enseña Quechua Básico para Servicios (Quechua)",
        "en": "you already know what Quechua Básico para Servicios teaches (Quechua)",
    }
    assert known[lang] in reply["reply"], reply["reply"]
    assert "C060" not in _steps(reply)
    assert not [n for n in reply["data"]["pathway"]["notes"] if "Quechua" in n], reply["reply"]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("es", "ese curso de quechua no es para mí"),
        ("es", "ese curso de quechua no es para mí, no hablo quechua"),
        ("es", "el de quechua no me sirve, no lo hablo"),
        ("es", "quechua basico para servicios no es para mi"),
        ("en", "the quechua course is not for me, I don't speak quechua"),
    ],
)
def test_a_course_turned_down_without_saying_its_content_is_known_is_rejected(
    speaker: Callable[..., Api], lang: str, text: str
) -> None:
    api = speaker(lang, BOTH if lang == "en" else None)
    say = _quechua_path(api, lang)
    reply = say(text)
    assert reply["data"]["course_feedback"] == {"course_id": "C060", "action": "rejected"}
    assert skills_of(api) == {}, reply["reply"]  # the course's title is no level ("Básico")


@pytest.mark.parametrize(
    "text", ["no hablo quechua", "I don't speak Quechua", "no hablo nada de quechua"]
)
def test_not_speaking_quechua_is_no_claim(ranker: Ranker, text: str) -> None:
    from app.pathways import read_message

    assert "skills" not in read_message(ranker.catalog, text)  # before: Quechua at level 2
