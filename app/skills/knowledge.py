"""Knowledge answers (``faq``): BM25 retrieval (``bm25s``) over the markdown knowledge base.
The answer quotes the best passage and names its source file; below a relevance threshold the
skill says it does not know rather than guessing."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, ClassVar

import bm25s
import numpy as np
import Stemmer
from pydantic import Field

from app.skills.base import Reply, Skill, Turn


@dataclass(frozen=True)
class Passage:
    source: str  # file name, e.g. "fees-and-payment.md"
    topic: str  # the file's "# " title
    heading: str  # the section's "## " heading ("" for the introduction)
    text: str


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float


def split_passages(folder: Path) -> list[Passage]:
    """One passage per ``##`` section of every ``*.md`` file (the intro counts as a section)."""
    passages: list[Passage] = []
    for path in sorted(folder.glob("*.md")):
        topic, heading = path.stem.replace("-", " ").title(), ""
        lines: list[str] = []
        sections: list[tuple[str, list[str]]] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# "):
                topic = line[2:].strip()
            elif line.startswith("## "):
                sections.append((heading, lines))
                heading, lines = line[3:].strip(), []
            elif line.strip():
                lines.append(line.strip())
        sections.append((heading, lines))
        for head, body in sections:
            if body:
                passages.append(Passage(path.name, topic, head, "\n".join(body)))
    return passages


class KnowledgeBase:
    """A BM25 index over the passages (English stop words, Snowball stemming)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.passages = split_passages(folder) if folder.is_dir() else []
        self._stemmer = Stemmer.Stemmer("english")
        self._lock = threading.Lock()
        self._retriever: bm25s.BM25 | None = None
        if self.passages:
            docs = [f"{p.topic}. {p.heading}. {p.heading}. {p.text}" for p in self.passages]
            tokens = bm25s.tokenize(
                docs, stopwords="en", stemmer=self._stemmer, show_progress=False
            )
            retriever = bm25s.BM25()
            retriever.index(tokens, show_progress=False)
            self._retriever = retriever

    def search(self, question: str, k: int = 3) -> list[Hit]:
        if self._retriever is None or not re.search(r"\w", question):
            return []
        query = bm25s.tokenize(
            [question], stopwords="en", stemmer=self._stemmer, show_progress=False
        )
        if not any(len(ids) for ids in query.ids):
            return []
        k = min(k, len(self.passages))
        with self._lock:
            try:
                docs, scores = self._retriever.retrieve(query, k=k, show_progress=False)
            except (ValueError, KeyError):
                return []
        return [
            Hit(self.passages[int(i)], float(s))
            for i, s in zip(np.asarray(docs)[0], np.asarray(scores)[0], strict=True)
            if float(s) > 0
        ]


class Knowledge(Skill):
    name = "knowledge"
    intents = frozenset({"faq"})
    tools: ClassVar[tuple[str, ...]] = ("search_knowledge",)

    def __init__(self, kb: KnowledgeBase, min_score: float) -> None:
        self.kb = kb
        self.min_score = min_score

    def answer(self, question: str) -> tuple[str, dict[str, object]]:
        """The reply to ``question`` (cacheable: it depends on nothing but the question)."""
        hits = self.kb.search(question)
        if not hits or hits[0].score < self.min_score:
            best = hits[0].score if hits else 0.0
            return (
                "I don't know that one: I found nothing about it in Ruta Academy's knowledge "
                "base. Try rephrasing, or write to the contact address in “Contact”.",
                {"found": False, "score": round(best, 3)},
            )
        hit = hits[0].passage
        where = f"{hit.topic} › {hit.heading}" if hit.heading else hit.topic
        text = f"From {where} ({hit.source}):\n{hit.text}"
        return text, {
            "found": True,
            "source": hit.source,
            "section": hit.heading,
            "score": round(hits[0].score, 3),
        }

    def handle(self, turn: Turn) -> Reply:
        text, data = self.answer(turn.text)
        return Reply(text, dict(data))

    def passages(self, question: str, k: int = 3) -> list[Hit]:
        """The passages relevant enough to answer from (none: the answer is "I don't know")."""
        return [h for h in self.kb.search(question, k=k) if h.score >= self.min_score]

    def search_knowledge(
        self, turn: Turn, question: Annotated[str, Field(min_length=2, max_length=500)]
    ) -> Reply:
        """Search Ruta Academy's knowledge base; answer only from the passages it returns and
        cite their source. No passages: say you do not know."""
        hits = self.passages(question)
        found = [
            {"source": h.passage.source, "section": h.passage.heading, "text": h.passage.text}
            for h in hits
        ]
        if not found:
            return Reply("No passage answers that.", {"passages": []})
        return Reply(f"{len(found)} passage(s) found.", {"passages": found})
