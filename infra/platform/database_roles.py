"""The database roles of the platform's Postgres, made by its master user (probe 25, M2).

A standalone program (the standard library, psycopg and boto3 only): the platform ships this file
in a ConfigMap and runs it in a Job with MLflow's image (which carries both), as the only workload
that reads the RDS-managed master secret. Every run brings the server to the same state, so it
runs again at every apply of its release (and after a password is rotated):

- ``slipway_owner`` (LOGIN): owns database ``slipway`` and everything in it; the app's migration
  Job migrates as it (DDL on that database only);
- ``slipway_app`` (LOGIN): what the app's pods serve as: CONNECT and TEMPORARY on ``slipway``,
  rows of its tables and sequences (``SELECT, INSERT, UPDATE, DELETE``), no DDL, nothing else;
- ``mlflow_server`` (LOGIN): owns database ``mlflow`` and everything in it (MLflow migrates its
  own schema at start); nothing on ``slipway``.

None may create roles or databases; neither database may be reached by PUBLIC. Objects the master
made in either database (before these roles existed) are given to the database's owner role.

Credentials (probe 32, R-M2): in the platform's Job the program reads them from Secrets Manager
itself, as the Job's IRSA role (boto3, in MLflow's image), so no Kubernetes Secret ever holds the
master password: ``DATABASE_ROLES_MASTER_SECRET`` names the RDS-managed master secret (JSON
``username``, ``password``), ``DATABASE_ROLES_ENDPOINTS_SECRET`` the runtime endpoints (JSON
``database_host``), and ``DATABASE_ROLES_OWNER_SECRET``, ``DATABASE_ROLES_APP_SECRET`` and
``DATABASE_ROLES_MLFLOW_SECRET`` each role's generated password. libpq's variables (``PGPORT``,
``PGSSLMODE``) give the rest of the connection. Without ``DATABASE_ROLES_MASTER_SECRET`` (a run by
hand) libpq's variables are the master's and the passwords are in ``SLIPWAY_OWNER_PASSWORD``,
``SLIPWAY_APP_PASSWORD`` and ``MLFLOW_SERVER_PASSWORD``.

A role's password reaches the server only as a SCRAM-SHA-256 verifier (probe 32, R-L1): the
statement that sets it may be logged (an error, a slow statement; RDS exports the log to
CloudWatch) and then shows no password.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # psycopg is imported where it runs: the platform model reads the names only
    import psycopg
    from psycopg import sql

APP_DATABASE = "slipway"
MLFLOW_DATABASE = "mlflow"
OWNER_ROLE = "slipway_owner"
APP_ROLE = "slipway_app"
MLFLOW_ROLE = "mlflow_server"
#: role -> environment variable holding its password
PASSWORD_VARIABLES = {
    OWNER_ROLE: "SLIPWAY_OWNER_PASSWORD",
    APP_ROLE: "SLIPWAY_APP_PASSWORD",
    MLFLOW_ROLE: "MLFLOW_SERVER_PASSWORD",
}
#: role -> environment variable naming the Secrets Manager secret of its password (the Job's)
SECRET_VARIABLES = {
    OWNER_ROLE: "DATABASE_ROLES_OWNER_SECRET",
    APP_ROLE: "DATABASE_ROLES_APP_SECRET",
    MLFLOW_ROLE: "DATABASE_ROLES_MLFLOW_SECRET",
}
MASTER_SECRET_VARIABLE = "DATABASE_ROLES_MASTER_SECRET"
ENDPOINTS_SECRET_VARIABLE = "DATABASE_ROLES_ENDPOINTS_SECRET"
SCRAM_ITERATIONS = 4096
#: database -> the role that owns it and its objects
OWNERS = {APP_DATABASE: OWNER_ROLE, MLFLOW_DATABASE: MLFLOW_ROLE}
ROW_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
SEQUENCE_PRIVILEGES = "USAGE, SELECT, UPDATE"
# relkind -> the ALTER that gives the relation away (sequences a table owns follow the table)
_ALTER = {"r": "TABLE", "p": "TABLE", "f": "FOREIGN TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW"}


def _id(name: str) -> sql.Identifier:
    from psycopg import sql

    return sql.Identifier(name)


def scram_verifier(password: str, salt: bytes | None = None) -> str:
    """The SCRAM-SHA-256 verifier Postgres stores for ``password`` (RFC 5802, RFC 7677), in the
    form ``CREATE/ALTER ROLE ... PASSWORD`` accepts as already hashed:
    ``SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`` (base64).

    Printable ASCII only (the platform's passwords are letters and digits): SASLprep leaves such
    a password as it is, so the server's check of the client's proof matches."""
    if not password or not all(" " <= c <= "~" for c in password):
        raise ValueError("a role's password must be printable ASCII")
    salt = secrets.token_bytes(16) if salt is None else salt
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, SCRAM_ITERATIONS)
    client_key = hmac.digest(salted, b"Client Key", "sha256")
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.digest(salted, b"Server Key", "sha256")

    def b64(raw: bytes) -> str:
        return base64.b64encode(raw).decode("ascii")

    # joined, not one f-string: the program is a ConfigMap's text in the Terraform JSON, where
    # a dollar sign before a brace would be an interpolation
    parts = (
        "SCRAM-SHA-256",
        f"{SCRAM_ITERATIONS}:{b64(salt)}",
        f"{b64(stored_key)}:{b64(server_key)}",
    )
    return "$".join(parts)


def _role(conn: psycopg.Connection, name: str, password: str) -> str:
    from psycopg import sql

    exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
    verb = "ALTER" if exists else "CREATE"
    conn.execute(
        sql.SQL(
            # (a CREATEROLE master makes no superuser: NOSUPERUSER is not its to say)
            "{} ROLE {} WITH LOGIN NOCREATEDB NOCREATEROLE INHERIT PASSWORD {}"
        ).format(sql.SQL(verb), _id(name), sql.Literal(scram_verifier(password)))
    )
    return "created" if verb == "CREATE" else "updated"


def _database(conn: psycopg.Connection, name: str, owner: str) -> None:
    from psycopg import sql

    exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    if exists:
        conn.execute(sql.SQL("ALTER DATABASE {} OWNER TO {}").format(_id(name), _id(owner)))
    else:
        conn.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(_id(name), _id(owner)))
    conn.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(_id(name)))


def _give_objects(conn: psycopg.Connection, owner: str) -> None:
    """Everything of schema ``public`` the connected (master) user owns goes to ``owner``."""
    from psycopg import sql

    mine = "pg_get_userbyid({}) = current_user AND {}::regnamespace = 'public'::regnamespace"
    relations = conn.execute(
        "SELECT relname, relkind FROM pg_class WHERE "
        + mine.format("relowner", "relnamespace")
        + " AND relkind IN ('r', 'p', 'f', 'v', 'm') ORDER BY relname"
    ).fetchall()
    for name, kind in relations:
        conn.execute(
            sql.SQL("ALTER {} public.{} OWNER TO {}").format(
                sql.SQL(_ALTER[kind]), _id(name), _id(owner)
            )
        )
    # sequences no table owns (those a table owns moved with it)
    for (name,) in conn.execute(
        "SELECT relname FROM pg_class WHERE "
        + mine.format("relowner", "relnamespace")
        + " AND relkind = 'S' ORDER BY relname"
    ).fetchall():
        conn.execute(sql.SQL("ALTER SEQUENCE public.{} OWNER TO {}").format(_id(name), _id(owner)))
    # enum, domain and composite types (a table's row type and array types follow their owner)
    for (name,) in conn.execute(
        "SELECT typname FROM pg_type WHERE "
        + mine.format("typowner", "typnamespace")
        + " AND typtype IN ('e', 'd') OR ("
        + mine.format("typowner", "typnamespace")
        + " AND typtype = 'c' AND typrelid IN (SELECT oid FROM pg_class WHERE relkind = 'c'))"
    ).fetchall():
        conn.execute(sql.SQL("ALTER TYPE public.{} OWNER TO {}").format(_id(name), _id(owner)))


def _app_grants(conn: psycopg.Connection) -> None:
    """In database ``slipway``: the app's rows, today's and those of every later migration."""
    from psycopg import sql

    owner, app = _id(OWNER_ROLE), _id(APP_ROLE)
    rows, sequences = sql.SQL(ROW_PRIVILEGES), sql.SQL(SEQUENCE_PRIVILEGES)
    for statement in (
        "GRANT USAGE ON SCHEMA public TO {app}",
        "GRANT {rows} ON ALL TABLES IN SCHEMA public TO {app}",
        "GRANT {sequences} ON ALL SEQUENCES IN SCHEMA public TO {app}",
        "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public GRANT {rows} ON TABLES "
        "TO {app}",
        "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public GRANT {sequences} "
        "ON SEQUENCES TO {app}",
    ):
        conn.execute(
            sql.SQL(statement).format(owner=owner, app=app, rows=rows, sequences=sequences)
        )


def ensure_roles(passwords: Mapping[str, str], **connect: object) -> dict[str, str]:
    """Bring the roles, databases and grants to the state the module describes; returns what
    happened to each role (``created`` or ``updated``). ``connect``: psycopg connection
    arguments of the master user (libpq's environment variables otherwise)."""
    import psycopg
    from psycopg import sql

    missing = [role for role in PASSWORD_VARIABLES if not passwords.get(role)]
    if missing:
        raise ValueError(f"no password for {', '.join(missing)}")
    outcome: dict[str, str] = {}
    with psycopg.connect(dbname="postgres", autocommit=True, **connect) as conn:  # type: ignore[arg-type]
        for role in PASSWORD_VARIABLES:
            outcome[role] = _role(conn, role, passwords[role])
        # the master acts as the owner roles (a database or object is given only to a role one
        # belongs to; on RDS the master is no superuser)
        for owner in OWNERS.values():
            conn.execute(sql.SQL("GRANT {} TO CURRENT_USER").format(_id(owner)))
        for database, owner in OWNERS.items():
            _database(conn, database, owner)
        conn.execute(
            sql.SQL("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}").format(
                _id(APP_DATABASE), _id(APP_ROLE)
            )
        )
    for database, owner in OWNERS.items():
        with psycopg.connect(dbname=database, autocommit=True, **connect) as conn:  # type: ignore[arg-type]
            _give_objects(conn, owner)
            if database == APP_DATABASE:
                _app_grants(conn)
    return outcome


def passwords_from(environ: Mapping[str, str]) -> dict[str, str]:
    return {role: environ.get(variable, "") for role, variable in PASSWORD_VARIABLES.items()}


def from_secrets_manager(
    environ: Mapping[str, str], client: object = None
) -> tuple[dict[str, str], dict[str, object]]:
    """The roles' passwords and the master's connection arguments (``host``, ``user``,
    ``password``), read from Secrets Manager as the caller's AWS identity (the Job's IRSA role;
    ``AWS_ENDPOINT_URL_SECRETS_MANAGER`` points boto3 elsewhere)."""
    if client is None:
        import boto3

        client = boto3.client("secretsmanager")

    def value(variable: str) -> str:
        name = environ.get(variable, "")
        if not name:
            raise ValueError(f"{variable} is not set")
        text: str = client.get_secret_value(SecretId=name)["SecretString"]  # type: ignore[attr-defined]
        return text

    master = json.loads(value(MASTER_SECRET_VARIABLE))
    endpoints = json.loads(value(ENDPOINTS_SECRET_VARIABLE))
    passwords = {role: value(variable) for role, variable in SECRET_VARIABLES.items()}
    connect: dict[str, object] = {
        "host": endpoints["database_host"],
        "user": master["username"],
        "password": master["password"],
    }
    return passwords, connect


def main() -> int:
    import psycopg

    errors: tuple[type[Exception], ...] = (ValueError, KeyError, psycopg.Error)
    from_aws = bool(os.environ.get(MASTER_SECRET_VARIABLE))
    if from_aws:
        from botocore.exceptions import BotoCoreError, ClientError

        errors += (BotoCoreError, ClientError)
    try:
        if from_aws:
            passwords, connect = from_secrets_manager(os.environ)
        else:
            passwords, connect = passwords_from(os.environ), {}
        outcome = ensure_roles(passwords, **connect)
    except errors as exc:
        print(f"database roles: {exc}", file=sys.stderr)
        return 1
    for role, what in outcome.items():
        print(f"role {role}: {what}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
