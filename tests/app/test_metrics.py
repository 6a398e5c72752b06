"""``/metrics`` in one process (the two-worker case is in tests/e2e)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.app.conftest import Api


def samples(client: Any) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    r = client.get("/metrics")
    assert r.status_code == 200
    assert r.mimetype == "text/plain"
    out = {}
    for family in text_string_to_metric_families(r.get_data(as_text=True)):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_metrics_count_requests_intents_skills_and_users(api: Api, client: Any) -> None:
    before = samples(client)
    api.chat("hello")
    api.chat("what's the weather in Lima tomorrow?")
    after = samples(client)

    def delta(name: str, **labels: str) -> float:
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0) - before.get(key, 0)

    assert delta("slipway_intents_total", intent="greeting") == 1
    assert delta("slipway_intents_total", intent="oos") == 1
    assert delta("slipway_skill_replies_total", skill="conversation") == 1
    assert delta("slipway_skill_replies_total", skill="out_of_scope") == 1
    assert delta("slipway_reply_path_total", path="local") == 2
    assert delta("slipway_intent_confidence_count") == 2
    assert delta("slipway_http_requests_total", route="/v1/chat", method="POST", status="200") == 2
    latency = {"route": "/v1/chat", "method": "POST", "status": "200"}
    assert delta("slipway_http_request_duration_seconds_count", **latency) == 2
    assert after[("slipway_active_users", ())] == 1


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_made_up_methods_share_one_label_and_the_type_names_one_charset(client: Any) -> None:
    """Found by an independent tester: each made-up HTTP method became a new ``method`` label,
    so anyone could grow /metrics by thousands of series without a token."""
    before = samples(client)
    for i in range(20):
        assert client.open("/healthz", method=f"M{i}X").status_code == 405
    after = samples(client)
    methods = {dict(labels).get("method") for (_, labels) in after}
    assert not any(m and m.startswith("M") and m.endswith("X") for m in methods), methods
    key = (
        "slipway_http_requests_total",
        (("method", "other"), ("route", "<unmatched>"), ("status", "405")),
    )
    assert after[key] - before.get(key, 0) == 20
    content_type = client.get("/metrics").headers["Content-Type"]
    assert content_type.count("charset") == 1, content_type


def test_breaker_gauge_forgets_a_dead_worker(tmp_path: Path) -> None:
    """A worker that died with its breaker open no longer holds the gauge at 1 once gunicorn's
    ``child_exit`` marks it dead; until then its open breaker shows."""
    from tests.conftest import ROOT

    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}

    def run(code: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    opened = (
        "import os\nfrom app import metrics\nmetrics.LLM_CIRCUIT_OPEN.set(1)\nprint(os.getpid())"
    )
    read = (
        "from prometheus_client import CollectorRegistry, multiprocess\n"
        "r = CollectorRegistry()\nmultiprocess.MultiProcessCollector(r)\n"
        "print(r.get_sample_value('slipway_llm_circuit_open'))"
    )
    pid = int(run(opened))
    assert run(read) == "1.0"
    run(f"from prometheus_client import multiprocess\nmultiprocess.mark_process_dead({pid})")
    assert run(read) == "None"


def test_metrics_port_separates_metrics_from_the_app(app_settings: Any) -> None:
    """With ``metrics_port`` the port of the request decides: /metrics only there, nothing else."""
    from app import create_app

    app = create_app(app_settings.model_copy(update={"metrics_port": 9102}))
    client = app.test_client()
    on_metrics = {"SERVER_PORT": "9102"}
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics").json["code"] == "not_found"
    assert client.get("/healthz").status_code == 200
    assert client.get("/metrics", environ_overrides=on_metrics).status_code == 200
    for path in ("/healthz", "/v1/info", "/docs", "/"):
        assert client.get(path, environ_overrides=on_metrics).status_code == 404, path
