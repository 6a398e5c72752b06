"""Probe 37, the promotion gates. M3: gates loosened in params.yaml promoted a much worse model
with exit 0, and nothing recorded it (the ``gate settings`` row read "pass"). M5: an intent the
champion predicts and the candidate does not was named by no gate. Both now refuse unless the
promotion says why (``--accept-gate-settings``, ``--accept-removed-intents``), and the reason is
kept as a tag of the promoted version."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from pipelines.errors import SlipwayError
from pipelines.kinds import removed_intent_gates
from pipelines.release.promote import (
    GATE_SETTINGS,
    REMOVED_INTENTS,
    Gate,
    PromotionRefused,
    accept,
)


def _evaluation(labels: list[str], **per_intent: tuple[float, int]) -> Any:
    return SimpleNamespace(
        labels=labels,
        per_intent={k: {"f1": f1, "support": n} for k, (f1, n) in per_intent.items()},
        per_language={},
    )


def test_an_intent_gone_from_the_candidate_is_refused_by_name() -> None:
    champion = _evaluation(["greet", "repeat", "oos"], repeat=(0.93, 45))
    candidate = _evaluation(["greet", "oos"])
    [gate] = removed_intent_gates(candidate, champion)
    assert gate.name == "removed intent repeat [test]"
    assert not gate.passed
    assert gate.detail.startswith("intent repeat: known to the champion, gone from the candidate")
    assert "the champion's F1 on its 45 test lines 0.930" in gate.detail
    assert gate.detail.endswith("--accept-removed-intents 'REASON'")
    # its test lines removed too: still named
    [gone] = removed_intent_gates(candidate, _evaluation(["greet", "repeat", "oos"]))
    assert "no test line of it left" in gone.detail
    # nothing removed, no champion, or a champion known by its pin only (no labels): no line
    assert removed_intent_gates(champion, champion) == []
    assert removed_intent_gates(candidate, None) == []
    assert removed_intent_gates(candidate, SimpleNamespace(metrics={})) == []


def test_a_reason_passes_only_the_gates_it_names() -> None:
    gates = [
        Gate("removed intent repeat [test]", False, "intent repeat: gone"),
        Gate("gate settings", False, "NOT the committed gates"),
        Gate("macro_f1 [test]", False, "0.70 vs champion 0.94"),
    ]
    accept(gates, {REMOVED_INTENTS: "repeat folded into help", GATE_SETTINGS: None})
    assert [g.passed for g in gates] == [True, False, False]
    assert gates[0].detail == "accepted (repeat folded into help): intent repeat: gone"


@pytest.mark.slow
def test_loosened_gate_settings_are_refused_then_kept_with_their_reason(
    tmp_path: Path, params: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through a real registry: refused without a reason (exit as a gate refusal), promoted with
    one, which the version keeps as ``gate_settings_accepted`` with the settings it passed."""
    from pipelines.release import gate_params
    from pipelines.release.promote import promote, resolve_candidate
    from pipelines.release.register import register
    from tests.pipelines.test_kinds import ECHO_KIND, LINEAGE
    from tests.pipelines.test_probe21_pipeline import _store

    loose = (
        "NOT the committed gates: params.yaml differs from git HEAD's in echo.min 0 (committed 1)"
    )
    monkeypatch.setattr(gate_params, "gate", lambda *args: [Gate(gate_params.GATE, False, loose)])
    store = _store(tmp_path)
    s = store.settings
    store.train("hello", 0.7)
    register(ECHO_KIND, s, LINEAGE)  # v1, the first champion
    store.train("bonjour", 0.9)
    register(ECHO_KIND, s, LINEAGE)
    candidate = resolve_candidate(store.client, "test-echo", None, None)

    refused, release = promote(ECHO_KIND, s, params, store.client, candidate)
    assert release is None
    assert [g.name for g in refused.failed] == ["gate settings"]
    assert PromotionRefused.exit_code == 4  # what `slipway promote` exits with then
    with pytest.raises(SlipwayError, match="--accept-gate-settings needs a reason"):
        promote(ECHO_KIND, s, params, store.client, candidate, accepted={GATE_SETTINGS: " "})

    why = "a looser floor while the new data settles"
    comparison, release = promote(
        ECHO_KIND, s, params, store.client, candidate, accepted={GATE_SETTINGS: why}
    )
    assert comparison.passed
    assert release is not None
    tags = store.client.get_model_version("test-echo", "2").tags
    assert tags[GATE_SETTINGS.tag] == f"{why} (gate settings: {loose})"
    assert REMOVED_INTENTS.tag not in tags
    assert "gate_split_accepted" not in tags
