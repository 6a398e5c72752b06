"""Learning pathways: not built yet. The reply says so instead of inventing recommendations."""

from __future__ import annotations

from app.skills.base import Reply, Skill, Turn


class LearningPath(Skill):
    name = "learning_path"
    intents = frozenset({"learning_path"})

    def handle(self, turn: Turn) -> Reply:
        return Reply(
            "Personal learning pathways (courses matched to your profile and to job-market "
            "demand) are not available yet: that feature comes in a later release, so I won't "
            "guess a recommendation. Meanwhile I can answer questions about Ruta Academy's "
            "courses, schedules, fees and certificates.",
            {"available": False},
        )
