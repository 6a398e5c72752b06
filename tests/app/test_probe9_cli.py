"""What the ninth independent tester found in the commands: `slipway users create --locale es-pe`
stored "es-pe" while the API refused it (finding 17); and in `slipway chat` (finding 18) an
unknown "/foo" was sent to the assistant as a message, `--conversation` with another user's id
ended on "404 not_found" without saying what to do, and with no SLIPWAY_TOKEN and no terminal it
printed a getpass warning and "Aborted."."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("SLIPWAY_DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)
    return url


def run(*args: str, given: str | None = None) -> Any:
    from pipelines.cli import app

    return CliRunner().invoke(app, list(args), input=given)


def _locale_of(url: str, name: str) -> str:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from app.db import make_engine
    from app.db.tables import User

    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return str(session.scalar(select(User.locale).where(User.name == name)))
    finally:
        engine.dispose()


# -- finding 17 -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("given", "stored"),
    [("es-pe", "es-PE"), ("es_PE", "es-PE"), ("ES-PE", "es-PE"), ("EN", "en"), ("es", "es")],
)
def test_users_create_stores_a_locale_as_the_api_does(
    cli_env: str, given: str, stored: str
) -> None:
    r = run("users", "create", "x y", "--timezone", "America/Lima", "--locale", given)
    assert r.exit_code == 0, r.output
    assert _locale_of(cli_env, "x y") == stored


@pytest.mark.parametrize("given", ["fr", "español", "es-", "e"])
def test_users_create_refuses_a_locale_the_api_refuses(cli_env: str, given: str) -> None:
    r = run("users", "create", "ana", "--locale", given)
    assert r.exit_code == 1, r.output
    assert "unsupported locale" in r.output, r.output
    assert "es-PE" in r.output
    assert "Traceback" not in r.output


def test_users_ensure_stores_the_same_form(cli_env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMOKE_TOKEN", "slw_" + "a" * 40)
    r = run("users", "ensure", "smoke", "--token-env", "SMOKE_TOKEN", "--locale", "es_pe")
    assert r.exit_code == 0, r.output
    assert _locale_of(cli_env, "smoke") == "es-PE"
    bad = run("users", "ensure", "smoke2", "--token-env", "SMOKE_TOKEN", "--locale", "fr")
    assert bad.exit_code == 1
    assert "unsupported locale" in bad.output


# -- finding 18 -----------------------------------------------------------------------------------
class FakeServer:
    """The assistant's API as `slipway chat` calls it (what was sent is kept)."""

    def __init__(self, mine: tuple[int, ...] = (3, 5)) -> None:
        self.mine = mine
        self.sent: list[str] = []

    def __call__(self, url: str, token: str, method: str, path: str, body: Any = None) -> Any:
        from app import cli

        if path == "/v1/users/me":
            return {"name": "ana", "timezone": "America/Lima", "locale": "en"}
        if path == "/v1/conversations":
            return {"conversations": [{"id": i} for i in self.mine]}
        if path.startswith("/v1/conversations/"):
            cid = int(path.rsplit("/", 1)[1])
            if cid not in self.mine:
                raise cli.Refused(404, f"404 not_found: no conversation with id {cid}")
            return {"messages": [{"role": "user", "text": "hola"}]}
        if path == "/v1/pathways/recommend":
            return {"recommendation_id": 1, "steps": [], "notes": []}
        self.sent.append(body["message"])
        return {
            "conversation_id": 3,
            "reply": "ok",
            "skill": "conversation",
            "path": "local",
            "intent": "greeting",
            "confidence": 0.9,
            "data": {},
        }


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> FakeServer:
    from app import cli

    fake = FakeServer()
    monkeypatch.setattr(cli, "_call", fake)
    monkeypatch.setenv("SLIPWAY_TOKEN", "slw_test")
    return fake


@pytest.mark.parametrize("command", ["/foo", "/hsitory", "/quti now", "/ayuda"])
def test_an_unknown_command_says_so_and_lists_the_commands(
    server: FakeServer, command: str
) -> None:
    r = run("chat", given=f"{command}\n/quit\n")
    assert r.exit_code == 0, r.output
    assert f"unknown command {command.split()[0]}" in r.output, r.output
    for known in ("/history", "/new", "/pathway", "/accept N", "/quit"):
        assert known in r.output
    assert server.sent == []  # never sent to the assistant as a message


def test_help_lists_the_commands_and_commands_take_any_case(server: FakeServer) -> None:
    r = run("chat", given="/help\n/PATHWAY\n/Quit\nnot sent\n")
    assert r.exit_code == 0, r.output
    assert "/history shows this conversation" in r.output
    assert "no course fits this profile yet" in r.output  # /PATHWAY ran
    assert server.sent == []  # /Quit left


@pytest.mark.parametrize("message", ["/ 5pm meeting", "/5 horas", "s/ 500 de presupuesto"])
def test_a_message_that_only_starts_with_a_slash_is_sent(server: FakeServer, message: str) -> None:
    r = run("chat", given=f"{message}\n/quit\n")
    assert r.exit_code == 0, r.output
    assert server.sent == [message]


def test_a_conversation_that_is_not_yours_says_what_to_do(server: FakeServer) -> None:
    r = run("chat", "--conversation", "14")
    assert r.exit_code == 1, r.output
    assert "you have no conversation 14" in r.output, r.output
    assert "leave out --conversation" in r.output
    assert "3, 5" in r.output  # the ids that are the user's
    assert "Traceback" not in r.output
    ok = run("chat", "--conversation", "5", given="/quit\n")
    assert ok.exit_code == 0, ok.output
    assert "hola" in ok.output
    server.mine = ()
    r = run("chat", "--conversation", "14")
    assert "leave out --conversation to start a new one" in r.output, r.output


def test_no_token_and_no_terminal_says_to_set_slipway_token(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from app import cli

    def no_call(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("nothing is asked of the server without a token")

    monkeypatch.setattr(cli, "_call", no_call)
    monkeypatch.delenv("SLIPWAY_TOKEN", raising=False)
    monkeypatch.setenv("LANGUAGE", "en")  # the terminal's language speaks until sign-in
    for given in ("", "hola\n"):  # stdin is no terminal: piped text is not a token
        r = run("chat", given=given)
        assert r.exit_code == 1, r.output
        assert "SLIPWAY_TOKEN" in r.output, r.output
        assert "slipway users token NAME" in r.output
        assert "Aborted" not in r.output
        assert "Warning" not in r.output
