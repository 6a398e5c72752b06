"""The messages the load generator sends (``bench/locustfile.py``) and ``bench.overhead`` replays:
three carry a time, three are small talk, one asks the knowledge base, one lists the calendar."""

from __future__ import annotations

MESSAGES = [
    "what's on my calendar friday",
    "remind me to call mom at 5pm",
    "add buy milk to my to-do list",
    "hello there",
    "thanks a lot",
    "what is dvc used for",
    "what can you do",
    "schedule a meeting with Ana tomorrow at 10",
]
