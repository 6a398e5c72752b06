"""The model report and the run records after the thirty-fourth independent review (a data
scientist): D-M4 the report shows no per-language figures, no per-language per-intent changes
and no data diff; L7 every MLflow run is named ``train``; L2 gates changed in the working copy
are not flagged."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from models.intent import OOS_LABEL
from models.release import Release
from pipelines.data import Example
from pipelines.release.data_diff import Source, diff, for_comparison, read_dir
from pipelines.release.promote import PRIMARY, Comparison
from pipelines.release.registry import VersionInfo
from tests.servers import mlflow_store


# -- D-M4: per-language figures and per-language per-intent changes in the report --------------
class _Lookup:
    def __init__(self, labels: list[str], answers: dict[str, str]) -> None:
        self.labels = labels
        self.answers = answers

    def predict_many(self, texts):  # type: ignore[no-untyped-def]
        from models.intent import Prediction

        return [Prediction(self.answers.get(t, OOS_LABEL), 0.9, OOS_LABEL) for t in texts]


EXAMPLES = [
    Example("hello there", "greeting", "en"),
    Example("hi", "greeting", "en"),
    Example("tell me a joke", "tell_joke", "en"),
    Example("make me laugh", "tell_joke", "en"),
    Example("hola", "greeting", "es"),
    Example("buenas", "greeting", "es"),
    Example("cuéntame un chiste", "tell_joke", "es"),
    Example("hazme reír", "tell_joke", "es"),
    Example("weather in Lima", OOS_LABEL, "en"),
    Example("el clima en Lima", OOS_LABEL, "es"),
]


def _version(n: int, data_hash: str = "d") -> VersionInfo:
    return VersionInfo(
        "slipway-intent", n, f"run{n}", {"git_sha": "a" * 40, "data_hash": data_hash}, []
    )


def _comparison() -> Comparison:
    from pipelines.intent.evaluate import score

    right = {e.text: e.intent for e in EXAMPLES}
    labels = ["greeting", "tell_joke", OOS_LABEL]
    champion = _Lookup(labels, right)
    # the candidate (60 Spanish joke lines added) lost an English joke and gained nothing in es
    moved = {**right, "make me laugh": "greeting"}
    candidate = _Lookup(labels, moved)
    return Comparison(
        _version(2),
        _version(1),
        {PRIMARY: score(candidate, EXAMPLES)},  # type: ignore[arg-type]
        {PRIMARY: score(champion, EXAMPLES)},  # type: ignore[arg-type]
    )


def test_the_report_has_a_metric_row_per_language() -> None:
    from pipelines.release.report import render

    markdown = render(_comparison())
    table = markdown.split("### Metrics — test")[1].split("###")[0]
    for lang in ("en", "es"):
        for key in ("n_examples", "macro_f1", "in_scope_accuracy", "oos_recall"):
            assert f"| {lang}.{key} |" in table, key
    assert "| en.n_examples | 5 | 5 | ±0 |" in table
    assert "| es.accuracy | 1.0000 | 1.0000 | ±0 |" in table
    assert "| en.accuracy | 1.0000 | 0.8000 | -0.2000 |" in table


def test_the_report_shows_the_per_intent_changes_of_each_language() -> None:
    from pipelines.release.report import render

    markdown = render(_comparison())
    section = markdown.split("### Per-intent F1 changes by language (test split)")[1]
    section = section.split("###")[0]
    assert "| en | tell_joke | 1.000 | 0.667 | -0.333 |" in section
    assert "| en | greeting | 1.000 | 0.800 | -0.200 |" in section
    assert "No per-intent F1 changed in: es." in section
    assert "| es |" not in section


# -- D-M4: the data diff, per split, language and intent ---------------------------------------
def _write(folder: Path, rows: dict[str, list[tuple[str, str, str]]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for split, lines in rows.items():
        (folder / f"{split}.jsonl").write_text(
            "".join(
                json.dumps({"text": t, "intent": i, "lang": lang}, ensure_ascii=False) + "\n"
                for t, i, lang in lines
            ),
            encoding="utf-8",
        )
    return folder


BASE = {
    "train": [
        ("hello", "greeting", "en"),
        ("hola", "greeting", "es"),
        ("a joke", "tell_joke", "en"),
    ],
    "val": [("hi", "greeting", "en")],
    "test": [("hey", "greeting", "en"), ("buenas", "greeting", "es")],
}
JOKES = [(f"cuéntame el chiste número {n}", "tell_joke", "es") for n in range(60)]


def _changed() -> dict[str, list[tuple[str, str, str]]]:
    return {
        # 60 Spanish joke lines added, "hello" relabelled
        "train": [("hello", "goodbye", "en"), *BASE["train"][1:], *JOKES],
        "val": [],  # its line removed
        "test": BASE["test"],
    }


def test_the_data_diff_counts_lines_per_split_language_and_intent(tmp_path: Path) -> None:
    old = read_dir(_write(tmp_path / "old", BASE))
    new = read_dir(_write(tmp_path / "new", _changed()))
    d = diff(Source(old, "a"), Source(new, "b"))
    assert d.totals == {"train": (3, 63, 61, 1), "val": (1, 0, 0, 1), "test": (2, 2, 0, 0)}
    got = {(c.split, c.lang, c.intent): (c.added, c.removed) for c in d.changes}
    assert got == {
        ("train", "es", "tell_joke"): (60, 0),
        ("train", "en", "goodbye"): (1, 0),
        ("train", "en", "greeting"): (0, 1),
        ("val", "en", "greeting"): (0, 1),
    }


def test_the_report_has_a_data_section(tmp_path: Path) -> None:
    from pipelines.release.report import render

    comparison = _comparison()
    old = read_dir(_write(tmp_path / "old", BASE))
    new = read_dir(_write(tmp_path / "new", _changed()))
    comparison.data_diff = diff(Source(old, "its run's record"), Source(new, "x"), "o.dir", "n.dir")
    markdown = render(comparison)
    section = markdown.split("### Data")[1].split("### Gates")[0]
    assert "champion data `o.dir` → candidate `n.dir`" in section
    assert "| train | 3 | 63 | +61 | -1 | en +1/-1, es +60/-0 |" in section
    assert "| val | 1 | 0 | +0 | -1 | en +0/-1 |" in section
    assert "| test | 2 | 2 | +0 | -0 | — |" in section
    assert "| train | es | tell_joke | +60 | -0 |" in section


def _dvc_cache(root: Path, files: dict[str, bytes]) -> str:
    """Store ``files`` (relpaths under data/) in a DVC 3 cache; returns the folder's md5."""
    entries = []
    for relpath, content in sorted(files.items()):
        md5 = hashlib.md5(content).hexdigest()
        path = root / ".dvc" / "cache" / "files" / "md5" / md5[:2] / md5[2:]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        entries.append({"md5": md5, "relpath": relpath})
    manifest = json.dumps(entries).encode()
    md5 = hashlib.md5(manifest).hexdigest() + ".dir"
    path = root / ".dvc" / "cache" / "files" / "md5" / md5[:2] / md5[2:]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(manifest)
    return md5


def test_a_pinned_models_data_is_read_from_the_dvc_cache(tmp_path: Path) -> None:
    """After `make clean` the champion is its pin: its data comes from the DVC cache by hash."""
    old = _write(tmp_path / "old", BASE)
    old_hash = _dvc_cache(
        tmp_path,
        {f"intents/{s}.jsonl": (old / f"{s}.jsonl").read_bytes() for s in BASE},
    )
    data = _write(tmp_path / "data" / "intents", _changed()).parent
    (tmp_path / "data.dvc").write_text("outs:\n- md5: new.dir\n  path: data\n")
    comparison = _comparison()
    comparison.candidate = _version(1, "new.dir")
    comparison.champion = None
    comparison.pinned = Release(model_version=2, run_id="gone", data_hash=old_hash)
    d = for_comparison(None, data, tmp_path / "data.dvc", comparison)
    assert d.known, (d.old.where, d.new.where)
    assert d.old.where == "the DVC cache"
    assert d.new.where == f"today's {data}/"
    assert d.totals["train"] == (3, 63, 61, 1)
    # a version whose data is nowhere: said so, no table
    comparison.pinned = Release(model_version=2, run_id="gone", data_hash="feed.dir")
    from pipelines.release.report import render

    comparison.data_diff = for_comparison(None, data, tmp_path / "data.dvc", comparison)
    section = render(comparison).split("### Data")[1].split("### Gates")[0]
    assert "No data diff: the champion's data feed.dir is neither in its run nor in the DVC" in (
        " ".join(section.split())
    )


@pytest.mark.slow
def test_slipway_report_shows_the_languages_and_the_data_diff(  # type: ignore[no-untyped-def]
    data_dir: Path, params, tmp_path: Path
) -> None:
    """The probe's case: 60 Spanish joke lines added to train, a new version, `slipway report`."""
    from tests.pipelines.test_promote import _cli, local_registry

    target = tmp_path / "data"
    shutil.copytree(data_dir / "intents", target / "intents")
    reg = local_registry(tmp_path, target, params)
    assert reg.add(params, "v1", {"git_sha": "1" * 40, "data_hash": "one.dir"}) == 1
    with (target / "intents" / "train.jsonl").open("a", encoding="utf-8") as fh:
        for text, intent, lang in JOKES:
            fh.write(json.dumps({"text": text, "intent": intent, "lang": lang}) + "\n")
    assert reg.add(params, "v2", {"git_sha": "2" * 40, "data_hash": "two.dir"}) == 2
    output = tmp_path / "model-report.md"
    result = _cli(reg, "report", "--version", "2", "--output", str(output))
    assert result.exit_code == 0, result.output
    markdown = output.read_text()
    assert "| es.macro_f1 |" in markdown
    assert "| en.macro_f1 |" in markdown
    assert "### Per-intent F1 changes by language (test split)" in markdown
    section = markdown.split("### Data")[1].split("### Gates")[0]
    assert "Read from: champion, its run's record; candidate, its run's record." in section
    assert "| train | es | tell_joke | +60 | -0 |" in section
    assert "| val |" in section
    assert "| test |" in section

    # L2: the gates of a working copy that differ from git HEAD's params.yaml are named
    _commit(tmp_path, "params.yaml")
    loosened = (
        (tmp_path / "params.yaml")
        .read_text()
        .replace("tolerance_macro_f1: 0.005", "tolerance_macro_f1: 0.2")
    )
    (tmp_path / "params.yaml").write_text(loosened)
    dry = _cli(reg, "promote", "--dry-run", "--version", "2")
    assert dry.exit_code == 4, dry.output  # refused without a reason (probe 37, DS-M3)
    assert "gate settings" in dry.output
    assert "NOT the committed" in dry.output
    assert "--accept-gate-settings 'REASON'" in dry.output
    why = "trying a looser F1 tolerance"
    dry = _cli(reg, "promote", "--dry-run", "--version", "2", "--accept-gate-settings", why)
    assert dry.exit_code == 0, dry.output
    assert "dry run: v2 would be promoted" in dry.output
    from pipelines.kinds import INTENT_KIND
    from pipelines.params import load_params
    from pipelines.release.promote import compare
    from pipelines.release.registry import get_version

    s = reg.settings.model_copy(update={"params_file": tmp_path / "params.yaml"})
    candidate = get_version(reg.client, "slipway-intent", 2)
    gates = compare(INTENT_KIND, s, load_params(s.params_file), reg.client, candidate).gates
    detail = next(g for g in gates if g.name == "gate settings").detail
    assert "promote.tolerance_macro_f1 0.2 (committed 0.005)" in detail
    from pipelines.release.promote import GATE_SETTINGS

    accepted = compare(
        INTENT_KIND,
        s,
        load_params(s.params_file),
        reg.client,
        candidate,
        accepted={GATE_SETTINGS: why},
    ).gates
    passed = next(g for g in accepted if g.name == "gate settings")
    assert passed.passed
    assert passed.detail.startswith(f"accepted ({why}): NOT the committed gates")


# -- L7: training runs named and tagged so two experiments can be told apart -------------------
LINEAGE = {"git_sha": "3ba24ff" + "0" * 33, "data_hash": "6a9163e687243aa5c9e41a4a38ded77d.dir"}


def test_a_training_run_is_named_after_its_kind_params_and_data(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pipelines.tracking import run_name, run_tags

    monkeypatch.delenv("DVC_EXP_NAME", raising=False)
    assert run_name("intent", "linear_svm C=10.0", LINEAGE) == (
        "intent · linear_svm C=10.0 · data 6a9163e6"
    )
    assert run_tags("intent", LINEAGE) == {
        "model_kind": "intent",
        "data_hash_short": "6a9163e6",
        "git_sha_short": "3ba24ff",
    }
    dirty = {**LINEAGE, "git_sha": LINEAGE["git_sha"] + "-dirty"}
    assert run_tags("ranker", dirty)["git_sha_short"] == "3ba24ff-dirty"


def test_a_dvc_experiment_names_its_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """`dvc exp run` sets DVC_EXP_NAME for the stages: two experiments, two names."""
    from pipelines.tracking import run_name, run_tags

    monkeypatch.setenv("DVC_EXP_NAME", "proof-rasp")
    monkeypatch.setenv("DVC_EXP_BASELINE_REV", "c08cfd8" + "1" * 33)
    assert run_name("intent", "linear_svm C=1.0", LINEAGE) == (
        "intent · proof-rasp · linear_svm C=1.0 · data 6a9163e6"
    )
    tags = run_tags("intent", LINEAGE)
    assert tags["dvc_exp_name"] == "proof-rasp"
    assert tags["dvc_exp_baseline"] == "c08cfd8"


@pytest.mark.slow  # registers through MLflow
def test_two_experiment_runs_differ_by_name_and_tag_in_mlflow(  # type: ignore[no-untyped-def]
    data_dir: Path, params, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mlflow import MlflowClient

    from pipelines.intent.train import train
    from pipelines.intent.validate import validate
    from pipelines.settings import PipelineSettings
    from pipelines.tracking import setup_mlflow, training_run

    target = tmp_path / "data"
    shutil.copytree(data_dir / "intents", target / "intents")
    reports = tmp_path / "reports"
    validate(target, params, reports)
    uri = mlflow_store(tmp_path / "mlflow.db")
    s = PipelineSettings(
        mlflow_tracking_uri=uri,
        mlflow_artifact_root=str(tmp_path / "mlartifacts"),
        home=tmp_path / "home",
        experiment="probe34",
    )
    setup_mlflow(s)
    client = MlflowClient(uri, uri)
    names = {}
    for exp, c in (("proof-rasp", 1.0), ("gutta-trug", 10.0)):
        monkeypatch.setenv("DVC_EXP_NAME", exp)
        p = params.model_copy(update={"train": params.train.model_copy(update={"C": c})})
        result = train(target, p, tmp_path / exp / "model", reports, lineage=LINEAGE)
        run = client.get_run(
            training_run(
                client,
                s.experiment,
                json.loads((tmp_path / exp / "train.json").read_text()),
                Path(result.model_dir),
            )
        )
        names[exp] = run.info.run_name
        assert run.data.tags["dvc_exp_name"] == exp
        assert run.data.tags["model_kind"] == "intent"
        assert run.data.tags["data_hash_short"] == "6a9163e6"
    assert names == {
        "proof-rasp": f"intent · proof-rasp · {params.train.family} C=1.0 · data 6a9163e6",
        "gutta-trug": f"intent · gutta-trug · {params.train.family} C=10.0 · data 6a9163e6",
    }


# -- L2: gates changed in the working copy are named ---------------------------------------------
def _commit(root: Path, name: str) -> None:
    import subprocess

    git = ["git", "-C", str(root), "-c", "user.email=t@example.com", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", name], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "params"], check=True)


def test_gates_that_differ_from_the_committed_params_are_named(tmp_path: Path) -> None:
    from pipelines.release.gate_params import GATE, gate
    from tests.conftest import ROOT

    params = tmp_path / "params.yaml"
    shutil.copy(ROOT / "params.yaml", params)
    assert gate(params, "promote") == []  # not in git: nothing to compare with
    _commit(tmp_path, "params.yaml")
    (same,) = gate(params, "promote")
    assert same.name == GATE
    assert same.passed
    assert same.detail == "promote as committed (git HEAD's params.yaml)"
    text = params.read_text()
    assert "min_oos_recall: 0.8" in text
    assert "tolerance_in_scope_accuracy: 0.005" in text
    params.write_text(
        text.replace("min_oos_recall: 0.8", "min_oos_recall: 0.10").replace(
            "tolerance_in_scope_accuracy: 0.005", "tolerance_in_scope_accuracy: 0.2"
        )
    )
    (loose,) = gate(params, "promote")
    assert not loose.passed  # refused unless a reason is given (probe 37, DS-M3)
    assert loose.detail.endswith(
        "or promote with them on purpose: --accept-gate-settings 'REASON')"
    )
    assert loose.detail.startswith("NOT the committed gates: params.yaml differs from git HEAD's")
    assert "promote.min_oos_recall 0.1 (committed 0.8)" in loose.detail
    assert "promote.tolerance_in_scope_accuracy 0.2 (committed 0.005)" in loose.detail
    assert "promote.tolerance_macro_f1" not in loose.detail
    # another section's change is not the intent gates'
    assert gate(params, "ranker.promote")[0].detail.startswith("ranker.promote as committed")
