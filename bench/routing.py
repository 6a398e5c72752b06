"""Short and vague knowledge messages through the whole assistant (intent model, out-of-scope
rescue, topic and line answers), on ``data/knowledge-eval/routing.jsonl`` (written apart from
the code: see its ROUTING.md), per language and kind.

Each message is one new conversation of a user speaking the message's language. An answerable
message ("fees", "¿tienen becas?") is *right* when the knowledge skill answers it from the
expected document; otherwise it went to *another document*, got *"I don't know"*, or went
*elsewhere* (refused as out of scope, small talk, scheduling). A negative ("bank fees",
"mis clases de mañana") is *answered* when the knowledge base answers it at all.

``python -m bench.routing [--messages FILE] [--misses]`` (the served model of
``models/release.yaml``, a throwaway SQLite database).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MESSAGES = ROOT / "data" / "knowledge-eval" / "routing.jsonl"
KINDS = ("topic", "vague", "question", "negative")
# (message, language) → the chat's JSON answer
Chat = Callable[[str, str], dict[str, Any]]


def load_messages(path: Path = MESSAGES) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def outcome(row: dict[str, Any], answer: dict[str, Any]) -> str:
    """right / other_doc / dont_know / elsewhere for an answerable message; refused /
    answered for a negative."""
    data = answer.get("data") or {}
    knowledge = answer.get("skill") == "knowledge"
    source = data.get("source") if knowledge and data.get("found") else None
    if row["source"] is None:
        return "refused" if source is None else "answered"
    if source == row["source"]:
        return "right"
    if source is not None:
        return "other_doc"
    return "dont_know" if knowledge else "elsewhere"


def evaluate(
    rows: Iterable[dict[str, Any]], chat: Chat
) -> tuple[dict[tuple[str, str], Counter[str]], list[str]]:
    """Outcome counts by (language, kind), and one line per miss."""
    counts: dict[tuple[str, str], Counter[str]] = {}
    misses: list[str] = []
    for row in rows:
        answer = chat(str(row["message"]), str(row["lang"]))
        found = outcome(row, answer)
        counts.setdefault((row["lang"], row["kind"]), Counter())[found] += 1
        if found not in {"right", "refused"}:
            where = (answer.get("data") or {}).get("source") or answer.get("skill")
            misses.append(
                f"{row['lang']} {row['kind']:8} {found:9} {row['message']!r} "
                f"(expected {row['source']}; intent {answer.get('intent')} "
                f"{answer.get('confidence', 0):.2f}, got {where})"
            )
    return counts, misses


def share(counts: dict[tuple[str, str], Counter[str]], lang: str, kind: str) -> float:
    """The share answered right (answerable kinds), or answered at all (negatives)."""
    found = counts.get((lang, kind), Counter())
    total = sum(found.values())
    key = "answered" if kind == "negative" else "right"
    return found[key] / total if total else 0.0


def table(counts: dict[tuple[str, str], Counter[str]]) -> str:
    lines = [
        "| lang | kind | n | right (negatives: answered) | other document | don't know "
        "| elsewhere |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for lang, kind in sorted(counts, key=lambda k: (k[0], KINDS.index(k[1]))):
        c = counts[(lang, kind)]
        n = sum(c.values())
        lines.append(
            f"| {lang} | {kind} | {n} | {share(counts, lang, kind):.3f} | {c['other_doc']} | "
            f"{c['dont_know']} | {c['elsewhere']} |"
        )
    return "\n".join(lines)


def client_chat(client: Any, tokens: dict[str, str]) -> Chat:
    """A Chat over a Flask test client, one token per language."""

    def chat(message: str, lang: str) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {tokens[lang]}"}
        answer = client.post("/v1/chat", json={"message": message}, headers=headers)
        if answer.status_code != 200:
            raise RuntimeError(f"{message!r}: HTTP {answer.status_code} {answer.get_data()!r}")
        return dict(answer.json)

    return chat


def users(app: Any) -> dict[str, str]:
    """One Lima user per language (locale set), by language: their tokens."""
    from sqlalchemy.orm import Session

    from app.auth import create_user
    from app.db import engine_of

    tokens: dict[str, str] = {}
    with Session(engine_of(app)) as session:
        for lang in ("en", "es"):
            _, token = create_user(session, f"routing-{lang}", "America/Lima", lang)
            tokens[lang] = token
    return tokens


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=Path, default=MESSAGES)
    parser.add_argument("--misses", action="store_true", help="list the messages it got wrong")
    args = parser.parse_args(argv)
    if not args.messages.is_file():
        print(f"routing: no messages at {args.messages} (data/ not materialized?)")
        return 0
    from app import create_app
    from app.db.migrate import upgrade
    from app.settings import AppSettings

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/routing.db"
        upgrade(url)
        settings = AppSettings(
            database_url=url, redis_url=None, openai_api_key=None, rate_limit="100000/minute"
        )
        app = create_app(settings)
        counts, misses = evaluate(
            load_messages(args.messages), client_chat(app.test_client(), users(app))
        )
    print("short and vague knowledge messages through the assistant")
    print(table(counts))
    if args.misses:
        print("\n".join(misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
