"""CRUD ``/v1/todos``."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint
from sqlalchemy import select

from app import calendar, db
from app.api import paging
from app.api.common import as_utc, get_owned, user_tz
from app.api.schemas import ListQuery, TodoIn, TodoList, TodoOut, TodoPatch
from app.auth import current_user
from app.db.tables import Todo
from app.errors import ApiError

bp = APIBlueprint("todos", __name__, tag="To-dos", url_prefix="/v1/todos")
ORDER = paging.Order("todos", (Todo.id,))


@bp.get("")
@bp.input(ListQuery, location="query", arg_name="query")
@bp.output(TodoList)
@bp.doc(operation_id="list_todos", responses=[200, 400, 401, 422])
def list_todos(query: dict[str, Any]) -> dict[str, Any]:
    """The user's to-dos, oldest first, a page at a time (``limit``, ``cursor``)."""
    user = current_user()
    stmt = select(Todo).where(Todo.user_id == user.id)
    if query["upcoming"]:
        stmt = stmt.where(Todo.done.is_(False))
    rows, cursor = paging.page(stmt, ORDER, query, user.id, {"upcoming": query["upcoming"]})
    tz = user_tz()
    return {"todos": [calendar.todo_view(t, tz) for t in rows], "next_cursor": cursor}


@bp.post("")
@bp.input(TodoIn, arg_name="body")
@bp.output(TodoOut, status_code=201)
@bp.doc(operation_id="create_todo", responses=[201, 401, 409, 422, 429])
def create_todo(body: dict[str, Any]) -> dict[str, Any]:
    tz = user_tz()
    due = body.get("due_at")
    if (full := calendar.item_limit(db.session(), current_user().id, Todo)) is not None:
        raise ApiError(409, "item_limit", full)
    row = Todo(
        user_id=current_user().id,
        text=body["text"],
        done=body["done"],
        due_at=as_utc(due, tz, "due_at") if due is not None else None,
    )
    session = db.session()
    session.add(row)
    session.commit()
    return calendar.todo_view(row, tz)


@bp.get("/<int:todo_id>")
@bp.output(TodoOut)
@bp.doc(operation_id="get_todo", responses=[200, 401, 404])
def get_todo(todo_id: int) -> dict[str, Any]:
    return calendar.todo_view(get_owned(Todo, todo_id), user_tz())


@bp.patch("/<int:todo_id>")
@bp.input(TodoPatch, arg_name="body")
@bp.output(TodoOut)
@bp.doc(operation_id="update_todo", responses=[200, 401, 404, 422])
def update_todo(todo_id: int, body: dict[str, Any]) -> dict[str, Any]:
    row = get_owned(Todo, todo_id)
    tz = user_tz()
    if "due_at" in body:
        row.due_at = as_utc(body["due_at"], tz, "due_at") if body["due_at"] is not None else None
    for key in ("text", "done"):
        if key in body:
            setattr(row, key, body[key])
    db.session().commit()
    return calendar.todo_view(row, tz)


@bp.delete("/<int:todo_id>")
@bp.output({}, status_code=204)
@bp.doc(operation_id="delete_todo", responses=[204, 401, 404])
def delete_todo(todo_id: int) -> tuple[str, int]:
    session = db.session()
    session.delete(get_owned(Todo, todo_id))
    session.commit()
    return "", 204
