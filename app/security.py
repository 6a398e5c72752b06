"""Security headers on every response: a Content-Security-Policy with no inline script, nosniff,
no framing, no referrer. TLS ends at the load balancer, so nothing is redirected here; HSTS is sent
on requests that arrived over HTTPS (``X-Forwarded-Proto`` through ProxyFix).

The one relaxation is ``/docs``: Swagger UI's page starts itself with an inline script.

These are the headers flask-talisman set with the same policy (``tests/app/test_security.py``
checks they stay equal to its output); they are built once here, so that a response costs one
``extend`` of a ready list instead of Talisman's per-request parse of its options and policies."""

from __future__ import annotations

from flask import Flask, Response, request

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
# Talisman's defaults for what the app does not set itself
PERMISSIONS_POLICY = "browsing-topics=()"
HSTS = "max-age=31556926; includeSubDomains"


def _policy(csp: dict[str, str]) -> str:
    return "; ".join(f"{directive} {sources}" for directive, sources in csp.items())


def headers_for(csp: dict[str, str]) -> list[tuple[str, str]]:
    """Every security header of a response under ``csp`` (HSTS apart: it depends on the
    request)."""
    return [
        ("Permissions-Policy", PERMISSIONS_POLICY),
        ("X-Frame-Options", "DENY"),
        ("X-Content-Type-Options", "nosniff"),
        ("Content-Security-Policy", _policy(csp)),
        ("Referrer-Policy", "no-referrer"),
    ]


def init_app(app: Flask) -> None:
    app.config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")  # as Talisman set it (no session yet)
    default = headers_for(CSP)
    docs = headers_for(DOCS_CSP)

    @app.after_request
    def _security_headers(response: Response) -> Response:
        headers = response.headers
        for name, value in docs if request.endpoint in DOCS_ENDPOINTS else default:
            headers[name] = value  # set, not added: one value per header, as Talisman did
        if request.is_secure or request.headers.get("X-Forwarded-Proto", "http") == "https":
            headers["Strict-Transport-Security"] = HSTS
        return response
