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
# Terraform (or OpenTofu) versions the synthesized JSON accepts: the S3 backend's own lock file
# (``use_lockfile``) came in 1.10, and 1.11 deprecated its DynamoDB lock; CI runs 1.11.4.
TERRAFORM_REQUIRED_VERSION = ">= 1.11.0, < 2.0.0"
# What cluster-autoscaler reads to size node groups (no resource-level permissions).
AUTOSCALER_DESCRIBE_ACTIONS = (
    "autoscaling:DescribeAutoScalingGroups",
    "autoscaling:DescribeAutoScalingInstances",
    "autoscaling:DescribeLaunchConfigurations",
    "autoscaling:DescribeScalingActivities",
    "autoscaling:DescribeTags",
    "ec2:DescribeImages",
    "ec2:DescribeInstanceTypes",
    "ec2:DescribeLaunchTemplateVersions",
    "ec2:GetInstanceTypesFromInstanceRequirements",
)
# IAM actions that have no resource-level permissions: the only ones granted on ``*``.
UNSCOPED_ACTIONS = frozenset(
    {
        "ecr:GetAuthorizationToken",
        "secretsmanager:GetRandomPassword",
        "secretsmanager:ListSecrets",
        "route53:ListHostedZones",
        *AUTOSCALER_DESCRIBE_ACTIONS,
    }
)

# The expiry of a protected ECR tag (a release, a signature): ten years, in effect never.
PROTECTED_DAYS = 3650
# cosign's signature (and attestation) tags: `sha256-<digest>.sig`, `.att`
SIGNATURE_TAGS = "sha256-*"
# the in-VPC runners' image as runner-image.yml and day one tag it:
# `runner-<runner version>-<hash of Dockerfile.runner>-<UTC build time>`, a new tag every build
RUNNER_TAGS = "runner-*"

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
    not_resources: tuple[Value, ...] = ()  # every resource but these (a Deny's exceptions)


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
    if statement.not_resources:
        out["NotResource"] = [ref(r) for r in statement.not_resources]
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
class VpcEndpoint:
    """A gateway endpoint: traffic to the service stays in the VPC (no NAT gateway charges)."""

    id: str
    service: str
    route_tables: tuple[str, ...]
    type: str = "Gateway"


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
    endpoints: tuple[VpcEndpoint, ...] = ()
    dns: bool = True
    """DNS support and DNS hostnames (EKS nodes and private endpoints need both)."""

    @property
    def public_subnets(self) -> tuple[Subnet, ...]:
        return tuple(s for s in self.subnets if s.public)

    @property
    def private_subnets(self) -> tuple[Subnet, ...]:
        return tuple(s for s in self.subnets if not s.public)

    @staticmethod
    def default_route(route_table: str) -> str:
        """The logical id of a route table's 0.0.0.0/0 route."""
        return f"{route_table}-default"

    @staticmethod
    def association(subnet: str) -> str:
        """The logical id of a subnet's route-table association."""
        return f"{subnet}-rta"

    @property
    def private_egress(self) -> tuple[str, ...]:
        """What gives the private subnets their way out (each table's route to its NAT gateway,
        each subnet's association with its table, the S3 endpoint): a node there pulls its
        images through them, so a node group waits for them, even under ``-target`` (review
        165, X-H2)."""
        return (
            *(self.default_route(t) for t in self.private_route_tables),
            *(self.association(s.id) for s in self.private_subnets),
            *(e.id for e in self.endpoints),
        )


@dataclass(frozen=True)
class KmsKey:
    id: str
    alias: str
    description: str
    deletion_window_days: int
    policy: tuple[Statement, ...]
    rotation: bool = True


@dataclass(frozen=True)
class PolicyDocument:
    """A customer-managed policy kept verbatim (an upstream project's published policy)."""

    id: str
    name: str
    description: str
    document: dict[str, Any]


@dataclass(frozen=True)
class Role:
    """An IAM role: who may assume it (``trust``) and what it may do (``statements`` inline,
    AWS-managed ``managed_policies``, customer-managed ``documents``)."""

    id: str
    name: str
    description: str
    trust: tuple[Statement, ...]
    statements: tuple[Statement, ...] = ()
    managed_policies: tuple[str, ...] = ()
    documents: tuple[PolicyDocument, ...] = ()
    #: the managed policy capping what the role may do (infra/platform/boundary.py); every role
    #: the platform makes has one, or the bootstrap apply role may not create it
    permissions_boundary: str | None = None

    def attachment_id(self, policy_arn: str) -> str:
        """Logical id of the attachment of an AWS-managed policy."""
        return f"{self.id}-{policy_arn.rsplit('/', 1)[-1]}"

    @property
    def attachment_ids(self) -> tuple[str, ...]:
        return tuple(self.attachment_id(a) for a in self.managed_policies) + tuple(
            f"{self.id}-{d.id}" for d in self.documents
        )


@dataclass(frozen=True)
class Taint:
    """A node taint (EKS spelling of the effect: ``NO_SCHEDULE``, ``NO_EXECUTE``, ...)."""

    key: str
    value: str
    effect: str = "NO_SCHEDULE"

    @property
    def kubernetes_effect(self) -> str:
        """The effect as a pod's toleration names it (``NoSchedule``)."""
        return "".join(part.capitalize() for part in self.effect.split("_"))


@dataclass(frozen=True)
class LaunchTemplate:
    """A node group's launch template: what EKS's own would leave out (probe 29, N-M1; probe 25,
    L7). Node group tags reach neither the instances nor their volumes and ENIs (EKS tags them
    ``eks:*`` only): ``tags`` (``environment`` only: a template change rolls every node of its
    group, a spec's cost tags must not, probe 32, R-M1) go on each of ``tagged_resources`` at
    launch, so the scope denies of the other environment apply to them.
    The root volume is encrypted with the stack's key (``kms_key``), whose alias the other
    environment is denied, so neither can its snapshots be read elsewhere; IMDSv2 only, one hop
    (a pod never reaches the node role's credentials: every add-on is told its region and VPC,
    and runs under its own role)."""

    id: str
    name: str
    disk_size_gb: int
    kms_key: Ref
    tags: tuple[tuple[str, str], ...]
    device_name: str = "/dev/xvda"  # the root device of the EKS AL2/AL2023 AMIs
    volume_type: str = "gp3"
    tagged_resources: tuple[str, ...] = ("instance", "volume", "network-interface")
    http_tokens: str = "required"
    http_put_response_hop_limit: int = 1


@dataclass(frozen=True)
class NodeGroup:
    id: str
    name_prefix: str
    """Its name is this plus a suffix AWS makes unique (``node_group_name_prefix``): a change
    that replaces the group (its launch template's id, an instance type) brings the new group up
    beside the old one, which goes last (``create_before_destroy``; Pulumi replaces auto-named
    resources create-first), so the cluster never runs without nodes (probe 32, R-H1). A fixed
    name would force the old group out first."""
    instance_types: tuple[str, ...]
    min_size: int
    max_size: int
    desired_size: int
    disk_size_gb: int
    capacity_type: str
    depends_on: tuple[str, ...] = ()
    """Logical ids created first: the node role's policy attachments (nodes join with them)."""
    max_unavailable: int = 1
    labels: tuple[tuple[str, str], ...] = ()
    """Kubernetes labels of its nodes (a pod's nodeSelector finds them)."""
    taints: tuple[Taint, ...] = ()
    """Only pods that tolerate these land on its nodes."""
    autoscaled: bool = True
    """cluster-autoscaler owns the desired size once the group exists: both engines leave it
    alone on later applies (``desired_size`` is the first size only), so an apply never undoes
    a scale-up."""
    launch_template: LaunchTemplate | None = None
    """Its nodes' template (the root volume's size is set there, not by ``disk_size_gb``)."""
    asg_tags: tuple[tuple[str, str], ...] = ()
    """Tags put on the Auto Scaling group EKS makes for it (``aws_autoscaling_group_tag``: a node
    group's own tags are not copied there), not propagated (the template tags the instances)."""

    def asg_tag_id(self, key: str) -> str:
        return f"{self.id}-asg-{key}"


@dataclass(frozen=True)
class AccessEntry:
    """Kubernetes access for an IAM role: its groups (bound by RBAC objects) and one EKS access
    policy, in some namespaces (or the whole cluster when ``namespaces`` is empty)."""

    id: str
    principal: Ref
    policy_arn: str
    namespaces: tuple[str, ...]
    kubernetes_groups: tuple[str, ...] = ()
    type: str = "STANDARD"

    @property
    def scope(self) -> dict[str, Any]:
        if self.namespaces:
            return {"type": "namespace", "namespaces": list(self.namespaces)}
        return {"type": "cluster"}


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
    """Who may reach the public endpoint; empty (not rendered) while it is off."""
    subnets: tuple[str, ...]
    kms_key: Ref
    oidc_provider: str
    node_groups: tuple[NodeGroup, ...]
    access_entries: tuple[AccessEntry, ...]
    deletion_protection: bool
    depends_on: tuple[str, ...] = ()
    """Logical ids created first: its log group and its role's policy attachments (deleting
    them first would leave EKS unable to clean up)."""
    authentication_mode: str = "API"
    support_type: str = "STANDARD"
    """The upgrade policy at the end of the version's standard support (STANDARD: AWS upgrades
    the cluster; EXTENDED: extended support's price). Rendered, not left to AWS's default."""
    bootstrap_cluster_creator_admin_permissions: bool = True
    oidc_client_ids: tuple[str, ...] = (STS,)
    encrypted_resources: tuple[str, ...] = ("secrets",)


@dataclass(frozen=True)
class EksAddon:
    """An EKS managed add-on, pinned; ``role`` is its IRSA role (service_account_role_arn)."""

    id: str
    name: str
    version: str
    configuration: dict[str, Any] | None = None
    role: Ref | None = None
    needs_nodes: bool = False
    """Its pods must be scheduled before the add-on reports healthy (CoreDNS, EBS CSI)."""
    resolve_conflicts_on_create: str = "OVERWRITE"
    resolve_conflicts_on_update: str = "OVERWRITE"


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
    lifecycle_rule_status: str = "Enabled"

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


#: The stamp ending a final snapshot's name, the same in each engine's spelling: Terraform's
#: ``formatdate`` over ``timestamp()`` at apply, Python's ``strftime`` when the Pulumi program runs
#: (UTC, to the second: letters, digits and hyphens, as RDS takes a snapshot identifier).
FINAL_SNAPSHOT_STAMP = {"terraform": "YYYYMMDDhhmmss", "python": "%Y%m%d%H%M%S"}


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
    depends_on: tuple[str, ...] = ()
    """Platform objects made first: the log groups its exports write to (else RDS makes them,
    unencrypted by the stack's key and kept for ever, and the stack could not make them after)."""

    @property
    def final_snapshot_prefix(self) -> str:
        """The final snapshot's name before its stamp. Each engine appends the instance's creation
        time (:data:`FINAL_SNAPSHOT_STAMP`) and keeps the name the instance was made with
        (``ignore_changes``): a fixed name is taken by the snapshot of the first destroy, and
        RDS refuses the next (a stack made again and destroyed again) with
        ``DBSnapshotAlreadyExists``, the instance left running (review 165, X-L3)."""
        return f"{self.identifier}-final-"

    def log_group_name(self, export: str) -> str:
        """The log group RDS writes an export to."""
        return f"/aws/rds/instance/{self.identifier}/{export}"

    parameter_apply_method: str = "immediate"

    @property
    def subnet_group_name(self) -> str:
        return f"{self.identifier}-subnets"

    @property
    def subnet_group_description(self) -> str:
        return f"{self.identifier}: the private subnets"

    @property
    def parameter_group_name(self) -> str:
        return f"{self.identifier}-params"

    @property
    def parameter_group_description(self) -> str:
        return f"{self.identifier}: TLS only, slow statements logged"


@dataclass(frozen=True)
class Secret:
    """A Secrets Manager secret; ``readers`` are the only principals allowed to read it.

    Three kinds: a shell whose value an operator (or its producer) writes (no value here); a
    value generated at apply time (``generated_length``); a JSON value the platform writes from
    its resources' attributes (``value``). The last two are read back by the engine at every
    refresh, so their ``readers`` include the identities that plan and apply the stack."""

    id: str
    name: str
    description: str
    kms_key: Ref
    readers: tuple[Value, ...] = ()
    generated_length: int | None = None
    """Set: the value is generated at apply time; None: an operator puts the value in."""
    value: tuple[tuple[str, Value], ...] = ()
    """Set: the platform writes this JSON object (keys to values) as the secret's value."""
    recovery_window_days: int = 7
    exclude_punctuation: bool = True

    @property
    def managed_value(self) -> bool:
        """The engine writes (and so reads back) the value."""
        return self.generated_length is not None or bool(self.value)

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

    @property
    def subnet_group_description(self) -> str:
        return f"{self.replication_group_id}: the private subnets"


@dataclass(frozen=True)
class Registry:
    id: str
    name: str
    kms_key: Ref
    keep_images: int
    # Tags the count rule never expires: the releases (a pinned or running image) and their
    # cosign signatures (`sha256-<digest>.sig`), each its own rule (ECR ANDs a rule's patterns).
    protected_tags: tuple[str, ...] = ()
    # Tags of which only the last ``keep_images`` images are kept, the older expired: a build
    # tagged anew every time (the runners' weekly `runner-*`), which a protected pattern would
    # keep for ever (probe 32, R-L2). A rule of their own: the count of the last rule never
    # reaches an image such a rule matched.
    counted_tags: tuple[str, ...] = ()
    immutable_tags: bool = True
    scan_on_push: bool = True
    encryption_type: str = "KMS"

    @property
    def tag_mutability(self) -> str:
        return "IMMUTABLE" if self.immutable_tags else "MUTABLE"

    def lifecycle_policy(self) -> dict[str, Any]:
        """The ECR lifecycle policy: expire all but the last ``keep_images`` images, never a
        release or a signature (``protected_tags``).

        ECR never expires an image matched by a rule through a rule of lower priority, so each
        protected pattern gets a rule of its own first, whose expiry no image reaches
        (:data:`PROTECTED_DAYS` after its push): a pinned MLflow digest or the image a
        Deployment still runs survives any number of newer pushes. Old releases are deleted on
        purpose (`aws ecr batch-delete-image`), not by count. Each ``counted_tags`` pattern
        comes next, with a count of its own: its last ``keep_images`` images are kept (the one
        pinned among them), the older expire."""
        protect = [
            {
                "rulePriority": priority,
                "description": f"never expire {pattern} (a release or its signature)",
                "selection": {
                    "tagStatus": "tagged",
                    "tagPatternList": [pattern],
                    "countType": "sinceImagePushed",
                    "countUnit": "days",
                    "countNumber": PROTECTED_DAYS,
                },
                "action": {"type": "expire"},
            }
            for priority, pattern in enumerate(self.protected_tags, start=1)
        ]
        counted = [
            {
                "rulePriority": len(protect) + priority,
                "description": f"keep the last {self.keep_images} {pattern} images",
                "selection": {
                    "tagStatus": "tagged",
                    "tagPatternList": [pattern],
                    "countType": "imageCountMoreThan",
                    "countNumber": self.keep_images,
                },
                "action": {"type": "expire"},
            }
            for priority, pattern in enumerate(self.counted_tags, start=1)
        ]
        rest = {
            "rulePriority": len(protect) + len(counted) + 1,
            "description": f"keep the last {self.keep_images} other images",
            "selection": {
                "tagStatus": "any",
                "countType": "imageCountMoreThan",
                "countNumber": self.keep_images,
            },
            "action": {"type": "expire"},
        }
        return {"rules": [*protect, *counted, rest]}


@dataclass(frozen=True)
class GithubOidc:
    """The account's GitHub OIDC provider: created by one environment's stack per account
    (``create``), looked up by URL in the others."""

    id: str
    url: str
    client_ids: tuple[str, ...]
    create: bool = True


@dataclass(frozen=True)
class HelmRelease:
    """A pinned chart; ``values`` may hold :class:`Ref` values (resolved by the engine);
    ``depends_on`` names platform objects created first (add-ons, namespaces, releases)."""

    id: str
    name: str
    namespace: str
    repository: str
    chart: str
    version: str
    values: dict[str, Any] = field(default_factory=dict)
    create_namespace: bool = True
    atomic: bool = True
    depends_on: tuple[str, ...] = ()
    timeout_seconds: int = 600


@dataclass(frozen=True)
class StorageClass:
    id: str
    name: str
    provisioner: str
    parameters: dict[str, Value]
    """A Ref is resolved by the engine (the key's ARN of ``kmsKeyId``)."""
    default: bool = False
    reclaim_policy: str = "Delete"
    volume_binding_mode: str = "WaitForFirstConsumer"
    allow_volume_expansion: bool = True
    depends_on: tuple[str, ...] = ()

    @property
    def annotations(self) -> dict[str, str]:
        return {"storageclass.kubernetes.io/is-default-class": str(self.default).lower()}


@dataclass(frozen=True)
class Certificate:
    """An ACM certificate of the app's host, validated by a DNS record in the spec's zone; the
    AWS Load Balancer Controller finds it by host for the Ingress."""

    id: str
    domain: str
    zone_id: str
    validation_method: str = "DNS"
    record_ttl: int = 60
    allow_overwrite: bool = True

    @property
    def record_id(self) -> str:
        return f"{self.id}-validation-record"

    @property
    def validation_id(self) -> str:
        return f"{self.id}-validation"


@dataclass(frozen=True)
class LoadBalancer:
    """The app's internet-facing ALB. The AWS Load Balancer Controller makes it from the app's
    Ingress (infra/k8s/render.py), so no engine renders it: the Ingress carries these settings as
    its ``load-balancer-attributes`` and the stack makes what they need, the log bucket's
    statement for ELB's log delivery (review 177, R-L4)."""

    log_bucket: str
    """The id of the bucket that takes the access logs (SSE-S3: ELB delivers to no other)."""
    log_prefix: str
    """Where in it: ELB writes ``<prefix>/AWSLogs/<account>/elasticloadbalancing/...``."""
    deletion_protection: bool
    """The spec's ``deletion_protection``: on in prod (and staging), off in dev."""

    def attributes(self, bucket_name: str) -> str:
        """The Ingress annotation's value, with the log bucket's real name."""
        return ",".join(
            (
                "access_logs.s3.enabled=true",
                f"access_logs.s3.bucket={bucket_name}",
                f"access_logs.s3.prefix={self.log_prefix}",
                f"deletion_protection.enabled={str(self.deletion_protection).lower()}",
            )
        )


@dataclass(frozen=True)
class Account:
    """Where an environment may be applied: the providers refuse any other account."""

    account_id: str
    assume_role_arn: str | None
    deployer_arn: str
    """The identity that applies the stack: assume_role_arn, else the bootstrap's role."""
    terraform_required_version: str = TERRAFORM_REQUIRED_VERSION


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
    """Name of the Kubernetes secret holding MLFLOW_BACKEND_STORE_URI (External Secrets fills it
    from the RDS-managed master secret; Reloader rolls the pods when a rotation changes it)."""
    auth_secret: str = "mlflow-auth"
    """Kubernetes Secret of the basic-auth admin and the Flask secret key (envFrom)."""
    auth_config_secret: str = "mlflow-auth-config"
    """Kubernetes Secret holding basic_auth.ini (its database URI carries the rotating password)."""
    auth_config_dir: str = "/etc/mlflow-auth"
    allowed_hosts: tuple[str, ...] = ()
    """Host headers the server answers (MLflow 3 refuses others): the Service's names."""
    secrets_release: str = "mlflow-secrets"
    """The Helm release of its SecretStore and ExternalSecrets (the Deployment waits for it)."""
    image_pull_policy: str = "Always"
    """Pinned by digest, so a pull fetches the same bytes; Always re-checks the node's access."""
    run_as_user: int = 10001
    """The image's user (Dockerfile.mlflow)."""
    workers: int = 2
    """uvicorn worker processes. MLflow's default is 4: with its job runner they took 2.4 GiB
    (PSS, measured), more than twice the limit below; two workers without it take about 0.6."""
    cpu_request: str = "250m"
    memory_request: str = "768Mi"
    cpu_limit: str = "1"
    memory_limit: str = "1Gi"
    """tests/test_mlflow_image.py measures the rendered args and env against it."""
    health_path: str = "/health"
    liveness_delay_seconds: int = 30
    scratch_dir: str = "/tmp"
    """A writable emptyDir (the root filesystem is read-only); also HOME."""
    container_name: str = "mlflow"
    port_name: str = "http"
    scratch_volume: str = "tmp"
    auth_volume: str = "auth"
    service_type: str = "ClusterIP"
    automount_service_account_token: bool = True
    """IRSA reads the projected token: the server's AWS credentials."""
    run_as_non_root: bool = True
    read_only_root_filesystem: bool = True
    allow_privilege_escalation: bool = False
    dropped_capabilities: tuple[str, ...] = ("ALL",)
    seccomp_profile: str = "RuntimeDefault"

    @property
    def url(self) -> str:
        return f"http://{self.name}.{self.namespace}.svc.cluster.local:{self.port}"

    @property
    def annotations(self) -> dict[str, str]:
        """Pod-template annotations: roll the pods when a Secret they read changes (a rotated
        database password reaches the backend store URI and basic_auth.ini)."""
        names = (self.db_secret, self.auth_config_secret, self.auth_secret)
        return {"secret.reloader.stakater.com/reload": ",".join(names)}

    @property
    def env(self) -> tuple[tuple[str, str], ...]:
        return (
            ("HOME", self.scratch_dir),
            ("MLFLOW_AUTH_CONFIG_PATH", f"{self.auth_config_dir}/basic_auth.ini"),
            ("MLFLOW_SERVER_ALLOWED_HOSTS", ",".join(self.allowed_hosts)),
            # MLflow 3 starts a job runner with seven huey consumers for its GenAI jobs (scorers,
            # prompt optimization), 1.4 GiB more: the registry and tracking Slipway uses need none
            ("MLFLOW_SERVER_ENABLE_JOB_EXECUTION", "false"),
        )

    @property
    def env_from_secrets(self) -> tuple[str, ...]:
        return (self.db_secret, self.auth_secret)

    @property
    def namespace_id(self) -> str:
        return f"{self.id}-namespace"


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
    account: Account
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
    mlflow_registry: Registry
    #: the in-VPC runners' image (Dockerfile.runner), pushed by day one (runners.image)
    runner_registry: Registry
    addons: tuple[EksAddon, ...]
    certificate: Certificate
    storage_classes: tuple[StorageClass, ...]
    helm_releases: tuple[HelmRelease, ...]
    mlflow: MlflowServer
    outputs: tuple[Output, ...]
    load_balancer: LoadBalancer

    @property
    def registries(self) -> tuple[Registry, ...]:
        return (self.registry, self.mlflow_registry, self.runner_registry)

    def role(self, role_id: str) -> Role:
        return next(r for r in self.roles if r.id == role_id)

    def bucket(self, bucket_id: str) -> Bucket:
        return next(b for b in self.buckets if b.id == bucket_id)

    def secret(self, secret_id: str) -> Secret:
        return next(s for s in self.secrets if s.id == secret_id)
