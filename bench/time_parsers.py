"""Time parsers compared on the time table ``data/time-eval/{en,es}.jsonl``.

Each parser runs raw (its own reading, its own defaults) and behind the rules (the generic part
of the rule book: casual forms written out, vague words, a day without a time, past readings,
two different readings → ask; seconds dropped). The app's reader, ``read_time``, is
Recognizers-Text behind the whole rule book. (The reader it replaced, dateparser after
hand-written regexes, measured 46.9 % exact and 197 silent-wrong in English.)

Per language: exact-match rate (start, and end when the table has one), silent-wrong count (a
time stored that differs from the expected one, or stored where the table says "ask"),
ask-when-answerable count, and p50/p95 latency per message. ``--failures NAME`` lists the
entries a parser gets wrong. Writes ``bench/time_parsers.json``.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import time as clock
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "data" / "time-eval"
RESULTS = ROOT / "bench" / "time_parsers.json"
ASK = "ask"
#: the ids of Spanish entries: ``es.jsonl`` (es-0001…) and ``unseen-es.jsonl`` (us-0001…); the
#: rest are English (en-, ue-) or code-switched (mx-, read by the user's locale)
SPANISH_IDS = ("es-", "us-")


@dataclass(frozen=True)
class Outcome:
    start: str  # local "YYYY-MM-DDTHH:MM" or "ask"
    end: str | None = None


Reader = Callable[[dict[str, Any]], Outcome]


def load_table(lang: str, folder: Path = TABLE) -> list[dict[str, Any]]:
    path = folder / f"{lang}.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _context(entry: dict[str, Any]) -> tuple[ZoneInfo, datetime]:
    tz = ZoneInfo(entry["tz"])
    local = datetime.fromisoformat(entry["ref"])
    return tz, local.replace(tzinfo=tz)


def _local(moment: datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%dT%H:%M")


def _lang(entry: dict[str, Any]) -> str:
    """The entry's language; a code-switched message (``mixed.jsonl``, with the user's
    ``locale``) is read in the language the app would reply in (app.language.choose)."""
    if "locale" in entry:
        from app.language import choose

        return choose(entry["text"], entry["locale"])
    return "es" if entry["id"].startswith(SPANISH_IDS) else "en"


# -- the readers ------------------------------------------------------------------------------


def read_time_reader(entry: dict[str, Any]) -> Outcome:
    """The app's reader: Recognizers-Text behind the whole rule book."""
    from app.skills.time_reader import read_time

    tz, now = _context(entry)
    reading = read_time(entry["text"], tz, now, _lang(entry), entry.get("date_order"))
    if reading.ask is not None or reading.at is None:
        return Outcome(ASK)
    return Outcome(_local(reading.at, tz), _local(reading.end, tz) if reading.end else None)


@dataclass
class Raw:
    """What a parser returned, before any rule: a local naive start (None: nothing), whether it
    states a time of day, an optional end, and how many distinct readings it found."""

    start: datetime | None
    has_time: bool = True
    end: datetime | None = None
    readings: int = 1


def _dateparser(entry: dict[str, Any], text: str) -> Raw:
    from dateparser.search import search_dates

    tz, now = _context(entry)
    settings: Any = {
        "TIMEZONE": str(tz),
        "RETURN_AS_TIMEZONE_AWARE": False,
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": now.replace(tzinfo=None),
    }
    try:
        found = search_dates(text, languages=[_lang(entry)], settings=settings) or []
    except (ValueError, OverflowError):
        found = []
    if not found:
        return Raw(None)
    start = found[0][1]
    has_time = start.time() != now.replace(tzinfo=None).time() or any(
        ch.isdigit() for ch in found[0][0]
    )
    return Raw(start, has_time, readings=len({m for _, m in found}))


def _recognizers(entry: dict[str, Any], text: str) -> Raw:
    from app.skills.time_reader import _model

    _, now = _context(entry)
    reference = now.replace(tzinfo=None, microsecond=0)
    results = _model(_lang(entry)).parse(text, reference)
    moments = []
    for result in results:
        values = (result.resolution or {}).get("values") or []
        if not values:
            continue
        value = values[-1]  # the future reading when there are two
        raw = value.get("value") or value.get("start")
        if not raw:
            continue
        kind = value.get("type", "")
        if kind in ("time", "timerange"):
            raw = f"{reference.date().isoformat()} {raw}"
        try:
            start = datetime.fromisoformat(raw)
        except ValueError:
            continue
        end = value.get("end")
        end_at = None
        if end and kind in ("datetimerange", "timerange"):
            raw_end = f"{reference.date().isoformat()} {end}" if kind == "timerange" else end
            try:
                end_at = datetime.fromisoformat(raw_end)
            except ValueError:
                end_at = None
        moments.append(Raw(start, kind not in ("date", "daterange"), end_at))
    if not moments:
        return Raw(None)
    first = moments[0]
    first.readings = len(moments)
    return first


def _ctparse(entry: dict[str, Any], text: str) -> Raw:
    if _lang(entry) != "en":
        return Raw(None)
    from ctparse.ctparse import ctparse
    from ctparse.types import Interval, Time

    _, now = _context(entry)
    reference = now.replace(tzinfo=None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = ctparse(text, ts=reference, timeout=1.0)
    if parsed is None:
        return Raw(None)
    resolution = parsed.resolution
    if isinstance(resolution, Interval):
        start, end = resolution.t_from, resolution.t_to
    elif isinstance(resolution, Time):
        start, end = resolution, None
    else:  # a bare duration ("in 3 hours" is one)
        return Raw(None)
    if start is None or start.year is None:
        return Raw(None)

    def naive(t: Any) -> datetime | None:
        if t is None or t.year is None or t.month is None or t.day is None:
            return None
        return datetime(t.year, t.month, t.day, t.hour or 0, t.minute or 0)

    return Raw(naive(start), start.hour is not None, naive(end) if end is not None else None)


def _timefhuman(entry: dict[str, Any], text: str) -> Raw:
    if _lang(entry) != "en":
        return Raw(None)
    from timefhuman import timefhuman
    from timefhuman.utils import tfhConfig

    _, now = _context(entry)
    try:
        found = timefhuman(text, config=tfhConfig(now=now.replace(tzinfo=None)))
    except Exception:
        return Raw(None)
    if not found:
        return Raw(None)
    first = found[0]
    if isinstance(first, tuple) and len(first) == 2:
        start, end = first
        if isinstance(start, datetime):
            return Raw(start, True, end if isinstance(end, datetime) else None, len(found))
        return Raw(None)
    if isinstance(first, datetime):
        return Raw(first, True, readings=len(found))
    return Raw(None, False)  # a date, a duration or a list


PARSERS: dict[str, Callable[[dict[str, Any], str], Raw]] = {
    "dateparser": _dateparser,
    "recognizers": _recognizers,
    "ctparse": _ctparse,
    "timefhuman": _timefhuman,
}


def raw_reader(name: str) -> Reader:
    """The parser alone: whatever it returns is stored (a day without a time asks)."""
    parse = PARSERS[name]

    def read(entry: dict[str, Any]) -> Outcome:
        tz, _ = _context(entry)
        raw = parse(entry, entry["text"])
        if raw.start is None or not raw.has_time:
            return Outcome(ASK)
        start = raw.start.replace(tzinfo=tz)
        end = _local(raw.end.replace(tzinfo=tz), tz) if raw.end else None
        return Outcome(_local(start, tz), end)

    return read


def ruled_reader(name: str) -> Reader:
    """The parser behind the generic rules: casual forms written out first; vague words, a day
    without a time, two different readings or a past moment → ask; seconds dropped."""
    from app.skills import time_words

    parse = PARSERS[name]

    def read(entry: dict[str, Any]) -> Outcome:
        tz, now = _context(entry)
        lang = _lang(entry)
        text = time_words.normalize(entry["text"], lang)
        raw = parse(entry, text)
        if raw.start is None or not raw.has_time or raw.readings > 1:
            return Outcome(ASK)
        if time_words.VAGUE[lang].search(text):
            return Outcome(ASK)
        start = raw.start.replace(second=0, microsecond=0, tzinfo=tz)
        if start < now - timedelta(seconds=0):
            return Outcome(ASK)
        end = _local(raw.end.replace(tzinfo=tz), tz) if raw.end else None
        return Outcome(_local(start, tz), end)

    return read


def readers() -> dict[str, Reader]:
    out: dict[str, Reader] = {"read_time (recognizers + rule book)": read_time_reader}
    for name in PARSERS:
        out[f"{name} raw"] = raw_reader(name)
        out[f"{name} + rules"] = ruled_reader(name)
    return out


# -- scoring ----------------------------------------------------------------------------------


@dataclass
class Score:
    entries: int
    exact: int
    silent_wrong: int
    ask_when_answerable: int
    p50_ms: float
    p95_ms: float
    failures: list[dict[str, Any]]

    @property
    def exact_rate(self) -> float:
        return self.exact / self.entries if self.entries else 0.0

    def figures(self) -> dict[str, Any]:
        return {
            "entries": self.entries,
            "exact_match": round(self.exact_rate, 4),
            "silent_wrong": self.silent_wrong,
            "ask_when_answerable": self.ask_when_answerable,
            "p50_ms": round(self.p50_ms, 2),
            "p95_ms": round(self.p95_ms, 2),
        }


def judge(entry: dict[str, Any], outcome: Outcome) -> str:
    """ "exact", "silent_wrong" (stored and wrong, or stored where "ask" was expected),
    "ask_when_answerable", or "wrong_ask" (never: ask is always right when "ask" is expected)."""
    expected = entry["expected"]
    if expected == ASK:
        return "exact" if outcome.start == ASK else "silent_wrong"
    if outcome.start == ASK:
        return "ask_when_answerable"
    if outcome.start != expected:
        return "silent_wrong"
    if entry.get("end") and outcome.end != entry["end"]:
        return "silent_wrong"  # the right start with a wrong (or a default) end is stored wrong
    return "exact"


def score(entries: list[dict[str, Any]], reader: Reader) -> Score:
    timings: list[float] = []
    counts = {"exact": 0, "silent_wrong": 0, "ask_when_answerable": 0}
    failures = []
    for entry in entries:
        started = clock.perf_counter()
        try:
            outcome = reader(entry)
        except Exception as error:  # a crash stores nothing
            outcome = Outcome(ASK)
            entry = {**entry, "error": repr(error)}
        timings.append((clock.perf_counter() - started) * 1000)
        verdict = judge(entry, outcome)
        counts[verdict] += 1
        if verdict != "exact":
            failures.append(
                {
                    "id": entry["id"],
                    "category": entry["category"],
                    "verdict": verdict,
                    "text": entry["text"],
                    "expected": entry["expected"]
                    + (f"/{entry['end']}" if entry.get("end") else ""),
                    "got": outcome.start + (f"/{outcome.end}" if outcome.end else ""),
                }
            )
    quantiles = statistics.quantiles(timings, n=20) if len(timings) > 1 else timings * 19
    return Score(
        entries=len(entries),
        exact=counts["exact"],
        silent_wrong=counts["silent_wrong"],
        ask_when_answerable=counts["ask_when_answerable"],
        p50_ms=statistics.median(timings) if timings else 0.0,
        p95_ms=quantiles[18] if quantiles else 0.0,
        failures=failures,
    )


def warm_up() -> None:
    """Load every parser's data once so no first call is timed."""
    from app.skills.when import warm_up as warm_app

    warm_app()
    entry = {"id": "en-x", "text": "tomorrow at 3pm", "ref": "2026-01-01T09:00", "tz": "UTC"}
    for name in PARSERS:
        for lang in ("en", "es"):
            PARSERS[name]({**entry, "id": f"{lang}-x"}, entry["text"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--lang",
        default="en,es",
        help="comma-separated tables: en, es, mixed, unseen-en, unseen-es",
    )
    parser.add_argument("--only", default="", help="readers whose name contains this")
    parser.add_argument("--failures", default="", help="list the failures of this reader")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if not (TABLE / "en.jsonl").exists():
        print(f"no time table in {TABLE.relative_to(ROOT)}: skipped")
        return 0
    logging.getLogger("ctparse").setLevel(logging.CRITICAL)
    warm_up()
    results: dict[str, dict[str, Any]] = {}
    chosen = {k: v for k, v in readers().items() if args.only in k}
    for lang in args.lang.split(","):
        entries = load_table(lang)
        print(f"\n{lang}: {len(entries)} entries")
        print(f"{'reader':38} {'exact':>7} {'silent-wrong':>13} {'ask-answerable':>15} "
              f"{'p50 ms':>8} {'p95 ms':>8}")  # fmt: skip
        for name, reader in chosen.items():
            if lang != "en" and name.split()[0] in ("ctparse", "timefhuman"):
                continue  # English-only parsers
            result = score(entries, reader)
            results.setdefault(name, {})[lang] = result.figures()
            print(
                f"{name:38} {result.exact_rate:>7.1%} {result.silent_wrong:>13} "
                f"{result.ask_when_answerable:>15} {result.p50_ms:>8.1f} {result.p95_ms:>8.1f}"
            )
            if args.failures and args.failures in name:
                for failure in result.failures:
                    print("   ", json.dumps(failure, ensure_ascii=False))
    args.output.write_text(
        json.dumps({"measured": datetime.now(UTC).isoformat(), "readers": results}, indent=2) + "\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
