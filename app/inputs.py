"""What every JSON body must be before a route reads it: nested at most ``MAX_DEPTH`` deep, and
every string (keys included) valid Unicode without NUL characters. A lone surrogate cannot be
encoded for the database or the logs and Postgres refuses NUL in text, so both are refused here,
at the edge, with a 422 that names the field, instead of failing deep inside a transaction.

The problems are worded in the current language (the request's, see :mod:`app.i18n`)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from app.i18n import _

MAX_DEPTH = 32
MAX_NAME = 80
# Characters that change how a terminal or an editor shows the text around them: the bidi
# embeddings, overrides and isolates ("Trojan Source") and the line and paragraph separators
_REORDERING = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029")
_NUL = "nul"
_SURROGATE = "surrogate"


@dataclass(frozen=True)
class BodyProblem:
    """Why a body cannot be accepted: ``message`` in the current language; ``nested`` when it
    is nested too deep (a malformed body, 400) rather than a bad value (422)."""

    message: str
    nested: bool = False


def _bad_text(value: str) -> str | None:
    if "\x00" in value:
        return _NUL
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE
    return None


def clean_text(value: str) -> str:
    """``value`` held to the rule client input is held to: its NUL characters dropped and each
    lone surrogate replaced by U+FFFD (text from elsewhere, the LLM's above all, is cleaned
    rather than refused: it is stored, cached, logged and streamed like a user's)."""
    if _bad_text(value) is None:
        return value
    return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in value if c != "\x00")


def is_clean(value: Any) -> bool:
    """Whether ``value`` is a string that :func:`clean_text` would leave as it is."""
    return isinstance(value, str) and _bad_text(value) is None


def check_body(body: Any) -> BodyProblem | None:
    """Why ``body`` (parsed JSON) cannot be accepted, or None when it can."""
    stack: list[tuple[str, Any, int]] = [("body", body, 0)]
    while stack:
        where, value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return BodyProblem(
                _("the request body is nested more than %(depth)s levels deep", depth=MAX_DEPTH),
                nested=True,
            )
        if isinstance(value, str):
            bad = _bad_text(value)
            if bad == _NUL:
                return BodyProblem(_("%(field)s contains a NUL character", field=where))
            if bad == _SURROGATE:
                return BodyProblem(
                    _("%(field)s is not valid Unicode (a lone surrogate)", field=where)
                )
        elif isinstance(value, dict):
            for key, item in value.items():
                bad = _bad_text(key)
                if bad == _NUL:
                    return BodyProblem(
                        _("a key of %(field)s contains a NUL character", field=where)
                    )
                if bad == _SURROGATE:
                    return BodyProblem(
                        _("a key of %(field)s is not valid Unicode (a lone surrogate)", field=where)
                    )
                stack.append((key if where == "body" else f"{where}.{key}", item, depth + 1))
        elif isinstance(value, list):
            stack.extend((f"{where}[{i}]", item, depth + 1) for i, item in enumerate(value))
    return None


def body_problem(body: Any) -> str | None:
    """Why ``body`` (parsed JSON) cannot be accepted, in words, or None when it can."""
    problem = check_body(body)
    return None if problem is None else problem.message


def name_problem(name: str) -> str | None:
    """Why ``name`` (already stripped) cannot be a user name, or None when it can: 1 to
    ``MAX_NAME`` characters, valid Unicode, and no control or text-reordering characters (a
    name is printed in terminals by `slipway users list` and in the web pages' greetings, where
    an escape sequence would rewrite what is shown). In English: only the commands ask (``slipway
    users create``, ``slipway users ensure``), never a request."""
    if not name or len(name) > MAX_NAME:
        return f"a user name is 1 to {MAX_NAME} characters"
    bad = _bad_text(name)
    if bad == _NUL:
        return "the user name contains a NUL character"
    if bad == _SURROGATE:
        return "the user name is not valid Unicode (a lone surrogate)"
    for char in name:
        if unicodedata.category(char) == "Cc" or char in _REORDERING:
            return (
                f"the user name contains the control character U+{ord(char):04X}: use letters, "
                "digits, spaces and punctuation"
            )
    return None
