"""Roll the assistant out to a cluster through the Kubernetes API (the official Python client).

``deploy``: a check that the identity may apply every kind (SelfSubjectAccessReview: a missing
permission fails before anything changed, naming the kinds), server-side apply of the rendered
objects (field manager ``slipway``), the migration
Job with the new image (waited for), then the Deployment with the new image, a watch of the
rollout until it is complete, failed (``ProgressDeadlineExceeded``) or out of time, and a smoke
test through the API server's service proxy (``/readyz`` and one ``POST /v1/chat``), so no
port-forward is needed. Any failure after the Deployment changed rolls back to exactly the pod
template that ran before the deploy (read at its start) and raises; a failure of a deploy that
changed no pod template (a re-run, an unchanged render) rolls nothing back, since what runs is
what ran before (review 168, D-M3).

Given the commit its image was built from (``--commit``; CI passes ``$GITHUB_SHA``), a deploy
first reads the commit the pod template that runs now was deployed from (its
``slipway.io/commit`` annotation) and refuses, before it changes anything, unless that commit is
in the new one's history: a release run of an older commit that reaches its deploy after a newer
one's (their builds raced) never rolls the environment back (review 168, D-L9). Going back is
``slipway rollback``'s job, which restores a template with its own annotation.

``slipway rollback`` works like ``kubectl rollout undo``: the Deployment's ReplicaSets are
ordered by their ``deployment.kubernetes.io/revision`` annotation and the pod template of the
newest one older than the current revision is applied back (server-side), which starts a rollout
to it.

The API server strips ``Authorization`` before proxying to a service, so the smoke chat sends the
app token as ``X-Slipway-Token`` (see :data:`SMOKE_TOKEN_HEADER`). The token is the one the
platform generated for the environment: unless one is given (``SLIPWAY_DEPLOY_SMOKE_TOKEN``), it
is read from the Secret ``slipway-smoke`` once the migration Job, which gives the smoke user that
very token, has completed (so the Secret exists, even on the first deploy).
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from infra.errors import InfraError

FIELD_MANAGER = "slipway"
INITIAL_REPLICAS_MANAGER = "slipway-initial-replicas"
REVISION = "deployment.kubernetes.io/revision"
#: The pod template's record of the commit its image was built from (set by a deploy given one)
COMMIT_ANNOTATION = "slipway.io/commit"
TEMPLATE_HASH = "pod-template-hash"
SMOKE_TOKEN_HEADER = "X-Slipway-Token"
SMOKE_MESSAGE = "hello"


class DeployError(InfraError):
    """A deploy, rollback or status read failed; the message says why and what to do next
    (exit 1 unless a subclass says otherwise)."""


class ConfigError(DeployError):
    """No usable cluster connection or settings (exit 2)."""

    exit_code = 2


class ApiFailure(DeployError):
    """The Kubernetes API refused or failed a request (exit 3)."""

    exit_code = 3


class MigrationFailed(DeployError):
    """The migration Job failed or did not finish in time; the Deployment is unchanged (exit 4)."""

    exit_code = 4


class RolloutFailed(DeployError):
    """The rollout failed (e.g. readiness never passed): rolled back (exit 5)."""

    exit_code = 5


class RolloutTimeout(DeployError):
    """The rollout did not finish before the deadline: rolled back (exit 6)."""

    exit_code = 6


class SmokeFailed(DeployError):
    """The new version is up but failed the smoke test: rolled back (exit 7)."""

    exit_code = 7


class RollbackFailed(DeployError):
    """A rollback was needed and did not complete: the cluster needs a person (exit 8)."""

    exit_code = 8


class OlderRelease(DeployError):
    """The commit that runs now is not in this one's history (a newer or an unrelated commit):
    nothing was changed (exit 9)."""

    exit_code = 9


_KEPT = " (nothing to undo when the deploy left the pod template as it was)"
EXIT_CODES = {
    0: "deployed (or rolled back on request) and healthy",
    1: "unexpected error",
    2: "configuration: no kubeconfig, unknown context, missing setting",
    3: "Kubernetes API error (forbidden, not found, unreachable)",
    4: "migration Job failed; the Deployment was not changed",
    5: "rollout failed; rolled back to what ran before" + _KEPT,
    6: "rollout timed out; rolled back to what ran before" + _KEPT,
    7: "smoke test failed; rolled back to what ran before" + _KEPT,
    8: "rollback failed or impossible; the cluster needs attention",
    9: "not deployed: the commit that runs is not in this one's history (a newer one runs); "
    "nothing was changed",
}


#: Environments that run only an image named by digest: the bytes the release scanned and
#: signed, never whatever a tag points at when the pods start (review 168, D-L7).
DIGEST_ONLY = frozenset({"staging", "prod"})
DIGEST_REFERENCE = re.compile(r"[^@\s]+@sha256:[0-9a-f]{64}")


def check_image_reference(env: str, image: str) -> None:
    """Refuse a reference that is not by digest where :data:`DIGEST_ONLY` says so."""
    if env not in DIGEST_ONLY or DIGEST_REFERENCE.fullmatch(image):
        return
    name = image.split("@")[0]
    head, _, tag = name.rpartition(":")
    tagged = bool(head) and "/" not in tag
    repository, tag = (head, tag) if tagged else (name, "")
    ecr_name = repository.split("/", 1)[1] if "/" in repository else repository
    raise ConfigError(
        f"{env} deploys an image by digest only (REPO@sha256:<64 hex>), got {image!r}: nothing "
        "was applied. Look up the digest the release pushed and signed, e.g. `aws ecr "
        f"describe-images --repository-name {ecr_name} --image-ids imageTag={tag or '<tag>'} "
        "--query 'imageDetails[0].imageDigest' --output text`, and pass "
        f"--image {repository}@sha256:<digest>"
    )


@dataclass(frozen=True)
class Target:
    """Where and what: the environment, its namespace and the rendered objects."""

    env: str
    namespace: str
    objects: list[dict[str, Any]]

    def find(self, kind: str) -> dict[str, Any]:
        return next(o for o in self.objects if o["kind"] == kind)


#: What one wave of new pods may take behind the ALB: image pull, start, readiness, and the
#: target group's health checks (the readiness gate: 15 s apart, 2 to pass), with room for a
#: node the cluster autoscaler adds (review 168, D-M4: an estimate, not measured on EKS).
SECONDS_PER_WAVE = 180.0


@dataclass
class Timeouts:
    migration: float
    rollout: float
    smoke: float
    poll: float
    rollout_per_wave: float = 0.0
    """Seconds per wave of new pods: the rollout may take ``rollout`` or this times its number
    of waves, whichever is longer (0: ``rollout`` alone)."""


def surge(deployment: dict[str, Any], replicas: int) -> int:
    """How many new pods a rolling update of ``replicas`` starts at a time (``maxSurge``, a
    number or a percentage rounded up, as the controller counts it; at least one)."""
    rolling = deployment["spec"].get("strategy", {}).get("rollingUpdate", {})
    value = rolling.get("maxSurge", "25%")
    if isinstance(value, str) and value.endswith("%"):
        count = math.ceil(replicas * int(value[:-1]) / 100)
    else:
        count = int(value)
    return max(1, count)


def rollout_timeout(t: Timeouts, deployment: dict[str, Any], replicas: int) -> float:
    """The rollout's deadline for ``replicas`` pods: the fixed one, or longer when the waves of
    new pods (``replicas`` / surge) need it (review 168, D-M4)."""
    waves = math.ceil(max(1, replicas) / surge(deployment, max(1, replicas)))
    return max(t.rollout, waves * t.rollout_per_wave)


@dataclass
class Outcome:
    image: str
    revision: str
    previous_revision: str | None


# -- connection ------------------------------------------------------------------------------
class Cluster:
    """Thin wrapper over the client: dict objects, one place that turns ApiException into
    one-line errors."""

    def __init__(self, api_client: Any, namespace: str) -> None:
        from kubernetes import client

        self.api_client = api_client
        self.namespace = namespace
        self.core = client.CoreV1Api(api_client)
        self.custom = client.CustomObjectsApi(api_client)
        self.host = api_client.configuration.host

    # Paths: core kinds go through CoreV1Api, every grouped kind through CustomObjectsApi
    # (which works for any /apis/<group>/<version> resource and returns plain dicts).
    @staticmethod
    def _plural(kind: str) -> str:
        special = {"NetworkPolicy": "networkpolicies", "Ingress": "ingresses"}
        return special.get(kind, kind.lower() + "s")

    def call(self, what: str, fn: Callable[[], Any]) -> Any:
        from kubernetes.client.exceptions import ApiException
        from urllib3.exceptions import HTTPError

        try:
            return fn()
        except ApiException as exc:
            raise api_error(what, exc, self.namespace) from None
        except HTTPError as exc:
            raise ApiFailure(
                f"{what}: cannot reach the Kubernetes API at {self.host} ({type(exc).__name__}); "
                "check the kubeconfig's server, your network/VPN and that the cluster is up"
            ) from None

    def apply(self, obj: dict[str, Any], manager: str = FIELD_MANAGER) -> dict[str, Any]:
        """Server-side apply (``application/apply-patch+yaml``, force: Slipway owns these)."""
        kind, name = obj["kind"], obj["metadata"]["name"]
        common: dict[str, Any] = {
            "field_manager": manager,
            "force": True,
            "_content_type": "application/apply-patch+yaml",
        }
        group, _, version = obj["apiVersion"].rpartition("/")

        def run() -> Any:
            if kind == "Namespace":
                return self.core.patch_namespace(name, obj, **common)
            if not group:
                method = {
                    "ServiceAccount": self.core.patch_namespaced_service_account,
                    "ConfigMap": self.core.patch_namespaced_config_map,
                    "Service": self.core.patch_namespaced_service,
                    "Secret": self.core.patch_namespaced_secret,
                }[kind]
                return method(name, self.namespace, obj, **common)
            return self.custom.patch_namespaced_custom_object(
                group, version, self.namespace, self._plural(kind), name, obj, **common
            )

        result = self.call(f"apply {kind} {name}", run)
        return (
            result
            if isinstance(result, dict)
            else self.api_client.sanitize_for_serialization(result)
        )

    def get(self, api_version: str, kind: str, name: str) -> dict[str, Any] | None:
        """The object, or None when it does not exist (an unknown type is an error)."""
        from kubernetes.client.exceptions import ApiException

        group, _, version = api_version.rpartition("/")

        def run() -> dict[str, Any] | None:
            try:
                found: dict[str, Any] = self.custom.get_namespaced_custom_object(  # type: ignore[assignment]
                    group, version, self.namespace, self._plural(kind), name
                )
                return found
            except ApiException as exc:
                if exc.status == 404 and f'"{name}" not found' in _message(exc):
                    return None
                raise

        result: dict[str, Any] | None = self.call(f"read {kind} {name}", run)
        return result

    def config_maps(self, selector: str) -> list[dict[str, Any]]:
        """The namespace's ConfigMaps with these labels, as dicts."""
        result = self.call(
            "list ConfigMaps",
            lambda: self.core.list_namespaced_config_map(self.namespace, label_selector=selector),
        )
        return [self.api_client.sanitize_for_serialization(item) for item in result.items]

    def list(self, api_version: str, kind: str, selector: str) -> list[dict[str, Any]]:
        group, _, version = api_version.rpartition("/")
        result = self.call(
            f"list {kind}",
            lambda: self.custom.list_namespaced_custom_object(
                group, version, self.namespace, self._plural(kind), label_selector=selector
            ),
        )
        return list(result.get("items", []))

    def can(self, verb: str, group: str, resource: str, name: str | None = None) -> bool:
        """Whether this identity may ``verb`` the resource (one object of it, when ``name`` is
        given) in the namespace (a SelfSubjectAccessReview, which every authenticated identity
        may ask)."""
        from kubernetes import client

        body = client.V1SelfSubjectAccessReview(
            spec=client.V1SelfSubjectAccessReviewSpec(
                resource_attributes=client.V1ResourceAttributes(
                    verb=verb, group=group, resource=resource, namespace=self.namespace, name=name
                )
            )
        )
        api = client.AuthorizationV1Api(self.api_client)
        review = self.call(
            f"ask whether it may {verb} {resource}",
            lambda: api.create_self_subject_access_review(body),
        )
        return bool(review.status and review.status.allowed)

    def secret_value(self, name: str, key: str) -> str:
        """One key of a Secret of the namespace, decoded; an error naming what is missing."""
        import base64

        from kubernetes.client.exceptions import ApiException

        def run() -> Any:
            try:
                return self.core.read_namespaced_secret(name, self.namespace)
            except ApiException as exc:
                if exc.status == 404:
                    return None
                raise

        secret = self.call(f"read Secret {name}", run)
        if secret is None:
            raise ApiFailure(
                f"Secret {name} does not exist in namespace {self.namespace}: External Secrets "
                f"makes it from the platform's secret (`kubectl -n {self.namespace} describe "
                f"externalsecret {name}` says why it did not); the Deployment was not changed"
            )
        encoded = (secret.data or {}).get(key)
        if not encoded:
            raise DeployError(
                f"Secret {name} has no key {key}: check its ExternalSecret "
                f"(`kubectl -n {self.namespace} describe externalsecret {name}`)"
            )
        return base64.b64decode(encoded).decode("utf-8")

    def namespace_exists(self) -> bool:
        from kubernetes.client.exceptions import ApiException

        try:
            self.core.read_namespace(self.namespace)
        except ApiException as exc:
            if exc.status == 404:
                return False
            if exc.status == 403:
                return True  # a namespace-scoped deployer may not read it; applying will tell
            raise api_error(f"read namespace {self.namespace}", exc, self.namespace) from None
        return True

    def delete_config_map(self, name: str) -> None:
        self.call(
            f"delete ConfigMap {name}",
            lambda: self.core.delete_namespaced_config_map(name, self.namespace),
        )

    def delete_job(self, name: str) -> None:
        self.call(
            f"delete Job {name}",
            lambda: self.custom.delete_namespaced_custom_object(
                "batch", "v1", self.namespace, "jobs", name, propagation_policy="Background"
            ),
        )

    def watch_deployment(self, name: str, seconds: float) -> Any:
        """Events of one Deployment for at most ``seconds``: the server closes the stream at
        ``timeoutSeconds`` (whole seconds) and the client stops reading at ``seconds``."""
        import math

        from kubernetes import watch

        return watch.Watch().stream(  # type: ignore[no-untyped-call]
            self.custom.list_namespaced_custom_object,
            "apps",
            "v1",
            self.namespace,
            "deployments",
            field_selector=f"metadata.name={name}",
            timeout_seconds=max(1, math.ceil(seconds)),
            _request_timeout=(10, max(0.1, seconds)),
        )

    def proxy(
        self,
        service: str,
        method: str,
        path: str,
        body: Any = None,
        headers: dict[str, str] | None = None,
        timeout: float = 30,
    ) -> tuple[int, str]:
        """(status, text) of a request to the Service through the API server's service proxy;
        status 0 when no answer came (timeout, connection lost)."""
        from kubernetes.client.exceptions import ApiException
        from urllib3.exceptions import HTTPError

        try:
            if method == "GET" and not headers:
                text = self.core.connect_get_namespaced_service_proxy_with_path(
                    service, self.namespace, path.lstrip("/"), _request_timeout=timeout
                )
                return 200, str(text)
            # The generated POST proxy call takes no body: the same request through the
            # client's REST layer (its host, TLS settings and credentials).
            url = (
                f"{self.host}/api/v1/namespaces/{self.namespace}/services/{service}/proxy/"
                f"{path.lstrip('/')}"
            )
            all_headers = {"Content-Type": "application/json", **(headers or {})}
            self.api_client.update_params_for_auth(
                all_headers, None, ["BearerToken"], url, method, body
            )
            response = self.api_client.rest_client.request(
                method, url, headers=all_headers, body=body, _request_timeout=timeout
            )
            response.read()
            return int(response.status), response.data.decode("utf-8", "replace")
        except ApiException as exc:
            return int(exc.status or 0), str(exc.body or exc.reason)
        except HTTPError as exc:
            return 0, f"no answer through the service proxy ({type(exc).__name__})"


def _message(exc: Any) -> str:
    try:
        return str(json.loads(exc.body).get("message", "")) or str(exc.reason)
    except (TypeError, ValueError, AttributeError):
        return str(exc.reason)


def api_error(what: str, exc: Any, namespace: str) -> ApiFailure:
    status = exc.status
    detail = _message(exc)
    if status == 401:
        hint = (
            "the kubeconfig's credentials are expired or wrong: refresh them "
            "(aws eks update-kubeconfig)"
        )
    elif status == 403:
        hint = (
            f"your identity may not do this in namespace {namespace}: use the deploy role "
            "(its EKS access entry grants edit there; the Role slipway-deploy in access.yaml "
            "of `slipway k8s render` grants the custom kinds) or ask a cluster admin"
        )
    elif status == 404 and "namespaces" in detail and "not found" in detail:
        hint = (
            f"namespace {namespace} does not exist: a cluster admin applies the Namespace "
            "from `slipway k8s render` once"
        )
    elif status == 404:
        hint = (
            "the resource type is unknown: install its operator (External Secrets, "
            "Prometheus Operator) or check the cluster version"
        )
    elif status == 409:
        hint = "someone else changed the object at the same time: run the command again"
    elif status == 422:
        hint = "the cluster rejected the object: run `slipway k8s render` and check it"
    else:
        hint = "the API server failed: check the cluster's health and run the command again"
    return ApiFailure(f"{what}: HTTP {status} {detail}; {hint}")


def connect(kubeconfig: Path | None, context: str | None, namespace: str) -> Cluster:
    """A Cluster for the kubeconfig and context, failing with one line when they are unusable."""
    import os

    from kubernetes import config
    from kubernetes.config.config_exception import ConfigException

    path = kubeconfig or Path(os.environ.get("KUBECONFIG", "~/.kube/config")).expanduser()
    if not path.is_file():
        raise ConfigError(
            f"no kubeconfig at {path}: set SLIPWAY_KUBECONFIG or run "
            "`aws eks update-kubeconfig --name <cluster>` first"
        )
    try:
        contexts, current = config.list_kube_config_contexts(  # type: ignore[no-untyped-call]
            config_file=str(path)
        )
    except (ConfigException, OSError, ValueError) as exc:
        raise ConfigError(f"cannot read kubeconfig {path}: {exc}") from None
    names = [c["name"] for c in contexts or []]
    if context is not None and context not in names:
        raise ConfigError(
            f"no context {context!r} in {path} (has: {', '.join(names) or 'none'}); "
            "fix SLIPWAY_KUBE_CONTEXT or pass --context"
        )
    if context is None and not current:
        raise ConfigError(f"{path} has no current-context: set SLIPWAY_KUBE_CONTEXT")
    try:
        api_client = config.new_client_from_config(  # type: ignore[no-untyped-call]
            config_file=str(path), context=context
        )
    except (ConfigException, OSError, ValueError) as exc:
        raise ConfigError(f"kubeconfig {path}: {exc}") from None
    return Cluster(api_client, namespace)


# -- reading state -----------------------------------------------------------------------------
def _image(deployment: dict[str, Any]) -> str:
    return str(deployment["spec"]["template"]["spec"]["containers"][0]["image"])


def _revision(obj: dict[str, Any]) -> int:
    return int(obj.get("metadata", {}).get("annotations", {}).get(REVISION, "0") or 0)


def replica_sets(cluster: Cluster, deployment: dict[str, Any]) -> list[dict[str, Any]]:
    """The Deployment's ReplicaSets (by owner), newest revision first."""
    selector = ",".join(
        f"{k}={v}" for k, v in deployment["spec"]["selector"]["matchLabels"].items()
    )
    uid = deployment["metadata"].get("uid")
    owned = [
        rs
        for rs in cluster.list("apps/v1", "ReplicaSet", selector)
        if any(ref.get("uid") == uid for ref in rs["metadata"].get("ownerReferences", []))
    ]
    return sorted(owned, key=_revision, reverse=True)


def rollout_state(deployment: dict[str, Any]) -> tuple[str, str]:
    """(``complete`` | ``failed`` | ``progressing``, a short description) as kubectl judges it."""
    spec, status = deployment.get("spec", {}), deployment.get("status", {})
    want = int(spec.get("replicas", 1))
    generation = deployment["metadata"].get("generation", 0)
    updated = int(status.get("updatedReplicas", 0))
    available = int(status.get("availableReplicas", 0))
    total = int(status.get("replicas", 0))
    unavailable = int(status.get("unavailableReplicas", 0))
    summary = f"{updated}/{want} updated, {available} available, {unavailable} unavailable"
    if status.get("observedGeneration", 0) < generation:
        return "progressing", "waiting for the controller to see the new spec"
    for condition in status.get("conditions", []):
        if (
            condition.get("type") == "Progressing"
            and condition.get("reason") == "ProgressDeadlineExceeded"
        ):
            message = condition.get("message", "progress deadline exceeded")
            return "failed", f"ProgressDeadlineExceeded: {message} ({summary})"
    if updated < want or total > updated or available < updated:
        return "progressing", summary
    return "complete", summary


def wait_rollout(cluster: Cluster, name: str, timeout: float, poll: float) -> str:
    """Watch the Deployment until its rollout completes; raise on failure or at the deadline."""
    from urllib3.exceptions import ReadTimeoutError

    deadline = time.monotonic() + timeout
    last = ("progressing", "no status yet")

    def watch_once(seconds: float) -> None:
        nonlocal last
        try:
            for event in cluster.watch_deployment(name, seconds):
                if event["type"] == "DELETED":
                    raise RolloutFailed(f"Deployment {name} was deleted during the rollout")
                last = rollout_state(event["object"])
                if last[0] != "progressing":
                    return
        except ReadTimeoutError:
            pass  # the client-side bound of this watch: the deadline decides below

    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise RolloutTimeout(f"rollout of {name} did not finish in {timeout:g}s ({last[1]})")
        seconds = min(left, 60.0)
        cluster.call(f"watch Deployment {name}", lambda: watch_once(seconds))  # noqa: B023
        if last[0] == "complete":
            return last[1]
        if last[0] == "failed":
            raise RolloutFailed(f"rollout of {name} failed: {last[1]}")
        time.sleep(min(poll, max(0.0, deadline - time.monotonic())))


def wait_job(cluster: Cluster, name: str, timeout: float, poll: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        job = cluster.get("batch/v1", "Job", name)
        if job is None:
            raise MigrationFailed(f"migration Job {name} disappeared; run the deploy again")
        for condition in job.get("status", {}).get("conditions", []):
            if condition.get("status") != "True":
                continue
            if condition.get("type") == "Complete":
                return
            if condition.get("type") == "Failed":
                last = last_log_line(cluster, name)
                raise MigrationFailed(
                    f"migration Job {name} failed: {condition.get('reason')}: "
                    f"{condition.get('message', '')}"
                    + (f" (last log line: {last})" if last else "")
                    + "; the Deployment was not changed. "
                    f"See `kubectl -n {cluster.namespace} logs job/{name}`"
                )
        if time.monotonic() > deadline:
            raise MigrationFailed(
                f"migration Job {name} did not finish in {timeout:g}s; the Deployment was not "
                f"changed. See `kubectl -n {cluster.namespace} describe job/{name}`"
            )
        time.sleep(poll)


def last_log_line(cluster: Cluster, job: str) -> str:
    """The last non-empty log line of the Job's newest pod; empty when it cannot be read
    (the error message then points at kubectl instead)."""
    try:
        pods = cluster.call(
            f"list pods of Job {job}",
            lambda: cluster.core.list_namespaced_pod(
                cluster.namespace, label_selector=f"job-name={job}"
            ),
        )
        names = sorted(
            (str(p.metadata.creation_timestamp or ""), p.metadata.name) for p in pods.items
        )
        if not names:
            return ""
        text = cluster.call(
            f"read the log of Job {job}",
            lambda: cluster.core.read_namespaced_pod_log(
                names[-1][1], cluster.namespace, tail_lines=20
            ),
        )
    except ApiFailure:
        return ""
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return lines[-1][:300] if lines else ""


# -- steps ------------------------------------------------------------------------------------
APPLY_VERBS = ("create", "patch")  # server-side apply creates or patches


def check_access(
    cluster: Cluster,
    objects: list[dict[str, Any]],
    reads: tuple[tuple[str, str, str], ...] = (),
) -> None:
    """Before anything is applied: the identity may apply every kind of the objects (not the
    Namespace, which a cluster admin applies) and ``get`` each (group, resource, name) of
    ``reads``, else one error naming each kind and object it may not."""
    kinds: dict[tuple[str, str], str] = {}
    for obj in objects:
        if obj["kind"] != "Namespace":
            group = obj["apiVersion"].rpartition("/")[0]
            kinds.setdefault((group, Cluster._plural(obj["kind"])), obj["kind"])
    denied = [
        f"{kind} ({resource}{'.' + group if group else ''})"
        for (group, resource), kind in kinds.items()
        if not all(cluster.can(verb, group, resource) for verb in APPLY_VERBS)
    ]
    unreadable = [
        f"{resource}{'.' + group if group else ''} {name}"
        for group, resource, name in reads
        if not cluster.can("get", group, resource, name)
    ]
    if denied or unreadable:
        what = [f"apply {', '.join(denied)}"] if denied else []
        what += [f"get {', '.join(unreadable)}"] if unreadable else []
        raise ApiFailure(
            f"the deploy identity may not {' nor '.join(what)} in namespace "
            f"{cluster.namespace}: nothing was applied. A cluster admin applies access.yaml from "
            "`slipway k8s render` (the Role slipway-deploy grants the custom kinds and the "
            "smoke-test Secret to the deploy role's group; its access entry grants edit for the "
            "built-in kinds)"
        )


def _replicas_only(deployment: dict[str, Any], replicas: int) -> dict[str, Any]:
    return {
        "apiVersion": deployment["apiVersion"],
        "kind": deployment["kind"],
        "metadata": {"name": deployment["metadata"]["name"]},
        "spec": {"replicas": replicas},
    }


#: How long after the Job's own deadline the controller may take to mark it failed.
JOB_DEADLINE_MARGIN = 30.0


def migration_wait(t: Timeouts, job: dict[str, Any]) -> float:
    """How long the deploy waits for the migration Job: never less than the Job may run
    (``activeDeadlineSeconds``, then the controller fails it), so a deploy never reports a
    failure of a Job that then completes (review 168, D-L8)."""
    deadline = job["spec"].get("activeDeadlineSeconds")
    return t.migration if deadline is None else max(t.migration, deadline + JOB_DEADLINE_MARGIN)


def run_migration(cluster: Cluster, job: dict[str, Any], t: Timeouts) -> str:
    """Apply the image's migration Job (re-created if an earlier run failed) and wait for it."""
    name = job["metadata"]["name"]
    existing = cluster.get("batch/v1", "Job", name)
    if existing is not None:
        conditions = existing.get("status", {}).get("conditions", [])
        if any(c.get("type") == "Complete" and c.get("status") == "True" for c in conditions):
            return f"migration Job {name} already completed for this image"
        if any(c.get("type") == "Failed" and c.get("status") == "True" for c in conditions):
            cluster.delete_job(name)
            _wait_gone(cluster, name, t)
    cluster.apply(job)
    wait_job(cluster, name, migration_wait(t, job), t.poll)
    return f"migration Job {name} completed"


def _wait_gone(cluster: Cluster, name: str, t: Timeouts) -> None:
    deadline = time.monotonic() + t.migration
    while cluster.get("batch/v1", "Job", name) is not None:
        if time.monotonic() > deadline:
            raise MigrationFailed(f"the failed migration Job {name} was not deleted in time")
        time.sleep(t.poll)


def smoke_test(cluster: Cluster, service: str, token: str, timeout: float) -> str:
    """``/readyz`` then one chat round trip through the service proxy; raise on any failure."""
    status, text = cluster.proxy(service, "GET", "/readyz", timeout=timeout)
    if status != 200:
        raise SmokeFailed(f"GET /readyz through the Service answered {status}: {text[:200]}")
    body = {"message": SMOKE_MESSAGE}
    status, text = cluster.proxy(
        service, "POST", "/v1/chat", body, {SMOKE_TOKEN_HEADER: token}, timeout
    )
    if status != 200:
        raise SmokeFailed(f"POST /v1/chat through the Service answered {status}: {text[:200]}")
    try:
        reply = json.loads(text)
    except ValueError:
        raise SmokeFailed(f"POST /v1/chat answered non-JSON: {text[:200]}") from None
    if not isinstance(reply, dict) or not reply.get("reply"):
        raise SmokeFailed(f"POST /v1/chat answered without a reply: {text[:200]}")
    return f"smoke test passed (readyz 200, chat replied via {reply.get('path', '?')})"


def _config_maps_read_by(template: dict[str, Any]) -> set[str]:
    """The ConfigMaps a pod template reads (``envFrom``, ``valueFrom``, volumes)."""
    spec = template.get("spec", {})
    names = {v["configMap"]["name"] for v in spec.get("volumes") or [] if v.get("configMap")}
    containers = [*(spec.get("initContainers") or []), *(spec.get("containers") or [])]
    for container in containers:
        for source in container.get("envFrom") or []:
            if source.get("configMapRef"):
                names.add(source["configMapRef"]["name"])
        for env in container.get("env") or []:
            ref = (env.get("valueFrom") or {}).get("configMapKeyRef")
            if ref:
                names.add(ref["name"])
    return names


def prune_config_maps(cluster: Cluster, name: str, selector: str) -> list[str]:
    """Delete the ConfigMaps of ``selector`` that neither the Deployment nor any ReplicaSet it
    keeps (``revisionHistoryLimit``) reads: a rollback can reach exactly the ones left."""
    deployment = cluster.get("apps/v1", "Deployment", name)
    if deployment is None:
        return []
    kept = _config_maps_read_by(deployment["spec"]["template"])
    for rs in replica_sets(cluster, deployment):
        kept |= _config_maps_read_by(rs["spec"]["template"])
    pruned = []
    for config_map in cluster.config_maps(selector):
        found = config_map["metadata"]["name"]
        if found not in kept:
            cluster.delete_config_map(found)
            pruned.append(found)
    return sorted(pruned)


def undo(cluster: Cluster, name: str, t: Timeouts) -> str:
    """Roll the Deployment back to its previous revision (kubectl rollout undo) and wait."""
    deployment = cluster.get("apps/v1", "Deployment", name)
    if deployment is None:
        raise RollbackFailed(f"Deployment {name} does not exist: nothing to roll back")
    current = _revision(deployment)
    older = [rs for rs in replica_sets(cluster, deployment) if _revision(rs) < current]
    if not older:
        raise RollbackFailed(
            f"Deployment {name} has no revision before {current}: nothing to roll back to"
        )
    previous = older[0]
    replicas = int(deployment["spec"].get("replicas") or 1)
    t = dataclasses.replace(t, rollout=rollout_timeout(t, deployment, replicas))
    return restore(cluster, deployment, previous["spec"]["template"], _revision(previous), t)


def restore(
    cluster: Cluster,
    deployment: dict[str, Any],
    template: dict[str, Any],
    revision: int,
    t: Timeouts,
) -> str:
    """Apply ``template`` (what revision ``revision`` ran) back as the Deployment's pod template
    (server-side) and wait for that rollout."""
    name = deployment["metadata"]["name"]
    template = json.loads(json.dumps(template))
    template.get("metadata", {}).get("labels", {}).pop(TEMPLATE_HASH, None)
    patch = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name, "namespace": cluster.namespace},
        "spec": {"selector": deployment["spec"]["selector"], "template": template},
    }
    cluster.apply(patch)
    try:
        wait_rollout(cluster, name, t.rollout, t.poll)
    except DeployError as exc:
        raise RollbackFailed(f"rollback to revision {revision} failed: {exc}") from None
    image = template["spec"]["containers"][0]["image"]
    return f"rolled back to revision {revision} ({image})"


@dataclass(frozen=True)
class Commit:
    """The commit an image was built from, and how to tell whether another commit is in its
    history (``descends(older)``: the CLI asks git; tests give their own)."""

    sha: str
    descends: Callable[[str], bool]


def check_order(current: dict[str, Any] | None, commit: Commit, env: str) -> str:
    """Raise :class:`OlderRelease` unless the commit the running pod template was deployed from
    is ``commit`` or in its history; else say what was checked."""
    annotations = (((current or {}).get("spec") or {}).get("template") or {}).get("metadata") or {}
    running = (annotations.get("annotations") or {}).get(COMMIT_ANNOTATION)
    if not running:
        return f"no commit recorded on what runs in {env}: {commit.sha[:12]} goes out"
    if running == commit.sha:
        return f"{commit.sha[:12]} runs in {env} already: deployed again"
    if not commit.descends(running):
        raise OlderRelease(
            f"{running[:12]} runs in {env} and is not in the history of {commit.sha[:12]}: a "
            f"newer release is out (or an unrelated one), so this one was not deployed and "
            f"nothing changed. To go back on purpose: `slipway rollback --env {env}` (the "
            f"rollback workflow), or a revert committed on top"
        )
    return f"{commit.sha[:12]} follows {running[:12]}, which runs in {env}"


def deploy(
    cluster: Cluster,
    target: Target,
    image: str,
    smoke_token: str | None,
    t: Timeouts,
    report: Callable[[str], None] = lambda _: None,
    commit: Commit | None = None,
) -> Outcome:
    """The whole release; on a failure after the Deployment changed, roll back, then raise.

    ``smoke_token`` None: the platform's token, read from the Secret ``slipway-smoke`` after the
    migration Job (which needs that Secret too) has given the smoke user that token.
    ``commit``: the commit the image was built from; the deploy raises :class:`OlderRelease`,
    having changed nothing, unless the commit that runs now is in its history."""
    from infra.k8s.rbac import DEPLOY_READS
    from infra.k8s.render import SMOKE_SECRET, SMOKE_SECRET_KEY

    deployment = target.find("Deployment")
    job = target.find("Job")
    name = deployment["metadata"]["name"]
    service = target.find("Service")
    port = service["spec"]["ports"][0]["name"]
    if not cluster.namespace_exists():
        namespace = next((o for o in target.objects if o["kind"] == "Namespace"), None)
        if namespace is not None:
            cluster.apply(namespace)
            report(f"created namespace {target.namespace}")
    check_access(cluster, target.objects, DEPLOY_READS if smoke_token is None else ())
    current = cluster.get("apps/v1", "Deployment", name)
    previous = str(_revision(current)) if current else None
    if commit is not None:
        report(check_order(current, commit, target.env))
    rest = [o for o in target.objects if o["kind"] not in {"Namespace", "Job", "Deployment"}]
    for obj in rest:
        cluster.apply(obj)
    report(f"applied {len(rest)} objects (server-side, field manager {FIELD_MANAGER})")
    report(run_migration(cluster, job, t))
    if smoke_token is None:
        smoke_token = cluster.secret_value(SMOKE_SECRET, SMOKE_SECRET_KEY)
        report(f"smoke-test token read from Secret {SMOKE_SECRET}")
    desired = json.loads(json.dumps(deployment))
    replicas = desired["spec"].pop("replicas", None)
    if commit is not None:
        template = desired["spec"]["template"].setdefault("metadata", {})
        template.setdefault("annotations", {})[COMMIT_ANNOTATION] = commit.sha
    applied = cluster.apply(desired)
    replicas_now = int(((current or {}).get("spec") or {}).get("replicas") or replicas or 1)
    t = dataclasses.replace(t, rollout=rollout_timeout(t, applied, replicas_now))
    # What ran before, recorded now: a failure goes back to exactly this pod template, and to
    # nothing when the apply left the template as it was (a re-run, an unchanged render): the
    # ReplicaSet below the current one is then an older release, not what ran before.
    changed = current is None or applied["spec"]["template"] != current["spec"]["template"]
    if current is None and replicas is not None:
        # The starting size under its own field manager: `slipway` never owns spec.replicas, so
        # its later applies neither reset it nor fight the HPA, which takes it over.
        cluster.apply(_replicas_only(desired, replicas), INITIAL_REPLICAS_MANAGER)
    report(
        f"Deployment {name} now runs {image} ({replicas_now} replicas, "
        f"{surge(applied, replicas_now)} at a time; waiting up to {t.rollout:g}s)"
    )
    try:
        report("rollout complete: " + wait_rollout(cluster, name, t.rollout, t.poll))
        report(smoke_test(cluster, f"{service['metadata']['name']}:{port}", smoke_token, t.smoke))
    except (RolloutFailed, RolloutTimeout, SmokeFailed) as failure:
        if current is None or previous is None:
            message = f"{failure}; first deploy, no previous revision to roll back to"
            raise type(failure)(message) from None
        if not changed:
            message = (
                f"{failure}; this deploy did not change the pod template, so the release that "
                f"ran before it (revision {previous}) is the one that failed and nothing was "
                f"rolled back: check the app and its dependencies (`slipway status --env "
                f"{target.env}`, `kubectl -n {cluster.namespace} logs deploy/{name}`)"
            )
            raise type(failure)(message) from None
        try:
            done = restore(cluster, current, current["spec"]["template"], int(previous), t)
        except DeployError as exc:
            raise RollbackFailed(f"{failure}; and the rollback failed: {exc}") from None
        raise type(failure)(f"{failure}; {done}") from None
    config_maps = [o for o in target.objects if o["kind"] == "ConfigMap"]
    if config_maps:
        selector = ",".join(f"{k}={v}" for k, v in config_maps[0]["metadata"]["labels"].items())
        try:
            pruned = prune_config_maps(cluster, name, selector)
        except ApiFailure as exc:  # the release is out and healthy: tell, do not fail it
            report(f"old ConfigMaps were not pruned ({exc}); the next deploy tries again")
        else:
            if pruned:
                report(f"pruned {len(pruned)} ConfigMap(s) no kept revision reads")
    after = cluster.get("apps/v1", "Deployment", name) or {}
    return Outcome(image=image, revision=str(_revision(after)), previous_revision=previous)


def status(cluster: Cluster, name: str) -> dict[str, Any]:
    """What runs now: image, revision, replicas, conditions, revision history, autoscaler."""
    deployment = cluster.get("apps/v1", "Deployment", name)
    if deployment is None:
        raise DeployError(
            f"no Deployment {name} in namespace {cluster.namespace}: deploy first "
            "(`slipway deploy --env <env> --image <ref>`)"
        )
    state, detail = rollout_state(deployment)
    history = [
        {
            "revision": _revision(rs),
            "image": rs["spec"]["template"]["spec"]["containers"][0]["image"],
            "ready": int(rs.get("status", {}).get("readyReplicas", 0)),
        }
        for rs in replica_sets(cluster, deployment)
    ]
    hpa = cluster.get("autoscaling/v2", "HorizontalPodAutoscaler", name)
    return {
        "deployment": name,
        "namespace": cluster.namespace,
        "image": _image(deployment),
        "revision": _revision(deployment),
        "rollout": state,
        "detail": detail,
        "conditions": [
            f"{c.get('type')}={c.get('status')} ({c.get('reason', '')})"
            for c in deployment.get("status", {}).get("conditions", [])
        ],
        "history": history,
        "autoscaler": (
            {
                "min": hpa["spec"].get("minReplicas"),
                "max": hpa["spec"]["maxReplicas"],
                "current": hpa.get("status", {}).get("currentReplicas"),
            }
            if hpa
            else None
        ),
    }
