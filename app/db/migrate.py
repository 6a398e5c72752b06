"""Alembic migrations applied in code (``slipway db upgrade``, gunicorn start, tests).

``python -m app.db.migrate --create-database`` is the Kubernetes migration Job's program (the
image carries the app, not the ``slipway`` command): on Postgres it first creates the app's
database when it is missing, then migrates to head. With ``--ensure-user NAME --token-env VAR``
it then makes sure user NAME exists and answers to exactly the token in ``$VAR`` (the platform
generates the deploy smoke test's token per environment; :func:`ensure_user` is also
``slipway users ensure``), so no one needs a connection to the database to create that user.

Migrations only go forward, and an older image meets a database a newer release migrated (a
rollback, a re-run of an older release's deploy): alembic cannot locate the newer revision. Every
upgrade therefore records the revisions its image knows, each with its parents, in the table
``slipway_schema_lineage`` (bookkeeping beside ``alembic_version``, not part of the app's
schema). An image whose migrations do not know the database's revision reads it: when the
recorded parents lead from that revision down to this image's head, the database is ahead of the
image, and the upgrade leaves it unchanged and succeeds; anything else (no record, a chain that
does not reach the head, a branch beside it) fails as before (review 168, D-M1). Migrations are
written expand/contract so that older code runs on the newer schema (``docs/platform.md``).
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
from sqlalchemy import Column, Connection, MetaData, String, Table, inspect, select, text
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
    """A migration left the database inconsistent (it was rolled back), or the database is at a
    revision this image cannot place (nothing was changed)."""


#: The revisions each image's migrations know and their parents (space-separated; empty for the
#: first), written by every upgrade: how an older image tells that the database is ahead of it.
LINEAGE = Table(
    "slipway_schema_lineage",
    MetaData(),
    Column("revision", String(128), primary_key=True),
    Column("down_revisions", String(1024), nullable=False),
)


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Autogenerate's filter: the lineage table is bookkeeping, not a model's table."""
    return not (type_ == "table" and name == LINEAGE.name)


def _parents(down_revision: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    if down_revision is None:
        return ()
    if isinstance(down_revision, str):
        return (down_revision,)
    return tuple(down_revision)


def _known_revisions(script: ScriptDirectory) -> dict[str, tuple[str, ...]]:
    """This image's revisions and their parents."""
    return {s.revision: _parents(s.down_revision) for s in script.walk_revisions()}


def _recorded_revisions(connection: Connection) -> dict[str, tuple[str, ...]]:
    if not inspect(connection).has_table(LINEAGE.name):
        return {}
    rows = connection.execute(select(LINEAGE.c.revision, LINEAGE.c.down_revisions))
    return {revision: tuple(parents.split()) for revision, parents in rows}


def _record_lineage(connection: Connection, known: dict[str, tuple[str, ...]]) -> None:
    LINEAGE.create(connection, checkfirst=True)
    recorded = set(connection.scalars(select(LINEAGE.c.revision)))
    missing = [
        {"revision": revision, "down_revisions": " ".join(parents)}
        for revision, parents in sorted(known.items())
        if revision not in recorded
    ]
    if missing:
        connection.execute(LINEAGE.insert(), missing)


def _ahead_of_image(connection: Connection, script: ScriptDirectory) -> str | None:
    """None when this image knows the database's revision (or it has none); a sentence when the
    database is provably ahead of this image's head; MigrationError when it cannot tell."""
    current = MigrationContext.configure(connection).get_current_heads()
    known = _known_revisions(script)
    unknown = [revision for revision in current if revision not in known]
    if not unknown:
        return None
    heads = set(script.get_heads())
    below_heads: set[str] = set()
    stack = list(heads)
    while stack:
        revision = stack.pop()
        if revision not in below_heads:
            below_heads.add(revision)
            stack.extend(known.get(revision, ()))
    recorded = _recorded_revisions(connection)
    for revision in unknown:
        reached: set[str] = set()  # the first revisions this image knows on each path down
        stack, seen = [revision], set()
        while stack:
            here = stack.pop()
            if here in seen:
                continue
            seen.add(here)
            if here in known:
                reached.add(here)
            elif here in recorded:
                stack.extend(recorded[here])
            else:
                reached.add("")  # a revision nobody recorded: the chain is broken
        if not heads <= reached or not reached <= below_heads:
            raise MigrationError(
                f"the database is at revision {revision}, which this image's migrations do not "
                f"know (their head: {', '.join(sorted(heads))}), and no newer release recorded "
                f"it as a descendant of that head in {LINEAGE.name}: nothing was changed. If a "
                "newer release migrated it, deploy that release or a later one; otherwise check "
                "the database's alembic_version"
            )
    return (
        f"database at {', '.join(sorted(current))}, ahead of this image's head "
        f"{', '.join(sorted(heads))} (a newer release migrated it): left unchanged"
    )


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


def upgrade(url: str, revision: str = "head") -> str:
    """Bring the database at ``url`` to ``revision`` (idempotent) and record this image's
    revisions; to ``head`` of a database a newer release migrated, change nothing. Returns what
    it did, in one line."""
    with _migrating(url) as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_ID})
        config = alembic_config(url)
        config.attributes["connection"] = connection
        script = ScriptDirectory.from_config(config)
        ahead = _ahead_of_image(connection, script)
        if ahead is not None:
            if revision != "head":
                raise MigrationError(f"{ahead}; cannot go to {revision} from there")
            return ahead
        command.upgrade(config, revision)
        _record_lineage(connection, _known_revisions(script))
    return f"database migrated to {revision}"


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
    from app.auth import hash_token
    from app.calendar import valid_timezone
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
    print(upgrade(url, args.revision))
    if args.ensure_user:
        try:
            outcome = ensure_user(url, args.ensure_user, token_from_env(args.token_env))
        except EnsureError as exc:
            parser.exit(1, f"cannot ensure user {args.ensure_user}: {exc}\n")
        print(f"user {args.ensure_user}: {outcome}")


if __name__ == "__main__":
    main()
