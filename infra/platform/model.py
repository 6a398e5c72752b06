"""The platform's resource types: plain frozen dataclasses, no engine imports.

Relationships are :class:`Ref` values (a logical id and an attribute) that each renderer turns
into its own engine's reference. Names and ARNs may contain :data:`ACCOUNT_ID`, filled in by each
engine from the caller identity at plan time, so nothing account-specific is committed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

ACCOUNT_ID = "{account_id}"
PARTITION = "aws"
POLICY_VERSION = "2012-10-17"
ANYWHERE = "0.0.0.0/0"
STS = "sts.amazonaws.com"

T = TypeVar("T")


@dataclass(frozen=True)
class Ref:
    """An attribute of another platform resource (``attr``: arn, id, name, url, ...)."""

    target: str
    attr: str = "arn"
    suffix: str = ""


Value = str | Ref


@dataclass(frozen=True)
class Condition:
    test: str
    variable: Value
    values: tuple[Value, ...]


@dataclass(frozen=True)
class Statement:
    """One IAM policy statement; principals are (type, identifiers) pairs."""

    sid: str
    actions: tuple[str, ...]
    resources: tuple[Value, ...] = ()
    effect: Literal["Allow", "Deny"] = "Allow"
    principals: tuple[tuple[str, tuple[Value, ...]], ...] = ()
    conditions: tuple[Condition, ...] = ()


def policy_document(
    statements: Sequence[Statement],
    ref: Callable[[Value], T],
    conditions: Callable[[list[tuple[T, list[T]]]], Any] = dict,
) -> dict[str, Any]:
    """An IAM policy document; ``ref`` resolves values in the engine, ``conditions`` builds one
    test's block from its (key, values) pairs (Pulumi: keys may be outputs)."""
    return {
        "Version": POLICY_VERSION,
        "Statement": [_statement(s, ref, conditions) for s in statements],
    }


def _statement(
    statement: Statement,
    ref: Callable[[Value], T],
    conditions: Callable[[list[tuple[T, list[T]]]], Any],
) -> dict[str, Any]:
    out: dict[str, Any] = {"Sid": statement.sid, "Effect": statement.effect}
    if statement.principals:
        out["Principal"] = {
            kind: [ref(i) for i in ids] if len(ids) > 1 else ref(ids[0])
            for kind, ids in statement.principals
        }
    out["Action"] = list(statement.actions)
    if statement.resources:
        out["Resource"] = [ref(r) for r in statement.resources]
    if statement.conditions:
        tests: dict[str, list[tuple[T, list[T]]]] = {}
        for c in statement.conditions:
            tests.setdefault(c.test, []).append((ref(c.variable), [ref(v) for v in c.values]))
        out["Condition"] = {test: conditions(pairs) for test, pairs in tests.items()}
    return out


@dataclass(frozen=True)
class Subnet:
    id: str
    name: str
    cidr: str
    az: str
    public: bool
    route_table: str
    map_public_ip_on_launch: bool = False

    @property
    def load_balancer_role_tag(self) -> str:
        """The tag that lets the AWS load balancer controller place internet/internal LBs here."""
        return "kubernetes.io/role/elb" if self.public else "kubernetes.io/role/internal-elb"


@dataclass(frozen=True)
class LogGroup:
    id: str
    name: str
    retention_days: int
    kms_key: Ref


@dataclass(frozen=True)
class FlowLog:
    id: str
    log_group: str
    role: str
    traffic_type: str = "ALL"
    destination_type: str = "cloud-watch-logs"


@dataclass(frozen=True)
class Network:
    id: str
    name: str
    cidr: str
    subnets: tuple[Subnet, ...]
    nat_gateways: tuple[str, ...]
    """Logical ids of the NAT gateways; gateway i sits in public subnet i."""
    private_route_tables: tuple[str, ...]
    """Route table i sends 0.0.0.0/0 to NAT gateway i."""
    public_route_table: str
    internet_gateway: str
    default_security_group: str
    flow_log: FlowLog
    dns: bool = True
    """DNS support and DNS hostnames (EKS nodes and private endpoints need both)."""

    @property
    def public_subnets(self) -> tuple[Subnet, ...]:
        return tuple(s for s in self.subnets if s.public)

    @property
    def private_subnets(self) -> tuple[Subnet, ...]:
        return tuple(s for s in self.subnets if not s.public)


@dataclass(frozen=True)
class KmsKey:
    id: str
    alias: str
    description: str
    deletion_window_days: int
    policy: tuple[Statement, ...]
    rotation: bool = True


@dataclass(frozen=True)
class Role:
    """An IAM role: who may assume it (``trust``) and what it may do (``statements``)."""

    id: str
    name: str
    description: str
    trust: tuple[Statement, ...]
    statements: tuple[Statement, ...] = ()
    managed_policies: tuple[str, ...] = ()


@dataclass(frozen=True)
class NodeGroup:
    id: str
    name: str
    instance_types: tuple[str, ...]
    min_size: int
    max_size: int
    desired_size: int
    disk_size_gb: int
    capacity_type: str


@dataclass(frozen=True)
class AccessEntry:
    """Kubernetes access for an IAM role, bound to one EKS access policy in some namespaces."""

    id: str
    principal: Ref
    policy_arn: str
    namespaces: tuple[str, ...]


@dataclass(frozen=True)
class Cluster:
    id: str
    name: str
    version: str
    role: str
    node_role: str
    log_group: str
    log_types: tuple[str, ...]
    endpoint_private: bool
    endpoint_public: bool
    public_access_cidrs: tuple[str, ...]
    subnets: tuple[str, ...]
    kms_key: Ref
    oidc_provider: str
    node_groups: tuple[NodeGroup, ...]
    access_entries: tuple[AccessEntry, ...]
    deletion_protection: bool
    authentication_mode: str = "API"
    oidc_client_ids: tuple[str, ...] = (STS,)


@dataclass(frozen=True)
class Bucket:
    id: str
    name: str
    purpose: str
    kms_key: Ref | None
    """None means SSE-S3 (AES256): S3 server access logs cannot be delivered to SSE-KMS."""
    log_bucket: str | None
    log_prefix: str
    noncurrent_version_days: int
    expiration_days: int | None
    policy: tuple[Statement, ...]
    versioning: bool = True
    abort_incomplete_upload_days: int = 7
    object_ownership: str = "BucketOwnerEnforced"
    block_public_access: bool = True
    lifecycle_rule_id: str = "retention"

    @property
    def versioning_status(self) -> str:
        return "Enabled" if self.versioning else "Suspended"

    @property
    def sse_algorithm(self) -> str:
        return "aws:kms" if self.kms_key else "AES256"


@dataclass(frozen=True)
class SecurityGroup:
    id: str
    name: str
    description: str
    port: int
    ingress_cidrs: tuple[str, ...]
    protocol: str = "tcp"

    @property
    def ingress_description(self) -> str:
        return f"port {self.port} from the private subnets"


@dataclass(frozen=True)
class Database:
    id: str
    identifier: str
    engine_version: str
    instance_class: str
    allocated_storage_gb: int
    max_allocated_storage_gb: int
    db_name: str
    username: str
    port: int
    kms_key: Ref
    multi_az: bool
    deletion_protection: bool
    backup_retention_days: int
    subnet_group: str
    security_group: SecurityGroup
    parameter_group: str
    parameter_family: str
    parameters: tuple[tuple[str, str], ...]
    log_exports: tuple[str, ...]
    monitoring_role: str
    monitoring_interval_seconds: int = 60
    publicly_accessible: bool = False
    storage_encrypted: bool = True
    iam_authentication: bool = True
    performance_insights: bool = True
    engine: str = "postgres"
    manage_master_user_password: bool = True
    auto_minor_version_upgrade: bool = True
    copy_tags_to_snapshot: bool = True
    skip_final_snapshot: bool = False

    @property
    def final_snapshot_identifier(self) -> str:
        return f"{self.identifier}-final"

    @property
    def subnet_group_name(self) -> str:
        return f"{self.identifier}-subnets"

    @property
    def parameter_group_name(self) -> str:
        return f"{self.identifier}-params"


@dataclass(frozen=True)
class Secret:
    """A Secrets Manager secret; ``readers`` are the only principals allowed to read it."""

    id: str
    name: str
    description: str
    kms_key: Ref
    readers: tuple[Ref, ...] = ()
    generated_length: int | None = None
    """Set: the value is generated at apply time; None: an operator puts the value in."""
    recovery_window_days: int = 7
    exclude_punctuation: bool = True

    def reader_policy(self, readers: Sequence[T]) -> dict[str, Any]:
        """The resource policy: nobody but ``readers`` (resolved by the engine) gets the value."""
        return {
            "Version": POLICY_VERSION,
            "Statement": [
                {
                    "Sid": "OnlyReadersGetTheValue",
                    "Effect": "Deny",
                    "Principal": {"AWS": "*"},
                    "Action": "secretsmanager:GetSecretValue",
                    "Resource": "*",
                    "Condition": {"StringNotEquals": {"aws:PrincipalArn": list(readers)}},
                }
            ],
        }


@dataclass(frozen=True)
class Cache:
    id: str
    replication_group_id: str
    description: str
    engine_version: str
    node_type: str
    nodes: int
    port: int
    kms_key: Ref
    auth_secret: str
    subnet_group: str
    security_group: SecurityGroup
    snapshot_retention_days: int
    transit_encryption: bool = True
    at_rest_encryption: bool = True
    engine: str = "redis"
    auto_minor_version_upgrade: bool = True

    @property
    def failover(self) -> bool:
        return self.nodes > 1

    @property
    def subnet_group_name(self) -> str:
        return f"{self.replication_group_id}-subnets"


@dataclass(frozen=True)
class Registry:
    id: str
    name: str
    kms_key: Ref
    keep_images: int
    immutable_tags: bool = True
    scan_on_push: bool = True
    encryption_type: str = "KMS"

    @property
    def tag_mutability(self) -> str:
        return "IMMUTABLE" if self.immutable_tags else "MUTABLE"

    def lifecycle_policy(self) -> dict[str, Any]:
        """The ECR lifecycle policy: expire all but the last ``keep_images`` images."""
        return {
            "rules": [
                {
                    "rulePriority": 1,
                    "description": f"keep the last {self.keep_images} images",
                    "selection": {
                        "tagStatus": "any",
                        "countType": "imageCountMoreThan",
                        "countNumber": self.keep_images,
                    },
                    "action": {"type": "expire"},
                }
            ]
        }


@dataclass(frozen=True)
class GithubOidc:
    id: str
    url: str
    client_ids: tuple[str, ...]


@dataclass(frozen=True)
class HelmRelease:
    id: str
    name: str
    namespace: str
    repository: str
    chart: str
    version: str
    values: dict[str, Any] = field(default_factory=dict)
    create_namespace: bool = True
    atomic: bool = True


@dataclass(frozen=True)
class MlflowServer:
    """The MLflow tracking server: RDS as backend store, S3 for artifacts, both through IRSA."""

    id: str
    namespace: str
    name: str
    image: str
    replicas: int
    port: int
    service_account: str
    role: Ref
    artifacts_bucket: Ref
    database: Ref
    db_secret: str
    """Name of the Kubernetes secret holding MLFLOW_BACKEND_STORE_URI."""
    image_pull_policy: str = "Always"
    run_as_user: int = 1000
    cpu_request: str = "250m"
    memory_request: str = "512Mi"
    cpu_limit: str = "1"
    memory_limit: str = "1Gi"
    health_path: str = "/health"
    liveness_delay_seconds: int = 30
    scratch_dir: str = "/tmp"
    """A writable emptyDir (the root filesystem is read-only); also HOME."""

    @property
    def url(self) -> str:
        return f"http://{self.name}.{self.namespace}.svc.cluster.local:{self.port}"


@dataclass(frozen=True)
class Output:
    name: str
    value: Value
    description: str


@dataclass(frozen=True)
class Platform:
    """Every resource of one environment, in the order renderers create them."""

    env: str
    region: str
    prefix: str
    tags: dict[str, str]
    network: Network
    kms_key: KmsKey
    log_groups: tuple[LogGroup, ...]
    roles: tuple[Role, ...]
    cluster: Cluster
    buckets: tuple[Bucket, ...]
    database: Database
    secrets: tuple[Secret, ...]
    cache: Cache
    registry: Registry
    github_oidc: GithubOidc
    helm_releases: tuple[HelmRelease, ...]
    mlflow: MlflowServer
    outputs: tuple[Output, ...]

    def role(self, role_id: str) -> Role:
        return next(r for r in self.roles if r.id == role_id)

    def bucket(self, bucket_id: str) -> Bucket:
        return next(b for b in self.buckets if b.id == bucket_id)

    def secret(self, secret_id: str) -> Secret:
        return next(s for s in self.secrets if s.id == secret_id)
