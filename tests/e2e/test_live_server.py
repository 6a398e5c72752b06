"""The assistant under gunicorn: chat over HTTP, metrics added up across two workers, the
``slipway chat`` terminal client, and the p50 latency of ``/v1/chat`` on the local path."""

from __future__ import annotations

import statistics
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import ROOT, free_port
from tests.e2e.conftest import BIN, Live

pytestmark = pytest.mark.integration


def _auth(live: Live) -> dict[str, str]:
    return {"Authorization": f"Bearer {live.token}"}


def _counter(text: str, name: str, **labels: str) -> float:
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                return float(s.value)
    return 0.0


def test_chat_over_http(live: Live) -> None:
    r = requests.post(
        f"{live.url}/v1/chat", json={"message": "hello"}, headers=_auth(live), timeout=10
    )
    assert r.status_code == 200
    body = r.json()
    assert (body["intent"], body["skill"], body["path"]) == ("greeting", "conversation", "local")
    assert r.headers["X-Request-ID"]
    assert (
        requests.post(f"{live.url}/v1/chat", json={"message": "hi"}, timeout=5).status_code == 401
    )


def test_metrics_add_up_across_two_workers(live: Live) -> None:
    url = f"{live.url}/v1/users/me"

    def hit(_: int) -> int:
        with requests.Session() as s:  # a new connection each time: any worker may take it
            return s.get(url, headers=_auth(live), timeout=10).status_code

    before = requests.get(f"{live.url}/metrics", timeout=5).text
    sent = 0
    for _ in range(10):
        with ThreadPoolExecutor(8) as pool:
            assert set(pool.map(hit, range(40))) == {200}
        sent += 40
        pids = {p.stem.rsplit("_", 1)[-1] for p in live.metrics_dir.glob("counter_*.db")}
        if len(pids) >= 2:
            break
    assert len(pids) >= 2, f"only one worker answered: {pids}"
    labels = {"route": "/v1/users/me", "method": "GET", "status": "200"}
    start = _counter(before, "slipway_http_requests_total", **labels)
    for _ in range(6):  # whichever worker answers the scrape reports every worker's samples
        text = requests.get(f"{live.url}/metrics", timeout=5).text
        assert _counter(text, "slipway_http_requests_total", **labels) - start == sent
    assert "slipway_active_users" in text
    assert "slipway_intent_confidence_bucket" in text


def test_chat_latency_p50(live: Live) -> None:
    messages = [
        "what time is it",
        "hello",
        "how much does the bootcamp cost?",
        "what's on my calendar tomorrow?",
        "tell me a joke",
    ]
    timings = []
    with requests.Session() as s:
        cid = None
        for i in range(60):
            body: dict[str, object] = {"message": messages[i % len(messages)]}
            if cid is not None:
                body["conversation_id"] = cid
            t0 = time.perf_counter()
            r = s.post(f"{live.url}/v1/chat", json=body, headers=_auth(live), timeout=10)
            timings.append((time.perf_counter() - t0) * 1000)
            assert r.status_code == 200
            cid = r.json()["conversation_id"]
    p50 = statistics.median(timings[10:])
    p95 = sorted(timings[10:])[int(0.95 * len(timings[10:]))]
    print(f"\n/v1/chat local path over HTTP: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    assert p50 < 250


def test_cli_chat_against_the_live_server(live: Live) -> None:
    env = {**live.env, "SLIPWAY_TOKEN": live.token}
    done = subprocess.run(
        [str(BIN / "slipway"), "chat", "--url", live.url],
        input="hello\nremind me to call Rosa in 2 hours\n/history\n/quit\n",
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Signed in as ana" in done.stderr
    assert "slipway> Hello ana" in done.stdout
    assert "call Rosa" in done.stdout
    assert "conversation · local · greeting" in done.stdout
    assert "you: hello" in done.stdout  # /history


def chat_with_no_server(env: dict[str, str]) -> tuple[str, subprocess.CompletedProcess[str]]:
    """``slipway chat`` pointed at a port nobody listens on: its URL and the finished process."""
    url = f"http://127.0.0.1:{free_port()}"
    done = subprocess.run(
        [str(BIN / "slipway"), "chat", "--url", url],
        input="hello\n",
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return url, done


def test_cli_chat_says_clearly_when_the_server_is_down(live: Live) -> None:
    url, done = chat_with_no_server({**live.env, "SLIPWAY_TOKEN": live.token})
    assert done.returncode == 2
    assert f"cannot reach the assistant at {url}" in done.stderr
    assert "make run" in done.stderr


def test_cli_chat_speaks_the_terminal_language_before_sign_in(live: Live) -> None:
    """Before the user (and so their locale) is known, the terminal's language is used."""
    env = {**live.env, "SLIPWAY_TOKEN": live.token, "LANG": "es_PE.UTF-8"}
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        env.pop(variable, None)
    url, done = chat_with_no_server(env)
    assert done.returncode == 2
    assert f"no se puede contactar al asistente en {url}" in done.stderr
    assert "make run" in done.stderr


def test_cli_chat_refuses_a_bad_token(live: Live) -> None:
    env = {**live.env, "SLIPWAY_TOKEN": "slw_wrong"}
    done = subprocess.run(
        [str(BIN / "slipway"), "chat", "--url", live.url],
        input="",
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "refused the token" in done.stderr
