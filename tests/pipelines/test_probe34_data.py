"""The data gates and the feedback import after probe 34 (an independent data scientist):
D-M1 line references printed as emoji ("val.jsonl:100:" as "val.jsonl💯"), D-M2 a Spanish line
tagged ``lang: en`` passes the gate, D-L1 a correction that disagrees with data/ is counted as
"already in data/", D-L2 ``slipway evaluate`` on a gate set names neither the mis-decoded line
nor the right fix."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from pipelines.errors import ValidationFailed
from pipelines.intent.validate import validate
from tests.conftest import ROOT


def _copy_intents(data_dir: Path, root: Path) -> Path:
    target = root / "data"
    shutil.copytree(data_dir / "intents", target / "intents")
    return target


def _append(path: Path, *rows: dict[str, str]) -> int:
    """Append rows to a JSONL file; the line number of the first one."""
    first = len(path.read_text(encoding="utf-8").splitlines()) + 1
    with path.open("a", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return first


# -- D-M1: a line reference is printed as it is, never as an emoji ------------------------------
@pytest.mark.parametrize("line", [100, 1234])
def test_an_error_naming_a_line_keeps_its_number(line: int, capsys: Any) -> None:
    from pipelines.cli.guard import print_error

    print_error(f"data/intents/val.jsonl:{line}: the same text appears more than once")
    printed = capsys.readouterr().err
    assert f"val.jsonl:{line}: the same text" in printed
    assert "💯" not in printed
    assert "🔢" not in printed


def test_the_commands_consoles_print_no_emoji(capsys: Any) -> None:
    from pipelines.cli.common import console, out

    out.print("data/eval/es_yes.jsonl:100: :1234: :smile:")
    console.print("data/intents/test.jsonl:100:")
    printed = capsys.readouterr()
    assert printed.out.strip() == "data/eval/es_yes.jsonl:100: :1234: :smile:"
    assert printed.err.strip() == "data/intents/test.jsonl:100:"


def test_stage_validate_names_a_duplicated_val_line_by_its_number(
    data_dir: Path, tmp_path: Path
) -> None:
    """The probe's case: val line 100 appended to train, `slipway stage validate`."""
    from typer.testing import CliRunner

    from pipelines.cli import app

    data = _copy_intents(data_dir, tmp_path)
    val = data / "intents" / "val.jsonl"
    row = json.loads(val.read_text(encoding="utf-8").splitlines()[99])
    _append(data / "intents" / "train.jsonl", row)
    env = {
        "SLIPWAY_DATA_DIR": str(data),
        "SLIPWAY_REPORTS_DIR": str(tmp_path / "reports"),
        "SLIPWAY_PARAMS_FILE": str(ROOT / "params.yaml"),
        "COLUMNS": "300",
    }
    result = CliRunner().invoke(app, ["stage", "validate"], env=env)
    assert result.exit_code == 3, result.output
    assert f"{val}:100: the same text" in result.output
    assert "💯" not in result.output


# -- D-M2: a line whose text clearly contradicts its lang is refused -----------------------------
def test_confident_reads_only_clear_lines() -> None:
    from app.language import confident

    assert confident("ponme una alarma para las siete y media") == "es"
    assert confident("set a timer for ten minutes please") == "en"
    # short, a name, a quotation, mixed: never decided
    for text in (
        "chau",
        "hey",
        "buen día",
        "Rate La Rosa Náutica honestly",
        "who wrote La flor de la canela",
        "Translate 'nos vemos en la reunión' into English",
        "recuérdame call mom tomorrow",
    ):
        assert confident(text) is None, text


@pytest.mark.slow  # runs the Great Expectations gate
def test_a_spanish_line_tagged_english_is_refused(
    data_dir: Path, params: Any, tmp_path: Path
) -> None:
    data = _copy_intents(data_dir, tmp_path)
    train = data / "intents" / "train.jsonl"
    line = _append(
        train,
        {"text": "ponme una alarma para las siete y media", "intent": "alarm", "lang": "en"},
        {"text": "chau pues amiguita", "intent": "goodbye", "lang": "en"},  # unsure: not flagged
    )
    test = data / "intents" / "test.jsonl"
    flipped = _append(
        test, {"text": "please set a timer for twelve minutes", "intent": "timer", "lang": "es"}
    )
    with pytest.raises(ValidationFailed) as err:
        validate(data, params, tmp_path / "reports")
    message = str(err.value)
    assert "lang_read: 2 failing" in message
    assert (
        f"{train}:{line}: lang is 'en' but the text reads clearly as 'es' (its own words and "
        "the language detector agree): correct its lang"
    ) in message
    assert f"{test}:{flipped}: lang is 'es' but the text reads clearly as 'en'" in message
    assert f"{train}:{line + 1}:" not in message


# -- D-L1: a rating that disagrees with data/ is reported, not counted as known ------------------
class _Session:
    """One rated reply per asked message: ``(asked text, rating, corrected intent, predicted)``."""

    def __init__(self, rated: list[tuple[str, str, str | None, str]]) -> None:
        from types import SimpleNamespace as Ns

        self.rows = [
            (
                Ns(corrected_intent=corrected, rating=rating),
                Ns(intent=predicted, conversation_id=1, id=2 * i + 2),
                Ns(name="dsprobe", locale="en"),
            )
            for i, (_, rating, corrected, predicted) in enumerate(rated)
        ]
        self.asked = iter(Ns(text=t) for t, *_ in rated)

    def execute(self, query: Any) -> Any:
        return self.rows

    def scalar(self, query: Any) -> Any:
        return next(self.asked)

    def get(self, table: Any, key: Any) -> Any:
        from types import SimpleNamespace as Ns

        return Ns(state={"lang": "en"})


def test_a_correction_that_disagrees_with_data_is_listed(
    data_dir: Path, params: Any, tmp_path: Path
) -> None:
    from pipelines.feedback_export import ExportResult, _chat_examples, _known_texts

    data = _copy_intents(data_dir, tmp_path)
    train = data / "intents" / "train.jsonl"
    text = "set a timer for the lentils, 23 minutes"
    line = _append(train, {"text": text, "intent": "timer", "lang": "en"})
    rated = [
        (text, "down", "alarm", "timer"),  # disagrees with data/
        (text.upper() + " ", "up", None, "timer"),  # agrees: already in data/
    ]
    result = ExportResult()
    known = _known_texts(data)
    rows = list(_chat_examples(_Session(rated), None, known, set(params.intents), result))
    assert rows == []
    assert result.skipped_known == 1
    assert [(t, label, had.intent) for t, label, had in result.disagreements] == [
        (text, "alarm", "timer")
    ]
    summary = result.summary()
    assert "1 already in data/" in summary
    assert (
        "1 rated message(s) already in data/ with another label wait for review (fix data/ by "
        f"hand if the rating is right: '{text}' rated alarm, {train}:{line} "
        "says timer)"
    ) in summary


# -- D-L2: `slipway evaluate` names every bad line of a set, and the right fix ------------------
def test_evaluate_names_the_mis_decoded_and_empty_lines(trained: Any, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from pipelines.cli import app

    _, _, folder = trained
    dataset = tmp_path / "es_yes.jsonl"
    rows = [{"text": f"sí, dale nomás {i}", "intent": "yes", "lang": "es"} for i in range(8)]
    rows += [
        {"text": "sÃ­, agÃ©ndalo", "intent": "yes", "lang": "es"},
        {"text": "   ", "intent": "yes", "lang": "es"},
    ]
    dataset.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    args = ["evaluate", "--dataset", str(dataset), "--model", str(folder)]
    for extra in ([], ["--unknown-as-oos"]):
        refused = CliRunner().invoke(app, [*args, *extra], env={"COLUMNS": "300"})
        assert refused.exit_code == 1, refused.output
        said = " ".join(refused.output.split())
        assert "1 empty line(s) (line 10)" in said
        assert "1 line(s) of mis-decoded UTF-8 (re-read the source as UTF-8) (line 9)" in said
        assert "fix those lines; nothing was scored" in said
        assert "labels" not in said


def test_evaluate_with_bad_lines_and_labels_says_both(trained: Any, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from pipelines.cli import app

    _, _, folder = trained
    dataset = tmp_path / "mixed.jsonl"
    rows = [
        {"text": "claro que sí, hazlo", "intent": "Yes", "lang": "es"},
        {"text": "sÃ­, agÃ©ndalo", "intent": "yes", "lang": "es"},
    ]
    dataset.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    refused = CliRunner().invoke(
        app, ["evaluate", "--dataset", str(dataset), "--model", str(folder)], env={"COLUMNS": "300"}
    )
    assert refused.exit_code == 1
    said = " ".join(refused.output.split())
    assert "1 line(s) with a label not in params.yaml intents: 'Yes' (1)" in said
    assert "(line 2)" in said
    assert "pass --unknown-as-oos to score them as oos" in said
