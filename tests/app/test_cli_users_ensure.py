"""``slipway users ensure`` and the migration Job's ``--ensure-user``: a user that answers to
exactly a token made elsewhere (the platform's generated smoke-test token), idempotently."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT

TOKEN = "G3nerated-by-the-platform-48-characters-long-x0"
OTHER = "An0ther-generated-token-after-a-rotation-000000"


def _active(url: str) -> dict[str, list[str]]:
    """User name -> hashes of their active tokens."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from app.db import make_engine
    from app.db.tables import Token, User

    engine = make_engine(url)
    try:
        with Session(engine) as session:
            rows = session.execute(
                select(User.name, Token.token_hash)
                .join(Token, Token.user_id == User.id)
                .where(Token.revoked_at.is_(None))
            )
            found: dict[str, list[str]] = {}
            for name, digest in rows:
                found.setdefault(name, []).append(digest)
            return found
    finally:
        engine.dispose()


@pytest.mark.both_databases
def test_ensure_creates_keeps_and_rotates(database_url: str) -> None:
    from app.auth import hash_token
    from app.db.migrate import ensure_user

    assert ensure_user(database_url, "smoke", TOKEN) == "created"
    assert _active(database_url) == {"smoke": [hash_token(TOKEN)]}
    assert ensure_user(database_url, "smoke", TOKEN) == "unchanged"
    assert _active(database_url) == {"smoke": [hash_token(TOKEN)]}
    # a rotated secret: the new token only, the old one revoked
    assert ensure_user(database_url, "smoke", OTHER) == "token set"
    assert _active(database_url) == {"smoke": [hash_token(OTHER)]}
    # and back: the old token's row is re-activated, not duplicated
    assert ensure_user(database_url, "smoke", TOKEN) == "token set"
    assert _active(database_url) == {"smoke": [hash_token(TOKEN)]}


def test_ensure_refuses_a_short_token_or_another_users_token(database_url: str) -> None:
    from app.db.migrate import EnsureError, ensure_user

    with pytest.raises(EnsureError, match="at least 32"):
        ensure_user(database_url, "smoke", "short")
    with pytest.raises(EnsureError, match="without spaces"):
        ensure_user(database_url, "smoke", TOKEN[:20] + " " + TOKEN[20:])
    ensure_user(database_url, "ana", TOKEN)
    with pytest.raises(EnsureError, match="belongs to another user"):
        ensure_user(database_url, "smoke", TOKEN)
    assert "smoke" not in _active(database_url)


def _invoke(url: str, *args: str, **env: str) -> Any:
    from pipelines.cli import app

    return CliRunner().invoke(app, list(args), env={"SLIPWAY_DATABASE_URL": url, **env})


def test_the_command_reads_the_token_from_the_environment_only(database_url: str) -> None:
    from app.auth import hash_token

    done = _invoke(database_url, "users", "ensure", "smoke", "--token-env", "SMOKE", SMOKE=TOKEN)
    assert done.exit_code == 0, done.output
    assert "user smoke: created" in done.output
    assert TOKEN not in done.output
    assert _active(database_url) == {"smoke": [hash_token(TOKEN)]}
    again = _invoke(database_url, "users", "ensure", "smoke", "--token-env", "SMOKE", SMOKE=TOKEN)
    assert "user smoke: unchanged" in again.output
    empty = _invoke(database_url, "users", "ensure", "smoke", "--token-env", "UNSET_VARIABLE")
    assert empty.exit_code == 1
    assert "UNSET_VARIABLE holds no token" in " ".join(empty.output.split())


@pytest.mark.slow  # fresh interpreters running the pod's programs: not the inner loop's
def test_the_migration_job_program_migrates_then_ensures(tmp_path: Any) -> None:
    """What the rendered migration Job runs, as a process: a fresh database ends migrated with
    the smoke user answering to the token of its environment variable."""
    from app.auth import hash_token
    from app.db.migrate import current_revision, head_revision
    from infra.k8s.render import MIGRATE, SMOKE_TOKEN_ENV

    url = f"sqlite:///{tmp_path / 'job.db'}"
    assert MIGRATE[:3] == ["python", "-m", "app.db.migrate"]
    env = {"PATH": "/usr/bin:/bin", "SLIPWAY_DATABASE_URL": url, SMOKE_TOKEN_ENV: TOKEN}
    for _ in range(2):  # a re-run changes nothing
        done = subprocess.run(
            [sys.executable, *MIGRATE[1:]],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
    assert "user smoke: unchanged" in done.stdout
    assert current_revision(url) == head_revision()
    assert _active(url) == {"smoke": [hash_token(TOKEN)]}


@pytest.mark.slow  # fresh interpreters running the pod's programs: not the inner loop's
def test_python_m_app_cli_runs_the_users_commands_without_slipway(tmp_path: Any) -> None:
    """The image has the app, not ``slipway``: ``python -m app.cli`` is how an operator makes a
    user inside a pod (docs/day-one.md, step 10)."""
    url = f"sqlite:///{tmp_path / 'pod.db'}"
    env = {"PATH": "/usr/bin:/bin", "SLIPWAY_DATABASE_URL": url}
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "users", "create", "first-user"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1].startswith("slw_")
    refused = subprocess.run(
        [sys.executable, "-m", "app.cli", "users", "ensure", "x", "--token-env", "NOPE"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode == 1
    assert "NOPE holds no token" in " ".join(refused.stderr.split())
    assert "Traceback" not in refused.stderr
