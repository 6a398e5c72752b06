"""Helpers every resource route shares: the current user, their timezone, 404s."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

from app import calendar, db
from app.auth import current_user
from app.db.tables import Meeting, Reminder, Todo
from app.errors import ApiError

Row = TypeVar("Row", Meeting, Reminder, Todo)


def user_tz() -> ZoneInfo:
    return ZoneInfo(current_user().timezone)


def as_utc(value: datetime, tz: ZoneInfo, field: str = "time") -> datetime:
    """``value`` in UTC; a naive one is read in the user's timezone, and refused (422) when
    that local time does not exist there or happens twice (a daylight-saving change): only a
    UTC offset says which moment is meant, and a guessed one would be stored silently."""
    if value.tzinfo is not None:
        return value.astimezone(UTC)
    problem = calendar.wall_clock(value, tz)
    if problem != "ok":
        shown = value.isoformat(timespec="minutes")
        readings = " or ".join(
            dict.fromkeys(
                value.replace(tzinfo=tz, fold=fold)
                .astimezone(UTC)
                .astimezone(tz)
                .isoformat(timespec="minutes")
                for fold in (0, 1)
            )
        )
        if problem == "skipped":
            why = f"does not exist in {tz.key} (the clocks skip it)"
        else:
            why = f"happens twice in {tz.key} (the clocks go back)"
        raise ApiError(
            422,
            "nonexistent_local_time" if problem == "skipped" else "ambiguous_local_time",
            f"{field}: {shown} {why}; give it with its UTC offset, e.g. {readings}",
        )
    return value.replace(tzinfo=tz).astimezone(UTC)


def get_owned(model: type[Row], id_: int, what: str) -> Row:
    row = calendar.owned(db.session(), model, current_user(), id_)
    if row is None:
        raise ApiError(404, "not_found", f"no {what} with id {id_}")
    return row
