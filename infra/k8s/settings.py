"""Settings of ``slipway k8s render``, ``slipway deploy``, ``rollback`` and ``status``.

Prefix ``SLIPWAY_``. The cluster connection is a kubeconfig (the file and context ``kubectl``
would use); the timeouts bound every wait of a deploy, so a stuck rollout fails instead of
hanging the release job. The smoke-test token is the platform's (the Secret ``slipway-smoke``);
the setting only overrides it, e.g. to smoke-test as another user.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from models.unknown_settings import warn_unknown_variables


class K8sSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="SLIPWAY_", env_file=".env", extra="ignore", env_ignore_empty=True
    )

    def model_post_init(self, context: Any, /) -> None:
        warn_unknown_variables()  # SLIPWAY_ variables no setting reads (models.unknown_settings)

    kubeconfig: Path | None = Field(
        None, description="kubeconfig file; unset: $KUBECONFIG, then ~/.kube/config."
    )
    kube_context: str | None = Field(
        None, description="kubeconfig context to use; unset: the file's current-context."
    )
    aws_account_id: str | None = Field(
        None,
        pattern=r"^\d{12}$",
        description="AWS account of the environment: fills the IRSA role ARN and the ECR host.",
    )
    k8s_out_dir: Path = Field(
        Path(".slipway/k8s"), description="Where `slipway k8s render` writes <env>/slipway.yaml."
    )
    deploy_migration_timeout: float = Field(
        300,
        gt=0,
        description=(
            "Seconds the migration Job may take before the deploy fails; never less than the "
            "Job's own deadline (activeDeadlineSeconds, 600) plus 30."
        ),
    )
    deploy_rollout_timeout: float = Field(
        600, gt=0, description="Seconds the rollout may take before the deploy rolls back."
    )
    deploy_smoke_timeout: float = Field(
        30, gt=0, description="Seconds for each smoke-test request through the service proxy."
    )
    deploy_poll_interval: float = Field(
        2, gt=0, description="Seconds between status reads while waiting (watch reconnects)."
    )
    deploy_smoke_token: str | None = Field(
        None,
        description=(
            "API token for the smoke test's chat; unset: the platform's, read from the Secret "
            "slipway-smoke."
        ),
    )
