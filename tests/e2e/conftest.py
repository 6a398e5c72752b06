"""A live assistant: gunicorn with the repo's config and two workers, on a fresh SQLite database
(migrated by gunicorn's start hook), Prometheus in multiprocess mode, and one user created with
``slipway users create``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.servers import cli_user, gunicorn_server

BIN = ROOT / ".venv" / "bin"


@dataclass
class Live:
    url: str
    token: str
    env: dict[str, str]
    metrics_dir: Path
    log: Path


@pytest.fixture(scope="session")
def live(trained, release_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:  # type: ignore[no-untyped-def]
    _, _, folder = trained
    tmp = tmp_path_factory.mktemp("live")
    metrics_dir = tmp / "prometheus"
    metrics_dir.mkdir()
    overrides: dict[str, str | None] = {
        "SLIPWAY_WORKERS": "2",
        "SLIPWAY_THREADS": "4",
        "SLIPWAY_RELEASE_FILE": str(release_file),
        "SLIPWAY_MODEL_PATH": str(folder),
        "SLIPWAY_DATABASE_URL": f"sqlite:///{tmp / 'assistant.db'}",
        "SLIPWAY_KNOWLEDGE_DIR": str(ROOT / "data" / "knowledge"),
        "SLIPWAY_RATE_LIMIT": "10000/minute",
        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
        "SLIPWAY_REDIS_URL": None,
        # stopped at the session's end: no idle keep-alive connection holds it 20 s
        "SLIPWAY_GRACEFUL_TIMEOUT": "3",
    }
    log = tmp / "gunicorn.log"
    with gunicorn_server(overrides, log) as (url, _, env):
        token = cli_user(env, "ana", "America/Lima")
        yield Live(url, token, env, metrics_dir, log)
