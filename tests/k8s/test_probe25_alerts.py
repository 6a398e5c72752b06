"""Probe 25 (L5): alert hygiene.

Every alert links its runbook (a ``runbook_url`` annotation pointing at a heading that exists in
docs/), and ``SlipwayNoTraffic`` notifies nobody in dev and staging, where a quiet night is
normal: ``severity: info`` there (Alertmanager routes ``info`` to no receiver), the rules file's
``warning`` (the webhook, never PagerDuty) in prod.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from infra.k8s.render import QUIET_OUTSIDE_PROD, RULES_FILE, prometheus_rule
from infra.platform.builder import _alertmanager_values
from infra.spec import ENVIRONMENTS

ROOT = Path(__file__).resolve().parents[2]
RUNBOOK = re.compile(
    r"https://github\.com/example-org/slipway/blob/main/(?P<page>docs/[\w./-]+\.md)#(?P<anchor>[\w-]+)"
)
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*$", re.M)
FENCE = re.compile(r"^```.*?^```", re.M | re.S)

Objects = dict[str, list[dict[str, Any]]]


def alerts(groups: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["alert"]: r for g in groups for r in g["rules"] if "alert" in r}


def anchors(page: Path) -> set[str]:
    """The anchors GitHub and mkdocs' toc give the page's headings (the same for plain text:
    lower case, punctuation dropped, spaces as hyphens); code blocks have no headings."""
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    slugs = set()
    for heading in HEADING.findall(text):
        words = re.sub(r"[^\w\s-]", "", heading.replace("`", "")).strip().lower()
        slugs.add(re.sub(r"\s+", "-", words))
    return slugs


def test_every_alert_links_a_runbook_heading_that_exists() -> None:
    rules = alerts(yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))["groups"])
    assert len(rules) >= 9
    for name, rule in rules.items():
        url = rule["annotations"].get("runbook_url", "")
        found = RUNBOOK.fullmatch(url)
        assert found, f"{name}: runbook_url {url!r} is not a docs/ page on the default branch"
        page = ROOT / found["page"]
        assert page.is_file(), f"{name}: {found['page']} does not exist"
        assert found["anchor"] in anchors(page), f"{name}: no heading #{found['anchor']} in {page}"
        assert found["anchor"] == name.lower(), f"{name}: its runbook is another alert's"


def test_the_anchor_check_tells_a_missing_heading() -> None:
    page = ROOT / "docs" / "platform.md"
    assert "slipwaynotraffic" in anchors(page)
    assert "slipwaynosuchalert" not in anchors(page)


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_no_traffic_pages_nobody_outside_prod(env: str, rendered: Objects) -> None:
    (rule,) = [o for o in rendered[env] if o["kind"] == "PrometheusRule"]
    shipped = alerts(rule["spec"]["groups"])
    in_file = alerts(yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))["groups"])
    assert "SlipwayNoTraffic" in QUIET_OUTSIDE_PROD
    for name, alert in shipped.items():
        if name in QUIET_OUTSIDE_PROD and env != "prod":
            assert alert["labels"]["severity"] == "info", name
            assert {**alert, "labels": in_file[name]["labels"]} == in_file[name]
        else:
            assert alert == in_file[name], name
    assert in_file["SlipwayNoTraffic"]["labels"]["severity"] == "warning"
    assert prometheus_rule(env) == rule


@pytest.mark.parametrize(("env", "paged"), [("prod", "pagerduty"), ("dev", "webhook")])
def test_alertmanager_sends_info_to_nobody_and_critical_to_pagerduty_in_prod(
    env: str, paged: str
) -> None:
    config = _alertmanager_values(env)["config"]
    routes = {tuple(r["matchers"]): r["receiver"] for r in config["route"]["routes"]}
    assert routes[('severity = "info"',)] == "null"
    assert routes[('severity = "critical"',)] == paged  # nobody paged outside prod (probe 28)
    assert config["route"]["receiver"] == "webhook"
    (null,) = [r for r in config["receivers"] if r["name"] == "null"]
    assert null == {"name": "null"}
