"""What every renderer of a Platform creates, and in which order.

A resource is created after those it references: the cluster's own roles with the cluster, the
other roles once the buckets, registry and secrets their policies name exist, the secret policies
with the cache (they name the app role), Kubernetes objects once the node groups run. Both engines
render through :meth:`PlatformRenderer.render`, so they cannot drift apart in this order.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Any

from infra.platform.model import Bucket, Platform, Role


class PlatformRenderer:
    """Base of the CDKTF stack and the Pulumi program: one method per step of :meth:`render`.

    The steps are abstract for mypy only: TerraformStack's metaclass rules out ``abc.ABC``.
    """

    platform: Platform
    nodes: dict[str, Any]
    """Created engine objects by logical id (engine types: CDKTF constructs, Pulumi resources)."""

    def add(self, logical_id: str, node: Any) -> Any:
        self.nodes[logical_id] = node
        return node

    def render(self) -> None:
        self._kms()
        self._log_groups()
        self._network()
        self._github_oidc()
        self._cluster()
        self._buckets()
        self._registry()
        self._secrets()
        self._roles()
        self._database()
        self._cache()
        self._access_entries()
        self._kubernetes()
        self._outputs()

    def _buckets(self) -> None:
        for bucket in self.platform.buckets:
            self._bucket(bucket)

    def _roles(self) -> None:
        """The roles not created with the cluster, then the flow log that needs its role."""
        for role in self.platform.roles:
            if role.id not in self.nodes:
                self._role(role)
        self._flow_log()

    @abstractmethod
    def _kms(self) -> None: ...

    @abstractmethod
    def _log_groups(self) -> None: ...

    @abstractmethod
    def _network(self) -> None: ...

    @abstractmethod
    def _github_oidc(self) -> None: ...

    @abstractmethod
    def _cluster(self) -> None: ...

    @abstractmethod
    def _bucket(self, bucket: Bucket) -> None: ...

    @abstractmethod
    def _registry(self) -> None: ...

    @abstractmethod
    def _secrets(self) -> None: ...

    @abstractmethod
    def _role(self, role: Role) -> None: ...

    @abstractmethod
    def _flow_log(self) -> None: ...

    @abstractmethod
    def _database(self) -> None: ...

    @abstractmethod
    def _cache(self) -> None: ...

    @abstractmethod
    def _access_entries(self) -> None: ...

    @abstractmethod
    def _kubernetes(self) -> None: ...

    @abstractmethod
    def _outputs(self) -> None: ...
