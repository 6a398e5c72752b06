"""Probe 25, M2: the app and MLflow no longer share the master user. The platform's role program
(``infra/platform/database_roles.py``), run as an RDS-like master (CREATEROLE, CREATEDB, no
superuser) on a real Postgres, leaves ``slipway_owner`` migrating database ``slipway``,
``slipway_app`` serving it (a chat turn and a to-do work) without DDL, other databases or roles,
and ``mlflow_server`` owning database ``mlflow`` only, whether the master had made the databases
and tables before (today's environments) or not (a new one)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest
import time_machine

from app.db.migrate import create_database, upgrade
from infra.platform import database_roles as roles
from tests.app.conftest import TUESDAY_AFTERNOON, built_app, lima_user, settings_for, talk

pytestmark = pytest.mark.postgres

MASTER, MASTER_PASSWORD = "mlflow", "master-password-0123456789"  # RDS's master is `mlflow`
PASSWORDS = {
    roles.OWNER_ROLE: "owner-password-0123456789",
    roles.APP_ROLE: "app-password-0123456789",
    roles.MLFLOW_ROLE: "mlflow-password-0123456789",
}


class Server:
    def __init__(self, pg: Any) -> None:
        self.pg = pg

    def url(self, user: str, password: str, database: str, driver: str = "postgresql") -> str:
        return f"{driver}://{user}:{password}@{self.pg.host}:{self.pg.port}/{database}"

    def as_role(self, role: str, database: str, driver: str = "postgresql") -> str:
        return self.url(role, PASSWORDS[role], database, driver)

    def master(self, database: str) -> str:
        return self.url(MASTER, MASTER_PASSWORD, database)

    def ensure(self) -> dict[str, str]:
        return roles.ensure_roles(
            PASSWORDS,
            host=self.pg.host,
            port=self.pg.port,
            user=MASTER,
            password=MASTER_PASSWORD,
        )


@contextmanager
def rds_like(legacy: bool) -> Iterator[Server]:
    """A server whose master is like RDS's (no superuser) and owns database ``mlflow`` with
    MLflow's kind of objects; ``legacy``: the master also made and migrated ``slipway``."""
    from tests.servers import postgres_server

    with postgres_server() as pg:
        with psycopg.connect(pg.url("postgres", "postgresql"), autocommit=True) as conn:
            conn.execute(
                f"CREATE ROLE {MASTER} LOGIN CREATEROLE CREATEDB PASSWORD '{MASTER_PASSWORD}'"
            )
            conn.execute(f"CREATE DATABASE mlflow OWNER {MASTER}")
        server = Server(pg)
        with psycopg.connect(server.master("mlflow"), autocommit=True) as conn:
            conn.execute("CREATE TYPE stage AS ENUM ('None', 'Production')")
            conn.execute(
                "CREATE TABLE model_versions (id serial PRIMARY KEY, name text, alias text,"
                " current_stage stage)"
            )
            conn.execute("INSERT INTO model_versions (name, alias) VALUES ('intent', 'champion')")
        if legacy:
            url = server.master(roles.APP_DATABASE).replace("postgresql", "postgresql+psycopg")
            create_database(url)
            upgrade(url)
        yield server


def _run(url: str, statement: str | None) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        if statement is not None:
            conn.execute(statement)


def refused(url: str, statement: str | None = None) -> str:
    with pytest.raises(psycopg.Error) as caught:
        _run(url, statement)
    return str(caught.value)


def check_least_privilege(server: Server) -> None:
    app_url = server.as_role(roles.APP_ROLE, roles.APP_DATABASE)
    # the app: no other database, no role, no DDL on its own tables
    assert "permission denied" in refused(server.as_role(roles.APP_ROLE, "mlflow"))
    assert "permission denied" in refused(app_url, "CREATE ROLE intruder")
    assert "must be owner" in refused(app_url, "DROP TABLE todos")
    assert "must be owner" in refused(app_url, "ALTER TABLE users ADD COLUMN x int")
    assert "permission denied" in refused(app_url, "CREATE TABLE mine (x int)")
    assert "permission denied" in refused(app_url, "CREATE DATABASE mine")
    # MLflow's role: its database only, nothing on the app's
    assert "permission denied" in refused(server.as_role(roles.MLFLOW_ROLE, roles.APP_DATABASE))
    assert "permission denied" in refused(
        server.as_role(roles.MLFLOW_ROLE, "mlflow"), "CREATE ROLE intruder"
    )
    # the owner of the app's database cannot reach MLflow's
    assert "permission denied" in refused(server.as_role(roles.OWNER_ROLE, "mlflow"))
    # MLflow migrates its own schema as its role, over what the master had made
    with psycopg.connect(server.as_role(roles.MLFLOW_ROLE, "mlflow"), autocommit=True) as conn:
        conn.execute("ALTER TABLE model_versions ADD COLUMN tags text")
        conn.execute("ALTER TYPE stage ADD VALUE 'Archived'")
        conn.execute("UPDATE model_versions SET alias = 'champion' WHERE name = 'intent'")
        conn.execute("CREATE TABLE users (id serial PRIMARY KEY)")  # basic auth's store
        conn.execute("DROP TABLE users")


def serve_as_app(server: Server, trained: Any, release_file: Path) -> None:
    """The migration Job's steps as the owner, then the app as ``slipway_app``: a chat turn and
    a to-do, and a later migration's table is the app's too."""
    owner_url = server.as_role(roles.OWNER_ROLE, roles.APP_DATABASE, "postgresql+psycopg")
    assert not create_database(owner_url)  # the role program made it
    upgrade(owner_url)
    with psycopg.connect(
        server.as_role(roles.OWNER_ROLE, roles.APP_DATABASE), autocommit=True
    ) as conn:
        conn.execute("CREATE TABLE later_migration (id serial PRIMARY KEY, note text)")
    app_url = server.as_role(roles.APP_ROLE, roles.APP_DATABASE, "postgresql+psycopg")
    settings = settings_for(trained, release_file, app_url)
    with built_app(settings) as app:
        client = app.test_client()
        api = lima_user(app, client, "ana", "en")
        with time_machine.travel(TUESDAY_AFTERNOON, tick=True):
            hello, added = talk(api, "hello", "add buy printer paper to my to-do list")
        assert hello["reply"]
        assert added["intent"] == "todo_list_update"
        assert [t["text"] for t in api.get("/v1/todos").json["todos"]] == ["buy printer paper"]
    with psycopg.connect(server.as_role(roles.APP_ROLE, roles.APP_DATABASE)) as conn:
        conn.execute("INSERT INTO later_migration (note) VALUES ('rows, not DDL')")


@pytest.mark.parametrize("legacy", [False, True], ids=["new", "master-made"])
def test_roles_are_least_privilege_and_idempotent(
    legacy: bool, trained: Any, release_file: Path
) -> None:
    with rds_like(legacy) as server:
        assert server.ensure() == dict.fromkeys(PASSWORDS, "created")
        assert server.ensure() == dict.fromkeys(PASSWORDS, "updated")  # idempotent
        serve_as_app(server, trained, release_file)
        check_least_privilege(server)
        # a rotated password: the next run sets it, the old one stops working
        old = PASSWORDS[roles.APP_ROLE]
        PASSWORDS[roles.APP_ROLE] = "rotated-app-password-0123456789"
        try:
            server.ensure()
            assert "password authentication failed" in refused(
                server.url(roles.APP_ROLE, old, roles.APP_DATABASE)
            )
            with psycopg.connect(server.as_role(roles.APP_ROLE, roles.APP_DATABASE)) as conn:
                assert conn.execute("SELECT count(*) FROM todos").fetchone() == (1,)
        finally:
            PASSWORDS[roles.APP_ROLE] = old
        # MLflow's rows survived the handover
        with psycopg.connect(server.as_role(roles.MLFLOW_ROLE, "mlflow")) as conn:
            assert conn.execute("SELECT name, alias FROM model_versions").fetchall() == [
                ("intent", "champion")
            ]


def test_a_missing_password_is_refused() -> None:
    with pytest.raises(ValueError, match=roles.APP_ROLE):
        roles.ensure_roles({**PASSWORDS, roles.APP_ROLE: ""})
