"""Every error leaves the API as JSON ``{"code", "message"}`` with a stable code."""

from __future__ import annotations

from typing import Any

from apiflask import APIFlask, HTTPError
from flask import Response, g, jsonify
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
}


class ApiError(HTTPError):
    """An error with an explicit stable code."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(status, message, headers=headers, extra_data={"code": code, **extra})


def _body(status: int, message: str, code: str | None = None, detail: Any = None) -> Response:
    payload: dict[str, Any] = {"code": code or _CODES.get(status, "error"), "message": message}
    if detail:
        payload["detail"] = detail
    response = jsonify(payload)
    response.status_code = status
    return response


def _validation_message(detail: Any) -> str:
    parts: list[str] = []
    for location in (detail or {}).values():
        if isinstance(location, dict):
            for field, problems in location.items():
                text = "; ".join(problems) if isinstance(problems, list) else str(problems)
                parts.append(f"{field}: {text}")
    return "invalid request: " + (", ".join(parts) if parts else "see detail")


def register_error_handlers(app: APIFlask) -> None:
    @app.error_processor
    def _api_error(error: HTTPError) -> Response:
        extra = dict(error.extra_data or {})
        code = extra.pop("code", None)
        message = error.message or _CODES.get(error.status_code, "error")
        if error.status_code == 422 and code is None:
            message = _validation_message(error.detail)
        response = _body(error.status_code, message, code, error.detail or None)
        if error.headers:
            response.headers.update(error.headers)
        return response

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Response:
        status = error.code or 500
        response = _body(status, error.description or _CODES.get(status, "error"))
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
        if not error.connection_invalidated:
            return _unexpected(error)
        # The database connection was lost (a server restart, a failover, a connection cut) or
        # could not be opened (the server down, starting or shutting down, see app.db): nothing
        # of the request was committed, the pool is renewed, the next try gets a new one.
        app.logger.warning("database unavailable: %s", error.orig)
        _roll_back()
        response = _body(
            503,
            "the database could not be reached and nothing was saved; try again",
            "database_unavailable",
        )
        response.headers["Retry-After"] = "1"
        return response

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        app.logger.exception("unhandled error")
        _roll_back()
        return _body(500, "internal error: the request was not completed; try again")
