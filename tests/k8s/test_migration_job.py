"""The migration Job's program, run as the Job runs it (its command, settings and the smoke token
from the environment): on Postgres it creates the app's database the first time, then migrates
and creates the smoke user with the platform's token; a second run only migrates; on SQLite it
only migrates and ensures the user."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from infra.k8s.render import APP_DATABASE, MIGRATE, SMOKE_TOKEN_ENV, SMOKE_USER, migration_job
from tests.conftest import ROOT
from tests.k8s.conftest import image

TOKEN = "platform-generated-smoke-token-0123456789abcdefgh"


def run_job(database_url: str, cwd: Path) -> str:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(ROOT),
        "SLIPWAY_DATABASE_URL": database_url,
        SMOKE_TOKEN_ENV: TOKEN,
    }
    done = subprocess.run(
        [sys.executable, *MIGRATE[1:]],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_job_runs_this_program() -> None:
    container = migration_job(image("v1"))["spec"]["template"]["spec"]["containers"][0]
    assert container["command"] == MIGRATE
    assert MIGRATE == [
        "python",
        "-m",
        "app.db.migrate",
        "--create-database",
        "--ensure-user",
        SMOKE_USER,
        "--token-env",
        SMOKE_TOKEN_ENV,
    ]


def test_sqlite_is_only_migrated(tmp_path: Path) -> None:
    out = run_job(f"sqlite:///{tmp_path / 'assistant.db'}", tmp_path)
    assert out.splitlines() == ["database migrated to head", f"user {SMOKE_USER}: created"]


@pytest.mark.slow
def test_postgres_database_is_created_once_then_migrated(tmp_path: Path) -> None:
    import psycopg

    from tests.servers import postgres_server

    with postgres_server() as pg:
        url = pg.url(APP_DATABASE) + "?sslmode=disable"
        first = run_job(url, tmp_path)
        assert first.splitlines() == [
            f"created database {APP_DATABASE}",
            "database migrated to head",
            f"user {SMOKE_USER}: created",
        ]
        assert run_job(url, tmp_path).splitlines() == [
            "database migrated to head",
            f"user {SMOKE_USER}: unchanged",
        ]
        with psycopg.connect(pg.url(APP_DATABASE, "postgresql")) as conn:
            version = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        assert version is not None
