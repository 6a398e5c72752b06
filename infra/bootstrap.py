"""``slipway infra bootstrap``: what must exist before an environment's first apply.

Terraform's S3 backend needs its state bucket before the first ``terraform init``, and the
platform cannot make it itself (its state would live in what it creates). Its name is the one the
rendered backend block of ``terraform/<env>/cdk.tf.json`` carries: :meth:`InfraSettings.backend_for`
over the environment's spec, the same call the CDKTF renderer makes, so the two cannot disagree.
The state is locked by a file Terraform writes beside it (``use_lockfile``, ``<key>.tflock``), in
the same bucket: there is no lock table. One an earlier version made (``slipway-tflock-<env>``)
is left alone, neither read nor needed; docs/platform.md ("The state lock") says how to retire it.

Where the spec names no ``assume_role_arn``, it also makes the role the platform expects to apply
the stack (``Account.deployer_arn`` of the platform model, ``<prefix>-terraform``): assumable by
the account's administrators (for the first apply, by hand; the ``aws:PrincipalArn`` patterns of
``SLIPWAY_INFRA_ADMIN_PRINCIPALS``, AWS IAM Identity Center's AdministratorAccess by default, not
the whole account) and, once the account's GitHub OIDC provider exists (the first apply of the
environment creating it makes it, unless the account had it already), by the environment's GitHub
environment, for sessions of up to :data:`APPLY_SESSION_SECONDS` (CI's applies). Its
permissions are the policy ``<role>-apply`` (:func:`apply_policy`): the AWS services the stack's
resources belong to (:data:`STACK_SERVICES`, checked against the rendered resource types) and
nothing else, with IAM users, access keys, login profiles and groups denied, and the role unable
to change its own policy or trust; and ``<role>-roles`` (:func:`stack_roles_policy`): what it may
do to the stack's roles beyond their permissions, a trust only on the roles the stack renders, by
name. It replaces the ``AdministratorAccess`` earlier versions
attached (detached when found). The engine-written secrets let only that role, the plan role and
the app read them back, so every apply, the first included, runs as that role.

The saved plans infra.yml hands from the plan job to the apply job (in the state bucket) are
encrypted under a key of their own, ``alias/<bucket>-saved-plans``, made here: the plan role may
encrypt with it, the apply role alone decrypt, the bucket policy refuses any other key there.

Every step reads first and writes only what is missing or different, so a second run changes
nothing and says ``exists``. The caller's account (STS ``GetCallerIdentity``) must be the one the
spec names (``account_id``), so a shell pointed at the wrong account stops before anything is made.
So does an account whose GitHub OIDC provider the specs of its environments contradict
(:func:`check_github_provider`): none, and no environment creates it; or one made by someone
else, while an environment creates it (its apply would fail with ``EntityAlreadyExists``).
Errors are :class:`BootstrapError` subclasses carrying the exit code and what to do next.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from infra.errors import InfraError
from infra.platform import build_platform
from infra.platform.boundary import (
    ENVIRONMENT_TAG,
    EnvironmentScope,
    Neighbour,
    boundary_arn,
    boundary_document,
    boundary_name,
    scope_statements,
)
from infra.settings import (
    DEFAULT_ADMIN_PRINCIPALS,
    InfraSettings,
    lock_file_key,
    saved_plan_prefix,
    saved_plans_key_alias,
)
from infra.spec import EnvironmentSpec, available_environments, load_spec

GITHUB_OIDC_HOST = "token.actions.githubusercontent.com"
#: The longest session of the apply role (IAM's ``MaxSessionDuration``: 1 to 12 h; review 165,
#: X-M2). CI's credentials are static for the job (configure-aws-credentials' OIDC session,
#: ``role-duration-seconds`` in infra.yml, at most this and at least the apply job's
#: ``timeout-minutes``: ``tests/delivery/test_terraform_sessions.py``): an apply that outlives
#: them fails with ExpiredToken and leaves the state lock held. Creating or rolling node groups,
#: an RDS Multi-AZ or storage change, an ElastiCache node type change each take tens of minutes.
APPLY_SESSION_SECONDS = 4 * 3600
ADMIN_POLICY = "arn:aws:iam::aws:policy/AdministratorAccess"
#: AWS service (IAM action prefix) of each resource type the stack renders (a Terraform type's
#: prefix; the longest matching prefix wins). ``tests/infra/test_bootstrap.py`` fails when a
#: rendered type has no entry, so a new kind of resource brings its service into the apply policy.
STACK_SERVICES: dict[str, str] = {
    "aws_acm_": "acm",
    "aws_autoscaling_": "autoscaling",
    "aws_cloudwatch_log_": "logs",
    "aws_db_": "rds",
    "aws_default_security_group": "ec2",
    "aws_eip": "ec2",
    "aws_flow_log": "ec2",
    "aws_internet_gateway": "ec2",
    "aws_nat_gateway": "ec2",
    "aws_route": "ec2",
    "aws_route_table": "ec2",
    "aws_security_group": "ec2",
    "aws_subnet": "ec2",
    "aws_vpc": "ec2",
    "aws_ecr_": "ecr",
    "aws_eks_": "eks",
    "aws_elasticache_": "elasticache",
    "aws_iam_": "iam",  # not iam:*: see apply_policy's IAM statements
    "aws_kms_": "kms",
    "aws_launch_template": "ec2",
    "aws_route53_": "route53",
    "aws_s3_": "s3",
    "aws_secretsmanager_": "secretsmanager",
    "aws_caller_identity": "sts",
}
#: Services every apply needs beyond its resources: the node groups' Auto Scaling groups EKS makes
#: on the caller's behalf. The state lock needs none: its file is in the state bucket (S3, a
#: stack service). Not DynamoDB (the lock table of earlier versions), nor STS (probe 28, H-2:
#: ``sts:*`` let each environment's apply role become the other's): ``GetCallerIdentity`` (the
#: ``aws_caller_identity`` data source) needs no permission, and ``aws eks get-token`` (the
#: Kubernetes and Helm providers) only presigns it.
APPLY_EXTRA_SERVICES = ("autoscaling",)
#: Services of rendered types whose calls need no permission (GetCallerIdentity).
NO_PERMISSION_SERVICES = frozenset({"sts"})
#: What no apply role does, even if a later statement allowed it: become another principal (the
#: other environment's apply role, any role trusting the account), or tag its session.
NO_ROLE_SESSIONS = (
    "sts:AssumeRole*",
    "sts:TagSession",
    "sts:SetSourceIdentity",
    "sts:SetContext",
    "sts:GetFederationToken",
)
#: What the stack must never do, whatever the rest allows: IAM users and their long-lived
#: credentials (the platform has none; every identity is a role), IAM groups, and leaving the
#: account's organization.
NEVER_ACTIONS = (
    "iam:CreateUser",
    "iam:CreateAccessKey",
    "iam:UpdateAccessKey",
    "iam:CreateLoginProfile",
    "iam:UpdateLoginProfile",
    "iam:AttachUserPolicy",
    "iam:PutUserPolicy",
    "iam:AddUserToGroup",
    "iam:CreateGroup",
    "iam:AttachGroupPolicy",
    "iam:PutGroupPolicy",
    "iam:CreateServiceSpecificCredential",
    "iam:UploadSSHPublicKey",
    "iam:UpdateAccountPasswordPolicy",
    "iam:DeleteRolePermissionsBoundary",
    "organizations:LeaveOrganization",
)
#: What the apply role may do to the roles of its environment (``role/<prefix>-*``) only while
#: the role carries the boundary (condition ``iam:PermissionsBoundary``; AWS evaluates the
#: boundary the request sets, for CreateRole and PutRolePermissionsBoundary, else the role's).
BOUNDED_ROLE_ACTIONS = (
    "iam:CreateRole",
    "iam:PutRolePermissionsBoundary",
    "iam:PutRolePolicy",
    "iam:DeleteRolePolicy",
    "iam:AttachRolePolicy",
    "iam:DetachRolePolicy",
)
#: Role actions that change no permission (IAM has no boundary condition for them): still only on
#: the environment's roles. PassRole hands them to EKS, RDS and the flow logs. Tagging a role with
#: :data:`GUARDED_TAG_KEYS` is refused on a role the stack does not render unless it already is
#: ``managed-by=slipway-infra`` (probe 29, N-M2: tags were how a foreign role met the old trust
#: condition).
ROLE_ACTIONS = (
    "iam:DeleteRole",
    "iam:UpdateRole",
    "iam:UpdateRoleDescription",
    "iam:TagRole",
    "iam:UntagRole",
    "iam:PassRole",
)
#: The customer-managed policies of the environment (``policy/<prefix>-*``: the load balancer
#: controller's); attachable only to bounded roles, so they cap nothing themselves.
POLICY_ACTIONS = (
    "iam:CreatePolicy",
    "iam:CreatePolicyVersion",
    "iam:DeletePolicy",
    "iam:DeletePolicyVersion",
    "iam:SetDefaultPolicyVersion",
    "iam:TagPolicy",
    "iam:UntagPolicy",
)
#: The cluster's IRSA provider and the account's GitHub one.
OIDC_ACTIONS = (
    "iam:CreateOpenIDConnectProvider",
    "iam:DeleteOpenIDConnectProvider",
    "iam:UpdateOpenIDConnectProviderThumbprint",
    "iam:AddClientIDToOpenIDConnectProvider",
    "iam:RemoveClientIDFromOpenIDConnectProvider",
    "iam:TagOpenIDConnectProvider",
    "iam:UntagOpenIDConnectProvider",
)
#: A role's trust, changed only on the stack's own roles (probe 28, M-5), named one by one: the
#: roles the platform renders for the environment (:attr:`StateBackend.stack_roles`). Probe 29,
#: N-M2: a condition on the roles' tags (``environment``, ``managed-by``) was met by tagging an
#: admin's ``slipway-<env>-*`` role first. UpdateAssumeRolePolicy has no condition key on the
#: boundary (``iam:PermissionsBoundary`` is not one of its keys) nor on the document, so the names
#: keep it off roles the stack did not make (the bootstrap-made ones, an admin's
#: ``slipway-<env>-*`` role); whom a trust names cannot be checked by IAM at all (nor at
#: CreateRole): docs/platform.md says what guards that (an RCP, IAM Access Analyzer).
TRUST_ACTIONS = ("iam:UpdateAssumeRolePolicy",)
STACK_MANAGED_BY = "slipway-infra"
#: The tags other policies trust (the scope denies, the boundary): the apply role may set or remove
#: them only on the stack's roles or on roles already ``managed-by=slipway-infra``.
GUARDED_TAG_KEYS = ("managed-by", ENVIRONMENT_TAG)
#: Managed policies the stack never attaches to the roles it makes (an easy way around the rest).
NEVER_ATTACHED = (
    "arn:aws:iam::aws:policy/AdministratorAccess",
    "arn:aws:iam::aws:policy/IAMFullAccess",
    "arn:aws:iam::aws:policy/PowerUserAccess",
)
ADMINS_SID, GITHUB_SID = "AccountAdministrators", "GithubEnvironment"

#: The saved-plans key's statements (probe 28, L-1): only the named admins administer it, the plan
#: role encrypts, the apply role alone decrypts. No statement opens it to the account's IAM
#: policies (the default key policy's ``:root`` + ``kms:*``), so no other role's ``kms:*``
#: reaches it; every statement names its principal by ``aws:PrincipalArn`` (the plan role does
#: not exist before the first apply, and KMS refuses a policy naming a principal that does not).
KEY_ADMIN_ACTIONS = (
    "kms:Create*",
    "kms:Describe*",
    "kms:Enable*",
    "kms:List*",
    "kms:Put*",
    "kms:Update*",
    "kms:Revoke*",
    "kms:Disable*",
    "kms:Get*",
    "kms:Delete*",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
)
KEY_ADMINS_SID, KEY_PLAN_SID, KEY_APPLY_SID = (
    "KeyAdministrators",
    "PlanRoleEncrypts",
    "ApplyRoleDecrypts",
)
#: The statement id of the bucket policy statement that refuses plain-HTTP requests.
TLS_ONLY_SID = "DenyInsecureTransport"
#: The bucket policy statement that lets the apply role alone read the saved plans, and the
#: lifecycle rule that expires those nobody applied (after the workflow artifact's retention).
SAVED_PLANS_SID = "SavedPlansApplyRoleOnly"
#: The bucket policy statement that refuses a saved plan encrypted under any other key.
SAVED_PLANS_KEY_SID = "SavedPlansOwnKey"
SAVED_PLANS_RULE = "expire-saved-plans"
SAVED_PLAN_DAYS = 3
#: The lifecycle rule that removes the lock file's old versions: every lock is a new version of
#: ``<key>.tflock`` and every unlock a delete marker, in a versioned bucket.
LOCK_FILE_RULE = "expire-old-lock-files"
#: What the caller needs (an admin has it): said in full when AWS refuses one of them.
REQUIRED_ACTIONS = (
    "sts:GetCallerIdentity",
    "sts:AssumeRole (when the spec names assume_role_arn)",
    "s3:ListBucket (HeadBucket)",
    "s3:CreateBucket",
    "s3:GetBucketVersioning / s3:PutBucketVersioning",
    "s3:GetEncryptionConfiguration / s3:PutEncryptionConfiguration",
    "s3:GetBucketPublicAccessBlock / s3:PutBucketPublicAccessBlock",
    "s3:GetBucketOwnershipControls / s3:PutBucketOwnershipControls",
    "s3:GetBucketPolicy / s3:PutBucketPolicy",
    "s3:PutBucketTagging",
    "s3:GetLifecycleConfiguration / s3:PutLifecycleConfiguration",
    "iam:GetRole / iam:CreateRole / iam:UpdateRole / iam:UpdateAssumeRolePolicy / iam:TagRole",
    "iam:ListAttachedRolePolicies / iam:AttachRolePolicy / iam:DetachRolePolicy",
    "iam:GetPolicy / iam:GetPolicyVersion / iam:CreatePolicy / iam:CreatePolicyVersion",
    "iam:ListPolicyVersions / iam:DeletePolicyVersion",
    "iam:GetOpenIDConnectProvider",
    "iam:CreateServiceLinkedRole (autoscaling.amazonaws.com)",
    "ec2:GetEbsEncryptionByDefault / ec2:EnableEbsEncryptionByDefault",
    "kms:DescribeKey / kms:CreateKey / kms:CreateAlias / kms:TagResource",
    "kms:GetKeyPolicy / kms:PutKeyPolicy",
    "kms:GetKeyRotationStatus / kms:EnableKeyRotation",
)
_DENIED = {"AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "Forbidden", "403"}
_BAD_CREDENTIALS = {
    "InvalidAccessKeyId",
    "InvalidClientTokenId",
    "UnrecognizedClientException",
    "SignatureDoesNotMatch",
    "ExpiredToken",
    "ExpiredTokenException",
}
_CREATED_TAG = "slipway-bootstrap"
#: Server-side encryption an existing state bucket may keep (SSE-KMS, DSSE-KMS or SSE-S3).
ENCRYPTIONS = frozenset({"aws:kms", "aws:kms:dsse", "AES256"})


class BootstrapError(InfraError):
    """The state backend could not be made; the message says what to do next."""

    exit_code = 1


class CredentialsError(BootstrapError):
    """No usable AWS credentials."""

    exit_code = 2


class AccountMismatch(BootstrapError):
    """The credentials belong to another account than the spec's ``account_id``."""

    exit_code = 3


class AccessDenied(BootstrapError):
    """AWS refused one of the calls."""

    exit_code = 4


class BucketTaken(BootstrapError):
    """The bucket name belongs to another AWS account (S3 names are global)."""

    exit_code = 5


class PolicyTooLarge(BootstrapError):
    """A managed policy bootstrap would write is over IAM's size limit (probe 29, N-L3)."""

    exit_code = 6


class GithubProviderMismatch(BootstrapError):
    """The account's GitHub OIDC provider and its environments' specs disagree (review 165,
    X-H3): none exists and no environment creates it, or one exists that the creating
    environment's apply would collide with (``EntityAlreadyExists``)."""

    exit_code = 7


#: IAM's cap on a managed policy document, whitespace not counted (CreatePolicy and
#: CreatePolicyVersion answer LimitExceeded above it).
MANAGED_POLICY_LIMIT = 6144
#: An account id of the real length, for checking sizes with no credentials (``validate``).
PLACEHOLDER_ACCOUNT = "000000000000"


def policy_size(document: dict[str, Any]) -> int:
    """The characters IAM counts in a policy document: its JSON without whitespace."""
    return len(re.sub(r"\s", "", json.dumps(document)))


@dataclass(frozen=True)
class StateBackend:
    """Where one environment's Terraform state and its lock file live, as its backend block
    names them."""

    env: str
    bucket: str
    key: str
    region: str
    account_id: str | None  # the spec's account (None: not checked)
    assume_role_arn: str | None = None  # the role the engines assume in that account, if any
    apply_role: str | None = None  # the role to make for the engines (when none is assumed)
    github_subject: str | None = None  # the OIDC subject of the env's infra applies (<env>-infra)
    prefix: str = ""  # the platform's name prefix (slipway-<env>): its roles and the boundary
    plan_role: str = ""  # the plan role's name (made by the first apply): encrypts saved plans
    #: the account's administrators (aws:PrincipalArn patterns, ``{account}`` to fill in)
    admin_principals: tuple[str, ...] = ()
    #: the other environments (their names and state bucket): kept out of reach
    neighbours: tuple[Neighbour, ...] = ()
    #: the names of the roles the platform renders: the only ones whose trust the apply role changes
    stack_roles: tuple[str, ...] = ()
    #: the environments of the spec's account (this one included), which share its GitHub OIDC
    #: provider: what :func:`check_github_provider` holds it against (empty: not checked)
    account_environments: tuple[str, ...] = ()
    #: those of them whose stack creates that provider (``github.create_oidc_provider``)
    github_provider_creators: tuple[str, ...] = ()

    @property
    def scope(self) -> EnvironmentScope:
        return EnvironmentScope(self.env, self.neighbours)

    @property
    def lock_key(self) -> str:
        """The state's lock file, beside it in the bucket (``use_lockfile``)."""
        return lock_file_key(self.key)

    @property
    def saved_plans_alias(self) -> str:
        return saved_plans_key_alias(self.bucket)

    def admins(self, account: str) -> list[str]:
        """The admins' patterns in ``account``; the spec's role too, when bootstrap acts as it."""
        found = [p.format(account=account) for p in self.admin_principals]
        return [*found, self.assume_role_arn] if self.assume_role_arn else found

    def plan_role_arn(self, account: str) -> str:
        return f"arn:aws:iam::{account}:role/{self.plan_role}"

    @property
    def plan_prefix(self) -> str:
        """Where infra.yml hands saved plans over (beside the state, in its bucket)."""
        return saved_plan_prefix(self.key)

    def apply_role_arn(self, account: str) -> str:
        """The identity that applies the stack (and alone may read its saved plans)."""
        return self.assume_role_arn or f"arn:aws:iam::{account}:role/{self.apply_role}"

    @classmethod
    def of(cls, spec: EnvironmentSpec, settings: InfraSettings) -> StateBackend:
        backend = settings.backend_for(spec.name, spec.region)
        platform = build_platform(spec, settings)
        deployer = platform.account.deployer_arn
        same = same_account(spec, settings)
        return cls(
            env=spec.name,
            bucket=backend["bucket"],
            key=backend["key"],
            region=backend["region"],
            account_id=spec.account_id,
            assume_role_arn=spec.assume_role_arn,
            apply_role=None if spec.assume_role_arn else deployer.rsplit(":role/", 1)[1],
            # the applies' own GitHub environment, which no job that pushes or deploys enters
            # (review 165, X-M1): not the environment's, whose jobs took the whole stack
            github_subject=(
                f"repo:{spec.github.org}/{spec.github.repo}:environment:"
                f"{spec.github_apply_environment}"
            ),
            prefix=platform.prefix,
            plan_role=next(r.name for r in platform.roles if r.id == "github-plan-role"),
            admin_principals=tuple(settings.admin_principals),
            neighbours=neighbours(spec.name, settings),
            stack_roles=tuple(r.name for r in platform.roles),
            account_environments=tuple(sorted(same)),
            github_provider_creators=tuple(
                sorted(name for name, other in same.items() if other.github.create_oidc_provider)
            ),
        )


def managed_policies(backend: StateBackend, account: str) -> dict[str, dict[str, Any]]:
    """Name -> document of every managed policy bootstrap writes for ``backend``: the boundary,
    and the apply role's two policies (when bootstrap makes the role)."""
    found: dict[str, dict[str, Any]] = {}
    if backend.prefix:
        found[boundary_name(backend.prefix)] = boundary_document(
            backend.prefix, account, backend.scope
        )
    if backend.apply_role:
        role = backend.apply_role
        found[apply_policy_name(role)] = apply_policy(account, role, backend.prefix, backend.scope)
        found[roles_policy_name(role)] = stack_roles_policy(
            account, backend.prefix, backend.stack_roles
        )
    return found


def check_policy_sizes(backend: StateBackend, account: str = PLACEHOLDER_ACCOUNT) -> None:
    """Refuse (:class:`PolicyTooLarge`) a managed policy over :data:`MANAGED_POLICY_LIMIT`
    before anything is written: IAM's own answer, ``LimitExceeded`` on CreatePolicy, names
    neither the policy nor why it grew (probe 29, N-L3). Each other environment sharing the
    account adds about 1,300 characters to the boundary and the apply policy (its names and
    clusters, :func:`infra.platform.boundary.scope_statements`); a role carries one boundary,
    so that one cannot be split."""
    for name, document in managed_policies(backend, account).items():
        size = policy_size(document)
        if size <= MANAGED_POLICY_LIMIT:
            continue
        shared = ", ".join(n.env for n in backend.neighbours) or "none"
        raise PolicyTooLarge(
            f"the managed policy {name} would be {size:,} characters, over IAM's limit of "
            f"{MANAGED_POLICY_LIMIT:,} (whitespace not counted), and AWS would refuse it with "
            f"LimitExceeded. It keeps {backend.env} off the other environments in its account "
            f"({shared}), about 1,300 characters each: give {backend.env} an account of its own "
            f"(account_id in infra/environments/{backend.env}.yaml, different from theirs), or "
            "shorten SLIPWAY_INFRA_STATE_ACCOUNT_HINT; nothing was created"
        )


def neighbours(env: str, settings: InfraSettings) -> tuple[Neighbour, ...]:
    """The other environments of ``settings.environments_dir`` that may share ``env``'s account
    (the same ``account_id``, or either names none), with the names ``env`` is kept off by. One in
    another account is out of reach anyway (the denies name this account's ARNs), and IAM caps a
    managed policy at 6,144 characters."""
    account = load_spec(env, settings).account_id
    found = []
    for other in available_environments(settings):
        spec = load_spec(other, settings)
        if other == env or (account and spec.account_id and spec.account_id != account):
            continue
        backend = settings.backend_for(other, spec.region)
        found.append(
            Neighbour(
                env=other,
                prefix=f"slipway-{other}",
                state_bucket=backend["bucket"],
                saved_plans_alias=saved_plans_key_alias(backend["bucket"]),
            )
        )
    return tuple(found)


def same_account(spec: EnvironmentSpec, settings: InfraSettings) -> dict[str, EnvironmentSpec]:
    """The specs of ``settings.environments_dir`` in ``spec``'s account, ``spec`` included (as
    given, even when the folder holds another copy or none), by name."""
    found = {spec.name: spec}
    for other in available_environments(settings):
        if other != spec.name:
            loaded = load_spec(other, settings)
            if loaded.account_id == spec.account_id:
                found[other] = loaded
    return found


@dataclass
class Outcome:
    """What a run did: one line per resource or setting, ``created``/``set`` or ``exists``."""

    caller_arn: str = ""
    account: str = ""
    steps: list[tuple[str, str]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(status != "exists" for _, status in self.steps)


def backend_for_env(
    env: str, settings: InfraSettings | None = None, region: str | None = None
) -> StateBackend:
    """The state backend of ``env`` (``region`` overrides the bucket's region)."""
    settings = settings or InfraSettings()
    if region:
        settings = settings.model_copy(update={"state_region": region})
    return StateBackend.of(load_spec(env, settings), settings)


def bootstrap(
    backend: StateBackend,
    session: Any = None,
    endpoint_url: str | None = None,
    report: Callable[[str, str], None] = lambda what, status: None,
) -> Outcome:
    """Make (or check) the state bucket of ``backend`` (the state and its lock file), its
    saved-plans key, EBS encryption by default, the boundary and the apply role; idempotent.
    A DynamoDB lock table of an earlier version is not looked at.

    ``session`` is a ``boto3.Session`` (default: a new one, from the usual credential chain);
    ``endpoint_url`` points every client elsewhere (``AWS_ENDPOINT_URL`` does the same).
    ``report(what, status)`` is called after each step.
    """
    import boto3
    from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

    session = session or boto3.Session()
    outcome = Outcome()

    def step(what: str, status: str) -> None:
        outcome.steps.append((what, status))
        report(what, status)

    def client(service: str) -> Any:
        return session.client(service, region_name=backend.region, endpoint_url=endpoint_url)

    try:
        if backend.assume_role_arn:  # act as the engines do: through the spec's role
            session = _assumed(client("sts"), backend.assume_role_arn)
            report(f"assumed {backend.assume_role_arn}", "ok")
        identity = client("sts").get_caller_identity()
        outcome.account, outcome.caller_arn = str(identity["Account"]), str(identity["Arn"])
        _check_account(backend, outcome.account, outcome.caller_arn)
        check_policy_sizes(backend, outcome.account)
        checked = "matches the spec" if backend.account_id else "not checked (no account_id)"
        report(f"account {outcome.account} ({outcome.caller_arn})", checked)
        github = check_github_provider(client("iam"), backend, outcome.account, report)
        _bucket(client("s3"), backend, outcome.account, step)
        key = _saved_plans_key(client("kms"), backend, outcome.account, step)
        _bucket_policy(client("s3"), backend, outcome.account, step, key)
        _ebs_encryption(client("ec2"), backend, step)
        if backend.prefix:  # every role of the stack names it: before the first apply
            _autoscaling_role(client("iam"), step)
            _boundary(client("iam"), backend, outcome.account, step)
        if backend.apply_role:
            _apply_role(client("iam"), backend, outcome.account, github, step, report)
    except NoCredentialsError:
        raise CredentialsError(
            "no AWS credentials found: sign in to the environment's account first "
            "(`aws sso login --profile P` and `export AWS_PROFILE=P`, or AWS_ACCESS_KEY_ID/"
            "AWS_SECRET_ACCESS_KEY), then run this again"
        ) from None
    except ClientError as exc:
        raise _client_error(exc, backend, outcome.caller_arn) from None
    except BotoCoreError as exc:
        raise BootstrapError(f"AWS could not be reached: {exc}") from None
    return outcome


def _assumed(sts: Any, role_arn: str) -> Any:
    """A session holding the temporary credentials of ``role_arn``."""
    import boto3

    creds = sts.assume_role(RoleArn=role_arn, RoleSessionName="slipway-bootstrap")["Credentials"]
    return boto3.Session(
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
    )


def _check_account(backend: StateBackend, account: str, arn: str) -> None:
    if backend.account_id and backend.account_id != account:
        raise AccountMismatch(
            f"the credentials ({arn}) are for account {account}, but "
            f"infra/environments/{backend.env}.yaml names account {backend.account_id}: "
            f"switch to a profile of account {backend.account_id} (`aws sts "
            "get-caller-identity` shows where you are), or correct account_id in the spec; "
            "nothing was created"
        )


def _client_error(exc: Any, backend: StateBackend, arn: str) -> BootstrapError:
    error = exc.response.get("Error", {})
    code = str(error.get("Code", ""))
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    operation = exc.operation_name
    if code in _BAD_CREDENTIALS:
        return CredentialsError(
            f"AWS refused the credentials ({code} on {operation}): sign in again "
            "(`aws sso login`) or check AWS_PROFILE / AWS_ACCESS_KEY_ID"
        )
    if code in _DENIED or status == 403:
        who = arn or "the caller"
        return AccessDenied(
            f"{operation} was denied for {who} (bucket {backend.bucket}, region "
            f"{backend.region}): bootstrap with an administrator of the account, or grant "
            f"{', '.join(REQUIRED_ACTIONS)}; what was made before the refusal stays, and a "
            "re-run continues from there"
        )
    message = error.get("Message") or code
    return BootstrapError(f"{operation} failed: {message} ({code})")


def _ebs_encryption(ec2: Any, backend: StateBackend, step: Callable[[str, str], None]) -> None:
    """EBS encryption by default in the environment's region (probe 25, L7): a volume nobody
    names a key for is encrypted all the same (the node groups' root volumes name the stack's
    key in their launch templates since probe 29; the `gp3` StorageClass's PVCs ask for
    encryption). Account- and region-wide, so it is set here, once, not by a stack (destroying
    one environment must not turn it off for another)."""
    what = f"ebs encryption by default ({backend.region})"
    if ec2.get_ebs_encryption_by_default()["EbsEncryptionByDefault"]:
        step(what, "exists")
        return
    ec2.enable_ebs_encryption_by_default()
    step(what, "enabled")


#: EC2 Auto Scaling's service-linked role: it launches the node groups' instances, so the stack's
#: key policy names it (their root volumes are under that key, probe 29, N-M1).
AUTOSCALING_SERVICE = "autoscaling.amazonaws.com"
AUTOSCALING_ROLE = "AWSServiceRoleForAutoScaling"


def _autoscaling_role(iam: Any, step: Callable[[str, str], None]) -> None:
    """Make EC2 Auto Scaling's service-linked role if the account has none yet. AWS makes it with
    the first Auto Scaling group, but the first apply writes the stack key's policy before any
    node group exists, and KMS refuses a key policy naming a role that does not exist."""
    from botocore.exceptions import ClientError

    what = f"iam role {AUTOSCALING_ROLE} (the nodes' volumes use the stack's key)"
    try:
        iam.get_role(RoleName=AUTOSCALING_ROLE)
    except ClientError as exc:
        if not _missing(exc, "NoSuchEntity"):
            raise
        iam.create_service_linked_role(AWSServiceName=AUTOSCALING_SERVICE)
        step(what, "created")
        return
    step(what, "exists")


def _missing(exc: Any, *codes: str) -> bool:
    """Whether a ClientError says the thing read is not configured (a 404-like answer)."""
    return str(exc.response.get("Error", {}).get("Code", "")) in codes


def saved_plans_key_policy(
    admins: list[str], plan_role_arn: str, apply_role_arn: str, account: str
) -> dict[str, Any]:
    """The key policy of the saved-plans key (probe 28, L-1): the account's ``aws/s3`` key lets
    every principal of the account decrypt through S3, so the bucket policy was the only control;
    this key adds one that a bucket-policy change cannot lift."""
    root = {"AWS": f"arn:aws:iam::{account}:root"}
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": KEY_ADMINS_SID,
                "Effect": "Allow",
                "Principal": root,
                "Action": list(KEY_ADMIN_ACTIONS),
                "Resource": "*",
                "Condition": {"ArnLike": {"aws:PrincipalArn": admins}},
            },
            {
                "Sid": KEY_PLAN_SID,
                "Effect": "Allow",
                "Principal": root,
                "Action": ["kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"],
                "Resource": "*",
                "Condition": {"ArnEquals": {"aws:PrincipalArn": plan_role_arn}},
            },
            {
                "Sid": KEY_APPLY_SID,
                "Effect": "Allow",
                "Principal": root,
                "Action": ["kms:DescribeKey", "kms:Decrypt"],
                "Resource": "*",
                "Condition": {"ArnEquals": {"aws:PrincipalArn": apply_role_arn}},
            },
        ],
    }


def _saved_plans_key(
    kms: Any, backend: StateBackend, account: str, step: Callable[[str, str], None]
) -> str:
    """Make (or bring to the wanted policy) the saved-plans key of the state bucket; its ARN."""
    from botocore.exceptions import ClientError

    alias = backend.saved_plans_alias
    where = f"kms key {alias}"
    wanted = saved_plans_key_policy(
        backend.admins(account),
        backend.plan_role_arn(account),
        backend.apply_role_arn(account),
        account,
    )
    try:
        key = kms.describe_key(KeyId=alias)["KeyMetadata"]
    except ClientError as exc:
        if not _missing(exc, "NotFoundException"):
            raise
        try:
            key = kms.create_key(
                Policy=json.dumps(wanted),
                Description=f"Saved Terraform plans of {backend.bucket} (slipway infra bootstrap)",
                KeyUsage="ENCRYPT_DECRYPT",
                KeySpec="SYMMETRIC_DEFAULT",
                Tags=[{"TagKey": t["Key"], "TagValue": t["Value"]} for t in _tags(backend)],
            )["KeyMetadata"]
        except ClientError as exc:
            raise _not_an_admin(exc, backend, account) from None
        kms.create_alias(AliasName=alias, TargetKeyId=key["KeyId"])
        step(where, "created")
    else:
        policy = json.loads(kms.get_key_policy(KeyId=key["KeyId"], PolicyName="default")["Policy"])
        if policy == wanted:
            step(where, "exists")
        else:
            try:
                kms.put_key_policy(
                    KeyId=key["KeyId"], PolicyName="default", Policy=json.dumps(wanted)
                )
            except ClientError as exc:
                raise _not_an_admin(exc, backend, account) from None
            step(f"{where} (policy)", "updated")
    if kms.get_key_rotation_status(KeyId=key["KeyId"]).get("KeyRotationEnabled"):
        step("  key rotation", "exists")
    else:
        kms.enable_key_rotation(KeyId=key["KeyId"])
        step("  key rotation", "set")
    return str(key["Arn"])


def _not_an_admin(exc: Any, backend: StateBackend, account: str) -> Exception:
    """KMS refuses a key policy that would lock its caller out (it must stay an administrator)."""
    if not _missing(exc, "MalformedPolicyDocumentException"):
        return cast(Exception, exc)  # another refusal: the caller's usual handling
    return BootstrapError(
        f"KMS refused the key policy of {backend.saved_plans_alias}: "
        f"{exc.response.get('Error', {}).get('Message', '')} The caller must be one of the "
        f"administrators it names ({', '.join(backend.admins(account))}): bootstrap as one, or "
        "list your admin role's ARN pattern in SLIPWAY_INFRA_ADMIN_PRINCIPALS (a JSON list)"
    )


def _bucket(s3: Any, backend: StateBackend, account: str, step: Callable[[str, str], None]) -> None:
    from botocore.exceptions import ClientError

    name = backend.bucket
    where = f"s3 bucket {name} ({backend.region})"
    created = False
    try:
        s3.head_bucket(Bucket=name, ExpectedBucketOwner=account)
        step(where, "exists")
    except ClientError as exc:
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if status not in (403, 404):
            raise
        _create_bucket(s3, backend)  # a 403 is either someone else's bucket or a refusal
        created = True
        step(where, "created")

    versioning = s3.get_bucket_versioning(Bucket=name).get("Status")
    if versioning == "Enabled":
        step("  versioning", "exists")
    else:
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
        step("  versioning", "set")

    # A new bucket already has AWS's default SSE-S3; one made here gets SSE-KMS (the AWS-managed
    # key: the platform's own key is made later, by Terraform). An existing one keeps either.
    try:
        rules = s3.get_bucket_encryption(Bucket=name)["ServerSideEncryptionConfiguration"]["Rules"]
    except ClientError as exc:
        if not _missing(exc, "ServerSideEncryptionConfigurationNotFoundError"):
            raise
        rules = []
    algorithms = {
        str(r.get("ApplyServerSideEncryptionByDefault", {}).get("SSEAlgorithm")) for r in rules
    }
    kept = algorithms & ENCRYPTIONS
    if "aws:kms" in algorithms or (kept and not created):
        step(f"  encryption ({', '.join(sorted(kept))})", "exists")
    else:
        s3.put_bucket_encryption(
            Bucket=name,
            ServerSideEncryptionConfiguration={
                "Rules": [
                    {
                        "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"},
                        "BucketKeyEnabled": True,
                    }
                ]
            },
        )
        step("  encryption (aws:kms)", "set")

    block = {
        "BlockPublicAcls": True,
        "IgnorePublicAcls": True,
        "BlockPublicPolicy": True,
        "RestrictPublicBuckets": True,
    }
    try:
        current = s3.get_public_access_block(Bucket=name)["PublicAccessBlockConfiguration"]
    except ClientError as exc:
        if not _missing(exc, "NoSuchPublicAccessBlockConfiguration"):
            raise
        current = {}
    if all(current.get(k) for k in block):
        step("  public access block", "exists")
    else:
        s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration=block)
        step("  public access block", "set")

    try:
        rules = s3.get_bucket_ownership_controls(Bucket=name)["OwnershipControls"]["Rules"]
    except ClientError as exc:
        if not _missing(exc, "OwnershipControlsNotFoundError"):
            raise
        rules = []
    if [r.get("ObjectOwnership") for r in rules] == ["BucketOwnerEnforced"]:
        step("  object ownership (BucketOwnerEnforced)", "exists")
    else:
        s3.put_bucket_ownership_controls(
            Bucket=name, OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
        )
        step("  object ownership (BucketOwnerEnforced)", "set")


def _bucket_policy(
    s3: Any, backend: StateBackend, account: str, step: Callable[[str, str], None], key: str
) -> None:
    """The bucket policy's statements (``key``: the saved-plans key's ARN), and the lifecycle."""
    from botocore.exceptions import ClientError

    name = backend.bucket
    try:
        policy = json.loads(s3.get_bucket_policy(Bucket=name)["Policy"])
    except ClientError as exc:
        if not _missing(exc, "NoSuchBucketPolicy"):
            raise
        policy = {"Version": "2012-10-17", "Statement": []}
    statements = policy.get("Statement", [])
    if isinstance(statements, dict):
        statements = [statements]
    wanted = {
        TLS_ONLY_SID: ("TLS only", tls_only_statement(name)),
        SAVED_PLANS_SID: (
            "saved plans: the apply role alone reads them",
            saved_plans_statement(name, backend.plan_prefix, backend.apply_role_arn(account)),
        ),
        SAVED_PLANS_KEY_SID: (
            "saved plans: under their own key only",
            saved_plans_key_statement(name, backend.plan_prefix, key),
        ),
    }
    changed = False
    for sid, (what, statement) in wanted.items():
        have = [s for s in statements if s.get("Sid") == sid]
        if have and (sid == TLS_ONLY_SID or have == [statement]):
            step(f"  bucket policy ({what})", "exists")
            continue
        statements = [*(s for s in statements if s.get("Sid") != sid), statement]
        changed = True
        step(f"  bucket policy ({what})", "set")
    if changed:
        policy["Statement"] = statements
        s3.put_bucket_policy(Bucket=name, Policy=json.dumps(policy))
    _lifecycle(s3, backend, step)


def saved_plans_statement(bucket: str, prefix: str, reader: str) -> dict[str, Any]:
    """Deny reading the saved plans (infra.yml's hand-over from the plan job to the apply job;
    they hold the state's secrets) to everyone but the role that applies them (probe 25, M5)."""
    return {
        "Sid": SAVED_PLANS_SID,
        "Effect": "Deny",
        "Principal": "*",
        "Action": [
            "s3:GetObject",
            "s3:GetObjectVersion",
            "s3:GetObjectVersionForReplication",
        ],
        "Resource": f"arn:aws:s3:::{bucket}/{prefix}*",
        "Condition": {"ArnNotEquals": {"aws:PrincipalArn": reader}},
    }


def saved_plans_key_statement(bucket: str, prefix: str, key: str) -> dict[str, Any]:
    """Refuse a saved plan written under any key but the saved-plans key (probe 28, L-1): with no
    key id, S3 would use the account's ``aws/s3`` key, which every principal may use."""
    return {
        "Sid": SAVED_PLANS_KEY_SID,
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:PutObject",
        "Resource": f"arn:aws:s3:::{bucket}/{prefix}*",
        "Condition": {
            "StringNotEqualsIfExists": {"s3:x-amz-server-side-encryption-aws-kms-key-id": key}
        },
    }


def plans_lifecycle_rule(prefix: str) -> dict[str, Any]:
    """Saved plans nobody applied (refused, or never approved) go after their artifact's 3 days;
    the apply job deletes the version it applied."""
    return {
        "ID": SAVED_PLANS_RULE,
        "Status": "Enabled",
        "Filter": {"Prefix": prefix},
        "Expiration": {"Days": SAVED_PLAN_DAYS},
        "NoncurrentVersionExpiration": {"NoncurrentDays": 1},
        "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1},
    }


def lock_file_lifecycle_rule(lock_key: str) -> dict[str, Any]:
    """The lock file's old versions go after a day, and so does the delete marker an unlock
    leaves once no version is under it; the current one (a lock held now) is never touched."""
    return {
        "ID": LOCK_FILE_RULE,
        "Status": "Enabled",
        "Filter": {"Prefix": lock_key},
        "Expiration": {"ExpiredObjectDeleteMarker": True},
        "NoncurrentVersionExpiration": {"NoncurrentDays": 1},
    }


def _lifecycle(s3: Any, backend: StateBackend, step: Callable[[str, str], None]) -> None:
    """The bucket's lifecycle rules of ours (anyone else's are kept)."""
    from botocore.exceptions import ClientError

    try:
        rules = s3.get_bucket_lifecycle_configuration(Bucket=backend.bucket)["Rules"]
    except ClientError as exc:
        if not _missing(exc, "NoSuchLifecycleConfiguration"):
            raise
        rules = []
    wanted = {
        SAVED_PLANS_RULE: ("saved plans expire", plans_lifecycle_rule(backend.plan_prefix)),
        LOCK_FILE_RULE: ("old lock files expire", lock_file_lifecycle_rule(backend.lock_key)),
    }
    changed = False
    for rule_id, (what, rule) in wanted.items():
        if [r for r in rules if r.get("ID") == rule_id] == [rule]:
            step(f"  lifecycle ({what})", "exists")
            continue
        rules = [*(r for r in rules if r.get("ID") != rule_id), rule]
        changed = True
        step(f"  lifecycle ({what})", "set")
    if changed:
        s3.put_bucket_lifecycle_configuration(
            Bucket=backend.bucket, LifecycleConfiguration={"Rules": rules}
        )


def tls_only_statement(bucket: str) -> dict[str, Any]:
    """Deny every S3 action on the bucket and its objects over plain HTTP."""
    return {
        "Sid": TLS_ONLY_SID,
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }


def _tags(backend: StateBackend) -> list[dict[str, str]]:
    return [
        {"Key": "environment", "Value": backend.env},
        {"Key": "managed-by", "Value": _CREATED_TAG},
        {"Key": "purpose", "Value": "terraform-state"},
    ]


def _create_bucket(s3: Any, backend: StateBackend) -> None:
    from botocore.exceptions import ClientError

    args: dict[str, Any] = {"Bucket": backend.bucket}
    if backend.region != "us-east-1":  # the one region that refuses its own LocationConstraint
        args["CreateBucketConfiguration"] = {"LocationConstraint": backend.region}
    try:
        s3.create_bucket(**args)
    except ClientError as exc:
        if _missing(exc, "BucketAlreadyExists"):
            raise BucketTaken(
                f"the S3 bucket name {backend.bucket} belongs to another AWS account (bucket "
                "names are global): set SLIPWAY_INFRA_STATE_ACCOUNT_HINT (e.g. to your account "
                "id) or SLIPWAY_INFRA_STATE_BUCKET, run `slipway infra synth` so the backend "
                "names it, commit terraform/, and bootstrap again"
            ) from None
        raise
    s3.get_waiter("bucket_exists").wait(
        Bucket=backend.bucket, WaiterConfig={"Delay": 2, "MaxAttempts": 30}
    )
    s3.put_bucket_tagging(Bucket=backend.bucket, Tagging={"TagSet": _tags(backend)})


def apply_role_trust(
    account: str,
    subject: str | None,
    github: bool,
    admins: list[str] | tuple[str, ...] = DEFAULT_ADMIN_PRINCIPALS,
) -> list[dict[str, Any]]:
    """The apply role's trust: the account's administrators (``admins``, aws:PrincipalArn
    patterns; ``{account}`` filled in), and ``subject``, the GitHub environment of infra.yml's
    apply job alone (``<env>-infra``; review 165, X-M1: the environment's own, which the push,
    deploy and DVC read roles trust, let any release job take over the stack).

    Not the whole account (probe 28, H-2): a trust naming ``:root`` alone lets any principal of
    the account whose own policy allows ``sts:AssumeRole`` on it become the apply role (the
    other environment's apply role had ``sts:*``)."""
    statements: list[dict[str, Any]] = [
        {
            "Sid": ADMINS_SID,
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
            "Action": "sts:AssumeRole",
            "Condition": {
                "ArnLike": {"aws:PrincipalArn": [a.format(account=account) for a in admins]}
            },
        }
    ]
    if github and subject:
        statements.append(
            {
                "Sid": GITHUB_SID,
                "Effect": "Allow",
                "Principal": {"Federated": github_provider_arn(account)},
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": {
                    "StringEquals": {
                        f"{GITHUB_OIDC_HOST}:aud": "sts.amazonaws.com",
                        f"{GITHUB_OIDC_HOST}:sub": subject,
                    }
                },
            }
        )
    return statements


def stack_services(resource_types: list[str]) -> set[str]:
    """The services of the rendered resource types (``data.`` types too); KeyError names a type
    :data:`STACK_SERVICES` does not know."""
    found = set()
    for typ in resource_types:
        bare = typ.removeprefix("data.")
        if not bare.startswith("aws_"):
            continue  # kubernetes_*, helm_*: the cluster's API, through EKS
        prefixes = [p for p in STACK_SERVICES if bare.startswith(p)]
        if not prefixes:
            raise KeyError(f"no AWS service known for the resource type {typ}")
        found.add(STACK_SERVICES[max(prefixes, key=len)])
    return found


def apply_policy_name(role: str) -> str:
    return f"{role}-apply"


def apply_policy(
    account: str, role: str, prefix: str, scope: EnvironmentScope | None = None
) -> dict[str, Any]:
    """The apply role's permissions: the stack's services, minus :data:`NEVER_ACTIONS`; IAM only
    as the stack needs it (probe 25, M6): the roles and policies named ``<prefix>-*``, a role's
    permissions only while it carries the boundary ``<prefix>-boundary``
    (:mod:`infra.platform.boundary`), so no role it makes can do more than the boundary allows;
    it may not change its own policies or trust, nor the boundary, nor attach
    :data:`NEVER_ATTACHED` anywhere.

    Why services and not ``AdministratorAccess`` under a permissions boundary: a service list
    leaves out everything the stack never touches (CloudTrail, Organizations, billing, Lambda,
    ...) without having to name it, and IAM's own enforcement of it can be rehearsed (moto
    checks identity policies, not boundaries).

    Probe 28, H-2: no STS (:data:`NO_ROLE_SESSIONS` denied outright), and with ``scope`` (what
    bootstrap passes) the services stop at the environment's own resources
    (:func:`infra.platform.boundary.scope_statements`: tags, and the other environments' names).
    The stack's roles beyond their permissions (tags, deletion, PassRole, trust) are the second
    policy, :func:`stack_roles_policy`: IAM caps a managed policy at 6,144 characters."""
    services = sorted(
        {*STACK_SERVICES.values(), *APPLY_EXTRA_SERVICES} - {"iam"} - NO_PERMISSION_SERVICES
    )
    iam = f"arn:aws:iam::{account}"
    self_arn = f"{iam}:role/{role}"
    policy_arn = f"{iam}:policy/{apply_policy_name(role)}"
    boundary = boundary_arn(prefix, account)
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "StackServices",
                "Effect": "Allow",
                "Action": [f"{service}:*" for service in services],
                "Resource": "*",
            },
            {
                "Sid": "IamReads",
                "Effect": "Allow",
                "Action": ["iam:Get*", "iam:List*"],
                "Resource": "*",
            },
            {
                "Sid": "RolesUnderTheBoundary",
                "Effect": "Allow",
                "Action": list(BOUNDED_ROLE_ACTIONS),
                "Resource": f"{iam}:role/{prefix}-*",
                "Condition": {"StringEquals": {"iam:PermissionsBoundary": boundary}},
            },
            {
                "Sid": "StackPolicies",
                "Effect": "Allow",
                "Action": list(POLICY_ACTIONS),
                "Resource": f"{iam}:policy/{prefix}-*",
            },
            {
                "Sid": "OidcProviders",
                "Effect": "Allow",
                "Action": list(OIDC_ACTIONS),
                "Resource": f"{iam}:oidc-provider/*",
            },
            {
                "Sid": "ServiceLinkedRoles",
                "Effect": "Allow",
                "Action": ["iam:CreateServiceLinkedRole"],
                "Resource": f"{iam}:role/aws-service-role/*",
            },
            {"Sid": "Never", "Effect": "Deny", "Action": list(NEVER_ACTIONS), "Resource": "*"},
            {
                "Sid": "NoRoleSessions",
                "Effect": "Deny",
                "Action": list(NO_ROLE_SESSIONS),
                "Resource": "*",
            },
            {
                "Sid": "NotItself",
                "Effect": "Deny",
                "Action": [
                    "iam:AttachRolePolicy",
                    "iam:DetachRolePolicy",
                    "iam:PutRolePolicy",
                    "iam:DeleteRolePolicy",
                    "iam:UpdateAssumeRolePolicy",
                    "iam:PutRolePermissionsBoundary",
                    "iam:DeleteRolePermissionsBoundary",
                    "iam:DeleteRole",
                ],
                "Resource": self_arn,
            },
            {
                "Sid": "NotItsPolicyNorTheBoundary",
                "Effect": "Deny",
                "Action": [
                    "iam:CreatePolicyVersion",
                    "iam:DeletePolicyVersion",
                    "iam:SetDefaultPolicyVersion",
                    "iam:DeletePolicy",
                ],
                "Resource": [policy_arn, f"{iam}:policy/{roles_policy_name(role)}", boundary],
            },
            {
                "Sid": "NoAdministratorPolicies",
                "Effect": "Deny",
                "Action": ["iam:AttachRolePolicy", "iam:AttachUserPolicy", "iam:AttachGroupPolicy"],
                "Resource": "*",
                "Condition": {"ArnLike": {"iam:PolicyARN": list(NEVER_ATTACHED)}},
            },
            *(scope_statements(scope, account) if scope else []),
        ],
    }


def roles_policy_name(role: str) -> str:
    return f"{role}-roles"


def stack_roles_policy(account: str, prefix: str, roles: Sequence[str]) -> dict[str, Any]:
    """What the apply role may do to the environment's roles beyond their permissions (the second
    managed policy the role carries; the first, :func:`apply_policy`, denies it on itself).

    - :data:`ROLE_ACTIONS` on ``role/<prefix>-*`` (tags, description, deletion, PassRole);
    - :data:`TRUST_ACTIONS` only on ``roles``, the names the platform renders (probe 29, N-M2:
      not a tag condition, which the role could meet by tagging an admin's ``<prefix>-*`` role);
    - :data:`GUARDED_TAG_KEYS` neither set nor removed on any other role that is not already
      ``managed-by=slipway-infra`` (so ``NotResource``: the stack's own roles are tagged at
      ``CreateRole``, before they carry any tag).

    A role the platform gains later needs ``slipway infra bootstrap`` again before the apply that
    makes it (its tags and trust are by name)."""
    if not roles:
        raise ValueError(f"no roles of {prefix} named: the trust statement would match none")
    iam = f"arn:aws:iam::{account}"
    named = [f"{iam}:role/{name}" for name in roles]
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "StackRoles",
                "Effect": "Allow",
                "Action": list(ROLE_ACTIONS),
                "Resource": f"{iam}:role/{prefix}-*",
            },
            {
                "Sid": "StackRolesTrust",
                "Effect": "Allow",
                "Action": list(TRUST_ACTIONS),
                "Resource": named,
            },
            {
                "Sid": "NoStackTagsOnOtherRoles",
                "Effect": "Deny",
                "Action": ["iam:TagRole", "iam:UntagRole"],
                "NotResource": named,
                "Condition": {
                    "ForAnyValue:StringEquals": {"aws:TagKeys": list(GUARDED_TAG_KEYS)},
                    "StringNotEquals": {"aws:ResourceTag/managed-by": STACK_MANAGED_BY},
                },
            },
        ],
    }


def _apply_policy(
    iam: Any, account: str, backend: StateBackend, step: Callable[[str, str], None]
) -> str:
    """Create the apply policy, or make its default version the wanted document; its ARN."""
    role, prefix = str(backend.apply_role), backend.prefix
    name = apply_policy_name(role)
    return _managed_policy(
        iam,
        f"arn:aws:iam::{account}:policy/{name}",
        apply_policy(account, role, prefix, backend.scope),
        f"What {role} may do: the stack's services (slipway infra bootstrap)",
        step,
    )


def _roles_policy(
    iam: Any, account: str, backend: StateBackend, step: Callable[[str, str], None]
) -> str:
    """Create the stack-roles policy, or make its default version the wanted document; its ARN."""
    name = roles_policy_name(str(backend.apply_role))
    return _managed_policy(
        iam,
        f"arn:aws:iam::{account}:policy/{name}",
        stack_roles_policy(account, backend.prefix, backend.stack_roles),
        f"What {backend.apply_role} may do to the {backend.prefix} roles (slipway infra bootstrap)",
        step,
    )


def _boundary(
    iam: Any, backend: StateBackend, account: str, step: Callable[[str, str], None]
) -> str:
    """The permissions boundary every role of the stack carries (probe 25, M6)."""
    return _managed_policy(
        iam,
        boundary_arn(backend.prefix, account),
        boundary_document(backend.prefix, account, backend.scope),
        f"The most any {backend.prefix} role may do (slipway infra bootstrap)",
        step,
    )


def _managed_policy(
    iam: Any, arn: str, wanted: dict[str, Any], description: str, step: Callable[[str, str], None]
) -> str:
    """Create the managed policy ``arn``, or make its default version ``wanted``; its ARN."""
    from botocore.exceptions import ClientError

    name = arn.rsplit("/", 1)[1]
    try:
        policy = iam.get_policy(PolicyArn=arn)["Policy"]
    except ClientError as exc:
        if not _missing(exc, "NoSuchEntity"):
            raise
        iam.create_policy(
            PolicyName=name, PolicyDocument=json.dumps(wanted), Description=description
        )
        step(f"  policy {name}", "created")
        return arn
    version = iam.get_policy_version(PolicyArn=arn, VersionId=policy["DefaultVersionId"])
    document = version["PolicyVersion"]["Document"]
    if isinstance(document, str):
        from urllib.parse import unquote

        document = json.loads(unquote(document))
    if document == wanted:
        step(f"  policy {name}", "exists")
        return arn
    versions = iam.list_policy_versions(PolicyArn=arn)["Versions"]
    old = sorted((v for v in versions if not v["IsDefaultVersion"]), key=lambda v: v["CreateDate"])
    if len(versions) >= 5 and old:  # IAM keeps five versions
        iam.delete_policy_version(PolicyArn=arn, VersionId=old[0]["VersionId"])
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(wanted), SetAsDefault=True)
    step(f"  policy {name}", "updated")
    return arn


def github_provider_arn(account: str) -> str:
    """The ARN of the account's GitHub Actions OIDC provider (one per URL in an account)."""
    return f"arn:aws:iam::{account}:oidc-provider/{GITHUB_OIDC_HOST}"


def github_provider_tags(iam: Any, account: str) -> dict[str, str] | None:
    """The tags of the account's GitHub OIDC provider; None when the account has none."""
    from botocore.exceptions import ClientError

    try:
        found = iam.get_open_id_connect_provider(
            OpenIDConnectProviderArn=github_provider_arn(account)
        )
    except ClientError as exc:
        if not _missing(exc, "NoSuchEntity"):
            raise
        return None
    return {str(t["Key"]): str(t["Value"]) for t in found.get("Tags", [])}


def check_github_provider(
    iam: Any, backend: StateBackend, account: str, report: Callable[[str, str], None]
) -> bool:
    """Whether the account has GitHub's OIDC provider, held against the specs of its
    environments (``backend.account_environments``; not checked when empty) before anything is
    made (review 165, X-H3). An account holds one provider per URL; the specs allow at most one
    environment per account to create it (:func:`infra.spec.check_accounts`), so:

    - none creates it and the account has none: every stack's lookup would fail, and no GitHub
      role could ever be assumed;
    - one creates it and the account has one its stack did not make (not tagged
      ``managed-by=slipway-infra``, ``environment=<that environment>``, the stack's default
      tags): that apply would fail with ``EntityAlreadyExists`` (another team's GitHub Actions
      made it; importing it would hand a shared object to one environment's stack, which a
      destroy deletes).

    Either raises :class:`GithubProviderMismatch`, saying what to change."""
    arn = github_provider_arn(account)
    tags = github_provider_tags(iam, account)
    what = f"github oidc provider ({GITHUB_OIDC_HOST})"
    if not backend.account_environments:
        return tags is not None
    envs = ", ".join(backend.account_environments)
    creators = backend.github_provider_creators
    if not creators:
        if tags is None:
            raise GithubProviderMismatch(
                f"account {account} has no GitHub Actions OIDC provider ({GITHUB_OIDC_HOST}) "
                f"and no environment of it ({envs}) creates one: github.create_oidc_provider is "
                "false in each, so every apply would fail looking it up and no GitHub role could "
                "be assumed. Set `github.create_oidc_provider: true` in one environment of the "
                "account (infra/environments/<env>.yaml; its first apply creates it), then "
                "`slipway infra synth`, or create the provider (`aws iam "
                f"create-open-id-connect-provider --url https://{GITHUB_OIDC_HOST} "
                "--client-id-list sts.amazonaws.com`); nothing was created"
            )
        report(what, f"exists (every environment of the account, {envs}, looks it up)")
        return True
    if tags is None:
        report(what, f"missing: the first apply of {' or '.join(creators)} creates it")
        return False
    made_by = tags.get(ENVIRONMENT_TAG) if tags.get("managed-by") == STACK_MANAGED_BY else None
    if made_by in creators:
        report(what, f"exists (made by the {made_by} stack)")
        return True
    shown = ", ".join(f"{k}={v}" for k, v in sorted(tags.items())) or "no tags"
    files = ", ".join(f"infra/environments/{c}.yaml" for c in creators)
    raise GithubProviderMismatch(
        f"account {account} already has a GitHub Actions OIDC provider ({arn}; {shown}), "
        f"which the {' or '.join(creators)} stack did not make, and "
        f"{' and '.join(creators)} creates one (github.create_oidc_provider: true): its apply "
        "would fail with EntityAlreadyExists (an account holds one provider per URL). Set "
        f"`github.create_oidc_provider: false` in {files}, so every environment of the account "
        f"({envs}) looks the existing provider up, then `slipway infra synth` and commit; "
        "nothing was created"
    )


def _apply_role(
    iam: Any,
    backend: StateBackend,
    account: str,
    github: bool,
    step: Callable[[str, str], None],
    report: Callable[[str, str], None],
) -> None:
    from botocore.exceptions import ClientError

    name = str(backend.apply_role)
    wanted = apply_role_trust(account, backend.github_subject, github, backend.admin_principals)
    try:
        role = iam.get_role(RoleName=name)["Role"]
    except ClientError as exc:
        if not _missing(exc, "NoSuchEntity"):
            raise
        iam.create_role(
            RoleName=name,
            AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": wanted}),
            Description=f"Applies the {backend.env} stack (Terraform or Pulumi)",
            MaxSessionDuration=APPLY_SESSION_SECONDS,
            Tags=_tags(backend),
        )
        step(f"iam role {name}", "created")
    else:
        document = role.get("AssumeRolePolicyDocument") or {}
        if isinstance(document, str):
            from urllib.parse import unquote

            document = json.loads(unquote(document))
        statements = document.get("Statement", [])
        if isinstance(statements, dict):
            statements = [statements]
        # ours are replaced when they differ (the account-wide admins of earlier versions:
        # probe 28, H-2), anyone else's statements are kept
        have = {s.get("Sid"): s for s in statements}
        changed = [s for s in wanted if have.get(s["Sid"]) != s]
        step(f"iam role {name}", "exists")
        if role.get("MaxSessionDuration") != APPLY_SESSION_SECONDS:
            iam.update_role(RoleName=name, MaxSessionDuration=APPLY_SESSION_SECONDS)
            step(f"  max session duration {APPLY_SESSION_SECONDS // 3600} h", "set")
        if changed:
            ours = {s["Sid"] for s in wanted}
            kept = [s for s in statements if s.get("Sid") not in ours]
            document = {"Version": "2012-10-17", "Statement": [*kept, *wanted]}
            iam.update_assume_role_policy(RoleName=name, PolicyDocument=json.dumps(document))
            step(f"  trust: {', '.join(s['Sid'] for s in changed)}", "set")
    if not github:
        maker = " or ".join(backend.github_provider_creators) or (
            "the environment whose spec has github.create_oidc_provider"
        )
        report(
            f"  trust: GitHub environment ({backend.github_subject})",
            f"waits for the account's GitHub OIDC provider (the first apply of {maker} makes "
            "it): bootstrap again after it",
        )
    policies = [
        _apply_policy(iam, account, backend, step),
        _roles_policy(iam, account, backend, step),
    ]
    attached = {
        p.get("PolicyArn")
        for p in iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]
    }
    for policy in policies:
        shown = policy.rsplit("/", 1)[1]
        if policy in attached:
            step(f"  attached {shown}", "exists")
        else:
            iam.attach_role_policy(RoleName=name, PolicyArn=policy)
            step(f"  attached {shown}", "set")
    if ADMIN_POLICY in attached:  # what earlier versions of bootstrap gave it
        iam.detach_role_policy(RoleName=name, PolicyArn=ADMIN_POLICY)
        step("  AdministratorAccess", "detached")
