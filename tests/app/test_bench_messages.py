"""``make bench``'s chat load is the mix it says it is (``bench/messages.py``).

Until this test, one message meant for the knowledge base ("what is dvc used for") was read as
"what can I ask you" and answered with the capabilities list: the bench measured no knowledge
turn at all.
"""

from __future__ import annotations

from collections import Counter

from bench.messages import MESSAGES
from bench.run import WARM_MESSAGES
from tests.app.conftest import Api


def test_the_bench_messages_reach_the_skills_they_stand_for(api: Api) -> None:
    answers = [api.post("/v1/chat", json={"message": m}).json for m in MESSAGES]
    skills = Counter(a["skill"] for a in answers)
    assert skills == {"scheduling": 4, "conversation": 3, "knowledge": 1}, answers
    knowledge = [m for m, a in zip(MESSAGES, answers, strict=True) if a["skill"] == "knowledge"]
    assert [a["intent"] for a in answers if a["skill"] == "knowledge"] == ["faq"]
    # the warm-up sends it too, so the knowledge index is built before a measured run
    assert set(knowledge) <= set(WARM_MESSAGES)


def test_the_bench_user_lives_in_the_early_afternoon() -> None:
    """The load says "at 5pm" and "tomorrow at 10": their turns differ with the hour (past and
    asked, or stored), so the bench user's zone is where it is 14:00–14:59 at any hour."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from app.calendar import valid_timezone
    from bench.run import afternoon_zone

    for hour in range(24):
        now = datetime(2026, 12, 5, hour, 59, tzinfo=UTC)
        zone = afternoon_zone(now)
        assert valid_timezone(zone), zone
        assert now.astimezone(ZoneInfo(zone)).hour == 14, (hour, zone)
