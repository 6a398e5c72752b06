"""Probe 26, finding 14: the list routes answered a user's whole collection in one response
(``GET /v1/todos`` with ~5,000 to-dos: 272 KB), and ``GET /v1/conversations`` cut the list at
50 with no way to the rest. Each list is now paged by a cursor (app/api/paging.py): ``limit``
(default 50, at most 200), an opaque ``cursor``, ``next_cursor`` null on the last page."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import insert
from sqlalchemy.orm import Session

from tests.app.conftest import Api

LISTS = [
    ("/v1/todos", "todos"),
    ("/v1/reminders", "reminders"),
    ("/v1/meetings", "meetings"),
    ("/v1/conversations", "conversations"),
]
WHEN = datetime(2031, 3, 4, 15, 0, tzinfo=UTC)


def _store(app: Any, table: Any, rows: list[dict[str, Any]]) -> None:
    from app.db import engine_of

    with Session(engine_of(app)) as session:
        session.execute(insert(table), rows)
        session.commit()


def _todos(app: Any, user_id: int, count: int, **extra: Any) -> None:
    from app.db.tables import Todo

    rows = [{"user_id": user_id, "text": f"to-do {i}", "done": i % 3 == 0} for i in range(count)]
    _store(app, Todo, [{**r, **extra} for r in rows])


def _pages(api: Api, url: str, key: str, **params: Any) -> list[list[dict[str, Any]]]:
    """Every page of a list, following next_cursor."""
    pages: list[list[dict[str, Any]]] = []
    cursor = None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        r = api.get(url, query_string=query)
        assert r.status_code == 200, r.json
        pages.append(r.json[key])
        cursor = r.json["next_cursor"]
        if cursor is None:
            return pages
        assert len(pages) < 1000, "the cursor never ends"


@pytest.mark.both_databases
@pytest.mark.slow  # 5,000 rows written and paged
def test_5000_todos_are_paged_completely_in_their_order(app: Any, api: Api, other: Api) -> None:
    _todos(app, api.user_id, 5000)
    _todos(app, other.user_id, 30)
    first = api.get("/v1/todos")
    assert len(first.json["todos"]) == 50  # the default page, no longer the whole list
    assert first.json["next_cursor"]
    assert len(first.data) < 10_000  # was 272 KB
    pages = _pages(api, "/v1/todos", "todos", limit=200)
    assert [len(p) for p in pages] == [200] * 25
    ids = [t["id"] for p in pages for t in p]
    assert ids == sorted(ids)  # the order the list always had, no duplicate
    assert len(ids) == len(set(ids)) == 5000
    # the filter goes with the cursor: the open ones, every one of them once
    open_ = [t for p in _pages(api, "/v1/todos", "todos", upcoming="true", limit=150) for t in p]
    assert len(open_) == len({t["id"] for t in open_}) == 5000 - 1667
    assert not any(t["done"] for t in open_)
    assert {t["id"] for t in open_} == {t["id"] for p in pages for t in p if not t["done"]}
    # a page that fits everything has no next page
    assert other.get("/v1/todos").json["next_cursor"] is None
    assert len(other.get("/v1/todos").json["todos"]) == 30


@pytest.mark.both_databases
def test_equal_times_are_ordered_by_id_across_pages(app: Any, api: Api) -> None:
    """Reminders by due time, meetings by start, conversations by their latest update (newest
    first): many sharing one time are still each shown once, the id deciding among them."""
    from app.db.tables import Conversation, Meeting, Reminder

    times = [WHEN + timedelta(hours=i % 4) for i in range(450)]
    _store(
        app,
        Reminder,
        [{"user_id": api.user_id, "text": f"r{i}", "due_at": t} for i, t in enumerate(times)],
    )
    _store(
        app,
        Meeting,
        [
            {"user_id": api.user_id, "title": f"m{i}", "starts_at": t, "ends_at": t + timedelta(1)}
            for i, t in enumerate(times[:120])
        ],
    )
    _store(
        app,
        Conversation,
        [
            {"user_id": api.user_id, "state": {}, "created_at": t, "updated_at": t}
            for t in times[:130]
        ],
    )
    for url, key, count, field in (
        ("/v1/reminders", "reminders", 450, "due_at"),
        ("/v1/meetings", "meetings", 120, "starts_at"),
        ("/v1/conversations", "conversations", 130, "updated_at"),
    ):
        items = [x for p in _pages(api, url, key, limit=7) for x in p]
        assert len(items) == len({x["id"] for x in items}) == count, url
        keys = [(datetime.fromisoformat(x[field]), x["id"]) for x in items]
        newest_first = key == "conversations"
        assert keys == sorted(keys, reverse=newest_first), url


def test_conversations_past_the_first_50_are_reachable(app: Any, api: Api) -> None:
    from app.db.tables import Conversation

    _store(
        app,
        Conversation,
        [
            {"user_id": api.user_id, "state": {}, "updated_at": WHEN + timedelta(minutes=i)}
            for i in range(60)
        ],
    )
    first = api.get("/v1/conversations").json
    assert len(first["conversations"]) == 50
    rest = api.get("/v1/conversations", query_string={"cursor": first["next_cursor"]}).json
    assert len(rest["conversations"]) == 10
    assert rest["next_cursor"] is None


def test_an_item_added_between_pages_neither_repeats_nor_hides_one(app: Any, api: Api) -> None:
    _todos(app, api.user_id, 10)
    first = api.get("/v1/todos", query_string={"limit": 4}).json
    api.delete(f"/v1/todos/{first['todos'][0]['id']}")  # one already shown goes
    added = api.post("/v1/todos", json={"text": "new"}).json["id"]
    rest = _pages(api, "/v1/todos", "todos", limit=4, cursor=first["next_cursor"])
    shown = [t["id"] for t in first["todos"]] + [t["id"] for p in rest for t in p]
    assert len(shown) == len(set(shown)) == 11
    assert added in shown


@pytest.mark.parametrize(("url", "key"), LISTS)
def test_limit_bounds(app: Any, api: Api, url: str, key: str) -> None:
    _todos(app, api.user_id, 3)
    for good in ("1", "200"):
        r = api.get(url, query_string={"limit": good})
        assert r.status_code == 200, (good, r.json)
        assert "next_cursor" in r.json
        assert key in r.json
    for bad in ("0", "-1", "201", "100000", "abc", "1.5", ""):
        r = api.get(url, query_string={"limit": bad})
        assert r.status_code == 422, (bad, r.json)
        assert r.json["code"] == "validation_error"
        assert "limit" in r.json["message"]


def _forged(payload: dict[str, Any]) -> str:
    """A cursor with a right checksum and the given content (only the source says how)."""
    from app.api import paging

    body = json.dumps(payload).encode()
    check = hashlib.blake2b(body, key=paging._CHECK, digest_size=paging._CHECK_BYTES).digest()
    return base64.urlsafe_b64encode(check + body).rstrip(b"=").decode()


@pytest.mark.both_databases
def test_a_tampered_cursor_is_refused_with_a_stable_code(app: Any, api: Api) -> None:
    _todos(app, api.user_id, 30)
    cursor = api.get("/v1/todos", query_string={"limit": 5}).json["next_cursor"]
    edited = [cursor[:-3] + ("A" if cursor[-3] != "A" else "B") + cursor[-2:]]
    edited.append(cursor[:10] + ("x" if cursor[10] != "x" else "y") + cursor[11:])
    ok = {"v": 1, "l": "todos", "u": api.user_id, "f": {"upcoming": False}, "k": [3]}
    forged = [
        _forged({**ok, "k": ["3"]}),
        _forged({**ok, "k": [0]}),
        _forged({**ok, "k": [2**63]}),
        _forged({**ok, "k": [3, 4]}),
        _forged({**ok, "v": 2}),
        _forged([1, 2]),  # type: ignore[arg-type]
        _forged({**ok, "l": "reminders", "k": ["0001-01-01T00:00:00+14:00", 1]}),
    ]
    garbage = ["", "x", "!!!", "%00", "\x00", "ñandú", "A" * 5000, cursor + cursor, "=" * 8]
    for bad in [*edited, *forged, *garbage]:
        r = api.get("/v1/todos", query_string={"cursor": bad})
        assert r.status_code == 400, (bad, r.status_code, r.json)
        assert r.json["code"] == "invalid_cursor"
        assert "todos" not in r.json
    # the forger's own cursor is only a position in their own list
    r = api.get("/v1/todos", query_string={"cursor": _forged(ok), "limit": 200})
    assert r.status_code == 200
    assert [t["id"] for t in r.json["todos"]] == [t["id"] for t in r.json["todos"] if t["id"] > 3]
    # and a forged datetime far off the calendar is refused, not a 500
    rem = {"v": 1, "l": "reminders", "u": api.user_id, "f": {"upcoming": False}}
    for k in (["9999-12-31T23:59:59-14:00", 1], ["2031-01-01T00:00:00", 1], [5, 1]):
        r = api.get("/v1/reminders", query_string={"cursor": _forged({**rem, "k": k})})
        assert (r.status_code, r.json["code"]) == (400, "invalid_cursor"), k


@pytest.mark.both_databases
def test_a_cursor_is_good_only_for_its_user_list_and_filters(
    app: Any, api: Api, other: Api
) -> None:
    _todos(app, api.user_id, 30)
    _todos(app, other.user_id, 30)
    mine = api.get("/v1/todos", query_string={"limit": 5}).json["next_cursor"]
    r = other.get("/v1/todos", query_string={"cursor": mine})
    assert (r.status_code, r.json["code"]) == (400, "invalid_cursor")
    # a forged cursor naming the other user still shows only the caller's own rows
    own = {t["id"] for p in _pages(other, "/v1/todos", "todos", limit=200) for t in p}
    for page in _pages(api, "/v1/todos", "todos", limit=7):
        assert not own & {t["id"] for t in page}
    # another list, other filters
    for url in ("/v1/reminders", "/v1/meetings", "/v1/conversations"):
        r = api.get(url, query_string={"cursor": mine})
        assert (r.status_code, r.json["code"]) == (400, "invalid_cursor"), url
    r = api.get("/v1/todos", query_string={"cursor": mine, "upcoming": "true"})
    assert (r.status_code, r.json["code"]) == (400, "invalid_cursor")
    # the same filters with another limit are fine
    assert api.get("/v1/todos", query_string={"cursor": mine, "limit": 9}).status_code == 200


def test_the_refusal_is_worded_in_the_users_language(app: Any, es: Api) -> None:
    r = es.get("/v1/todos", query_string={"cursor": "nope"})
    assert (r.status_code, r.json["code"]) == (400, "invalid_cursor")
    assert r.headers["Content-Language"] == "es"


def test_openapi_documents_the_paging(client: Any) -> None:
    spec = client.get("/openapi.json").json
    schemas = spec["components"]["schemas"]
    for url, key in LISTS:
        op = spec["paths"][url]["get"]
        params = {p["name"]: p for p in op["parameters"]}
        assert params["limit"]["schema"]["minimum"] == 1
        assert params["limit"]["schema"]["maximum"] == 200
        assert params["limit"]["schema"]["default"] == 50
        assert "cursor" in params
        assert {"200", "400", "422"} <= set(op["responses"])
        ref = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        body = schemas[ref.rsplit("/", 1)[1]]
        assert key in body["properties"]
        assert "next_cursor" in body["properties"]
        assert "next_cursor" in body["required"]
