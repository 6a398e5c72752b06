"""What the deploy identity may do in the app namespace, beyond its EKS access policy.

The deploy role's access entry binds ``AmazonEKSEditPolicy`` to the namespace: Kubernetes'
``edit`` role, which covers the built-in API groups only (:data:`EDIT_POLICY_GROUPS`). Every
other kind the rendered objects use (External Secrets, Prometheus Operator) needs a rule of its
own: :func:`access_objects` renders a Role with one rule per such kind, computed from the objects
themselves (a new custom kind gets its rule without anyone remembering), and a RoleBinding of it
to :data:`~infra.k8s.names.DEPLOY_GROUP`, the group the access entry gives the deploy role.
The same Role names the one Secret ``slipway deploy`` reads (:data:`DEPLOY_READS`: the
smoke-test token) with ``get`` on that name alone: the edit policy happens to read every Secret
of the namespace too, but the deploy's need is stated here, so an access entry narrowed to less
than ``edit`` keeps deploying.

Narrowing it does **not** keep the namespace's secrets from the deploy identity, and nothing
here claims it does (review 176, S-M4): whoever may apply the app's objects may point the
smoke ExternalSecret (or a new SecretStore) at any key the stores' IAM roles read and then read
the Secret it makes, and may run a Job with any Secret mounted and read its log. That is
Kubernetes' rule, not Slipway's: an identity that creates workloads in a namespace can read its
Secrets. The deploy identity is therefore as trusted as the namespace's secrets; keep it to the
release workflow's `<env>` GitHub environment (main only, approved for prod).

The deploy role may not grant itself permissions (``edit`` has no RBAC verbs), so these two
objects are applied once by a cluster admin (or the platform), from ``access.yaml`` beside the
rendered ``slipway.yaml``; ``slipway deploy`` never applies them.
"""

from __future__ import annotations

from typing import Any

from infra.k8s.names import APP_NAMESPACE, DEPLOY_GROUP
from infra.k8s.render import SMOKE_SECRET

RBAC_API = "rbac.authorization.k8s.io/v1"
DEPLOY_ROLE = "slipway-deploy"
#: API groups whose namespaced kinds Kubernetes' ``edit`` role (AmazonEKSEditPolicy) covers.
EDIT_POLICY_GROUPS = frozenset(
    {"", "apps", "batch", "autoscaling", "networking.k8s.io", "policy", "extensions"}
)
#: What ``slipway deploy`` does with an object: server-side apply (patch, create), read and
#: watch; delete for the migration Jobs of failed runs (kept for every kind: re-creating is the
#: way out of an immutable field).
VERBS = ("get", "list", "watch", "create", "patch", "update", "delete")
_IRREGULAR = {"NetworkPolicy": "networkpolicies", "Ingress": "ingresses"}
#: (API group, resource, name) of what ``slipway deploy`` reads besides what it applies: ``get``
#: on these names only.
DEPLOY_READS = (("", "secrets", SMOKE_SECRET),)


def plural(kind: str) -> str:
    """The resource name of a kind (the few irregular ones Slipway renders, then ``-s``)."""
    return _IRREGULAR.get(kind, kind.lower() + "s")


def group_of(api_version: str) -> str:
    return api_version.rpartition("/")[0]


def custom_kinds(objects: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(API group, kind) of every rendered kind outside the edit policy, in first-seen order."""
    seen: dict[tuple[str, str], None] = {}
    for obj in objects:
        group = group_of(obj["apiVersion"])
        if group not in EDIT_POLICY_GROUPS:
            seen[(group, obj["kind"])] = None
    return list(seen)


def _meta(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "namespace": APP_NAMESPACE,
        "labels": {
            "app.kubernetes.io/name": "slipway",
            "app.kubernetes.io/part-of": "slipway",
            "app.kubernetes.io/managed-by": "slipway",
        },
    }


def deploy_role(objects: list[dict[str, Any]]) -> dict[str, Any]:
    """The Role of the custom kinds the objects use (one rule per kind) and of the deploy's
    reads (``get`` by name)."""
    return {
        "apiVersion": RBAC_API,
        "kind": "Role",
        "metadata": _meta(DEPLOY_ROLE),
        "rules": [
            *(
                {"apiGroups": [group], "resources": [plural(kind)], "verbs": list(VERBS)}
                for group, kind in custom_kinds(objects)
            ),
            *(
                {
                    "apiGroups": [group],
                    "resources": [resource],
                    "resourceNames": [name],
                    "verbs": ["get"],
                }
                for group, resource, name in DEPLOY_READS
            ),
        ],
    }


def deploy_role_binding() -> dict[str, Any]:
    return {
        "apiVersion": RBAC_API,
        "kind": "RoleBinding",
        "metadata": _meta(DEPLOY_ROLE),
        "roleRef": {"apiGroup": group_of(RBAC_API), "kind": "Role", "name": DEPLOY_ROLE},
        "subjects": [{"apiGroup": group_of(RBAC_API), "kind": "Group", "name": DEPLOY_GROUP}],
    }


def deploy_rbac(objects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The Role of the objects' custom kinds and its RoleBinding to the deploy group."""
    return [deploy_role(objects), deploy_role_binding()]


def access_objects(objects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What a cluster admin applies once: the Namespace, the Role and its RoleBinding."""
    namespace = [o for o in objects if o["kind"] == "Namespace"]
    return [*namespace, *deploy_rbac(objects)]
