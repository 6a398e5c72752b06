"""The environment spec: the committed specs load, and every bad value is refused with its
field path and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from infra.errors import SpecError
from infra.settings import InfraSettings
from infra.spec import (
    ENVIRONMENTS,
    available_environments,
    check_accounts,
    load_spec,
    parse_spec,
)


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_committed_specs_load(env: str, settings: InfraSettings) -> None:
    spec = load_spec(env, settings)
    assert spec.name == env
    assert spec.network.az_count >= 2


def test_all_environments_are_found(settings: InfraSettings) -> None:
    assert available_environments(settings) == sorted(ENVIRONMENTS)


def _set(doc: dict, path: str, value: object) -> dict:
    *parents, leaf = path.split(".")
    node = doc
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    node[leaf] = value
    return doc


@pytest.mark.parametrize(
    ("env", "path", "value", "field", "reason"),
    [
        ("dev", "network.cidr", "10.10.0.1/16", "network.cidr", "host bits set"),
        ("dev", "network.cidr", "not-a-cidr", "network.cidr", "not a valid IPv4 CIDR"),
        ("dev", "network.cidr", "10.0.0.0/8", "network.cidr", "between /16 and /24"),
        ("dev", "network.cidr", "8.8.0.0/16", "network.cidr", "not a private range"),
        ("dev", "network.az_count", 1, "network.az_count", "greater than or equal to 2"),
        ("dev", "cluster.api_allowed_cidrs", ["300.1.2.0/24"], "cluster.api_allowed_cidrs", "CIDR"),
        ("dev", "cluster.node_groups.0.min_size", 5, "cluster.node_groups.0", "min_size 5 is greater than max_size 3"),  # noqa: E501
        ("dev", "cluster.node_groups.0.desired_size", 9, "cluster.node_groups.0", "desired_size 9 is outside [1, 3]"),  # noqa: E501
        ("dev", "app.hpa_min", 5, "app", "hpa_min 5 is greater than hpa_max 3"),
        ("dev", "app.replicas", 7, "app", "replicas 7 is outside the HPA bounds"),
        ("dev", "region", "eu-middle-9", "region", "unknown AWS region 'eu-middle-9'"),
        ("dev", "retention_days", 42, "retention_days", "not a CloudWatch retention period"),
        ("dev", "database.allocated_storage_gb", 500, "database", "greater than max_allocated"),
        ("dev", "database.instance_class", "t3.micro", "database.instance_class", "pattern"),
        ("dev", "app.domain", "not a domain", "app.domain", "pattern"),
        ("dev", "cluster.version", "latest", "cluster.version", "pattern"),
        ("dev", "tags", {"aws:owner": "x"}, "tags", "invalid tag key"),
        ("dev", "clustr", {}, "clustr", "Extra inputs are not permitted"),
        ("prod", "deletion_protection", False, "(top level)", "prod requires deletion_protection"),
        ("prod", "database.multi_az", False, "(top level)", "prod requires database.multi_az"),
        ("prod", "cluster.api_allowed_cidrs", ["0.0.0.0/0"], "(top level)", "0.0.0.0/0"),
        ("prod", "network.single_nat_gateway", True, "(top level)", "one NAT gateway per AZ"),
        ("prod", "retention_days", 90, "(top level)", "retention_days >= 365"),
        ("dev", "account_id", "12345", "account_id", "pattern"),
        ("dev", "account_id", 111122223333, "account_id", "valid string"),
        ("dev", "assume_role_arn", "arn:aws:iam::444455556666:role/x", "(top level)", "not the environment's account 111122223333"),  # noqa: E501
        ("dev", "assume_role_arn", "role/x", "assume_role_arn", "pattern"),
        ("dev", "dns.zone_id", "not-a-zone", "dns.zone_id", "pattern"),
        ("dev", "dns.zone_name", "other.example.org", "(top level)", "is not in the DNS zone other.example.org"),  # noqa: E501
        ("dev", "github.data_environment", "with space", "github.data_environment", "pattern"),
        ("dev", "github.apply_environment", "with space", "github.apply_environment", "pattern"),
        # review 165, X-M1: the apply role's environment is the applies' alone
        ("dev", "github.apply_environment", "dev", "(top level)", "is also github.environment"),
        ("dev", "github.apply_environment", "training", "(top level)", "is also github.data_environment"),  # noqa: E501
        ("dev", "github.apply_environment", "dev-pr", "(top level)", "is also github.pull_request_environment"),  # noqa: E501
    ],
)  # fmt: skip
def test_bad_values_are_refused_with_path_and_reason(
    raw_spec, env: str, path: str, value: object, field: str, reason: str
) -> None:
    doc = _set(raw_spec(env), path, value)
    with pytest.raises(SpecError) as caught:
        parse_spec(doc, source=f"{env}.yaml")
    message = str(caught.value)
    assert message.startswith(f"{env}.yaml: {field}: "), message
    assert reason in message
    assert "\n" not in message


def test_missing_section_names_it(raw_spec) -> None:
    doc = raw_spec("dev")
    del doc["database"]
    with pytest.raises(SpecError, match=r"dev.yaml: database: Field required"):
        parse_spec(doc, source="dev.yaml")


def _settings_for(folder: Path) -> InfraSettings:
    return InfraSettings(environments_dir=folder)


def test_unknown_environment_lists_the_known_ones(tmp_path: Path, raw_spec) -> None:
    (tmp_path / "dev.yaml").write_text(yaml.safe_dump(raw_spec("dev")))
    with pytest.raises(SpecError, match=r"no environment spec .*qa.yaml.*known environments: dev"):
        load_spec("qa", _settings_for(tmp_path))


def test_name_must_match_the_file(tmp_path: Path, raw_spec) -> None:
    (tmp_path / "qa.yaml").write_text(yaml.safe_dump(raw_spec("dev")))
    with pytest.raises(SpecError, match=r"name: 'dev' does not match the file name 'qa'"):
        load_spec("qa", _settings_for(tmp_path))


def test_invalid_yaml_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "dev.yaml").write_text("name: dev\nnetwork: [unclosed\n")
    with pytest.raises(SpecError, match=r"dev.yaml: not valid YAML"):
        load_spec("dev", _settings_for(tmp_path))


def test_region_defaults_from_settings(tmp_path: Path, raw_spec) -> None:
    doc = raw_spec("dev")
    del doc["region"]
    (tmp_path / "dev.yaml").write_text(yaml.safe_dump(doc))
    settings = InfraSettings(environments_dir=tmp_path, default_region="us-east-2")
    assert load_spec("dev", settings).region == "us-east-2"


def test_settings_read_the_prefixed_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLIPWAY_INFRA_STATE_BUCKET", "tfstate-{env}")
    monkeypatch.setenv("SLIPWAY_INFRA_STATE_REGION", "us-east-1")
    backend = InfraSettings().backend_for("staging", "eu-west-1")
    assert backend == {
        "bucket": "tfstate-staging",
        "key": "slipway/staging/terraform.tfstate",
        "region": "us-east-1",
    }


def test_the_committed_accounts_each_create_one_github_provider(settings: InfraSettings) -> None:
    specs = [load_spec(env, settings) for env in ENVIRONMENTS]
    check_accounts(specs)
    creators = {s.account_id: s.name for s in specs if s.github.create_oidc_provider}
    assert len(creators) == len({s.account_id for s in specs})


def test_two_provider_creators_in_one_account_are_refused(raw_spec) -> None:
    dev, staging = raw_spec("dev"), raw_spec("staging")
    staging["github"]["create_oidc_provider"] = True
    with pytest.raises(SpecError, match=r"account 111122223333: .* true in dev, staging"):
        check_accounts([parse_spec(dev), parse_spec(staging)])


def test_an_account_whose_environments_all_look_the_provider_up_is_allowed(raw_spec) -> None:
    """X-H3 (review 165): an account that already trusts GitHub Actions has the provider, and a
    stack creating it again fails with EntityAlreadyExists; so no creator is allowed, every stack
    looks it up (`slipway infra bootstrap` checks that the account has it)."""
    dev, staging = raw_spec("dev"), raw_spec("staging")
    dev["github"]["create_oidc_provider"] = False
    check_accounts([parse_spec(dev), parse_spec(staging)])


def test_the_applies_have_a_github_environment_of_their_own(raw_spec) -> None:
    """Review 165, X-M1: `<env>-infra` unless the spec names one (then that one), never the
    environment the push and deploy jobs enter."""
    for env in ENVIRONMENTS:
        spec = parse_spec(raw_spec(env))
        assert spec.github_apply_environment == f"{env}-infra"
        assert spec.github_apply_environment != spec.github_environment
    doc = raw_spec("staging")
    doc["github"]["environment"] = "stage"
    assert parse_spec(doc).github_apply_environment == "staging-infra"
    doc["github"]["apply_environment"] = "stage-terraform"
    assert parse_spec(doc).github_apply_environment == "stage-terraform"
