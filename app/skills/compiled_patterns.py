"""The time reader's compiled patterns, kept between processes beside the bytecode.

Recognizers-Text builds its English and Spanish models from a few thousand regular expressions,
and ``regex`` compiles each with a parser written in Python: about 2.3 s of CPU, nine tenths of
loading the models, in every process that loads them (gunicorn's master at each start and
reload, every test process, a command reading a time). What the parser produces is a list of
codes for ``regex``'s C core; ``regex`` itself pickles a pattern as exactly that
(``Pattern._pickled_data``, rebuilt by ``_regex.compile``). This module keeps those codes in a
file and rebuilds a pattern from them in microseconds; a pattern it has not seen takes the
library's own path, and is kept for the next process.

Where and when, by Python's own rules for bytecode: the file sits in this package's
``__pycache__`` (or under ``PYTHONPYCACHEPREFIX``), is read whenever it is there, and is written
(whole, by a rename) only where Python would write bytecode: not under ``python -B`` or
``PYTHONDONTWRITEBYTECODE``, as in the serving image, whose build writes it once. Its name holds
the Python, ``regex`` and Recognizers-Text versions it was made with, so an upgrade starts a new
file. Its format is ``marshal``, Python's format for bytecode: reading it runs no code (unlike
``pickle``), and whoever can write it can write the bytecode beside it. A file that does not read
back, or an entry the C core refuses, is ignored (and written again).

Kept: a ``str`` pattern compiled with its flags and ``regex``'s default version, no named lists,
not locale-dependent (``LOCALE``, said or inline) and not ``DEBUG``. The same rebuilt pattern
object is handed out again, as ``regex``'s own cache would.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import marshal
import os
import sys
import tempfile
import threading
from importlib import metadata
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

#: The distributions whose versions name the file: ``regex`` makes the codes, Recognizers-Text
#: the patterns (an upgrade of either starts a new file, so old patterns are not carried on).
_VERSIONED = (
    "regex",
    "recognizers-text",
    "recognizers-text-number",
    "recognizers-text-number-with-unit",
    "recognizers-text-date-time",
)

_lock = threading.Lock()
_installed = False
_stored: dict[tuple[str, int, int], tuple[Any, ...]] = {}  # read from the file
_new: dict[tuple[str, int, int], tuple[Any, ...]] = {}  # compiled here, not in the file yet
_built: dict[tuple[str, int, int], Any] = {}  # patterns rebuilt from the file, handed out again
_bad = False  # the file held something that did not read back: write it again
_library_compile: Any = None  # regex's own compiler, behind the store


def store_path() -> Path | None:
    """The file for this Python and these library versions (None where Python keeps no
    bytecode: ``sys.implementation.cache_tag`` unset)."""
    try:
        bytecode = Path(importlib.util.cache_from_source(__file__))
    except NotImplementedError:
        return None
    versions = []
    for name in _VERSIONED:
        try:
            versions.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}==none")
    digest = hashlib.sha256(" ".join(versions).encode()).hexdigest()[:16]
    return bytecode.with_name(
        f"time_reader_patterns.{sys.implementation.cache_tag}.{digest}.marshal"
    )


def _read(path: Path) -> dict[tuple[str, int, int], tuple[Any, ...]]:
    global _bad
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    try:
        table = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        table = None
    if not isinstance(table, dict):
        log.warning("compiled patterns at %s did not read back; they will be made again", path)
        _bad = True
        return {}
    return table


def install() -> None:
    """Read the file (if any) and put the store in front of ``regex``'s compiler, once per
    process. Call it before Recognizers-Text's models are built."""
    global _installed, _library_compile
    with _lock:
        if _installed:
            return
        import regex as regex_package
        import regex._main as regex_main
        from regex import _regex

        path = store_path()
        if path is not None:
            _stored.update(_read(path))
        original = regex_main._compile
        # plain ints: ``RegexFlag`` arithmetic runs enum code on every call of this hot path
        locale = int(regex_main.LOCALE)
        skipped = int(regex_main.DEBUG) | locale

        def _compile(
            pattern: Any, flags: Any, ignore_unused: Any, kwargs: Any, cache_it: Any
        ) -> Any:
            global _bad
            bits = int(flags)
            if type(pattern) is not str or kwargs or bits & skipped:
                return original(pattern, flags, ignore_unused, kwargs, cache_it)
            key = (pattern, bits, int(regex_package.DEFAULT_VERSION))
            compiled = _built.get(key)
            if compiled is not None:
                return compiled
            codes = _stored.get(key)
            if codes is not None:
                try:
                    compiled = _regex.compile(*codes)
                except Exception:  # an entry the C core refuses: compiled again below
                    _stored.pop(key, None)
                    _bad = True
                else:
                    if cache_it:
                        _built[key] = compiled
                    return compiled
            compiled = original(pattern, flags, ignore_unused, kwargs, cache_it)
            if not int(compiled.flags) & locale:
                _new[key] = compiled._pickled_data
            return compiled

        regex_main._compile = _compile
        _library_compile = original
        _installed = True


def save() -> Path | None:
    """Write the file if this process compiled patterns it did not hold, and Python would write
    bytecode here. Returns the file written, or None. A folder that cannot be written (a
    read-only image, a full disk) is not an error: the next process compiles them again."""
    global _bad
    path = store_path()
    with _lock:
        if path is None or sys.dont_write_bytecode or not (_new or _bad):
            return None
        table = {**_stored, **_new}
    written: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.name, delete=False) as out:
            written = out.name
            out.write(marshal.dumps(table))
        os.chmod(written, Path(__file__).stat().st_mode & 0o666)  # as importlib does bytecode
        os.replace(written, path)
    except OSError as error:
        log.debug("compiled patterns not written to %s: %s", path, error)
        if written is not None:
            Path(written).unlink(missing_ok=True)
        return None
    with _lock:
        _stored.update(table)
        _new.clear()
        _bad = False
    return path


def main() -> int:
    """``python -m app.skills.compiled_patterns``: load the time reader's models and write their
    compiled patterns, whatever ``PYTHONDONTWRITEBYTECODE`` says (the serving image's build runs
    it once, so that its read-only workers start without compiling them)."""
    sys.dont_write_bytecode = False
    from app.skills import compiled_patterns, time_reader

    time_reader.warm_up()
    path = compiled_patterns.store_path()
    if path is None or not path.exists():
        print(
            f"error: the compiled patterns were not written ({path or 'no bytecode folder'}): "
            "check that the folder is writable",
            file=sys.stderr,
        )
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
