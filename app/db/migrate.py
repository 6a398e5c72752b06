"""Alembic migrations applied in code (``slipway db upgrade``, gunicorn start, tests).

``python -m app.db.migrate --create-database`` is the Kubernetes migration Job's program (the
image carries the app, not the ``slipway`` command): on Postgres it first creates the app's
database when it is missing, then migrates to head. With ``--ensure-user NAME --token-env VAR``
it then makes sure user NAME exists and answers to exactly the token in ``$VAR`` (the platform
generates the deploy smoke test's token per environment; :func:`ensure_user` is also
``slipway users ensure``), so no one needs a connection to the database to create that user.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app.db import make_engine
from app.inputs import name_problem

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
_LOCK_ID = 0x5117_3A7  # Postgres advisory lock: replicas starting together migrate one by one


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


class MigrationError(RuntimeError):
    """A migration left the database inconsistent (it was rolled back)."""


@contextmanager
def _migrating(url: str) -> Iterator[Connection]:
    """A connection in one transaction for a migration run, committed when the block ends.

    On SQLite, foreign keys are off while it runs: a table rebuilt by alembic's batch mode is
    copied and its old version dropped, and with foreign keys on the drop deletes every row
    pointing at it (``ON DELETE CASCADE``: a conversation's messages and their feedback).
    ``PRAGMA foreign_keys`` does nothing inside a transaction, so it is set before one starts;
    the run is then one explicit transaction (the driver would begin one only before the first
    ``INSERT``, leaving the DDL before it committed), and ``PRAGMA foreign_key_check`` must
    find nothing before it commits."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            if connection.dialect.name != "sqlite":
                with connection.begin():
                    yield connection
                return
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
            try:
                with connection.begin():
                    connection.exec_driver_sql("BEGIN IMMEDIATE")
                    yield connection
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        tables = sorted({str(row[0]) for row in broken})
                        raise MigrationError(
                            f"the migration left {len(broken)} row(s) pointing at rows that do "
                            f"not exist (in {', '.join(tables)}); nothing was changed"
                        )
            finally:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()
    finally:
        engine.dispose()


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at ``url`` to ``revision`` (idempotent)."""
    with _migrating(url) as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_ID})
        config = alembic_config(url)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(url: str, revision: str) -> None:
    with _migrating(url) as connection:
        config = alembic_config(url)
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


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


#: A token given from outside (a generated secret) must be at least this long: it is the whole
#: credential, and the platform generates 48 characters.
MIN_TOKEN_LENGTH = 32


class EnsureError(ValueError):
    """The user cannot be ensured with that token (the message says why)."""


def ensure_user(url: str, name: str, token: str, timezone: str = "UTC", locale: str = "en") -> str:
    """User ``name`` exists and ``token`` is its only active token; returns what changed
    (``created``, ``token set`` or ``unchanged``). Idempotent, so it runs before every rollout.

    The token comes from a generated secret (the smoke test's): only its hash is stored, like
    every token. The user's other tokens are revoked, so a rotated secret retires the old one.
    A token that already belongs to another user is refused.
    """
    from app.auth import hash_token, valid_timezone
    from app.db.tables import Token, User

    token = token.strip()
    if len(token) < MIN_TOKEN_LENGTH or any(c.isspace() for c in token):
        raise EnsureError(
            f"the token must be at least {MIN_TOKEN_LENGTH} characters without spaces"
        )
    name = name.strip()
    problem = name_problem(name)
    if problem is not None:
        raise EnsureError(problem)
    if not valid_timezone(timezone):
        raise EnsureError(f"unknown timezone {timezone!r}")
    digest = hash_token(token)
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            owner = session.scalar(select(Token).where(Token.token_hash == digest))
            user = session.scalar(select(User).where(User.name == name))
            if owner is not None and (user is None or owner.user_id != user.id):
                raise EnsureError(f"that token belongs to another user than {name!r}")
            outcome = "unchanged"
            if user is None:
                user = User(name=name, timezone=timezone, locale=locale)
                session.add(user)
                session.flush()
                outcome = "created"
            now = datetime.now(UTC)
            for other in session.scalars(
                select(Token).where(Token.user_id == user.id, Token.revoked_at.is_(None))
            ):
                if other.token_hash != digest:
                    other.revoked_at = now
                    outcome = "token set" if outcome == "unchanged" else outcome
            if owner is None:
                session.add(Token(user_id=user.id, token_hash=digest, prefix=token[:8]))
                outcome = "token set" if outcome == "unchanged" else outcome
            elif owner.revoked_at is not None:
                owner.revoked_at = None
                outcome = "token set" if outcome == "unchanged" else outcome
            session.commit()
            return outcome
    finally:
        engine.dispose()


def token_from_env(variable: str) -> str:
    """The token in environment variable ``variable`` (never a command-line argument, which
    ``ps`` and the Job's spec would show)."""
    value = os.environ.get(variable, "")
    if not value.strip():
        raise EnsureError(f"environment variable {variable} holds no token")
    return value


def main(argv: list[str] | None = None) -> None:
    """The migration Job: settings from the environment (``SLIPWAY_DATABASE_URL``)."""
    parser = argparse.ArgumentParser(prog="python -m app.db.migrate", description=main.__doc__)
    parser.add_argument("revision", nargs="?", default="head")
    parser.add_argument(
        "--create-database", action="store_true", help="create the database first if missing"
    )
    parser.add_argument(
        "--ensure-user", metavar="NAME", help="then make sure this user answers to the token"
    )
    parser.add_argument(
        "--token-env", metavar="VAR", help="the environment variable holding that token"
    )
    args = parser.parse_args(argv)
    if bool(args.ensure_user) != bool(args.token_env):
        parser.error("--ensure-user and --token-env go together")
    from app.settings import AppSettings

    url = AppSettings().database_url
    if args.create_database and create_database(url):
        print("created database", make_url(url).database)
    upgrade(url, args.revision)
    print(f"database migrated to {args.revision}")
    if args.ensure_user:
        try:
            outcome = ensure_user(url, args.ensure_user, token_from_env(args.token_env))
        except EnsureError as exc:
            parser.exit(1, f"cannot ensure user {args.ensure_user}: {exc}\n")
        print(f"user {args.ensure_user}: {outcome}")


if __name__ == "__main__":
    main()
