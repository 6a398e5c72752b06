"""An app serving a model trained on the pinned corpus, from a baked folder (no registry)."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.intent import directory_digest
from models.release import Release, write_release


@pytest.fixture(scope="session")
def release_file(trained, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    _, _, folder = trained
    path = tmp_path_factory.mktemp("release") / "release.yaml"
    write_release(
        Release(
            model_version=3,
            run_id="0123456789abcdef",
            model_digest=directory_digest(folder),
            data_hash="d41d8cd98f00b204e9800998ecf8427e.dir",
            git_sha="abc1234",
        ),
        path,
    )
    return path


@pytest.fixture
def app_settings(trained, release_file: Path):  # type: ignore[no-untyped-def]
    from app.settings import AppSettings

    _, _, folder = trained
    return AppSettings(release_file=release_file, model_path=folder, max_text_chars=500)


@pytest.fixture
def app(app_settings):  # type: ignore[no-untyped-def]
    from app import create_app

    return create_app(app_settings)


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()
