"""CRUD ``/v1/reminders`` (alarms and timers are reminders with another ``kind``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from apiflask import APIBlueprint
from sqlalchemy import select

from app import calendar, db
from app.api import paging
from app.api.common import as_utc, get_owned, user_tz
from app.api.schemas import ReminderIn, ReminderList, ReminderOut, ReminderPatch, WindowQuery
from app.auth import current_user
from app.db.tables import Reminder
from app.errors import ApiError

bp = APIBlueprint("reminders", __name__, tag="Reminders", url_prefix="/v1/reminders")
ORDER = paging.Order("reminders", (Reminder.due_at, Reminder.id))


@bp.get("")
@bp.input(WindowQuery, location="query", arg_name="query")
@bp.output(ReminderList)
@bp.doc(operation_id="list_reminders", responses=[200, 400, 401, 422])
def list_reminders(query: dict[str, Any]) -> dict[str, Any]:
    """The user's reminders, alarms and timers, soonest first, a page at a time; with
    ``since``/``until``, only those due in that window (at ``since`` or after, before
    ``until``)."""
    user = current_user()
    window = paging.window(query)
    stmt = select(Reminder).where(Reminder.user_id == user.id)
    if query["upcoming"]:
        stmt = stmt.where(Reminder.done.is_(False), Reminder.due_at >= datetime.now(UTC))
    if window.since is not None:
        stmt = stmt.where(Reminder.due_at >= window.since)
    if window.until is not None:
        stmt = stmt.where(Reminder.due_at < window.until)
    rows, cursor = paging.page(stmt, ORDER, query, user.id, window.filters)
    tz = user_tz()
    return {"reminders": [calendar.reminder_view(r, tz) for r in rows], "next_cursor": cursor}


@bp.post("")
@bp.input(ReminderIn, arg_name="body")
@bp.output(ReminderOut, status_code=201)
@bp.doc(operation_id="create_reminder", responses=[201, 401, 409, 422, 429])
def create_reminder(body: dict[str, Any]) -> dict[str, Any]:
    tz = user_tz()
    if (full := calendar.item_limit(db.session(), current_user().id, Reminder)) is not None:
        raise ApiError(409, "item_limit", full)
    row = Reminder(
        user_id=current_user().id,
        text=body["text"],
        kind=body["kind"],
        due_at=as_utc(body["due_at"], tz, "due_at"),
    )
    session = db.session()
    session.add(row)
    session.commit()
    return calendar.reminder_view(row, tz)


@bp.get("/<int:reminder_id>")
@bp.output(ReminderOut)
@bp.doc(operation_id="get_reminder", responses=[200, 401, 404])
def get_reminder(reminder_id: int) -> dict[str, Any]:
    return calendar.reminder_view(get_owned(Reminder, reminder_id), user_tz())


@bp.patch("/<int:reminder_id>")
@bp.input(ReminderPatch, arg_name="body")
@bp.output(ReminderOut)
@bp.doc(operation_id="update_reminder", responses=[200, 401, 404, 422])
def update_reminder(reminder_id: int, body: dict[str, Any]) -> dict[str, Any]:
    row = get_owned(Reminder, reminder_id)
    tz = user_tz()
    if "due_at" in body:
        row.due_at = as_utc(body["due_at"], tz, "due_at")
    for key in ("text", "done"):
        if key in body:
            setattr(row, key, body[key])
    db.session().commit()
    return calendar.reminder_view(row, tz)


@bp.delete("/<int:reminder_id>")
@bp.output({}, status_code=204)
@bp.doc(operation_id="delete_reminder", responses=[204, 401, 404])
def delete_reminder(reminder_id: int) -> tuple[str, int]:
    session = db.session()
    session.delete(get_owned(Reminder, reminder_id))
    session.commit()
    return "", 204
