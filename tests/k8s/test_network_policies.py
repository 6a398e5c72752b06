"""The NetworkPolicies, evaluated: who may reach whom once the VPC CNI enforces them.

The VPC CNI enforces NetworkPolicy (the platform enables it), so the rendered policies decide
whether the paths a release needs exist:

- the smoke test of ``slipway deploy`` goes through the API server's service proxy: the request
  reaches the pod from the control plane's cross-account ENIs, which EKS places in the cluster's
  subnets (the private ones) under the cluster security group, the same group the managed nodes
  use, so only the NetworkPolicy could stop it;
- the load balancer's targets are the pods' IPs (target type ip), from the public subnets;
- the release job runs on the ``arc-runners`` scale set: it must reach the private API endpoint,
  GitHub, AWS and the registries over HTTPS, MLflow, and (the weekly import) the database,
  and nothing more: not the app's pods, Redis or the instance metadata (the node's role).

A connection is open when the source's egress and the destination's ingress both admit it.
With the VPC CNI a pod's address is a VPC address, so an ``ipBlock`` of the VPC matches pods too
(the evaluator counts both the pod's labels and its address).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Any

import pytest

from infra.k8s.names import APP_NAMESPACE
from infra.k8s.render import ASSISTANT, METRICS_PORT, MIGRATION, PORT
from infra.platform.builder import ARC_RUNNERS_NAMESPACE, build_platform
from infra.platform.model import Platform
from infra.spec import ENVIRONMENTS, load_spec

Objects = list[dict[str, Any]]
GITHUB = "140.82.112.3"
IMDS = "169.254.169.254"


@dataclass(frozen=True)
class Peer:
    """One end of a connection: a pod (namespace and labels) and/or an address."""

    ip: str
    namespace: str | None = None  # None: not a pod (an ENI, the internet)
    labels: dict[str, str] = field(default_factory=dict)


def _selects(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    assert not selector.get("matchExpressions"), "the evaluator reads matchLabels only"
    return all(labels.get(k) == v for k, v in selector.get("matchLabels", {}).items())


def _peer_matches(rule_peer: dict[str, Any], peer: Peer, namespace: str) -> bool:
    if "ipBlock" in rule_peer:
        block = rule_peer["ipBlock"]
        address = ipaddress.ip_address(peer.ip)
        return address in ipaddress.ip_network(block["cidr"]) and not any(
            address in ipaddress.ip_network(e) for e in block.get("except", [])
        )
    if peer.namespace is None:
        return False
    selector = rule_peer.get("namespaceSelector")
    if selector is None:
        in_namespace = peer.namespace == namespace
    else:
        in_namespace = _selects(selector, {"kubernetes.io/metadata.name": peer.namespace})
    pods = rule_peer.get("podSelector")
    return in_namespace and (pods is None or _selects(pods, peer.labels))


def _admits(policies: Objects, direction: str, pod: Peer, other: Peer, port: int) -> bool:
    selecting = [
        p
        for p in policies
        if p["metadata"].get("namespace") == pod.namespace
        and _selects(p["spec"]["podSelector"], pod.labels)
        and direction in p["spec"].get("policyTypes", ["Ingress"])
    ]
    if not selecting:
        return True  # no policy selects the pod in this direction: open
    rules_key, peers_key = ("ingress", "from") if direction == "Ingress" else ("egress", "to")
    for policy in selecting:
        for rule in policy["spec"].get(rules_key, []):
            peers = rule.get(peers_key)
            ports = rule.get("ports")
            peer_ok = not peers or any(_peer_matches(p, other, str(pod.namespace)) for p in peers)
            port_ok = not ports or any(
                p.get("protocol", "TCP") == "TCP" and p.get("port") in (None, port) for p in ports
            )
            if peer_ok and port_ok:
                return True
    return False


def open_path(policies: Objects, source: Peer, destination: Peer, port: int) -> bool:
    """Whether a TCP connection from ``source`` to ``destination:port`` gets through."""
    egress = source.namespace is None or _admits(policies, "Egress", source, destination, port)
    ingress = destination.namespace is None or _admits(
        policies, "Ingress", destination, source, port
    )
    return egress and ingress


def runner_policies(platform: Platform) -> Objects:
    (release,) = [r for r in platform.helm_releases if r.id == "arc-runners-config"]
    return [o for o in release.values["resources"] if o["kind"] == "NetworkPolicy"]


def _host(cidr: str, n: int = 10) -> str:
    return str(ipaddress.ip_network(cidr)[n])


@pytest.fixture(params=ENVIRONMENTS)
def world(request: pytest.FixtureRequest, rendered: dict[str, Objects]) -> dict[str, Any]:
    env = request.param
    platform = build_platform(load_spec(env))
    app_policies = [o for o in rendered[env] if o["kind"] == "NetworkPolicy"]
    private = [s.cidr for s in platform.network.private_subnets]
    public = [s.cidr for s in platform.network.public_subnets]
    cluster_subnets = [s.cidr for s in platform.network.subnets if s.id in platform.cluster.subnets]
    return {
        "policies": [*app_policies, *runner_policies(platform)],
        "app": Peer(_host(private[0], 20), APP_NAMESPACE, dict(ASSISTANT)),
        "migration": Peer(_host(private[0], 21), APP_NAMESPACE, dict(MIGRATION)),
        "runner": Peer(_host(private[1], 22), ARC_RUNNERS_NAMESPACE, {"app": "runner"}),
        "mlflow": Peer(_host(private[0], 23), platform.mlflow.namespace, {"app": "mlflow"}),
        "prometheus": Peer(_host(private[1], 24), "monitoring", {"app": "prometheus"}),
        # the control plane's ENIs: addresses of the cluster's subnets, no pod
        "control_plane": Peer(_host(cluster_subnets[0], 5)),
        "alb": Peer(_host(public[0], 7)),
        "database": Peer(_host(private[1], 40)),
        "platform": platform,
    }


def test_the_api_servers_proxy_reaches_the_app_port_only(world: dict[str, Any]) -> None:
    """The smoke test's path: control plane ENI → pod, on the Service's target port."""
    platform: Platform = world["platform"]
    assert set(platform.cluster.subnets) == {s.id for s in platform.network.private_subnets}
    policies, app, proxy = world["policies"], world["app"], world["control_plane"]
    assert open_path(policies, proxy, app, PORT)
    assert not open_path(policies, proxy, app, METRICS_PORT)


def test_the_load_balancer_and_prometheus_reach_their_ports(world: dict[str, Any]) -> None:
    policies, app = world["policies"], world["app"]
    assert open_path(policies, world["alb"], app, PORT)
    assert open_path(policies, world["prometheus"], app, METRICS_PORT)
    assert not open_path(policies, world["runner"], app, METRICS_PORT)
    assert open_path(policies, world["migration"], world["database"], 5432)
    assert not open_path(policies, world["migration"], Peer(GITHUB), 443)


def test_the_release_job_reaches_what_it_must(world: dict[str, Any]) -> None:
    """From a runner pod: the private API endpoint (an ENI of the cluster's subnets, 443),
    GitHub and AWS (443), MLflow, the database (the weekly feedback import)."""
    platform: Platform = world["platform"]
    policies, runner = world["policies"], world["runner"]
    assert open_path(policies, runner, world["control_plane"], 443)
    assert open_path(policies, runner, Peer(GITHUB), 443)
    assert open_path(policies, runner, world["mlflow"], platform.mlflow.port)
    assert open_path(policies, runner, world["database"], platform.database.port)


def test_the_release_job_reaches_nothing_else(world: dict[str, Any]) -> None:
    """A job runs privileged Docker: not the app's pods, Redis, the kubelets, nor the instance
    metadata (the node role's credentials); nothing connects to a runner."""
    platform: Platform = world["platform"]
    policies, runner, app = world["policies"], world["runner"], world["app"]
    assert not open_path(policies, runner, app, PORT)
    assert not open_path(policies, runner, world["database"], platform.cache.port)
    assert not open_path(policies, runner, world["database"], 10250)
    assert not open_path(policies, runner, Peer(IMDS), 80)
    assert not open_path(policies, runner, Peer(IMDS), 443)
    assert not open_path(policies, Peer(GITHUB), runner, 443)
    assert not open_path(policies, app, runner, 8080)


def test_without_the_runner_policy_the_node_role_is_in_reach(world: dict[str, Any]) -> None:
    """What the runner policy adds: before it, a job could read the node's credentials from the
    instance metadata and reach the app's pods directly."""
    without = [p for p in world["policies"] if p["metadata"]["namespace"] != ARC_RUNNERS_NAMESPACE]
    assert open_path(without, world["runner"], Peer(IMDS), 80)
    assert open_path(without, world["runner"], world["app"], PORT)
