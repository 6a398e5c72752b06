"""Shared fixtures. In CI (``CI=true``) a skipped test fails the run: nothing stops being tested
silently because a component went missing."""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
_skipped: list[str] = []


def require(condition: bool, reason: str) -> None:
    """Skip locally, fail in CI, when a component a test needs is missing."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"missing component in CI: {reason}")
    pytest.skip(reason)


def require_binary(name: str) -> str:
    path = shutil.which(name)
    require(path is not None, f"`{name}` is not installed")
    assert path is not None
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


_POSTGRES_FIXTURES = {"pg", "pg_template", "pg_server"}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """``@pytest.mark.both_databases``: the test runs on SQLite and on the real Postgres server
    (its ``database_url`` fixture is parametrized; the Postgres case is marked ``postgres``)."""
    if metafunc.definition.get_closest_marker("both_databases") is None:
        return
    if "database_url" not in metafunc.fixturenames:
        raise pytest.UsageError(f"{metafunc.definition.nodeid}: both_databases needs database_url")
    metafunc.parametrize(
        "database_url",
        ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
        indirect=True,
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``postgres`` whatever starts the Postgres server, so ``-m "not postgres"`` (the fast
    lane) deselects it instead of letting it skip."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        on_postgres = callspec is not None and callspec.params.get("database_url") == "postgres"
        if on_postgres or _POSTGRES_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.postgres)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if IN_CI and _skipped and exitstatus == 0:
        print(f"\nCI: {len(_skipped)} test(s) skipped; skips count as failures in CI:")
        for nodeid in _skipped:
            print(f"  {nodeid}")
        session.exitstatus = 1


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def data_dir() -> Path:
    path = ROOT / "data"
    require((path / "intents" / "train.jsonl").is_file(), "data/ not materialized: run `make data`")
    return path


@pytest.fixture
def chdir_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="session")
def params():  # type: ignore[no-untyped-def]
    from pipelines.params import load_params

    return load_params(ROOT / "params.yaml")


@pytest.fixture(scope="session")
def splits(data_dir: Path):  # type: ignore[no-untyped-def]
    from pipelines.data import load_splits

    return load_splits(data_dir)


@pytest.fixture(scope="session")
def trained(splits, params, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The intent model trained once on the pinned corpus (no MLflow), saved to a folder."""
    from pipelines.intent.train import build_model

    model, val_metrics = build_model(splits, params.train)
    folder = tmp_path_factory.mktemp("model")
    model.save(folder)
    return model, val_metrics, folder


@pytest.fixture(scope="session")
def release_file(trained, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    from models.intent import directory_digest
    from models.kind import INTENT
    from models.release import Release, write_release

    _, _, folder = trained
    path = tmp_path_factory.mktemp("release") / "release.yaml"
    write_release(
        INTENT,
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


# -- the pathway ranker: a small one trained once on simulated learners (no MLflow) ----------
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
    from models.kind import RANKER
    from models.release import Release, write_release

    path = tmp_path_factory.mktemp("pathways-release") / "release.yaml"
    shutil.copy(release_file, path)
    write_release(
        RANKER,
        Release(
            model_version=2, run_id="fedcba9876543210", model_digest=directory_digest(ranker_folder)
        ),
        path,
    )
    return path
