"""Render the assistant's Kubernetes objects of one environment from its spec and platform model.

Everything lives in the platform's app namespace (``slipway``), the namespace the IRSA trust of
the app role and the deploy role's access entry are bound to. Objects, in apply order:

- Namespace (restricted Pod Security), ServiceAccount (IRSA role annotation);
- ConfigMap of the non-secret ``SLIPWAY_*`` settings (named by a hash of its data, immutable,
  referenced from the pod template, so a rollback brings the older configuration back), read
  from the app's settings contract
  ``app-settings.json`` (generated on the app's side, see ``app/settings_contract.py``: infra
  never imports app code);
- SecretStore + ExternalSecrets (External Secrets Operator): the OpenAI key from the platform's
  Secrets Manager secret into the Secret ``slipway-openai``, and the Secret ``slipway-runtime``
  (``SLIPWAY_DATABASE_URL`` as the database role ``slipway_app``, ``SLIPWAY_REDIS_URL``) from
  the role's generated password, the cache's AUTH token and the endpoints entry the platform
  writes (see ``infra.k8s.wiring.REQUIREMENTS``), and the Secret ``slipway-migration`` (the
  migration Job's URL as ``slipway_owner``); never the RDS master secret (probe 25, M2);
- Service, Ingress (TLS, AWS Load Balancer Controller with an ACM certificate found by host; the
  ALB's access logs in the stack's access-log bucket, deletion protection where the spec asks),
  HorizontalPodAutoscaler, PodDisruptionBudget, NetworkPolicies (default deny + the app's),
  ServiceMonitor (kube-prometheus-stack);
- the migration Job (one per image: its name carries a hash of the image reference), run by
  ``slipway deploy`` before the Deployment is updated; it creates the app's database on the
  first run, and makes sure the smoke-test user answers to the token the platform generated for
  the environment (Secret ``slipway-smoke``, from the Secrets Manager secret
  ``<prefix>/smoke-token``), the token ``slipway deploy`` then reads for its smoke test;
- the Deployment.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from infra.k8s.names import APP_NAMESPACE, APP_SERVICE_ACCOUNT, MIGRATION_SERVICE_ACCOUNT
from infra.platform import database_roles
from infra.platform.builder import secret_store as platform_secret_store
from infra.platform.model import ACCOUNT_ID, PARTITION, Platform
from infra.spec import EnvironmentSpec

NAME = "slipway"
PORT = 8000
SERVICE_PORT = 80
# /metrics is served only on a port of its own (AppSettings.metrics_port): the Service names it
# for the ServiceMonitor, the Ingress routes the app port only, and the NetworkPolicy lets the
# monitoring namespace alone reach it.
METRICS_PORT = 9102
LABELS = {"app.kubernetes.io/name": NAME, "app.kubernetes.io/part-of": NAME}
ASSISTANT = {**LABELS, "app.kubernetes.io/component": "assistant"}
MIGRATION = {**LABELS, "app.kubernetes.io/component": "migration"}
UID = 10001  # the image's user (Dockerfile)
# The ConfigMap's name is CONFIG_MAP plus a hash of its data, and the pod template names it: a
# new configuration is a new ConfigMap, so a rollback's older pod template reads the older
# configuration (review 168, D-M2); `slipway deploy` prunes those no kept ReplicaSet reads.
CONFIG_MAP = f"{NAME}-config"
CONFIG = {**LABELS, "app.kubernetes.io/component": "config"}
OPENAI_SECRET = f"{NAME}-openai"
RUNTIME_SECRET = f"{NAME}-runtime"
# The migration Job's database URL: the owner role of the app's database (DDL), never the pods'
MIGRATION_SECRET = f"{NAME}-migration"
# The platform secrets (ids) of the generated passwords of the app's two database roles
APP_ROLE_PASSWORD = "db-app-password"
OWNER_ROLE_PASSWORD = "db-owner-password"
SECRET_STORE = f"{NAME}-aws"
# The migration Job's SecretStore: as its own service account and IAM role (the migration role),
# the only reader of the owner role's password; the app's pods cannot reach it (probe 25, M2)
MIGRATION_STORE = f"{NAME}-migration-aws"
# The smoke test's user and token: the platform generates the token per environment (Secrets
# Manager), an ExternalSecret brings it into this Secret, the migration Job gives the user exactly
# that token and `slipway deploy` reads it here (the deploy Role may `get` this Secret by name).
SMOKE_SECRET = f"{NAME}-smoke"
SMOKE_SECRET_KEY = "token"
SMOKE_USER = "smoke"
SMOKE_TOKEN_ENV = "SMOKE_TOKEN"  # the Job's variable; not SLIPWAY_*, so no app setting reads it
SMOKE_PLATFORM_SECRET = "smoke-token"  # the platform model's secret id
# The image's working directory (the Dockerfile's last WORKDIR): relative path settings of the
# app (prompts, ...) are rendered under it, so the ConfigMap names paths inside the image, never
# the rendering machine's, and the pods do not depend on their working directory.
IMAGE_WORKDIR = "/srv/slipway"
PATH_SUFFIXES = ("_dir", "_file", "_path")
# The app's own database on the platform's Postgres (the migration Job creates it when missing)
# and the Secrets Manager entry with the endpoints of the stores.
APP_DATABASE = "slipway"
ENDPOINTS_ENTRY = "runtime-endpoints"
# Secret settings of the app that every workload must get in the cluster (from the runtime
# Secret): without them the app would fall back to its local SQLite file and in-memory limits.
CLUSTER_SECRETS = ("database_url", "redis_url")
RELOAD_ANNOTATION = (
    "secret.reloader.stakater.com/reload"  # the tag RDS puts on the secret it manages
)
# Rolling updates behind the ALB (IP targets). The AWS Load Balancer Controller injects a pod
# readiness gate into the pods of a namespace labelled READINESS_GATE_LABEL: a new pod is Ready
# only once its target is healthy in the target group, so the rollout never leaves the ALB with
# only initial/draining targets. A stopping pod keeps serving for PRE_STOP_SECONDS while the
# controller deregisters it and the ALB stops sending it new requests (that propagation takes
# seconds: 5 s was too short); then gunicorn drains its in-flight requests within its graceful
# timeout. The target group's deregistration delay covers the same window and stays within the
# pod's grace period (the ALB never waits on a pod that is already gone).
READINESS_GATE_LABEL = "elbv2.k8s.aws/pod-readiness-gate-inject"
MAX_SURGE = "25%"
PROGRESS_DEADLINE_SECONDS = 300
PRE_STOP_SECONDS = 20
GRACE_MARGIN_SECONDS = 5
MANAGED_BY = "slipway"
FILE_NAME = "slipway.yaml"
ACCESS_FILE_NAME = "access.yaml"  # Namespace + deploy Role/RoleBinding: a cluster admin, once
APP_SETTINGS_FILE = Path(__file__).resolve().with_name("app-settings.json")
# The alert and recording rules (promtool-tested in tests/delivery), shipped as a PrometheusRule
# that kube-prometheus-stack's Prometheus selects by its default `release` label.
RULES_FILE = Path(__file__).resolve().parents[1] / "monitoring" / "rules" / "slipway.rules.yml"
RULE_SELECTOR = {"release": "kube-prometheus-stack"}
#: Alerts that are normal outside prod (nobody uses dev or staging at night): their severity
#: there is ``info``, which Alertmanager sends to no receiver (probe 25, L5); the rules file
#: (promtool-tested) carries the prod severity.
QUIET_OUTSIDE_PROD = frozenset({"SlipwayNoTraffic"})
PROD = "prod"

# Settings the contract marks secret (or endpoints with credentials) or image-baked are never in
# the ConfigMap. Any setting whose name contains one of SECRET_WORDS is left out too.
SECRET_WORDS = ("url", "uri", "key", "token", "password", "secret")
# Values that differ from the settings' defaults inside the cluster.
CLUSTER_VALUES = {
    "bind": f"0.0.0.0:{PORT}",
    "metrics_port": METRICS_PORT,
    "trusted_proxy_hops": 1,  # the ALB: its X-Forwarded-For names the client (per-address limits)
    "db_upgrade_on_start": False,  # the migration Job migrates, once, before the rollout
    "model_cache_dir": "/tmp/slipway/model-cache",
    "log_json": True,
}


def registry_host(platform: Platform, account_id: str | None) -> str:
    return f"{account_id or ACCOUNT_ID}.dkr.ecr.{platform.region}.amazonaws.com"


def default_image(platform: Platform, account_id: str | None, tag: str) -> str:
    """The environment's ECR repository at ``tag``."""
    return f"{registry_host(platform, account_id)}/{platform.registry.name}:{tag}"


def role_arn(platform: Platform, account_id: str | None, role_id: str) -> str:
    role = platform.role(role_id)
    return f"arn:{PARTITION}:iam::{account_id or ACCOUNT_ID}:role/{role.name}"


def app_role_arn(platform: Platform, account_id: str | None) -> str:
    return role_arn(platform, account_id, "app-role")


def migration_job_name(image: str) -> str:
    return f"{NAME}-migrate-{hashlib.sha256(image.encode()).hexdigest()[:10]}"


def pull_policy(image: str) -> str:
    """``IfNotPresent`` for an image named by digest (the bytes cannot change, and a node that
    has them starts a pod while the registry is unreachable), ``Always`` for a tag (review 168,
    D-L6)."""
    return "IfNotPresent" if "@sha256:" in image else "Always"


def _env_value(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, sort_keys=True)  # pydantic-settings parses complex values as JSON
    return str(value)


def app_settings() -> dict[str, list[dict[str, Any]]]:
    """The app's settings per component (``AppSettings``, ``ServerSettings``), from the contract
    file the app generates: each setting's env names, default, secret and image-baked flags."""
    contract = json.loads(APP_SETTINGS_FILE.read_text(encoding="utf-8"))
    return {name: c["settings"] for name, c in contract["components"].items()}


def app_setting(component: str, name: str) -> dict[str, Any]:
    return next(s for s in app_settings()[component] if s["name"] == name)


def config_hash(data: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def config_map_name(data: dict[str, str] | None = None) -> str:
    """The ConfigMap of these settings (default: :func:`config_data`), named by their hash."""
    return f"{CONFIG_MAP}-{config_hash(config_data() if data is None else data)[:10]}"


def config_data() -> dict[str, str]:
    """Non-secret settings of the app and gunicorn, as environment variables."""
    data: dict[str, str] = {}
    for settings in app_settings().values():
        for setting in settings:
            name = setting["name"]
            # settings read under the tools' own names too (MLFLOW_TRACKING_URI, ...) stay out
            if setting["secret"] or setting["image_baked"] or len(setting["env"]) != 1:
                continue
            if any(word in name for word in SECRET_WORDS):
                continue
            value = CLUSTER_VALUES.get(name, setting.get("default"))
            if value is None:
                continue
            if name.endswith(PATH_SUFFIXES) and isinstance(value, str) and value:
                value = image_path(value)
            data[setting["env"][0]] = _env_value(value)
    data["PROMETHEUS_MULTIPROC_DIR"] = "/tmp/slipway/prometheus"
    return dict(sorted(data.items()))


def image_path(value: str) -> str:
    """A path setting as the pods see it: relative ones are inside the image's workdir."""
    path = PurePosixPath(value)
    return str(path if path.is_absolute() else PurePosixPath(IMAGE_WORKDIR) / path)


def endpoints_entry(platform: Platform) -> str:
    """The Secrets Manager entry with the stores' endpoints (JSON: ``database_host``,
    ``cache_host``), written by the platform from its resources' attributes."""
    return f"{platform.prefix}/{ENDPOINTS_ENTRY}"


def load_balancer_attributes(spec: EnvironmentSpec, platform: Platform) -> str:
    """The ALB's attributes: its access logs go to the bucket the stack made for them, by its
    real name. That bucket is in the spec's account (both engines' providers refuse any other),
    so its name takes ``spec.account_id``, not the deploy's ``SLIPWAY_AWS_ACCOUNT_ID``: a
    placeholder there would make the controller fail to set the attributes."""
    lb = platform.load_balancer
    bucket = platform.bucket(lb.log_bucket).name.replace(ACCOUNT_ID, spec.account_id)
    return lb.attributes(bucket)


def database_arn(platform: Platform, account_id: str | None) -> str:
    db = platform.database
    return f"arn:{PARTITION}:rds:{platform.region}:{account_id or ACCOUNT_ID}:db:{db.identifier}"


def runtime_external_secret(platform: Platform) -> dict[str, Any]:
    """The Secret ``slipway-runtime``: the database and Redis URLs with their credentials.

    The database user is the app's own role ``slipway_app`` (rows of its tables, no DDL, no
    other database: :mod:`infra.platform.database_roles`), its password the platform's generated
    secret; never the RDS master (probe 25, M2). The Redis URL carries the cache's AUTH token
    (the platform generates it). Hosts come from the platform's endpoints entry; ports and names
    from the platform model."""
    db, cache = platform.database, platform.cache
    endpoints = endpoints_entry(platform)
    user = database_roles.APP_ROLE
    password = "{{ .database_password | urlquery }}"
    scheme = "rediss" if cache.transit_encryption else "redis"
    return {
        "apiVersion": "external-secrets.io/v1",
        "kind": "ExternalSecret",
        "metadata": _meta(RUNTIME_SECRET),
        "spec": {
            # a new generated password reaches the pods within minutes (Reloader rolls them)
            "refreshInterval": "5m",
            "secretStoreRef": {"kind": "SecretStore", "name": SECRET_STORE},
            "target": {
                "name": RUNTIME_SECRET,
                "creationPolicy": "Owner",
                "template": {
                    "engineVersion": "v2",
                    "data": {
                        "SLIPWAY_DATABASE_URL": (
                            f"postgresql+psycopg://{user}:{password}@{{{{ .database_host }}}}"
                            f":{db.port}/{APP_DATABASE}?sslmode=require"
                        ),
                        "SLIPWAY_REDIS_URL": (
                            f"{scheme}://:{{{{ .cache_token }}}}@{{{{ .cache_host }}}}"
                            f":{cache.port}/0"
                        ),
                    },
                },
            },
            "data": [
                {
                    "secretKey": "database_host",
                    "remoteRef": {"key": endpoints, "property": "database_host"},
                },
                {
                    "secretKey": "cache_host",
                    "remoteRef": {"key": endpoints, "property": "cache_host"},
                },
                {
                    "secretKey": "cache_token",
                    "remoteRef": {"key": platform.secret(cache.auth_secret).name},
                },
                {
                    "secretKey": "database_password",
                    "remoteRef": {"key": platform.secret(APP_ROLE_PASSWORD).name},
                },
            ],
        },
    }


def migration_external_secret(platform: Platform) -> dict[str, Any]:
    """The Secret ``slipway-migration``: ``SLIPWAY_DATABASE_URL`` as ``slipway_owner``, the owner
    of the app's database (its migrations' DDL), for the migration Job only: read through the
    migration Job's own SecretStore (the migration role), never the app's."""
    db = platform.database
    return {
        "apiVersion": "external-secrets.io/v1",
        "kind": "ExternalSecret",
        "metadata": _meta(MIGRATION_SECRET),
        "spec": {
            "refreshInterval": "5m",
            "secretStoreRef": {"kind": "SecretStore", "name": MIGRATION_STORE},
            "target": {
                "name": MIGRATION_SECRET,
                "creationPolicy": "Owner",
                "template": {
                    "engineVersion": "v2",
                    "data": {
                        "SLIPWAY_DATABASE_URL": (
                            f"postgresql+psycopg://{database_roles.OWNER_ROLE}:"
                            "{{ .database_password | urlquery }}@{{ .database_host }}"
                            f":{db.port}/{APP_DATABASE}?sslmode=require"
                        ),
                    },
                },
            },
            "data": [
                {
                    "secretKey": "database_host",
                    "remoteRef": {"key": endpoints_entry(platform), "property": "database_host"},
                },
                {
                    "secretKey": "database_password",
                    "remoteRef": {"key": platform.secret(OWNER_ROLE_PASSWORD).name},
                },
            ],
        },
    }


def _meta(name: str, labels: dict[str, str] | None = None, **extra: Any) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "name": name,
        "namespace": APP_NAMESPACE,
        "labels": {**(labels or LABELS), "app.kubernetes.io/managed-by": MANAGED_BY},
    }
    meta.update(extra)
    return meta


def _security_context() -> dict[str, Any]:
    return {
        "allowPrivilegeEscalation": False,
        "readOnlyRootFilesystem": True,
        "runAsNonRoot": True,
        "runAsUser": UID,
        "runAsGroup": UID,
        "capabilities": {"drop": ["ALL"]},
        "seccompProfile": {"type": "RuntimeDefault"},
    }


def _pod_security() -> dict[str, Any]:
    return {
        "runAsNonRoot": True,
        "runAsUser": UID,
        "runAsGroup": UID,
        "fsGroup": UID,
        "seccompProfile": {"type": "RuntimeDefault"},
    }


def _env() -> list[dict[str, Any]]:
    return [
        {
            "name": "OPENAI_API_KEY",
            # optional: without a key the local path answers (the app says so per reply)
            "valueFrom": {
                "secretKeyRef": {"name": OPENAI_SECRET, "key": "OPENAI_API_KEY", "optional": True}
            },
        }
    ]


def _env_from(config_map: str) -> list[dict[str, Any]]:
    return [
        {"configMapRef": {"name": config_map}},
        {"secretRef": {"name": RUNTIME_SECRET}},
    ]


def _resources(cpu: str, memory: str, cpu_limit: str, memory_limit: str) -> dict[str, Any]:
    return {
        "requests": {"cpu": cpu, "memory": memory},
        "limits": {"cpu": cpu_limit, "memory": memory_limit},
    }


def _probe(path: str, period: int, failures: int, timeout: int = 3) -> dict[str, Any]:
    return {
        "httpGet": {"path": path, "port": "http"},
        "periodSeconds": period,
        "timeoutSeconds": timeout,
        "failureThreshold": failures,
    }


def graceful_timeout() -> int:
    """gunicorn's graceful timeout (the app's settings contract)."""
    return int(app_setting("ServerSettings", "graceful_timeout")["default"])


def termination_grace_seconds(graceful: int) -> int:
    return PRE_STOP_SECONDS + graceful + GRACE_MARGIN_SECONDS


def deregistration_delay_seconds(graceful: int) -> int:
    """The ALB keeps a draining target for the preStop pause plus gunicorn's drain: no longer
    than the pod lives (the grace period), no shorter than its last in-flight request."""
    return PRE_STOP_SECONDS + graceful


def deployment(
    spec: EnvironmentSpec, image: str, hash_of_config: str, config_map: str | None = None
) -> dict[str, Any]:
    """The assistant's Deployment; its pod template reads the ConfigMap ``config_map`` (default:
    :func:`config_map_name`) and carries ``hash_of_config``."""
    graceful = graceful_timeout()
    container = {
        "name": "assistant",
        "image": image,
        "imagePullPolicy": pull_policy(image),
        "ports": [
            {"name": "http", "containerPort": PORT, "protocol": "TCP"},
            {"name": "metrics", "containerPort": METRICS_PORT, "protocol": "TCP"},
        ],
        "envFrom": _env_from(config_map or config_map_name()),
        "env": _env(),
        "resources": _resources("250m", "512Mi", "1", "1Gi"),
        "startupProbe": _probe("/healthz", period=2, failures=60),
        "readinessProbe": _probe("/readyz", period=5, failures=3),
        "livenessProbe": _probe("/healthz", period=10, failures=3),
        "lifecycle": {"preStop": {"sleep": {"seconds": PRE_STOP_SECONDS}}},
        "securityContext": _security_context(),
        "volumeMounts": [{"name": "tmp", "mountPath": "/tmp"}],
    }
    spread = [
        {
            "maxSkew": 1,
            "topologyKey": key,
            "whenUnsatisfiable": "ScheduleAnyway",
            "labelSelector": {"matchLabels": ASSISTANT},
        }
        for key in ("topology.kubernetes.io/zone", "kubernetes.io/hostname")
    ]
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        # The Secrets reach the pods as environment variables, read at start: when External
        # Secrets refreshes one (the RDS password after a rotation), Stakater Reloader rolls the
        # Deployment so the pods get the new value (a platform add-on, see infra/k8s/wiring.py).
        "metadata": _meta(
            NAME, ASSISTANT, annotations={RELOAD_ANNOTATION: f"{RUNTIME_SECRET},{OPENAI_SECRET}"}
        ),
        "spec": {
            # The starting size: `slipway deploy` applies it once, under its own field manager,
            # so its later applies neither reset it nor fight the HPA.
            "replicas": spec.app.replicas,
            "revisionHistoryLimit": 10,
            # A stall (no new pod Ready for this long) fails the rollout, however many pods.
            "progressDeadlineSeconds": PROGRESS_DEADLINE_SECONDS,
            "selector": {"matchLabels": ASSISTANT},
            "strategy": {
                "type": "RollingUpdate",
                # A quarter of the pods at a time (at least one), never fewer serving: each wave
                # waits for pulls, readiness and the ALB's health check (the readiness gate), so
                # one pod at a time took 12 waves at 12 replicas (review 168, D-M4).
                "rollingUpdate": {"maxUnavailable": 0, "maxSurge": MAX_SURGE},
            },
            "template": {
                "metadata": {
                    "labels": ASSISTANT,
                    "annotations": {"slipway.io/config-hash": hash_of_config},
                },
                "spec": {
                    "serviceAccountName": APP_SERVICE_ACCOUNT,
                    # The app calls no Kubernetes API; the IRSA webhook mounts its own token.
                    "automountServiceAccountToken": False,
                    "securityContext": _pod_security(),
                    # gunicorn's graceful timeout + the preStop pause + a margin
                    "terminationGracePeriodSeconds": termination_grace_seconds(graceful),
                    "topologySpreadConstraints": spread,
                    "containers": [container],
                    "volumes": [{"name": "tmp", "emptyDir": {"sizeLimit": "1Gi"}}],
                },
            },
        },
    }


# The migration Job's program (in the image: the app, not the `slipway` command), as the owner
# role of the app's database (Secret slipway-migration). On Postgres the platform's
# database-roles Job has made that database; `--create-database` makes it elsewhere (a local
# Postgres). Then it migrates to head. Idempotent: the next Job only migrates.
MIGRATE = [
    "python",
    "-m",
    "app.db.migrate",
    "--create-database",
    "--ensure-user",
    SMOKE_USER,
    "--token-env",
    SMOKE_TOKEN_ENV,
]


def smoke_external_secret(platform: Platform) -> dict[str, Any]:
    """The Secret ``slipway-smoke``: the smoke-test token the platform generated (Secrets
    Manager, readable by the app role only), for the migration Job and ``slipway deploy``."""
    return external_secret(
        SMOKE_SECRET, SMOKE_SECRET_KEY, platform.secret(SMOKE_PLATFORM_SECRET).name
    )


def secret_store(name: str, service_account: str, region: str) -> dict[str, Any]:
    """A SecretStore of Secrets Manager that reads as ``service_account``'s IAM role (IRSA), in
    the app's namespace (the platform's releases make theirs with the same function)."""
    return platform_secret_store(name, _meta(name), region, service_account)


def external_secret(name: str, key: str, remote: str) -> dict[str, Any]:
    """The Secret ``name`` holding ``key``: the value of the Secrets Manager secret ``remote``,
    refreshed hourly through the namespace's SecretStore."""
    return {
        "apiVersion": "external-secrets.io/v1",
        "kind": "ExternalSecret",
        "metadata": _meta(name),
        "spec": {
            "refreshInterval": "1h",
            "secretStoreRef": {"kind": "SecretStore", "name": SECRET_STORE},
            "target": {"name": name, "creationPolicy": "Owner"},
            "data": [{"secretKey": key, "remoteRef": {"key": remote}}],
        },
    }


#: How long the migration Job may run; `slipway deploy` waits at least this long for it.
MIGRATION_DEADLINE_SECONDS = 600


def migration_job(image: str, config_map: str | None = None) -> dict[str, Any]:
    container = {
        "name": "migrate",
        "image": image,
        "imagePullPolicy": pull_policy(image),
        "command": MIGRATE,
        # the pods' settings, then the owner's database URL over the app role's
        "envFrom": [
            *_env_from(config_map or config_map_name()),
            {"secretRef": {"name": MIGRATION_SECRET}},
        ],
        "env": [
            {
                "name": SMOKE_TOKEN_ENV,
                "valueFrom": {"secretKeyRef": {"name": SMOKE_SECRET, "key": SMOKE_SECRET_KEY}},
            }
        ],
        "resources": _resources("100m", "256Mi", "500m", "512Mi"),
        "securityContext": _security_context(),
        "volumeMounts": [{"name": "tmp", "mountPath": "/tmp"}],
    }
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": _meta(migration_job_name(image), MIGRATION),
        "spec": {
            "backoffLimit": 2,
            "activeDeadlineSeconds": MIGRATION_DEADLINE_SECONDS,
            "ttlSecondsAfterFinished": 7 * 24 * 3600,
            "template": {
                "metadata": {"labels": MIGRATION},
                "spec": {
                    "restartPolicy": "Never",
                    # its own identity: the owner's password is not the app pods' to read
                    "serviceAccountName": MIGRATION_SERVICE_ACCOUNT,
                    "automountServiceAccountToken": False,
                    "securityContext": _pod_security(),
                    "containers": [container],
                    "volumes": [{"name": "tmp", "emptyDir": {"sizeLimit": "256Mi"}}],
                },
            },
        },
    }


def _network_policies(platform: Platform) -> list[dict[str, Any]]:
    private = [s.cidr for s in platform.network.private_subnets]
    vpc = platform.network.cidr
    dns = {
        "to": [
            {
                "namespaceSelector": {
                    "matchLabels": {"kubernetes.io/metadata.name": "kube-system"}
                },
                "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}},
            }
        ],
        "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}],
    }
    stores: dict[str, Any] = {
        "to": [{"ipBlock": {"cidr": cidr}} for cidr in private],
        "ports": [
            {"protocol": "TCP", "port": platform.database.port},
            {"protocol": "TCP", "port": platform.cache.port},
        ],
    }
    # The LLM endpoint (OpenAI or compatible) is outside the VPC: HTTPS anywhere.
    https = {
        "to": [{"ipBlock": {"cidr": "0.0.0.0/0"}}],
        "ports": [{"protocol": "TCP", "port": 443}],
    }
    return [
        {
            "apiVersion": "networking.k8s.io/v1",
            "kind": "NetworkPolicy",
            "metadata": _meta(f"{NAME}-default-deny"),
            "spec": {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]},
        },
        {
            "apiVersion": "networking.k8s.io/v1",
            "kind": "NetworkPolicy",
            "metadata": _meta(NAME, ASSISTANT),
            "spec": {
                "podSelector": {"matchLabels": ASSISTANT},
                "policyTypes": ["Ingress", "Egress"],
                "ingress": [
                    {
                        # the load balancer's targets (ALB, target type ip): the app port only
                        "from": [{"ipBlock": {"cidr": vpc}}],
                        "ports": [{"protocol": "TCP", "port": PORT}],
                    },
                    {
                        # Prometheus' scrapes: the metrics port only
                        "from": [
                            {
                                "namespaceSelector": {
                                    "matchLabels": {"kubernetes.io/metadata.name": "monitoring"}
                                }
                            }
                        ],
                        "ports": [{"protocol": "TCP", "port": METRICS_PORT}],
                    },
                ],
                "egress": [dns, stores, https],
            },
        },
        {
            "apiVersion": "networking.k8s.io/v1",
            "kind": "NetworkPolicy",
            "metadata": _meta(f"{NAME}-migration", MIGRATION),
            "spec": {
                "podSelector": {"matchLabels": MIGRATION},
                "policyTypes": ["Ingress", "Egress"],
                "egress": [dns, {**stores, "ports": [stores["ports"][0]]}],
            },
        },
    ]


def render(
    spec: EnvironmentSpec,
    platform: Platform,
    image: str,
    account_id: str | None = None,
) -> list[dict[str, Any]]:
    """Every object of the environment, in apply order (the Deployment last)."""
    data = config_data()
    openai = platform.secret("openai-api-key")
    domain = spec.app.domain
    objects: list[dict[str, Any]] = [
        {
            "apiVersion": "v1",
            "kind": "Namespace",
            "metadata": {
                "name": APP_NAMESPACE,
                "labels": {
                    "pod-security.kubernetes.io/enforce": "restricted",
                    "pod-security.kubernetes.io/warn": "restricted",
                    READINESS_GATE_LABEL: "enabled",
                    "app.kubernetes.io/managed-by": MANAGED_BY,
                },
            },
        },
        {
            "apiVersion": "v1",
            "kind": "ServiceAccount",
            "metadata": _meta(
                APP_SERVICE_ACCOUNT,
                annotations={"eks.amazonaws.com/role-arn": app_role_arn(platform, account_id)},
            ),
            "automountServiceAccountToken": False,
        },
        {
            "apiVersion": "v1",
            "kind": "ServiceAccount",
            "metadata": _meta(
                MIGRATION_SERVICE_ACCOUNT,
                annotations={
                    "eks.amazonaws.com/role-arn": role_arn(platform, account_id, "migration-role")
                },
            ),
            "automountServiceAccountToken": False,
        },
        {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": _meta(config_map_name(data), CONFIG),
            # a new configuration is a new name, never an edit of what older pods read
            "immutable": True,
            "data": data,
        },
        # the app role (IRSA) is the only reader of the app's secrets
        secret_store(SECRET_STORE, APP_SERVICE_ACCOUNT, platform.region),
        # the migration role of the owner's password
        secret_store(MIGRATION_STORE, MIGRATION_SERVICE_ACCOUNT, platform.region),
        external_secret(OPENAI_SECRET, "OPENAI_API_KEY", openai.name),
        runtime_external_secret(platform),
        migration_external_secret(platform),
        smoke_external_secret(platform),
        {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": _meta(NAME, ASSISTANT),
            "spec": {
                "type": "ClusterIP",
                "selector": ASSISTANT,
                "ports": [
                    {"name": "http", "port": SERVICE_PORT, "targetPort": "http", "protocol": "TCP"},
                    {
                        "name": "metrics",
                        "port": METRICS_PORT,
                        "targetPort": "metrics",
                        "protocol": "TCP",
                    },
                ],
            },
        },
        {
            "apiVersion": "networking.k8s.io/v1",
            "kind": "Ingress",
            "metadata": _meta(
                NAME,
                ASSISTANT,
                annotations={
                    "alb.ingress.kubernetes.io/scheme": "internet-facing",
                    "alb.ingress.kubernetes.io/target-type": "ip",
                    "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP": 80}, {"HTTPS": 443}]',
                    "alb.ingress.kubernetes.io/ssl-redirect": "443",
                    "alb.ingress.kubernetes.io/ssl-policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
                    "alb.ingress.kubernetes.io/healthcheck-path": "/readyz",
                    "alb.ingress.kubernetes.io/target-group-attributes": (
                        "deregistration_delay.timeout_seconds="
                        f"{deregistration_delay_seconds(graceful_timeout())}"
                    ),
                    # access logs into the stack's bucket, deletion protection where the spec
                    # protects the environment (review 177, R-L4)
                    "alb.ingress.kubernetes.io/load-balancer-attributes": (
                        load_balancer_attributes(spec, platform)
                    ),
                },
            ),
            "spec": {
                "ingressClassName": "alb",
                # the ALB controller finds the ACM certificate of this host (no Secret needed)
                "tls": [{"hosts": [domain]}],
                "rules": [
                    {
                        "host": domain,
                        "http": {
                            "paths": [
                                {
                                    "path": "/",
                                    "pathType": "Prefix",
                                    "backend": {
                                        "service": {"name": NAME, "port": {"name": "http"}}
                                    },
                                }
                            ]
                        },
                    }
                ],
            },
        },
        {
            "apiVersion": "autoscaling/v2",
            "kind": "HorizontalPodAutoscaler",
            "metadata": _meta(NAME, ASSISTANT),
            "spec": {
                "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": NAME},
                "minReplicas": spec.app.hpa_min,
                "maxReplicas": spec.app.hpa_max,
                "metrics": [
                    {
                        "type": "Resource",
                        "resource": {
                            "name": "cpu",
                            "target": {"type": "Utilization", "averageUtilization": 70},
                        },
                    }
                ],
                "behavior": {"scaleDown": {"stabilizationWindowSeconds": 300}},
            },
        },
        {
            "apiVersion": "policy/v1",
            "kind": "PodDisruptionBudget",
            "metadata": _meta(NAME, ASSISTANT),
            "spec": {"maxUnavailable": 1, "selector": {"matchLabels": ASSISTANT}},
        },
        *_network_policies(platform),
        {
            "apiVersion": "monitoring.coreos.com/v1",
            "kind": "ServiceMonitor",
            "metadata": _meta(NAME, ASSISTANT),
            "spec": {
                "selector": {"matchLabels": ASSISTANT},
                "namespaceSelector": {"matchNames": [APP_NAMESPACE]},
                "endpoints": [{"port": "metrics", "path": "/metrics", "interval": "30s"}],
            },
        },
        prometheus_rule(spec.name),
        migration_job(image, config_map_name(data)),
        deployment(spec, image, config_hash(data), config_map_name(data)),
    ]
    return objects


def prometheus_rule(env: str = PROD) -> dict[str, Any]:
    """The monitoring rules of ``infra/monitoring/rules`` as a PrometheusRule object; outside
    prod the alerts of :data:`QUIET_OUTSIDE_PROD` are ``severity: info`` (notify nobody)."""
    groups = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))["groups"]
    if env != PROD:
        for group in groups:
            for rule in group["rules"]:
                if rule.get("alert") in QUIET_OUTSIDE_PROD:
                    rule["labels"] = {**rule.get("labels", {}), "severity": "info"}
    return {
        "apiVersion": "monitoring.coreos.com/v1",
        "kind": "PrometheusRule",
        "metadata": _meta(NAME, {**LABELS, **RULE_SELECTOR}),
        "spec": {"groups": groups},
    }


class _Dumper(yaml.SafeDumper):
    """Multi-line strings (programs, rule expressions) as literal blocks, readable in review."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def to_yaml(objects: list[dict[str, Any]]) -> str:
    return yaml.dump_all(objects, Dumper=_Dumper, sort_keys=False, default_flow_style=False)


def write(
    objects: list[dict[str, Any]], out_dir: Path, env: str, file_name: str = FILE_NAME
) -> Path:
    """Write the objects as one multi-document YAML file ``<out_dir>/<env>/<file_name>``."""
    path = out_dir / env / file_name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_yaml(objects), encoding="utf-8")
    return path
