"""The permissions boundary of every role the platform makes (probe 25, M6).

``slipway infra bootstrap`` creates the managed policy ``<prefix>-boundary`` (``slipway-<env>-
boundary``); every Role of the platform carries it (``permissions_boundary``, both engines), and
the apply role may create or change a role's permissions only when that role carries it
(condition ``iam:PermissionsBoundary``). So the apply role can make no role stronger than the
boundary: the AWS services the platform's roles use, IAM reads and service-linked roles, and no
other IAM write (no role it makes can change IAM, nor drop or edit its boundary).

``tests/infra/test_probe25_boundary.py`` checks that every role's actions (inline, customer-
managed, AWS-managed) fit inside it: a boundary too narrow would break the first apply's workloads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from infra.platform.model import ACCOUNT_ID, PARTITION, POLICY_VERSION

#: The services whose every action a platform role may have: the stack's own (the apply role's
#: services; the plan role reads their resources back with ReadOnlyAccess). IAM is not among them
#: (see IAM_ALLOWED), nor STS: a bounded role assumes no other role (many trust the whole account).
#: Nor DynamoDB: the state lock is a file in the state bucket (S3), and no resource is a table.
BOUNDARY_SERVICES = (
    "acm",
    "autoscaling",
    "ec2",
    "ecr",
    "eks",
    "elasticache",
    "kms",
    "logs",
    "rds",
    "route53",
    "s3",
    "secretsmanager",
)
#: The actions of other services the platform's roles need, and only those (probe 28, M-5: the
#: boundary was ``*`` on them, so the apply role could make itself a role with, e.g., Shield
#: Advanced's CreateSubscription or Cognito user pools, which it does not have itself). From the
#: load balancer controller's published policy (``policies/``) and AmazonEKSClusterPolicy (the
#: in-tree service load balancers); ``eks-auth`` for the Pod Identity agent the cluster installs
#: (an add-on; it runs under the node role). ``test_probe25_boundary`` checks every role fits.
BOUNDARY_ACTIONS = (
    "cognito-idp:DescribeUserPoolClient",
    "eks-auth:AssumeRoleForPodIdentity",
    "elasticloadbalancing:Describe*",
    "elasticloadbalancing:AddListenerCertificates",
    "elasticloadbalancing:AddTags",
    "elasticloadbalancing:ApplySecurityGroupsToLoadBalancer",
    "elasticloadbalancing:AttachLoadBalancerToSubnets",
    "elasticloadbalancing:ConfigureHealthCheck",
    "elasticloadbalancing:CreateListener",
    "elasticloadbalancing:CreateLoadBalancer",
    "elasticloadbalancing:CreateLoadBalancerListeners",
    "elasticloadbalancing:CreateLoadBalancerPolicy",
    "elasticloadbalancing:CreateRule",
    "elasticloadbalancing:CreateTargetGroup",
    "elasticloadbalancing:DeleteListener",
    "elasticloadbalancing:DeleteLoadBalancer",
    "elasticloadbalancing:DeleteLoadBalancerListeners",
    "elasticloadbalancing:DeleteRule",
    "elasticloadbalancing:DeleteTargetGroup",
    "elasticloadbalancing:DeregisterInstancesFromLoadBalancer",
    "elasticloadbalancing:DeregisterTargets",
    "elasticloadbalancing:DetachLoadBalancerFromSubnets",
    "elasticloadbalancing:ModifyCapacityReservation",
    "elasticloadbalancing:ModifyIpPools",
    "elasticloadbalancing:ModifyListener",
    "elasticloadbalancing:ModifyListenerAttributes",
    "elasticloadbalancing:ModifyLoadBalancerAttributes",
    "elasticloadbalancing:ModifyRule",
    "elasticloadbalancing:ModifyTargetGroup",
    "elasticloadbalancing:ModifyTargetGroupAttributes",
    "elasticloadbalancing:RegisterInstancesWithLoadBalancer",
    "elasticloadbalancing:RegisterTargets",
    "elasticloadbalancing:RemoveListenerCertificates",
    "elasticloadbalancing:RemoveTags",
    "elasticloadbalancing:SetIpAddressType",
    "elasticloadbalancing:SetLoadBalancerPoliciesForBackendServer",
    "elasticloadbalancing:SetLoadBalancerPoliciesOfListener",
    "elasticloadbalancing:SetRulePriorities",
    "elasticloadbalancing:SetSecurityGroups",
    "elasticloadbalancing:SetSubnets",
    "elasticloadbalancing:SetWebAcl",
    "shield:CreateProtection",
    "shield:DeleteProtection",
    "shield:DescribeProtection",
    "shield:GetSubscriptionState",
    "waf-regional:AssociateWebACL",
    "waf-regional:DisassociateWebACL",
    "waf-regional:GetWebACL",
    "waf-regional:GetWebACLForResource",
    "wafv2:AssociateWebACL",
    "wafv2:DisassociateWebACL",
    "wafv2:GetWebACL",
    "wafv2:GetWebACLForResource",
)
#: The only IAM actions a bounded role may have: reads (ReadOnlyAccess's IAM part: the plan
#: role's refresh; Generate*/Simulate* write nothing but access reports) and the service-linked
#: roles EKS and the load balancer controller create on first use.
IAM_ALLOWED = (
    "iam:Get*",
    "iam:List*",
    "iam:Generate*",
    "iam:Simulate*",
    "iam:CreateServiceLinkedRole",
)
#: Changing a boundary, said outright (they are outside the allowed actions anyway), so that a
#: later, wider allow cannot bring them back.
BOUNDARY_WRITES = (
    "iam:PutRolePermissionsBoundary",
    "iam:DeleteRolePermissionsBoundary",
    "iam:PutUserPermissionsBoundary",
    "iam:DeleteUserPermissionsBoundary",
)
POLICY_WRITES = (
    "iam:CreatePolicyVersion",
    "iam:DeletePolicyVersion",
    "iam:SetDefaultPolicyVersion",
    "iam:DeletePolicy",
)


#: What stays allowed on another environment's tagged resources: metadata (names, settings,
#: states), never data or a change. A stack reads one thing of another environment: the account's
#: GitHub OIDC provider, made (and tagged) by the environment whose spec creates it.
METADATA_READS = (
    "iam:Get*",
    "iam:List*",
    *(f"{service}:{verb}*" for service in BOUNDARY_SERVICES for verb in ("Describe", "List")),
)
ENVIRONMENT_TAG = "environment"
#: What EKS tags a managed node group's Auto Scaling group, instances, volumes and launch
#: template with (the cluster's name), and the cluster security group it makes (``owned``): none
#: carries ``environment`` nor a ``slipway-<env>-`` name (probe 29, N-M1). The platform tags its
#: own (launch templates, the Auto Scaling groups' ``environment``, the CNI's ENIs, the load
#: balancer controller's and the EBS CSI driver's resources); these cover what it cannot.
EKS_CLUSTER_TAG = "eks:cluster-name"
CLUSTER_OWNED_TAG = "kubernetes.io/cluster/{cluster}"


def cluster_name(prefix: str) -> str:
    """The EKS cluster of the environment whose names begin with ``prefix``."""
    return f"{prefix}-eks"


@dataclass(frozen=True)
class Neighbour:
    """Another environment of the platform (its spec in infra/environments/): what its resources
    are named, for the services whose calls carry no tag to condition on."""

    env: str
    prefix: str  # slipway-<env>: the names of its resources start with it
    state_bucket: str  # its state, the state's lock file and its saved plans
    saved_plans_alias: str  # alias/<bucket>-saved-plans (bootstrap's key)

    @property
    def cluster(self) -> str:
        """Its EKS cluster's name (what EKS, the CNI and the load balancer controller tag their
        resources with)."""
        return cluster_name(self.prefix)


@dataclass(frozen=True)
class EnvironmentScope:
    """One environment (the value of its resources' ``environment`` tag, the providers'
    default_tags) and the others that may share its account."""

    env: str
    neighbours: tuple[Neighbour, ...] = ()


def scope_statements(scope: EnvironmentScope, account: str) -> list[dict[str, Any]]:
    """Denies that keep a principal of ``scope.env`` (the apply role, and every role under the
    boundary) off the other environments' resources (probe 28, H-2): dev and staging share an
    account, and the stack's services are allowed on ``*``.

    - a resource tagged ``environment`` with another value: no call but metadata reads
      (``aws:ResourceTag``: a Null check makes "no tag" pass, which ``StringNotEquals`` alone
      would deny, since a negated operator is true on a missing key);
    - a call that tags (tag-on-create, TagResource) with another environment's value
      (``aws:RequestTag``);
    - by name, whatever the tags: the other environments' EKS clusters and everything under
      them (access entries, node groups, add-ons), secrets, RDS and ElastiCache, ECR
      repositories, S3 buckets, their state bucket (the state, its lock file, the saved plans);
    - their KMS keys, by alias (``kms:ResourceAliases``; a key's ARN carries no name);
    - what AWS makes for their clusters and names itself (probe 29, N-M1): EC2 and Auto Scaling
      resources tagged ``eks:cluster-name`` = their cluster (EKS's copy of a node group's launch
      template; their nodes, volumes and groups made before they carried ``environment``) or
      ``kubernetes.io/cluster/<their cluster>`` (the cluster security group EKS makes); their RDS
      instances' log groups (``/aws/rds/instance/<p>-*``, with the clusters' as ``/aws/*/<p>-*``).

    A prefix that begins another environment's (``slipway-dev`` and ``slipway-dev-x``) would
    deny an environment its own names: refused (ValueError)."""
    env, arn = scope.env, f"arn:{PARTITION}"
    own = f"slipway-{env}"
    for other in scope.neighbours:
        if own.startswith(f"{other.prefix}-") or own.startswith(f"{other.prefix}/"):
            raise ValueError(
                f"the environment names {env!r} and {other.env!r}: the names of {env} begin "
                f"with {other.prefix}-, which scopes {other.env}; rename one of them"
            )
    # a resource tagged as another environment's, and a tag naming another environment
    statements: list[dict[str, Any]] = [
        {
            "Sid": f"NotOtherEnvironments{what}",
            "Effect": "Deny",
            "NotAction": list(METADATA_READS),
            "Resource": "*",
            "Condition": {
                "StringNotEquals": {f"aws:{key}/{ENVIRONMENT_TAG}": env},
                "Null": {f"aws:{key}/{ENVIRONMENT_TAG}": "false"},
            },
        }
        for key, what in (("ResourceTag", "Resources"), ("RequestTag", "Tags"))
    ]
    if not scope.neighbours:
        return statements
    names: list[str] = []
    aliases: list[str] = []
    for other in scope.neighbours:
        p = other.prefix
        names += [
            f"{arn}:eks:*:{account}:*/{p}-*",
            f"{arn}:secretsmanager:*:{account}:secret:{p}/*",
            f"{arn}:secretsmanager:*:{account}:secret:{p}-*",
            f"{arn}:rds:*:{account}:*:{p}-*",
            f"{arn}:elasticache:*:{account}:*:{p}-*",
            f"{arn}:ecr:*:{account}:repository/{p}/*",
            # their clusters' (/aws/eks/<p>-eks/...) and RDS instances' (/aws/rds/instance/<p>-*)
            f"{arn}:logs:*:{account}:log-group:/aws/*/{p}-*",
            f"{arn}:s3:::{p}-*",
            f"{arn}:s3:::{other.state_bucket}",
            f"{arn}:s3:::{other.state_bucket}/*",
        ]
        aliases += [f"alias/{p}", f"alias/{p}-*", other.saved_plans_alias]
    statements += [
        {
            "Sid": "NotOtherEnvironmentsNames",
            "Effect": "Deny",
            "Action": "*",
            "Resource": names,
        },
        {
            "Sid": "NotOtherEnvironmentsKeys",
            "Effect": "Deny",
            "Action": "kms:*",
            "Resource": f"{arn}:kms:*:{account}:key/*",
            "Condition": {"ForAnyValue:StringLike": {"kms:ResourceAliases": aliases}},
        },
    ]
    # what EKS makes for their clusters and does not tag ``environment`` (one key a statement:
    # the keys of one are ANDed); EC2 and Auto Scaling resources only, by ARN
    made = [f"{arn}:ec2:*:*:*", f"{arn}:autoscaling:*:*:*"]
    clusters = [f"{other.prefix}-*" for other in scope.neighbours]
    owned = [
        {"Null": {f"aws:ResourceTag/{CLUSTER_OWNED_TAG.format(cluster=o.cluster)}": "false"}}
        for o in scope.neighbours
    ]
    statements += [
        {
            "Sid": f"NotOtherClusters{i}",
            "Effect": "Deny",
            "Action": "*",
            "Resource": made,
            "Condition": condition,
        }
        for i, condition in enumerate(
            [{"StringLike": {f"aws:ResourceTag/{EKS_CLUSTER_TAG}": clusters}}, *owned]
        )
    ]
    return statements


def boundary_name(prefix: str) -> str:
    return f"{prefix}-boundary"


def boundary_arn(prefix: str, account: str = ACCOUNT_ID) -> str:
    """The boundary's ARN; the platform's own (``ACCOUNT_ID`` filled in by each engine)."""
    return f"arn:{PARTITION}:iam::{account}:policy/{boundary_name(prefix)}"


def boundary_document(
    prefix: str, account: str, scope: EnvironmentScope | None = None
) -> dict[str, Any]:
    """The most any platform role may do, whatever its own policies say; with ``scope``, never
    on another environment's resources (:func:`scope_statements`: a role the apply role makes,
    e.g. an instance's, may not reach what the apply role itself may not)."""
    document: dict[str, Any] = {
        "Version": POLICY_VERSION,
        "Statement": [
            {
                "Sid": "PlatformServices",
                "Effect": "Allow",
                "Action": [f"{service}:*" for service in BOUNDARY_SERVICES],
                "Resource": "*",
            },
            {
                "Sid": "PlatformActions",
                "Effect": "Allow",
                "Action": list(BOUNDARY_ACTIONS),
                "Resource": "*",
            },
            {
                "Sid": "IamReadsAndServiceLinkedRoles",
                "Effect": "Allow",
                "Action": list(IAM_ALLOWED),
                "Resource": "*",
            },
            {
                "Sid": "NoBoundaryChanges",
                "Effect": "Deny",
                "Action": list(BOUNDARY_WRITES),
                "Resource": "*",
            },
            {
                "Sid": "NotTheBoundary",
                "Effect": "Deny",
                "Action": list(POLICY_WRITES),
                "Resource": boundary_arn(prefix, account),
            },
        ],
    }
    if scope is not None:
        document["Statement"] += scope_statements(scope, account)
    return document
