"""``POST /v1/feedback``: thumbs up or down on one of the assistant's replies, optionally with
the intent the message really had: a user's claim, which `slipway data import-feedback` turns
into a candidate labelled example (capped per user, held back when labels conflict) for a person
to review."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint
from sqlalchemy import select

from app import db, metrics
from app.api.schemas import FeedbackIn, FeedbackOut
from app.auth import current_user
from app.calendar import valid_id
from app.db.tables import Conversation, Feedback, Message
from app.errors import ApiError
from app.extensions import served_model
from app.i18n import _

bp = APIBlueprint("feedback", __name__, tag="Feedback", url_prefix="/v1")


@bp.post("/feedback")
@bp.input(FeedbackIn, arg_name="body")
@bp.output(FeedbackOut, status_code=201)
@bp.doc(operation_id="give_feedback", responses=[201, 401, 404, 422])
def give_feedback(body: dict[str, Any]) -> dict[str, Any]:
    """Rate a reply; rating the same reply again replaces the earlier rating."""
    session = db.session()
    user = current_user()
    message = session.get(Message, body["message_id"]) if valid_id(body["message_id"]) else None
    owner = session.get(Conversation, message.conversation_id) if message else None
    if message is None or owner is None or owner.user_id != user.id:
        raise ApiError(404, "not_found", _("no message with id %(id)s", id=body["message_id"]))
    if message.role != "assistant":
        raise ApiError(422, "validation_error", _("only the assistant's replies can be rated"))
    row = session.scalar(
        select(Feedback).where(Feedback.user_id == user.id, Feedback.message_id == message.id)
    )
    if row is None:
        row = Feedback(user_id=user.id, message_id=message.id, rating=body["rating"])
        session.add(row)
    corrected = body.get("corrected_intent")
    model = served_model().model
    if corrected is not None and model is not None and corrected not in model.labels:
        raise ApiError(
            422,
            "validation_error",
            _(
                "unknown intent %(intent)r: one of %(intents)s",
                intent=corrected,
                intents=", ".join(sorted(model.labels)),
            ),
        )
    row.rating = body["rating"]
    row.comment = body.get("comment")
    row.corrected_intent = corrected
    session.commit()
    metrics.FEEDBACK.labels(row.rating).inc()
    return {
        "id": row.id,
        "message_id": message.id,
        "rating": row.rating,
        "comment": row.comment,
        "corrected_intent": row.corrected_intent,
    }
