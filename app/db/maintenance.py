"""Maintenance jobs on the assistant's database (run by ``slipway db ...`` and ``users ...``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.auth import create_user, issue_token
from app.db import make_engine
from app.db.tables import RequestLog, Token, User


def prune_request_log(url: str, retention_days: int, now: datetime | None = None) -> int:
    """Delete request_log rows older than ``retention_days``; returns how many went."""
    cutoff = (now or datetime.now(UTC)) - timedelta(days=retention_days)
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            result = session.execute(delete(RequestLog).where(RequestLog.created_at < cutoff))
            session.commit()
            return int(getattr(result, "rowcount", 0) or 0)
    finally:
        engine.dispose()


def add_user(url: str, name: str, timezone: str, locale: str) -> tuple[int, str]:
    """A new user and their first token (the only time the token is seen in clear)."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            user, token = create_user(session, name, timezone=timezone, locale=locale)
            return user.id, token
    finally:
        engine.dispose()


def _revoke_all(session: Session, user: User) -> int:
    """Revoke every active token of ``user``; how many there were."""
    active = list(
        session.scalars(select(Token).where(Token.user_id == user.id, Token.revoked_at.is_(None)))
    )
    for token in active:
        token.revoked_at = datetime.now(UTC)
    return len(active)


def new_token_for(url: str, name: str, revoke_others: bool) -> str | None:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            user = session.scalar(select(User).where(User.name == name))
            if user is None:
                return None
            if revoke_others:
                _revoke_all(session, user)
            token_text = issue_token(session, user)
            session.commit()
            return token_text
    finally:
        engine.dispose()


def revoke_tokens(url: str, name: str) -> int | None:
    """Revoke every active token of the user ``name`` (None: no such user); how many."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            user = session.scalar(select(User).where(User.name == name))
            if user is None:
                return None
            revoked = _revoke_all(session, user)
            session.commit()
            return revoked
    finally:
        engine.dispose()


def list_users(url: str) -> list[dict[str, object]]:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            active = (
                select(Token.user_id, func.count().label("n"))
                .where(Token.revoked_at.is_(None))
                .group_by(Token.user_id)
                .subquery()
            )
            rows = session.execute(
                select(User, active.c.n)
                .outerjoin(active, active.c.user_id == User.id)
                .order_by(User.id)
            )
            return [
                {
                    "id": user.id,
                    "name": user.name,
                    "timezone": user.timezone,
                    "locale": user.locale,
                    "tokens": int(n or 0),
                }
                for user, n in rows
            ]
    finally:
        engine.dispose()
