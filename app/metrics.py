"""Prometheus metrics, correct under several gunicorn workers (multiprocess mode).

With ``PROMETHEUS_MULTIPROC_DIR`` set (gunicorn.conf.py sets it), every worker writes its samples
to files there and ``/metrics`` aggregates them; without it, the process registry is served.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from flask import Flask, Response, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from werkzeug.exceptions import NotFound

from app.db.tables import RequestLog

REQUESTS = Counter(
    "slipway_http_requests_total",
    "HTTP requests by route and status",
    ["route", "method", "status"],
)
LATENCY = Histogram(
    "slipway_http_request_duration_seconds",
    "HTTP request latency by route and status",
    ["route", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
INTENTS = Counter("slipway_intents_total", "Predicted intents by label", ["intent"])
CONFIDENCE = Histogram(
    "slipway_intent_confidence",
    "Confidence of the predicted intent",
    buckets=(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0),
)
SKILLS = Counter("slipway_skill_replies_total", "Replies by skill", ["skill"])
PATHS = Counter(
    "slipway_reply_path_total", "Replies by answering path (local, llm, fallback)", ["path"]
)
CACHE = Counter("slipway_cache_requests_total", "Knowledge answer cache lookups", ["result"])

# -- learning pathways and feedback (app/pathways.py, app/api/feedback.py) ---------------------
RECOMMENDATIONS = Counter(
    "slipway_recommendations_total", "Pathways recommended (one per recommend call)"
)
PATHWAY_FEEDBACK = Counter(
    "slipway_pathway_feedback_total",
    "What users did with a recommended course (accepted, completed, rejected)",
    ["action"],
)
FEEDBACK = Counter("slipway_feedback_total", "Ratings of the assistant's replies", ["rating"])

# -- the LLM path (app/llm) -------------------------------------------------------------------
LLM_REQUESTS = Counter(
    "slipway_llm_requests_total",
    "LLM calls by outcome (ok, timeout, rate_limited, server_error, bad_response, "
    "connection_error, invalid_arguments, circuit_open)",
    ["outcome"],
)
LLM_LATENCY = Histogram(
    "slipway_llm_request_duration_seconds",
    "Duration of one LLM call (attempt), whatever its outcome",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30),
)
LLM_TOKENS = Counter("slipway_llm_tokens_total", "LLM tokens used by kind", ["kind"])
LLM_COST = Counter("slipway_llm_cost_usd_total", "Estimated LLM cost (USD, price table)")
LLM_FALLBACKS = Counter(
    "slipway_llm_fallbacks_total", "Requests the LLM path gave back to the local path", ["reason"]
)
TURNS_RECOVERED = Counter(
    "slipway_turns_recovered_total",
    "Abandoned LLM turns (their process died midway) found by the turn journal's recovery: "
    "reversed, changed (left as they are: a row changed since) or failed",
    ["outcome"],
)
LLM_CIRCUIT_OPEN = Gauge(
    "slipway_llm_circuit_open",
    "1 while the LLM circuit breaker is open (per worker; max over the live workers)",
    multiprocess_mode="livemax",  # a dead worker's open breaker is dropped (mark_process_dead)
)


def observe_turn(intent: str, confidence: float, skill: str, path: str) -> None:
    INTENTS.labels(intent).inc()
    CONFIDENCE.observe(confidence)
    SKILLS.labels(skill).inc()
    PATHS.labels(path).inc()


class ActiveUsers(Collector):
    """Distinct users with a chat turn in the last window, read from the shared database."""

    def __init__(self, app: Flask, window: int) -> None:
        self.app = app
        self.window = window

    def collect(self) -> Iterable[GaugeMetricFamily]:
        from app.db import engine_of

        since = datetime.now(UTC) - timedelta(seconds=self.window)
        value = 0.0
        try:
            with engine_of(self.app).connect() as conn:
                count = conn.scalar(
                    select(func.count(func.distinct(RequestLog.user_id))).where(
                        RequestLog.created_at >= since
                    )
                )
                value = float(count or 0)
        except Exception:  # a scrape must not fail because the database is down
            logging.getLogger(__name__).exception("active users not counted")
            value = float("nan")
        gauge = GaugeMetricFamily(
            "slipway_active_users", f"Users with a chat turn in the last {self.window} s"
        )
        gauge.add_metric([], value)
        yield gauge


def init_app(app: Flask, window: int, port: int | None = None) -> None:
    """``/metrics`` with every worker's samples; with ``port``, only on that port (see
    ``AppSettings.metrics_port``): gunicorn listens there too and the listener's port tells them
    apart (gunicorn's ``SERVER_PORT`` is the socket's, whatever the Host header says)."""
    active = ActiveUsers(app, window)

    @app.before_request
    def _start_timer() -> None:
        if port is not None and (request.path == "/metrics") != _on_port(port):
            raise NotFound()
        g.started = time.perf_counter()

    @app.after_request
    def _record(response: Response) -> Response:
        if request.path == "/metrics":
            return response
        route = request.url_rule.rule if request.url_rule is not None else "<unmatched>"
        started = g.get("started")
        status = str(response.status_code)
        # any word is a method to HTTP: an unknown one is "other", or each would be a new series
        method = request.method if request.method in _METHODS else "other"
        REQUESTS.labels(route, method, status).inc()
        if started is not None:
            LATENCY.labels(route, method, status).observe(time.perf_counter() - started)
        return response

    def metrics() -> Response:
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        else:
            registry = CollectorRegistry()
            registry.register(_Forward(REGISTRY))
        registry.register(active)
        # the exposition format's type carries its charset already (a mimetype would add one)
        return Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)

    metrics._spec = {"hide": True}  # type: ignore[attr-defined]  # APIFlask: not in the spec
    app.add_url_rule("/metrics", "metrics", metrics, methods=["GET"])


_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def _on_port(port: int) -> bool:
    return request.environ.get("SERVER_PORT") == str(port)


class _Forward(Collector):
    """Expose the process-wide registry inside a per-scrape registry."""

    def __init__(self, source: CollectorRegistry) -> None:
        self.source = source

    def collect(self) -> Iterable[GaugeMetricFamily]:
        yield from self.source.collect()  # type: ignore[misc]
