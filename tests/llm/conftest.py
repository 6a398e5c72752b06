"""An app with the LLM path on, pointed at the fake OpenAI-compatible server (bench/fake_openai.py),
on the same databases as tests/app (SQLite; Postgres where the test asks for it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from prometheus_client import REGISTRY

from bench.fake_openai import FakeOpenAI, openai_server
from tests.app.conftest import (  # noqa: F401  (fixtures)
    Api,
    database_url,
    daytime,
    make_user,
    pg,
    pg_template,
    shared_database,
    sqlite_scratch,
    sqlite_template,
)
from tests.conftest import ROOT, free_port
from tests.e2e.test_browser import browser  # noqa: F401  (fixture)

# Small numbers so that every fault ends well inside a second or two.
LLM = {
    "openai_api_key": "test-key",
    "llm_model": "gpt-4o-mini",
    "llm_timeout": 0.5,
    "llm_max_retries": 2,
    "llm_backoff": 0.05,
    "llm_deadline": 2.0,
    "llm_breaker_failures": 50,
    "llm_breaker_cooldown": 30.0,
    "llm_max_confidence": 1.0,  # every in-scope intent goes to the LLM (oos stays local)
}


@pytest.fixture(scope="session")
def fake() -> Iterator[FakeOpenAI]:
    with openai_server() as server:
        yield server


@pytest.fixture
def settings_for(trained, release_file, database_url: str):  # type: ignore[no-untyped-def]  # noqa: F811
    from app.settings import AppSettings

    _, _, folder = trained

    def build(**overrides: Any) -> AppSettings:
        values: dict[str, Any] = {
            "release_file": release_file,
            "model_path": folder,
            "max_text_chars": 500,
            "database_url": database_url,
            "knowledge_dir": ROOT / "data" / "knowledge",
            "redis_url": None,
            "rate_limit": "1000/minute",
            **LLM,
            **overrides,
        }
        return AppSettings(**values)

    return build


@pytest.fixture
def make_app(settings_for):  # type: ignore[no-untyped-def]
    from app import create_app
    from app.db import engine_of

    made: list[Any] = []

    def build(**overrides: Any) -> Any:
        application = create_app(settings_for(**overrides))
        made.append(application)
        return application

    yield build
    for application in made:
        engine_of(application).dispose()


@pytest.fixture
def app(make_app, fake: FakeOpenAI):  # type: ignore[no-untyped-def]
    fake.script()
    fake.default = None
    return make_app(openai_base_url=fake.url)


@pytest.fixture
def api(app) -> Api:  # type: ignore[no-untyped-def]
    token, user_id = make_user(app, "ana", "America/Lima")
    return Api(app.test_client(), token, user_id, "ana")


@pytest.fixture
def other(app) -> Api:  # type: ignore[no-untyped-def]
    token, user_id = make_user(app, "bruno", "Europe/Madrid")
    return Api(app.test_client(), token, user_id, "bruno")


@pytest.fixture
def closed_port() -> int:
    return free_port()  # nothing listens there: connection refused


class Metrics:
    """Deltas of the process's Prometheus samples since the fixture was made."""

    def __init__(self) -> None:
        self.before = self._read()

    @staticmethod
    def _read() -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
        out = {}
        for family in REGISTRY.collect():
            for s in family.samples:
                out[(s.name, tuple(sorted(s.labels.items())))] = s.value
        return out

    def delta(self, name: str, **labels: str) -> float:
        key = (name, tuple(sorted(labels.items())))
        return self._read().get(key, 0.0) - self.before.get(key, 0.0)

    def value(self, name: str, **labels: str) -> float:
        return self._read().get((name, tuple(sorted(labels.items()))), 0.0)


@pytest.fixture
def metrics() -> Metrics:
    return Metrics()


def llm_server_env(
    trained: Any, release_file: Path, fake: FakeOpenAI, tmp_path: Path, **extra: str | None
) -> dict[str, str | None]:
    """A gunicorn server's environment (``tests.servers.gunicorn_server``) with the LLM path
    pointed at ``fake``: one worker of four threads, SQLite in ``tmp_path``, every message
    routed to the model; ``extra`` over it."""
    _, _, folder = trained
    metrics_dir = tmp_path / "prometheus"
    metrics_dir.mkdir(exist_ok=True)
    return {
        "SLIPWAY_WORKERS": "1",
        "SLIPWAY_THREADS": "4",
        "SLIPWAY_RELEASE_FILE": str(release_file),
        "SLIPWAY_MODEL_PATH": str(folder),
        "SLIPWAY_DATABASE_URL": f"sqlite:///{tmp_path / 'assistant.db'}",
        "SLIPWAY_KNOWLEDGE_DIR": str(Path(__file__).resolve().parents[2] / "data" / "knowledge"),
        "SLIPWAY_RATE_LIMIT": "10000/minute",
        "SLIPWAY_REDIS_URL": None,
        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
        "OPENAI_API_KEY": "test-key",
        "OPENAI_BASE_URL": fake.url,
        "SLIPWAY_LLM_MAX_CONFIDENCE": "1.0",
        **extra,
    }
