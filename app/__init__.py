"""The Slipway assistant: a Flask (APIFlask) application built only through ``create_app``."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from apiflask import APIFlask

    from app.settings import AppSettings

__version__ = "0.1.0"


def create_app(settings: AppSettings | None = None) -> APIFlask:
    """Build the app (:func:`app.factory.build_app`). Importing the package stays light, so its
    command group (``app.cli``) does not load Flask before a command needs it."""
    from app.factory import build_app

    return build_app(settings)
