"""Probe 25 (M5, M1): how infra.yml hands a saved plan to its apply, and which applies wait for
which plan.

- M5: a binary plan embeds the prior state, so the generated cache and smoke tokens in clear
  text. It was uploaded as the `tfplan-<env>` artifact, which anyone who may read the
  repository's Actions can download. It now travels as the state does: the plan job writes it to
  the state bucket (SSE-KMS, under ``saved_plan_prefix`` of the state key), where the plan role
  may only write and the bootstrap's bucket policy lets the apply role alone read; the artifact
  says where it is, its version and SHA-256, and the apply fetches exactly that and deletes it.
- M1: `apply` needed the whole `plan` matrix, so one failed leg (another account, a missing
  variable) skipped every environment's apply. Each environment's apply now needs its own plan
  job (probe 29, N-M4: tests/delivery/test_probe29_queued_plans.py).
"""

from __future__ import annotations

import json
import os
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from infra import bootstrap as b
from infra.settings import saved_plan_prefix
from tests.conftest import ROOT
from tests.delivery.workflows import load_workflows, simulate, steps, uses

ENVS = ("dev", "staging", "prod")
INFRA = load_workflows()["infra"]
JOBS = INFRA.jobs


@cache
def synthesized(env: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((ROOT / "terraform" / env / "cdk.tf.json").read_text())
    return doc


def plan_role_statements(env: str) -> list[dict[str, Any]]:
    policies = synthesized(env)["resource"]["aws_iam_role_policy"]
    return [
        s
        for p in policies.values()
        if p["role"] == "${aws_iam_role.github-plan-role.id}"
        for s in json.loads(p["policy"])["Statement"]
    ]


def _step(job: dict[str, Any], needle: str) -> dict[str, Any]:
    (found,) = [s for s in steps(job) if needle in str(s.get("run", ""))]
    return found


# -- M5 ---------------------------------------------------------------------------------------


def test_no_workflow_uploads_a_binary_plan() -> None:
    for workflow in load_workflows().values():
        for name, job in workflow.jobs.items():
            for step in uses(job, "actions/upload-artifact"):
                paths = str(step["with"]["path"]).split()
                binary = [p for p in paths if p.rsplit("/", 1)[-1] == "tfplan"]
                assert not binary, f"{workflow.name}:{name} uploads {binary} (the state's secrets)"


@pytest.mark.parametrize("env", ENVS)
def test_the_plan_is_written_where_the_plan_role_may_write_it_and_not_read_it(env: str) -> None:
    backend = synthesized(env)["terraform"]["backend"]["s3"]
    handover = _step(JOBS["plan-dev"], "aws s3api put-object")["run"]
    assert "--server-side-encryption aws:kms" in handover
    assert 'object="${key%/*}/plans/$RUN_ID/tfplan"' in handover
    # the shell's ${key%/*}/plans/ is the prefix the policies name
    shell = subprocess.run(
        ["bash", "-c", 'key="$1"; printf %s "${key%/*}/plans/"', "-", backend["key"]],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert shell == saved_plan_prefix(backend["key"])
    objects = f"arn:aws:s3:::{backend['bucket']}/{shell}*"

    statements = plan_role_statements(env)
    (write,) = [s for s in statements if s.get("Sid") == "HandOverSavedPlan"]
    assert write["Effect"] == "Allow"
    assert write["Action"] in ("s3:PutObject", ["s3:PutObject"])
    assert write["Resource"] in (objects, [objects])
    assert write["Condition"]["StringEquals"] in (
        {"s3:x-amz-server-side-encryption": ["aws:kms"]},
        {"s3:x-amz-server-side-encryption": "aws:kms"},
    )
    # and under a key named in the request (probe 28, L-1: tests/infra/test_probe28_iam.py)
    assert "s3:x-amz-server-side-encryption-aws-kms-key-id" in write["Condition"]["StringLike"]
    # ... and may not read it back: its data-read deny spares the state object and lock only
    (deny,) = [s for s in statements if s.get("Sid") == "DenyDataReads"]
    assert "s3:GetObject" in deny["Action"]
    assert not any(shell in r or r.endswith("*") for r in deny["NotResource"])

    # the bucket policy bootstrap writes names the same objects and lets the apply role alone in
    reader = "arn:aws:iam::111122223333:role/slipway-x-terraform"
    statement = b.saved_plans_statement(
        backend["bucket"], saved_plan_prefix(backend["key"]), reader
    )
    assert statement["Resource"] == objects
    assert statement["Effect"] == "Deny"
    assert set(statement["Action"]) == {
        "s3:GetObject",
        "s3:GetObjectVersion",
        "s3:GetObjectVersionForReplication",
    }
    assert statement["Condition"] == {"ArnNotEquals": {"aws:PrincipalArn": reader}}


def test_the_apply_fetches_exactly_the_written_version_and_deletes_it() -> None:
    apply = JOBS["apply-dev"]
    fetch = next(
        i for i, s in enumerate(steps(apply)) if "aws s3api get-object" in str(s.get("run"))
    )
    script = steps(apply)[fetch]["run"]
    assert '--version-id "$version"' in script
    assert "sha256sum --check --strict" in script
    show = next(i for i, s in enumerate(steps(apply)) if "terraform show" in str(s.get("run")))
    applied = next(i for i, s in enumerate(steps(apply)) if "terraform apply" in str(s.get("run")))
    assert fetch < show < applied
    delete = _step(apply, "aws s3api delete-object")
    assert steps(apply).index(delete) > applied
    # after a successful apply only (probe 29, N-M3: tests/delivery/test_probe29_reruns.py)
    assert delete["if"] == "success() && steps.saved.outputs.found == 'true'"
    assert '--version-id "$version"' in delete["run"]


def test_the_handover_file_round_trips_through_the_apply_parser(tmp_path: Path) -> None:
    """What the plan job writes, the apply's `read` loop reads back (values with `/` and `=`)."""
    lines = _step(JOBS["plan-dev"], "aws s3api put-object")["run"].splitlines()
    at = next(i for i, line in enumerate(lines) if line.lstrip().startswith("printf"))
    write = "\n".join(lines[at : at + 2])  # the printf and its redirection (continued line)
    assert "handover" in write
    apply_script = _step(JOBS["apply-dev"], "aws s3api get-object")["run"]
    # the parser: what runs before the saved plan is looked up (head-object, then get-object)
    parse = apply_script.split("if ! aws s3api head-object")[0]
    env = {
        **os.environ,
        "RUNNER_TEMP": str(tmp_path),
        "bucket": "slipway-tfstate-example-dev",
        "object": "slipway/dev/plans/123/tfplan",
        "version": "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nr8X8gdRQBpUMLUo==",
        "sha256": "ab" * 32,
    }
    (tmp_path / "plan").mkdir()
    (tmp_path / "saved-plan").mkdir()
    subprocess.run(["bash", "-c", write], env=env, check=True, cwd=tmp_path)
    (tmp_path / "saved-plan" / "handover").write_text((tmp_path / "plan" / "handover").read_text())
    out = subprocess.run(
        ["bash", "-c", parse + '\nprintf "%s|%s|%s|%s" "$bucket" "$key" "$version" "$sha256"'],
        env={k: v for k, v in env.items() if k not in {"bucket", "version", "sha256"}},
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    ).stdout
    assert out.split("|") == [env["bucket"], env["object"], env["version"], env["sha256"]]


# -- M1 ---------------------------------------------------------------------------------------


UP = {f"AWS_TERRAFORM_PLAN_ROLE_ARN_{env.upper()}": f"arn:{env}" for env in ENVS}


def test_each_apply_waits_for_its_own_plan_only() -> None:
    for env in ENVS:
        apply = JOBS[f"apply-{env}"]
        plans = [n for n in apply["needs"] if n.startswith("plan")]
        assert plans == [f"plan-{env}"]
        # it runs when its plan saved one, whatever the other plans did ...
        assert str(apply["if"]).startswith("always() && ")
        assert f"needs.plan-{env}.result == 'success'" in apply["if"]
        assert f"needs.plan-{env}.outputs.changes == 'true'" in apply["if"]
        assert "needs.drift.result == 'success'" in apply["if"]
    # the plan's output is set by the step that plans; the artifact the apply downloads is the
    # plan job's last step, uploaded only when its plan has changes (probe 28, L-2: no
    # approval of a no-op)
    (upload,) = uses(JOBS["plan-dev"], "actions/upload-artifact")
    assert steps(JOBS["plan-dev"])[-1] is upload
    assert upload["if"] == "steps.plan.outputs.changes == 'true'"
    assert upload["with"]["name"] == "tfplan-${{ matrix.env }}"


@pytest.mark.parametrize(
    ("results", "outputs", "applied"),
    [
        ({}, {}, ["dev", "staging", "prod"]),
        # staging's plan failed: dev and prod are applied all the same
        ({"plan-staging": "failure"}, {}, ["dev", "prod"]),
        # dev's plan found no changes: nothing to approve there, the others go on
        ({}, {"plan-dev": {"changes": "false"}}, ["staging", "prod"]),
        ({"plan-dev": "failure", "plan-prod": "failure"}, {}, ["staging"]),
    ],
)
def test_the_applied_environments_are_those_whose_plan_saved_one(
    results: dict[str, str], outputs: dict[str, dict[str, str]], applied: list[str]
) -> None:
    states = simulate(INFRA, results, variables=UP, outputs=outputs)
    assert [env for env in ENVS if states[f"apply-{env}"] == "success"] == applied
    assert "waiting" not in states.values()


def test_unapplied_plans_expire_with_their_artifact() -> None:
    (upload,) = uses(JOBS["plan-dev"], "actions/upload-artifact")
    assert upload["with"]["retention-days"] == b.SAVED_PLAN_DAYS
    assert b.plans_lifecycle_rule("p/")["Expiration"] == {"Days": b.SAVED_PLAN_DAYS}
