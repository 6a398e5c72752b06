"""Probe 32, R-H1 and R-M1: node groups replaced create-first, templates that a tag edit leaves.

R-H1: with a fixed ``node_group_name`` a replacement (the launch template's id, ``disk_size``)
had to delete the old group first: the cluster lost every node, the runner applying it included.
Each group is now named from a prefix, and replaced create-first in both engines (CDKTF
``create_before_destroy``; Pulumi creates auto-named replacements first). The apply job's refusal
of the plans that still take nodes away is in tests/delivery/test_probe32_node_groups.py.

R-M1: the launch templates carried every stack tag, so a ``cost-center`` edit made a new template
version and rolled every node. They carry ``environment`` only.
"""

from __future__ import annotations

from typing import Any

import pytest

from infra.platform import build_platform
from infra.spec import load_spec

GROUPS = ("nodes-general", "nodes-runners")


@pytest.mark.slow
def test_both_engines_name_the_groups_from_a_prefix(rendering: Any) -> None:
    for group_id in GROUPS:
        group = rendering.get("aws_eks_node_group", group_id)
        name = group_id.removeprefix("nodes-")
        assert group.get("node_group_name") is None, group_id
        assert group["node_group_name_prefix"] == f"slipway-{rendering.env}-{name}-"
        if rendering.engine == "cdktf":
            assert group["lifecycle"]["create_before_destroy"] is True
            # the autoscaler still owns the desired size
            assert group["lifecycle"]["ignore_changes"] == ["scaling_config[0].desired_size"]


@pytest.mark.slow
def test_pulumi_reads_the_auto_scaling_group_off_the_named_group(pulumi_runs: Any) -> None:
    """No fixed name to look the group up by: the ASG tag takes it from the component's node
    group (its ``resources``)."""
    for env, run in pulumi_runs.items():
        tags = {r.name: r.inputs for r in run.of_type("aws:autoscaling/tag:Tag")}
        for group_id in GROUPS:
            tag = tags[f"{group_id}-asg-environment"]
            assert tag["autoscalingGroupName"] == f"{group_id}-id"
            assert tag["tag"]["value"] == env
        assert "aws:eks/getNodeGroup:getNodeGroup" not in [t for t, _ in run.calls]


@pytest.mark.slow
def test_templates_carry_the_environment_only(rendering: Any) -> None:
    for template in rendering.of_type("aws_launch_template").values():
        for spec in template["tag_specifications"]:
            assert spec["tags"] == {"environment": rendering.env}


def test_a_tag_edit_leaves_the_templates_alone(settings: Any) -> None:
    spec = load_spec("dev", settings)
    assert spec.tags, "dev.yaml sets tags (cost-center, team)"
    edited = spec.model_copy(update={"tags": {**spec.tags, "cost-center": "ml-elsewhere"}})
    before, after = build_platform(spec), build_platform(edited)
    templates = [g.launch_template for g in before.cluster.node_groups]
    assert templates == [g.launch_template for g in after.cluster.node_groups]
    assert all(t is not None and t.tags == (("environment", "dev"),) for t in templates)
    assert [g.name_prefix for g in before.cluster.node_groups] == [
        "slipway-dev-general-",
        "slipway-dev-runners-",
    ]
