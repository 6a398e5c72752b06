"""What every renderer of a Platform creates, and in which order.

A resource is created after those it references: the cluster's own roles with the cluster, the
other roles (with their policy attachments) once the buckets, registry and secrets exist, their
inline policies once the database and cache they name exist, the values the platform writes
into secrets once their sources exist, add-ons and the certificate after the access entries,
Kubernetes objects once the node groups run. Both engines render through
:meth:`PlatformRenderer.render`, so they cannot drift apart in this order.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Any

from infra.platform.model import Bucket, HelmRelease, Platform, Ref, Role, Value


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
        self._secret_values()
        self._secret_policies()
        self._role_policies()
        self._access_entries()
        self._addons()
        self._certificate()
        self._kubernetes()
        self._outputs()

    def resolve(self, value: object) -> object:
        """``value`` with every :class:`Ref` (and account placeholder) in it resolved, through
        dicts, lists and tuples: Helm values and manifests hold references."""
        if isinstance(value, dict):
            return {k: self.resolve(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.resolve(v) for v in value]
        if isinstance(value, str | Ref):
            return self.ref(value)
        return value

    def after(self, ids: tuple[str, ...]) -> list[Any]:
        return [self.nodes[i] for i in ids]

    def release_dependencies(self, release: HelmRelease) -> list[Any]:
        """What a Helm release waits for: the node groups and what it names."""
        groups = tuple(g.id for g in self.platform.cluster.node_groups)
        return self.after((*groups, *release.depends_on))

    def _buckets(self) -> None:
        for bucket in self.platform.buckets:
            self._bucket(bucket)

    def _roles(self) -> None:
        """The roles not created with the cluster, then the flow log that needs its role."""
        for role in self.platform.roles:
            if role.id not in self.nodes:
                self._role(role)
        self._flow_log()

    def _role_policies(self) -> None:
        for role in self.platform.roles:
            if role.statements:
                self._role_policy(role)

    @abstractmethod
    def ref(self, value: Value) -> Any: ...

    @abstractmethod
    def _role_policy(self, role: Role) -> None: ...

    @abstractmethod
    def _secret_values(self) -> None: ...

    @abstractmethod
    def _secret_policies(self) -> None: ...

    @abstractmethod
    def _addons(self) -> None: ...

    @abstractmethod
    def _certificate(self) -> None: ...

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
