"""The feedback export's name stand-ins measured on ``data/privacy-eval/``: ``names.jsonl``, 162
messages in English and Spanish written by a writer who never read ``pipelines/pseudonyms.py``
(stop 47), and ``names-words.jsonl``, 120 more on first names that are also words (another
writer, stop 49), each with the private people's names it holds.

Per language: a line **leaks** when a word of one of its names is still in the exported text (the
worst outcome: a real person in a versioned, pushed dataset); it is **held back** when a word
may be a name the reader cannot place (counted, not exported: a loss of data, not of privacy); a
line without a name is **changed** when something in it was taken for a name. The ceilings are
what the code reached on this set (stop 47: en 3 leaks of 53 named lines, "Grace from accounting
said", "Did Will say", "April from HR"; es none of 51; stop 49: none in either, those three held
back); a change that leaks more fails here."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pipelines.pseudonyms import Pseudonymizer, catalog_words

_WORD = re.compile(r"[^\W\d_]+")
# per set and language: (leaked named lines, held-back named lines, held-back lines without a
# name, changed lines without a name), each at most. ``names-words.jsonl`` (stop 49, first names
# that are also words) left 18 English and 15 Spanish named lines leaking before that stop's rules
CEILINGS = {
    "names.jsonl": {"en": (0, 13, 9, 1), "es": (0, 18, 8, 1)},
    "names-words.jsonl": {"en": (2, 24, 5, 0), "es": (2, 19, 4, 0)},
}
# per set: lines, English lines, lines with a name (as its README says)
SIZES = {"names.jsonl": (162, 82, 104), "names-words.jsonl": (120, 60, 78)}


@dataclass
class Score:
    named: int = 0
    leaked: list[str] = field(default_factory=list)
    named_held: int = 0
    clean: int = 0
    clean_held: int = 0
    clean_changed: list[str] = field(default_factory=list)

    def line(self, lang: str) -> str:
        return (
            f"{lang}: {self.named} lines with a name: {len(self.leaked)} leak, "
            f"{self.named_held} held back, "
            f"{self.named - len(self.leaked) - self.named_held} exported with stand-ins; "
            f"{self.clean} without: {self.clean_held} held back, {len(self.clean_changed)} changed"
        )


def _count(word: str, text: str) -> int:
    return sum(1 for w in _WORD.findall(text) if w == word)


def _leaks(text: str, names: list[str], out: str) -> list[str]:
    """The words of ``names`` still in ``out`` more often than ``text`` has them outside a name
    ("Santiago viaja a Santiago": the city stays, the person must not)."""
    left = []
    for word in {w for name in names for w in _WORD.findall(name)}:
        in_names = sum(_count(word, name) for name in names)
        if _count(word, out) > _count(word, text) - in_names:
            left.append(word)
    return left


def score(rows: list[dict[str, object]], names: Pseudonymizer) -> dict[str, Score]:
    scores: dict[str, Score] = {}
    for row in rows:
        text, lang, said = str(row["text"]), str(row["lang"]), list(row["names"])  # type: ignore[call-overload]
        s = scores.setdefault(lang, Score())
        out = names(text, lang)
        if said:
            s.named += 1
            if out.unsure:
                s.named_held += 1
            elif _leaks(text, said, out.text):
                s.leaked.append(f"{text!r} → {out.text!r}")
        else:
            s.clean += 1
            if out.unsure:
                s.clean_held += 1
            elif out.text != text:
                s.clean_changed.append(f"{text!r} → {out.text!r}")
    return scores


def _rows(data_dir: Path, name: str) -> list[dict[str, object]]:
    path = data_dir / "privacy-eval" / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.parametrize("name", sorted(SIZES))
def test_the_set_is_what_its_readme_says(data_dir: Path, name: str) -> None:
    rows = _rows(data_dir, name)
    lines, english, named = SIZES[name]
    assert len(rows) == lines
    assert sum(r["lang"] == "en" for r in rows) == english
    assert sum(bool(r["names"]) for r in rows) == named
    for r in rows:
        for said in r["names"]:  # type: ignore[attr-defined]
            assert said in r["text"], r  # type: ignore[operator]


@pytest.mark.parametrize("name", sorted(SIZES))
@pytest.mark.parametrize("lang", ["en", "es"])
def test_names_leave_as_stand_ins_per_language(
    data_dir: Path, name: str, lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    s = score(_rows(data_dir, name), Pseudonymizer(catalog_words(data_dir)))[lang]
    with capsys.disabled():
        print(f"\n{name}, {s.line(lang)}")
    leaked, named_held, clean_held, changed = CEILINGS[name][lang]
    assert len(s.leaked) <= leaked, "\n".join(s.leaked)
    assert s.named_held <= named_held
    assert s.clean_held <= clean_held
    assert len(s.clean_changed) <= changed, "\n".join(s.clean_changed)


# -- what the set found in the first version (stop 47): 11 Spanish and 5 English leaks ---------
@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Lucho me dijo que hay becas, como postulo?", "es"),  # someone opens the message
        ("Maricielo y yo queremos llevar el curso juntas", "es"),
        ("Valentina quiere adelantar la clase", "es"),
        ("Summer wants to know if the bootcamp starts in January", "en"),
        ("agendame una reunion con kiara el jueves a las 4", "es"),  # a lowercase attendee
    ],
)
def test_someone_who_may_be_a_person_holds_the_message_back(  # type: ignore[no-untyped-def]
    names, text: str, lang: str
) -> None:
    assert names(text, lang).unsure


@pytest.mark.parametrize(
    ("text", "lang", "name"),
    [
        ("mi esposo Julio quiere saber si hay cursos de fin de semana", "es", "Julio"),
        ("my wife April asked about the fees", "en", "April"),  # a relation, then a name
    ],
)
def test_a_name_after_a_relation_leaves_as_a_stand_in(  # type: ignore[no-untyped-def]
    names, text: str, lang: str, name: str
) -> None:
    out = names(text, lang)
    assert not out.unsure
    assert out.names == 1
    assert name not in out.text.split()


@pytest.mark.parametrize(
    "text", ["remind me to call Jessica before 6", "Can you remind me to email Greg tomorrow?"]
)
def test_remind_me_is_no_one(names, text: str) -> None:  # type: ignore[no-untyped-def]
    out = names(text, "en")
    assert not out.unsure
    assert out.names == 1
