"""Request and response schemas (they generate the OpenAPI document)."""

from __future__ import annotations

from typing import Any

from apiflask import Schema
from apiflask.fields import Float, Integer, String
from apiflask.validators import Length
from flask import current_app
from marshmallow import ValidationError, validates


class IntentIn(Schema):
    text = String(required=True, validate=Length(min=1), metadata={"example": "remind me at 5"})

    @validates("text")
    def _text(self, value: str, **_: Any) -> None:
        if not value.strip():
            raise ValidationError("must not be blank")
        limit = current_app.extensions["slipway.settings"].max_text_chars
        if len(value) > limit:
            raise ValidationError(f"longer than {limit} characters")


class IntentOut(Schema):
    intent = String(required=True)
    confidence = Float(required=True)
    model_version = String(required=True)


class InfoOut(Schema):
    service = String()
    app_version = String()
    git_sha = String()
    model_name = String()
    model_version = String()
    model_digest = String()
    run_id = String()
    data_hash = String()
    model_git_sha = String()
    ready = String()
    labels = Integer()
