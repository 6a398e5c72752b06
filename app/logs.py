"""Structured logs: one JSON object per line, with the request id when there is a request."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

from flask import g, has_request_context, request

_RESERVED = set(vars(logging.makeLogRecord({})).keys()) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if has_request_context():
            payload["request_id"] = g.get("request_id", "")
            payload["method"] = request.method
            payload["path"] = request.path
        for key, value in vars(record).items():
            if key not in _RESERVED and not key.startswith("_"):
                payload[key] = value
        if record.exc_info:
            payload["exc"] = self.formatException(record.exc_info)
        return json.dumps(payload, default=str, ensure_ascii=False)


def configure_logging(level: str, as_json: bool) -> None:
    """Set up the ``app`` logger once (an explicit call from ``create_app``)."""
    logger = logging.getLogger("app")
    logger.setLevel(level.upper())
    if any(getattr(h, "_slipway", False) for h in logger.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler._slipway = True  # type: ignore[attr-defined]
    if as_json:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    logger.addHandler(handler)
    logger.propagate = False
