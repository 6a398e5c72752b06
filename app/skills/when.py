"""Natural dates and times ("next Tuesday at 3pm", "in 20 minutes", "tomorrow morning"), read
in the user's timezone and returned in UTC.

``read_time`` / ``read_duration`` (``time_reader``: Recognizers-Text plus the rule book of
``docs/assistant.md``) are the reader: they ask instead of guessing. ``find_moment`` and
``find_duration`` are the former dateparser reader, kept until every caller reads through
``read_time``.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from dateparser.search import search_dates

from app.skills import time_reader
from app.skills.time_reader import ASK_REASONS, Reading, local_text, read_duration, read_time

__all__ = [
    "ASK_REASONS",
    "Found",
    "Reading",
    "find_duration",
    "find_moment",
    "local_text",
    "read_duration",
    "read_time",
    "warm_up",
]

_PARTS_OF_DAY = [
    (re.compile(r"\btonight\b", re.I), "today at 8pm"),
    (re.compile(r"\b(this )?morning\b", re.I), "at 9am"),
    (re.compile(r"\b(this )?afternoon\b", re.I), "at 3pm"),
    (re.compile(r"\b(this )?evening\b", re.I), "at 7pm"),
    (re.compile(r"\bnoon\b|\bmidday\b", re.I), "12pm"),
    (re.compile(r"\bmidnight\b", re.I), "11:59pm"),
]
_BARE_HOUR = re.compile(r"\bat (\d{1,2})\b(?!\s*(?::|\.\d|am\b|pm\b|a\.m|p\.m|o'clock|h\b))", re.I)
_HAS_TIME = re.compile(r"\d\s*(am|pm|a\.m|p\.m)|\d:\d\d|\bin \w+ (minute|hour|second)", re.I)
_DURATION = re.compile(
    r"\b(?:for|in)?\s*(\d+|an?|one|two|three|four|five|ten|fifteen|twenty|thirty|forty five|ninety)"
    r"\s*(?:-\s*)?(seconds?|secs?|minutes?|mins?|hours?|hrs?)\b",
    re.I,
)
_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "ten": 10,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty five": 45, "ninety": 90,
}  # fmt: skip
_NOISE = {"now", "a", "an", "on", "to", "at", "the", "me", "one", "second", "sec", "may", "march"}
_warm = threading.Event()


@dataclass(frozen=True)
class Found:
    """A moment found in a text, and the words that said it."""

    at: datetime  # aware, UTC
    phrase: str
    has_time: bool
    remainder: str  # the text without the words that said the moment


def _prepare(text: str) -> str:
    for pattern, replacement in _PARTS_OF_DAY:
        text = pattern.sub(replacement, text)

    def hour(m: re.Match[str]) -> str:
        h = int(m.group(1))
        return f"at {h}{'pm' if 1 <= h <= 7 else 'am' if h <= 12 else ''}"

    return _BARE_HOUR.sub(hour, text)


_ORDINAL_DAY = re.compile(r"\b(?:on )?the (\d{1,2})(?:st|nd|rd|th)\b", re.I)


def _ordinal_days(text: str, local_now: datetime) -> str:
    """ "on the 1st" → the next 1st as "December 1" (dateparser misreads bare ordinals)."""

    def day(m: re.Match[str]) -> str:
        d = int(m.group(1))
        if not 1 <= d <= 31:
            return m.group(0)
        year, month = local_now.year, local_now.month
        for _ in range(13):
            try:
                candidate = local_now.replace(year=year, month=month, day=d)
            except ValueError:
                candidate = None
            if candidate is not None and candidate.date() >= local_now.date():
                return "on " + candidate.strftime("%B %d %Y").replace(" 0", " ")
            month, year = (1, year + 1) if month == 12 else (month + 1, year)
        return m.group(0)

    return _ORDINAL_DAY.sub(day, text)


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NEXT_WEEKDAY = re.compile(r"\b(?:on )?next (" + "|".join(_WEEKDAYS) + r")\b", re.I)


def _next_weekdays(text: str, local_now: datetime) -> str:
    """ "next Thursday" → that day of NEXT week (weeks start on Monday), written as a date.

    dateparser reads "next Thursday" said on a Wednesday as tomorrow; people mostly mean the
    Thursday of the following week (a bare "Thursday" still means the coming one). The reply
    always shows the date, so a user who meant otherwise sees it before confirming.
    """

    def day(m: re.Match[str]) -> str:
        weekday = _WEEKDAYS.index(m.group(1).lower())
        next_monday = local_now.date() + timedelta(days=7 - local_now.weekday())
        target = next_monday + timedelta(days=weekday)
        return "on " + target.strftime("%B %d %Y").replace(" 0", " ")

    return _NEXT_WEEKDAY.sub(day, text)


def find_moment(text: str, tz: ZoneInfo, now: datetime) -> Found | None:
    """The first date/time mentioned in ``text`` and not in the past of ``now``, or None."""
    local_now = now.astimezone(tz)
    prepared = _next_weekdays(_ordinal_days(_prepare(text), local_now), local_now)
    settings = {
        "TIMEZONE": str(tz),
        "TO_TIMEZONE": "UTC",
        "RETURN_AS_TIMEZONE_AWARE": True,
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": local_now.replace(tzinfo=None),
    }
    try:
        found = search_dates(prepared, languages=["en"], settings=settings)
    except (ValueError, OverflowError):
        return None
    _warm.set()
    for phrase, moment in found or []:
        if phrase.strip().lower() in _NOISE or len(phrase.strip()) < 2:
            continue
        has_time = bool(_HAS_TIME.search(phrase))
        at = moment.astimezone(UTC)
        if not has_time:
            local = at.astimezone(tz)
            if phrase.strip().lower() not in {"today"} or local_now.hour < 9:
                at = local.replace(hour=9, minute=0, second=0, microsecond=0).astimezone(UTC)
        if at < now and has_time and not re.search(r"\d{4}|yesterday|ago|last", phrase, re.I):
            at += timedelta(days=1)  # "at 7am" said at 10am means tomorrow
        if at < now - timedelta(minutes=1):
            continue
        remainder = " ".join(prepared.replace(phrase, " ", 1).split())
        return Found(at=at, phrase=phrase, has_time=has_time, remainder=remainder)
    return None


def find_duration(text: str) -> timedelta | None:
    """A duration like "for 10 minutes" or "an hour"."""
    m = _DURATION.search(text)
    if not m:
        return None
    raw = m.group(1).lower()
    amount = int(raw) if raw.isdigit() else _WORDS.get(raw, 0)
    unit = m.group(2).lower()
    if amount <= 0:
        return None
    if unit.startswith(("h",)):
        return timedelta(hours=amount)
    if unit.startswith("m"):
        return timedelta(minutes=amount)
    return timedelta(seconds=amount)


def warm_up() -> None:
    """Load the parsers' language data (a second or so on first use) before serving."""
    if not _warm.is_set():
        find_moment("tomorrow at 9am", ZoneInfo("UTC"), datetime.now(UTC))
    time_reader.warm_up()
