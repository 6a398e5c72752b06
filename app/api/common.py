"""Helpers every resource route shares: the current user, their timezone, 404s."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

from app import calendar, db
from app.auth import current_user
from app.db.tables import Meeting, Reminder, Todo
from app.errors import ApiError
from app.i18n import _

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
        times = list(
            dict.fromkeys(
                value.replace(tzinfo=tz, fold=fold)
                .astimezone(UTC)
                .astimezone(tz)
                .isoformat(timespec="minutes")
                for fold in (0, 1)
            )
        )
        readings = (
            times[0]
            if len(times) == 1
            else _("%(first)s or %(second)s", first=times[0], second=times[-1])
        )
        values = {"field": field, "time": shown, "zone": tz.key, "readings": readings}
        if problem == "skipped":
            raise ApiError(
                422,
                "nonexistent_local_time",
                _(
                    "%(field)s: %(time)s does not exist in %(zone)s (the clocks skip it); give "
                    "it with its UTC offset, e.g. %(readings)s",
                    **values,
                ),
            )
        raise ApiError(
            422,
            "ambiguous_local_time",
            _(
                "%(field)s: %(time)s happens twice in %(zone)s (the clocks go back); give it "
                "with its UTC offset, e.g. %(readings)s",
                **values,
            ),
        )
    return value.replace(tzinfo=tz).astimezone(UTC)


def get_owned(model: type[Row], id_: int) -> Row:
    row = calendar.owned(db.session(), model, current_user(), id_)
    if row is None:
        if model is Meeting:
            message = _("no meeting with id %(id)s", id=id_)
        elif model is Reminder:
            message = _("no reminder with id %(id)s", id=id_)
        else:
            message = _("no to-do with id %(id)s", id=id_)
        raise ApiError(404, "not_found", message)
    return row
