"""A fake Kubernetes API server: a real HTTP server on 127.0.0.1 for the official client.

Why not kmock (by the Kopf author; tried, then dropped from the dev group)? It is an aiohttp
server living in the test's asyncio loop, and its emulator stores objects by merging dicts: it
has no server-side apply semantics (``application/apply-patch+yaml`` with ``fieldManager``), no
``timeoutSeconds`` on watches, no Deployment/ReplicaSet/Job controllers and no service proxy.
Those are what ``slipway deploy`` exercises, so this module implements them directly on
``http.server`` (threaded, synchronous), which the synchronous ``kubernetes`` client talks to
through a kubeconfig like to any cluster.

What it speaks:

- ``GET`` an object or a collection (``labelSelector`` ``k=v`` terms, ``fieldSelector``
  ``metadata.name=``), ``?watch=true`` streams (JSON lines, ``ADDED``/``MODIFIED``/``DELETED``,
  closed after ``timeoutSeconds``), ``PATCH`` as server-side apply (``fieldManager`` required,
  the body's kind must match the URL, the namespace must exist) or JSON merge patch, ``DELETE``;
- errors as ``Status`` objects with ``reason`` and ``code``; bearer-token authentication (401);
- a Deployment controller: a new pod template makes a ReplicaSet with the next
  ``deployment.kubernetes.io/revision`` (going back to an old template re-uses its ReplicaSet and
  gives it the next revision, as the real controller does), and the rollout advances on a clock
  to a scripted outcome: ``success``, ``probe_failure`` (new pods never ready, then
  ``Progressing=False/ProgressDeadlineExceeded``) or ``hang`` (never finishes);
- a Job controller with outcomes ``complete``, ``fail`` (``BackoffLimitExceeded``) or ``hang``;
- the service proxy ``/api/v1/namespaces/{ns}/services/{name}[:{port}]/proxy/{path}``, which
  forwards to ``proxy_target`` without the ``Authorization`` header (the real API server strips
  it) and answers 503 while the Deployment has no available replica;
- scripted failures: :meth:`FakeKubeApi.fail` makes matching requests answer an error status;
- ``SelfSubjectAccessReview`` (``POST .../selfsubjectaccessreviews``), answered from the same
  rules;
- RBAC (``rbac=True``): the token :data:`DEPLOY_TOKEN` is the deploy identity of an EKS access
  entry (user ``deployer`` in ``deploy_groups``), allowed what the namespaced
  ``AmazonEKSEditPolicy`` allows (Kubernetes' ``edit`` role over the built-in groups,
  :data:`EDIT_POLICY`) in ``edit_namespaces``, plus whatever the Roles bound to it by the
  RoleBindings stored in the fake grant; anything else answers 403 in the API server's words.
  :data:`TOKEN` stays the cluster admin.
"""

from __future__ import annotations

import copy
import hashlib
import http.client
import itertools
import json
import threading
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

TOKEN = "fake-token"
DEPLOY_TOKEN = "fake-deploy-token"
DEPLOY_USER = "deployer"
# Kubernetes' `edit` ClusterRole (what AmazonEKSEditPolicy maps to), the resources of it this fake
# serves: API group -> resources (every verb). No RBAC kinds and no custom resources.
EDIT_POLICY = {
    "": {"configmaps", "secrets", "services", "serviceaccounts", "pods", "pods/log"}
    | {"services/proxy", "persistentvolumeclaims", "endpoints"},
    "apps": {"deployments", "replicasets", "statefulsets", "daemonsets", "deployments/scale"},
    "batch": {"jobs", "cronjobs"},
    "autoscaling": {"horizontalpodautoscalers"},
    "networking.k8s.io": {"ingresses", "networkpolicies"},
    "policy": {"poddisruptionbudgets"},
}
REVISION = "deployment.kubernetes.io/revision"
HASH = "pod-template-hash"
CORE_PLURALS = {"configmaps", "services", "serviceaccounts", "secrets", "pods", "namespaces"}
KINDS = {
    "namespaces": "Namespace",
    "configmaps": "ConfigMap",
    "services": "Service",
    "serviceaccounts": "ServiceAccount",
    "secrets": "Secret",
    "pods": "Pod",
    "deployments": "Deployment",
    "replicasets": "ReplicaSet",
    "jobs": "Job",
    "ingresses": "Ingress",
    "networkpolicies": "NetworkPolicy",
    "horizontalpodautoscalers": "HorizontalPodAutoscaler",
    "poddisruptionbudgets": "PodDisruptionBudget",
    "servicemonitors": "ServiceMonitor",
    "prometheusrules": "PrometheusRule",
    "secretstores": "SecretStore",
    "externalsecrets": "ExternalSecret",
    "roles": "Role",
    "rolebindings": "RoleBinding",
}
# group/version -> plurals served there (an unknown one answers 404 like a missing CRD)
SERVED = {
    "v1": CORE_PLURALS,
    "apps/v1": {"deployments", "replicasets"},
    "batch/v1": {"jobs"},
    "networking.k8s.io/v1": {"ingresses", "networkpolicies"},
    "autoscaling/v2": {"horizontalpodautoscalers"},
    "policy/v1": {"poddisruptionbudgets"},
    "monitoring.coreos.com/v1": {"servicemonitors", "prometheusrules"},
    "external-secrets.io/v1": {"secretstores", "externalsecrets"},
    "rbac.authorization.k8s.io/v1": {"roles", "rolebindings"},
}

Key = tuple[str, str, str | None, str]  # (group/version, plural, namespace, name)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _status(code: int, reason: str, message: str) -> dict[str, Any]:
    return {
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": message,
        "reason": reason,
        "code": code,
    }


def _merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON merge patch."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = _merge_patch(result.get(key), value)
    return result


def _template_hash(template: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(template, sort_keys=True).encode()).hexdigest()[:10]


@dataclass
class Failure:
    method: str
    path_contains: str
    status: int
    reason: str
    message: str
    times: int


@dataclass
class Rollout:
    replica_set: str
    outcome: str
    started: float
    had_old: bool


@dataclass
class FakeKubeApi:
    """The server and its scriptable behaviour; use as a context manager."""

    rollout_seconds: float = 0.15
    deadline_seconds: float = 0.3
    job_seconds: float = 0.05
    rollout_outcomes: list[str] = field(default_factory=list)
    job_outcomes: list[str] = field(default_factory=list)
    proxy_target: str | None = None
    rbac: bool = False
    """Enforce RBAC for :data:`DEPLOY_TOKEN` (the admin token is never checked)."""
    deploy_groups: tuple[str, ...] = ()
    """The Kubernetes groups of the deploy identity (the access entry's ``kubernetes_groups``)."""
    edit_namespaces: tuple[str, ...] = ("slipway",)
    """Namespaces the access entry binds the edit policy to."""
    job_log: str = "INFO  [alembic.runtime.migration] Running upgrade\nOperationalError: scripted"
    """What a failed migration pod printed (served by ``pods/{name}/log``)."""
    requests: list[tuple[str, str, str, str]] = field(default_factory=list)
    """(method, path, content type, fieldManager) of every request."""
    _objects: dict[Key, dict[str, Any]] = field(default_factory=dict)
    _rollouts: dict[Key, Rollout] = field(default_factory=dict)
    _job_plans: dict[Key, tuple[str, float]] = field(default_factory=dict)
    _failures: list[Failure] = field(default_factory=list)
    _replica_owners: dict[Key, str] = field(default_factory=dict)
    _logs: dict[tuple[str | None, str], str] = field(default_factory=dict)
    _lock: threading.RLock = field(default_factory=threading.RLock)
    _versions: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    _stopping: threading.Event = field(default_factory=threading.Event)

    # -- lifecycle ------------------------------------------------------------------------
    def __enter__(self) -> FakeKubeApi:
        handler = type("Handler", (_Handler,), {"api": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._threads = [
            threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}),
            threading.Thread(target=self._control_loop),
        ]
        for thread in self._threads:
            thread.daemon = True
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopping.set()
        self.server.shutdown()
        self.server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    def write_kubeconfig(self, path: Path, context: str = "fake", token: str = TOKEN) -> Path:
        config = {
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [{"name": "fake", "cluster": {"server": self.url}}],
            "users": [{"name": "fake", "user": {"token": token}}],
            "contexts": [
                {"name": context, "context": {"cluster": "fake", "user": "fake"}},
            ],
            "current-context": context,
        }
        path.write_text(yaml.safe_dump(config))
        return path

    # -- scripting and inspection -----------------------------------------------------------
    def fail(
        self, method: str, path_contains: str, status: int, reason: str = "", times: int = 1
    ) -> None:
        """The next ``times`` matching requests answer ``status`` (a Status object)."""
        reason = reason or {403: "Forbidden", 409: "Conflict", 500: "InternalError"}.get(
            status, "BadRequest"
        )
        message = f"scripted failure of {method} {path_contains}"
        if status == 403:
            message = f'{path_contains} is forbidden: User "deployer" cannot {method.lower()}'
        self._failures.append(Failure(method, path_contains, status, reason, message, times))

    def get(self, api_version: str, plural: str, name: str, namespace: str | None = "slipway"):
        with self._lock:
            obj = self._objects.get((api_version, plural, namespace, name))
            return copy.deepcopy(obj) if obj else None

    def items(self, api_version: str, plural: str) -> list[dict[str, Any]]:
        with self._lock:
            return [
                copy.deepcopy(o) for k, o in self._objects.items() if k[:2] == (api_version, plural)
            ]

    def put(self, obj: dict[str, Any]) -> dict[str, Any]:
        """Store an object as if created by someone else (tests set up state with it)."""
        api_version = obj["apiVersion"]
        plural = next(p for p, k in KINDS.items() if k == obj["kind"])
        namespace = None if plural == "namespaces" else obj["metadata"].get("namespace", "slipway")
        with self._lock:
            return self._store((api_version, plural, namespace, obj["metadata"]["name"]), obj)

    # -- authorization ------------------------------------------------------------------------
    def allowed(
        self, verb: str, group: str, resource: str, namespace: str | None, name: str
    ) -> bool:
        """Whether the deploy identity may ``verb`` the resource (``resource[/sub]``)."""
        if namespace is None:
            return False  # cluster-scoped: the access entry is namespaced
        if namespace in self.edit_namespaces and resource in EDIT_POLICY.get(group, set()):
            return True
        rbac = "rbac.authorization.k8s.io/v1"
        with self._lock:
            bindings = [
                o for k, o in self._objects.items() if k[:3] == (rbac, "rolebindings", namespace)
            ]
            for binding in bindings:
                subjects = binding.get("subjects", [])
                if not any(
                    (s.get("kind") == "Group" and s.get("name") in self.deploy_groups)
                    or (s.get("kind") == "User" and s.get("name") == DEPLOY_USER)
                    for s in subjects
                ):
                    continue
                ref = binding["roleRef"]
                if ref.get("kind") != "Role":
                    continue
                role = self._objects.get((rbac, "roles", namespace, ref["name"]))
                for rule in (role or {}).get("rules", []):
                    if (
                        {group, "*"} & set(rule.get("apiGroups", []))
                        and {resource, "*"} & set(rule.get("resources", []))
                        and {verb, "*"} & set(rule.get("verbs", []))
                        and (not rule.get("resourceNames") or name in rule["resourceNames"])
                    ):
                        return True
        return False

    # -- storage ----------------------------------------------------------------------------
    def _store(
        self, key: Key, obj: dict[str, Any], bump_generation: bool = False
    ) -> dict[str, Any]:
        obj = copy.deepcopy(obj)
        meta = obj.setdefault("metadata", {})
        old = self._objects.get(key)
        if old is None:
            meta.setdefault("uid", str(uuid.uuid4()))
            meta.setdefault("creationTimestamp", _now())
            meta.setdefault("generation", 1)
        else:
            for server_field in ("uid", "creationTimestamp", "generation"):
                meta[server_field] = old["metadata"][server_field]
            if bump_generation:
                meta["generation"] += 1
        if key[2] is not None:
            meta["namespace"] = key[2]
        meta["resourceVersion"] = str(next(self._versions))
        self._objects[key] = obj
        if key[1] == "jobs" and old is None:
            outcome = self.job_outcomes.pop(0) if self.job_outcomes else "complete"
            self._job_plans[key] = (outcome, time.monotonic())
        return obj

    def _apply(self, key: Key, body: dict[str, Any], manager: str) -> dict[str, Any]:
        """Server-side apply of a configuration. Field ownership is tracked for one field, a
        Deployment's ``spec.replicas``, as the real server does: a manager that set it and
        applies without it releases it, and a field nobody owns falls back to its default (1).
        Other fields: the applied configuration replaces what was there."""
        old = self._objects.get(key)
        if key[1] == "deployments" and "replicas" in body.get("spec", {}):
            self._replica_owners[key] = manager
        if old is None:
            return self._store(key, body)
        new = copy.deepcopy(old)
        meta = body.get("metadata", {})
        for part in ("labels", "annotations"):
            if part in meta:
                new["metadata"][part] = {**old["metadata"].get(part, {}), **meta[part]}
        for top, value in body.items():
            if top in {"metadata", "status", "apiVersion", "kind"}:
                continue
            if top == "spec" and key[1] == "deployments":
                value = copy.deepcopy(value)
                if "replicas" not in value:
                    released = self._replica_owners.get(key) == manager
                    value["replicas"] = 1 if released else old["spec"].get("replicas", 1)
                    if released:
                        del self._replica_owners[key]
                new["spec"] = {**old["spec"], **value}
            else:
                new[top] = copy.deepcopy(value)
        changed = new.get("spec") != old.get("spec")
        return self._store(key, new, bump_generation=changed)

    def scale(self, name: str, replicas: int, namespace: str = "slipway") -> None:
        """What the HPA does through the scale subresource: it then owns ``spec.replicas``."""
        with self._lock:
            key: Key = ("apps/v1", "deployments", namespace, name)
            obj = copy.deepcopy(self._objects[key])
            obj["spec"]["replicas"] = replicas
            self._replica_owners[key] = "horizontal-pod-autoscaler"
            self._store(key, obj, bump_generation=True)

    # -- controllers --------------------------------------------------------------------------
    def _control_loop(self) -> None:
        while not self._stopping.wait(0.02):
            with self._lock:
                for key in [k for k in self._objects if k[1] == "deployments"]:
                    self._reconcile_deployment(key)
                for key, plan in list(self._job_plans.items()):
                    self._reconcile_job(key, *plan)

    def _set_status(
        self, key: Key, status: dict[str, Any], annotations: dict[str, str] | None = None
    ):
        obj = self._objects[key]
        new_annotations = {**obj["metadata"].get("annotations", {}), **(annotations or {})}
        if (
            obj.get("status") == status
            and obj["metadata"].get("annotations", {}) == new_annotations
        ):
            return
        obj = copy.deepcopy(obj)
        obj["status"] = status
        obj["metadata"]["annotations"] = new_annotations
        obj["metadata"]["resourceVersion"] = str(next(self._versions))
        self._objects[key] = obj

    def _replica_sets(self, deployment: dict[str, Any]) -> list[tuple[Key, dict[str, Any]]]:
        uid = deployment["metadata"]["uid"]
        return [
            (k, o)
            for k, o in self._objects.items()
            if k[1] == "replicasets"
            and any(r.get("uid") == uid for r in o["metadata"].get("ownerReferences", []))
        ]

    def _reconcile_deployment(self, key: Key) -> None:
        deployment = self._objects[key]
        spec = deployment["spec"]
        want = int(spec.get("replicas", 1))
        template_hash = _template_hash(spec["template"])
        owned = self._replica_sets(deployment)
        revisions = [int(o["metadata"]["annotations"][REVISION]) for _, o in owned]
        newest = max(revisions, default=0)
        current = next(
            ((k, o) for k, o in owned if o["metadata"]["labels"].get(HASH) == template_hash), None
        )
        rollout = self._rollouts.get(key)
        if current is None:
            current = self._new_replica_set(key, deployment, template_hash, newest + 1)
            start = True
        elif int(current[1]["metadata"]["annotations"][REVISION]) < newest:
            # back to an older template: its ReplicaSet becomes the newest revision
            self._set_status(current[0], current[1].get("status", {}), {REVISION: str(newest + 1)})
            start = True
        else:
            start = rollout is None or rollout.replica_set != current[0][3]
        if start or rollout is None:
            outcome = self.rollout_outcomes.pop(0) if self.rollout_outcomes else "success"
            had_old = any(
                o.get("status", {}).get("readyReplicas", 0) for k, o in owned if k != current[0]
            )
            rollout = Rollout(current[0][3], outcome, time.monotonic(), had_old)
            self._rollouts[key] = rollout
        rs_key = ("apps/v1", "replicasets", key[2], rollout.replica_set)
        revision = self._objects[rs_key]["metadata"]["annotations"][REVISION]
        old_ready = want if rollout.had_old else 0
        elapsed = time.monotonic() - rollout.started
        generation = deployment["metadata"]["generation"]
        base = {"observedGeneration": generation}
        if rollout.outcome == "success" and elapsed >= self.rollout_seconds:
            status = {
                **base,
                "replicas": want,
                "updatedReplicas": want,
                "readyReplicas": want,
                "availableReplicas": want,
                "conditions": [
                    {"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable"},
                    {
                        "type": "Progressing",
                        "status": "True",
                        "reason": "NewReplicaSetAvailable",
                        "message": f'ReplicaSet "{rollout.replica_set}" has successfully '
                        "progressed.",
                    },
                ],
            }
            for other_key, _ in self._replica_sets(deployment):
                ready = want if other_key == rs_key else 0
                self._set_status(other_key, {"replicas": ready, "readyReplicas": ready})
        else:
            progressing = {
                "type": "Progressing",
                "status": "True",
                "reason": "ReplicaSetUpdated",
                "message": f'ReplicaSet "{rollout.replica_set}" is progressing.',
            }
            if rollout.outcome == "probe_failure" and elapsed >= self.deadline_seconds:
                progressing = {
                    "type": "Progressing",
                    "status": "False",
                    "reason": "ProgressDeadlineExceeded",
                    "message": f'ReplicaSet "{rollout.replica_set}" has timed out progressing.',
                }
            status = {
                **base,
                "replicas": old_ready + 1,
                "updatedReplicas": 1,
                "readyReplicas": old_ready,
                "availableReplicas": old_ready,
                "unavailableReplicas": 1,
                "conditions": [
                    {
                        "type": "Available",
                        "status": "True" if old_ready else "False",
                        "reason": "MinimumReplicasAvailable"
                        if old_ready
                        else "MinimumReplicasUnavailable",
                    },
                    progressing,
                ],
            }
        self._set_status(key, status, {REVISION: revision})

    def _new_replica_set(
        self, key: Key, deployment: dict[str, Any], template_hash: str, revision: int
    ) -> tuple[Key, dict[str, Any]]:
        spec = deployment["spec"]
        template = copy.deepcopy(spec["template"])
        template.setdefault("metadata", {}).setdefault("labels", {})[HASH] = template_hash
        name = f"{key[3]}-{template_hash}"
        rs = {
            "apiVersion": "apps/v1",
            "kind": "ReplicaSet",
            "metadata": {
                "name": name,
                "labels": template["metadata"]["labels"],
                "annotations": {REVISION: str(revision)},
                "ownerReferences": [
                    {
                        "apiVersion": "apps/v1",
                        "kind": "Deployment",
                        "name": key[3],
                        "uid": deployment["metadata"]["uid"],
                        "controller": True,
                    }
                ],
            },
            "spec": {"replicas": 0, "selector": spec["selector"], "template": template},
        }
        rs_key: Key = ("apps/v1", "replicasets", key[2], name)
        return rs_key, self._store(rs_key, rs)

    def _reconcile_job(self, key: Key, outcome: str, started: float) -> None:
        if key not in self._objects:
            self._job_plans.pop(key, None)
            return
        if time.monotonic() - started < self.job_seconds or outcome == "hang":
            self._set_status(key, {"active": 1, "startTime": _now()})
            return
        if outcome == "complete":
            status = {
                "succeeded": 1,
                "conditions": [{"type": "Complete", "status": "True", "reason": "Completed"}],
            }
        else:
            limit = self._objects[key]["spec"].get("backoffLimit", 6)
            self._job_pod(key)
            status = {
                "failed": limit + 1,
                "conditions": [
                    {
                        "type": "Failed",
                        "status": "True",
                        "reason": "BackoffLimitExceeded",
                        "message": "Job has reached the specified backoff limit",
                    }
                ],
            }
        self._set_status(key, status)
        self._job_plans.pop(key, None)

    def _job_pod(self, key: Key) -> None:
        """The failed pod of a Job, with its log."""
        name = f"{key[3]}-{uuid.uuid4().hex[:5]}"
        pod = {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {"name": name, "labels": {"job-name": key[3]}},
            "spec": {"containers": [{"name": "migrate", "image": "unused"}]},
            "status": {"phase": "Failed"},
        }
        self._store(("v1", "pods", key[2], name), pod)
        self._logs[(key[2], name)] = self.job_log


def _selector_matches(selector: str, labels: dict[str, str]) -> bool:
    for term in filter(None, selector.split(",")):
        name, _, value = term.partition("=")
        if labels.get(name) != value:
            return False
    return True


class _Handler(BaseHTTPRequestHandler):
    api: FakeKubeApi
    protocol_version = "HTTP/1.1"  # keep-alive like the real server; watches are chunked
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        pass

    # -- plumbing ----------------------------------------------------------------------------
    def _send(self, code: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _error(self, code: int, reason: str, message: str) -> None:
        self._send(code, _status(code, reason, message))

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _route(self, method: str) -> None:
        parsed = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(parsed.query))
        content_type = self.headers.get("Content-Type", "")
        manager = query.get("fieldManager", "")
        self.api.requests.append((method, parsed.path, content_type, manager))
        token = self.headers.get("Authorization", "").removeprefix("Bearer ")
        if token not in {TOKEN, DEPLOY_TOKEN}:
            self._error(401, "Unauthorized", "Unauthorized")
            return
        for failure in self.api._failures:
            if (
                failure.times > 0
                and failure.method == method
                and (failure.path_contains in parsed.path)
            ):
                failure.times -= 1
                self._error(failure.status, failure.reason, failure.message)
                return
        parts = [urllib.parse.unquote(p) for p in parsed.path.strip("/").split("/")]
        if parts[:1] == ["api"] and len(parts) >= 2:
            api_version, rest = parts[1], parts[2:]
        elif parts[:1] == ["apis"] and len(parts) >= 3:
            api_version, rest = f"{parts[1]}/{parts[2]}", parts[3:]
        else:
            self._error(404, "NotFound", "the server could not find the requested resource")
            return
        namespace: str | None = None
        if rest[:1] == ["namespaces"] and len(rest) >= 3:
            namespace, rest = rest[1], rest[2:]
        elif rest[:1] == ["namespaces"]:
            pass  # /api/v1/namespaces[/name]: the cluster-scoped Namespace resource
        plural, name, sub = rest[0], (rest[1] if len(rest) > 1 else None), rest[2:]
        if (api_version, plural, method) == (
            "authorization.k8s.io/v1",
            "selfsubjectaccessreviews",
            "POST",
        ):
            self._access_review(token)
            return
        if self.api.rbac and token == DEPLOY_TOKEN:
            group = api_version.rpartition("/")[0]
            resource = f"{plural}/{sub[0]}" if sub else plural
            if method == "GET":
                verb = "get" if name else ("watch" if query.get("watch") else "list")
            else:
                verb = {"PATCH": "patch", "DELETE": "delete", "POST": "create"}.get(method, "?")
            if not self.api.allowed(verb, group, resource, namespace, name or ""):
                what = f"{plural}.{group}" if group else plural
                where = f' in the namespace "{namespace}"' if namespace else " at the cluster scope"
                message = (
                    f'{what} "{name or ""}" is forbidden: User "{DEPLOY_USER}" cannot {verb} '
                    f'resource "{resource}" in API group "{group}"{where}'
                )
                self._error(403, "Forbidden", message)
                return
        if plural not in SERVED.get(api_version, set()):
            self._error(404, "NotFound", "the server could not find the requested resource")
            return
        if plural == "pods" and sub == ["log"] and name and method == "GET":
            log = self.api._logs.get((namespace, name))
            if log is None:
                self._error(404, "NotFound", f'pods "{name}" not found')
                return
            lines = log.splitlines()[-int(query.get("tailLines", "0") or 0) :]
            data = "\n".join(lines).encode() + b"\n"
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        if plural == "services" and sub[:1] == ["proxy"] and name:
            self._proxy(method, namespace or "", name, "/".join(sub[1:]), parsed.query)
            return
        self._resource(method, (api_version, plural, namespace, name or ""), query)

    def _access_review(self, token: str) -> None:
        """``SelfSubjectAccessReview``: may I? (every authenticated identity may ask)."""
        try:
            review = json.loads(self._body())
            attributes = review["spec"]["resourceAttributes"]
        except (ValueError, KeyError, TypeError) as exc:
            self._error(400, "BadRequest", f"not a SelfSubjectAccessReview: {exc}")
            return
        resource = attributes.get("resource", "")
        if attributes.get("subresource"):
            resource += "/" + attributes["subresource"]
        allowed = (
            not self.api.rbac
            or token != DEPLOY_TOKEN
            or self.api.allowed(
                attributes.get("verb", ""),
                attributes.get("group", ""),
                resource,
                attributes.get("namespace"),
                attributes.get("name", ""),
            )
        )
        self._send(201, {**review, "status": {"allowed": allowed}})

    def _resource(self, method: str, key: Key, query: dict[str, str]) -> None:
        api = self.api
        api_version, plural, namespace, name = key
        what = f'{plural}{"." + api_version.split("/")[0] if "/" in api_version else ""} "{name}"'
        if method == "GET" and not name:
            if query.get("watch") in {"true", "1"}:
                self._watch(key, query)
            else:
                with api._lock:
                    items = self._matching(key, query)
                listing = {"kind": "List", "apiVersion": api_version, "items": items}
                self._send(200, {**listing, "metadata": {"resourceVersion": "1"}})
            return
        if method == "GET":
            obj = api.get(api_version, plural, name, namespace)
            if obj is None:
                self._error(404, "NotFound", f"{what} not found")
            else:
                self._send(200, obj)
            return
        if method == "PATCH":
            self._patch(key, query, what)
            return
        if method == "DELETE":
            with api._lock:
                obj = api._objects.pop(key, None)
                if plural == "jobs":  # propagation: the Job's pods go with it
                    pods = [k for k, o in api._objects.items() if k[1] == "pods"]
                    for pod in pods:
                        if api._objects[pod]["metadata"]["labels"].get("job-name") == name:
                            del api._objects[pod]
            if obj is None:
                self._error(404, "NotFound", f"{what} not found")
            else:
                self._send(200, obj)
            return
        self._error(405, "MethodNotAllowed", f"{method} is not supported by this fake")

    def _patch(self, key: Key, query: dict[str, str], what: str) -> None:
        api = self.api
        api_version, plural, namespace, name = key
        content_type = self.headers.get("Content-Type", "").split(";")[0]
        raw = self._body()
        try:
            body = yaml.safe_load(raw) if content_type.endswith("yaml") else json.loads(raw)
        except (ValueError, yaml.YAMLError) as exc:
            self._error(400, "BadRequest", f"cannot decode the patch: {exc}")
            return
        with api._lock:
            if namespace is not None and ("v1", "namespaces", None, namespace) not in api._objects:
                self._error(404, "NotFound", f'namespaces "{namespace}" not found')
                return
            if content_type == "application/apply-patch+yaml":
                if not query.get("fieldManager"):
                    message = 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value'
                    self._error(400, "BadRequest", message)
                    return
                if body.get("apiVersion") != api_version or body.get("kind") != KINDS[plural]:
                    got = f"{body.get('apiVersion')}/{body.get('kind')}"
                    message = f"apply body is {got}, the URL wants {api_version}/{KINDS[plural]}"
                    self._error(400, "BadRequest", message)
                    return
                if body.get("metadata", {}).get("name") != name:
                    self._error(400, "BadRequest", "the name of the object does not match the URL")
                    return
                obj = api._apply(key, body, query["fieldManager"])
            elif content_type == "application/merge-patch+json":
                if key not in api._objects:
                    self._error(404, "NotFound", f"{what} not found")
                    return
                merged = _merge_patch(api._objects[key], body)
                obj = api._store(key, merged, merged.get("spec") != api._objects[key].get("spec"))
            else:
                self._error(415, "UnsupportedMediaType", f"patch type {content_type} not supported")
                return
        self._send(200, obj)

    def _matching(self, key: Key, query: dict[str, str]) -> list[dict[str, Any]]:
        api_version, plural, namespace, _ = key
        labels = query.get("labelSelector", "")
        fields = query.get("fieldSelector", "")
        wanted_name = fields.removeprefix("metadata.name=") if fields else None
        found = []
        for (v, p, ns, n), obj in sorted(self.api._objects.items(), key=lambda kv: str(kv[0])):
            if (v, p) != (api_version, plural) or (namespace is not None and ns != namespace):
                continue
            if wanted_name is not None and n != wanted_name:
                continue
            if not _selector_matches(labels, obj["metadata"].get("labels", {})):
                continue
            found.append(copy.deepcopy(obj))
        return found

    def _watch(self, key: Key, query: dict[str, str]) -> None:
        api = self.api
        timeout = float(query.get("timeoutSeconds", "30"))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        seen: dict[str, str] = {}
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline and not api._stopping.is_set():
                with api._lock:
                    current = {o["metadata"]["name"]: o for o in self._matching(key, query)}
                events = []
                for name, obj in current.items():
                    version = obj["metadata"]["resourceVersion"]
                    if seen.get(name) != version:
                        kind = "MODIFIED" if name in seen else "ADDED"
                        events.append({"type": kind, "object": obj})
                        seen[name] = version
                for name in [n for n in seen if n not in current]:
                    events.append({"type": "DELETED", "object": {"metadata": {"name": name}}})
                    del seen[name]
                for event in events:
                    line = json.dumps(event).encode() + b"\n"
                    self.wfile.write(f"{len(line):x}\r\n".encode() + line + b"\r\n")
                self.wfile.flush()
                time.sleep(0.02)
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _proxy(self, method: str, namespace: str, service: str, path: str, query: str) -> None:
        api = self.api
        name = service.split(":")[0]
        if api.get("v1", "services", name, namespace) is None:
            self._error(404, "NotFound", f'services "{name}" not found')
            return
        deployment = api.get("apps/v1", "deployments", name, namespace)
        if not deployment or not deployment.get("status", {}).get("availableReplicas"):
            self._error(
                503, "ServiceUnavailable", f'no endpoints available for service "{service}"'
            )
            return
        if api.proxy_target is None:
            self._error(503, "ServiceUnavailable", "no proxy target configured in the fake")
            return
        target = urllib.parse.urlsplit(api.proxy_target)
        headers = {
            k: v
            for k, v in self.headers.items()
            if k.lower() not in {"authorization", "host", "content-length", "connection"}
        }
        body = self._body()
        conn = http.client.HTTPConnection(target.hostname, target.port, timeout=10)
        try:
            conn.request(method, "/" + path + (f"?{query}" if query else ""), body or None, headers)
            response = conn.getresponse()
            data = response.read()
        except OSError as exc:
            self._error(503, "ServiceUnavailable", f"error trying to reach service: {exc}")
            return
        finally:
            conn.close()
        self.send_response(response.status)
        self.send_header("Content-Type", response.getheader("Content-Type", "text/plain"))
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self._route("GET")

    def do_PATCH(self) -> None:
        self._route("PATCH")

    def do_DELETE(self) -> None:
        self._route("DELETE")

    def do_POST(self) -> None:
        self._route("POST")
