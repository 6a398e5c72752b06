"""The database: one engine per app, one session per request (closed at teardown)."""

from __future__ import annotations

import contextlib
import os
import time
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import Connection, Delete, Engine, Insert, Select, Update, create_engine, event, exc
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry, Pool

from app.db.writer_gate import WAIT_SECONDS, GatedConnection
from app.settings import AppSettings

# When a pooled connection was last returned (in its record's info); when a pool last had a
# connection found lost (an engine and its execution-option copies share one pool).
_IDLE_SINCE = "slipway_idle_since"
_lost: weakref.WeakKeyDictionary[Pool, float] = weakref.WeakKeyDictionary()


class MissingDatabaseFolder(RuntimeError):
    """A SQLite URL names a file in a folder whose parent does not exist either (a typo)."""


def _sqlite_folder(database: Path) -> None:
    """Create the SQLite file's folder when only that last folder is missing (``.slipway`` in
    a fresh checkout); a URL whose folders are missing further up is a typo, and creating them
    would serve a new empty database in place of the one meant (every token then refused)."""
    folder = database.absolute().parent
    if folder.is_dir():
        return
    if not folder.parent.is_dir():
        raise MissingDatabaseFolder(
            f"the folder of the SQLite database {database} does not exist, nor does "
            f"{folder.parent}: check SLIPWAY_DATABASE_URL (only the database's own folder is "
            "created)"
        )
    folder.mkdir(exist_ok=True)


def _private_file(database: Path) -> None:
    """Create a new SQLite database file readable by its owner only (messages, to-dos and token
    hashes; the umask's 0644 let every local user read them: review 176). SQLite gives its WAL
    and shared-memory files the database file's permissions. An existing file is left alone."""
    try:
        os.close(os.open(database, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        pass
    except OSError:
        pass  # a read-only or special location: SQLite says what is wrong when it opens it


#: The driver's words for a host name that does not resolve (psycopg's, libpq's, the resolver's)
_UNKNOWN_HOST = (
    "name or service not known",
    "could not translate host name",
    "nodename nor servname",
    "failed to resolve host",
    "temporary failure in name resolution",
    "no address associated with hostname",
)


def database_problem(error: BaseException, url: str) -> str | None:
    """What keeps the database at ``url`` out of reach, in one line that says what to do (for
    gunicorn's start and the CLI, in place of a traceback); None when ``error`` is not such a
    failure. Never the URL itself (it holds the password)."""
    if isinstance(error, MissingDatabaseFolder):
        return str(error)
    if not isinstance(error, exc.OperationalError):
        return None
    said = str(error.orig if error.orig is not None else error)
    lowered = said.lower()
    first = " ".join(said.split("\n", 1)[0].split())
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return (
            f"cannot use the SQLite database {parsed.database}: {first}; check the path in "
            "SLIPWAY_DATABASE_URL and that the service may write to its folder"
        )
    where = f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
    if "database" in lowered and "does not exist" in lowered:
        return (
            f'Postgres at {where} has no database "{parsed.database}": create it with '
            "`slipway db upgrade --create-database` (in the image: `python -m app.db.migrate "
            "--create-database`), or correct the database name in SLIPWAY_DATABASE_URL"
        )
    if "password authentication failed" in lowered or (
        "role" in lowered and "does not exist" in lowered
    ):
        return (
            f'Postgres at {where} refused user "{parsed.username}": check the user and password '
            "in SLIPWAY_DATABASE_URL"
        )
    if "connection refused" in lowered:
        return (
            f"nothing accepts database connections at {where}: check the host and port in "
            "SLIPWAY_DATABASE_URL (Postgres listens on 5432 unless told otherwise) and that "
            "Postgres is running"
        )
    if any(words in lowered for words in _UNKNOWN_HOST):
        return (
            f'the database host "{parsed.host}" is unknown: check the host in SLIPWAY_DATABASE_URL'
        )
    if "timeout" in lowered or "timed out" in lowered:
        return (
            f"Postgres at {where} did not answer in time: check the host and port in "
            "SLIPWAY_DATABASE_URL and what lies between (a firewall, a security group)"
        )
    return f"cannot reach the database at {where}: {first}; check SLIPWAY_DATABASE_URL"


def make_engine(url: str, ping_after_idle: float = 10.0, statement_timeout: float = 0.0) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys, a busy timeout and a writer gate.

    A server's pooled connections are pinged only when they may have gone stale: idle for
    ``ping_after_idle`` seconds or more, or returned before this engine last saw a connection
    lost (see :func:`ping_when_stale`). On Postgres a ``statement_timeout`` (seconds, 0 none)
    bounds each statement, its waits on locks included (probe 39, O-H3: a table locked for a
    minute held every request thread, ``/healthz`` included, for that minute); on SQLite it
    bounds a writer's wait for the write lock (the writer gate's, then SQLite's own)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        timeout = round(statement_timeout * 1000)
        options = {"options": f"-c statement_timeout={timeout}"} if timeout > 0 else {}
        engine = create_engine(url, pool_size=5, max_overflow=10, connect_args=options)
        ping_when_stale(engine, ping_after_idle)
        return engine
    if parsed.database and parsed.database != ":memory:":
        _sqlite_folder(Path(parsed.database))
        _private_file(Path(parsed.database))
    # writers queue on a lock file rather than in SQLite's busy handler (app/db/writer_gate.py)
    engine = create_engine(
        url,
        connect_args={
            "check_same_thread": False,
            # a writer waits for the lock at most the statement timeout (then 503
            # database_busy, probe 39 O-L11: 29 s behind another process' write), else 30 s
            "timeout": statement_timeout or WAIT_SECONDS,
            "factory": GatedConnection,
        },
    )

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return engine


def ping_when_stale(engine: Engine, ping_after_idle: float) -> None:
    """Ping a pooled connection at checkout only when it may have gone stale.

    SQLAlchemy's ``pool_pre_ping`` sends ``SELECT 1`` on every checkout: a round trip to the
    server, two per API request (the token's read, then the request's session), which under load
    cost about a quarter of a chat turn's time on Postgres. A connection that was in use a moment
    ago is alive unless the server itself went away, so the ping is kept for the cases where a
    connection goes stale without this process noticing:

    - **idle** for ``ping_after_idle`` seconds or more (a server's or a proxy's idle timeout,
      a restart during a quiet spell);
    - **returned before a lost connection was seen** on this engine: after a restart every older
      connection is pinged, not just handed out to fail.

    A failed ping replaces the connection and invalidates the pool's older ones (SQLAlchemy's own
    pre-ping path). A connection lost between a ping and its use still fails its statement: the
    request answers 503 ``database_unavailable`` (``app.errors``) and the pool is renewed."""

    @event.listens_for(engine, "checkin")
    def _returned(_dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        record.info[_IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_stale(dbapi_connection: Any, record: ConnectionPoolEntry, _proxy: Any) -> None:
        since = record.info.pop(_IDLE_SINCE, None)
        if since is None:  # a new connection, never returned yet
            return
        if time.monotonic() - since < ping_after_idle and since > _lost.get(engine.pool, -1.0):
            return
        dialect = engine.dialect
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as err:
            if dialect.is_disconnect(err, dbapi_connection, None):
                # replaced by a new connection; the pool's older connections are renewed
                raise exc.InvalidatePoolError() from err
            raise

    @event.listens_for(engine, "handle_error")
    def _seen_lost(context: Any) -> None:
        # A connection that could not be opened (the server down, starting up or shutting
        # down, refusing connections) is the same outage as one lost in use: flagged as a
        # disconnect, so the request answers 503 ``database_unavailable``, not 500 (SQLAlchemy
        # gives no Connection to a failure when first connecting).
        dbapi = engine.dialect.loaded_dbapi
        if context.connection is None and isinstance(
            context.original_exception, dbapi.OperationalError
        ):
            context.is_disconnect = True
        if context.is_disconnect:
            connection_lost(engine)


def connection_lost(engine: Engine) -> None:
    """Note that a connection of ``engine`` was found lost: every connection returned to its pool
    before now is pinged at its next checkout."""
    _lost[engine.pool] = time.monotonic()


def init_app(app: Flask, settings: AppSettings) -> None:
    """Attach a lazily connecting engine and a session factory to ``app``."""
    engine = make_engine(
        settings.database_url, settings.db_ping_after_idle, settings.db_statement_timeout
    )
    app.extensions["slipway.db"] = sessionmaker(engine, expire_on_commit=False)
    # The same pool for single statements outside the request's session (the token lookup every
    # request makes): on Postgres in autocommit, so a read costs no BEGIN and no ROLLBACK round
    # trip; SQLite's driver opens no transaction for a read anyway, and its reset from autocommit
    # would cost a PRAGMA on every return to the pool.
    sqlite = engine.dialect.name == "sqlite"
    app.extensions["slipway.db.statements"] = (
        engine if sqlite else engine.execution_options(isolation_level="AUTOCOMMIT")
    )

    @app.teardown_appcontext
    def _close(_exc: BaseException | None) -> None:
        session: Session | None = g.pop("db_session", None)
        if session is not None:
            session.close()


def session() -> Session:
    """The current request's session (opened on first use)."""
    if "db_session" not in g:
        factory: sessionmaker[Session] = current_app.extensions["slipway.db"]
        g.db_session = factory()
    value: Session = g.db_session
    return value


def statements() -> Engine:
    """The engine for single statements outside the request's session, each its own transaction
    (a write still calls ``commit()``: a no-op in Postgres' autocommit, needed on SQLite)."""
    engine: Engine = current_app.extensions["slipway.db.statements"]
    return engine


def engine_of(app: Flask) -> Engine:
    factory: sessionmaker[Session] = app.extensions["slipway.db"]
    bind = factory.kw["bind"]
    assert isinstance(bind, Engine)
    return bind


@dataclass(frozen=True)
class _Compiled:
    sql: str
    binds: tuple[str, ...]  # the parameters' names, in the order the SQL takes them
    bind_processors: tuple[Any, ...]  # one per bind (None: the value goes as it is)
    result_processors: tuple[Any, ...]  # one per returned column
    positional: bool


class _Prepared:
    """A Core statement compiled once per dialect and run on the DBAPI cursor of a pooled
    connection: the same SQL, parameters and types as ``connection.execute(statement)`` (the
    columns' own bind and result processors convert the values), without SQLAlchemy's per-call
    compile-cache lookup, execution context and result objects. On SQLite that machinery costs
    ≈ 75 µs of the token lookup every request makes, against ≈ 5 µs for the query itself, and
    ≈ 110 µs of each of a chat turn's inserts. The engine's cursor events do not see these
    statements. For the hottest statements only; everything else uses Core or the ORM."""

    def __init__(self, statement: Select[Any] | Insert | Update | Delete) -> None:
        self.statement = statement
        self._compiled: dict[str, _Compiled] = {}

    def _prepare(self, dialect: Dialect) -> _Compiled:
        prepared = self._compiled.get(dialect.name)
        if prepared is None:
            compiled = self.statement.compile(dialect=dialect)
            if getattr(compiled, "escaped_bind_names", None):
                raise ValueError("name the statement's parameters with letters, digits and _")
            defaults = [*compiled.insert_prefetch, *compiled.update_prefetch]
            if defaults:  # filled in by SQLAlchemy's execution context, which is bypassed here
                raise ValueError(
                    "give " + ", ".join(c.key for c in defaults) + " as parameters: Python-side"
                    " column defaults are not applied to a prepared statement"
                )
            names = (
                tuple(compiled.positiontup or ()) if dialect.positional else tuple(compiled.binds)
            )
            # a SELECT's columns; the RETURNING columns of an INSERT/UPDATE/DELETE (those it
            # names and those the dialect adds to fetch a new row's primary key)
            returned = (
                self.statement.selected_columns
                if isinstance(self.statement, Select)
                else compiled.effective_returning or ()
            )
            prepared = self._compiled[dialect.name] = _Compiled(
                sql=compiled.string,
                binds=names,
                bind_processors=tuple(
                    compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect)
                    for name in names
                ),
                result_processors=tuple(
                    column.type.dialect_impl(dialect).result_processor(dialect, None)
                    for column in returned
                ),
                positional=dialect.positional,
            )
        return prepared

    def _run(self, connection: Connection, params: dict[str, Any], one: bool) -> list[Any]:
        dialect = connection.dialect
        prepared = self._prepare(dialect)
        values = [
            process(params[name]) if process else params[name]
            for name, process in zip(prepared.binds, prepared.bind_processors, strict=True)
        ]
        bound: Any = (
            tuple(values) if prepared.positional else dict(zip(prepared.binds, values, strict=True))
        )
        dbapi_connection = connection.connection.dbapi_connection
        cursor = connection.connection.cursor()
        try:
            cursor.execute(prepared.sql, bound)
            rows: Sequence[Any] = []
            if cursor.description is not None and one:
                row = cursor.fetchone()
                rows = [] if row is None else [row]
            elif cursor.description is not None:
                rows = cursor.fetchall()
        except dialect.loaded_dbapi.Error as err:
            # as SQLAlchemy's own execution path would: a lost connection is discarded, the
            # pool's older ones are pinged before reuse, and the error says it was invalidated
            lost = dialect.is_disconnect(err, dbapi_connection, cursor)
            if lost:
                connection_lost(connection.engine)
                connection.invalidate(err)
            raise exc.DBAPIError.instance(
                prepared.sql,
                bound,
                err,
                dialect.loaded_dbapi.Error,
                hide_parameters=True,
                connection_invalidated=lost,
                dialect=dialect,
            ) from err
        finally:
            with contextlib.suppress(dialect.loaded_dbapi.Error):
                cursor.close()
        processors = prepared.result_processors
        return [
            tuple(p(v) if p else v for p, v in zip(processors, row, strict=True)) for row in rows
        ]


class PreparedRead(_Prepared):
    """A hot single-row ``SELECT`` (see :class:`_Prepared`): the token lookup."""

    def __init__(self, statement: Select[Any]) -> None:
        super().__init__(statement)

    def first(self, connection: Connection, **params: Any) -> tuple[Any, ...] | None:
        """The first row for ``params``, or None."""
        rows = self._run(connection, params, one=True)
        return rows[0] if rows else None


class PreparedWrite(_Prepared):
    """A hot ``INSERT``/``UPDATE``/``DELETE`` (see :class:`_Prepared`): a chat turn's rows.

    Run it on the connection of the transaction it belongs to (``session.connection()``); on
    SQLite the driver opens that transaction, and the writer gate queues it, as for any other
    write. Python-side column defaults are not applied: a statement that leaves out a column
    with one fails when it is first prepared, naming the column."""

    def __init__(self, statement: Insert | Update | Delete) -> None:
        super().__init__(statement)

    def execute(self, connection: Connection, **params: Any) -> list[tuple[Any, ...]]:
        """Run with ``params``; the rows of its ``RETURNING`` clause (none without one)."""
        return self._run(connection, params, one=False)
