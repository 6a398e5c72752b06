"""Security headers on every response: a CSP with no inline script (``/docs`` alone runs its own
inline start-up scripts, allowed by their hashes), nosniff, no framing, no referrer; HSTS only
over HTTPS."""

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
def test_the_docs_pages_run_only_their_own_inline_scripts(client: Any) -> None:
    """Found by an independent tester: ``/docs`` allowed every inline script
    (``'unsafe-inline'``) on the origin where the web chat keeps the token."""
    import base64
    import hashlib
    import re

    for path in ("/docs", "/docs/oauth2-redirect"):
        page = client.get(path)
        assert page.status_code == 200
        sources = _csp(page)["script-src"].split()
        assert "'unsafe-inline'" not in sources
        assert _csp(page)["frame-ancestors"] == "'none'"
        inline = re.findall(r"<script>(.*?)</script>", page.get_data(as_text=True), re.S)
        assert inline, path
        expected = [
            "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
            for s in inline
        ]
        assert sources == ["'self'", *expected], path
    # an inline script the page did not carry is not allowed
    assert "'sha256-" not in _csp(client.get("/"))["script-src"]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_hsts_over_https_behind_the_trusted_proxy(app_settings: Any) -> None:
    from app import create_app

    app = create_app(app_settings.model_copy(update={"trusted_proxy_hops": 1}))
    client = app.test_client()
    https = client.get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert "max-age=" in https.headers["Strict-Transport-Security"]
    assert "Strict-Transport-Security" not in client.get("/healthz").headers
