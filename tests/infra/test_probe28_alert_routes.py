"""Probe 28, M-1 (the rest, found again by probe 29): Alertmanager paged PagerDuty for a critical
alert in dev and staging as in prod, and sent the chart's always-firing Watchdog nowhere, so an
Alertmanager or Prometheus that died was noticed by no one. In prod the Watchdog is now a dead man's
switch (a heartbeat URL every minute); outside prod nobody is paged."""

from __future__ import annotations

from typing import Any

import pytest

from infra.platform.builder import ALERT_RECEIVER_DIR
from tests.infra.test_probe25_monitoring import ENVS, release


def config(env: str) -> dict[str, Any]:
    return dict(release(env, "kube-prometheus-stack").values["alertmanager"]["config"])


def test_prod_s_watchdog_is_a_heartbeat_every_minute() -> None:
    routes = config("prod")["route"]["routes"]
    (watchdog,) = [r for r in routes if r["matchers"] == ['alertname = "Watchdog"']]
    assert watchdog["receiver"] == "heartbeat"
    assert watchdog["repeat_interval"] == "1m"  # the heartbeat check expects it every minute
    assert watchdog["group_wait"] == "0s"
    assert routes.index(watchdog) == 0  # before the severity routes, which would take it
    receivers = {r["name"]: r for r in config("prod")["receivers"]}
    (hook,) = receivers["heartbeat"]["webhook_configs"]
    assert hook == {"url_file": f"{ALERT_RECEIVER_DIR}/heartbeat_url", "send_resolved": False}


@pytest.mark.parametrize("env", [e for e in ENVS if e != "prod"])
def test_nobody_is_paged_outside_prod(env: str) -> None:
    routes = config(env)["route"]["routes"]
    assert all(r["receiver"] != "pagerduty" for r in routes)
    assert {"receiver": "webhook", "matchers": ['severity = "critical"']} in routes
    assert "heartbeat" not in {r["name"] for r in config(env)["receivers"]}


def test_prod_pages_critical_alerts() -> None:
    routes = config("prod")["route"]["routes"]
    assert {"receiver": "pagerduty", "matchers": ['severity = "critical"']} in routes
