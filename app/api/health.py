"""Liveness and readiness probes."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app import db
from app.extensions import served_model
from app.i18n import _

bp = APIBlueprint("health", __name__, tag="Health")
_PING = text("SELECT 1")


@bp.get("/healthz")
@bp.doc(operation_id="healthz", summary="The process is up")
def healthz() -> dict[str, Any]:
    return {"status": "ok"}


@bp.get("/readyz")
@bp.doc(
    operation_id="readyz",
    summary="The pinned model is loaded and the database answers",
    responses=[200, 503],
)
def readyz() -> tuple[dict[str, Any], int]:
    served = served_model()
    if not served.ready:
        message = served.public_error
        return {"status": "not_ready", "code": "model_unavailable", "message": message}, 503
    # One SELECT 1 on a pooled connection: a replica that cannot reach the database takes no
    # traffic (its requests could only answer 503 database_unavailable).
    try:
        with db.statements().connect() as connection:
            connection.execute(_PING)
    except DBAPIError as err:
        message = _("the database does not answer: %(error)s", error=type(err.orig).__name__)
        return {"status": "not_ready", "code": "database_unavailable", "message": message}, 503
    return {"status": "ready", "model_version": served.version}, 200
