"""Probe 37, DS-L6: data that trains the very same model is no new version. Converting every split
to CRLF (or editing data/pathways beside an intent retrain) changed data.dvc's hash, and the
register stage registered the byte-identical model again ("version 10 registered as
challenger"). A model whose files (``model_digest``) are those of a registered version reuses it,
whatever data it came from, and says which version and which data."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow


def _store(root: Path) -> Any:
    from tests.pipelines.test_probe21_pipeline import _store as store

    return store(root)


def _versions(store: Any) -> list[int]:
    return sorted(int(v.version) for v in store.client.search_model_versions("name = 'test-echo'"))


def test_other_data_training_the_same_model_reuses_its_version(tmp_path: Path) -> None:
    from pipelines.release.register import register
    from tests.pipelines.test_kinds import ECHO_KIND, LINEAGE

    store = _store(tmp_path)
    store.train("hello", 0.7)
    assert register(ECHO_KIND, store.settings, LINEAGE).version == 1
    # the splits converted to CRLF: another data.dvc hash, the same model files
    crlf = {**LINEAGE, "data_hash": "c71f0d.dir"}
    store.train("hello", 0.7)
    again = register(ECHO_KIND, store.settings, crlf)
    assert (again.version, again.identical, again.promoted) == (1, True, False)
    assert again.identical_data == "feedface.dir"
    assert _versions(store) == [1]

    # another model, then a change elsewhere in data/ that trains it again: its version, v2
    store.train("bonjour", 0.9)
    assert register(ECHO_KIND, store.settings, crlf).version == 2
    store.train("bonjour", 0.9)
    pathways = register(ECHO_KIND, store.settings, {**crlf, "data_hash": "9a7b0e.dir"})
    assert (pathways.version, pathways.identical_data) == (2, "c71f0d.dir")
    assert _versions(store) == [1, 2]


def test_the_version_of_the_same_data_is_preferred(tmp_path: Path) -> None:
    from pipelines.release.register import register
    from tests.pipelines.test_kinds import ECHO_KIND, LINEAGE

    store = _store(tmp_path)
    store.train("hola", 0.8)
    assert register(ECHO_KIND, store.settings, LINEAGE).version == 1
    other = {**LINEAGE, "data_hash": "beef01.dir"}
    assert register(ECHO_KIND, store.settings, other, new_version=True).version == 2
    # both hold the model: the one registered from this data, not merely the newest
    same = register(ECHO_KIND, store.settings, LINEAGE)
    assert (same.version, same.identical, same.identical_data) == (1, True, "")
    third = register(ECHO_KIND, store.settings, {**LINEAGE, "data_hash": "0ddba1.dir"})
    assert (third.version, third.identical_data) == (2, "beef01.dir")


def test_the_register_stage_names_the_version_and_its_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipelines.cli import model as cli
    from tests.pipelines.test_kinds import ECHO_KIND, LINEAGE

    store = _store(tmp_path)
    monkeypatch.setattr(cli, "settings", lambda: store.settings)
    lineage = {**LINEAGE}
    monkeypatch.setattr(cli, "lineage", lambda s: lineage)
    printed: list[str] = []
    monkeypatch.setattr(cli.out, "print", lambda text, **kw: printed.append(str(text)))
    store.train("hello", 0.7)
    cli._register(ECHO_KIND)
    assert (
        printed[0]
        == "test-echo version 1 registered as challenger and promoted to champion (first model)"
    )

    lineage["data_hash"] = "0123456789abcdef0123.dir"  # line endings converted
    printed.clear()
    cli._register(ECHO_KIND)
    said = " ".join(printed)
    assert "test-echo: this model is identical to v1 (byte for byte the model files of v1" in said
    assert "trained from data feedface: this data change does not change the model" in said
    assert "no new version; challenger is v1" in said
    assert "registered as challenger" not in said
    assert "`--new-version` registers one anyway" in said

    lineage["data_hash"] = LINEAGE["data_hash"]  # v1's own data again: as before
    printed.clear()
    cli._register(ECHO_KIND)
    assert "(same model files and data)" in " ".join(printed)


def test_crlf_splits_train_the_registered_intent_model(
    data_dir: Path,
    params: Any,
    tmp_path: Path,
) -> None:
    """The probe's very change, on the real intent pipeline and a real MLflow store."""
    from tests.pipelines.test_promote import local_registry

    data = tmp_path / "data"
    shutil.copytree(data_dir / "intents", data / "intents")
    reg = local_registry(tmp_path / "registry", data, params)
    assert reg.add(params, "lf", {"git_sha": "1" * 40, "data_hash": "lf.dir"}) == 1
    for split in (data / "intents").glob("*.jsonl"):
        text = split.read_text(encoding="utf-8")
        split.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    assert reg.add(params, "crlf", {"git_sha": "1" * 40, "data_hash": "crlf.dir"}) == 1
    versions = reg.client.search_model_versions("name = 'slipway-intent'")
    assert [int(v.version) for v in versions] == [1]
    # DS-L11: the run names the test split it was measured on, as the version does
    run = reg.client.get_run(versions[0].run_id)
    assert run.data.tags["gate_set.test"] == versions[0].tags["gate_set.test"]


# -- DS-L11: the register stage names the stage that writes what it misses; runs name their test
def test_a_missing_gate_result_names_its_stage(tmp_path: Path) -> None:
    from pipelines.errors import RegistryError
    from pipelines.kinds import INTENT_KIND, RANKER_KIND
    from pipelines.release.register import register
    from tests.pipelines.test_kinds import ECHO_KIND, LINEAGE

    assert INTENT_KIND.validate_command == "slipway stage validate"
    assert RANKER_KIND.validate_command == "slipway stage validate-pathways"
    store = _store(tmp_path)
    store.train("hello", 0.7)
    report = store.settings.reports_dir / "echo_validation.json"
    report.unlink()  # before: FileNotFoundError, "report it"
    with pytest.raises(RegistryError) as missing:
        register(ECHO_KIND, store.settings, LINEAGE)
    assert str(missing.value) == (
        f"{report} is missing: run `slipway stage validate-echo` first, the stage that writes "
        "it (or `dvc repro`)"
    )
    report.write_text("{not json")
    with pytest.raises(RegistryError, match=r"cannot be read \(.*\): run `slipway stage valid"):
        register(ECHO_KIND, store.settings, LINEAGE)
    assert _versions(store) == []


@pytest.mark.parametrize(
    ("evaluate", "file"),
    [("slipway stage evaluate", "metrics.json"), ("slipway stage evaluate-ranker", "r.json")],
)
def test_a_missing_metrics_file_names_its_stage(tmp_path: Path, evaluate: str, file: str) -> None:
    from pipelines import evaluated
    from pipelines.errors import RegistryError

    with pytest.raises(RegistryError) as missing:
        evaluated.read(tmp_path / file, "ab" * 32, evaluate)
    assert str(missing.value) == (
        f"{tmp_path / file} is missing: run `{evaluate}` first, the stage that writes it "
        "(or `dvc repro`)"
    )


def test_a_run_names_the_test_set_it_was_measured_on(tmp_path: Path) -> None:
    import dataclasses
    import hashlib

    from pipelines.release.register import DATA_FOLDER_TAG, data_folder_hash, register
    from tests.pipelines.test_kinds import ECHO_KIND, LINEAGE

    store = _store(tmp_path)
    echo = store.settings.data_dir / "echo"
    echo.mkdir(parents=True)
    (echo / "test.jsonl").write_text('{"text": "hi", "intent": "greet"}\n')
    (echo / "eval.jsonl").write_text('{"text": "hola", "intent": "greet"}\n')
    kind = dataclasses.replace(
        ECHO_KIND,
        data_folder="echo",
        gate_sets=lambda data: {
            "test": data / "echo" / "test.jsonl",
            "eval/es": data / "echo" / "eval.jsonl",
        },
    )
    runs = []
    for word, line in (("hello", "hi"), ("bonjour", "salut")):
        (echo / "test.jsonl").write_text(f'{{"text": "{line}", "intent": "greet"}}\n')
        store.train(word, 0.7)
        result = register(kind, store.settings, LINEAGE)
        tags = store.client.get_run(result.run_id).data.tags
        sha = hashlib.sha256((echo / "test.jsonl").read_bytes()).hexdigest()
        assert tags["gate_set.test"] == sha
        assert (
            tags["gate_set.eval/es"]
            == hashlib.sha256((echo / "eval.jsonl").read_bytes()).hexdigest()
        )
        assert tags[DATA_FOLDER_TAG] == data_folder_hash(kind, store.settings.data_dir)
        version = store.client.get_model_version("test-echo", str(result.version)).tags
        assert version["gate_set.test"] == sha  # as the version says
        runs.append(tags["gate_set.test"])
    assert runs[0] != runs[1]  # two test sets, told apart in the runs table
