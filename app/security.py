"""Security headers on every response (flask-talisman): a Content-Security-Policy with no inline
script, nosniff, no framing, no referrer. TLS ends at the load balancer, so nothing is redirected
here; HSTS is sent on requests that arrived over HTTPS (``X-Forwarded-Proto`` through ProxyFix).

The one relaxation is ``/docs``: Swagger UI's page starts itself with an inline script."""

from __future__ import annotations

from flask import Flask
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
DOCS_ENDPOINTS = ("openapi.docs", "openapi.swagger_ui_oauth_redirect")


def init_app(app: Flask) -> None:
    """Call after every view is registered (the docs views get their own policy)."""
    talisman = Talisman()
    talisman.init_app(
        app,
        force_https=False,
        content_security_policy=CSP,
        frame_options="DENY",
        referrer_policy="no-referrer",
        session_cookie_secure=False,  # the app keeps no session cookie; local serving is HTTP
    )
    for endpoint in DOCS_ENDPOINTS:
        view = app.view_functions.get(endpoint)
        if view is not None:
            app.view_functions[endpoint] = talisman(content_security_policy=DOCS_CSP)(view)
