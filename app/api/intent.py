"""``POST /v1/intent``: classify one utterance with the served model."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint

from app.api.schemas import IntentIn, IntentOut
from app.errors import ApiError
from app.extensions import served_model
from app.i18n import _
from app.texting import readable

bp = APIBlueprint("intent", __name__, tag="Intent", url_prefix="/v1")


@bp.post("/intent")
@bp.input(IntentIn, arg_name="body")
@bp.output(IntentOut)
@bp.doc(operation_id="classify_intent", responses=[200, 400, 413, 415, 422, 503])
def classify(body: dict[str, Any]) -> dict[str, Any]:
    served = served_model()
    if served.model is None:
        raise ApiError(
            503, "model_unavailable", _("no model is loaded: %(error)s", error=served.public_error)
        )
    # read as the chat reads a message: without the characters nobody sees ("re\u200bmind")
    prediction = served.model.predict(readable(body["text"]))
    return {
        "intent": prediction.intent,
        "confidence": round(prediction.confidence, 6),
        "model_version": served.version,
    }
