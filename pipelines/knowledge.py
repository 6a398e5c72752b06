"""The knowledge base's gate: its English and Spanish files say the same things, line by line.

The assistant answers from ``data/knowledge/*.md`` and quotes the Spanish answer from the same
line of ``data/knowledge/es/*.md`` (and back): a document's identity is its stem, its sections
and lines are matched by position. Nothing checked that while the files were edited, so a fee
changed in one language (10 business days in English, 15 días hábiles in Spanish), a line added
to one side, or a document written in one language only went out silently (probe 37, DS-M4).

``check_knowledge`` reads both folders as the app does (``app.skills.knowledge.split_passages``)
and lists every difference: a stem in one language only, a document with another number of
sections, a section with another number of lines, and a pair of lines whose numbers differ
(amounts, days, hours, percentages: the facts a translation must keep; thousands separators and
decimal marks are read alike, "1,200" = "1.200"). The ``validate_knowledge`` stage writes
``reports/knowledge_validation.json`` and refuses (exit 3) when there is any.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from app.i18n import LANGUAGES
from app.skills.knowledge import Passage, split_passages
from pipelines.errors import ValidationFailed

#: A number as a fact: digits, with separators or a clock's colon inside ("1,200", "9:30")
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
#: How many differences the error names (the report lists them all)
SHOWN = 5


@dataclass
class KnowledgeCheck:
    documents: int = 0
    lines: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return not self.problems


def knowledge_dir(data_dir: Path) -> Path:
    return data_dir / "knowledge"


def _numbers(line: str) -> list[str]:
    return sorted(re.sub(r"[.,]", "", n) for n in _NUMBER.findall(line))


def _documents(folder: Path, lang: str) -> dict[str, list[Passage]]:
    documents: dict[str, list[Passage]] = {}
    for passage in split_passages(folder, lang) if folder.is_dir() else []:
        documents.setdefault(passage.doc, []).append(passage)
    return documents


def check_knowledge(folder: Path) -> KnowledgeCheck:
    """Every difference between the knowledge base's languages (see the module's docstring)."""
    first, *others = LANGUAGES
    base = _documents(folder, first)
    result = KnowledgeCheck(documents=len(base))
    for lang in others:
        theirs = _documents(folder / lang, lang)
        where = f"{folder.name}/{lang}"
        for doc in sorted(set(base) - set(theirs)):
            result.problems.append(f"{doc}.md has no {lang} version ({where}/{doc}.md)")
        for doc in sorted(set(theirs) - set(base)):
            result.problems.append(f"{where}/{doc}.md has no {first} version ({doc}.md)")
        for doc in sorted(set(base) & set(theirs)):
            mine, other = base[doc], theirs[doc]
            if len(mine) != len(other):
                result.problems.append(
                    f"{doc}.md has {len(mine)} section(s), {where}/{doc}.md {len(other)}"
                )
                continue
            for one, two in zip(mine, other, strict=True):
                section = f"{doc}.md › {one.heading or '(introduction)'}"
                if len(one.lines) != len(two.lines):
                    result.problems.append(
                        f"{section}: {len(one.lines)} line(s), {len(two.lines)} in {where} "
                        f"(› {two.heading or '(introducción)'}); answers are quoted from the "
                        f"same line in the other language"
                    )
                    continue
                for n, (a, b) in enumerate(zip(one.lines, two.lines, strict=True), start=1):
                    result.lines += 1
                    if _numbers(a) != _numbers(b):
                        result.problems.append(
                            f"{section}, line {n}: the numbers differ: “{a[:80]}” / “{b[:80]}”"
                        )
    return result


def validate_knowledge(data_dir: Path, reports_dir: Path) -> KnowledgeCheck:
    """The stage: check, write ``reports/knowledge_validation.json``, refuse on a difference."""
    result = check_knowledge(knowledge_dir(data_dir))
    reports_dir.mkdir(parents=True, exist_ok=True)
    report = {**asdict(result), "success": result.success}
    (reports_dir / "knowledge_validation.json").write_text(json.dumps(report, indent=2) + "\n")
    if not result.success:
        shown = "; ".join(result.problems[:SHOWN])
        more = len(result.problems) - SHOWN
        raise ValidationFailed(
            f"the knowledge base's languages differ ({len(result.problems)} difference(s)): "
            f"{shown}{f'; and {more} more (reports/knowledge_validation.json)' if more > 0 else ''}"
            f". Make both say the same, line for line, then `dvc repro`"
        )
    return result
