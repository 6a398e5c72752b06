"""Probe 21 (a data scientist's first two weeks), the pipeline side: each finding's fix."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from pipelines.errors import ValidationFailed
from pipelines.intent.validate import validate
from tests.pipelines.test_validate import Rows, _read, _write

MOJIBAKE = "agenda una reuniÃ³n con MarÃ­a maÃ±ana"


# -- H1: mis-decoded UTF-8 is refused by the data gate ------------------------------------------
@pytest.mark.parametrize(
    "text",
    [MOJIBAKE, "Â¿quÃ© hora es en Lima?", "set a timer â€œpastaâ€ for 10 minutes", "hola\ufffd"],
)
def test_mojibake_is_refused_with_file_and_line(
    text: str, data_dir: Path, params: Any, tmp_path: Path
) -> None:
    rows = _read(data_dir)
    rows["train"].append({"text": text, "intent": "schedule_meeting", "lang": "es"})
    line = len(rows["train"])
    bad = _write(rows, tmp_path)
    with pytest.raises(ValidationFailed) as info:
        validate(bad, params, tmp_path / "reports")
    message = str(info.value)
    assert "expect_column_values_to_not_match_regex on text: 1 failing" in message
    assert f"{bad / 'intents' / 'train.jsonl'}:{line}: mis-decoded UTF-8" in message, message


def test_real_accents_and_inverted_marks_pass_the_mojibake_check(
    data_dir: Path, params: Any, tmp_path: Path
) -> None:
    rows = _read(data_dir)
    rows["train"].append(
        {"text": "¿Agenda una reunión con María y Núñez mañana? ¡Sí!", "intent": "schedule_meeting"}
    )
    rows["train"][-1]["lang"] = "es"
    validate(_write(rows, tmp_path), params, tmp_path / "reports")


def test_a_line_number_is_the_file_line_even_after_blank_lines(
    data_dir: Path, params: Any, tmp_path: Path
) -> None:
    rows = _read(data_dir)
    bad = _write(rows, tmp_path)
    train = bad / "intents" / "train.jsonl"
    lines = train.read_text(encoding="utf-8").splitlines()
    lines[2:2] = ["", ""]  # two blank lines: the reader skips them, the message must not
    lines.append(json.dumps({"text": MOJIBAKE, "intent": "schedule_meeting", "lang": "es"}))
    train.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValidationFailed, match=rf"train\.jsonl:{len(lines)}: mis-decoded"):
        validate(bad, params, tmp_path / "reports")


def test_mojibake_in_the_pathway_tables_is_refused(
    small_data: Path, params: Any, tmp_path: Path
) -> None:
    from pipelines.pathways.validate import validate_pathways

    data = tmp_path / "data"
    shutil.copytree(small_data / "pathways", data / "pathways")
    courses = data / "pathways" / "courses.csv"
    with courses.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[3]["title"] = "ComputaciÃ³n BÃ¡sica"
    with courses.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    with pytest.raises(ValidationFailed) as info:
        validate_pathways(data, params, tmp_path / "reports")
    message = str(info.value)
    assert "expect_column_values_to_not_match_regex on text: 1 failing" in message
    assert f"courses.csv/5/{rows[3]['id']}" in message


# -- M7: the count and share failures say the file and the numbers ------------------------------
def test_a_missing_intent_says_the_file_and_the_numbers(
    data_dir: Path, params: Any, tmp_path: Path
) -> None:
    rows: Rows = _read(data_dir)
    rows["val"] = [r for r in rows["val"] if r["intent"] != "tell_joke"]
    bad = _write(rows, tmp_path)
    with pytest.raises(ValidationFailed) as info:
        validate(bad, params, tmp_path / "reports")
    message = str(info.value)
    val = bad / "intents" / "val.jsonl"
    v = params.validate_
    assert f"{val}: tell_joke has 0 examples (min {v.min_eval_per_intent} per split)" in message
    assert (
        f"{val}: tell_joke has 0 es examples (min {v.min_eval_per_intent_per_language} "
        "per language)" in message
    )


def test_a_share_above_the_cap_says_the_share_and_the_cap(
    data_dir: Path, params: Any, tmp_path: Path
) -> None:
    rows = _read(data_dir)
    spanish = sum(r.get("lang") == "es" for r in rows["train"])
    rows["train"].extend(
        {"text": f"pon un temporizador de {i} minutos por favor", "intent": "timer", "lang": "es"}
        for i in range(spanish)
    )
    bad = _write(rows, tmp_path)
    with pytest.raises(ValidationFailed) as info:
        validate(bad, params, tmp_path / "reports")
    message = str(info.value)
    cap = f"{params.validate_.max_class_share:.0%}"
    assert f"{bad / 'intents' / 'train.jsonl'}: timer is " in message
    assert f"% of the es lines (cap {cap}, validate.max_class_share)" in message
