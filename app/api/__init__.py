"""API blueprints, gathered in one place."""

from __future__ import annotations

from apiflask import APIFlask

from app.api import health, info, intent


def register_blueprints(app: APIFlask) -> None:
    for module in (health, info, intent):
        app.register_blueprint(module.bp)
