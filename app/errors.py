"""Every error leaves the API as JSON ``{"code", "message"}`` with a stable code.

The ``message`` is in the request's language (:func:`app.i18n.select_locale`: ``?lang=``, the
signed-in user's locale, the pages' cookie, ``Accept-Language``), said by ``Content-Language``;
the ``code`` is the same in every language. The app's own messages are translated where they are
raised (``_()``, in the request), those it does not word itself (werkzeug's 404, 405, 413...) here.
"""

from __future__ import annotations

from typing import Any

from apiflask import APIFlask, HTTPError
from apiflask.helpers import get_reason_phrase
from flask import Response, current_app, g, jsonify, request
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import ClientDisconnected, HTTPException

from app.i18n import DEFAULT_LANGUAGE, _, current_language

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    408: "request_timeout",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
}


def N_(message: str) -> str:  # noqa: N802 (the name gettext tools look for)
    """Mark a text for the catalogs; it is translated where it is shown (``_(text)``)."""
    return message


_INTERNAL_ERROR = N_("internal error: the request was not completed; try again")
_DATABASE_UNAVAILABLE = N_("the database could not be reached and nothing was saved; try again")
_BODY_TIMED_OUT = N_("the request body did not arrive in time; send it again")
_DATABASE_BUSY = N_("the database is busy and nothing was saved; try again in a moment")
# Postgres' query_canceled (statement_timeout) and lock_not_available (lock_timeout, NOWAIT)
_BUSY_STATES = frozenset({"57014", "55P03"})


class ApiError(HTTPError):
    """An error with an explicit stable code; ``message`` is already in the request's language
    (raise it with ``_("...")``)."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(status, message, headers=headers, extra_data={"code": code, **extra})


def busy(error: DBAPIError) -> bool:
    """Whether the database refused a statement for waiting too long: Postgres past its
    statement or lock timeout, SQLite still locked after its busy wait."""
    original = error.orig
    if getattr(original, "sqlstate", None) in _BUSY_STATES:
        return True
    return "database is locked" in str(original)


def body_timed_out(error: BaseException) -> bool:
    """Whether ``error`` is werkzeug's ``ClientDisconnected`` for a body that stopped arriving
    because its read deadline passed (the server's ``SLIPWAY_READ_TIMEOUT``, see app/worker.py):
    the socket's read raised a ``TimeoutError``, which werkzeug reports as a disconnection."""
    return isinstance(error, ClientDisconnected) and isinstance(error.__context__, TimeoutError)


def request_timeout() -> ApiError:
    """The 408 of a body that did not arrive in time (the connection is closed after it)."""
    return ApiError(408, "request_timeout", _even_if_failing(_BODY_TIMED_OUT))


def _even_if_failing(text: str) -> str:
    """``_(text)``, or the English text when the language cannot be decided: answering an
    unexpected error must not fail in turn."""
    try:
        return _(text)
    except Exception:
        return text


def internal_error_message() -> str:
    """The message of a 500 (and of a stream's ``error`` event) in the request's language."""
    return _even_if_failing(_INTERNAL_ERROR)


def _language() -> str:
    try:
        return current_language()
    except Exception:
        return DEFAULT_LANGUAGE


def json_error(status: int, message: str, code: str | None = None, detail: Any = None) -> Response:
    """The API's JSON error body: a stable ``code``, the message in the request's language."""
    payload: dict[str, Any] = {"code": code or _CODES.get(status, "error"), "message": message}
    if detail:
        payload["detail"] = detail
    response = jsonify(payload)
    response.status_code = status
    response.content_language.add(_language())
    response.vary.update(("Accept-Language", "Cookie"))  # the language follows both
    return response


def _validation_message(detail: Any) -> str:
    parts: list[str] = []
    for location in (detail or {}).values():
        if isinstance(location, dict):
            parts += _problems(location)
    if not parts:
        return _("invalid request: see detail")
    return _("invalid request: %(problems)s", problems=", ".join(parts))


def _problems(problems: Any, path: str = "") -> list[str]:
    """marshmallow's messages as "field: message" lines; a nested field by its path
    ("skills.0.level: …"), never as a Python dict."""
    if isinstance(problems, dict):
        return [
            line
            for key, inner in problems.items()
            for line in _problems(inner, f"{path}.{key}" if path else str(key))
        ]
    if isinstance(problems, list) and problems and all(isinstance(p, str) for p in problems):
        return [f"{path}: {'; '.join(problems)}"]
    if isinstance(problems, list):
        return [line for inner in problems for line in _problems(inner, path)]
    return [f"{path}: {problems}"]


def generic_message(status: int) -> str:
    """The message of an error the app does not word itself (an unknown URL, a method the route
    does not take, a body over the size limit), in the request's language."""
    if status == 400:
        return _("the request could not be understood: check its syntax")
    if status == 404:
        return _("nothing here: check the URL (the API's routes are listed at /docs)")
    if status == 405:
        return _(
            "the %(method)s method is not allowed here; the Allow header lists those that are",
            method=request.method,
        )
    if status == 413:
        limit = current_app.config.get("MAX_CONTENT_LENGTH")
        if limit:
            return _("the request body is too large: at most %(limit)s bytes", limit=limit)
        return _("the request body is too large")
    if status == 415:
        return _("send the request body as JSON with Content-Type: application/json")
    if status == 503:
        return _("the service is unavailable for a moment; try again")
    if status >= 500:
        return internal_error_message()
    return _("the request could not be handled (HTTP %(status)s)", status=status)


def register_error_handlers(app: APIFlask) -> None:
    @app.error_processor
    def _api_error(error: HTTPError) -> Response:
        extra = dict(error.extra_data or {})
        code = extra.pop("code", None)
        status = error.status_code
        if code is not None:
            message = error.message or _CODES.get(status, "error")
        elif status == 422:  # a request the schema refused: its problems, field by field
            message = _validation_message(error.detail)
        elif not error.message or error.message == get_reason_phrase(status, ""):
            message = generic_message(status)  # apiflask's filler (the reason phrase), not a text
        else:
            message = error.message
        page = current_app.extensions.get("slipway.error_page")
        if page is not None:  # a browser's page request over the page limit: a page (web.py)
            answered: Response | None = page(status, message, dict(error.headers or {}))
            if answered is not None:
                return answered
        response = json_error(status, message, code, error.detail or None)
        if error.headers:
            response.headers.update(error.headers)
        return response

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Response:
        if body_timed_out(error):
            return json_error(408, _even_if_failing(_BODY_TIMED_OUT), "request_timeout")
        status = error.code or 500
        if error.description == type(error).description:  # werkzeug's own wording
            message = generic_message(status)
        else:
            message = error.description or generic_message(status)
        response = json_error(status, message)
        for name, value in error.get_headers():  # e.g. the ``Allow`` header a 405 must carry
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    def _roll_back() -> None:
        session = g.get("db_session")
        if session is not None:
            session.rollback()  # so the after-request hooks (logging) can still read

    @app.errorhandler(DBAPIError)
    def _database_error(error: DBAPIError) -> Response:
        if busy(error):
            # a statement past SLIPWAY_DB_STATEMENT_TIMEOUT (a lock held by a migration, a stuck
            # transaction) or SQLite still locked after its wait: nothing was committed; the
            # thread is free again and the client may retry
            app.logger.warning("database busy: %s", error.orig)
            _roll_back()
            response = json_error(503, _even_if_failing(_DATABASE_BUSY), "database_busy")
            response.headers["Retry-After"] = "2"
            return response
        if not error.connection_invalidated:
            return _unexpected(error)
        # The database connection was lost (a server restart, a failover, a connection cut) or
        # could not be opened (the server down, starting or shutting down, see app.db): nothing
        # of the request was committed, the pool is renewed, the next try gets a new one.
        app.logger.warning("database unavailable: %s", error.orig)
        _roll_back()
        response = json_error(503, _even_if_failing(_DATABASE_UNAVAILABLE), "database_unavailable")
        response.headers["Retry-After"] = "1"
        return response

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        app.logger.exception("unhandled error")
        _roll_back()
        return json_error(500, internal_error_message())
