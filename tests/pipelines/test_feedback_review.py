"""Review S-M2: any user can relabel their own chat messages (``POST /v1/feedback`` with any
``corrected_intent`` the model knows), and ``slipway data import-feedback`` appended those labels
to ``data/intents/train.jsonl`` with no cap and no review: one user relabelling five fee
questions as "goodbye" got four of them into the training set.

Now one user gives at most ``SLIPWAY_FEEDBACK_MAX_PER_USER`` new lines per export (the rest are
counted and taken by a later export), a text rated with two intents is held back, and every
added line is listed in a review file for the person who merges the data pull request.

The feedback is given through the app's own API on a real SQLite database, and the exporter
runs for real on a small copy of ``data/``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.app.conftest import (  # noqa: F401  (the app's fixtures, for a real database)
    Api,
    app,
    app_settings,
    client,
    database_url,
    make_user,
    pg,
    pg_template,
    shared_database,
    sqlite_copy,
    sqlite_scratch,
    sqlite_template,
)
from tests.conftest import ROOT

FEES = [
    "how much does the excel course cost",
    "what is the price of the power bi course",
    "how much do i pay for the python course",
    "are there any fees for the data analysis course",
    "how expensive is the sql course",
    "what does the english course cost per month",
    "is the accounting course free or paid",
    "how much is the enrolment fee for the marketing course",
]
DATA_LINE = {"text": "set a timer for ten minutes", "intent": "timer", "lang": "en"}


def _data(tmp_path: Path) -> Path:
    """A small data/: one intent line and the course catalog (the name reader knows its words)."""
    import shutil

    data = tmp_path / "data"
    (data / "intents").mkdir(parents=True)
    (data / "intents" / "train.jsonl").write_text(json.dumps(DATA_LINE) + "\n", encoding="utf-8")
    (data / "pathways").mkdir()
    for name in ("courses.csv", "demand.csv"):
        shutil.copy(ROOT / "data" / "pathways" / name, data / "pathways" / name)
    return data


def _user(app: Any, client: Any, name: str) -> Api:  # noqa: F811
    token, user_id = make_user(app, name, "America/Lima")
    return Api(client, token, user_id, name)


def _relabel(api: Api, text: str, intent: str) -> None:
    """Say ``text`` in a new conversation, then correct the reply's intent to ``intent``."""
    turn = api.chat(text)
    r = api.post(
        "/v1/feedback",
        json={"message_id": turn["message_id"], "rating": "down", "corrected_intent": intent},
    )
    assert r.status_code == 201, r.json


def _added(data: Path) -> list[dict[str, str]]:
    lines = (data / "intents" / "train.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines[1:]]  # after DATA_LINE


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return _data(tmp_path)


def test_one_user_relabelling_many_messages_is_capped_and_the_rest_waits(
    app: Any,  # noqa: F811
    client: Any,  # noqa: F811
    database_url: str,  # noqa: F811
    data: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pipelines.feedback_export import export_feedback

    monkeypatch.setenv("SLIPWAY_FEEDBACK_MAX_PER_USER", "3")
    mallory = _user(app, client, "mallory")
    for text in FEES:
        _relabel(mallory, text, "goodbye")
    honest = _user(app, client, "wayta")
    _relabel(honest, "see you later then", "goodbye")
    _relabel(honest, "what can you help me with", "what_can_i_ask_you")

    first = export_feedback(database_url, data)

    from_mallory = [r["text"] for r in _added(data) if r["text"] in FEES]
    assert from_mallory == FEES[:3]  # oldest first
    assert {r["text"] for r in _added(data)} - set(FEES) == {
        "see you later then",
        "what can you help me with",
    }  # the cap is per user: another user's lines are taken
    assert (first.per_user, sum(first.deferred_examples.values())) == (3, 5)
    assert len(first.deferred_examples) == 1  # one user, counted under no name
    summary = first.summary()
    assert "5 intent example(s) and 0 learner(s) from 1 user(s) over the cap of 3" in summary
    assert "mallory" not in summary
    assert "mallory" not in first.review()

    # what the cap left is not dropped: the next export over the same window takes it
    second = export_feedback(database_url, data)
    assert [r["text"] for r in second.examples] == FEES[3:6]
    assert second.skipped_known == 5  # what the first export added is not charged again
    third = export_feedback(database_url, data)
    assert [r["text"] for r in third.examples] == FEES[6:]
    assert sum(third.deferred_examples.values()) == 0


def test_conflicting_labels_are_held_back_and_never_appended(
    app: Any,  # noqa: F811
    client: Any,  # noqa: F811
    database_url: str,  # noqa: F811
    data: Path,
) -> None:
    from pipelines.feedback_export import export_feedback

    mallory, wayta, kusi = (_user(app, client, n) for n in ("mallory", "wayta", "kusi"))
    # two users, two labels for the same text (as normalized: case and spaces do not matter)
    _relabel(mallory, FEES[0], "goodbye")
    _relabel(wayta, FEES[0].upper() + "  ", "faq")
    # one user, two labels for the same text
    _relabel(mallory, FEES[1], "goodbye")
    _relabel(mallory, FEES[1], "faq")
    # against the label a line of data/ already gives it
    _relabel(mallory, DATA_LINE["text"], "goodbye")
    # two users agreeing: one line, said to come from two users
    _relabel(wayta, FEES[2], "faq")
    _relabel(kusi, FEES[2], "faq")
    before = (data / "intents" / "train.jsonl").read_text(encoding="utf-8")

    result = export_feedback(database_url, data)

    assert _added(data) == [{"text": FEES[2], "intent": "faq", "lang": "en"}]
    assert (data / "intents" / "train.jsonl").read_text(encoding="utf-8").startswith(before)
    assert result.raters == [2]
    assert [(t, labels) for t, labels in result.conflicts] == [
        (FEES[0], {"goodbye": 1, "faq": 1}),
        (FEES[1], {"goodbye": 1, "faq": 1}),
    ]
    assert [(t, label, had.intent) for t, label, had in result.disagreements] == [
        (DATA_LINE["text"], "goodbye", "timer")
    ]
    summary = result.summary()
    assert "2 message(s) rated with different intents wait for review" in summary
    assert f"{FEES[0]!r} rated faq (1 user) / goodbye (1 user)" in summary
    review = result.review()
    held = review.split("### Held back")[1].split("### Counted only")[0]
    assert f'rated faq (1 user) / goodbye (1 user): "{FEES[0]}"' in held
    assert f'rated goodbye, {data}/intents/train.jsonl:1 says timer: "{DATA_LINE["text"]}"' in held

    # held back on every later export too, until a person settles it in data/
    again = export_feedback(database_url, data)
    assert again.examples == []
    assert len(again.conflicts) == 2


def test_the_review_file_lists_every_line_the_import_adds(
    app: Any,  # noqa: F811
    client: Any,  # noqa: F811
    database_url: str,  # noqa: F811
    data: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from typer.testing import CliRunner

    from pipelines.cli import app as cli

    mallory, wayta = _user(app, client, "mallory"), _user(app, client, "wayta")
    _relabel(mallory, FEES[0], "goodbye")
    _relabel(mallory, "hasta luego, nos vemos", "goodbye")
    _relabel(wayta, "hasta luego, nos vemos", "goodbye")
    tricky = "what is ``` the cost of the sql course <b>now</b>"
    _relabel(wayta, tricky, "faq")
    _relabel(wayta, FEES[1], "faq")
    _relabel(mallory, FEES[1], "goodbye")  # a conflict: listed as held back
    review = tmp_path / "review" / "feedback-review.md"
    monkeypatch.setenv("SLIPWAY_DATA_DIR", str(data))
    monkeypatch.setenv("SLIPWAY_PARAMS_FILE", str(ROOT / "params.yaml"))
    monkeypatch.setenv("SLIPWAY_REPORTS_DIR", str(tmp_path / "reports"))

    done = CliRunner().invoke(
        cli,
        [
            "data",
            "import-feedback",
            "--database-url",
            database_url,
            "--skip-validation",
            "--review",
            str(review),
        ],
        env={"COLUMNS": "300"},
    )

    assert done.exit_code == 0, done.output
    assert f"listedin{review}" in "".join(done.output.split())  # however the console wraps
    text = review.read_text(encoding="utf-8")
    added = _added(data)
    assert len(added) == 3
    new = text.split("### New intent examples (3)")[1].split("### New or changed learners")[0]
    rows = [line.split(None, 3) for line in new.splitlines() if line[:5].strip().isdigit()]
    assert [(int(u), i, lang, json.loads(t)) for u, i, lang, t in rows] == [
        (1, "goodbye", "en", FEES[0]),
        (2, "goodbye", "es", "hasta luego, nos vemos"),
        (1, "faq", "en", tricky),
    ]
    assert [(r["intent"], r["lang"], r["text"]) for r in added] == [
        (i, lang, json.loads(t)) for _, i, lang, t in rows
    ]  # the file lists exactly what was appended
    # users' text only inside a fence it cannot close: nothing of it renders
    assert "\n````text\n" in new
    assert f'rated faq (1 user) / goodbye (1 user): "{FEES[1]}"' in text
    assert "mallory" not in text
    assert "wayta" not in text
