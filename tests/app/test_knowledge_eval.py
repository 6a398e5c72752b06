"""The knowledge skill measured on ``data/knowledge-eval/questions.jsonl`` (written apart from
the code; never tuned on: the thresholds are calibrated on tests/app/test_knowledge.py's own
development questions), per language:

- recall@1: the top-ranked file is the right one (goal ≥ 0.90);
- correct abstention: "I don't know" on the questions the knowledge base does not answer
  (goal ≥ 0.90);
- false abstention: "I don't know" on answerable questions; answered from the right file; the
  quoted line holds the expected ``answer`` token (reported, and guarded against regressions).

Each question is also its own test; the ones that fail today are strict expected failures
(``KNOWN_FAILURES``), so a fix shows up as an unexpected pass: remove its line then. A goal not
reached is a strict expected failure too. ``python -m bench.retrieval`` prints the same table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

QUESTIONS = ROOT / "data" / "knowledge-eval" / "questions.jsonl"
GOALS = {"recall_at_1": 0.90, "correct_abstention": 0.90}
# Goals this code does not reach yet, with the figure measured when the list was written (none
# today: en recall@1 0.938, correct abstention 0.929; es 0.961 and 0.929)
GOALS_NOT_REACHED: dict[tuple[str, str], str] = {}
# Floors under the reported figures (today's, rounded down; false abstention rounded up): a
# regression fails
FLOORS = {
    "en": {"answered_right": 0.86, "false_abstention": 0.08, "line_holds_answer": 0.82},
    "es": {"answered_right": 0.90, "false_abstention": 0.07, "line_holds_answer": 0.85},
}
# The same floor for the figure held out by cross-validation (test_cross_validated_abstention)
HELD_OUT_ANSWERED_RIGHT = {"en": 0.85, "es": 0.90}
# Questions answered wrongly today (answerable: the top-ranked file is not the right one;
# unanswerable: answered instead of "I don't know")
KNOWN_FAILURES = {
    "Which email address handles questions about payments?",
    "I'd like to do Excel, SQL and Power BI all in parallel this term, is that allowed?",
    "thinking of switching careers into data - what's the damage for the analytics bootcamp?",
    "Which cards can I use to pay online?",
    "Which bank is your account for transfers with?",
    "When can I start applying for an internship, and where?",
    "What's the passing score on the English placement test?",
    "cual es la nota minima para aprobar el examen de nivelacion de ingles?",
}


def _questions() -> list[dict[str, Any]]:
    from bench.retrieval import load_questions

    return load_questions(QUESTIONS) if QUESTIONS.is_file() else []


@pytest.fixture(scope="module")
def answer(data_dir: Path):  # type: ignore[no-untyped-def]
    from bench.retrieval import skill_answerer

    return skill_answerer(data_dir / "knowledge")


@pytest.fixture(scope="module")
def rows(answer, data_dir: Path):  # type: ignore[no-untyped-def]
    from bench.retrieval import evaluate, load_questions, table

    found = evaluate(load_questions(data_dir / "knowledge-eval" / "questions.jsonl"), answer)
    print("\n" + table(found))
    return found


def _expected_failure(question: str) -> Any:
    if question in KNOWN_FAILURES:
        return pytest.mark.xfail(reason="known retrieval failure", strict=True)
    return ()


@pytest.mark.parametrize(
    "q",
    [
        pytest.param(q, id=f"{q['lang']}-{i}", marks=_expected_failure(q["question"]))
        for i, q in enumerate(_questions())
    ],
)
def test_question(answer, q: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    from bench.retrieval import stem

    top, answered, quoted = answer(q["question"], q["lang"])
    expected = stem(q.get("source"))
    if expected is None:
        assert answered is None, f"answered from {answered}: {quoted}"
    else:
        assert top == expected


def test_the_evaluation_set_is_big_enough(rows) -> None:  # type: ignore[no-untyped-def]
    assert sum(r.answerable + r.unanswerable for r in rows.values()) >= 120
    assert set(rows) == {"en", "es"}
    assert all(r.unanswerable > 0 for r in rows.values())


@pytest.mark.parametrize(
    ("lang", "metric"),
    [
        pytest.param(
            lang,
            metric,
            marks=pytest.mark.xfail(
                reason=f"goal not reached: {GOALS_NOT_REACHED[(lang, metric)]}", strict=True
            )
            if (lang, metric) in GOALS_NOT_REACHED
            else (),
        )
        for lang in ("en", "es")
        for metric in GOALS
    ],
)
def test_goal(rows, lang: str, metric: str) -> None:  # type: ignore[no-untyped-def]
    assert getattr(rows[lang], metric) >= GOALS[metric]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_reported_figures_do_not_regress(rows, lang: str) -> None:  # type: ignore[no-untyped-def]
    row = rows[lang]
    assert row.answered_right >= FLOORS[lang]["answered_right"]
    assert row.false_abstention <= FLOORS[lang]["false_abstention"]
    assert row.line_holds_answer >= FLOORS[lang]["line_holds_answer"]


@pytest.mark.slow  # five folds of the whole evaluation
def test_cross_validated_abstention(data_dir: Path) -> None:
    """The abstention thresholds hold on questions they were not chosen on: 5-fold
    cross-validation over the evaluation questions' ids, the development questions of
    tests/app/test_knowledge.py always in training. Measured when written: four folds of five
    chose the thresholds the skill uses (min score 2.5, min coverage 0.275; the fifth 0.3); held
    out, correct abstention en 13/14, es 13/14, answered from the right file en 112/130, es
    69/76."""
    from bench.retrieval import cross_validate, load_questions, pooled, table
    from tests.app.test_knowledge import DEV, HARD_NEAR_MISSES

    always = [
        {"question": q, "lang": lang, "source": doc, "answer": token} for q, lang, doc, token in DEV
    ] + [{"question": q, "lang": lang, "source": None} for q, lang in HARD_NEAR_MISSES]
    folds = cross_validate(
        load_questions(data_dir / "knowledge-eval" / "questions.jsonl"),
        data_dir / "knowledge",
        always=always,
    )
    held = pooled(folds)
    print("\nchosen:", [(f.min_score, f.min_coverage) for f in folds], "\n" + table(held))
    for lang, row in held.items():
        assert row.correct_abstention >= GOALS["correct_abstention"], lang
        assert row.answered_right >= HELD_OUT_ANSWERED_RIGHT[lang], lang
