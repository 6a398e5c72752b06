"""Review 177, R-L4: the internet-facing ALB had no access logs and no deletion protection.

The app's Ingress now gives its ALB ``alb.ingress.kubernetes.io/load-balancer-attributes``:
access logs into the stack's ``access-logs`` bucket (by its real name, the spec's account)
under the prefix ``alb``, and ``deletion_protection.enabled`` from the spec's
``deletion_protection`` (prod must have it). The bucket's policy (both engines, from the
platform model) lets the Region's ELB log delivery write ``alb/AWSLogs/<account>/*`` only: the
ELB account of the Region where AWS documents one (eu-west-1: 156460612806), else the service
principal ``logdelivery.elasticloadbalancing.amazonaws.com``. A small evaluation of the rendered
bucket policy checks what ELB may write there and what it may not.
"""

from __future__ import annotations

import fnmatch
import json
from pathlib import Path
from typing import Any

import pytest
from infra_helpers import ACCOUNT, Rendering, as_list

from infra.k8s import wiring
from infra.k8s.render import render
from infra.platform import build_platform
from infra.platform.builder import (
    ALB_LOG_PREFIX,
    ELB_LOG_ACCOUNTS,
    ELB_LOG_DELIVERY,
    elb_log_writer,
)
from infra.platform.model import ACCOUNT_ID
from infra.settings import InfraSettings
from infra.spec import ENVIRONMENTS, EnvironmentSpec, load_spec

REPO = Path(__file__).resolve().parents[2]
ATTRIBUTES = "alb.ingress.kubernetes.io/load-balancer-attributes"
TF_ACCOUNT = "${data.aws_caller_identity.caller.account_id}"
EU_WEST_1_ELB = "arn:aws:iam::156460612806:root"


def _ingress(spec: EnvironmentSpec, account_id: str | None = None) -> dict[str, Any]:
    objects = render(spec, build_platform(spec), "registry.example/slipway:abc", account_id)
    (ingress,) = [o for o in objects if o["kind"] == "Ingress"]
    return ingress


def _attributes(spec: EnvironmentSpec, account_id: str | None = None) -> dict[str, str]:
    value = _ingress(spec, account_id)["metadata"]["annotations"][ATTRIBUTES]
    return dict(item.split("=", 1) for item in value.split(","))


def _account_of(rendering: Rendering) -> str:
    """The caller's account in the engine's spelling: Terraform's interpolation, Pulumi's mock."""
    return TF_ACCOUNT if rendering.engine == "cdktf" else ACCOUNT


def _bucket_policy(rendering: Rendering) -> list[dict[str, Any]]:
    policy = rendering.get("aws_s3_bucket_policy", "access-logs-policy")["policy"]
    return json.loads(policy)["Statement"]


def _access_log_bucket_name(rendering: Rendering) -> str:
    bucket = rendering.get("aws_s3_bucket", "access-logs")["bucket"]
    return str(bucket).replace(TF_ACCOUNT, ACCOUNT)


# -- the bucket policy, in both engines -----------------------------------------------------------


def test_the_access_log_bucket_lets_the_regions_elb_write_the_albs_logs_under_its_prefix(
    rendering: Rendering,
) -> None:
    account = _account_of(rendering)
    (statement,) = [s for s in _bucket_policy(rendering) if s["Sid"] == "AlbAccessLogs"]
    assert statement["Effect"] == "Allow"
    assert as_list(statement["Action"]) == ["s3:PutObject"]
    # eu-west-1 opened before August 2022: Elastic Load Balancing's account of the Region
    assert statement["Principal"] == {"AWS": EU_WEST_1_ELB}
    bucket = f"slipway-{rendering.env}-access-logs-{account}"
    assert as_list(statement["Resource"]) == [
        f"arn:aws:s3:::{bucket}/{ALB_LOG_PREFIX}/AWSLogs/{account}/*"
    ]
    # no condition the delivery does not send (a silent stop of the logs)
    assert "Condition" not in statement


def test_the_access_log_bucket_is_sse_s3_the_only_encryption_elb_delivers_to(
    rendering: Rendering,
) -> None:
    encryption = rendering.get(
        "aws_s3_bucket_server_side_encryption_configuration", "access-logs-encryption"
    )
    rule = as_list(encryption["rule"])[0]
    default = as_list(rule["apply_server_side_encryption_by_default"])[0]
    assert default["sse_algorithm"] == "AES256"
    assert not default.get("kms_master_key_id")


# -- what the policy lets ELB write: an evaluation of the rendered document -----------------------


def _matches(pattern: str, value: str) -> bool:
    """IAM's ARN and string wildcards: ``*`` any run of characters (``/`` too), ``?`` one."""
    return fnmatch.fnmatchcase(value, pattern.replace("[", "[[]"))


def _principal_matches(principal: Any, caller: tuple[str, str]) -> bool:
    if principal == "*":
        return True
    kind, who = caller
    names = as_list(principal.get(kind, []))
    return "*" in names or who in names


def _condition_holds(condition: dict[str, Any], context: dict[str, str]) -> bool:
    for test, pairs in condition.items():
        for key, values in pairs.items():
            present = context.get(key)
            if present is None:
                return False  # a condition on a key the request does not carry never holds
            if test == "Bool" or test == "StringEquals":
                ok = present in as_list(values)
            elif test == "ArnLike":
                ok = any(_matches(v, present) for v in as_list(values))
            else:
                raise AssertionError(f"unhandled condition {test}")
            if not ok:
                return False
    return True


def decision(
    statements: list[dict[str, Any]],
    caller: tuple[str, str],
    action: str,
    resource: str,
    context: dict[str, str],
) -> str:
    """ "allowed", "explicitDeny" or "implicitDeny" of one request by the bucket policy alone
    (same-account callers aside: ELB's delivery is another account or a service principal, so
    the bucket policy is what decides)."""
    allowed = False
    for s in statements:
        if not _principal_matches(s["Principal"], caller):
            continue
        if not any(_matches(a, action) for a in as_list(s["Action"])):
            continue
        if not any(_matches(r, resource) for r in as_list(s["Resource"])):
            continue
        if not _condition_holds(s.get("Condition", {}), context):
            continue
        if s["Effect"] == "Deny":
            return "explicitDeny"
        allowed = True
    return "allowed" if allowed else "implicitDeny"


def _resolved_policy(rendering: Rendering) -> list[dict[str, Any]]:
    """The rendered policy with the engine's references filled as AWS would fill them."""
    bucket = _access_log_bucket_name(rendering)
    text = json.dumps(_bucket_policy(rendering))
    text = text.replace("${aws_s3_bucket.access-logs.arn}", f"arn:aws:s3:::{bucket}")
    text = text.replace(TF_ACCOUNT, ACCOUNT)
    statements = json.loads(text)
    for s in statements:  # Pulumi's mocks give the bucket a mock ARN: use S3's
        s["Resource"] = [
            r.replace(
                f"arn:aws:mock:eu-west-1:{ACCOUNT}:bucket/access-logs", f"arn:aws:s3:::{bucket}"
            )
            for r in as_list(s["Resource"])
        ]
    return statements


TLS = {"aws:SecureTransport": "true"}


@pytest.mark.parametrize(
    "key",
    [
        f"alb/AWSLogs/{ACCOUNT}/ELBAccessLogTestFile",
        f"alb/AWSLogs/{ACCOUNT}/elasticloadbalancing/eu-west-1/2026/12/07/"
        f"{ACCOUNT}_elasticloadbalancing_eu-west-1_app.k8s-slipway-slipway-0a1b2c3d4e."
        "50dc6c495c0c9188_20261207T1205Z_10.0.1.23_2soosksgsn9e.log.gz",
        f"alb/AWSLogs/{ACCOUNT}/elasticloadbalancing/eu-west-1/2027/01/31/x.log.gz",
    ],
)
def test_elb_may_write_the_albs_logs_and_its_test_file(rendering: Rendering, key: str) -> None:
    statements = _resolved_policy(rendering)
    bucket = _access_log_bucket_name(rendering)
    request = (("AWS", EU_WEST_1_ELB), "s3:PutObject", f"arn:aws:s3:::{bucket}/{key}")
    assert decision(statements, *request, TLS) == "allowed"
    # never over plain HTTP (the TLS-only statement)
    assert decision(statements, *request, {"aws:SecureTransport": "false"}) == "explicitDeny"


@pytest.mark.parametrize(
    ("caller", "key"),
    [
        # another account's load balancers (their AWSLogs path names their account)
        (("AWS", EU_WEST_1_ELB), "alb/AWSLogs/999988887777/elasticloadbalancing/eu-west-1/x.gz"),
        # outside the prefix the Ingress names: the S3 access logs of the other buckets
        (("AWS", EU_WEST_1_ELB), f"dvc-remote/AWSLogs/{ACCOUNT}/x.gz"),
        (("AWS", EU_WEST_1_ELB), f"AWSLogs/{ACCOUNT}/elasticloadbalancing/eu-west-1/x.gz"),
        (("AWS", EU_WEST_1_ELB), f"albx/AWSLogs/{ACCOUNT}/x.gz"),
        # another Region's ELB account, and the service principal of the newer Regions
        (("AWS", "arn:aws:iam::127311923021:root"), f"alb/AWSLogs/{ACCOUNT}/x.gz"),
        (("Service", ELB_LOG_DELIVERY), f"alb/AWSLogs/{ACCOUNT}/x.gz"),
        # some other account altogether
        (("AWS", "arn:aws:iam::999988887777:root"), f"alb/AWSLogs/{ACCOUNT}/x.gz"),
    ],
)
def test_nobody_else_writes_there_and_elb_nowhere_else(
    rendering: Rendering, caller: tuple[str, str], key: str
) -> None:
    statements = _resolved_policy(rendering)
    bucket = _access_log_bucket_name(rendering)
    resource = f"arn:aws:s3:::{bucket}/{key}"
    assert decision(statements, caller, "s3:PutObject", resource, TLS) == "implicitDeny"


def test_elb_may_not_read_or_delete_the_logs(rendering: Rendering) -> None:
    statements = _resolved_policy(rendering)
    bucket = _access_log_bucket_name(rendering)
    resource = f"arn:aws:s3:::{bucket}/alb/AWSLogs/{ACCOUNT}/x.log.gz"
    for action in ("s3:GetObject", "s3:DeleteObject", "s3:PutObjectAcl"):
        caller = ("AWS", EU_WEST_1_ELB)
        assert decision(statements, caller, action, resource, TLS) == "implicitDeny"


# -- the writer of each Region -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("region", "writer"),
    [
        ("eu-west-1", ("AWS", ("arn:aws:iam::156460612806:root",))),
        ("us-east-1", ("AWS", ("arn:aws:iam::127311923021:root",))),
        ("eu-central-1", ("AWS", ("arn:aws:iam::054676820928:root",))),
        ("ap-northeast-1", ("AWS", ("arn:aws:iam::582318560864:root",))),
        # opened in or after December 2021 (Jakarta): the log delivery service principal
        ("ap-southeast-3", ("Service", (ELB_LOG_DELIVERY,))),
        ("me-central-1", ("Service", (ELB_LOG_DELIVERY,))),
        ("il-central-1", ("Service", (ELB_LOG_DELIVERY,))),
        ("eu-south-2", ("Service", (ELB_LOG_DELIVERY,))),
    ],
)
def test_each_region_gets_its_documented_log_writer(
    region: str, writer: tuple[str, tuple[str, ...]], settings: InfraSettings
) -> None:
    assert elb_log_writer(region) == writer
    spec = load_spec("staging", settings).model_copy(update={"region": region})
    platform = build_platform(spec)
    logs = platform.bucket("access-logs")
    (statement,) = [s for s in logs.policy if s.sid == "AlbAccessLogs"]
    assert statement.principals == (writer,)
    assert statement.resources == (
        f"arn:aws:s3:::{logs.name}/{ALB_LOG_PREFIX}/AWSLogs/{ACCOUNT_ID}/*",
    )


def test_the_elb_accounts_are_twelve_digit_ids_of_known_regions() -> None:
    from infra.spec import AWS_REGIONS

    assert set(ELB_LOG_ACCOUNTS) <= AWS_REGIONS
    assert all(len(a) == 12 and a.isdigit() for a in ELB_LOG_ACCOUNTS.values())
    assert len(set(ELB_LOG_ACCOUNTS.values())) == len(ELB_LOG_ACCOUNTS)


# -- the Ingress names the stack's bucket and prefix ---------------------------------------------


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_the_ingress_sends_the_albs_logs_to_the_stacks_bucket_by_its_real_name(
    env: str, settings: InfraSettings
) -> None:
    spec = load_spec(env, settings)
    platform = build_platform(spec)
    attributes = _attributes(spec)
    assert attributes["access_logs.s3.enabled"] == "true"
    real = platform.bucket("access-logs").name.replace(ACCOUNT_ID, spec.account_id)
    assert (
        attributes["access_logs.s3.bucket"]
        == real
        == f"slipway-{env}-access-logs-{spec.account_id}"
    )
    assert attributes["access_logs.s3.prefix"] == ALB_LOG_PREFIX
    # the prefix the policy lets ELB write under is the one the annotation names
    (statement,) = [s for s in platform.bucket("access-logs").policy if s.sid == "AlbAccessLogs"]
    (resource,) = statement.resources
    assert resource == (
        f"arn:aws:s3:::{platform.bucket('access-logs').name}/"
        f"{attributes['access_logs.s3.prefix']}/AWSLogs/{ACCOUNT_ID}/*"
    )
    assert wiring.problems(render(spec, platform, "r/slipway:abc"), platform, None) == []


@pytest.mark.parametrize("account_id", [None, "210987654321"])
def test_the_bucket_name_is_the_specs_account_whatever_the_deploy_setting(
    account_id: str | None, settings: InfraSettings
) -> None:
    """Unset, SLIPWAY_AWS_ACCOUNT_ID left `{account_id}` in the name; set, it may not be the
    account the stack is pinned to: the bucket is where the stack made it."""
    spec = load_spec("prod", settings)
    bucket = _attributes(spec, account_id)["access_logs.s3.bucket"]
    assert bucket == f"slipway-prod-access-logs-{spec.account_id}"
    assert "{" not in bucket


@pytest.mark.parametrize(
    ("env", "protected"), [("prod", "true"), ("staging", "true"), ("dev", "false")]
)
def test_deletion_protection_follows_the_specs_switch_and_prod_has_it(
    env: str, protected: str, settings: InfraSettings
) -> None:
    spec = load_spec(env, settings)
    assert _attributes(spec)["deletion_protection.enabled"] == protected
    assert spec.deletion_protection is (protected == "true")
    # the other way round too: the switch alone decides
    flipped = spec.model_copy(update={"deletion_protection": not spec.deletion_protection})
    assert (
        _attributes(flipped)["deletion_protection.enabled"]
        == str(not spec.deletion_protection).lower()
    )


def test_prod_cannot_turn_deletion_protection_off(settings: InfraSettings) -> None:
    raw = load_spec("prod", settings).model_dump(mode="json")
    raw["deletion_protection"] = False
    with pytest.raises(ValueError, match="deletion_protection"):
        EnvironmentSpec.model_validate(raw)


# -- the wiring check sees a bucket or prefix the stack does not serve ----------------------------


def _with_attributes(spec: EnvironmentSpec, **changes: str) -> list[dict[str, Any]]:
    objects = render(spec, build_platform(spec), "r/slipway:abc")
    (ingress,) = [o for o in objects if o["kind"] == "Ingress"]
    values = dict(
        i.split("=", 1) for i in ingress["metadata"]["annotations"][ATTRIBUTES].split(",")
    )
    values.update(changes)
    ingress["metadata"]["annotations"][ATTRIBUTES] = ",".join(f"{k}={v}" for k, v in values.items())
    return objects


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"access_logs.s3.prefix": "logs/alb"}, "lets no ELB log delivery write under logs/alb/"),
        (
            {"access_logs.s3.prefix": "dvc-remote"},
            "lets no ELB log delivery write under dvc-remote/",
        ),
        ({"access_logs.s3.bucket": "slipway-prod-alb-logs-444455556666"}, "has no producer"),
        ({"access_logs.s3.bucket": "slipway-staging-access-logs-444455556666"}, "has no producer"),
        ({"access_logs.s3.bucket": "slipway-prod-access-logs-{account_id}"}, "has no producer"),
        # a bucket of the platform that has no statement for ELB
        ({"access_logs.s3.bucket": "slipway-prod-dvc-remote-444455556666"}, "lets no ELB log"),
    ],
)
def test_wiring_reports_an_access_log_target_the_stack_does_not_serve(
    changes: dict[str, str], problem: str, settings: InfraSettings
) -> None:
    spec = load_spec("prod", settings)
    found = wiring.problems(_with_attributes(spec, **changes), build_platform(spec), None)
    assert len(found) == 1, found
    assert problem in found[0], found
    assert found[0].startswith("Ingress slipway: access-log bucket ")


def test_wiring_accepts_logs_turned_off(settings: InfraSettings) -> None:
    spec = load_spec("dev", settings)
    objects = _with_attributes(spec, **{"access_logs.s3.enabled": "false"})
    assert wiring.problems(objects, build_platform(spec), None) == []


# -- who sets the attributes: the controller, inside the boundary, with no S3 permission -----------


def test_the_controller_may_set_the_albs_attributes_and_needs_no_s3(rendering: Rendering) -> None:
    from infra.platform.boundary import BOUNDARY_ACTIONS

    policies = [
        json.loads(cfg["policy"])
        for name, cfg in rendering.of_type("aws_iam_policy").items()
        if "load-balancer-controller" in name or "lb-controller" in name
    ]
    assert policies, sorted(rendering.of_type("aws_iam_policy"))
    actions = {a for p in policies for s in p["Statement"] for a in as_list(s["Action"])}
    assert "elasticloadbalancing:ModifyLoadBalancerAttributes" in actions
    assert not any(a.startswith("s3:") for a in actions)
    assert "elasticloadbalancing:ModifyLoadBalancerAttributes" in BOUNDARY_ACTIONS


# -- the operators' docs -------------------------------------------------------------------------


def test_the_docs_say_where_the_albs_logs_go_and_how_to_take_a_protected_alb_down() -> None:
    platform_doc = (REPO / "docs" / "platform.md").read_text()
    readme = (REPO / "infra" / "README.md").read_text()
    for needle in (
        ATTRIBUTES,
        "AlbAccessLogs",
        "alb/AWSLogs/<account>/",
        "ELBAccessLogTestFile",
        "156460612806",
        ELB_LOG_DELIVERY,
        "set `deletion_protection: false`",
    ):
        assert needle in platform_doc, needle
    assert "app ALB's access logs, under `alb/`" in readme
