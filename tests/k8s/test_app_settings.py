"""The app's settings contract (``infra/k8s/app-settings.json``): infra renders the ConfigMap from
it instead of importing app code, so it must say what the app's settings classes say now."""

from __future__ import annotations

import json
import re
from typing import Any

from infra.k8s.render import APP_SETTINGS_FILE, app_settings, config_data
from tests.conftest import ROOT

REGENERATE = f"python -m app.settings_contract {APP_SETTINGS_FILE.relative_to(ROOT)}"


def settings() -> list[dict[str, Any]]:
    return [s for component in app_settings().values() for s in component]


def test_the_committed_contract_matches_the_app_settings() -> None:
    from app.settings_contract import contract, to_json

    committed = APP_SETTINGS_FILE.read_text(encoding="utf-8")
    assert committed == to_json(contract()), f"the contract is out of date: run `{REGENERATE}`"


def test_the_contract_covers_every_app_setting() -> None:
    from app.settings import AppSettings, ServerSettings

    components = app_settings()
    assert list(components) == ["AppSettings", "ServerSettings"]
    for cls in (AppSettings, ServerSettings):
        assert [s["name"] for s in components[cls.__name__]] == list(cls.model_fields)


def test_the_contract_carries_no_path_of_the_machine_that_generated_it() -> None:
    text = APP_SETTINGS_FILE.read_text(encoding="utf-8")
    assert str(ROOT) not in text
    defaults = {s["name"]: s["default"] for s in settings() if "default" in s}
    assert defaults["release_file"] == "models/release.yaml"  # relative to the image's workdir
    assert defaults["llm_prompt_dir"] == "models/prompts"


def test_image_baked_settings_are_set_by_the_image() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    set_by_image = set(re.findall(r"^\s+(SLIPWAY_[A-Z0-9_]+)=", dockerfile, re.M))
    baked = {s["env"][0] for s in settings() if s["image_baked"]}
    assert baked
    assert baked <= set_by_image


def test_secrets_and_image_baked_settings_stay_out_of_the_config_map() -> None:
    data = config_data()
    kept_out = [s for s in settings() if s["secret"] or s["image_baked"]]
    assert {s["name"] for s in kept_out} >= {"database_url", "openai_api_key", "model_path"}
    for setting in kept_out:
        assert not set(setting["env"]) & set(data), setting["name"]
    assert json.loads(data["SLIPWAY_LLM_PRICES"])["gpt-4o-mini"] == [0.15, 0.6]
