"""Users and API tokens: tokens are random, shown once and stored only as their SHA-256.

Every route needs ``Authorization: Bearer <token>`` except the public ones below.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import UTC, datetime, timedelta

from flask import Flask, g, request
from sqlalchemy import Table, bindparam, or_, select, update
from sqlalchemy.orm import Session, make_transient_to_detached

from app import db
from app.calendar import valid_timezone
from app.db.tables import Token, User
from app.errors import ApiError
from app.i18n import LANGUAGES, _, supported
from app.inputs import name_problem
from app.limits import throttles

TOKEN_PREFIX = "slw_"
TOKEN_HEADER = "X-Slipway-Token"  # the same token, for clients whose proxy drops Authorization
# Health, metrics, the API docs and the web pages (which ask for a token themselves) are public;
# every /v1 route, the model probes /v1/intent and /v1/info included, needs a token.
PUBLIC_PATHS = frozenset(
    {
        "/",
        "/schedule",
        "/pathways",
        "/favicon.ico",
        "/healthz",
        "/readyz",
        "/metrics",
        "/openapi.json",
    }
)
PUBLIC_PREFIXES = ("/docs", "/static/")
_TOUCH_EVERY = timedelta(minutes=5)
# Every authenticated request looks its token up in the database (a revoked token is refused on
# its next request, whichever process or replica revoked it), with Core statements built once on
# the table: no ORM objects, and the lookup run on the DBAPI cursor (db.PreparedRead). The same
# SELECT reads the user's columns (a join on the primary key), so a route that uses the user
# (current_user) makes no second query for it.
_tokens: Table = Token.__table__  # type: ignore[assignment]
_users: Table = User.__table__  # type: ignore[assignment]
_USER_COLUMNS = tuple(column.key for column in _users.columns)
_LOOKUP = db.PreparedRead(
    select(
        _tokens.c.id,
        _tokens.c.user_id,
        _tokens.c.last_used_at,
        *(_users.c[name].label(f"user_{name}") for name in _USER_COLUMNS),
    )
    .join(_users, _users.c.id == _tokens.c.user_id)
    .where(_tokens.c.token_hash == bindparam("token_hash"), _tokens.c.revoked_at.is_(None))
)
# last_used_at moves at most once per _TOUCH_EVERY per token; of concurrent requests one writes.
_TOUCH = (
    update(_tokens)
    .where(
        _tokens.c.id == bindparam("token_id"),
        or_(_tokens.c.last_used_at.is_(None), _tokens.c.last_used_at < bindparam("stale_before")),
    )
    .values(last_used_at=bindparam("now"))
)


class UserError(Exception):
    """A user could not be created or changed (the message says why, in English: only the
    commands create users)."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


#: A locale tag as people type it: a language, optionally a region after "-" or "_"
#: ("es", "es-PE", "es_pe", "es-419")
_LOCALE_TAG = re.compile(r"([a-z]{2,3})(?:[-_]([a-z]{2}|\d{3}))?", re.I)


def normal_locale(locale: str) -> str | None:
    """``locale`` as every way in stores it (the API's ``PATCH /v1/users/me``, `slipway users
    create|ensure`): the language in lower case, the region in upper case after "-" ("es-pe",
    "ES_PE" → "es-PE"; "EN" → "en"). None when it is not such a tag; whether the assistant speaks
    its language is :func:`app.i18n.supported`'s answer."""
    tag = _LOCALE_TAG.fullmatch(locale.strip())
    if tag is None:
        return None
    language, region = tag.groups()
    return language.lower() + (f"-{region.upper()}" if region else "")


def locale_problem(locale: str) -> str | None:
    """Why a command cannot give a user ``locale`` (in English: only the commands ask), or None
    when :func:`normal_locale` stores it."""
    tag = normal_locale(locale)
    if tag is not None and supported(tag):
        return None
    return f"unsupported locale {locale!r}: use {' or '.join(LANGUAGES)}, or a tag like es-PE"


def create_user(
    session: Session, name: str, timezone: str = "UTC", locale: str = "en"
) -> tuple[User, str]:
    """A new user with one token; the token is returned once and never stored in clear. The
    locale is stored as :func:`normal_locale` writes it."""
    name = name.strip()
    problem = name_problem(name) or locale_problem(locale)
    if problem is not None:
        raise UserError(problem)
    locale = normal_locale(locale) or locale
    if not valid_timezone(timezone):
        raise UserError(f"unknown timezone {timezone!r} (use an IANA name like Europe/Madrid)")
    if session.scalar(select(User).where(User.name == name)) is not None:
        raise UserError(f"user {name!r} already exists")
    user = User(name=name, timezone=timezone, locale=locale)
    session.add(user)
    session.flush()
    token = issue_token(session, user)
    session.commit()
    return user, token


def issue_token(session: Session, user: User) -> str:
    token = new_token()
    session.add(Token(user_id=user.id, token_hash=hash_token(token), prefix=token[:8]))
    return token


def is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def _authenticate() -> None:
    g.user = None
    g.user_id = None
    g.user_columns = None
    if request.method == "OPTIONS" or is_public(request.path):
        return
    if request.routing_exception is not None:
        return  # unknown route or method: the 404/405 says so, no token needed
    header = request.headers.get("Authorization", "")
    scheme, _space, token = header.partition(" ")
    if not header and request.headers.get(TOKEN_HEADER):
        # The Kubernetes API server's service proxy drops Authorization (kubernetes#38775), so
        # `slipway deploy`'s smoke test sends the token in this header instead.
        scheme, token = "bearer", request.headers.get(TOKEN_HEADER, "")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(
            401,
            "unauthorized",
            _(
                "send your API token as 'Authorization: Bearer <token>' "
                "(create one with `slipway users create NAME`)"
            ),
            headers={"WWW-Authenticate": "Bearer"},
        )
    # A pooled connection of its own (no ORM session; on Postgres in autocommit, no transaction
    # to open or roll back), returned to the pool before the view runs.
    with db.statements().connect() as connection:
        found = _LOOKUP.first(connection, token_hash=hash_token(token.strip()))
        now = datetime.now(UTC)
        if found is not None and (found[2] is None or now - found[2] > _TOUCH_EVERY):
            stale_before = now - _TOUCH_EVERY
            connection.execute(
                _TOUCH, {"token_id": found[0], "stale_before": stale_before, "now": now}
            )
            connection.commit()
    if found is None:
        # An address over its failed-authentication limit gets 429 for every token it guesses,
        # but a valid token still passes (probe 36, O-M2: one client behind a shared address, a
        # NAT or a proxy whose hops are not trusted, locked every user there out). A token is
        # 256 random bits, so a guess that passes is no risk the throttle could remove; it slows
        # guessing and keeps the failures' noise down.
        if (refusal := throttles().authentication_failed()) is not None:
            raise refusal
        raise ApiError(
            401,
            "invalid_token",
            _("the API token is unknown or revoked"),
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    g.token_id, g.user_id = found[0], found[1]
    g.user_columns = {name: found[3 + i] for i, name in enumerate(_USER_COLUMNS)}


def current_user() -> User:
    """The authenticated user's row (loaded on first use in the request, then kept)."""
    user: User | None = g.get("user")
    if user is None:
        columns = g.get("user_columns")
        if columns is not None:
            # the row the token lookup read, made this session's persistent User (as if loaded
            # by a query: later changes are written at commit) without a query of its own
            user = User(**columns)
            make_transient_to_detached(user)
            user = db.session().merge(user, load=False)
        elif g.get("user_id") is not None:
            user = db.session().get(User, g.user_id)
        if user is None:
            # no user after all (erased meanwhile): the request's language no longer asks for it
            g.user_id = None
            raise ApiError(401, "unauthorized", _("this route needs an API token"))
        g.user = user
    return user


def init_app(app: Flask) -> None:
    app.before_request(_authenticate)
