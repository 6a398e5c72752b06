"""Probe 23 M6 (an independent data scientist): a template flood got through the data gate.

500 lines "pon un temporizador de N minutos por favor" (timer, es), and in another try 400 lines
"tell me a joke number N" (tell_joke, en), were added to train: each intent stayed under the
class-share cap, `slipway stage validate` passed and a model of one template was registered.
The gate now refuses a split (or gate set) with more than ``validate.max_template_lines`` lines
of one template: the line folded like the leakage check, its numbers as one placeholder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from pipelines.data import read_jsonl
from pipelines.errors import ValidationFailed
from pipelines.intent.validate import validate
from tests.conftest import ROOT

FLOODS = {
    "es timer": (
        "pon un temporizador de {n} minutos por favor",
        "timer",
        "es",
        500,
        "pon un temporizador de # minutos por favor",
    ),
    "en joke": ("tell me a joke number {n}", "tell_joke", "en", 400, "tell me a joke number #"),
}


def _copy_intents(data_dir: Path, root: Path) -> Path:
    target = root / "data"
    shutil.copytree(data_dir / "intents", target / "intents")
    return target


def _append(path: Path, rows: list[dict[str, str]]) -> int:
    """Append rows to a JSONL file; the line number of the first one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    first = len(path.read_text(encoding="utf-8").splitlines()) + 1 if path.is_file() else 1
    with path.open("a", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return first


def _lines(template: str, intent: str, lang: str, numbers: range) -> list[dict[str, str]]:
    return [{"text": template.format(n=n), "intent": intent, "lang": lang} for n in numbers]


def _failed(reports: Path) -> list[tuple[str, str]]:
    saved = json.loads((reports / "validation.json").read_text())
    return [(c["suite"], c["column"]) for c in saved["checks"] if not c["success"]]


# -- the template key -----------------------------------------------------------------------------
def test_punctuation_case_accents_and_numbers_fold_into_one_template() -> None:
    from pipelines.data import template_key

    key = "pon un temporizador de # minutos por favor"
    for text in (
        "pon un temporizador de 5 minutos por favor",
        "Pon un temporizador de 12 minutos, por favor.",
        "¡PON UN TEMPORIZADOR DE 480 MINUTOS POR FAVOR!",
        "pon  un temporizadór de 7 minutos... ¿por favor?",
    ):
        assert template_key(text) == key, text
    assert template_key("remind me on the 4th at 5pm") == "remind me on the # at #"
    assert template_key("recuérdalo el 1º de mayo") == "recuerdalo el # de mayo"
    assert template_key("wake me at 7:30") == "wake me at # #"


def test_a_number_inside_a_word_is_part_of_that_word() -> None:
    from pipelines.data import template_key

    assert template_key("convert this song to mp3") == "convert this song to mp3"
    assert template_key("convert this song to mp3") != template_key("convert this song to mp4")
    assert template_key("is covid19 still around") != template_key("is covid20 still around")
    assert template_key("solve 2x + 3 = 7") == "solve 2x + # = #"


def test_the_committed_data_is_far_under_the_limit(data_dir: Path, params: Any) -> None:
    """The largest template group of each split (2 lines in train, 1 in val and test when the
    check began) is at most half the limit."""
    from pipelines.intent.validate import template_frame

    splits = {s: read_jsonl(data_dir / "intents" / f"{s}.jsonl") for s in ("train", "val", "test")}
    frame = template_frame(splits)
    largest = frame.groupby("split")["lines"].max().to_dict()
    assert set(largest) == {"train", "val", "test"}
    assert max(largest.values()) <= params.validate_.max_template_lines // 2, largest


def test_the_limit_is_a_typed_parameter(tmp_path: Path) -> None:
    from pipelines.errors import DataError
    from pipelines.params import load_params

    assert load_params(ROOT / "params.yaml").validate_.max_template_lines == 20
    bad = tmp_path / "params.yaml"
    text = (ROOT / "params.yaml").read_text()
    bad.write_text(text.replace("max_template_lines: 20", "max_template_lines: 0"))
    with pytest.raises(DataError, match=r"validate\.max_template_lines"):
        load_params(bad)


# -- the gate -------------------------------------------------------------------------------------
@pytest.mark.parametrize("flood", list(FLOODS))
@pytest.mark.slow  # runs the Great Expectations gate through `slipway stage validate`
def test_the_probes_flood_is_refused_by_stage_validate(
    flood: str, data_dir: Path, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from pipelines.cli import app

    template, intent, lang, count, key = FLOODS[flood]
    data = _copy_intents(data_dir, tmp_path)
    train = data / "intents" / "train.jsonl"
    first = _append(train, _lines(template, intent, lang, range(1, count + 1)))
    reports = tmp_path / "reports"
    env = {
        "SLIPWAY_DATA_DIR": str(data),
        "SLIPWAY_REPORTS_DIR": str(reports),
        "SLIPWAY_PARAMS_FILE": str(ROOT / "params.yaml"),
        "COLUMNS": "400",
    }
    result = CliRunner().invoke(app, ["stage", "validate"], env=env)
    assert result.exit_code == 3, result.output
    shown = ", ".join(str(first + i) for i in range(5))
    assert (
        f"{train}: {count} lines are one template, {key!r} ({intent}/{lang}; lines {shown}, …; "
        "limit 20, validate.max_template_lines): keep a few of these lines"
    ) in result.output, result.output
    assert "raise validate.max_template_lines in params.yaml with a reason" in result.output
    assert "nothing was trained" in result.output
    # the intent stayed under the class-share cap: the template check alone refuses it
    assert _failed(reports) == [("intent_templates", "lines")]


@pytest.mark.slow  # runs the Great Expectations gate
def test_lines_up_to_the_limit_pass_and_one_more_is_refused(
    data_dir: Path, params: Any, tmp_path: Path
) -> None:
    """49 lines of a template pass under a limit of 50; 51 do not."""
    limited = params.model_copy(
        update={"validate_": params.validate_.model_copy(update={"max_template_lines": 50})}
    )
    data = _copy_intents(data_dir, tmp_path)
    train = data / "intents" / "train.jsonl"
    template = "set a timer for {n} minutes and call it round {n}"
    _append(train, _lines(template, "timer", "en", range(1, 50)))
    assert validate(data, limited, tmp_path / "ok").success
    _append(train, _lines(template, "timer", "en", range(50, 52)))
    with pytest.raises(ValidationFailed, match=r"51 lines are one template.*limit 50"):
        validate(data, limited, tmp_path / "refused")


@pytest.mark.slow  # runs the Great Expectations gate
def test_lines_differing_only_in_punctuation_and_case_are_one_template(
    data_dir: Path, params: Any, tmp_path: Path
) -> None:
    data = _copy_intents(data_dir, tmp_path)
    shapes = (
        "Tell me a joke, number {n}!",
        "TELL ME A JOKE NUMBER {n}?",
        "tell me a joke number {n}",
    )
    rows = [
        {"text": shapes[n % 3].format(n=n), "intent": "tell_joke", "lang": "en"}
        for n in range(1, 22)
    ]
    _append(data / "intents" / "val.jsonl", rows)
    with pytest.raises(ValidationFailed) as info:
        validate(data, params, tmp_path / "reports")
    assert "val.jsonl: 21 lines are one template, 'tell me a joke number #'" in str(info.value)
    assert _failed(tmp_path / "reports") == [("intent_templates", "lines")]


@pytest.mark.slow  # runs the Great Expectations gate
def test_numbers_inside_words_do_not_make_a_template(
    data_dir: Path, params: Any, tmp_path: Path
) -> None:
    """30 lines that differ only in a number inside a word ("mp3", "covid19") are 30 lines."""
    data = _copy_intents(data_dir, tmp_path)
    rows = _lines("please convert my playlist to mp{n} format", "oos", "en", range(1, 16))
    rows += _lines("how bad was covid{n} in Peru", "oos", "en", range(1, 16))
    _append(data / "intents" / "train.jsonl", rows)
    assert validate(data, params, tmp_path / "reports").success


@pytest.mark.slow  # runs the Great Expectations gate
def test_a_gate_set_flood_is_refused_too(data_dir: Path, params: Any, tmp_path: Path) -> None:
    """data/eval/*.jsonl pass the same gate (``validate_gate_sets``), templates included."""
    from pipelines.intent.validate import validate_gate_sets

    data = _copy_intents(data_dir, tmp_path)
    gate_set = data / "eval" / "es_timer.jsonl"
    template = "ponme un cronómetro de {n} segundos ya mismo"
    _append(gate_set, _lines(template, "timer", "es", range(1, 26)))
    with pytest.raises(ValidationFailed) as info:
        validate_gate_sets(data, params, tmp_path / "reports")
    assert (
        f"{gate_set}: 25 lines are one template, 'ponme un cronometro de # segundos ya mismo'"
        in (str(info.value))
    )
