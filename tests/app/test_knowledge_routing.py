"""Short and vague knowledge messages through the whole assistant, on
``data/knowledge-eval/routing.jsonl`` (written apart from the code by a writer who read only the
knowledge base; see its ROUTING.md), per language and kind: the share answered from the right
document, and the share of negatives ("bank fees", "mis clases de mañana") answered at all.
``python -m bench.routing --misses`` prints the same table and the misses.

Measured when the topic answers landed (before: the same messages without them):
en topic 0.902 (0.608), vague 0.689 (0.541), negatives answered 0.075 (0.075); es topic 0.857
(0.571), vague 0.766 (0.688), negatives answered 0.100 (0.100). The floors below are those
figures rounded down (negatives: up), so a regression fails. At stop 38: en topic 0.941, vague
0.705, negatives 0.075; es topic 0.918, vague 0.812 (the Spanish vague floor raised), negatives
0.100."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from tests.conftest import ROOT

MESSAGES = ROOT / "data" / "knowledge-eval" / "routing.jsonl"
FLOORS = {
    ("en", "topic"): 0.88,
    ("en", "vague"): 0.73,
    ("es", "topic"): 0.83,
    ("es", "vague"): 0.80,
}
CEILINGS = {("en", "negative"): 0.10, ("es", "negative"): 0.125}


@pytest.fixture
def counts(app: Any, client: Any) -> dict[tuple[str, str], Counter[str]]:
    from bench.routing import client_chat, evaluate, load_messages, table, users

    if not MESSAGES.is_file():
        pytest.skip("data/ not materialized")
    found, misses = evaluate(load_messages(MESSAGES), client_chat(client, users(app)))
    print("\n" + table(found) + "\n" + "\n".join(misses))
    return found


def test_short_and_vague_messages_reach_the_right_document(counts: Any) -> None:
    from bench.routing import share

    assert {lang for lang, _ in counts} == {"en", "es"}
    assert sum(sum(c.values()) for c in counts.values()) >= 250
    low = {k: round(share(counts, *k), 3) for k in FLOORS if share(counts, *k) < FLOORS[k]}
    high = {k: round(share(counts, *k), 3) for k in CEILINGS if share(counts, *k) > CEILINGS[k]}
    assert not low, f"below the floor: {low}"
    assert not high, f"negatives answered above the ceiling: {high}"


# Colloquial questions with a detail (data/knowledge-eval/colloquial.jsonl, written by another
# writer who read only the knowledge base: see its COLLOQUIAL.md), through the whole assistant.
# Measured at stop 37: before the two knowledge fixes of that stop, en 0.811, es 0.667, negatives
# answered en 0.133, es 0.100; after the first (kept) en 0.811, es 0.700, en 0.167, es 0.100. A
# second fix raised es to 0.744 but answered more negatives (en 0.200, es 0.200) and quoted the
# wrong document more often: it was left out. Stop 38's fix (a stated quantity's line, ages and
# spans, two questions in one): en 0.822, es 0.711, negatives unchanged; its second (the side of
# a date a quantity is on, a part left unanswered): en 0.833, es 0.722 (one more Spanish answer
# from another document, one fewer "I don't know" twice). Floors: the figures rounded down
# (ceilings: up). Stop 40 writes texting shorthand out before a message is read ("q" → "que",
# "u" → "you", "xq" → "porque"): en vague 0.705 → 0.738, es colloquial questions 0.722 → 0.767;
# one more Spanish negative answered ("olvide mi clave de yape q hago" now quotes the password
# reset: "q" had kept it under the rescue's coverage, the tidy "qué hago" was answered before).
COLLOQUIAL = ROOT / "data" / "knowledge-eval" / "colloquial.jsonl"
COLLOQUIAL_FLOORS = {("en", "question"): 0.83, ("es", "question"): 0.76}
COLLOQUIAL_CEILINGS = {("en", "negative"): 0.17, ("es", "negative"): 0.14}


def test_colloquial_questions_reach_the_right_document(app: Any, client: Any) -> None:
    from bench.routing import client_chat, evaluate, load_messages, share, table, users

    if not COLLOQUIAL.is_file():
        pytest.skip("data/ not materialized")
    counts, misses = evaluate(load_messages(COLLOQUIAL), client_chat(client, users(app)))
    print("\n" + table(counts) + "\n" + "\n".join(misses))
    assert sum(sum(c.values()) for c in counts.values()) == 240
    low = {
        k: round(share(counts, *k), 3)
        for k in COLLOQUIAL_FLOORS
        if share(counts, *k) < COLLOQUIAL_FLOORS[k]
    }
    high = {
        k: round(share(counts, *k), 3)
        for k in COLLOQUIAL_CEILINGS
        if share(counts, *k) > COLLOQUIAL_CEILINGS[k]
    }
    assert not low, f"below the floor: {low}"
    assert not high, f"negatives answered above the ceiling: {high}"
