"""Probe 37, DS-L11: a file starting with a byte-order mark is refused with an action, not a
Python hint ("decode using utf-8-sig"): re-save it as UTF-8 without BOM, or run the one-line
command the message gives, which does drop the mark (any POSIX shell, a path with spaces)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pipelines.data import read_jsonl
from pipelines.errors import DataError, ValidationFailed

LINE = '{"text": "pon una alarma a las 7", "intent": "set_alarm", "lang": "es"}\n'


def _command(message: str) -> str:
    found = re.search(r"or drop it: `([^`]+)`", message)
    assert found, message
    return found[1]


@pytest.mark.parametrize("name", ["train.jsonl", "my split (copy).jsonl"])
def test_the_jsonl_bom_message_gives_a_command_that_fixes_it(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(("\ufeff" + LINE * 3).encode("utf-8"))
    with pytest.raises(DataError) as info:
        read_jsonl(path)
    said = str(info.value)
    assert said.startswith(f"{path}:1: the file starts with a byte-order mark: re-save it as")
    assert "utf-8-sig" not in said
    subprocess.run(["sh", "-c", _command(said)], check=True, cwd=tmp_path)
    assert path.read_bytes() == (LINE * 3).encode("utf-8")
    assert len(read_jsonl(path)) == 3
    assert not (tmp_path / f"{name}.tmp").exists()


def test_a_bom_inside_the_file_is_not_given_the_command(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes((LINE + "\ufeff" + LINE).encode("utf-8"))  # two files joined
    with pytest.raises(DataError) as info:
        read_jsonl(path)
    assert "x.jsonl:2: the line starts with a byte-order mark" in str(info.value)
    assert "tail -c" not in str(info.value)  # it would cut the first line


def test_the_pathways_bom_message_gives_the_command_too(
    data_dir: Path,
    params,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    from pipelines.pathways.validate import validate_pathways

    data = tmp_path / "data"
    shutil.copytree(data_dir / "pathways", data / "pathways")
    courses = data / "pathways" / "courses.csv"
    clean = courses.read_bytes()
    courses.write_bytes(b"\xef\xbb\xbf" + clean)
    with pytest.raises(ValidationFailed) as info:
        validate_pathways(data, params, tmp_path / "reports")
    subprocess.run(["sh", "-c", _command(str(info.value))], check=True, cwd=tmp_path)
    assert courses.read_bytes() == clean
