"""Natural dates and times ("next Tuesday at 3pm", "in 20 minutes", "tomorrow morning"), read
in the user's timezone and returned in UTC.

The reader is ``time_reader`` (Recognizers-Text behind the rule book of ``docs/assistant.md``,
"How times are read"): ``read_time`` returns a sure reading or the question to ask instead,
``read_duration`` a stated duration, ``local_text`` a moment as the user reads it and
``local_day_text`` a day.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
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
    "CLARIFYING",
    "Reading",
    "day_choice",
    "hour_question",
    "keeps_hour",
    "loaded",
    "local_day_text",
    "local_text",
    "read_duration",
    "read_time",
    "relative_day",
    "this_or_next",
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


# An hour of the clock named in a time phrase: a number ("7", "a las 7:30", "9am"), an hour's word
# ("a las siete", "at seven") or noon and midnight. A part of the day ("en la mañana", "tomorrow
# morning") names none: the parser gives it a default hour (9:00 in the morning, 20:00 at night).
_HOUR_NAMED = re.compile(
    r"\d|(?<!\w)(?:noon|midday|midnight|mediod[ií]a|medianoche|"
    + "|".join(sorted(time_words.HOUR_WORD_VALUES, key=len, reverse=True))
    + r")(?!\w)",
    re.I,
)


def keeps_hour(kept: str, answer: str) -> bool:
    """Whether the answer to "when?" is read with the hour kept from the question: ``kept``
    (the question's time phrase: "a las 7" of "recuérdame diario a las 7") names an hour and
    ``answer`` (the answer's time phrase: "mañana en la mañana", "just tomorrow morning", "en
    la noche") names none of its own. Then the hour said wins over a part of the day's
    default hour, and the part decides its half ("a las 7" then "en la noche": 19:00); an
    answer with an hour of its own ("mañana a las 9") replaces the one kept."""
    return bool(_HOUR_NAMED.search(kept)) and not _HOUR_NAMED.search(answer)


_TODAY_WORDS = frozenset({"today", "hoy", "tday", "2day", "tonight", "tonite", "2nite"})
_TOMORROW_WORDS = frozenset(
    {"tomorrow", "tmrw", "tmr", "tmw", "2moro", "2morrow", "manana", "mnn", "mna", "mñn"}
)
#: words of an answer to "which midnight?" ("esta noche", "la medianoche de hoy"): the night of
#: today, or (alone) no choice
_MIDNIGHT_WORDS_ALONE = frozenset({"esta", "this", "medianoche", "midnight"})
_MIDNIGHT_WORDS = _MIDNIGHT_WORDS_ALONE | {"noche", "night", "nite"}
#: words said around a choice of day in chat ("hoy pe", "mañana nomás", "no, el sábado")
_CHAT_FILLER = frozenset({"pe", "pes", "pues", "ps", "nomas", "no", "mas", "oh", "ah", "um"})
_WEEKDAY_TOKENS = {
    name: n
    for names in (
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
        ("lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo"),
        ("mon", "tue", "wed", "thu", "fri", "sat", "sun"),
    )
    for n, name in enumerate(names)
} | {"tues": 1, "thurs": 3, "thur": 3, "weds": 2}
_MONTH_TOKENS = {
    name: n
    for names in (
        ("january", "february", "march", "april", "may", "june", "july", "august", "september",
         "october", "november", "december"),
        ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
         "octubre", "noviembre", "diciembre"),
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
    )
    for n, name in enumerate(names, start=1)
} | {"setiembre": 9, "sept": 9, "ene": 1, "abr": 4, "ago": 8, "dic": 12}  # fmt: skip


def relative_day(token: str) -> bool:
    """Whether a word of an answer names its day counted from today ("hoy", "tomorrow"), not by
    its name ("monday", "el 7"): said with a named day that disagrees ("tomorrow as in monday"
    to "today (Mon 7 Dec) or tomorrow (Tue 8 Dec)?" in the small hours), the named one says
    which day the word meant. ``token`` is folded (lowercase, no accents)."""
    return token in _TODAY_WORDS or token in _TOMORROW_WORDS


# words that join a day to the day it means in an answer ("tomorrow as in monday", "mañana o
# sea el lunes", "hoy, es decir el lunes"): said around a choice, never a choice of their own
CLARIFYING = re.compile(r"\b(?:as in|meaning|o sea|osea|es decir|or rather|o mejor dicho)\b")


def day_choice(token: str, local: list[datetime], today: date) -> set[int] | None:
    """Which of the moments ``local`` (local times) one word of an answer to "which of them?"
    keeps, by the day it names: "hoy"/"today"/"tonight" (with the midnight that ends today when
    none is on today), "mañana"/"tomorrow", a weekday, a month, a day of the month ("1st",
    "6"); all of them for a word said around a choice ("pe", "nomás");
    None when the word says nothing about a day, or about none of theirs (then the answer is
    read as a time of its own: "10am", "no, february 5th"). ``token`` is folded (lowercase, no
    accents)."""
    if token in _CHAT_FILLER:
        return set(range(len(local)))
    if all(not o.hour + o.minute for o in local) and token in _MIDNIGHT_WORDS:
        # to "which midnight?": "esta noche", "hoy en la noche" → the one that ends today (a
        # night said with another day, "el sábado en la noche", keeps none and is asked again)
        if token in _MIDNIGHT_WORDS_ALONE:
            return set(range(len(local)))
        token = "tonight"
    found: set[int] | None = None
    if token in _TODAY_WORDS:
        found = {i for i, o in enumerate(local) if o.date() == today}
        if not found:  # "tonight" to "which midnight?": the one that ends today
            tomorrow = today + timedelta(days=1)
            found = {
                i for i, o in enumerate(local) if o.date() == tomorrow and not o.hour + o.minute
            }
    elif token in _TOMORROW_WORDS:
        found = {i for i, o in enumerate(local) if o.date() == today + timedelta(days=1)}
    elif token in _WEEKDAY_TOKENS:
        found = {i for i, o in enumerate(local) if o.weekday() == _WEEKDAY_TOKENS[token]}
    elif token in _MONTH_TOKENS:
        found = {i for i, o in enumerate(local) if o.month == _MONTH_TOKENS[token]}
    else:
        number = re.sub(r"(?<=\d)(?:st|nd|rd|th|ro|ero|o|º|°)$", "", token)
        if number.isdigit() and 1 <= int(number) <= 31:
            found = {i for i, o in enumerate(local) if o.day == int(number)}
    return found or None


# "este sábado", "this one", "el próximo", "the next one": which of two days offered
_THIS_OR_NEXT = re.compile(
    r"(?:(?:el|la|the|no|oh)\s+)*(?P<w>este|esta|this|proximo|proxima|next|siguiente|following)"
    r"(?:\s+(?:one|uno|una))?(?:\s+(?P<day>[a-z]+))?(?:\s+(?:que\s+viene|pues|pe|please|porfa))?"
)


# "el de la otra semana", "el de la semana que viene", "next week's", "the one next week" (the
# later of two days a week apart); "el de esta semana", "this week's" (the earlier): an answer to
# "el martes 8 o el martes 15?" ("el otro martes")
_WHICH_WEEK = re.compile(
    r"(?:(?:el|la|the|no|oh|pues|ya)\s+)*(?:(?:one|uno|una)\s+)?(?:de\s+|for\s+|on\s+)?"
    r"(?:(?:la|the)\s+)?(?:(?P<next>otra\s+semana|semana\s+que\s+viene|proxima\s+semana"
    r"|siguiente\s+semana|week\s+after|next\s+week(?:'s)?|following\s+week(?:'s)?)"
    r"|(?P<this>esta\s+semana|this\s+week(?:'s)?))(?:\s+(?:one|pues|pe|please|porfa))?"
)


def this_or_next(text: str, local: list[datetime]) -> int | None:
    """Which of two moments on different days (local times) an answer picks by saying "this" or
    "next": "este sábado", "this one", "este" the earlier, "el próximo", "the next one", "the
    following one" the later (a weekday said must be both's: "este sábado" said on a Saturday
    is today); of two days a week apart, "el de la otra semana", "next week's" the later and "el
    de esta semana", "this week's" the earlier; None for anything else. ``text`` is folded
    (lowercase, no accents)."""
    said = text.strip(" ?!.,¿¡")
    week = _WHICH_WEEK.fullmatch(said)
    if week is not None and len(local) == 2:
        first, second = sorted(o.date() for o in local)
        if (second - first).days == 7:  # a week apart: this week's and the next one
            earlier = 0 if local[0] <= local[1] else 1
            return earlier if week["this"] else 1 - earlier
    found = _THIS_OR_NEXT.fullmatch(said)
    if found is None or len(local) != 2 or local[0].date() == local[1].date():
        return None
    day = found["day"]
    if day is not None and any(o.weekday() != _WEEKDAY_TOKENS.get(day, -1) for o in local):
        return None
    earlier = 0 if local[0] <= local[1] else 1
    return earlier if found["w"] in {"este", "esta", "this"} else 1 - earlier
