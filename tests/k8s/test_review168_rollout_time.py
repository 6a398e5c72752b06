"""Review 168, D-M4: a rollout of many replicas behind the ALB's readiness gate. New pods start
a quarter at a time (``maxSurge: 25%``, never fewer serving), a stall still fails it
(``progressDeadlineSeconds``), and the deploy's wait grows with the waves the current replica
count needs instead of a fixed 600 s. D-L8: the deploy waits for the migration Job as long as
the Job may run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from infra.k8s import rollout as d
from infra.k8s.names import APP_NAMESPACE
from infra.spec import ENVIRONMENTS
from tests.fakes.kube_api import FakeKubeApi
from tests.k8s.conftest import SMOKE_TOKEN, image
from tests.k8s.test_deploy import deployed_image, target


def _one(objects: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    (found,) = [o for o in objects if o["kind"] == kind]
    return found


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_a_quarter_of_the_pods_start_at_a_time(
    env: str, rendered: dict[str, list[dict[str, Any]]]
) -> None:
    spec = _one(rendered[env], "Deployment")["spec"]
    assert spec["strategy"]["rollingUpdate"] == {"maxUnavailable": 0, "maxSurge": "25%"}
    assert spec["progressDeadlineSeconds"] == 300


def _with_surge(value: int | str) -> dict[str, Any]:
    return {"spec": {"strategy": {"rollingUpdate": {"maxSurge": value}}}}


@pytest.mark.parametrize(
    ("surge", "replicas", "at_a_time", "deadline"),
    [
        (1, 12, 1, 12 * 180),  # one pod at a time: what the review measured against 600 s
        ("25%", 12, 3, 4 * 180),
        ("25%", 13, 4, 4 * 180),
        ("25%", 3, 1, 600),  # three waves fit in the fixed deadline
        ("25%", 1, 1, 600),
    ],
)
def test_the_deadline_grows_with_the_waves(
    surge: int | str, replicas: int, at_a_time: int, deadline: float
) -> None:
    t = d.Timeouts(migration=300, rollout=600, smoke=30, poll=2, rollout_per_wave=180)
    assert d.surge(_with_surge(surge), replicas) == at_a_time
    assert d.rollout_timeout(t, _with_surge(surge), replicas) == deadline


def test_the_deploy_waits_for_the_current_replica_count(
    with_namespace: FakeKubeApi, kubeconfig: Path
) -> None:
    cluster = d.connect(kubeconfig, None, APP_NAMESPACE)
    t = d.Timeouts(migration=5, rollout=0.5, smoke=5, poll=0.05, rollout_per_wave=0.4)
    d.deploy(cluster, target("v1"), image("v1"), SMOKE_TOKEN, t)
    with_namespace.scale("slipway", 12)  # the HPA at its prod maximum
    with_namespace.rollout_outcomes.append("hang")
    lines: list[str] = []
    with pytest.raises(d.RolloutTimeout) as failed:
        d.deploy(cluster, target("v2"), image("v2"), SMOKE_TOKEN, t, lines.append)
    # 12 replicas, 3 at a time: 4 waves of 0.4 s, not the fixed 0.5 s
    assert "did not finish in 1.6s" in str(failed.value)
    assert any("12 replicas, 3 at a time; waiting up to 1.6s" in line for line in lines)
    assert deployed_image(with_namespace) == image("v1")


def test_the_deploy_waits_for_the_migration_job_as_long_as_it_may_run(
    with_namespace: FakeKubeApi, kubeconfig: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """D-L8: the Job may run for its activeDeadlineSeconds; a shorter wait reported "migration
    failed, Deployment unchanged" for a Job that could still complete."""
    from infra.k8s import render as r

    rendered_job = _one(target("v1").objects, "Job")
    settings_wait = d.Timeouts(migration=300, rollout=600, smoke=30, poll=2)
    assert d.migration_wait(settings_wait, rendered_job) == 600 + d.JOB_DEADLINE_MARGIN
    monkeypatch.setattr(r, "MIGRATION_DEADLINE_SECONDS", 1)
    monkeypatch.setattr(d, "JOB_DEADLINE_MARGIN", 0.2)
    with_namespace.job_outcomes.append("hang")
    cluster = d.connect(kubeconfig, None, APP_NAMESPACE)
    t = d.Timeouts(migration=0.3, rollout=5, smoke=5, poll=0.05)
    with pytest.raises(d.MigrationFailed, match=r"did not finish in 1.2s"):
        d.deploy(cluster, target("v1"), image("v1"), SMOKE_TOKEN, t)
