"""Retrieval quality of the knowledge skill on ``data/knowledge-eval/questions.jsonl``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def kb(data_dir: Path):  # type: ignore[no-untyped-def]
    from app.skills.knowledge import KnowledgeBase

    return KnowledgeBase(data_dir / "knowledge")


@pytest.fixture(scope="module")
def questions(data_dir: Path) -> list[dict[str, str]]:
    path = data_dir / "knowledge-eval" / "questions.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def test_retrieval_hit_rate(kb, questions: list[dict[str, str]]) -> None:  # type: ignore[no-untyped-def]
    from app.settings import AppSettings

    threshold = AppSettings.model_fields["faq_min_score"].default
    top1 = top3 = answered = 0
    for q in questions:
        hits = kb.search(q["question"], k=3)
        sources = [h.passage.source for h in hits]
        top1 += bool(sources) and sources[0] == q["source"]
        top3 += q["source"] in sources
        answered += bool(hits) and sources[0] == q["source"] and hits[0].score >= threshold
    n = len(questions)
    print(f"\nknowledge retrieval: top-1 {top1}/{n}, top-3 {top3}/{n}, answered {answered}/{n}")
    assert n >= 30
    assert top1 / n >= 0.8
    assert top3 / n >= 0.9
    assert answered / n >= 0.75


@pytest.mark.parametrize(
    "question",
    ["who won the 1954 football world cup final", "how do I bake sourdough bread", "", "???"],
)
def test_unrelated_questions_are_not_answered(kb, question: str) -> None:  # type: ignore[no-untyped-def]
    from app.settings import AppSettings
    from app.skills.knowledge import Knowledge

    skill = Knowledge(kb, AppSettings.model_fields["faq_min_score"].default)
    text, data = skill.answer(question)
    assert data["found"] is False
    assert "don't know" in text


def test_every_file_is_indexed(kb) -> None:  # type: ignore[no-untyped-def]
    files = {p.name for p in (ROOT / "data" / "knowledge").glob("*.md")}
    assert {p.source for p in kb.passages} == files
