"""Skills behind one interface (:class:`app.skills.base.Skill`), one module each."""

from __future__ import annotations

import warnings

from app.skills.base import Reply, Skill, Turn

# Two files of Recognizers-Text (the time reader's parser) carry SyntaxWarnings ('"is" with a
# literal', a missing comma) that Python prints when it first compiles them, i.e. at a fresh
# checkout's first start; they are the library's, and its bytecode is then cached.
warnings.filterwarnings("ignore", category=SyntaxWarning, module=r".*[/\\]recognizers_")

__all__ = ["Reply", "Skill", "Turn"]
