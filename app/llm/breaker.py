"""A circuit breaker that stops calling an endpoint that is down, and backs off a user whose own
requests keep failing, without cutting everyone else off (probe 36, O-M1).

- **Per user**: after N consecutive failed requests of one user (``failures``), that user's
  turns do not call the endpoint for a cool-down (``cooldown``; the refusal's reason is
  ``user_backoff``); then their next request is tried, and a success clears it. One user's
  stalls (their prompt, their tool loop) cost only that user the LLM path.
- **Shared**: after N consecutive failed requests (no success between) that came from at least
  ``users`` different users within one cool-down, nobody's turns call the endpoint for the
  cool-down (``circuit_open``); then one trial request decides (success closes it, failure opens
  it again). Only the shared circuit sets ``slipway_llm_circuit_open``: it says the endpoint is
  taken as down for everyone, never that one user is backed off.

It counts requests, not attempts: the client asks it once per request and tells it once, when
the request succeeds or gives up, so a request whose retries all failed is one failure (with the
defaults, 5 failed requests of 3 attempts each open it, not 2).

Its state is per process: under gunicorn each worker has its own breaker, and the
``slipway_llm_circuit_open`` gauge reports the maximum over the live workers.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable

from app import metrics

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half_open"
CIRCUIT_OPEN, USER_BACKOFF = "circuit_open", "user_backoff"  # the refusals' reasons
_PRUNE_AT = 4096  # users remembered before the ones whose back-off has long ended are dropped


class CircuitBreaker:
    def __init__(
        self,
        failures: int,
        cooldown: float,
        users: int = 1,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.failures = failures
        self.cooldown = cooldown
        self.users = users
        self.clock = clock
        self._lock = threading.Lock()
        self._state = CLOSED
        self._count = 0
        self._opened_at = 0.0
        self._trial = False
        self._failed_by: dict[Hashable, float] = {}  # user → last failure, since the last success
        self._by_user: dict[Hashable, tuple[int, float]] = {}  # user → (streak, last failure)
        metrics.LLM_CIRCUIT_OPEN.set(0)

    @property
    def state(self) -> str:
        """The shared circuit's state."""
        with self._lock:
            if self._state == OPEN and self.clock() >= self._opened_at + self.cooldown:
                return HALF_OPEN
            return self._state

    def backed_off(self, user: Hashable = None) -> bool:
        """Is ``user`` backed off now (their own failures, whatever the shared state)?"""
        with self._lock:
            return self._user_waits(user)

    def _user_waits(self, user: Hashable) -> bool:
        streak, last = self._by_user.get(user, (0, 0.0))
        return streak >= self.failures and self.clock() < last + self.cooldown

    def refusal(self, user: Hashable = None) -> str | None:
        """None when ``user`` may make a call now, else why not: ``circuit_open`` (the shared
        circuit, first) or ``user_backoff``. While the shared circuit is half open, only one
        trial call at a time, and a backed-off user's request never takes the trial."""
        with self._lock:
            if self._state == OPEN and self.clock() < self._opened_at + self.cooldown:
                return CIRCUIT_OPEN
            if self._user_waits(user):
                return USER_BACKOFF
            if self._state == OPEN:
                self._state, self._trial = HALF_OPEN, False
            if self._state == HALF_OPEN:
                if self._trial:
                    return CIRCUIT_OPEN
                self._trial = True
            return None

    def allow(self, user: Hashable = None) -> bool:
        """May a call be made now (see :meth:`refusal`)?"""
        return self.refusal(user) is None

    def success(self, user: Hashable = None) -> None:
        with self._lock:
            self._state, self._count, self._trial = CLOSED, 0, False
            self._failed_by.clear()
            self._by_user.pop(user, None)
            metrics.LLM_CIRCUIT_OPEN.set(0)

    def failure(self, user: Hashable = None) -> None:
        with self._lock:
            now = self.clock()
            streak, _ = self._by_user.get(user, (0, 0.0))
            self._by_user[user] = (streak + 1, now)
            if len(self._by_user) > _PRUNE_AT:
                self._by_user = {
                    u: (n, at) for u, (n, at) in self._by_user.items() if now < at + self.cooldown
                }
            self._count += 1
            self._failed_by[user] = now
            recent = sum(1 for at in self._failed_by.values() if now < at + self.cooldown)
            if self._state == HALF_OPEN or (self._count >= self.failures and recent >= self.users):
                self._state, self._opened_at, self._trial = OPEN, now, False
                metrics.LLM_CIRCUIT_OPEN.set(1)
