"""Every other utterance of the held-out intent test split goes through ``/v1/chat`` without a
server error, and every reply honours the contract (one conversation, so pending actions chain)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.app.conftest import Api


@pytest.mark.slow  # 764 chat turns: the full suite's, not the inner loop's (make test-fast)
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_test_split_never_breaks_the_chat(api: Api, data_dir: Path) -> None:
    lines = (data_dir / "intents" / "test.jsonl").read_text().splitlines()
    texts = [json.loads(line)["text"] for line in lines if line.strip()][::2]
    cid = None
    skills = set()
    for text in texts:
        body: dict[str, object] = {"message": text[:500]}
        if cid is not None:
            body["conversation_id"] = cid
        r = api.post("/v1/chat", json=body)
        assert r.status_code == 200, (text, r.json)
        assert r.json["reply"].strip(), text
        assert r.json["path"] == "local"
        cid = r.json["conversation_id"]
        skills.add(r.json["skill"])
    assert skills == {"scheduling", "knowledge", "conversation", "out_of_scope", "learning_path"}
