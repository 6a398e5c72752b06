"""Probe 26, findings 9 and 10: a typo in a SQLite ``SLIPWAY_DATABASE_URL`` created the missing
folders and a new empty database, and the service said ready while every token was refused;
``postgres://`` failed with "Can't load plugin: sqlalchemy.dialects:postgres". Now only the
database's own folder is created (``.slipway`` in a fresh checkout), a URL missing folders further
up is refused saying which, and a Postgres URL without the driver says what to write (without
repeating the URL, which holds the password)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from app.db import MissingDatabaseFolder, make_engine
from app.settings import AppSettings


def test_a_missing_folder_further_up_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'typo' / 'sub' / 'a.db'}"
    with pytest.raises(MissingDatabaseFolder, match="check SLIPWAY_DATABASE_URL"):
        make_engine(url)
    assert not (tmp_path / "typo").exists()


def test_the_database_own_folder_is_created(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / '.slipway' / 'assistant.db'}")
    engine.dispose()
    assert (tmp_path / ".slipway").is_dir()


@pytest.mark.parametrize("scheme", ["postgres", "postgresql", "postgresql+psycopg2"])
def test_a_postgres_url_without_the_driver_says_what_to_write(scheme: str) -> None:
    with pytest.raises(ValidationError) as err:
        AppSettings(database_url=f"{scheme}://slipway:s3cret@db.internal:5432/slipway")
    message = str(err.value)
    assert "postgresql+psycopg://" in message
    assert "s3cret" not in message


def test_the_driver_url_is_taken() -> None:
    url = "postgresql+psycopg://slipway:s3cret@db.internal:5432/slipway"
    assert AppSettings(database_url=url).database_url == url


@pytest.mark.parametrize("url", ["mysql://u:s3cret@db/x", "sqlite3:///a.db", "/srv/assistant.db"])
def test_another_database_says_which_two_it_runs_on(url: str) -> None:
    """Probe 27 (finding 10, partly): ``mysql://`` was told to run `make install-all`."""
    with pytest.raises(ValidationError) as err:
        AppSettings(database_url=url)
    message = str(err.value)
    assert "sqlite:///PATH" in message
    assert "postgresql+psycopg://" in message
    assert "s3cret" not in message
