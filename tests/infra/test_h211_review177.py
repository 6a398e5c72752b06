"""Review 177 (an independent AWS expert's read of the rendered infrastructure, December 2026).

R-H1: day one's first model reaches MLflow through ``kubectl port-forward`` at
``http://127.0.0.1:5000``, and the server's ``MLFLOW_SERVER_ALLOWED_HOSTS`` named only the
cluster's names and ``localhost``: a set list replaces MLflow's loopback defaults, so every call
got 403 "Invalid Host header". The rendered list is checked here with MLflow's own functions.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from infra_helpers import Rendering, as_list

REPO = Path(__file__).resolve().parents[2]
DAY_ONE = REPO / "docs" / "day-one.md"


def one(block: Any) -> dict[str, Any]:
    items = as_list(block)
    assert len(items) == 1, block
    return items[0]


# -- R-H1: MLflow answers the port-forward ------------------------------------------------------


def _allowed_hosts(rendering: Rendering) -> str:
    deployment = rendering.get("kubernetes_deployment_v1", "mlflow-deployment")
    container = one(one(one(one(deployment["spec"])["template"])["spec"])["container"])
    return {e["name"]: e["value"] for e in container["env"]}["MLFLOW_SERVER_ALLOWED_HOSTS"]


def _mlflow_answers(allowed: str, host: str, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Whether MLflow's Host check passes ``host`` with the rendered env: both of its servers
    (Flask and the uvicorn app the image runs) read the list the same way."""
    from mlflow.server import fastapi_security, security
    from mlflow.server.security_utils import is_allowed_host_header

    monkeypatch.setenv("MLFLOW_SERVER_ALLOWED_HOSTS", allowed)
    hosts = security.get_allowed_hosts()
    assert hosts == fastapi_security.get_allowed_hosts()
    return is_allowed_host_header(hosts, host)


def _runbook_tracking_uri() -> str:
    text = DAY_ONE.read_text()
    step = text[text.index("## 7. The first model") : text.index("## 8.")]
    found = re.findall(r"export MLFLOW_TRACKING_URI=(\S+)", step)
    assert len(found) == 1, found
    return str(found[0])


def test_mlflow_answers_the_tracking_uri_day_one_gives_through_its_port_forward(
    rendering: Rendering, monkeypatch: pytest.MonkeyPatch
) -> None:
    uri = _runbook_tracking_uri()
    assert urlsplit(uri).hostname in {"127.0.0.1", "localhost", "::1"}
    # the Host header the MLflow client (requests) sends is the URI's netloc
    assert _mlflow_answers(_allowed_hosts(rendering), urlsplit(uri).netloc, monkeypatch)


@pytest.mark.parametrize(
    "uri",
    [
        "http://127.0.0.1:5000",
        "http://127.0.0.1:15000",  # another local port of the port-forward
        "http://localhost:5000",
        "http://localhost:8080",
        "http://[::1]:5000",  # kubectl port-forward listens on both loopbacks
        "http://[::1]:15000",
        "http://mlflow.mlflow.svc.cluster.local:5000",  # the runners and the pipelines inside
        "http://mlflow.mlflow:5000",
        "http://mlflow:5000",
    ],
)
def test_mlflow_answers_every_loopback_and_in_cluster_name(
    rendering: Rendering, uri: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _mlflow_answers(_allowed_hosts(rendering), urlsplit(uri).netloc, monkeypatch)


@pytest.mark.parametrize(
    "host",
    [
        "evil.example.com:5000",
        "127.0.0.1.evil.example.com:5000",  # a rebinding name that starts like the loopback
        "localhost.evil.example.com:5000",
        "127.0.0.2:5000",
        "[::2]:5000",
        "10.0.3.7:5000",
        "mlflow.evil.example.com:5000",
    ],
)
def test_mlflow_still_refuses_other_hosts(
    rendering: Rendering, host: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    allowed = _allowed_hosts(rendering)
    assert "*" not in allowed.split(",")
    assert not _mlflow_answers(allowed, host, monkeypatch)
