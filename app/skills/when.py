"""Natural dates and times ("next Tuesday at 3pm", "in 20 minutes", "tomorrow morning"), read
in the user's timezone and returned in UTC.

The reader is ``time_reader`` (Recognizers-Text behind the rule book of ``docs/assistant.md``,
"How times are read"): ``read_time`` returns a sure reading or the question to ask instead,
``read_duration`` a stated duration, ``local_text`` a moment as the user reads it and
``local_day_text`` a day.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from app.skills import time_reader, time_words
from app.skills.time_reader import (
    ASK_REASONS,
    Reading,
    local_day_text,
    local_text,
    read_duration,
    read_time,
)

__all__ = [
    "ASK_REASONS",
    "Reading",
    "hour_question",
    "loaded",
    "local_day_text",
    "local_text",
    "read_duration",
    "read_time",
    "warm_up",
]


def loaded() -> bool:
    """Whether this process has loaded the parser's models already (``warm_up`` is then quick)."""
    return time_reader.loaded()


def warm_up() -> None:
    """Load the parser's English and Spanish models (a second or more on first use) before
    serving."""
    time_reader.warm_up()


def hour_question(a: datetime, b: datetime, tz: ZoneInfo, now: datetime, lang: str) -> str:
    """The reader's "which of the two?" question (``ambiguous_hour``) about two moments."""
    lang = "es" if lang.startswith("es") else "en"
    a_text, b_text = (local_text(moment, tz, now, lang) for moment in (a, b))
    return time_words.QUESTIONS[lang]["ambiguous_hour"].format(a=a_text, b=b_text)
