"""Security headers on every response: a Content-Security-Policy with no inline script, nosniff,
no framing, no referrer. TLS ends at the load balancer, so nothing is redirected here; HSTS is sent
on requests that arrived over HTTPS (``X-Forwarded-Proto`` through ProxyFix).

The one relaxation is ``/docs``: Swagger UI's page starts itself with an inline script.

flask-talisman decides the headers: at start-up it answers one probe request per kind of response
(a page, the docs page, each over HTTP and HTTPS) and the headers it added are kept; each response
then gets the ready list of its kind, instead of Talisman parsing its options and policies again on
every request (a measured 4 % of a ``/v1/intent`` request). ``tests/app/test_speed.py`` checks the
headers stay equal to Talisman's own on the same routes."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, request
from flask_talisman import Talisman

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",
    "connect-src": "'self'",
    "font-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
DOCS_CSP = {**CSP, "script-src": "'self' 'unsafe-inline'"}
DOCS_ENDPOINTS = frozenset({"openapi.docs", "openapi.swagger_ui_oauth_redirect"})
# The Flask config keys flask-talisman sets on the app it guards (the app keeps no session yet)
SESSION_KEYS = ("SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE")
# What a bare Flask response carries before any security header is added
_BARE = frozenset({"Content-Type", "Content-Length"})


def _talisman_probe() -> tuple[dict[tuple[bool, bool], list[tuple[str, str]]], dict[str, Any]]:
    """``(docs page?, https?) -> the headers flask-talisman adds``, and the session settings it
    puts in the config, read from a throwaway app guarded exactly as this one is."""
    probe = Flask("slipway-security-probe")
    probe.add_url_rule("/page", "page", lambda: "")
    probe.add_url_rule("/docs", "docs", lambda: "")
    guard = Talisman()
    guard.init_app(
        probe,
        force_https=False,  # TLS ends at the load balancer
        content_security_policy=CSP,
        frame_options="DENY",
        referrer_policy="no-referrer",
        session_cookie_secure=False,  # the app keeps no session cookie; local serving is HTTP
    )
    probe.view_functions["docs"] = guard(content_security_policy=DOCS_CSP)(
        probe.view_functions["docs"]
    )
    client = probe.test_client()
    kinds: dict[tuple[bool, bool], list[tuple[str, str]]] = {}
    for docs, path in ((False, "/page"), (True, "/docs")):
        for https in (False, True):
            answer = client.get(path, headers={"X-Forwarded-Proto": "https" if https else "http"})
            kinds[(docs, https)] = [(k, v) for k, v in answer.headers.items() if k not in _BARE]
    return kinds, {key: probe.config[key] for key in SESSION_KEYS}


def init_app(app: Flask) -> None:
    kinds, session = _talisman_probe()
    app.config.update(session)  # as Talisman's init_app does (Flask's defaults exist already)

    @app.after_request
    def _security_headers(response: Response) -> Response:
        https = request.is_secure or request.headers.get("X-Forwarded-Proto", "http") == "https"
        headers = response.headers
        for name, value in kinds[(request.endpoint in DOCS_ENDPOINTS, https)]:
            headers[name] = value  # set, not added: one value per header, as Talisman does
        return response
