"""Rate limits (the ``limits`` library) and the response cache (Flask-Caching).

Both keep their state in memory for the embedded default and in Redis when
``SLIPWAY_REDIS_URL`` is set, so that several replicas share limits and cached answers.

Every limit is one ``limits`` fixed window in one storage, counted by :class:`Throttles`: the
per-token request limit on each API route, page views per address, failed authentications per
address. (Flask-Limiter did the per-token limit until stop 23; its generic per-request machinery
cost ≈ 0.12 ms of a 0.73 ms ``/v1/intent``. The buckets, keys, 429 body and headers are the same:
the limit counts per token and per route, ``LIMITER/slipway/<key>/<endpoint>/...`` in the store.)
"""

from __future__ import annotations

import ipaddress
import logging
import math
import threading
import time
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, Response, current_app, g, request
from flask_caching import Cache
from limits import RateLimitItem, parse, parse_many
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import FixedWindowRateLimiter
from werkzeug.middleware.proxy_fix import ProxyFix

from app.errors import ApiError
from app.i18n import _, ngettext
from app.settings import AppSettings

log = logging.getLogger(__name__)
T = TypeVar("T")


class CheckedProxyFix(ProxyFix):
    """Werkzeug's ProxyFix whose ``X-Forwarded-For`` entry becomes the client's address only
    when it is an IP address: "not-an-ip", "1.2.3.4:5678" or "[::1]:80" keep the peer's
    (probe 39, O-L3: a client reaching the app port directly rotated such values past the
    per-address limits). A proxy that appends the address it saw never sends those."""

    def _get_real_value(self, trusted: int, value: str | None) -> str | None:
        found = super()._get_real_value(trusted, value)
        if found is None:
            return None
        try:
            ipaddress.ip_address(found)
        except ValueError:
            return None
        return found


def client_address() -> str:
    """The client's address: behind ``trusted_proxy_hops`` proxies, ProxyFix has already put the
    client's own (from ``X-Forwarded-For``) into ``remote_addr``."""
    return request.remote_addr or "unknown"


def _key() -> str:
    token_id = g.get("token_id")
    return f"token:{token_id}" if token_id is not None else f"ip:{client_address()}"


def limit_text(item: RateLimitItem) -> str:
    """A limit as people read it, in the current language: "3 per 1 minute"."""
    n = item.multiples
    unit = item.GRANULARITY.name
    if unit == "second":
        period = ngettext("%(num)d second", "%(num)d seconds", n)
    elif unit == "minute":
        period = ngettext("%(num)d minute", "%(num)d minutes", n)
    elif unit == "hour":
        period = ngettext("%(num)d hour", "%(num)d hours", n)
    elif unit == "day":
        period = ngettext("%(num)d day", "%(num)d days", n)
    elif unit == "month":
        period = ngettext("%(num)d month", "%(num)d months", n)
    elif unit == "year":
        period = ngettext("%(num)d year", "%(num)d years", n)
    else:
        return str(item)
    return _("%(amount)s per %(period)s", amount=item.amount, period=period)


_UNLIMITED = frozenset({"/healthz", "/readyz", "/metrics", "/openapi.json"})


def _exempt() -> bool:
    """Unknown routes (the 404/405 says so), probes, metrics, docs and the pages (which have their
    own per-address limit) are exempt from the per-token limit; every other route has it."""
    path = request.path
    return (
        request.endpoint is None
        or path in _UNLIMITED
        or path.startswith(("/docs", "/static/"))
        or request.blueprint == "web"
    )


class Throttles:
    """The app's limits, counted in one storage (memory, or the Redis the replicas share)."""

    #: after the shared storage fails, count in this process for this long before trying it again
    RETRY_STORAGE_AFTER = 5.0
    #: the windows whose end this process remembers (past ones are dropped first)
    WINDOWS_KEPT = 10_000

    def __init__(self, settings: AppSettings) -> None:
        self._strategy = FixedWindowRateLimiter(
            storage_from_string(settings.redis_url or f"{SweptMemoryStorage.STORAGE_SCHEME[0]}://")
        )
        # the shortest window first; a request counts in each until one is over
        self.requests: list[RateLimitItem] = sorted(parse_many(settings.rate_limit))
        self.page: RateLimitItem = parse(settings.page_rate_limit)
        self.auth_failures: RateLimitItem = parse(settings.auth_failure_limit)
        self.llm_turns: list[RateLimitItem] = sorted(parse_many(settings.llm_turn_limit))
        # while Redis is unreachable, count in this process (limits then hold per replica)
        self._fallback = FixedWindowRateLimiter(SweptMemoryStorage())
        self._storage_down_until = 0.0
        self._window_ends: dict[str, float] = {}

    def _use(self, action: Callable[[FixedWindowRateLimiter], T]) -> T:
        """``action`` on the shared storage's limiter, or on this process' while it is down."""
        if time.monotonic() >= self._storage_down_until:
            try:
                return action(self._strategy)
            except Exception:  # the shared storage is down: degrade, never fail the request
                log.warning("rate-limit storage down; counting in this process", exc_info=True)
                self._storage_down_until = time.monotonic() + self.RETRY_STORAGE_AFTER
        return action(self._fallback)

    def _call(self, method: str, item: RateLimitItem, *keys: str) -> Any:
        return self._use(lambda limiter: getattr(limiter, method)(item, *keys))

    def _count(self, item: RateLimitItem, *keys: str) -> int:
        """Count one request in ``item``'s window and return the window's count with it: the
        storage's own increment under the fixed-window strategy's ``hit`` (which only says
        whether the request fits), so the headers need not read the count again."""
        key = item.key_for(*keys)
        return self._use(lambda limiter: int(limiter.storage.incr(key, item.get_expiry())))

    def _window_end(self, item: RateLimitItem, keys: tuple[str, ...], count: int) -> float:
        """When the window of ``item`` for ``keys`` ends (epoch seconds).

        Both storages set a window's expiry once, when a hit opens it (the count is then 1), so
        the end is known without asking the store: from this request when it opened the window,
        else from an earlier read of this process, kept until the window is over. Only a window
        another replica opened (or one this process has not seen yet) costs a read."""
        key = item.key_for(*keys)
        now = time.time()
        if count == 1:
            end = now + item.get_expiry()
        else:
            end = self._window_ends.get(key, 0.0)
            if end <= now:
                end = self._use(lambda limiter: float(limiter.storage.get_expiry(key)))
        if len(self._window_ends) >= self.WINDOWS_KEPT:
            self._window_ends = {k: v for k, v in self._window_ends.items() if v > now}
            if len(self._window_ends) >= self.WINDOWS_KEPT:
                self._window_ends = {}
        self._window_ends[key] = end
        return end

    def _retry_after(self, item: RateLimitItem, *keys: str) -> str:
        reset, _remaining = self._call("get_window_stats", item, *keys)
        return str(max(1, math.ceil(reset - time.time())))

    def request_limit(self) -> None:
        """Count this request of its token (or address) on its route; 429 ``rate_limited`` once
        a window is full. The response then carries the limit's ``X-RateLimit-*`` headers."""
        if _exempt():
            return
        keys = ("slipway", _key(), str(request.endpoint))
        for i, item in enumerate(self.requests):
            count = self._count(item, *keys)
            if i == 0 or count > item.amount:
                g.rate_limit = (item, keys, count)
            if count > item.amount:
                raise ApiError(
                    429,
                    "rate_limited",
                    _(
                        "too many requests: the limit is %(limit)s; retry later",
                        limit=limit_text(item),
                    ),
                )

    def limit_headers(self, response: Response) -> Response:
        """``X-RateLimit-Limit``/``-Remaining``/``-Reset`` of the limit this request counted in
        (the one it broke, or the shortest), and on a 429 ``Retry-After`` (seconds to the
        window's end): on any other answer there is nothing to retry after."""
        counted: tuple[RateLimitItem, tuple[str, ...], int] | None = g.get("rate_limit")
        if counted is None:
            return response
        item, keys, count = counted
        # the whole second after the window ends (as Flask-Limiter)
        reset_at = int(self._window_end(item, keys, count)) + 1
        response.headers["X-RateLimit-Limit"] = str(item.amount)
        response.headers["X-RateLimit-Remaining"] = str(max(0, item.amount - count))
        response.headers["X-RateLimit-Reset"] = str(reset_at)
        if response.status_code == 429:
            response.headers["Retry-After"] = str(int(reset_at - time.time()))
        return response

    def llm_turn(self, user_id: int) -> bool:
        """Count an LLM turn of ``user_id``; False once a window of ``SLIPWAY_LLM_TURN_LIMIT``
        is full (that turn is then answered on the local path)."""
        return all(self._call("hit", item, "llm-turn", str(user_id)) for item in self.llm_turns)

    def page_view(self) -> None:
        """Count a page request of this address; 429 ``rate_limited`` beyond the page limit."""
        address = client_address()
        if not self._call("hit", self.page, "page", address):
            raise ApiError(
                429,
                "rate_limited",
                _(
                    "too many page requests from this address: the limit is %(limit)s; retry later",
                    limit=limit_text(self.page),
                ),
                headers={"Retry-After": self._retry_after(self.page, "page", address)},
            )

    def authentication_failed(self) -> ApiError | None:
        """Count a failed authentication of this address; the 429 ``auth_throttled`` to answer
        instead of the 401 when the address was already over its limit (that guess is not
        counted again, so the window ends when it would have). Asked only once a token failed:
        a valid token passes whatever its address's count (probe 36, O-M2), so a request that
        authenticates costs no read of the count (with Redis, a round trip a request)."""
        address = client_address()
        if self._call("test", self.auth_failures, "auth-failure", address):
            self._call("hit", self.auth_failures, "auth-failure", address)
            return None
        return ApiError(
            429,
            "auth_throttled",
            _(
                "too many failed authentications from this address; a valid token is still "
                "accepted, others after the time in the Retry-After header"
            ),
            headers={"Retry-After": self._retry_after(self.auth_failures, "auth-failure", address)},
        )


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
    return throttles_of(current_app)


def throttles_of(app: Flask) -> Throttles:
    value: Throttles = app.extensions["slipway.throttles"]
    return value


def init_app(app: Flask, settings: AppSettings) -> None:
    guard = Throttles(settings)
    app.extensions["slipway.throttles"] = guard

    @app.before_request
    def _limits() -> None:
        if request.blueprint == "web" and not request.path.startswith("/docs"):
            guard.page_view()
        else:
            guard.request_limit()

    app.after_request(guard.limit_headers)

    config: dict[str, object]
    if not settings.cache_ttl:  # Flask-Caching reads a timeout of 0 as "never expires"
        config = {"CACHE_TYPE": "NullCache"}
    elif settings.redis_url:
        config = {
            "CACHE_TYPE": "RedisCache",
            "CACHE_REDIS_URL": settings.redis_url,
            "CACHE_KEY_PREFIX": "slipway:cache:",
        }
    else:
        config = {"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": 2000}
    config["CACHE_DEFAULT_TIMEOUT"] = settings.cache_ttl
    cache = Cache(config=config)
    with warnings.catch_warnings():  # its warning that NullCache caches nothing: that is asked
        warnings.filterwarnings("ignore", "Flask-Caching: CACHE_TYPE is set to NullCache")
        cache.init_app(app)
    app.extensions["slipway.cache"] = cache


def cache_of(app: Flask) -> Cache:
    value: Cache = app.extensions["slipway.cache"]
    return value
