"""The engine-neutral description of one environment's platform.

``build_platform(spec)`` turns an EnvironmentSpec into a :class:`Platform`: every resource with
its logical id, physical name, tags, relationships and security settings. The Pulumi program and
the CDKTF app render only this, so the two engines cannot disagree about what an environment is.
"""

from infra.platform.builder import build_platform
from infra.platform.model import (
    ACCOUNT_ID,
    Bucket,
    Cache,
    Cluster,
    Condition,
    Database,
    HelmRelease,
    MlflowServer,
    Network,
    NodeGroup,
    Platform,
    Ref,
    Registry,
    Role,
    Secret,
    Statement,
    Subnet,
)

__all__ = [
    "ACCOUNT_ID",
    "Bucket",
    "Cache",
    "Cluster",
    "Condition",
    "Database",
    "HelmRelease",
    "MlflowServer",
    "Network",
    "NodeGroup",
    "Platform",
    "Ref",
    "Registry",
    "Role",
    "Secret",
    "Statement",
    "Subnet",
    "build_platform",
]
