"""Names of the assistant's Kubernetes identity, shared by the workloads rendered here and by the
platform model, which binds the app role's IRSA trust and the deploy role's access entry to them."""

from __future__ import annotations

APP_NAMESPACE = "slipway"
APP_SERVICE_ACCOUNT = "slipway-assistant"
# The migration Job's own identity (IRSA: the migration role), the only one in the namespace that
# may read the password of the app database's owner role (probe 25, M2)
MIGRATION_SERVICE_ACCOUNT = "slipway-migration"
# The Kubernetes group the deploy role's EKS access entry puts its identity in
# (``kubernetes_groups``): the RoleBinding of ``infra/k8s/rbac.py`` grants it the custom kinds
# that the access entry's AmazonEKSEditPolicy does not cover.
DEPLOY_GROUP = "slipway-deployers"
