"""Helpers every resource route shares: the current user, their timezone, 404s."""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

from app import calendar, db
from app.auth import current_user
from app.db.tables import Meeting, Reminder, Todo
from app.errors import ApiError

Row = TypeVar("Row", Meeting, Reminder, Todo)


def user_tz() -> ZoneInfo:
    return ZoneInfo(current_user().timezone)


def as_utc(value: datetime, tz: ZoneInfo) -> datetime:
    """An aware datetime; a naive one is read in the user's timezone."""
    return value if value.tzinfo is not None else value.replace(tzinfo=tz)


def get_owned(model: type[Row], id_: int, what: str) -> Row:
    row = calendar.owned(db.session(), model, current_user(), id_)
    if row is None:
        raise ApiError(404, "not_found", f"no {what} with id {id_}")
    return row
