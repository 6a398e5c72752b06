"""Structured logs: one JSON object per line, with the request id when there is a request."""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime
from typing import Any

from flask import g, has_request_context, request
from pythonjsonlogger.json import JsonFormatter as LineFormatter

# what a line names otherwise: the record's level and logger, and an exception's traceback
_RENAMED = {"levelname": "level", "name": "logger", "exc_info": "exc"}


class JsonFormatter(LineFormatter):
    """python-json-logger's formatter with the app's fields: ``ts`` (UTC, milliseconds),
    ``level`` (lower case), ``logger``, ``message``, and in a request its ``request_id``,
    ``method`` and ``path``; then the record's ``extra`` fields, and ``exc`` for a traceback."""

    def __init__(self) -> None:
        super().__init__(
            ["levelname", "name", "message"],
            rename_fields=_RENAMED,
            json_default=str,
            json_ensure_ascii=False,
        )

    def add_fields(
        self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]
    ) -> None:
        log_data["ts"] = datetime.fromtimestamp(record.created, UTC).isoformat(
            timespec="milliseconds"
        )
        super().add_fields(log_data, record, message_dict)
        log_data["level"] = record.levelname.lower()
        if has_request_context():
            log_data.setdefault("request_id", g.get("request_id", ""))
            log_data.setdefault("method", request.method)
            log_data.setdefault("path", request.path)


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
