"""A change a turn made, said again from its undo log, in the language of whoever asks now.

"What did I just book?" and "undo" quote the first line of the reply that made the change. That
line is in the language of the turn that made it; asked in the other language, the change is said
from the rows the undo log kept (meetings, reminders, alarms, timers, to-dos) instead, so a reply
never mixes two languages. A change of other rows (a learner profile) keeps the quoted line.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app import calendar
from app.db.tables import Meeting, Reminder, Todo
from app.i18n import _
from app.skills.base import Turn
from app.skills.time_reader import local_text

_SAID: dict[str, type[Meeting | Reminder | Todo]] = {
    "meetings": Meeting,
    "reminders": Reminder,
    "todos": Todo,
}


def change_said(kept: dict[str, Any], turn: Turn) -> str:
    """The kept change (``{"log", "what", "lang"}``) as ``turn``'s language says it."""
    if kept.get("lang", turn.lang) == turn.lang:
        return str(kept["what"])
    return describe(kept.get("log") or {}, turn) or str(kept["what"])


def over_limit(log: dict[str, Any], turn: Turn) -> str | None:
    """Why undoing ``log`` may not be done (probe 43, N-M8): it brings deleted rows back, and
    with them the user would keep more of a kind than SLIPWAY_ITEM_LIMIT allows (a meeting
    cancelled, another added, then the cancel undone). The limit's own sentence; None when
    there is room. Rows the undo removes again (its inserts) make room for those it restores."""
    for table, model in _SAID.items():
        back = sum(1 for name, _values in log.get("deleted", []) if name == table)
        gone = sum(
            1
            for name, pk, _after in log.get("inserted", [])
            if name == table and turn.session.get(model, tuple(pk)) is not None
        )
        if back > gone and (
            full := calendar.item_limit(turn.session, turn.user.id, model, back - gone)
        ):
            return full
    return None


def describe(log: dict[str, Any], turn: Turn) -> str | None:
    """The rows of an undo log said in ``turn``'s language (``None``: a row it cannot say)."""
    tables = [row[0] for key in ("inserted", "updated", "deleted") for row in log.get(key, [])]
    if not tables or not set(tables) <= _SAID.keys():
        return None
    parts = [_inserted(table, values, turn) for table, _pk, values in log.get("inserted", [])]
    parts += [
        _updated(table, _named(table, pk, before, after, turn), before, after, turn)
        for table, pk, before, after in log.get("updated", [])
    ]
    parts += [_deleted(table, values) for table, values in log.get("deleted", [])]
    said = "; ".join(part for part in parts if part)
    return said[:1].upper() + said[1:] if said else None


def _moment(value: Any, turn: Turn) -> str:
    if not isinstance(value, dict) or "$datetime" not in value:
        return ""
    return local_text(datetime.fromisoformat(value["$datetime"]), turn.tz, turn.now, turn.lang)


def _inserted(table: str, row: dict[str, Any], turn: Turn) -> str:
    if table == "meetings":
        return _(
            "booked “%(title)s” %(when)s",
            title=row.get("title", ""),
            when=_moment(row.get("starts_at"), turn),
        )
    if table == "todos":
        return _("added the to-do “%(text)s”", text=row.get("text", ""))
    when = _moment(row.get("due_at"), turn)
    if row.get("kind") == "alarm":
        return _("set an alarm for %(when)s", when=when)
    if row.get("kind") == "timer":
        return _("set a timer that ends %(when)s", when=when)
    return _("set a reminder “%(text)s” for %(when)s", text=row.get("text", ""), when=when)


def _named(
    table: str, pk: list[Any], before: dict[str, Any], after: dict[str, Any], turn: Turn
) -> str:
    """An updated row's title or text: the log keeps only the columns that changed, so an
    unchanged one is read from the row (gone since: none)."""
    column = "title" if table == "meetings" else "text"
    said = after.get(column) or before.get(column)
    if said:
        return str(said)
    row = turn.session.get(_SAID[table], tuple(pk))
    return str(getattr(row, column, "") or "") if row is not None else ""


def _updated(
    table: str, name: str, before: dict[str, Any], after: dict[str, Any], turn: Turn
) -> str:
    if table == "meetings":
        title = name
        if "starts_at" in after and after["starts_at"] != before.get("starts_at"):
            return _(
                "moved “%(title)s” to %(when)s", title=title, when=_moment(after["starts_at"], turn)
            )
        return _("changed “%(title)s”", title=title)
    text = name
    if after.get("done") and not before.get("done"):
        return _("marked “%(text)s” done", text=text)
    if "due_at" in after and after["due_at"] != before.get("due_at") and after["due_at"]:
        return _("moved “%(text)s” to %(when)s", text=text, when=_moment(after["due_at"], turn))
    return _("changed “%(text)s”", text=text)


def _deleted(table: str, row: dict[str, Any]) -> str:
    if table == "meetings":
        return _("cancelled “%(title)s”", title=row.get("title", ""))
    if table == "todos":
        return _("removed the to-do “%(text)s”", text=row.get("text", ""))
    return _("deleted “%(text)s”", text=row.get("text", ""))
