"""Typed access to the per-app objects ``create_app`` attaches."""

from __future__ import annotations

from flask import current_app

from app.model import ServedModel
from app.settings import AppSettings


def settings() -> AppSettings:
    value: AppSettings = current_app.extensions["slipway.settings"]
    return value


def served_model() -> ServedModel:
    value: ServedModel = current_app.extensions["slipway.model"]
    return value
