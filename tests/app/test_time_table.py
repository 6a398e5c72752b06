"""The time reader on the time table ``data/time-eval/{en,es,mixed}.jsonl`` (evaluation data
written apart from the code): no time stored wrong, and at least 97 % read exactly, per language;
the code-switched messages (``mixed``, English and Spanish in one message) per user locale; and
the unseen messages (``unseen-{en,es}``, a later writer's, never tuned on): no time stored wrong,
and at least the share read exactly when they came in.

Entries known to fail are listed below with a strict xfail each, so a fix flips them; the
table is never special-cased in the reader.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any

import pytest

from bench.time_parsers import TABLE, Score, load_table, read_time_reader, score

LANGS = ("en", "es")
UNSEEN = {"en": "unseen-en", "es": "unseen-es"}
TABLES = (*LANGS, "mixed", *UNSEEN.values())
GOAL = 0.97
#: id prefix → table
PREFIXES = {"en": "en", "es": "es", "mx": "mixed", "ue": "unseen-en", "us": "unseen-es"}

# id → why the reader asks where the table expects a time (never a wrong stored time)
KNOWN_FAILING: dict[str, str] = {
    "mx-0036": "'el 1' (a Spanish day of the month) inside English is not read: it asks",
    "mx-0103": "'el 31' (a Spanish day of the month) inside English is not read: it asks",
    "mx-0046": "'el 20/2' in a message read as Spanish with an English clock: it asks",
    "mx-0047": "'on 5 de Mayo street' reads as a date beside 'tomorrow': two days, it asks",
    "mx-0061": "'como a las 10:30pm': an approximate time inside English asks",
    "mx-0089": "'Cinco de Mayo' (a name of a day, not a holiday the reader knows): it asks",
    "mx-0070": "'a la 1' inside a message read as Spanish with 'tomorrow': it asks",
    "mx-0105": "'the friday after next' inside Spanish: the qualifier after it is not read",
    # the unseen messages: each asks where the writer read a time (none stores a wrong one)
    "ue-0017": "'Block out 12 on Friday': a bare 12 with no 'at' is not read as noon: it asks",
    "ue-0058": "'the night before at 9pm' after 'on Tuesday at 10:40am': not counted from it",
    "ue-0090": "an ISO date with a clock time ('2026-12-07 10:00'): it asks",
    "ue-0100": "'11 to 1pm' with no 'from': the range's start is not read, so it asks",
    "ue-0101": "'10pm to 2am friday night': a range over midnight before its day asks",
    "ue-0102": "'half 2 till 4': the British half hour opening a range asks",
    "ue-0141": "'Sunday Riley' (a brand) beside 'tonight at 8': two days, it asks",
    "ue-0144": "'Noon Bakery on 5th Ave' beside 'at 5:30pm': read as more times, it asks",
    "us-0022": "'entro temprano al laburo' is not read as an early wake-up: the bare 6 asks",
    "us-0057": "'la noche anterior a las 9' after 'el jueves a las 11': not counted from it",
    "us-0110": "'a las 18 hrs … por 45 minutos': the duration after the clock asks",
}
#: the least share read exactly of the unseen messages, by language: what the reader reached on
#: them at stop 50, after the fixes for the wrong times they found (en 91.8 % and es 97.7 % before)
UNSEEN_GOALS = {"en": 0.947, "es": 0.982}
#: the least share read exactly of the code-switched messages, by the user's locale
MIXED_GOALS = {"en": 0.9, "es": 0.95}


def _present() -> bool:
    return all((TABLE / f"{table}.jsonl").exists() for table in TABLES)


def _skip_or_fail() -> None:
    if os.environ.get("CI"):
        pytest.fail(f"the time table is missing from {TABLE} (dvc pull)")
    pytest.skip("the time table is not in data/time-eval (dvc pull)")


@cache
def _entries(lang: str) -> tuple[dict[str, Any], ...]:
    return tuple(load_table(lang)) if _present() else ()


@cache
def _scored(lang: str) -> Score:
    return score(list(_entries(lang)), read_time_reader)


def _params() -> list[Any]:
    params = []
    for table in TABLES:
        for entry in _entries(table):
            marks = []
            if entry["id"] in KNOWN_FAILING:
                marks.append(pytest.mark.xfail(reason=KNOWN_FAILING[entry["id"]], strict=True))
            params.append(pytest.param(entry, id=entry["id"], marks=marks))
    return params or [pytest.param(None, id="no-table")]


@pytest.mark.parametrize("lang", LANGS)
def test_the_table_is_read_right(lang: str) -> None:
    if not _present():
        _skip_or_fail()
    result = _scored(lang)
    print(f"\n{lang}: {result.figures()}")
    for failure in result.failures:
        print("   ", failure)
    assert result.silent_wrong == 0, [f for f in result.failures if f["verdict"] == "silent_wrong"]
    assert result.exact_rate >= GOAL, result.figures()


@pytest.mark.parametrize("entry", _params())
def test_each_entry(entry: dict[str, Any] | None) -> None:
    if entry is None:
        _skip_or_fail()
        return
    failed = {f["id"]: f for f in _scored(PREFIXES[entry["id"][:2]]).failures}
    assert entry["id"] not in failed, failed.get(entry["id"])


@pytest.mark.parametrize("locale", LANGS)
def test_code_switched_messages_are_read_right(locale: str) -> None:
    if not _present():
        _skip_or_fail()
    result = score([e for e in _entries("mixed") if e["locale"] == locale], read_time_reader)
    print(f"\nmixed, locale {locale}: {result.figures()}")
    for failure in result.failures:
        print("   ", failure)
    assert result.silent_wrong == 0, [f for f in result.failures if f["verdict"] == "silent_wrong"]
    assert result.exact_rate >= MIXED_GOALS[locale], result.figures()


@pytest.mark.parametrize("lang", LANGS)
def test_unseen_messages_store_no_wrong_time(lang: str) -> None:
    """The later writer's messages (never tuned on): a reading either matches the writer's or
    asks; the share read exactly may only grow (it was measured when the files came in)."""
    if not _present():
        _skip_or_fail()
    result = _scored(UNSEEN[lang])
    print(f"\nunseen {lang}: {result.figures()}")
    for failure in result.failures:
        print("   ", failure)
    assert result.silent_wrong == 0, [f for f in result.failures if f["verdict"] == "silent_wrong"]
    assert result.exact_rate >= UNSEEN_GOALS[lang], result.figures()
