"""Fixtures of the Kubernetes tests: rendered objects, the fake API server, a scripted app."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from infra.k8s.names import APP_NAMESPACE
from infra.k8s.render import render
from infra.platform.builder import build_platform
from infra.spec import ENVIRONMENTS, load_spec
from tests.fakes.kube_api import FakeKubeApi

ACCOUNT = "123456789012"
SMOKE_TOKEN = "slw_smoke-test-token"


def image(tag: str) -> str:
    return f"{ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/slipway-dev/assistant:{tag}"


@pytest.fixture(scope="session")
def rendered() -> dict[str, list[dict[str, Any]]]:
    """Every environment's objects, rendered once."""
    out = {}
    for env in ENVIRONMENTS:
        spec = load_spec(env)
        platform = build_platform(spec)
        out[env] = render(spec, platform, image("v1"), ACCOUNT)
    return out


@dataclass
class ScriptedApp:
    """Answers like the assistant behind the Service: /readyz and POST /v1/chat."""

    url: str
    ready_status: int = 200
    chat_status: int = 200
    seen_authorization: list[str | None] | None = None


@pytest.fixture
def app_server() -> Iterator[ScriptedApp]:
    state = ScriptedApp(url="", seen_authorization=[])

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _reply(self, code: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            if self.path == "/readyz":
                ok = state.ready_status == 200
                self._reply(state.ready_status, {"status": "ready" if ok else "not_ready"})
            else:
                self._reply(404, {"code": "not_found", "message": self.path})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            assert state.seen_authorization is not None
            state.seen_authorization.append(self.headers.get("Authorization"))
            if self.path != "/v1/chat":
                self._reply(404, {"code": "not_found", "message": self.path})
            elif self.headers.get("X-Slipway-Token") != SMOKE_TOKEN:
                self._reply(401, {"code": "unauthorized", "message": "no token"})
            elif state.chat_status != 200:
                self._reply(state.chat_status, {"code": "internal", "message": "boom"})
            else:
                self._reply(200, {"reply": f"echo: {body['message']}", "path": "local"})

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def kube(app_server: ScriptedApp) -> Iterator[FakeKubeApi]:
    with FakeKubeApi(proxy_target=app_server.url) as fake:
        yield fake


@pytest.fixture
def kubeconfig(kube: FakeKubeApi, tmp_path: Path) -> Path:
    return kube.write_kubeconfig(tmp_path / "kubeconfig")


@pytest.fixture
def with_namespace(kube: FakeKubeApi) -> FakeKubeApi:
    """The namespace a cluster admin created once."""
    kube.put({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": APP_NAMESPACE}})
    return kube
