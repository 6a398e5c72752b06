"""Review 177 (an independent AWS expert's read of the rendered infrastructure, December 2026).

R-H1: day one's first model reaches MLflow through ``kubectl port-forward`` at
``http://127.0.0.1:5000``, and the server's ``MLFLOW_SERVER_ALLOWED_HOSTS`` named only the
cluster's names and ``localhost``: a set list replaces MLflow's loopback defaults, so every call
got 403 "Invalid Host header". The rendered list is checked here with MLflow's own functions.

R-M2: the Pulumi program gave pulumi-eks both ``private_subnet_ids`` and ``public_subnet_ids``,
and pulumi-eks makes the control plane's subnets of both: the Pulumi cluster sat in the public
subnets too, where Terraform's has the private ones only. The parity helper read the private
list alone, so it could not see it; it now resolves the subnets as pulumi-eks does.

R-M1: EKS 1.33 left standard support on 29 Jul 2026 and no upgrade policy was rendered, so
AWS's default (EXTENDED) applied unseen: extended support's price from day one. The policy is
now a spec field (``cluster.support_type``, STANDARD by default) rendered by both engines, and
``slipway infra validate`` knows each version's end of standard support: past it, STANDARD is
refused (AWS turns extended support off only before the end) and EXTENDED warns.

R-L1: day one's step 5 wrote ``$OPENAI_API_KEY`` into the secret, and no step set it: under
``set -u`` the step stopped, without it an empty key was written. Step 1 now defines it (empty
unless the reader exported a key), and step 5 writes the secret only when there is a key.

R-L3: the access-log bucket let S3's logging service write for any bucket of the account (dev's
and staging's share one); its statement now names the environment's own source buckets.

R-L2: the default StorageClass (gp3, Prometheus' volume) encrypted under aws/ebs, which any
principal of the account may use through EC2; it now names the stack's key, and the EBS CSI
driver's role has AWS's statements for a customer managed key, inside the boundary.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from infra_helpers import ACCOUNT, Rendering, as_list, eks_cluster_subnets, ref_name, snake

from infra.platform import build_platform
from infra.settings import InfraSettings
from infra.spec import (
    EKS_STANDARD_SUPPORT_ENDS,
    ENVIRONMENTS,
    EnvironmentSpec,
    load_spec,
    support_window,
)

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


# -- R-M2: the control plane in the private subnets, in both engines ----------------------------


def _pulumi_cluster_inputs(run: Any) -> dict[str, Any]:
    (cluster,) = run.of_type("eks:index:Cluster")
    return {snake(k): v for k, v in cluster.inputs.items()}


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_both_engines_put_the_control_plane_in_the_private_subnets_only(
    env: str, synthesized: dict[str, dict[str, Any]], pulumi_runs: dict[str, Any]
) -> None:
    platform = build_platform(load_spec(env))
    private = {s.id for s in platform.network.private_subnets}
    public = {s.id for s in platform.network.public_subnets}
    assert private
    assert public
    terraform = synthesized[env]["resource"]["aws_eks_cluster"]["cluster"]
    tf_subnets = [ref_name(s) for s in one(terraform["vpc_config"])["subnet_ids"]]
    pulumi_subnets = [
        ref_name(s) for s in eks_cluster_subnets(_pulumi_cluster_inputs(pulumi_runs[env]))
    ]
    assert set(tf_subnets) == private
    assert sorted(pulumi_subnets) == sorted(tf_subnets)
    assert not set(pulumi_subnets) & public


def test_pulumi_eks_resolves_the_cluster_subnets_as_its_create_core_does() -> None:
    both = {"public_subnet_ids": ["public-0-id"], "private_subnet_ids": ["private-0-id"]}
    assert eks_cluster_subnets(both) == ["public-0-id", "private-0-id"]
    assert eks_cluster_subnets({"private_subnet_ids": ["private-0-id"]}) == ["private-0-id"]
    assert eks_cluster_subnets({"subnet_ids": ["private-1-id"]}) == ["private-1-id"]
    with pytest.raises(ValueError, match="pulumi-eks refuses subnetIds"):
        eks_cluster_subnets({"subnet_ids": ["a-id"], "public_subnet_ids": ["b-id"]})


# -- R-M1: the upgrade policy, rendered, and the version's support checked ----------------------


def test_both_engines_render_the_specs_upgrade_policy(
    rendering: Rendering, settings: InfraSettings
) -> None:
    spec = load_spec(rendering.env, settings)
    cluster = rendering.get("aws_eks_cluster", "cluster")
    assert one(cluster["upgrade_policy"]) == {"support_type": spec.cluster.support_type}


def _spec(raw: dict[str, Any], version: str, support: str | None) -> EnvironmentSpec:
    raw["cluster"]["version"] = version
    raw["cluster"].pop("support_type", None)
    if support is not None:
        raw["cluster"]["support_type"] = support
    return EnvironmentSpec.model_validate(raw)


def test_standard_is_the_default_support_type(raw_spec) -> None:
    spec = _spec(raw_spec("staging"), "1.33", None)
    assert spec.cluster.support_type == "STANDARD"
    assert build_platform(spec).cluster.support_type == "STANDARD"
    assert build_platform(_spec(raw_spec("dev"), "1.33", "EXTENDED")).cluster.support_type == (
        "EXTENDED"
    )


def test_the_committed_specs_say_what_aws_accepts_for_their_version_today(
    settings: InfraSettings,
) -> None:
    for env in ENVIRONMENTS:
        spec = load_spec(env, settings)
        error, _ = support_window(spec, date(2026, 12, 7))  # the review's day
        assert not error, error


@pytest.mark.parametrize(
    ("env", "version", "today", "end"),
    [
        ("prod", "1.33", date(2026, 12, 7), "2026-07-29"),  # the review's case
        ("staging", "1.33", date(2026, 7, 30), "2026-07-29"),  # the day after the end
        ("dev", "1.34", date(2026, 12, 3), "2026-12-02"),
        ("prod", "1.32", date(2027, 1, 10), "2026-03-23"),
        ("prod", "1.35", date(2027, 6, 1), "2027-03-27"),
    ],
)
def test_validate_refuses_standard_past_the_end_of_standard_support(
    raw_spec, env: str, version: str, today: date, end: str
) -> None:
    error, warnings = support_window(_spec(raw_spec(env), version, "STANDARD"), today)
    assert f"{env}: EKS {version} left standard support on {end}" in error
    assert "cluster.support_type: EXTENDED" in error
    assert "bump cluster.version" in error
    assert warnings == []
    # EXTENDED there: accepted, with a warning of the price and the forced upgrade
    error, warnings = support_window(_spec(raw_spec(env), version, "EXTENDED"), today)
    assert error == ""
    (warning,) = warnings
    assert f"left standard support on {end}" in warning
    assert "extended support" in warning
    assert "bump cluster.version" in warning


@pytest.mark.parametrize("support", ["STANDARD", "EXTENDED"])
@pytest.mark.parametrize(
    ("version", "today", "days"),
    [
        ("1.34", date(2026, 12, 2), 0),  # its last day of standard support
        ("1.35", date(2027, 1, 15), 71),
        ("1.33", date(2026, 5, 1), 89),
    ],
)
def test_validate_warns_when_standard_support_ends_soon(
    raw_spec, support: str, version: str, today: date, days: int
) -> None:
    error, warnings = support_window(_spec(raw_spec("prod"), version, support), today)
    assert error == ""
    (warning,) = warnings
    assert f"leaves standard support on {EKS_STANDARD_SUPPORT_ENDS[version]}" in warning
    assert f"in {days} days" in warning
    assert ("AWS upgrades" if support == "STANDARD" else "enters extended support") in warning


@pytest.mark.parametrize(
    ("version", "today"),
    [("1.35", date(2026, 12, 7)), ("1.34", date(2026, 8, 1)), ("1.33", date(2025, 6, 1))],
)
def test_a_version_well_within_standard_support_is_quiet(
    raw_spec, version: str, today: date
) -> None:
    assert support_window(_spec(raw_spec("prod"), version, "STANDARD"), today) == ("", [])


def test_a_version_of_unknown_dates_is_a_warning(raw_spec) -> None:
    error, warnings = support_window(_spec(raw_spec("prod"), "1.39", "STANDARD"), date(2027, 1, 1))
    assert error == ""
    (warning,) = warnings
    assert "cluster.version 1.39 has no known end of EKS standard support" in warning


def test_the_cli_refuses_standard_on_a_version_past_its_support(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: InfraSettings
) -> None:
    from typer.testing import CliRunner

    from pipelines.cli import app as slipway

    specs = tmp_path / "environments"
    shutil.copytree(settings.environments_dir, specs)
    path = specs / "prod.yaml"
    doc = yaml.safe_load(path.read_text())
    doc["cluster"]["support_type"] = "STANDARD"
    path.write_text(yaml.safe_dump(doc))
    monkeypatch.setenv("SLIPWAY_INFRA_ENVIRONMENTS_DIR", str(specs))
    result = CliRunner().invoke(slipway, ["infra", "validate", "--first-apply", "--env", "prod"])
    assert result.exit_code == 1
    assert "prod: EKS 1.33 left standard support on 2026-07-29" in result.output
    assert "cluster.support_type STANDARD cannot be set" in result.output
    # as committed (EXTENDED): day one goes on, told of the price
    result = CliRunner().invoke(slipway, ["infra", "validate", "--first-apply", "--env", "staging"])
    assert result.exit_code == 0, result.output
    assert "warning: staging: EKS 1.33 left standard support on 2026-07-29" in result.output


# -- R-L1: the OpenAI key of day one, optional ---------------------------------------------------


def _key_lines() -> str:
    from tests.runbook_walk import steps

    found: dict[int, list[str]] = {1: [], 5: []}
    for n, block in steps(DAY_ONE.read_text()):
        if n in found:
            found[n] += [
                line for line in block.splitlines() if "OPENAI_API_KEY" in line and line[:1] != "#"
            ]
    assert found.get(1), "step 1 sets the OpenAI key (or leaves it empty)"
    assert found.get(5), "step 5 writes it"
    return "\n".join([*found[1], *found[5]])


@pytest.mark.parametrize(
    ("key", "written"),
    [
        (None, None),  # the reader has no key: nothing written, the walk goes on
        ("", None),
        ("sk-proj-abc123", "sk-proj-abc123"),
        ("sk-other-key-Z9", "sk-other-key-Z9"),
    ],
)
def test_day_one_writes_the_openai_key_only_when_there_is_one(
    tmp_path: Path, key: str | None, written: str | None
) -> None:
    bin_dir, log = tmp_path / "bin", tmp_path / "aws.log"
    bin_dir.mkdir()
    aws = bin_dir / "aws"
    aws.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" >> "{log}"\n')
    aws.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "OPENAI_API_KEY"}
    env.update(PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}", ENV="staging")
    if key is not None:
        env["OPENAI_API_KEY"] = key
    done = subprocess.run(
        ["bash", "-c", "set -euo pipefail\n" + _key_lines()],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    if written is None:
        assert not log.exists()
    else:
        args = log.read_text().splitlines()
        assert args[:2] == ["secretsmanager", "put-secret-value"]
        assert args[args.index("--secret-id") + 1] == "slipway-staging/openai-api-key"
        assert args[args.index("--secret-string") + 1] == written


# -- R-L3: the access-log bucket takes the logs of its own environment's buckets only -----------


def test_the_access_log_bucket_takes_logs_from_its_environments_buckets_only(
    rendering: Rendering, settings: InfraSettings
) -> None:
    spec = load_spec(rendering.env, settings)
    policy = rendering.get("aws_s3_bucket_policy", "access-logs-policy")["policy"]
    (statement,) = [s for s in json.loads(policy)["Statement"] if s["Sid"] == "S3ServerAccessLogs"]
    assert statement["Principal"] == {"Service": "logging.s3.amazonaws.com"}
    condition = statement["Condition"]
    # the caller's account, in the engine's spelling (an interpolation, or the mocks' account)
    (account,) = condition["StringEquals"]["aws:SourceAccount"]
    assert account in {"${data.aws_caller_identity.caller.account_id}", ACCOUNT}
    sources = {
        f"arn:aws:s3:::{b.name}".replace("{account_id}", account)
        for b in build_platform(spec).buckets
        if b.log_bucket == "access-logs"
    }
    assert len(sources) == 2  # the DVC remote and MLflow's artifacts
    assert all(f"slipway-{spec.name}-" in s for s in sources)
    assert set(condition["ArnLike"]["aws:SourceArn"]) == sources


# -- R-L2: the StorageClass's volumes under the stack's key --------------------------------------


def test_the_gp3_storage_class_encrypts_under_the_stacks_key(rendering: Rendering) -> None:
    storage = rendering.get("kubernetes_storage_class_v1", "storage-class-gp3")
    parameters = storage["parameters"]
    assert parameters["encrypted"] == "true"
    assert ref_name(parameters["kmsKeyId"]) == "kms"
    assert str(parameters["kmsKeyId"]).endswith(("aws_kms_key.kms.arn}", "key/kms"))


def test_the_ebs_csi_role_may_use_the_stacks_key_for_volumes_only_through_grants_for_aws(
    rendering: Rendering,
) -> None:
    policy = rendering.get("aws_iam_role_policy", "ebs-csi-role-policy")["policy"]
    statements = {s["Sid"]: s for s in json.loads(policy)["Statement"]}
    grants, use = statements["VolumeKeyGrants"], statements["VolumeKey"]
    assert set(as_list(grants["Action"])) == {
        "kms:CreateGrant",
        "kms:ListGrants",
        "kms:RevokeGrant",
    }
    assert grants["Condition"] == {"Bool": {"kms:GrantIsForAWSResource": ["true"]}}
    assert set(as_list(use["Action"])) == {
        "kms:Encrypt",
        "kms:Decrypt",
        "kms:ReEncrypt*",
        "kms:GenerateDataKey*",
        "kms:DescribeKey",
    }
    for statement in (grants, use):
        assert [ref_name(r) for r in as_list(statement["Resource"])] == ["kms"]
        assert statement["Effect"] == "Allow"


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_the_ebs_csi_roles_key_statements_stay_inside_the_boundary(env: str) -> None:
    from infra.platform.boundary import BOUNDARY_SERVICES

    platform = build_platform(load_spec(env))
    (role,) = [r for r in platform.roles if r.id == "ebs-csi-role"]
    assert role.permissions_boundary
    actions = {a for s in role.statements for a in s.actions}
    assert actions
    assert {a.split(":")[0] for a in actions} <= set(BOUNDARY_SERVICES)
