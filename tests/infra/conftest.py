"""Fixtures of the infrastructure tests: specs, one CDKTF synthesis per session, Pulumi mocks.

Importing the CDKTF AWS bindings costs ~20 s and more, so all environments are synthesized once
per session; the Pulumi program runs under ``pulumi.runtime.set_mocks`` (no CLI, no cloud).
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from infra_helpers import (
    PulumiRun,
    Rendering,
    cdktf_rendering,
    pulumi_rendering,
    run_program,
)

from infra.settings import InfraSettings
from infra.spec import ENVIRONMENTS

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "18,19,20,21")

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def settings() -> InfraSettings:
    """The defaults: terraform/ is committed as rendered with them."""
    return InfraSettings(_env_file=None)


@pytest.fixture
def raw_spec(settings: InfraSettings):
    """A factory of a valid spec document (a deep copy of an env's YAML) to break in tests."""

    def load(env: str = "prod") -> dict[str, Any]:
        path = settings.environments_dir / f"{env}.yaml"
        return copy.deepcopy(yaml.safe_load(path.read_text()))

    return load


@pytest.fixture(scope="session")
def synthesized(settings: InfraSettings) -> dict[str, dict[str, Any]]:
    """Terraform JSON of every environment, parsed; one CDKTF synthesis for the whole session."""
    from infra.cdktf.app import render

    return {env: json.loads(text) for env, text in render(ENVIRONMENTS, settings).items()}


@pytest.fixture(scope="session")
def synthesized_text(synthesized: dict[str, dict[str, Any]]) -> dict[str, str]:
    return {
        env: json.dumps(doc, indent=2, sort_keys=True) + "\n" for env, doc in synthesized.items()
    }


@pytest.fixture(scope="session")
def pulumi_runs() -> dict[str, PulumiRun]:
    """The Pulumi program of every environment, run under mocks, by env."""
    return {env: run_program(env) for env in ENVIRONMENTS}


# -- helpers shared by the test modules --------------------------------------------------------
@pytest.fixture(scope="session")
def renderings() -> dict[tuple[str, str], Rendering]:
    """Cache of Rendering views, filled lazily so `-k pulumi` never starts CDKTF."""
    return {}


ENGINES_X_ENVS = [(engine, env) for engine in ("cdktf", "pulumi") for env in ENVIRONMENTS]


@pytest.fixture(params=ENGINES_X_ENVS, ids=[f"{e}-{n}" for e, n in ENGINES_X_ENVS])
def rendering(request: pytest.FixtureRequest, renderings) -> Rendering:
    """Each environment in each engine: the security tests run on all six."""
    engine, env = request.param
    if request.param not in renderings:
        if engine == "cdktf":
            renderings[request.param] = cdktf_rendering(
                env, request.getfixturevalue("synthesized")[env]
            )
        else:
            renderings[request.param] = pulumi_rendering(
                env, request.getfixturevalue("pulumi_runs")[env]
            )
    return renderings[request.param]
