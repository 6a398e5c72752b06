"""How many LLM turns may be in flight at once: per process, and per user.

A turn on the LLM path holds one of the worker's threads while the model answers (up to
``SLIPWAY_LLM_DEADLINE``); one user's concurrent slow turns could hold them all and make every
other request of the worker wait. So a process lets at most ``total`` LLM turns run at once (by
default the worker's threads minus one: one thread is always left for local-path requests) and
a user at most ``per_user``; a turn over either cap is answered at once on the local path
(``fallback_reason: llm_busy``). The counts are per process, like the breaker's.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable


class InFlight:
    def __init__(self, total: int, per_user: int) -> None:
        self.total = total
        self.per_user = per_user
        self._lock = threading.Lock()
        self._count = 0
        self._by_user: dict[Hashable, int] = {}

    def take(self, user: Hashable) -> bool:
        """A slot for one LLM turn of ``user``, or False when a cap is reached."""
        with self._lock:
            mine = self._by_user.get(user, 0)
            if self._count >= self.total or mine >= self.per_user:
                return False
            self._count += 1
            self._by_user[user] = mine + 1
            return True

    def give(self, user: Hashable) -> None:
        """Give back a slot taken by :meth:`take`."""
        with self._lock:
            self._count -= 1
            left = self._by_user.get(user, 1) - 1
            if left > 0:
                self._by_user[user] = left
            else:
                self._by_user.pop(user, None)


def total_for(configured: int, threads: int) -> int:
    """The process cap: ``configured``, or (0) the worker's threads minus one, at least 1."""
    return configured if configured > 0 else max(1, threads - 1)
