"""Review 176, S-L1: the public answers about a model that could not be loaded (/readyz, a 503)
no longer carry the registry's error, which named its internal URL with the password in it; the
log keeps the error, its URL's credentials masked. Our own checks' words (a missing pin) are
still said as they are."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from tests.app.conftest import Api
from tests.conftest import ROOT, free_port


def test_a_registry_failure_is_not_told_to_the_public_and_its_password_is_not_logged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app import create_app
    from app.settings import AppSettings

    release = tmp_path / "release.yaml"
    shutil.copy(ROOT / "models" / "release.yaml", release)
    monkeypatch.setenv("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")
    monkeypatch.setenv("MLFLOW_HTTP_REQUEST_TIMEOUT", "2")
    registry = f"http://admin:S3cretPass@127.0.0.1:{free_port()}/"
    records: list[logging.LogRecord] = []
    listener = logging.Handler()
    listener.emit = records.append  # type: ignore[method-assign]
    logging.getLogger("app.model").addHandler(listener)
    try:
        app = create_app(
            AppSettings(
                release_file=release,
                model_cache_dir=tmp_path / "empty-cache",
                mlflow_tracking_uri=registry,
                database_url=f"sqlite:///{tmp_path / 'a.db'}",
            )
        )
    finally:
        logging.getLogger("app.model").removeHandler(listener)
    answer = app.test_client().get("/readyz")
    assert answer.status_code == 503
    message = answer.json["message"]
    assert "models:/slipway-intent/" in message
    assert "the server's log says why" in message
    assert "S3cretPass" not in message
    assert "127.0.0.1" not in message
    logged = "\n".join(r.getMessage() for r in records)
    assert "127.0.0.1" in logged  # the operator's detail
    assert "S3cretPass" not in logged
    assert "http://***@127.0.0.1" in logged


def test_masked_hides_every_urls_credentials() -> None:
    from app.model import masked

    text = "fetch https://u:p@a.example/x then s3://key:secret@bucket/y and http://plain/z"
    assert masked(text) == "fetch https://***@a.example/x then s3://***@bucket/y and http://plain/z"


# -- S-L7: a user's own data is kept by no cache -------------------------------------------------


def test_the_apis_answers_are_not_stored_by_caches(en: Api) -> None:
    """Conversations, to-dos and the profile were sent without Cache-Control: a browser's disk
    cache could keep them, and a shared cache does not treat X-Slipway-Token as Authorization."""
    answers = [
        en.get("/v1/todos"),
        en.get("/v1/users/me"),
        en.post("/v1/chat", json={"message": "show my to-do list"}),
        en.post("/v1/chat/stream", json={"message": "show my to-do list"}),
        en.client.get("/v1/todos"),  # refused: still not stored
    ]
    for answer in answers:
        assert answer.headers["Cache-Control"] == "no-store", answer.request.path
    assert "no-store" not in en.client.get("/healthz").headers.get("Cache-Control", "")


# -- the local database is its owner's only ------------------------------------------------------


def test_a_new_sqlite_database_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    """Review 176: `.slipway/assistant.db` (messages, to-dos, token hashes) was made 0644."""
    from sqlalchemy import text

    from app.db import make_engine

    database = tmp_path / "private.db"
    engine = make_engine(f"sqlite:///{database}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
        connection.execute(text("INSERT INTO t VALUES (1)"))
        assert (database.stat().st_mode & 0o777) == 0o600
        wal = database.with_name("private.db-wal")
        assert (wal.stat().st_mode & 0o777) == 0o600
    engine.dispose()
    shared = tmp_path / "shared.db"
    shared.touch(mode=0o644)
    make_engine(f"sqlite:///{shared}").dispose()
    assert (shared.stat().st_mode & 0o777) == 0o644  # an existing file is left as it is


def test_intent_reads_a_text_without_its_invisible_characters(en: Api) -> None:
    """/v1/intent read "re\\u200bmind" as another word than the chat did (probe 37's note)."""
    plain = en.post("/v1/intent", json={"text": "remind me to call Rosa at 5pm"}).json
    hidden = en.post(
        "/v1/intent", json={"text": "re\u200bmind me to c\u00adall Rosa at\u2060 5pm\ufeff"}
    ).json
    assert (hidden["intent"], hidden["confidence"]) == (plain["intent"], plain["confidence"])
