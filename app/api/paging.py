"""Keyset (cursor) pagination of the list routes (``GET /v1/todos``, ``/v1/reminders``,
``/v1/meetings``, ``/v1/conversations``).

A page holds at most ``limit`` items (default :data:`DEFAULT_LIMIT`, at most :data:`MAX_LIMIT`:
more answers 422 ``validation_error``) in the list's own order, its id breaking ties, and
``next_cursor``: an opaque text that asks for the items after the page's last one, ``null`` on
the last page. A page is read after the last item shown ("after (due_at, id)"), never by an
offset: an item added or removed meanwhile neither repeats an item on the next page nor skips
one that was there all along.

A cursor names the list, the user and the list's filters it was given for, and the position; a
checksum makes any edit of it detectable. A cursor that does not decode, was edited, or was
given for another list, another user or other filters answers 400 ``invalid_cursor`` (never a
500, never another user's rows: the rows are always those of the signed-in user, the cursor only
says where in them to start). The checksum is not a secret: the cursor is not an authorization,
only a position.

The calendar lists (``/v1/meetings``, ``/v1/reminders``) also take a window of time, ``since``
and ``until`` (:func:`window`): its edges, in UTC, are among the cursor's filters.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import Select, TypeDecorator, and_, or_
from sqlalchemy.orm import InstrumentedAttribute

from app import calendar, db
from app.api.common import as_utc, user_tz
from app.errors import ApiError
from app.i18n import _

#: items on a page when ``limit`` is not given, and the most a page may hold
DEFAULT_LIMIT = 50
MAX_LIMIT = 200
#: a cursor's length is bounded: a longer text is not one of ours (400 ``invalid_cursor``)
MAX_CURSOR_CHARS = 512
_VERSION = 1
_CHECK = b"slipway-cursor-v1"  # the checksum's key: detects edits, not a secret
_CHECK_BYTES = 8

T = TypeVar("T")


@dataclass(frozen=True)
class Order:
    """A list's order: its columns (none of them nullable), the last one the row's id."""

    name: str
    columns: tuple[InstrumentedAttribute[Any], ...]
    descending: bool = False

    def by(self) -> list[Any]:
        return [c.desc() if self.descending else c.asc() for c in self.columns]

    def after(self, values: Sequence[Any]) -> Any:
        """The rows after ``values`` in this order (a row comparison, spelled out as
        ``a > x OR (a = x AND id > y)``, which SQLite and Postgres read alike)."""
        clauses = []
        for i, column in enumerate(self.columns):
            equal = [c == v for c, v in zip(self.columns[:i], values[:i], strict=True)]
            beyond = column < values[i] if self.descending else column > values[i]
            clauses.append(and_(*equal, beyond))
        return or_(*clauses)

    def key(self, row: Any) -> list[Any]:
        return [getattr(row, c.key) for c in self.columns]


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return value


def _decode(value: Any, column: InstrumentedAttribute[Any]) -> Any:
    """A position's value as the column holds it; ValueError when it is not one."""
    stored = column.type
    kind = (stored.impl_instance if isinstance(stored, TypeDecorator) else stored).python_type
    if kind is datetime:
        if not isinstance(value, str):
            raise ValueError(value)
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError(value)
        return moment.astimezone(UTC)
    if kind is int:
        if type(value) is not int or not calendar.valid_id(value):
            raise ValueError(value)
        return value
    raise ValueError(value)  # an order on another type would need its own reading


def _checksum(body: bytes) -> bytes:
    return hashlib.blake2b(body, key=_CHECK, digest_size=_CHECK_BYTES).digest()


def make_cursor(order: Order, user_id: int, filters: dict[str, Any], row: Any) -> str:
    body = json.dumps(
        {
            "v": _VERSION,
            "l": order.name,
            "u": user_id,
            "f": filters,
            "k": [_encode(v) for v in order.key(row)],
        },
        separators=(",", ":"),
        sort_keys=True,
    ).encode()
    return base64.urlsafe_b64encode(_checksum(body) + body).rstrip(b"=").decode()


def _invalid() -> ApiError:
    return ApiError(
        400,
        "invalid_cursor",
        _(
            "this cursor is not one this list gave with these filters: ask for the first page "
            "again, without cursor"
        ),
    )


def read_cursor(cursor: str, order: Order, user_id: int, filters: dict[str, Any]) -> list[Any]:
    """The position ``cursor`` names in ``order``; 400 ``invalid_cursor`` unless it is one
    this list gave this user with these filters."""
    if not cursor or len(cursor) > MAX_CURSOR_CHARS:
        raise _invalid()
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    except (binascii.Error, ValueError):
        raise _invalid() from None
    check, body = raw[:_CHECK_BYTES], raw[_CHECK_BYTES:]
    if len(check) != _CHECK_BYTES or _checksum(body) != check:
        raise _invalid()
    try:
        data = json.loads(body)
        if not isinstance(data, dict) or (data.get("v"), data.get("l"), data.get("u")) != (
            _VERSION,
            order.name,
            user_id,
        ):
            raise ValueError("another list or user")
        if data.get("f") != filters:
            raise ValueError("other filters")
        key = data.get("k")
        if not isinstance(key, list) or len(key) != len(order.columns):
            raise ValueError("not a position")
        return [_decode(v, c) for v, c in zip(key, order.columns, strict=True)]
    except (ValueError, TypeError, OverflowError, RecursionError):
        raise _invalid() from None


def page(
    stmt: Select[T],
    order: Order,
    query: dict[str, Any],
    user_id: int,
    filters: dict[str, Any],
) -> tuple[list[T], str | None]:
    """One page of ``stmt`` (already restricted to the user's rows and the filters) in
    ``order``: its rows and the cursor of the next page (None: the last)."""
    limit: int = query["limit"]
    if query.get("cursor") is not None:
        stmt = stmt.where(order.after(read_cursor(query["cursor"], order, user_id, filters)))
    rows = list(db.session().scalars(stmt.order_by(*order.by()).limit(limit + 1)))
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, make_cursor(order, user_id, filters, rows[-1])


@dataclass(frozen=True)
class Window:
    """A list's window of time (``since``/``until``, in UTC; None: that side is open) and the
    filters its cursors are bound to: the window's edges beside ``upcoming``."""

    since: datetime | None
    until: datetime | None
    filters: dict[str, Any]


def window(query: dict[str, Any]) -> Window:
    """The window a calendar list's query asks for; 422 ``validation_error`` when ``until`` is
    not after ``since``. A list without a window keeps the filters (and the cursors) it had."""
    tz = user_tz()
    since = as_utc(query["since"], tz, "since") if query.get("since") is not None else None
    until = as_utc(query["until"], tz, "until") if query.get("until") is not None else None
    if since is not None and until is not None and until <= since:
        raise ApiError(
            422,
            "validation_error",
            _("until must be after since"),
            detail={"query": {"until": [_("until must be after since")]}},
        )
    filters: dict[str, Any] = {"upcoming": query["upcoming"]}
    if since is not None:
        filters["since"] = _encode(since)
    if until is not None:
        filters["until"] = _encode(until)
    return Window(since, until, filters)
