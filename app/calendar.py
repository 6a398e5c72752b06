"""The scheduling domain shared by the chat skill and the REST API: meetings, reminders, to-dos,
always scoped to one user, stored in UTC and shown in the user's timezone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any, Literal, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from flask import current_app, has_app_context
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.db.tables import Meeting, Reminder, Todo, User
from app.i18n import _

DEFAULT_MEETING = timedelta(minutes=30)
MAX_ID = 2**31 - 1  # ids are 32-bit integers in every database
#: The years of a moment or day a user may give, through the API, the chat or the LLM's tools:
#: far enough from the calendar's edges (years 1 and 9999) that reading it in any timezone, or
#: adding a meeting's length or a day to it, never overflows. A year-9999 time an LLM tool stored
#: broke every list of its user east of UTC with a 500 (probe 36, O-H1).
YEARS = (1971, 2199)


#: SLIPWAY_ITEM_LIMIT's default, for code run outside an app (the settings' own default)
ITEM_LIMIT = 5000


def item_limit(
    session: Session, user_id: int, model: type[Todo | Reminder | Meeting], adding: int = 1
) -> str | None:
    """Why ``user_id`` may not keep ``adding`` more rows of ``model``'s kind (review 176, S-L4:
    nothing capped what one user stored), in the request's language; None when there is room.
    Each kind is counted apart, done and past ones included, against SLIPWAY_ITEM_LIMIT. Two
    requests at once may both pass at the last place: the limit guards the database's size, not
    an exact count."""
    limit = (
        current_app.extensions["slipway.settings"].item_limit if has_app_context() else ITEM_LIMIT
    )
    kept = session.scalar(select(func.count()).select_from(model).where(model.user_id == user_id))
    if (kept or 0) + adding <= limit:
        return None
    if model is Todo:
        return _(
            "You keep %(limit)s to-dos, the most I can store for you: delete some (done ones "
            "too) before adding more.",
            limit=limit,
        )
    if model is Reminder:
        return _(
            "You keep %(limit)s reminders, alarms and timers, the most I can store for you: "
            "delete some (past ones too) before adding more.",
            limit=limit,
        )
    return _(
        "You keep %(limit)s meetings, the most I can store for you: delete some (past ones too) "
        "before adding more.",
        limit=limit,
    )


def year_in_range(moment: date) -> bool:
    """Whether a day, or a moment (aware: its UTC year; naive: its own), is within :data:`YEARS`."""
    year = moment.year
    if isinstance(moment, datetime) and moment.tzinfo is not None:
        try:
            year = moment.astimezone(UTC).year
        except OverflowError:
            return False
    return YEARS[0] <= year <= YEARS[1]


def wall_clock(local: datetime, tz: ZoneInfo) -> Literal["ok", "skipped", "repeated"]:
    """Whether a local date and time (naive, or aware in ``tz``) happens in ``tz`` once
    ("ok"), never ("skipped": the clocks jump over it, as 2:30 am on a spring-forward night),
    or twice ("repeated": 1:30 am on a fall-back night)."""
    naive = local.replace(tzinfo=None)
    first = naive.replace(tzinfo=tz, fold=0)
    if first.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != naive:
        return "skipped"
    if first.utcoffset() != naive.replace(tzinfo=tz, fold=1).utcoffset():
        return "repeated"
    return "ok"


@cache
def _zone_names() -> frozenset[str]:
    """The IANA names the zone database knows. ``available_timezones()`` walks the tzdata folders
    on every call (about 10 ms); the database does not change while the process runs."""
    return frozenset(available_timezones())


def valid_timezone(name: str) -> bool:
    """Whether ``name`` is a zone users may be given (the API, the commands, the settings)."""
    if name not in _zone_names():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def valid_id(id_: int) -> bool:
    return 1 <= id_ <= MAX_ID


def local_iso(at: datetime | None, tz: ZoneInfo) -> str | None:
    return None if at is None else at.astimezone(tz).isoformat(timespec="seconds")


def meeting_view(m: Meeting, tz: ZoneInfo) -> dict[str, Any]:
    return {
        "id": m.id,
        "title": m.title,
        "attendee": m.attendee,
        "starts_at": local_iso(m.starts_at, tz),
        "ends_at": local_iso(m.ends_at, tz),
    }


def reminder_view(r: Reminder, tz: ZoneInfo) -> dict[str, Any]:
    return {
        "id": r.id,
        "text": r.text,
        "kind": r.kind,
        "due_at": local_iso(r.due_at, tz),
        "done": r.done,
    }


def todo_view(t: Todo, tz: ZoneInfo) -> dict[str, Any]:
    return {"id": t.id, "text": t.text, "done": t.done, "due_at": local_iso(t.due_at, tz)}


def overlapping(
    session: Session, user: User, start: datetime, end: datetime, exclude: int | None = None
) -> list[Meeting]:
    query = select(Meeting).where(
        Meeting.user_id == user.id, Meeting.starts_at < end, Meeting.ends_at > start
    )
    if exclude is not None:
        query = query.where(Meeting.id != exclude)
    return list(session.scalars(query.order_by(Meeting.starts_at)))


def followers(session: Session, meeting: Meeting) -> list[Reminder]:
    """The open reminders set relative to ``meeting`` ("an hour before my meeting with Tom"),
    soonest first. A link older than the meeting (its id given out again after a deletion) is
    not one."""
    if meeting.id is None:
        return []
    query = select(Reminder).where(
        Reminder.meeting_id == meeting.id,
        Reminder.user_id == meeting.user_id,
        Reminder.done.is_(False),
    )
    rows = session.scalars(query.order_by(Reminder.due_at, Reminder.id))
    return [r for r in rows if meeting.created_at is None or r.created_at >= meeting.created_at]


def reschedule(
    session: Session, meeting: Meeting, start: datetime, end: datetime, tz: ZoneInfo
) -> list[Reminder]:
    """Move or resize ``meeting`` to ``start``–``end``; the open reminders set relative to it
    follow: one before it or during it by as much as its start moved, one after it ("30
    minutes after") by as much as its end moved, one set by days ("the night before") by the
    days its start moved, at its own hour in ``tz``. The reminders moved are returned."""
    old_start, old_end = meeting.starts_at, meeting.ends_at
    meeting.starts_at, meeting.ends_at = start, end
    if (start, end) == (old_start, old_end):
        return []
    moved = []
    days = (start.astimezone(tz).date() - old_start.astimezone(tz).date()).days
    for reminder in followers(session, meeting):
        if reminder.meeting_by_day:
            if not days:
                continue
            wall = reminder.due_at.astimezone(tz).replace(tzinfo=None) + timedelta(days=days)
            reminder.due_at = wall.replace(tzinfo=tz).astimezone(UTC)
        else:
            shift = end - old_end if reminder.due_at >= old_end else start - old_start
            if not shift:
                continue
            reminder.due_at = reminder.due_at + shift
        moved.append(reminder)
    return moved


def upcoming_meetings(
    session: Session, user: User, since: datetime, until: datetime | None = None
) -> list[Meeting]:
    query = select(Meeting).where(Meeting.user_id == user.id, Meeting.ends_at >= since)
    if until is not None:
        query = query.where(Meeting.starts_at < until)
    return list(session.scalars(query.order_by(Meeting.starts_at, Meeting.id)))


def meetings_between(
    session: Session, user: User, since: datetime, until: datetime | None = None
) -> list[Meeting]:
    """The user's meetings that overlap ``since``–``until`` (open-ended: None) for a positive
    length, and those of no length that start in it: a meeting that ends as a day begins
    (23:30–00:00) is the day before's only."""
    query = select(Meeting).where(
        Meeting.user_id == user.id, or_(Meeting.ends_at > since, Meeting.starts_at >= since)
    )
    if until is not None:
        query = query.where(Meeting.starts_at < until)
    return list(session.scalars(query.order_by(Meeting.starts_at, Meeting.id)))


def meetings_at(session: Session, user: User, at: datetime) -> list[Meeting]:
    """The user's meetings on at the moment ``at`` (begun, not yet ended)."""
    query = select(Meeting).where(
        Meeting.user_id == user.id, Meeting.starts_at <= at, Meeting.ends_at > at
    )
    return list(session.scalars(query.order_by(Meeting.starts_at, Meeting.id)))


def open_reminders(session: Session, user: User, kind: str | None = None) -> list[Reminder]:
    query = select(Reminder).where(Reminder.user_id == user.id, Reminder.done.is_(False))
    if kind is not None:
        query = query.where(Reminder.kind == kind)
    return list(session.scalars(query.order_by(Reminder.due_at, Reminder.id)))


def reminders_at(session: Session, user: User, kind: str, due_at: datetime) -> list[Reminder]:
    """The user's open reminders of ``kind`` due at ``due_at``."""
    query = select(Reminder).where(
        Reminder.user_id == user.id,
        Reminder.kind == kind,
        Reminder.due_at == due_at,
        Reminder.done.is_(False),
    )
    return list(session.scalars(query))


def _due_between(query: Any, column: Any, since: datetime, until: datetime | None) -> Any:
    """``query`` narrowed to ``column`` from ``since`` until ``until`` (open-ended: None)."""
    query = query.where(column >= since)
    return query if until is None else query.where(column < until)


def reminders_between(
    session: Session, user: User, since: datetime, until: datetime | None = None
) -> list[Reminder]:
    """The user's open reminders and alarms (not timers) due from ``since`` until ``until``."""
    query = select(Reminder).where(
        Reminder.user_id == user.id,
        Reminder.done.is_(False),
        Reminder.kind.in_(("reminder", "alarm")),
    )
    query = _due_between(query, Reminder.due_at, since, until)
    return list(session.scalars(query.order_by(Reminder.due_at, Reminder.id)))


def todos_due_between(
    session: Session, user: User, since: datetime, until: datetime | None = None
) -> list[Todo]:
    """The user's open to-dos due from ``since`` until ``until``."""
    query = select(Todo).where(Todo.user_id == user.id, Todo.done.is_(False))
    query = _due_between(query, Todo.due_at, since, until)
    return list(session.scalars(query.order_by(Todo.due_at, Todo.id)))


def open_todos(session: Session, user: User, done: bool = False) -> list[Todo]:
    """The user's open to-dos in the order they were added (``done``: the finished ones)."""
    query = select(Todo).where(Todo.user_id == user.id, Todo.done.is_(done))
    return list(session.scalars(query.order_by(Todo.id)))


Row = TypeVar("Row", Meeting, Reminder, Todo)


def owned(session: Session, model: type[Row], user: User, id_: int) -> Row | None:
    """The row ``id_`` if it belongs to ``user`` (another user's row is simply not found)."""
    if not valid_id(id_):
        return None
    row = session.get(model, id_)
    if row is None or row.user_id != user.id:
        return None
    return row
