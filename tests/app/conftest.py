"""An app serving a model trained on the pinned corpus, from a baked folder (no registry), on a
fresh database migrated by Alembic: SQLite by default; a test marked ``both_databases`` runs on
SQLite and on a real Postgres server started for the session (tests/conftest.py parametrizes
it), for what SQL behaviour decides: storage, migrations, constraints, time columns, unicode,
and one walk over every route (test_walk.py)."""

from __future__ import annotations

import functools
import os
import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.conftest import ROOT

if TYPE_CHECKING:
    from app.skills.when import Reading


@pytest.fixture(scope="session")
def pg() -> Iterator[Any]:
    from tests.servers import postgres_server

    with postgres_server() as server:
        yield server


_MEMORY_FOLDER = Path("/dev/shm")


@pytest.fixture(scope="session")
def sqlite_scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Where the tests' SQLite files live: in memory (``/dev/shm``) where the machine has it.
    Closing the last connection to a WAL database checkpoints it with an fsync, once per test:
    measured 12 ms on this machine's disk and 0.05 ms in memory. The durability tests
    (tests/reliability) and the served apps keep their files on disk."""
    if _MEMORY_FOLDER.is_dir() and os.access(_MEMORY_FOLDER, os.W_OK):
        folder = Path(tempfile.mkdtemp(prefix="slipway-tests-", dir=_MEMORY_FOLDER))
        yield folder
        shutil.rmtree(folder, ignore_errors=True)
    else:
        yield tmp_path_factory.mktemp("sqlite")


@pytest.fixture(scope="session")
def sqlite_template(sqlite_scratch: Path) -> Path:
    """A SQLite file migrated once; each test gets a copy (same schema, a fraction of the time)."""
    from app.db.migrate import upgrade

    path = sqlite_scratch / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


def sqlite_copy(request: pytest.FixtureRequest) -> str:
    """A copy of the migrated template for this test, removed (with its WAL files) after it."""
    template: Path = request.getfixturevalue("sqlite_template")
    target = template.with_name(f"{uuid.uuid4().hex}.db")
    shutil.copyfile(template, target)

    def remove() -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)

    request.addfinalizer(remove)
    return f"sqlite:///{target}"


@pytest.fixture(scope="session")
def pg_template(pg: Any) -> str:
    """A Postgres database migrated once, used as the TEMPLATE of each test's database."""
    from app.db.migrate import upgrade

    name = pg.create_database("slipway_template")
    upgrade(pg.url(name))
    return name


class SharedDatabase:
    """This worker's SQLite file for the tests' ``database_url``, and the apps built over it.

    Each test finds the file as a fresh copy of the migrated template would be: its rows are put
    back to the template's before the test (a ``DELETE`` per table, the template's few rows
    inserted again, AUTOINCREMENT counters included), and a test that changed the schema
    (a downgrade) gets a new copy. An app the ``app`` fixtures built over the file for the same
    settings is reused from test to test with its limits, cache and journal sweep started
    again: building one, and compiling its SQL statements again on a new engine, was a third of
    an API test's CPU (stop 57)."""

    def __init__(self, template: Path) -> None:
        self.template = template
        self.path = template
        self.apps: dict[str, Any] = {}
        with closing(sqlite3.connect(template)) as con:
            self.schema = con.execute("PRAGMA schema_version").fetchone()[0]
            tables = [
                name
                for (name,) in con.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
                )
            ]
            self.rows = {name: con.execute(f'SELECT * FROM "{name}"').fetchall() for name in tables}
        self._copy()

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path}"

    def _copy(self) -> None:
        """A new file: the last one's connections may still be open somewhere (replacing a WAL
        database under an open connection makes its next one fail with a disk I/O error)."""
        self.forget_apps()
        self.remove()
        self.path = self.template.with_name(f"shared-{uuid.uuid4().hex}.db")
        shutil.copyfile(self.template, self.path)

    def remove(self) -> None:
        if self.path != self.template:
            for suffix in ("", "-wal", "-shm", "-writer.lock"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def forget_apps(self) -> None:
        from app.db import engine_of

        for application in self.apps.values():
            engine_of(application).dispose()
        self.apps.clear()

    def restore(self) -> str:
        """The file as the template is; the apps' pooled connections closed (a test that ended
        inside a transaction leaves none behind)."""
        from app.db import engine_of

        for application in self.apps.values():
            engine_of(application).dispose()
        with closing(sqlite3.connect(self.path, timeout=30, isolation_level=None)) as con:
            tables = {
                name
                for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            same = con.execute("PRAGMA schema_version").fetchone()[0] == self.schema
            if same and tables == set(self.rows):
                con.execute("BEGIN IMMEDIATE")
                for name, rows in self.rows.items():
                    con.execute(f'DELETE FROM "{name}"')
                    if rows:
                        marks = ", ".join("?" * len(rows[0]))
                        con.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows)
                con.execute("COMMIT")
                return self.url
        self._copy()
        return self.url

    def app(self, settings: Any) -> Any:
        """The app for ``settings`` (over this file), built once and started again per test."""
        from app import create_app, limits
        from app.db import engine_of

        key = settings.model_dump_json()
        application = self.apps.get(key)
        if application is None:
            application = self.apps[key] = create_app(settings)
            return application
        limits.throttles_of(application).__init__(settings)  # type: ignore[misc]
        limits.cache_of(application).clear()
        application.extensions["slipway.assistant"].sweeper.started(engine_of(application))
        return application


@pytest.fixture(scope="session")
def shared_database(sqlite_template: Path) -> Iterator[SharedDatabase]:
    shared = SharedDatabase(sqlite_template)
    yield shared
    shared.forget_apps()
    shared.remove()


def is_shared(url: str) -> bool:
    return Path(url.removeprefix("sqlite:///")).name.startswith("shared-")


@contextmanager
def app_for(request: pytest.FixtureRequest, settings: Any) -> Iterator[Any]:
    """The app for ``settings``: over the shared SQLite file, the worker's app for them (see
    :class:`SharedDatabase`); over any other database, one built for this test."""
    if is_shared(str(settings.database_url)):
        yield request.getfixturevalue("shared_database").app(settings)
        return
    with built_app(settings) as application:
        yield application


@pytest.fixture
def database_url(request: pytest.FixtureRequest) -> str:
    """A database at the migrations' head, as nobody has used it: SQLite (the worker's shared
    file, restored), or the real Postgres server when the test is parametrized with
    ``"postgres"`` (``both_databases``, or ``indirect=True``)."""
    if getattr(request, "param", "sqlite") == "sqlite":
        shared: SharedDatabase = request.getfixturevalue("shared_database")
        return shared.restore()
    import psycopg

    pg = request.getfixturevalue("pg")
    template = request.getfixturevalue("pg_template")
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg.url("postgres", "postgresql"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    url: str = pg.url(name)
    return url


@pytest.fixture
def app_settings(trained, release_file: Path, database_url: str):  # type: ignore[no-untyped-def]
    return settings_for(trained, release_file, database_url)


def settings_for(  # type: ignore[no-untyped-def]
    trained, release_file: Path, database_url: str, rate_limit: str = "1000/minute"
):
    """The tests' app settings: the baked model, the local path, no Redis, JSON logs (a copy of
    the settings built once for the same arguments: reading the environment took 1.4 ms)."""
    _, _, folder = trained
    environment = tuple(sorted(i for i in os.environ.items() if i[0].startswith("SLIPWAY_")))
    return _settings(folder, release_file, database_url, rate_limit, environment).model_copy()


@functools.cache
def _settings(
    folder: Path, release_file: Path, database_url: str, rate_limit: str, _environment: Any
) -> Any:
    from app.settings import AppSettings

    return AppSettings(
        release_file=release_file,
        model_path=folder,
        max_text_chars=500,
        database_url=database_url,
        knowledge_dir=ROOT / "data" / "knowledge",
        redis_url=None,
        rate_limit=rate_limit,
        log_json=True,
        openai_api_key=None,  # the local path, even where OPENAI_API_KEY is set
    )


@contextmanager
def built_app(settings):  # type: ignore[no-untyped-def]
    """The app built from ``settings``; its database connections closed afterwards."""
    from app import create_app
    from app.db import engine_of

    application = create_app(settings)
    yield application
    engine_of(application).dispose()


@pytest.fixture
def app(request, app_settings):  # type: ignore[no-untyped-def]
    with app_for(request, app_settings) as application:
        yield application


@pytest.fixture
def pathway_app(  # type: ignore[no-untyped-def]
    request: pytest.FixtureRequest,
    trained,
    pathways_release: Path,
    ranker_folder: Path,
    database_url: str,
) -> Iterator[Any]:
    """An app serving the small ranker (``tests/pathways/conftest.py``'s) on the real catalog,
    for the API tests that ask about pathways."""
    from tests.pathways.conftest import ranker_app

    yield from ranker_app(request, trained, pathways_release, ranker_folder, database_url)


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


@dataclass
class Api:
    """A test client that sends one user's token with every request."""

    client: Any
    token: str
    user_id: int
    name: str

    def _headers(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        headers = dict(kwargs.pop("headers", {}) or {})
        headers.setdefault("Authorization", f"Bearer {self.token}")
        kwargs["headers"] = headers
        return kwargs

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.client.get(url, **self._headers(kwargs))

    def post(self, url: str, **kwargs: Any) -> Any:
        return self.client.post(url, **self._headers(kwargs))

    def patch(self, url: str, **kwargs: Any) -> Any:
        return self.client.patch(url, **self._headers(kwargs))

    def delete(self, url: str, **kwargs: Any) -> Any:
        return self.client.delete(url, **self._headers(kwargs))

    def chat(self, message: str, conversation_id: int | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"message": message}
        if conversation_id is not None:
            body["conversation_id"] = conversation_id
        r = self.post("/v1/chat", json=body)
        assert r.status_code == 200, r.json
        return dict(r.json)


def make_user(app: Any, name: str, timezone: str = "UTC") -> tuple[str, int]:
    from sqlalchemy.orm import Session

    from app.auth import create_user
    from app.db import engine_of

    with Session(engine_of(app)) as session:
        user, token = create_user(session, name, timezone=timezone)
        return token, user.id


LIMA = ZoneInfo("America/Lima")
NEW_YORK = ZoneInfo("America/New_York")
MADRID = ZoneInfo("Europe/Madrid")
TOKYO = ZoneInfo("Asia/Tokyo")
BUENOS_AIRES = ZoneInfo("America/Argentina/Buenos_Aires")
LONDON = ZoneInfo("Europe/London")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
# The dialogue tests' "now": Tuesday 14 April 2026 at 14:30 in Lima
TUESDAY_AFTERNOON = datetime(2026, 4, 14, 14, 30, tzinfo=LIMA)


@pytest.fixture
def daytime() -> Iterator[None]:
    """The clock at Tuesday 14 April 2026, 14:30 in Lima (ticking): for tests whose messages say
    "tomorrow" or a bare hour, which the reader asks about in the small hours (00:00–04:00)."""
    with time_machine.travel(TUESDAY_AFTERNOON, tick=True):
        yield


# Probe 40's run: Monday 7 December 2026, 08:15 UTC (the small hours in the Americas)
PROBE40_MORNING = datetime(2026, 12, 7, 8, 15, tzinfo=UTC)


#: The testers' zones and locales by a short key ("lima", "ny"), for probes 40 and 41 and the
#: tests of their findings
TESTER_ZONES = {
    "lima": ("America/Lima", "es-PE"),
    "mexico": ("America/Mexico_City", "es-MX"),
    "madrid": ("Europe/Madrid", "es-ES"),
    "baires": ("America/Argentina/Buenos_Aires", "es-AR"),
    "bogota": ("America/Bogota", "es-CO"),
    "ny": ("America/New_York", "en-US"),
    "london": ("Europe/London", "en-GB"),
    "sydney": ("Australia/Sydney", "en-AU"),
    "tokyo": ("Asia/Tokyo", "en"),
}


@contextmanager
def users_in_zones(
    app: Any, client: Any, clock: datetime, prefix: str
) -> Iterator[Callable[[str], Api]]:
    """A maker of users in the testers' zones (by :data:`TESTER_ZONES` key, named ``prefix``
    and the key), with the clock at ``clock`` (ticking) meanwhile."""

    def make(where: str) -> Api:
        zone, locale = TESTER_ZONES[where]
        return zoned_user(app, client, zone, locale, f"{prefix}{where}")

    with time_machine.travel(clock, tick=True):
        yield make


@pytest.fixture
def probe_clock() -> Iterator[None]:
    """The clock at probe 40's run (ticking), for the tests of its findings."""
    with time_machine.travel(PROBE40_MORNING, tick=True):
        yield


def lima_user(app: Any, client: Any, name: str, locale: str | None = None) -> Api:
    """A new Lima user (speaking ``locale`` when given), through the test client."""
    return zoned_user(app, client, "America/Lima", locale, name)


def zoned_user(
    app: Any, client: Any, zone: str, locale: str | None = None, name: str = "p40"
) -> Api:
    """A new user in ``zone`` (speaking ``locale`` when given), through the test client."""
    token, user_id = make_user(app, name, zone)
    api = Api(client, token, user_id, name)
    if locale:
        assert api.patch("/v1/users/me", json={"locale": locale}).status_code == 200
    return api


@pytest.fixture
def en(app, client) -> Iterator[Api]:  # type: ignore[no-untyped-def]
    """A Lima user writing English, on Tuesday 14 April 2026 at 14:30 (the clock ticks)."""
    api = lima_user(app, client, "ana", "en")
    with time_machine.travel(TUESDAY_AFTERNOON, tick=True):
        yield api


@pytest.fixture
def es(app, client) -> Iterator[Api]:  # type: ignore[no-untyped-def]
    """A Lima user writing Spanish (es-PE), on Tuesday 14 April 2026 at 14:30."""
    api = lima_user(app, client, "rosa", "es-PE")
    with time_machine.travel(TUESDAY_AFTERNOON, tick=True):
        yield api


# A Saturday afternoon (18 April 2026, 14:30 in Lima): "on tuesday" is next week's, "the day
# before" a Tuesday meeting is Monday (the probes of stop 40 ran on a Saturday)
SATURDAY_AFTERNOON = datetime(2026, 4, 18, 14, 30, tzinfo=LIMA)


@pytest.fixture
def sat_en(en: Api) -> Iterator[Api]:
    """The English-writing Lima user on Saturday 18 April 2026 at 14:30."""
    with time_machine.travel(SATURDAY_AFTERNOON, tick=True):
        yield en


@pytest.fixture
def sat_es(es: Api) -> Iterator[Api]:
    """The Spanish-writing Lima user on Saturday 18 April 2026 at 14:30."""
    with time_machine.travel(SATURDAY_AFTERNOON, tick=True):
        yield es


@pytest.fixture
def api(app, client) -> Api:  # type: ignore[no-untyped-def]
    token, user_id = make_user(app, "ana", "America/Lima")
    return Api(client, token, user_id, "ana")


@pytest.fixture
def other(app, client) -> Api:  # type: ignore[no-untyped-def]
    token, user_id = make_user(app, "bruno", "Europe/Madrid")
    return Api(client, token, user_id, "bruno")


def page_texts(client: Any, lang: str) -> dict[str, str]:
    """The texts the pathway page hands its scripts (its ``<script id="i18n">`` JSON), asked for
    in ``lang``."""
    import json
    import re

    page = client.get("/pathways", headers={"Accept-Language": lang}).get_data(as_text=True)
    found = re.search(r'<script id="i18n" type="application/json">(.*?)</script>', page, re.S)
    assert found is not None
    return dict(json.loads(found.group(1)))


def talk(api: Api, *messages: str) -> list[dict[str, Any]]:
    """``messages`` sent in one conversation, in turn; the replies."""
    replies: list[dict[str, Any]] = []
    conversation = None
    for message in messages:
        reply = api.chat(message, conversation)
        conversation = reply["conversation_id"]
        replies.append(reply)
    return replies


def said(api: Api, *messages: str) -> list[dict[str, Any]]:
    """:func:`talk`, each reply done (none waits for an answer)."""
    replies = talk(api, *messages)
    for reply in replies:
        assert reply["pending"] is False, reply
    return replies


# Probe 44's run: Monday 7 December 2026, 14:45 UTC (09:45 in Lima and New York, 15:45 in
# Madrid, 20:15 in Kolkata), and its testers by name
PROBE44_AFTERNOON = datetime(2026, 12, 7, 14, 45, tzinfo=UTC)
PROBE44_USERS = {
    "raj": ("Asia/Kolkata", "en-IN"),
    "mike": ("America/New_York", "en-US"),
    "rosa": ("America/Lima", "es-PE"),
    "aes": ("America/Lima", "es"),
    "carmen": ("Europe/Madrid", "es-ES"),
}


# Probes 46 and 47's runs: Monday 7 December 2026 at 19:22 and 20:31 UTC; their testers' zones
# and locales by key
PROBE46_EVENING = datetime(2026, 12, 7, 19, 22, tzinfo=UTC)
PROBE47_EVENING = datetime(2026, 12, 7, 20, 31, tzinfo=UTC)
PROBE_TESTERS = {
    "es": ("Europe/Madrid", "es-ES"),
    "madrid": ("Europe/Madrid", "es-ES"),
    "cl": ("America/Santiago", "es-CL"),
    "mx": ("America/Mexico_City", "es-MX"),
    "gb": ("Europe/London", "en-GB"),
    "in": ("Asia/Kolkata", "en-IN"),
    "us": ("America/New_York", "en-US"),
    "nz": ("Pacific/Auckland", "en-NZ"),
}


@contextmanager
def probe_testers(app: Any, client: Any, when: datetime) -> Iterator[Callable[[str], Api]]:
    """At ``when`` (the clock ticking), a maker of :data:`PROBE_TESTERS` by key, a new user at
    each call."""
    made = iter(range(10_000))
    with time_machine.travel(when, tick=True):
        yield lambda key: zoned_user(app, client, *PROBE_TESTERS[key], f"{key}{next(made)}")


@pytest.fixture
def probe44_user(app: Any, client: Any) -> Iterator[Any]:
    """A maker of probe 44's users by name (:data:`PROBE44_USERS`), at its hour."""
    with time_machine.travel(PROBE44_AFTERNOON, tick=True):
        yield lambda key: zoned_user(app, client, *PROBE44_USERS[key], key)


def meetings_of(api: Api) -> list[tuple[str, str]]:
    """The user's meetings as (title, local start to the minute)."""
    return [(m["title"], m["starts_at"][:16]) for m in api.get("/v1/meetings").json["meetings"]]


def reminders_of(api: Api) -> list[tuple[str, str]]:
    """The user's reminders as (text, local due time to the minute)."""
    return [(r["text"], r["due_at"][:16]) for r in api.get("/v1/reminders").json["reminders"]]


def local(reading: Any, zone: ZoneInfo = LIMA) -> str:
    """A sure reading's moment as the local time in ``zone`` ("2026-04-15T09:00")."""
    assert reading.at is not None, (reading.ask, reading.question)
    text: str = reading.at.astimezone(zone).strftime("%Y-%m-%dT%H:%M")
    return text


def offered(reading: Any, zone: ZoneInfo = LIMA) -> list[str]:
    """The moments a reader's question offers, as local times ("2026-12-05T10:00")."""
    from app.skills.when import ASK_REASONS

    assert reading.at is None, reading
    assert reading.ask in ASK_REASONS
    return [o.astimezone(zone).strftime("%Y-%m-%dT%H:%M") for o in reading.options]


def reader(clock: datetime, language: str = "es") -> Callable[..., Reading]:
    """The time reader at ``clock`` in ``language`` unless told otherwise: a test file's
    ``read(text, lang, zone, now)``."""
    from app.skills.when import read_time

    def read(
        text: str, lang: str = language, zone: ZoneInfo = LIMA, now: datetime = clock
    ) -> Reading:
        return read_time(text, zone, now, lang)

    return read


@pytest.fixture(scope="module")
def knowledge_skill() -> Any:
    """The knowledge skill over the shipped base at the app's default score, built once a module."""
    from app.settings import AppSettings
    from app.skills.knowledge import Knowledge, knowledge_base

    kb = knowledge_base(ROOT / "data" / "knowledge")
    return Knowledge(kb, AppSettings.model_fields["faq_min_score"].default)


def by_lang(en: Api, es: Api, lang: str) -> Api:
    """The English or the Spanish user of a test, by ``lang``."""
    return en if lang == "en" else es


def found_knowledge(reply: dict[str, Any]) -> dict[str, Any]:
    """A chat reply's data, checked to be the knowledge skill's found answer."""
    assert reply["skill"] == "knowledge", reply
    data: dict[str, Any] = reply["data"]
    assert data["found"] is True, reply
    return data


@pytest.fixture(scope="module")
def skill():  # type: ignore[no-untyped-def]
    """The knowledge skill over the shipped knowledge base, at the app's default threshold (a
    module that means another skill by ``skill`` defines its own)."""
    from app.settings import AppSettings
    from app.skills.knowledge import Knowledge, KnowledgeBase

    kb = KnowledgeBase(ROOT / "data" / "knowledge")
    return Knowledge(kb, AppSettings.model_fields["faq_min_score"].default)
