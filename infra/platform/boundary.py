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

from typing import Any

from infra.platform.model import ACCOUNT_ID, PARTITION, POLICY_VERSION

#: The services the platform's roles use (the stack's own, whose resources the plan role reads
#: back with ReadOnlyAccess, plus what the AWS-managed policies and the load balancer controller's
#: published policy need: eks-auth, elasticloadbalancing, cognito-idp, shield, waf-regional,
#: wafv2). IAM is not among them (see IAM_ALLOWED), nor STS: a bounded role assumes no other role
#: (many trust the whole account).
BOUNDARY_SERVICES = (
    "acm",
    "autoscaling",
    "cognito-idp",
    "dynamodb",
    "ec2",
    "ecr",
    "eks",
    "eks-auth",
    "elasticache",
    "elasticloadbalancing",
    "kms",
    "logs",
    "rds",
    "route53",
    "s3",
    "secretsmanager",
    "shield",
    "waf-regional",
    "wafv2",
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


def boundary_name(prefix: str) -> str:
    return f"{prefix}-boundary"


def boundary_arn(prefix: str, account: str = ACCOUNT_ID) -> str:
    """The boundary's ARN; the platform's own (``ACCOUNT_ID`` filled in by each engine)."""
    return f"arn:{PARTITION}:iam::{account}:policy/{boundary_name(prefix)}"


def boundary_document(prefix: str, account: str) -> dict[str, Any]:
    """The most any platform role may do, whatever its own policies say."""
    return {
        "Version": POLICY_VERSION,
        "Statement": [
            {
                "Sid": "PlatformServices",
                "Effect": "Allow",
                "Action": [f"{service}:*" for service in BOUNDARY_SERVICES],
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
