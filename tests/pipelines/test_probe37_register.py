"""Probe 37, the register stage. H3: a model trained by hand and registered without its evaluate
stage was tagged with the previous model's test figures (metrics.json of another model). H4: a
model registered while data/ differed from data.dvc was tagged with the data.dvc hash, data that
does not build it. Both refusals live in the shared register stage, for every kind."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pipelines.errors import DataError, RegistryError
from pipelines.kinds import INTENT_KIND, RANKER_KIND, PipelineKind
from pipelines.settings import PipelineSettings


def _workspace(tmp_path: Path, kind: PipelineKind) -> tuple[PipelineSettings, Path]:
    """Settings over ``tmp_path`` holding the kind's trained model (a folder and its record)."""
    from models.intent import directory_digest

    s = PipelineSettings(
        artifacts_dir=tmp_path / "artifacts",
        reports_dir=tmp_path / "reports",
        metrics_file=tmp_path / "metrics.json",
        data_dir=tmp_path / "data",
        mlflow_tracking_uri="http://127.0.0.1:9",  # never reached: refused before
    )
    model_dir = s.artifacts_dir / kind.model.artifact_dir
    model_dir.mkdir(parents=True)
    (model_dir / "weights.json").write_text('{"w": 1}')
    record = {"model_digest": directory_digest(model_dir), "model_dir": str(model_dir)}
    (s.artifacts_dir / kind.train_record).write_text(json.dumps(record))
    return s, model_dir


@pytest.mark.parametrize("kind", [INTENT_KIND, RANKER_KIND], ids=lambda k: k.name)
def test_register_refuses_figures_of_another_model(tmp_path: Path, kind: PipelineKind) -> None:
    from pipelines import evaluated
    from pipelines.release.register import register

    s, model_dir = _workspace(tmp_path, kind)
    command = {"intent": "slipway stage evaluate", "ranker": "slipway stage evaluate-ranker"}
    advice = f"run `{command[kind.name]}` first, the stage that writes it (or `dvc repro`)"

    # no metrics file at all (DS-L11: a bare FileNotFoundError before)
    with pytest.raises(RegistryError) as missing:
        register(kind, s, {"git_sha": "0" * 40})
    assert str(missing.value).endswith(advice)
    assert "\n" not in str(missing.value)

    # the figures of the previous model: evaluated, then retrained without evaluating
    evaluated.write({"score": 0.5}, kind.metrics_file(s), model_dir)
    (model_dir / "weights.json").write_text('{"w": 2}')
    from models.intent import directory_digest

    record = json.loads((s.artifacts_dir / kind.train_record).read_text())
    record["model_digest"] = directory_digest(model_dir)
    (s.artifacts_dir / kind.train_record).write_text(json.dumps(record))
    with pytest.raises(RegistryError) as stale:
        register(kind, s, {"git_sha": "0" * 40})
    said = str(stale.value)
    assert said.endswith(advice)
    assert f"not of the trained model {record['model_digest'][:12]}" in said

    # a metrics file written before the digest was recorded (an old checkout's) names no model
    kind.metrics_file(s).write_text(json.dumps({"score": 0.5}))
    with pytest.raises(RegistryError, match="a model it does not name"):
        register(kind, s, {"git_sha": "0" * 40})


def test_the_figures_read_back_are_those_of_the_model(tmp_path: Path) -> None:
    from models.intent import directory_digest
    from pipelines import evaluated

    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "m.bin").write_bytes(b"x")
    evaluated.write({"macro_f1": 0.91234567}, tmp_path / "metrics.json", folder)
    saved = json.loads((tmp_path / "metrics.json").read_text())
    assert saved == {"macro_f1": 0.912346, evaluated.MODEL_DIGEST: directory_digest(folder)}
    figures = evaluated.read(tmp_path / "metrics.json", directory_digest(folder), "x")
    assert figures == {"macro_f1": 0.912346}  # floats only: MLflow metrics and test_* tags


@pytest.mark.slow
def test_register_logs_the_figures_of_this_model(tmp_path: Path) -> None:
    """Through the registry: the version's test figures are its own, and a model retrained
    without its evaluate stage is not registered with the figures of the one before."""
    from pipelines.release.register import register
    from tests.pipelines.test_kinds import ECHO_KIND, LINEAGE
    from tests.pipelines.test_probe21_pipeline import _store

    store = _store(tmp_path)
    s = store.settings
    store.train("hello", 0.7)
    assert register(ECHO_KIND, s, LINEAGE).version == 1
    stale = (s.reports_dir / "echo_metrics.json").read_text()
    store.train("bonjour", 0.9)
    (s.reports_dir / "echo_metrics.json").write_text(stale)  # evaluate skipped
    with pytest.raises(
        RegistryError,
        match=r"run `slipway stage evaluate-echo` first, the stage that writes it "
        r"\(or `dvc repro`\)$",
    ):
        register(ECHO_KIND, s, LINEAGE)
    versions = store.client.search_model_versions("name = 'test-echo'")
    assert [int(v.version) for v in versions] == [1]
    store.train("bonjour", 0.9)
    second = register(ECHO_KIND, s, LINEAGE)
    tags = store.client.get_model_version("test-echo", str(second.version)).tags
    assert tags["test_score"] == "0.9"
    assert "test_model_digest" not in tags


# -- H4: data/ edited after data.dvc pinned it ------------------------------------------------
@pytest.mark.slow
def test_register_refuses_while_data_differs_from_data_dvc(tmp_path: Path) -> None:
    from pipelines.data import data_hash, workspace_differs
    from pipelines.release.data_lineage import WORKSPACE_DIFFERS
    from pipelines.release.register import register
    from tests.pipelines.test_data_lineage import DVC, _repo, _run
    from tests.pipelines.test_kinds import ECHO_KIND
    from tests.pipelines.test_probe21_pipeline import _store

    dvc_file = _repo(tmp_path / "ws")
    assert not workspace_differs(dvc_file)
    store = _store(tmp_path / "store")
    s = store.settings.model_copy(update={"data_dir": dvc_file.with_suffix("")})
    lineage: dict[str, Any] = {"git_sha": "1" * 40, "data_hash": data_hash(dvc_file)}
    store.train("hello", 0.7)

    (tmp_path / "ws" / "data" / "a.txt").write_text("a, edited\n")  # not re-pinned
    assert workspace_differs(dvc_file)
    with pytest.raises(DataError) as refused:
        register(ECHO_KIND, s, lineage)
    assert str(refused.value) == WORKSPACE_DIFFERS
    assert "`dvc repro`" in WORKSPACE_DIFFERS
    assert "`dvc add data`" in WORKSPACE_DIFFERS
    assert not store.client.search_model_versions("name = 'test-echo'")

    _run(tmp_path / "ws", DVC, "add", "-q", "data")  # re-pinned: its hash is the data's
    assert not workspace_differs(dvc_file)
    lineage["data_hash"] = data_hash(dvc_file)
    assert register(ECHO_KIND, s, lineage).version == 1


def test_no_pin_or_no_dvc_repository_is_not_a_difference(tmp_path: Path) -> None:
    from pipelines.data import workspace_differs

    assert not workspace_differs(tmp_path / "data.dvc")
    (tmp_path / "data.dvc").write_text("outs:\n- md5: 0.dir\n  path: data\n")
    assert not workspace_differs(tmp_path / "data.dvc")  # no .dvc/: nothing to compare with


# -- H4's other half: the gate's result file named the older pin for edited data --------------
@pytest.mark.slow
def test_the_gate_result_names_no_pin_for_data_edited_since(tmp_path: Path) -> None:
    from pipelines.data import data_hash
    from pipelines.validation import conclude
    from tests.pipelines.test_data_lineage import DVC, _repo, _run

    dvc_file = _repo(tmp_path / "ws")
    result_file = tmp_path / "validation.json"

    def written() -> dict[str, Any]:
        conclude([], tmp_path / "docs.html", {}, result_file, dvc_file, failed="", advice="")
        return dict(json.loads(result_file.read_text()))

    pinned = written()
    assert (pinned["data_hash"], pinned["data_pinned"]) == (data_hash(dvc_file), True)

    (tmp_path / "ws" / "data" / "a.txt").write_text("a, edited\n")  # validated before `dvc add`
    edited = written()
    assert (edited["data_hash"], edited["data_pinned"]) == ("", False)

    _run(tmp_path / "ws", DVC, "add", "-q", "data")
    repinned = written()
    assert repinned["data_hash"] == data_hash(dvc_file) != pinned["data_hash"]
    assert repinned["data_pinned"]


def test_a_long_refusal_says_where_its_other_lines_are() -> None:
    """DS-L4: "… and 25 more (Data Docs list them all)"; Data Docs show values, not file:line,
    and the result file keeps the first 20 rows."""
    from pipelines.validation import Check

    lines = [f"data/intents/train.jsonl:{n}: no label" for n in range(1, 21)]
    said = Check("s", "expect_x", "intent", False, 30, details=lines).describe()
    assert said.endswith("… and 25 more (the next 15 are in the gate's result file in reports/)")
    assert "Data Docs" not in said
    few = Check("s", "expect_x", "intent", False, 7, details=lines[:5]).describe()
    assert few.endswith("… and 2 more")
    assert (
        Check("s", "expect_x", "intent", False, 5, details=lines[:5])
        .describe()
        .endswith(":5: no label")
    )
