"""Knowledge retrieval on ``data/knowledge-eval/questions.jsonl``, per language: recall@1 of the
right file (the top-ranked document), answered from the right file (after abstention), false
abstention on answerable questions, correct abstention on unanswerable ones, whether the quoted
line holds the expected answer, and the p50/p95 latency of one answer.

``--cross-validate`` also chooses the abstention thresholds by cross-validation over question
ids and prints the held-out figures (the thresholds in app/skills/knowledge.py are checked so).

``python -m bench.retrieval [--questions FILE] [--knowledge DIR] [--json FILE] [--misses]
[--cross-validate]``
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


# The abstention thresholds searched by ``cross_validate``: the least score of the best line and
# the least share of the question's term weight it must hold (see app/skills/knowledge.py)
MIN_SCORES = tuple(x / 4 for x in range(4, 17))  # 1.0 ... 4.0
MIN_COVERAGES = tuple(x / 40 for x in range(8, 19))  # 0.2 ... 0.45


@dataclass
class Fold:
    """One fold of ``cross_validate``: the thresholds chosen without it, its figures with them."""

    min_score: float
    min_coverage: float
    rows: dict[str, Row]


def _balanced(rows: Iterable[Row]) -> float:
    """What the thresholds are chosen for: answered from the right file and correct abstention,
    weighed alike, averaged over the languages."""
    found = list(rows)
    return sum(r.answered_right + r.correct_abstention for r in found) / (2 * len(found) or 1)


def cross_validate(
    questions: list[dict[str, Any]],
    knowledge_dir: Path,
    folds: int = 5,
    seed: int = 16,
    always: Iterable[dict[str, Any]] = (),
) -> list[Fold]:
    """The abstention thresholds chosen by ``folds``-fold cross-validation over the ids of
    ``questions``: each fold's thresholds maximise ``_balanced`` on the other folds plus
    ``always`` (development questions, never held out; ties: the higher thresholds, since a wrong
    answer is worse than "I don't know") and are measured on that fold alone. Folds are
    stratified by language and answerability. The ranking does not depend on the thresholds, so
    each question is searched once."""
    import random

    from app.skills.knowledge import KnowledgeBase, pick

    kb = KnowledgeBase(knowledge_dir)
    extra = list(always)
    searched = []
    for q in [*questions, *extra]:
        lang = str(q.get("lang") or "en")
        order = [lang, *(code for code in kb.languages if code != lang)]
        tops = [next(iter(kb.search(str(q["question"]), 1, code)), None) for code in order]
        searched.append((q, lang, tops))

    def tally(items: list[int], min_score: float, min_coverage: float) -> dict[str, Row]:
        def answer(index: int) -> tuple[str | None, str | None, str]:
            _, _, tops = searched[index]
            hit = pick(tops, min_score, min_coverage)
            top = tops[0].passage.doc if tops[0] is not None else None
            return top, (hit.passage.doc if hit else None), (hit.sentence if hit else "")

        chosen = [searched[i][0] for i in items]
        answers = iter(items)
        return evaluate(chosen, lambda _question, _lang: answer(next(answers)))

    strata: dict[tuple[str, bool], list[int]] = {}
    for index, (q, lang, _) in enumerate(searched[: len(questions)]):
        strata.setdefault((lang, q.get("source") is None), []).append(index)
    members: list[list[int]] = [[] for _ in range(folds)]
    rng = random.Random(seed)
    for indexes in strata.values():
        rng.shuffle(indexes)
        for position, index in enumerate(indexes):
            members[position % folds].append(index)
    result = []
    for held in members:
        out = set(held)
        train = [i for i in range(len(searched)) if i not in out]
        grid = [(s, c) for s in MIN_SCORES for c in MIN_COVERAGES]
        best = max(grid, key=lambda p: (_balanced(tally(train, *p).values()), p))
        result.append(Fold(best[0], best[1], tally(held, *best)))
    return result


def pooled(found: list[Fold]) -> dict[str, Row]:
    """The held-out figures of every fold added up, per language."""
    rows: dict[str, Row] = {}
    for fold in found:
        for lang, row in fold.rows.items():
            total = rows.setdefault(lang, Row(lang))
            for name in ("answerable", "top1", "right", "abstained", "with_token", "line"):
                setattr(total, name, getattr(total, name) + getattr(row, name))
            total.unanswerable += row.unanswerable
            total.refused += row.refused
    return dict(sorted(rows.items()))


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
            f"{row.line:>5}/{row.with_token:<4} "
            + (f"{row.p50_ms:>7.2f} {row.p95_ms:>7.2f}" if row.latencies else f"{'-':>7} {'-':>7}")
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
    parser.add_argument(
        "--train",
        type=Path,
        default=None,
        help="with --cross-validate: development questions (same format) always trained on",
    )
    parser.add_argument(
        "--cross-validate",
        action="store_true",
        help="choose the abstention thresholds by 5-fold cross-validation over question ids and "
        "print the held-out figures",
    )
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
    if args.cross_validate:
        always = load_questions(args.train) if args.train else []
        found = cross_validate(load_questions(args.questions), args.knowledge, always=always)
        print("5-fold cross-validation over question ids (thresholds chosen on the other folds)")
        for number, fold in enumerate(found, start=1):
            print(f"  fold {number}: min score {fold.min_score}, min coverage {fold.min_coverage}")
        print("held-out (every fold with its own thresholds, added up)")
        print(table(pooled(found)))
    if args.json is not None:
        args.json.write_text(
            json.dumps({lang: row.summary() for lang, row in rows.items()}, indent=2) + "\n"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
