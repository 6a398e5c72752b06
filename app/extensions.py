"""Typed access to the per-app objects ``create_app`` attaches."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import current_app

from app.model import ServedIntent
from app.settings import AppSettings

if TYPE_CHECKING:
    from app.assistant import Assistant


def settings() -> AppSettings:
    value: AppSettings = current_app.extensions["slipway.settings"]
    return value


def served_model() -> ServedIntent:
    value: ServedIntent = current_app.extensions["slipway.model"]
    return value


def assistant() -> Assistant:
    value: Assistant = current_app.extensions["slipway.assistant"]
    return value
