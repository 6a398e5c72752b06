"""Multi-turn dialogues written as data (``tests/dialogues/*.yaml``), played against the live app
with the clock frozen at each dialogue's ``now``; each checks the meetings, reminders and to-dos
stored at the end, so a reply that sounds right over a wrong stored value fails."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
import yaml

from tests.app.conftest import Api, built_app, make_user, settings_for

# 200 dialogues: the full suite runs them, the inner loop (`--fast`) does not.
pytestmark = pytest.mark.slow

HERE = Path(__file__).resolve().parents[1] / "dialogues"
KNOWN_FAILURES = HERE / "known-failures.txt"


def _dialogues() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for path in sorted(HERE.glob("*.yaml")):
        for item in yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or []:
            found.append({**item, "_file": path.name})
    return found


def _known_failures() -> set[str]:
    if not KNOWN_FAILURES.exists():
        return set()
    lines = KNOWN_FAILURES.read_text(encoding="utf-8").splitlines()
    return {line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()}


DIALOGUES = _dialogues()
FAILING = _known_failures()


def _params() -> list[Any]:
    known = pytest.mark.xfail(strict=True, reason="listed in known-failures.txt")
    return [
        pytest.param(d, id=d["id"], marks=[known] if d["id"] in FAILING else []) for d in DIALOGUES
    ]


def test_dialogue_ids_are_unique_and_well_formed() -> None:
    ids = [d["id"] for d in DIALOGUES]
    assert len(ids) == len(set(ids)), "duplicate dialogue ids"
    assert set(ids) >= FAILING, f"known-failures.txt names unknown ids: {FAILING - set(ids)}"
    for d in DIALOGUES:
        assert d["lang"] in {"en", "es"}, d["id"]
        assert d["id"].startswith(d["lang"] + "-"), d["id"]
        ZoneInfo(d["tz"])
        datetime.fromisoformat(d["now"])
        assert d["turns"], d["id"]
        assert all("say" in t for t in d["turns"]), d["id"]
        assert set(d.get("state") or {}) <= {"meetings", "reminders", "todos"}, d["id"]


def _minute(value: str | None) -> str | None:
    return None if value is None else value[:16]


def _matches(row: dict[str, Any], want: dict[str, Any], kind: str) -> bool:
    def has(field: str, key: str) -> bool:
        return key not in want or str(want[key]).casefold() in str(row.get(field) or "").casefold()

    if kind == "meetings":
        return (
            has("title", "title_has")
            and has("attendee", "attendee_has")
            and ("starts" not in want or _minute(row["starts_at"]) == want["starts"])
            and ("ends" not in want or _minute(row["ends_at"]) == want["ends"])
        )
    if kind == "reminders":
        return (
            has("text", "text_has")
            and ("due" not in want or _minute(row["due_at"]) == want["due"])
            and ("kind" not in want or row["kind"] == want["kind"])
        )
    return (
        has("text", "text_has")
        and ("done" not in want or bool(row["done"]) == bool(want["done"]))
        and ("due" not in want or _minute(row.get("due_at")) == want["due"])
    )


def _unmatched(rows: list[dict[str, Any]], wanted: list[dict[str, Any]], kind: str) -> list[Any]:
    """What is left after pairing each wanted item with a distinct stored row (small lists)."""
    left = list(rows)
    missing = []
    for want in wanted:
        hit = next((row for row in left if _matches(row, want, kind)), None)
        if hit is None:
            missing.append(want)
        else:
            left.remove(hit)
    return missing + left


@pytest.fixture(scope="module")
def shared_app(trained, release_file: Path, sqlite_template: Path, tmp_path_factory):  # type: ignore[no-untyped-def]
    """One app and database for every dialogue of an xdist worker, each dialogue its own user:
    what one user stores is all its checks see, so the dialogues stay independent, and the
    app is built once instead of 200 times (a fifth of a second of CPU each)."""
    target = tmp_path_factory.mktemp("dialogues") / "assistant.db"
    shutil.copyfile(sqlite_template, target)
    # every dialogue's turns go through one limiter
    settings = settings_for(
        trained, release_file, f"sqlite:///{target}", rate_limit="1000000/minute"
    )
    with built_app(settings) as application:
        yield application


@pytest.mark.parametrize("dialogue", _params())
def test_dialogue(shared_app: Any, dialogue: dict[str, Any]) -> None:
    tz = ZoneInfo(dialogue["tz"])
    name = f"dana {dialogue['id']}"[:80]
    token, user_id = make_user(shared_app, name, dialogue["tz"])
    api = Api(shared_app.test_client(), token, user_id, name)
    if dialogue.get("locale"):
        r = api.patch("/v1/users/me", json={"locale": dialogue["locale"]})
        assert r.status_code == 200, r.json
    start = datetime.fromisoformat(dialogue["now"]).replace(tzinfo=tz)
    transcript: list[str] = []
    with time_machine.travel(start, tick=True):
        conversation_id = None
        for turn in dialogue["turns"]:
            reply = api.chat(turn["say"], conversation_id)
            conversation_id = reply["conversation_id"]
            transcript.append(f"> {turn['say']}\n< {reply['reply']} [{reply['intent']}]")
            where = "\n".join(transcript)
            if "intent" in turn:
                assert reply["intent"] == turn["intent"], where
            if "asks" in turn:
                assert bool(reply.get("pending")) == bool(turn["asks"]), where
            for needle in turn.get("reply_has", []):
                assert needle.casefold() in reply["reply"].casefold(), where
            for needle in turn.get("reply_lacks", []):
                assert needle.casefold() not in reply["reply"].casefold(), where
        state = dialogue.get("state") or {}
        stored = {
            "meetings": api.get("/v1/meetings").json["meetings"],
            "reminders": api.get("/v1/reminders").json["reminders"],
            "todos": api.get("/v1/todos").json["todos"],
        }
    where = "\n".join(transcript)
    for kind, rows in stored.items():
        wrong = _unmatched(rows, state.get(kind) or [], kind)
        assert not wrong, f"{kind}: unmatched {wrong}\nstored {rows}\n{where}"
