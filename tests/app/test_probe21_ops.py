"""Probe 21 (a data scientist's first two weeks), the serving side.

- M10: a pin the server cannot load (a version the local registry lacks, files that do not match
  the pinned digest), sent with SIGHUP, no longer takes down a server that was serving: gunicorn's
  master checks each pin before it starts workers and the workers keep the version that passed
  before, logged as an error; ``/v1/info`` says why the pin is not the one served.
- L8: ``GET /v1/info`` names the pinned ranker (version and digest) beside the intent model.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import signal
import time
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.app.conftest import built_app, make_user, settings_for


@pytest.fixture
def master_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test process plays gunicorn's master: what check_pins leaves in the environment is
    undone after the test."""
    from app.model import LAST_GOOD_ENV

    monkeypatch.setenv(LAST_GOOD_ENV, "")


def _repin(release_file: Path, tmp_path: Path, **changes: Any) -> Path:
    """A copy of ``release_file`` whose intent pin has ``changes``."""
    from models.kind import INTENT
    from models.release import read_release, write_release

    path = tmp_path / "release.yaml"
    if not path.exists():
        shutil.copy(release_file, path)
    write_release(INTENT, read_release(INTENT, path).model_copy(update=changes), path)
    return path


def test_a_pin_whose_files_do_not_match_keeps_the_model_served_before(  # type: ignore[no-untyped-def]
    trained, release_file: Path, database_url: str, tmp_path: Path, master_env: None, caplog
) -> None:
    from app.model import check_pins, load_served
    from models.kind import INTENT

    pin = _repin(release_file, tmp_path)
    settings = settings_for(trained, pin, database_url)
    assert [level for level, _ in check_pins(settings, (INTENT,))] == [logging.INFO]

    # a new pin naming v4 with other files, then SIGHUP: the master's check fails loudly ...
    _repin(release_file, tmp_path, model_version=4, model_digest="0" * 64)
    ((level, message),) = check_pins(settings, (INTENT,))
    assert level == logging.ERROR
    assert "models:/slipway-intent/4 CANNOT BE LOADED" in message
    assert "keep serving models:/slipway-intent/3" in message

    # ... and a worker it starts serves v3 instead of nothing
    with caplog.at_level(logging.ERROR, logger="app.model"):
        served = load_served(INTENT, settings)
    assert served.ready, served.error
    assert served.version == "3"
    assert "models:/slipway-intent/4" in served.pin_error
    assert "do not match the pinned digest" in served.pin_error
    assert "Still serving models:/slipway-intent/3" in caplog.text

    with built_app(settings) as app:
        client = app.test_client()
        token, _ = make_user(app, "ops")
        auth = {"Authorization": f"Bearer {token}"}
        assert client.get("/readyz").status_code == 200
        r = client.post("/v1/intent", json={"text": "set a timer for 5 minutes"}, headers=auth)
        assert r.status_code == 200, r.json
        assert r.json["model_version"] == "3"
        info = client.get("/v1/info", headers=auth).json
        assert info["model_version"] == "3"
        assert "models:/slipway-intent/4" in info["pin_error"]

    # the pin fixed and SIGHUP again: the master takes it, the workers serve it
    _repin(release_file, tmp_path, model_version=5, model_digest=served.digest)
    assert [level for level, _ in check_pins(settings, (INTENT,))] == [logging.INFO]
    again = load_served(INTENT, settings)
    assert (again.version, again.pin_error) == ("5", "")


def test_a_bad_pin_at_the_first_start_is_not_served_around(  # type: ignore[no-untyped-def]
    trained, release_file: Path, database_url: str, tmp_path: Path, master_env: None
) -> None:
    """Only a reload keeps a previous version: a server that starts on a bad pin is not ready
    (no fallback from another server's run, or from nothing)."""
    from app.model import check_pins, load_served
    from models.kind import INTENT

    pin = _repin(release_file, tmp_path, model_digest="0" * 64)
    settings = settings_for(trained, pin, database_url)
    ((level, message),) = check_pins(settings, (INTENT,))
    assert level == logging.ERROR
    assert "not prefetched" in message
    served = load_served(INTENT, settings)
    assert not served.ready
    assert "do not match the pinned digest" in served.error


@pytest.mark.slow
def test_a_version_the_registry_lacks_keeps_the_model_served_before(  # type: ignore[no-untyped-def]
    trained, release_file: Path, database_url: str, tmp_path: Path, master_env: None
) -> None:
    """The probe's case: release.yaml pulled from a teammate pins v99, which this machine's
    registry does not have; the cache holds the v3 served so far."""
    from app.model import check_pins, load_served
    from models.kind import INTENT

    _, _, folder = trained
    tracking = f"sqlite:///{tmp_path / 'mlflow.db'}"
    cache = tmp_path / "model-cache"
    key = hashlib.sha256(f"{tracking}|models:/slipway-intent/3".encode()).hexdigest()[:16]
    shutil.copytree(folder, cache / key)
    pin = _repin(release_file, tmp_path)
    settings = settings_for(trained, pin, database_url).model_copy(
        update={"model_path": None, "model_cache_dir": cache, "mlflow_tracking_uri": tracking}
    )
    assert load_served(INTENT, settings).version == "3"
    assert [level for level, _ in check_pins(settings, (INTENT,))] == [logging.INFO]

    _repin(release_file, tmp_path, model_version=99)
    ((level, message),) = check_pins(settings, (INTENT,))
    assert level == logging.ERROR
    assert "Registered Model with name=slipway-intent not found" in message
    served = load_served(INTENT, settings)
    assert served.ready, served.error
    assert served.version == "3"
    assert "models:/slipway-intent/99" in served.pin_error


@pytest.mark.integration
def test_sighup_with_a_bad_pin_keeps_serving(trained, release_file: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The real server: SIGHUP after a pin that cannot be loaded; /v1/intent and /readyz stay
    200 on the version served before, and the master's log says so."""
    from tests.servers import cli_user, gunicorn_server

    _, _, folder = trained
    pin = _repin(release_file, tmp_path)
    env: dict[str, str | None] = {
        "SLIPWAY_WORKERS": "2",
        "SLIPWAY_RELEASE_FILE": str(pin),
        "SLIPWAY_MODEL_PATH": str(folder),
        "SLIPWAY_DATABASE_URL": f"sqlite:///{tmp_path / 'assistant.db'}",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prom"),
    }
    log = tmp_path / "gunicorn.log"
    with gunicorn_server(env, log) as (url, proc, full_env):
        auth = {"Authorization": f"Bearer {cli_user(full_env, 'ana')}"}
        _repin(release_file, tmp_path, model_version=99, model_digest="0" * 64)
        proc.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 60
        while "Still serving models:/slipway-intent/3" not in log.read_text():
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        time.sleep(1)  # the old workers finish
        for _ in range(10):
            assert requests.get(f"{url}/readyz", timeout=5).status_code == 200
            r = requests.post(f"{url}/v1/intent", json={"text": "hi"}, headers=auth, timeout=5)
            assert r.status_code == 200, r.text
            assert r.json()["model_version"] == "3"
        assert "models:/slipway-intent/99 CANNOT BE LOADED" in log.read_text()


def test_info_names_the_pinned_ranker(  # type: ignore[no-untyped-def]
    trained, pathways_release: Path, ranker_folder: Path, database_url: str
) -> None:
    settings = settings_for(trained, pathways_release, database_url).model_copy(
        update={"ranker_path": ranker_folder}
    )
    with built_app(settings) as app:
        token, _ = make_user(app, "ops")
        info = app.test_client().get("/v1/info", headers={"Authorization": f"Bearer {token}"}).json
    # the intent model's fields, as before
    assert (info["model_name"], info["model_version"], info["ready"]) == (
        "slipway-intent",
        "3",
        "true",
    )
    assert len(info["model_digest"]) == 64
    # and the ranker's
    assert (info["ranker_name"], info["ranker_version"], info["ranker_ready"]) == (
        "slipway-ranker",
        "2",
        "true",
    )
    assert len(info["ranker_digest"]) == 64
    assert (info["pin_error"], info["ranker_pin_error"]) == ("", "")


def test_info_without_a_ranker_says_so(api) -> None:  # type: ignore[no-untyped-def]
    info = api.get("/v1/info").json
    assert (info["ranker_version"], info["ranker_digest"], info["ranker_ready"]) == (
        "",
        "",
        "false",
    )
