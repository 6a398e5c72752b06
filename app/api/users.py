"""``GET/PATCH /v1/users/me``: the caller's profile (timezone and locale)."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint

from app import db
from app.api.schemas import UserOut, UserPatch
from app.auth import current_user, valid_timezone
from app.db.tables import User
from app.errors import ApiError

bp = APIBlueprint("users", __name__, tag="Users", url_prefix="/v1/users")


def _view(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "name": user.name,
        "timezone": user.timezone,
        "locale": user.locale,
        "created_at": user.created_at.isoformat(),
    }


@bp.get("/me")
@bp.output(UserOut)
@bp.doc(operation_id="get_me")
def get_me() -> dict[str, Any]:
    return _view(current_user())


@bp.patch("/me")
@bp.input(UserPatch, arg_name="body")
@bp.output(UserOut)
@bp.doc(operation_id="update_me", responses=[200, 401, 422])
def update_me(body: dict[str, Any]) -> dict[str, Any]:
    user = current_user()
    if "timezone" in body:
        if not valid_timezone(body["timezone"]):
            raise ApiError(
                422,
                "validation_error",
                f"unknown timezone {body['timezone']!r}: use an IANA name like America/Lima",
            )
        user.timezone = body["timezone"]
    if "locale" in body:
        user.locale = body["locale"]
    db.session().commit()
    return _view(user)
