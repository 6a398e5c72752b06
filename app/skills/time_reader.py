"""The time reader: a message and the user's zone → the moment it states, or the question to ask.

Microsoft Recognizers-Text (``recognizers-text-date-time``, English and Spanish models) finds the
time expressions and resolves each to TIMEX (``XXXX-WXX-1T08`` with both 08:00 and 20:00 for
"Monday at 8"): it says what it does not know instead of guessing. This module applies the rule
book of ``docs/assistant.md`` ("How times are read") to that reading: the day a weekday or a day
of the month falls on, the half of the day of a bare hour, parts of the day, the past, and when
to ask. Chosen by measurement over dateparser's search mode, ctparse and timefhuman on the time
table ``data/time-eval/`` (``bench/time_parsers.py``): it is the only one that keeps the
ambiguity a rule needs (a bare hour, a weekday without a week, a date without a year), reads
English and Spanish with one model each, and needs the fewest words written out before it.
Measured (exact / silent-wrong, English 450 and Spanish 330 messages): dateparser 44 % / 215
and 27 % / 161, ctparse 43 % / 130, timefhuman 49 % / 209, Recognizers-Text 56 % / 159 and
46 % / 147 raw; behind this module 100 % / 0 and 99.7 % / 0. Its slips are handled here by
general rules (see ``docs/assistant.md``), never per message.

The reading is a local date and time to the minute, stored in UTC. When it is uncertain or past,
``Reading.ask`` holds a stable reason code and ``Reading.question`` what to ask, naming what was
understood; ``Reading.at`` is then None (a wrong stored time is the worst outcome).
"""

from __future__ import annotations

import calendar
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time

from app.calendar import wall_clock
from app.skills import compiled_patterns
from app.skills import time_words as words

ASK_REASONS = (
    "no_time",  # nothing said about when, or a day without a time of day
    "no_day",  # a time of day with a span of days ("this weekend at 10")
    "ambiguous_hour",  # a bare 7–11, "12 de la noche", midnight
    "ambiguous_weekday",  # "Friday" said on a Friday, "next Friday" still this week
    "ambiguous_date",  # "3/4" in English with no stated order; "tomorrow" said at 1 am
    "past",  # the moment has already passed
    "vague",  # "later", "soon", "EOD", "before 5"
    "correction",  # two different times ("at 3, no wait, 4pm", "tomorrow or Friday")
    "skipped_time",  # a local time the clocks jump over (2:30 am on a spring-forward night)
    "repeated_time",  # a local time that happens twice (1:30 am on a fall-back night)
    "repeating",  # a repeat ("every day at 7am", "todos los lunes"): one moment is asked for
    "zone",  # a time zone named that is unclear ("9am CST": US Central or China?) or not known
)


@dataclass(frozen=True)
class Reading:
    """What a message says about when.

    ``at``/``end`` are aware UTC datetimes to the minute, set only when the reading is sure
    (``ask`` is None). ``options`` are the candidate moments behind an ``ambiguous_*`` or
    ``past`` question (the first is the likelier), ``day`` the local day understood when only
    the time of day is missing.
    """

    at: datetime | None
    end: datetime | None
    phrase: str
    remainder: str
    ask: str | None
    question: str | None
    found: bool
    day: date | None = None
    options: tuple[datetime, ...] = ()
    end_said: bool = False  # ``end`` is a stated clock time ("to 4am"), not start + a duration
    # the question offers days alone ("3/4 at 10": "Sat 3 Apr 2027 or Thu 4 Mar 2027?"): the
    # options' hour is a placeholder, never a time said
    dates_only: bool = False
    # the day said does not exist ("29 February 2027", "el 31 de abril"): the sentence that says
    # so ("There is no 29 February 2027: February 2027 has 28 days"), beside the question
    missing: str | None = None


# -- the parser -------------------------------------------------------------------------------

_models: dict[str, Any] = {}
_models_lock = threading.Lock()


def _reuse_compiled_patterns() -> None:
    """Let ``regex``'s module functions hand a compiled pattern back at once.

    Recognizers-Text matches with ``regex.finditer(pattern, text)`` and friends, about a thousand
    calls per message. Its English patterns are compiled already; many Spanish ones (the number
    extractors') are strings. Either way ``regex._compile`` answers only after an import, a
    locale lookup, enum flag arithmetic and a cache lookup: measured, half the time of an English
    parse, and an eighth of a Spanish one once the English case was short-cut. The shortcut
    returns a compiled pattern itself, and compiles a string pattern without flags or named
    lists once (kept in a bounded cache of its own: a string's compiled pattern depends only on
    the string, as ``regex``'s version and locale are fixed for the process). Anything else takes
    the library's own path, so every match is unchanged; installed once, with the parser's models.
    """
    import functools

    import regex._main as regex_main

    original = regex_main._compile
    if getattr(original, "_slipway_shortcut", False):
        return
    pattern_type = regex_main.Pattern

    @functools.lru_cache(maxsize=4096)
    def _compiled(pattern: str) -> Any:
        return original(pattern, 0, False, {}, True)

    def _compile(pattern: Any, flags: Any, *args: Any, **kwargs: Any) -> Any:
        if not flags:
            if type(pattern) is pattern_type:
                return pattern
            # (ignore_unused, named lists, cache_it): a plain call has no named lists
            if type(pattern) is str and len(args) == 3 and not args[1] and args[2] and not kwargs:
                return _compiled(pattern)
        return original(pattern, flags, *args, **kwargs)

    _compile._slipway_shortcut = True  # type: ignore[attr-defined]
    regex_main._compile = _compile


def _hold_the_gil_while_matching() -> None:
    """Let ``regex``'s module functions match without letting go of the GIL.

    By default ``regex`` releases the GIL around every match on a ``str`` (``concurrent=None``),
    so that other threads may run meanwhile. Recognizers-Text makes about a thousand short
    matches per message, and in a worker whose other threads are busy each release hands the
    GIL over and back (two context switches): measured, reading a time cost 4× the CPU with four
    threads parsing at once, against 1× in one thread. ``concurrent=False`` changes only that
    (every match is the same); the library's few direct calls on a compiled pattern
    (``pattern.finditer(text)``) keep the default. Installed once, with the parser's models.
    """
    import inspect

    import regex._main as regex_main

    for name in dir(regex_main):
        function = getattr(regex_main, name)
        if not inspect.isfunction(function) or function.__defaults__ is None:
            continue
        code = function.__code__
        params = code.co_varnames[: code.co_argcount]
        if "concurrent" not in params:
            continue
        defaults = list(function.__defaults__)
        at = params.index("concurrent") - (len(params) - len(defaults))
        if at >= 0 and defaults[at] is None:
            defaults[at] = False
            function.__defaults__ = tuple(defaults)


_extractions_seen = threading.local()

#: The Recognizers-Text extractors whose results are remembered within one message: each is
#: built many times over (every date, time and period extractor holds its own number, duration,
#: date and time extractors) and each copy runs over the whole message again.
_REMEMBERED_EXTRACTORS = (
    ("recognizers_number.number.extractors", "BaseNumberExtractor"),
    ("recognizers_date_time.date_time.base_duration", "BaseDurationExtractor"),
    ("recognizers_date_time.date_time.base_date", "BaseDateExtractor"),
    ("recognizers_date_time.date_time.base_time", "BaseTimeExtractor"),
)


def _reuse_extractions() -> None:
    """Let an extractor answer again from what an extractor of the same make found in the same
    text at the same reference time, within one message (:class:`_extractions_remembered`).

    Recognizers-Text's extractors nest: a message's parse runs about forty number extractions,
    sixteen duration, ten date and ten time extractions, by separately built but identical
    extractors over the same text (measured: a few distinct results each). An extraction depends
    only on the extractor (its class and everything it holds, fixed when it is built: see
    :func:`_signature`), the text and the reference time, so the second and later ones hand back
    copies of the first's results (each caller gets results of its own to change); outside a
    message the library runs as it is. Installed once, with the parser's models.
    """
    import copy
    import importlib

    for module_name, class_name in _REMEMBERED_EXTRACTORS:
        cls = getattr(importlib.import_module(module_name), class_name)
        original = cls.extract
        if getattr(original, "_slipway_shortcut", False):
            continue

        def extract(self: Any, source: str, *args: Any, _original: Any = original) -> Any:
            seen: dict[tuple[Any, ...], list[Any]] | None = getattr(
                _extractions_seen, "results", None
            )
            if seen is None:
                return _original(self, source, *args)
            try:
                key = (_signature(self), source, *args)
            except Exception:  # an extractor unlike the ones measured: the library's own path
                return _original(self, source, *args)
            found = seen.get(key)
            if found is None:
                found = seen[key] = _original(self, source, *args)
            return [copy.copy(result) for result in found]

        extract._slipway_shortcut = True  # type: ignore[attr-defined]
        cls.extract = extract


_signatures: dict[Any, int] = {}
_signatures_lock = threading.Lock()
_SIGNED = "_slipway_signature"  # the attribute an extractor's number is kept in


def _signature(extractor: Any) -> int:
    """A number for everything ``extractor`` holds (computed once per extractor): two
    extractors of one number find the same things in any text at any reference time."""
    number: int | None = extractor.__dict__.get(_SIGNED)
    if number is None:
        value = _value(extractor, {})
        with _signatures_lock:
            number = _signatures.setdefault(value, len(_signatures))
        setattr(extractor, _SIGNED, number)
    return number


def _value(thing: Any, seen: dict[int, Any]) -> Any:
    """``thing`` as a hashable value: compiled patterns by their text and flags, containers by
    their items, other objects by their class and attributes. Each object is read once: a second
    visit is its first visit's value, and a cycle back to an object still being read is that
    object's identity (so extractors holding a cycle are never taken for one another)."""
    if thing is None or isinstance(thing, (str, bytes)):
        return thing
    if isinstance(thing, (bool, int, float)):  # typed: True, 1 and 1.0 are equal values
        return (type(thing).__name__, thing)
    if isinstance(thing, (list, tuple)):
        return (type(thing).__name__, tuple(_value(item, seen) for item in thing))
    if isinstance(thing, dict):
        return ("dict", tuple((_value(k, seen), _value(v, seen)) for k, v in thing.items()))
    if isinstance(thing, (set, frozenset)):
        return ("set", frozenset(_value(item, seen) for item in thing))
    pattern = getattr(thing, "pattern", None)
    if isinstance(pattern, str) and hasattr(thing, "finditer"):
        return ("pattern", pattern, int(thing.flags))
    if id(thing) in seen:
        return seen[id(thing)]
    cls = type(thing)
    name = f"{cls.__module__}.{cls.__qualname__}"
    seen[id(thing)] = ("visited", name, id(thing))
    attributes = getattr(thing, "__dict__", None)
    if attributes is None:  # no state of its own to compare (an enum member, a function)
        value: Any = ("object", name, repr(thing))
    else:
        items = sorted(attributes.items())
        value = ("object", name, tuple((k, _value(v, seen)) for k, v in items if k != _SIGNED))
    seen[id(thing)] = value
    return value


class _extractions_remembered:  # noqa: N801  # used as a plain ``with`` block
    """Within the block, this thread's extractions are remembered, by extractor, text and
    reference time."""

    def __enter__(self) -> None:
        _extractions_seen.results = {}

    def __exit__(self, *_: object) -> None:
        _extractions_seen.results = None


def _model(lang: str) -> Any:
    with _models_lock:
        model = _models.get(lang)
        if model is None:
            compiled_patterns.install()  # before the library builds (and compiles) anything
            from recognizers_date_time import DateTimeRecognizer
            from recognizers_text import Culture

            _reuse_compiled_patterns()
            _reuse_extractions()
            _hold_the_gil_while_matching()
            culture = Culture.Spanish if lang == "es" else Culture.English
            model = DateTimeRecognizer(culture).get_datetime_model(culture)
            _models[lang] = model
        return model


def loaded() -> bool:
    """Whether this process has loaded the models ``warm_up`` loads."""
    with _models_lock:
        return {"en", "es", "es-number"} <= _models.keys()


def warm_up() -> None:
    """Load both models (a second or so each on first use, a few tenths once their compiled
    patterns are kept: ``app.skills.compiled_patterns``) before serving."""
    reference = datetime(2026, 1, 1, 9, 0)
    _model("en").parse("tomorrow at 3pm", reference)
    _model("es").parse("mañana a las 3 de la tarde", reference)
    _es_number_model().parse("cuarenta y cinco")
    compiled_patterns.save()


# -- one recognized expression ----------------------------------------------------------------


@dataclass
class _Day:
    kind: str  # date | weekday | dom | monthday | dates | span
    value: date | None = None
    weekday: int = 0
    modifier: str = ""
    month: int = 0
    dom: int = 0
    year: int | None = None
    dates: tuple[date, ...] = ()
    named: int | None = None  # the weekday said with a date ("el lunes 14"): checked against it
    shift: int = 0  # days after the day named ("a week from Monday": Monday, then 7 days)


@dataclass
class _Piece:
    start: int
    end: int
    text: str
    days: list[_Day] = field(default_factory=list)
    times: set[tuple[int, int]] = field(default_factory=set)  # candidate (hour, minute)
    part: int | None = None  # a part of the day, as the hour it is read as
    end_times: set[tuple[int, int]] = field(default_factory=set)
    end_day: _Day | None = None
    offset: timedelta | None = None  # "in 3 hours"
    duration: timedelta | None = None
    ask: str | None = None
    ignore: bool = False
    # a bare hour's two readings (morning, evening) when the rule book chose between them, so that
    # words elsewhere in the message ("wake me up", "alarm") can choose again
    halves: tuple[tuple[int, int], tuple[int, int]] | None = None
    hint: bool = False  # a vague word ("ahorita", "later"): says no moment, but is no text either
    offers_hour: bool = False  # a second hour follows with "or" ("at 3 or 4")
    second: tuple[int, int] | None = None  # that hour, when sure
    foreign: bool = False  # read by the other language's parser (a code-switched message)
    whole: bool = False  # read here from a pattern: every word of it is about time
    night: bool = False  # a small hour said "of the night" ("a la 1 de la noche", "1 tonight")


_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTHDAY = re.compile(r"^XXXX-(\d{2})-(\d{2})$")
_DOM = re.compile(r"^XXXX-XX-(\d{2})$")
_WEEKDAY = re.compile(r"^XXXX-WXX-(\d)$")
_WEEKEND = re.compile(r"^(\d{4})-W(\d{2})-WE$")
_NEXT_WEEKEND = re.compile(
    r"(?<!\w)fin\s+de\s+semana\s+(?:que\s+viene|entrante|siguiente)(?!\w)", re.I
)
_CLOCK = re.compile(r"^(\d{2})(?::(\d{2}))?(?::(\d{2}))?$")
_RANGE = re.compile(r"^\((.*),(.*),(P[^)]*)\)$")
_DURATION = re.compile(
    r"^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)


def _duration(timex: str) -> timedelta | None:
    m = _DURATION.match(timex)
    if not m or not any(m.groups()):
        return None
    w, d, h, mi, s = (float(g) if g else 0.0 for g in m.groups())
    try:
        return timedelta(weeks=w, days=d, hours=h, minutes=mi, seconds=s)
    except OverflowError:  # "99999999999 hours": past any calendar, not a duration to keep
        return timedelta.max


def _split(timex: str) -> tuple[str, str | None]:
    if "T" in timex:
        day, _, clock = timex.partition("T")
        return day, clock
    return timex, None


def _day(part: str, values: list[dict[str, Any]]) -> _Day | None:
    """The day a TIMEX date part names; None when it names none."""
    if not part:
        return None
    if m := _DATE.match(part):
        try:
            return _Day("date", value=date(int(m[1]), int(m[2]), int(m[3])))
        except ValueError:
            return _Day("span")
    if m := _MONTHDAY.match(part):
        return _Day("monthday", month=int(m[1]), dom=int(m[2]))
    if m := _DOM.match(part):
        return _Day("dom", dom=int(m[1]))
    if m := _WEEKDAY.match(part):
        return _Day("weekday", weekday=int(m[1]) - 1)
    if m := _WEEKEND.match(part):  # "this weekend", "el finde": its Saturday and Sunday
        saturday = date.fromisocalendar(int(m[1]), int(m[2]), 6)
        return _Day("days", dates=(saturday, saturday + timedelta(days=1)))
    if part.startswith("XXXX-") and re.match(r"^XXXX-\d{2}-WXX-\d-#?\d$", part):
        found = []  # a holiday on the nth weekday of a month: the parser's dates
        for v in values:
            raw = (v.get("value") or v.get("start") or "")[:10]
            if _DATE.match(raw):
                found.append(date.fromisoformat(raw))
        return _Day("dates", dates=tuple(sorted(set(found))))
    return _Day("span")  # a week, a weekend, a month, a year


def _clock(part: str) -> tuple[int, int] | int | None:
    """(hour, minute) of a TIMEX time part, the hour of a part of the day, or None."""
    if m := _CLOCK.match(part):
        return int(m[1]) % 24, int(m[2] or 0)
    return words.PART_CODES.get(part)


def _piece(result: Any, text: str, reference: datetime, lang: str) -> _Piece:
    piece = _Piece(result.start, result.end + 1, text[result.start : result.end + 1])
    kind = result.type_name.rsplit(".", 1)[-1]
    values: list[dict[str, Any]] = list((result.resolution or {}).get("values") or [])
    if not values:
        hour = _part_hour(piece.text, -1)
        if hour >= 0 and _PART_WORD.fullmatch(piece.text.strip().split()[-1]):
            piece.part = hour  # "mediodía" with no resolution: the word says it
        else:
            piece.ask = "vague"
        return piece
    mods = {v.get("Mod") for v in values} - {None, "approx"}
    if mods == {"since"} and re.match(r"(from|desde|de|starting)(?!\w)", piece.text, re.I):
        mods = set()  # "from 2pm for 2 hours": the start
    if mods or words.VAGUE[lang].search(piece.text):
        piece.ask = "vague"  # "before 5", "by EOD", "after Friday", "in a few hours"
        return piece
    if words.ALTERNATIVE.search(piece.text):
        piece.ask = "correction"  # "mañana o el lunes a las 4": two days offered
        return piece
    if kind == "set":
        if " " in piece.text.strip():
            piece.ask = "repeating"  # "every Monday": a recurrence, not a moment
        else:
            piece.ignore = True  # "the monthly report", "annual review"
        return piece
    if kind == "duration":
        piece.duration = _duration(values[0].get("timex", ""))
        if words.OFFSET_WORDS.match(piece.text) and piece.duration:
            piece.offset, piece.duration = piece.duration, None
        return piece
    timexes = [_point(v.get("timex", "")) for v in values]
    timexes = list(dict.fromkeys(timexes))
    if kind == "daterange" and timexes == [""]:
        if _NEXT_WEEKEND.search(piece.text):  # "el fin de semana que viene": after this week's,
            # as "el próximo fin de semana" is read (and the agenda reads both)
            today = reference.date()
            saturday = today + timedelta(days=12 - today.weekday())
            piece.days.append(_Day("days", dates=(saturday, saturday + timedelta(days=1))))
            return piece
        piece.days.append(_Day("span"))  # a span it gives no name
        return piece
    if any(_RANGE.match(t) for t in timexes):
        return _range(piece, timexes, values, reference)
    for timex in timexes:
        day_part, clock_part = _split(timex)
        if clock_part and re.match(r"^\d{2}:\d{2}:\d{2}$", clock_part) and _DATE.match(day_part):
            # a relative moment ("in 3 hours"): the parser adds the offset to the reference
            moment = datetime.fromisoformat(f"{day_part}T{clock_part}")
            piece.offset = moment - reference
            return piece
        day = _day(day_part, values)
        if day is not None and all(not _same_day(day, d) for d in piece.days):
            piece.days.append(day)
        if clock_part is not None:
            clock = _clock(clock_part)
            if isinstance(clock, tuple):
                piece.times.add(clock)
            elif isinstance(clock, int):
                piece.part = _part_hour(piece.text, clock)
            else:
                piece.ask = "vague"
    if (
        lang == "es"
        and _PART_ALONE.fullmatch(piece.text.strip())
        and all(d.kind == "date" and d.value == reference.date() for d in piece.days)
    ):
        piece.days = []  # "el 24 en la noche", "el domingo 13 al mediodía": the day said apart
    if len(piece.times) == 2 and re.search(r"(?<!\d)0\d[:.]\d\d", piece.text):
        piece.times = {min(piece.times)}  # "09:00": a zero-padded 24-hour time, as written
    _refine_clock(piece)
    _night_hour(piece, lang)
    _weekday(piece, text)
    return piece


_NIGHT_WORDS = {"una": 1, "one": 1, "dos": 2, "two": 2, "tres": 3, "three": 3, "cuatro": 4,
                "cinco": 5, "seis": 6}  # fmt: skip


def _night_hour(piece: _Piece, lang: str) -> None:
    """A bare hour said "of the night": 1–3 is the small hours ("a la 1 de la noche" is 01:00,
    "at 1 tonight" 1 AM); in Spanish 4–5 may be either half ("a las 4 de la noche"): ask. Which
    night it is in is settled with the day (see ``_night``)."""
    m = words.NIGHT_HOUR[lang].search(piece.text)
    if m is None or len(piece.times) != 1 or piece.ask is not None:
        return
    said = (m["h"] or m["h2"]).lower()
    hour = int(said) if said.isdigit() else _NIGHT_WORDS[said]
    minute = int(m["m"] or m["m2"] or 0)
    (read_hour, read_minute) = next(iter(piece.times))
    if read_minute != minute or read_hour % 12 != hour % 12:
        return  # the hour read is another one than the hour said "of the night"
    if 1 <= hour <= 3:
        piece.times, piece.night = {(hour, minute)}, True
    elif lang == "es" and hour in (4, 5):
        piece.times = {(hour, minute), (hour + 12, minute)}
        piece.halves = ((hour, minute), (hour + 12, minute))
        piece.ask = "ambiguous_hour"


# a word naming a day by itself: beside a weekday that is not its day, the parser's date stands
# (and is asked about); without one ("a las 8 menos cuarto de la mañana del lunes", read as
# today), the weekday said is the day
_DAY_WORD = re.compile(
    r"(?<!\w)(?:today|tomorrow|tonight|hoy|(?<!la )(?<!esta )ma[ñn]ana|pasado)(?!\w)", re.I
)
_QUALIFIER_BEFORE = re.compile(r"(?<!\w)(?:next|this|coming)\s+$", re.I)


def _weekday(piece: _Piece, text: str) -> None:
    """A weekday is placed by the rule book, not by the parser ("next Friday" said on a
    Wednesday asks; "the Friday after next" is read)."""
    weekday = words.weekday_in(piece.text)
    if weekday is None or len(piece.days) != 1:
        return
    said = piece.days[0]
    dated = said.kind in ("monthday", "dom") or (
        said.kind == "date"
        and (words.MONTH_NAMES.search(piece.text) or words.NUMERIC_DATE.search(piece.text))
    )
    if dated and words.WEEKDAY_BEFORE_DATE.search(piece.text):
        # "el martes 14 de diciembre", "Saturday Dec 12": the weekday is checked against the date
        piece.days = [replace(said, named=weekday)]
        return
    if said.kind not in ("weekday", "date"):
        return
    qualifier = _QUALIFIER_BEFORE.search(text[: piece.start])
    if qualifier is not None:  # "next viernes": an English word the Spanish parser left out
        piece.start = qualifier.start()
        piece.text = text[piece.start : piece.end]
    modifier = words.weekday_modifier(piece.text, text[piece.end :])
    trailing = words.TRAILING_QUALIFIER.match(text[piece.end :])
    if trailing and modifier in ("after_next", "next"):
        piece.end += trailing.end()  # "the Friday after next", "el viernes que viene"
        piece.text = text[piece.start : piece.end]
    if piece.days[0].kind == "date":
        value = piece.days[0].value
        if (
            modifier == ""
            and not words.weekday_in(piece.text.split()[0])
            and (value is None or value.weekday() == weekday or _DAY_WORD.search(piece.text))
        ):
            return  # "tomorrow friday": the date stands
        if words.MONTH_NAMES.search(piece.text) or words.NUMERIC_DATE.search(piece.text):
            return
    piece.days = [_Day("weekday", weekday=weekday, modifier=modifier)]


def _point(timex: str) -> str:
    """A range of no length ("(2026-04-05T14,02T14,PT0H)", a parser slip) is its start."""
    m = _RANGE.match(timex)
    if m and re.fullmatch(r"PT?0[HMSD]", m[3]):
        return m[1]
    return timex


def _range(
    piece: _Piece, timexes: list[str], values: list[dict[str, Any]], reference: datetime
) -> _Piece:
    for timex in timexes:
        m = _RANGE.match(timex)
        if not m:
            continue
        start, end = m[1], m[2]
        start_day, start_clock = _split(start)
        end_day, end_clock = _split(end)
        if start_clock and re.match(r"^\d{2}:\d{2}:\d{2}$", start_clock):
            begun = datetime.fromisoformat(f"{start_day}T{start_clock}")
            if begun == reference.replace(microsecond=0):  # "en 20 minutos": from now
                finish = datetime.fromisoformat(f"{end_day}T{end_clock}")
                piece.offset = finish - reference
                return piece
        days = _duration(m[3])
        if start_clock is None and words.OFFSET_WORDS.match(piece.text) and days is not None:
            piece.days.append(_Day("date", value=reference.date() + days))  # "en 3 días"
            return piece
        if start_clock is None or end_clock is None or not _CLOCK.match(end_clock or ""):
            piece.ask = "no_time" if start_clock is None else "vague"
            day = _day(start_day, values)
            if day is not None and start_clock is None:
                piece.days.append(_Day("span") if start_day != end_day else day)
            return piece
        day = _day(start_day, values)
        if day is not None and all(not _same_day(day, d) for d in piece.days):
            piece.days.append(day)
        if end_day and end_day != start_day:
            piece.end_day = _day(end_day, values)
        first, last = _clock(start_clock), _clock(end_clock)
        if isinstance(first, tuple) and isinstance(last, tuple):
            piece.times.add(first)
            piece.end_times.add(last)
    if len(piece.times) > 1 and (settled := _start_by_end(piece.times, piece.end_times)):
        piece.times, piece.end_times = {settled[0]}, {settled[1]}  # "de 10 a 12 y media"
    elif len(piece.times) > 1:  # the parser kept both halves of the day: the rule picks
        pairs = sorted(zip(sorted(piece.times), sorted(piece.end_times), strict=False))
        hour = pairs[0][0][0] % 12 or 12
        if 1 <= hour <= 6 or hour == 12:
            chosen = next((p for p in pairs if 12 <= p[0][0] <= 18), pairs[0])
            piece.times, piece.end_times = {chosen[0]}, {chosen[1]}
        else:
            piece.ask = "ambiguous_hour"
    if len(piece.times) == 1 and len(piece.end_times) == 1 and _MORNING_TWELVE.search(piece.text):
        ((hour, minute),), ((end_hour, end_minute),) = piece.times, piece.end_times
        if end_hour == 0 and 6 <= hour <= 11:
            # "el jueves de 10 a 12 de la mañana": the parser's 12 "of the morning" is
            # midnight, a 14-hour meeting the scheduler then replaced by 30 minutes; a morning
            # that runs to 12 ends at noon (probe 46, found by helper 231)
            piece.end_times = {(12, end_minute)}
    if len(piece.times) == 1 and len(piece.end_times) == 1 and _NIGHT_TWELVE.search(piece.text):
        ((hour, minute),), ((end_hour, end_minute),) = piece.times, piece.end_times
        if end_hour in {0, 12} and hour < 12 and not _START_HALF.search(piece.text):
            # "el jueves de 10 a 12 de la noche": 22:00 to midnight (the parser read 10:00 to
            # noon, stored silently); "de 10 de la noche a 12 de la noche" ended at noon the
            # next day (14 hours: the scheduler put 30 minutes)
            piece.times = {(hour + 12, minute)}
        if end_hour == 12:
            piece.end_times = {(0, end_minute)}
    if len(piece.times) == 1 and len(piece.end_times) == 1 and not _START_HALF.search(piece.text):
        (hour, minute), (end_hour, end_minute) = *piece.times, *piece.end_times
        if hour < 12 <= end_hour and (hour + 12) * 60 + minute < end_hour * 60 + end_minute:
            # "from 2 to 3:30pm on monday" (the parser read 2:00 am): the end's half is the
            # start's when that keeps the start before the end
            piece.times = {(hour + 12, minute)}
    return piece


def _start_by_end(
    starts: set[tuple[int, int]], ends: set[tuple[int, int]]
) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The one (start, end) a range allows when its end is sure: an end said with its half, or
    at 12 (noon by the rule book: "de 10 a 12 y media" ends at 12:30), and only one half of a
    bare 7–11 start before it on its day ("10" → 10:00, since 22:00 is after 12:30). None: open."""
    if len(ends) == 2:
        a, b = sorted(ends)
        if not (a[0] == 0 and b[0] == 12 and a[1] == b[1]):
            return None
        ends = {b}  # 12 → noon
    if len(ends) != 1:
        return None
    (end,) = ends
    before = [s for s in starts if s < end]
    if len(before) != 1 or not 7 <= before[0][0] <= 11:  # a bare 1–6 is the afternoon's
        return None
    return before[0], end


# a range's end at 12 said "of the morning" ("de 10 a 12 de la mañana", "from 9 to 12 in the
# morning")
_MORNING_TWELVE = re.compile(
    r"\b12(?::\d\d)?\s*(?:(?:hrs?|horas?)\s+)?(?:de\s+la\s+ma[nñ]ana|in\s+the\s+morning)\b", re.I
)
# a range's end at 12 said "of the night" ("de 10 a 12 de la noche", "from 10 to 12 at night")
_NIGHT_TWELVE = re.compile(
    r"\b12(?::\d\d)?\s*(?:(?:hrs?|horas?)\s+)?(?:de\s+la\s+noche|at\s+night|midnight)\b", re.I
)
# an hour with its own half ("from 9am to 3pm", "de 8 de la mañana a 5 de la tarde")
_START_HALF = re.compile(
    r"\d(?::\d\d)?\s*(?:a\.?\s?m|de\s+la\s+(?:mañana|madrugada))(?!\w).*?\d", re.I
)
_PART_ALONE = re.compile(
    r"(?:(?:en|por|de|a)\s+)?la\s+(?:noche|tarde|mañana)|(?:(?:a\s+)?las\s+)?12\s+del\s+mediod[ií]a",
    re.I,
)
_PART_WORD = re.compile(
    r"(?<!\w)(morning|afternoon|evening|tonight|night|noon|midday|mañana|tarde|noche|mediodía)"
    r"(?!\w)",
    re.I,
)
_PART_HOURS = {
    "morning": 9, "mañana": 9, "afternoon": 15, "tarde": 15, "evening": 18, "tonight": 20,
    "night": 20, "noche": 20, "noon": 12, "midday": 12, "mediodía": 12,
}  # fmt: skip


def _part_hour(text: str, code_hour: int) -> int:
    """The hour a part of the day is read as, by the word said (the parser's "tarde" is 16–20)."""
    said = None
    for m in _PART_WORD.finditer(text):
        word = m.group(1).lower()
        if word == "mañana" and not re.search(r"(?:la|esta)\s+$", text[: m.start()], re.I):
            continue  # "mañana" alone is tomorrow
        said = word
    return _PART_HOURS.get(said or "", code_hour)


def _refine_clock(piece: _Piece) -> None:
    """The rule book's hours: a bare 1–6 is afternoon, 12 is noon, 7–11 asks; midnight asks; a
    part of the day said in the phrase settles the half ("at 5 tomorrow morning"). A bare hour
    keeps both its readings (``halves``) for the words around it (see ``_cued_hours``)."""
    if (
        words.MIDNIGHT.search(piece.text)
        or words.TWELVE_AT_NIGHT.search(piece.text)
        or words.TWELVE_AM.search(piece.text)
    ):
        piece.ask = "ambiguous_hour"
        return
    if len(piece.times) == 2:
        a, b = sorted(piece.times)
        if b[0] - a[0] == 12 and a[1] == b[1]:
            hour = a[0] or 12  # the hour as said, 1–12
            if (part := _part_hour(piece.text, -1)) >= 0 and hour != 12:
                piece.times = {b if part >= 12 else a}  # "at 9 tomorrow morning"
                return
            piece.halves = (a, b)
            if 1 <= hour <= 6:
                piece.times = {b}
            elif hour == 12:
                piece.times = {(12, a[1])}
            else:
                piece.ask = "ambiguous_hour"


def _same_day(a: _Day, b: _Day) -> bool:
    return a == b


# -- the whole message ------------------------------------------------------------------------


def _recognize(text: str, lang: str, reference: datetime) -> list[_Piece]:
    """The pieces of ``text`` that say when, each resolved to what the parser read."""
    with _extractions_remembered():
        masked, pieces = _own_pieces(text, lang, reference.date())
        pieces += _parse(masked, 0, len(masked), lang, reference)
        if lang == "es":
            pieces = _spanish_durations(text, pieces)
        pieces = _untangle(sorted(pieces, key=lambda p: p.start), masked, lang, reference)
        pieces = _topics_apart(pieces, masked, lang, reference)
        pieces = _weekday_before_date(pieces, text)
        pieces = [p for p in pieces if not _lookalike(p, text, lang)]
        _meals(pieces, text)
        pieces = _small_hours_tonight(pieces, text)
        _twelve_at_night(pieces, text, lang)
        _cued_hours(pieces, text)
        _alternatives(pieces, text)
        return pieces


def _small_hours_tonight(pieces: list[_Piece], text: str) -> list[_Piece]:
    """A morning hour said with the coming night ("at 1am tonight", "a las 2 de la madrugada
    esta noche", "at 1am … tonight"): 1–4 is that night's small hours (a night hour, its day
    settled by ``_night``: tomorrow's date when said in the evening), and "tonight" alone beside
    it is no second time; a later morning hour ("tonight at 7am") is asked."""
    tonight = words.TONIGHT.search(text)
    if tonight is None:
        return pieces
    out: list[_Piece] = []
    settled = False
    for p in pieces:
        said = words.MORNING_HOUR.search(p.text)
        if said is None or not p.times or p.ask not in (None, "ambiguous_hour"):
            out.append(p)
            continue
        hour_said = said["h"].lower()
        hour = int(hour_said) if hour_said.isdigit() else words.MORNING_HOUR_WORDS[hour_said]
        minute = int(said["m"] or 0)
        if not 1 <= hour <= 11 or any(
            (h % 12, m) != (hour % 12, minute) for h, m in p.times
        ):  # another hour than the one said in the morning
            out.append(p)
            continue
        if hour <= 4:
            p.times, p.night, p.part = {(hour, minute)}, True, None
            p.ask, p.halves = None, None
        else:
            p.ask = "vague"
        settled = True
        out.append(p)
    if not settled:
        return pieces
    # "tonight" read apart ("at 1am to check the monitor tonight"): said by the hour already
    return [
        p
        for p in out
        if not (
            words.TONIGHT.fullmatch(p.text.strip())
            and not p.times
            and not p.end_times
            and p.offset is None
        )
    ]


_NIGHT_SAID = re.compile(
    r"(?<!\w)(?<!last\s)(?<!good\s)(?:tonight|tonite|night|noche|madrugada)(?!\w)", re.I
)
_IN_THE_MORNING = re.compile(r"(?<!\w)in\s+the\s+morning(?!\w)", re.I)
_TWELVE_BY_DAY = re.compile(
    r"(?<!\w)(?:[ap]\.?\s?m|noon|midday|lunch|mediod[ií]a|del\s+d[ií]a|de\s+la\s+tarde)(?!\w)", re.I
)


def _twelve_at_night(pieces: list[_Piece], text: str, lang: str) -> None:
    """12 or 12:xx said with the night ("tonight at 12:30", "esta noche a las 12 y media", "a
    las 12 y media de la noche", "friday night at 12:15", "12:30 in the morning"): never noon.
    12:xx is the small hours of that night (00:xx, its day settled by ``_night``: asked unless
    sure); 12 itself is midnight, asked as "12 de la noche" is (the start of the day or its end).
    Said apart from the hour ("at 12:30 to take the bins out tonight"), both are offered."""
    clocked = [p for p in pieces if p.times]
    for p in clocked:
        if len(p.times) != 1 or p.ask not in (None, "ambiguous_hour") or p.night:
            continue
        hour, minute = next(iter(p.times))
        if hour != 12 or _TWELVE_BY_DAY.search(p.text):
            continue
        night = _NIGHT_SAID.search(p.text) or (lang == "en" and _IN_THE_MORNING.search(p.text))
        if not night:
            if len(clocked) == 1 and _NIGHT_SAID.search(text) and not _TWELVE_BY_DAY.search(text):
                # "at 12:30 … tonight": the night said apart from the hour may be another
                # thing's ("lunch at 12:30 and call mom tonight"): noon or the small hours, asked
                p.ask, p.halves = "vague", None
            continue
        if minute == 0:
            p.ask, p.halves = "ambiguous_hour", None  # midnight: asked (see ``_midnight``)
        else:
            p.times, p.night, p.part, p.ask, p.halves = {(0, minute)}, True, None, None, None


def _meals(pieces: list[_Piece], text: str) -> None:
    """ "tonight, after dinner, at 8": a meal beside a clock time says no moment of its own (the
    parser reads "after dinner" as open); the part of the day settles the bare hour."""
    if not any(p.times for p in pieces):
        return
    for p in pieces:
        if p.ask == "vague" and not p.times and words.MEAL.search(text, p.start, p.end + 1):
            p.ask, p.hint = None, True


# what may stand between a weekday and the date it names: "lunes 14/12", "Monday, 12/14"
_WEEKDAY_TO_DATE = re.compile(r"[\s,]*(?:(?:el|the|d[ií]a)\s+)?", re.I)


def _weekday_before_date(pieces: list[_Piece], text: str) -> list[_Piece]:
    """A bare weekday read apart from the date right after it ("el lunes 14/12 a las 9") is that
    date's weekday, checked against it (``_resolve_day``), not a second day."""
    out: list[_Piece] = []
    for piece in pieces:
        previous = out[-1] if out else None
        if (
            previous is not None
            and len(previous.days) == 1
            and _bare_weekday(previous.days[0])
            and not previous.times
            and previous.part is None
            and len(piece.days) == 1
            and piece.days[0].kind in ("dom", "monthday", "date")
            and piece.days[0].named is None
            and (piece.days[0].kind != "date" or words.NUMERIC_DATE.search(piece.text))
            and _WEEKDAY_TO_DATE.fullmatch(text[previous.end : piece.start])
        ):
            out.pop()
            piece.days = [replace(piece.days[0], named=previous.days[0].weekday)]
            piece.start = previous.start
            piece.text = text[piece.start : piece.end]
        out.append(piece)
    return out


def _foreign_phrases(text: str, lang: str) -> list[re.Match[str]]:
    """The other language's time phrases in a code-switched message ("book una reunión with
    Jessica el lunes at 10am", "recuérdame call mom tomorrow at 5pm", "meeting tomorrow at 5pm
    por media hora"), which the message's own parser would skip or misread; a capitalised
    Spanish weekday or "Hoy" inside English is a name ("a meeting with Domingo at 3pm")."""
    found = []
    for m in words.FOREIGN_TIME[lang].finditer(text):
        first = m.group(0).split()[0]
        if (
            lang == "en"
            and first[:1].isupper()
            and first.lower() in words.FOREIGN_NAMEABLE
            and text[: m.start()].strip(" ,")
        ):
            continue
        found.append(m)
    return found


def _masked(text: str, phrases: list[re.Match[str]]) -> str:
    """``text`` with ``phrases`` blanked out (same length): the own parser reads the rest."""
    chars = list(text)
    for m in phrases:
        chars[m.start() : m.end()] = " " * (m.end() - m.start())
    return "".join(chars)


def _other_language(
    text: str,
    lang: str,
    reference: datetime,
    pieces: list[_Piece],
    phrases: list[re.Match[str]],
    zone: str | None = None,
) -> list[_Piece]:
    """``pieces`` (the own parser's, with ``phrases`` masked) and each of the other language's
    ``phrases``, written out (the holidays of ``zone``'s country too) and read by that language's
    whole reader (an English qualifier the Spanish parser does not read, "next viernes", is read
    by ``_weekday`` there)."""
    other = "en" if lang == "es" else "es"
    # what the own parser made of the blanks and their edges is not a reading
    out = [
        p
        for p in pieces
        if p.text.strip() and not any(p.start < m.end() and p.end > m.start() for m in phrases)
    ]
    for m in phrases:
        span = m.group(0).lower()  # names were left out already ("Domingo", "Hoy")
        written = words.normalize(span, other, reference.date(), zone)
        try:
            found = [p for p in _recognize(written, other, reference) if not p.ignore]
        except Exception:  # the other parser must not take the message's own reading down
            continue
        for piece in found:
            piece.foreign = True
            if written == span:
                piece.start += m.start()
                piece.end += m.start()
            else:  # written out ("manana", a holiday's date): the whole phrase is the time
                piece.start, piece.end = m.start(), m.end()
                piece.whole = True
            piece.text = text[piece.start : piece.end]
        out += found
    if phrases:
        _cued_hours(out, text)  # "recuérdame at 5 salir temprano": the whole message cues
    return sorted(out, key=lambda p: p.start)


def _alternatives(pieces: list[_Piece], text: str) -> None:
    """A second hour offered right after a time with one "or" ("tomorrow at 3 or 4", "a las 5
    o 6"): the parser reads the first alone. The phrase takes the second in, and asks which."""
    for p in pieces:
        if p.hint or p.ask not in (None, "ambiguous_hour") or not p.times:
            continue
        if not words.ENDS_WITH_HOUR.search(p.text):
            continue
        m = words.OR_HOUR.match(text, p.end)
        if m is None or any(q is not p and p.end <= q.start < m.end() for q in pieces):
            continue  # none, or read as a time of its own (the pieces disagree already)
        p.end = m.end()
        p.text = text[p.start : p.end]
        p.ask = "correction"
        p.offers_hour = True
        p.second = _second_hour(p, m)


def _second_hour(piece: _Piece, m: re.Match[str]) -> tuple[int, int] | None:
    """The hour offered after "or" as the rule book reads it, in the half of the day of the first
    when that one was a bare hour ("a las 5 o 6": 17:00 or 18:00; "wake me up at 5 or 6": 5:00 or
    6:00); None when it stays open ("at 9 or 10")."""
    if m["word"]:
        hour, minute = words.HOUR_WORD_VALUES[m["word"].lower()], 0
    else:
        hour, minute = int(m["h"]), int(m["m"] or 0)
    if hour > 23 or minute > 59:
        return None
    if m["half"]:
        if not 1 <= hour <= 12:
            return None
        return (hour % 12 + (12 if m["half"].lower() == "p" else 0), minute)
    if hour == 0 or hour > 12:
        return (hour, minute)
    if piece.halves is not None and len(piece.times) == 1:
        evening = next(iter(piece.times))[0] >= 12
        return (hour % 12 + (12 if evening else 0), minute)
    if 1 <= hour <= 6:
        return (hour + 12, minute)
    return (12, minute) if hour == 12 else None


# The clock that wakes one up, named ("pon el despertador a las siete menos cuarto", "set my
# alarm clock for 6:45"): a waking hour, read as "despiértame" is (probe 44, P44-M4), where
# "la alarma", "an alarm" may be any hour of the day (asked)
_WAKE_CLOCK = re.compile(r"(?<!\w)(?:despertador|alarm\s+clock)(?!\w)", re.I)


def _cued_hours(pieces: list[_Piece], text: str) -> None:
    """A bare hour beside words that say which half of the day it is in, or that the rule book's
    afternoon does not suit: waking up ("wake me up at 6", "despiértame a las 5"), an alarm with
    "early" or "temprano", "mañana temprano" → the morning; an alarm otherwise, or "early" not
    about a day ("salir temprano a las 5") → ask. A part of the day said apart settles it."""
    bare = [p for p in pieces if p.halves is not None and p.ask in (None, "ambiguous_hour")]
    if not bare:
        return
    set_alarm = words.ALARM.search(text)
    alarm = set_alarm is not None
    early = words.EARLY.search(text) is not None
    # the waking clock set ("pon el despertador", "set my alarm clock"), never one bought
    wake_clock = set_alarm and _WAKE_CLOCK.search(text, set_alarm.start(), set_alarm.end() + 6)
    wake = words.WAKE_UP.search(text) or wake_clock
    if wake or words.EARLY_DAY.search(text) or (alarm and early):
        morning = True
    elif alarm or early:
        morning = False
    else:
        return
    part_said = any(p.part is not None and not p.times for p in pieces)
    for p in bare:
        assert p.halves is not None
        first, second = p.halves
        if morning and not part_said and first[0] != 0:  # 12 stays open: noon or midnight
            p.times, p.ask = {first}, None
        else:
            p.times, p.ask = {first, second}, "ambiguous_hour"


# A phrase the parser read to a range's first word with nothing after it ("mañana en la tarde
# de", "tuesday evening from")
_RANGE_LEAD_END = re.compile(r"\s+(?:de|del|desde|hasta|from|to|till|until)\s*$", re.I)
# a number word that ends a phrase the parser could not read, after a word that is not "la"/"las"
# ("lunes tengo una", "viernes hay dos"): a count, not an hour
_NUMBER_END = re.compile(
    rf"(?<!\w)(?<!\wla\s)(?<!\wlas\s)(?<!^la\s)(?<!^las\s)(?:{words.ES_NUMBER_WORD.pattern})\s*$",
    re.I,
)


def _parse(text: str, start: int, end: int, lang: str, reference: datetime) -> list[_Piece]:
    """The parser's pieces in ``text[start:end]``, placed in ``text``. The parser counts its
    positions in a text without its leading spaces (a masked opening word, "al toque ponme …",
    shifted every position: "a las 6 de la mañana" lost its "de la mañana"), so the part is
    given from its first word."""
    part = text[start:end]
    lead = len(part) - len(part.lstrip())
    part, start = part[lead:], start + lead  # the parser counts from the first word (see below)
    pieces = []
    results = sorted(_model(lang).parse(part, reference), key=lambda r: r.start)
    for result in results:
        piece = _piece(result, part, reference, lang)
        piece.start += start
        piece.end += start
        piece.text = text[piece.start : piece.end]
        if piece.start > 0 and text[piece.start - 1].isalpha() and piece.text[:1].isalpha():
            # the parser's "de"/"desde" read at the end of a word ("agende una reunión … a las
            # 11": "from 1 to 11"; "puede", "verde"): what follows the word is read again
            word_end = len(re.split(r"\W", piece.text, maxsplit=1)[0])
            pieces += _parse(text, piece.start + word_end, piece.end, lang, reference)
            continue
        if not (result.resolution or {}).get("values") and (
            dangling := _RANGE_LEAD_END.search(piece.text)
        ):
            # "mañana en la tarde de llamar a mi abuela": the parser began a range at "de" and
            # lost the whole phrase; read without that last word
            pieces += _parse(text, piece.start, piece.start + dangling.start(), lang, reference)
            continue
        if (
            lang == "es"
            and not (result.resolution or {}).get("values")
            and (number := _NUMBER_END.search(piece.text))
        ):
            # "el lunes tengo una reunión a las 10": the parser read "lunes tengo una" as Monday
            # at one and lost it (a question for a day and a time both said); "una" is a
            # number, not "la una": read without it
            pieces += _parse(text, piece.start, piece.start + number.start(), lang, reference)
            continue
        _weekday(piece, text)  # its qualifier may follow the part read ("de la otra semana")
        plural = words.PLURAL_WEEKDAY.search(piece.text)
        if plural:
            word = plural.group(0)
            before = text[: piece.start + plural.start()].split()
            if word[:1].isupper() and before and before[-1][:1].isupper():
                piece.ignore = True  # "TGI Fridays": a name
            else:
                piece.ask = "vague"  # "on Fridays at 5pm": every Friday, not one
        head = piece.text.split(" ", 1)[0]
        if (
            lang == "es"
            and " " in piece.text
            and words.ES_NUMBER_WORD.fullmatch(head)
            and not re.search(r"(?<!\w)(la|las)\s*$", text[: piece.start], re.I)
        ):
            # "una cita con Lucía el jueves a las 4", "una reunión mañana a mediodía": "una" is
            # not one o'clock (read before anything else: the parser builds a range from it).
            # What follows it is read again to the end of the part: the parser's later pieces
            # overlap the one it misread ("una alarma el 31 de octubre de 2027 a las 2:30": "31
            # de octubre de 2027 a las 2", "de 2027 a las 2:30 de la madrugada")
            pieces += _parse(text, piece.start + len(head) + 1, start + len(part), lang, reference)
            break
        if "," in piece.text and not (result.resolution or {}).get("values"):
            # "12 del mediodía, solo está hoy": the parser ran past the comma and lost it
            cut = piece.start + piece.text.index(",")
            pieces += _parse(text, piece.start, cut, lang, reference)
            pieces += _parse(text, cut + 1, piece.end, lang, reference)
            continue
        if _malformed(result) and " " in piece.text:
            # a range the parser could not build ("mañana de 3 a 5 de la tarde", "3 July at
            # 3-4pm"): read the day and the times apart
            split = words.TIME_START.search(piece.text)
            cut = piece.start + (split.start() if split else len(head))
            pieces += _parse(text, piece.start, cut, lang, reference)
            pieces += _parse(text, cut + 1, piece.end, lang, reference)
            continue
        alternative = words.ALTERNATIVE.search(piece.text)
        if (
            piece.ask == "correction"
            and alternative is not None
            and alternative.start() > 0
            and words.OR_HOUR.fullmatch(piece.text[alternative.start() :].rstrip())
        ):
            # "mañana a las cinco o seis" read as one: its first hour, then the other offered
            # (see ``_alternatives``)
            pieces += _parse(text, piece.start, piece.start + alternative.start(), lang, reference)
            continue
        inside = _number_inside(piece.text)
        if inside is not None:
            # the parser joined a day to an hour across the text's words, reading a number among
            # them as the hour ("esta noche compra dos panes a las 8" → 14:00): read each apart
            pieces += _parse(text, piece.start, piece.start + inside[0], lang, reference)
            pieces += _parse(text, piece.start + inside[1], piece.end, lang, reference)
            continue
        second = _second_clock(piece.text)
        if second is not None and not piece.end_times:
            # "mañana a las 8 el sábado a las 9" read as one time (the second left out): each
            # time apart, so that the two are asked about
            cut = piece.start + second
            pieces += _parse(text, piece.start, cut, lang, reference)
            pieces += _parse(text, cut, piece.end, lang, reference)
            continue
        morning = _MORNING_THEN.search(piece.text) if lang == "es" else None
        if morning is not None:
            # "a las 8 de la mañana el lunes" read as today at 8: the time, then the day, apart
            cut = piece.start + morning.end()
            pieces += _parse(text, piece.start, cut, lang, reference)
            pieces += _parse(text, cut, piece.end, lang, reference)
            continue
        inner = words.EMBEDDED_RANGE.search(piece.text)
        if inner and inner.start() > 0 and not piece.end_times and not piece.offset:
            # "el viernes de 3 a 4:30 de la tarde" read as one time: day and range apart
            cut = piece.start + inner.start()
            pieces += _parse(text, piece.start, cut, lang, reference)
            pieces += _parse(text, cut, piece.end, lang, reference)
            continue
        pieces.append(piece)
    return pieces


_CLOCK_SAID = re.compile(r"(?<!\w)(?:a\s+las?|at)\s+\d", re.I)
_DAY_SAID = re.compile(
    rf"(?<!\w)(?:(?:el|este|on|this|next)\s+)?(?:{words.WEEKDAY_PATTERN})(?!\w)", re.I
)


def _second_clock(phrase: str) -> int | None:
    """Where a second time said in one phrase starts ("mañana a las 8 el sábado a las 9": at
    "el sábado"), or None when the phrase says one."""
    clocks = list(_CLOCK_SAID.finditer(phrase))
    if len(clocks) < 2:
        return None
    day = _DAY_SAID.search(phrase, clocks[0].end(), clocks[1].start())
    return day.start() if day is not None else clocks[1].start()


# A Spanish hour "de la mañana" followed by a day ("8 de la mañana el lunes", "… mañana"): the
# parser reads it all as today.
_MORNING_THEN = re.compile(
    r"\d\s*(?:de|en|por)\s+la\s+mañana(?=\s+(?:el|del|este|pr[oó]ximo|mañana|pasado|hoy|"
    r"lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo)(?!\w))",
    re.I,
)


def _own_pieces(text: str, lang: str, today: date) -> tuple[str, list[_Piece]]:
    """Repeats, days of the month (alone or after a weekday), counts of days or weeks and
    offsets in hours and minutes read here, and words the parser misreads masked out (same
    length)."""
    pieces: list[_Piece] = []
    chars = list(text)

    def mask(start: int, end: int) -> None:
        chars[start:end] = " " * (end - start)

    def free(m: re.Match[str]) -> bool:
        return all(m.end() <= p.start or m.start() >= p.end for p in pieces)

    def own(m: re.Match[str], piece: _Piece) -> None:
        piece.whole = True
        pieces.append(piece)
        mask(m.start(), m.end())

    # in either language: a code-switched message says them in the other one ("remind me to
    # water the plants todos los días", "recuérdame el lunes 14 at 9am")
    both = (lang, "es" if lang == "en" else "en")
    for m in (m for said in both for m in words.REPEATING[said].finditer(text)):
        if free(m):  # "todos los lunes", "every day"
            own(m, _Piece(m.start(), m.end(), m.group(0), ask="repeating"))
    for m in words.repeat_ends(text):  # "a las 10 de la noche hasta el miércoles"
        if free(m):
            own(m, _Piece(m.start(), m.end(), m.group(0), ask="repeating"))
    for m in words.NTH_WEEKDAY[lang].finditer(text):  # "el último viernes del mes"
        nth = words.nth_weekday(m, today)
        if free(m):
            piece = _Piece(m.start(), m.end(), m.group(0), days=[_Day("date", value=nth)])
            if nth is None:  # "the fifth Monday of February": no such day
                piece.days, piece.ask = [], "vague"
            own(m, piece)
    for m in words.LAST_DAY[lang].finditer(text):  # "a fin de mes", "the last day of May"
        if free(m) and not m["upto"]:
            own(
                m,
                _Piece(
                    m.start(),
                    m.end(),
                    m.group(0),
                    days=[_Day("date", value=words.last_day(m, today))],
                ),
            )
    for said in both:
        for m in words.WEEKDAY_DAY[said].finditer(text):  # "el lunes 14", "Monday the 14th"
            day = _weekday_day(m, said)
            if day is not None and free(m):
                own(m, _Piece(m.start(), m.end(), m.group(0), days=[day]))
    if lang == "es":
        for m in words.OTHER_WEEKDAY.finditer(text):  # "el otro martes": this week's or next?
            weekday = words.weekday_in(m["wd"])
            if weekday is not None and free(m):
                first = today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
                dates = (first, first + timedelta(days=7))
                own(m, _Piece(m.start(), m.end(), m.group(0), days=[_Day("days", dates=dates)]))
    for m in words.WORK_DAYS.finditer(text):  # "in 10 working days", "en 15 días hábiles"
        if not (m["lead"] or m["from"] or m["within"]) or not free(m):
            continue  # "I need 10 working days": a count, not a day
        work_day = words.work_day_count(m, today)
        if work_day is None:  # "within 10 business days": a span, asked
            own(m, _Piece(m.start(), m.end(), m.group(0), ask="vague"))
        else:
            own(m, _Piece(m.start(), m.end(), m.group(0), days=[_Day("date", value=work_day)]))
    for m in words.DAY_OFFSET[lang].finditer(text):  # "in two weeks", "a week from Monday"
        day = _day_offset(m, today)
        if day is not None and free(m):
            own(m, _Piece(m.start(), m.end(), m.group(0), days=[day]))
    for m in words.CLOCK_OFFSET.finditer(text):  # "en 1h30"
        hours, minutes = int(m["h"] or m["h2"]), int(m["m"] or m["m2"])
        if free(m) and (hours or minutes):
            offset = timedelta(hours=hours, minutes=minutes)
            own(m, _Piece(m.start(), m.end(), m.group(0), offset=offset))
    for m in words.DAY_OF_MONTH[lang].finditer(text):
        if not free(m):
            continue
        before = text[: m.start()].rstrip().rsplit(" ", 1)[-1]
        if words.MONTH_NAMES.fullmatch(before):
            continue  # "March the 3rd": the parser reads it
        number = 1 if m.group(1).lower() == "primero" else int(m.group(1))
        if 1 <= number <= 31:
            piece = _Piece(m.start(), m.end(), m.group(0), days=[_Day("dom", dom=number)])
            piece.whole = True
            other = words.OR_DAY.match(text, m.end())
            if other is not None:  # "el 15 o 16", "on the 15th or 16th": two days offered
                piece.end = other.end()
                piece.text = text[piece.start : piece.end]
                piece.ask = "correction"
            pieces.append(piece)
            mask(piece.start, piece.end)
    for m in words.LONG_NUMBER.finditer(text):
        mask(m.start(), m.end())
    for m in words.NUMBERED.finditer(text):
        mask(m.start(), m.end())  # "el capítulo 3.15", "room 4": a thing's number
    for m in words.STREET_NUMBER.finditer(text):
        mask(m.start(), m.end())  # "he's at 22 Keele St": an address, not 10 pm
    for m in words.ORDINAL_THING.finditer(text):
        mask(m.start(), m.end())  # "late for the 2nd half", "el 2do piso": a rank, not a day
    for m in words.HYPHENED_NAME.finditer(text):
        mask(m.start(), m.end())  # "el 7-Eleven", "una impresora 3-D": names, not days
    for m in words.ONE_ON_ONE.finditer(text):
        mask(m.start(), m.end())  # "a 1:1 with Dana": a meeting's name, not 1:01
    for m in words.VAGUE_MOMENT[lang].finditer(text):
        pieces.append(_Piece(m.start(), m.end(), m.group(0), hint=True))
        mask(m.start(), m.end())
    for m in words.UNKNOWN_DAY[lang].finditer(text):
        # "el día de la independencia", "on the day of the exam": not today (the parser's)
        if lang == "es" and free(m):
            mask(m.start(), m.end() - 1)
        elif re.fullmatch(r"on\s+(?:the|that)\s+(?:same\s+)?day", m.group(0), re.I):
            mask(m.start(), m.end())
    for m in words.COUNTRY_DAY.finditer(text):
        mask(m.start(), m.end())  # "el día de la madre" where its date is not known: asked
    for m in words.PART_AROUND_EVENT[lang].finditer(text):
        mask(m.start(), m.end())  # "la noche antes de la cita": not tonight, asked
    for m in words.FEAST_DAYS[lang].finditer(text):  # "en carnaval", "en semana santa"
        if free(m):
            own(
                m,
                _Piece(
                    m.start(),
                    m.end(),
                    m.group(0),
                    days=[_Day("days", dates=words.feast_days(m, today))],
                ),
            )
    for m in words.EVENT_WEEKDAY[lang].finditer(text):  # "Super Bowl Sunday": the event's day
        group = "weekday" if m["weekday"] else "before"
        mask(m.start(group), m.end(group))
    if lang == "es":
        for m in _ES_MIDNIGHT.finditer(text):  # "hoy a medianoche": the parser reads none
            if free(m):
                own(m, _Piece(m.start(), m.end(), m.group(0), times={(0, 0)}, ask="ambiguous_hour"))
        for m in words.ES_CLOCK_HOURS.finditer(text):
            if (clock := _clock_hours(m)) is not None:
                pieces.append(clock)
                mask(m.start(), m.end())
        for m in words.ES_MASK.finditer(text):
            mask(m.start(), m.end())
        for m in words.ES_NAMED_WEEKDAY.finditer(text):
            before = text[: m.start()].rstrip()
            if before and before[-1] not in ".!?¿¡:":
                mask(m.start(), m.end())  # "Panadería El Sábado": a weekday written as a name
        for m in words.ES_MIL.finditer(text):
            chars[m.start() + 1] = "x"
        for m in words.ES_NAMED_DATE.finditer(text):
            mask(m.start(), m.end())
    return "".join(chars), pieces


_ES_MIDNIGHT = re.compile(
    r"(?<!\w)(?:(?:a|en|por|hacia|para)\s+)?(?:la\s+)?(?:(?:las\s+)?12\s+de\s+la\s+)?medianoche(?!\w)",
    re.I,
)


def _weekday_day(m: re.Match[str], lang: str) -> _Day | None:
    """The day of the month a weekday is said with ("el lunes 14"), checked against it; None
    when the number may be an hour ("Monday 9") or the weekday a name ("Panadería El Sábado 5")."""
    number = int(m["n"])
    said = m["wd"]
    weekday = words.weekday_in(said)
    if weekday is None:
        weekday = words.SHORT_WEEKDAYS.get(said.lower())
    if weekday is None or not 1 <= number <= 31:
        return None
    if lang == "en" and not (m["the"] or m["th"]) and number <= 12:
        return None  # "Monday 9": the hour, as likely as the day
    before = m.string[: m.start("wd")].split()
    if said[:1].isupper() and before and before[-1][:1].isupper() and before[-1][-1:] not in ".!?:":
        return None  # "Panadería El Sábado 5", "Colegio Domingo 12": a name
    return _Day("dom", dom=number, named=weekday)


def _day_offset(m: re.Match[str], today: date) -> _Day | None:
    """The day a count of days, weeks or months names ("in two weeks", "a week from Monday")."""
    groups = m.groupdict()
    said = (m["n"] or groups.get("n2") or "").lower()
    if not said:  # "week from Monday" ("a" read as the reminder's connector): one
        before = m.string[: m.start()].split()[-1:]
        if before and before[0].lower() in ("the", "this", "that", "next", "last", "per"):
            return None  # "the week from Monday": a span
        if (m["u3"] or "").lower() == "day" and (m["from"] or "").lower() == "tomorrow":
            return None  # "day after tomorrow evening": the parser reads it, with its part of day
        said = "1"
    amount = int(said) if said.isdigit() else words.AMOUNTS.get(said)
    unit = (m["u"] or m["u2"] or groups.get("u3") or "").lower()
    if amount is None:
        return None
    origin = (m["from"] or "").lower()
    start = today + timedelta(days=1) if origin in ("tomorrow", "mañana") else today
    if unit.startswith(("month", "mes")):  # "in 2 months", "en un mes": that day of the month
        if m["wd"] or not 0 < amount <= 120:
            return None  # "a month from Monday": not read
        years, month = divmod(start.month - 1 + amount, 12)
        try:
            return _Day("date", value=start.replace(year=start.year + years, month=month + 1))
        except ValueError:  # "in a month" said on 31 January: no such day, asked
            return None
    days = amount * (14 if unit.startswith("fortnight") else 7 if unit[:1] in "ws" else 1)
    if not 0 < days <= 3660:
        return None
    if m.re is words.DAY_OFFSET["es"] and m["n"] and unit.startswith("d") and days in (8, 15):
        # "en 15 días", "dentro de ocho días": Spanish counts a week as eight days and two as
        # fifteen ("de hoy en ocho"), as the agenda reads them, but many mean the count said:
        # both days are offered, the week's first
        return _Day("days", dates=(start + timedelta(days=days - 1), start + timedelta(days=days)))
    if m["wd"]:
        weekday = words.weekday_in(m["wd"])
        if weekday is None:
            return None
        modifier = "next" if m["mod"] else ""
        return _Day("weekday", weekday=weekday, modifier=modifier, shift=days)
    return _Day("date", value=start + timedelta(days=days))


def _clock_hours(m: re.Match[str]) -> _Piece | None:
    """An hour in 24-hour writing ("a las 20 hrs"): as written from 13 to 23, at 0, at 12 (noon)
    and zero-padded ("08 hrs"); a bare 1–11 ("a las 8 hrs") may still be either half: ask."""
    hour, minute = int(m["h"]), int(m["m"] or 0)
    if hour > 23 or minute > 59:
        return None
    piece = _Piece(m.start(), m.end(), m.group(0))
    if hour == 0 or hour >= 12 or m["h"].startswith("0"):
        piece.times = {(hour, minute)}
    else:
        piece.times = {(hour, minute), (hour + 12, minute)}
        piece.halves = ((hour, minute), (hour + 12, minute))
        piece.ask = "ambiguous_hour"
    return piece


def _read_around(
    previous: _Piece, piece: _Piece, text: str, lang: str, reference: datetime
) -> list[_Piece]:
    """``piece``, with what ``previous`` covered before and after it read again apart."""
    before = [
        p
        for p in _parse(text, previous.start, piece.start, lang, reference)
        if p.end <= piece.start
    ]
    after = []
    if previous.end > piece.end:
        after = [
            p
            for p in _parse(text, piece.end, previous.end, lang, reference)
            if p.start >= piece.end
        ]
    return [*before, piece, *after]


def _untangle(pieces: list[_Piece], text: str, lang: str, reference: datetime) -> list[_Piece]:
    """Overlapping pieces: an offset or a duration keeps its words, the other piece is read
    again without them ("mañana a las 3 por 45 minutos", "en 3 días a las 10")."""
    out: list[_Piece] = []
    for piece in pieces:
        previous = out[-1] if out else None
        if previous is None or piece.start >= previous.end:
            out.append(piece)
            continue
        timed = piece.offset is not None or piece.duration is not None
        if (piece.whole and not previous.whole) or (
            timed and previous.offset is None and previous.duration is None
        ):
            # the parser read across words read here (masked: "mañana [domingo 6] a las 9 am"),
            # or across an offset or a duration: what it read on either side is read again apart
            out.pop()
            out += _read_around(previous, piece, text, lang, reference)
        elif (
            piece.end > previous.end
            and not previous.whole  # read here: the parser's piece ran over its masked words
            and (_cut_short(text, previous.end) or (piece.end_times and not previous.end_times))
        ):
            # "lunes de 8:30 a 9" or "martes de 10:15" beside "de 8:30 a 9:30 de la mañana": the
            # first stops inside a range the second reads whole; the first is read again up to
            # the second
            out.pop()
            out += [
                p
                for p in _parse(text, previous.start, piece.start, lang, reference)
                if p.end <= piece.start
            ]
            out.append(piece)
        elif piece.end > previous.end:
            out += [
                p
                for p in _parse(text, previous.end, piece.end, lang, reference)
                if p.start >= previous.end
            ]
    return sorted(out, key=lambda p: p.start)


def _cut_short(text: str, end: int) -> bool:
    """Whether a piece ending at ``end`` stops inside a number or a clock time ("9" of "9:30")."""
    if not 0 < end < len(text) or not text[end - 1].isdigit():
        return False
    return text[end].isdigit() or (text[end] in ":." and text[end + 1 : end + 2].isdigit())


def _es_number_model() -> Any:
    with _models_lock:
        model = _models.get("es-number")
        if model is None:
            compiled_patterns.install()
            from recognizers_number import NumberRecognizer
            from recognizers_text import Culture

            _reuse_compiled_patterns()
            _hold_the_gil_while_matching()
            model = NumberRecognizer(Culture.Spanish).get_number_model(Culture.Spanish)
            _models["es-number"] = model
        return model


def _es_duration(match: re.Match[str]) -> timedelta | None:
    found = _es_number_model().parse(match["n"])
    if not found or found[0].text != match["n"].lower():
        return None
    amount = float(str(found[0].resolution.get("value", "0")).replace(",", "."))
    if match["half"]:  # "6 horas y media", "2 horas y cuarto"
        amount += 0.5 if "media" in match["half"].lower() else 0.25
    unit = match["u"].lower()
    seconds = next((v for k, v in words.ES_UNITS.items() if unit.startswith(k)), 0)
    return timedelta(seconds=amount * seconds) if amount > 0 and seconds else None


def _spanish_durations(text: str, pieces: list[_Piece]) -> list[_Piece]:
    """Durations in minutes, which the Spanish model reads as clock times ("90 minutos" → 9:00)."""
    for m in words.ES_DURATION.finditer(text):
        if not m["lead"] and re.search(r"(?<!\w)a\s+las?\s*$|\d[:.]$", text[: m.start()], re.I):
            continue  # "a las 20 horas", "a las 20:30 hrs": a clock time in 24-hour writing
        span = _es_duration(m)
        if span is None:
            continue
        start, end = m.start(), m.end()
        inside = [p for p in pieces if start <= p.start and p.end <= end]
        if any(p.offset is not None for p in inside):
            continue
        if any(p.offset is not None and p.start <= start and end <= p.end for p in pieces):
            continue  # within an offset read already ("en 1 hora 30 minutos")
        pieces = [p for p in pieces if p not in inside]
        piece = _Piece(start, end, text[start:end])
        lead = (m["lead"] or "").strip().lower()
        if lead in ("en", "dentro de"):
            piece.offset = span
        else:
            piece.duration = span
        pieces.append(piece)
    return sorted(pieces, key=lambda p: p.start)


def _malformed(result: Any) -> bool:
    for v in (result.resolution or {}).get("values") or []:
        m = _RANGE.match(_point(v.get("timex", "")))
        if m and (not (m[2].startswith("T") or re.match(r"^(\d{4}|XXXX)-", m[2])) or "-" in m[3]):
            return True
    return False


def _lookalike(piece: _Piece, text: str, lang: str) -> bool:
    """Words that only look like a time: a month alone ("march on", "May I"), "a second"."""
    if (
        piece.ask is None
        and piece.days
        and all(d.kind == "span" for d in piece.days)
        and not piece.times
        and piece.part is None
        and words.MONTH_NAMES.fullmatch(piece.text.strip())
    ):
        return True
    if piece.duration is not None and piece.duration < timedelta(minutes=1):
        return True
    if piece.text.strip().lower() in (
        "tarde",
        "noche",
        "night",
        "morning",
        "evening",
        "afternoon",
    ) and not re.search(r"(?<!\w)(la|esta|esa|this|at|in|by)\s*$", text[: piece.start], re.I):
        return True  # "llego tarde" (late), "the night desk": not a part of the day
    if (
        lang == "es"
        and piece.times
        and not piece.days
        and words.ES_NUMBER_WORD.fullmatch(piece.text.strip())
        and not re.search(r"(?<!\w)(la|las)\s*$", text[: piece.start], re.I)
    ):
        return True  # "una cita", "dos cosas": a number, not "la una"
    return piece.ignore


def _topics_apart(pieces: list[_Piece], text: str, lang: str, reference: datetime) -> list[_Piece]:
    """``pieces``, a piece read across a word that opens a subject ("6 de la tarde respecto al
    sábado") read again on either side of it, when what follows is a day alone (see _topics)."""
    out: list[_Piece] = []
    for piece in pieces:
        inside = words.TOPIC_INSIDE.search(piece.text)
        if inside is None or piece.offset is not None or piece.duration is not None:
            out.append(piece)
            continue
        cut, resume = piece.start + inside.start(), piece.start + inside.end()
        before = [p for p in _parse(text, piece.start, cut, lang, reference) if p.end <= cut]
        after = [p for p in _parse(text, resume, piece.end, lang, reference) if p.start >= resume]
        if not before or not after or not all(_day_alone(p) for p in after):
            out.append(piece)
            continue
        out += before + after
    return out


def _day_alone(piece: _Piece) -> bool:
    """A piece that names days and no time of day, offset or duration."""
    return (
        bool(piece.days)
        and not piece.times
        and piece.part is None
        and piece.offset is None
        and piece.duration is None
    )


def _topic(piece: _Piece, text: str) -> bool:
    """A day said as what the item is about ("… at 5 about the weekend"), not as its time."""
    return _day_alone(piece) and words.TOPIC_BEFORE.search(text[: piece.start]) is not None


def _topics(pieces: list[_Piece], text: str) -> list[_Piece]:
    """``pieces`` without the days that are a subject, when another piece says when: those words
    stay in the item's text (helper 199, finding 5: "… at five this afternoon about the weekend"
    stored "call my friend Rosa")."""
    topics = [p for p in pieces if _topic(p, text)]
    if not topics or len(topics) == len(pieces):
        return pieces
    return [p for p in pieces if p not in topics]


def _not_things(pieces: list[_Piece], text: str) -> list[_Piece]:
    """``pieces`` without a holiday's name that qualifies a thing ("post Christmas cards",
    "comprar regalos de Navidad": ``words.holiday_modifiers``): those words stay in the item's
    text and say no day (helper 233, P46-H6: "post Christmas cards" was stored as "post cards"
    due on 25 December)."""
    things = words.holiday_modifiers(text)
    if not things:
        return pieces
    return [p for p in pieces if not any(p.start < e and p.end > s for s, e in things)]


def _day_of_thing(reading: Reading, pieces: list[_Piece], ctx: _Context) -> Reading:
    """A sure time of day beside a holiday's name that qualifies a thing and no day said
    ("Christmas dinner at 7pm"): which day is asked, never today guessed (the holiday may be
    meant)."""
    if reading.at is None or any(p.days or p.offset is not None for p in pieces):
        return reading
    local = reading.at.astimezone(ctx.tz)
    shown = _clock_text(local, ctx.lang)
    question = words.QUESTIONS[ctx.lang]["no_day"].format(time=shown)
    return replace(reading, at=None, end=None, ask="no_day", question=question, options=())


@dataclass
class _Context:
    tz: ZoneInfo
    now: datetime  # aware UTC
    local_now: datetime  # naive local
    lang: str
    date_order: str | None
    text: str
    order_by_language: bool = False  # date_order is the language's (Spanish: DMY), not the user's
    shown: ZoneInfo | None = None  # the user's zone, when ``tz`` is a zone the message named
    zone_order: str | None = None  # how English dates are written where the user is, unstated


def read_time(
    text: str, tz: ZoneInfo, now: datetime, lang: str = "en", date_order: str | None = None
) -> Reading:
    """Read when ``text`` says, in ``tz`` at ``now`` (aware); see :class:`Reading`."""
    lang = "es" if lang.startswith("es") else "en"
    if lang == "en" and (edge := words.WORKDAY_EDGE.search(text)):
        offered = _workday_edge(text, edge, tz, now, date_order)
        if offered is not None:
            return offered
    reading = _read(text, tz, now, lang, date_order)
    if (work := words.WORK_DAYS.search(text)) is not None:
        reading = _days_off(work, reading, tz, now, lang)
    if lang == "en" and reading.at is not None and words.FORTNIGHT.search(reading.remainder):
        # "fortnight" beside a time it did not count ("every other fortnight on Friday"): never
        # dropped silently
        question = words.QUESTIONS[lang]["vague"]
        return replace(reading, at=None, end=None, ask="vague", question=question, options=())
    return reading


def _days_off(
    work: re.Match[str], reading: Reading, tz: ZoneInfo, now: datetime, lang: str
) -> Reading:
    """A count of working days ("in 10 working days at 9am") that crosses a weekday that may be
    a public holiday where the user is (``words.days_off``; the assistant does not know which
    are): asked, offering the day counted Monday to Friday and the day with those days off
    skipped too, at the clock said (the days alone when none is). Else ``reading`` as read."""
    today = now.astimezone(tz).date()
    counted = words.work_day_count(work, today)
    if counted is None or not (work["lead"] or work["from"]):
        return reading
    moved, off = words.work_day_after_days_off(counted, today, tz.key)
    if not off:
        return reading
    if reading.at is not None:
        at_day = reading.at.astimezone(tz)
        if at_day.date() != counted:
            return reading
        clock: tuple[int, int] | None = (at_day.hour, at_day.minute)
    elif reading.day == counted or any(o.astimezone(tz).date() == counted for o in reading.options):
        clock = None
    else:
        return reading
    hour, minute = clock or (9, 0)
    options = tuple(
        datetime.combine(d, time(hour, minute), tzinfo=tz).astimezone(UTC) for d in (counted, moved)
    )
    small = now.astimezone(tz).hour < SMALL_HOURS_END

    def shown(moment: datetime) -> str:
        if clock is None:
            return _day_text(moment.astimezone(tz).date(), today, lang, small)
        return local_text(moment, tz, now, lang)

    days = [_day_text(d, today, lang, small) for d in off]
    joiner = " y " if lang == "es" else " and "
    said_off = days[0] if len(days) == 1 else ", ".join(days[:-1]) + joiner + days[-1]
    question = words.QUESTIONS[lang]["days_off" if len(days) == 1 else "days_off_many"].format(
        a=shown(options[0]), b=shown(options[1]), off=said_off
    )
    return replace(
        reading, at=None, end=None, ask="ambiguous_date", question=question, found=True,
        day=None, options=options, dates_only=clock is None,
    )  # fmt: skip


# a time of day said beside a day ("first thing tomorrow at 8am", "EOD Friday, 3pm"): it wins
_HOUR_SAID = re.compile(
    rf"\d|(?<!\w)(?:noon|midday|midnight|morning|afternoon|evening|night|tonight|"
    rf"{words.CLOCK_WORD.pattern})(?!\w)",
    re.I,
)


def _workday_edge(
    text: str, edge: re.Match[str], tz: ZoneInfo, now: datetime, date_order: str | None
) -> Reading | None:
    """The start or the end of the working day said with a day ("first thing Monday", "by EOD
    Friday", "COB tomorrow"): that day at 9:00 (the reader's morning, as "Monday morning") or
    at 17:00, offered as a question a "yes" confirms (the hour is a custom of work, not said);
    None when no day is said beside it ("EOD" alone stays vague) or a time of day is."""
    rest = " ".join(f"{text[: edge.start()]} {text[edge.end() :]}".split())
    reading = _read(rest, tz, now, "en", date_order)
    if not reading.found or reading.at is not None or _HOUR_SAID.search(reading.phrase):
        return None
    if reading.ask == "no_time" and reading.day is not None:
        days = [reading.day]
    elif reading.ask in _DAY_QUESTIONS and reading.options and not reading.day:
        days = sorted({o.astimezone(tz).date() for o in reading.options})
    else:
        return None
    hour, minute = words.WORKDAY_HOURS["start" if edge["start"] else "end"]
    options = [
        moment
        for day in days
        if (moment := datetime.combine(day, time(hour, minute), tzinfo=tz).astimezone(UTC)) > now
    ]
    if not options or len(options) > 2:
        return None
    texts = words.QUESTIONS["en"]
    shown = [local_text(o, tz, now, "en") for o in options]
    phrase = " ".join(f"{edge[0]} {reading.phrase}".split())
    if len(options) == 2:
        question = texts["ambiguous_date"].format(a=shown[0], b=shown[1])
        return Reading(
            None, None, phrase, reading.remainder, "ambiguous_date", question, True,
            options=tuple(options),
        )  # fmt: skip
    day = options[0].astimezone(tz).date()
    question = texts["suggest"].format(a=shown[0])
    return Reading(
        None, None, phrase, reading.remainder, "no_time", question, True, day=day,
        options=tuple(options),
    )  # fmt: skip


def _read(text: str, tz: ZoneInfo, now: datetime, lang: str, date_order: str | None) -> Reading:
    """:func:`read_time` by the rule book (``lang`` is "en" or "es")."""
    by_language = lang == "es" and date_order is None
    if by_language:
        date_order = "DMY"
    local_now = now.astimezone(tz).replace(tzinfo=None)
    normalized = words.normalize(text, lang, local_now.date(), tz.key)
    reference = local_now.replace(microsecond=0)
    ctx = _Context(tz, now.astimezone(UTC), local_now, lang, date_order, normalized, by_language)
    if lang == "en" and date_order is None:
        ctx.zone_order = words.zone_date_order(tz.key)
    try:
        foreign = _foreign_phrases(normalized, lang)
        pieces = _recognize(_masked(normalized, foreign), lang, reference)
    except Exception:  # the parser must never take a message down
        pieces, foreign = [], []
    pieces = _other_language(normalized, lang, reference, pieces, foreign, tz.key)
    pieces = _topics(pieces, normalized)
    kept = _not_things(pieces, normalized)
    reading = _bare_before_dawn(_decide(kept, ctx), kept, ctx)
    reading = _bare_at_night(reading, kept, ctx, normalized)
    if len(kept) < len(pieces) or words.holiday_modifiers(normalized):
        reading = _day_of_thing(reading, kept, ctx)
    far = _far_date(normalized)
    if far is not None or _far_span(normalized, local_now.date()):  # never another day
        year, key = far or ("", "far_span")
        question = words.QUESTIONS[lang][key].format(year=year)
        remainder = _FAR_SPAN.sub(" ", reading.remainder)
        if year:  # the date's words, or the year the parser left ("renew passport by 9999-12-31")
            remainder = _without_date(remainder, year, lang)
        remainder = " ".join(remainder.split())
        return replace(
            reading, at=None, end=None, remainder=remainder, ask="far_year", question=question,
            found=True, day=None, options=(), dates_only=False,
        )  # fmt: skip
    if reading.missing:  # "renew passport by 29 February 2027": no "by" left in the text
        remainder = words.DANGLING[lang].sub("", reading.remainder.rstrip(" ?!.,"))
        reading = replace(reading, remainder=" ".join(remainder.split()))
    said = words.zone_said(normalized, lang, tz.key)
    if said is None or not reading.found:
        return _small_hours(reading, ctx)
    return _in_zone(text, said, reading, ctx, date_order)


def _in_zone(
    text: str,
    said: tuple[int, int, str, str | None],
    reading: Reading,
    ctx: _Context,
    date_order: str | None,
) -> Reading:
    """A time said in another zone ("3pm New York time", "9am EST", "hora de Lima"): the wall
    clock there, on the day said (counted in the user's calendar; when that zone's date differs
    from the user's and the two readings differ, asked); an unclear zone ("CST") asked. The zone's
    words are not the item's text; questions and replies show the user's own zone."""
    start, end, shown, key = said
    cut = " ".join(f"{ctx.text[:start]} {ctx.text[end:]}".split())
    if key is None:
        texts = words.QUESTIONS[ctx.lang]
        question = texts["zone"].format(zone=shown)
        if words.OFFSET_SAID.fullmatch(shown):  # "3pm UTC+15": no clock keeps it
            question = texts["zone_offset"].format(zone=shown)
        elif cities := words.zone_choices(shown, ctx.lang, ctx.tz.key):  # "hora de Chile"
            listed = ", ".join(cities[:4]) + ("…" if len(cities) > 4 else "")
            question = texts["zone_country"].format(zone=shown, cities=listed, city=cities[0])
        remainder = _remainder_without(reading.remainder, shown)
        return replace(
            reading, at=None, end=None, ask="zone", question=question, options=(), day=None,
            remainder=remainder,
        )  # fmt: skip
    zone = words.zone_info(key) if key else ctx.tz  # "3pm my time": the user's own
    user = ctx.tz

    def read_in(local_now: datetime) -> Reading:
        here = replace(ctx, tz=zone, shown=user, local_now=local_now, text=cut)
        reference = local_now.replace(microsecond=0)
        try:
            foreign = _foreign_phrases(cut, ctx.lang)
            pieces = _recognize(_masked(cut, foreign), ctx.lang, reference)
        except Exception:  # the parser must never take a message down
            pieces, foreign = [], []
        pieces = _other_language(cut, ctx.lang, reference, pieces, foreign, user.key)
        return _decide(pieces, here)

    first = read_in(ctx.local_now)
    if zone.key == user.key:  # "hora peruana" said in Lima: as if unsaid
        return _small_hours(first, replace(ctx, text=cut))
    there = ctx.now.astimezone(zone).replace(tzinfo=None)
    if there.date() != ctx.local_now.date() and first.at is not None:
        other = read_in(there)
        if other.at is not None and other.at != first.at:
            here = replace(ctx, tz=zone, shown=user)
            options = tuple(sorted((first.at, other.at)))
            question = _question("ambiguous_date", here, {"options": options})
            return replace(
                first, at=None, end=None, ask="ambiguous_date", question=question,
                options=options, day=None,
            )  # fmt: skip
    if first.at is not None:
        return replace(first, day=None)
    return first


def _remainder_without(remainder: str, shown: str) -> str:
    """``remainder`` without the words that named a zone ("EST to join the standup"), or
    without those of them the time's words left ("de Chile" of "hora de Chile")."""
    said = shown.split()
    for first in range(len(said)):
        tail = " ".join(said[first:])
        found = re.search(rf"(?<!\w){re.escape(tail)}(?!\w)", remainder)
        if found is not None:
            return " ".join(f"{remainder[: found.start()]} {remainder[found.end() :]}".split())
    return remainder


# Before this local hour, "tomorrow" may mean the day that has just begun (said at 1 am, "wake
# me up tomorrow at 7" is most likely six hours away, not thirty)
SMALL_HOURS_END = 4
_TOMORROW = {
    "en": re.compile(r"\b(?:tomorrow|tmrw|tmr|tomorow|2morrow)\b", re.I),
    "es": re.compile(r"(?<!la )\b(?:ma[ñn]ana|mñn|mñna)\b", re.I),
}
# "pasado mañana", "the day after tomorrow": in the small hours, counted from the day that has
# just begun or from the one before
_DAY_AFTER_TOMORROW = re.compile(
    r"\b(?:pasado\s+(?:ma[ñn]ana|mñn|mñna)|(?:the\s+)?day\s+after\s+(?:tomorrow|tmrw|tmr|tomorow|"
    r"2morrow)|overmorrow)\b",
    re.I,
)


def _small_hours(reading: Reading, ctx: _Context) -> Reading:
    """A sure "tomorrow" read in the small hours asks whether the day that has just begun is
    meant, when that moment is still ahead (``SMALL_HOURS_END``); a "tomorrow" whose hour is
    asked about too ("mañana a las 10" at 00:05) asks both at once, naming both days with their
    dates (the hour alone would be stored on the day after)."""
    if ctx.local_now.hour >= SMALL_HOURS_END:
        return reading
    if not (_TOMORROW["en"].search(ctx.text) or _TOMORROW["es"].search(ctx.text)):
        return reading  # (either language: "remind me mañana a las 9am" at 00:42)
    later = 2 if _DAY_AFTER_TOMORROW.search(ctx.text) else 1
    if reading.at is None:
        return _small_hours_hour(reading, ctx, later)
    local = reading.at.astimezone(ctx.tz)
    today = ctx.local_now.date()
    if local.date() != today + timedelta(days=later):
        return reading
    earlier = _aware(today + timedelta(days=later - 1), (local.hour, local.minute), ctx)
    if earlier <= ctx.now:
        return reading  # "tomorrow at 00:30" said at 1 am: only the next day is ahead
    options = (earlier, reading.at)
    question = _question("ambiguous_date", ctx, {"options": options})
    return replace(
        reading, at=None, end=None, ask="ambiguous_date", question=question, options=options
    )


def _bare_before_dawn(reading: Reading, pieces: list[_Piece], ctx: _Context) -> Reading:
    """A bare 1–6 read by the rule book as the afternoon ("a la 1 tomar la pastilla") said in the
    night before its morning reading ("a la 1" at 00:03): the morning is as likely and nearer,
    so both are offered."""
    if reading.at is None or ctx.local_now.hour >= 6 or any(p.days for p in pieces):
        return reading
    bare = [p for p in pieces if p.halves is not None and p.times == {p.halves[1]}]
    if len(bare) != 1:
        return reading
    assert bare[0].halves is not None
    (hour, minute), _afternoon = bare[0].halves
    today = ctx.local_now.date()
    if not 1 <= hour <= 6 or reading.at.astimezone(ctx.tz).date() != today:
        return reading
    morning = _aware(today, (hour, minute), ctx)
    if morning <= ctx.now:
        return reading
    options = (morning, reading.at)
    question = _question("ambiguous_hour", ctx, {"options": options})
    return replace(
        reading, at=None, end=None, ask="ambiguous_hour", question=question, options=options
    )


#: From this local hour on, a bare 1–6 said for tomorrow may as well be its morning
NIGHT_FROM = 20


def _bare_at_night(reading: Reading, pieces: list[_Piece], ctx: _Context, text: str) -> Reading:
    """A bare 1–6 read by the rule book as the afternoon, said late in the evening for the day
    after ("remind me at 6" at 21:50, whose 18:00 has passed; "mañana a las 6" at 22:00): the
    morning ahead is as likely as the afternoon, so both are offered ("tomorrow at 6:00 AM or
    6:00 PM?"), never the afternoon alone. A meal said with it ("lunch with Pilar tomorrow at
    1", "mañana a las dos comemos") keeps the afternoon."""
    if ctx.local_now.hour < NIGHT_FROM or reading.end is not None:
        return reading
    if words.MEAL.search(text) or words.MEAL_ES.search(text):
        return reading
    bare = [p for p in pieces if p.halves is not None and p.times == {p.halves[1]}]
    if len(bare) != 1 or bare[0].night:
        return reading
    assert bare[0].halves is not None
    (hour, minute), afternoon = bare[0].halves
    if not 1 <= hour <= 6:
        return reading
    tomorrow = ctx.local_now.date() + timedelta(days=1)
    later = _aware(tomorrow, afternoon, ctx)
    if reading.at is not None:
        if reading.at != later:
            return reading  # another day, or a time the bare hour did not decide
    elif reading.ask != "past" or reading.options != (later,):
        return reading  # "remind me at 6" at 21:50: today's 18:00 passed, tomorrow's offered
    options = (_aware(tomorrow, (hour, minute), ctx), later)
    question = _question("ambiguous_hour", ctx, {"options": options})
    return replace(
        reading, at=None, end=None, ask="ambiguous_hour", question=question, options=options
    )


def _small_hours_hour(reading: Reading, ctx: _Context, later: int = 1) -> Reading:
    """ "mañana a las 10" said at 00:05: 10:00 or 22:00, today or the day after. One question
    names the four moments (both days with their dates); an answer naming the half of the day
    or the day narrows them (see ``when.day_choice``). ``later`` is 2 for "pasado mañana"
    (tomorrow or the day after)."""
    today = ctx.local_now.date() + timedelta(days=later - 1)
    tomorrow = today + timedelta(days=1)
    if reading.ask != "ambiguous_hour" or len(reading.options) != 2:
        return reading
    clocks = [o.astimezone(ctx.tz) for o in reading.options]
    if any(c.date() != tomorrow for c in clocks):
        return reading
    hours = [(c.hour, c.minute) for c in clocks]
    earlier = [_aware(today, h, ctx) for h in hours]
    if any(e <= ctx.now for e in earlier):
        return reading
    options = (*earlier, *reading.options)
    lang = ctx.lang
    said_on = ctx.local_now.date()
    first = _day_text(today, said_on, lang, small=True)
    question = words.QUESTIONS[lang]["small_hours_hour"].format(
        today=first[:1].upper() + first[1:],
        tomorrow=_day_text(tomorrow, said_on, lang, small=True),
        a=_clock_text(clocks[0], lang),
        b=_clock_text(clocks[1], lang),
    )
    return replace(reading, ask="ambiguous_date", question=question, options=options, day=None)


def _decide(read: list[_Piece], ctx: _Context) -> Reading:
    text = ctx.text
    lang = ctx.lang
    phrase = " ".join(p.text for p in read)
    remainder = _remainder(text, read, lang)
    pieces = [p for p in read if not p.hint]  # a vague word alone says no moment

    def ask(reason: str, **kw: Any) -> Reading:
        if reason == "correction" and not kw.get("items"):
            reason = "vague"  # "make it an hour later": no two times to choose between (probe 33)
        return Reading(
            at=None,
            end=None,
            phrase=phrase,
            remainder=remainder,
            ask=reason,
            question=_question(reason, ctx, kw),
            found=bool(read),
            day=kw.get("day"),
            options=tuple(kw.get("options", ())),
            dates_only=bool(kw.get("dates_only")),
        )

    vague = bool(words.VAGUE[lang].search(text))
    if not pieces:
        weak = read or words.VAGUE_WEAK[lang].search(text)
        return ask("vague" if vague or weak else "no_time")
    moments = [p for p in pieces if p.duration is None or p.offset is not None]
    durations = [p.duration for p in pieces if p.duration is not None]
    asks = [p.ask for p in moments if p.ask]
    if "repeating" in asks:  # one moment is asked for; the time said stays for the answer
        kept = " ".join(p.text for p in read if p.ask != "repeating")
        return replace(ask("repeating"), phrase=kept)
    offsets = [p for p in moments if p.offset is not None]
    days = _distinct([_month_if_no_such_day(d, ctx, p.text) for p in moments for d in p.days])
    if any(d.kind != "span" for d in days):  # "next Monday" beats "this week" and "Q4"
        days = [d for d in days if d.kind != "span"]
    dated = [d for d in days if d.kind in ("dom", "monthday")]
    if len(dated) == 1 and len(days) > 1:  # the same day said twice
        resolved = _resolve_day(dated[0], None, ctx)
        weekday = dated[0].named
        if any(d.kind == "date" and d.value == resolved for d in days):
            days = [d for d in days if d is not dated[0]]  # "mañana sábado 5": tomorrow
        days = [  # "el lunes 14 a las 9", then "el lunes": the 14th
            d
            for d in days
            if not (weekday is not None and _bare_weekday(d) and d.weekday == weekday)
        ]
    clocked = [p for p in moments if p.times or p.part is not None or p.ask == "ambiguous_hour"]
    corrected = words.CORRECTION[lang].search(text)
    if corrected is not None and len(moments) == 1 and _opens(corrected.start(), pieces, text):
        corrected = None  # "mejor a las 11", "make it 5pm": it changes a time said before
    if "correction" in asks or (
        corrected and (len(moments) > 1 or re.search(r"\d", text[corrected.end() :]))
    ):
        # the day said, kept for an answer that names the hour ("a las 4" to "mañana a las 3 o 4")
        said_day = _said_day(moments, ctx)
        offered = _offered(moments, said_day, ctx)
        if offered:  # "mañana a las 3 o 4": both moments named, as read
            shown = [local_text(o, ctx.tz, ctx.now, lang) for o in offered]
            return ask("correction", items=shown, day=said_day, options=offered)
        each = _each_alone(moments, ctx) if "correction" not in asks else []
        return ask("correction", items=[p.text for p in moments], day=said_day, options=each)
    if vague or "vague" in asks:
        return ask("vague")
    if offsets:
        if len(offsets) > 1 or days or clocked:
            return ask("correction", items=[p.text for p in moments])
        delta = offsets[0].offset or timedelta()
        joined = [
            p.duration
            for p in pieces
            if p.duration is not None
            and p.start >= offsets[0].end
            and re.fullmatch(r"\s*(and|y)\s*", text[offsets[0].end : p.start], re.I)
        ]
        if joined:  # "in an hour and 45 minutes"
            delta += joined[0] or timedelta()
            durations = [d for d in durations if d is not joined[0]]
        if delta < timedelta(seconds=2):  # "in a second", "en un segundo": a moment, asked
            return ask("vague") if delta >= timedelta() else ask("past")
        # "in 45 seconds", "en 30 segundos": set to the second, as "in 4 minutes 30 seconds" is
        # (probe 43; the store and the reply keep seconds)
        at = (ctx.now + delta).replace(microsecond=0)
        if not delta.total_seconds() % 60:  # "in 20 minutes": to the minute, its seconds dropped
            at = at.replace(second=0)  # (but "in 4 minutes and 30 seconds" keeps them, as a timer)
        end = at + durations[0] if durations else None
        return _checked(Reading(at, end, phrase, remainder, None, None, True), pieces, ctx, ask)
    days = _within_feast(days)
    outside = _outside_run(days, ctx)
    if len(days) > 1 and outside is None:
        return ask("correction", items=[p.text for p in moments], options=_each_alone(moments, ctx))
    if any(p.ask == "ambiguous_hour" and len(p.times) != 2 for p in clocked):
        return _midnight(days, ctx, ask)  # midnight, 12am, "12 de la noche"
    agreed = _times(clocked)
    if isinstance(agreed, str):
        return ask("correction", items=[p.text for p in moments])
    times, candidates = agreed
    if outside is not None:  # "en semana santa … el 3 de abril": asked once, naming both
        return _outside_asked(outside, read, times, candidates, ctx, ask)
    day_spec = days[0] if days else None
    if day_spec is not None and day_spec.kind == "days":  # "en carnaval": which of its days?
        return _which_of(day_spec, times, candidates, ctx, ask)
    if day_spec is not None and day_spec.kind == "span":
        if candidates:
            return ask("no_day", clock=candidates[0])
        return ask("no_time")
    numeric = _numeric(moments, ctx, candidates if times is not None else [])
    if isinstance(numeric, Reading):
        return numeric
    if numeric is not None:
        day_spec = numeric
    if day_spec is None and (
        words.UNKNOWN_DAY[lang].search(text)
        or words.COUNTRY_DAY.search(text)
        or words.EVENT_DAY[lang].search(text)
        or words.PART_AROUND_EVENT[lang].search(text)
    ):
        # "el día de la canción criolla a las 7", "on Earth Day at 10am": a day the reader does
        # not know; never today
        return ask("no_day", clock=candidates[0]) if times is not None else ask("no_time")
    if not candidates:
        if words.VAGUE_WEAK[lang].search(text):
            return ask("vague")
        day = _resolve_day(day_spec, None, ctx) if day_spec else None
        if isinstance(day, tuple):
            # two dates and no time said: the question names the dates alone
            # (never the placeholder 9:00, which may have passed: "el sábado" said on a
            # Saturday night is "today or next Saturday?", not "today at 9:00 or …")
            dates_only = day[0] in _DAY_QUESTIONS
            on_days = [_aware(d, (9, 0), ctx) for d in day[1]]
            return ask(day[0], options=on_days, day=None, dates_only=dates_only)
        if isinstance(day, date) and day < ctx.local_now.date():
            # "remind me on 3 March 1950", "… yesterday": a past day is said so, never asked its
            # time (the answer "at 9am" was then read as today's: probe 43, helper 207)
            return ask("past", past_day=day)
        return ask("no_time", day=day)
    first = candidates[0]
    if times is not None and any(p.night for p in clocked):
        night = _night(day_spec, times, ctx, ask)
        if isinstance(night, Reading):
            return night
        day_spec = night
    day = _resolve_day(day_spec, first, ctx) if day_spec else None
    if isinstance(day, tuple) and day[0] == "past" and times is None and len(day[1]) == 1:
        # "hoy a las 8" said at 10:00: the morning's 8 has passed, the evening's is still ahead
        # that day; asked, as "at 8" said then is (never "today at 8:00 has passed")
        later = _aware(day[1][0], candidates[-1], ctx)
        if len(candidates) > 1 and later >= ctx.now:
            asked = ask("past", understood=_aware(day[1][0], first, ctx), options=[later])
            return _range_kept(asked, pieces, candidates[0], durations, ctx)
    if isinstance(day, tuple) and times is None and day[0] in _DAY_QUESTIONS and day[1]:
        # "on friday at 10" said on a Friday evening: the day and the half are both open
        asked = _days_and_hours(day[0], day[1], candidates, ctx, ask)
        if asked.options:
            # a range's end ("el lunes de 8 a 10" said on a Monday at 10:00: tonight 20:00–22:00
            # or next Monday 8:00–10:00), as the end of the first option, so its length survives
            # the question (probe 45, H1); the length read on the morning's clock
            on_day = asked.options[0].astimezone(ctx.tz).date()
            start = _aware(on_day, candidates[0], ctx)
            end, _end_wall = _end(pieces, on_day, start, durations, ctx)
            if end is not None and timedelta(0) < end - start <= timedelta(hours=12):
                asked = replace(asked, end=asked.options[0] + (end - start))
        return asked
    if isinstance(day, tuple):
        reason, options = day
        readings = [_aware(d, first, ctx) for d in options]
        if reason == "past":
            return ask("past", understood=readings[0] if readings else None)
        if reason == "ambiguous_weekday" and len(readings) == 2 and readings[0] < ctx.now:
            # "el viernes a las 9" said on a Friday evening: today's is past, never offered
            asked = ask("past", understood=readings[0], options=readings[1:])
            return _range_kept(asked, pieces, first, durations, ctx)
        return ask(reason, options=readings)
    if day_spec is None:
        day = ctx.local_now.date()
    assert isinstance(day, date)
    moments_at = [_aware(day, t, ctx) for t in candidates]
    if times is None:  # the hour stays ambiguous
        future = [m for m in moments_at if m >= ctx.now]
        if day_spec is None and len(future) < len(moments_at):
            # "at 8" said at 10:00: only 20:00 is still ahead today; still ask
            tomorrow = [_aware(day + timedelta(days=1), t, ctx) for t in candidates]
            return ask("ambiguous_hour", options=(future + tomorrow)[:2])
        said = day if day_spec is not None else None  # kept for an answer naming another hour
        asked = ask("ambiguous_hour", options=moments_at, day=said)
        # a range's end ("de 10 a 11 y media": 10:00–11:30 or 22:00–23:30), as the end of the
        # first option, so the length survives the question
        end, _end_wall = _end(pieces, day, moments_at[0], durations, ctx)
        return asked if end is None else replace(asked, end=end)
    at = moments_at[0]
    if at < ctx.now:
        if day_spec is None:
            asked = ask("past", understood=at, options=[at + timedelta(days=1)])
            return _range_kept(asked, pieces, first, durations, ctx)
        return ask("past", understood=at)
    end, end_wall = _end(pieces, day, at, durations, ctx)
    for wall in (datetime.combine(day, time(*first)), end_wall):
        if wall is not None and (problem := wall_clock(wall, ctx.tz)) != "ok":
            return _unclear_wall(wall, problem, ctx, ask)
    reading = Reading(at, end, phrase, remainder, None, None, True, end_said=end_wall is not None)
    return _checked(reading, pieces, ctx, ask)


_DAY_QUESTIONS = ("ambiguous_weekday", "ambiguous_date")


def _within_feast(days: list[_Day]) -> list[_Day]:
    """A feast of several days said with a weekday or a day of the month ("en semana santa …
    el jueves", the answer to "which day?" read with its question): the feast's days that are
    that day (Jueves Santo), not the next such weekday; as said when none of them is."""
    feasts = [d for d in days if d.kind == "days"]
    others = [d for d in days if d.kind != "days"]
    if len(feasts) != 1 or not others:
        return days
    kept = list(feasts[0].dates)
    for d in others:
        if d.kind == "weekday" and not d.modifier and not d.shift:
            kept = [k for k in kept if k.weekday() == d.weekday]
        elif d.kind == "dom":
            kept = [k for k in kept if k.day == d.dom]
        elif d.kind == "date" and d.value is not None:
            kept = [k for k in kept if k == d.value]
        else:
            return days
    if not kept:
        return days
    return [_Day("date", value=kept[0]) if len(kept) == 1 else _Day("days", dates=tuple(kept))]


def _which_of(
    run: _Day,
    times: tuple[int, int] | None,
    candidates: list[tuple[int, int]],
    ctx: _Context,
    ask: Callable[..., Reading],
) -> Reading:
    """A feast of several days ("en carnaval a las 10", "during holy week"): two days are
    offered at the time said; more are asked about by naming the first and the last, and the
    time said (both halves of a bare hour). A day a month does not have ("el 31 de febrero a
    las 5") asks which day of that month, naming the problem and the time said."""
    clocks = candidates if times is not None else []
    hours = candidates if times is None and len(candidates) == 2 else []
    if run.dom:
        return _no_such_day(run, clocks, hours, ctx, ask)
    ahead = [d for d in run.dates if d >= ctx.local_now.date()]
    if len(ahead) == 1:  # "this weekend" said on its Sunday: that day alone is left
        return _one_day_left(ahead[0], clocks, hours, ctx, ask)
    if clocks:
        moments = [_aware(d, clocks[0], ctx) for d in ahead]
        moments = [m for m in moments if m >= ctx.now]
        if len(moments) == 2:
            return ask("ambiguous_date", options=moments)
        if len(moments) == 1:
            return ask("ambiguous_date", options=moments, one=True)
        return ask("no_day", first=ahead[0], last=ahead[-1], clock=clocks[0])
    return ask("no_day", first=ahead[0], last=ahead[-1], hours=hours)


def _one_day_left(
    day: date,
    clocks: list[tuple[int, int]],
    hours: list[tuple[int, int]],
    ctx: _Context,
    ask: Callable[..., Reading],
) -> Reading:
    """The one day of a run of days still ahead ("this weekend" said on its Sunday): asked about
    as that day said alone (its time, its half of the day, or its moment passed)."""
    if clocks:
        moment = _aware(day, clocks[0], ctx)
        if moment < ctx.now:
            return ask("past", understood=moment)
        return ask("ambiguous_date", options=[moment], one=True)
    moments = [m for m in (_aware(day, h, ctx) for h in hours) if m >= ctx.now]
    if len(moments) == 2:
        return ask("ambiguous_hour", options=moments, day=day)
    if len(moments) == 1:
        return ask("ambiguous_date", options=moments, one=True)
    if hours:  # both halves of the hour have passed
        return ask("past", understood=_aware(day, hours[1], ctx))
    return ask("no_time", day=day)


def _days_in(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


# A date with its year the parser reads as a span when the day does not exist ("el 31 de
# febrero de 2027", "feb 30 2027"): the day, the month and the year said
_DATE_WITH_YEAR = re.compile(
    rf"(?<!\d)(?:(?P<dom>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:de\s+|of\s+)?{words.MONTH_NAMES.pattern}"
    rf"|{words.MONTH_NAMES.pattern.replace('(jan', '(?P<month2>jan', 1)}\s+(?P<dom2>\d{{1,2}})"
    r"(?:st|nd|rd|th)?)\s*,?\s+(?:(?:de|del)\s+)?(?P<year>(?:19|20)\d\d)(?!\d)",
    re.I,
)


# The same with a year the parser cannot read (2100 on): it reads the day and month alone, this
# year or the next, so such a date is asked about instead ("5 March 2301", "el 31 de diciembre
# de 2150", "31/12/2199")
_FAR = r"(?:2[1-9]|[3-9]\d)\d\d"
_FAR_YEAR = re.compile(
    _DATE_WITH_YEAR.pattern.replace(r"(?P<year>(?:19|20)\d\d)", rf"(?P<year>{_FAR})")
    + rf"|(?<![\d/])\d{{1,2}}/\d{{1,2}}/(?P<year2>{_FAR})(?!\d)"
    + rf"|(?<![\d/-])(?P<year3>{_FAR})-\d{{1,2}}-\d{{1,2}}(?![\d-])",  # "9999-12-31"
    re.I,
)
# and one before 1900, which it reads as this year's day ("5 March 1850") or not at all
# ("0001-01-01"): asked about the same way
_EARLY = r"(?:0\d\d\d|1[0-8]\d\d)"
_EARLY_YEAR = re.compile(_FAR_YEAR.pattern.replace(_FAR, _EARLY), re.I)


def _without_date(remainder: str, year: str, lang: str) -> str:
    """``remainder`` without a date the reader does not read, nor the little word before it
    ("remind me on 9999-12-31 to call mom" → "remind me to call mom")."""
    said = [_FAR_YEAR, _EARLY_YEAR, re.compile(rf"(?<![\w/-])[/-]?{re.escape(year)}(?![\w/-])")]
    if len(year) > 4:  # "2027-13-01" read in part ("2027", "April 2027"): "-13-01", "-00" left
        said.append(re.compile(r"(?<![\w/-])[/-]\d{1,2}(?:[/-]\d{1,2})?(?![\w/-])"))
    for pattern in said:
        while (m := pattern.search(remainder)) is not None:
            before = words.DANGLING[lang].sub("", remainder[: m.start()].rstrip())
            remainder = f"{before} {remainder[m.end() :]}"
    return words.DANGLING[lang].sub("", remainder.rstrip(" ?!.,"))


def _far_date(text: str) -> tuple[str, str] | None:
    """The year of a date ``text`` names beyond what the reader reads, and the question's key."""
    if (m := _FAR_YEAR.search(text)) is not None:
        return m["year"] or m["year2"] or m["year3"], "far_year"
    for m in _EARLY_YEAR.finditer(text):
        if re.search(r"(?<!\w)de\s", m[0], re.I) and not re.search(
            r"(?<!\w)del?\s+\d{4}$", m[0], re.I
        ):
            continue  # "Av. 9 de Julio 1500": an address, where a date says "de 1850"
        return m["year"] or m["year2"] or m["year3"], "early_year"
    for m in _ISO_LIKE.finditer(text):  # "2027-13-01", "2027-04-00": no such date at all
        if not (1 <= int(m["month"]) <= 12 and 1 <= int(m["day"]) <= 31):
            return m[0], "bad_date"
    return None


_ISO_LIKE = re.compile(r"(?<![\d/-])\d{4}-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?![\d-])")


# "in 200 years", "dentro de 5000 meses": a span the parser does not read either, so the words
# stayed in the item's text ("remind you to in 9999999 years to check")
_FAR_SPAN = re.compile(
    r"(?<!\w)(?:in|en|dentro\s+de)\s+(?P<n>\d{1,12})\s+"
    r"(?P<unit>years?|a[ñn]os?|months?|mes(?:es)?|weeks?|semanas?|days?|d[ií]as?)(?!\w)",
    re.I,
)
_DAYS_IN = {"y": 365.25, "a": 365.25, "m": 30.44, "w": 7.0, "s": 7.0, "d": 1.0}


def _far_span(text: str, today: date) -> bool:
    """Whether ``text`` names a span that ends after the year 2099 ("in 200 years")."""
    for m in _FAR_SPAN.finditer(text):
        days = int(m["n"]) * _DAYS_IN[m["unit"][0].lower()]
        if today.year + days / 365.25 >= 2100:
            return True
    return False


_MONTH_STEMS = {
    stem: n
    for n, stems in enumerate(
        ("jan ene", "feb", "mar", "apr abr", "may", "jun", "jul", "aug ago", "sep set", "oct",
         "nov", "dec dic"),
        start=1,
    )
    for stem in stems.split()
}  # fmt: skip


def _month_number(name: str) -> int:
    """A month's number from its name in English or Spanish ("feb", "setiembre")."""
    return _MONTH_STEMS.get(name.lower()[:3], 0)


def _month_if_no_such_day(day: _Day, ctx: _Context, text: str = "") -> _Day:
    """A date its month does not have ("el 31 de febrero", "April 31", "31/4", 29 February in a
    year without one) → the days of that month (its next one still ahead, or the year said),
    which are asked about; any other day as it is. Never a neighbouring day."""
    if day.kind == "span" and (m := _DATE_WITH_YEAR.search(text)) is not None:
        month = _month_number(m[2] or m["month2"])
        dom = int(m["dom"] or m["dom2"])
        said = int(m["year"])
        if 1 <= month <= 12 and _days_in(said, month) < dom <= 31:  # only a day it lacks
            day = _Day("monthday", month=month, dom=dom, year=said)
    if day.kind != "monthday" or not 1 <= day.month <= 12 or not 1 <= day.dom <= 31:
        return day
    today = ctx.local_now.date()
    year = day.year
    if year is None:
        year = today.year
        if day.month < today.month or (
            day.month == today.month and today.day >= _days_in(year, day.month)
        ):
            year += 1
    if day.dom <= _days_in(year, day.month):
        return day
    count = _days_in(year, day.month)
    dates = tuple(date(year, day.month, n) for n in range(1, count + 1))
    return _Day("days", month=day.month, dom=day.dom, year=year, dates=dates)


def _no_such_day(
    run: _Day,
    clocks: list[tuple[int, int]],
    hours: list[tuple[int, int]],
    ctx: _Context,
    ask: Callable[..., Reading],
) -> Reading:
    """ "February 2027 has 28 days: which day did you mean, at 5:00 PM?" """
    texts = words.QUESTIONS[ctx.lang]
    first = run.dates[0]
    if ctx.lang == "es":
        month = format_date(first, "LLLL 'de' y", locale="es")
    else:
        month = format_date(first, "LLLL y", locale="en")
    said = {"month": month[:1].upper() + month[1:], "count": len(run.dates)}
    named = format_date(first, "LLLL", locale=ctx.lang)
    missing = texts["no_such_date"].format(
        dom=run.dom, month_name=named, year=first.year, month=said["month"], count=said["count"]
    )
    if ctx.lang == "es":  # "…: Febrero de 2027 tiene 28 días": lower case after the colon
        missing = missing.replace(f": {said['month']}", f": {month}")
    today = ctx.local_now.date()
    shown = [_clock_text(datetime.combine(today, time(*c)), ctx.lang) for c in clocks or hours]
    if clocks:
        question = texts["no_such_day"].format(time=shown[0], **said)
    elif hours:
        question = texts["no_such_day_hours"].format(a=shown[0], b=shown[1], **said)
    else:
        question = texts["no_such_day_time"].format(**said)
    return replace(ask("no_day"), question=question, missing=missing)


def _outside_run(days: list[_Day], ctx: _Context) -> tuple[_Day, _Day, date] | None:
    """A run of days (a feast, a month whose day does not exist) said with one sure date that
    is not among them ("en semana santa … el 3 de abril", the answer "March 3" to "February has
    28 days: which day?"): (the run, the day said, its date); else None."""
    runs = [d for d in days if d.kind == "days"]
    others = [d for d in days if d.kind != "days"]
    if len(runs) != 1 or len(others) != 1 or others[0].kind not in ("date", "monthday", "dom"):
        return None
    found = _resolve_day(others[0], None, ctx)
    if not isinstance(found, date) or found in runs[0].dates:
        return None
    return runs[0], others[0], found


def _outside_asked(
    outside: tuple[_Day, _Day, date],
    read: list[_Piece],
    times: tuple[int, int] | None,
    candidates: list[tuple[int, int]],
    ctx: _Context,
    ask: Callable[..., Reading],
) -> Reading:
    """A day said outside the run of days also said: the day said, at the time said, is
    offered (a "yes" takes it) naming the run, so neither the day nor the time is lost. The
    question's phrase is the run and the time, so that another answer ("el jueves") is read
    with them."""
    run, other, day = outside
    clock_words = ""
    if times is not None:
        shown = _clock_text(datetime.combine(day, time(*times)), ctx.lang)
        clock_words = f"a las {shown}" if ctx.lang == "es" else f"at {shown}"
    kept = [p.text for p in read if other not in p.days]
    if times is not None and not any(p.times for p in read if other not in p.days):
        kept.append(clock_words)
    phrase = " ".join(kept)
    if times is None:
        if len(candidates) == 2:  # a bare hour: that day, at either half
            options = [_aware(day, c, ctx) for c in candidates]
            return replace(ask("ambiguous_hour", options=options, day=day), phrase=phrase)
        return replace(ask("no_time", day=day), phrase=phrase)
    moment = _aware(day, times, ctx)
    if moment < ctx.now:
        return ask("past", understood=moment)
    texts = words.QUESTIONS[ctx.lang]
    today = ctx.local_now.date()
    small = ctx.local_now.hour < SMALL_HOURS_END
    first, last = (_day_text(d, today, ctx.lang, small) for d in (run.dates[0], run.dates[-1]))
    question = texts["outside"].format(
        first=first, last=last, a=local_text(moment, ctx.tz, ctx.now, ctx.lang)
    )
    asked = ask("ambiguous_date", options=[moment])
    return replace(asked, question=question, phrase=phrase)


def _days_and_hours(
    reason: str,
    days: list[date],
    clocks: list[tuple[int, int]],
    ctx: _Context,
    ask: Callable[..., Reading],
) -> Reading:
    """Two days and both halves of a bare hour still open ("on friday at 10" said on a Friday
    evening: tonight at 10 PM or next Friday, at 10 AM or 10 PM): the moments still ahead are
    offered, four in one question naming both days and both hours, else the two nearest."""
    found = sorted({_aware(d, clock, ctx) for d in days for clock in clocks})
    ahead = [moment for moment in found if moment >= ctx.now]
    if not ahead:
        return ask("past", understood=found[-1])
    if len(ahead) == 1:
        return ask("past", understood=found[0], options=ahead)
    on_days = sorted({moment.astimezone(ctx.tz).date() for moment in ahead})
    if len(on_days) == 1:
        return ask("ambiguous_hour", options=ahead[:2], day=on_days[0])
    if len(ahead) == 4 and len(on_days) == 2:
        today = ctx.local_now.date()
        small = ctx.local_now.hour < SMALL_HOURS_END
        first = _day_text(on_days[0], today, ctx.lang, small)
        local = [moment.astimezone(ctx.tz) for moment in ahead[:2]]
        question = words.QUESTIONS[ctx.lang]["small_hours_hour"].format(
            today=first[:1].upper() + first[1:],
            tomorrow=_day_text(on_days[1], today, ctx.lang, small),
            a=_clock_text(local[0], ctx.lang),
            b=_clock_text(local[1], ctx.lang),
        )
        return replace(ask(reason, options=ahead), question=question)
    return ask(reason, options=ahead[:2])


def _night(
    day_spec: _Day | None, clock: tuple[int, int], ctx: _Context, ask: Callable[..., Reading]
) -> _Day | Reading:
    """The day a small hour said "of the night" falls on. Without a day, or with today ("hoy
    a la 1 de la noche", "at 1 tonight"): the coming night's (today's while still ahead in the
    small hours, tomorrow's when said in the afternoon or evening; asked when said in the
    morning after it). With another day ("el sábado a la 1 de la noche"): that day's or the one
    after (the night of that day), asked when both are ahead."""
    today = ctx.local_now.date()
    if day_spec is None or (day_spec.kind == "date" and day_spec.value == today):
        tonight = _aware(today, clock, ctx)
        if tonight >= ctx.now:
            return _Day("date", value=today)
        if ctx.local_now.hour >= 12:
            return _Day("date", value=today + timedelta(days=1))
        return ask("past", understood=tonight, options=[tonight + timedelta(days=1)])
    found = _resolve_day(day_spec, None, ctx)
    if not isinstance(found, date):
        return day_spec
    ahead = [
        moment
        for moment in (_aware(found + timedelta(days=n), clock, ctx) for n in (0, 1))
        if moment >= ctx.now
    ]
    if len(ahead) == 2:
        return ask("ambiguous_date", options=ahead)
    if ahead:
        return _Day("date", value=ahead[0].astimezone(ctx.tz).date())
    return day_spec


def _bare_weekday(day: _Day) -> bool:
    return day.kind == "weekday" and day.modifier in ("", "this") and not day.shift


def _said_day(moments: list[_Piece], ctx: _Context) -> date | None:
    """The one day time phrases offering two hours name ("mañana a las 3 o 4"), when it is sure
    and nothing else is in question."""
    if not any(p.offers_hour for p in moments) or any(p.ask and not p.offers_hour for p in moments):
        return None
    days = _distinct([d for p in moments for d in p.days])
    if len(days) != 1 or days[0].kind == "span":
        return None
    day = _resolve_day(days[0], None, ctx)
    return day if isinstance(day, date) else None


def _offered(moments: list[_Piece], day: date | None, ctx: _Context) -> list[datetime]:
    """The two moments one time phrase offers with "or" ("tomorrow at 3 or 4"), on the day said
    (else today), when both are sure and still ahead; else none."""
    offering = [p for p in moments if p.second is not None]
    if (
        len(offering) != 1
        or len(offering[0].times) != 1
        or any(p.ask for p in moments if p is not offering[0])
    ):
        return []
    first = next(iter(offering[0].times))
    second = offering[0].second
    assert second is not None
    if first == second or (day is None and any(p.days for p in moments)):
        return []
    day = day or ctx.local_now.date()
    offered = [_aware(day, clock, ctx) for clock in (first, second)]
    if any(o < ctx.now for o in offered):
        return []
    for clock in (first, second):
        if wall_clock(datetime.combine(day, time(*clock)), ctx.tz) != "ok":
            return []
    return offered


def _each_alone(moments: list[_Piece], ctx: _Context) -> list[datetime]:
    """The moments two or more time phrases name, each read alone ("el lunes a las 9 de la
    mañana … y el martes a las 5 de la tarde"), so that an answer may pick one ("el primero",
    "el del martes"); none unless each is sure and they differ."""
    if len(moments) < 2:
        return []
    if ctx.local_now.hour < SMALL_HOURS_END and any(
        pattern.search(ctx.text) for pattern in (*_TOMORROW.values(), _DAY_AFTER_TOMORROW)
    ):
        return []  # "mañana" in the small hours: which day is asked about first
    found = []
    for p in moments:
        alone = replace(p, start=0, end=len(p.text), days=list(p.days), times=set(p.times))
        said = replace(ctx, text=p.text)
        reading = _bare_before_dawn(_decide([alone], said), [alone], said)
        if reading.at is None:
            return []
        found.append(reading.at)
    return found if len(set(found)) == len(found) else []


def _opens(position: int, pieces: list[_Piece], text: str) -> bool:
    """Whether nothing about when comes before ``position``: a correction word there ("mejor a
    las 11", "actually, make it 5pm") changes a time said in an earlier message, not in this one."""
    return not re.search(r"\d", text[:position]) and all(p.start >= position for p in pieces)


def _midnight(days: list[_Day], ctx: _Context, ask: Callable[..., Reading]) -> Reading:
    """Midnight, 12am, "12 de la noche": the start of the day said or its end (people often
    mean the end): ask, naming both moments still ahead (the coming one alone without a day)."""
    if len(days) > 1 or (days and days[0].kind == "span"):
        return ask("ambiguous_hour")
    day = _resolve_day(days[0], None, ctx) if days else ctx.local_now.date()
    if isinstance(day, tuple) and day[0] in _DAY_QUESTIONS:
        # "el sábado a medianoche" said on a Saturday: today's or next week's Saturday, each
        # midnight of them still ahead (tonight's; that Saturday's start and its end)
        ahead = {
            moment
            for on in day[1]
            for n in (0, 1)
            if (moment := _aware(on + timedelta(days=n), (0, 0), ctx)) >= ctx.now
        }
        if len(ahead) > 1:
            return ask("ambiguous_hour", options=sorted(ahead), midnight="days")
    if not isinstance(day, date):
        return ask("ambiguous_hour")
    starts = (_aware(day + timedelta(days=n), (0, 0), ctx) for n in (0, 1))
    options = [moment for moment in starts if moment >= ctx.now]
    said = day if days else None  # the day said, kept for an answer that names another hour
    return ask("ambiguous_hour", options=options, midnight=True, day=said)


def _unclear_wall(
    wall: datetime, problem: str, ctx: _Context, ask: Callable[..., Reading]
) -> Reading:
    """A local time the clocks skip or repeat that night: ask, naming both moments it can be
    (a skipped 2:30 am is first read as 3:30 am after the jump, else 1:30 am before it; a
    repeated 1:30 am comes first in summer time, then an hour later in winter time)."""
    readings = [wall.replace(tzinfo=ctx.tz, fold=fold).astimezone(UTC) for fold in (0, 1)]
    return ask(f"{problem}_time", options=readings, wall=wall)


def _checked(
    reading: Reading, pieces: list[_Piece], ctx: _Context, ask: Callable[..., Reading]
) -> Reading:
    """A sure reading stands only when nothing the parser left behind says more about when:
    a weekday, a day of the month, a clock time, or a number right beside the time words."""
    leftover = words.LEFTOVER[ctx.lang]
    for m in leftover.finditer(reading.remainder):
        if ctx.lang == "es" and m.group(0)[:1].isupper() and m.start() > 0:
            continue  # "Panadería El Sábado": a name
        if not re.search(r"\d", m.group(0)) and words.TOPIC_BEFORE.search(
            reading.remainder[: m.start()]
        ):
            continue  # "… at 3pm about Monday": what the item is about (see _topics)
        return ask(
            "ambiguous_date" if not re.search(r"\d", m.group(0)) else "correction",
            items=[reading.phrase, m.group(0)],
        )
    covered = [(q.start, q.end) for q in pieces]
    covered += [  # "room 4 tomorrow at 3pm", "tomorrow at 3pm 22 Keele St": not an hour
        m.span()
        for pattern in (words.NUMBERED, words.STREET_NUMBER, words.ORDINAL_THING)
        for m in pattern.finditer(ctx.text)
    ]
    for p in pieces:
        numbers = [
            m.start()
            for m in re.finditer(r"(?<![\w.,/:])\d{1,2}(?![\w/:])", ctx.text)
            if (m.end() <= p.start and _NEXT_TO.fullmatch(ctx.text[m.end() : p.start]))
            or (m.start() >= p.end and re.fullmatch(r"\s*", ctx.text[p.end : m.start()]))
        ]
        if any(not any(a <= n < b for a, b in covered) for n in numbers):
            return ask("ambiguous_hour")  # "8 tomorrow morning", "11 to 1pm": the 8, the 11 unread
    if words.UNREAD_RANGE.search(reading.remainder):
        return ask("exact")  # "my morning tomorrow from 8 to 11": the hours were not read
    return reading


# What may stand between a number and the time words for the number to belong to them: nothing
# ("8 tomorrow morning"), or the word that opens a range's end ("11 to 1pm")
_NEXT_TO = re.compile(r"\s*(?:(?:to|till|til|until|-|–)\s*)?", re.I)


def _distinct(days: list[_Day]) -> list[_Day]:
    out: list[_Day] = []
    for d in days:
        if d not in out:
            out.append(d)
    return out


def _times(
    clocked: list[_Piece],
) -> tuple[tuple[int, int] | None, list[tuple[int, int]]] | str:
    """The time of day the pieces agree on and its candidates, or "conflict".

    A stated clock time wins over a part of the day; a part of the day settles a bare hour
    ("at 8" beside "tonight"); a bare hour left open gives two candidates and no time.
    """
    explicit: set[tuple[int, int]] | None = None
    open_hours: list[tuple[int, int]] = []
    parts = {p.part for p in clocked if p.part is not None and not p.times}
    for p in clocked:
        if p.ask == "ambiguous_hour":
            if len(p.times) == 2:
                open_hours = sorted(p.times)
            else:
                open_hours = open_hours or []
                parts.add(-1)  # midnight, "12 de la noche": nothing settles it
            continue
        if not p.times:
            continue
        explicit = set(p.times) if explicit is None else explicit & set(p.times)
        if not explicit:
            return "conflict"
    if explicit is not None:
        if len(explicit) > 1:
            return "conflict"
        chosen = next(iter(explicit))
        if open_hours and chosen not in open_hours:
            return "conflict"
        return chosen, [chosen]
    if -1 in parts:
        return None, []
    if open_hours:
        if len(parts) == 1:
            part = next(iter(parts))
            chosen = open_hours[1] if part >= 12 else open_hours[0]
            return chosen, [chosen]
        return None, open_hours
    if len(parts) > 1:
        return "conflict"
    if parts:
        part = next(iter(parts))
        return (part, 0), [(part, 0)]
    return None, []


def _numeric(
    moments: list[_Piece], ctx: _Context, clocks: list[tuple[int, int]] | None = None
) -> _Day | Reading | None:
    """A numeric date ("3/4") read by the user's order; both readings differ → ask, naming
    both dates at the time said (``clocks``: one sure time of day), else the dates alone."""
    for p in moments:
        m = words.NUMERIC_DATE.search(p.text)
        if not m or not p.days:
            continue
        a, b = int(m[1]), int(m[2])
        year = int(m[3]) + (2000 if len(m[3]) == 2 else 0) if m[3] else None
        readings = []
        for order in ("DMY", "MDY"):
            day, month = (a, b) if order == "DMY" else (b, a)
            try:
                date(year or 2000, month, day)
            except ValueError:
                continue
            readings.append((order, month, day))
        if not readings:
            return None
        named = p.days[0].named  # "el lunes 14/12": the weekday said with it
        if named is not None and len(readings) == 2:
            fits = [r for r in readings if _falls_on(named, r[1], r[2], year, ctx)]
            if len(fits) == 1:  # "Friday 5/6": the reading that falls on a Friday
                readings = fits
        said_order = ctx.date_order
        if p.foreign and ctx.order_by_language:
            said_order = None  # "dentist on 5/6" inside Spanish: written the English way
        asked = False
        if said_order in ("DMY", "MDY"):
            chosen = [r for r in readings if r[0] == said_order]
            if not chosen:
                return None
            other = [r for r in readings if r[0] != said_order and r[1:] != chosen[0][1:]]
            # "12/10" from an en-GB user in December: 12 October is next year's, 10 December is
            # days away; the order said is never made to jump a year silently (probe 44, P44-M14)
            asked = bool(other) and _near_other(chosen[0], other[0], year, ctx)
            readings = chosen + other if asked else chosen
        elif (
            len(readings) == 2 and ctx.zone_order == "DMY" and _day_first_near(readings, year, ctx)
        ):
            readings = readings[:1]  # "12/1" in London in December: 12 January, not next December
        differ = len(readings) == 2 and readings[0][1:] != readings[1][1:]
        if (said_order not in ("DMY", "MDY") or asked) and differ:
            clock = clocks[0] if clocks and len(clocks) == 1 else None
            options = []
            for _, month, day in readings:
                spec = _Day("monthday", month=month, dom=day, year=year)
                resolved = _resolve_day(spec, clock or (9, 0), ctx)
                if isinstance(resolved, date):
                    options.append(_aware(resolved, clock or (9, 0), ctx))
            said = {"options": options, "dates_only": clock is None}
            return Reading(
                None,
                None,
                " ".join(q.text for q in moments),
                _remainder(ctx.text, moments, ctx.lang),
                "ambiguous_date",
                _question("ambiguous_date", ctx, said),
                True,
                options=tuple(options),
                dates_only=clock is None,
            )
        _, month, day = readings[0]
        return _Day("monthday", month=month, dom=day, year=year, named=named)
    return None


#: a date this near is plausible; one this far is a year away ("1 Dec 2027" said on 6 Dec 2026)
_NEAR_DAYS, _FAR_DAYS = 183, 300


def _day_first_near(readings: list[tuple[str, int, int]], year: int | None, ctx: _Context) -> bool:
    """Whether, where the day is written first (``zone_order``), the day-first reading of a
    numeric date is near (within half a year) while the month-first one is about a year away:
    then the custom of the place decides it; both near (or both far) are still asked."""
    ahead = {}
    for order, month, day in readings:
        found = _resolve_plain(_Day("monthday", month=month, dom=day, year=year), None, ctx)
        if not isinstance(found, date):
            return False
        ahead[order] = (found - ctx.local_now.date()).days
    return 0 <= ahead.get("DMY", -1) <= _NEAR_DAYS and ahead.get("MDY", -1) >= _FAR_DAYS


def _near_other(
    chosen: tuple[str, int, int], other: tuple[str, int, int], year: int | None, ctx: _Context
) -> bool:
    """Whether a numeric date read in the order said (``chosen``) is about a year away (its day
    this year has passed) while the other order's reading is near: then both are asked."""
    if year is not None:
        return False
    ahead = []
    for _, month, day in (chosen, other):
        found = _resolve_plain(_Day("monthday", month=month, dom=day), None, ctx)
        if not isinstance(found, date):
            return False
        ahead.append((found - ctx.local_now.date()).days)
    return ahead[0] >= _FAR_DAYS and 0 <= ahead[1] <= _NEAR_DAYS


def _falls_on(weekday: int, month: int, day: int, year: int | None, ctx: _Context) -> bool:
    """Whether the day a month and day name (as ``_resolve_plain`` places it) is ``weekday``."""
    found = _resolve_plain(_Day("monthday", month=month, dom=day, year=year), None, ctx)
    return isinstance(found, date) and found.weekday() == weekday


def _resolve_day(
    spec: _Day, clock: tuple[int, int] | None, ctx: _Context
) -> date | tuple[str, list[date]]:
    """The local day a day spec names, or (reason, candidate days) when the rules ask: a day
    counted from another ("a week from Monday") is that day's, moved on; a date said with a
    weekday it does not fall on ("el martes 14" when the 14th is a Monday) asks which is meant."""
    today = ctx.local_now.date()
    if spec.shift:
        found = _resolve_day(replace(spec, shift=0), None, ctx)
        shift = timedelta(days=spec.shift)
        if isinstance(found, tuple):
            return found[0], [d + shift for d in found[1]]
        return found + shift
    found = _resolve_plain(spec, clock, ctx)
    if spec.named is None or not isinstance(found, date) or found.weekday() == spec.named:
        return found
    if spec.kind == "dom":  # "el viernes 4" said on Friday the 4th after the time: past
        try:
            this_month = today.replace(day=spec.dom)
        except ValueError:
            this_month = None
        if this_month is not None and this_month <= today and this_month.weekday() == spec.named:
            return ("past", [this_month])
    if spec.kind == "dom":
        exact = _dom_on_weekday(spec.dom, spec.named, found)
        if exact is not None and found.month != today.month and exact - today <= timedelta(days=92):
            # "el jueves 4" said on 5 December (this month's 4th is past): Monday 4 January,
            # or Thursday 4 February; "el domingo 10" said then still offers 10 or 13 December
            return ("ambiguous_date", [found, exact])
    ahead = (spec.named - found.weekday()) % 7
    near = found + timedelta(days=ahead if ahead <= 3 else ahead - 7)
    if near < today or (clock is not None and _aware(near, clock, ctx) < ctx.now):
        near += timedelta(days=7)
    return ("ambiguous_date", [found, near])


def _dom_on_weekday(dom: int, weekday: int, after: date) -> date | None:
    """The first day numbered ``dom`` after ``after`` that falls on ``weekday`` (within 14
    months), or None."""
    year, month = after.year, after.month
    for _ in range(14):
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        try:
            day = date(year, month, dom)
        except ValueError:
            continue
        if day.weekday() == weekday:
            return day
    return None


def _resolve_plain(
    spec: _Day, clock: tuple[int, int] | None, ctx: _Context
) -> date | tuple[str, list[date]]:
    """The local day a day spec names as said, or (reason, candidate days) when the rules ask."""
    today = ctx.local_now.date()

    def ahead(d: date) -> bool:
        if d > today:
            return True
        if d < today:
            return False
        return clock is None or _aware(d, clock, ctx) >= ctx.now

    if spec.kind == "date" and spec.value is not None:
        return spec.value if ahead(spec.value) or clock is None else ("past", [spec.value])
    if spec.kind == "weekday":
        first = today + timedelta(days=(spec.weekday - today.weekday()) % 7 or 7)
        if spec.modifier == "after_next":
            monday = today - timedelta(days=today.weekday())
            return monday + timedelta(days=14 + spec.weekday)
        if spec.modifier == "last":
            return ("past", [first - timedelta(days=7)])
        if spec.modifier == "next":
            next_monday = today + timedelta(days=7 - today.weekday())
            if first < next_monday:
                return ("ambiguous_weekday", [first, first + timedelta(days=7)])
            return first
        if today.weekday() == spec.weekday:
            return ("ambiguous_weekday", [today, first])
        return first
    if spec.kind == "dom":
        year, month = today.year, today.month
        for _ in range(14):
            try:
                candidate = date(year, month, spec.dom)
            except ValueError:
                candidate = None
            if candidate is not None and ahead(candidate):
                return candidate
            month, year = (1, year + 1) if month == 12 else (month + 1, year)
        return ("past", [])
    if spec.kind == "monthday":
        if spec.year is not None:
            try:
                fixed = date(spec.year, spec.month, spec.dom)
            except ValueError:
                return ("past", [])
            return fixed if ahead(fixed) else ("past", [fixed])
        for year in (today.year, today.year + 1):
            try:
                candidate = date(year, spec.month, spec.dom)
            except ValueError:
                continue  # 29 February in a year without one: the next one's
            if candidate == today and not ahead(candidate):
                return ("past", [candidate])
            if ahead(candidate):
                return candidate
        return ("past", [])
    if spec.kind == "dates":
        for candidate in spec.dates:
            if candidate == today and not ahead(candidate):
                return ("past", [candidate])
            if ahead(candidate):
                return candidate
        return ("past", list(spec.dates[-1:]))
    return ("no_time", [])


def _aware(day: date, clock: tuple[int, int], ctx: _Context) -> datetime:
    local = datetime.combine(day, time(clock[0], clock[1]), tzinfo=ctx.tz)
    return local.astimezone(UTC)


def _range_kept(
    asked: Reading,
    pieces: list[_Piece],
    clock: tuple[int, int],
    durations: list[timedelta],
    ctx: _Context,
) -> Reading:
    """``asked`` (a "has passed: did you mean …?" offering one moment) with a range's end kept
    as the end of that option ("el lunes de 9 a 1" said on a Monday at 16:00: "¿el lunes 14 a
    las 9:00–13:00?"), its length read on the clock said (``clock``) on the option's day, so
    that a yes books the whole range, never 30 minutes (probe 46, H4)."""
    if len(asked.options) != 1:
        return asked
    on_day = asked.options[0].astimezone(ctx.tz).date()
    start = _aware(on_day, clock, ctx)
    end, _end_wall = _end(pieces, on_day, start, durations, ctx)
    if end is None or not timedelta(0) < end - start <= timedelta(hours=12):
        return asked
    return replace(asked, end=asked.options[0] + (end - start))


def _end(
    pieces: list[_Piece],
    day: date,
    at: datetime,
    durations: list[timedelta],
    ctx: _Context,
) -> tuple[datetime | None, datetime | None]:
    """The end of a range or of a stated duration, and the local wall time of a stated end.

    A stated end ("to 4am") is a clock time on the start's day or the first day after it when
    it is not after the start, converted to UTC on its own: across a change of the clocks the
    range is an hour longer or shorter than its wall-clock span. A duration ("for 45 minutes")
    is elapsed time.
    """
    for p in pieces:
        if p.end_times:
            clock = sorted(p.end_times)[0]
            end_day = day
            end = _aware(end_day, clock, ctx)
            while end <= at:
                end_day += timedelta(days=1)
                end = _aware(end_day, clock, ctx)
            return end, datetime.combine(end_day, time(*clock))
    if durations:
        return at + durations[0], None
    return None, None


_JOINED = re.compile(r"\s*(?:,|and|y|e|&|or|o|ó|u|,\s*(?:and|y|or|o))?\s*", re.I)


def _remainder(text: str, pieces: list[_Piece], lang: str) -> str:
    """The text without its time words, for titles ("remind me to call mom")."""
    out = ""
    position = 0
    # a code-switched message may leave either language's little words ("el", "at") behind
    dangling = words.DANGLING_MIXED if any(p.foreign for p in pieces) else words.DANGLING[lang]
    filler = words.TIME_FILLER.get(lang)
    for p in sorted(pieces, key=lambda p: p.start):
        if p.start < position:
            position = max(position, p.end)
            continue
        before = dangling.sub("", text[position : p.start].rstrip())
        if filler is not None:  # "recuérdame pe el jueves", "a las 8 nomás": chat around a time
            if position:
                before = words.TIME_FILLER_AFTER[lang].sub("", before)
            before = dangling.sub("", filler.sub("", before).rstrip())
        if position and _JOINED.fullmatch(before):
            before = ""  # "in 1 hour and 30 minutes", "el sábado o el domingo": joined phrases
        before += " "
        out += before + ("" if p.hint or p.whole else _kept_inside(p.text)) + " "
        position = p.end
    tail = text[position:]
    if filler is not None and position:
        tail = words.TIME_FILLER_AFTER[lang].sub("", tail)
    out += tail
    return " ".join(out.split()).strip(" ,")


def _kept_inside(phrase: str) -> str:
    """The words of a long time phrase that are not about time: the parser sometimes joins two
    time words across others ("esta noche llama a mamá a las 8")."""
    found = _content(phrase)
    if found is None:
        return ""
    tokens, content, function = found
    first = content.index(True)
    last = len(content) - 1 - content[::-1].index(True)
    kept = [
        token
        for k, token in enumerate(tokens[first : last + 1], start=first)
        if content[k] or function[k]
    ]
    return " ".join(kept)


def _content(phrase: str) -> tuple[list[str], list[bool], list[bool]] | None:
    """A long time phrase's tokens, which are words of the text (not about time, not small
    words) and which are small words; None when it has four tokens or fewer, or no text."""
    tokens = phrase.split()
    if len(tokens) < 4:
        return None
    bare = [t.strip(",.;:!?¿¡") for t in tokens]
    timeish = [bool(words.TIME_TOKEN.fullmatch(t)) for t in bare]
    for k, token in enumerate(bare):  # "a las cinco", "two thirty", "a las 5 o 6": an hour's words
        if timeish[k]:
            continue
        if not k:  # "one thirty pm tomorrow": a phrase opening with its hour
            follows = bare[1]
            hour = words.TIME_TOKEN.fullmatch(follows) or words.CLOCK_WORD.fullmatch(follows)
            timeish[k] = bool(words.CLOCK_WORD.fullmatch(token) and hour)
            continue
        if not timeish[k - 1]:
            continue
        if words.CLOCK_WORD.fullmatch(token):
            timeish[k] = True
        elif token.lower() in ("or", "o", "ó", "u") and k + 1 < len(bare):
            after = bare[k + 1]
            timeish[k] = bool(
                words.TIME_TOKEN.fullmatch(after) or words.CLOCK_WORD.fullmatch(after)
            )
    function = [bool(words.FUNCTION_TOKEN.fullmatch(t)) for t in bare]
    content = [not (t or f) for t, f in zip(timeish, function, strict=True)]
    if not any(content):
        return None
    return tokens, content, function


def _number_inside(phrase: str) -> tuple[int, int] | None:
    """Where the words of the text a time phrase spans begin and end, when a number word is
    among them ("esta noche compra dos panes a las 8", "llama a una amiga"): the parser then
    reads that number as the hour."""
    found = _content(phrase)
    if found is None:
        return None
    tokens, content, _ = found
    first = content.index(True)
    last = len(content) - 1 - content[::-1].index(True)
    numbers = [
        k
        for k in range(first, last + 1)
        if words.CLOCK_WORD.fullmatch(tokens[k].strip(",.;:!?¿¡"))
        and (content[k] or first < k < last)
    ]
    if not numbers or all(k in numbers for k in range(first, last + 1) if content[k]):
        return None  # no number among the text's words, or only the hour's ("a las cinco")
    starts = [m.start() for m in re.finditer(r"\S+", phrase)]
    return starts[first], starts[last] + len(tokens[last])


# -- showing times ----------------------------------------------------------------------------


def _clean(text: str) -> str:
    return text.replace("\u202f", " ").replace("\xa0", " ")


def local_text(
    at: datetime,
    tz: ZoneInfo,
    now: datetime | None = None,
    lang: str = "en",
    *,
    seconds: bool = False,
) -> str:
    """A moment as the user reads it: "tomorrow at 3:00 PM", "el viernes 27 de noviembre a las
    15:00", in their zone and language; in the small hours "today" and "tomorrow" name their
    date too ("mañana (domingo 6 de diciembre) a las 10:00": said at 00:05, "mañana" alone reads
    as the morning ahead). With ``seconds`` the clock has them ("today at 2:30:45 PM")."""
    local = at.astimezone(tz)
    local_now = (now or datetime.now(UTC)).astimezone(tz)
    today, small = local_now.date(), local_now.hour < SMALL_HOURS_END
    if lang.startswith("es"):
        clock = format_time(local, "H:mm:ss" if seconds else "H:mm", locale="es")
        at_clock = f"a la {clock}" if local.hour == 1 else f"a las {clock}"
        return f"{_day_text(local.date(), today, 'es', small)} {at_clock}"
    clock = _clean(format_time(local, "h:mm:ss a" if seconds else "h:mm a", locale="en"))
    return f"{_day_text(local.date(), today, 'en', small)} at {clock}"


def local_day_text(day: date, tz: ZoneInfo, now: datetime | None = None, lang: str = "en") -> str:
    """A local day as the user reads it: "today", "tomorrow", "Mon 7 Dec", "el lunes 7 de
    diciembre" (with its date in the small hours, as ``local_text``)."""
    local_now = (now or datetime.now(UTC)).astimezone(tz)
    lang = "es" if lang.startswith("es") else "en"
    return _day_text(day, local_now.date(), lang, local_now.hour < SMALL_HOURS_END)


def _day_text(day: date, today: date, lang: str, small: bool = False) -> str:
    """A day as the user reads it; with ``small`` (said in the small hours) "today" and
    "tomorrow" are followed by their date."""
    if lang == "es":
        named = {today: "hoy", today + timedelta(days=1): "mañana"}.get(day)
        pattern = "EEEE d 'de' MMMM" + (" 'de' y" if day.year != today.year else "")
        written = format_date(day, pattern, locale="es")
        if named is not None:
            return f"{named} ({written})" if small else named
        return "el " + written
    named = {today: "today", today + timedelta(days=1): "tomorrow"}.get(day)
    pattern = "EEE d MMM" + (" y" if day.year != today.year else "")
    written = _clean(format_date(day, pattern, locale="en"))
    if named is not None:
        return f"{named} ({written})" if small else named
    return written


def _clock_text(moment: datetime, lang: str) -> str:
    """A time of day as the user reads it: "3:00 PM", "15:00"."""
    if lang == "es":
        return format_time(moment, "H:mm", locale="es")
    return _clean(format_time(moment, "h:mm a", locale="en"))


def _question(reason: str, ctx: _Context, kw: dict[str, Any]) -> str:
    lang = ctx.lang
    texts = words.QUESTIONS[lang]
    today = ctx.local_now.date()
    small = ctx.local_now.hour < SMALL_HOURS_END
    shown_tz = ctx.shown or ctx.tz  # the user's zone (a time said in another zone is converted)
    options: list[datetime] = list(kw.get("options", ()))

    def show(moment: datetime) -> str:
        if kw.get("dates_only"):
            return _day_text(moment.astimezone(shown_tz).date(), today, lang, small)
        return local_text(moment, shown_tz, ctx.now, lang)

    def on(day: date) -> str:
        shown = _day_text(day, today, lang, small)
        if lang == "en" and not shown.startswith(("today", "tomorrow")):
            shown = "on " + shown
        return shown

    if reason in ("skipped_time", "repeated_time") and len(options) == 2:
        wall: datetime = kw["wall"]
        said = _clock_text(wall, lang)
        on_day = on(wall.date())
        choices = []
        for option in options:
            local = option.astimezone(ctx.tz)
            choice = f"{_clock_text(local, lang)} {local.strftime('%Z')}"
            if local.date() != wall.date():  # the hour before a midnight jump: the day before
                choice += f" ({_day_text(local.date(), today, lang, small)})"
            choices.append(choice)
        return texts[reason].format(time=said, day=on_day, a=choices[0], b=choices[1])
    if reason == "ambiguous_hour" and kw.get("midnight") == "days" and options:
        moments = [show(o) for o in options]
        last = " or " if lang == "en" else " o "
        return texts["midnight_days"].format(items=", ".join(moments[:-1]) + last + moments[-1])
    if reason == "ambiguous_hour" and kw.get("midnight") and options:
        if len(options) == 1:
            return texts["midnight_one"].format(a=show(options[0]))
        return texts["midnight"].format(a=show(options[0]), b=show(options[1]))
    if reason == "ambiguous_date" and kw.get("one") and len(options) == 1:
        return texts["midnight_one"].format(a=show(options[0]))
    if reason in ("ambiguous_hour", "ambiguous_weekday", "ambiguous_date"):
        if len(options) >= 2:
            return texts[reason].format(a=show(options[0]), b=show(options[1]))
        return texts["exact"]
    if reason == "past" and kw.get("understood") is not None:
        understood = show(kw["understood"])
        understood = understood[:1].upper() + understood[1:]
        if options:
            return texts["past"].format(understood=understood, a=show(options[0]))
        return texts["past_plain"].format(understood=understood)
    if reason == "past" and isinstance(kw.get("past_day"), date):
        shown_day = _day_text(kw["past_day"], today, lang, small)
        return texts["past_day"].format(day=shown_day[:1].upper() + shown_day[1:])
    if reason == "no_time":
        day = kw.get("day")
        if isinstance(day, date):
            return texts["no_time"].format(day=on(day))
        return texts["no_when"]
    if reason == "correction":
        return texts["correction"].format(items=", ".join(kw.get("items", [])))
    if reason == "no_day" and kw.get("first"):
        first, last = (_day_text(kw[k], today, lang, small) for k in ("first", "last"))
        if kw.get("clock"):
            hour, minute = kw["clock"]
            shown = _clock_text(datetime.combine(today, time(hour, minute)), lang)
            return texts["no_day_in"].format(first=first, last=last, time=shown)
        if kw.get("hours"):  # a bare hour: both halves named, not asked again
            a, b = (_clock_text(datetime.combine(today, time(*c)), lang) for c in kw["hours"])
            return texts["no_day_in_hours"].format(first=first, last=last, a=a, b=b)
        return texts["no_day_in_time"].format(first=first, last=last)
    if reason == "no_day" and kw.get("clock") and len(kw["clock"]) == 2:
        hour, minute = kw["clock"]
        shown = _clock_text(datetime.combine(today, time(hour, minute)), lang)
        return texts["no_day"].format(time=shown)
    if reason in ("no_day", "past"):  # a past moment with nothing to name ("past thursday")
        return texts["no_when"]
    return texts.get(reason, texts["no_when"])


# -- durations --------------------------------------------------------------------------------


# A stated duration names its unit ("10 minutes", "an hour and a half", "2h", "all day", "por una
# hora", "medio día", "dos semanas"): text with none of these stems states none, and the parser
# (the slow part of a turn) is not asked. Generous on purpose: a stem inside another word only
# costs the parse it would have cost anyway.
_DURATION_UNIT = re.compile(
    r"sec|min|hour|hr|\dh|\dm|day|night|week|wk|month|year|yr|fortnight|decade"
    r"|segund|minut|hora|d[ií]a|noche|seman|mes|a[nñ]o|quincena|siglo",
    re.IGNORECASE,
)


def read_duration(text: str, lang: str = "en") -> timedelta | None:
    """A duration the text states ("for 10 minutes", "por una hora"), or None."""
    lang = "es" if lang.startswith("es") else "en"
    normalized = words.normalize(text, lang)
    if lang == "es":
        for m in words.ES_DURATION.finditer(normalized):
            if (found := _es_duration(m)) is not None:
                return found
    if not _DURATION_UNIT.search(normalized):
        return None
    try:
        results = _model(lang).parse(normalized, datetime(2026, 1, 1, 9, 0))
    except Exception:
        return None
    for result in results:
        if result.type_name.endswith("duration"):
            values = (result.resolution or {}).get("values") or []
            if values:
                found = _duration(values[0].get("timex", ""))
                if found and found >= timedelta(seconds=1):
                    return found
    return None
