"""Probe 31, A-M2: a misspelled setting (``SLIPWAY_DATABSE_URL``) was ignored without a word, and
the default database served. Every settings class now warns, once per process, about each
``SLIPWAY_`` variable of the environment or ``.env`` that no setting reads, naming the closest
known one (``models.unknown_settings``); ``slipway init`` says that the prefix changed."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic_settings import BaseSettings
from typer.testing import CliRunner

from app.settings import AppSettings, ServerSettings
from infra.k8s.settings import K8sSettings
from infra.settings import InfraSettings
from models import unknown_settings
from models.unknown_settings import (
    NAMES_FILE,
    PREFIX,
    Unknown,
    known_names,
    unknown_variables,
)
from pipelines.settings import PipelineSettings
from pipelines.settings_names import CLASSES, settings_names
from tests.test_settings_documented import SETTINGS

ROOT = Path(__file__).resolve().parent.parent
LOGGER = "models.unknown_settings"


@pytest.fixture(autouse=True)
def fresh_process(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """As in a new process (nothing checked or said yet), in a folder without a ``.env``, with
    no prefixed variable but the test's own."""
    for name in list(os.environ):
        if name.upper().startswith(PREFIX):
            monkeypatch.delenv(name)
    monkeypatch.setattr(unknown_settings, "_checked", set())
    monkeypatch.setattr(unknown_settings, "_warned", set())
    monkeypatch.chdir(tmp_path)


def _said(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == LOGGER]


def test_a_misspelled_variable_is_named_with_the_closest_setting() -> None:
    environ = {"SLIPWAY_DATABSE_URL": "sqlite:////tmp/x.db", "PATH": "/bin", "HOME": "/root"}
    assert unknown_variables(environ, None) == [
        Unknown("SLIPWAY_DATABSE_URL", "the environment", "SLIPWAY_DATABASE_URL")
    ]
    assert str(unknown_variables(environ, None)[0]) == (
        "SLIPWAY_DATABSE_URL (in the environment) is not a setting and is ignored: "
        "did you mean SLIPWAY_DATABASE_URL?"
    )


def test_a_variable_like_no_setting_is_named_without_a_guess() -> None:
    (found,) = unknown_variables({"SLIPWAY_FROBNICATE": "1"}, None)
    assert found.closest is None
    assert str(found).endswith("is not a setting and is ignored: see docs/settings.md")


def test_the_env_file_is_read_too(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("SLIPWAY_RATE_LIMT=10/minute\nSLIPWAY_WORKERS=3\nOTHER_TOOL=1\n")
    assert unknown_variables({}, env_file) == [
        Unknown("SLIPWAY_RATE_LIMT", str(env_file), "SLIPWAY_RATE_LIMIT")
    ]


def test_names_in_another_letter_case_are_matched_as_pydantic_matches_them() -> None:
    assert unknown_variables({"slipway_database_url": "x", "Slipway_Workers": "2"}, None) == []
    (found,) = unknown_variables({"slipway_databse_url": "x"}, None)
    assert found.closest == "SLIPWAY_DATABASE_URL"


def test_every_setting_and_every_variable_read_elsewhere_is_known() -> None:
    environ = dict.fromkeys(known_names(), "x")
    assert PREFIX + "INFRA_STATE_BUCKET" in environ  # infra's own prefix is under the project's
    assert unknown_variables(environ, None) == []


@pytest.mark.parametrize(
    "settings", [AppSettings, ServerSettings, PipelineSettings, InfraSettings, K8sSettings]
)
def test_each_component_warns_when_its_settings_load(
    settings: type[BaseSettings], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("SLIPWAY_DATABSE_URL", "sqlite:////tmp/x.db")
    with caplog.at_level(logging.WARNING, LOGGER):
        settings()
    assert _said(caplog) == [
        "SLIPWAY_DATABSE_URL (in the environment) is not a setting and is ignored: "
        "did you mean SLIPWAY_DATABASE_URL?"
    ]


def test_once_per_process(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("SLIPWAY_WORKER", "3")
    with caplog.at_level(logging.WARNING, LOGGER):
        ServerSettings()
        AppSettings()
        PipelineSettings()
        monkeypatch.setenv("SLIPWAY_THREDS", "2")  # a new one is still said
        ServerSettings()
    assert _said(caplog) == [
        "SLIPWAY_WORKER (in the environment) is not a setting and is ignored: "
        "did you mean SLIPWAY_WORKERS?",
        "SLIPWAY_THREDS (in the environment) is not a setting and is ignored: "
        "did you mean SLIPWAY_THREADS?",
    ]


def test_known_variables_load_in_silence(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    for name in ("SLIPWAY_DATABASE_URL", "SLIPWAY_HOME", "SLIPWAY_INFRA_OUT_DIR", "SLIPWAY_TOKEN"):
        monkeypatch.setenv(name, "x" if name != "SLIPWAY_DATABASE_URL" else "sqlite:///a.db")
    with caplog.at_level(logging.WARNING, LOGGER):
        AppSettings()
        PipelineSettings()
    assert _said(caplog) == []


def test_slipway_db_upgrade_warns_about_a_misspelled_database_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The probe's case: the default database is migrated, but now the typo is named."""
    from pipelines.cli import app as cli

    monkeypatch.setenv("SLIPWAY_DATABASE_URL", f"sqlite:///{tmp_path / 'default.db'}")
    monkeypatch.setenv("SLIPWAY_DATABSE_URL", f"sqlite:///{tmp_path / 'meant.db'}")
    with caplog.at_level(logging.WARNING, LOGGER):
        r = CliRunner().invoke(cli, ["db", "upgrade"])
    assert r.exit_code == 0, r.output
    assert _said(caplog) == [
        "SLIPWAY_DATABSE_URL (in the environment) is not a setting and is ignored: "
        "did you mean SLIPWAY_DATABASE_URL?"
    ]


def test_init_says_that_the_prefix_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import infra.project
    from pipelines.cli import app as cli

    monkeypatch.setattr(infra.project, "init_project", lambda *args, **kwargs: None)
    r = CliRunner().invoke(cli, ["init", "newname", "--no-synth"])
    assert r.exit_code == 0, r.output
    assert (
        "settings are now read from NEWNAME_* variables: rename every SLIPWAY_* one in .env, "
        "CI variables and deployment values (SLIPWAY_* variables are ignored from now on)"
    ) in " ".join(r.output.split())


# -- the known names stay the names the code reads -------------------------------------------
def test_the_names_file_matches_every_settings_class() -> None:
    assert sorted(CLASSES) == sorted(SETTINGS), "pipelines/settings_names.py misses a class"
    written = json.loads(NAMES_FILE.read_text())
    assert written == settings_names(), "run `python -m pipelines.settings_names`"


def _tracked_texts() -> Iterator[tuple[str, str]]:
    listed = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files"], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    for name in listed:
        path = ROOT / name
        if name.startswith(("terraform/", "data/")) or not path.is_file():
            continue
        try:
            yield name, path.read_text()
        except UnicodeDecodeError:
            continue


#: Prefixed words of the repository that are no variable.
NOT_VARIABLES = {
    PREFIX + "CALL",  # a regular expression of tests/delivery/test_workflows.py
    # the misspellings this file and the docs show on purpose
    *(PREFIX + word for word in ("DATABSE_URL", "RATE_LIMT", "WORKER", "THREDS", "FROBNICATE")),
    PREFIX + "LOG",  # tests/test_probe31_init.py: an old-prefix variable a renamed project drops
    PREFIX + "INFRA_LOCK_TABLE",  # docs/platform.md: the removed lock table's, to drop from .env
}


def test_every_prefixed_name_the_repository_mentions_is_known() -> None:
    """So neither ``make run``, ``make test`` nor a workflow warns about its own variables: a
    variable read outside the settings classes goes to READ_ELSEWHERE."""
    word = re.compile(rf"(?<![A-Za-z0-9_]){PREFIX}[A-Z0-9_]*[A-Z0-9](?![A-Za-z0-9_])")
    unknown = {
        f"{found} ({name})"
        for name, text in _tracked_texts()
        for found in word.findall(text)
        if found not in known_names() and found not in NOT_VARIABLES
    }
    assert not unknown, f"add them to READ_ELSEWHERE in models/unknown_settings.py: {unknown}"
