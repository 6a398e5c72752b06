"""Isolation sweep: every route of the spec that names a resource by id answers another user
404 with no data, and leaves the owner's resource as it was; lists never show it."""

from __future__ import annotations

import re
from typing import Any

import requests

from tests.reliability.conftest import Live

SECRET = "isolation-secret-7f3a"
# Path parameter → how the owner (ana) creates one and the list that must not show it to bruno.
CREATE: dict[str, tuple[str, dict[str, Any], str]] = {
    "meeting_id": (
        "/v1/meetings",
        {"title": SECRET, "starts_at": "2031-01-02T10:00:00Z", "attendee": SECRET},
        "/v1/meetings",
    ),
    "reminder_id": (
        "/v1/reminders",
        {"text": SECRET, "due_at": "2031-01-02T10:00:00Z"},
        "/v1/reminders",
    ),
    "todo_id": ("/v1/todos", {"text": SECRET}, "/v1/todos"),
}
BODIES: dict[str, dict[str, Any]] = {
    "meeting_id": {"title": "taken over"},
    "reminder_id": {"text": "taken over"},
    "todo_id": {"text": "taken over", "done": True},
}


def _owned_resources(live: Live) -> dict[str, int]:
    ids: dict[str, int] = {}
    for param, (path, body, _) in CREATE.items():
        r = live.post("ana", path, body)
        assert r.status_code == 201, r.text
        ids[param] = r.json()["id"]
    chat = live.post("ana", "/v1/chat", {"message": f"remind me to email {SECRET} tomorrow at 9"})
    assert chat.status_code == 200, chat.text
    ids["conversation_id"] = chat.json()["conversation_id"]
    return ids


def test_another_users_token_gets_404_and_no_data(live: Live, figures: dict[str, Any]) -> None:
    ids = _owned_resources(live)
    spec = requests.get(f"{live.url}/openapi.json", timeout=10).json()
    swept: list[str] = []
    for path, operations in spec["paths"].items():
        params = re.findall(r"{(\w+)}", path)
        if not path.startswith("/v1/") or not params:
            continue
        unknown = [p for p in params if p not in ids]
        assert not unknown, f"{path}: teach the isolation sweep to create a {unknown}"
        url = live.url + path.format(**ids)
        for method in operations:
            body = BODIES.get(params[0]) if method in {"patch", "put", "post"} else None
            r = requests.request(method, url, json=body, headers=live.headers("bruno"), timeout=10)
            assert r.status_code == 404, f"{method.upper()} {path}: {r.status_code} {r.text}"
            assert r.json()["code"] == "not_found"
            assert SECRET not in r.text
            swept.append(f"{method.upper()} {path}")
            own = live.get("ana", path.format(**ids))
            assert own.status_code == 200, f"{path} changed for its owner after {method}"
            assert SECRET in own.text
    figures["isolation"] = {"routes_swept": len(swept), "swept": swept}
    assert len(swept) >= 10, swept
    for param, (_, _, listing) in CREATE.items():
        r = live.get("bruno", listing)
        assert r.status_code == 200
        assert SECRET not in r.text, f"{listing} shows another user's {param}"
    conversations = live.get("bruno", "/v1/conversations")
    assert conversations.status_code == 200
    assert SECRET not in conversations.text
