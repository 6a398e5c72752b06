"""Probe 40, U-L5: ``POST /v1/todos`` with a date-only ``due_at`` ("2027-04-15") stored 00:00
that day, while a to-do said in chat with a day is due at its end (23:59). A date alone is now
the end of that day for a to-do, and refused for what needs a time of day (a reminder's due
time, a meeting's start or end): never midnight by default."""

from __future__ import annotations

import pytest

from tests.app.conftest import Api


@pytest.mark.parametrize("sent", ["2027-04-15", " 2027-04-15 "])
def test_a_todo_due_on_a_date_is_due_at_its_end(api: Api, sent: str) -> None:
    r = api.post("/v1/todos", json={"text": "pay the rent", "due_at": sent})
    assert r.status_code == 201, r.json
    assert r.json["due_at"] == "2027-04-15T23:59:00-05:00"  # ana is in Lima
    patched = api.patch(f"/v1/todos/{r.json['id']}", json={"due_at": "2027-04-16"})
    assert patched.json["due_at"] == "2027-04-16T23:59:00-05:00"
    exact = api.post("/v1/todos", json={"text": "call", "due_at": "2027-04-15T09:30:00"})
    assert exact.json["due_at"] == "2027-04-15T09:30:00-05:00"


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/v1/reminders", {"text": "call mom", "due_at": "2027-04-15"}),
        ("/v1/meetings", {"title": "Sync", "starts_at": "2027-04-15"}),
        (
            "/v1/meetings",
            {"title": "Sync", "starts_at": "2027-04-15T09:00", "ends_at": "2027-04-16"},
        ),
    ],
)
def test_a_date_alone_is_refused_where_a_time_of_day_is_needed(
    api: Api, url: str, body: dict[str, str]
) -> None:
    r = api.post(url, json=body)
    assert r.status_code == 422, r.json
    assert "give a time of day too" in str(r.json)
    listed = api.get(url).json
    assert not next(iter(v for k, v in listed.items() if isinstance(v, list)))
