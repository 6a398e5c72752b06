"""The pipeline's release gates after the twenty-third independent tester (a data scientist):
N1 the test split can be gamed, N2 a dry run after `make clean` ignores the pin's metrics, N3
`dvc exp run -S` turns "yes"/"no" into booleans, N6 an unknown label's message hides the label,
N7 `slipway lineage` has no --model, N4 `dvc repro` does not validate the gate sets."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipelines.errors import ValidationFailed
from pipelines.intent.validate import validate
from tests.servers import mlflow_store


def _copy_intents(data_dir: Path, root: Path) -> Path:
    target = root / "data"
    shutil.copytree(data_dir / "intents", target / "intents")
    return target


# -- N6: an unknown label in the data is named with its file and line -------------------------
@pytest.mark.slow  # runs the Great Expectations gate
def test_an_unknown_label_is_shown_with_its_file_and_line(data_dir: Path, params, tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = _copy_intents(data_dir, tmp_path)
    test = target / "intents" / "test.jsonl"
    lines = test.read_text(encoding="utf-8").splitlines()
    row = json.loads(lines[4])
    row["intent"] = "schedul_meeting"
    lines[4] = json.dumps(row, ensure_ascii=False)
    test.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as err:
        validate(target, params, tmp_path / "reports")
    assert f"{test}:5: unknown intent (not in params.yaml: intents): 'schedul_meeting'" in str(
        err.value
    )


# -- N1: the test split a candidate is gated on must hold the champion's ----------------------
def _gamed_registry(data_dir: Path, params, root: Path):  # type: ignore[no-untyped-def]
    """A registry whose champion v1 is strong, with its own copy of data/intents."""
    from tests.pipelines.test_promote import local_registry

    reg = local_registry(root, _copy_intents(data_dir, root), params)
    assert reg.add(params, "v1", {"git_sha": "1" * 40, "data_hash": "full.dir"}) == 1
    return reg


@pytest.mark.slow
def test_deleting_the_lines_the_champion_gets_right_is_refused(  # type: ignore[no-untyped-def]
    data_dir: Path, params, tmp_path: Path
) -> None:
    from models.intent import IntentModel
    from pipelines.data import read_jsonl
    from tests.pipelines.test_promote import _cli

    reg = _gamed_registry(data_dir, params, tmp_path)
    test = reg.settings.data_dir / "intents" / "test.jsonl"
    full = test.read_text(encoding="utf-8")
    champion = IntentModel.load(reg.variant("v1").artifacts_dir / "model")
    # a weaker model, trained on the same data
    weak_lineage = {"git_sha": "2" * 40, "data_hash": "full.dir"}
    assert reg.add(params, "v2", weak_lineage, C=0.05) == 2
    weak = IntentModel.load(reg.variant("v2").artifacts_dir / "model")
    honest = _cli(reg, "promote", "--dry-run", "--version", "2")
    assert honest.exit_code == 4, honest.output  # on the whole split it is refused

    # the probe: drop the lines the champion gets right and the candidate gets wrong
    examples = read_jsonl(test)
    lines = full.splitlines()
    gamed = {
        e.line
        for e in examples
        if champion.predict(e.text).intent == e.intent and weak.predict(e.text).intent != e.intent
    }
    assert gamed
    test.write_text(
        "".join(line + "\n" for n, line in enumerate(lines, 1) if n not in gamed), encoding="utf-8"
    )
    # the gamed split is registered with the candidate (a new version asked for)
    v3 = reg.register("v2", {"git_sha": "2" * 40, "data_hash": "gamed.dir"}, new_version=True)
    assert reg.client.get_model_version("slipway-intent", str(v3)).tags["gate_set.test"]

    refused = _cli(reg, "promote", "--version", str(v3))
    assert refused.exit_code == 4, refused.output
    flat = " ".join(refused.output.split())
    assert "gate split [test]" in flat
    assert f"{len(gamed)} of the {len(lines)} lines champion v1 was gated on are missing" in flat
    first = min(gamed)
    assert f"line {first} " in flat
    assert "--accept-new-split" in flat
    # the split gate alone stood between the worse model and the release
    gates = _cli(reg, "promote", "--dry-run", "--version", str(v3), "--accept-new-split", "x")
    assert gates.exit_code == 0, gates.output
    assert int(reg.client.get_model_version_by_alias("slipway-intent", "champion").version) == 1

    # on purpose, with a reason: promoted, and the reason kept on the version
    accepted = _cli(
        reg, "promote", "--version", str(v3), "--accept-new-split", "duplicates removed"
    )
    assert accepted.exit_code == 0, accepted.output
    tags = reg.client.get_model_version("slipway-intent", str(v3)).tags
    assert tags["gate_split_accepted"].startswith("duplicates removed (sets of champion v1")


@pytest.mark.slow
def test_a_split_that_only_grew_is_compared_on_the_grown_split(  # type: ignore[no-untyped-def]
    data_dir: Path, params, tmp_path: Path
) -> None:
    from pipelines.data import read_jsonl
    from tests.pipelines.test_promote import _cli

    reg = _gamed_registry(data_dir, params, tmp_path)
    test = reg.settings.data_dir / "intents" / "test.jsonl"
    with test.open("a", encoding="utf-8") as fh:
        fh.write(
            json.dumps(
                {"text": "qué tiempo hará en Cusco el sábado", "intent": "oos", "lang": "es"},
                ensure_ascii=False,
            )
            + "\n"
        )
    # the same model on grown data, a new version asked for, gated on the grown split
    v2 = reg.register("v1", {"git_sha": "1" * 40, "data_hash": "grown.dir"}, new_version=True)
    dry = _cli(reg, "promote", "--dry-run", "--version", str(v2))
    assert dry.exit_code == 0, dry.output
    gate = _gate(reg, v2, "gate split [test]")
    assert gate.passed
    assert gate.detail.endswith("and 1 new: both models scored on the grown set")
    assert len(read_jsonl(test)) == reg_split_size(reg, v2)


def _gate(reg, version: int, name: str):  # type: ignore[no-untyped-def]
    """One gate of ``version`` against the champion, as `slipway promote --dry-run` sees it."""
    from pipelines.kinds import INTENT_KIND
    from pipelines.params import load_params
    from pipelines.release.promote import compare
    from pipelines.release.registry import get_version

    params = load_params(reg.root / "params.yaml")
    candidate = get_version(reg.client, "slipway-intent", version)
    comparison = compare(INTENT_KIND, reg.settings, params, reg.client, candidate)
    return next(g for g in comparison.gates if g.name == name)


def reg_split_size(reg, version: int) -> int:  # type: ignore[no-untyped-def]
    """How many lines the copy of the test split kept on ``version``'s run holds."""
    from pipelines.release.gate_sets import recorded
    from pipelines.release.registry import get_version

    sets = recorded(reg.client, get_version(reg.client, "slipway-intent", version))
    return len(sets["test"].splitlines())


# -- N2: after `make clean`, a dry run compares with the figures the pin records --------------
@pytest.mark.slow
def test_with_no_champion_the_pins_figures_gate_the_candidate(  # type: ignore[no-untyped-def]
    data_dir: Path, params, tmp_path: Path
) -> None:
    import yaml
    from mlflow import MlflowClient

    from tests.pipelines.test_promote import Registry, _cli

    first = _gamed_registry(data_dir, params, tmp_path / "before")
    pin = yaml.safe_load(first.settings.release_file.read_text())
    assert pin["model_version"] == 1
    assert pin["metrics"]["macro_f1"] > 0.8
    # `make clean`: a new, empty registry; the committed pin stays
    root = tmp_path / "after"
    uri = mlflow_store(root / "mlflow.db")
    settings = first.settings.model_copy(
        update={
            "mlflow_tracking_uri": uri,
            "mlflow_artifact_root": str(root / "mlartifacts"),
            "home": root / "home",
            "reports_dir": root / "reports",
        }
    )
    (root / "reports").mkdir(parents=True)
    shutil.copy(first.settings.reports_dir / "validation.json", root / "reports")
    shutil.copy(first.root / "params.yaml", root / "params.yaml")
    reg = Registry(root, settings, MlflowClient(uri, uri))
    # a weaker model: registered, not promoted (the pin names another model)
    assert reg.add(params, "weak", {"git_sha": "3" * 40, "data_hash": "full.dir"}, C=0.05) == 1
    assert yaml.safe_load(settings.release_file.read_text()) == pin
    dry = _cli(reg, "promote", "--dry-run")
    assert dry.exit_code == 4, dry.output
    flat = " ".join(dry.output.split())
    assert "This registry has no champion: compared with the release pin" in flat
    assert "macro_f1 [test]" in flat
    gate = _gate(reg, 1, "macro_f1 [test]")
    assert not gate.passed
    assert f"vs pinned v1 {pin['metrics']['macro_f1']:.4f}" in gate.detail


# -- N3: `dvc exp run -S` rewrites params.yaml; "yes" and "no" stay intents -------------------
def test_params_rewritten_by_dvc_exp_run_set_param_read_back(tmp_path: Path) -> None:
    from dvc.utils.hydra import apply_overrides  # what `dvc exp run -S KEY=VALUE` runs

    from pipelines.params import load_params
    from tests.conftest import ROOT

    path = tmp_path / "params.yaml"
    shutil.copy(ROOT / "params.yaml", path)
    apply_overrides(str(path), ["train.C=5.0"])
    text = path.read_text()
    assert "- yes\n" in text  # DVC (ruamel, YAML 1.2) dropped the quotes
    params = load_params(path)
    assert params.train.C == 5.0
    assert params.intents == load_params(ROOT / "params.yaml").intents
    assert {"yes", "no"} <= set(params.intents)


def test_a_boolean_where_a_string_is_expected_names_the_key(tmp_path: Path) -> None:
    from pipelines.errors import DataError
    from pipelines.params import load_params
    from tests.conftest import ROOT

    path = tmp_path / "params.yaml"
    text = (ROOT / "params.yaml").read_text()
    path.write_text(
        text.replace('  - "yes"\n', "  - true\n").replace("fold_digits: false", "fold_digits: no")
    )
    with pytest.raises(DataError) as err:
        load_params(path)
    assert "intents.21: Input should be a valid string (got True)" in str(err.value)
    assert 'quote it ("yes")' in str(err.value)
    assert "fold_digits" not in str(err.value)  # `no` for a boolean setting reads as false
    path.write_text(text.replace("fold_digits: false", "fold_digits: no"))
    assert load_params(path).train.fold_digits is False


# -- N7: `slipway lineage --model pathways` walks back from the ranker's pin -------------------
@pytest.mark.slow  # an MLflow tracking store of its own (migrations: seconds)
def test_lineage_takes_a_model_kind(tmp_path: Path) -> None:
    from mlflow import MlflowClient
    from typer.testing import CliRunner

    from models.kind import INTENT, RANKER
    from models.release import Release, write_release
    from pipelines.cli import app

    uri = mlflow_store(tmp_path / "mlflow.db")
    client = MlflowClient(uri, uri)
    release = tmp_path / "release.yaml"
    for kind, name, param, metric in (
        (INTENT, "slipway-intent", "train.C", "test_macro_f1"),
        (RANKER, "slipway-ranker", "ranker.C", "test_ndcg_at_3"),
    ):
        experiment = client.create_experiment(name, artifact_location=str(tmp_path / name))
        run = client.create_run(experiment)
        client.log_param(run.info.run_id, param, "0.5")
        client.log_metric(run.info.run_id, metric, 0.75)
        client.set_terminated(run.info.run_id)
        client.create_registered_model(name)
        tags = {"data_hash": f"{name}.dir", "gx_success": "true", "model_digest": f"d-{name}"}
        client.create_model_version(
            name, f"runs:/{run.info.run_id}/model", run_id=run.info.run_id, tags=tags
        )
        pin = Release(model_name=name, model_version=1, run_id=run.info.run_id)
        write_release(kind, pin.model_copy(update={"model_digest": f"d-{name}"}), release)
    env = {
        "MLFLOW_TRACKING_URI": uri,
        "SLIPWAY_RELEASE_FILE": str(release),
        "SLIPWAY_HOME": str(tmp_path / "home"),
        "COLUMNS": "200",
    }
    ranker = CliRunner().invoke(app, ["lineage", "--model", "pathways"], env=env)
    assert ranker.exit_code == 0, ranker.output
    for word in ("slipway-ranker.dir", "C=0.5", "test ndcg_at_3", "0.7500", "d-slipway-ranker"):
        assert word in ranker.output
    assert "slipway-intent" not in ranker.output
    intent = CliRunner().invoke(app, ["lineage"], env=env)
    assert intent.exit_code == 0, intent.output
    assert "slipway-intent.dir" in intent.output
    assert "test macro_f1" in intent.output
    unknown = CliRunner().invoke(app, ["lineage", "--model", "nope"], env=env)
    assert unknown.exit_code == 1
    assert "unknown model kind 'nope'" in unknown.output
