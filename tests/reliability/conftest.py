"""Reliability checks against the real server (gunicorn, the repository's config).

``make test`` runs them in a bounded form; ``make reliability`` sets ``RELIABILITY_FULL=1``
(≥ 1000 generated API cases, longer write loads) and ``RELIABILITY_REPORT=<file>`` to keep the
figures each check measured (``python -m bench.reliability`` prints and publishes them).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.servers import gunicorn_server

FULL = os.environ.get("RELIABILITY_FULL", "").lower() in {"1", "true", "yes"}
pytestmark = pytest.mark.integration


@dataclass
class Live:
    """A running server, its database and the tokens of two users."""

    url: str
    proc: Any
    env: dict[str, str]
    database_url: str
    tokens: dict[str, str]

    def headers(self, user: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[user]}"}

    def get(self, user: str, path: str, **kw: Any) -> requests.Response:
        return requests.get(f"{self.url}{path}", headers=self.headers(user), timeout=15, **kw)

    def post(self, user: str, path: str, body: dict[str, Any]) -> requests.Response:
        return requests.post(f"{self.url}{path}", json=body, headers=self.headers(user), timeout=15)


def add_users(database_url: str, *names: str) -> dict[str, str]:
    from app.db.maintenance import add_user
    from app.db.migrate import upgrade

    upgrade(database_url)
    return {name: add_user(database_url, name, "UTC", "en")[1] for name in names}


def server_env(
    trained: Any, release_file: Path, tmp: Path, database_url: str, **extra: str
) -> dict[str, str | None]:
    _, _, folder = trained
    return {
        # Two workers in the full run (concurrent writers in two processes); one keeps the
        # bounded run's server starts cheap.
        "SLIPWAY_WORKERS": "2" if FULL else "1",
        "SLIPWAY_THREADS": "4",
        "SLIPWAY_RELEASE_FILE": str(release_file),
        "SLIPWAY_MODEL_PATH": str(folder),
        "SLIPWAY_DATABASE_URL": database_url,
        "SLIPWAY_RATE_LIMIT": "100000/minute",
        "SLIPWAY_LLM_TURN_LIMIT": "100000/minute",
        # the fuzzer's ignored-auth check sends bad tokens from this one address: throttling
        # them (tested in tests/app) would leave the other operations answering 429
        "SLIPWAY_AUTH_FAILURE_LIMIT": "100000/minute",
        "SLIPWAY_REDIS_URL": None,  # unset: limits and cache in memory
        "SLIPWAY_LOG_LEVEL": "WARNING",
        "SLIPWAY_DB_UPGRADE_ON_START": "false",  # add_users() migrated the database
        "SLIPWAY_GRACEFUL_TIMEOUT": "5",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp / "prometheus"),
        **extra,
    }


@pytest.fixture(scope="session")
def live(  # type: ignore[no-untyped-def]
    trained,
    pathways_release: Path,
    ranker_folder: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Live]:
    """One server, every feature on (intent model and pathway ranker), shared by the checks that
    do not stop it (generous rate limit)."""
    tmp = tmp_path_factory.mktemp("live")
    database_url = f"sqlite:///{tmp / 'assistant.db'}"
    tokens = add_users(database_url, "ana", "bruno", "fuzz")
    env = server_env(
        trained, pathways_release, tmp, database_url, SLIPWAY_RANKER_PATH=str(ranker_folder)
    )
    with gunicorn_server(env, tmp / "gunicorn.log") as (url, proc, full_env):
        yield Live(url, proc, full_env, database_url, tokens)


@pytest.fixture(scope="session")
def live_pg(  # type: ignore[no-untyped-def]
    trained,
    pathways_release: Path,
    ranker_folder: Path,
    pg_server: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Live]:
    """The same server over Postgres (text rules differ: a NUL byte is refused by Postgres)."""
    tmp = tmp_path_factory.mktemp("live-pg")
    database_url = pg_server.url(pg_server.create_database("live_pg"))
    tokens = add_users(database_url, "ana", "bruno", "fuzz")
    env = server_env(
        trained, pathways_release, tmp, database_url, SLIPWAY_RANKER_PATH=str(ranker_folder)
    )
    with gunicorn_server(env, tmp / "gunicorn.log") as (url, proc, full_env):
        yield Live(url, proc, full_env, database_url, tokens)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Any]:
    from tests.servers import postgres_server

    with postgres_server() as server:
        yield server


_FIGURES: dict[str, Any] = {}


@pytest.fixture(scope="session")
def figures() -> Iterator[dict[str, Any]]:
    """Figures the checks measured; written to ``RELIABILITY_REPORT`` when that is set."""
    yield _FIGURES
    target = os.environ.get("RELIABILITY_REPORT")
    if target:
        payload = {"full": FULL, **_FIGURES}
        Path(target).write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n")
