"""Parity: both engines render each environment as the same logical resources with the same
settings, so Pulumi and Terraform users get the same platform.

:func:`canonical` turns one resource's full configuration, in either engine's spelling, into
one form: references become ``<logical id>`` (a Terraform interpolation, a Pulumi mock ARN or
id), the account id ``<account>``, JSON strings (policies, Helm values, secret values) parsed,
numbers and booleans as text, one-element block lists unwrapped. Every property is compared;
what one engine cannot express is listed in :data:`ENGINE_SPECIFIC` with the reason.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from infra_helpers import ACCOUNT, RANDOM_PASSWORD, Rendering, as_list, policy_statements

from infra.platform.model import FINAL_SNAPSHOT_STAMP
from infra.spec import ENVIRONMENTS

pytestmark = pytest.mark.slow


def _generated_by_length() -> dict[int, str]:
    """Length -> ``<id-generated>`` of each generated secret (the Pulumi mock answers a prefix
    of one string, so the lengths must differ for the comparison to tell them apart)."""
    from infra.platform.builder import build_platform
    from infra.spec import load_spec

    generated = [s for s in build_platform(load_spec("dev")).secrets if s.generated_length]
    found = {int(s.generated_length or 0): f"<{s.id}-generated>" for s in generated}
    assert len(found) == len(generated), "two generated secrets of one length"
    return found


GENERATED_BY_LENGTH = _generated_by_length()


def _norm(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Pulumi's protocol carries every number as a float
    if isinstance(value, bool | int | float):
        return str(value).lower()
    if isinstance(value, str):
        return value.lower() if value.lower() in {"true", "false"} else value
    if isinstance(value, list):
        return [_norm(v) for v in value]
    return value


def _lookup(config: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = config
    for key in path:
        if isinstance(value, list):
            (value,) = value
        value = value.get(key) if isinstance(value, dict) else None
    return _norm(value)


def _policy_shape(text: str) -> list[tuple[str, str, tuple[str, ...]]]:
    return sorted(
        (s["Sid"], s["Effect"], tuple(sorted(as_list(s["Action"]))))
        for s in policy_statements(text)
    )


@pytest.fixture(params=ENVIRONMENTS)
def pair(request: pytest.FixtureRequest, synthesized, pulumi_runs):
    from infra_helpers import cdktf_rendering, pulumi_rendering

    env = request.param
    return (
        cdktf_rendering(env, synthesized[env]),
        pulumi_rendering(env, pulumi_runs[env]),
    )


def test_same_logical_resources(pair: tuple[Rendering, Rendering]) -> None:
    cdktf, pulumi = pair
    assert set(cdktf.resources) == set(pulumi.resources)


SIG = "4dabf18193072939515e22adb298388d"  # a Pulumi secret on the wire: {SIG: ..., "value": ...}

# Engine-only plumbing at the top of a resource, not its settings: Terraform's meta-arguments
# (ordering is tested apart, from both engines), pulumi-helm's `compat` flag, pulumi-eks'
# component links, the type fields pulumi-kubernetes fills in (the resource type says it).
META = {
    "//",
    "depends_on",
    "lifecycle",
    "provider",
    "compat",
    "cluster",
    "ignore_scaling_changes",
    "api_version",
    "kind",
}

# (Terraform type, property path) -> why only one engine sets it. Nothing else may differ.
ENGINE_SPECIFIC: dict[tuple[str, str], str] = {
    ("aws_eks_cluster", "access_config.bootstrap_cluster_creator_admin_permissions"): (
        "pulumi-eks takes no such argument; it grants the creator admin access itself"
    ),
    ("aws_eks_node_group", "update_config"): "pulumi-eks' ManagedNodeGroup takes no update_config",
    ("aws_eks_node_group", "cluster_name"): "pulumi-eks takes the cluster component instead",
    ("aws_iam_openid_connect_provider", "url"): (
        "the cluster's IRSA provider: pulumi-eks creates it from the cluster's issuer "
        "(createOidcProvider); the github-oidc provider's URL is asserted in the security tests"
    ),
}

_TF_EXPRESSION = re.compile(r"\$\{([^{}]*)\}")
_TF_TARGET = re.compile(r"(?:^|[(\s])(?:data\.)?[a-z0-9_]+\.([A-Za-z0-9_-]+)\.")
_TF_ATTRIBUTE = re.compile(r"([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)(?:\[0\]\.([a-z_]+))?")
_PULUMI_MOCK_ARN = re.compile(r"arn:aws:mock:[a-z0-9-]*:\d{12}:[a-z0-9]+/([A-Za-z0-9_-]+)")

Resources = dict[tuple[str, str], dict[str, Any]]


def _tf_reference(expression: str, resources: Resources) -> str:
    """One `${...}` of CDKTF's output in canonical form. An attribute the referenced resource
    sets itself (a name, a principal) is that value, as Pulumi's mocks echo inputs back."""
    if expression == "data.aws_caller_identity.caller.account_id":
        return "<account>"
    if expression == f'formatdate("{FINAL_SNAPSHOT_STAMP["terraform"]}", timestamp())':
        return "<creation-time>"  # a final snapshot's stamp (Database.final_snapshot_prefix)
    local = re.fullmatch(r"local\.([a-z0-9_]+)_host", expression)
    if local:
        return f"<{local.group(1).replace('_', '-')}>"
    attribute = _TF_ATTRIBUTE.fullmatch(expression)
    if attribute:
        typ, name, attr, nested = attribute.groups()
        value = resources.get((typ, name), {}).get(attr)
        if nested:  # a block's attribute, e.g. metadata[0].name
            block = value[0] if isinstance(value, list) and len(value) == 1 else value
            value = block.get(nested) if isinstance(block, dict) else None
        if isinstance(value, str):
            return str(_canonical_text(value, "cdktf", resources))
    target = _TF_TARGET.search(expression)
    assert target, expression
    return f"<{target.group(1)}>"


def _canonical_text(text: str, engine: str, resources: Resources) -> Any:
    stripped = text.strip()
    if stripped.startswith(("{", "[")):
        try:
            return canonical(json.loads(stripped), engine, resources)
        except json.JSONDecodeError:
            pass
    if engine == "cdktf":
        return _TF_EXPRESSION.sub(lambda m: _tf_reference(m.group(1), resources), text)
    if RANDOM_PASSWORD.startswith(text) and len(text) >= 16:
        # a generated value (CDKTF: its data source), told apart by the length it was asked for
        return GENERATED_BY_LENGTH[len(text)]
    if text.endswith("-id") and not any(c in text for c in "/ :"):  # not a condition key
        return f"<{text.removesuffix('-id')}>"
    text = _PULUMI_MOCK_ARN.sub(lambda m: f"<{m.group(1)}>", text)
    text = re.sub(r"arn:aws:iam::\d{12}:oidc-provider/oidc\.eks\.[^\s\"]*", "<cluster-oidc>", text)
    text = re.sub(r"oidc\.eks\.[a-z0-9-]+\.amazonaws\.com/id/[A-Z0-9-]+", "<cluster-oidc>", text)
    text = re.sub(r"arn:aws:secretsmanager:::secret:rds!db", "<db>", text)
    text = re.sub(r"^[a-z0-9-]+-mlflow\.abc\.[a-z0-9-]+\.rds\.amazonaws\.com$", "<db>", text)
    text = re.sub(r"^master\.[a-z0-9-]+\.cache\.amazonaws\.com$", "<cache>", text)
    text = re.sub(r"^([a-z0-9-]+-final-)\d{14}$", r"\1<creation-time>", text)
    text = re.sub(r"^arn:aws:eks:[a-z0-9-]+:\d{12}:cluster/[a-z0-9-]+$", "<cluster>", text)
    return text.replace(ACCOUNT, "<account>")


def canonical_resource(config: dict[str, Any], engine: str, resources: Resources) -> Any:
    """A resource's configuration without the engine plumbing (:data:`META`), canonical."""
    return canonical({k: v for k, v in config.items() if k not in META}, engine, resources)


def canonical(value: Any, engine: str, resources: Resources) -> Any:
    """A configuration value in the engine-neutral form described above; ``resources`` are
    CDKTF's (an attribute a reference reads is looked up there)."""
    if isinstance(value, dict):
        if SIG in value:
            return canonical(value["value"], engine, resources)
        return {
            str(_canonical_text(k, engine, resources)): canonical(v, engine, resources)
            for k, v in value.items()
            if v is not None
        }
    if isinstance(value, list):
        items = [canonical(v, engine, resources) for v in value]
        if len(items) == 1 and isinstance(items[0], dict):
            return items[0]
        return items
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Pulumi's protocol carries every number as a float
    if isinstance(value, bool | int | float):
        return str(value).lower()
    if isinstance(value, str):
        if value.lower() in {"true", "false"}:
            return value.lower()
        return _canonical_text(value, engine, resources)
    return value


def _flatten(value: Any, path: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out |= _flatten(item, f"{path}.{key}" if path else key)
        return out
    return {path: value}


def _exempt(typ: str, path: str) -> bool:
    return any(t == typ and (path == p or path.startswith(f"{p}.")) for t, p in ENGINE_SPECIFIC)


def test_same_full_settings(pair: tuple[Rendering, Rendering]) -> None:
    """Every property of every resource, in both engines, after :func:`canonical`."""
    cdktf, pulumi = pair
    compared = 0
    differences = []
    for key, config in sorted(cdktf.resources.items()):
        typ = key[0]
        ours = _flatten(canonical_resource(config, "cdktf", cdktf.resources))
        theirs = _flatten(canonical_resource(pulumi.resources[key], "pulumi", cdktf.resources))
        for path in sorted(set(ours) | set(theirs)):
            if _exempt(typ, path):
                continue
            compared += 1
            if ours.get(path) != theirs.get(path):
                differences.append((key, path, ours.get(path), theirs.get(path)))
    assert not differences, "\n".join(map(str, differences[:40]))
    assert compared > 600  # properties (a list of blocks counts once), over every resource


@pytest.mark.parametrize(
    ("typ", "name", "changed"),
    [
        # the review's finding: these, changed in Pulumi alone, left every test green
        ("aws_elasticache_replication_group", "cache", {"multi_az_enabled": "flipped"}),
        ("aws_db_instance", "db", {"max_allocated_storage": 12345}),
        ("aws_db_instance", "db", {"performance_insights_enabled": "flipped"}),
        # and a setting nobody listed before
        ("aws_s3_bucket_lifecycle_configuration", "dvc-remote-lifecycle", {"rule": []}),
    ],
)
def test_the_full_comparison_sees_a_one_engine_change(
    pair: tuple[Rendering, Rendering], typ: str, name: str, changed: dict[str, Any]
) -> None:
    cdktf, pulumi = pair
    key = (typ, name)
    tampered = {**pulumi.resources[key], **changed}
    ours = canonical_resource(cdktf.resources[key], "cdktf", cdktf.resources)
    assert canonical_resource(pulumi.resources[key], "pulumi", cdktf.resources) == ours
    assert canonical_resource(tampered, "pulumi", cdktf.resources) != ours


def test_same_policies(pair: tuple[Rendering, Rendering]) -> None:
    cdktf, pulumi = pair
    for typ, key in [
        ("aws_iam_role", "assume_role_policy"),
        ("aws_iam_role_policy", "policy"),
        ("aws_s3_bucket_policy", "policy"),
        ("aws_kms_key", "policy"),
        ("aws_secretsmanager_secret_policy", "policy"),
    ]:
        for name, config in cdktf.of_type(typ).items():
            assert _policy_shape(config[key]) == _policy_shape(pulumi.get(typ, name)[key]), name


def test_both_engines_leave_an_autoscaled_groups_size_to_the_autoscaler(
    pair: tuple[Rendering, Rendering],
) -> None:
    """The one lifecycle setting the comparison leaves out (META): cluster-autoscaler owns the
    desired size of every node group once it exists, so neither engine's apply undoes a scale-up
    (the model's ``NodeGroup.autoscaled``; CDKTF ``ignore_changes``, pulumi-eks
    ``ignoreScalingChanges``)."""
    cdktf, pulumi = pair
    groups = cdktf.of_type("aws_eks_node_group")
    assert len(groups) >= 2  # the app's and the runners'
    for name, config in groups.items():
        assert "scaling_config[0].desired_size" in config["lifecycle"]["ignore_changes"], name
        assert _norm(pulumi.get("aws_eks_node_group", name)["ignore_scaling_changes"]) == "true"
