"""CRUD ``/v1/meetings`` (the user's own only; overlaps are reported, not refused)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from apiflask import APIBlueprint
from sqlalchemy import select

from app import calendar, db
from app.api import paging
from app.api.common import as_utc, get_owned, user_tz
from app.api.schemas import MeetingIn, MeetingList, MeetingOut, MeetingPatch, WindowQuery
from app.auth import current_user
from app.db.tables import Meeting
from app.errors import ApiError
from app.i18n import _

bp = APIBlueprint("meetings", __name__, tag="Meetings", url_prefix="/v1/meetings")
ORDER = paging.Order("meetings", (Meeting.starts_at, Meeting.id))


def _view(m: Meeting) -> dict[str, Any]:
    view = calendar.meeting_view(m, user_tz())
    clashes = calendar.overlapping(db.session(), current_user(), m.starts_at, m.ends_at, m.id)
    return {**view, "overlaps": [c.id for c in clashes]}


def _check(start: datetime, end: datetime) -> None:
    if end <= start:
        raise ApiError(422, "validation_error", _("ends_at must be after starts_at"))


@bp.get("")
@bp.input(WindowQuery, location="query", arg_name="query")
@bp.output(MeetingList)
@bp.doc(operation_id="list_meetings", responses=[200, 400, 401, 422])
def list_meetings(query: dict[str, Any]) -> dict[str, Any]:
    """The user's meetings by their start, a page at a time (``limit``, ``cursor``); with
    ``since``/``until``, only those that overlap that window (a meeting that ends at ``since``
    or starts at ``until`` does not)."""
    user = current_user()
    window = paging.window(query)
    stmt = select(Meeting).where(Meeting.user_id == user.id)
    if query["upcoming"]:
        stmt = stmt.where(Meeting.ends_at >= datetime.now(UTC))
    if window.since is not None:
        stmt = stmt.where(Meeting.ends_at > window.since)
    if window.until is not None:
        stmt = stmt.where(Meeting.starts_at < window.until)
    rows, cursor = paging.page(stmt, ORDER, query, user.id, window.filters)
    return {"meetings": [_view(m) for m in rows], "next_cursor": cursor}


@bp.post("")
@bp.input(MeetingIn, arg_name="body")
@bp.output(MeetingOut, status_code=201)
@bp.doc(operation_id="create_meeting", responses=[201, 401, 409, 422, 429])
def create_meeting(body: dict[str, Any]) -> dict[str, Any]:
    tz = user_tz()
    start = as_utc(body["starts_at"], tz, "starts_at")
    minutes = body.get("duration_minutes")
    if body.get("ends_at") is not None:
        end = as_utc(body["ends_at"], tz, "ends_at")
        if minutes is not None and end != start + timedelta(minutes=minutes):
            # two lengths that disagree: keeping either one would store a guess
            raise ApiError(
                422,
                "validation_error",
                _(
                    "ends_at is %(after)s minutes after starts_at but duration_minutes is "
                    "%(minutes)s: give one of them",
                    after=int((end - start).total_seconds() // 60),
                    minutes=minutes,
                ),
            )
    else:
        end = start + timedelta(minutes=minutes or 30)
    _check(start, end)
    if (full := calendar.item_limit(db.session(), current_user().id, Meeting)) is not None:
        raise ApiError(409, "item_limit", full)
    meeting = Meeting(
        user_id=current_user().id,
        title=body["title"],
        attendee=body.get("attendee"),
        starts_at=start,
        ends_at=end,
    )
    session = db.session()
    session.add(meeting)
    session.commit()
    return _view(meeting)


@bp.get("/<int:meeting_id>")
@bp.output(MeetingOut)
@bp.doc(operation_id="get_meeting", responses=[200, 401, 404])
def get_meeting(meeting_id: int) -> dict[str, Any]:
    return _view(get_owned(Meeting, meeting_id))


@bp.patch("/<int:meeting_id>")
@bp.input(MeetingPatch, arg_name="body")
@bp.output(MeetingOut)
@bp.doc(operation_id="update_meeting", responses=[200, 401, 404, 422])
def update_meeting(meeting_id: int, body: dict[str, Any]) -> dict[str, Any]:
    meeting = get_owned(Meeting, meeting_id)
    tz = user_tz()
    length = meeting.ends_at - meeting.starts_at
    start = as_utc(body["starts_at"], tz, "starts_at") if "starts_at" in body else meeting.starts_at
    end = as_utc(body["ends_at"], tz, "ends_at") if "ends_at" in body else start + length
    _check(start, end)
    calendar.reschedule(db.session(), meeting, start, end, tz)  # its reminders follow
    for key in ("title", "attendee"):
        if key in body:
            setattr(meeting, key, body[key])
    db.session().commit()
    return _view(meeting)


@bp.delete("/<int:meeting_id>")
@bp.output({}, status_code=204)
@bp.doc(operation_id="delete_meeting", responses=[204, 401, 404])
def delete_meeting(meeting_id: int) -> tuple[str, int]:
    session = db.session()
    session.delete(get_owned(Meeting, meeting_id))
    session.commit()
    return "", 204
