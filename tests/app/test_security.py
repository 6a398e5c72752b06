"""Security headers on every response: a CSP with no inline script (``/docs`` alone may run its
inline start-up script), nosniff, no framing, no referrer; HSTS only over HTTPS."""

from __future__ import annotations

from typing import Any

import pytest

from tests.app.conftest import Api

PAGES = ("/", "/schedule", "/pathways", "/favicon.ico", "/healthz", "/openapi.json")


def _csp(response: Any) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {
        part.split(" ", 1)[0]: part.split(" ", 1)[1] if " " in part else ""
        for part in (p.strip() for p in header.split(";"))
        if part
    }


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_every_response_carries_the_headers(client: Any, api: Api) -> None:
    responses = [client.get(path) for path in PAGES]
    responses.append(api.get("/v1/users/me"))
    responses.append(client.get("/v1/users/me"))  # a 401 too
    for r in responses:
        csp = _csp(r)
        assert csp["script-src"] == "'self'", r.request.path
        assert "'unsafe-inline'" not in csp["script-src"]
        assert csp["frame-ancestors"] == "'none'"
        assert csp["object-src"] == "'none'"
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["X-Frame-Options"] == "DENY"
        assert r.headers["Referrer-Policy"] == "no-referrer"
        assert "Strict-Transport-Security" not in r.headers  # plain HTTP here


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_only_the_docs_page_runs_an_inline_script(client: Any) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "'unsafe-inline'" in _csp(docs)["script-src"]
    assert _csp(docs)["frame-ancestors"] == "'none'"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_hsts_over_https_behind_the_trusted_proxy(app_settings: Any) -> None:
    from app import create_app

    app = create_app(app_settings.model_copy(update={"trusted_proxy_hops": 1}))
    client = app.test_client()
    https = client.get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert "max-age=" in https.headers["Strict-Transport-Security"]
    assert "Strict-Transport-Security" not in client.get("/healthz").headers
