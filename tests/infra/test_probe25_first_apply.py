"""Probe 25 (H3): the first full apply can finish.

The committed specs carry a placeholder MLflow digest (sha256:0…0) until day one's first image
build: no such image exists, and the Deployment's rollout (which Terraform waits for) timed out
on ErrImagePull, leaving the first apply failed and the resource tainted. With the placeholder
the Deployment has no replica (its rollout completes at once); a real digest runs the spec's
replicas. The secrets the platform's workloads read but only their producer writes
(mlflow/auth, arc-github-app) are written in docs/day-one.md before the full apply:
tests/test_runbook.py's walk fails a full apply that comes before them.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest

from infra.spec import PLACEHOLDER_DIGEST, load_spec, parse_spec
from tests.conftest import ROOT

ENVS = ("dev", "staging", "prod")


@cache
def synthesized(env: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((ROOT / "terraform" / env / "cdk.tf.json").read_text())
    return doc


@pytest.mark.parametrize("env", ENVS)
def test_the_placeholder_mlflow_digest_runs_no_pod(env: str) -> None:
    (deployment,) = synthesized(env)["resource"]["kubernetes_deployment_v1"].values()
    image = deployment["spec"]["template"]["spec"]["container"][0]["image"]
    assert load_spec(env).mlflow.image_digest == PLACEHOLDER_DIGEST  # the committed template
    assert image.endswith(PLACEHOLDER_DIGEST)
    assert deployment["spec"]["replicas"] == "0"


def test_a_real_mlflow_digest_runs_the_specs_replicas(raw_spec: Any) -> None:
    from infra.platform import build_platform

    doc = raw_spec("prod")
    doc["mlflow"]["image_digest"] = "sha256:" + "ab" * 32
    doc["mlflow"]["replicas"] = 2
    assert build_platform(parse_spec(doc)).mlflow.replicas == 2
