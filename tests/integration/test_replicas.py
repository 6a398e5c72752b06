"""Two app servers (gunicorn, two workers each) on different ports over one Postgres and one
Redis, as two replicas behind a load balancer: one truth for conversations, pending actions,
rate limits, the answer cache and the schema."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests

from tests.servers import cli_user, gunicorn_server, postgres_server, redis_server

pytestmark = pytest.mark.integration


def _chat(url: str, token: str, message: str, cid: int | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"message": message}
    if cid is not None:
        body["conversation_id"] = cid
    r = requests.post(
        f"{url}/v1/chat", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    assert r.status_code == 200, r.text
    return dict(r.json())


def test_two_replicas_share_one_truth(trained, release_file: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, _, folder = trained
    with postgres_server() as pg, redis_server() as redis_url:
        database = pg.url(pg.create_database("replicas"))
        base = {
            "SLIPWAY_WORKERS": "2",
            "SLIPWAY_RELEASE_FILE": str(release_file),
            "SLIPWAY_MODEL_PATH": str(folder),
            "SLIPWAY_DATABASE_URL": database,
            "SLIPWAY_REDIS_URL": redis_url,
            "SLIPWAY_RATE_LIMIT": "12/minute",
        }
        # the first replica migrates the database at start; the second does not and still works
        first = {**base, "SLIPWAY_DB_UPGRADE_ON_START": "true"}
        first["PROMETHEUS_MULTIPROC_DIR"] = str(tmp_path / "prom-a")
        second = {**base, "SLIPWAY_DB_UPGRADE_ON_START": "false"}
        second["PROMETHEUS_MULTIPROC_DIR"] = str(tmp_path / "prom-b")
        with gunicorn_server(first, tmp_path / "a.log") as (a, _, env_a):
            ana = cli_user(env_a, "ana", "America/Lima")
            limited = cli_user(env_a, "bruno", "America/Lima")
            with gunicorn_server(second, tmp_path / "b.log") as (b, _, _):
                # a conversation begun on one replica continues on the other, pending action too
                asked = _chat(a, ana, "book a meeting with Rosa")
                assert asked["pending"] is True
                cid = asked["conversation_id"]
                # a date three days on: "tomorrow" rightly asks which day between 00:00 and
                # 04:00 in Lima, and the test may run then
                day = datetime.now(ZoneInfo("America/Lima")).date() + timedelta(days=3)
                answered = _chat(b, ana, f"on {day:%B} {day.day} at 3pm", cid)
                assert answered["conversation_id"] == cid
                if answered.get("pending"):
                    _chat(a, ana, "yes", cid)
                auth = {"Authorization": f"Bearer {ana}"}
                meetings = requests.get(f"{a}/v1/meetings", headers=auth, timeout=10).json()
                assert [m["attendee"] for m in meetings["meetings"]] == ["Rosa"]
                history = requests.get(f"{b}/v1/conversations/{cid}", headers=auth, timeout=10)
                assert len(history.json()["messages"]) >= 4

                # the answer cache is shared
                question = "What are the Saturday opening hours of the Arequipa campus?"
                assert _chat(a, ana, question)["cached"] is False
                assert _chat(b, ana, question)["cached"] is True

                # the per-token limit is exact across both: 12 a minute, wherever they land
                codes = [
                    requests.get(
                        f"{(a, b)[i % 2]}/v1/info",
                        headers={"Authorization": f"Bearer {limited}"},
                        timeout=10,
                    ).status_code
                    for i in range(16)
                ]
                assert codes.count(200) == 12, codes
                assert codes.count(429) == 4, codes
