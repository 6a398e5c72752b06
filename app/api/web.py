"""The people-facing pages (server-rendered templates, a little plain JS) and local Swagger UI
assets, so ``/docs`` needs no CDN at run time.

Pages are rendered in the request's language (:func:`app.i18n.select_locale`: the cookie the
scripts set to the signed-in user's locale, else the browser's Accept-Language); the scripts'
own texts come with the page (:func:`js_messages`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from apiflask import APIBlueprint
from flask import (
    Response,
    abort,
    current_app,
    make_response,
    render_template,
    request,
    send_from_directory,
)

from app.errors import generic_message, json_error
from app.i18n import _, current_language
from app.skills import registry

bp = APIBlueprint("web", __name__, enable_openapi=False)
_ASSETS = ("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css")


def _swagger_dist() -> Path | None:
    try:
        import flask_swagger_ui
    except ImportError:
        return None
    dist = Path(flask_swagger_ui.__file__).parent / "dist"
    return dist if (dist / _ASSETS[0]).is_file() else None


FAVICON = "/favicon.ico"


def swagger_assets() -> dict[str, str]:
    """APIFlask settings pointing Swagger UI at the copies served below (CDN if absent) and at
    the app's own favicon (APIFlask's default is on its website)."""
    if _swagger_dist() is None:
        return {"DOCS_FAVICON": FAVICON}
    return {
        "DOCS_FAVICON": FAVICON,
        "SWAGGER_UI_BUNDLE_JS": "/docs/assets/swagger-ui-bundle.js",
        "SWAGGER_UI_STANDALONE_PRESET_JS": "/docs/assets/swagger-ui-standalone-preset.js",
        "SWAGGER_UI_CSS": "/docs/assets/swagger-ui.css",
    }


@bp.get("/docs/assets/<name>")
def docs_asset(name: str) -> Response:
    dist = _swagger_dist()
    if dist is None or name not in _ASSETS:
        abort(404)
    return send_from_directory(dist, name, max_age=86400)


@bp.get(FAVICON)
def favicon() -> Response:
    """The icon browsers ask for at the root (an SVG, which they accept there too)."""
    static = Path(__file__).resolve().parent.parent / "static"
    return send_from_directory(static, "favicon.svg", mimetype="image/svg+xml", max_age=86400)


def js_messages() -> dict[str, str]:
    """The scripts' texts in the page's language; ``{name}`` is filled in by the script."""
    return {
        "request_failed": _("request failed ({status})"),
        "signed_in": _("Signed in as {name} ({timezone})"),
        "token_refused": _("That token was not accepted."),
        "helpful": _("Helpful"),
        "not_helpful": _("Not helpful"),
        "reply_failed": _("the reply failed"),
        "stream_ended": _("the reply stream ended early; try again"),
        # a request that never reached the server (offline, the server down)
        "unreachable": _("Slipway could not be reached: check your connection and try again."),
        "not_sent": _(
            "Your message was not sent: Slipway could not be reached. It is still in the box: "
            "press Send to try again."
        ),
        "empty_message": _("Type a message first."),
        "chars_of": _("{count} of {max} characters"),
        "too_long": _(
            "Your message has {count} characters; the limit is {max}. Shorten it, or send it "
            "in parts."
        ),
        "nothing_here": _("Nothing here."),
        # the skills' badges: each registered skill's label (app.skills.registry)
        **{f"skill.{name}": label for name, label in registry.labels().items()},
        "path.local": _("local"),
        "path.llm": _("LLM"),
        "path.fallback": _("fallback"),
        "kind.reminder": _("reminder"),
        "kind.alarm": _("alarm"),
        "kind.timer": _("timer"),
        "free": _("free"),
        "towards": _("Towards {roles}"),
        "role_in": _("{role} in {region}"),
        "no_course": _("No course fits yet"),
        "accept": _("Accept"),
        "done": _("Done"),
        "not_for_me": _("Not for me"),
        "state.accepted": _("accepted"),
        "state.completed": _("completed"),
        "state.rejected": _("not for me"),
        # whole weeks, as people say them and as the chat's reply does (P45-L4)
        "total": _("In total {hours} hours (about {weeks} weeks) and {cost}."),
        "total_one_week": _("In total {hours} hours (about 1 week) and {cost}."),
        "total_under_a_week": _("In total {hours} hours (less than a week) and {cost}."),
        "under_a_week": _("less than 1"),
        "hours": _("{hours} h"),
        # the schedule's week
        "today": _("today"),
        "week_of": _("Week of {start} – {end}"),
        "times_in": _("Times in {timezone} (your timezone)"),
        "nothing_today": _("Nothing planned."),
        "nothing_this_week": _("Nothing planned this week."),
        "due_on": _("due {day}, {time}"),
        "due_end_of_day": _("due {day}, end of day"),
        # the pathway's timeline and the profile's skills
        "week_n": _("week {week}"),
        "weeks_n": _("weeks {first}–{last}"),
        "steps": _("Steps"),
        "total_hours": _("Hours"),
        "total_weeks": _("Weeks"),
        "total_cost": _("Cost"),
        "lang.es": _("Spanish"),
        "lang.en": _("English"),
        "level_of": _("Level in {skill}"),
        "remove_skill": _("Remove {skill}"),
        "unknown_skill": _(
            "“{skill}” is not a skill of the course catalog, so it was not added: pick one "
            "from the suggestions as you type."
        ),
        "already_listed": _(
            "{skill} is already in your list, at level “{level}”; change its level there if "
            "you want."
        ),
        "field_problem": _("{field}: {problem}"),
        "action_on": _("{action}: {course}"),
        "not_saved": _(
            "Nothing was saved; the path below is still the one for your saved profile."
        ),
    }


def _max_text_chars() -> int:
    """The longest message the API takes (``SLIPWAY_MAX_TEXT_CHARS``): the chat box counts to it."""
    return int(current_app.extensions["slipway.settings"].max_text_chars)


@bp.app_context_processor
def _page_helpers() -> dict[str, object]:
    return {"js_messages": js_messages, "max_text_chars": _max_text_chars()}


def _page(template: str, page: str) -> Response:
    response = make_response(render_template(template, page=page))
    response.vary.update(("Accept-Language", "Cookie"))  # the language follows both
    response.content_language.add(current_language())
    return response


#: Paths of the API and its documentation: an unknown one there is always answered in JSON.
_API_PATHS = ("/v1/", "/docs", "/openapi", "/metrics", "/healthz", "/readyz", "/livez")


def _wants_html() -> bool:
    """The client asks for HTML first (a browser typing a URL), not JSON (the API's clients)."""
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return bool(best == "text/html")


def error_page(status: int, message: str, headers: dict[str, str]) -> Response | None:
    """A page's own 429 (the page limit) as a page for a browser, in the reader's language;
    None for anything else (:mod:`app.errors` answers it in JSON, as every other error)."""
    if status != 429 or request.blueprint != "web" or request.path.startswith(_API_PATHS):
        return None
    if not _wants_html():
        return None
    retry_after = headers.get("Retry-After", "60")
    page = render_template(
        "too_many.html", page="too_many", message=message, retry_after=retry_after
    )
    response = make_response(page, 429)
    response.headers.update(headers)
    response.vary.update(("Accept-Language", "Cookie"))
    response.content_language.add(current_language())
    return response


@bp.record_once
def _answer_page_errors(state: Any) -> None:
    state.app.extensions["slipway.error_page"] = error_page


@bp.app_errorhandler(404)
def not_found(error: Exception) -> Response:
    """An unknown URL typed in a browser (it asks for HTML first: "/agenda") gets a page in the
    reader's language that names the pages; the API's clients, and any path of the API, keep the
    JSON error every other error is (:mod:`app.errors`)."""
    if not _wants_html() or request.path.startswith(_API_PATHS):
        return json_error(404, generic_message(404))
    response = _page("not_found.html", "not_found")
    response.status_code = 404
    return response


@bp.get("/")
def index() -> Response:
    return _page("chat.html", "chat")


@bp.get("/schedule")
def schedule() -> Response:
    return _page("schedule.html", "schedule")


@bp.get("/pathways")
def pathways() -> Response:
    return _page("pathways.html", "pathways")
