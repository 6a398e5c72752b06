"""A third model kind, defined here and nowhere else, runs through register → promote → pin →
load on a real MLflow store; the committed pins of the other kinds stay byte for byte."""

from __future__ import annotations

import json
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import mlflow.pyfunc
import pandas as pd
import pytest
import yaml

from models.kind import INTENT, RANKER, ModelKind
from models.release import DEFAULT_RELEASE_FILE, Release, read_release, write_release
from pipelines.kinds import INTENT_KIND, RANKER_KIND, PipelineKind, exactly, kind_for
from pipelines.release.promote import Comparison, Gate, release_gates
from pipelines.release.registry import VersionInfo
from pipelines.settings import PipelineSettings
from tests.servers import mlflow_store

pytestmark = pytest.mark.slow
LINEAGE = {"git_sha": "0" * 40, "data_hash": "feedface.dir"}
MIN_SCORE = 0.5  # the toy kind's own gate


# -- the toy kind: a model that says one word, scored by a number it carries --------------------
@dataclass
class Echo:
    word: str
    score: float

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "echo.json").write_text(json.dumps({"word": self.word, "score": self.score}))

    @classmethod
    def load(cls, folder: Path) -> Echo:
        spec = json.loads((folder / "echo.json").read_text())
        return cls(spec["word"], float(spec["score"]))


class EchoPyfunc(mlflow.pyfunc.PythonModel):  # type: ignore[misc,name-defined]
    def load_context(self, context: Any) -> None:
        self.echo = Echo.load(Path(context.artifacts["echo_model"]))

    def predict(self, context: Any, model_input: pd.DataFrame, params: Any = None) -> Any:
        return pd.DataFrame({"echo": [self.echo.word for _ in range(len(model_input))]})


ECHO: ModelKind[Echo] = ModelKind(
    name="echo",
    registered_name="test-echo",
    aliases=("parrot",),
    description="echo model",
    artifact_dir="echo_model",
    marker="echo.json",
    load=Echo.load,
    pin_section="echo",
    optional=True,
)


def _gates(
    params: Any, candidate: VersionInfo, cand: dict[str, Any], champ: dict[str, Any] | None
) -> list[Gate]:
    new = cand["test"].metrics["score"]
    out = [Gate("score floor", new >= MIN_SCORE, f"{new} ≥ {MIN_SCORE}")]
    if champ is not None:
        old = champ["test"].metrics["score"]
        out.append(Gate("score [test]", new >= old, f"{new} vs champion {old}"))
    budget = SimpleNamespace(
        max_latency_p95_ms=10.0, require_gx_success=True, required_lineage=["git_sha", "data_hash"]
    )
    out.extend(release_gates(candidate, {"latency_p95_ms": 1.0}, budget))
    return out


def _report(comparison: Comparison, params: Any) -> str:
    return f"echo v{comparison.candidate.version}: " + ("pass" if comparison.passed else "refused")


ECHO_KIND = PipelineKind(
    model=ECHO,
    registry_description="A toy kind of the kinds test.",
    stages=("validate_echo", "train_echo", "evaluate_echo", "register_echo"),
    train_record="echo_train.json",
    validation_report="echo_validation.json",
    metrics_file=lambda s: s.reports_dir / "echo_metrics.json",
    register_report="echo_register.json",
    run_tags=lambda trained: {"word": str(trained["word"])},
    pyfunc=f"{EchoPyfunc.__module__}:{EchoPyfunc.__qualname__}",
    example=lambda _: (pd.DataFrame({"text": ["hi"]}), pd.DataFrame({"echo": ["hi"]})),
    requirements=("mlflow-skinny", "pandas"),
    pin_metrics=exactly("score"),
    gates_section="echo.promote",
    evaluate=lambda s, p, model: {"test": SimpleNamespace(metrics={"score": model.score})},
    gates=_gates,
    report=_report,
)


# -- a registry on a SQLite store, and the toy kind's train and evaluate stages --------------------
@dataclass
class Store:
    root: Path
    settings: PipelineSettings
    client: Any

    def train(self, word: str, score: float) -> None:
        """The toy kind's train + evaluate stages: its model, run, record and metrics."""
        import mlflow

        from models.intent import directory_digest
        from pipelines import evaluated
        from pipelines.tracking import setup_mlflow

        s = self.settings
        setup_mlflow(s)
        folder = s.artifacts_dir / f"echo-{word}"
        Echo(word, score).save(folder)
        with mlflow.start_run() as run:
            mlflow.log_metric("test_score", score)
        record = {
            "run_id": run.info.run_id,
            "model_dir": str(folder),
            "model_digest": directory_digest(folder),
            "word": word,
        }
        (s.artifacts_dir / "echo_train.json").write_text(json.dumps(record))
        evaluated.write({"score": score}, s.reports_dir / "echo_metrics.json", folder)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return make_store(tmp_path_factory.mktemp("kinds"))


def make_store(root: Path) -> Store:
    from mlflow import MlflowClient

    settings = echo_settings(root)
    shutil.copy(DEFAULT_RELEASE_FILE, settings.release_file)  # the committed pins, to keep
    uri = settings.mlflow_tracking_uri
    return Store(root, settings, MlflowClient(uri, uri))


def echo_settings(root: Path) -> PipelineSettings:
    """A pipeline's settings for the echo kind under ``root``: its own SQLite registry, folders
    and a passed validation record."""
    uri = mlflow_store(root / "mlflow.db")
    settings = PipelineSettings(
        mlflow_tracking_uri=uri,
        mlflow_artifact_root=str(root / "mlartifacts"),
        release_file=root / "release.yaml",
        home=root / "home",
        data_dir=root / "data",
        artifacts_dir=root / "artifacts",
        reports_dir=root / "reports",
        experiment="test-echo",
    )
    settings.artifacts_dir.mkdir(parents=True)
    settings.reports_dir.mkdir(parents=True)
    (settings.reports_dir / "echo_validation.json").write_text('{"success": true, "checks": []}')
    return settings


def _others(path: Path) -> dict[str, Any]:
    raw = yaml.safe_load(path.read_text())
    raw.pop("echo", None)
    return raw


def test_a_third_kind_registers_promotes_pins_and_loads(store: Store, params: Any) -> None:
    from app.model import load_served
    from app.settings import AppSettings
    from pipelines.release.promote import promote, resolve_candidate, rollback
    from pipelines.release.register import register

    s = store.settings
    committed = yaml.safe_load(DEFAULT_RELEASE_FILE.read_text())

    # the first version becomes champion and writes its own section of the pin
    store.train("hello", 0.7)
    first = register(ECHO_KIND, s, LINEAGE)
    assert (first.name, first.version, first.promoted) == ("test-echo", 1, True)
    assert read_release(ECHO, s.release_file).model_version == 1
    assert read_release(ECHO, s.release_file).metrics == {"score": 0.7}
    assert _others(s.release_file) == committed  # the intent and ranker pins are untouched

    # a better candidate passes the toy kind's gates and moves the pin
    store.train("bonjour", 0.9)
    assert register(ECHO_KIND, s, LINEAGE).promoted is False
    candidate = resolve_candidate(store.client, "test-echo", None, None)
    comparison, release = promote(ECHO_KIND, s, params, store.client, candidate)
    assert comparison.passed, comparison.gates
    assert release is not None
    assert release.model_version == 2
    assert read_release(ECHO, s.release_file).model_version == 2
    assert ECHO_KIND.report(comparison, params) == "echo v2: pass"

    # a worse one is refused by its own gate; nothing changes
    store.train("meh", 0.3)
    register(ECHO_KIND, s, LINEAGE)
    before = s.release_file.read_text()
    candidate = resolve_candidate(store.client, "test-echo", None, None)
    comparison, release = promote(ECHO_KIND, s, params, store.client, candidate)
    assert release is None
    assert {g.name for g in comparison.failed} == {"score floor", "score [test]"}
    assert s.release_file.read_text() == before

    # the app's loader serves the pinned version from the registry
    app_settings = AppSettings(
        release_file=s.release_file,
        mlflow_tracking_uri=s.mlflow_tracking_uri,
        model_cache_dir=store.root / "app-cache",
    )
    served = load_served(ECHO, app_settings)
    assert served.ready, served.error
    assert served.model == Echo("bonjour", 0.9)
    assert served.version == "2"

    # rollback restores the previous champion and its pin
    demoted, restored = rollback(ECHO_KIND, s, store.client, "test-echo")
    assert (demoted, restored.model_version) == (2, 1)
    assert read_release(ECHO, s.release_file).model_version == 1
    assert _others(s.release_file) == committed


def test_a_cached_copy_that_is_not_the_pinned_one_is_fetched_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The model cache keeps a registered version for good (the registry never changes one).
    A registry made anew (or another at the same address) holds other files under the same name
    and version: the cached copy then fails the pin's digest, and was served as "not loaded"
    until somebody emptied the cache by hand. It is fetched again, and checked again."""
    from app.model import check_pins, load_served
    from app.settings import AppSettings
    from pipelines.release.register import register

    store = make_store(tmp_path)
    store.train("hola", 0.8)
    assert register(ECHO_KIND, store.settings, LINEAGE).promoted
    cache = tmp_path / "app-cache"
    app_settings = AppSettings(
        release_file=store.settings.release_file,
        mlflow_tracking_uri=store.settings.mlflow_tracking_uri,
        model_cache_dir=cache,
    )
    assert load_served(ECHO, app_settings).model == Echo("hola", 0.8)
    (cached,) = (entry for entry in cache.iterdir() if not entry.name.startswith("."))
    shutil.rmtree(cached)
    Echo("adios", 0.1).save(cached)  # what the old registry's version 1 was

    with caplog.at_level(logging.WARNING, logger="app.model"):
        served = load_served(ECHO, app_settings)
    assert served.ready, served.error
    assert served.model == Echo("hola", 0.8)
    assert "do not match the pinned digest" in caplog.text
    assert "fetching them from the registry again" in caplog.text
    assert sorted(entry.name for entry in cache.iterdir()) == [cached.name]  # nothing left aside

    Echo("adios", 0.1).save(cached)  # gunicorn's master checks the pins the same way
    assert check_pins(app_settings, (ECHO,)) == [
        (logging.INFO, f"{ECHO.description} models:/test-echo/1 checked")
    ]
    assert load_served(ECHO, app_settings).model == Echo("hola", 0.8)


def test_fetch_changes_no_process_wide_state(store: Store, tmp_path: Path) -> None:
    import mlflow

    from models.loader import fetch

    uri = store.settings.mlflow_tracking_uri
    experiment = store.client.create_experiment(
        "test-fetch", artifact_location=(store.root / "fetch-artifacts").as_uri()
    )
    run = store.client.create_run(experiment)
    Echo("hola", 1.0).save(tmp_path / "echo")
    store.client.log_artifacts(run.info.run_id, str(tmp_path / "echo"), "model")
    store.client.create_registered_model("test-fetch")
    store.client.create_model_version(
        "test-fetch", f"runs:/{run.info.run_id}/model", run_id=run.info.run_id
    )
    store.client.set_registered_model_alias("test-fetch", "live", "1")
    before = (mlflow.get_tracking_uri(), mlflow.get_registry_uri())
    elsewhere = f"sqlite:///{tmp_path / 'other.db'}"
    mlflow.set_tracking_uri(elsewhere)
    mlflow.set_registry_uri(elsewhere)
    env = dict(os.environ)
    try:
        for reference in (
            f"runs:/{run.info.run_id}/model",
            "models:/test-fetch/1",
            "models:/test-fetch@live",
        ):
            folder = fetch(ECHO, reference, tmp_path / "cache", uri)
            assert Echo.load(folder).word == "hola", reference
        assert dict(os.environ) == env
        assert (mlflow.get_tracking_uri(), mlflow.get_registry_uri()) == (elsewhere, elsewhere)
    finally:
        mlflow.set_tracking_uri(before[0])
        mlflow.set_registry_uri(before[1])


def test_the_committed_pins_rewrite_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "release.yaml"
    shutil.copy(DEFAULT_RELEASE_FILE, path)
    for kind in (INTENT, RANKER):
        write_release(kind, read_release(kind, path), path)
        assert path.read_bytes() == DEFAULT_RELEASE_FILE.read_bytes(), kind.name
    ranker = read_release(RANKER, path)
    assert ranker.prompt_version is None
    assert ranker.model_name == "slipway-ranker"
    assert read_release(INTENT, path).prompt_version == "v1"


def test_a_pin_without_a_name_takes_the_kinds(tmp_path: Path) -> None:
    path = tmp_path / "release.yaml"
    write_release(RANKER, Release(model_version=2, run_id="r"), path)
    write_release(INTENT, Release(model_version=1, run_id="i"), path)
    raw = yaml.safe_load(path.read_text())
    assert raw["model_name"] == "slipway-intent"
    assert raw["prompt_version"] == "v1"
    assert raw["ranker"]["model_name"] == "slipway-ranker"
    assert "prompt_version" not in raw["ranker"]


def test_model_names_pick_the_kind() -> None:
    s = PipelineSettings()
    assert kind_for(None, s) is INTENT_KIND
    assert kind_for("slipway-intent", s) is INTENT_KIND
    assert kind_for("pathways", s) is RANKER_KIND
    assert kind_for("ranker", s) is RANKER_KIND
    assert kind_for(s.ranker_model_name, s) is RANKER_KIND


def test_every_baked_setting_is_an_app_setting() -> None:
    """The image bakes a kind's folder under the app setting the kind names."""
    from app.settings import AppSettings
    from models.kind import INTENT, RANKER

    assert {INTENT.baked_setting, RANKER.baked_setting} == {"model_path", "ranker_path"}
    for kind in (INTENT, RANKER):
        assert kind.baked_setting in AppSettings.model_fields


def test_every_kind_names_its_pyfunc_class() -> None:
    """Each kind is logged as code (``models/logged_model.py``) with its pyfunc class named
    ``module:Class`` in the model's config; a name that is no class is refused, not logged."""
    from models.kind import pyfunc_class

    for kind in (INTENT_KIND, RANKER_KIND, ECHO_KIND):
        assert issubclass(pyfunc_class(kind.pyfunc), mlflow.pyfunc.PythonModel)
    with pytest.raises(ValueError, match="module:Class"):
        pyfunc_class("models.pyfunc.IntentPyfunc")
    with pytest.raises(TypeError, match="names no class"):
        pyfunc_class("models.pyfunc:Missing")
    with pytest.raises(ModuleNotFoundError):
        pyfunc_class("models.nowhere:IntentPyfunc")
