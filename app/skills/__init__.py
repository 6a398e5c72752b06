"""Skills behind one interface (:class:`app.skills.base.Skill`), one module each."""

from __future__ import annotations

from app.skills.base import Reply, Skill, Turn

__all__ = ["Reply", "Skill", "Turn"]
