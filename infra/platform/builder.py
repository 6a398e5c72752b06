"""Derive the engine-neutral Platform of one environment from its spec.

Every fixed literal of the platform (chart and add-on versions, policies, names) is here or in
:mod:`infra.platform.model`; the renderers only translate.

Choices, for the record:

- **GitHub OIDC provider, once per account**: an account holds one provider per URL, so the
  spec flag ``github.create_oidc_provider`` is true in at most one environment per account
  (checked across the specs by :func:`infra.spec.check_accounts`; none when the account trusts
  GitHub Actions already, which ``slipway infra bootstrap`` checks); the others look the
  provider up by URL (a data source / ``get``) and trust it the same way.
- **Secrets that survive day two**: a secret whose value the engine writes (the cache token it
  generates, the runtime endpoints it reads off RDS and ElastiCache) is read back at every
  refresh, so its deny-all-but-readers policy lists the environment's plan role and the
  deploying identity beside the workload. Secrets with values from elsewhere (the OpenAI key)
  are shells: their producer writes the value. The RDS master password is never copied, and
  only the database-roles Job reads it (itself, from Secrets Manager as its own IRSA role: no
  Kubernetes Secret holds it, probe 32, R-M2): it gives the app,
  the app's migrations and MLflow roles of their own (:mod:`infra.platform.database_roles`),
  each with a generated password (probe 25, M2).
- **Node autoscaling: cluster-autoscaler**, not Karpenter: the environments already declare
  managed node groups with min/max sizes, which cluster-autoscaler scales through the tags EKS
  puts on their Auto Scaling groups; Karpenter would replace them and add an interruption
  queue, event rules, an instance profile and its own node classes.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from infra.errors import SpecError
from infra.k8s.names import (
    APP_NAMESPACE,
    APP_SERVICE_ACCOUNT,
    DEPLOY_GROUP,
    MIGRATION_SERVICE_ACCOUNT,
)
from infra.platform import database_roles
from infra.platform.boundary import ENVIRONMENT_TAG, boundary_arn
from infra.platform.boundary import cluster_name as eks_cluster_name
from infra.platform.model import (
    ACCOUNT_ID,
    AUTOSCALER_DESCRIBE_ACTIONS,
    PARTITION,
    RUNNER_TAGS,
    SIGNATURE_TAGS,
    STS,
    AccessEntry,
    Account,
    Bucket,
    Cache,
    Certificate,
    Cluster,
    Condition,
    Database,
    EksAddon,
    FlowLog,
    GithubOidc,
    HelmRelease,
    KmsKey,
    LaunchTemplate,
    LoadBalancer,
    LogGroup,
    MlflowServer,
    Network,
    NodeGroup,
    Output,
    Platform,
    PolicyDocument,
    Ref,
    Registry,
    Role,
    Secret,
    SecurityGroup,
    Statement,
    StorageClass,
    Subnet,
    Taint,
    VpcEndpoint,
)
from infra.settings import (
    InfraSettings,
    lock_file_key,
    saved_plan_prefix,
    saved_plans_key_alias,
)
from infra.spec import PLACEHOLDER_DIGEST, PRODUCTION, EnvironmentSpec

CLUSTER_LOG_TYPES = ("api", "audit", "authenticator", "controllerManager", "scheduler")
GITHUB_OIDC_HOST = "token.actions.githubusercontent.com"
MLFLOW_NAMESPACE = "mlflow"
# The Job that makes the database roles (the master secret's only reader): its namespace, service
# account and Helm release (one name for the three).
DATABASE_ROLES = "database-roles"
#: platform secret id -> the database role whose generated password it holds
DATABASE_ROLE_SECRETS = {
    "db-owner-password": database_roles.OWNER_ROLE,
    "db-app-password": database_roles.APP_ROLE,
    "db-mlflow-password": database_roles.MLFLOW_ROLE,
}
KMS = Ref("kms")
#: EC2 Auto Scaling's service-linked role (it launches the node groups' instances).
AUTOSCALING_ROLE = (
    f"arn:{PARTITION}:iam::{ACCOUNT_ID}:role/aws-service-role/autoscaling.amazonaws.com/"
    "AWSServiceRoleForAutoScaling"
)
POLICIES = Path(__file__).resolve().with_name("policies")
KUBE_SYSTEM = "kube-system"

# EKS managed add-ons per Kubernetes version (`aws eks describe-addon-versions
# --kubernetes-version <v> --addon-name <name>` lists the builds; bump them with the cluster).
EKS_ADDON_VERSIONS: dict[str, dict[str, str]] = {
    "1.33": {
        "vpc-cni": "v1.20.1-eksbuild.3",
        "coredns": "v1.12.1-eksbuild.2",
        "kube-proxy": "v1.33.0-eksbuild.2",
        "aws-ebs-csi-driver": "v1.45.0-eksbuild.2",
        "eks-pod-identity-agent": "v1.3.7-eksbuild.2",
    },
}
# cluster-autoscaler's minor version must match the cluster's: the chart whose appVersion is it.
CLUSTER_AUTOSCALER_CHARTS = {"1.33": "9.51.0"}

EXTERNAL_SECRETS_CHART_VERSION = "0.20.4"  # serves the external-secrets.io/v1 API infra/k8s uses
# The AWS Load Balancer Controller and its IAM policy as the project publishes it for this release
# (docs/install/iam_policy.json at tag v3.5.0 of kubernetes-sigs/aws-load-balancer-controller).
LOAD_BALANCER_CONTROLLER_CHART_VERSION = "3.5.0"
LOAD_BALANCER_CONTROLLER_POLICY = POLICIES / "aws-load-balancer-controller-v3.5.0.json"
EXTERNAL_DNS_CHART_VERSION = "1.21.1"
RELOADER_CHART_VERSION = "2.2.16"
# Plain manifests (MLflow's SecretStore and ExternalSecret) as a Helm release: their kinds are
# served by a chart installed in the same apply, which a plan-time manifest resource cannot wait
# for.
RAW_CHART_VERSION = "2.0.2"
# actions-runner-controller: the controller and the scale set charts ship together (equal
# versions); the scale set's name is the `runs-on` label of the jobs that reach the cluster.
ARC_CHARTS = "oci://ghcr.io/actions/actions-runner-controller-charts"
ARC_CHART_VERSION = "0.14.2"
# cluster-autoscaler does not remove a node that runs a pod with this annotation "false"
SAFE_TO_EVICT = "cluster-autoscaler.kubernetes.io/safe-to-evict"
ARC_SYSTEM_NAMESPACE = "arc-systems"
# the controller chart's `metrics` values: the controller and each listener serve /metrics
ARC_METRICS = {
    "controllerManagerAddr": ":8080",
    "listenerAddr": ":8080",
    "listenerEndpoint": "/metrics",
}
ARC_RUNNERS_NAMESPACE = "arc-runners"
# The runners' node group: its nodes carry this label and taint; the runner pods select and
# tolerate them, and nothing else does, so a job (privileged Docker-in-Docker) never shares a
# node with the app, MLflow or the add-ons.
RUNNER_POOL_LABEL = "slipway.io/pool"
RUNNER_POOL = "runners"
RUNNER_TAINT = Taint(key="slipway.io/runners", value="true", effect="NO_SCHEDULE")


# What ReadOnlyAccess reads that is data, not configuration: denied to the plan role but on its
# own state object and lock file. DynamoDB's stays although no lock lives there any more:
# ReadOnlyAccess grants those reads on every table of the account (bootstrap's boundary, which
# no longer allows DynamoDB, caps them too; this deny does not depend on it).
PLAN_DENIED_DATA_READS = (
    "dynamodb:BatchGetItem",
    "dynamodb:GetItem",
    "dynamodb:Query",
    "dynamodb:Scan",
    "ecr:BatchGetImage",
    "ecr:GetDownloadUrlForLayer",
    "logs:FilterLogEvents",
    "logs:GetLogEvents",
    "logs:StartQuery",
    "rds:DownloadDBLogFilePortion",
    "s3:GetObject",
    "s3:GetObjectVersion",
    "ssm:GetParameter",
    "ssm:GetParameters",
    "ssm:GetParametersByPath",
)


def _managed(name: str) -> str:
    return f"arn:{PARTITION}:iam::aws:policy/{name}"


def _service_trust(service: str, *conditions: Condition) -> tuple[Statement, ...]:
    return (
        Statement(
            sid="ServiceAssume",
            actions=("sts:AssumeRole",),
            principals=(("Service", (service,)),),
            conditions=conditions,
        ),
    )


def _service_role(role_id: str, name: str, description: str, service: str, *policies: str) -> Role:
    """A role an AWS service assumes, with AWS-managed policies only."""
    return Role(
        id=role_id,
        name=name,
        description=description,
        trust=_service_trust(service),
        managed_policies=tuple(_managed(p) for p in policies),
    )


def _irsa_trust(namespace: str, service_account: str) -> tuple[Statement, ...]:
    """Trust the cluster's OIDC provider for exactly one Kubernetes service account."""
    return (
        Statement(
            sid="ServiceAccountAssume",
            actions=("sts:AssumeRoleWithWebIdentity",),
            principals=(("Federated", (Ref("cluster-oidc"),)),),
            conditions=(
                Condition(
                    "StringEquals",
                    Ref("cluster-oidc", "host", ":sub"),
                    (f"system:serviceaccount:{namespace}:{service_account}",),
                ),
                Condition("StringEquals", Ref("cluster-oidc", "host", ":aud"), (STS,)),
            ),
        ),
    )


def github_subjects(spec: EnvironmentSpec, role_id: str) -> tuple[str, ...]:
    """The GitHub OIDC subjects a GitHub role trusts: one environment's jobs, or (the plan
    role, which runs before any approval) the default branch's.

    No role trusts ``pull_request``, and the only role an environment any branch may enter
    (``github.pull_request_environment``, the pull requests' training job) can assume is the DVC
    read role: a pull request runs the workflow files of its own branch, so whatever its jobs
    can assume, anyone who can push a branch can use (probe 25, H5 and H6). The plan role reads
    secrets (the state's, the cluster's), so it is the default branch's only. The runners' image
    push role (runner-image.yml, on GitHub's machines, once per environment without entering a
    GitHub environment) is the default branch's too: what it pushes runs nowhere until a
    reviewed pull request pins its digest and an approved apply rolls it out (probe 29, N-M5)."""
    repo = f"repo:{spec.github.org}/{spec.github.repo}"
    if role_id in ("github-plan-role", "github-runner-push-role"):
        return (f"{repo}:ref:refs/heads/{spec.github.default_branch}",)
    if role_id == "github-dvc-write-role":
        return (f"{repo}:environment:{spec.github.data_environment}",)
    subjects: tuple[str, ...] = (f"{repo}:environment:{spec.github_environment}",)
    if role_id == "github-dvc-role" and spec.github.pull_request_environment:
        subjects += (f"{repo}:environment:{spec.github.pull_request_environment}",)
    return subjects


#: What pushing an image and signing it takes: push, look a tag up, pull it back (a re-run, and
#: cosign reading and writing the signature).
PUSH_IMAGE_ACTIONS = (
    "ecr:BatchCheckLayerAvailability",
    "ecr:BatchGetImage",
    "ecr:CompleteLayerUpload",
    "ecr:DescribeImages",
    "ecr:GetDownloadUrlForLayer",
    "ecr:InitiateLayerUpload",
    "ecr:PutImage",
    "ecr:UploadLayerPart",
)


def _push_role(
    spec: EnvironmentSpec,
    role_id: str,
    name: str,
    description: str,
    sid: str,
    registries: tuple[Ref, ...],
    kms_use: Statement,
) -> Role:
    """A GitHub Actions role that pushes (and signs) images to ``registries`` only."""
    return Role(
        id=role_id,
        name=name,
        description=description,
        trust=_github_trust(spec, role_id),
        statements=(
            Statement(
                sid="RegistryLogin",
                # GetAuthorizationToken has no resource-level scope in IAM.
                actions=("ecr:GetAuthorizationToken",),
                resources=("*",),
            ),
            Statement(sid=sid, actions=PUSH_IMAGE_ACTIONS, resources=registries),
            kms_use,
        ),
    )


def _github_trust(spec: EnvironmentSpec, role_id: str) -> tuple[Statement, ...]:
    """Trust GitHub Actions jobs of one repository (see :func:`github_subjects`)."""
    return (
        Statement(
            sid="GithubActionsAssume",
            actions=("sts:AssumeRoleWithWebIdentity",),
            principals=(("Federated", (Ref("github-oidc"),)),),
            conditions=(
                Condition("StringEquals", f"{GITHUB_OIDC_HOST}:aud", (STS,)),
                Condition(
                    "StringEquals", f"{GITHUB_OIDC_HOST}:sub", github_subjects(spec, role_id)
                ),
            ),
        ),
    )


def _dvc_role(
    spec: EnvironmentSpec, prefix: str, *, write: bool, kms: Statement | None = None
) -> Role:
    """A GitHub Actions role on the DVC remote: read (pull requests' training) or read and write
    (the weekly data job); ``kms`` replaces the decrypt-only key statement."""
    role_id = "github-dvc-write-role" if write else "github-dvc-role"
    return Role(
        id=role_id,
        name=f"{prefix}-github-dvc-{'write' if write else 'read'}",
        description=(
            "GitHub Actions: the weekly data job pushes to the DVC remote"
            if write
            else "GitHub Actions: read the DVC remote"
        ),
        trust=_github_trust(spec, role_id),
        statements=(
            Statement(sid="ListRemote", actions=("s3:ListBucket",), resources=(Ref("dvc-remote"),)),
            Statement(
                sid="ReadWriteRemote" if write else "ReadRemote",
                actions=("s3:GetObject", "s3:PutObject") if write else ("s3:GetObject",),
                resources=(Ref("dvc-remote", suffix="/*"),),
            ),
            kms or Statement(sid="DecryptRemote", actions=("kms:Decrypt",), resources=(KMS,)),
        ),
    )


def _tls_only(bucket_id: str) -> Statement:
    return Statement(
        sid="DenyInsecureTransport",
        effect="Deny",
        actions=("s3:*",),
        resources=(Ref(bucket_id), Ref(bucket_id, suffix="/*")),
        principals=(("AWS", ("*",)),),
        conditions=(Condition("Bool", "aws:SecureTransport", ("false",)),),
    )


def _network(spec: EnvironmentSpec, prefix: str) -> Network:
    cidr = spec.network.cidr
    blocks = list(cidr.subnets(new_prefix=cidr.prefixlen + 4))
    azs = [f"{spec.region}{letter}" for letter in "abcdef"[: spec.network.az_count]]
    nat_count = 1 if spec.network.single_nat_gateway else len(azs)
    subnets = []
    for i, az in enumerate(azs):
        subnets.append(
            Subnet(
                f"public-{i}", f"{prefix}-public-{az}", str(blocks[8 + i]), az, True, "public-rt"
            )
        )
    for i, az in enumerate(azs):
        table = f"private-rt-{min(i, nat_count - 1)}"
        subnets.append(
            Subnet(f"private-{i}", f"{prefix}-private-{az}", str(blocks[i]), az, False, table)
        )
    return Network(
        id="vpc",
        name=f"{prefix}-vpc",
        cidr=str(cidr),
        subnets=tuple(subnets),
        nat_gateways=tuple(f"nat-{i}" for i in range(nat_count)),
        private_route_tables=tuple(f"private-rt-{i}" for i in range(nat_count)),
        public_route_table="public-rt",
        internet_gateway="igw",
        default_security_group="vpc-default-sg",
        flow_log=FlowLog(id="flow-log", log_group="flow-logs", role="flow-logs-role"),
        endpoints=(
            VpcEndpoint(
                id="s3-endpoint",
                service=f"com.amazonaws.{spec.region}.s3",
                route_tables=tuple(f"private-rt-{i}" for i in range(nat_count)),
            ),
        ),
    )


def _kms(spec: EnvironmentSpec, prefix: str) -> KmsKey:
    return KmsKey(
        id="kms",
        alias=f"alias/{prefix}",
        description=(
            f"Slipway {spec.name}: EKS secrets, S3, RDS, ElastiCache, ECR, logs, secrets, "
            "node volumes"
        ),
        deletion_window_days=30 if spec.name == PRODUCTION else 7,
        policy=(
            Statement(
                sid="AccountAdministers",
                actions=("kms:*",),
                resources=("*",),
                principals=(("AWS", (f"arn:{PARTITION}:iam::{ACCOUNT_ID}:root",)),),
            ),
            Statement(
                sid="CloudWatchLogsEncrypt",
                actions=(
                    "kms:Encrypt*",
                    "kms:Decrypt*",
                    "kms:ReEncrypt*",
                    "kms:GenerateDataKey*",
                    "kms:Describe*",
                ),
                resources=("*",),
                principals=(("Service", (f"logs.{spec.region}.amazonaws.com",)),),
                conditions=(
                    Condition(
                        "ArnLike",
                        "kms:EncryptionContext:aws:logs:arn",
                        (f"arn:{PARTITION}:logs:{spec.region}:{ACCOUNT_ID}:*",),
                    ),
                ),
            ),
            # The node groups' root volumes (their launch templates name this key): EC2 Auto
            # Scaling launches the nodes as its service-linked role, whose permissions cover AWS
            # managed keys only (bootstrap makes the role: a key policy names existing roles).
            Statement(
                sid="AutoScalingNodeVolumes",
                actions=(
                    "kms:Encrypt",
                    "kms:Decrypt",
                    "kms:ReEncrypt*",
                    "kms:GenerateDataKey*",
                    "kms:DescribeKey",
                ),
                resources=("*",),
                principals=(("AWS", (AUTOSCALING_ROLE,)),),
            ),
            Statement(
                sid="AutoScalingNodeVolumeGrants",
                actions=("kms:CreateGrant",),
                resources=("*",),
                principals=(("AWS", (AUTOSCALING_ROLE,)),),
                conditions=(Condition("Bool", "kms:GrantIsForAWSResource", ("true",)),),
            ),
        ),
    )


def _launch_template(
    group_id: str, prefix: str, name: str, disk_size_gb: int, environment: str
) -> LaunchTemplate:
    """The template of a node group's nodes (:class:`LaunchTemplate`): ``environment`` on its
    instances, volumes and ENIs (what the other environment's denies match), the root volume
    under the stack's key. Only that tag (probe 32, R-M1): any change to the template is a new
    version, which EKS rolls out to every node of the group; the stack's other tags
    (``cost-center``, ``owner``) change with a spec edit, and must not roll the nodes."""
    return LaunchTemplate(
        id=f"{group_id}-template",
        name=f"{prefix}-{name}",
        disk_size_gb=disk_size_gb,
        kms_key=KMS,
        tags=((ENVIRONMENT_TAG, environment),),
    )


def _statement_scoped_to_tag(cluster_name: str) -> Condition:
    return Condition(
        "StringEquals", f"aws:ResourceTag/k8s.io/cluster-autoscaler/{cluster_name}", ("owned",)
    )


def _lock_file_arn(backend: dict[str, str]) -> str:
    """The state's lock file (``<key>.tflock`` beside it: :func:`infra.settings.lock_file_key`)."""
    return f"arn:{PARTITION}:s3:::{backend['bucket']}/{lock_file_key(backend['key'])}"


def secret_store(
    name: str, meta: dict[str, Any], region: str, service_account: str
) -> dict[str, Any]:
    """An External Secrets ``SecretStore`` reading Secrets Manager in ``region`` as
    ``service_account`` (its IRSA role)."""
    return {
        "apiVersion": "external-secrets.io/v1",
        "kind": "SecretStore",
        "metadata": {"name": name, **meta},
        "spec": {
            "provider": {
                "aws": {
                    "service": "SecretsManager",
                    "region": region,
                    "auth": {"jwt": {"serviceAccountRef": {"name": service_account}}},
                }
            }
        },
    }


READ_SECRET = ("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret")


def _secret_reader(
    role_id: str,
    name: str,
    description: str,
    trust: tuple[Statement, ...],
    sid: str,
    secrets: tuple[Ref, ...],
) -> Role:
    """A role that reads ``secrets`` and decrypts them with the platform's key, nothing else
    (statements ``Read<sid>`` and ``Decrypt<sid>``)."""
    return Role(
        id=role_id,
        name=name,
        description=description,
        trust=trust,
        statements=(
            Statement(sid=f"Read{sid}", actions=READ_SECRET, resources=secrets),
            Statement(sid=f"Decrypt{sid}", actions=("kms:Decrypt",), resources=(KMS,)),
        ),
    )


#: what the database sends to CloudWatch Logs (each into a log group the stack makes first)
DB_LOG_EXPORTS = ("postgresql", "upgrade")
#: the plan role's statement reading back the secret values the stack writes
REFRESH_SID = "RefreshManagedSecretValues"


def _refreshing(roles: tuple[Role, ...], secrets: tuple[Secret, ...]) -> tuple[Role, ...]:
    """The plan role may read every secret whose value the engine writes (a plan refreshes each
    with GetSecretValue; ReadOnlyAccess does not grant it, and a secret's resource policy only
    denies): the list is the secrets', so a new generated secret cannot be left out (review
    165, X-H1: the database roles' three passwords were, and every plan failed)."""
    refreshed = tuple(Ref(s.id) for s in secrets if s.managed_value)

    def granted(role: Role) -> Role:
        statements = tuple(
            replace(st, resources=refreshed) if st.sid == REFRESH_SID else st
            for st in role.statements
        )
        return replace(role, statements=statements)

    return tuple(granted(r) if r.id == "github-plan-role" else r for r in roles)


def _roles(
    spec: EnvironmentSpec, prefix: str, backend: dict[str, str], cluster_name: str
) -> tuple[Role, ...]:
    kms_use = Statement(
        sid="UseDataKey", actions=("kms:Decrypt", "kms:GenerateDataKey"), resources=(KMS,)
    )
    read_mlflow_secrets = Statement(
        sid="ReadServerSecrets",
        actions=READ_SECRET,
        resources=(Ref("db-mlflow-password"), Ref("runtime-endpoints"), Ref("mlflow-auth")),
    )
    cluster_role = _service_role(
        "cluster-role",
        f"{prefix}-eks-cluster",
        "EKS control plane",
        "eks.amazonaws.com",
        "AmazonEKSClusterPolicy",
    )
    node_role = _service_role(
        "node-role",
        f"{prefix}-eks-nodes",
        "EKS managed node group instances",
        "ec2.amazonaws.com",
        "AmazonEKSWorkerNodePolicy",
        "AmazonEKS_CNI_Policy",
        "AmazonEC2ContainerRegistryReadOnly",
    )
    load_balancer_policy = json.loads(LOAD_BALANCER_CONTROLLER_POLICY.read_text(encoding="utf-8"))
    zone_arn = f"arn:{PARTITION}:route53:::hostedzone/{spec.dns.zone_id}"
    return (
        cluster_role,
        node_role,
        Role(
            id="flow-logs-role",
            name=f"{prefix}-vpc-flow-logs",
            description="VPC flow logs delivery to CloudWatch",
            # Confused deputy: the service may assume the role only for this account's flow
            # logs in this region (AWS's recommended trust for vpc-flow-logs).
            trust=_service_trust(
                "vpc-flow-logs.amazonaws.com",
                Condition("StringEquals", "aws:SourceAccount", (ACCOUNT_ID,)),
                Condition(
                    "ArnLike",
                    "aws:SourceArn",
                    (f"arn:{PARTITION}:ec2:{spec.region}:{ACCOUNT_ID}:vpc-flow-log/*",),
                ),
            ),
            statements=(
                Statement(
                    sid="DeliverFlowLogs",
                    actions=(
                        "logs:CreateLogStream",
                        "logs:PutLogEvents",
                        "logs:DescribeLogGroups",
                        "logs:DescribeLogStreams",
                    ),
                    resources=(Ref("flow-logs"), Ref("flow-logs", suffix=":*")),
                ),
            ),
        ),
        _service_role(
            "db-monitoring-role",
            f"{prefix}-rds-monitoring",
            "RDS enhanced monitoring",
            "monitoring.rds.amazonaws.com",
            "service-role/AmazonRDSEnhancedMonitoringRole",
        ),
        _push_role(
            spec,
            "github-push-role",
            f"{prefix}-github-push-image",
            "GitHub Actions: push the assistant image to ECR",
            # push; look a tag up (release.yml's "already in the registry?" and digest); pull it
            # back (a re-run, and cosign reading the signature's layer)
            "PushImage",
            (Ref("registry"), Ref("mlflow-registry")),
            kms_use,
        ),
        # runner-image.yml pushes and signs Dockerfile.runner (probe 29, N-M5): this repository
        # only; the assistant's and MLflow's are release.yml's (github-push-role); it looks a tag
        # up to skip one the registry has, and reads the digest to pin
        _push_role(
            spec,
            "github-runner-push-role",
            f"{prefix}-github-push-runner",
            "GitHub Actions: push the in-VPC runners' image to ECR",
            "PushRunnerImage",
            (Ref("runner-registry"),),
            kms_use,
        ),
        Role(
            id="github-deploy-role",
            name=f"{prefix}-github-deploy",
            description="GitHub Actions: roll out releases to the cluster",
            trust=_github_trust(spec, "github-deploy-role"),
            statements=(
                Statement(
                    sid="FindCluster",
                    actions=("eks:DescribeCluster",),
                    resources=(Ref("cluster"),),
                ),
            ),
        ),
        Role(
            id="github-plan-role",
            name=f"{prefix}-github-plan",
            description="GitHub Actions: plan this environment (read-only, state lock)",
            trust=_github_trust(spec, "github-plan-role"),
            managed_policies=(_managed("ReadOnlyAccess"),),
            statements=(
                Statement(
                    # A plan reads back every secret value the stack writes: the secrets are
                    # named by build_platform (_refreshing), from the secrets themselves
                    sid=REFRESH_SID,
                    actions=("secretsmanager:GetSecretValue",),
                ),
                Statement(
                    # The data sources of the generated tokens are read at every plan; the
                    # action has no resource-level scope in IAM.
                    sid="ReadGeneratedPasswords",
                    actions=("secretsmanager:GetRandomPassword",),
                    resources=("*",),
                ),
                Statement(
                    # ReadOnlyAccess reads data too (objects, parameters, log events, items):
                    # a plan reads only its own state and lock file, nothing of the account's
                    # other environments (dev and staging share one) or of the workloads.
                    sid="DenyDataReads",
                    effect="Deny",
                    actions=PLAN_DENIED_DATA_READS,
                    not_resources=(
                        f"arn:{PARTITION}:s3:::{backend['bucket']}/{backend['key']}",
                        _lock_file_arn(backend),
                    ),
                ),
                Statement(sid="DecryptState", actions=("kms:Decrypt",), resources=(KMS,)),
                Statement(
                    # infra.yml hands the saved plan (it holds the state's secrets) to the apply
                    # job through the state bucket, never as an artifact (probe 25, M5): write
                    # only, SSE-KMS only, under a key of this account named in the request (not
                    # the aws/s3 default, which any principal of the account may use; probe 28,
                    # L-1). The bucket policy (bootstrap) refuses any key but the saved-plans
                    # one, whose ARN only exists once bootstrap made it, and lets the apply role
                    # alone read.
                    sid="HandOverSavedPlan",
                    actions=("s3:PutObject",),
                    resources=(
                        f"arn:{PARTITION}:s3:::{backend['bucket']}/"
                        f"{saved_plan_prefix(backend['key'])}*",
                    ),
                    conditions=(
                        Condition("StringEquals", "s3:x-amz-server-side-encryption", ("aws:kms",)),
                        Condition(
                            "StringLike",
                            "s3:x-amz-server-side-encryption-aws-kms-key-id",
                            (f"arn:{PARTITION}:kms:{backend['region']}:{ACCOUNT_ID}:key/*",),
                        ),
                    ),
                ),
                Statement(
                    # The saved-plans key (bootstrap's; its policy names this role by ARN and
                    # leaves the rest to this policy): find it by alias, encrypt through S3.
                    sid="EncryptSavedPlan",
                    actions=("kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"),
                    resources=(f"arn:{PARTITION}:kms:{backend['region']}:{ACCOUNT_ID}:key/*",),
                    conditions=(
                        Condition(
                            "ForAnyValue:StringEquals",
                            "kms:ResourceAliases",
                            (saved_plans_key_alias(backend["bucket"]),),
                        ),
                    ),
                ),
                Statement(
                    # A plan locks the state too: the S3 backend's lock file (use_lockfile), made
                    # with a conditional PUT, read back to check the lock's id, then deleted.
                    # That object only: the state itself stays read-only to this role.
                    sid="LockState",
                    actions=("s3:GetObject", "s3:PutObject", "s3:DeleteObject"),
                    resources=(_lock_file_arn(backend),),
                ),
            ),
        ),
        _dvc_role(spec, prefix, write=False),
        _dvc_role(spec, prefix, write=True, kms=kms_use),
        _secret_reader(
            "app-role",
            f"{prefix}-app",
            "The assistant's pods (IRSA): the OpenAI key, the cache token, the smoke-test "
            "token, the runtime endpoints and its database role's password (never the owner's "
            "or the master's)",
            _irsa_trust(APP_NAMESPACE, APP_SERVICE_ACCOUNT),
            "AppSecrets",
            (
                Ref("openai-api-key"),
                Ref("cache-auth"),
                Ref("smoke-token"),
                Ref("runtime-endpoints"),
                Ref("db-app-password"),
            ),
        ),
        _secret_reader(
            "migration-role",
            f"{prefix}-migration",
            "The app's migration Job (IRSA): the password of the app database's owner role "
            "and the runtime endpoints",
            _irsa_trust(APP_NAMESPACE, MIGRATION_SERVICE_ACCOUNT),
            "MigrationSecrets",
            (Ref("db-owner-password"), Ref("runtime-endpoints")),
        ),
        _secret_reader(
            "database-roles-role",
            f"{prefix}-database-roles",
            "The database-roles Job (IRSA): the RDS master secret and the roles' passwords",
            _irsa_trust(DATABASE_ROLES, DATABASE_ROLES),
            "DatabaseRoles",
            (
                Ref("db", "master_secret"),
                Ref("runtime-endpoints"),
                *(Ref(secret) for secret in DATABASE_ROLE_SECRETS),
            ),
        ),
        Role(
            id="mlflow-role",
            name=f"{prefix}-mlflow",
            description="The MLflow tracking server (IRSA): artifacts in S3, database credentials",
            trust=_irsa_trust(MLFLOW_NAMESPACE, "mlflow"),
            statements=(
                Statement(
                    sid="ListArtifacts",
                    actions=("s3:ListBucket",),
                    resources=(Ref("mlflow-artifacts"),),
                ),
                Statement(
                    sid="ReadWriteArtifacts",
                    actions=("s3:GetObject", "s3:PutObject", "s3:DeleteObject"),
                    resources=(Ref("mlflow-artifacts", suffix="/*"),),
                ),
                read_mlflow_secrets,
                kms_use,
            ),
        ),
        Role(
            # The runner pods' default credentials resolve to a role that may do nothing: every
            # AWS permission of a job comes from the environment-scoped GitHub OIDC roles.
            id="runner-role",
            name=f"{prefix}-github-runner",
            description="In-VPC GitHub Actions runners (IRSA): no permissions of its own",
            trust=_irsa_trust(ARC_RUNNERS_NAMESPACE, "arc-runner"),
        ),
        _secret_reader(
            "arc-secrets-role",
            f"{prefix}-arc-github-app",
            "Reads the runners' GitHub App secret for External Secrets (IRSA)",
            _irsa_trust(ARC_RUNNERS_NAMESPACE, "arc-github-app"),
            "GithubApp",
            (Ref("arc-github-app"),),
        ),
        _secret_reader(
            "monitoring-secrets-role",
            f"{prefix}-monitoring-secrets",
            "Reads Alertmanager's receiver secret for External Secrets (IRSA)",
            _irsa_trust(MONITORING_NAMESPACE, MONITORING_SECRETS_ACCOUNT),
            "AlertReceiver",
            (Ref("alertmanager-receiver"),),
        ),
        Role(
            id="ebs-csi-role",
            name=f"{prefix}-ebs-csi",
            description="EBS CSI driver (IRSA): volumes of the gp3 StorageClass",
            trust=_irsa_trust(KUBE_SYSTEM, "ebs-csi-controller-sa"),
            managed_policies=(_managed("service-role/AmazonEBSCSIDriverPolicy"),),
            # The StorageClass encrypts under the stack's key, not aws/ebs: the statements AWS
            # gives the driver for a customer managed key (EBS CSI driver page of the EKS guide;
            # review 177, R-L2)
            statements=(
                Statement(
                    sid="VolumeKeyGrants",
                    actions=("kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"),
                    resources=(KMS,),
                    conditions=(Condition("Bool", "kms:GrantIsForAWSResource", ("true",)),),
                ),
                Statement(
                    sid="VolumeKey",
                    actions=(
                        "kms:Encrypt",
                        "kms:Decrypt",
                        "kms:ReEncrypt*",
                        "kms:GenerateDataKey*",
                        "kms:DescribeKey",
                    ),
                    resources=(KMS,),
                ),
            ),
        ),
        Role(
            id="load-balancer-controller-role",
            name=f"{prefix}-aws-load-balancer-controller",
            description="AWS Load Balancer Controller (IRSA): ALBs of the Ingresses",
            trust=_irsa_trust(KUBE_SYSTEM, "aws-load-balancer-controller"),
            documents=(
                PolicyDocument(
                    id="upstream-policy",
                    name=f"{prefix}-aws-load-balancer-controller",
                    description=(
                        "The AWS Load Balancer Controller's published IAM policy "
                        f"(chart {LOAD_BALANCER_CONTROLLER_CHART_VERSION})"
                    ),
                    document=load_balancer_policy,
                ),
            ),
        ),
        Role(
            id="external-dns-role",
            name=f"{prefix}-external-dns",
            description="external-dns (IRSA): records of the app's zone only",
            trust=_irsa_trust("external-dns", "external-dns"),
            statements=(
                Statement(
                    sid="ChangeZoneRecords",
                    actions=(
                        "route53:ChangeResourceRecordSets",
                        "route53:ListResourceRecordSets",
                        "route53:ListTagsForResources",
                    ),
                    resources=(zone_arn,),
                ),
                Statement(sid="FindZones", actions=("route53:ListHostedZones",), resources=("*",)),
            ),
        ),
        Role(
            id="cluster-autoscaler-role",
            name=f"{prefix}-cluster-autoscaler",
            description="cluster-autoscaler (IRSA): scale this cluster's node groups only",
            trust=_irsa_trust(KUBE_SYSTEM, "cluster-autoscaler"),
            statements=(
                Statement(
                    # Describe calls have no resource-level permissions in IAM.
                    sid="DescribeGroups",
                    actions=AUTOSCALER_DESCRIBE_ACTIONS,
                    resources=("*",),
                ),
                Statement(
                    sid="DescribeNodeGroups",
                    actions=("eks:DescribeNodegroup",),
                    resources=(
                        f"arn:{PARTITION}:eks:{spec.region}:{ACCOUNT_ID}:nodegroup/"
                        f"{cluster_name}/*/*",
                    ),
                ),
                Statement(
                    sid="ScaleOwnNodeGroups",
                    actions=(
                        "autoscaling:SetDesiredCapacity",
                        "autoscaling:TerminateInstanceInAutoScalingGroup",
                    ),
                    resources=(
                        f"arn:{PARTITION}:autoscaling:{spec.region}:{ACCOUNT_ID}:"
                        "autoScalingGroup:*:autoScalingGroupName/*",
                    ),
                    conditions=(_statement_scoped_to_tag(cluster_name),),
                ),
            ),
        ),
    )


#: Where the ALB's access logs go in the access-log bucket (the S3 server access logs of the other
#: buckets are under their own ids): ELB adds ``AWSLogs/<account>/elasticloadbalancing/...``.
ALB_LOG_PREFIX = "alb"
#: Who writes an ALB's access logs, as AWS's "Enable access logs for your Application Load
#: Balancer" (Step 2) says: in the Regions opened before August 2022, Elastic Load Balancing's own
#: account of the Region (this table, from that page); in the newer ones, the log delivery
#: service principal below. AWS's policies show no aws:SourceAccount/aws:SourceArn condition (an
#: account principal's requests carry neither; one the delivery does not send would stop the logs
#: silently), so the grant is scoped as AWS's policy scopes it: the object path
#: ``<prefix>/AWSLogs/<this account>/``, which ELB writes for this account's load balancers only
#: (review 177, R-L4).
ELB_LOG_ACCOUNTS = {
    "us-east-1": "127311923021",
    "us-east-2": "033677994240",
    "us-west-1": "027434742980",
    "us-west-2": "797873946194",
    "af-south-1": "098369216593",
    "ca-central-1": "985666609251",
    "eu-central-1": "054676820928",
    "eu-west-1": "156460612806",
    "eu-west-2": "652711504416",
    "eu-south-1": "635631232127",
    "eu-west-3": "009996457667",
    "eu-north-1": "897822967062",
    "ap-east-1": "754344448648",
    "ap-northeast-1": "582318560864",
    "ap-northeast-2": "600734575887",
    "ap-northeast-3": "383597477331",
    "ap-southeast-1": "114774131450",
    "ap-southeast-2": "783225319266",
    "ap-south-1": "718504428378",
    "me-south-1": "076674570225",
    "sa-east-1": "507241528517",
}
ELB_LOG_DELIVERY = "logdelivery.elasticloadbalancing.amazonaws.com"


def elb_log_writer(region: str) -> tuple[str, tuple[str, ...]]:
    """The principal (type, identifiers) that delivers the access logs of ``region``'s ALBs."""
    account = ELB_LOG_ACCOUNTS.get(region)
    if account is None:
        return ("Service", (ELB_LOG_DELIVERY,))
    return ("AWS", (f"arn:{PARTITION}:iam::{account}:root",))


def alb_log_objects(bucket_name: str, prefix: str = ALB_LOG_PREFIX) -> str:
    """The objects an ALB of this account writes to ``bucket_name`` under ``prefix``."""
    return f"arn:{PARTITION}:s3:::{bucket_name}/{prefix}/AWSLogs/{ACCOUNT_ID}/*"


def _buckets(spec: EnvironmentSpec, prefix: str) -> tuple[Bucket, ...]:
    data = tuple(
        Bucket(
            id=bucket_id,
            name=f"{prefix}-{bucket_id}-{ACCOUNT_ID}",
            purpose=purpose,
            kms_key=KMS,
            log_bucket="access-logs",
            log_prefix=f"{bucket_id}/",
            noncurrent_version_days=spec.storage.noncurrent_version_days,
            expiration_days=None,
            policy=(_tls_only(bucket_id),),
        )
        for bucket_id, purpose in (
            ("dvc-remote", "DVC remote: versioned data"),
            ("mlflow-artifacts", "MLflow artifacts: models, metrics, plots"),
        )
    )
    logs_name = f"{prefix}-access-logs-{ACCOUNT_ID}"
    logs = Bucket(
        id="access-logs",
        name=logs_name,
        purpose="S3 server access logs of the other buckets and the app ALB access logs",
        kms_key=None,
        log_bucket=None,
        log_prefix="",
        noncurrent_version_days=spec.storage.noncurrent_version_days,
        expiration_days=spec.storage.access_log_days,
        policy=(
            _tls_only("access-logs"),
            Statement(
                sid="S3ServerAccessLogs",
                actions=("s3:PutObject",),
                resources=(Ref("access-logs", suffix="/*"),),
                principals=(("Service", ("logging.s3.amazonaws.com",)),),
                # only the logs of this environment's own buckets: the account alone let any
                # bucket of it (dev's and staging's share one) deliver here (review 177, R-L3)
                conditions=(
                    Condition("StringEquals", "aws:SourceAccount", (ACCOUNT_ID,)),
                    Condition(
                        "ArnLike",
                        "aws:SourceArn",
                        tuple(f"arn:{PARTITION}:s3:::{b.name}" for b in data),
                    ),
                ),
            ),
            # the access logs of the app's ALB (the Ingress names this bucket and prefix)
            Statement(
                sid="AlbAccessLogs",
                actions=("s3:PutObject",),
                resources=(alb_log_objects(logs_name),),
                principals=(elb_log_writer(spec.region),),
            ),
        ),
    )
    return (logs, *data)


def _private_cidrs(network: Network) -> tuple[str, ...]:
    return tuple(s.cidr for s in network.private_subnets)


def _addons(spec: EnvironmentSpec) -> tuple[EksAddon, ...]:
    versions = EKS_ADDON_VERSIONS.get(spec.cluster.version)
    if versions is None or spec.cluster.version not in CLUSTER_AUTOSCALER_CHARTS:
        known = ", ".join(sorted(EKS_ADDON_VERSIONS))
        raise SpecError(
            f"{spec.name}: cluster.version {spec.cluster.version} has no pinned add-on versions "
            f"in the platform model (known: {known})"
        )
    return (
        EksAddon(
            id="addon-vpc-cni",
            name="vpc-cni",
            version=versions["vpc-cni"],
            # The CNI's network policy agent: without it the NetworkPolicies are inert. The ENIs
            # it attaches carry the environment (probe 29, N-M1: the scope denies go by it).
            configuration={
                "enableNetworkPolicy": "true",
                "env": {"ADDITIONAL_ENI_TAGS": json.dumps({ENVIRONMENT_TAG: spec.name})},
            },
        ),
        EksAddon(id="addon-kube-proxy", name="kube-proxy", version=versions["kube-proxy"]),
        EksAddon(id="addon-coredns", name="coredns", version=versions["coredns"], needs_nodes=True),
        EksAddon(
            id="addon-pod-identity-agent",
            name="eks-pod-identity-agent",
            version=versions["eks-pod-identity-agent"],
        ),
        EksAddon(
            id="addon-ebs-csi",
            name="aws-ebs-csi-driver",
            version=versions["aws-ebs-csi-driver"],
            role=Ref("ebs-csi-role"),
            needs_nodes=True,
            # the volumes of PVCs carry the environment too (probe 29, N-M1)
            configuration={"controller": {"extraVolumeTags": {ENVIRONMENT_TAG: spec.name}}},
        ),
    )


def _irsa_values(role_id: str, service_account: str) -> dict[str, Any]:
    """A chart's service account annotated with its IRSA role (the common values layout)."""
    return {
        "create": True,
        "name": service_account,
        "annotations": {"eks.amazonaws.com/role-arn": Ref(role_id)},
    }


MONITORING_NAMESPACE = "monitoring"
MONITORING_SECRETS_ACCOUNT = "monitoring-secrets"
ALERT_RECEIVER_SECRET = "alertmanager-receiver"
GRAFANA_ADMIN_SECRET = "grafana-admin"
DASHBOARD_LABEL = "grafana_dashboard"
DASHBOARD = Path(__file__).resolve().parents[1] / "monitoring" / "dashboards" / "slipway.json"
#: Where Alertmanager's pod sees the receiver secret's keys (an optional volume: Alertmanager
#: starts before the producer has written the secret, and reads the files when it notifies).
ALERT_RECEIVER_DIR = "/etc/alertmanager/receiver"


def dashboard_text() -> str:
    """The dashboard as the ConfigMap carries it. Terraform reads ``${...}`` in a string as its
    own interpolation, so Grafana's ``${datasource}`` is written ``$datasource`` (the same
    variable to Grafana); any other ``${`` is refused rather than silently interpolated."""
    text = DASHBOARD.read_text().replace("${datasource}", "$datasource")
    if "${" in text:
        raise SpecError(f"{DASHBOARD}: write Grafana variables as $name, not ${{name}}")
    return text


def _alertmanager_values(env: str) -> dict[str, Any]:
    """Alertmanager routes the alerts to someone (probe 25, M4; the chart's default is the
    ``null`` receiver), reading where from the ``slipway-<env>/alertmanager`` secret (External
    Secrets, monitoring-config) as files. In prod, critical alerts page (PagerDuty), the rest go
    to a webhook, and the chart's always-firing ``Watchdog`` goes every minute to a heartbeat URL:
    a dead man's switch (a heartbeat check that alerts when it stops hearing: Prometheus,
    Alertmanager or the way out is down). Elsewhere nobody is paged: critical alerts go to the
    webhook too, and the Watchdog nowhere (probe 28, M-1)."""
    production = env == PRODUCTION
    heartbeat: list[dict[str, Any]] = (
        [
            {
                "name": "heartbeat",
                "webhook_configs": [
                    {"url_file": f"{ALERT_RECEIVER_DIR}/heartbeat_url", "send_resolved": False}
                ],
            }
        ]
        if production
        else []
    )
    watchdog: dict[str, Any] = {"receiver": "null", "matchers": ['alertname = "Watchdog"']}
    if production:
        watchdog = {
            **watchdog,
            "receiver": "heartbeat",
            "group_wait": "0s",
            "group_interval": "1m",
            "repeat_interval": "1m",
        }
    return {
        "alertmanagerSpec": {
            "volumes": [
                {
                    "name": ALERT_RECEIVER_SECRET,
                    "secret": {"secretName": ALERT_RECEIVER_SECRET, "optional": True},
                }
            ],
            "volumeMounts": [
                {"name": ALERT_RECEIVER_SECRET, "mountPath": ALERT_RECEIVER_DIR, "readOnly": True}
            ],
        },
        "config": {
            "route": {
                "receiver": "webhook",
                "group_by": ["alertname", "namespace"],
                "group_wait": "30s",
                "group_interval": "5m",
                "repeat_interval": "4h",
                "routes": [
                    watchdog,
                    {
                        "receiver": "pagerduty" if production else "webhook",
                        "matchers": ['severity = "critical"'],
                    },
                    # info: shown in Alertmanager and Grafana, sent to nobody (SlipwayNoTraffic
                    # outside prod: a quiet night there is normal; probe 25, L5)
                    {"receiver": "null", "matchers": ['severity = "info"']},
                ],
            },
            "receivers": [
                {"name": "null"},
                {
                    "name": "webhook",
                    "webhook_configs": [
                        {"url_file": f"{ALERT_RECEIVER_DIR}/webhook_url", "send_resolved": True}
                    ],
                },
                {
                    "name": "pagerduty",
                    "pagerduty_configs": [
                        {
                            "routing_key_file": f"{ALERT_RECEIVER_DIR}/pagerduty_routing_key",
                            "send_resolved": True,
                        }
                    ],
                },
                *heartbeat,
            ],
        },
    }


def monitoring_objects(
    spec: EnvironmentSpec, secret_names: dict[str, str]
) -> tuple[dict[str, Any], ...]:
    """The monitoring namespace's own objects (probe 25, M4): Alertmanager's receiver secret
    from Secrets Manager, Grafana's admin password generated once in the cluster (it never
    passes through Terraform's state), and the Slipway dashboard as a labelled ConfigMap."""
    meta = {"namespace": MONITORING_NAMESPACE}
    store = "monitoring-aws"
    return (
        {
            "apiVersion": "v1",
            "kind": "ServiceAccount",
            "metadata": {
                "name": MONITORING_SECRETS_ACCOUNT,
                "annotations": {"eks.amazonaws.com/role-arn": Ref("monitoring-secrets-role")},
                **meta,
            },
        },
        secret_store(store, meta, spec.region, MONITORING_SECRETS_ACCOUNT),
        {
            "apiVersion": "external-secrets.io/v1",
            "kind": "ExternalSecret",
            "metadata": {"name": ALERT_RECEIVER_SECRET, **meta},
            "spec": {
                "refreshInterval": "1h",
                "secretStoreRef": {"kind": "SecretStore", "name": store},
                "target": {"name": ALERT_RECEIVER_SECRET, "creationPolicy": "Owner"},
                "dataFrom": [{"extract": {"key": secret_names["alertmanager-receiver"]}}],
            },
        },
        {
            "apiVersion": "generators.external-secrets.io/v1alpha1",
            "kind": "Password",
            "metadata": {"name": GRAFANA_ADMIN_SECRET, **meta},
            "spec": {"length": 32, "digits": 6, "symbols": 0, "noUpper": False},
        },
        {
            "apiVersion": "external-secrets.io/v1",
            "kind": "ExternalSecret",
            "metadata": {"name": GRAFANA_ADMIN_SECRET, **meta},
            "spec": {
                # generated once, never rotated behind Grafana's back (its database keeps the
                # admin's password after the first start)
                "refreshInterval": "0s",
                "target": {
                    "name": GRAFANA_ADMIN_SECRET,
                    "creationPolicy": "Owner",
                    "template": {
                        "data": {"admin-user": "admin", "admin-password": "{{ .password }}"}
                    },
                },
                "dataFrom": [
                    {
                        "sourceRef": {
                            "generatorRef": {
                                "apiVersion": "generators.external-secrets.io/v1alpha1",
                                "kind": "Password",
                                "name": GRAFANA_ADMIN_SECRET,
                            }
                        }
                    }
                ],
            },
        },
        {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {
                "name": "slipway-dashboard",
                "labels": {DASHBOARD_LABEL: "1"},
                **meta,
            },
            "data": {"slipway.json": dashboard_text()},
        },
    )


LOAD_BALANCER_CONTROLLER_LABELS = {"app.kubernetes.io/name": "aws-load-balancer-controller"}


def _load_balancer_controller_availability() -> dict[str, Any]:
    """The load balancer controller's availability values (probe 28, L-4), every name from the
    chart's values.yaml at LOAD_BALANCER_CONTROLLER_CHART_VERSION (3.5.0).

    The app namespace carries ``elbv2.k8s.aws/pod-readiness-gate-inject: enabled``, so the
    controller's pod webhook (``mpod.elbv2.k8s.aws``) must answer for every pod created in
    ``slipway``: the app's, the HPA's, a rollout's (Reloader's too) and the migration Job's. All
    replicas serve the webhook (only the leader reconciles), so two on different nodes, a
    PodDisruptionBudget and a rolling update that never has both down keep it answering through
    a node drain, a node group roll and an upgrade of the controller.
    """
    return {
        # the chart's default is 2; written here so a test (and a chart bump) cannot lose it
        "replicaCount": 2,
        # the chart renders the PDB only with replicaCount > 1; a drain evicts one at a time
        "podDisruptionBudget": {"maxUnavailable": 1},
        # the chart's default too (it preempts ordinary pods rather than staying Pending)
        "priorityClassName": "system-cluster-critical",
        # A custom affinity replaces the chart's default (configureDefaultAffinity), which only
        # *prefers* other nodes: required here, so one node's loss never takes both replicas.
        "affinity": {
            "podAntiAffinity": {
                "requiredDuringSchedulingIgnoredDuringExecution": [
                    {
                        "labelSelector": {"matchLabels": LOAD_BALANCER_CONTROLLER_LABELS},
                        "topologyKey": "kubernetes.io/hostname",
                    }
                ]
            }
        },
        # and over zones when it can (never left Pending for it)
        "topologySpreadConstraints": [
            {
                "maxSkew": 1,
                "topologyKey": "topology.kubernetes.io/zone",
                "whenUnsatisfiable": "ScheduleAnyway",
                "labelSelector": {"matchLabels": LOAD_BALANCER_CONTROLLER_LABELS},
            }
        ],
        # One replica replaced at a time, without a surge pod: with the hard anti-affinity a
        # surge pod would need a third general node, and one replica always answers.
        "updateStrategy": {
            "type": "RollingUpdate",
            "rollingUpdate": {"maxSurge": 0, "maxUnavailable": 1},
        },
        # The pod webhook's failure policy stays Fail, written out: the chart's default has been
        # Ignore since chart 1.12 (controller v2.12). With Ignore, a pod created while the
        # controller is down gets no readiness gate and is Ready on its own probes, but nothing
        # registers it in the target group (the controller does that) nor deregisters the pods
        # it replaces: a rollout then (a deploy, or Reloader after a secret rotation) would swap
        # every serving target for unregistered pods and empty the ALB. With Fail the new pods
        # are not created and the old ones keep serving; a scale-up is refused, but its pods
        # could take no traffic before the controller is back anyway. docs/platform.md, "When
        # the load balancer controller is down", says what it blocks and how to recover.
        "podMutatorWebhookConfig": {"failurePolicy": "Fail"},
    }


def _helm_releases(
    spec: EnvironmentSpec,
    cluster: Cluster,
    mlflow: MlflowServer,
    database: Database,
    secret_names: dict[str, str],
) -> tuple[HelmRelease, ...]:
    gp3 = "gp3"
    return (
        HelmRelease(
            id="metrics-server",
            name="metrics-server",
            namespace=KUBE_SYSTEM,
            repository="https://kubernetes-sigs.github.io/metrics-server/",
            chart="metrics-server",
            version=spec.monitoring.metrics_server_version,
        ),
        # The External Secrets Operator: SecretStores and ExternalSecrets (infra/k8s for the app,
        # the mlflow-secrets release here) read Secrets Manager as the workload's own IRSA role,
        # so the operator itself needs no AWS role.
        HelmRelease(
            id="external-secrets",
            name="external-secrets",
            namespace="external-secrets",
            repository="https://charts.external-secrets.io",
            chart="external-secrets",
            version=EXTERNAL_SECRETS_CHART_VERSION,
            values={"installCRDs": True},
        ),
        HelmRelease(
            id="aws-load-balancer-controller",
            name="aws-load-balancer-controller",
            namespace=KUBE_SYSTEM,
            repository="https://aws.github.io/eks-charts",
            chart="aws-load-balancer-controller",
            version=LOAD_BALANCER_CONTROLLER_CHART_VERSION,
            values={
                "clusterName": cluster.name,
                "region": spec.region,
                "vpcId": Ref("vpc", "id"),
                "serviceAccount": _irsa_values(
                    "load-balancer-controller-role", "aws-load-balancer-controller"
                ),
                # What it makes (ALBs, target groups, security groups) carries the environment,
                # which the scope denies go by (probe 29, N-M1).
                "defaultTags": {ENVIRONMENT_TAG: spec.name},
                # The IngressClass `alb` the app's Ingress names; not the cluster default.
                "createIngressClassResource": True,
                "ingressClass": "alb",
                "ingressClassConfig": {"default": False},
                **_load_balancer_controller_availability(),
            },
        ),
        HelmRelease(
            id="external-dns",
            name="external-dns",
            namespace="external-dns",
            repository="https://kubernetes-sigs.github.io/external-dns/",
            chart="external-dns",
            version=EXTERNAL_DNS_CHART_VERSION,
            values={
                "provider": {"name": "aws"},
                "sources": ["ingress"],
                "domainFilters": [spec.dns.zone_name],
                "extraArgs": [f"--zone-id-filter={spec.dns.zone_id}", "--aws-zone-type=public"],
                # Never deletes records it did not create; owns its records by the cluster name.
                "policy": "upsert-only",
                "registry": "txt",
                "txtOwnerId": cluster.name,
                "serviceAccount": _irsa_values("external-dns-role", "external-dns"),
            },
            depends_on=("aws-load-balancer-controller",),
        ),
        HelmRelease(
            id="cluster-autoscaler",
            name="cluster-autoscaler",
            namespace=KUBE_SYSTEM,
            repository="https://kubernetes.github.io/autoscaler",
            chart="cluster-autoscaler",
            version=CLUSTER_AUTOSCALER_CHARTS[spec.cluster.version],
            values={
                "cloudProvider": "aws",
                "awsRegion": spec.region,
                # Finds the node groups' Auto Scaling groups by the tags EKS puts on them.
                "autoDiscovery": {"clusterName": cluster.name},
                "rbac": {
                    "serviceAccount": _irsa_values("cluster-autoscaler-role", "cluster-autoscaler")
                },
                "extraArgs": {
                    "balance-similar-node-groups": True,
                    "skip-nodes-with-system-pods": False,
                },
            },
        ),
        # Rolls a Deployment when a Secret it names changes (a rotated database password).
        HelmRelease(
            id="reloader",
            name="reloader",
            namespace="reloader",
            repository="https://stakater.github.io/stakater-charts",
            chart="reloader",
            version=RELOADER_CHART_VERSION,
            values={"reloader": {"watchGlobally": True}},
        ),
        _database_roles_release(spec, mlflow, database, secret_names),
        HelmRelease(
            id=mlflow.secrets_release,
            name=mlflow.secrets_release,
            namespace=mlflow.namespace,
            repository="https://bedag.github.io/helm-charts",
            chart="raw",
            version=RAW_CHART_VERSION,
            values={
                "resources": list(
                    _mlflow_secret_objects(mlflow, database, spec.region, secret_names)
                )
            },
            create_namespace=False,
            # MLflow's Deployment waits for this release, so for its database role too
            depends_on=(
                "external-secrets",
                mlflow.namespace_id,
                f"{mlflow.id}-service-account",
                DATABASE_ROLES,
            ),
        ),
        HelmRelease(
            id="monitoring-config",
            name="monitoring-config",
            namespace=MONITORING_NAMESPACE,
            repository="https://bedag.github.io/helm-charts",
            chart="raw",
            version=RAW_CHART_VERSION,
            values={"resources": list(monitoring_objects(spec, secret_names))},
            # before kube-prometheus-stack: Grafana starts only once its admin Secret exists,
            # and an atomic release whose pod cannot start times out (probe 28, H-1)
            depends_on=("external-secrets",),
        ),
        HelmRelease(
            id="kube-prometheus-stack",
            name="kube-prometheus-stack",
            namespace=MONITORING_NAMESPACE,
            repository="https://prometheus-community.github.io/helm-charts",
            chart="kube-prometheus-stack",
            version=spec.monitoring.kube_prometheus_stack_version,
            values={
                "prometheus": {
                    "prometheusSpec": {
                        "retention": f"{spec.monitoring.prometheus_retention_days}d",
                        "serviceMonitorSelectorNilUsesHelmValues": False,
                        "podMonitorSelectorNilUsesHelmValues": False,
                        # The retention lives on a gp3 volume, not on the pod's emptyDir.
                        "storageSpec": {
                            "volumeClaimTemplate": {
                                "spec": {
                                    "storageClassName": gp3,
                                    "accessModes": ["ReadWriteOnce"],
                                    "resources": {
                                        "requests": {
                                            "storage": f"{spec.monitoring.prometheus_storage_gb}Gi"
                                        }
                                    },
                                }
                            }
                        },
                    }
                },
                "alertmanager": _alertmanager_values(spec.name),
                # EKS runs the scheduler and controller manager out of reach, and kube-proxy
                # serves its metrics on localhost: the chart's jobs for them find nothing, and
                # their critical *Down alerts would page every 4 hours (probe 28, M-1)
                "kubeControllerManager": {"enabled": False},
                "kubeScheduler": {"enabled": False},
                "kubeProxy": {"enabled": False},
                "grafana": {
                    "service": {"type": "ClusterIP"},
                    # never the chart's default admin password (probe 25, M4): a password
                    # External Secrets generates once in the cluster (monitoring-config)
                    "admin": {
                        "existingSecret": GRAFANA_ADMIN_SECRET,
                        "userKey": "admin-user",
                        "passwordKey": "admin-password",
                    },
                    # the platform's dashboards: ConfigMaps labelled grafana_dashboard=1
                    "sidecar": {
                        "dashboards": {
                            "enabled": True,
                            "label": DASHBOARD_LABEL,
                            "labelValue": "1",
                        }
                    },
                },
            },
            depends_on=("storage-class-gp3", "addon-ebs-csi", "monitoring-config"),
        ),
        *_runner_releases(spec, secret_names["arc-github-app"], mlflow, database),
    )


#: Link-local addresses: the instance metadata service (the node role's credentials) and the
#: Pod Identity agent. Runner pods never reach them: every AWS permission a job has comes from the
#: GitHub environment's OIDC role, so a step without one fails instead of using the node's.
LINK_LOCAL = "169.254.0.0/16"


def runner_network_policy(
    spec: EnvironmentSpec, mlflow: MlflowServer, database: Database
) -> dict[str, Any]:
    """What a runner pod (a job, privileged Docker-in-Docker) may reach: DNS; HTTPS and HTTP
    anywhere but link-local (the cluster's private API endpoint, GitHub, AWS APIs, ECR, sigstore,
    package indexes); MLflow's port in its namespace (training, promotion, the release's model
    job); the database port inside the VPC (the weekly feedback import). Nothing may connect
    to a runner. The rest of the cluster (the app's pods, Redis, kubelets) is out of reach."""
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": {"name": "runners", "namespace": ARC_RUNNERS_NAMESPACE},
        "spec": {
            "podSelector": {},
            "policyTypes": ["Ingress", "Egress"],
            "egress": [
                {
                    "to": [
                        {
                            "namespaceSelector": {
                                "matchLabels": {"kubernetes.io/metadata.name": "kube-system"}
                            },
                            "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}},
                        }
                    ],
                    "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}],
                },
                {
                    "to": [{"ipBlock": {"cidr": "0.0.0.0/0", "except": [LINK_LOCAL]}}],
                    "ports": [{"protocol": "TCP", "port": 443}, {"protocol": "TCP", "port": 80}],
                },
                {
                    "to": [
                        {
                            "namespaceSelector": {
                                "matchLabels": {"kubernetes.io/metadata.name": mlflow.namespace}
                            }
                        }
                    ],
                    "ports": [{"protocol": "TCP", "port": mlflow.port}],
                },
                {
                    "to": [{"ipBlock": {"cidr": str(spec.network.cidr)}}],
                    "ports": [{"protocol": "TCP", "port": database.port}],
                },
            ],
        },
    }


def arc_listener_pod_monitor() -> dict[str, Any]:
    """The PodMonitor of the scale sets' listeners (in the controller's namespace, labelled
    ``app.kubernetes.io/component: runner-scale-set-listener`` by the controller, their metrics
    port named ``metrics``).

    ``honorLabels``: a listener's gauges carry the scale set's own ``namespace`` (the runners',
    ``arc-runners``), which the target's ``namespace`` (the listener pod's, ``arc-systems``)
    would otherwise replace (the metric's becoming ``exported_namespace``): the alerts and their
    promtool tests name the runners' namespace (probe 32, R-L4). The listener is the
    controller's own pod, not a workload's."""
    return {
        "apiVersion": "monitoring.coreos.com/v1",
        "kind": "PodMonitor",
        "metadata": {"name": "arc-listeners", "namespace": ARC_SYSTEM_NAMESPACE},
        "spec": {
            "selector": {
                "matchLabels": {"app.kubernetes.io/component": "runner-scale-set-listener"}
            },
            "podMetricsEndpoints": [
                {
                    "port": "metrics",
                    "path": ARC_METRICS["listenerEndpoint"],
                    "honorLabels": True,
                }
            ],
        },
    }


def _runner_releases(
    spec: EnvironmentSpec, app_secret: str, mlflow: MlflowServer, database: Database
) -> tuple[HelmRelease, ...]:
    """GitHub Actions runners inside the environment: the jobs that reach the cluster, MLflow
    and the database run here (`runs-on: slipway-<env>`), not on GitHub's hosted runners."""
    scale_set = f"slipway-{spec.name}"
    runner_account = "arc-runner"
    app_account = "arc-github-app"
    meta = {"namespace": ARC_RUNNERS_NAMESPACE}
    return (
        HelmRelease(
            id="arc",
            name="arc",
            namespace=ARC_SYSTEM_NAMESPACE,
            repository=ARC_CHARTS,
            chart="gha-runner-scale-set-controller",
            version=ARC_CHART_VERSION,
            # the listeners serve their metrics (gha_registered_runners, gha_assigned_jobs, ...
            # per scale set), which SlipwayRunnersNotRegistering reads (probe 29, N-M5)
            values={"metrics": ARC_METRICS},
        ),
        HelmRelease(
            # Prometheus scrapes the listener pods (the chart makes no Service for them); after
            # kube-prometheus-stack, whose CRDs a PodMonitor needs
            id="arc-metrics",
            name="arc-metrics",
            namespace=ARC_SYSTEM_NAMESPACE,
            repository="https://bedag.github.io/helm-charts",
            chart="raw",
            version=RAW_CHART_VERSION,
            values={"resources": [arc_listener_pod_monitor()]},
            depends_on=("arc", "kube-prometheus-stack"),
        ),
        HelmRelease(
            id="arc-runners-config",
            name="arc-runners-config",
            namespace=ARC_SYSTEM_NAMESPACE,
            repository="https://bedag.github.io/helm-charts",
            chart="raw",
            version=RAW_CHART_VERSION,
            values={
                "resources": [
                    {
                        "apiVersion": "v1",
                        "kind": "Namespace",
                        "metadata": {
                            "name": ARC_RUNNERS_NAMESPACE,
                            # Docker-in-Docker runs privileged: this namespace only.
                            "labels": {"pod-security.kubernetes.io/enforce": "privileged"},
                        },
                    },
                    {
                        "apiVersion": "v1",
                        "kind": "ServiceAccount",
                        "metadata": {
                            "name": runner_account,
                            "annotations": {"eks.amazonaws.com/role-arn": Ref("runner-role")},
                            **meta,
                        },
                    },
                    {
                        "apiVersion": "v1",
                        "kind": "ServiceAccount",
                        "metadata": {
                            "name": app_account,
                            "annotations": {"eks.amazonaws.com/role-arn": Ref("arc-secrets-role")},
                            **meta,
                        },
                    },
                    secret_store("arc-aws", meta, spec.region, app_account),
                    {
                        "apiVersion": "external-secrets.io/v1",
                        "kind": "ExternalSecret",
                        "metadata": {"name": "arc-github-app", **meta},
                        "spec": {
                            "refreshInterval": "1h",
                            "secretStoreRef": {"kind": "SecretStore", "name": "arc-aws"},
                            "target": {"name": "arc-github-app", "creationPolicy": "Owner"},
                            "dataFrom": [{"extract": {"key": app_secret}}],
                        },
                    },
                    runner_network_policy(spec, mlflow, database),
                ]
            },
            depends_on=("external-secrets",),
        ),
        HelmRelease(
            id="arc-runner-scale-set",
            name=scale_set,
            namespace=ARC_RUNNERS_NAMESPACE,
            repository=ARC_CHARTS,
            chart="gha-runner-scale-set",
            version=ARC_CHART_VERSION,
            values={
                # the organization, not the repository: runner groups are the organization's,
                # and a repository-level scale set cannot join one (probe 29, N-H1); the App is
                # installed on the organization with access to this repository alone
                "githubConfigUrl": f"https://github.com/{spec.github.org}",
                "githubConfigSecret": "arc-github-app",
                "runnerScaleSetName": scale_set,
                # its own runner group, restricted to this repository and the workflows of main
                # that need it (day one creates it before the apply that installs this scale set;
                # a pull request's workflow cannot ask for it: M-3)
                "runnerGroup": scale_set,
                "minRunners": spec.runners.min_runners,
                "maxRunners": spec.runners.max_runners,
                "containerMode": {"type": "dind"},
                "controllerServiceAccount": {
                    "namespace": ARC_SYSTEM_NAMESPACE,
                    "name": "arc-gha-rs-controller",
                },
                "template": {
                    # cluster-autoscaler never evicts a runner pod to scale its node down (M-4):
                    # a job, an infra.yml apply above all, would die mid-run. ARC copies the
                    # template's annotations onto each EphemeralRunner's pod (chart 0.14.2:
                    # template.metadata.annotations; the controller's newEphemeralRunnerPod).
                    "metadata": {"annotations": {SAFE_TO_EVICT: "false"}},
                    "spec": {
                        "serviceAccountName": runner_account,
                        "nodeSelector": {RUNNER_POOL_LABEL: RUNNER_POOL},
                        "tolerations": [
                            {
                                "key": RUNNER_TAINT.key,
                                "operator": "Equal",
                                "value": RUNNER_TAINT.value,
                                "effect": RUNNER_TAINT.kubernetes_effect,
                            }
                        ],
                        "containers": [
                            {
                                "name": "runner",
                                "image": spec.runners.image,
                                "command": ["/home/runner/run.sh"],
                            }
                        ],
                    },
                },
            },
            create_namespace=False,
            depends_on=("arc", "arc-runners-config"),
        ),
    )


DATABASE_ROLES_PROGRAM = Path(database_roles.__file__)


def _database_roles_release(
    spec: EnvironmentSpec, mlflow: MlflowServer, database: Database, secret_names: dict[str, str]
) -> HelmRelease:
    """The database roles (probe 25, M2): a Job in a namespace of its own, as its own IRSA role
    (the only reader of the RDS master secret, which it reads from Secrets Manager itself: no
    Kubernetes Secret holds it, probe 32, R-M2), runs :mod:`infra.platform.database_roles` with
    MLflow's image (Python and psycopg) at every install and upgrade of this release (a Helm hook,
    which Helm waits for), before MLflow's Secrets and Deployment. No Job while MLflow's image is
    the placeholder (nothing to run it with before day one's first build): the first apply after
    the pin runs it, before MLflow's first pod."""
    meta = {"namespace": DATABASE_ROLES}
    program = DATABASE_ROLES_PROGRAM.name
    # what the program reads from Secrets Manager itself, as the Job's IRSA role (probe 32,
    # R-M2): the names only, so no Kubernetes Secret ever holds the master's password (an
    # ExternalSecret would keep a copy, refreshed, readable by whoever may read Secrets there)
    secrets_read = {
        database_roles.MASTER_SECRET_VARIABLE: Ref("db", "master_secret"),
        database_roles.ENDPOINTS_SECRET_VARIABLE: secret_names["runtime-endpoints"],
        **{
            database_roles.SECRET_VARIABLES[role]: secret_names[secret_id]
            for secret_id, role in DATABASE_ROLE_SECRETS.items()
        },
    }
    environment = {
        "AWS_REGION": spec.region,
        "AWS_DEFAULT_REGION": spec.region,
        **secrets_read,
        "PGPORT": str(database.port),
        "PGSSLMODE": "require",
        "HOME": "/tmp",
    }
    security = {
        "allowPrivilegeEscalation": False,
        "readOnlyRootFilesystem": True,
        "runAsNonRoot": True,
        "runAsUser": mlflow.run_as_user,
        "runAsGroup": mlflow.run_as_user,
        "capabilities": {"drop": ["ALL"]},
        "seccompProfile": {"type": "RuntimeDefault"},
    }
    job = {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {
            "name": DATABASE_ROLES,
            **meta,
            "annotations": {
                "helm.sh/hook": "post-install,post-upgrade",
                "helm.sh/hook-delete-policy": "before-hook-creation,hook-succeeded",
            },
        },
        "spec": {
            "backoffLimit": 3,
            "activeDeadlineSeconds": 600,
            "template": {
                "spec": {
                    "restartPolicy": "Never",
                    "serviceAccountName": DATABASE_ROLES,
                    "securityContext": {
                        "runAsNonRoot": True,
                        "runAsUser": mlflow.run_as_user,
                        "seccompProfile": {"type": "RuntimeDefault"},
                    },
                    "containers": [
                        {
                            "name": "roles",
                            "image": mlflow.image,
                            "command": ["python", f"/program/{program}"],
                            "env": [
                                {"name": name, "value": value}
                                for name, value in environment.items()
                            ],
                            "securityContext": security,
                            "resources": {
                                "requests": {"cpu": "50m", "memory": "64Mi"},
                                "limits": {"cpu": "500m", "memory": "256Mi"},
                            },
                            "volumeMounts": [
                                {"name": "program", "mountPath": "/program", "readOnly": True},
                                {"name": "tmp", "mountPath": "/tmp"},
                            ],
                        }
                    ],
                    "volumes": [
                        {"name": "program", "configMap": {"name": f"{DATABASE_ROLES}-program"}},
                        {"name": "tmp", "emptyDir": {"sizeLimit": "64Mi"}},
                    ],
                }
            },
        },
    }
    resources: list[dict[str, Any]] = [
        {
            "apiVersion": "v1",
            "kind": "ServiceAccount",
            "metadata": {
                "name": DATABASE_ROLES,
                "annotations": {"eks.amazonaws.com/role-arn": Ref("database-roles-role")},
                **meta,
            },
        },
        {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {"name": f"{DATABASE_ROLES}-program", **meta},
            "data": {program: DATABASE_ROLES_PROGRAM.read_text(encoding="utf-8")},
        },
    ]
    if spec.mlflow.image_digest != PLACEHOLDER_DIGEST:
        resources.append(job)
    return HelmRelease(
        id=DATABASE_ROLES,
        name=DATABASE_ROLES,
        namespace=DATABASE_ROLES,
        repository="https://bedag.github.io/helm-charts",
        chart="raw",
        version=RAW_CHART_VERSION,
        values={"resources": resources},
        depends_on=("external-secrets", "db"),
    )


def _mlflow_secret_objects(
    server: MlflowServer, database: Database, region: str, secret_names: dict[str, str]
) -> tuple[dict[str, Any], ...]:
    """MLflow's Secrets, filled by External Secrets as MLflow's own IRSA role: the backend store
    URI and basic_auth.ini as MLflow's own database role (its generated password, refreshed so
    a new one reaches the pods, which Reloader then rolls; never the master's: probe 25, M2),
    the basic-auth admin and Flask key from their own secret."""
    store = f"{server.name}-aws"
    endpoints = secret_names["runtime-endpoints"]
    meta = {"namespace": server.namespace}
    credentials = [
        {"secretKey": "password", "remoteRef": {"key": secret_names["db-mlflow-password"]}},
        {"secretKey": "host", "remoteRef": {"key": endpoints, "property": "database_host"}},
    ]
    uri = (
        f"postgresql://{database_roles.MLFLOW_ROLE}:{{{{ .password | urlquery }}}}@"
        f"{{{{ .host }}}}:{database.port}/{database.db_name}?sslmode=require"
    )
    auth_ini = "\n".join(
        (
            "[mlflow]",
            # signed-in users read; writing (register, promote) is granted per user
            "default_permission = READ",
            f"database_uri = {uri}",
            "admin_username = {{ .admin_username }}",
            "authorization_function = mlflow.server.auth:authenticate_request_basic_auth",
            # a password check is a slow hash: successes are cached for a minute
            "auth_cache_ttl_seconds = 60",
            "",
        )
    )

    def external(name: str, spec: dict[str, Any]) -> dict[str, Any]:
        return {
            "apiVersion": "external-secrets.io/v1",
            "kind": "ExternalSecret",
            "metadata": {"name": name, **meta},
            "spec": {
                "refreshInterval": "5m",
                "secretStoreRef": {"kind": "SecretStore", "name": store},
                **spec,
            },
        }

    def target(name: str, data: dict[str, str]) -> dict[str, Any]:
        return {
            "name": name,
            "creationPolicy": "Owner",
            "template": {"engineVersion": "v2", "data": data},
        }

    return (
        secret_store(store, meta, region, server.service_account),
        external(
            server.db_secret,
            {
                "target": target(server.db_secret, {"MLFLOW_BACKEND_STORE_URI": uri}),
                "data": credentials,
            },
        ),
        external(
            server.auth_config_secret,
            {
                "target": target(server.auth_config_secret, {"basic_auth.ini": auth_ini}),
                "data": [
                    *credentials,
                    {
                        "secretKey": "admin_username",
                        "remoteRef": {
                            "key": secret_names["mlflow-auth"],
                            "property": "MLFLOW_AUTH_ADMIN_USERNAME",
                        },
                    },
                ],
            },
        ),
        external(
            server.auth_secret,
            {
                "target": {"name": server.auth_secret, "creationPolicy": "Owner"},
                "dataFrom": [{"extract": {"key": secret_names["mlflow-auth"]}}],
            },
        ),
    )


def build_platform(spec: EnvironmentSpec, settings: InfraSettings | None = None) -> Platform:
    """The whole platform of one environment; pure, deterministic, no engine involved.

    ``settings`` name the Terraform state (the plan role may take its lock); the defaults if
    unset, as ``terraform/`` is committed."""
    settings = settings or InfraSettings(_env_file=None)
    backend = settings.backend_for(spec.name, spec.region)
    prefix = f"slipway-{spec.name}"
    tags = {"project": "slipway", "environment": spec.name, "managed-by": "slipway-infra"}
    tags |= spec.tags
    network = _network(spec, prefix)
    private = _private_cidrs(network)
    cluster_name = eks_cluster_name(prefix)
    roles = _roles(spec, prefix, backend, cluster_name)
    by_id = {r.id: r for r in roles}
    # a node group waits for its role's policies and for the private subnets' way out
    node_ready = (*by_id["node-role"].attachment_ids, *network.private_egress)
    cluster = Cluster(
        id="cluster",
        name=cluster_name,
        version=spec.cluster.version,
        support_type=spec.cluster.support_type,
        role="cluster-role",
        node_role="node-role",
        log_group="cluster-logs",
        log_types=CLUSTER_LOG_TYPES,
        endpoint_private=True,
        endpoint_public=spec.cluster.public_endpoint,
        # only with the public endpoint on: with it off EKS ignores the list and keeps reporting
        # an old one, and a plan that differs updates it in vain ("already at the desired
        # configuration"; review 165, X-M5)
        public_access_cidrs=tuple(str(c) for c in spec.cluster.api_allowed_cidrs)
        if spec.cluster.public_endpoint
        else (),
        subnets=tuple(s.id for s in network.private_subnets),
        kms_key=KMS,
        oidc_provider="cluster-oidc",
        node_groups=(
            *(
                NodeGroup(
                    id=f"nodes-{g.name}",
                    name_prefix=f"{prefix}-{g.name}-",
                    instance_types=tuple(g.instance_types),
                    min_size=g.min_size,
                    max_size=g.max_size,
                    desired_size=g.desired_size,
                    disk_size_gb=g.disk_size_gb,
                    capacity_type=g.capacity_type,
                    depends_on=node_ready,
                    launch_template=_launch_template(
                        f"nodes-{g.name}", prefix, g.name, g.disk_size_gb, spec.name
                    ),
                    asg_tags=((ENVIRONMENT_TAG, spec.name),),
                )
                for g in spec.cluster.node_groups
            ),
            NodeGroup(
                id="nodes-runners",
                name_prefix=f"{prefix}-runners-",
                instance_types=tuple(spec.runners.node_instance_types),
                min_size=spec.runners.min_runners,
                max_size=spec.runners.max_runners,
                desired_size=spec.runners.min_runners,
                disk_size_gb=spec.runners.node_disk_size_gb,
                capacity_type="ON_DEMAND",
                depends_on=node_ready,
                labels=((RUNNER_POOL_LABEL, RUNNER_POOL),),
                taints=(RUNNER_TAINT,),
                launch_template=_launch_template(
                    "nodes-runners", prefix, "runners", spec.runners.node_disk_size_gb, spec.name
                ),
                asg_tags=((ENVIRONMENT_TAG, spec.name),),
            ),
        ),
        access_entries=(
            AccessEntry(
                id="deploy-access",
                principal=Ref("github-deploy-role"),
                policy_arn=f"arn:{PARTITION}:eks::aws:cluster-access-policy/AmazonEKSEditPolicy",
                namespaces=(APP_NAMESPACE,),
                # The RBAC Role/RoleBinding of infra/k8s grant this group the custom kinds.
                kubernetes_groups=(DEPLOY_GROUP,),
            ),
            AccessEntry(
                id="plan-access",
                principal=Ref("github-plan-role"),
                # Reads every object, Helm's release Secrets included, changes none.
                policy_arn=(
                    f"arn:{PARTITION}:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy"
                ),
                namespaces=(),
            ),
        ),
        deletion_protection=spec.deletion_protection,
        depends_on=("cluster-logs", *by_id["cluster-role"].attachment_ids),
    )
    db_sg = SecurityGroup(
        id="db-sg",
        name=f"{prefix}-db",
        description="MLflow Postgres: reachable from the private subnets only",
        port=5432,
        ingress_cidrs=private,
    )
    database = Database(
        id="db",
        identifier=f"{prefix}-mlflow",
        engine_version=spec.database.engine_version,
        instance_class=spec.database.instance_class,
        allocated_storage_gb=spec.database.allocated_storage_gb,
        max_allocated_storage_gb=spec.database.max_allocated_storage_gb,
        db_name="mlflow",
        username="mlflow",
        port=5432,
        kms_key=KMS,
        multi_az=spec.database.multi_az,
        deletion_protection=spec.deletion_protection,
        backup_retention_days=spec.database.backup_retention_days,
        subnet_group="db-subnets",
        security_group=db_sg,
        parameter_group="db-params",
        parameter_family=f"postgres{spec.database.engine_version.split('.')[0]}",
        parameters=(("rds.force_ssl", "1"), ("log_min_duration_statement", "1000")),
        log_exports=DB_LOG_EXPORTS,
        monitoring_role="db-monitoring-role",
        depends_on=tuple(f"db-logs-{export}" for export in DB_LOG_EXPORTS),
    )
    cache = Cache(
        id="cache",
        replication_group_id=f"{prefix}-cache",
        description=f"Slipway {spec.name}: shared cache and rate limits",
        engine_version=spec.cache.engine_version,
        node_type=spec.cache.node_type,
        nodes=spec.cache.nodes,
        port=6379,
        kms_key=KMS,
        auth_secret="cache-auth",
        subnet_group="cache-subnets",
        security_group=SecurityGroup(
            id="cache-sg",
            name=f"{prefix}-cache",
            description="Redis: reachable from the private subnets only",
            port=6379,
            ingress_cidrs=private,
        ),
        snapshot_retention_days=spec.cache.snapshot_retention_days,
    )
    account = Account(
        account_id=spec.account_id,
        assume_role_arn=spec.assume_role_arn,
        deployer_arn=spec.assume_role_arn
        or f"arn:{PARTITION}:iam::{ACCOUNT_ID}:role/{prefix}-terraform",
    )
    # Engine-written values are read back at every refresh: the plan role and the deployer too.
    refreshers = (Ref("github-plan-role"), account.deployer_arn)
    secrets: tuple[Secret, ...] = (
        Secret(
            id="openai-api-key",
            name=f"{prefix}/openai-api-key",
            description="OpenAI (or compatible) API key; set the value out of band",
            kms_key=KMS,
            readers=(Ref("app-role"),),
        ),
        Secret(
            id="cache-auth",
            name=f"{prefix}/cache-auth-token",
            description="Redis AUTH token of the app's cache",
            kms_key=KMS,
            readers=(Ref("app-role"), *refreshers),
            generated_length=64,
        ),
        Secret(
            # The token of the smoke-test user `slipway deploy` chats as: generated here, given
            # to the user by the migration Job and read by the deploy from the app namespace
            # (infra/k8s/render.py), so no one creates that user by hand.
            id="smoke-token",
            name=f"{prefix}/smoke-token",
            description="API token of the deploy smoke test's user (generated)",
            kms_key=KMS,
            readers=(Ref("app-role"), *refreshers),
            generated_length=48,
        ),
        Secret(
            id="runtime-endpoints",
            name=f"{prefix}/runtime-endpoints",
            description="Endpoints of the app's stores (JSON), written from the platform",
            kms_key=KMS,
            readers=(
                Ref("app-role"),
                Ref("migration-role"),
                Ref("mlflow-role"),
                Ref("database-roles-role"),
                *refreshers,
            ),
            value=(
                ("database_host", Ref("db", "address")),
                ("database_port", str(database.port)),
                ("database_name", database.db_name),
                ("cache_host", Ref("cache", "primary_endpoint_address")),
                ("cache_port", str(cache.port)),
            ),
        ),
    )
    # The database roles' passwords (probe 25, M2): generated here, set on the roles by the
    # database-roles Job, read by their one workload (the owner's by the app's migration Job, as
    # its own role: the app's pods may not read it).
    role_readers = {
        "db-owner-password": Ref("migration-role"),
        "db-app-password": Ref("app-role"),
        "db-mlflow-password": Ref("mlflow-role"),
    }
    # letters and digits (URI-safe); lengths of their own (the engines' parity test tells the
    # generated values apart by length)
    role_lengths = {"db-owner-password": 40, "db-app-password": 44, "db-mlflow-password": 56}
    secrets += tuple(
        Secret(
            id=secret_id,
            name=f"{prefix}/database/{role.replace('_', '-')}",
            description=f"Password of the Postgres role {role} (generated)",
            kms_key=KMS,
            readers=(role_readers[secret_id], Ref("database-roles-role"), *refreshers),
            generated_length=role_lengths[secret_id],
        )
        for secret_id, role in DATABASE_ROLE_SECRETS.items()
    )
    registry_host = f"{spec.account_id}.dkr.ecr.{spec.region}.amazonaws.com"
    mlflow_registry = Registry(
        id="mlflow-registry",
        name=f"slipway-{spec.name}/mlflow",
        kms_key=KMS,
        keep_images=spec.registry.keep_images,
        # release.yml tags the MLflow image `<mlflow version>-<hash of what builds it>`
        protected_tags=("*.*.*-*", SIGNATURE_TAGS),
    )
    secrets += (
        Secret(
            id="mlflow-auth",
            name=f"{prefix}/mlflow/auth",
            description=(
                "MLflow basic auth (JSON: MLFLOW_AUTH_ADMIN_USERNAME, MLFLOW_AUTH_ADMIN_PASSWORD, "
                "MLFLOW_FLASK_SERVER_SECRET_KEY); written by its producer, not by the stack"
            ),
            kms_key=KMS,
            readers=(Ref("mlflow-role"),),
        ),
        Secret(
            id="alertmanager-receiver",
            name=f"{prefix}/alertmanager",
            description=(
                "Where Alertmanager sends the alerts (JSON: webhook_url; in prod also "
                "pagerduty_routing_key for critical alerts and heartbeat_url for the Watchdog); "
                "written by its producer, not by the stack"
            ),
            kms_key=KMS,
            readers=(Ref("monitoring-secrets-role"),),
        ),
        Secret(
            id="arc-github-app",
            name=f"{prefix}/arc-github-app",
            description=(
                "The GitHub App of the in-VPC runners (JSON: github_app_id, "
                "github_app_installation_id, github_app_private_key); written by its producer"
            ),
            kms_key=KMS,
            readers=(Ref("arc-secrets-role"),),
        ),
    )
    mlflow = MlflowServer(
        id="mlflow",
        namespace=MLFLOW_NAMESPACE,
        name="mlflow",
        image=f"{registry_host}/{mlflow_registry.name}@{spec.mlflow.image_digest}",
        # No pod while the digest is the placeholder (no such image before day one's first
        # build): the Deployment's rollout completes at once instead of timing out the first
        # apply on ErrImagePull and unwritten secrets (probe 25, H3).
        replicas=0 if spec.mlflow.image_digest == PLACEHOLDER_DIGEST else spec.mlflow.replicas,
        port=5000,
        service_account="mlflow",
        role=Ref("mlflow-role"),
        artifacts_bucket=Ref("mlflow-artifacts", "name"),
        database=Ref("db"),
        db_secret="mlflow-backend-store",
        allowed_hosts=(
            *(
                f"{host}:*"
                for host in (
                    f"mlflow.{MLFLOW_NAMESPACE}.svc.cluster.local",
                    f"mlflow.{MLFLOW_NAMESPACE}.svc",
                    f"mlflow.{MLFLOW_NAMESPACE}",
                    "mlflow",
                    # a `kubectl port-forward` (day one's first model): it listens on both
                    # loopbacks, and the client's Host header is the address it was given
                    # (review 177, R-H1: a set list replaces MLflow's own loopback defaults)
                    "localhost",
                    "127.0.0.1",
                )
            ),
            # IPv6's loopback: MLflow matches a pattern with fnmatch, where `[` opens a
            # character class, so the bracket is escaped as MLflow's own defaults do
            "[[]::1]:*",
        ),
    )
    outputs = (
        Output("cluster_name", Ref("cluster", "name"), "EKS cluster name"),
        Output("cluster_endpoint", Ref("cluster", "endpoint"), "EKS API endpoint"),
        Output("dvc_bucket", Ref("dvc-remote", "name"), "S3 bucket of the DVC remote"),
        Output("mlflow_bucket", Ref("mlflow-artifacts", "name"), "S3 bucket of MLflow artifacts"),
        Output("registry_url", Ref("registry", "url"), "ECR repository URL of the assistant"),
        Output(
            "mlflow_registry_url", Ref("mlflow-registry", "url"), "ECR repository of MLflow's image"
        ),
        Output(
            "runner_registry_url",
            Ref("runner-registry", "url"),
            "ECR repository of the in-VPC runners' image (Dockerfile.runner)",
        ),
        Output("openai_secret_arn", Ref("openai-api-key"), "Secret to put the OpenAI key in"),
        Output("mlflow_url", mlflow.url, "MLflow tracking URL inside the cluster"),
        Output("certificate_arn", Ref("certificate"), "ACM certificate of the app's host"),
        *(
            Output(f"{r.id.replace('-', '_')}_arn", Ref(r.id), r.description)
            for r in roles
            if r.id.startswith("github-") or r.id in {"app-role", "mlflow-role"}
        ),
    )
    roles = _refreshing(roles, secrets)
    # A secret deleted with its stack keeps its name for its recovery window: an environment
    # without deletion protection (dev) is torn down and made again, and a week's window refused
    # the new secrets (review 165, X-L3); the protected ones keep AWS's 7 days to restore one.
    if not spec.deletion_protection:
        secrets = tuple(replace(s, recovery_window_days=0) for s in secrets)
    # Every role under the boundary bootstrap makes: the apply role may create no other (M6).
    boundary = boundary_arn(prefix)
    roles = tuple(replace(r, permissions_boundary=boundary) for r in roles)
    return Platform(
        env=spec.name,
        region=spec.region,
        prefix=prefix,
        tags=tags,
        account=account,
        network=network,
        kms_key=_kms(spec, prefix),
        log_groups=(
            LogGroup("cluster-logs", f"/aws/eks/{cluster_name}/cluster", spec.retention_days, KMS),
            LogGroup("flow-logs", f"/slipway/{spec.name}/vpc-flow-logs", spec.retention_days, KMS),
            # the database's exports, made before it (review 165, X-L2)
            *(
                LogGroup(
                    f"db-logs-{export}",
                    database.log_group_name(export),
                    spec.retention_days,
                    KMS,
                )
                for export in database.log_exports
            ),
        ),
        roles=roles,
        cluster=cluster,
        buckets=_buckets(spec, prefix),
        database=database,
        secrets=secrets,
        cache=cache,
        registry=Registry(
            id="registry",
            name=f"slipway-{spec.name}/assistant",
            kms_key=KMS,
            keep_images=spec.registry.keep_images,
            # release.yml tags the assistant `<git sha>-model-v<version>`
            protected_tags=("*-model-v*", SIGNATURE_TAGS),
        ),
        github_oidc=GithubOidc(
            id="github-oidc",
            url=f"https://{GITHUB_OIDC_HOST}",
            client_ids=(STS,),
            create=spec.github.create_oidc_provider,
        ),
        mlflow_registry=mlflow_registry,
        runner_registry=Registry(
            id="runner-registry",
            name=f"slipway-{spec.name}/runner",
            kms_key=KMS,
            keep_images=spec.registry.keep_images,
            # runner-image.yml (and day one, docs/day-one.md step 4) tags Dockerfile.runner
            # `runner-<runner version>-<hash of it>-<build time>`, a new tag every week, and
            # signs it (a `sha256-*.sig` tag). The signatures (small) are never expired: infra.yml
            # verifies the pinned image's. Of the builds the last keep_images are kept, the older
            # expire (probe 32, R-L2): the pinned one is among them unless that many newer builds
            # went by without a pin pull request merged (docs/ci-release.md, "Runners")
            protected_tags=(SIGNATURE_TAGS,),
            counted_tags=(RUNNER_TAGS,),
        ),
        addons=_addons(spec),
        certificate=Certificate(id="certificate", domain=spec.app.domain, zone_id=spec.dns.zone_id),
        storage_classes=(
            StorageClass(
                id="storage-class-gp3",
                name="gp3",
                provisioner="ebs.csi.aws.com",
                parameters={
                    "type": "gp3",
                    "encrypted": "true",
                    # the stack's key, as the nodes' volumes: under aws/ebs any principal of the
                    # account could read a snapshot through EC2, the other environment's of a
                    # shared account too (review 177, R-L2)
                    "kmsKeyId": KMS,
                    "csi.storage.k8s.io/fstype": "ext4",
                },
                default=True,
                depends_on=("addon-ebs-csi",),
            ),
        ),
        helm_releases=_helm_releases(
            spec, cluster, mlflow, database, {s.id: s.name for s in secrets}
        ),
        mlflow=mlflow,
        outputs=outputs,
        # The Ingress's ALB: access logs in the access-log bucket, and deletion protection
        # where the spec protects the environment (prod must; staging does; dev is torn down).
        load_balancer=LoadBalancer(
            log_bucket="access-logs",
            log_prefix=ALB_LOG_PREFIX,
            deletion_protection=spec.deletion_protection,
        ),
    )
