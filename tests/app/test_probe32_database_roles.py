"""Probe 32 on the database-roles program (``infra/platform/database_roles.py``), run as the Job
runs it: a real Postgres with an RDS-like master, Secrets Manager served by moto.

- R-M2: the program reads the master's credentials, the database host and the roles' passwords
  from Secrets Manager itself (the Job's IRSA role), so no Kubernetes Secret has to hold them;
- R-L1: a role's password reaches the server as a SCRAM-SHA-256 verifier, never as plaintext, so
  a logged ``CREATE/ALTER ROLE`` (an error, a slow statement: RDS exports the log) shows none.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from infra.platform import database_roles as roles
from tests.app.test_probe25_database_roles import MASTER, MASTER_PASSWORD, PASSWORDS, rds_like

pytestmark = pytest.mark.postgres

PROGRAM = Path(roles.__file__)
AWS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_REGION": "us-east-1",
    "AWS_DEFAULT_REGION": "us-east-1",
}


def _run(environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The program in a process of its own, as the Job runs it (``python database_roles.py``),
    with nothing of the master's or the roles' in its environment but what is given."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PG", "AWS_", "DATABASE_ROLES_"))
        and k not in roles.PASSWORD_VARIABLES.values()
    }
    return subprocess.run(
        [sys.executable, str(PROGRAM)],
        env={**clean, **AWS, **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _secrets(endpoint: str, host: str) -> dict[str, str]:
    """The platform's secrets in moto: the RDS-managed master secret (by ARN, as the platform
    names it), the runtime endpoints and the roles' passwords; returns the Job's variables."""
    import boto3

    client = boto3.client(
        "secretsmanager",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    master = client.create_secret(
        Name="rds!db-0123",
        SecretString=json.dumps({"username": MASTER, "password": MASTER_PASSWORD}),
    )["ARN"]
    client.create_secret(
        Name="slipway-dev/runtime-endpoints",
        SecretString=json.dumps({"database_host": host, "database_port": "5432"}),
    )
    environment = {
        roles.MASTER_SECRET_VARIABLE: master,
        roles.ENDPOINTS_SECRET_VARIABLE: "slipway-dev/runtime-endpoints",
    }
    for role, variable in roles.SECRET_VARIABLES.items():
        name = f"slipway-dev/database/{role.replace('_', '-')}"
        client.create_secret(Name=name, SecretString=PASSWORDS[role])
        environment[variable] = name
    return environment


def test_the_job_reads_secrets_manager_and_never_sends_a_password() -> None:
    from tests.servers import s3_server  # moto in server mode: every AWS API, Secrets Manager too

    with rds_like(legacy=False) as server, s3_server() as moto:
        pg = server.pg
        superuser = pg.url("postgres", "postgresql")
        with psycopg.connect(superuser, autocommit=True) as conn:
            # every statement the master sends lands in the server's log, as RDS logs a failed
            # or slow one
            conn.execute(f"ALTER ROLE {MASTER} SET log_statement = 'all'")
            (data,) = conn.execute("SELECT current_setting('data_directory')").fetchall()[0]
        log = Path(data).parent / "log"
        environment = {
            **_secrets(moto, pg.host),
            "AWS_ENDPOINT_URL_SECRETS_MANAGER": moto,
            "PGPORT": str(pg.port),
            "PGSSLMODE": "disable",
        }
        done = _run(environment)
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines() == [f"role {role}: created" for role in PASSWORDS]
        # each role logs in with its password from Secrets Manager
        for role, password in PASSWORDS.items():
            url = server.url(role, password, "postgres")
            with psycopg.connect(url) as conn:
                assert conn.execute("SELECT current_user").fetchone() == (role,)
        # the server holds verifiers the program made (4096 iterations), and the statements that
        # set them, logged, carry no password
        with psycopg.connect(superuser) as conn:
            stored: dict[str, str] = dict(
                conn.execute(
                    "SELECT rolname, rolpassword FROM pg_authid WHERE rolname = ANY(%s)",
                    (list(PASSWORDS),),
                ).fetchall()
            )
        assert all(v.startswith("SCRAM-SHA-256$4096:") for v in stored.values()), stored
        text = log.read_text(errors="replace")
        assert "CREATE ROLE" in text  # the log did record the statements
        for password in PASSWORDS.values():
            assert password not in text
        assert MASTER_PASSWORD not in text
        # a second run (an upgrade) sets new verifiers the same way
        done = _run(environment)
        assert done.returncode == 0, done.stderr
        assert "ALTER ROLE" in log.read_text(errors="replace")
        assert not any(p in log.read_text(errors="replace") for p in PASSWORDS.values())
        # a secret it may not read (here: missing) fails the Job with one line, no traceback
        done = _run({**environment, roles.ENDPOINTS_SECRET_VARIABLE: "slipway-dev/nothing"})
        assert done.returncode == 1
        assert done.stderr.startswith("database roles: ")
        assert "Traceback" not in done.stderr


def test_the_verifier_is_scram_sha_256_as_postgres_stores_it() -> None:
    verifier = roles.scram_verifier("pencil", salt=b"\x01" * 16)
    scheme, rest = verifier.split("$", 1)
    assert scheme == "SCRAM-SHA-256"
    params, keys = rest.split("$")
    assert params == "4096:AQEBAQEBAQEBAQEBAQEBAQ=="
    stored_key, server_key = keys.split(":")
    assert len(stored_key) == len(server_key) == 44  # base64 of 32 bytes
    assert "pencil" not in verifier
    assert roles.scram_verifier("pencil") != roles.scram_verifier("pencil")  # a fresh salt
    with pytest.raises(ValueError, match="printable ASCII"):
        roles.scram_verifier("contraseña")
