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


def _routed_to_knowledge(kb, model, text: str) -> tuple[bool, str]:  # type: ignore[no-untyped-def]
    """Route one message through the assistant's real rules (this path touches no database)."""
    from app.assistant import Assistant
    from app.settings import AppSettings
    from app.skills.base import Turn

    settings = AppSettings()
    assistant = Assistant(
        kb,
        settings.faq_min_score,
        cache=None,
        rescue_score=settings.faq_rescue_score,
        rescue_max_confidence=settings.faq_rescue_max_confidence,
    )
    p = model.predict(text)
    turn = Turn(text, p.intent, p.confidence, p.top_intent, None, None, None, None)  # type: ignore[arg-type]
    if p.intent not in {"faq", "oos"}:
        return False, ""
    routed = p.intent == "faq" or assistant._rescue(turn)
    hits = kb.search(text, k=1)
    answered = routed and bool(hits) and hits[0].score >= settings.faq_min_score
    return answered, hits[0].passage.source if hits else ""


def test_knowledge_questions_reach_the_knowledge_base(
    kb, questions, trained, data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    """Knowledge questions the model calls out-of-scope are still answered from the right file,
    while genuinely out-of-scope messages are (almost) never answered from a passage."""
    model = trained[0]
    right = sum(
        answered and source == q["source"]
        for q in questions
        for answered, source in [_routed_to_knowledge(kb, model, q["question"])]
    )
    assert right >= 24, f"{right}/30 answered from the right file"
    oos = [
        json.loads(line)["text"]
        for split in ("val", "test")
        for line in (data_dir / "intents" / f"{split}.jsonl").read_text().splitlines()
        if json.loads(line)["intent"] == "oos"
    ]
    wrongly = sum(_routed_to_knowledge(kb, model, text)[0] for text in oos)
    assert wrongly <= 0.02 * len(oos), f"{wrongly}/{len(oos)} out-of-scope messages answered"
