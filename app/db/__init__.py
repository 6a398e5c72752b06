"""The database: one engine per app, one session per request (closed at teardown)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import Connection, Engine, Select, create_engine, event
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.orm import Session, sessionmaker

from app.settings import AppSettings


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys and a busy timeout."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return engine


def init_app(app: Flask, settings: AppSettings) -> None:
    """Attach a lazily connecting engine and a session factory to ``app``."""
    engine = make_engine(settings.database_url)
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


class PreparedRead:
    """A Core ``SELECT`` compiled once per dialect and run on the DBAPI cursor of a pooled
    connection, its values converted by the columns' own result processors: the same SQL, types
    and pool as ``connection.execute(statement)``, without SQLAlchemy's per-call execution and
    result machinery (on SQLite ≈ 75 µs of the token lookup every request makes, against ≈ 5 µs
    for the query itself). The engine's cursor events do not see it. For hot single-row reads only;
    everything else uses Core or the ORM."""

    def __init__(self, statement: Select[Any]) -> None:
        self.statement = statement
        self._compiled: dict[str, tuple[str, tuple[str, ...] | None, list[Any]]] = {}

    def _prepare(self, dialect: Dialect) -> tuple[str, tuple[str, ...] | None, list[Any]]:
        prepared = self._compiled.get(dialect.name)
        if prepared is None:
            compiled = self.statement.compile(dialect=dialect)
            order = tuple(compiled.positiontup or ()) if dialect.positional else None
            processors = [
                column.type.dialect_impl(dialect).result_processor(dialect, None)
                for column in self.statement.selected_columns
            ]
            prepared = self._compiled[dialect.name] = (compiled.string, order, processors)
        return prepared

    def first(self, connection: Connection, **params: Any) -> tuple[Any, ...] | None:
        """The first row for ``params`` (bind values needing no conversion), or None."""
        sql, order, processors = self._prepare(connection.dialect)
        cursor = connection.connection.cursor()
        try:
            cursor.execute(sql, tuple(params[name] for name in order) if order else params)
            row = cursor.fetchone()
        finally:
            cursor.close()
        if row is None:
            return None
        return tuple(p(v) if p else v for p, v in zip(processors, row, strict=True))
