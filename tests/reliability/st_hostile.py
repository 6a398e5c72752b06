"""Schemathesis hooks: every generated JSON body gets one hostile value (``SCHEMATHESIS_HOOKS``).

Loaded only by the positive-mode run of ``test_schemathesis.py``: a negative case is already
schema-invalid, and poisoning it further could turn it valid by accident (then the
negative-data check would fault the server for accepting it). One field of each body is
replaced by a value of the kind real traffic sends and a schema does not forbid: a lone
surrogate (sent as ``\\ud800`` in JSON), a NUL byte, bidirectional controls, a very long string,
a datetime at the edge of the calendar, a number past 64 bits, or a nesting far deeper than any
body needs (up to 340 levels: Schemathesis itself hashes bodies recursively; the server's limit
is 32, and 3,000 levels are sent by tests/app/test_hostile.py). The server must answer each
with a documented 4xx or a sensible 2xx, never a 5xx.
"""

from __future__ import annotations

import os
from typing import Any

import schemathesis
from hypothesis import strategies as st

TEXTS = (
    "\ud800",
    "meeting \udfff with Ana",
    "\x00",
    "buy eggs\x00 and milk",
    "\u202eevil\u202c",
    "\ufeff\u200b\u200d",
    "Ｒｅｍｉｎｄ ｍｅ",
    "x" * 20_000,
)
TIMES = (
    "9999-12-31T23:59:59-14:00",
    "0001-01-01T00:00:00+14:00",
    "1900-01-01T00:00:00Z",
    "2199-12-31T23:59:59.999999+00:00",
    "2026-02-29T10:00:00Z",
    "2026-12-02T24:00:00Z",
)
NUMBERS = (2**63, -(2**63) - 1, 10**30, 1e308, -1e308, -0.0, 0)


def deep(levels: int) -> Any:
    value: Any = "bottom"
    for _ in range(levels):
        value = [value]
    return value


def hostile_for(value: Any, pick: int) -> Any:
    """A hostile value of the kind ``value`` is (a datetime-looking string gets an edge date)."""
    if isinstance(value, bool) or value is None:
        return (TEXTS + NUMBERS)[pick % (len(TEXTS) + len(NUMBERS))]
    if isinstance(value, str):
        looks_like_time = len(value) >= 10 and value[4:5] == "-" and "T" in value
        pool = TIMES + TEXTS if looks_like_time else TEXTS
        return pool[pick % len(pool)]
    if isinstance(value, int | float):
        return NUMBERS[pick % len(NUMBERS)]
    return deep(40 + pick % 300)


def record(value: Any) -> Any:
    """Append the hostile value's kind to ``HOSTILE_LOG`` (the test checks they were sent)."""
    log = os.environ.get("HOSTILE_LOG")
    if log:
        kind = "nested" if isinstance(value, list) else type(value).__name__
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(kind + "\n")
    return value


def poison(body: dict[str, Any], field: str, pick: int) -> dict[str, Any]:
    return {**body, field: record(hostile_for(body[field], pick))}


@schemathesis.hook
def flatmap_body(ctx: Any, body: Any) -> Any:
    if isinstance(body, dict) and body:
        keys = sorted(body)
        return st.tuples(st.sampled_from(keys), st.integers(0, 10_000)).map(
            lambda chosen: poison(body, *chosen)
        )
    return st.integers(0, 10_000).map(lambda pick: record(deep(40 + pick % 300)))
