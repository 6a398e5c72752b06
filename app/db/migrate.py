"""Alembic migrations applied in code (``slipway db upgrade``, gunicorn start, tests).

``python -m app.db.migrate --create-database`` is the Kubernetes migration Job's program (the
image carries the app, not the ``slipway`` command): on Postgres it first creates the app's
database when it is missing, then migrates to head.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import make_url

from app.db import make_engine

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
_LOCK_ID = 0x5117_3A7  # Postgres advisory lock: replicas starting together migrate one by one


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at ``url`` to ``revision`` (idempotent)."""
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_ID})
            config = alembic_config(url)
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()


def downgrade(url: str, revision: str) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            config = alembic_config(url)
            config.attributes["connection"] = connection
            command.downgrade(config, revision)
    finally:
        engine.dispose()


def current_revision(url: str) -> str | None:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def create_database(url: str) -> bool:
    """Create the database ``url`` names when it is missing (Postgres; SQLite makes its file).

    Connects to the server's ``postgres`` database with the same credentials (on RDS the
    master's). Returns whether it created one. Idempotent: the next call finds it.
    """
    target = make_url(url)
    if target.get_backend_name() != "postgresql" or not target.database:
        return False
    import psycopg
    from psycopg import sql

    admin = target.set(drivername="postgresql", database="postgres")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        query = "SELECT 1 FROM pg_database WHERE datname = %s"
        if conn.execute(query, (target.database,)).fetchone() is not None:
            return False
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target.database)))
    return True


def main(argv: list[str] | None = None) -> None:
    """The migration Job: settings from the environment (``SLIPWAY_DATABASE_URL``)."""
    parser = argparse.ArgumentParser(prog="python -m app.db.migrate", description=main.__doc__)
    parser.add_argument("revision", nargs="?", default="head")
    parser.add_argument(
        "--create-database", action="store_true", help="create the database first if missing"
    )
    args = parser.parse_args(argv)
    from app.settings import AppSettings

    url = AppSettings().database_url
    if args.create_database and create_database(url):
        print("created database", make_url(url).database)
    upgrade(url, args.revision)
    print(f"database migrated to {args.revision}")


if __name__ == "__main__":
    main()
