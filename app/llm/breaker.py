"""A circuit breaker: after N consecutive failed requests the endpoint is not called for a
cool-down; then one trial request decides (success closes it, failure opens it again).

It counts requests, not attempts: the client asks it once per request and tells it once, when
the request succeeds or gives up, so a request whose retries all failed is one failure (with the
defaults, 5 failed requests of 3 attempts each open it, not 2).

Its state is per process: under gunicorn each worker has its own breaker, and the
``slipway_llm_circuit_open`` gauge reports the maximum over the live workers.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from app import metrics

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half_open"


class CircuitBreaker:
    def __init__(
        self, failures: int, cooldown: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.failures = failures
        self.cooldown = cooldown
        self.clock = clock
        self._lock = threading.Lock()
        self._state = CLOSED
        self._count = 0
        self._opened_at = 0.0
        self._trial = False
        metrics.LLM_CIRCUIT_OPEN.set(0)

    @property
    def state(self) -> str:
        with self._lock:
            if self._state == OPEN and self.clock() >= self._opened_at + self.cooldown:
                return HALF_OPEN
            return self._state

    def allow(self) -> bool:
        """May a call be made now? (While half open, only one trial call at a time.)"""
        with self._lock:
            if self._state == OPEN:
                if self.clock() < self._opened_at + self.cooldown:
                    return False
                self._state, self._trial = HALF_OPEN, False
            if self._state == HALF_OPEN:
                if self._trial:
                    return False
                self._trial = True
            return True

    def success(self) -> None:
        with self._lock:
            self._state, self._count, self._trial = CLOSED, 0, False
            metrics.LLM_CIRCUIT_OPEN.set(0)

    def failure(self) -> None:
        with self._lock:
            self._count += 1
            if self._state == HALF_OPEN or self._count >= self.failures:
                self._state, self._opened_at, self._trial = OPEN, self.clock(), False
                metrics.LLM_CIRCUIT_OPEN.set(1)
