"""Fixtures of the infrastructure tests: specs, one CDKTF synthesis per session, Pulumi mocks.

Importing the CDKTF AWS bindings costs ~20 s and more, so all environments are synthesized once
per session; the Pulumi program runs under ``pulumi.runtime.set_mocks`` (no CLI, no cloud).
"""

from __future__ import annotations

import asyncio
import copy
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from infra.settings import InfraSettings
from infra.spec import ENVIRONMENTS

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "18,19,20,21")

REPO = Path(__file__).resolve().parents[2]
ACCOUNT = "123456789012"


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


# -- Pulumi ---------------------------------------------------------------------------------


@dataclass
class Registered:
    """One resource the Pulumi program registered, with its resolved inputs."""

    typ: str
    name: str
    inputs: dict[str, Any]


@dataclass
class PulumiRun:
    resources: list[Registered] = field(default_factory=list)
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    exports: dict[str, Any] = field(default_factory=dict)

    def of_type(self, typ: str) -> list[Registered]:
        return [r for r in self.resources if r.typ == typ]

    def named(self, name: str) -> Registered:
        matches = [r for r in self.resources if r.name == name]
        assert len(matches) == 1, f"{name}: {len(matches)} resources"
        return matches[0]


def _mock_outputs(typ: str, name: str, inputs: dict[str, Any]) -> dict[str, Any]:
    # Component (pulumi-eks) inputs hold resource references; echoing them back would make the
    # SDK rehydrate those resources, so components only return their own outputs.
    state = {} if typ.startswith("eks:") else dict(inputs)
    state.setdefault("arn", f"arn:aws:mock:eu-west-1:{ACCOUNT}:{typ.split(':')[-1].lower()}/{name}")
    if typ == "eks:index:Cluster":
        issuer = f"oidc.eks.eu-west-1.amazonaws.com/id/{name.upper()}"
        state |= {
            "kubeconfigJson": json.dumps({"clusters": [{"name": inputs.get("name")}]}),
            "oidcProviderArn": f"arn:aws:iam::{ACCOUNT}:oidc-provider/{issuer}",
            "oidcProviderUrl": issuer,
        }
    elif typ == "aws:rds/instance:Instance":
        state |= {
            "address": f"{inputs['identifier']}.abc.eu-west-1.rds.amazonaws.com",
            "masterUserSecrets": [{"secretArn": f"arn:aws:secretsmanager:::secret:rds!{name}"}],
        }
    elif typ == "aws:ecr/repository:Repository":
        state["repositoryUrl"] = f"{ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/{inputs['name']}"
    elif typ == "aws:kms/key:Key":
        state["keyId"] = f"{name}-key-id"
    return state


@pytest.fixture(scope="session")
def pulumi_runs() -> dict[str, PulumiRun]:
    """The Pulumi program of every environment, run under mocks; what it registered, by env."""
    import pulumi

    from infra.platform import build_platform
    from infra.pulumi.program import PlatformProgram
    from infra.spec import load_spec

    class Mocks(pulumi.runtime.Mocks):
        def __init__(self, run: PulumiRun) -> None:
            self.run = run

        def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict]:
            self.run.resources.append(Registered(args.typ, args.name, dict(args.inputs)))
            return f"{args.name}-id", _mock_outputs(args.typ, args.name, dict(args.inputs))

        def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict, list] | dict:
            self.run.calls.append((args.token, dict(args.args)))
            if args.token == "aws:index/getCallerIdentity:getCallerIdentity":
                return {
                    "accountId": ACCOUNT,
                    "arn": f"arn:aws:iam::{ACCOUNT}:user/ci",
                    "userId": "x",
                }
            if args.token == "aws:secretsmanager/getRandomPassword:getRandomPassword":
                return {"randomPassword": "r" * int(args.args.get("passwordLength", 32))}
            if args.token == "aws:secretsmanager/getSecretVersion:getSecretVersion":
                secret = json.dumps({"username": "mlflow", "password": "p@ss/w:rd"})
                return {"secretString": secret, "arn": args.args.get("secretId")}
            if args.token == "aws:eks/getCluster:getCluster":
                name = args.args["name"]
                return {"name": name, "endpoint": f"https://{name}.eks.amazonaws.com"}
            return {}

    runs: dict[str, PulumiRun] = {}
    for env in ENVIRONMENTS:
        run = PulumiRun()
        # Each program gets its own event loop: outstanding futures of one env never leak into
        # the next one.
        asyncio.set_event_loop(asyncio.new_event_loop())
        pulumi.runtime.set_mocks(Mocks(run), project="slipway-infra", stack=env, preview=False)
        holder: dict[str, Any] = {}

        @pulumi.runtime.test
        def program(env: str = env, holder: dict[str, Any] = holder) -> Any:
            holder["program"] = PlatformProgram(build_platform(load_spec(env)))
            exports = holder["program"].exports
            return pulumi.Output.all(**exports).apply(run.exports.update)

        program()
        runs[env] = run
    return runs
