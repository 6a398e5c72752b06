"""``slipway users|db``: tokens printed once and stored hashed, migrations, retention."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("SLIPWAY_DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)
    return url


def run(*args: str) -> object:
    from pipelines.cli import app

    return CliRunner().invoke(app, list(args))


def test_users_create_prints_a_token_once(cli_env: str) -> None:
    from sqlalchemy.orm import Session

    from app.auth import hash_token
    from app.db import make_engine
    from app.db.tables import Token

    r = run("users", "create", "ana", "--timezone", "America/Lima")
    assert r.exit_code == 0, r.output  # type: ignore[attr-defined]
    token = r.stdout.strip().splitlines()[-1]  # type: ignore[attr-defined]
    assert token.startswith("slw_")
    engine = make_engine(cli_env)
    with Session(engine) as session:
        stored = session.query(Token).one()
        assert stored.token_hash == hash_token(token)
    engine.dispose()
    listed = run("users", "list")
    assert "ana" in listed.stdout  # type: ignore[attr-defined]
    assert "America/Lima" in listed.stdout  # type: ignore[attr-defined]
    assert token not in listed.stdout  # type: ignore[attr-defined]
    again = run("users", "create", "ana")
    assert again.exit_code == 1  # type: ignore[attr-defined]
    assert "already exists" in again.output  # type: ignore[attr-defined]
    bad_zone = run("users", "create", "bob", "--timezone", "Mars/Base")
    assert bad_zone.exit_code == 1  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("a\x01b", "U+0001"),
        ("ana\x1b[2J", "U+001B"),  # a terminal escape sequence
        ("ana\u202egnp.exe", "U+202E"),  # right-to-left override
        ("ana\ud800", "lone surrogate"),
        ("x" * 81, "1 to 80 characters"),
    ],
)
def test_users_create_refuses_names_a_terminal_would_act_on(
    cli_env: str, name: str, said: str
) -> None:
    """Found by an independent tester: control characters were accepted in user names (printed
    by `users list` and in the greetings), and a lone surrogate crashed the command."""
    r = run("users", "create", name)
    assert r.exit_code == 1, r.output  # type: ignore[attr-defined]
    assert said in r.output  # type: ignore[attr-defined]
    assert "Traceback" not in r.output  # type: ignore[attr-defined]


def test_a_name_is_printed_as_text_not_markup(cli_env: str) -> None:
    r = run("users", "create", "[red]ana[/red]")
    assert r.exit_code == 0, r.output  # type: ignore[attr-defined]
    assert "[red]ana[/red]" in r.output  # type: ignore[attr-defined]
    assert "[red]ana[/red]" in run("users", "list").stdout  # type: ignore[attr-defined]


def test_users_token_issues_and_revokes(cli_env: str) -> None:
    run("users", "create", "ana")
    r = run("users", "token", "ana", "--revoke-others")
    assert r.exit_code == 0, r.output  # type: ignore[attr-defined]
    assert r.stdout.strip().startswith("slw_")  # type: ignore[attr-defined]
    assert "1 active token(s)" in run("users", "list").stdout  # type: ignore[attr-defined]
    missing = run("users", "token", "nobody")
    assert missing.exit_code == 1  # type: ignore[attr-defined]


def test_users_revoke_cuts_a_user_off_on_their_next_request(cli_env: str) -> None:
    """Review 176, S-L2: a leaked token could only be retired by issuing another one."""
    from app import create_app
    from app.settings import AppSettings

    token = run("users", "create", "ana").stdout.strip().splitlines()[-1]  # type: ignore[attr-defined]
    second = run("users", "token", "ana").stdout.strip()  # type: ignore[attr-defined]
    client = create_app(AppSettings()).test_client()
    for t in (token, second):
        assert (
            client.get("/v1/users/me", headers={"Authorization": f"Bearer {t}"}).status_code == 200
        )
    r = run("users", "revoke", "ana")
    assert r.exit_code == 0, r.output  # type: ignore[attr-defined]
    assert "revoked 2 token(s) of ana" in r.output  # type: ignore[attr-defined]
    for t in (token, second):
        assert (
            client.get("/v1/users/me", headers={"Authorization": f"Bearer {t}"}).status_code == 401
        )
    assert "0 active token(s)" in run("users", "list").stdout  # type: ignore[attr-defined]
    missing = run("users", "revoke", "nobody")
    assert missing.exit_code == 1  # type: ignore[attr-defined]
    assert "slipway users list" in missing.output  # type: ignore[attr-defined]


def test_db_upgrade_current_and_prune(cli_env: str) -> None:
    import json

    from app.db.migrate import head_revision

    assert run("db", "upgrade").exit_code == 0  # type: ignore[attr-defined]
    current = json.loads(run("db", "current").stdout)  # type: ignore[attr-defined]
    assert current == {"current": head_revision(), "head": head_revision()}
    r = run("db", "prune", "--days", "7")
    assert r.exit_code == 0  # type: ignore[attr-defined]
    assert "removed 0 request_log row(s) older than 7 day(s)" in r.output  # type: ignore[attr-defined]
    assert run("db", "prune", "--days", "0").exit_code == 1  # type: ignore[attr-defined]


def test_chat_prints_what_the_server_says_as_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """Found by an independent tester: ``add [/b] to my todo list`` crashed `slipway chat` with
    a Rich MarkupError (the reply quoted "[/b]"), and so did every later --conversation of it."""
    from app import cli

    said = "Added “[/b]” and “[red]milk[/red]” to your to-do list."

    def fake_call(url: str, token: str, method: str, path: str, body: object = None) -> object:
        if path == "/v1/users/me":
            return {"name": "[bold]ana", "timezone": "UTC", "locale": "en"}
        if path.startswith("/v1/conversations/"):
            return {"messages": [{"role": "user", "text": "add [/b] to my todo list"}]}
        return {
            "conversation_id": 1,
            "reply": said,
            "skill": "scheduling",
            "path": "local",
            "intent": "todo_list_update",
            "confidence": 0.9,
            "data": {},
        }

    monkeypatch.setattr(cli, "_call", fake_call)
    monkeypatch.setenv("SLIPWAY_TOKEN", "slw_test")
    r = CliRunner().invoke(
        cli.app, ["chat", "--conversation", "1"], input="add [/b] to my todo list\n/quit\n"
    )
    assert r.exit_code == 0, r.output
    assert said in r.output
    assert "add [/b] to my todo list" in r.output  # the history, as written
    assert "[bold]ana" in r.output


@pytest.mark.parametrize(
    ("url", "status", "said"),
    [
        ("127.0.0.1:8000", None, "--url http://127.0.0.1:8000"),  # no scheme
        ("http://127.0.0.1:8000/v1", 404, "give its base URL"),  # not the API's root
        ("http://127.0.0.1:8000", 401, "slipway users token NAME"),  # a dead token
    ],
)
def test_chat_sign_in_errors_say_what_to_do(
    monkeypatch: pytest.MonkeyPatch, url: str, status: int | None, said: str
) -> None:
    """Found by an independent tester: a wrong --url was reported as a refused token, a URL
    without http:// as "unknown url type", and a refused token said nothing about a new one."""
    from app import cli

    def fake_call(url: str, token: str, method: str, path: str, body: object = None) -> object:
        assert status is not None, "no request is made for a URL without a scheme"
        raise cli.Refused(status, f"{status} code: message")

    monkeypatch.setattr(cli, "_call", fake_call)
    monkeypatch.setenv("SLIPWAY_TOKEN", "slw_test")
    r = run("chat", "--url", url)  # the whole command line: its errors are one line
    assert r.exit_code in (1, 2), r.output  # type: ignore[attr-defined]
    assert said in r.output, r.output  # type: ignore[attr-defined]
    assert "Traceback" not in r.output  # type: ignore[attr-defined]


def test_chat_shows_control_characters_instead_of_acting_on_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Review 176, S-L3: a to-do's text (anyone's, or a model's reply) holding ESC sequences
    cleared the screen and made a hidden link in the terminal of whoever listed it."""
    from app import cli

    hostile = "pay rent \x1b[2J\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\ \u202eexe.txt"

    def fake_call(url: str, token: str, method: str, path: str, body: object = None) -> object:
        if path == "/v1/users/me":
            return {"name": "ana", "timezone": "UTC", "locale": "en"}
        if path.startswith("/v1/conversations/"):
            return {"messages": [{"role": "assistant", "text": hostile}]}
        return {
            "conversation_id": 1,
            "reply": "Your to-do list:\n• " + hostile,
            "skill": "scheduling",
            "path": "local",
            "intent": "todo_list_query",
            "confidence": 0.9,
            "data": {},
        }

    monkeypatch.setattr(cli, "_call", fake_call)
    monkeypatch.setenv("SLIPWAY_TOKEN", "slw_test")
    r = CliRunner().invoke(
        cli.app, ["chat", "--conversation", "1"], input="show my to-do list\n/quit\n"
    )
    assert r.exit_code == 0, r.output
    assert "\x1b" not in r.output
    assert "\u202e" not in r.output
    assert "pay rent \ufffd[2J\ufffd]8;;http://evil.example" in r.output
    assert "Your to-do list:\n" in r.output  # line breaks are kept
