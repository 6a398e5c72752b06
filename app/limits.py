"""Per-token rate limits (Flask-Limiter) and the response cache (Flask-Caching).

Both keep their state in memory for the embedded default and in Redis when
``SLIPWAY_REDIS_URL`` is set, so that several replicas share limits and cached answers.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from typing import Any

from flask import Flask, current_app, g, request
from flask_caching import Cache
from flask_limiter import Limiter
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter, RateLimiter

from app.errors import ApiError
from app.settings import AppSettings

log = logging.getLogger(__name__)


def client_address() -> str:
    """The client's address: behind ``trusted_proxy_hops`` proxies, ProxyFix has already put the
    client's own (from ``X-Forwarded-For``) into ``remote_addr``."""
    return request.remote_addr or "unknown"


def _key() -> str:
    token_id = g.get("token_id")
    return f"token:{token_id}" if token_id is not None else f"ip:{client_address()}"


_UNLIMITED = frozenset({"/healthz", "/readyz", "/metrics", "/openapi.json"})


def _exempt() -> bool:
    """Probes, metrics, docs and the pages (which have their own per-address limit) are exempt
    from the per-token limit; every other route has it."""
    path = request.path
    return (
        path in _UNLIMITED or path.startswith(("/docs", "/static/")) or request.blueprint == "web"
    )


class Throttles:
    """Limits kept in the limiter's storage (memory, or the Redis the replicas share) outside
    Flask-Limiter's per-route accounting: pages per address, failed authentications per address."""

    def __init__(self, limiter: Limiter, settings: AppSettings) -> None:
        self.limiter = limiter
        self.page: RateLimitItem = parse(settings.page_rate_limit)
        self.auth_failures: RateLimitItem = parse(settings.auth_failure_limit)
        # like Flask-Limiter's own fallback: while Redis is unreachable, count in this process
        self._fallback = FixedWindowRateLimiter(SweptMemoryStorage())

    def _strategy(self) -> RateLimiter:
        return self.limiter.limiter

    def _call(self, method: str, item: RateLimitItem, *keys: str) -> Any:
        try:
            return getattr(self._strategy(), method)(item, *keys)
        except Exception:  # the shared storage is down: degrade, never fail the request
            log.warning("rate-limit storage unavailable; counting in this process", exc_info=True)
            return getattr(self._fallback, method)(item, *keys)

    def _retry_after(self, item: RateLimitItem, *keys: str) -> str:
        reset, _ = self._call("get_window_stats", item, *keys)
        return str(max(1, math.ceil(reset - time.time())))

    def page_view(self) -> None:
        """Count a page request of this address; 429 ``rate_limited`` beyond the page limit."""
        address = client_address()
        if not self._call("hit", self.page, "page", address):
            raise ApiError(
                429,
                "rate_limited",
                f"too many page requests from this address: the limit is {self.page}; retry later",
                headers={"Retry-After": self._retry_after(self.page, "page", address)},
            )

    def check_authentication_allowed(self) -> None:
        """429 ``auth_throttled`` while this address is over its failed-authentication limit."""
        address = client_address()
        if not self._call("test", self.auth_failures, "auth-failure", address):
            raise ApiError(
                429,
                "auth_throttled",
                "too many failed authentications from this address; retry after the time in "
                "the Retry-After header with a valid token",
                headers={
                    "Retry-After": self._retry_after(self.auth_failures, "auth-failure", address)
                },
            )

    def authentication_failed(self) -> None:
        self._call("hit", self.auth_failures, "auth-failure", client_address())


class SweptMemoryStorage(MemoryStorage):
    """limits' in-process storage (the embedded default), its expired keys swept at most once a
    second by the request that finds the sweep due, instead of by a timer thread it starts again
    on every hit that follows a quiet 10 ms: on a busy worker that was a thread start per request,
    the request waiting for the new thread to run. Counting is unchanged: a key past its expiry
    reads as zero (``get``) whether it has been swept or not."""

    STORAGE_SCHEME = ["slipway+memory"]  # noqa: RUF012  # the base class declares it so
    SWEEP_EVERY = 1.0

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: str):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self._next_sweep = 0.0
        self._sweeping = threading.Lock()

    def _MemoryStorage__schedule_expiry(self) -> None:  # noqa: N802  # the base's private hook
        now = time.monotonic()
        if now < self._next_sweep or not self._sweeping.acquire(blocking=False):
            return
        try:
            self._next_sweep = now + self.SWEEP_EVERY
            self._MemoryStorage__expire_events()  # type: ignore[attr-defined]
        finally:
            self._sweeping.release()


def throttles() -> Throttles:
    value: Throttles = current_app.extensions["slipway.throttles"]
    return value


def init_app(app: Flask, settings: AppSettings) -> None:
    limiter = Limiter(
        key_func=_key,
        default_limits=[settings.rate_limit],
        default_limits_exempt_when=_exempt,
        headers_enabled=True,
        storage_uri=settings.redis_url or f"{SweptMemoryStorage.STORAGE_SCHEME[0]}://",
        key_prefix="slipway",
        strategy="fixed-window",
        swallow_errors=True,  # a Redis outage must not turn every request into a 500 ...
        in_memory_fallback_enabled=True,  # ... limits then hold per process until it is back
    )
    limiter.init_app(app)
    app.extensions["slipway.limiter"] = limiter
    app.extensions["slipway.throttles"] = Throttles(limiter, settings)

    @app.before_request
    def _pages() -> None:
        if request.blueprint == "web" and not request.path.startswith("/docs"):
            throttles().page_view()

    config: dict[str, object]
    if settings.redis_url:
        config = {
            "CACHE_TYPE": "RedisCache",
            "CACHE_REDIS_URL": settings.redis_url,
            "CACHE_KEY_PREFIX": "slipway:cache:",
        }
    else:
        config = {"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": 2000}
    config["CACHE_DEFAULT_TIMEOUT"] = settings.cache_ttl
    cache = Cache(config=config)
    cache.init_app(app)
    app.extensions["slipway.cache"] = cache


def cache_of(app: Flask) -> Cache:
    value: Cache = app.extensions["slipway.cache"]
    return value
