"""Probe 25's remaining findings on the platform (both engines, every environment).

- L8: the VPC flow logs' trust has the confused-deputy conditions AWS recommends
  (``aws:SourceAccount`` and ``aws:SourceArn``): before, any account's flow log could make the
  service assume the role.
"""

from __future__ import annotations

import pytest

from infra.settings import InfraSettings
from infra.spec import EnvironmentSpec, load_spec
from tests.infra.infra_helpers import Rendering, as_list, policy_statements


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
