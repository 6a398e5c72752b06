"""The baseline: a bare Flask "hello" app, served by gunicorn with the assistant's own config.

``gunicorn -c app/gunicorn.conf.py 'bench.hello:create_app()'`` — same workers, threads,
worker class and bind settings as the assistant, so the ratio measures the app, not gunicorn.
"""

from __future__ import annotations

from flask import Flask


def create_app() -> Flask:
    app = Flask(__name__)

    @app.get("/hello")
    def hello() -> dict[str, str]:
        return {"message": "hello"}

    @app.get("/readyz")
    def ready() -> dict[str, str]:
        return {"status": "ready"}

    return app
