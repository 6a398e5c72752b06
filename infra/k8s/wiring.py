"""Every reference in the rendered objects has a producer.

A workload or object refers to other things by name: a Secret (``secretKeyRef``, ``envFrom``,
volumes, a Role's ``resourceNames``: what ``slipway deploy`` reads), a ConfigMap, a
ServiceAccount, an IngressClass, a SecretStore, a Role, a Service, a
Deployment, the custom kinds it is itself. :func:`problems` lists every such reference that
nothing produces. A producer is one of:

- an object rendered here (``render`` plus the access objects of ``rbac``);
- an ExternalSecret whose target creates the Secret, holding the referenced key;
- for an ExternalSecret's remote reference: a Secrets Manager secret of the platform model that
  the IAM role of its SecretStore may read (the app role for the pods' Secrets, the migration
  role for the migration Job's), never the RDS-managed master secret (probe 25, M2);
- a platform add-on or platform requirement listed in :data:`ADDONS` / :data:`REQUIREMENTS`,
  the one place that says what the cluster and the account must provide beyond the platform
  model as it stands (each says who provides it).

The reverse holds too: every Secrets Manager secret the platform makes for the app is read by an
ExternalSecret, and the app's secret settings the cluster needs arrive in its environment.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from infra.k8s.names import DEPLOY_GROUP
from infra.k8s.rbac import EDIT_POLICY_GROUPS, group_of
from infra.k8s.render import (
    CLUSTER_SECRETS,
    app_settings,
    endpoints_entry,
)
from infra.platform.builder import alb_log_objects, elb_log_writer
from infra.platform.model import ACCOUNT_ID, PARTITION, Platform, Ref

IRSA_ANNOTATION = "eks.amazonaws.com/role-arn"
LB_ATTRIBUTES_ANNOTATION = "alb.ingress.kubernetes.io/load-balancer-attributes"


@dataclass(frozen=True)
class AddOn:
    """Something installed in the cluster that the objects rely on."""

    name: str
    helm_release: str
    """The id of the platform's HelmRelease that installs it."""
    kinds: frozenset[tuple[str, str]] = frozenset()
    ingress_classes: frozenset[str] = frozenset()
    annotations: frozenset[str] = frozenset()
    """Annotation prefixes (before the ``/``) it acts on."""


ADDONS = (
    AddOn(
        "External Secrets Operator",
        "external-secrets",
        kinds=frozenset(
            {
                ("external-secrets.io/v1", "SecretStore"),
                ("external-secrets.io/v1", "ExternalSecret"),
            }
        ),
    ),
    AddOn(
        "Prometheus Operator (kube-prometheus-stack)",
        "kube-prometheus-stack",
        kinds=frozenset(
            {
                ("monitoring.coreos.com/v1", "ServiceMonitor"),
                ("monitoring.coreos.com/v1", "PrometheusRule"),
            }
        ),
    ),
    AddOn(
        # Its IngressClass `alb` (created by the chart); the ACM certificate is found by host.
        "AWS Load Balancer Controller",
        "aws-load-balancer-controller",
        ingress_classes=frozenset({"alb"}),
        annotations=frozenset({"alb.ingress.kubernetes.io"}),
    ),
    AddOn(
        # Rolls the Deployment when a Secret it reads changes (a rotated database password).
        "Stakater Reloader",
        "reloader",
        annotations=frozenset({"secret.reloader.stakater.com"}),
    ),
)
#: Annotation prefixes acted on by Kubernetes, EKS itself or Slipway: no add-on needed.
BUILTIN_ANNOTATIONS = frozenset(
    {"kubernetes.io", "deployment.kubernetes.io", "eks.amazonaws.com", "slipway.io"}
)

#: What the platform (Terraform/Pulumi side) must provide for the rendered objects to work,
#: beyond the objects' own references: key -> what and why. Each is checked against the
#: platform model by :func:`unmet_requirements`.
REQUIREMENTS: dict[str, str] = {
    "endpoints-entry": (
        "Secrets Manager entry `<prefix>/runtime-endpoints` (JSON: `database_host`, "
        "`cache_host`; written from the RDS instance's address and the replication group's "
        "primary endpoint), readable by the app role: the hosts of the runtime Secret"
    ),
    "rds-secret-read": (
        "only the database-roles Job's role reads the RDS-managed master secret; the app role "
        "reads its database role's generated password, the migration role the owner role's "
        "(probe 25, M2); the app role may not search secrets (no `secretsmanager:ListSecrets`); "
        "no ExternalSecret copies the master secret into a Kubernetes Secret (probe 32, R-M2)"
    ),
    "deploy-group": (
        f"the deploy role's EKS access entry carries the Kubernetes group `{DEPLOY_GROUP}` "
        "(kubernetes_groups), which the Role `slipway-deploy` is bound to"
    ),
}

BUILTIN_KINDS_GROUPS = EDIT_POLICY_GROUPS | {"rbac.authorization.k8s.io"}


def _pod_spec(obj: dict[str, Any]) -> dict[str, Any] | None:
    if obj["kind"] in {"Deployment", "Job", "StatefulSet", "DaemonSet"}:
        spec: dict[str, Any] = obj["spec"]["template"]["spec"]
        return spec
    return None


def secret_keys(objects: list[dict[str, Any]]) -> dict[str, set[str] | None]:
    """Secret name -> the keys it will hold (None: any, a rendered Secret's own data)."""
    out: dict[str, set[str] | None] = {}
    for obj in objects:
        if obj["kind"] == "Secret":
            out[obj["metadata"]["name"]] = set(obj.get("data", {})) | set(obj.get("stringData", {}))
        elif obj["kind"] == "ExternalSecret":
            spec = obj["spec"]
            target = spec["target"].get("name", obj["metadata"]["name"])
            template = spec["target"].get("template", {}).get("data")
            keys = set(template) if template else {d["secretKey"] for d in spec.get("data", [])}
            out[target] = keys if template or not spec.get("dataFrom") else None
    return out


def _names(objects: list[dict[str, Any]], kind: str) -> set[str]:
    return {o["metadata"]["name"] for o in objects if o["kind"] == kind}


def addon_for_kind(api_version: str, kind: str) -> AddOn | None:
    return next((a for a in ADDONS if (api_version, kind) in a.kinds), None)


def problems(
    objects: list[dict[str, Any]], platform: Platform, account_id: str | None
) -> list[str]:
    """Every reference of the objects without a producer, one line each (empty: all wired)."""
    found: list[str] = []
    secrets = secret_keys(objects)
    config_maps = _names(objects, "ConfigMap")
    accounts = _names(objects, "ServiceAccount")
    stores = _names(objects, "SecretStore")
    store_roles = _store_roles(objects, platform)
    classes = {c for a in ADDONS for c in a.ingress_classes}

    def need_secret(where: str, name: str, key: str | None = None) -> None:
        if name not in secrets:
            found.append(f"{where}: Secret {name} has no producer")
            return
        keys = secrets[name]
        if key is not None and keys is not None and key not in keys:
            found.append(f"{where}: Secret {name} gets no key {key}")

    for obj in objects:
        kind, name = obj["kind"], obj["metadata"]["name"]
        where = f"{kind} {name}"
        group = group_of(obj["apiVersion"])
        if group not in BUILTIN_KINDS_GROUPS and addon_for_kind(obj["apiVersion"], kind) is None:
            found.append(f"{where}: kind {obj['apiVersion']}/{kind} has no add-on that serves it")
        annotations = {
            **obj["metadata"].get("annotations", {}),
            **(obj.get("spec", {}).get("template", {}).get("metadata", {}).get("annotations", {})),
        }
        acted_on = BUILTIN_ANNOTATIONS | {p for a in ADDONS for p in a.annotations}
        for annotation in annotations:
            prefix = annotation.partition("/")[0] if "/" in annotation else ""
            if prefix and prefix not in acted_on:
                found.append(f"{where}: annotation {annotation} has no controller")
        pod = _pod_spec(obj)
        if pod is not None:
            account = pod.get("serviceAccountName", "default")
            if account not in accounts:
                found.append(f"{where}: ServiceAccount {account} has no producer")
            for container in [*pod.get("initContainers", []), *pod["containers"]]:
                for source in container.get("envFrom", []):
                    if "secretRef" in source:
                        need_secret(where, source["secretRef"]["name"])
                    if (
                        "configMapRef" in source
                        and source["configMapRef"]["name"] not in config_maps
                    ):
                        found.append(
                            f"{where}: ConfigMap {source['configMapRef']['name']} has no producer"
                        )
                for env in container.get("env", []):
                    ref = env.get("valueFrom", {})
                    if "secretKeyRef" in ref:
                        need_secret(where, ref["secretKeyRef"]["name"], ref["secretKeyRef"]["key"])
                    if (
                        "configMapKeyRef" in ref
                        and ref["configMapKeyRef"]["name"] not in config_maps
                    ):
                        found.append(
                            f"{where}: ConfigMap {ref['configMapKeyRef']['name']} has no producer"
                        )
                found += [f"{where}: {p}" for p in _missing_settings(container, secrets)]
            for volume in pod.get("volumes", []):
                if "secret" in volume:
                    need_secret(where, volume["secret"]["secretName"])
                if "configMap" in volume and volume["configMap"]["name"] not in config_maps:
                    found.append(
                        f"{where}: ConfigMap {volume['configMap']['name']} has no producer"
                    )
        if kind == "Ingress":
            ingress_class = obj["spec"].get("ingressClassName")
            if ingress_class not in classes:
                found.append(f"{where}: IngressClass {ingress_class} has no producer")
            services = _names(objects, "Service")
            for rule in obj["spec"].get("rules", []):
                for path in rule.get("http", {}).get("paths", []):
                    backend = path["backend"]["service"]["name"]
                    if backend not in services:
                        found.append(f"{where}: Service {backend} has no producer")
            found += [f"{where}: {p}" for p in _access_log_problems(obj, platform)]
        if kind == "HorizontalPodAutoscaler":
            target = obj["spec"]["scaleTargetRef"]
            if target["name"] not in _names(objects, target["kind"]):
                found.append(f"{where}: {target['kind']} {target['name']} has no producer")
        if kind == "SecretStore":
            auth = obj["spec"]["provider"]["aws"]["auth"]["jwt"]["serviceAccountRef"]["name"]
            if auth not in accounts:
                found.append(f"{where}: ServiceAccount {auth} has no producer")
        if kind == "ExternalSecret":
            store = obj["spec"]["secretStoreRef"]
            if store.get("kind", "SecretStore") != "SecretStore" or store["name"] not in stores:
                found.append(f"{where}: SecretStore {store['name']} has no producer")
            role = store_roles.get(store["name"])
            found += [f"{where}: {p}" for p in _remote_problems(obj, platform, role)]
        if kind == "Role":  # a Secret the deploy reads by name (the smoke-test token)
            for rule in obj.get("rules", []):
                if "" in rule.get("apiGroups", []) and "secrets" in rule.get("resources", []):
                    for secret in rule.get("resourceNames", []):
                        need_secret(where, secret)
        if kind == "RoleBinding":
            role = obj["roleRef"]
            if role["kind"] == "Role" and role["name"] not in _names(objects, "Role"):
                found.append(f"{where}: Role {role['name']} has no producer")
    found += _unread_platform_secrets(objects, platform)
    return found


def _access_log_problems(ingress: dict[str, Any], platform: Platform) -> list[str]:
    """The ALB's access logs need a bucket of the platform, by its real name, whose policy lets
    the Region's ELB log delivery write under the annotation's prefix (review 177, R-L4)."""
    value = ingress["metadata"].get("annotations", {}).get(LB_ATTRIBUTES_ANNOTATION)
    if value is None:
        return []
    attributes = dict(item.split("=", 1) for item in value.split(","))
    if attributes.get("access_logs.s3.enabled") != "true":
        return []
    bucket = attributes.get("access_logs.s3.bucket", "")
    prefix = attributes.get("access_logs.s3.prefix", "")
    for b in platform.buckets:
        name = re.escape(b.name).replace(re.escape(ACCOUNT_ID), r"\d{12}")
        if not re.fullmatch(name, bucket):
            continue
        objects = alb_log_objects(b.name, prefix)
        writer = elb_log_writer(platform.region)
        if any(
            s.effect == "Allow"
            and "s3:PutObject" in s.actions
            and objects in s.resources
            and writer in s.principals
            for s in b.policy
        ):
            return []
        return [f"access-log bucket {bucket} lets no ELB log delivery write under {prefix}/"]
    return [f"access-log bucket {bucket} has no producer"]


def _missing_settings(container: dict[str, Any], secrets: dict[str, set[str] | None]) -> list[str]:
    """The app's cluster secrets (:data:`CLUSTER_SECRETS`) the container's environment lacks."""
    names = {e["name"] for e in container.get("env", [])}
    for source in container.get("envFrom", []):
        keys = secrets.get(source.get("secretRef", {}).get("name", ""))
        names |= keys or set()
    settings = {s["name"]: s for c in app_settings().values() for s in c}
    return [
        f"container {container['name']} gets no {settings[name]['env'][0]}"
        for name in CLUSTER_SECRETS
        if not set(settings[name]["env"]) & names
    ]


def _readable(platform: Platform, role: str | None) -> set[str]:
    """Names of the platform's Secrets Manager secrets the role ``role`` (an id) may read."""
    return {s.name for s in platform.secrets if role is not None and Ref(role) in s.readers}


def _store_roles(objects: list[dict[str, Any]], platform: Platform) -> dict[str, str]:
    """SecretStore name -> the id of the platform role it reads as: its service account's IRSA
    annotation names the role (the app's pods and the migration Job have roles of their own)."""
    by_name = {r.name: r.id for r in platform.roles}
    accounts = {
        o["metadata"]["name"]: o["metadata"].get("annotations", {}).get(IRSA_ANNOTATION, "")
        for o in objects
        if o["kind"] == "ServiceAccount"
    }
    roles = {}
    for store in (o for o in objects if o["kind"] == "SecretStore"):
        account = store["spec"]["provider"]["aws"]["auth"]["jwt"]["serviceAccountRef"]["name"]
        role = by_name.get(accounts.get(account, "").rpartition("/")[2])
        if role is not None:
            roles[store["metadata"]["name"]] = role
    return roles


def is_database_secret(key: str, platform: Platform) -> bool:
    """``key`` names an RDS-managed master secret: its ARN (AWS names it ``rds!db-...``)."""
    prefix = f"arn:{PARTITION}:secretsmanager:{platform.region}:"
    return key.startswith(prefix) and ":secret:rds!" in key


def _remote_problems(obj: dict[str, Any], platform: Platform, role: str | None) -> list[str]:
    readable = _readable(platform, role)
    reader = (role or "no").replace("-", " ")  # "app role", "migration role"
    written = {s.name: {k for k, _ in s.value} for s in platform.secrets if s.value}
    found = []
    for item in obj["spec"].get("data", []):
        key = item["remoteRef"]["key"]
        field = item["remoteRef"].get("property")
        if is_database_secret(key, platform):
            found.append(f"{key}: the app never reads the RDS master secret (probe 25, M2)")
        elif key not in readable:
            found.append(f"Secrets Manager secret {key} is not one the {reader} may read")
        elif field is not None and key in written and field not in written[key]:
            found.append(f"Secrets Manager secret {key} is written without the key {field}")
    # a search needs secretsmanager:ListSecrets on `*`, which the app role does not get
    found += [
        f"the search {item} needs secretsmanager:ListSecrets: read the secret by its key"
        for item in obj["spec"].get("dataFrom", [])
        if "find" in item
    ]
    return found


def _unread_platform_secrets(objects: list[dict[str, Any]], platform: Platform) -> list[str]:
    used = {
        item["remoteRef"]["key"]
        for obj in objects
        if obj["kind"] == "ExternalSecret"
        for item in obj["spec"].get("data", [])
    }
    roles = set(_store_roles(objects, platform).values())
    made: set[str] = set().union(*(_readable(platform, r) for r in roles))
    return [
        f"Secrets Manager secret {name} (made for the app) has no ExternalSecret"
        for name in sorted(made - used)
    ]


def unprovisioned_addons(platform: Platform) -> list[str]:
    """The add-ons the objects need that the platform does not install yet."""
    releases = {r.id for r in platform.helm_releases}
    return [a.name for a in ADDONS if a.helm_release not in releases]


def _master_secret_copies(platform: Platform) -> list[tuple[str, str]]:
    """(release, ExternalSecret) of every platform ExternalSecret that reads the RDS master
    secret, in ``data`` or ``dataFrom``."""
    rds = Ref("db", "master_secret")

    def objects(value: Any) -> Iterator[dict[str, Any]]:
        if isinstance(value, dict):
            if value.get("kind") == "ExternalSecret":
                yield value
            for item in value.values():
                yield from objects(item)
        elif isinstance(value, list | tuple):
            for item in value:
                yield from objects(item)

    def reads_master(value: Any) -> bool:
        if isinstance(value, dict):
            return any(reads_master(v) for v in value.values())
        if isinstance(value, list | tuple):
            return any(reads_master(v) for v in value)
        return bool(value == rds)

    return [
        (release.id, external["metadata"]["name"])
        for release in platform.helm_releases
        for external in objects(release.values)
        if reads_master(external.get("spec", {}))
    ]


def unmet_requirements(platform: Platform) -> list[str]:
    """The :data:`REQUIREMENTS` the platform model does not meet, one line each."""
    found = []
    endpoints = next((s for s in platform.secrets if s.name == endpoints_entry(platform)), None)
    if endpoints is None or not endpoints.value:
        found.append(f"endpoints-entry: no secret {endpoints_entry(platform)} written by the stack")
    app = platform.role("app-role")

    def allowed(action: str, resource: Any) -> bool:
        return any(action in s.actions and resource in s.resources for s in app.statements)

    rds = Ref("db", "master_secret")
    searches = any("secretsmanager:ListSecrets" in s.actions for s in app.statements)
    readers = sorted(
        r.id
        for r in platform.roles
        if r.id != "database-roles-role"
        for s in r.statements
        if "secretsmanager:GetSecretValue" in s.actions and rds in s.resources
    )
    if allowed("secretsmanager:GetSecretValue", rds) or searches or readers:
        found.append(
            "rds-secret-read: only the database-roles role may read the RDS master secret "
            f"(also: {', '.join(readers) or 'none'}), and the app role may not search secrets"
        )
    # nor may any Kubernetes Secret hold it (probe 32, R-M2): one an ExternalSecret keeps is
    # readable by whoever may read Secrets in its namespace (the plan role reads them all)
    found += [
        f"rds-secret-read: the ExternalSecret {name} of release {release} copies the RDS master "
        "secret into a Kubernetes Secret; its reader reads Secrets Manager itself"
        for release, name in _master_secret_copies(platform)
    ]
    if not any(DEPLOY_GROUP in e.kubernetes_groups for e in platform.cluster.access_entries):
        found.append(f"deploy-group: no access entry carries the Kubernetes group {DEPLOY_GROUP}")
    return found
