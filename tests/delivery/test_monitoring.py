"""Prometheus rules: valid (`promtool check rules`), unit-tested (`promtool test rules`), every
alert tested both firing and quiet, and the training baseline of the drift alert up to date."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT, require_binary

MONITORING = ROOT / "infra" / "monitoring"
RULE_FILES = sorted((MONITORING / "rules").glob("*.yml"))
TEST_FILES = sorted((MONITORING / "tests").glob("*.test.yml"))
REQUIRED_ALERTS = {
    "SlipwayHighErrorRate",
    "SlipwayHighLatencyP95",
    "SlipwayLLMFallbackRateHigh",
    "SlipwayIntentConfidenceDrift",
    "SlipwayCacheHitRateCollapse",
    "SlipwayPodRestarting",
    "SlipwayNoTraffic",
    "SlipwayPathwayAcceptanceDrop",
}


def rules() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for path in RULE_FILES:
        for group in yaml.safe_load(path.read_text())["groups"]:
            out += group["rules"]
    return out


def alerts() -> dict[str, dict[str, Any]]:
    return {r["alert"]: r for r in rules() if "alert" in r}


def promtool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [require_binary("promtool"), *args],
        cwd=MONITORING / "tests",
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.system  # promtool (apt prometheus)
def test_rules_are_valid() -> None:
    done = promtool("check", "rules", *map(str, RULE_FILES))
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.system  # promtool (apt prometheus)
@pytest.mark.parametrize("test_file", TEST_FILES, ids=lambda p: p.name)
def test_rule_unit_tests_pass(test_file: Path) -> None:
    done = promtool("test", "rules", test_file.name)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_alert_promised_exists_with_severity_and_summary() -> None:
    found = alerts()
    assert set(found) >= REQUIRED_ALERTS, sorted(REQUIRED_ALERTS - set(found))
    for name, rule in found.items():
        assert rule["labels"]["severity"] in {"critical", "warning"}, name
        assert rule["annotations"]["summary"].startswith("Slipway: "), name
        assert rule["annotations"]["description"], name


def test_every_alert_is_tested_firing_and_quiet() -> None:
    firing: set[str] = set()
    quiet: set[str] = set()
    for path in TEST_FILES:
        spec = yaml.safe_load(path.read_text())
        assert spec["rule_files"] == ["../rules/slipway.rules.yml"], path.name
        # without it promtool evaluates the groups in random order: flaky alert tests
        assert spec["group_eval_order"] == ["slipway.recording", "slipway.alerts"], path.name
        for case in spec["tests"]:
            for check in case.get("alert_rule_test", []):
                (firing if check.get("exp_alerts") else quiet).add(check["alertname"])
    missing_firing = sorted(set(alerts()) - firing)
    missing_quiet = sorted(set(alerts()) - quiet)
    assert not missing_firing, f"never tested firing: {missing_firing}"
    assert not missing_quiet, f"never tested quiet: {missing_quiet}"


def test_the_drift_baseline_matches_the_model_trained_on_the_pinned_data(
    trained: Any, splits: Any
) -> None:
    """``slipway:intent_low_confidence_ratio:training`` is the share of test-split predictions
    with confidence <= 0.5; after a retrain that moves it, update the constant in the rules."""
    model, _, _ = trained
    texts = [example.text for example in splits["test"]]
    predictions = model.predict_many(texts)
    share = sum(p.confidence <= 0.5 for p in predictions) / len(predictions)
    (rule,) = [
        r for r in rules() if r.get("record") == "slipway:intent_low_confidence_ratio:training"
    ]
    baseline = float(rule["expr"].removeprefix("vector(").removesuffix(")"))
    assert baseline == pytest.approx(share, abs=0.01), (
        f"update slipway:intent_low_confidence_ratio:training to vector({share:.3f})"
    )
