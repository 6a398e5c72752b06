"""The environment spec: one YAML file per environment, loaded into a typed model.

The model owns every rule about what a valid environment is (CIDRs that parse and fit, bounds that
are ordered, a known region, production guard rails). A bad value is reported with its field path
and the reason, e.g. ``prod.yaml: cluster.node_groups.0: min_size 5 is greater than max_size 3``.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal, NamedTuple

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from infra.errors import SpecError
from infra.settings import InfraSettings

ENVIRONMENTS = ("dev", "staging", "prod")
PRODUCTION = "prod"

AWS_REGIONS = frozenset(
    {
        "us-east-1", "us-east-2", "us-west-1", "us-west-2",
        "ca-central-1", "ca-west-1", "sa-east-1", "mx-central-1",
        "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-central-2",
        "eu-north-1", "eu-south-1", "eu-south-2",
        "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
        "ap-southeast-4", "ap-southeast-5", "ap-southeast-7", "ap-northeast-1", "ap-northeast-2",
        "ap-northeast-3", "ap-east-1", "me-south-1", "me-central-1", "il-central-1", "af-south-1",
    }
)  # fmt: skip

# The values CloudWatch Logs accepts for retention_in_days.
LOG_RETENTION_DAYS = frozenset(
    {1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
     3288, 3653}
)  # fmt: skip

Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{0,30}$")]


def _network(value: Any) -> ipaddress.IPv4Network:
    """Parse an IPv4 CIDR strictly: `10.0.0.1/16` (host bits set) is refused, not rounded."""
    try:
        return ipaddress.IPv4Network(str(value), strict=True)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a valid IPv4 CIDR ({exc})") from None


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NetworkSpec(_Model):
    cidr: ipaddress.IPv4Network
    az_count: int = Field(default=2, ge=2, le=6)
    single_nat_gateway: bool = True

    @field_validator("cidr", mode="before")
    @classmethod
    def _parse(cls, value: Any) -> ipaddress.IPv4Network:
        return _network(value)

    @field_validator("cidr")
    @classmethod
    def _size(cls, value: ipaddress.IPv4Network) -> ipaddress.IPv4Network:
        if not 16 <= value.prefixlen <= 24:
            raise ValueError(f"prefix /{value.prefixlen} must be between /16 and /24")
        if not value.is_private:
            raise ValueError(f"{value} is not a private range (RFC 1918)")
        return value


class NodeGroupSpec(_Model):
    name: Name
    instance_types: list[Annotated[str, Field(pattern=r"^[a-z0-9]+\.[a-z0-9]+$")]] = Field(
        min_length=1
    )
    min_size: int = Field(ge=1)
    max_size: int = Field(ge=1)
    desired_size: int = Field(ge=1)
    disk_size_gb: int = Field(default=50, ge=20, le=1000)
    capacity_type: Literal["ON_DEMAND", "SPOT"] = "ON_DEMAND"

    @model_validator(mode="after")
    def _bounds(self) -> NodeGroupSpec:
        if self.min_size > self.max_size:
            raise ValueError(f"min_size {self.min_size} is greater than max_size {self.max_size}")
        if not self.min_size <= self.desired_size <= self.max_size:
            raise ValueError(
                f"desired_size {self.desired_size} is outside [{self.min_size}, {self.max_size}]"
            )
        return self


class ClusterSpec(_Model):
    version: str = Field(pattern=r"^1\.\d{2}$")
    api_allowed_cidrs: list[ipaddress.IPv4Network] = Field(min_length=1)
    node_groups: list[NodeGroupSpec] = Field(min_length=1)
    public_endpoint: bool = Field(
        default=True,
        description=(
            "Whether the API server also listens on a public endpoint (open to "
            "api_allowed_cidrs only). Day one needs it (the operator's first apply, access "
            "objects and first model); afterwards the runners inside the VPC reach the private "
            "endpoint, so staging and prod turn it off."
        ),
    )
    support_type: Literal["STANDARD", "EXTENDED"] = Field(
        default="STANDARD",
        description=(
            "The cluster's upgrade policy at the end of its version's standard support: "
            "STANDARD, AWS upgrades it then; EXTENDED, it stays on its version in extended "
            "support, at six times the control plane's hourly price, for 12 more months. "
            "AWS's own default is EXTENDED; STANDARD cannot be set on a version already past "
            "its standard support (`slipway infra validate` says which)."
        ),
    )

    @field_validator("api_allowed_cidrs", mode="before")
    @classmethod
    def _parse(cls, value: Any) -> Any:
        return [_network(v) for v in value] if isinstance(value, list) else value

    @field_validator("node_groups")
    @classmethod
    def _unique(cls, value: list[NodeGroupSpec]) -> list[NodeGroupSpec]:
        names = [g.name for g in value]
        if len(names) != len(set(names)):
            raise ValueError(f"node group names must be unique, got {names}")
        return value


class AppSpec(_Model):
    domain: str = Field(pattern=r"^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")
    replicas: int = Field(ge=1)
    hpa_min: int = Field(ge=1)
    hpa_max: int = Field(ge=1)

    @model_validator(mode="after")
    def _bounds(self) -> AppSpec:
        if self.hpa_min > self.hpa_max:
            raise ValueError(f"hpa_min {self.hpa_min} is greater than hpa_max {self.hpa_max}")
        if not self.hpa_min <= self.replicas <= self.hpa_max:
            raise ValueError(
                f"replicas {self.replicas} is outside the HPA bounds "
                f"[{self.hpa_min}, {self.hpa_max}]"
            )
        return self


class DatabaseSpec(_Model):
    instance_class: str = Field(pattern=r"^db\.[a-z0-9]+\.[a-z0-9]+$")
    engine_version: str = "16"
    allocated_storage_gb: int = Field(default=20, ge=20, le=65536)
    max_allocated_storage_gb: int = Field(default=100, ge=20, le=65536)
    backup_retention_days: int = Field(default=7, ge=1, le=35)
    multi_az: bool = False

    @model_validator(mode="after")
    def _storage(self) -> DatabaseSpec:
        if self.allocated_storage_gb > self.max_allocated_storage_gb:
            raise ValueError(
                f"allocated_storage_gb {self.allocated_storage_gb} is greater than "
                f"max_allocated_storage_gb {self.max_allocated_storage_gb}"
            )
        return self


class CacheSpec(_Model):
    node_type: str = Field(pattern=r"^cache\.[a-z0-9]+\.[a-z0-9]+$")
    engine_version: str = "7.1"
    nodes: int = Field(default=1, ge=1, le=6)
    snapshot_retention_days: int = Field(default=1, ge=1, le=35)


class StorageSpec(_Model):
    noncurrent_version_days: int = Field(default=30, ge=1)
    access_log_days: int = Field(default=365, ge=1)


class RegistrySpec(_Model):
    keep_images: int = Field(default=30, ge=1, le=1000)


class GithubSpec(_Model):
    org: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9-]{0,38}$")
    repo: str = Field(pattern=r"^[A-Za-z0-9._-]{1,100}$")
    environment: str | None = Field(
        default=None, description="GitHub environment; the env name if unset."
    )
    create_oidc_provider: bool = Field(
        default=True,
        description=(
            "Create the account's GitHub OIDC provider in this stack. An account has one provider "
            "per URL: at most one environment per account sets true, the others look it up; "
            "none when the account has the provider already (`slipway infra bootstrap` checks "
            "which holds)."
        ),
    )
    data_environment: str = Field(
        default="training",
        pattern=r"^[A-Za-z0-9._-]{1,255}$",
        description="GitHub environment of the weekly data job (the DVC write role trusts it).",
    )
    default_branch: str = Field(
        default="main",
        pattern=r"^[A-Za-z0-9._/-]{1,255}$",
        description="Branch whose runs may assume the plan role (pull requests may not).",
    )
    pull_request_environment: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z0-9._-]{1,255}$",
        description=(
            "GitHub environment of the pull requests' training job (any branch may enter it): "
            "this stack's DVC read role trusts it, and no other role does."
        ),
    )
    apply_environment: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z0-9._-]{1,255}$",
        description=(
            "GitHub environment of infra.yml's apply job, and of no other job: the apply role "
            "(`slipway infra bootstrap`) trusts it alone; `<env>-infra` if unset."
        ),
    )


class DnsSpec(_Model):
    """The Route 53 public hosted zone that holds ``app.domain`` (created outside the stack)."""

    zone_id: str = Field(pattern=r"^Z[A-Z0-9]{1,32}$")
    zone_name: str = Field(pattern=r"^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")


class MonitoringSpec(_Model):
    kube_prometheus_stack_version: str = "65.1.1"
    metrics_server_version: str = "3.12.2"
    prometheus_retention_days: int = Field(default=15, ge=1, le=365)
    prometheus_storage_gb: int = Field(
        default=50, ge=10, le=16384, description="gp3 volume of Prometheus' retention."
    )


DIGEST_PATTERN = r"^sha256:[0-9a-f]{64}$"
#: The committed specs' digest until day one's first MLflow image build: no such image exists, so
#: the platform renders no MLflow Deployment for it (a first apply would wait on ErrImagePull).
PLACEHOLDER_DIGEST = "sha256:" + "0" * 64
IMAGE_BY_DIGEST_PATTERN = (
    r"^[a-z0-9.-]+(:[0-9]+)?/[a-z0-9._/-]+(:[A-Za-z0-9._-]+)?@sha256:[0-9a-f]{64}$"
)


class MlflowSpec(_Model):
    image_digest: str = Field(
        pattern=DIGEST_PATTERN,
        description=(
            "Digest of the MLflow server image (Dockerfile.mlflow) in the environment's "
            "`<prefix>/mlflow` repository, as the release workflow prints it."
        ),
    )
    replicas: int = Field(default=1, ge=1, le=10)


class RunnersSpec(_Model):
    """GitHub Actions runners inside the environment (actions-runner-controller scale set)."""

    image: str = Field(
        pattern=IMAGE_BY_DIGEST_PATTERN,
        description=(
            "The runner image by digest: Dockerfile.runner (actions-runner plus the AWS CLI v2) "
            "as day one pushes it to the environment's `slipway-<env>/runner` repository."
        ),
    )
    max_runners: int = Field(default=3, ge=1, le=50)
    min_runners: int = Field(default=0, ge=0, le=50)
    node_instance_types: list[Annotated[str, Field(pattern=r"^[a-z0-9]+\.[a-z0-9]+$")]] = Field(
        default_factory=lambda: ["m6i.xlarge"],
        min_length=1,
        description=(
            "Instance types of the runners' own node group (tainted: only runner pods land "
            "there; it scales between min_runners and max_runners nodes)."
        ),
    )
    node_disk_size_gb: int = Field(
        default=100, ge=20, le=1000, description="Disk of a runner node (image builds)."
    )


ACCOUNT_ID_PATTERN = r"^\d{12}$"
ROLE_ARN_PATTERN = r"^arn:aws:iam::(\d{12}):role/[A-Za-z0-9+=,.@_/-]{1,512}$"


class EnvironmentSpec(_Model):
    """Everything that differs between dev, staging and prod."""

    name: Name
    account_id: str = Field(
        pattern=ACCOUNT_ID_PATTERN,
        description="The AWS account of the environment; the providers refuse any other.",
    )
    assume_role_arn: str | None = Field(
        default=None,
        pattern=ROLE_ARN_PATTERN,
        description="Role the engines assume to apply (in account_id); the caller's if unset.",
    )
    region: str
    network: NetworkSpec
    cluster: ClusterSpec
    app: AppSpec
    database: DatabaseSpec
    cache: CacheSpec
    storage: StorageSpec = StorageSpec()
    registry: RegistrySpec = RegistrySpec()
    github: GithubSpec
    dns: DnsSpec
    monitoring: MonitoringSpec = MonitoringSpec()
    mlflow: MlflowSpec
    runners: RunnersSpec
    retention_days: int = Field(
        default=30, description="CloudWatch log retention of every log group."
    )
    deletion_protection: bool = False
    tags: dict[str, str] = Field(default_factory=dict)

    @field_validator("region")
    @classmethod
    def _region(cls, value: str) -> str:
        if value not in AWS_REGIONS:
            raise ValueError(f"unknown AWS region {value!r}")
        return value

    @field_validator("retention_days")
    @classmethod
    def _retention(cls, value: int) -> int:
        if value not in LOG_RETENTION_DAYS:
            allowed = ", ".join(str(v) for v in sorted(LOG_RETENTION_DAYS))
            raise ValueError(f"{value} is not a CloudWatch retention period (one of {allowed})")
        return value

    @field_validator("tags")
    @classmethod
    def _tags(cls, value: dict[str, str]) -> dict[str, str]:
        for key in value:
            if key.lower().startswith("aws:") or not re.fullmatch(r"[\w .:/=+\-@]{1,128}", key):
                raise ValueError(f"invalid tag key {key!r}")
        return value

    @model_validator(mode="after")
    def _account(self) -> EnvironmentSpec:
        if self.assume_role_arn:
            match = re.fullmatch(ROLE_ARN_PATTERN, self.assume_role_arn)
            if match and match.group(1) != self.account_id:
                raise ValueError(
                    f"assume_role_arn is in account {match.group(1)}, "
                    f"not the environment's account {self.account_id}"
                )
        return self

    @model_validator(mode="after")
    def _domain(self) -> EnvironmentSpec:
        zone = self.dns.zone_name
        if self.app.domain != zone and not self.app.domain.endswith(f".{zone}"):
            raise ValueError(f"app.domain {self.app.domain} is not in the DNS zone {zone}")
        return self

    @model_validator(mode="after")
    def _production(self) -> EnvironmentSpec:
        if self.name != PRODUCTION:
            return self
        if not self.deletion_protection:
            raise ValueError("prod requires deletion_protection: true")
        if not self.database.multi_az:
            raise ValueError("prod requires database.multi_az: true")
        if any(c.prefixlen == 0 for c in self.cluster.api_allowed_cidrs):
            raise ValueError("prod must not open the cluster API to 0.0.0.0/0")
        if self.retention_days < 365:
            raise ValueError(f"prod requires retention_days >= 365, got {self.retention_days}")
        if self.network.single_nat_gateway:
            raise ValueError("prod requires one NAT gateway per AZ (single_nat_gateway: false)")
        return self

    @model_validator(mode="after")
    def _pull_request_environment(self) -> EnvironmentSpec:
        """Any branch may enter the pull requests' environment: it must not be one whose
        roles push, deploy, apply or write data, and production has none."""
        pr = self.github.pull_request_environment
        if pr is None:
            return self
        if self.name == PRODUCTION:
            raise ValueError("prod must not trust a pull requests' environment")
        if pr in {self.github_environment, self.github.data_environment}:
            raise ValueError(
                f"github.pull_request_environment {pr} is the environment of the stack's "
                "deploying or data-writing roles: pull requests would assume them"
            )
        return self

    @model_validator(mode="after")
    def _apply_environment(self) -> EnvironmentSpec:
        """The apply role trusts its environment alone (review 165, X-M1): no job that pushes,
        deploys, trains or runs for a pull request may enter it."""
        apply = self.github_apply_environment
        others = {
            "github.environment": self.github_environment,
            "github.data_environment": self.github.data_environment,
            "github.pull_request_environment": self.github.pull_request_environment,
        }
        for field, name in others.items():
            if name == apply:
                hint = f", e.g. {self.name}-infra" if self.github.apply_environment else ""
                raise ValueError(
                    f"github.apply_environment {apply} is also {field}: the jobs of that "
                    "environment could assume the apply role (set github.apply_environment to "
                    f"one of its own{hint})"
                )
        return self

    @property
    def github_environment(self) -> str:
        return self.github.environment or self.name

    @property
    def github_apply_environment(self) -> str:
        """The GitHub environment infra.yml's apply job enters, the only subject the apply role
        trusts (``<env>-infra`` unless the spec names one)."""
        return self.github.apply_environment or f"{self.name}-infra"


def format_validation_error(source: str, error: ValidationError) -> str:
    """One line per problem: `<source>: <field.path>: <reason>`."""
    lines = []
    for item in error.errors():
        path = ".".join(str(p) for p in item["loc"]) or "(top level)"
        reason = item["msg"].removeprefix("Value error, ")
        lines.append(f"{source}: {path}: {reason}")
    return "; ".join(lines)


def parse_spec(data: Any, source: str = "<spec>") -> EnvironmentSpec:
    """Validate an already-parsed document; raise SpecError naming the field and the reason."""
    if not isinstance(data, dict):
        raise SpecError(f"{source}: expected a mapping at the top level")
    try:
        return EnvironmentSpec.model_validate(data)
    except ValidationError as exc:
        raise SpecError(format_validation_error(source, exc)) from None


def load_spec(env: str, settings: InfraSettings | None = None) -> EnvironmentSpec:
    """Read ``<environments_dir>/<env>.yaml`` into an EnvironmentSpec."""
    settings = settings or InfraSettings()
    path = Path(settings.environments_dir) / f"{env}.yaml"
    if not path.is_file():
        known = ", ".join(available_environments(settings)) or "none"
        raise SpecError(f"no environment spec {path} (known environments: {known})")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SpecError(f"{path}: not valid YAML ({exc.__class__.__name__})") from None
    if isinstance(data, dict):
        data.setdefault("region", settings.default_region)
    spec = parse_spec(data, source=str(path))
    if spec.name != env:
        raise SpecError(f"{path}: name: {spec.name!r} does not match the file name {env!r}")
    return spec


def check_accounts(specs: list[EnvironmentSpec]) -> None:
    """Account-level rules across environments: an account has one GitHub OIDC provider per URL,
    so at most one environment per account creates it (``github.create_oidc_provider``), the
    others look it up. None is allowed: the account had the provider before (another team's
    GitHub Actions), and every stack looks it up. Whether the account has it is not known here;
    ``slipway infra bootstrap`` checks it (:func:`infra.bootstrap.check_github_provider`)."""
    creators: dict[str, list[str]] = {}
    for spec in specs:
        names = creators.setdefault(spec.account_id, [])
        if spec.github.create_oidc_provider:
            names.append(spec.name)
    for account, names in sorted(creators.items()):
        if len(names) > 1:
            raise SpecError(
                f"account {account}: github.create_oidc_provider is true in {', '.join(names)}; "
                "one environment per account at most creates the provider (IAM holds one per "
                "URL), the others look it up: set it false in all but one"
            )


def available_environments(settings: InfraSettings | None = None) -> list[str]:
    settings = settings or InfraSettings()
    folder = Path(settings.environments_dir)
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


#: Where day one sets each image a spec is committed without (docs/day-one.md).
RUNNER_IMAGE_STEP = (
    'docs/day-one.md step 4, "The runners\' image": build Dockerfile.runner, push it to '
    "slipway-<env>/runner and `slipway infra pin --env <env> --runner-image <image>@sha256:…`"
)
MLFLOW_IMAGE_STEP = (
    "docs/day-one.md step 5: the release workflow's mlflow-image job prints the digest to write "
    "as mlflow.image_digest"
)


#: When EKS's standard support of each Kubernetes version ends (the last day), from AWS's
#: calendar in "Understand the Kubernetes version lifecycle on EKS"
#: (https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html). Extended support
#: follows for 12 months, at $0.60 per cluster hour instead of $0.10; at its end AWS upgrades the
#: cluster (review 177, R-M1). A version gets its row with its pinned add-ons
#: (infra/platform/builder.py, EKS_ADDON_VERSIONS).
EKS_STANDARD_SUPPORT_ENDS: dict[str, date] = {
    "1.32": date(2026, 3, 23),
    "1.33": date(2026, 7, 29),
    "1.34": date(2026, 12, 2),
    "1.35": date(2027, 3, 27),
}
#: A version this close to the end of its standard support is a warning.
SUPPORT_END_WARNING_DAYS = 90
EKS_VERSION_BUMP = (
    "bump cluster.version to one in standard support, with its pinned add-ons "
    "(EKS_ADDON_VERSIONS and CLUSTER_AUTOSCALER_CHARTS in infra/platform/builder.py; "
    "docs/platform.md on a version bump)"
)


def support_window(spec: EnvironmentSpec, today: date) -> tuple[str, list[str]]:
    """Where ``spec``'s cluster version is in EKS's support on ``today``: past the end of its
    standard support it runs on extended support's price, and AWS refuses to turn extended
    support off (``support_type: STANDARD``) for a version already past it, so that is an
    error; ``support_type: EXTENDED`` there, or an end in the next
    :data:`SUPPORT_END_WARNING_DAYS` days, or a version of unknown dates, is a warning.
    Returns ``(error, warnings)``; ``error`` is empty when there is none."""
    version, support = spec.cluster.version, spec.cluster.support_type
    end = EKS_STANDARD_SUPPORT_ENDS.get(version)
    if end is None:
        known = ", ".join(EKS_STANDARD_SUPPORT_ENDS)
        return "", [
            f"{spec.name}: cluster.version {version} has no known end of EKS standard support "
            f"(known: {known}); add it to EKS_STANDARD_SUPPORT_ENDS in infra/spec.py from "
            "AWS's version calendar"
        ]
    extended_end = end.replace(year=end.year + 1)
    if today > end:
        past = (
            f"{spec.name}: EKS {version} left standard support on {end.isoformat()}: a cluster "
            f"on it runs on extended support (six times the control plane's hourly price) "
            f"until AWS upgrades it on {extended_end.isoformat()}"
        )
        if support == "STANDARD":
            return (
                f"{past}; cluster.support_type STANDARD cannot be set on a version past its "
                f"standard support (AWS turns extended support off only before its end): "
                f"{EKS_VERSION_BUMP}, or set cluster.support_type: EXTENDED to accept the price",
                [],
            )
        return "", [f"{past}; {EKS_VERSION_BUMP}"]
    left = (end - today).days
    if left <= SUPPORT_END_WARNING_DAYS:
        then = (
            "AWS upgrades the cluster then (support_type STANDARD)"
            if support == "STANDARD"
            else "the cluster enters extended support then, at six times the hourly price "
            "(support_type EXTENDED)"
        )
        return "", [
            f"{spec.name}: EKS {version} leaves standard support on {end.isoformat()}, in "
            f"{left} days: {then}; {EKS_VERSION_BUMP}"
        ]
    return "", []


def placeholder_images(spec: EnvironmentSpec, first_apply: bool = False) -> tuple[str, list[str]]:
    """The images ``spec`` still names by the placeholder digest (``sha256:0…0``): an error for
    staging and prod, whose in-VPC runners could never start (no such image: every job on
    ``slipway-<env>`` would wait until GitHub gives up), a warning for dev and during day one
    (``first_apply``: the registries that receive them do not exist before the first apply).
    Returns ``(error, warnings)``; ``error`` is empty when there is none."""
    warnings = []
    error = ""
    if spec.runners.image.endswith("@" + PLACEHOLDER_DIGEST):
        message = (
            f"{spec.name}: runners.image is the placeholder digest {PLACEHOLDER_DIGEST[:12]}…: "
            f"no runner of slipway-{spec.name} can start; set by "
            + RUNNER_IMAGE_STEP.replace("<env>", spec.name)
        )
        if spec.name in ("staging", PRODUCTION) and not first_apply:
            error = message
        else:
            warnings.append(message)
    if spec.mlflow.image_digest == PLACEHOLDER_DIGEST:
        warnings.append(
            f"{spec.name}: mlflow.image_digest is the placeholder (the MLflow server runs no "
            f"replica); set by {MLFLOW_IMAGE_STEP}"
        )
    return error, warnings


_RUNNERS_IMAGE_LINE = re.compile(
    r"^(?P<indent>[ \t]+)image:[ \t]*(?P<value>\S.*?)[ \t]*$", re.MULTILINE
)


def pin_runner_image(env: str, image: str, settings: InfraSettings | None = None) -> Path:
    """Write ``image`` (by digest) as ``runners.image`` of ``<env>.yaml``, keeping the file's
    comments and layout; the result must load as a valid spec, or nothing is written."""
    settings = settings or InfraSettings()
    path = Path(settings.environments_dir) / f"{env}.yaml"
    load_spec(env, settings)  # a readable, valid spec to begin with
    if not re.fullmatch(IMAGE_BY_DIGEST_PATTERN, image) or image.endswith("@" + PLACEHOLDER_DIGEST):
        raise SpecError(
            f"--runner-image {image!r} is not an image by digest "
            "(<registry>/<repository>[:<tag>]@sha256:<64 hex>, not the placeholder)"
        )
    text = path.read_text(encoding="utf-8")
    block = re.search(r"^runners:[ \t]*\n((?:[ \t]+.*\n|[ \t]*#.*\n|\n)*)", text, re.MULTILINE)
    line = _RUNNERS_IMAGE_LINE.search(block.group(1)) if block else None
    if block is None or line is None:
        raise SpecError(f"{path}: no runners.image line to replace")
    start = block.start(1) + line.start("value")
    end = block.start(1) + line.end("value")
    updated = f"{text[:start]}{json.dumps(image)}{text[end:]}"
    data = yaml.safe_load(updated)
    if isinstance(data, dict):
        data.setdefault("region", settings.default_region)
    spec = parse_spec(data, source=str(path))
    if spec.runners.image != image:
        raise SpecError(f"{path}: runners.image did not take {image!r}")
    path.write_text(updated, encoding="utf-8")
    return path


#: Dockerfile.runner's base: GitHub's runner image at a release, pinned by digest
RUNNER_BASE = re.compile(
    r"^FROM ghcr\.io/actions/actions-runner:(?P<version>\d+\.\d+\.\d+)@sha256:[0-9a-f]{64}[ \t]*$",
    re.MULTILINE,
)


def runner_version(dockerfile: str) -> str:
    """The runner release Dockerfile.runner builds on, read from its ``FROM`` tag (the one line
    Dependabot bumps, digest and tag together): no separate argument to forget."""
    found = RUNNER_BASE.findall(dockerfile)
    if len(found) != 1:
        raise SpecError(
            "Dockerfile.runner: expected one `FROM ghcr.io/actions/actions-runner:<x.y.z>"
            "@sha256:<digest>` line"
        )
    return str(found[0])


def runner_image_tag(dockerfile: str, built_at: datetime) -> str:
    """The tag of one build of Dockerfile.runner:
    ``runner-<runner version>-<12 hex of the Dockerfile's SHA-256>-<UTC build time>``.

    The build is not reproducible (Ubuntu's archive moves under ``apt-get``), so a tag made of
    the Dockerfile alone names a different digest on every rebuild, which an IMMUTABLE ECR
    repository refuses (``ImageTagAlreadyExistsException``; probe 29, N-L5). The build time,
    to the second, makes each build's tag new; the version and hash say what it was built from.
    It matches the lifecycle's protected ``runner-*``."""
    digest = hashlib.sha256(dockerfile.encode("utf-8")).hexdigest()[:12]
    stamp = built_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"runner-{runner_version(dockerfile)}-{digest}-{stamp}"


# -- across the environments ---------------------------------------------------------------------
#: A repository of the stack's registries: ``slipway-<env>/...`` (``<env>`` the group).
_ENV_REPOSITORY = re.compile(r"(?:^|/)slipway-(?P<env>[a-z][a-z0-9-]*)/")


class Problem(NamedTuple):
    """One finding across the specs: the environment whose spec to change, every environment
    it involves, and its one-line message."""

    env: str
    envs: frozenset[str]
    message: str
    warning: bool = False


def _spec_file(name: str, settings: InfraSettings) -> str:
    """``infra/environments/<name>.yaml``, relative to the working directory when it can be."""
    path = Path(settings.environments_dir) / f"{name}.yaml"
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _free_network(taken: list[ipaddress.IPv4Network], prefixlen: int) -> str:
    """A range of ``prefixlen`` in 10.0.0.0/8, its second octet a multiple of ten (as the
    template's 10.10, 10.20, 10.30), that overlaps none of ``taken``: a suggestion."""
    for candidate in ipaddress.IPv4Network("10.0.0.0/8").subnets(new_prefix=prefixlen):
        second = candidate.network_address.packed[1]
        if second and second % 10 == 0 and not any(candidate.overlaps(t) for t in taken):
            return str(candidate)
    return "a range of its own"


def _repository(image: str) -> str:
    """The repository path of an image reference: no registry host, tag or digest."""
    path = image.split("@", 1)[0].split("/", 1)[-1]
    return path.rsplit(":", 1)[0] if ":" in path.rsplit("/", 1)[-1] else path


#: The spec fields that name a GitHub environment whose roles are the stack's own, and their
#: defaults (``{env}``: the environment's name).
_GITHUB_DEFAULTS = {
    "github.environment": "{env}",
    "github.apply_environment": "{env}-infra",
}


def _github_environments(spec: EnvironmentSpec) -> dict[str, str]:
    """Field -> the GitHub environment it resolves to, of the ones only ``spec``'s roles trust
    (the data environment is shared on purpose: every DVC write role trusts it)."""
    return {
        "github.environment": spec.github_environment,
        "github.apply_environment": spec.github_apply_environment,
    }


def cross_spec_problems(
    specs: list[EnvironmentSpec], settings: InfraSettings | None = None
) -> list[Problem]:
    """What one spec took from another (probe 31, A-H3: a fourth environment copied from staging
    rendered staging's network, host and runner image without a word).

    Errors: two environments of one account whose VPC ranges overlap (their VPCs could never be
    peered or routed to each other); two with the same ``app.domain``, the one host the spec
    renders (one Route 53 record and one certificate: both clusters' external-dns and ACM would
    fight over it); two hosted zones of one name (review 165, X-M6: only one can be delegated,
    the other's records resolve nowhere); a runner image in another environment's repository
    (``slipway-<other>/``); two that resolve to the same GitHub environment, the one their
    deploying jobs enter or the one their applies enter (the jobs of either would assume the
    other's roles). A warning: a tag value that names another environment and not its own
    (``cost-center: ml-staging`` in qa.yaml): it may be meant, but it is what a copy leaves.
    Each message is one line naming both files and what to change."""
    settings = settings or InfraSettings()
    # the template's environments first: of a pair, the other one is the likelier copy
    ordered = sorted(specs, key=lambda s: (s.name not in ENVIRONMENTS, s.name))
    names = {s.name for s in ordered}
    taken = [s.network.cidr for s in ordered]
    problems: list[Problem] = []
    for i, first in enumerate(ordered):
        for second in ordered[i + 1 :]:
            pair = frozenset({first.name, second.name})
            a, b = _spec_file(first.name, settings), _spec_file(second.name, settings)
            if first.account_id == second.account_id and first.network.cidr.overlaps(
                second.network.cidr
            ):
                free = _free_network(taken, second.network.cidr.prefixlen)
                problems.append(
                    Problem(
                        second.name,
                        pair,
                        f"{b}: network.cidr {second.network.cidr} overlaps {first.network.cidr} "
                        f"of {a} in the same account {first.account_id} (the two VPCs could "
                        f"never be peered or routed): give {second.name} a range of its own, "
                        f"e.g. {free}",
                    )
                )
            if first.app.domain == second.app.domain:
                problems.append(
                    Problem(
                        second.name,
                        pair,
                        f"{b}: app.domain {second.app.domain} is also the domain of {a} (one DNS "
                        "record and one certificate, which both clusters' external-dns and ACM "
                        f"would fight over): give {second.name} a host of its own, e.g. "
                        f"{second.name}.{second.app.domain.split('.', 1)[-1]}",
                    )
                )
            if first.dns.zone_name == second.dns.zone_name and (
                first.dns.zone_id != second.dns.zone_id or first.account_id != second.account_id
            ):
                problems.append(
                    Problem(
                        second.name,
                        pair,
                        f"{b}: dns.zone_name {second.dns.zone_name} is also the zone of {a}, in "
                        "another hosted zone (a name has one delegated zone: the records of the "
                        "other resolve nowhere, and ACM never validates its certificate): give "
                        f"{second.name} a zone of its own, e.g. {second.app.domain}, delegated "
                        f"from {second.dns.zone_name} by its NS records (docs/day-one.md step 2)",
                    )
                )
            for field, name in _github_environments(second).items():
                theirs = [f for f, n in _github_environments(first).items() if n == name]
                if theirs:
                    problems.append(
                        Problem(
                            second.name,
                            pair,
                            f"{b}: GitHub environment {name!r} ({field}) is also the "
                            f"{theirs[0]} of {a} (the jobs of either could assume the other's "
                            f"roles): set {field} of {second.name} to its own (default: "
                            f"{_GITHUB_DEFAULTS[field].format(env=second.name)})",
                        )
                    )
    for spec in ordered:
        own = _spec_file(spec.name, settings)
        match = _ENV_REPOSITORY.search(spec.runners.image.split("@", 1)[0])
        other = match.group("env") if match else spec.name
        if other != spec.name and other in names:
            problems.append(
                Problem(
                    spec.name,
                    frozenset({spec.name, other}),
                    f"{own}: runners.image is in {_repository(spec.runners.image)}, the "
                    f"repository of {_spec_file(other, settings)}: push {spec.name}'s runner "
                    f"image to slipway-{spec.name}/runner and `slipway infra pin --env "
                    f"{spec.name} --runner-image <image>@sha256:…` (docs/day-one.md step 4)",
                )
            )
        for key, value in sorted(spec.tags.items()):
            tokens = set(re.split(r"[^a-z0-9]+", value.lower()))
            others = sorted((tokens & names) - {spec.name})
            if others and spec.name not in tokens:
                problems.append(
                    Problem(
                        spec.name,
                        frozenset({spec.name, *others}),
                        f"{own}: tags.{key} {value!r} names {others[0]} "
                        f"({_spec_file(others[0], settings)}), not {spec.name}: every resource "
                        f"of {spec.name} carries it (cost reports, ownership); change it unless "
                        "it is meant",
                        warning=True,
                    )
                )
    return problems


def check_across(envs: list[str], settings: InfraSettings | None = None) -> list[Problem]:
    """The rules across environments for ``envs``, against every spec of the folder: the
    account's OIDC provider (:func:`check_accounts`, raised) and :func:`cross_spec_problems`,
    those that involve one of ``envs``. ``envs`` must load (their errors are raised); another
    spec that does not is left out (validating it says why)."""
    settings = settings or InfraSettings()
    specs = {env: load_spec(env, settings) for env in envs}
    everything = available_environments(settings)
    for other in everything:
        if other not in specs:
            try:
                specs[other] = load_spec(other, settings)
            except SpecError:
                continue
    check_accounts(list(specs.values()))
    return [p for p in cross_spec_problems(list(specs.values()), settings) if p.envs & set(envs)]
