"""Reading the intent corpus and naming the data version it came from."""

from __future__ import annotations

import codecs
import io
import json
import re
import shlex
import subprocess
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

import yaml

from pipelines.errors import DataError

SPLITS = ("train", "val", "test")
DEFAULT_LANG = "en"  # a line without ``lang`` is English (the corpus before Spanish was added)


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    lang: str = DEFAULT_LANG
    line: int = field(default=0, compare=False)  # its line in the file (1-based; 0: not read)


BOM = "\ufeff"
_UTF16_BOMS = {codecs.BOM_UTF16_LE: "UTF-16 LE", codecs.BOM_UTF16_BE: "UTF-16 BE"}


def bom_advice(lineno: int = 1, path: Path | None = None) -> str:
    """What to say of a byte-order mark (U+FEFF) starting line ``lineno`` of a text file: at its
    start, with ``path``, the command that drops it too (its 3 bytes, any POSIX shell)."""
    if lineno == 1:
        fix = "the file starts with a byte-order mark: re-save it as UTF-8 without BOM"
        if path is None:
            return fix
        name = shlex.quote(str(path))
        tmp = shlex.quote(f"{path}.tmp")
        return f"{fix}, or drop it: `tail -c +4 {name} > {tmp} && mv {tmp} {name}`"
    return (
        "the line starts with a byte-order mark (U+FEFF; files joined together?): delete it, "
        "or re-save the file as UTF-8 without BOM"
    )


def utf8_bytes(path: Path) -> bytes:
    """The bytes of ``path``, checked to be UTF-8 text; otherwise a :class:`DataError` naming
    the file and line, the byte and its column ("data/intents/train.jsonl:8531: not UTF-8
    (byte 0xf3 at column 36); re-save the file as UTF-8"). A UTF-16 file (a byte-order mark
    0xff 0xfe or 0xfe 0xff, or NUL bytes) is named as such."""
    data = path.read_bytes()
    for mark, name in _UTF16_BOMS.items():
        if data.startswith(mark):
            _not_utf8(path, f"{name}, byte-order mark {mark.hex(' ', 1)}")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        lineno = data.count(b"\n", 0, exc.start) + 1
        start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[start : exc.start].decode("utf-8")) + 1
        byte = data[exc.start]
        raise DataError(
            f"{path}:{lineno}: not UTF-8 (byte {byte:#04x} at column {column}); "
            "re-save the file as UTF-8"
        ) from None
    if b"\x00" in data[:200]:
        _not_utf8(path, "UTF-16 without a byte-order mark: NUL bytes")
    return data


def _not_utf8(path: Path, what: str) -> NoReturn:
    raise DataError(f"{path}:1: not UTF-8 ({what}); re-save the file as UTF-8")


def read_jsonl(path: Path, *, require_intent: bool = True) -> list[Example]:
    """Read ``{"text", "intent", "lang"}`` lines; a bad line is reported with its number.

    ``lang`` is optional (missing means English); whether its value is a known language is the
    data gate's check, not the reader's.
    """
    if not path.is_file():
        raise DataError(f"{path} not found (run `dvc pull` to materialize data/)")
    examples: list[Example] = []
    with io.TextIOWrapper(io.BytesIO(utf8_bytes(path)), encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            if line.startswith(BOM):
                raise DataError(f"{path}:{lineno}: {bom_advice(lineno, path)}")
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataError(f"{path}:{lineno}: not valid JSON ({exc.msg})") from exc
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                raise DataError(f'{path}:{lineno}: expected an object with a string "text"')
            intent = obj.get("intent")
            if require_intent and not isinstance(intent, str):
                raise DataError(f'{path}:{lineno}: expected a string "intent"')
            lang = obj.get("lang", DEFAULT_LANG)
            if not isinstance(lang, str):
                raise DataError(f'{path}:{lineno}: "lang" must be a string')
            label = intent if isinstance(intent, str) else ""
            examples.append(Example(obj["text"], label, lang, lineno))
    return examples


def intents_dir(data_dir: Path) -> Path:
    return data_dir / "intents"


#: Letters that show as nothing: the Hangul fillers and the Khmer inherent vowels.
_BLANK_LETTERS = frozenset("\u115f\u1160\u17b4\u17b5\u3164\uffa0")


def _shows_nothing(ch: str) -> bool:
    """A character that draws nothing of its own: a format character (Unicode category Cf:
    zero-width space and joiners, word joiner, soft hyphen, a byte-order mark inside a line,
    bidirectional marks, tags), a mark with no base of its own (Mn, Me: variation selectors,
    the combining grapheme joiner, accents once decomposed), a control character that is no
    whitespace, or a blank letter (:data:`_BLANK_LETTERS`)."""
    category = unicodedata.category(ch)
    return (
        category in {"Cf", "Mn", "Me"}
        or (category == "Cc" and not ch.isspace())
        or ch in _BLANK_LETTERS
    )


def _emoji_part(text: str, i: int) -> bool:
    """Whether the invisible ``text[i]`` belongs to an emoji: a variation selector or a skin
    tone after a symbol, a zero-width joiner between two symbols ("👩‍💻"), a tag letter of a
    flag ("🏴 + tags")."""
    ch = text[i]
    before = text[i - 1] if i else ""
    after = text[i + 1] if i + 1 < len(text) else ""

    def symbol(c: str) -> bool:
        return bool(c) and unicodedata.category(c) in {"So", "Sk"}

    if "\ufe00" <= ch <= "\ufe0f":
        return symbol(before)
    if ch == "\u200d":
        return (symbol(before) or "\ufe00" <= before <= "\ufe0f") and symbol(after)
    if "\U000e0020" <= ch <= "\U000e007f":
        return before == "\U0001f3f4" or "\U000e0020" <= before <= "\U000e007f"
    return False


def hidden_character(text: str) -> str | None:
    """The first character of ``text`` that shows nothing and has no business in a line of
    text (a format character, a variation selector outside an emoji, a control character, a
    blank letter: what copy-paste from web pages, Word or Slack carries), named with its
    column: "U+200B ZERO WIDTH SPACE at column 5"; None when there is none. An accent written
    as a combining mark ("e" + U+0301) and the joiners of an emoji are text, not hidden."""
    for i, ch in enumerate(text):
        category = unicodedata.category(ch)
        if category not in {"Cf", "Mn", "Me", "Cc"} and ch not in _BLANK_LETTERS:
            continue
        if ch.isspace() or _emoji_part(text, i):
            continue
        if "\x80" <= ch <= "\xbf" and i and text[i - 1] in "ÃÂ":
            continue  # mis-decoded UTF-8 ("Ã\xad" for "í"): the mojibake check names it
        if category in {"Mn", "Me"} and not ("\ufe00" <= ch <= "\ufe0f" or ch == "\u034f"):
            continue  # an accent or another mark drawn on the character before it
        name = unicodedata.name(ch, "")
        return f"U+{ord(ch):04X}{f' {name}' if name else ''} at column {i + 1}"
    return None


class _CharFolding(dict[int, str | None]):
    """A :meth:`str.translate` table that works out each character once, the first time it is
    seen (a data set holds a few hundred distinct characters, and its lines millions): None
    drops a character that shows nothing or a combining mark; with ``punctuation`` a mark of
    punctuation becomes a space."""

    def __init__(self, punctuation: bool) -> None:
        super().__init__()
        self.punctuation = punctuation

    def __missing__(self, code: int) -> str | None:
        ch = chr(code)
        folded: str | None = ch
        if unicodedata.combining(ch) or _shows_nothing(ch):
            folded = None
        elif self.punctuation and unicodedata.category(ch)[0] == "P":
            folded = " "
        self[code] = folded
        return folded


#: :func:`leak_key`'s two tables: what it keeps of a line, and of a line of punctuation alone.
_FOLDED = _CharFolding(punctuation=True)
_BARE = _CharFolding(punctuation=False)


def leak_key(text: str) -> str:
    """A text as the leakage check compares it: case, accents, spacing and punctuation folded
    away, the inverted marks and the ellipsis included ("¿Cómo te llamas?!" and "como te
    llamas" are one text), and every character that shows nothing dropped (a zero-width space,
    a word joiner, a soft hyphen, a variation selector: :func:`_shows_nothing`), so a line
    with one is the line without it. A line of punctuation alone ("...", "??") keeps its
    marks."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    words = decomposed.translate(_FOLDED).split()
    if words:
        return " ".join(words)
    return " ".join(decomposed.translate(_BARE).split())


#: What a line's template puts in place of a number (``#`` is punctuation, which
#: :func:`leak_key` folds away, so no folded text holds one).
TEMPLATE_NUMBER = "#"
#: A number standing as a word of its own once folded: digits, an ordinal ("4th"; "1º" and "1ª"
#: fold to "1o" and "1a"; "1er", "1ra") or a clock time ("5pm"). Digits inside a word ("mp3",
#: "covid19", "2x") are part of that word. Number words ("five", "cinco") are not read.
_STANDING_NUMBER = re.compile(r"\d+(?:st|nd|rd|th|o|a|er|ra|am|pm)?")


def template_key(text: str) -> str:
    """A line's template: its :func:`leak_key` (case, accents, spacing and punctuation folded)
    with every number standing alone (:data:`_STANDING_NUMBER`) replaced by
    :data:`TEMPLATE_NUMBER`: "Pon un temporizador de 5 minutos, por favor." and "pon un
    temporizador de 12 minutos por favor" are both "pon un temporizador de # minutos por favor",
    while "play it as mp3" and "play it as mp4" stay two."""
    words = leak_key(text).split()
    return " ".join(TEMPLATE_NUMBER if _STANDING_NUMBER.fullmatch(w) else w for w in words)


def stray_split_files(data_dir: Path) -> list[Path]:
    """What ``data/intents`` holds besides the three splits (``train-extra.jsonl``, a folder),
    which nothing validates or trains on; hidden files (``.DS_Store``) aside."""
    folder = intents_dir(data_dir)
    if not folder.is_dir():
        return []
    splits = {f"{s}.jsonl" for s in SPLITS}
    return sorted(
        p for p in folder.iterdir() if p.name not in splits and not p.name.startswith(".")
    )


def load_splits(data_dir: Path) -> dict[str, list[Example]]:
    return {s: read_jsonl(intents_dir(data_dir) / f"{s}.jsonl") for s in SPLITS}


def eval_set_files(data_dir: Path) -> dict[str, Path]:
    """The extra labelled gate sets, ``data/eval/*.jsonl``, by name (``eval/es_yes``)."""
    return {f"eval/{p.stem}": p for p in sorted((data_dir / "eval").glob("*.jsonl"))}


def unknown_labels(examples: list[Example], labels: set[str]) -> str | None:
    """The lines whose label is not in ``labels``, counted per label; None when there is none."""
    unknown = Counter(e.intent for e in examples if e.intent not in labels)
    if not unknown:
        return None
    shown = ", ".join(f"{label!r} ({n})" for label, n in unknown.most_common(5))
    return f"{sum(unknown.values())} line(s) with a label not in params.yaml intents: {shown}"


def label_problems(
    examples: list[Example], labels: set[str], train: list[Example] | None = None
) -> list[str]:
    """What makes a labelled set unfit to score or gate on: labels outside ``labels`` (they
    would silently count as ``oos``), empty, mis-decoded lines and lines holding an invisible
    character (:func:`hidden_character`), and lines also in ``train`` (the same
    :func:`leak_key`)."""
    problems = []
    unknown = unknown_labels(examples, labels)
    if unknown:
        problems.append(unknown)
    from pipelines.validation import MOJIBAKE  # (validation reads this module)

    for what, bad in (
        ("empty line(s)", [e for e in examples if not e.text.strip()]),
        (
            "line(s) of mis-decoded UTF-8 (re-read the source as UTF-8)",
            [e for e in examples if re.search(MOJIBAKE, e.text)],
        ),
        (
            "line(s) holding an invisible character (delete it)",
            [e for e in examples if hidden_character(e.text)],
        ),
    ):
        if bad:
            lines = ", ".join(str(e.line) for e in bad[:5])
            problems.append(f"{len(bad)} {what} (line {lines})")
    if train is not None:
        seen = {leak_key(e.text) for e in train}
        leaked = [e for e in examples if leak_key(e.text) in seen]
        if leaked:
            lines = ", ".join(str(e.line) for e in leaked[:5])
            problems.append(f"{len(leaked)} line(s) also in the training split (line {lines})")
    return problems


def _pinned_md5(text: str) -> str:
    """The md5 a ``.dvc`` file's text pins for its first output ("" when it pins none)."""
    spec = yaml.safe_load(text) or {}
    outs = spec.get("outs") or [{}]
    return str(outs[0].get("md5", ""))


def data_hash(dvc_file: Path) -> str:
    """The md5 DVC pinned for ``data/`` (from ``data.dvc``), or "" when there is no pin."""
    if not dvc_file.is_file():
        return ""
    return _pinned_md5(dvc_file.read_text())


def committed_text(path: Path) -> str | None:
    """git HEAD's copy of ``path`` (None: outside git, no commit yet, or not committed)."""
    path = path.resolve()
    try:
        proc = subprocess.run(
            ["git", "show", f"HEAD:./{path.name}"],
            cwd=path.parent,
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout if proc.returncode == 0 else None


def committed_data_hash(dvc_file: Path) -> str:
    """The md5 ``data.dvc`` pins in the current commit (``HEAD``); "" outside git, when there is
    no commit yet or the file is not committed."""
    text = committed_text(dvc_file)
    if text is None:
        return ""
    try:
        return _pinned_md5(text)
    except yaml.YAMLError:
        return ""


def workspace_differs(dvc_file: Path) -> bool:
    """Whether the data ``dvc_file`` pins differs in the workspace from the pin (DVC's own
    ``dvc status``, which reuses the hashes DVC keeps of unchanged files: a fraction of a second
    after `dvc repro` hashed them). False when DVC cannot tell: no pin, no DVC repository."""
    if not dvc_file.is_file():
        return False
    try:
        from dvc.repo import Repo

        with Repo(str(dvc_file.resolve().parent)) as repo:
            return bool(repo.status(targets=[str(dvc_file.resolve())]))
    except Exception:  # not a DVC repository, or DVC cannot read it: nothing to compare with
        return False


def pin_moved_note(dvc_file: Path | None) -> str:
    """When ``data.dvc`` pins other data than the committed one, what that means after a refused
    gate and how to undo it; "" otherwise. ``dvc repro`` re-pins ``data/`` (its stage
    ``data.dvc``) before any gate runs, so a gate that refuses the data leaves ``data.dvc``
    pinning the refused data (``git status``: `` M data.dvc``)."""
    if dvc_file is None or not dvc_file.is_file():
        return ""
    committed = committed_data_hash(dvc_file)
    if not committed or committed == data_hash(dvc_file):
        return ""
    name = dvc_file.name
    if workspace_differs(dvc_file):
        # the gate ran by hand (`slipway stage validate`) on edits not pinned: what data.dvc
        # pins is data pinned earlier (perhaps accepted and promoted), not the refused data
        # (probe 37, DS-M1: the advice below would have thrown that pin away)
        return (
            f"{name} pins other data than the committed pin (`git status`: M {name}), and not "
            f"the refused data: your edits since are only in data/. Keep {name}; fix data/ and "
            f"run the gate again (`dvc checkout {name}` would put back the data it pins and "
            f"drop your edits)."
        )
    return (
        f"{name} is no longer the committed pin (`git status`: M {name}): `dvc repro` re-pins "
        f"data/ before the gate runs, so {name} now pins the refused data. Do not commit it: "
        f"`git checkout {name}` puts the committed pin back (your edits stay in data/; "
        f"`dvc checkout --force {name}` drops them too)."
    )
