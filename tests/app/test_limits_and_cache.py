"""Per-token rate limits and the knowledge-answer cache, in memory and on a real Redis."""

from __future__ import annotations

import time
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


# the commands the limits' Redis storage sends (INFO's commandstats also counts the ones its Lua
# scripts run, as incrby and expire)
SENT = ("get", "mget", "evalsha", "eval", "ttl", "pttl")


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
    remaining = []
    for _ in range(3):
        ok = ana.get("/v1/users/me")
        assert ok.status_code == 200
        assert ok.headers["X-RateLimit-Limit"] == "3"
        assert "Retry-After" not in ok.headers  # only a 429 has something to retry after
        remaining.append(ok.headers["X-RateLimit-Remaining"])
    assert remaining == ["2", "1", "0"]
    r = ana.get("/v1/users/me")
    assert r.status_code == 429
    assert r.json["code"] == "rate_limited"
    assert r.json["message"] == "too many requests: the limit is 3 per 1 minute; retry later"
    assert 0 < int(r.headers["Retry-After"]) <= 61
    assert int(r.headers["X-RateLimit-Reset"]) > time.time()
    assert ana.get("/v1/info").status_code == 200  # the limit counts per route
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


@pytest.mark.system
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_limited_request_costs_one_redis_command(app_settings: Any, redis_url: str) -> None:
    """Behind the shared limits, an authenticated API request asks Redis once: the window's
    increment (the failed-authentication count is read only when a token fails; it was read on
    every request, a second round trip). The headers' count comes from the increment, and the
    window's end from this process, once it has read or opened the window: a replica reads it
    once."""
    import redis

    server = redis.Redis.from_url(redis_url)
    server.flushdb()
    first = _build(app_settings, redis_url, "100/minute")
    second = _build(app_settings, redis_url, "100/minute")  # another replica
    token, _ = make_user(first, "ana")
    one, two = Api(first.test_client(), token, 0, "a"), Api(second.test_client(), token, 0, "a")

    def commands() -> int:  # the ones a client sends (not those a script runs)
        stats = server.info("commandstats")
        return sum(int(stats.get(f"cmdstat_{name}", {}).get("calls", 0)) for name in SENT)

    one.get("/v1/users/me")  # the window opened (and the Lua script loaded)
    before = commands()
    seen = [one.get("/v1/users/me").headers for _ in range(10)]
    seen += [two.get("/v1/users/me").headers]  # the first request of the other replica
    seen += [two.get("/v1/users/me").headers for _ in range(9)]
    spent = commands() - before
    assert spent == 20 + 1  # one read of the window's end, by the second replica
    assert [h["X-RateLimit-Remaining"] for h in seen] == [str(98 - i) for i in range(20)]
    # one window: each replica says one end; the second reads it from Redis's TTL, in whole
    # seconds, so the two may differ by the one second the rounding can move it
    ends = [{int(h["X-RateLimit-Reset"]) for h in half} for half in (seen[:10], seen[10:])]
    assert [len(one_end) for one_end in ends] == [1, 1]
    assert abs(min(ends[0]) - min(ends[1])) <= 1
    assert 0 < int(seen[-1]["X-RateLimit-Reset"]) - time.time() <= 61


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
def test_a_cache_ttl_of_0_turns_the_cache_off(app_settings: Any, store: str | None) -> None:
    """Flask-Caching keeps an entry with a timeout of 0 forever; ``SLIPWAY_CACHE_TTL=0`` (for
    questions whose asking must stay private, review 176 S-L5) kept every answer for good."""
    from prometheus_client import REGISTRY

    def hits() -> float:
        return REGISTRY.get_sample_value("slipway_cache_requests_total", {"result": "hit"}) or 0

    app = create_app_with(app_settings, store, cache_ttl=0)
    token, _ = make_user(app, "ana")
    api = Api(app.test_client(), token, 0, "ana")
    before = hits()
    question = "What are the Saturday opening hours of the Arequipa campus?"
    first, second = api.chat(question), api.chat(question)
    assert first["skill"] == second["skill"] == "knowledge"
    assert first["reply"] == second["reply"]
    assert (first["cached"], second["cached"]) == (False, False)
    assert hits() == before
    if store:
        import redis

        assert not redis.Redis.from_url(store).keys("slipway:cache:*")


def create_app_with(app_settings: Any, store: str | None, **changes: Any) -> Any:
    from app import create_app

    return create_app(app_settings.model_copy(update={"redis_url": store, **changes}))


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


def _app(app_settings: Any, store: str | None, **update: Any) -> Any:
    from app import create_app

    return create_app(app_settings.model_copy(update={"redis_url": store, **update}))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_pages_have_a_per_address_limit(app_settings: Any, store: str | None) -> None:
    """Pages need no token: they are limited per client address, apart from the token limit."""
    app = _app(app_settings, store, page_rate_limit="4/minute", rate_limit="2/minute")
    client = app.test_client()
    first = {"REMOTE_ADDR": "203.0.113.7"}
    for path in ("/", "/schedule", "/pathways", "/pathways"):
        assert client.get(path, environ_overrides=first).status_code == 200, path
    over = client.get("/pathways", environ_overrides=first)
    assert over.status_code == 429
    assert over.json["code"] == "rate_limited"
    assert int(over.headers["Retry-After"]) >= 1
    assert client.get("/", environ_overrides={"REMOTE_ADDR": "203.0.113.8"}).status_code == 200
    assert client.get("/docs", environ_overrides=first).status_code == 200  # docs: no page limit


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_trusted_proxy_hops_decide_whose_address_counts(app_settings: Any) -> None:
    """Behind one trusted proxy every client has its own bucket; untrusted headers are ignored."""
    behind_alb = _app(app_settings, None, page_rate_limit="2/minute", trusted_proxy_hops=1)
    direct = _app(app_settings, None, page_rate_limit="2/minute")
    alb = {"REMOTE_ADDR": "10.0.1.5"}  # the load balancer, the same for everyone
    for app, separate in ((behind_alb, True), (direct, False)):
        client = app.test_client()
        codes = [
            client.get(
                "/", environ_overrides=alb, headers={"X-Forwarded-For": f"198.51.100.{i}"}
            ).status_code
            for i in range(4)
        ]
        assert codes == ([200] * 4 if separate else [200, 200, 429, 429])


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    "forwarded", ["not-an-ip-{i}", "1.2.3.4:56{i}", "[::1]:8{i}", "2001:db8::{i}x", ""]
)
def test_a_forwarded_address_that_is_no_address_is_not_the_clients(
    app_settings: Any, forwarded: str
) -> None:
    """Probe 39, O-L3: with one trusted hop, "not-an-ip" or "1.2.3.4:5678" became the client's
    address as sent: rotated, they escaped the per-address limits. The peer's counts then."""
    app = _app(app_settings, None, page_rate_limit="2/minute", trusted_proxy_hops=1)
    client = app.test_client()
    peer = {"REMOTE_ADDR": "192.0.2.77"}
    codes = [
        client.get(
            "/", environ_overrides=peer, headers={"X-Forwarded-For": forwarded.format(i=i)}
        ).status_code
        for i in range(4)
    ]
    assert codes == [200, 200, 429, 429]
    ipv6 = client.get("/", environ_overrides=peer, headers={"X-Forwarded-For": "2001:db8::7"})
    assert ipv6.status_code == 200  # a real address, IPv6 too, is the client's


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_failed_authentication_is_throttled_per_address(
    app_settings: Any, store: str | None
) -> None:
    app = _app(app_settings, store, auth_failure_limit="3/minute")
    client = app.test_client()
    token, _ = make_user(app, "ana")
    guesser = {"REMOTE_ADDR": "192.0.2.10"}
    bad = {"Authorization": "Bearer slw_guess"}
    for _ in range(3):
        r = client.get("/v1/users/me", headers=bad, environ_overrides=guesser)
        assert r.status_code == 401
        assert r.json["code"] == "invalid_token"
    for _ in range(3):
        r = client.get("/v1/users/me", headers=bad, environ_overrides=guesser)
        assert r.status_code == 429
        assert r.json["code"] == "auth_throttled"
        assert int(r.headers["Retry-After"]) >= 1
    # a valid token from the throttled address still passes (probe 36, O-M2: one guesser behind
    # a shared address locked everyone there out), and its success does not end the throttle
    for headers in ({"Authorization": f"Bearer {token}"}, {"X-Slipway-Token": token}):
        r = client.get("/v1/users/me", headers=headers, environ_overrides=guesser)
        assert r.status_code == 200, r.json
    r = client.get("/v1/users/me", headers=bad, environ_overrides=guesser)
    assert r.json["code"] == "auth_throttled"
    # another address, and the public routes, are not affected
    other = {"REMOTE_ADDR": "192.0.2.11"}
    ok = client.get(
        "/v1/users/me", headers={"Authorization": f"Bearer {token}"}, environ_overrides=other
    )
    assert ok.status_code == 200
    assert client.get("/healthz", environ_overrides=guesser).status_code == 200
    # a request without any token is not a guess: it does not count
    for _ in range(5):
        r = client.get("/v1/users/me", environ_overrides=other)
        assert r.status_code == 401
    assert (
        client.get(
            "/v1/users/me", headers={"Authorization": f"Bearer {token}"}, environ_overrides=other
        ).status_code
        == 200
    )


def test_a_down_limit_store_is_retried_only_after_a_pause(
    app_settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While Redis is down every limit counts in this process; the store is tried again after
    RETRY_STORAGE_AFTER seconds, not on every request (each try would wait on a connect)."""
    from limits import parse

    from app.limits import Throttles
    from tests.conftest import free_port

    guard = Throttles(
        app_settings.model_copy(update={"redis_url": f"redis://127.0.0.1:{free_port()}/0"})
    )
    tries: list[str] = []
    hit = guard._strategy.hit

    def counted(*args: Any, **kwargs: Any) -> bool:
        tries.append("redis")
        return hit(*args, **kwargs)

    monkeypatch.setattr(guard._strategy, "hit", counted)
    item = parse("2/minute")
    assert [guard._call("hit", item, "k") for _ in range(3)] == [True, True, False]  # in process
    assert tries == ["redis"]
    guard._storage_down_until = 0.0  # the pause is over
    assert guard._call("hit", item, "k") is False
    assert tries == ["redis", "redis"]


def test_the_remembered_window_ends_stay_bounded(
    app_settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A window's end is remembered until the window is over, and never for more than
    WINDOWS_KEPT windows: past ones are dropped first, then all."""
    from limits import parse

    from app.limits import Throttles

    guard = Throttles(app_settings.model_copy(update={"redis_url": None}))
    monkeypatch.setattr(Throttles, "WINDOWS_KEPT", 5)
    item = parse("10/minute")
    opened = time.time()
    ends = [
        guard._window_end(item, ("k", str(i)), guard._count(item, "k", str(i))) for i in range(12)
    ]
    assert all(opened + 60 <= end <= time.time() + 60 for end in ends)
    assert len(guard._window_ends) <= 5
    now = time.time()
    guard._window_ends = {"gone": now - 1, **{f"live{i}": now + 60 for i in range(3)}}
    guard._window_end(item, ("k", "0"), guard._count(item, "k", "0"))  # 2nd hit: remembered end
    assert "gone" in guard._window_ends  # under the bound: nothing dropped
    guard._window_end(item, ("k", "new"), guard._count(item, "k", "new"))  # at the bound
    assert "gone" not in guard._window_ends
    assert {"live0", "live1", "live2", item.key_for("k", "new")} <= set(guard._window_ends)
