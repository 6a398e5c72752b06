"""Probe 26, finding 10 (the rest): gunicorn started on a wrong database port or an unknown
database stopped its master with a 125-line traceback, and a settings mistake (``postgres://``,
``mysql://``) with gunicorn's "Failed to read config file" and 18 lines of traceback; the
``slipway`` commands printed the driver's three lines and "report it", as for a bug. Now each is
one line saying what is wrong and what to do (``app.db.database_problem``,
``app.settings.settings_problem``), and the master exits with status 1."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import exc
from typer.testing import CliRunner

from app.db import database_problem, make_engine
from tests.conftest import free_port
from tests.servers import gunicorn_refusal


def _problem(url: str) -> str | None:
    engine = make_engine(url)
    try:
        with pytest.raises(exc.OperationalError) as err, engine.connect():
            pass
    finally:
        engine.dispose()
    return database_problem(err.value, url)


def test_a_wrong_port_says_check_the_host_and_port() -> None:
    said = _problem(f"postgresql+psycopg://slipway:s3cret@127.0.0.1:{free_port()}/slipway")
    assert said is not None
    assert "nothing accepts database connections at 127.0.0.1:" in said
    assert "check the host and port in SLIPWAY_DATABASE_URL" in said
    assert "s3cret" not in said
    assert "\n" not in said


@pytest.mark.postgres
def test_an_unknown_database_says_how_to_create_it(pg: Any) -> None:
    said = _problem(pg.url("no_such_database"))
    assert said is not None
    assert 'has no database "no_such_database"' in said
    assert "slipway db upgrade --create-database" in said
    assert "\n" not in said


def test_another_error_is_not_explained() -> None:
    assert database_problem(ValueError("no"), "sqlite:///a.db") is None


def test_the_gunicorn_master_stops_with_one_line_on_a_wrong_port(tmp_path: Path) -> None:
    url = f"postgresql+psycopg://u:s3cret@127.0.0.1:{free_port()}/slipway"
    status, said = gunicorn_refusal(tmp_path, SLIPWAY_DATABASE_URL=url)
    assert status == 1
    assert len(said) == 1, "\n".join(said)
    assert "error: nothing accepts database connections at 127.0.0.1:" in said[0]
    assert "Traceback" not in "\n".join(said)
    assert "s3cret" not in "\n".join(said)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "postgres://u:s3cret@db.internal/slipway",
            "SLIPWAY_DATABASE_URL: write postgresql+psycopg:// in place of postgres://",
        ),
        (
            "mysql://u:s3cret@db.internal/slipway",
            "SLIPWAY_DATABASE_URL: only SQLite (sqlite:///PATH) and Postgres "
            "(postgresql+psycopg://USER:PASSWORD@HOST/DB) are supported (mysql:// is neither)",
        ),
    ],
)
def test_the_gunicorn_master_stops_with_one_line_on_a_url_of_another_kind(
    tmp_path: Path, url: str, expected: str
) -> None:
    status, said = gunicorn_refusal(tmp_path, SLIPWAY_DATABASE_URL=url)
    assert status == 1
    assert len(said) == 1, "\n".join(said)
    assert said[0].startswith(f"error: {expected}")
    assert "make install-all" not in "\n".join(said)
    assert "s3cret" not in "\n".join(said)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql+psycopg://u:s3cret@127.0.0.1:{port}/x", "nothing accepts database"),
        ("mysql://u:s3cret@db/x", "only SQLite (sqlite:///PATH) and Postgres"),
    ],
)
def test_slipway_db_upgrade_says_the_same_in_one_line(
    url: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipelines.cli import app as cli

    monkeypatch.setenv("SLIPWAY_DATABASE_URL", url.format(port=free_port()))
    r = CliRunner().invoke(cli, ["db", "upgrade"])
    assert r.exit_code == 1
    lines = r.output.strip().splitlines()
    assert len(lines) == 1, r.output
    assert lines[0].startswith("error: ")
    assert expected in lines[0]
    assert "report it" not in r.output
    assert "make install-all" not in r.output
    assert "s3cret" not in r.output
