"""``GET /v1/info``: what this process serves and where it came from (lineage)."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint

from app import __version__
from app.api.schemas import InfoOut
from app.extensions import served_model, settings
from app.lineage import code_sha
from app.pathways import served_ranker

bp = APIBlueprint("info", __name__, tag="Info", url_prefix="/v1")


@bp.get("/info")
@bp.output(InfoOut)
@bp.doc(operation_id="info")
def info() -> dict[str, Any]:
    served = served_model()
    release = served.release
    ranker = served_ranker()
    return {
        "service": "slipway-assistant",
        "app_version": __version__,
        "git_sha": settings().git_sha or code_sha(),
        "model_name": release.model_name if release else "",
        "model_version": served.version,
        "model_digest": served.digest,
        "run_id": release.run_id if release else "",
        "data_hash": release.data_hash if release else "",
        "model_git_sha": release.git_sha if release else "",
        "prompt_version": release.prompt_version if release else "",
        "llm": settings().llm_model if settings().openai_api_key else "",
        "ready": str(served.ready).lower(),
        "labels": len(served.model.labels) if served.model else 0,
        "pin_error": served.pin_error,
        "ranker_name": ranker.release.model_name if ranker.release else "",
        "ranker_version": ranker.version,
        "ranker_digest": ranker.digest,
        "ranker_ready": str(ranker.ready).lower(),
        "ranker_pin_error": ranker.pin_error,
    }
