"""The Slipway assistant: a Flask (APIFlask) application built only through ``create_app``."""

from __future__ import annotations

import logging
import uuid

from apiflask import APIFlask
from flask import Response, g, request
from werkzeug.exceptions import BadRequest

from app.errors import ApiError, register_error_handlers
from app.settings import AppSettings

__version__ = "0.1.0"
_BODY_METHODS = {"POST", "PUT", "PATCH"}


def create_app(settings: AppSettings | None = None) -> APIFlask:
    """Build the app: settings, the pinned model, blueprints, error handlers."""
    from app.api import register_blueprints
    from app.model import load_served_model

    settings = settings or AppSettings()
    logging.getLogger("app").setLevel(settings.log_level.upper())
    app = APIFlask(
        __name__,
        title="Slipway assistant",
        version=__version__,
        spec_path="/openapi.json",
        docs_path="/docs",
    )
    app.config.update(
        MAX_CONTENT_LENGTH=settings.max_content_length,
        VALIDATION_ERROR_STATUS_CODE=422,
        JSON_SORT_KEYS=False,
    )
    app.extensions["slipway.settings"] = settings
    app.extensions["slipway.model"] = load_served_model(settings)
    register_error_handlers(app)
    register_blueprints(app)

    @app.before_request
    def _check_body() -> None:
        g.request_id = request.headers.get("X-Request-ID") or uuid.uuid4().hex
        if request.method not in _BODY_METHODS:
            return
        if not request.is_json:
            raise ApiError(
                415,
                "unsupported_media_type",
                "send the request body as JSON with Content-Type: application/json",
            )
        try:
            body = request.get_json()
        except BadRequest:
            raise ApiError(400, "malformed_json", "the request body is not valid JSON") from None
        if not isinstance(body, dict):
            raise ApiError(400, "malformed_json", "the request body must be a JSON object")

    @app.after_request
    def _request_id(response: Response) -> Response:
        response.headers["X-Request-ID"] = g.get("request_id", "")
        return response

    return app
