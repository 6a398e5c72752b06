"""``/v1/pathways``: recommend a learning pathway, record what the user did with it."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint

from app import db
from app.api.schemas import (
    CatalogOut,
    PathwayFeedbackIn,
    PathwayFeedbackOut,
    PathwayOut,
    RecommendIn,
)
from app.auth import current_user
from app.errors import ApiError
from app.i18n import LANGUAGES
from app.i18n import catalog as translations
from app.pathways import (
    SKILL_NAMES,
    PathwayError,
    describe,
    ready_ranker,
    recommend,
    record_feedback,
    role_labels,
    skill_labels,
)
from models.ranker import Catalog, skill_name, slug

bp = APIBlueprint("pathways", __name__, tag="Pathways", url_prefix="/v1/pathways")


def _fail(exc: PathwayError) -> ApiError:
    return ApiError(exc.status, exc.code, exc.message)


@bp.post("/recommend")
@bp.input(RecommendIn, arg_name="body")
@bp.output(PathwayOut)
@bp.doc(operation_id="recommend_pathway", responses=[200, 401, 422, 503])
def recommend_pathway(body: dict[str, Any]) -> dict[str, Any]:
    """A ranked, ordered course path for the caller's profile (fields in the body override it
    for this call only), towards the best-matching in-demand roles, each step with a reason.

    An identical call (same profile and overrides, same ranker version, same courses) answers
    the latest recommendation again, with its id and the feedback given on it; anything that
    changes stores a new one (older ones keep their feedback)."""
    try:
        rec = recommend(db.session(), current_user(), body or None)
    except PathwayError as exc:
        raise _fail(exc) from None
    return {**rec.to_dict(), "explanation": describe(rec)}


@bp.post("/feedback")
@bp.input(PathwayFeedbackIn, arg_name="body")
@bp.output(PathwayFeedbackOut, status_code=201)
@bp.doc(operation_id="pathway_feedback", responses=[201, 401, 404, 422])
def pathway_feedback(body: dict[str, Any]) -> dict[str, Any]:
    """Accepted, completed or "not for me" on a recommended course (the latest answer wins;
    a rejected course is left out of the user's next pathways)."""
    try:
        row = record_feedback(
            db.session(),
            current_user(),
            body["recommendation_id"],
            body["course_id"],
            body["action"],
        )
    except PathwayError as exc:
        raise _fail(exc) from None
    return {
        "id": row.id,
        "recommendation_id": row.recommendation_id,
        "course_id": row.course_id,
        "action": row.action,
    }


def skill_aliases(catalog: Catalog) -> dict[str, list[str]]:
    """Each skill's keys a profile may name it by, as :func:`app.pathways.resolve_skill` reads a
    name (its slug): the id, its plain name and its name in every page language, so a page can
    refuse an unknown skill when it is typed, not when the whole profile is saved."""
    out: dict[str, list[str]] = {}
    for skill in catalog.skills:
        keys = {skill, slug(skill_name(skill))}
        if skill in SKILL_NAMES:
            keys |= {slug(translations(lang).gettext(SKILL_NAMES[skill])) for lang in LANGUAGES}
        out[skill] = sorted(k for k in keys if k)
    return out


@bp.get("/catalog")
@bp.output(CatalogOut)
@bp.doc(operation_id="pathway_catalog", responses=[200, 401, 503])
def catalog() -> dict[str, Any]:
    """The regions, roles and skills a profile may name (from the served ranker's catalog), with
    each skill's and role's name in the caller's language (what a profile may name them by)."""
    try:
        served = ready_ranker()
    except PathwayError as exc:
        raise _fail(exc) from None
    assert served.model is not None
    c = served.model.catalog
    return {
        "regions": c.regions,
        "roles": c.roles,
        "skills": c.skills,
        "skill_names": skill_labels(c),
        "role_names": role_labels(c),
        "skill_aliases": skill_aliases(c),
        "courses": len(c.courses),
        "ranker_version": served.version,
    }
