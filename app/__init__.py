"""The Slipway assistant: a Flask (APIFlask) application built only through ``create_app``."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from apiflask import APIFlask
from flask import Response, g, request
from werkzeug.exceptions import BadRequest

from app.errors import ApiError, register_error_handlers
from app.settings import AppSettings

__version__ = "0.1.0"
_BODY_METHODS = {"POST", "PUT", "PATCH"}
log = logging.getLogger(__name__)


def create_app(settings: AppSettings | None = None) -> APIFlask:
    """Build the app: settings, the pinned model, storage, limits, skills, blueprints."""
    from app import auth, db, limits, metrics
    from app.api import register_blueprints
    from app.api.web import swagger_assets
    from app.assistant import Assistant
    from app.logs import configure_logging
    from app.model import load_served_model
    from app.skills.knowledge import KnowledgeBase
    from app.skills.when import warm_up

    settings = settings or AppSettings()
    configure_logging(settings.log_level, settings.log_json)
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
        SECURITY_SCHEMES={"BearerAuth": {"type": "http", "scheme": "bearer"}},
        **swagger_assets(),
    )
    app.extensions["slipway.settings"] = settings
    app.extensions["slipway.model"] = load_served_model(settings)
    register_error_handlers(app)

    @app.before_request
    def _request_id() -> None:
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if 0 < len(incoming) <= 64 else uuid.uuid4().hex

    metrics.init_app(app, settings.active_user_window)
    db.init_app(app, settings)
    auth.init_app(app)
    limits.init_app(app, settings)
    app.extensions["slipway.assistant"] = Assistant(
        KnowledgeBase(settings.knowledge_dir),
        settings.faq_min_score,
        limits.cache_of(app),
        rescue_score=settings.faq_rescue_score,
        rescue_max_confidence=settings.faq_rescue_max_confidence,
    )
    register_blueprints(app)
    warm_up()

    @app.before_request
    def _check_body() -> None:
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
    def _stamp(response: Response) -> Response:
        response.headers["X-Request-ID"] = g.get("request_id", "")
        if request.path != "/metrics":
            log.info(
                "request",
                extra={"status": response.status_code, "user_id": _user_id()},
            )
        return response

    @app.spec_processor
    def _security(spec: dict[Any, Any] | str) -> dict[Any, Any] | str:
        if not isinstance(spec, dict):
            return spec
        for path, operations in spec.get("paths", {}).items():
            if auth.is_public(path):
                continue
            for operation in operations.values():
                if isinstance(operation, dict):
                    operation.setdefault("security", [{"BearerAuth": []}])
        return spec

    return app


def _user_id() -> int | None:
    user = g.get("user")
    return getattr(user, "id", None)
