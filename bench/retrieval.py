"""Knowledge retrieval on ``data/knowledge-eval/questions.jsonl``, per language: recall@1 of the
right file (the top-ranked document), answered from the right file (after abstention), false
abstention on answerable questions, correct abstention on unanswerable ones, whether the quoted
line holds the expected answer, and the p50/p95 latency of one answer.

``python -m bench.retrieval [--questions FILE] [--knowledge DIR] [--json FILE]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# (question, language) → (top-ranked document stem or None, answered document stem or None
# when it abstains, the quoted text)
Answerer = Callable[[str, str], tuple[str | None, str | None, str]]


@dataclass
class Row:
    """One language's figures (counts; the rates are properties)."""

    lang: str
    answerable: int = 0
    top1: int = 0  # the top-ranked document is the right one
    right: int = 0  # answered, from the right document
    abstained: int = 0  # answerable, but "I don't know"
    with_token: int = 0  # answerable questions that name an expected answer token
    line: int = 0  # ... answered from the right document, the quoted line holding the token
    unanswerable: int = 0
    refused: int = 0  # unanswerable and "I don't know"
    latencies: list[float] = field(default_factory=list)
    misses: list[dict[str, Any]] = field(default_factory=list)

    @property
    def recall_at_1(self) -> float:
        return self.top1 / self.answerable if self.answerable else 1.0

    @property
    def answered_right(self) -> float:
        return self.right / self.answerable if self.answerable else 1.0

    @property
    def false_abstention(self) -> float:
        return self.abstained / self.answerable if self.answerable else 0.0

    @property
    def correct_abstention(self) -> float:
        return self.refused / self.unanswerable if self.unanswerable else 1.0

    @property
    def line_holds_answer(self) -> float:
        return self.line / self.with_token if self.with_token else 1.0

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.latencies) * 1000 if self.latencies else 0.0

    @property
    def p95_ms(self) -> float:
        if len(self.latencies) < 2:
            return self.p50_ms
        return statistics.quantiles(self.latencies, n=20)[-1] * 1000

    def summary(self) -> dict[str, Any]:
        counts = {k: v for k, v in asdict(self).items() if k not in {"latencies", "misses"}}
        rates = {
            name: round(getattr(self, name), 3)
            for name in (
                "recall_at_1",
                "answered_right",
                "false_abstention",
                "correct_abstention",
                "line_holds_answer",
                "p50_ms",
                "p95_ms",
            )
        }
        return {**counts, **rates}


def stem(source: str | None) -> str | None:
    """A question's ``source`` (``fees-and-payment.md`` or ``fees-and-payment``) as a stem."""
    return Path(source).stem if source else None


def load_questions(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def evaluate(questions: Iterable[dict[str, Any]], answer: Answerer) -> dict[str, Row]:
    """Every question through ``answer``, tallied per language."""
    rows: dict[str, Row] = {}
    for q in questions:
        lang = str(q.get("lang") or "en")
        row = rows.setdefault(lang, Row(lang))
        started = time.perf_counter()
        top, answered, quoted = answer(str(q["question"]), lang)
        row.latencies.append(time.perf_counter() - started)
        expected = stem(q.get("source"))
        if expected is None:
            row.unanswerable += 1
            row.refused += answered is None
            if answered is not None:
                row.misses.append({"question": q["question"], "answered": answered})
            continue
        row.answerable += 1
        row.top1 += top == expected
        row.right += answered == expected
        row.abstained += answered is None
        token = q.get("answer")
        if token:
            row.with_token += 1
            row.line += answered == expected and str(token).casefold() in quoted.casefold()
        if answered != expected:
            row.misses.append({"question": q["question"], "top": top, "answered": answered})
    return dict(sorted(rows.items()))


def skill_answerer(knowledge_dir: Path) -> Answerer:
    """The knowledge skill as the app builds it (the settings' default threshold)."""
    from app.settings import AppSettings
    from app.skills.knowledge import Knowledge, KnowledgeBase

    kb = KnowledgeBase(knowledge_dir)
    skill = Knowledge(kb, AppSettings.model_fields["faq_min_score"].default)

    def answer(question: str, lang: str) -> tuple[str | None, str | None, str]:
        ranked = kb.search(question, k=1, lang=lang)
        hit = skill.best(question, lang)
        top = ranked[0].passage.doc if ranked else None
        return top, (hit.passage.doc if hit else None), (hit.sentence if hit else "")

    return answer


def table(rows: dict[str, Row]) -> str:
    head = (
        f"{'lang':4} {'recall@1':>9} {'answered':>9} {'false abst':>10} {'correct abst':>12} "
        f"{'line holds':>10} {'p50 ms':>7} {'p95 ms':>7}"
    )
    lines = [head]
    for row in rows.values():
        lines.append(
            f"{row.lang:4} {row.top1:>4}/{row.answerable:<4} {row.right:>4}/{row.answerable:<4} "
            f"{row.abstained:>5}/{row.answerable:<4} {row.refused:>7}/{row.unanswerable:<4} "
            f"{row.line:>5}/{row.with_token:<4} {row.p50_ms:>7.2f} {row.p95_ms:>7.2f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--questions", type=Path, default=ROOT / "data" / "knowledge-eval" / "questions.jsonl"
    )
    parser.add_argument("--knowledge", type=Path, default=ROOT / "data" / "knowledge")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--misses", action="store_true", help="list the questions it got wrong")
    args = parser.parse_args(argv)
    if not args.questions.is_file():
        print(f"retrieval: no questions at {args.questions} (data/ not materialized?)")
        return 0
    rows = evaluate(load_questions(args.questions), skill_answerer(args.knowledge))
    print("knowledge retrieval (recall@1: top-ranked file; answered: from the right file)")
    print(table(rows))
    if args.misses:
        for row in rows.values():
            for miss in row.misses:
                print(f"  {row.lang} {miss}")
    if args.json is not None:
        args.json.write_text(
            json.dumps({lang: row.summary() for lang, row in rows.items()}, indent=2) + "\n"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
