"""The messages the load generator sends (``bench/locustfile.py``) and ``bench.overhead`` replays:
three carry a time (a day's calendar, a reminder, a meeting), one adds a to-do, three are small
talk and one asks the knowledge base (``tests/app/test_bench_messages.py`` checks the mix)."""

from __future__ import annotations

MESSAGES = [
    "what's on my calendar friday",
    "remind me to call mom at 5pm",
    "add buy milk to my to-do list",
    "hello there",
    "thanks a lot",
    "what are the campus opening hours on saturday",
    "what can you do",
    "schedule a meeting with Ana tomorrow at 10",
]
