"""Helpers of the infrastructure tests: Pulumi mocks, and one Terraform-shaped view of both
engines' output. Fixtures live in conftest.py; test modules import these by name."""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass, field
from typing import Any

import pulumi
import pulumi.runtime.mocks
from pulumi.runtime.proto import resource_pb2
from pulumi.runtime.sync_await import _sync_await

ACCOUNT = "123456789012"
RANDOM_PASSWORD = "r" * 128  # what the mocked GetRandomPassword answers (cut to the length asked)


# -- Pulumi ---------------------------------------------------------------------------------


@dataclass
class Registered:
    """One resource the Pulumi program registered, with its resolved inputs."""

    typ: str
    name: str
    inputs: dict[str, Any]


@dataclass
class PulumiRun:
    resources: list[Registered] = field(default_factory=list)
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    exports: dict[str, Any] = field(default_factory=dict)
    dependencies: dict[str, set[str]] = field(default_factory=dict)
    """Resource name -> names of the resources it was registered after (explicit and input)."""
    ignored: dict[str, set[str]] = field(default_factory=dict)
    """Resource name -> the inputs it keeps from its creation (``ignore_changes``, as sent)."""

    def of_type(self, typ: str) -> list[Registered]:
        return [r for r in self.resources if r.typ == typ]

    def named(self, name: str) -> Registered:
        matches = [r for r in self.resources if r.name == name]
        assert len(matches) == 1, f"{name}: {len(matches)} resources"
        return matches[0]


def _mock_outputs(typ: str, name: str, inputs: dict[str, Any]) -> dict[str, Any]:
    # Component (pulumi-eks) inputs hold resource references; echoing them back would make the
    # SDK rehydrate those resources, so components only return their own outputs.
    state = {} if typ.startswith("eks:") else dict(inputs)
    state.setdefault("arn", f"arn:aws:mock:eu-west-1:{ACCOUNT}:{typ.split(':')[-1].lower()}/{name}")
    if typ == "eks:index:Cluster":
        issuer = f"oidc.eks.eu-west-1.amazonaws.com/id/{name.upper()}"
        state |= {
            "kubeconfigJson": json.dumps({"clusters": [{"name": inputs.get("name")}]}),
            "oidcProviderArn": f"arn:aws:iam::{ACCOUNT}:oidc-provider/{issuer}",
            "oidcProviderUrl": issuer,
        }
    elif typ == "aws:rds/instance:Instance":
        state |= {
            "address": f"{inputs['identifier']}.abc.eu-west-1.rds.amazonaws.com",
            "masterUserSecrets": [{"secretArn": f"arn:aws:secretsmanager:::secret:rds!{name}"}],
        }
    elif typ == "aws:ecr/repository:Repository":
        state["repositoryUrl"] = f"{ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/{inputs['name']}"
    elif typ == "aws:kms/key:Key":
        state["keyId"] = f"{name}-id"
    elif typ == "aws:elasticache/replicationGroup:ReplicationGroup":
        group = inputs["replicationGroupId"]
        state["primaryEndpointAddress"] = f"master.{group}.cache.amazonaws.com"
    elif typ == "aws:acm/certificate:Certificate":
        # attributes read off the certificate, named so that the parity view sees whose they are
        state["domainValidationOptions"] = [
            {
                "domainName": inputs["domainName"],
                "resourceRecordName": f"{name}-id",
                "resourceRecordType": f"{name}-id",
                "resourceRecordValue": f"{name}-id",
            }
        ]
    elif typ == "aws:route53/record:Record":
        state["fqdn"] = f"{name}-id"
    elif typ == "aws:ec2/launchTemplate:LaunchTemplate":
        state["latestVersion"] = f"{name}-id"  # a number in AWS: named, so references show
    elif typ == "eks:index:ManagedNodeGroup":
        # the component's node group, a resource reference (PlainReferenceMonitor.Invoke reads it
        # back): the Auto Scaling group EKS made for it is named after the component
        state["nodeGroup"] = {
            SIG: RESOURCE_SIG,
            "urn": f"urn:pulumi:{pulumi.get_stack()}::{pulumi.get_project()}::{NODE_GROUP}::{name}",
            "id": f"{name}-id",
        }
    return state


SIG = "4dabf18193072939515e22adb298388d"  # pulumi.runtime.rpc._special_sig_key
RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e"  # pulumi.runtime.rpc._special_resource_sig
NODE_GROUP = "aws:eks/nodeGroup:NodeGroup"


class RecordingMocks(pulumi.runtime.Mocks):
    """Answers the engine like AWS would, and records every resource and call."""

    def __init__(self, run: PulumiRun) -> None:
        self.run = run

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict]:
        self.run.resources.append(Registered(args.typ, args.name, dict(args.inputs)))
        return f"{args.name}-id", _mock_outputs(args.typ, args.name, dict(args.inputs))

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict, list] | dict:
        self.run.calls.append((args.token, dict(args.args)))
        if args.token == "aws:index/getCallerIdentity:getCallerIdentity":
            return {"accountId": ACCOUNT, "arn": f"arn:aws:iam::{ACCOUNT}:user/ci", "userId": "x"}
        if args.token == "aws:secretsmanager/getRandomPassword:getRandomPassword":
            return {"randomPassword": RANDOM_PASSWORD[: int(args.args.get("passwordLength", 32))]}
        if args.token == "aws:secretsmanager/getSecretVersion:getSecretVersion":
            secret = json.dumps({"username": "mlflow", "password": "p@ss/w:rd"})
            return {"secretString": secret, "arn": args.args.get("secretId")}
        if args.token == "aws:iam/getOpenIdConnectProvider:getOpenIdConnectProvider":
            # the account's one GitHub provider, named as the resource another stack created
            arn = f"arn:aws:mock:eu-west-1:{ACCOUNT}:openidconnectprovider/github-oidc"
            return {"arn": arn, "url": args.args["url"]}
        if args.token == "aws:eks/getCluster:getCluster":
            name = args.args["name"]
            return {"name": name, "endpoint": f"https://{name}.eks.amazonaws.com"}
        return {}


class PlainReferenceMonitor(pulumi.runtime.mocks.MockMonitor):
    """The mock monitor, minus resource references: a resource passed as an input (pulumi-eks'
    ``service_role``, ``cluster``) arrives as its id instead of being rehydrated in the monitor's
    worker thread, whose futures would belong to another event loop. It records each resource's
    dependencies (the URNs the engine would order it after) and ignored changes."""

    def __init__(self, mocks: RecordingMocks) -> None:
        super().__init__(mocks)
        self.run = mocks.run

    def RegisterResource(self, request: Any) -> Any:
        self.run.dependencies[request.name] = {u.rsplit("::", 1)[-1] for u in request.dependencies}
        self.run.ignored[request.name] = set(request.ignoreChanges)
        return super().RegisterResource(request)

    def Invoke(self, request: Any) -> Any:
        """A node group handed out by reference (pulumi-eks' ``nodeGroup``) read back by URN:
        its Auto Scaling group is named after the component (``<id>-id``)."""
        if request.tok == "pulumi:pulumi:getResource":
            urn = str(request.args["urn"])
            if f"::{NODE_GROUP}::" in urn:
                name = urn.rsplit("::", 1)[-1]
                state = {
                    "nodeGroupName": f"{name}-generated",
                    "resources": [{"autoscalingGroups": [{"name": f"{name}-id"}]}],
                }
                ret = {"urn": urn, "id": f"{name}-id", "state": state}
                proto = _sync_await(pulumi.runtime.rpc.serialize_properties(ret, {}))
                return resource_pb2.ResourceInvokeResponse(failures=None, **{"return": proto})
        return super().Invoke(request)

    def SupportsFeature(self, request: Any) -> Any:
        response = super().SupportsFeature(request)
        if request.id == "resourceReferences":
            response.hasSupport = False
        return response

    def GetDeploymentInfo(self, request: Any) -> Any:
        info = super().GetDeploymentInfo(request)
        features = [
            f
            for f in info.supportedFeatures
            if f != resource_pb2.RESOURCE_MONITOR_FEATURE_RESOURCE_REFERENCES
        ]
        return resource_pb2.DeploymentInfo(supportedFeatures=features)


def run_program(env: str) -> PulumiRun:
    """Run the Pulumi program of one environment under mocks; what it registered."""
    from infra.platform import build_platform
    from infra.pulumi.program import PlatformProgram
    from infra.spec import load_spec

    run = PulumiRun()
    # Each program gets its own event loop, so nothing of one env leaks into the next.
    asyncio.set_event_loop(asyncio.new_event_loop())
    mocks = RecordingMocks(run)
    pulumi.runtime.set_mocks(
        mocks,
        project="slipway-infra",
        stack=env,
        preview=False,
        monitor=PlainReferenceMonitor(mocks),
    )

    @pulumi.runtime.test
    def program() -> Any:
        exports = PlatformProgram(build_platform(load_spec(env))).exports
        return pulumi.Output.all(**exports).apply(run.exports.update)

    program()
    return run


def tf_resources(doc: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """(type, name) → config of every resource in a synthesized Terraform JSON document."""
    return {
        (typ, name): config
        for typ, named in doc.get("resource", {}).items()
        for name, config in named.items()
    }


def policy_statements(text: str) -> list[dict[str, Any]]:
    """The statements of a JSON policy document (Terraform interpolations stay as text)."""
    return json.loads(text)["Statement"]


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


# -- one view of both engines' output ------------------------------------------------------------

# Pulumi type token → Terraform resource type: the same AWS resources under the two names.
PULUMI_TO_TF = {
    "aws:acm/certificate:Certificate": "aws_acm_certificate",
    "aws:acm/certificateValidation:CertificateValidation": "aws_acm_certificate_validation",
    "aws:autoscaling/tag:Tag": "aws_autoscaling_group_tag",
    "aws:cloudwatch/logGroup:LogGroup": "aws_cloudwatch_log_group",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "aws_default_security_group",
    "aws:ec2/eip:Eip": "aws_eip",
    "aws:ec2/flowLog:FlowLog": "aws_flow_log",
    "aws:ec2/internetGateway:InternetGateway": "aws_internet_gateway",
    "aws:ec2/launchTemplate:LaunchTemplate": "aws_launch_template",
    "aws:ec2/natGateway:NatGateway": "aws_nat_gateway",
    "aws:ec2/route:Route": "aws_route",
    "aws:ec2/routeTable:RouteTable": "aws_route_table",
    "aws:ec2/routeTableAssociation:RouteTableAssociation": "aws_route_table_association",
    "aws:ec2/securityGroup:SecurityGroup": "aws_security_group",
    "aws:ec2/subnet:Subnet": "aws_subnet",
    "aws:ec2/vpc:Vpc": "aws_vpc",
    "aws:ec2/vpcEndpoint:VpcEndpoint": "aws_vpc_endpoint",
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": "aws_ecr_lifecycle_policy",
    "aws:ecr/repository:Repository": "aws_ecr_repository",
    "aws:eks/accessEntry:AccessEntry": "aws_eks_access_entry",
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": "aws_eks_access_policy_association",
    "aws:eks/addon:Addon": "aws_eks_addon",
    "aws:elasticache/replicationGroup:ReplicationGroup": "aws_elasticache_replication_group",
    "aws:elasticache/subnetGroup:SubnetGroup": "aws_elasticache_subnet_group",
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": "aws_iam_openid_connect_provider",
    "aws:iam/policy:Policy": "aws_iam_policy",
    "aws:iam/role:Role": "aws_iam_role",
    "aws:iam/rolePolicy:RolePolicy": "aws_iam_role_policy",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "aws_iam_role_policy_attachment",
    "aws:kms/alias:Alias": "aws_kms_alias",
    "aws:kms/key:Key": "aws_kms_key",
    "aws:rds/instance:Instance": "aws_db_instance",
    "aws:rds/parameterGroup:ParameterGroup": "aws_db_parameter_group",
    "aws:rds/subnetGroup:SubnetGroup": "aws_db_subnet_group",
    "aws:route53/record:Record": "aws_route53_record",
    "aws:s3/bucket:Bucket": "aws_s3_bucket",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": (
        "aws_s3_bucket_lifecycle_configuration"
    ),
    "aws:s3/bucketLogging:BucketLogging": "aws_s3_bucket_logging",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": "aws_s3_bucket_ownership_controls",
    "aws:s3/bucketPolicy:BucketPolicy": "aws_s3_bucket_policy",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": "aws_s3_bucket_public_access_block",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": (
        "aws_s3_bucket_server_side_encryption_configuration"
    ),
    "aws:s3/bucketVersioning:BucketVersioning": "aws_s3_bucket_versioning",
    "aws:secretsmanager/secret:Secret": "aws_secretsmanager_secret",
    "aws:secretsmanager/secretPolicy:SecretPolicy": "aws_secretsmanager_secret_policy",
    "aws:secretsmanager/secretVersion:SecretVersion": "aws_secretsmanager_secret_version",
    "eks:index:Cluster": "aws_eks_cluster",
    "eks:index:ManagedNodeGroup": "aws_eks_node_group",
    "kubernetes:apps/v1:Deployment": "kubernetes_deployment_v1",
    "kubernetes:core/v1:Namespace": "kubernetes_namespace_v1",
    "kubernetes:core/v1:Secret": "kubernetes_secret_v1",
    "kubernetes:core/v1:Service": "kubernetes_service_v1",
    "kubernetes:core/v1:ServiceAccount": "kubernetes_service_account_v1",
    "kubernetes:storage.k8s.io/v1:StorageClass": "kubernetes_storage_class_v1",
    "kubernetes:helm.sh/v3:Release": "helm_release",
}

# Repeated blocks that pulumi-aws names in the plural.
PLURAL_BLOCKS = {
    "rules": "rule",
    "encryption_configurations": "encryption_configuration",
    "client_id_lists": "client_id_list",
    "parameters": "parameter",
    "taints": "taint",
    # Kubernetes: the Terraform provider spells repeated blocks in the singular
    "containers": "container",
    "ports": "port",
    "volume_mounts": "volume_mount",
    "volumes": "volume",
}

_MOCK_ARN = re.compile(r"^arn:aws:mock:[^:]*:\d+:[a-z0-9]+/([A-Za-z0-9_-]+)")
_MOCK_RDS_SECRET = re.compile(r"^arn:aws:secretsmanager:::secret:rds!([A-Za-z0-9_-]+)$")
_TF_REF = re.compile(
    r"^\$\{(?:data\.)?[a-z0-9_]+\.([A-Za-z0-9_-]+)\.[a-z_]+(?:\[\d+\]|\.[a-z_]+)*\}"
)


def snake(key: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", key).lower()


def _snake_keys(value: Any, parent: str = "") -> Any:
    if isinstance(value, dict):
        if parent == "selector" and "matchLabels" in value:  # a Deployment's, not a Service's
            return {"match_labels": value["matchLabels"]}
        if parent in {"tags", "labels", "annotations", "match_labels", "selector", "data"}:
            return value
        if parent == "values":  # Helm values: data, as given
            return value
        out = {}
        for key, item in value.items():
            name = snake(key)
            name = PLURAL_BLOCKS.get(name, name)
            out[name] = _snake_keys(item, name)
        return out
    if isinstance(value, list):
        return [_snake_keys(v, parent) for v in value]
    return value


def ref_name(value: Any) -> str | None:
    """The logical name a reference points at, in either engine's spelling (else None)."""
    if not isinstance(value, str):
        return None
    match = _TF_REF.match(value)
    if match:
        return match.group(1)
    if value.endswith("-id"):
        return value.removesuffix("-id")
    match = _MOCK_ARN.match(value) or _MOCK_RDS_SECRET.match(value)
    if match:
        return match.group(1)
    return None


def eks_cluster_subnets(cfg: dict[str, Any]) -> list[Any]:
    """The subnets pulumi-eks gives the control plane (``vpcConfig.subnetIds``), as its
    ``createCore`` forms them (nodejs/eks/cluster/cluster.ts): ``subnetIds`` if set (exclusive of
    the other two), else the public subnets followed by the private ones (review 177, R-M2)."""
    if cfg.get("subnet_ids") is not None:
        if cfg.get("public_subnet_ids") is not None or cfg.get("private_subnet_ids") is not None:
            raise ValueError("pulumi-eks refuses subnetIds with publicSubnetIds/privateSubnetIds")
        return list(cfg["subnet_ids"])
    return [*(cfg.get("public_subnet_ids") or []), *(cfg.get("private_subnet_ids") or [])]


def _pulumi_config(typ: str, name: str, inputs: dict[str, Any]) -> dict[str, Any]:
    """Inputs in Terraform's shape: snake_case, singular blocks, pulumi-eks unfolded."""
    if typ == "kubernetes:storage.k8s.io/v1:StorageClass":
        inputs = dict(inputs)
        parameters = inputs.pop("parameters")  # data: its keys stay as given
        cfg = _snake_keys(inputs)
        cfg["storage_provisioner"] = cfg.pop("provisioner")
        return cfg | {"parameters": parameters}
    cfg = _snake_keys(inputs)
    if typ == "eks:index:Cluster":
        # pulumi-eks takes the same settings flat; encryptionConfigKeyArn encrypts `secrets`.
        return {
            "name": cfg["name"],
            "version": cfg["version"],
            "role_arn": cfg["service_role"],
            "enabled_cluster_log_types": cfg["enabled_cluster_log_types"],
            "deletion_protection": cfg["deletion_protection"],
            "upgrade_policy": cfg.get("upgrade_policy"),
            "access_config": {"authentication_mode": cfg["authentication_mode"]},
            "vpc_config": {
                "subnet_ids": eks_cluster_subnets(cfg),
                "endpoint_private_access": cfg["endpoint_private_access"],
                "endpoint_public_access": cfg["endpoint_public_access"],
                **(
                    {"public_access_cidrs": cfg["public_access_cidrs"]}
                    if cfg.get("public_access_cidrs")
                    else {}
                ),
            },
            "encryption_config": {
                "resources": ["secrets"],
                "provider": {"key_arn": cfg["encryption_config_key_arn"]},
            },
        }
    if typ == "eks:index:ManagedNodeGroup":
        cfg["node_role_arn"] = cfg.pop("node_role")
    if typ == "kubernetes:helm.sh/v3:Release":
        cfg["repository"] = cfg.pop("repository_opts")["repo"]
    return cfg


@dataclass
class Rendering:
    """One environment as one engine renders it, in Terraform's vocabulary."""

    engine: str
    env: str
    resources: dict[tuple[str, str], dict[str, Any]]

    def of_type(self, typ: str) -> dict[str, dict[str, Any]]:
        return {name: cfg for (t, name), cfg in self.resources.items() if t == typ}

    def get(self, typ: str, name: str) -> dict[str, Any]:
        return self.resources[(typ, name)]


def cdktf_rendering(env: str, doc: dict[str, Any]) -> Rendering:
    resources = {
        key: {k: v for k, v in cfg.items() if k != "//"} for key, cfg in tf_resources(doc).items()
    }
    return Rendering("cdktf", env, resources)


def pulumi_rendering(env: str, run: PulumiRun) -> Rendering:
    resources: dict[tuple[str, str], dict[str, Any]] = {}
    for r in run.resources:
        if r.typ.startswith("pulumi:providers:"):
            continue
        typ = PULUMI_TO_TF[r.typ]  # a KeyError here is a new resource type: map it
        resources[(typ, r.name)] = _pulumi_config(r.typ, r.name, r.inputs)
        if r.typ == "eks:index:Cluster" and r.inputs.get("createOidcProvider"):
            resources[("aws_iam_openid_connect_provider", f"{r.name}-oidc")] = {
                "client_id_list": ["sts.amazonaws.com"]
            }
    return Rendering("pulumi", env, resources)
