"""The Great Expectations gate: the pinned data passes; each kind of corruption is refused."""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from pipelines.errors import ValidationFailed
from pipelines.intent.validate import validate
from pipelines.params import load_params
from tests.conftest import ROOT

Rows = dict[str, list[dict[str, str]]]


def _read(data_dir: Path) -> Rows:
    return {
        s: [json.loads(line) for line in (data_dir / "intents" / f"{s}.jsonl").open()]
        for s in ("train", "val", "test")
    }


def _write(rows: Rows, root: Path) -> Path:
    target = root / "data"
    (target / "intents").mkdir(parents=True)
    for split, items in rows.items():
        with (target / "intents" / f"{split}.jsonl").open("w") as fh:
            for item in items:
                fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    return target


def _empty_text(rows: Rows) -> None:
    rows["train"][0]["text"] = "   "


def _too_long(rows: Rows) -> None:
    rows["val"][3]["text"] = "please " * 80


def _unknown_label(rows: Rows) -> None:
    rows["train"][5]["intent"] = "order_pizza"


def _leak_across_splits(rows: Rows) -> None:
    rows["test"].append({"text": rows["train"][10]["text"].upper() + "  ", "intent": "oos"})


def _too_few_examples(rows: Rows) -> None:
    rows["train"] = [r for r in rows["train"] if r["intent"] != "tell_joke"][:] + [
        r for r in rows["train"] if r["intent"] == "tell_joke"
    ][:5]


def _class_share(rows: Rows) -> None:
    # "q17": a number inside a word, so 1500 templates (one template would be refused by the
    # template check as well: validate.max_template_lines)
    extra = [{"text": f"off topic request q{i}", "intent": "oos"} for i in range(1500)]
    rows["train"].extend(extra)


def _unknown_language(rows: Rows) -> None:
    rows["train"][7]["lang"] = "fr"


def _intent_missing_in_spanish(rows: Rows) -> None:
    rows["val"] = [r for r in rows["val"] if (r.get("lang"), r["intent"]) != ("es", "tell_joke")]


def _spanish_leak_across_splits(rows: Rows) -> None:
    spanish = next(r for r in rows["train"] if r.get("lang") == "es")
    rows["val"].append({**spanish, "text": spanish["text"].upper()})


def _random_strings(rows: Rows) -> None:
    """Probe 37, DS-L10: lines of random letters, evenly labelled, passed the gate."""
    import random

    rng = random.Random(7)
    intents = sorted({r["intent"] for r in rows["train"]})
    letters = "bcdfghjklmnpqrstvwxz"
    for i in range(len(rows["train"]) // 10):
        words = ["".join(rng.choice(letters) for _ in range(rng.randint(5, 9))) for _ in range(3)]
        rows["train"].append(
            {"text": " ".join(words), "intent": intents[i % len(intents)], "lang": "en"}
        )


def _spanish_class_share(rows: Rows) -> None:
    """Just enough Spanish oos lines to pass the class-share cap in Spanish: over the whole split
    the share of oos stays under it (however large the corpus has grown)."""
    cap = load_params(ROOT / "params.yaml").validate_.max_class_share
    train = rows["train"]
    spanish = [r for r in train if r.get("lang", "en") == "es"]
    oos = sum(r["intent"] == "oos" for r in spanish)
    n = math.floor((cap * len(spanish) - oos) / (1 - cap)) + 10
    train.extend({"text": f"pregunta ajena n{i}", "intent": "oos", "lang": "es"} for i in range(n))
    assert sum(r["intent"] == "oos" for r in train) / len(train) <= cap


CORRUPTIONS: dict[str, tuple[Callable[[Rows], None], str]] = {
    "empty text": (_empty_text, "expect_column_value_lengths_to_be_between"),
    "too long text": (_too_long, "expect_column_value_lengths_to_be_between"),
    "unknown label": (_unknown_label, "expect_column_values_to_be_in_set"),
    "duplicate across splits": (_leak_across_splits, "expect_column_values_to_be_unique"),
    "too few examples": (_too_few_examples, "expect_column_pair_values_a_to_be_greater_than_b"),
    "class share above cap": (_class_share, "expect_column_values_to_be_between"),
    "unknown language": (_unknown_language, "expect_column_values_to_be_in_set"),
    "intent missing in one language": (
        _intent_missing_in_spanish,
        "expect_column_pair_values_a_to_be_greater_than_b",
    ),
    "Spanish duplicate across splits": (
        _spanish_leak_across_splits,
        "expect_column_values_to_be_unique",
    ),
    "lines of random letters": (_random_strings, "expect_column_values_to_be_between"),
    "class share above cap in one language": (
        _spanish_class_share,
        "expect_column_values_to_be_between",
    ),
}


@pytest.mark.slow  # runs the Great Expectations gate
def test_pinned_data_passes(data_dir: Path, params, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = validate(data_dir, params, tmp_path)
    assert result.success
    saved = json.loads((tmp_path / "validation.json").read_text())
    assert saved["success"] is True
    assert saved["counts"]["train"] >= 60 * (len(params.intents) - 1)
    for lang in params.validate_.languages:  # each language is a corpus of its own
        for split in ("train", "val", "test"):
            assert saved["counts"][f"{split}.{lang}"] >= 10 * (len(params.intents) - 1)


@pytest.mark.slow  # runs the Great Expectations gate
def test_a_failing_count_names_its_language(data_dir: Path, params, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = _read(data_dir)
    _intent_missing_in_spanish(rows)
    with pytest.raises(ValidationFailed, match=r"val\.jsonl: tell_joke has 0 es examples"):
        validate(_write(rows, tmp_path), params, tmp_path / "reports")


def test_a_line_without_lang_is_english(tmp_path: Path) -> None:
    from pipelines.data import read_jsonl
    from pipelines.errors import DataError

    path = tmp_path / "x.jsonl"
    english = '{"text": "hi", "intent": "greeting"}'
    spanish = '{"text": "hola", "intent": "greeting", "lang": "es"}'
    path.write_text(f"{english}\n{spanish}\n")
    assert [e.lang for e in read_jsonl(path)] == ["en", "es"]
    path.write_text('{"text": "hola", "intent": "greeting", "lang": 3}\n')
    with pytest.raises(DataError, match="lang"):
        read_jsonl(path)


@pytest.mark.slow  # runs the Great Expectations gate
def test_result_file_is_deterministic(data_dir: Path, params, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    validate(data_dir, params, tmp_path / "a")
    validate(data_dir, params, tmp_path / "b")
    first = (tmp_path / "a" / "validation.json").read_text().replace(str(tmp_path / "a"), "")
    second = (tmp_path / "b" / "validation.json").read_text().replace(str(tmp_path / "b"), "")
    assert first == second


@pytest.mark.parametrize("kind", list(CORRUPTIONS))
@pytest.mark.slow  # runs the Great Expectations gate
def test_gate_rejects(kind: str, data_dir: Path, params, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corrupt, expectation = CORRUPTIONS[kind]
    rows = _read(data_dir)
    corrupt(rows)
    bad = _write(rows, tmp_path)
    reports = tmp_path / "reports"
    with pytest.raises(ValidationFailed) as info:
        validate(bad, params, reports)
    message = str(info.value)
    assert expectation in message
    assert "nothing was trained" in message
    saved = json.loads((reports / "validation.json").read_text())
    assert saved["success"] is False
    assert any(c["expectation"] == expectation and not c["success"] for c in saved["checks"])
    assert (
        reports / "gx" / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
    ).is_file()


@pytest.mark.slow  # runs the Great Expectations gate
def test_training_refuses_after_failed_validation(data_dir: Path, params, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from pipelines.intent.train import train

    rows = _read(data_dir)
    _unknown_label(rows)
    bad = _write(rows, tmp_path)
    with pytest.raises(ValidationFailed):
        validate(bad, params, tmp_path / "reports")
    with pytest.raises(ValidationFailed, match="fix data/"):
        train(bad, params, tmp_path / "model", tmp_path / "reports")
    assert not (tmp_path / "model").exists()


def test_missing_split_is_a_clear_error(data_dir: Path, params, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from pipelines.errors import DataError

    target = tmp_path / "data" / "intents"
    target.mkdir(parents=True)
    shutil.copy(data_dir / "intents" / "train.jsonl", target)
    with pytest.raises(DataError, match="dvc pull"):
        validate(tmp_path / "data", params, tmp_path / "reports")


@pytest.mark.slow  # runs the Great Expectations gate
def test_gx_starts_without_the_modules_the_gates_do_not_use() -> None:
    """scipy.stats, altair and mistune (a third of GX's import) load when first used, not before."""
    code = (
        "import sys\n"
        "from pipelines.validation import DEFERRED_BY_GX, expectations\n"
        "expectations().ExpectColumnValuesToNotBeNull(column='text')\n"
        "print([n for n in DEFERRED_BY_GX if type(sys.modules.get(n)).__name__ == 'module'])\n"
        "import scipy.stats\n"
        "print(round(float(scipy.stats.entropy([0.5, 0.5])), 4))\n"
        "print(type(sys.modules['scipy.stats']).__name__)"
    )
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "false"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.split() == ["[]", "0.6931", "module"]


@pytest.mark.slow  # runs the Great Expectations gate
def test_random_letters_are_named_and_the_pinned_gibberish_passes(
    data_dir: Path, params, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """The pinned data's own gibberish ("asdfghjkl" for oos, 25 of ~10,000 lines) passes; a
    tenth of train in random letters fails, saying how many lines and where."""
    from pipelines.intent.validate import worded

    assert [worded(t, lang) for t, lang in [
        ("asdfghjkl", "en"), ("xkqzv plmrt", "en"), ("remind me tmrw", "en"),
        ("cancélalo", "es"), ("recuérdame llamar a Lucía", "es"), ("ok", "es"),
    ]] == [0, 0, 1, 0, 1, 1]  # fmt: skip
    rows = _read(data_dir)
    _random_strings(rows)
    with pytest.raises(ValidationFailed, match=r"lines hold no English or Spanish word") as info:
        validate(_write(rows, tmp_path), params, tmp_path / "reports")
    assert "validate.min_worded_share" in str(info.value)
    assert re.search(r"train\.jsonl:\d+", str(info.value))
