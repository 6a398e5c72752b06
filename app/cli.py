"""``slipway users|db|chat``: the assistant service's commands (assembled by ``pipelines.cli``).

They use ``app`` (settings, migrations, maintenance jobs); the app never imports ``pipelines``.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from rich.console import Console
from rich.markup import escape as escape_markup

console = Console(stderr=True)
out = Console()

#: The command group: ``users …``, ``db …`` and ``chat``, added to ``slipway`` as they are.
app = typer.Typer(no_args_is_help=True)


# What a terminal would act on rather than show: control characters (ESC starts the sequences
# that clear the screen, move the cursor, set the title, write the clipboard or make links)
# other than tab and line breaks, and the bidirectional overrides that reorder what is shown
_UNSHOWN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def escape(text: str) -> str:
    """``text`` (a server's, a user's) for the terminal: never Rich markup, and its control
    characters shown as "\ufffd" instead of acted on (review 176, S-L3: a to-do's ESC sequences
    cleared the screen of whoever listed it)."""
    return escape_markup(_UNSHOWN.sub("\ufffd", text))


class CommandError(Exception):
    """A users/db/chat failure the operator can act on: one line on stderr, ``exit_code``."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


# The chat's own texts, in the signed-in user's language (the terminal's language, from
# LANGUAGE/LC_ALL/LC_MESSAGES/LANG, until the user is known). Babel's catalogs directly: the
# chat command starts without Flask.
_catalog: dict[str, Any] = {}


def _(message: str, **values: Any) -> str:
    """``message`` in the chat user's language, ``%(name)s`` filled from ``values``."""
    translations = _catalog.get("current")
    text = str(translations.gettext(message)) if translations is not None else message
    return text % values if values else text


def ngettext(singular: str, plural: str, num: int, **values: Any) -> str:
    """The singular or plural of a message for ``num`` in the chat user's language (``%(num)d``
    filled in)."""
    translations = _catalog.get("current")
    if translations is not None:
        text = str(translations.ngettext(singular, plural, num))
    else:
        text = singular if num == 1 else plural
    return text % {"num": num, **values}


def use_locale(locale: str) -> None:
    """Speak the language of ``locale`` ("es-PE" → the Spanish catalog) from now on."""
    from babel.support import Translations

    language = locale.replace("_", "-").split("-", 1)[0].lower()
    _catalog["language"] = language
    folder = Path(__file__).resolve().parent / "translations"
    _catalog["current"] = Translations.load(str(folder), [language]) if language else None


@contextlib.contextmanager
def speaking(language: str | None) -> Iterator[None]:
    """The chat's own texts in ``language`` inside (the conversation's, as its latest reply was
    written: a pathway shown after a Spanish reply is in Spanish), then the user's again."""
    if not language or language == _catalog.get("language"):
        yield
        return
    saved = dict(_catalog)
    use_locale(language)
    try:
        yield
    finally:
        _catalog.clear()
        _catalog.update(saved)


def terminal_locale() -> str:
    """The terminal's language in gettext's order (LANGUAGE, LC_ALL, LC_MESSAGES, LANG:
    ``es_PE.UTF-8`` → ``es_PE``), else "en". Not LC_CTYPE: Python sets it to C.UTF-8 itself
    when the named locale is not installed."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "").split(":")[0].split(".")[0].split("@")[0]
        if value and value not in {"C", "POSIX"}:
            return value
    return "en"


def _settings() -> Any:
    from app.settings import AppSettings

    return AppSettings()


def explained(error: BaseException) -> str | None:
    """A settings mistake or a database out of reach, as the one line the guard prints (which
    variable is wrong, what to do); None for any other error. gunicorn's start says the same."""
    from pydantic import ValidationError
    from pydantic_settings import SettingsError

    from app.db import database_problem
    from app.settings import AppSettings, settings_problem

    if isinstance(error, ValidationError) and error.title == AppSettings.__name__:
        return settings_problem(error, AppSettings)
    if isinstance(error, SettingsError):  # a value not even parsed (JSON)
        return settings_problem(error, AppSettings)
    try:
        url = AppSettings().database_url
    except (ValidationError, SettingsError):
        return None
    return database_problem(error, url)


# -- users -----------------------------------------------------------------------------------
users_app = typer.Typer(help="Users of the assistant and their API tokens.", no_args_is_help=True)
app.add_typer(users_app, name="users")


@users_app.command("create")
def users_create(
    name: Annotated[str, typer.Argument(help="A unique user name.")],
    timezone: Annotated[str, typer.Option(help="IANA timezone, e.g. America/Lima.")] = "",
    locale: Annotated[
        str, typer.Option(help="The language spoken to them: en or es, or a tag like es-PE.")
    ] = "",
) -> None:
    """Create a user and print their API token (shown this once; only its hash is stored)."""
    from app.auth import UserError, locale_problem
    from app.db.maintenance import add_user
    from app.db.migrate import upgrade

    settings = _settings()
    problem = locale_problem(locale or settings.default_locale)  # the API's rule: es-pe → es-PE
    if problem is not None:
        raise CommandError(problem)
    upgrade(settings.database_url)
    try:
        _, token = add_user(
            settings.database_url,
            name,
            timezone or settings.default_timezone,
            locale or settings.default_locale,
        )
    except UserError as exc:
        raise CommandError(str(exc)) from None
    shown = escape(name.strip())  # a name is text, never Rich markup
    console.print(f"Created user [bold]{shown}[/bold]. Their API token (shown once, keep it safe):")
    print(token)


@users_app.command("token")
def users_token(
    name: Annotated[str, typer.Argument(help="The user's name.")],
    revoke_others: Annotated[bool, typer.Option(help="Revoke the user's other tokens.")] = False,
) -> None:
    """Issue a new API token for an existing user (printed once)."""
    from app.db.maintenance import new_token_for

    token = new_token_for(_settings().database_url, name, revoke_others)
    if token is None:
        raise CommandError(f"no user named {name!r}: create one with `slipway users create {name}`")
    print(token)


@users_app.command("revoke")
def users_revoke(name: Annotated[str, typer.Argument(help="The user's name.")]) -> None:
    """Revoke every API token of a user (a leaked token, a user who left): each is refused
    from its next request, on every replica. `slipway users token NAME` issues a new one."""
    from app.db.maintenance import revoke_tokens

    revoked = revoke_tokens(_settings().database_url, name)
    if revoked is None:
        raise CommandError(f"no user named {name!r}: `slipway users list` shows who there is")
    console.print(
        f"revoked {revoked} token(s) of {escape(name)}; a new one: `slipway users token "
        f"{escape(name)}`",
        highlight=False,
    )


@users_app.command("ensure")
def users_ensure(
    name: Annotated[str, typer.Argument(help="The user's name.")],
    token_env: Annotated[
        str,
        typer.Option(
            "--token-env", help="Environment variable holding the token (never an argument)."
        ),
    ],
    timezone: Annotated[str, typer.Option(help="IANA timezone for a new user.")] = "",
    locale: Annotated[str, typer.Option(help="Language of a new user (en, es).")] = "",
) -> None:
    """Make sure the user exists and answers to exactly that token (idempotent).

    For tokens made elsewhere, e.g. the smoke-test token the platform generates per environment
    (the migration Job runs the same function before every rollout)."""
    from app.auth import locale_problem, normal_locale
    from app.db.migrate import EnsureError, ensure_user, token_from_env, upgrade

    settings = _settings()
    locale = locale or settings.default_locale
    problem = locale_problem(locale)  # stored as `users create` and the API store it
    if problem is not None:
        raise CommandError(f"cannot ensure user {name!r}: {problem}")
    upgrade(settings.database_url)
    try:
        outcome = ensure_user(
            settings.database_url,
            name,
            token_from_env(token_env),
            timezone or settings.default_timezone,
            normal_locale(locale) or locale,
        )
    except EnsureError as exc:
        raise CommandError(f"cannot ensure user {name!r}: {exc}") from None
    console.print(f"user {escape(name)}: {outcome}", highlight=False)


@users_app.command("list")
def users_list() -> None:
    """List users (never their tokens)."""
    from app.db.maintenance import list_users

    for row in list_users(_settings().database_url):
        out.print(
            f"{row['id']:>4}  {escape(str(row['name'])):<20} {row['timezone']:<20} "
            f"{row['locale']:<6} "
            f"{row['tokens']} active token(s)",
            highlight=False,
        )


# -- db ----------------------------------------------------------------------------------------
db_app = typer.Typer(help="The assistant's database (Alembic migrations, retention).")
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
    create_database: Annotated[
        bool,
        typer.Option(
            "--create-database", help="On Postgres, create the database first if it is missing."
        ),
    ] = False,
) -> None:
    """Apply the Alembic migrations (idempotent; what `make run` and gunicorn's start do)."""
    from sqlalchemy.engine import make_url

    from app.db.migrate import create_database as create
    from app.db.migrate import current_revision, upgrade

    url = _settings().database_url
    if create_database and create(url):
        console.print(f"created database {make_url(url).database}", highlight=False)
    upgrade(url, revision)
    console.print(f"database at revision {current_revision(url)}", highlight=False)


@db_app.command("current")
def db_current() -> None:
    """Print the database's revision and the code's head revision."""
    from app.db.migrate import current_revision, head_revision

    out.print(
        json.dumps({"current": current_revision(_settings().database_url), "head": head_revision()})
    )


@db_app.command("prune")
def db_prune(
    days: Annotated[
        int | None, typer.Option(help="Keep this many days (default: the retention setting).")
    ] = None,
) -> None:
    """Delete request_log rows older than the retention (SLIPWAY_REQUEST_LOG_RETENTION_DAYS)."""
    from app.db.maintenance import prune_request_log

    settings = _settings()
    keep = days if days is not None else settings.request_log_retention_days
    if keep < 1:
        raise CommandError("--days must be at least 1")
    removed = prune_request_log(settings.database_url, keep)
    console.print(f"removed {removed} request_log row(s) older than {keep} day(s)")


@db_app.command("recover-turns")
def db_recover_turns() -> None:
    """Reverse the writes of LLM turns whose process died midway (entries of the turn journal
    past their deadline and margin); the servers also do it at start and every half minute.
    Prints one line per entry (its journal id, user, start, outcome and rows), then the counts
    per outcome: this command's recoveries reach ``slipway_turns_recovered_total`` only when it
    shares the servers' PROMETHEUS_MULTIPROC_DIR."""
    import logging

    from app.db import make_engine
    from app.db.journal import pending_count, recover_all

    engine = make_engine(_settings().database_url)
    journal_log = logging.getLogger("app.db.journal")
    level = journal_log.level
    # its warnings would repeat each entry without the fields that name it: printed below
    journal_log.setLevel(logging.ERROR)
    try:
        done = recover_all(engine)
        left = pending_count(engine)
    finally:
        journal_log.setLevel(level)
        engine.dispose()
    for entry in done.entries:
        out.print(recovery_line(entry), highlight=False, soft_wrap=True)
    console.print(
        f"abandoned LLM turns: {done.reversed} reversed, {done.changed} left as they are (a row "
        f"changed since), {done.failed} failed; {left} turn(s) still running or in their margin",
        highlight=False,
        soft_wrap=True,
    )
    if done.total and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        console.print(
            "(not counted in slipway_turns_recovered_total: PROMETHEUS_MULTIPROC_DIR is unset "
            "here, and only a command sharing the servers' folder adds to it)",
            highlight=False,
            soft_wrap=True,
        )
    if done.failed:
        raise CommandError(f"{done.failed} abandoned turn(s) could not be reversed: see the log")


def recovery_line(entry: dict[str, Any]) -> str:
    """One recovered journal entry as the command prints it: ``reversed: journal 7, user 3,
    began 2026-04-14T19:30:00+00:00: meetings 5 removed (restored as 9), todos 2 added``."""
    said = f"{entry['outcome']}: journal {entry['journal_id']}"
    if "user_id" in entry:
        said += f", user {entry['user_id']}, began {entry.get('began') or '?'}"
    if entry.get("rows"):
        said += ": " + ", ".join(entry["rows"])
    if entry.get("error"):
        said += f" ({entry['error']}: see the log)"
    return escape(said)


# -- chat --------------------------------------------------------------------------------------
class ServerDown(Exception):
    """The assistant could not be reached."""


class Refused(RuntimeError):
    """The assistant answered with an error: its HTTP status and what it said (``detail``: the
    refused fields' problems, as the API lists them)."""

    def __init__(self, status: int, message: str, detail: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.detail = detail


def _call(url: str, token: str, method: str, path: str, body: Any = None) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url.rstrip("/") + path, data=data, method=method)
    request.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        try:
            payload = json.loads(exc.read() or b"{}")
        except ValueError:
            payload = {}
        message = payload.get("message") or exc.reason
        said = f"{exc.code} {payload.get('code', '')}: {message}".strip()
        raise Refused(exc.code, said, payload.get("detail")) from None
    except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
        raise ServerDown(str(getattr(exc, "reason", exc))) from None


@app.command("chat")
def chat_command(
    url: Annotated[str, typer.Option(help="The assistant's base URL.")] = "http://127.0.0.1:8000",
    conversation: Annotated[
        int | None, typer.Option(help="Continue this conversation id (shows its history).")
    ] = None,
) -> None:
    """Chat with the assistant in the terminal (token from SLIPWAY_TOKEN, or asked for).

    Commands: /history shows this conversation, /new starts another, /quit leaves;
    /pathway recommends a learning pathway, /accept N, /done N and /reject N answer its step N;
    /help lists them (an unknown /command says so and is not sent).
    """
    use_locale(terminal_locale())
    if not url.startswith(("http://", "https://")):
        raise CommandError(
            _("give the assistant's URL with its scheme, e.g. --url http://%(url)s", url=url), 2
        )
    token = os.environ.get("SLIPWAY_TOKEN", "").strip()
    no_token = _(
        "no API token: set SLIPWAY_TOKEN to yours (`slipway users token NAME` on the server "
        "issues one), or run `slipway chat` in a terminal to type it"
    )
    if not token and not sys.stdin.isatty():
        raise CommandError(no_token)  # no terminal to ask in (getpass would echo, then abort)
    if not token:
        try:
            token = typer.prompt(_("API token"), hide_input=True).strip()
        except (click.exceptions.Abort, EOFError):
            raise CommandError(no_token) from None
        if not token:
            raise CommandError(no_token)
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401 - arrow-key history for input()

    try:
        me = _call(url, token, "GET", "/v1/users/me")
    except ServerDown as exc:
        raise CommandError(
            _(
                "cannot reach the assistant at %(url)s (%(error)s). Is it running? Start it "
                "with `make run`, or pass --url.",
                url=url,
                error=exc,
            ),
            2,
        ) from None
    except Refused as exc:
        if exc.status == 404:  # not the assistant's API at this URL (e.g. --url .../v1)
            raise CommandError(
                _(
                    "%(url)s does not serve the assistant's API (%(error)s): give its base URL, "
                    "e.g. http://127.0.0.1:8000",
                    url=url,
                    error=exc,
                ),
                2,
            ) from None
        raise CommandError(
            _(
                "the assistant refused the token: %(error)s. Ask for a new one (`slipway users "
                "token NAME` on the server) and set SLIPWAY_TOKEN",
                error=exc,
            )
        ) from None
    use_locale(str(me.get("locale") or "en"))
    console.print(
        _(
            "Signed in as [bold]%(name)s[/bold] (%(timezone)s). Type /history, /new, /pathway "
            "or /quit.",
            name=escape(str(me["name"])),
            timezone=escape(str(me["timezone"])),
        ),
        highlight=False,
    )
    you = _("you")

    def history(cid: int) -> None:
        convo = _call(url, token, "GET", f"/v1/conversations/{cid}")
        for m in convo["messages"]:
            who = you if m["role"] == "user" else "slipway"
            out.print(f"[dim]{who}:[/dim] {escape(str(m['text']))}", highlight=False)

    pathway: dict[str, Any] | None = None
    # the language of the conversation's latest reply: the pathway and its notes are asked for
    # and shown in it ("/pathway" after a Spanish reply is Spanish, whatever the user's locale)
    spoken: str | None = None
    cid = conversation
    if cid is not None:
        try:
            history(cid)
        except Refused as exc:
            if exc.status != 404:
                raise CommandError(str(exc)) from None
            raise CommandError(not_yours(url, token, cid)) from None
        except RuntimeError as exc:
            raise CommandError(str(exc)) from None
    while True:
        try:
            text = input(f"{you}> ").strip()
        except (EOFError, KeyboardInterrupt):
            out.print()
            return
        if not text:
            continue
        # "/new", "/accept 2": a command (its name in any case); "/ 5pm" or "s/ 500" is a message
        command = text.split(maxsplit=1)[0].lower() if _COMMAND.match(text) else ""
        if command in {"/quit", "/exit"}:
            return
        try:
            if command == "/new":
                cid, spoken = None, None
                out.print("[dim]" + _("new conversation") + "[/dim]")
                continue
            if command == "/pathway":
                asked = "/v1/pathways/recommend" + (f"?lang={spoken}" if spoken else "")
                pathway = _call(url, token, "POST", asked, {})
                with speaking(spoken):
                    show_pathway(pathway)
                continue
            step_action = _PATHWAY_COMMANDS.get(command)
            if step_action is not None:
                with speaking(spoken):
                    pathway_feedback(url, token, pathway, text, step_action)
                continue
            if command == "/history":
                if cid is None:
                    out.print("[dim]" + _("no messages yet") + "[/dim]")
                else:
                    history(cid)
                continue
            if command:  # /help, or a command the client does not have: never sent as a message
                said = _commands() if command == "/help" else _unknown(text.split()[0])
                out.print(f"[dim]{escape(said)}[/dim]", highlight=False)
                continue
            body: dict[str, Any] = {"message": text}
            if cid is not None:
                body["conversation_id"] = cid
            reply = _call(url, token, "POST", "/v1/chat", body)
        except ServerDown as exc:
            down = _(
                "the assistant at %(url)s is not answering (%(error)s); try again when it is "
                "back, or /quit",
                url=url,
                error=exc,
            )
            console.print(f"[red]{escape(down)}[/red]", highlight=False)
            continue
        except RuntimeError as exc:
            said = _refused_message(exc)
            console.print("[red]" + _("error:") + f"[/red] {escape(said)}", highlight=False)
            continue
        cid = int(reply["conversation_id"])
        spoken = str(reply.get("lang") or "") or spoken
        # what the server says is text, never Rich markup ("add [/b] to my list" crashed it)
        out.print(f"slipway> {escape(str(reply['reply']))}", highlight=False)
        # which skill and path answered, in the user's language as the web page says them; the
        # intent is the model's label, the same in every language
        out.print(
            f"[dim]  {escape(skill_label(reply['skill']))} · "
            f"{escape(_label(_PATHS, reply['path']))} · {escape(str(reply['intent']))} "
            f"({reply['confidence']:.2f})[/dim]",
            highlight=False,
        )
        data = reply.get("data") or {}
        if isinstance(data.get("pathway"), dict):
            pathway = data["pathway"]
            with speaking(spoken):
                show_pathway(pathway)


_PATHWAY_COMMANDS = {"/accept": "accepted", "/done": "completed", "/reject": "rejected"}
#: The paths as the web page names them (the same msgids, see app.api.web)
_PATHS = {"local": "local", "llm": "LLM", "fallback": "fallback"}


def skill_label(name: Any) -> str:
    """A skill's label in the chat user's language, as the web page shows it (each skill
    declares it: app.skills.registry); one the client does not know, as sent."""
    from app.i18n import reply_locale
    from app.skills.registry import label_of

    with reply_locale(_catalog.get("language")):
        label = label_of(str(name))
    return label if label is not None else str(name)


def _label(names: dict[str, str], value: Any) -> str:
    """A skill or path in the user's language; one the client does not know, as sent."""
    msgid = names.get(str(value))
    return _(msgid) if msgid is not None else str(value)


def _refused_message(exc: RuntimeError) -> str:
    """What a refused message says: a message the API refused (too long, blank) in words, its
    problem as the server wrote it in the user's language, never "422 validation_error: …
    message: …"; any other error as it came."""
    detail = getattr(exc, "detail", None)
    problems = detail.get("json", {}).get("message") if isinstance(detail, dict) else None
    if getattr(exc, "status", None) == 422 and problems:
        text = "; ".join(str(p) for p in problems) if isinstance(problems, list) else str(problems)
        return _("your message was not sent: %(problem)s", problem=text)
    return str(exc)


#: A line that is a command: "/" and a letter ("/ 5pm" and "/5" are messages)
_COMMAND = re.compile(r"/[^\W\d_]")


def _commands() -> str:
    return _(
        "Commands: /history shows this conversation, /new starts another, /pathway recommends a "
        "learning pathway, /accept N, /done N and /reject N answer its step N, /help shows "
        "this, /quit leaves. Anything else is sent to the assistant."
    )


def _unknown(command: str) -> str:
    return _(
        "unknown command %(command)s (nothing was sent). %(commands)s",
        command=command,
        commands=_commands(),
    )


def not_yours(url: str, token: str, cid: int) -> str:
    """What to do when ``--conversation`` names no conversation of the signed-in user: start a
    new one, or continue one of theirs (the latest ids, when the server lists them)."""
    try:
        listed = _call(url, token, "GET", "/v1/conversations").get("conversations") or []
        ids = [str(c["id"]) for c in listed[:5]]
    except (RuntimeError, ServerDown, KeyError, TypeError, AttributeError):
        ids = []
    if not ids:
        return _(
            "you have no conversation %(id)s: leave out --conversation to start a new one",
            id=cid,
        )
    return _(
        "you have no conversation %(id)s: leave out --conversation to start a new one, or "
        "continue one of yours (latest first): %(ids)s",
        id=cid,
        ids=", ".join(ids),
    )


def show_pathway(pathway: dict[str, Any]) -> None:
    """The pathway's steps as a table, with the commands that answer them."""
    from rich.table import Table

    steps = pathway.get("steps") or []
    if not steps:
        out.print("[dim]" + _("no course fits this profile yet") + "[/dim]")
        for note in pathway.get("notes") or []:
            out.print(f"[dim]  {escape(str(note))}[/dim]", highlight=False)
        return
    # the roles the steps serve (a step teaches a skill the role asks for), not merely the first
    # two targets: without a goal the path serves up to four of the region's roles
    targets = pathway.get("roles") or []
    taught = {skill for s in steps for skill in s.get("skills_taught") or ()}
    served = [r for r in targets if taught & set(r.get("skills_required") or ())]
    roles = ", ".join(
        f"{r.get('role_name') or r['role']} ({r['region']})"  # the name in the reply's language
        for r in served or targets[:2]
    )
    title = _(
        "pathway #%(id)s towards %(roles)s", id=pathway["recommendation_id"], roles=escape(roles)
    )
    rows = [
        (
            str(i),
            escape(f"{s['title']} ({s['course_id']}, {s['language']})"),
            _number(s["hours"]),
            _("free") if s["cost_pen"] <= 0 else escape(_money(s["cost_pen"], s.get("cost_text"))),
            escape(str(s["reason"])),
        )
        for i, s in enumerate(steps, start=1)
    ]
    if out.width < _NARROW:
        # a narrow terminal: each step as lines, words whole (a five-column table there cuts
        # them: "Englis/h")
        out.print(f"[bold]{title}[/bold]", highlight=False)
        unit = _("hours")
        for number, course, hours, cost, why in rows:
            out.print(f"{number}. {course}", highlight=False)
            out.print(f"   {hours} {unit} · {cost}", highlight=False)
            out.print(f"   [dim]{why}[/dim]", highlight=False)
    else:
        table = Table(title=title)
        for column in ("#", _("course"), _("hours"), _("cost"), _("why")):
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*row)
        out.print(table)
    total_text = _money(pathway["total_cost_pen"], pathway.get("total_cost_text"))
    total = _(
        "%(hours)s h, %(weeks)s, S/ %(cost)s. Answer a step with /accept N, /done N or /reject N.",
        hours=_number(pathway["total_hours"]),
        weeks=_weeks(pathway["weeks"]),
        cost=total_text.removeprefix("S/ "),
    )
    out.print(f"[dim]  {total}[/dim]", highlight=False)
    # what the path says beside its steps ("Electricidad Básica takes the place of …"), as the
    # chat reply and the page say it
    for note in pathway.get("notes") or []:
        out.print(f"  {escape(str(note))}", highlight=False)


#: Below this many columns the pathway is printed as a list, not a table.
_NARROW = 80


def _money(value: float, text: Any) -> str:
    """An amount as the server wrote it (``cost_text``: Babel, as the replies and the page write
    it, "S/ 1,080" as Peru writes it); from an older server, the number with the sign, the same
    way."""
    return str(text) if text else f"S/ {value:,.0f}"


def _weeks(value: float) -> str:
    """The weeks a path takes in whole weeks, as the chat reply says them
    (``app.pathways.whole_weeks``: "about 20 weeks" for 19.6, "less than a week")."""
    weeks = 0 if value < 1 else math.floor(value + 0.5)
    if weeks == 0:
        return _("less than a week")
    return ngettext("about %(num)d week", "about %(num)d weeks", weeks)


def _number(value: float) -> str:
    """Hours or weeks as the server's replies write them (``app.pathways.decimal``, es_PE in
    Spanish): up to two decimals, with a point, no thousands mark ("4.6", "6")."""
    rounded = Decimal(str(value)).quantize(Decimal("0.01"), ROUND_HALF_EVEN)  # as Babel rounds
    return f"{rounded.normalize():f}"


def pathway_feedback(
    url: str, token: str, pathway: dict[str, Any] | None, text: str, action: str
) -> None:
    if pathway is None or not pathway.get("steps"):
        out.print("[dim]" + _("no pathway yet: ask for one, or type /pathway") + "[/dim]")
        return
    arg = text.partition(" ")[2]
    steps = pathway["steps"]
    if not arg.strip().isdigit() or not 1 <= int(arg) <= len(steps):
        hint = _("give a step number from 1 to %(last)d, e.g. /accept 1", last=len(steps))
        out.print(f"[dim]{hint}[/dim]")
        return
    step = steps[int(arg) - 1]
    _call(
        url,
        token,
        "POST",
        "/v1/pathways/feedback",
        {
            "recommendation_id": pathway["recommendation_id"],
            "course_id": step["course_id"],
            "action": action,
        },
    )
    done = {"accepted": _("accepted"), "completed": _("completed"), "rejected": _("rejected")}
    title = escape(str(step["title"]))
    out.print(f"[dim]  {title}: {done.get(action, action)}[/dim]", highlight=False)


def main() -> None:
    """``python -m app.cli``: these commands inside the serving image, which carries the app but
    not the ``slipway`` command (``kubectl exec deploy/slipway -- python -m app.cli users ...``)."""
    try:
        app()
    except CommandError as exc:
        console.print(f"error: {exc}", highlight=False)
        raise SystemExit(exc.exit_code) from None


if __name__ == "__main__":
    main()
