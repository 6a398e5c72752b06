"""The model-family bench: candidate lines left out of train, test figures only after the choice."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench.model_families import (
    CHOSEN,
    FAMILIES,
    FIFTH_WRITER,
    FOURTH_WRITER,
    REPLACED,
    THIRD_WRITER,
    table,
    without,
)
from pipelines.data import Example


def _jsonl(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_without_drops_the_lines_of_every_file(tmp_path: Path) -> None:
    train = [Example("a", "yes", "en"), Example("b", "no", "en"), Example("c", "oos", "es")]
    third = _jsonl(tmp_path / "third.jsonl", [{"text": "a", "intent": "yes", "lang": "en"}])
    fourth = _jsonl(tmp_path / "fourth.jsonl", [{"text": "c", "intent": "oos", "lang": "es"}])
    assert without(train, third, fourth) == [Example("b", "no", "en")]


def test_without_matches_text_intent_and_language(tmp_path: Path) -> None:
    train = [Example("a", "yes", "en"), Example("a", "yes", "es")]
    other = _jsonl(tmp_path / "x.jsonl", [{"text": "a", "intent": "yes"}])  # no lang: en
    assert without(train, other) == [Example("a", "yes", "es")]


def test_the_replaced_model_is_the_chosen_one_without_the_fifth_writer() -> None:
    assert FAMILIES[CHOSEN].without == ()
    assert FAMILIES[CHOSEN].overrides == {}
    # the model replaced: the same features and rule, without the fifth writer, at its own C
    assert FAMILIES[REPLACED].without == (FIFTH_WRITER,)
    assert FAMILIES[REPLACED].overrides == {"C": 8.0}
    # one change at a time: the fifth writer's lines at the old C, then the new C
    assert FAMILIES["fifth_writer"].without == ()
    assert FAMILIES["fifth_writer"].overrides == {"C": 8.0}
    # the rows before a writer all leave its lines out
    for key in ("before", "joint_rule", "third_writer", "balanced", "char", "punctuation"):
        assert FOURTH_WRITER in FAMILIES[key].without
        assert FIFTH_WRITER in FAMILIES[key].without
        assert FAMILIES[key].overrides["C"] == 8.0
    assert THIRD_WRITER in FAMILIES["before"].without


def _row(val: dict[str, float], **extra: Any) -> dict[str, Any]:
    return {
        "family": "row",
        "val": val,
        "val_worse_language_in_scope_accuracy": 0.9,
        "val_oos_floor": 0.92,
        "val_oos_floor_met": True,
        "oos_bias": 0.5,
        "threshold": 0.4,
        "n_train": 10,
        "train_seconds": 1.0,
        "latency_p50_ms": 0.1,
        "latency_p95_ms": 0.2,
        **extra,
    }


def test_a_table_without_test_figures_has_no_test_section() -> None:
    metrics = {"en.n_examples": 10.0}
    for lang in ("en",):
        for c in ("in_scope_accuracy", "oos_recall", "oos_precision", "macro_f1"):
            metrics[f"{lang}.{c}"] = 0.9
    text = table([_row(metrics)])
    assert "on val (en 10 utterances)" in text
    assert "test" not in text
