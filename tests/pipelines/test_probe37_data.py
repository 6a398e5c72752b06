"""The data gates after probe 37 (an independent data scientist): DS-H1 a zero-width character
gets test lines past the leakage check and the gate-set check; DS-M2 a line in another encoding
crashes with no file or line; DS-M6 a pathways CSV's header accident (BOM, renamed column,
``;``-delimited) is reported as per-row failures; DS-M7 ``slipway evaluate`` scores training
lines; DS-L3 an extra file in data/intents is ignored; DS-L11 the BOM hint is Python's."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from pipelines.data import Example, label_problems, leak_key, read_jsonl
from pipelines.errors import DataError, ValidationFailed
from tests.conftest import ROOT

# what copy-paste from web pages, Word or Slack carries, invisible in an editor
INVISIBLE = {
    "zero-width space": "\u200b",
    "word joiner": "\u2060",
    "soft hyphen": "\u00ad",
    "BOM inside a line": "\ufeff",
    "zero-width joiner": "\u200d",
    "left-to-right mark": "\u200e",
    "variation selector": "\ufe0f",
    "combining grapheme joiner": "\u034f",
    "Mongolian vowel separator": "\u180e",
    "Hangul filler": "\u3164",
}


def _copy_intents(data_dir: Path, root: Path) -> Path:
    target = root / "data"
    shutil.copytree(data_dir / "intents", target / "intents")
    return target


def _rows(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _hide(text: str, ch: str = "\u200b") -> str:
    """The probe's trick: one invisible character after the first word."""
    return text.replace(" ", f"{ch} ", 1) if " " in text else text + ch


# -- DS-H1: what shows nothing is folded away for leakage, and refused in the data -------------
@pytest.mark.parametrize("kind", list(INVISIBLE))
def test_leakage_fold_drops_what_shows_nothing(kind: str) -> None:
    ch = INVISIBLE[kind]
    for text in ("¿Cómo te llamas?", "what time is it in Lima", "hola"):
        assert leak_key(_hide(text, ch)) == leak_key(text)
        assert leak_key(text[:2] + ch + text[2:]) == leak_key(text)


@pytest.mark.parametrize("kind", list(INVISIBLE))
def test_an_invisible_character_is_named_with_its_column(kind: str) -> None:
    from pipelines.data import hidden_character

    ch = INVISIBLE[kind]
    found = hidden_character(f"book a{ch} meeting")
    assert found is not None
    assert found.startswith(f"U+{ord(ch):04X}")
    assert found.endswith("at column 7")


@pytest.mark.parametrize(
    "text",
    [
        "reunión mañana",
        "reunio\u0301n man\u0303ana",  # accents written as combining marks (macOS, NFD)
        "I ❤️ this",  # an emoji's variation selector
        "👩\u200d💻 coding help",  # an emoji joined by a zero-width joiner
        "👍🏽 thanks",  # a skin tone
        "tab\tinside",
        "espacio\u00a0duro",  # a no-break space is a space
        "MarÃ\u00ada",  # "María" mis-decoded: the mojibake check's, not an invisible character
    ],
)
def test_text_that_shows_is_not_flagged(text: str) -> None:
    from pipelines.data import hidden_character

    assert hidden_character(text) is None


def test_a_gate_set_of_training_lines_with_zero_width_spaces_is_refused(
    data_dir: Path,
) -> None:
    """The probe's data/eval/zw.jsonl: 30 training lines with one U+200B each."""
    train = read_jsonl(data_dir / "intents" / "train.jsonl")
    labels = {e.intent for e in train}
    gate_set = [Example(_hide(e.text), e.intent, e.lang, i) for i, e in enumerate(train[:30], 1)]
    problems = "; ".join(label_problems(gate_set, labels, train))
    assert "30 line(s) also in the training split (line 1, 2, 3, 4, 5)" in problems
    assert "30 line(s) holding an invisible character (delete it) (line 1, 2, 3, 4, 5)" in problems
    # a clean line of the same set is not blamed
    clean = [Example("a line no split holds, surely 8123", "oos", "en", 1)]
    assert label_problems(clean, labels | {"oos"}, train) == []


def test_the_gate_frame_gives_a_hidden_line_its_fold_and_its_character(data_dir: Path) -> None:
    from pipelines.intent.validate import example_frame

    test = read_jsonl(data_dir / "intents" / "test.jsonl")[:3]
    leaked = [
        Example(_hide(e.text, "\u2060"), e.intent, e.lang, 100 + i) for i, e in enumerate(test)
    ]
    frame = example_frame({"train": leaked, "val": [], "test": test})
    train_rows = frame[frame["split"] == "train"]
    test_rows = frame[frame["split"] == "test"]
    assert list(train_rows["norm"]) == list(test_rows["norm"])
    assert all(str(h).startswith("U+2060 WORD JOINER at column") for h in train_rows["hidden"])
    assert test_rows["hidden"].isna().all()


@pytest.mark.slow  # runs the Great Expectations gate
def test_the_gate_refuses_test_lines_hidden_in_train(
    data_dir: Path, params, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """The probe's case: every test line appended to train with one U+200B passed the gate,
    and a model that had seen the whole test split scored 1.0."""
    from pipelines.intent.validate import validate

    data = _copy_intents(data_dir, tmp_path)
    train = data / "intents" / "train.jsonl"
    first = len(train.read_text(encoding="utf-8").splitlines()) + 1
    tests = _rows(data / "intents" / "test.jsonl")
    with train.open("a", encoding="utf-8") as fh:
        for row in tests:
            fh.write(json.dumps({**row, "text": _hide(row["text"])}, ensure_ascii=False) + "\n")
    with pytest.raises(ValidationFailed) as info:
        validate(data, params, tmp_path / "reports")
    said = str(info.value)
    assert f"expect_column_values_to_be_null on hidden: {len(tests)} failing" in said
    assert f"{train}:{first}: an invisible character (U+200B ZERO WIDTH SPACE at column" in said
    assert "delete it" in said
    # and the lines are the test split's, whatever the invisible character (each test line and
    # its copy; a known near-duplicate group that gained a third line counts too)
    repeated = said.split("expect_column_values_to_be_unique on norm: ", 1)[1].split(" ", 1)[0]
    assert int(repeated) >= 2 * len(tests)


@pytest.mark.slow  # runs the Great Expectations gate
def test_the_gate_set_check_refuses_training_lines_hidden_by_a_zero_width_space(
    data_dir: Path,
    params,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    """The probe's data/eval/zw.jsonl: "gate sets passed: eval/zw", macro_f1 1.0."""
    from pipelines.intent.validate import validate_gate_sets

    data = _copy_intents(data_dir, tmp_path)
    (data / "eval").mkdir()
    gate_set = data / "eval" / "zw.jsonl"
    rows = _rows(data / "intents" / "train.jsonl")[:30]
    gate_set.write_text(
        "".join(
            json.dumps({**r, "text": _hide(r["text"])}, ensure_ascii=False) + "\n" for r in rows
        ),
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed) as info:
        validate_gate_sets(data, params, tmp_path / "reports")
    said = str(info.value)
    assert f"{gate_set}:1: an invisible character (U+200B ZERO WIDTH SPACE at column" in said
    assert "expect_column_values_to_be_unique on norm: 60 failing" in said


# -- DS-M2: a file in another encoding is named with its line, byte and column ----------------
GOOD = '{"text": "hola", "intent": "greeting", "lang": "es"}\n'
SPANISH = '{"text": "agenda una reunión con el señor Pérez", "intent": "schedule_meeting"}\n'


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ((GOOD * 3 + SPANISH).encode("latin-1"), "x.jsonl:4: not UTF-8 (byte 0xf3 at column 27)"),
        (
            (GOOD + '{"text": "it’s late", "intent": "oos"}\n').encode("cp1252"),
            "x.jsonl:2: not UTF-8 (byte 0x92 at column 13)",
        ),
        ((GOOD * 2).encode("utf-16"), "x.jsonl:1: not UTF-8 (UTF-16 LE, byte-order mark ff fe)"),
        ((GOOD * 2).encode("utf-16-be"), "x.jsonl:1: not UTF-8 (UTF-16 without a byte-order"),
    ],
    ids=["latin-1", "cp1252", "utf-16", "utf-16 without BOM"],
)
def test_a_line_in_another_encoding_is_named(content: bytes, said: str, tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(content)
    with pytest.raises(DataError) as info:
        read_jsonl(path)
    message = str(info.value)
    assert said in message
    assert message.endswith("re-save the file as UTF-8")
    assert "\n" not in message


def test_crlf_lines_still_read(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes((GOOD.replace("\n", "\r\n") + SPANISH).encode())
    assert [e.text for e in read_jsonl(path)] == ["hola", "agenda una reunión con el señor Pérez"]


def test_stage_validate_names_a_latin_1_line(data_dir: Path, tmp_path: Path) -> None:
    """The probe's command: exit 1 and one line naming the file and line, no traceback."""
    from typer.testing import CliRunner

    from pipelines.cli import app

    data = _copy_intents(data_dir, tmp_path)
    train = data / "intents" / "train.jsonl"
    lines = len(train.read_bytes().splitlines())
    train.write_bytes(train.read_bytes() + SPANISH.encode("latin-1"))
    env = {
        "SLIPWAY_DATA_DIR": str(data),
        "SLIPWAY_REPORTS_DIR": str(tmp_path / "reports"),
        "SLIPWAY_PARAMS_FILE": str(ROOT / "params.yaml"),
        "COLUMNS": "300",
    }
    result = CliRunner().invoke(app, ["stage", "validate"], env=env)
    assert result.exit_code == 1, result.output
    said = " ".join(result.output.split())
    assert f"{train}:{lines + 1}: not UTF-8 (byte 0xf3 at column 27); re-save the file" in said
    assert "UnicodeDecodeError" not in said
    assert "report it" not in said


# -- DS-L11: a byte-order mark is named as such, with the action -------------------------------
def test_a_byte_order_mark_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(("\ufeff" + GOOD * 2).encode())
    with pytest.raises(DataError) as info:
        read_jsonl(path)
    assert str(info.value).startswith(
        f"{path}:1: the file starts with a byte-order mark: re-save it as UTF-8 without BOM"
    )
    assert "utf-8-sig" not in str(info.value)
    path.write_bytes((GOOD + "\ufeff" + GOOD).encode())  # two files joined
    with pytest.raises(DataError, match=r"x\.jsonl:2: the line starts with a byte-order mark"):
        read_jsonl(path)


# -- DS-M6: a pathways CSV's header is checked before its rows --------------------------------
def _courses(tmp_path: Path, data_dir: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(data_dir / "pathways", target / "pathways")
    return target


def _bom(path: Path) -> None:
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


def _renamed(path: Path) -> None:
    head, rest = path.read_text(encoding="utf-8").split("\n", 1)
    path.write_text(head.replace("cost_pen", "cost") + "\n" + rest, encoding="utf-8")


def _semicolons(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")


def _latin_1(path: Path) -> None:
    path.write_bytes(path.read_bytes() + "C999,Introducción,X,es\n".encode("latin-1"))


HEADER_ACCIDENTS: dict[str, tuple[Any, str]] = {
    "BOM": (_bom, "courses.csv: the file starts with a byte-order mark: re-save it as UTF-8"),
    "renamed column": (
        _renamed,
        "courses.csv: missing column cost_pen (header has: id, title, provider, language, "
        "level, hours, cost, skills_taught",
    ),
    "';'-delimited": (_semicolons, "courses.csv: the header is one column holding ';': the "),
    "latin-1 row": (_latin_1, "not UTF-8 (byte 0xf3 at column 16); re-save the file as UTF-8"),
}


@pytest.mark.parametrize("kind", list(HEADER_ACCIDENTS))
def test_a_pathways_header_accident_is_named(
    kind: str, data_dir: Path, params, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from pipelines.pathways.validate import validate_pathways

    accident, said = HEADER_ACCIDENTS[kind]
    data = _courses(tmp_path, data_dir)
    accident(data / "pathways" / "courses.csv")
    reports = tmp_path / "reports"
    with pytest.raises(ValidationFailed) as info:
        validate_pathways(data, params, reports)
    message = str(info.value)
    assert said in message
    assert "looks ';'-delimited" in message if kind == "';'-delimited" else True
    # the header alone is reported: no row failure points the wrong way
    assert "expect_column_values" not in message
    assert "known_course" not in message
    assert "Data Docs" not in message  # none were written
    assert "the ranker was not trained" in message
    saved = json.loads((reports / "pathways_validation.json").read_text())
    assert saved["success"] is False


def test_reading_interactions_checks_the_header(data_dir: Path, tmp_path: Path) -> None:
    from pipelines.pathways.data import read_interactions

    data = _courses(tmp_path, data_dir)
    _bom(data / "pathways" / "interactions.csv")
    with pytest.raises(DataError, match=r"interactions\.csv: the file starts with a byte-order"):
        read_interactions(data)
    _semicolons(data / "pathways" / "interactions.csv")
    (data / "pathways" / "interactions.csv").write_bytes(
        (data / "pathways" / "interactions.csv").read_bytes()[3:]
    )
    with pytest.raises(DataError, match="looks ';'-delimited"):
        read_interactions(data)


def test_a_tab_delimited_header_is_named(tmp_path: Path) -> None:
    from pipelines.pathways.data import DEMAND_COLUMNS, header_problem

    path = tmp_path / "demand.csv"
    path.write_text("\t".join(DEMAND_COLUMNS) + "\nx\tLima\t1\tpython\t2\n", encoding="utf-8")
    assert "looks tab-delimited" in str(header_problem(path, DEMAND_COLUMNS))
    path.write_text(",".join(DEMAND_COLUMNS) + "\n", encoding="utf-8")
    assert header_problem(path, DEMAND_COLUMNS) is None


# -- DS-M7: `slipway evaluate` refuses lines of the training split ----------------------------
def test_evaluate_refuses_training_lines(trained: Any, data_dir: Path, tmp_path: Path) -> None:
    """The probe's case: the first five training lines scored accuracy 1.0, exit 0."""
    from typer.testing import CliRunner

    from pipelines.cli import app

    _, _, folder = trained
    dataset = tmp_path / "trainlines.jsonl"
    head = (data_dir / "intents" / "train.jsonl").read_text(encoding="utf-8").splitlines()[:5]
    dataset.write_text("\n".join(head) + "\n", encoding="utf-8")
    env = {"SLIPWAY_DATA_DIR": str(data_dir), "COLUMNS": "300"}
    args = ["evaluate", "--dataset", str(dataset), "--model", str(folder)]
    for extra in ([], ["--unknown-as-oos"]):
        refused = CliRunner().invoke(app, [*args, *extra], env=env)
        assert refused.exit_code == 1, refused.output
        said = " ".join(refused.output.split())
        # what a promotion says of such a gate set (pipelines.data.label_problems)
        assert "5 line(s) also in the training split (line 1, 2, 3, 4, 5)" in said
        assert "nothing was scored" in said
        assert "accuracy" not in said
    # hidden by a zero-width space, the same
    dataset.write_text(
        "".join(
            json.dumps({**json.loads(x), "text": _hide(json.loads(x)["text"])}) + "\n" for x in head
        ),
        encoding="utf-8",
    )
    refused = CliRunner().invoke(app, args, env=env)
    assert refused.exit_code == 1, refused.output
    assert "5 line(s) also in the training split" in " ".join(refused.output.split())


# -- DS-L3: data/intents holds the three splits and nothing else ------------------------------
def test_stray_files_in_data_intents_are_found(tmp_path: Path) -> None:
    from pipelines.data import stray_split_files

    folder = tmp_path / "data" / "intents"
    folder.mkdir(parents=True)
    for name in ("train.jsonl", "val.jsonl", "test.jsonl", ".DS_Store"):
        (folder / name).write_text("")
    assert stray_split_files(tmp_path / "data") == []
    (folder / "train-extra.jsonl").write_text(GOOD)
    (folder / "old").mkdir()
    assert stray_split_files(tmp_path / "data") == [folder / "old", folder / "train-extra.jsonl"]


@pytest.mark.slow  # runs the Great Expectations gate
def test_the_gate_refuses_an_extra_file_in_data_intents(
    data_dir: Path, params, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from pipelines.intent.validate import validate

    data = _copy_intents(data_dir, tmp_path)
    extra = data / "intents" / "train-extra.jsonl"
    extra.write_text('{"text": "what is the weather", "intent": "weather"}\n')
    with pytest.raises(ValidationFailed) as info:
        validate(data, params, tmp_path / "reports")
    said = str(info.value)
    assert f"{extra}: not a split: nothing validates or trains on it" in said
    assert "merge its lines into a split, or move it out of data/intents" in said
    assert "nothing was trained" in said
    saved = json.loads((tmp_path / "reports" / "validation.json").read_text())
    assert saved["success"] is False
