"""The DVC remote of each environment in ``.dvc/config`` is the S3 bucket its platform makes.

The local remote (``.dvc-storage``) stays the default, so a fresh clone needs no cloud; a job
in an environment pulls and pushes with ``dvc pull|push -r <env>``. A spec's account id that
changes (the placeholders replaced on day one) must change the remote too: this test says so.
"""

from __future__ import annotations

import configparser

import pytest

from infra.platform.builder import build_platform
from infra.platform.model import ACCOUNT_ID
from infra.spec import ENVIRONMENTS, load_spec
from tests.conftest import ROOT


def dvc_config() -> configparser.ConfigParser:
    config = configparser.ConfigParser()
    config.read(ROOT / ".dvc" / "config")
    return config


def remote(name: str) -> configparser.SectionProxy:
    return dvc_config()[f"'remote \"{name}\"'"]  # DVC writes the section name quoted


def test_the_local_remote_stays_the_default() -> None:
    config = dvc_config()
    assert config["core"]["remote"] == "local"
    assert remote("local")["url"] == "../.dvc-storage"


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_each_environment_has_its_platform_bucket_as_a_remote(env: str) -> None:
    spec = load_spec(env)
    bucket = build_platform(spec).bucket("dvc-remote")
    assert remote(env)["url"] == "s3://" + bucket.name.replace(ACCOUNT_ID, spec.account_id)
    assert remote(env)["region"] == spec.region
