"""The Grafana dashboard: a valid JSON model on a templated Prometheus datasource, and every metric
its queries (and the alert rules) name is one the live app exports on /metrics."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT

DASHBOARD = ROOT / "infra" / "monitoring" / "dashboards" / "slipway.json"
RULES = ROOT / "infra" / "monitoring" / "rules" / "slipway.rules.yml"
METRIC = re.compile(r"\b(slipway_[a-z0-9_]+)\b")
SECTIONS = (
    "traffic",
    "error",
    "latency",
    "intent",
    "confidence",
    "path",
    "cache",
    "llm",
    "pathway",
)


def dashboard() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DASHBOARD.read_text())
    return data


def panels() -> list[dict[str, Any]]:
    return [p for p in dashboard()["panels"] if p["type"] != "row"]


def dashboard_queries() -> list[tuple[str, str]]:
    return [(p["title"], t["expr"]) for p in panels() for t in p["targets"]]


def rule_queries() -> list[tuple[str, str]]:
    out = []
    for group in yaml.safe_load(RULES.read_text())["groups"]:
        for rule in group["rules"]:
            out.append((rule.get("alert") or rule["record"], rule["expr"]))
    return out


def test_the_dashboard_is_a_grafana_model_on_a_templated_datasource() -> None:
    model = dashboard()
    assert 36 <= model["schemaVersion"] <= 41
    assert model["uid"] == "slipway-assistant"
    (variable,) = [v for v in model["templating"]["list"] if v["type"] == "datasource"]
    assert variable["query"] == "prometheus"
    ref = "${" + variable["name"] + "}"
    ids = [p["id"] for p in model["panels"]]
    assert len(ids) == len(set(ids))
    for panel in panels():
        assert panel["datasource"]["uid"] == ref, panel["title"]
        assert panel["targets"], panel["title"]
        for target in panel["targets"]:
            assert target["datasource"]["uid"] == ref, panel["title"]
            assert METRIC.search(target["expr"]), (panel["title"], target["expr"])
        grid = panel["gridPos"]
        assert grid["x"] + grid["w"] <= 24, panel["title"]
    cells: dict[tuple[int, int], str] = {}
    for panel in model["panels"]:
        grid = panel["gridPos"]
        for x in range(grid["x"], grid["x"] + grid["w"]):
            for y in range(grid["y"], grid["y"] + grid["h"]):
                assert (x, y) not in cells, f"{panel['title']} overlaps {cells[(x, y)]}"
                cells[(x, y)] = panel["title"]


def test_the_dashboard_covers_every_section() -> None:
    titles = " ".join(p["title"].lower() for p in dashboard()["panels"])
    missing = [s for s in SECTIONS if s not in titles]
    assert not missing, missing
    exprs = " ".join(e for _, e in dashboard_queries())
    for quantile in ("0.5", "0.95", "0.99"):
        assert f"histogram_quantile({quantile}, " in exprs


# --- the names the live app exports -------------------------------------------------------


@pytest.fixture(scope="module")
def exported(  # type: ignore[no-untyped-def]
    trained, release_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[set[str]]:
    """Sample names on /metrics of an app in this process, after authenticated chat turns.

    Without PROMETHEUS_MULTIPROC_DIR the app serves the process registry, where a labelled
    metric that has no sample yet still has its `# TYPE` line: every declared metric counts.
    """
    from sqlalchemy.orm import Session

    from app import create_app
    from app.auth import create_user
    from app.db import engine_of
    from app.db.migrate import upgrade
    from app.settings import AppSettings

    _, _, folder = trained
    database = tmp_path_factory.mktemp("dashboard-app") / "assistant.db"
    upgrade(f"sqlite:///{database}")
    app = create_app(
        AppSettings(
            release_file=release_file,
            model_path=folder,
            database_url=f"sqlite:///{database}",
            knowledge_dir=ROOT / "data" / "knowledge",
            redis_url=None,
            rate_limit="1000/minute",
            openai_api_key=None,
        )
    )
    try:
        with Session(engine_of(app)) as session:
            _, token = create_user(session, "grafana")
        client = app.test_client()
        headers = {"Authorization": f"Bearer {token}"}
        for message in ("hello", "how many vacation days do I get?"):
            reply = client.post("/v1/chat", json={"message": message}, headers=headers)
            assert reply.status_code == 200, reply.get_json()
        scrape = client.get("/metrics")
        assert scrape.status_code == 200
        yield exposed_names(scrape.get_data(as_text=True))
    finally:
        engine_of(app).dispose()


def exposed_names(text: str) -> set[str]:
    names: set[str] = set()
    for name, kind in re.findall(r"^# TYPE (\S+) (\S+)$", text, re.M):
        names.add(name)
        if kind == "histogram":
            names |= {f"{name}_bucket", f"{name}_count", f"{name}_sum"}
        elif kind == "counter" and not name.endswith("_total"):
            names.add(f"{name}_total")
    names |= set(re.findall(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", text, re.M))
    return names


def missing_names(queries: list[tuple[str, str]], exported: set[str]) -> dict[str, list[str]]:
    missing: dict[str, list[str]] = {}
    for where, expr in queries:
        for name in METRIC.findall(expr):
            if name not in exported:
                missing.setdefault(name, []).append(where)
    return missing


def test_the_live_app_exports_the_core_metrics(exported: set[str]) -> None:
    for name in (
        "slipway_http_requests_total",
        "slipway_http_request_duration_seconds_bucket",
        "slipway_intent_confidence_bucket",
        "slipway_reply_path_total",
        "slipway_cache_requests_total",
        "slipway_active_users",
    ):
        assert name in exported, name


def test_every_dashboard_query_names_a_metric_the_app_exports(exported: set[str]) -> None:
    missing = missing_names(dashboard_queries(), exported)
    assert not missing, "not exported by the app: " + "; ".join(
        f"{name} (panels: {', '.join(sorted(set(where)))})"
        for name, where in sorted(missing.items())
    )


def test_every_rule_names_a_metric_the_app_exports(exported: set[str]) -> None:
    missing = missing_names(rule_queries(), exported)
    assert not missing, "not exported by the app: " + "; ".join(
        f"{name} (rules: {', '.join(sorted(set(where)))})"
        for name, where in sorted(missing.items())
    )
