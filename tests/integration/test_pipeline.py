"""The whole loop in a scratch copy: dvc repro → GX → train → evaluate → register → promote."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.app.conftest import make_user
from tests.integration.workspace import Workspace, make_workspace

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(scope="module")
def ws(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    ws = make_workspace(tmp_path_factory.mktemp("ws"), data_dir)
    ws.run("dvc", "repro")
    return ws


def test_repro_registers_and_promotes_the_first_model(ws: Workspace) -> None:
    client = ws.client()
    versions = client.search_model_versions("name='slipway-intent'")
    assert [int(v.version) for v in versions] == [1]
    champion = client.get_model_version_by_alias("slipway-intent", "champion")
    challenger = client.get_model_version_by_alias("slipway-intent", "challenger")
    assert int(champion.version) == int(challenger.version) == 1
    tags = champion.tags
    sha = ws.run("git", "rev-parse", "HEAD").stdout.strip()
    assert tags["git_sha"] == sha
    pinned = yaml.safe_load((ws.root / "data.dvc").read_text())["outs"][0]["md5"]
    assert tags["data_hash"] == pinned
    assert tags["gx_success"] == "true"
    assert float(tags["test_macro_f1"]) > 0.5
    assert tags["param.seed"] == "42"
    run = client.get_run(champion.run_id)
    assert "train.C" in run.data.params
    assert "test_latency_p50_ms" in run.data.metrics


def test_release_pin_names_the_champion(ws: Workspace) -> None:
    release = yaml.safe_load(ws.release_file.read_text())
    assert release["model_name"] == "slipway-intent"
    assert release["model_version"] == 1
    assert release["run_id"]
    assert len(release["model_digest"]) == 64
    assert release["data_hash"].endswith(".dir")
    assert {"macro_f1", "in_scope_accuracy", "oos_recall"} <= set(release["metrics"])


def test_outputs_and_a_clean_dvc_status(ws: Workspace) -> None:
    metrics = json.loads((ws.root / "metrics.json").read_text())
    for key in (
        "accuracy",
        "macro_f1",
        "in_scope_accuracy",
        "oos_precision",
        "oos_recall",
        "latency_p50_ms",
        "latency_p95_ms",
    ):
        assert key in metrics
    assert (ws.root / "reports" / "plots" / "confusion.csv").is_file()
    assert (ws.root / "reports" / "plots" / "confidence.csv").is_file()
    status = ws.run("dvc", "status").stdout
    assert "up to date" in status


def test_second_repro_reuses_everything(ws: Workspace) -> None:
    out = ws.run("dvc", "repro").stdout
    assert "Running stage" not in out
    assert len(ws.client().search_model_versions("name='slipway-intent'")) == 1


def test_predict_and_evaluate_use_the_champion(ws: Workspace) -> None:
    src = ws.root / "in.jsonl"
    src.write_text('{"text": "wake me up at 7"}\n{"text": "how do I bake bread"}\n')
    ws.run("slipway", "predict", "--input", str(src), "--output", "out.jsonl")
    rows = [json.loads(line) for line in (ws.root / "out.jsonl").read_text().splitlines()]
    assert [r["intent"] for r in rows] == ["alarm", "oos"]
    assert all(0 < r["confidence"] <= 1 for r in rows)
    labelled = ws.root / "labelled.jsonl"
    # lines no split holds (`slipway evaluate` refuses a line of the training split)
    labelled.write_text(
        '{"text": "set an alarm for 6am on weekdays", "intent": "alarm"}\n'
        '{"text": "order me a large pizza", "intent": "food_delivery"}\n'
    )
    refused = ws.run("slipway", "evaluate", "--dataset", str(labelled), "--json", check=False)
    assert refused.returncode == 1
    assert "'food_delivery' (1)" in refused.stderr  # an unknown label is said, never scored
    out = ws.run(
        "slipway", "evaluate", "--dataset", str(labelled), "--json", "--unknown-as-oos"
    ).stdout
    metrics = json.loads(out)
    assert metrics["n_examples"] == 2
    assert metrics["accuracy"] == 1.0  # asked for: the unknown label counts as oos


def test_the_app_serves_the_pinned_registry_version(ws: Workspace, tmp_path: Path) -> None:
    from app import create_app
    from app.db.migrate import upgrade
    from app.settings import AppSettings

    database_url = f"sqlite:///{tmp_path / 'assistant.db'}"
    upgrade(database_url)

    app = create_app(
        AppSettings(
            release_file=ws.release_file,
            mlflow_tracking_uri=ws.tracking_uri,
            model_cache_dir=ws.root / ".slipway" / "model-cache",
            database_url=database_url,
        )
    )
    client = app.test_client()
    assert client.get("/readyz").status_code == 200
    token, _ = make_user(app, "ana")
    auth = {"Authorization": f"Bearer {token}"}
    r = client.post(
        "/v1/intent", json={"text": "put the job fair on my calendar for May 3"}, headers=auth
    )
    assert r.json["model_version"] == "1"
    info = client.get("/v1/info", headers=auth).json
    release = yaml.safe_load(ws.release_file.read_text())
    assert info["run_id"] == release["run_id"]
    assert info["model_digest"] == release["model_digest"]


# what another process makes of each registered kind, with nothing of the checkout to lean on
_LOAD_REGISTERED = """
import json, sys
from pathlib import Path
import mlflow, pandas as pd, yaml
from mlflow.artifacts import download_artifacts

name, column, value = sys.argv[1:4]
folder = Path(download_artifacts(f"models:/{name}@champion"))
model = mlflow.pyfunc.load_model(f"models:/{name}@champion")
print(json.dumps({
    "files": sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()),
    "models_from": sys.modules["models"].__file__,
    "build": yaml.safe_load((folder / "python_env.yaml").read_text())["build_dependencies"],
    "answer": model.predict(pd.DataFrame({column: [value]})).iloc[0].to_dict(),
}))
"""


@pytest.mark.parametrize(
    ("name", "column", "value", "key", "expected"),
    [
        ("slipway-intent", "text", "wake me up at 7", "intent", "alarm"),
        (
            "slipway-ranker",
            "profile",
            json.dumps({"skills": {"excel_basics": 2}, "goal_role": "data analyst"}),
            "roles",
            '["data analyst"]',
        ),
    ],
)
def test_a_registered_model_loads_from_its_code_in_another_process(
    ws: Workspace, tmp_path: Path, name: str, column: str, value: str, key: str, expected: str
) -> None:
    """``mlflow.pyfunc.load_model`` of each kind's champion, in a fresh process started in an
    empty folder with no PYTHONPATH: the model brings its own ``models`` code, is rebuilt from
    its copy of ``models/logged_model.py`` (nothing pickled) and answers."""
    env = {k: v for k, v in ws.env.items() if k != "PYTHONPATH"}
    proc = subprocess.run(
        [sys.executable, "-c", _LOAD_REGISTERED, name, column, value],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert "logged_model.py" in out["files"], out["files"]
    assert not [f for f in out["files"] if f.endswith((".pkl", ".pickle"))]
    # its environment is its own pinned requirements, not the checkout's uv project
    assert "requirements.txt" in out["files"]
    assert not {"uv.lock", "pyproject.toml"} & set(out["files"])
    # and names the pip that would rebuild it (MLflow warns and leaves it open without one)
    assert any(dep.startswith("pip==") for dep in out["build"]), out["build"]
    assert "/code/models/" in out["models_from"]
    assert out["answer"][key] == expected
    assert "CloudPickle" not in proc.stderr
    assert "Type hint" not in proc.stderr


def test_registering_again_makes_a_challenger_only(ws: Workspace) -> None:
    before = ws.release_file.read_text()
    same = ws.run("slipway", "stage", "register")  # the same model files and data: no v2
    assert "identical to v1" in same.stdout + same.stderr
    client = ws.client()
    assert int(client.get_model_version_by_alias("slipway-intent", "challenger").version) == 1
    ws.run("slipway", "stage", "register", "--new-version")
    assert int(client.get_model_version_by_alias("slipway-intent", "challenger").version) == 2
    assert int(client.get_model_version_by_alias("slipway-intent", "champion").version) == 1
    assert ws.release_file.read_text() == before


def test_bad_data_stops_the_pipeline_and_registers_nothing(data_dir: Path, tmp_path: Path) -> None:
    ws = make_workspace(tmp_path, data_dir)
    train = ws.root / "data" / "intents" / "train.jsonl"
    train.write_text(train.read_text() + '{"text": "order me a pizza", "intent": "pizza"}\n')
    proc = ws.run("dvc", "repro", check=False)
    assert proc.returncode != 0
    assert "expect_column_values_to_be_in_set" in proc.stderr + proc.stdout
    assert not (ws.root / "artifacts" / "model").exists()
    assert not ws.release_file.exists()
    from mlflow import MlflowClient

    db = ws.root / ".slipway" / "mlflow.db"
    if db.exists():
        assert MlflowClient(ws.tracking_uri).search_registered_models() == []


def test_a_broken_gate_set_stops_dvc_repro_before_training(ws: Workspace) -> None:
    """probe 23 N4: a gate set added after a repro is validated by the next `dvc repro` (the
    validate stage read data/eval only when the splits changed)."""
    import shutil

    versions = len(ws.client().search_model_versions("name='slipway-intent'"))  # type: ignore[no-untyped-call]
    folder = ws.root / "data" / "eval"
    folder.mkdir()
    (folder / "es_typos.jsonl").write_text(
        '{"text": "agéndame una reunión con Pilar el lunes", "intent": "schedul_meeting", '
        '"lang": "es"}\n',
        encoding="utf-8",
    )
    try:
        proc = ws.run("dvc", "repro", check=False)
        out = proc.stdout + proc.stderr
        assert proc.returncode != 0, out
        assert "es_typos.jsonl:1: unknown intent" in out
        assert "'schedul_meeting'" in out
        assert "Running stage 'train'" not in out
    finally:
        shutil.rmtree(folder)
    # the data as it was: nothing is retrained
    again = ws.run("dvc", "repro")
    assert "Running stage 'train'" not in again.stdout
    assert len(ws.client().search_model_versions("name='slipway-intent'")) == versions  # type: ignore[no-untyped-call]
