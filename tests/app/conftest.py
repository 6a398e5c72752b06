"""An app serving a model trained on the pinned corpus, from a baked folder (no registry)."""

from __future__ import annotations

from pathlib import Path

import pytest


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
