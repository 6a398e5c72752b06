"""Per-token rate limits and the knowledge-answer cache, in memory and on a real Redis."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.app.conftest import Api, make_user


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    from tests.servers import redis_server

    with redis_server() as url:
        yield url


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.system)])
def store(request: pytest.FixtureRequest) -> str | None:
    if request.param == "memory":
        return None
    url: str = request.getfixturevalue("redis_url")
    import redis

    redis.Redis.from_url(url).flushdb()
    return url


def _build(app_settings: Any, store: str | None, limit: str) -> Any:
    from app import create_app

    return create_app(app_settings.model_copy(update={"redis_url": store, "rate_limit": limit}))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_rate_limit_per_token_with_retry_after(app_settings: Any, store: str | None) -> None:
    app = _build(app_settings, store, "3/minute")
    client = app.test_client()
    a, _ = make_user(app, "ana")
    b, _ = make_user(app, "bruno")
    ana = Api(client, a, 0, "ana")
    for _ in range(3):
        assert ana.get("/v1/users/me").status_code == 200
    r = ana.get("/v1/users/me")
    assert r.status_code == 429
    assert r.json["code"] == "rate_limited"
    assert int(r.headers["Retry-After"]) > 0
    assert Api(client, b, 0, "bruno").get("/v1/users/me").status_code == 200  # per token
    for _ in range(5):
        assert client.get("/healthz").status_code == 200  # probes are never limited


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_replicas_share_limits_through_redis(app_settings: Any, redis_url: str) -> None:
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    first = _build(app_settings, redis_url, "4/minute")
    second = _build(app_settings, redis_url, "4/minute")  # another replica, same database
    token, _ = make_user(first, "ana")
    one, two = Api(first.test_client(), token, 0, "a"), Api(second.test_client(), token, 0, "a")
    assert [one.get("/v1/users/me").status_code for _ in range(2)] == [200, 200]
    assert [two.get("/v1/users/me").status_code for _ in range(2)] == [200, 200]
    assert one.get("/v1/users/me").status_code == 429
    assert two.get("/v1/users/me").status_code == 429


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_knowledge_cache(app_settings: Any, store: str | None) -> None:
    app = _build(app_settings, store, "100/minute")
    token, _ = make_user(app, "ana")
    api = Api(app.test_client(), token, 0, "ana")
    question = "What are the Saturday opening hours of the Arequipa campus?"
    first = api.chat(question)
    second = api.chat("  what are the saturday opening hours of the arequipa campus ")
    assert first["skill"] == "knowledge"
    assert (first["cached"], second["cached"]) == (False, True)
    if store:
        import redis

        keys = redis.Redis.from_url(store).keys("slipway:cache:*")
        assert any(b"faq:3:" in k for k in keys)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_redis_outage_degrades_instead_of_failing(app_settings: Any) -> None:
    from tests.conftest import free_port

    app = _build(app_settings, f"redis://127.0.0.1:{free_port()}/0", "100/minute")
    token, _ = make_user(app, "ana")
    api = Api(app.test_client(), token, 0, "ana")
    r = api.chat("What are the Saturday opening hours of the Arequipa campus?")
    assert r["skill"] == "knowledge"
    assert r["cached"] is False
    assert api.get("/v1/users/me").status_code == 200
