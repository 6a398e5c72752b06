"""What every JSON body must be before a route reads it: nested at most ``MAX_DEPTH`` deep, and
every string (keys included) valid Unicode without NUL characters. A lone surrogate cannot be
encoded for the database or the logs and Postgres refuses NUL in text, so both are refused here,
at the edge, with a 422 that names the field, instead of failing deep inside a transaction."""

from __future__ import annotations

from typing import Any

MAX_DEPTH = 32


def _bad_text(value: str) -> str | None:
    if "\x00" in value:
        return "contains a NUL character"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "is not valid Unicode (a lone surrogate)"
    return None


def body_problem(body: Any) -> str | None:
    """Why ``body`` (parsed JSON) cannot be accepted, or None when it can."""
    stack: list[tuple[str, Any, int]] = [("body", body, 0)]
    while stack:
        where, value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return f"the request body is nested more than {MAX_DEPTH} levels deep"
        if isinstance(value, str):
            problem = _bad_text(value)
            if problem:
                return f"{where} {problem}"
        elif isinstance(value, dict):
            for key, item in value.items():
                problem = _bad_text(key)
                if problem:
                    return f"a key of {where} {problem}"
                stack.append((key if where == "body" else f"{where}.{key}", item, depth + 1))
        elif isinstance(value, list):
            stack.extend((f"{where}[{i}]", item, depth + 1) for i, item in enumerate(value))
    return None
