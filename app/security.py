"""Security headers on every response: a Content-Security-Policy with no inline script, nosniff,
no framing, no referrer. TLS ends at the load balancer, so nothing is redirected here; HSTS is sent
on requests that arrived over HTTPS (``X-Forwarded-Proto`` through ProxyFix).

``/docs`` (Swagger UI) starts itself with an inline script: its pages allow exactly their own
inline scripts, by their SHA-256 hashes (CSP level 2), not every inline script
(``'unsafe-inline'``), so a script injected into the page on the token's origin still cannot run.

flask-talisman decides the headers: at start-up it answers one probe request per kind of response
(a page, the docs page, each over HTTP and HTTPS) and the headers it added are kept; each response
then gets the ready list of its kind, instead of Talisman parsing its options and policies again on
every request (a measured 4 % of a ``/v1/intent`` request). ``tests/app/test_speed.py`` checks the
headers stay equal to Talisman's own on the same routes."""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
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
DOCS_ENDPOINTS = frozenset({"openapi.docs", "openapi.swagger_ui_oauth_redirect"})
# The Flask config keys flask-talisman sets on the app it guards (the app keeps no session yet)
SESSION_KEYS = ("SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE")
# What a bare Flask response carries before any security header is added
_BARE = frozenset({"Content-Type", "Content-Length"})


@cache
def _talisman_probe() -> tuple[dict[bool, list[tuple[str, str]]], dict[str, Any]]:
    """``https? -> the headers flask-talisman adds``, and the session settings it puts in the
    config, read from a throwaway app guarded exactly as this one is (once per process: the
    options are constants; the callers only read the answer)."""
    probe = Flask("slipway-security-probe")
    probe.add_url_rule("/page", "page", lambda: "")
    guard = Talisman()
    guard.init_app(
        probe,
        force_https=False,  # TLS ends at the load balancer
        content_security_policy=CSP,
        frame_options="DENY",
        referrer_policy="no-referrer",
        session_cookie_secure=False,  # the app keeps no session cookie; local serving is HTTP
    )
    client = probe.test_client()
    kinds: dict[bool, list[tuple[str, str]]] = {}
    for https in (False, True):
        answer = client.get("/page", headers={"X-Forwarded-Proto": "https" if https else "http"})
        kinds[https] = [(k, v) for k, v in answer.headers.items() if k not in _BARE]
    return kinds, {key: probe.config[key] for key in SESSION_KEYS}


_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script>", re.S | re.I)


def script_hashes(html: str) -> list[str]:
    """The CSP sources allowing exactly the inline scripts of ``html`` (``'sha256-…'``: the
    hash of each script's text as the browser reads it)."""
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(m.group(1).encode()).digest()).decode() + "'"
        for m in _INLINE_SCRIPT.finditer(html)
    ]


def _allow_own_scripts(policy: str, response: Response) -> str:
    """``policy`` with the response's own inline scripts added to ``script-src``."""
    hashes = script_hashes(response.get_data(as_text=True))
    if not hashes:
        return policy
    parts = [part.strip() for part in policy.split(";")]
    return "; ".join(
        f"{part} {' '.join(hashes)}" if part.split(" ", 1)[0] == "script-src" else part
        for part in parts
    )


def init_app(app: Flask) -> None:
    kinds, session = _talisman_probe()
    app.config.update(session)  # as Talisman's init_app does (Flask's defaults exist already)

    @app.after_request
    def _security_headers(response: Response) -> Response:
        https = request.is_secure or request.headers.get("X-Forwarded-Proto", "http") == "https"
        headers = response.headers
        for name, value in kinds[https]:
            headers[name] = value  # set, not added: one value per header, as Talisman does
        if request.path.startswith("/v1/"):
            # a user's own data (conversations, to-dos, the profile): kept by no cache, the
            # browser's disk included; X-Slipway-Token is no Authorization for shared caches
            # (review 176, S-L7)
            headers["Cache-Control"] = "no-store"
        if request.endpoint in DOCS_ENDPOINTS and not response.is_streamed:
            policy = headers["Content-Security-Policy"]
            headers["Content-Security-Policy"] = _allow_own_scripts(policy, response)
        return response
