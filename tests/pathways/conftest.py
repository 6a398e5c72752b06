"""A small ranker trained once (simulated learners, no MLflow) and an app serving it next to the
intent model, on a fresh SQLite database migrated by Alembic."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.app.conftest import Api, make_user, pg, pg_template, sqlite_template  # noqa: F401
from tests.conftest import ROOT


@pytest.fixture(scope="session")
def small_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pinned catalog with 400 simulated learners (the real data/ is left alone)."""
    from pipelines.pathways.simulate import write_simulation

    data = tmp_path_factory.mktemp("pathways-data") / "data"
    (data / "pathways").mkdir(parents=True)
    for name in ("courses.csv", "demand.csv"):
        shutil.copy(ROOT / "data" / "pathways" / name, data / "pathways" / name)
    write_simulation(data, 400, 10, 11)
    return data


@pytest.fixture(scope="session")
def ranker_folder(small_data: Path, params: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from pipelines.pathways.train import fit, load_dataset

    ds = load_dataset(small_data, params.ranker)
    ranker = fit(ds, 1.0, 42)
    folder = tmp_path_factory.mktemp("ranker")
    ranker.save(folder, small_data / "pathways")
    return folder


@pytest.fixture(scope="session")
def pathways_release(
    release_file: Path, ranker_folder: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The intent pin of the shared fixtures plus a ``ranker:`` section pinning the small ranker."""
    from models.intent import directory_digest
    from models.release import RankerRelease, write_ranker_release

    path = tmp_path_factory.mktemp("pathways-release") / "release.yaml"
    shutil.copy(release_file, path)
    write_ranker_release(
        RankerRelease(
            model_version=2, run_id="fedcba9876543210", model_digest=directory_digest(ranker_folder)
        ),
        path,
    )
    return path


@pytest.fixture
def database_url(sqlite_template: Path, tmp_path: Path) -> str:  # noqa: F811
    target = tmp_path / "assistant.db"
    shutil.copyfile(sqlite_template, target)
    return f"sqlite:///{target}"


@pytest.fixture
def app(
    trained: Any, pathways_release: Path, ranker_folder: Path, database_url: str
) -> Iterator[Any]:
    from app import create_app
    from app.db import engine_of
    from app.settings import AppSettings

    _, _, folder = trained
    settings = AppSettings(
        release_file=pathways_release,
        model_path=folder,
        ranker_path=ranker_folder,
        database_url=database_url,
        knowledge_dir=ROOT / "data" / "knowledge",
        redis_url=None,
        rate_limit="1000/minute",
        log_json=True,
    )
    application = create_app(settings)
    yield application
    engine_of(application).dispose()


@pytest.fixture
def api(app: Any) -> Api:
    token, user_id = make_user(app, "rosa.quispe", "America/Lima")
    return Api(app.test_client(), token, user_id, "rosa.quispe")
