"""``POST /v1/chat`` (and its streamed form ``POST /v1/chat/stream``) and the conversations
they build."""

from __future__ import annotations

import json
import logging
import select as io_select
import socket
import time
from collections.abc import Generator, Iterator
from typing import Any

from apiflask import APIBlueprint
from flask import Response, g, request, stream_with_context
from sqlalchemy import select

from app import calendar, db
from app.api import paging
from app.api.schemas import ChatIn, ChatOut, ConversationList, ConversationOut, PageQuery
from app.assistant import Answer, ConversationChanged, drain
from app.auth import current_user
from app.db.tables import Conversation
from app.errors import ApiError, internal_error_message
from app.extensions import assistant, served_model
from app.i18n import _
from app.llm.client import Delta, Event

log = logging.getLogger(__name__)

bp = APIBlueprint("chat", __name__, tag="Chat", url_prefix="/v1")
# How often a turn is answered when other turns of its conversation keep storing first
_ATTEMPTS = 3
_CONVERSATIONS = paging.Order(
    "conversations", (Conversation.updated_at, Conversation.id), descending=True
)


def _conversation(id_: int) -> Conversation:
    row = db.session().get(Conversation, id_) if calendar.valid_id(id_) else None
    if row is None or row.user_id != current_user().id:
        raise ApiError(404, "not_found", _("no conversation with id %(id)s", id=id_))
    return row


@bp.post("/chat")
@bp.input(ChatIn, arg_name="body")
@bp.output(ChatOut)
@bp.doc(operation_id="chat", responses=[200, 400, 401, 404, 409, 413, 415, 422, 429, 503])
def chat(body: dict[str, Any]) -> dict[str, Any]:
    return drain(_turn(body, stream=False, route="/v1/chat"))


def _turn(body: dict[str, Any], stream: bool, route: str) -> Generator[Event, None, dict[str, Any]]:
    """One chat turn for the current user; yields streamed text, returns the ChatOut body."""
    served = served_model()
    if served.model is None:
        raise ApiError(
            503, "model_unavailable", _("no model is loaded: %(error)s", error=served.public_error)
        )
    session = db.session()
    user = current_user()
    for attempt in range(1, _ATTEMPTS + 1):
        if body.get("conversation_id") is not None:
            conversation = _conversation(int(body["conversation_id"]))
        else:
            # stored with the turn's messages at its end (Assistant.chat_events): no write, and
            # so no database write lock, is taken before the skill has answered
            conversation = Conversation(user_id=user.id, state={})
        try:
            answer: Answer = yield from assistant().chat_events(
                session,
                user,
                conversation,
                body["message"],
                served.model,
                served.version,
                request_id=g.get("request_id", ""),
                stream=stream,
                route=route,
            )
        except ConversationChanged:
            # another message of this conversation was answered meanwhile: nothing of this
            # turn was stored; answered again from the conversation as that turn left it
            log.info("conversation changed during the turn", extra={"attempt": attempt})
            continue
        return {**vars(answer), "model_version": served.version}
    raise ApiError(
        409,
        "conversation_busy",
        _(
            "other messages to this conversation were being answered at the same time; nothing "
            "from this message was stored: send it again"
        ),
    )


def client_gone(environ: dict[str, Any]) -> bool:
    """Whether the client of this request has closed its connection (gunicorn's socket reads
    as ended); False when it cannot tell (no socket: the test client, another server)."""
    sock = environ.get("gunicorn.socket")
    if not isinstance(sock, socket.socket):
        return False
    try:
        readable, _, _ = io_select.select([sock], [], [], 0)
        if not readable:
            return False
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except (OSError, ValueError):  # reset by the peer, or already closed
        return True


#: The most often a stream with nothing to show sends its keep-alive comment
HEARTBEAT_SECONDS = 1.0


def _sse(event: str, data: dict[str, Any]) -> str:
    body = json.dumps(data, ensure_ascii=False)
    try:
        body.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate somewhere: JSON's escapes are valid UTF-8
        body = json.dumps(data)
    return f"event: {event}\ndata: {body}\n\n"


# The 200 is a stream (documented by hand; before OpenAPI 3.2 `schema` describes one event);
# the errors are the API's JSON errors, answered before the stream starts.
_EVENT = {
    "type": "object",
    "required": ["event", "data"],
    "properties": {
        "event": {"type": "string", "enum": ["delta", "reset", "done", "error"]},
        "data": {"type": "string", "contentMediaType": "application/json"},
    },
}
_STREAM_RESPONSES: Any = {
    200: {
        "description": "Server-sent events: `delta` {text} (append), `reset` {} (drop the text "
        "so far), then one `done` with the ChatOut body, or one `error` {code, message}. The "
        "local path sends its whole reply as one `delta`.",
        "content": {"text/event-stream": {"schema": _EVENT}},
    },
    400: "Bad request",
    401: "Unauthorized",
    404: "Not found",
    409: "Conversation busy",
    413: "Payload too large",
    415: "Unsupported media type",
    422: "Validation error",
    429: "Too many requests",
    503: "Model unavailable",
}


@bp.post("/chat/stream")
@bp.input(ChatIn, arg_name="body")
@bp.doc(
    operation_id="chat_stream",
    summary="Chat, streamed",
    responses=_STREAM_RESPONSES,
)
def chat_stream(body: dict[str, Any]) -> Response:
    """The same turn as ``POST /v1/chat``, its reply streamed as server-sent events."""
    served = served_model()
    if served.model is None:  # refused before the stream starts: a plain JSON error
        raise ApiError(
            503, "model_unavailable", _("no model is loaded: %(error)s", error=served.public_error)
        )
    if body.get("conversation_id") is not None:
        _conversation(int(body["conversation_id"]))

    environ = request.environ

    def events() -> Iterator[str]:
        shown = ""
        quiet_until = 0.0
        turn = _turn(body, stream=True, route="/v1/chat/stream")
        try:
            while True:
                try:
                    event = next(turn)
                except StopIteration as stop:
                    answer: dict[str, Any] = stop.value
                    break
                if client_gone(environ):
                    # the client left while the model answered (or was silent until its
                    # deadline, probe 39 O-H2: the local path's answer was then stored): the
                    # turn is closed before anything of it is stored
                    turn.close()
                    return
                if isinstance(event, Delta):
                    shown += event.text
                    yield _sse("delta", {"text": event.text})
                elif shown:
                    shown = ""
                    yield _sse("reset", {})
                elif time.monotonic() >= quiet_until:
                    # text held until it is checked (a write's answer), or a fallback waiting:
                    # a comment, which clients skip, at most once a second, so that a proxy
                    # sees the stream alive and a client that left is noticed at the write
                    quiet_until = time.monotonic() + HEARTBEAT_SECONDS
                    yield ": working\n\n"
        except GeneratorExit:  # the client went away: the turn is closed here, in the request
            turn.close()  # (its tool calls are undone: Assistant.answer)
            raise
        except ApiError as err:  # e.g. 409 conversation_busy: the API's code, as an event
            db.session().rollback()
            extra = err.extra_data or {}
            yield _sse("error", {"code": extra.get("code", "error"), "message": err.message})
            return
        except Exception:
            log.exception("chat stream failed")
            db.session().rollback()
            yield _sse("error", {"code": "internal_error", "message": internal_error_message()})
            return
        if shown.strip() != answer["reply"].strip():  # local, cached or amended answers
            if shown:
                yield _sse("reset", {})
            yield _sse("delta", {"text": answer["reply"]})
        yield _sse("done", ChatOut().dump(answer))

    headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    return Response(stream_with_context(events()), mimetype="text/event-stream", headers=headers)


@bp.get("/conversations")
@bp.input(PageQuery, location="query", arg_name="query")
@bp.output(ConversationList)
@bp.doc(operation_id="list_conversations", responses=[200, 400, 401, 422])
def list_conversations(query: dict[str, Any]) -> dict[str, Any]:
    """The user's conversations, the latest updated first, a page at a time."""
    user = current_user()
    stmt = select(Conversation).where(Conversation.user_id == user.id)
    rows, cursor = paging.page(stmt, _CONVERSATIONS, query, user.id, {})
    return {
        "next_cursor": cursor,
        "conversations": [
            {
                "id": c.id,
                "created_at": c.created_at.isoformat(),
                "updated_at": c.updated_at.isoformat(),
            }
            for c in rows
        ],
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
