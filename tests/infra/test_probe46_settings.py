"""Stop 46, helper 145: ``InfraSettings`` alone read no ``.env``: a ``SLIPWAY_INFRA_*`` line
there (as ``.env.example`` offers them, "Copy to .env") was ignored by ``slipway infra``, while
the app's and the pipeline's settings read theirs. Now it reads ``.env`` as they do: a variable
of the environment wins over the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.settings import AppSettings
from infra.settings import InfraSettings
from pipelines.settings import PipelineSettings


def test_infra_settings_read_dotenv_as_the_others_do() -> None:
    for cls in (AppSettings, PipelineSettings):
        assert cls.model_config.get("env_file") == ".env", cls
    assert InfraSettings.model_config.get("env_file") == ".env"


def test_a_value_in_dotenv_is_read_and_the_environment_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SLIPWAY_INFRA_DEFAULT_REGION", raising=False)
    monkeypatch.delenv("SLIPWAY_INFRA_STATE_KEY", raising=False)
    (tmp_path / ".env").write_text(
        "SLIPWAY_INFRA_DEFAULT_REGION=us-east-2\nSLIPWAY_INFRA_STATE_KEY=acme/{env}.tfstate\n"
    )
    settings = InfraSettings()
    assert settings.default_region == "us-east-2"
    assert settings.state_key == "acme/{env}.tfstate"
    monkeypatch.setenv("SLIPWAY_INFRA_DEFAULT_REGION", "sa-east-1")
    settings = InfraSettings()
    assert settings.default_region == "sa-east-1"  # the environment wins
    assert settings.state_key == "acme/{env}.tfstate"  # the file still fills the rest
    # without a .env (or told to read none) the defaults hold
    assert InfraSettings(_env_file=None).state_key == "slipway/{env}/terraform.tfstate"
