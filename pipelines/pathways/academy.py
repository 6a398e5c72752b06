"""Ruta Academy's own courses in the pathways catalogue say what the academy's pages say.

The catalogue (``data/pathways/courses.csv``) lists courses of many providers, Ruta Academy's
among them; the knowledge base (``data/knowledge``, the academy's own pages, which the assistant
quotes) lists the academy's tuition prices with each course's length. The two were written apart
and drifted: a pathway reply offered «Power BI para Reportes de Gestión», 28 h, S/ 350 while a
knowledge answer said Power BI Básico, 24 h, S/ 290, to the same user (probe 44, P44-M10). The
academy's pages are the source of truth for its own courses; other providers' rows are not
compared.

A catalogue row of the academy is the counterpart of a course of the tuition prices when its
title has every subject word of that course's name, in English or Spanish ("Power BI Básico":
power, bi; "Data Analytics Bootcamp": data, analytics). Such a row must carry the course's name
(either language's), its hours (a bootcamp's are the course-length line's), its price, and the
level its name says, if any («Excel Intermedio»: intermediate, never beginner). A row
whose title says bootcamp must be one of the academy's bootcamps. A row that shares a subject
word but is another course (an intermediate SQL course after the introduction) is declared in
``distinct_courses.json`` with why, by id and title: a retitled row is compared again.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from app.skills.knowledge import Passage, split_passages
from models.ranker import read_csv
from pipelines.pathways.data import pathways_dir
from pipelines.validation import Check

ACADEMY = "Ruta Academy"
#: Reviewed exceptions: the academy's rows that share a subject word with a course of the
#: tuition prices but are other courses ({"id": ..., "title": ..., "not": ..., "why": ...})
DISTINCT_FILE = Path(__file__).with_name("distinct_courses.json")
_FEES = "fees-and-payment"
_TUITION = {"en": "Example tuition prices", "es": "Precios referenciales de las pensiones"}
_SCHEDULES = "schedules-and-class-format"
_LENGTH = "Course length"
#: "Power BI Básico (24 hours): S/ 290", "Data Analytics Bootcamp (12 weeks): S/ 2,400"
_LINE = re.compile(r"^(?P<name>[^(:]+?)\s*\((?P<length>[^)]*)\):\s*(?P<price>.+)$")
_HOURS = re.compile(r"(\d+)\s*(?:hours|horas)\b", re.I)
_PRICE = re.compile(r"S/\s*(\d[\d,.]*)")
_BOOTCAMP = "bootcamp"
#: Words that name a course's level, kind or place, not its subject
_GENERIC = frozenset([
    "a", "al", "and", "basic", "basica", "basico", "bootcamp", "con", "course", "curso", "de",
    "del", "el", "en", "for", "from", "in", "intermedia", "intermediate", "intermedio",
    "introduccion", "introduction", "la", "las", "lima", "los", "of", "para", "the", "to", "y",
    "advanced", "avanzada", "avanzado",
])  # fmt: skip


@dataclass(frozen=True)
class AcademyCourse:
    """A course of the academy's tuition prices: its names, hours and price in soles."""

    names: tuple[str, ...]  # English, then Spanish (the same line of both files)
    hours: int | None
    cost_pen: int
    line: str  # the English line, quoted in a message

    @property
    def bootcamp(self) -> bool:
        return any(_BOOTCAMP in _words(n) for n in self.names)

    def subjects(self) -> list[set[str]]:
        return [s for s in (_words(n) - _GENERIC for n in self.names) if s]


def _words(text: str) -> set[str]:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return set(re.findall(r"[a-z0-9]+", plain))


def _same_name(a: str, b: str) -> bool:
    return " ".join(sorted(_words(a))) == " ".join(sorted(_words(b)))


#: The level a course's name on the academy's pages says ("Excel Intermedio": intermediate);
#: "Básico" is not one: a basic course of a subject may build on another's skills (Power BI
#: Básico on Excel), and the catalogue's level is the row's place in a path
_NAMED_LEVELS = {
    "intermediate": frozenset(["intermedio", "intermedia", "intermediate"]),
    "advanced": frozenset(["avanzado", "avanzada", "advanced"]),
}


def named_level(course: AcademyCourse) -> str | None:
    """The level ``course``'s name says, in either language (None: it says none, or two)."""
    said = {
        level for level, words in _NAMED_LEVELS.items() for n in course.names if _words(n) & words
    }
    return said.pop() if len(said) == 1 else None


def _section(passages: list[Passage], doc: str, heading: str) -> Passage | None:
    return next((p for p in passages if p.doc == doc and p.heading == heading), None)


def academy_courses(knowledge: Path) -> list[AcademyCourse] | None:
    """The courses of the tuition prices in ``knowledge`` (None: no tuition section there)."""
    english = split_passages(knowledge, "en")
    spanish = split_passages(knowledge / "es", "es") if (knowledge / "es").is_dir() else []
    prices = _section(english, _FEES, _TUITION["en"])
    if prices is None:
        return None
    precios = _section(spanish, _FEES, _TUITION["es"])
    length = _section(english, _SCHEDULES, _LENGTH)
    bootcamp_hours = next(
        (
            int(m.group(1))
            for line in (length.lines if length else ())
            if line.lower().startswith("bootcamps")
            for m in [_HOURS.search(line)]
            if m
        ),
        None,
    )
    found = []
    for n, line in enumerate(prices.lines):
        m = _LINE.match(line)
        price = _PRICE.search(m.group("price")) if m else None
        if m is None or price is None:
            continue  # not one named course (the free Ruta Abierta courses are a kind)
        names = [m.group("name").strip()]
        other = precios.lines[n] if precios and n < len(precios.lines) else ""
        if o := _LINE.match(other):
            names.append(o.group("name").strip())
        hours = _HOURS.search(m.group("length"))
        course = AcademyCourse(
            names=tuple(names),
            hours=int(hours.group(1)) if hours else None,
            cost_pen=int(re.sub(r"[,.]", "", price.group(1))),
            line=line,
        )
        if course.hours is None and course.bootcamp:
            course = AcademyCourse(course.names, bootcamp_hours, course.cost_pen, line)
        found.append(course)
    return found


def _distinct() -> dict[tuple[str, str], str]:
    entries = json.loads(DISTINCT_FILE.read_text()) if DISTINCT_FILE.is_file() else []
    return {(e["id"], e["title"]): e["not"] for e in entries}


def _number(value: str | None) -> float | None:
    try:
        return float(value or "")
    except ValueError:
        return None


def _shown(value: float | None) -> str:
    return "?" if value is None else f"{value:,.0f}"


def academy_problems(
    data_dir: Path, distinct: dict[tuple[str, str], str] | None = None
) -> list[str] | None:
    """Every row of the academy in the catalogue that the academy's pages contradict, in plain
    words (the row, the catalogue's values and the pages'); None when ``data_dir`` has no
    knowledge base to compare with."""
    knowledge = data_dir / "knowledge"
    if not knowledge.is_dir():
        return None
    courses = academy_courses(knowledge)
    where = f"{data_dir.name}/{knowledge.name}/{_FEES}.md › {_TUITION['en']}"
    if not courses:
        return [
            f"{where}: no course with its hours and price found, so the academy's rows of "
            f"the catalogue cannot be compared with the academy's pages"
        ]
    distinct = _distinct() if distinct is None else distinct
    bootcamps = [c.names[0] for c in courses if c.bootcamp]
    problems = []
    for row, r in enumerate(read_csv(pathways_dir(data_dir) / "courses.csv"), start=2):
        if not _same_name(r.get("provider") or "", ACADEMY):
            continue
        cid, title = (r.get("id") or "").strip(), (r.get("title") or "").strip()
        named = f"courses.csv row {row} ({cid} «{title}», {ACADEMY})"
        words = _words(title)
        matched = [c for c in courses if any(s <= words for s in c.subjects())]
        exact = [c for c in matched if any(_same_name(title, n) for n in c.names)]
        if not exact and (cid, title) in distinct:
            continue
        if not matched and _BOOTCAMP in words:
            problems.append(
                f"{named} is a bootcamp the academy's pages do not list ({where} lists "
                f"{' and '.join(bootcamps) or 'none'}): give it the name, hours and price of "
                f"the academy's bootcamp it is, or remove it"
            )
            continue
        for course in exact or matched:
            hours, cost = _number(r.get("hours")), _number(r.get("cost_pen"))
            wrong = []
            if not exact:
                wrong.append(f"name «{title}» / «{course.names[0]}»")
            if course.hours is not None and hours != course.hours:
                wrong.append(f"hours {_shown(hours)} / {course.hours}")
            if cost != course.cost_pen:
                wrong.append(f"price S/ {_shown(cost)} / S/ {course.cost_pen:,}")
            level, said = (r.get("level") or "").strip(), named_level(course)
            if exact and said is not None and level != said:
                wrong.append(f"level {level or '?'} / {said} (as its name says)")
            if wrong:
                problems.append(
                    f"{named} contradicts the academy's page {where} «{course.line}»: "
                    f"{'; '.join(wrong)} (catalogue / academy). Make the row say what the page "
                    f"says; if it is another course, declare it in "
                    f"pipelines/pathways/{DISTINCT_FILE.name} with why"
                )
    return problems


def academy_check(data_dir: Path) -> list[Check]:
    """The gate's check (none without a knowledge base, as in a copy of data/pathways alone)."""
    problems = academy_problems(data_dir)
    if problems is None:
        return []
    return [
        Check(
            suite="pathway_academy",
            expectation="expect_academy_courses_to_match_its_pages",
            column="title,hours,cost_pen,level",
            success=not problems,
            unexpected_count=len(problems),
            details=problems,
        )
    ]
