"""The people-facing pages (server-rendered templates, a little plain JS) and local Swagger UI
assets, so ``/docs`` needs no CDN at run time."""

from __future__ import annotations

from pathlib import Path

from apiflask import APIBlueprint
from flask import Response, abort, render_template, send_from_directory

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


@bp.get("/")
def index() -> str:
    return render_template("chat.html", page="chat")


@bp.get("/schedule")
def schedule() -> str:
    return render_template("schedule.html", page="schedule")


@bp.get("/pathways")
def pathways() -> str:
    return render_template("pathways.html", page="pathways")
