"""Probe 29, N-M5 and N-L5: the runners' image has a rebuild path that needs no laptop, is signed
and verified like the other images, its tags never collide in the IMMUTABLE repository, its
runner version moves with Dependabot's FROM bump, and an alert fires when jobs wait and no
runner registers.

Before: no workflow built Dockerfile.runner (a Dependabot bump of its FROM changed nothing that
runs), infra.yml skipped `/runner@` in its signature check, the tag was `runner-<hash of the
Dockerfile>` (a rebuild for OS patches pushed another digest under an existing tag: ECR's
ImageTagAlreadyExistsException), `ARG RUNNER_VERSION` had to be bumped by hand beside the FROM
line, and nothing watched the listener's metrics."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

import pytest
import yaml

from infra.errors import SpecError
from infra.platform.builder import ARC_SYSTEM_NAMESPACE, build_platform
from infra.spec import load_spec, runner_image_tag, runner_version
from tests.conftest import ROOT
from tests.delivery.workflows import load_workflows, run_scripts, steps

ENVS = ("dev", "staging", "prod")
WORKFLOWS = load_workflows()
DOCKERFILE = (ROOT / "Dockerfile.runner").read_text()
RUNNER_SIGNER = "/.github/workflows/runner-image.yml@refs/heads/main"


@cache
def synthesized(env: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((ROOT / "terraform" / env / "cdk.tf.json").read_text())
    return doc


# -- the push role: the runners' repository and nothing else ------------------------------------
@pytest.mark.parametrize("env", ENVS)
def test_the_runner_push_role_may_write_only_the_runner_repository(env: str) -> None:
    doc = synthesized(env)["resource"]
    role = doc["aws_iam_role"]["github-runner-push-role"]
    assert role["name"] == f"slipway-{env}-github-push-runner"
    (trust,) = json.loads(role["assume_role_policy"])["Statement"]
    sub = trust["Condition"]["StringEquals"]["token.actions.githubusercontent.com:sub"]
    assert sub in (
        ["repo:example-org/slipway:ref:refs/heads/main"],
        "repo:example-org/slipway:ref:refs/heads/main",
    )
    statements = [
        s
        for p in doc["aws_iam_role_policy"].values()
        if p["role"] == "${aws_iam_role.github-runner-push-role.id}"
        for s in json.loads(p["policy"])["Statement"]
    ]
    ecr = [s for s in statements if any(a.startswith("ecr:") for a in _list(s["Action"]))]
    scoped = [s for s in ecr if _list(s["Action"]) != ["ecr:GetAuthorizationToken"]]
    assert scoped
    for statement in scoped:
        assert _list(statement["Resource"]) == ["${aws_ecr_repository.runner-registry.arn}"]
    assert "ecr:PutImage" in {a for s in scoped for a in _list(s["Action"])}
    # release.yml's push role does not write the runners' repository
    release_push = [
        r
        for p in doc["aws_iam_role_policy"].values()
        if p["role"] == "${aws_iam_role.github-push-role.id}"
        for s in json.loads(p["policy"])["Statement"]
        for r in _list(s.get("Resource", []))
    ]
    assert "${aws_ecr_repository.runner-registry.arn}" not in release_push
    assert "github_runner_push_role_arn" in synthesized(env)["output"]


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


# -- N-L5: the tag -------------------------------------------------------------------------------
def test_the_tag_is_new_for_every_build_and_says_what_it_was_built_from() -> None:
    now = datetime(2026, 4, 14, 19, 30, 5, tzinfo=UTC)
    tag = runner_image_tag(DOCKERFILE, now)
    assert re.fullmatch(r"runner-\d+\.\d+\.\d+-[0-9a-f]{12}-20260414T193005Z", tag), tag
    assert tag.startswith(f"runner-{runner_version(DOCKERFILE)}-")
    # a rebuild of the same Dockerfile a second later (the apt layer differs): another tag
    assert runner_image_tag(DOCKERFILE, now + timedelta(seconds=1)) != tag
    # the lifecycle's protected pattern and ECR's tag grammar
    assert re.fullmatch(r"[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}", tag)
    assert tag.startswith("runner-")
    # a changed Dockerfile: another hash
    assert runner_image_tag(DOCKERFILE + "\n", now) != tag


def test_the_runner_version_is_the_from_tag_and_no_separate_argument() -> None:
    (base,) = re.findall(r"^FROM (\S+)", DOCKERFILE, re.MULTILINE)
    assert runner_version(DOCKERFILE) == base.split(":")[1].split("@")[0]
    assert "RUNNER_VERSION" not in DOCKERFILE  # Dependabot's FROM bump moves everything
    bumped = DOCKERFILE.replace(base, "ghcr.io/actions/actions-runner:2.330.1@sha256:" + "c" * 64)
    assert runner_version(bumped) == "2.330.1"
    with pytest.raises(SpecError):
        runner_version(DOCKERFILE.replace(base, "ghcr.io/actions/actions-runner:latest"))


def test_the_command_prints_the_tag_and_the_version() -> None:
    def run(*args: str) -> str:
        done = subprocess.run(
            [
                str(ROOT / ".venv" / "bin" / "python"),
                "-m",
                "pipelines.cli",
                "infra",
                "runner-tag",
                *args,
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return done.stdout.strip()

    assert re.fullmatch(r"runner-\d+\.\d+\.\d+-[0-9a-f]{12}-\d{8}T\d{6}Z", run())
    assert run("--version") == runner_version(DOCKERFILE)


# -- the workflow -------------------------------------------------------------------------------
def test_runner_image_builds_on_change_weekly_and_by_hand_on_githubs_machines() -> None:
    workflow = WORKFLOWS["runner-image"]
    on: dict[str, Any] = workflow.data.get("on") or workflow.data[True]
    assert on["push"]["branches"] == ["main"]
    assert "Dockerfile.runner" in on["push"]["paths"]
    assert on["schedule"]
    assert "workflow_dispatch" in on
    assert "pull_request" not in on
    for name, job in workflow.jobs.items():
        assert job["runs-on"] == "ubuntu-24.04", name  # never the in-VPC runners it repairs
        assert "refs/heads/main" in job["if"], name
    build, push, pin_job, pr = (workflow.jobs[j] for j in ("build", "push", "pin", "pull-request"))
    script = run_scripts(build)
    assert "slipway infra runner-tag" in script
    assert "slipway infra runner-tag --version" in script
    assert "docker build --pull --file Dockerfile.runner" in script
    assert "org.opencontainers.image.version=$VERSION" in script
    # pushed with each environment's runner push role; the tag is looked up first (a re-run)
    assert push["needs"] == "build"
    assert push["strategy"]["matrix"]["env"] == list(ENVS)
    roles = {i["env"]: i["push_role"] for i in push["strategy"]["matrix"]["include"]}
    assert roles == {e: f"AWS_RUNNER_PUSH_ROLE_ARN_{e.upper()}" for e in ENVS}
    assert push["env"]["REPOSITORY"] == "slipway-${{ matrix.env }}/runner"
    assert push["permissions"]["id-token"] == "write"
    text = run_scripts(push)
    assert text.index("aws ecr describe-images") < text.index("docker push")
    assert "ImageNotFoundException" in text
    assert "cosign sign --yes" in text
    assert 'cosign verify --certificate-identity "$RUNNER_SIGNER"' in text
    assert workflow.data["env"]["RUNNER_SIGNER"].endswith(RUNNER_SIGNER)
    # the pin goes through a pull request, as promote.yml's does
    # a job that writes runs no repository code: the pins are made in a read-only job
    assert pin_job["permissions"] == {"contents": "read"}
    pin = run_scripts(pin_job)
    assert '.venv/bin/slipway infra pin --env "$env" --runner-image' in pin
    assert ".venv/bin/slipway infra synth" in pin  # terraform/ rendered again: no drift
    (create,) = [
        s
        for s in steps(pr)
        if str(s.get("uses", "")).startswith("peter-evans/create-pull-request@")
    ]
    (promote,) = [
        s
        for s in steps(WORKFLOWS["promote"].jobs["pull-request"])
        if str(s.get("uses", "")).startswith("peter-evans/create-pull-request@")
    ]
    assert create["uses"] == promote["uses"]
    assert create["with"]["token"] == promote["with"]["token"]
    assert "infra/environments/*.yaml" in create["with"]["add-paths"]
    assert pr["permissions"] == {"contents": "write", "pull-requests": "write"}


def test_infra_verifies_the_runner_image_signature_instead_of_skipping_it() -> None:
    (apply_step,) = [
        s
        for s in steps(WORKFLOWS["infra"].jobs["apply-dev"])
        if str(s.get("name", "")).startswith("cosign verify every image")
    ]
    script = apply_step["run"]
    assert "/runner@" not in script.replace("*/runner@*", "")  # no `grep -v` of the runners
    assert "grep -vE '/runner" not in script
    assert apply_step["env"]["RUNNER_SIGNER"].endswith(RUNNER_SIGNER)
    assert '--certificate-identity "$signer"' in script
    # runners.image carries a tag before its digest: the verified list must include it
    image = load_spec("staging").runners.image.replace("sha256:" + "0" * 64, "sha256:" + "ab" * 32)
    image = image.replace("/runner@", "/runner:runner-2.328.0-0c5d6f7cd00e-20260414T193005Z@")
    pattern = re.search(r'images="\$\(grep -oE "\$ecr([^"]*)" plan\.json', script)
    assert pattern, script
    ecr = r"[0-9]{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?/[a-z0-9._/-]+"
    found = re.search(ecr + pattern.group(1), json.dumps({"v": image}))
    assert found, "the pinned runner image escapes the check"
    assert found.group(0) == image


# -- the alert ----------------------------------------------------------------------------------
def test_the_listeners_serve_metrics_and_prometheus_scrapes_them() -> None:
    platform = build_platform(load_spec("prod"))
    releases = {r.id: r for r in platform.helm_releases}
    assert releases["arc"].values["metrics"]["listenerAddr"] == ":8080"
    monitor = releases["arc-metrics"]
    assert set(monitor.depends_on) == {"arc", "kube-prometheus-stack"}
    (pod_monitor,) = monitor.values["resources"]
    assert pod_monitor["kind"] == "PodMonitor"
    assert pod_monitor["metadata"]["namespace"] == ARC_SYSTEM_NAMESPACE
    assert pod_monitor["spec"]["selector"]["matchLabels"] == {
        "app.kubernetes.io/component": "runner-scale-set-listener"
    }
    (endpoint,) = pod_monitor["spec"]["podMetricsEndpoints"]
    assert {k: endpoint[k] for k in ("port", "path")} == {"port": "metrics", "path": "/metrics"}


def test_an_alert_fires_when_jobs_wait_and_no_runner_registers() -> None:
    rules = yaml.safe_load((ROOT / "infra/monitoring/rules/slipway.rules.yml").read_text())
    alerts = {r["alert"]: r for g in rules["groups"] for r in g["rules"] if "alert" in r}
    rule = alerts["SlipwayRunnersNotRegistering"]
    assert "gha_registered_runners" in rule["expr"]
    assert "gha_assigned_jobs" in rule["expr"]
    assert rule["labels"]["severity"] == "critical"
    tested = (ROOT / "infra/monitoring/tests/runners.test.yml").read_text()
    assert "SlipwayRunnersNotRegistering" in tested  # promtool runs it (tests/delivery)
