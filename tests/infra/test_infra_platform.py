"""The engine-neutral platform model: pure functions of the spec, checked without any engine."""

from __future__ import annotations

import ipaddress
import itertools

import pytest

from infra.platform import Platform, Ref, build_platform
from infra.spec import ENVIRONMENTS, load_spec


@pytest.fixture(params=ENVIRONMENTS)
def platform(request: pytest.FixtureRequest, settings) -> Platform:
    return build_platform(load_spec(request.param, settings))


def test_subnets_fit_the_vpc_and_do_not_overlap(platform: Platform) -> None:
    vpc = ipaddress.IPv4Network(platform.network.cidr)
    subnets = [ipaddress.IPv4Network(s.cidr) for s in platform.network.subnets]
    assert all(s.subnet_of(vpc) for s in subnets)
    assert not any(a.overlaps(b) for a, b in itertools.combinations(subnets, 2))


def test_each_az_has_a_public_and_a_private_subnet(platform: Platform) -> None:
    public = {s.az for s in platform.network.public_subnets}
    private = {s.az for s in platform.network.private_subnets}
    assert public == private
    assert len(public) >= 2
    assert all(az.startswith(platform.region) for az in public)


def test_prod_has_a_nat_gateway_per_az(settings) -> None:
    prod = build_platform(load_spec("prod", settings))
    assert len(prod.network.nat_gateways) == len(prod.network.private_subnets)
    tables = {s.route_table for s in prod.network.private_subnets}
    assert len(tables) == len(prod.network.private_subnets)


def test_every_ref_points_at_a_known_resource(platform: Platform) -> None:
    known = {
        platform.network.id,
        platform.kms_key.id,
        platform.cluster.id,
        platform.cluster.oidc_provider,
        platform.github_oidc.id,
        platform.registry.id,
        platform.mlflow_registry.id,
        platform.runner_registry.id,
        platform.database.id,
        platform.cache.id,
        platform.certificate.id,
        *(g.id for g in platform.log_groups),
        *(r.id for r in platform.roles),
        *(b.id for b in platform.buckets),
        *(s.id for s in platform.secrets),
    }
    refs: list[Ref] = []

    def collect(value: object) -> None:
        if isinstance(value, Ref):
            refs.append(value)
        elif isinstance(value, dict):  # Helm values and manifests hold references too
            for item in value.values():
                collect(item)
        elif isinstance(value, tuple | list):
            for item in value:
                collect(item)
        elif hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                collect(getattr(value, name))

    collect(platform)
    assert refs
    assert {r.target for r in refs} <= known


def test_names_carry_the_environment(platform: Platform) -> None:
    assert platform.cluster.name == f"slipway-{platform.env}-eks"
    assert all(platform.env in b.name for b in platform.buckets)
    assert all(b.name.endswith("-{account_id}") for b in platform.buckets)
    assert platform.tags["environment"] == platform.env
    assert platform.tags["project"] == "slipway"


def test_the_model_is_deterministic(settings) -> None:
    spec = load_spec("staging", settings)
    assert build_platform(spec) == build_platform(spec)


def test_the_shared_arguments_carry_the_models_safety_settings(platform: Platform) -> None:
    """Both renderers pass these argument sets on unchanged, so one check covers both engines."""
    from infra.platform import arguments

    db = arguments.db_instance(
        platform.database,
        "kms",
        subnet_group="subnets",
        security_group="sg",
        parameter_group="params",
        monitoring_role_arn="role",
        final_snapshot_identifier="final",
    )
    assert db["skip_final_snapshot"] is False
    assert db["final_snapshot_identifier"] == "final"
    assert platform.database.final_snapshot_prefix == f"{platform.database.identifier}-final-"
    assert db["copy_tags_to_snapshot"] is True
    assert db["storage_encrypted"] is True
    assert db["publicly_accessible"] is False
    assert db["deletion_protection"] is platform.database.deletion_protection
    assert db["kms_key_id"] == db["master_user_secret_kms_key_id"] == "kms"
    cache = arguments.replication_group(
        platform.cache, "kms", auth_token="t", subnet_group="s", security_group="sg"
    )
    assert cache["transit_encryption_enabled"] is True
    assert cache["at_rest_encryption_enabled"] is True
    subnets = [arguments.subnet(s, "vpc") for s in platform.network.subnets]
    assert all(s["map_public_ip_on_launch"] is False for s in subnets)


def test_the_registry_keeps_the_configured_number_of_images(platform: Platform) -> None:
    *_, rule = platform.registry.lifecycle_policy()["rules"]
    assert rule["selection"]["countNumber"] == platform.registry.keep_images
    assert rule["action"] == {"type": "expire"}


def test_only_the_readers_may_read_a_secret(platform: Platform) -> None:
    for secret in platform.secrets:
        (statement,) = secret.reader_policy(["reader-arn"])["Statement"]
        assert statement["Effect"] == "Deny"
        assert statement["Condition"] == {"StringNotEquals": {"aws:PrincipalArn": ["reader-arn"]}}


def test_every_dependency_names_a_platform_object(platform: Platform) -> None:
    """``depends_on`` ids are logical ids the renderers create (both resolve them by id)."""
    m = platform.mlflow
    known = {
        *(a.id for a in platform.addons),
        *(s.id for s in platform.storage_classes),
        *(r.id for r in platform.helm_releases),
        *(g.id for g in platform.log_groups),
        *(a for r in platform.roles for a in r.attachment_ids),
        m.namespace_id,
        f"{m.id}-service-account",
        platform.database.id,  # the database-roles release reads its master secret
        *platform.network.private_egress,  # the node groups' way out (review 165, X-H2)
    }
    dependencies = [
        *platform.cluster.depends_on,
        *(d for g in platform.cluster.node_groups for d in g.depends_on),
        *(d for s in platform.storage_classes for d in s.depends_on),
        *(d for r in platform.helm_releases for d in r.depends_on),
    ]
    assert dependencies
    assert set(dependencies) <= known
    assert m.secrets_release in {r.id for r in platform.helm_releases}


def test_node_groups_and_cluster_wait_for_their_roles_policies(platform: Platform) -> None:
    cluster_role = platform.role(platform.cluster.role)
    node_role = platform.role(platform.cluster.node_role)
    assert set(cluster_role.attachment_ids) <= set(platform.cluster.depends_on)
    for group in platform.cluster.node_groups:
        # and the private subnets' way out: tests/infra/test_review165.py
        assert set(group.depends_on) - set(platform.network.private_egress) == set(
            node_role.attachment_ids
        )
        assert len(node_role.attachment_ids) == 3


def test_the_account_guard_and_the_deployer(platform: Platform, settings) -> None:
    spec = load_spec(platform.env, settings)
    assert platform.account.account_id == spec.account_id
    assert platform.account.deployer_arn.endswith(f":role/slipway-{platform.env}-terraform")
    assert platform.github_oidc.create is spec.github.create_oidc_provider


def test_an_assumed_role_is_the_deployer(raw_spec) -> None:
    from infra.spec import parse_spec

    data = raw_spec("prod")
    data["assume_role_arn"] = f"arn:aws:iam::{data['account_id']}:role/platform/apply"
    platform = build_platform(parse_spec(data))
    assert platform.account.deployer_arn == data["assume_role_arn"]
    (cache_secret,) = [s for s in platform.secrets if s.id == "cache-auth"]
    assert data["assume_role_arn"] in cache_secret.readers


def test_an_unpinned_cluster_version_is_refused(raw_spec) -> None:
    from infra.errors import SpecError
    from infra.spec import parse_spec

    data = raw_spec("dev")
    data["cluster"]["version"] = "1.20"
    with pytest.raises(SpecError, match=r"cluster.version 1.20 has no pinned add-on versions"):
        build_platform(parse_spec(data))
