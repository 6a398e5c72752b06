"""The EKS API endpoint per environment: private always; public only where people reach it.

Every job that talks to a cluster runs on that environment's runner scale set inside the VPC
(tests/delivery/test_runners.py), so staging and prod need no public endpoint once their runners
exist. dev keeps one for developers' machines, open to ``api_allowed_cidrs`` only. Day one turns
it on in staging/prod for the operator's first apply (docs/day-one.md, steps 2 and 10).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from infra.platform.builder import build_platform
from infra.spec import ENVIRONMENTS, load_spec
from tests.conftest import ROOT

PUBLIC = {"dev": True, "staging": False, "prod": False}


def _cluster(env: str) -> dict[str, Any]:
    rendered = json.loads((ROOT / "terraform" / env / "cdk.tf.json").read_text())
    (cluster,) = rendered["resource"]["aws_eks_cluster"].values()
    config: dict[str, Any] = cluster["vpc_config"]
    return config


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_the_rendered_endpoint_access_per_environment(env: str) -> None:
    spec = load_spec(env)
    assert spec.cluster.public_endpoint is PUBLIC[env]
    assert build_platform(spec).cluster.endpoint_public is PUBLIC[env]
    config = _cluster(env)
    assert config["endpoint_private_access"] is True
    assert config["endpoint_public_access"] is PUBLIC[env]
    if PUBLIC[env]:
        assert config["public_access_cidrs"] == [str(c) for c in spec.cluster.api_allowed_cidrs]
        assert "0.0.0.0/0" not in config["public_access_cidrs"]
    else:
        # with the endpoint off EKS ignores the list and reports an old one: a rendered list
        # would be an update every plan that fails every apply (review 165, X-M5)
        assert "public_access_cidrs" not in config


def test_the_day_one_runbook_opens_and_closes_it() -> None:
    text = " ".join((ROOT / "docs" / "day-one.md").read_text().split())
    assert "cluster.public_endpoint: true" in text
    assert "cluster.public_endpoint: false" in text
