"""Derive the engine-neutral Platform of one environment from its spec."""

from __future__ import annotations

from infra.k8s.names import APP_NAMESPACE, APP_SERVICE_ACCOUNT
from infra.platform.model import (
    ACCOUNT_ID,
    PARTITION,
    STS,
    AccessEntry,
    Bucket,
    Cache,
    Cluster,
    Condition,
    Database,
    FlowLog,
    GithubOidc,
    HelmRelease,
    KmsKey,
    LogGroup,
    MlflowServer,
    Network,
    NodeGroup,
    Output,
    Platform,
    Ref,
    Registry,
    Role,
    Secret,
    SecurityGroup,
    Statement,
    Subnet,
)
from infra.spec import PRODUCTION, EnvironmentSpec

CLUSTER_LOG_TYPES = ("api", "audit", "authenticator", "controllerManager", "scheduler")
GITHUB_OIDC_HOST = "token.actions.githubusercontent.com"
MLFLOW_NAMESPACE = "mlflow"
KMS = Ref("kms")


def _managed(name: str) -> str:
    return f"arn:{PARTITION}:iam::aws:policy/{name}"


def _service_trust(service: str) -> tuple[Statement, ...]:
    return (
        Statement(
            sid="ServiceAssume",
            actions=("sts:AssumeRole",),
            principals=(("Service", (service,)),),
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


def _github_trust(spec: EnvironmentSpec) -> tuple[Statement, ...]:
    """Trust GitHub Actions jobs of one repository running in one GitHub environment."""
    subject = f"repo:{spec.github.org}/{spec.github.repo}:environment:{spec.github_environment}"
    return (
        Statement(
            sid="GithubActionsAssume",
            actions=("sts:AssumeRoleWithWebIdentity",),
            principals=(("Federated", (Ref("github-oidc"),)),),
            conditions=(
                Condition("StringEquals", f"{GITHUB_OIDC_HOST}:aud", (STS,)),
                Condition("StringEquals", f"{GITHUB_OIDC_HOST}:sub", (subject,)),
            ),
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
    )


def _kms(spec: EnvironmentSpec, prefix: str) -> KmsKey:
    return KmsKey(
        id="kms",
        alias=f"alias/{prefix}",
        description=f"Slipway {spec.name}: EKS secrets, S3, RDS, ElastiCache, ECR, logs, secrets",
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
        ),
    )


EXTERNAL_SECRETS_CHART_VERSION = "0.20.4"  # serves the external-secrets.io/v1 API infra/k8s uses


def _roles(spec: EnvironmentSpec, prefix: str) -> tuple[Role, ...]:
    kms_use = Statement(
        sid="UseDataKey", actions=("kms:Decrypt", "kms:GenerateDataKey"), resources=(KMS,)
    )
    return (
        _service_role(
            "cluster-role",
            f"{prefix}-eks-cluster",
            "EKS control plane",
            "eks.amazonaws.com",
            "AmazonEKSClusterPolicy",
        ),
        _service_role(
            "node-role",
            f"{prefix}-eks-nodes",
            "EKS managed node group instances",
            "ec2.amazonaws.com",
            "AmazonEKSWorkerNodePolicy",
            "AmazonEKS_CNI_Policy",
            "AmazonEC2ContainerRegistryReadOnly",
        ),
        Role(
            id="flow-logs-role",
            name=f"{prefix}-vpc-flow-logs",
            description="VPC flow logs delivery to CloudWatch",
            trust=_service_trust("vpc-flow-logs.amazonaws.com"),
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
        Role(
            id="github-push-role",
            name=f"{prefix}-github-push-image",
            description="GitHub Actions: push the assistant image to ECR",
            trust=_github_trust(spec),
            statements=(
                Statement(
                    sid="RegistryLogin",
                    # GetAuthorizationToken has no resource-level scope in IAM.
                    actions=("ecr:GetAuthorizationToken",),
                    resources=("*",),
                ),
                Statement(
                    sid="PushImage",
                    actions=(
                        "ecr:BatchCheckLayerAvailability",
                        "ecr:BatchGetImage",
                        "ecr:CompleteLayerUpload",
                        "ecr:InitiateLayerUpload",
                        "ecr:PutImage",
                        "ecr:UploadLayerPart",
                    ),
                    resources=(Ref("registry"),),
                ),
                kms_use,
            ),
        ),
        Role(
            id="github-deploy-role",
            name=f"{prefix}-github-deploy",
            description="GitHub Actions: roll out releases to the cluster",
            trust=_github_trust(spec),
            statements=(
                Statement(
                    sid="FindCluster",
                    actions=("eks:DescribeCluster",),
                    resources=(Ref("cluster"),),
                ),
            ),
        ),
        Role(
            id="github-dvc-role",
            name=f"{prefix}-github-dvc-read",
            description="GitHub Actions: read the DVC remote",
            trust=_github_trust(spec),
            statements=(
                Statement(
                    sid="ListRemote", actions=("s3:ListBucket",), resources=(Ref("dvc-remote"),)
                ),
                Statement(
                    sid="ReadRemote",
                    actions=("s3:GetObject",),
                    resources=(Ref("dvc-remote", suffix="/*"),),
                ),
                Statement(sid="DecryptRemote", actions=("kms:Decrypt",), resources=(KMS,)),
            ),
        ),
        Role(
            id="app-role",
            name=f"{prefix}-app",
            description="The assistant's pods (IRSA): read the OpenAI key and the cache token",
            trust=_irsa_trust(APP_NAMESPACE, APP_SERVICE_ACCOUNT),
            statements=(
                Statement(
                    sid="ReadAppSecrets",
                    actions=("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"),
                    resources=(Ref("openai-api-key"), Ref("cache-auth")),
                ),
                Statement(sid="DecryptAppSecrets", actions=("kms:Decrypt",), resources=(KMS,)),
            ),
        ),
        Role(
            id="mlflow-role",
            name=f"{prefix}-mlflow",
            description="The MLflow tracking server (IRSA): artifacts in S3",
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
                kms_use,
            ),
        ),
    )


def _buckets(spec: EnvironmentSpec, prefix: str) -> tuple[Bucket, ...]:
    logs = Bucket(
        id="access-logs",
        name=f"{prefix}-access-logs-{ACCOUNT_ID}",
        purpose="S3 server access logs of the other buckets",
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
                conditions=(Condition("StringEquals", "aws:SourceAccount", (ACCOUNT_ID,)),),
            ),
        ),
    )
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
    return (logs, *data)


def _private_cidrs(network: Network) -> tuple[str, ...]:
    return tuple(s.cidr for s in network.private_subnets)


def build_platform(spec: EnvironmentSpec) -> Platform:
    """The whole platform of one environment; pure, deterministic, no engine involved."""
    prefix = f"slipway-{spec.name}"
    tags = {"project": "slipway", "environment": spec.name, "managed-by": "slipway-infra"}
    tags |= spec.tags
    network = _network(spec, prefix)
    private = _private_cidrs(network)
    cluster_name = f"{prefix}-eks"
    cluster = Cluster(
        id="cluster",
        name=cluster_name,
        version=spec.cluster.version,
        role="cluster-role",
        node_role="node-role",
        log_group="cluster-logs",
        log_types=CLUSTER_LOG_TYPES,
        endpoint_private=True,
        endpoint_public=True,
        public_access_cidrs=tuple(str(c) for c in spec.cluster.api_allowed_cidrs),
        subnets=tuple(s.id for s in network.private_subnets),
        kms_key=KMS,
        oidc_provider="cluster-oidc",
        node_groups=tuple(
            NodeGroup(
                id=f"nodes-{g.name}",
                name=f"{prefix}-{g.name}",
                instance_types=tuple(g.instance_types),
                min_size=g.min_size,
                max_size=g.max_size,
                desired_size=g.desired_size,
                disk_size_gb=g.disk_size_gb,
                capacity_type=g.capacity_type,
            )
            for g in spec.cluster.node_groups
        ),
        access_entries=(
            AccessEntry(
                id="deploy-access",
                principal=Ref("github-deploy-role"),
                policy_arn=f"arn:{PARTITION}:eks::aws:cluster-access-policy/AmazonEKSEditPolicy",
                namespaces=(APP_NAMESPACE,),
            ),
        ),
        deletion_protection=spec.deletion_protection,
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
        log_exports=("postgresql", "upgrade"),
        monitoring_role="db-monitoring-role",
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
    secrets = (
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
            readers=(Ref("app-role"),),
            generated_length=64,
        ),
    )
    mlflow = MlflowServer(
        id="mlflow",
        namespace=MLFLOW_NAMESPACE,
        name="mlflow",
        image=spec.mlflow.image,
        replicas=spec.mlflow.replicas,
        port=5000,
        service_account="mlflow",
        role=Ref("mlflow-role"),
        artifacts_bucket=Ref("mlflow-artifacts", "name"),
        database=Ref("db"),
        db_secret="mlflow-backend-store",
    )
    helm = (
        HelmRelease(
            id="kube-prometheus-stack",
            name="kube-prometheus-stack",
            namespace="monitoring",
            repository="https://prometheus-community.github.io/helm-charts",
            chart="kube-prometheus-stack",
            version=spec.monitoring.kube_prometheus_stack_version,
            values={
                "prometheus": {
                    "prometheusSpec": {
                        "retention": f"{spec.monitoring.prometheus_retention_days}d",
                        "serviceMonitorSelectorNilUsesHelmValues": False,
                        "podMonitorSelectorNilUsesHelmValues": False,
                    }
                },
                "grafana": {"service": {"type": "ClusterIP"}},
            },
        ),
        HelmRelease(
            id="metrics-server",
            name="metrics-server",
            namespace="kube-system",
            repository="https://kubernetes-sigs.github.io/metrics-server/",
            chart="metrics-server",
            version=spec.monitoring.metrics_server_version,
        ),
        # The External Secrets Operator: the app's SecretStore/ExternalSecret (infra/k8s) copy the
        # OpenAI key from Secrets Manager into a Kubernetes Secret, reading it as the app's own
        # IRSA role (the only reader of that secret), so the operator itself needs no AWS role.
        HelmRelease(
            id="external-secrets",
            name="external-secrets",
            namespace="external-secrets",
            repository="https://charts.external-secrets.io",
            chart="external-secrets",
            version=EXTERNAL_SECRETS_CHART_VERSION,
            values={"installCRDs": True},
        ),
    )
    roles = _roles(spec, prefix)
    outputs = (
        Output("cluster_name", Ref("cluster", "name"), "EKS cluster name"),
        Output("cluster_endpoint", Ref("cluster", "endpoint"), "EKS API endpoint"),
        Output("dvc_bucket", Ref("dvc-remote", "name"), "S3 bucket of the DVC remote"),
        Output("mlflow_bucket", Ref("mlflow-artifacts", "name"), "S3 bucket of MLflow artifacts"),
        Output("registry_url", Ref("registry", "url"), "ECR repository URL of the assistant"),
        Output("openai_secret_arn", Ref("openai-api-key"), "Secret to put the OpenAI key in"),
        Output("mlflow_url", mlflow.url, "MLflow tracking URL inside the cluster"),
        *(
            Output(f"{r.id.replace('-', '_')}_arn", Ref(r.id), r.description)
            for r in roles
            if r.id.startswith("github-") or r.id in {"app-role", "mlflow-role"}
        ),
    )
    return Platform(
        env=spec.name,
        region=spec.region,
        prefix=prefix,
        tags=tags,
        network=network,
        kms_key=_kms(spec, prefix),
        log_groups=(
            LogGroup("cluster-logs", f"/aws/eks/{cluster_name}/cluster", spec.retention_days, KMS),
            LogGroup("flow-logs", f"/slipway/{spec.name}/vpc-flow-logs", spec.retention_days, KMS),
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
        ),
        github_oidc=GithubOidc(
            id="github-oidc",
            url=f"https://{GITHUB_OIDC_HOST}",
            client_ids=(STS,),
        ),
        helm_releases=helm,
        mlflow=mlflow,
        outputs=outputs,
    )
