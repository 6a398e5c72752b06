"""Probe 25's remaining findings on the platform (both engines, every environment).

- L8: the VPC flow logs' trust has the confused-deputy conditions AWS recommends
  (``aws:SourceAccount`` and ``aws:SourceArn``): before, any account's flow log could make the
  service assume the role.
- L3: the app role could `secretsmanager:ListSecrets` on `*` (External Secrets found the
  RDS-managed secret by tag), listing every secret name of the account dev and staging share.
  No role searches secrets; since M2 the app does not read the RDS-managed secret at all (its
  own database role's generated password instead), so nothing publishes or looks up its ARN.
"""

from __future__ import annotations

import json

import pytest

from infra.settings import InfraSettings
from infra.spec import EnvironmentSpec, load_spec
from tests.infra.infra_helpers import Rendering, as_list, policy_statements, ref_name


@pytest.fixture
def spec(rendering: Rendering, settings: InfraSettings) -> EnvironmentSpec:
    return load_spec(rendering.env, settings)


def test_the_flow_logs_trust_names_this_accounts_flow_logs(
    rendering: Rendering, spec: EnvironmentSpec
) -> None:
    role = rendering.get("aws_iam_role", "flow-logs-role")
    (trust,) = policy_statements(role["assume_role_policy"])
    assert as_list(trust["Principal"]["Service"]) == ["vpc-flow-logs.amazonaws.com"]
    (account,) = as_list(trust["Condition"]["StringEquals"]["aws:SourceAccount"])
    (source,) = as_list(trust["Condition"]["ArnLike"]["aws:SourceArn"])
    assert source == f"arn:aws:ec2:{spec.region}:{account}:vpc-flow-log/*"


def test_no_role_searches_secrets(rendering: Rendering) -> None:
    for name, policy in rendering.of_type("aws_iam_role_policy").items():
        for statement in policy_statements(policy["policy"]):
            assert "secretsmanager:ListSecrets" not in as_list(statement["Action"]), name


def test_nothing_publishes_or_looks_up_the_database_secrets_arn(rendering: Rendering) -> None:
    """L3's by-ARN read of the master secret is gone with M2: no workload but the
    database-roles Job reads it (the platform names it by reference there), so the endpoints
    entry does not carry its ARN and the deploy role reads nothing off the instance."""
    version = rendering.get("aws_secretsmanager_secret_version", "runtime-endpoints-value")
    text = version["secret_string"]
    value = json.loads(text["value"] if isinstance(text, dict) else text)
    assert "database_secret_arn" not in value
    assert ref_name(value["database_host"]) in {"db", None}
    deploy = policy_statements(
        rendering.get("aws_iam_role_policy", "github-deploy-role-policy")["policy"]
    )
    assert not [s for s in deploy if "rds:DescribeDBInstances" in as_list(s["Action"])]


def test_the_runtime_secret_reads_the_app_roles_password_never_the_master() -> None:
    """Probe 25, M2: the pods' database URL is ``slipway_app``'s, its password the platform's
    generated secret; a reference to the RDS master secret is a problem the wiring check
    names."""
    from infra.k8s.render import RUNTIME_SECRET, render
    from infra.k8s.wiring import problems, unmet_requirements
    from infra.platform import build_platform

    arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1234-AbCdEf"
    for env in ("dev", "staging", "prod"):
        spec = load_spec(env)
        platform = build_platform(spec)
        assert unmet_requirements(platform) == []
        objects = render(spec, platform, "example/assistant:v1", "123456789012")
        (runtime,) = [o for o in objects if o["metadata"]["name"] == RUNTIME_SECRET]
        assert "dataFrom" not in runtime["spec"]
        keys = {d["secretKey"]: d["remoteRef"] for d in runtime["spec"]["data"]}
        assert keys["database_password"] == {"key": platform.secret("db-app-password").name}
        assert "database_user" not in keys
        url = runtime["spec"]["target"]["template"]["data"]["SLIPWAY_DATABASE_URL"]
        assert url.startswith("postgresql+psycopg://slipway_app:")
        assert not [p for p in problems(objects, platform, "123456789012") if "rds" in p]
        # the old wiring (the master's password, by its ARN) is named
        keys["database_password"].update(key=arn, property="password")
        assert [p for p in problems(objects, platform, "123456789012") if "rds" in p]


# -- L4: the ECR lifecycle never expires a release (pinned, running) or its signature ---------
RELEASE_TAGS = {
    # release.yml: the assistant `<sha>-model-v<N>`, MLflow `<version>-<hash>`; cosign's tags
    "registry": ("0123456789ab" * 3 + "abcd-model-v7", "sha256-" + "f" * 64 + ".sig"),
    "mlflow-registry": ("2.21.3-0123456789ab", "sha256-" + "e" * 64 + ".sig"),
}


def _matches(tag: str, pattern: str) -> bool:
    import fnmatch

    return fnmatch.fnmatchcase(tag, pattern)


def test_the_registry_lifecycle_protects_releases_and_signatures(rendering: Rendering) -> None:
    for registry, tags in RELEASE_TAGS.items():
        text = rendering.get("aws_ecr_lifecycle_policy", f"{registry}-lifecycle")["policy"]
        rules = sorted(json.loads(text)["rules"], key=lambda r: r["rulePriority"])
        *protect, rest = rules
        assert rest["selection"]["tagStatus"] == "any"  # the count rule comes last
        for tag in tags:
            (first,) = [
                r
                for r in rules
                if r["selection"]["tagStatus"] == "tagged"
                and all(_matches(tag, p) for p in r["selection"]["tagPatternList"])
            ][:1]
            # matched before the count rule, by a rule whose expiry no image reaches
            assert first in protect, (registry, tag)
            assert first["selection"]["countType"] == "sinceImagePushed"
            assert first["selection"]["countNumber"] >= 3650
        # a build that is neither still falls under the count
        assert not [
            r
            for r in protect
            if all(_matches("scratch-build", p) for p in r["selection"]["tagPatternList"])
        ]
