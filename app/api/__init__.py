"""API blueprints, gathered in one place."""

from __future__ import annotations

from apiflask import APIFlask

from app.api import (
    chat,
    feedback,
    health,
    info,
    intent,
    meetings,
    pathways,
    reminders,
    todos,
    users,
    web,
)


def register_blueprints(app: APIFlask) -> None:
    for module in (
        health,
        info,
        intent,
        chat,
        meetings,
        reminders,
        todos,
        users,
        feedback,
        pathways,
        web,
    ):
        app.register_blueprint(module.bp)
