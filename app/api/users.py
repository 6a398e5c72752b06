"""``/v1/users/me``: the caller's account (timezone, locale), learner profile, and erasure."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint
from flask import Response
from sqlalchemy import delete, select

from app import db
from app.api.schemas import ProfileOut, ProfilePatch, UserOut, UserPatch
from app.auth import current_user, normal_locale
from app.calendar import valid_timezone
from app.db.tables import (
    Conversation,
    Feedback,
    LearnerProfile,
    Meeting,
    PathwayFeedback,
    PathwayRecommendation,
    Reminder,
    RequestLog,
    Todo,
    User,
)
from app.errors import ApiError
from app.i18n import LANGUAGES, _, supported
from app.pathways import (
    PathwayError,
    apply_changes,
    get_profile,
    profile_or_new,
    profile_view,
    served_ranker,
)

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
                _(
                    "unknown timezone %(timezone)r: use an IANA name like America/Lima",
                    timezone=body["timezone"],
                ),
            )
        user.timezone = body["timezone"]
    if "locale" in body:
        if not supported(body["locale"]):
            raise ApiError(
                422,
                "unsupported_locale",
                _(
                    "unsupported locale %(locale)r: the assistant speaks %(languages)s "
                    "(e.g. en, es or es-PE)",
                    locale=body["locale"],
                    languages=_(
                        "%(first)s and %(last)s",
                        first=", ".join(LANGUAGES[:-1]),
                        last=LANGUAGES[-1],
                    ),
                ),
            )
        user.locale = normal_locale(body["locale"]) or body["locale"]
    db.session().commit()
    return _view(user)


@bp.get("/me/profile")
@bp.output(ProfileOut)
@bp.doc(operation_id="get_learner_profile")
def get_learner_profile() -> dict[str, Any]:
    """Skills with levels, interests, region, hours per week, budget, languages, goal role."""
    return profile_view(get_profile(db.session(), current_user()))


@bp.patch("/me/profile")
@bp.input(ProfilePatch, arg_name="body")
@bp.output(ProfileOut)
@bp.doc(operation_id="update_learner_profile", responses=[200, 401, 422])
def update_learner_profile(body: dict[str, Any]) -> dict[str, Any]:
    """Change the fields sent (``skills`` replaces the list; ``null`` clears budget or goal)."""
    session = db.session()
    row = profile_or_new(session, current_user())
    ranker = served_ranker().model
    catalog = ranker.catalog if ranker is not None else None
    try:
        apply_changes(catalog, row, body)
    except PathwayError as exc:
        session.rollback()
        error = ApiError(exc.status, exc.code, exc.message)
        field = _refused_field(catalog, body)
        if field is not None:  # as a schema error: the field, for a form to mark it
            error.detail = {"json": {field: [exc.message]}}
        raise error from None
    session.commit()
    return profile_view(row)


def _refused_field(catalog: Any, body: dict[str, Any]) -> str | None:
    """The field of a refused profile change (the unknown skill, region or role): each field
    applied alone to a scratch profile, the first one refused; None when none is alone."""
    for name in body:
        try:
            apply_changes(catalog, LearnerProfile(), {name: body[name]})
        except PathwayError:
            return name
    return None


@bp.delete("/me")
@bp.doc(operation_id="delete_me", responses=[204, 401])
def delete_me() -> Response:
    """Erase the caller: account, tokens, learner profile, conversations, feedback, pathways."""
    session = db.session()
    user = current_user()
    uid = user.id
    for table in (
        PathwayFeedback,
        PathwayRecommendation,
        LearnerProfile,
        Feedback,
        RequestLog,
        Meeting,
        Reminder,
        Todo,
    ):
        session.execute(delete(table).where(table.user_id == uid))
    for conversation in session.scalars(select(Conversation).where(Conversation.user_id == uid)):
        session.delete(conversation)  # its messages go with it (cascade)
    session.delete(user)
    session.commit()
    return Response(status=204)
