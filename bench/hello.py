"""The baselines: a bare Flask "hello" app, the intent route with nothing around it, and the
intent model with no framework at all.

``gunicorn -c app/gunicorn.conf.py 'bench.hello:create_app()'`` — same workers, threads,
worker class and bind settings as the assistant, so the ratio measures the app, not gunicorn.
``bench.hello:create_floor_app()`` and ``bench.hello:create_model_app()`` are served the same way.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from flask import Flask

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

    from app.model import ServedModel
    from app.settings import AppSettings
    from models.intent import IntentModel


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
    from app.settings import AppSettings

    settings = settings or AppSettings()
    served, _ = _pinned_intent_model(settings, "the floor app")
    app = APIFlask(__name__, spec_path=None, docs_path=None)
    app.config["VALIDATION_ERROR_STATUS_CODE"] = 422
    app.extensions["slipway.settings"] = settings
    app.extensions["slipway.model"] = served
    app.register_blueprint(intent.bp)

    @app.get("/readyz")
    def ready() -> dict[str, str]:
        return {"status": "ready"}

    return app


def create_model_app(settings: AppSettings | None = None) -> WSGIApplication:
    """The pinned intent model behind a plain WSGI callable: no Flask, no schema, no framework.

    ``POST /v1/intent`` reads the JSON body's ``text`` and answers the route's three fields;
    ``GET /readyz`` answers ready. There is no input checking and no error answer: it is a
    measurement baseline, never served to users. Served like the others, it is the most any
    ``/v1/intent`` could reach on this gunicorn config with this model, Flask included in what
    is subtracted.
    """
    from app.settings import AppSettings

    served, model = _pinned_intent_model(settings or AppSettings(), "the model-only app")
    ready = b'{"status": "ready"}'

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        if environ["PATH_INFO"] == "/readyz":
            body = ready
        else:
            size = int(environ.get("CONTENT_LENGTH") or 0)
            prediction = model.predict(json.loads(environ["wsgi.input"].read(size))["text"])
            answer = {
                "intent": prediction.intent,
                "confidence": round(prediction.confidence, 6),
                "model_version": served.version,
            }
            body = json.dumps(answer).encode()
        headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
        start_response("200 OK", headers)
        return [body]

    return app


def _pinned_intent_model(
    settings: AppSettings, who: str
) -> tuple[ServedModel[IntentModel], IntentModel]:
    """The pinned intent model as the assistant loads it (and the model itself); a baseline
    without one cannot start."""
    from app.model import load_served
    from models.kind import INTENT

    served = load_served(INTENT, settings)
    if served.model is None:
        raise RuntimeError(f"{who} serves the pinned intent model: {served.error}")
    return served, served.model
