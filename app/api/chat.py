"""``POST /v1/chat`` and the conversations it builds."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint
from flask import g
from sqlalchemy import select

from app import calendar, db
from app.api.schemas import ChatIn, ChatOut, ConversationList, ConversationOut
from app.auth import current_user
from app.db.tables import Conversation
from app.errors import ApiError
from app.extensions import assistant, served_model

bp = APIBlueprint("chat", __name__, tag="Chat", url_prefix="/v1")


def _conversation(id_: int) -> Conversation:
    row = db.session().get(Conversation, id_) if calendar.valid_id(id_) else None
    if row is None or row.user_id != current_user().id:
        raise ApiError(404, "not_found", f"no conversation with id {id_}")
    return row


@bp.post("/chat")
@bp.input(ChatIn, arg_name="body")
@bp.output(ChatOut)
@bp.doc(operation_id="chat", responses=[200, 400, 401, 404, 413, 415, 422, 429, 503])
def chat(body: dict[str, Any]) -> dict[str, Any]:
    served = served_model()
    if served.model is None:
        raise ApiError(503, "model_unavailable", f"no model is loaded: {served.error}")
    session = db.session()
    user = current_user()
    if body.get("conversation_id") is not None:
        conversation = _conversation(int(body["conversation_id"]))
    else:
        conversation = Conversation(user_id=user.id, state={})
        session.add(conversation)
        session.flush()
    answer = assistant().chat(
        session,
        user,
        conversation,
        body["message"],
        served.model,
        served.version,
        request_id=g.get("request_id", ""),
    )
    return {**vars(answer), "model_version": served.version}


@bp.get("/conversations")
@bp.output(ConversationList)
@bp.doc(operation_id="list_conversations")
def list_conversations() -> dict[str, Any]:
    rows = db.session().scalars(
        select(Conversation)
        .where(Conversation.user_id == current_user().id)
        .order_by(Conversation.updated_at.desc())
        .limit(50)
    )
    return {
        "conversations": [
            {
                "id": c.id,
                "created_at": c.created_at.isoformat(),
                "updated_at": c.updated_at.isoformat(),
            }
            for c in rows
        ]
    }


@bp.get("/conversations/<int:conversation_id>")
@bp.output(ConversationOut)
@bp.doc(operation_id="get_conversation", responses=[200, 401, 404])
def get_conversation(conversation_id: int) -> dict[str, Any]:
    c = _conversation(conversation_id)
    return {
        "id": c.id,
        "created_at": c.created_at.isoformat(),
        "updated_at": c.updated_at.isoformat(),
        "pending": bool((c.state or {}).get("pending")),
        "messages": [
            {
                "id": m.id,
                "role": m.role,
                "text": m.text,
                "intent": m.intent,
                "confidence": m.confidence,
                "skill": m.skill,
                "path": m.path,
                "created_at": m.created_at.isoformat(),
            }
            for m in c.messages
        ],
    }
