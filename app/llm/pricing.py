"""Estimated cost of a call from the price table in the settings (USD per million tokens)."""

from __future__ import annotations

from collections.abc import Mapping


def price_of(table: Mapping[str, tuple[float, float]], model: str) -> tuple[float, float] | None:
    """The (prompt, completion) price of ``model``: exact name, else the longest table name it
    starts with ("gpt-4o-mini-2024-07-18" → "gpt-4o-mini"); None if the table has neither."""
    if model in table:
        return table[model]
    prefixes = [name for name in table if model.startswith(name)]
    return table[max(prefixes, key=len)] if prefixes else None


def cost_usd(
    table: Mapping[str, tuple[float, float]], model: str, prompt: int, completion: int
) -> float:
    price = price_of(table, model)
    if price is None:
        return 0.0
    return (prompt * price[0] + completion * price[1]) / 1_000_000
