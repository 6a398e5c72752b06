"""Per-token rate limits (Flask-Limiter) and the response cache (Flask-Caching).

Both keep their state in memory for the embedded default and in Redis when
``SLIPWAY_REDIS_URL`` is set, so that several replicas share limits and cached answers.
"""

from __future__ import annotations

from flask import Flask, g, request
from flask_caching import Cache
from flask_limiter import Limiter

from app.settings import AppSettings


def _key() -> str:
    token_id = g.get("token_id")
    return f"token:{token_id}" if token_id is not None else f"ip:{request.remote_addr}"


_UNLIMITED = frozenset({"/", "/schedule", "/healthz", "/readyz", "/metrics", "/openapi.json"})


def _exempt() -> bool:
    """Probes, metrics, docs and pages are never limited; every other route is."""
    path = request.path
    return path in _UNLIMITED or path.startswith(("/docs", "/static/"))


def init_app(app: Flask, settings: AppSettings) -> None:
    limiter = Limiter(
        key_func=_key,
        default_limits=[settings.rate_limit],
        default_limits_exempt_when=_exempt,
        headers_enabled=True,
        storage_uri=settings.redis_url or "memory://",
        key_prefix="slipway",
        strategy="fixed-window",
        swallow_errors=True,  # a Redis outage must not turn every request into a 500 ...
        in_memory_fallback_enabled=True,  # ... limits then hold per process until it is back
    )
    limiter.init_app(app)
    app.extensions["slipway.limiter"] = limiter
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
