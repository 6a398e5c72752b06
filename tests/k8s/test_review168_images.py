"""Review 168, D-L6: an image named by digest is pulled only when the node lacks it (a pod
starts from the node's copy while the registry is unreachable); a tag is pulled every time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from infra.k8s.rbac import access_objects
from infra.k8s.render import ACCESS_FILE_NAME, render, write
from infra.platform.builder import build_platform
from infra.spec import ENVIRONMENTS, load_spec
from tests.checkov import checkov_scan
from tests.conftest import ROOT
from tests.k8s.conftest import ACCOUNT, image

DIGEST = image("v1").rpartition(":")[0] + "@sha256:" + "ab" * 32


def _containers(objects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        c
        for o in objects
        if o["kind"] in {"Deployment", "Job"}
        for c in o["spec"]["template"]["spec"]["containers"]
    ]


def _render(env: str, ref: str) -> list[dict[str, Any]]:
    spec = load_spec(env)
    return render(spec, build_platform(spec), ref, ACCOUNT)


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_a_digest_is_pulled_if_not_present_and_a_tag_always(env: str) -> None:
    by_digest = _containers(_render(env, DIGEST))
    by_tag = _containers(_render(env, image("v1")))
    assert len(by_digest) == len(by_tag) == 2  # the assistant and the migration Job
    assert {c["imagePullPolicy"] for c in by_digest} == {"IfNotPresent"}
    assert {c["imagePullPolicy"] for c in by_tag} == {"Always"}


@pytest.mark.slow
def test_checkov_accepts_the_digest_render(tmp_path: Path) -> None:
    """CKV_K8S_15 (pull policy Always) passes a digest with IfNotPresent: nothing to skip."""
    for env in ENVIRONMENTS:
        objects = _render(env, DIGEST)
        write(objects, tmp_path, env)
        write(access_objects(objects), tmp_path, env, ACCESS_FILE_NAME)
    failed, passed, returncode = checkov_scan(ROOT / "infra" / "k8s" / "checkov.yaml", tmp_path)
    assert failed == []
    assert passed > 500
    assert returncode == 0


DIGEST_TESTS = [
    ("staging", image("v1"), 2),
    ("prod", image("v1"), 2),
    ("prod", image("v1").rpartition(":")[0], 2),  # no tag at all: `latest`
    ("prod", image("v1") + "@sha256:" + "ab" * 31, 2),  # a digest too short
]


@pytest.mark.parametrize(("env", "ref", "code"), DIGEST_TESTS)
def test_staging_and_prod_refuse_an_image_not_named_by_digest(
    env: str, ref: str, code: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """D-L7: refused before any setting, render or connection, with what to do instead."""
    from typer.testing import CliRunner

    from pipelines.cli import app

    monkeypatch.setenv("SLIPWAY_KUBECONFIG", "/nonexistent/kubeconfig")
    done = CliRunner().invoke(app, ["deploy", "--env", env, "--image", ref])
    assert done.exit_code == code, done.output
    output = " ".join(done.output.split())
    assert f"{env} deploys an image by digest only" in output
    assert "nothing was applied" in output
    assert "aws ecr describe-images --repository-name slipway-dev/assistant" in output
    assert "--image " + image("v1").rpartition(":")[0] + "@sha256:<digest>" in output
    assert "Traceback" not in output


def test_a_digest_passes_the_check_and_dev_takes_a_tag() -> None:
    from infra.k8s.rollout import check_image_reference

    check_image_reference("prod", DIGEST)
    check_image_reference("staging", DIGEST)
    check_image_reference("dev", image("v1"))
