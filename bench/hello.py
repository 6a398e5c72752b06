"""The baselines: a bare Flask "hello" app, and the intent route with nothing around it.

``gunicorn -c app/gunicorn.conf.py 'bench.hello:create_app()'`` — same workers, threads,
worker class and bind settings as the assistant, so the ratio measures the app, not gunicorn.
``bench.hello:create_floor_app()`` is served the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask

if TYPE_CHECKING:
    from app.settings import AppSettings


def create_app() -> Flask:
    app = Flask(__name__)

    @app.get("/hello")
    def hello() -> dict[str, str]:
        return {"message": "hello"}

    @app.get("/readyz")
    def ready() -> dict[str, str]:
        return {"status": "ready"}

    return app


def create_floor_app(settings: AppSettings | None = None) -> Flask:
    """The assistant's ``POST /v1/intent`` on its own: the real blueprint (its request and
    response schemas, its view) and the pinned intent model, in a bare APIFlask app with none of
    the assistant's work around a request (no token check, rate limit, request log line,
    metrics, security headers or database).

    Served like the hello app, it shows the most the assistant's ``/v1/intent`` could reach on
    this stack (Flask, apiflask and marshmallow, the model) once everything else is subtracted.
    """
    from apiflask import APIFlask

    from app.api import intent
    from app.model import load_served
    from app.settings import AppSettings
    from models.kind import INTENT

    settings = settings or AppSettings()
    served = load_served(INTENT, settings)
    if served.model is None:
        raise RuntimeError(f"the floor app serves the pinned intent model: {served.error}")
    app = APIFlask(__name__, spec_path=None, docs_path=None)
    app.config["VALIDATION_ERROR_STATUS_CODE"] = 422
    app.extensions["slipway.settings"] = settings
    app.extensions["slipway.model"] = served
    app.register_blueprint(intent.bp)

    @app.get("/readyz")
    def ready() -> dict[str, str]:
        return {"status": "ready"}

    return app
