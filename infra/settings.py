"""Settings of the infrastructure tooling (prefix ``SLIPWAY_INFRA_``).

They name the things that live outside an environment spec: where Terraform keeps its state (and
its lock, a file beside it: :func:`lock_file_key`), where the specs are read from and where
``terraform/`` is written. They are rendered into ``terraform/<env>/``, so the committed output
matches the defaults; change them only together with a fresh ``slipway infra synth``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from models.unknown_settings import warn_unknown_variables

INFRA_DIR = Path(__file__).resolve().parent


def saved_plan_prefix(state_key: str) -> str:
    """Where infra.yml hands a saved plan from the plan job to the apply job: beside the state
    (``slipway/<env>/plans/`` for the default key), in the state's bucket.

    A saved plan holds the state's secrets, so it travels as the state does, never as a workflow
    artifact (probe 25, M5): the plan role may only write there (SSE-KMS), and the bootstrap's
    bucket policy lets the apply role alone read it. The workflow derives the same prefix with
    the shell's ``${key%/*}/plans/``, which is what ``rsplit`` does here."""
    return f"{state_key.rsplit('/', 1)[0]}/plans/"


def lock_file_key(state_key: str) -> str:
    """The object Terraform's S3 backend locks the state with (``use_lockfile``, Terraform 1.10
    and later): ``<key>.tflock`` beside the state, written with a conditional PUT and deleted on
    unlock. The roles that run Terraform get its GetObject, PutObject and DeleteObject by this
    name (the plan role too: a plan locks)."""
    return f"{state_key}.tflock"


def saved_plans_key_alias(bucket: str) -> str:
    """The KMS alias of the key that encrypts the saved plans of the state bucket ``bucket``
    (probe 28, L-1): one key per state bucket, made by ``slipway infra bootstrap``, whose key
    policy lets the plan role encrypt and the apply role alone decrypt. infra.yml resolves the
    same alias (``alias/${bucket//./-}-saved-plans``: KMS aliases take no dots)."""
    return f"alias/{bucket.replace('.', '-')}-saved-plans"


#: Who administers an account (probe 28, H-2): the ``aws:PrincipalArn`` patterns (``ArnLike``)
#: that may assume an apply role by hand and administer the saved-plans key; ``{account}`` is
#: filled in. The default is AWS IAM Identity Center's ``AdministratorAccess`` permission set.
DEFAULT_ADMIN_PRINCIPALS = (
    "arn:aws:iam::{account}:role/aws-reserved/sso.amazonaws.com/*AdministratorAccess*",
)


class InfraSettings(BaseSettings):
    # a .env in the working folder is read as the app's and the pipeline's settings read it
    # (a variable of the environment wins over it)
    model_config = SettingsConfigDict(
        env_prefix="SLIPWAY_INFRA_", env_file=".env", extra="ignore", allow_inf_nan=False
    )

    def model_post_init(self, context: Any, /) -> None:
        warn_unknown_variables()  # SLIPWAY_ variables no setting reads (models.unknown_settings)

    environments_dir: Path = Field(
        default=INFRA_DIR / "environments",
        description="Folder of the environment specs (<env>.yaml).",
    )
    out_dir: Path = Field(
        default=Path("terraform"),
        description="Where `slipway infra synth` writes terraform/<env>/.",
    )
    default_region: str = Field(
        default="eu-west-1", description="AWS region of an environment whose spec names none."
    )
    state_bucket: str = Field(
        default="slipway-tfstate-{account_hint}-{env}",
        description="S3 bucket of the Terraform state; `{env}` and `{account_hint}` are filled in.",
    )
    state_account_hint: str = Field(
        default="example",
        description="Fills `{account_hint}` so state bucket names are globally unique.",
    )
    state_key: str = Field(
        default="slipway/{env}/terraform.tfstate",
        description="Object key of the state in the bucket.",
    )
    state_region: str | None = Field(
        default=None,
        description="Region of the state bucket; the env's region if unset.",
    )
    admin_principals: list[str] = Field(
        default=list(DEFAULT_ADMIN_PRINCIPALS),
        description=(
            "The account's administrators, as aws:PrincipalArn patterns (ArnLike; `{account}` is "
            "filled in): who may assume an apply role made by `slipway infra bootstrap` and "
            "administer its saved-plans key. A JSON list in SLIPWAY_INFRA_ADMIN_PRINCIPALS."
        ),
    )

    def backend_for(self, env: str, region: str) -> dict[str, str]:
        """The S3 backend settings of one environment (bucket, key, region); the state is locked
        by a file beside it (:func:`lock_file_key`), not in a DynamoDB table."""
        values = {"env": env, "account_hint": self.state_account_hint}
        return {
            "bucket": self.state_bucket.format(**values),
            "key": self.state_key.format(**values),
            "region": self.state_region or region,
        }
