"""An app serving the small ranker (tests/conftest.py: ``ranker_folder``, ``pathways_release``)
next to the intent model, on a fresh SQLite database migrated by Alembic."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from models.ranker import Ranker
from tests.app.conftest import (  # noqa: F401
    Api,
    SharedDatabase,
    app_for,
    make_user,
    pg,
    pg_template,
    settings_for,
    shared_database,
    sqlite_copy,
    sqlite_scratch,
    sqlite_template,
)


@pytest.fixture
def database_url(request: pytest.FixtureRequest) -> str:
    """SQLite only (the shared file, restored: tests/app/conftest.py)."""
    shared: SharedDatabase = request.getfixturevalue("shared_database")
    return shared.restore()


def ranker_app(
    request: pytest.FixtureRequest,
    trained: Any,
    pathways_release: Path,
    ranker_folder: Path,
    database_url: str,
) -> Iterator[Any]:
    """An app serving the small ranker over ``database_url``."""
    from app.settings import AppSettings

    longest = AppSettings.model_fields["max_text_chars"].default  # the default, not the tests' 500
    settings = settings_for(trained, pathways_release, database_url).model_copy(
        update={"ranker_path": ranker_folder, "max_text_chars": longest}
    )
    with app_for(request, settings) as application:
        yield application


@pytest.fixture
def app(
    request: pytest.FixtureRequest,
    trained: Any,
    pathways_release: Path,
    ranker_folder: Path,
    database_url: str,
) -> Iterator[Any]:
    yield from ranker_app(request, trained, pathways_release, ranker_folder, database_url)


@pytest.fixture
def api(app: Any) -> Api:
    token, user_id = make_user(app, "rosa.quispe", "America/Lima")
    return Api(app.test_client(), token, user_id, "rosa.quispe")


def feedback(api: Api, recommendation_id: int, course_id: str, action: str) -> Any:
    """``POST /v1/pathways/feedback`` for one course of a recommendation (201 asserted)."""
    r = api.post(
        "/v1/pathways/feedback",
        json={"recommendation_id": recommendation_id, "course_id": course_id, "action": action},
    )
    assert r.status_code == 201, r.json
    return r


@pytest.fixture(scope="module")
def ranker(ranker_folder: Path) -> Ranker:
    return Ranker.load(ranker_folder)


@pytest.fixture
def speaker(app: Any) -> Callable[[str], Api]:
    """A new user who speaks ``lang`` (their locale set by PATCH /v1/users/me); ``reads``: the
    languages they read, when not only their locale's (a profile starts with that one)."""
    count = iter(range(100))

    def make(lang: str, reads: list[str] | None = None) -> Api:
        name = f"job.seeker.{next(count)}"
        token, user_id = make_user(app, name, "America/Lima")
        api = Api(app.test_client(), token, user_id, name)
        r = api.patch("/v1/users/me", json={"locale": lang})
        assert r.status_code == 200, r.json
        if reads is not None:
            reads_languages(api, reads)
        return api

    return make


def profile_of(api: Api) -> dict[str, Any]:
    r = api.get("/v1/users/me/profile")
    assert r.status_code == 200, r.json
    return dict(r.json)


def skills_of(api: Api) -> dict[str, int]:
    return {s["skill"]: s["level"] for s in profile_of(api)["skills"]}


class Conversation:
    """One conversation of ``api``'s user: each call sends a message in it."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self.id: int | None = None

    def __call__(self, message: str) -> dict[str, Any]:
        reply = self.api.chat(message, self.id)
        self.id = reply["conversation_id"]
        return reply


def set_profile(api: Api, **fields: Any) -> dict[str, Any]:
    """``fields`` stored in ``api``'s profile through the API; the profile it answers."""
    r = api.patch("/v1/users/me/profile", json=fields)
    assert r.status_code == 200, r.json
    return dict(r.json)


#: The languages of a learner who reads both (an English-locale profile starts with English
#: alone: Spanish is read only once said)
BOTH = ["es", "en"]


def reads_languages(api: Api, languages: list[str]) -> None:
    """Store the languages ``api``'s user reads, as the page and ``PATCH /v1/users/me/profile``
    do (a test whose learner reads more than their locale's language says so)."""
    set_profile(api, languages=languages)


#: ``speaker(lang, reads=SPANISH_TOO[lang])``: an English speaker who reads Spanish too, a
#: Spanish speaker as their locale says
SPANISH_TOO: dict[str, list[str] | None] = {"en": BOTH, "es": None}
