"""Probe 39, O-L1: a chunked body over the 64 KiB limit was cut at the limit and parsed, so the
client was told 400 ``malformed_json``; the same body with a ``Content-Length`` got 413. A body
sent without its length is now read whole, and refused 413 over the limit."""

from __future__ import annotations

import io
import json

import pytest

from tests.app.conftest import Api


def _chunked(api: Api, body: bytes) -> tuple[int, dict[str, str]]:
    headers = {**api._headers({})["headers"], "Content-Type": "application/json"}
    headers["Transfer-Encoding"] = "chunked"
    r = api.client.post(
        "/v1/todos",
        input_stream=io.BytesIO(body),
        headers=headers,
        environ_overrides={"wsgi.input_terminated": True},
    )
    return r.status_code, r.json


@pytest.mark.parametrize("size", [70_000, 65_537, 1_000_000])
def test_a_chunked_body_over_the_limit_is_413(api: Api, size: int) -> None:
    body = json.dumps({"text": "x" * size}).encode()
    status, answer = _chunked(api, body)
    assert (status, answer["code"]) == (413, "payload_too_large"), answer
    assert api.get("/v1/todos").json["todos"] == []


def test_a_chunked_body_under_the_limit_is_read_whole(api: Api) -> None:
    long = json.dumps({"text": "y" * 60_000}).encode()  # parsed whole: its text is too long
    status, answer = _chunked(api, long)
    assert (status, answer["code"]) == (422, "validation_error"), answer
    status, answer = _chunked(api, json.dumps({"text": "buy milk"}).encode())
    assert status == 201, answer
    assert [t["text"] for t in api.get("/v1/todos").json["todos"]] == ["buy milk"]
