"""Scheduling: meetings (book, list, move, cancel), reminders, alarms and timers (reminders of
another kind), to-dos, and the time, date and timezone. Missing slots are asked for and filled
from the next message; overlapping meetings are reported before booking."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field

from app import calendar
from app.auth import valid_timezone
from app.db.tables import Meeting, Reminder, Todo
from app.skills.base import Reply, Skill, Turn
from app.skills.when import find_duration, find_moment, local_text

_REMOVE = re.compile(
    r"\b(cancel|delete|remove|erase|clear|drop|take .* off|get rid of|scrap|call off)\b", re.I
)
_MOVE = re.compile(r"\b(move|reschedule|push|postpone|bring forward|change the time|shift)\b", re.I)
_DONE = re.compile(r"\b(mark|tick|check off|finished|completed|done with|did)\b", re.I)
_LIST = re.compile(r"\b(what|which|list|show|any|how many|do i have|tell me)\b", re.I)
_WITH = re.compile(r"\b[Ww]ith ((?:[Mm]y |[Tt]he )?[A-Za-zÀ-ÿ][\w'À-ÿ-]*(?: [A-Z][\w'À-ÿ-]*)?)")
_ABOUT = re.compile(r"\b(?:about|to discuss|regarding|re:)\s+(.+)$", re.I)
_FILLER = re.compile(
    r"\b(please|could you|can you|would you|will you|i need to|i want to|i'd like to|"
    r"for me|kindly|hey|ok|okay)\b",
    re.I,
)
_MEETING_WORDS = re.compile(
    r"\b(book|schedule|set up|arrange|organi[sz]e|plan|add|put|create|insert|block off|"
    r"a|an|new|meeting|meet|call|appointment|event|calendar|my|on|in|into|to|for|the)\b",
    re.I,
)
_REMIND = re.compile(r"^.*?\bremind(?:er)?(?: me)?(?: to| about| that| of)?\b", re.I)
_TODO_WORDS = re.compile(
    r"\b(add|put|include|write down|note|create|new|item|task|please|"
    r"(?:to|on|onto|in|into|from|off)? ?(?:my |the )?(?:to-?do|to do|todo|task)s?(?: list)?)\b",
    re.I,
)
# Types of the tool signatures below: one signature yields the LLM's JSON schema and the
# validation of its arguments (app/llm/tools.py).
When = Annotated[
    datetime,
    Field(description="ISO 8601, e.g. 2026-12-01T15:00:00; without an offset: user's timezone"),
]
Id = Annotated[int, Field(ge=1, le=calendar.MAX_ID, description="id from a listing")]
Text300 = Annotated[str, Field(min_length=1, max_length=300)]

_TZ = re.compile(r"\b([A-Z][a-z]+(?:_[A-Z][a-z]+)*/[A-Z][A-Za-z_]+(?:/[A-Z][A-Za-z_]+)?|UTC)\b")


def _clean(text: str) -> str:
    text = _FILLER.sub(" ", text)
    return " ".join(text.strip(" .,!?;:'\"").split())


def _title_from(text: str) -> str:
    words = _MEETING_WORDS.sub(" ", _WITH.sub(" ", text))
    return _clean(words)[:200]


def _future(turn: Turn, at: datetime) -> datetime:
    """A tool's time in UTC (naive: the user's timezone); the past is an invalid argument."""
    aware = at if at.tzinfo is not None else at.replace(tzinfo=turn.tz)
    if aware < turn.now - timedelta(minutes=1):
        raise ValueError(f"{aware.isoformat()} is in the past (now: {turn.now.isoformat()})")
    return aware.astimezone(UTC)


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"• {line}" for line in lines)


class Scheduling(Skill):
    name = "scheduling"
    intents = frozenset(
        {
            "schedule_meeting", "meeting_schedule", "calendar", "calendar_update", "reminder",
            "reminder_update", "todo_list", "todo_list_update", "alarm", "timer", "time", "date",
            "timezone",
        }
    )  # fmt: skip
    tools: ClassVar[tuple[str, ...]] = (
        "book_meeting", "list_meetings", "move_meeting", "cancel_meeting", "set_reminder",
        "list_reminders", "cancel_reminder", "set_timer", "add_todo", "list_todos",
        "complete_todo",
    )  # fmt: skip

    # -- entry ----------------------------------------------------------------------------
    def handle(self, turn: Turn) -> Reply:
        intent, text = turn.intent, turn.text
        if intent in {"schedule_meeting", "calendar_update", "meeting_schedule", "calendar"}:
            if _REMOVE.search(text):
                return self._cancel_meeting(turn)
            if _MOVE.search(text):
                return self._move_meeting(turn)
            if intent in {"meeting_schedule", "calendar"}:
                return self._list_meetings(turn)
            return self._book(turn, self._meeting_slots(turn, text))
        if intent == "reminder_update":
            if _REMOVE.search(text):
                return self._delete_reminder(turn, "reminder")
            return self._remind(turn, self._reminder_slots(turn, text, "reminder"))
        if intent == "reminder":
            return self._list_reminders(turn, "reminder")
        if intent == "alarm":
            if _REMOVE.search(text):
                return self._delete_reminder(turn, "alarm")
            slots = self._reminder_slots(turn, text, "alarm")
            if "due_at" not in slots and _LIST.search(text):
                return self._list_reminders(turn, "alarm")
            return self._remind(turn, slots)
        if intent == "timer":
            return self._timer(turn, {})
        if intent in {"todo_list_update"}:
            if _REMOVE.search(text) or _DONE.search(text):
                return self._finish_todo(turn)
            return self._add_todo(turn, _clean(_TODO_WORDS.sub(" ", text)))
        if intent == "todo_list":
            return self._list_todos(turn)
        if intent == "time":
            now = turn.now.astimezone(turn.tz)
            return Reply(f"It's {now.strftime('%I:%M %p').lstrip('0')} ({turn.user.timezone}).")
        if intent == "date":
            now = turn.now.astimezone(turn.tz)
            return Reply(f"Today is {now.strftime('%A %d %B %Y').replace(' 0', ' ')}.")
        return self._timezone(turn)

    def resume(self, turn: Turn, pending: dict[str, Any]) -> Reply | None:
        slots: dict[str, Any] = dict(pending.get("slots", {}))
        awaiting = pending.get("awaiting")
        action = pending.get("action")
        text = turn.text.strip()
        if awaiting == "when":
            found = find_moment(text, turn.tz, turn.now)
            if found is None:
                return None
            slots["due_at" if action == "remind" else "starts_at"] = found.at.isoformat()
        elif awaiting == "duration":
            duration = find_duration(text)
            if duration is None:
                return None
            slots["seconds"] = int(duration.total_seconds())
        elif awaiting in {"attendee", "what"}:
            if turn.intent not in {"oos", *self.intents} and turn.confidence >= 0.8:
                return None  # the user moved on to something else
            value = _clean(re.sub(r"^(with|to|about)\s+", "", text, flags=re.I))
            if not value:
                return None
            slots["attendee" if awaiting == "attendee" else "text"] = value[:200]
        else:
            return None
        if action == "book":
            return self._book(turn, slots)
        if action == "move":
            return self._move_to(turn, slots)
        if action == "remind":
            return self._remind(turn, slots)
        if action == "timer":
            return self._timer(turn, slots)
        if action == "todo":
            return self._add_todo(turn, str(slots.get("text", "")))
        return None

    def confirm(self, turn: Turn, pending: dict[str, Any]) -> Reply:
        slots: dict[str, Any] = dict(pending.get("slots", {}))
        action = pending.get("action")
        if action == "book":
            return self._book(turn, {**slots, "force": True})
        if action == "move":
            return self._move_to(turn, {**slots, "force": True})
        if action == "cancel_meeting":
            meeting = calendar.owned(turn.session, Meeting, turn.user, int(slots["meeting_id"]))
            if meeting is None:
                return Reply("That meeting is already gone.")
            turn.session.delete(meeting)
            turn.session.flush()
            when = local_text(meeting.starts_at, turn.tz, turn.now)
            return Reply(f"Cancelled “{meeting.title}” ({when}).", {"cancelled": meeting.id})
        return Reply("Done.")

    # -- meetings -------------------------------------------------------------------------
    def _meeting_slots(self, turn: Turn, text: str) -> dict[str, Any]:
        slots: dict[str, Any] = {}
        found = find_moment(text, turn.tz, turn.now)
        rest = text
        if found is not None:
            slots["starts_at"] = found.at.isoformat()
            rest = found.remainder
        about = _ABOUT.search(rest)
        if about:
            slots["title"] = _clean(about.group(1))[:200]
            rest = rest[: about.start()]
        who = _WITH.search(rest)
        if who:
            slots["attendee"] = _clean(who.group(1))[:120]
        duration = find_duration(rest)
        if duration is not None and duration <= timedelta(hours=12):
            slots["seconds"] = int(duration.total_seconds())
            rest = re.sub(r"\bfor\b.*?\b(minutes?|mins?|hours?|hrs?)\b", " ", rest, flags=re.I)
        if "title" not in slots and not who:
            title = _title_from(rest)
            if title and turn.intent == "calendar_update":
                slots["title"] = title
            elif turn.intent == "schedule_meeting":
                slots["ask_attendee"] = True
        return slots

    def _book(self, turn: Turn, slots: dict[str, Any]) -> Reply:
        if "starts_at" not in slots:
            what = f" with {slots['attendee']}" if slots.get("attendee") else ""
            prompt = f"When should I book the meeting{what}?"
            return Reply(prompt, pending=self._pending("book", slots, "when", prompt))
        if slots.get("ask_attendee") and not slots.get("attendee"):
            prompt = "Who is the meeting with?"
            return Reply(prompt, pending=self._pending("book", slots, "attendee", prompt))
        start = datetime.fromisoformat(slots["starts_at"])
        seconds = int(slots.get("seconds", 0))
        end = start + (timedelta(seconds=seconds) if seconds else calendar.DEFAULT_MEETING)
        attendee = slots.get("attendee")
        title = slots.get("title") or (f"Meeting with {attendee}" if attendee else "Meeting")
        clashes = calendar.overlapping(turn.session, turn.user, start, end)
        if clashes and not slots.get("force"):
            first = clashes[0]
            prompt = (
                f"That overlaps with “{first.title}” "
                f"({local_text(first.starts_at, turn.tz, turn.now)}). Book it anyway?"
            )
            return Reply(
                prompt,
                {"overlaps": [calendar.meeting_view(m, turn.tz) for m in clashes]},
                pending=self._pending("book", slots, "confirm", prompt),
            )
        meeting = Meeting(
            user_id=turn.user.id, title=title, attendee=attendee, starts_at=start, ends_at=end
        )
        turn.session.add(meeting)
        turn.session.flush()
        minutes = int((end - start).total_seconds() // 60)
        text = f"Booked “{title}” {local_text(start, turn.tz, turn.now)} for {minutes} minutes."
        if clashes:
            text += f" Note: it overlaps with {len(clashes)} other meeting(s)."
        return Reply(text, {"meeting": calendar.meeting_view(meeting, turn.tz)})

    def _list_meetings(self, turn: Turn) -> Reply:
        found = find_moment(turn.text, turn.tz, turn.now)
        return self._meetings_on(turn, found.at.astimezone(turn.tz).date() if found else None)

    def _meetings_on(self, turn: Turn, on: date | None) -> Reply:
        since, until, span = turn.now, None, "coming up"
        if on is not None:
            day = datetime(on.year, on.month, on.day, tzinfo=turn.tz)
            since, until = max(day, turn.now), day + timedelta(days=1)
            span = "on " + day.strftime("%A %d %B").replace(" 0", " ")
        meetings = calendar.upcoming_meetings(turn.session, turn.user, since, until)
        views = [calendar.meeting_view(m, turn.tz) for m in meetings]
        if not meetings:
            return Reply(f"You have no meetings {span}.", {"meetings": []})
        lines = [f"{m.title} — {local_text(m.starts_at, turn.tz, turn.now)}" for m in meetings[:10]]
        count = f"{len(meetings)} meeting{'s' if len(meetings) != 1 else ''}"
        return Reply(f"You have {count} {span}:\n{_bullets(lines)}", {"meetings": views})

    def _find_meeting(self, turn: Turn, text: str) -> tuple[list[Meeting], str]:
        meetings = calendar.upcoming_meetings(turn.session, turn.user, turn.now)
        who = _WITH.search(text)
        if who:
            name = who.group(1).lower().removeprefix("my ").removeprefix("the ")
            named = [
                m for m in meetings if name in (m.attendee or "").lower() or name in m.title.lower()
            ]
            return named, f"with {who.group(1)}"
        found = find_moment(text, turn.tz, turn.now)
        if found is not None:
            day = found.at.astimezone(turn.tz).date()
            on_day = [m for m in meetings if m.starts_at.astimezone(turn.tz).date() == day]
            if found.has_time:
                on_day = [m for m in on_day if m.starts_at == found.at] or on_day
            return on_day, "on " + found.phrase
        words = set(re.findall(r"[a-z']{4,}", text.lower())) - {
            "cancel", "delete", "remove", "meeting", "calendar", "move", "reschedule", "from",
            "event", "please", "appointment",
        }  # fmt: skip
        titled = [m for m in meetings if words & set(re.findall(r"[a-z']{4,}", m.title.lower()))]
        if titled:
            return titled, "matching that"
        return (meetings[:1] if len(meetings) == 1 else meetings), "coming up"

    def _cancel_meeting(self, turn: Turn) -> Reply:
        matches, what = self._find_meeting(turn, turn.text)
        if not matches:
            return Reply(f"I couldn't find a meeting {what} to cancel.")
        if len(matches) > 1:
            lines = [f"{m.title} — {local_text(m.starts_at, turn.tz, turn.now)}" for m in matches]
            return Reply(
                f"Several meetings match:\n{_bullets(lines[:5])}\nWhich one? Name the person "
                "or the time."
            )
        meeting = matches[0]
        prompt = (
            f"Cancel “{meeting.title}” ({local_text(meeting.starts_at, turn.tz, turn.now)})? "
            "Say yes or no."
        )
        return Reply(
            prompt,
            {"meeting": calendar.meeting_view(meeting, turn.tz)},
            pending=self._pending("cancel_meeting", {"meeting_id": meeting.id}, "confirm", prompt),
        )

    def _move_meeting(self, turn: Turn) -> Reply:
        text = turn.text
        parts = re.split(r"\s\bto\b\s", text, maxsplit=1)
        target_text, new_text = (parts[0], parts[1]) if len(parts) == 2 else (text, "")
        matches, what = self._find_meeting(turn, target_text)
        if not matches:
            return Reply(f"I couldn't find a meeting {what} to move.")
        if len(matches) > 1:
            lines = [f"{m.title} — {local_text(m.starts_at, turn.tz, turn.now)}" for m in matches]
            return Reply(f"Several meetings match:\n{_bullets(lines[:5])}\nWhich one?")
        slots: dict[str, Any] = {"meeting_id": matches[0].id}
        found = find_moment(new_text, turn.tz, turn.now) if new_text else None
        if found is not None:
            slots["starts_at"] = found.at.isoformat()
        return self._move_to(turn, slots)

    def _move_to(self, turn: Turn, slots: dict[str, Any]) -> Reply:
        meeting = calendar.owned(turn.session, Meeting, turn.user, int(slots["meeting_id"]))
        if meeting is None:
            return Reply("That meeting no longer exists.")
        if "starts_at" not in slots:
            prompt = f"When should I move “{meeting.title}” to?"
            return Reply(prompt, pending=self._pending("move", slots, "when", prompt))
        start = datetime.fromisoformat(slots["starts_at"])
        end = start + (meeting.ends_at - meeting.starts_at)
        clashes = calendar.overlapping(turn.session, turn.user, start, end, exclude=meeting.id)
        if clashes and not slots.get("force"):
            prompt = (
                f"The new time overlaps with “{clashes[0].title}” "
                f"({local_text(clashes[0].starts_at, turn.tz, turn.now)}). Move it anyway?"
            )
            return Reply(prompt, pending=self._pending("move", slots, "confirm", prompt))
        meeting.starts_at, meeting.ends_at = start, end
        turn.session.flush()
        return Reply(
            f"Moved “{meeting.title}” to {local_text(start, turn.tz, turn.now)}.",
            {"meeting": calendar.meeting_view(meeting, turn.tz)},
        )

    # -- reminders, alarms, timers --------------------------------------------------------
    def _reminder_slots(self, turn: Turn, text: str, kind: str) -> dict[str, Any]:
        slots: dict[str, Any] = {"kind": kind}
        found = find_moment(text, turn.tz, turn.now)
        rest = text
        if found is not None:
            slots["due_at"] = found.at.isoformat()
            rest = found.remainder
        if kind == "reminder":
            what = _clean(_REMIND.sub(" ", rest)) if _REMIND.search(rest) else ""
            if what:
                slots["text"] = what[:300]
        else:
            slots["text"] = "Alarm"
        return slots

    def _remind(self, turn: Turn, slots: dict[str, Any]) -> Reply:
        kind = slots.get("kind", "reminder")
        if not slots.get("text"):
            prompt = "What should I remind you about?"
            return Reply(prompt, pending=self._pending("remind", slots, "what", prompt))
        if "due_at" not in slots:
            prompt = (
                "What time should the alarm go off?"
                if kind == "alarm"
                else f"When should I remind you to {slots['text']}?"
            )
            return Reply(prompt, pending=self._pending("remind", slots, "when", prompt))
        due = datetime.fromisoformat(slots["due_at"])
        row = Reminder(user_id=turn.user.id, text=slots["text"], kind=kind, due_at=due)
        turn.session.add(row)
        turn.session.flush()
        when = local_text(due, turn.tz, turn.now)
        text = (
            f"Alarm set for {when}."
            if kind == "alarm"
            else f"OK, I'll remind you to {row.text} {when}."
        )
        return Reply(text, {"reminder": calendar.reminder_view(row, turn.tz)})

    def _timer(self, turn: Turn, slots: dict[str, Any]) -> Reply:
        seconds = slots.get("seconds")
        if seconds is None:
            duration = find_duration(turn.text)
            if duration is None:
                prompt = "How long should the timer run?"
                return Reply(prompt, pending=self._pending("timer", {}, "duration", prompt))
            seconds = int(duration.total_seconds())
        due = turn.now + timedelta(seconds=int(seconds))
        row = Reminder(user_id=turn.user.id, text="Timer", kind="timer", due_at=due)
        turn.session.add(row)
        turn.session.flush()
        minutes, secs = divmod(int(seconds), 60)
        span = f"{minutes} minute{'s' if minutes != 1 else ''}" if minutes else ""
        if secs:
            span = (span + " " if span else "") + f"{secs} seconds"
        return Reply(
            f"Timer set for {span}; it ends {local_text(due, turn.tz, turn.now)}.",
            {"reminder": calendar.reminder_view(row, turn.tz)},
        )

    def _list_reminders(self, turn: Turn, kind: str) -> Reply:
        rows = calendar.open_reminders(turn.session, turn.user, kind)
        rows = [r for r in rows if r.due_at >= turn.now - timedelta(hours=1)]
        views = [calendar.reminder_view(r, turn.tz) for r in rows]
        noun = "alarms" if kind == "alarm" else "reminders"
        if not rows:
            return Reply(f"You have no upcoming {noun}.", {"reminders": []})
        lines = [f"{r.text} — {local_text(r.due_at, turn.tz, turn.now)}" for r in rows[:10]]
        return Reply(f"Your {noun}:\n{_bullets(lines)}", {"reminders": views})

    def _delete_reminder(self, turn: Turn, kind: str) -> Reply:
        rows = calendar.open_reminders(turn.session, turn.user, kind)
        words = set(re.findall(r"[a-z']{3,}", turn.text.lower())) - {
            "cancel", "delete", "remove", "reminder", "reminders", "alarm", "alarms", "the", "my",
            "about", "for", "please",
        }  # fmt: skip
        match = [r for r in rows if words & set(re.findall(r"[a-z']{3,}", r.text.lower()))]
        found = find_moment(turn.text, turn.tz, turn.now)
        if not match and found is not None:
            match = [r for r in rows if abs((r.due_at - found.at).total_seconds()) < 60]
        if not match and len(rows) == 1:
            match = rows
        if len(match) != 1:
            noun = "alarm" if kind == "alarm" else "reminder"
            return Reply(
                f"I couldn't tell which {noun} to remove"
                + (f" ({len(match)} match)." if match else ".")
                + " Say its text or time."
            )
        row = match[0]
        turn.session.delete(row)
        turn.session.flush()
        return Reply(f"Removed the {row.kind} “{row.text}”.", {"removed": row.id})

    # -- to-dos ---------------------------------------------------------------------------
    def _add_todo(self, turn: Turn, text: str) -> Reply:
        if not text:
            prompt = "What should I add to your to-do list?"
            return Reply(prompt, pending=self._pending("todo", {}, "what", prompt))
        row = Todo(user_id=turn.user.id, text=text[:300])
        turn.session.add(row)
        turn.session.flush()
        return Reply(
            f"Added “{row.text}” to your to-do list.", {"todo": calendar.todo_view(row, turn.tz)}
        )

    def _finish_todo(self, turn: Turn) -> Reply:
        rows = calendar.open_todos(turn.session, turn.user)
        words = set(re.findall(r"[a-z']{3,}", turn.text.lower())) - {
            "remove", "delete", "mark", "done", "from", "list", "todo", "the", "finished", "off",
            "completed", "cross", "check", "task", "please", "with", "did", "and",
        }  # fmt: skip
        match = [r for r in rows if words & set(re.findall(r"[a-z']{3,}", r.text.lower()))]
        if len(match) != 1:
            return Reply(
                "I couldn't tell which to-do you mean. "
                + (f"{len(match)} items match." if match else "Say its text.")
            )
        row = match[0]
        row.done = True
        turn.session.flush()
        return Reply(f"Marked “{row.text}” as done.", {"todo": calendar.todo_view(row, turn.tz)})

    def _list_todos(self, turn: Turn) -> Reply:
        rows = calendar.open_todos(turn.session, turn.user)
        views = [calendar.todo_view(r, turn.tz) for r in rows]
        if not rows:
            return Reply("Your to-do list is empty.", {"todos": []})
        return Reply(f"Your to-do list:\n{_bullets([r.text for r in rows[:20]])}", {"todos": views})

    # -- typed entry points: the LLM's tools (the same code as the dialogue above) ----------
    def book_meeting(
        self,
        turn: Turn,
        starts_at: When,
        attendee: Annotated[str | None, Field(max_length=120)] = None,
        title: Annotated[str | None, Field(min_length=1, max_length=200)] = None,
        duration_minutes: Annotated[int, Field(ge=1, le=720)] = 30,
        book_if_overlapping: bool = False,
    ) -> Reply:
        """Book a meeting in the user's calendar. If it overlaps another meeting nothing is
        booked and the overlap is reported, unless book_if_overlapping is true."""
        start = _future(turn, starts_at)
        slots: dict[str, Any] = {
            "starts_at": start.isoformat(),
            "seconds": duration_minutes * 60,
            "force": book_if_overlapping,
        }
        if attendee:
            slots["attendee"] = attendee
        if title:
            slots["title"] = title
        return self._book(turn, slots)

    def list_meetings(self, turn: Turn, on: date | None = None) -> Reply:
        """The user's upcoming meetings (with their ids), or those on one day (YYYY-MM-DD)."""
        return self._meetings_on(turn, on)

    def move_meeting(
        self, turn: Turn, meeting_id: Id, starts_at: When, move_if_overlapping: bool = False
    ) -> Reply:
        """Move one of the user's meetings to a new start time (same duration)."""
        start = _future(turn, starts_at)
        slots = {"meeting_id": meeting_id, "starts_at": start.isoformat()}
        return self._move_to(turn, {**slots, "force": move_if_overlapping})

    def cancel_meeting(self, turn: Turn, meeting_id: Id) -> Reply:
        """Cancel (delete) one of the user's meetings by id."""
        pending = {"action": "cancel_meeting", "slots": {"meeting_id": meeting_id}}
        return self.confirm(turn, pending)

    def set_reminder(
        self,
        turn: Turn,
        text: Text300,
        due_at: When,
        kind: Literal["reminder", "alarm"] = "reminder",
    ) -> Reply:
        """Set a reminder (what to remind, when) or an alarm."""
        due = _future(turn, due_at)
        return self._remind(turn, {"kind": kind, "text": text, "due_at": due.isoformat()})

    def list_reminders(
        self, turn: Turn, kind: Literal["reminder", "alarm", "timer"] = "reminder"
    ) -> Reply:
        """The user's upcoming reminders, alarms or timers (with their ids)."""
        return self._list_reminders(turn, kind)

    def cancel_reminder(self, turn: Turn, reminder_id: Id) -> Reply:
        """Remove one of the user's reminders, alarms or timers by id."""
        row = calendar.owned(turn.session, Reminder, turn.user, reminder_id)
        if row is None:
            return Reply(f"There is no reminder with id {reminder_id}.", {"found": False})
        turn.session.delete(row)
        turn.session.flush()
        return Reply(f"Removed the {row.kind} “{row.text}”.", {"removed": row.id})

    def set_timer(self, turn: Turn, seconds: Annotated[int, Field(ge=1, le=24 * 3600)]) -> Reply:
        """Start a timer that ends after this many seconds."""
        return self._timer(turn, {"seconds": seconds})

    def add_todo(self, turn: Turn, text: Text300) -> Reply:
        """Add an item to the user's to-do list."""
        return self._add_todo(turn, _clean(text) or text.strip())

    def list_todos(self, turn: Turn) -> Reply:
        """The user's open to-do items (with their ids)."""
        return self._list_todos(turn)

    def complete_todo(self, turn: Turn, todo_id: Id) -> Reply:
        """Mark one of the user's to-do items as done by id."""
        row = calendar.owned(turn.session, Todo, turn.user, todo_id)
        if row is None:
            return Reply(f"There is no to-do with id {todo_id}.", {"found": False})
        row.done = True
        turn.session.flush()
        return Reply(f"Marked “{row.text}” as done.", {"todo": calendar.todo_view(row, turn.tz)})

    # -- timezone -------------------------------------------------------------------------
    def _timezone(self, turn: Turn) -> Reply:
        named = _TZ.search(turn.text)
        if named and re.search(r"\b(set|change|switch|update|use|move)\b", turn.text, re.I):
            zone = named.group(1)
            if not valid_timezone(zone):
                return Reply(f"I don't know the timezone {zone}. Use a name like Europe/Madrid.")
            turn.user.timezone = zone
            turn.session.flush()
            return Reply(f"Your timezone is now {zone}.", {"timezone": zone})
        now = turn.now.astimezone(turn.tz)
        return Reply(
            f"Your timezone is {turn.user.timezone} (UTC{now.strftime('%z')[:3]}:"
            f"{now.strftime('%z')[3:]}). Change it with “set my timezone to Europe/Madrid”."
        )

    def _pending(
        self, action: str, slots: dict[str, Any], awaiting: str, prompt: str
    ) -> dict[str, Any]:
        return {
            "skill": self.name,
            "action": action,
            "slots": slots,
            "awaiting": awaiting,
            "prompt": prompt,
        }
