"""The time reader's compiled patterns kept beside the bytecode (``app.skills.compiled_patterns``):
a pattern rebuilt from the file is the pattern ``regex`` compiles, a process that finds the file
compiles nothing, and a file that cannot be read or written costs time, never a wrong match."""

from __future__ import annotations

import json
import logging
import marshal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import regex

from app.skills import compiled_patterns, time_reader
from tests.conftest import ROOT


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The file in a folder of the test's own, with this process's patterns to write."""
    table = _patterns()
    path = tmp_path / "__pycache__" / "time_reader_patterns.test.marshal"
    monkeypatch.setattr(compiled_patterns, "store_path", lambda: path)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setattr(compiled_patterns, "_stored", {})
    monkeypatch.setattr(compiled_patterns, "_new", table)
    monkeypatch.setattr(compiled_patterns, "_bad", False)
    return path


def _patterns() -> dict[tuple[str, int, int], tuple[object, ...]]:
    time_reader.warm_up()
    return {**compiled_patterns._stored, **compiled_patterns._new}


def test_the_models_patterns_are_kept() -> None:
    table = _patterns()
    assert len(table) > 300  # the two models' patterns with flags, and their number models'
    assert all(type(pattern) is str for pattern, _, _ in table)


#: Texts the models' patterns are run over, both languages (and the patterns of other cultures
#: the library compiles on import).
TEXTS = (
    "remind me tomorrow at 3pm to call mom",
    "next Monday at 10:30 am, or the coming 2 weeks; 5 kB, 2 GB",
    "the last 3 days before Christmas, from 9 to 5",
    "recuérdame el próximo lunes a las 5 de la tarde",
    "en dos horas y media, hasta el 28 de julio de 2027",
    "cuarenta y cinco minutos después del mediodía",
    "以后 3小时 之前",
)


def test_a_pattern_rebuilt_from_the_file_matches_as_the_one_regex_compiles() -> None:
    """The codes may differ by the order of a set (each process's string hashes), never by a
    match: ``regex`` pickles a pattern as these codes for another process to rebuild."""
    from regex import _regex

    table = _patterns()
    compile_ = compiled_patterns._library_compile
    for (pattern, flags, _), codes in sorted(table.items())[::3]:
        rebuilt = _regex.compile(*codes)
        compiled = compile_(pattern, flags, False, {}, False)
        assert sorted(codes[2]) == sorted(compiled._pickled_data[2])
        assert (rebuilt.pattern, rebuilt.flags, rebuilt.groupindex) == (
            compiled.pattern,
            compiled.flags,
            compiled.groupindex,
        )
        for text in TEXTS:
            found = [(m.span(), m.groups()) for m in rebuilt.finditer(text)]
            assert found == [(m.span(), m.groups()) for m in compiled.finditer(text)], pattern


def test_a_rebuilt_pattern_is_handed_out_again_and_matches_alike(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(compiled_patterns, "_new", {})  # not kept by a later save here
    pattern = r"(?P<hour>\d{1,2})\s*(de la (?P<part>tarde|noche))"
    first = regex.compile(pattern, regex.IGNORECASE)
    assert regex.compile(pattern, regex.IGNORECASE) is first
    found = first.search("a las 5 DE LA TARDE")
    assert found is not None
    assert (found["hour"], found["part"]) == ("5", "TARDE")


def test_what_is_not_kept_takes_the_librarys_path(monkeypatch: pytest.MonkeyPatch) -> None:
    # patterns of this run's own (never in a kept file), counted apart from the process's (a
    # later save in this process must not keep them)
    run = uuid.uuid4().hex
    monkeypatch.setattr(compiled_patterns, "_new", {})
    regex.compile(rf"(?L)\w+ kept-not-locale-1 {run}")  # inline locale
    regex.compile(rf"\w+ kept-not-locale-2 {run}", regex.LOCALE)
    regex.compile(rf"\L<names> kept-not-named {run}", names=["ana", "luis"])
    regex.compile(rf"kept-not-bytes {run}".encode())
    assert compiled_patterns._new == {}
    regex.compile(rf"kept-plain \d+ {run}", regex.IGNORECASE)
    assert compiled_patterns._new.keys() == {
        (rf"kept-plain \d+ {run}", int(regex.IGNORECASE), int(regex.DEFAULT_VERSION))
    }


def test_written_whole_and_read_back(store: Path) -> None:
    assert compiled_patterns.save() == store
    table = marshal.loads(store.read_bytes())
    assert table == _patterns() | table  # everything this process had, and no other file's
    source_mode = Path(compiled_patterns.__file__).stat().st_mode & 0o666
    assert store.stat().st_mode & 0o777 == source_mode  # as importlib writes bytecode
    assert compiled_patterns._read(store) == table
    assert compiled_patterns.save() is None  # nothing new: not written again
    assert [p.name for p in store.parent.iterdir()] == [store.name]  # no temporary file left


def test_not_written_where_python_writes_no_bytecode(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # python -B, PYTHONDONTWRITEBYTECODE
    assert compiled_patterns.save() is None
    assert not store.parent.exists()


def test_a_folder_that_cannot_be_written_is_not_an_error(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.parent.parent.joinpath("a-file").write_text("")
    blocked = store.parent.parent / "a-file" / "__pycache__" / store.name
    monkeypatch.setattr(compiled_patterns, "store_path", lambda: blocked)
    assert compiled_patterns.save() is None


def test_a_file_that_does_not_read_back_is_ignored_and_written_again(
    store: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    store.parent.mkdir()
    store.write_bytes(b"\x00not marshal")
    with caplog.at_level(logging.WARNING, logger=compiled_patterns.__name__):
        assert compiled_patterns._read(store) == {}
    assert "did not read back" in caplog.text
    monkeypatch.setattr(compiled_patterns, "_new", {})
    assert compiled_patterns.save() == store  # nothing new, but the bad file is replaced
    assert marshal.loads(store.read_bytes()) == {}


def test_where_python_keeps_this_package_s_bytecode(monkeypatch: pytest.MonkeyPatch) -> None:
    path = compiled_patterns.store_path()
    assert path is not None
    assert path.parent == Path(compiled_patterns.__file__).parent / "__pycache__"
    assert path.name.startswith(f"time_reader_patterns.{sys.implementation.cache_tag}.")
    monkeypatch.setattr(sys, "pycache_prefix", "/somewhere/else")  # PYTHONPYCACHEPREFIX
    moved = compiled_patterns.store_path()
    assert moved is not None
    assert moved.is_relative_to("/somewhere/else")
    assert moved.name == path.name


def test_a_process_that_finds_the_file_compiles_nothing(store: Path) -> None:
    """A new process given this one's file loads both models without calling regex's parser."""
    assert compiled_patterns.save() == store
    probe = (
        "import json, sys, pathlib, regex._main as m\n"
        "calls = []\n"
        "parse = m._parse_pattern\n"
        "m._parse_pattern = lambda *a: calls.append(1) or parse(*a)\n"
        "from app.skills import compiled_patterns, time_reader\n"
        "compiled_patterns.store_path = lambda: pathlib.Path(sys.argv[1])\n"
        "time_reader.warm_up()\n"
        "print(json.dumps([len(calls), len(compiled_patterns._new)]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(store)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [0, 0]
