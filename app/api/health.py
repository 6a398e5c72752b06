"""Liveness and readiness probes."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint

from app.extensions import served_model

bp = APIBlueprint("health", __name__, tag="Health")


@bp.get("/healthz")
@bp.doc(operation_id="healthz", summary="The process is up")
def healthz() -> dict[str, Any]:
    return {"status": "ok"}


@bp.get("/readyz")
@bp.doc(operation_id="readyz", summary="The pinned model is loaded", responses=[200, 503])
def readyz() -> tuple[dict[str, Any], int]:
    served = served_model()
    if served.ready:
        return {"status": "ready", "model_version": served.version}, 200
    return {"status": "not_ready", "code": "model_unavailable", "message": served.error}, 503
