"""Probe 21 (a data scientist's first two weeks), the pipeline side: each finding's fix."""

from __future__ import annotations

import contextlib
import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from pipelines.errors import ValidationFailed
from pipelines.intent.validate import validate
from tests.pipelines.test_validate import Rows, _read, _write

MOJIBAKE = "agenda una reuniÃ³n con MarÃ­a maÃ±ana"


# -- H1: mis-decoded UTF-8 is refused by the data gate ------------------------------------------
@pytest.mark.parametrize(
    "text",
    [MOJIBAKE, "Â¿quÃ© hora es en Lima?", "set a timer â€œpastaâ€ for 10 minutes", "hola\ufffd"],
)
@pytest.mark.slow  # runs the Great Expectations gate
def test_mojibake_is_refused_with_file_and_line(
    text: str, data_dir: Path, params: Any, tmp_path: Path
) -> None:
    rows = _read(data_dir)
    rows["train"].append({"text": text, "intent": "schedule_meeting", "lang": "es"})
    line = len(rows["train"])
    bad = _write(rows, tmp_path)
    with pytest.raises(ValidationFailed) as info:
        validate(bad, params, tmp_path / "reports")
    message = str(info.value)
    assert "expect_column_values_to_not_match_regex on text: 1 failing" in message
    assert f"{bad / 'intents' / 'train.jsonl'}:{line}: mis-decoded UTF-8" in message, message


@pytest.mark.slow  # runs the Great Expectations gate
def test_real_accents_and_inverted_marks_pass_the_mojibake_check(
    data_dir: Path, params: Any, tmp_path: Path
) -> None:
    rows = _read(data_dir)
    rows["train"].append(
        {"text": "¿Agenda una reunión con María y Núñez mañana? ¡Sí!", "intent": "schedule_meeting"}
    )
    rows["train"][-1]["lang"] = "es"
    validate(_write(rows, tmp_path), params, tmp_path / "reports")


@pytest.mark.slow  # runs the Great Expectations gate
def test_a_line_number_is_the_file_line_even_after_blank_lines(
    data_dir: Path, params: Any, tmp_path: Path
) -> None:
    rows = _read(data_dir)
    bad = _write(rows, tmp_path)
    train = bad / "intents" / "train.jsonl"
    lines = train.read_text(encoding="utf-8").splitlines()
    lines[2:2] = ["", ""]  # two blank lines: the reader skips them, the message must not
    lines.append(json.dumps({"text": MOJIBAKE, "intent": "schedule_meeting", "lang": "es"}))
    train.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValidationFailed, match=rf"train\.jsonl:{len(lines)}: mis-decoded"):
        validate(bad, params, tmp_path / "reports")


@pytest.mark.slow  # runs the Great Expectations gate
def test_mojibake_in_the_pathway_tables_is_refused(
    small_data: Path, params: Any, tmp_path: Path
) -> None:
    from pipelines.pathways.validate import validate_pathways

    data = tmp_path / "data"
    shutil.copytree(small_data / "pathways", data / "pathways")
    courses = data / "pathways" / "courses.csv"
    with courses.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[3]["title"] = "ComputaciÃ³n BÃ¡sica"
    with courses.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    with pytest.raises(ValidationFailed) as info:
        validate_pathways(data, params, tmp_path / "reports")
    message = str(info.value)
    assert "expect_column_values_to_not_match_regex on text: 1 failing" in message
    assert f"courses.csv/5/{rows[3]['id']}" in message


# -- M7: the count and share failures say the file and the numbers ------------------------------
@pytest.mark.slow  # runs the Great Expectations gate
def test_a_missing_intent_says_the_file_and_the_numbers(
    data_dir: Path, params: Any, tmp_path: Path
) -> None:
    rows: Rows = _read(data_dir)
    rows["val"] = [r for r in rows["val"] if r["intent"] != "tell_joke"]
    bad = _write(rows, tmp_path)
    with pytest.raises(ValidationFailed) as info:
        validate(bad, params, tmp_path / "reports")
    message = str(info.value)
    val = bad / "intents" / "val.jsonl"
    v = params.validate_
    assert f"{val}: tell_joke has 0 examples (min {v.min_eval_per_intent} per split)" in message
    assert (
        f"{val}: tell_joke has 0 es examples (min {v.min_eval_per_intent_per_language} "
        "per language)" in message
    )


@pytest.mark.slow  # runs the Great Expectations gate
def test_a_share_above_the_cap_says_the_share_and_the_cap(
    data_dir: Path, params: Any, tmp_path: Path
) -> None:
    rows = _read(data_dir)
    spanish = sum(r.get("lang") == "es" for r in rows["train"])
    rows["train"].extend(
        {"text": f"pon un temporizador de {i} minutos por favor", "intent": "timer", "lang": "es"}
        for i in range(spanish)
    )
    bad = _write(rows, tmp_path)
    with pytest.raises(ValidationFailed) as info:
        validate(bad, params, tmp_path / "reports")
    message = str(info.value)
    cap = f"{params.validate_.max_class_share:.0%}"
    assert f"{bad / 'intents' / 'train.jsonl'}: timer is " in message
    assert f"% of the es lines (cap {cap}, validate.max_class_share)" in message


# -- a toy kind on a fresh SQLite registry (tests/pipelines/test_kinds.py's) --------------------
def _store(root: Path) -> Any:
    from mlflow import MlflowClient

    from tests.pipelines.test_kinds import Store, echo_settings

    settings = echo_settings(root)
    uri = settings.mlflow_tracking_uri
    return Store(root, settings, MlflowClient(uri, uri))


def _pin(store: Any, digest: str, version: int = 4) -> None:
    from models.release import Release, write_release
    from tests.pipelines.test_kinds import ECHO

    write_release(
        ECHO,
        Release(model_version=version, run_id="f" * 32, model_digest=digest),
        store.settings.release_file,
    )


def _aliases(store: Any, name: str = "test-echo") -> dict[str, int]:
    from pipelines.release.registry import version_by_alias

    found = {a: version_by_alias(store.client, name, a) for a in ("champion", "challenger")}
    return {a: v.version for a, v in found.items() if v is not None}


# -- H3: after the registry is wiped, the first model does not replace a pin of another model ----
@pytest.mark.slow
def test_a_wiped_registry_does_not_repin_another_model(tmp_path: Path) -> None:
    from pipelines.release.register import register
    from tests.pipelines.test_kinds import ECHO_KIND, LINEAGE

    store = _store(tmp_path)
    _pin(store, "ab" * 32)  # the committed pin: v4, a model this workspace did not train
    before = store.settings.release_file.read_text()
    store.train("hello", 0.7)
    result = register(ECHO_KIND, store.settings, LINEAGE)
    assert not result.promoted
    assert (result.held_pin_version, result.held_pin_digest) == (4, "ab" * 32)
    assert _aliases(store) == {"challenger": 1}
    assert store.settings.release_file.read_text() == before


@pytest.mark.slow
def test_a_wiped_registry_repins_the_pinned_model_itself(tmp_path: Path) -> None:
    from models.intent import directory_digest
    from models.release import read_release
    from pipelines.release.register import register
    from tests.pipelines.test_kinds import ECHO, ECHO_KIND, LINEAGE

    store = _store(tmp_path)
    store.train("hello", 0.7)
    _pin(store, directory_digest(store.settings.artifacts_dir / "echo-hello"))
    result = register(ECHO_KIND, store.settings, LINEAGE)
    assert result.promoted
    assert _aliases(store) == {"champion": 1, "challenger": 1}
    assert read_release(ECHO, store.settings.release_file).model_version == 1


@pytest.mark.slow
def test_the_register_stage_says_what_to_do_when_it_holds_the_pin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipelines.cli import model as cli
    from pipelines.errors import RegistryError
    from tests.pipelines.test_kinds import ECHO_KIND, LINEAGE

    store = _store(tmp_path)
    _pin(store, "ab" * 32)
    store.train("hello", 0.7)
    monkeypatch.setattr(cli, "settings", lambda: store.settings)
    monkeypatch.setattr(cli, "lineage", lambda s: LINEAGE)
    with pytest.raises(RegistryError) as info:
        cli._register(ECHO_KIND)
    message = str(info.value)
    assert "pins v4 (digest abababababab), another model than this one" in message
    assert "slipway promote --model echo --version 1" in message


# -- M2: the same model on the same data is not registered twice --------------------------------
@pytest.mark.slow
def test_an_identical_model_reuses_its_version(tmp_path: Path) -> None:
    from pipelines.release.register import register
    from tests.pipelines.test_kinds import ECHO_KIND, LINEAGE

    store = _store(tmp_path)
    store.train("hello", 0.7)
    assert register(ECHO_KIND, store.settings, LINEAGE).version == 1  # the first champion
    store.train("bonjour", 0.9)
    assert register(ECHO_KIND, store.settings, LINEAGE).version == 2
    assert _aliases(store) == {"champion": 1, "challenger": 2}

    store.train("hello", 0.7)  # the data switched back: the champion's very model again
    again = register(ECHO_KIND, store.settings, LINEAGE)
    assert (again.version, again.identical, again.promoted) == (1, True, False)
    assert _aliases(store) == {"champion": 1, "challenger": 1}
    versions = store.client.search_model_versions("name = 'test-echo'")
    assert sorted(int(v.version) for v in versions) == [1, 2]

    # other data training the same model files: still that version (probe 37, DS-L6); asked
    # for, a new version anyway
    other = {**LINEAGE, "data_hash": "c0ffee.dir"}
    assert register(ECHO_KIND, store.settings, other).version == 1
    assert register(ECHO_KIND, store.settings, other, new_version=True).version == 3


# -- M3: the report right after a promotion compares with the previous champion ----------------
@pytest.mark.slow
def test_the_report_after_a_promotion_compares_with_previous(tmp_path: Path, params: Any) -> None:
    from pipelines.release.promote import compare, promote, resolve_candidate
    from pipelines.release.register import register
    from tests.pipelines.test_kinds import ECHO_KIND, LINEAGE

    store = _store(tmp_path)
    s = store.settings
    store.train("hello", 0.7)
    register(ECHO_KIND, s, LINEAGE)  # v1, the first champion
    alone = compare(
        ECHO_KIND, s, params, store.client, resolve_candidate(store.client, "test-echo", None, None)
    )
    assert (
        alone.versus()
        == "nothing (v1 is already the champion; there is no previous version to compare with)"
    )
    store.train("bonjour", 0.9)
    register(ECHO_KIND, s, LINEAGE)
    candidate = resolve_candidate(store.client, "test-echo", None, None)
    assert compare(ECHO_KIND, s, params, store.client, candidate).versus() == "champion v1"
    promote(ECHO_KIND, s, params, store.client, candidate)
    after = compare(
        ECHO_KIND, s, params, store.client, resolve_candidate(store.client, "test-echo", None, None)
    )
    assert after.versus() == "previous v1 (v2 is already the champion)"
    assert after.champion is not None
    assert after.champion.version == 1
    assert after.champion_evals  # the previous champion was evaluated: the gates compare
    assert "0.9 vs previous 0.7" in [g.detail for g in after.gates]


def test_the_intent_report_names_the_previous_champion() -> None:
    from types import SimpleNamespace

    from pipelines.release.promote import Comparison, Gate
    from pipelines.release.registry import VersionInfo
    from pipelines.release.report import render

    def version(n: int) -> VersionInfo:
        return VersionInfo("slipway-intent", n, f"run{n}", {}, [])

    def evaluation(f1: float) -> Any:
        return SimpleNamespace(
            metrics={"n_examples": 2, "macro_f1": f1}, per_intent={}, truth=[], predictions=[]
        )

    comparison = Comparison(
        version(2),
        version(1),
        {"test": evaluation(0.95)},
        {"test": evaluation(0.9)},
        [Gate("macro_f1 [test]", True, "0.9500 vs previous 0.9000 (tolerance 0.005)")],
        against="previous",
        candidate_is_champion=True,
    )
    text = render(comparison)
    assert "`slipway-intent` v2 vs previous v1 (v2 is already the champion)" in text
    assert "| metric | previous | candidate | Δ |" in text
    assert "| macro_f1 | 0.9000 | 0.9500 | +0.0500 |" in text
    assert "no champion yet" not in text


# -- M9: the extra gate sets are validated; unknown labels are not silently oos ------------------
def _gate_set(data: Path, rows: Rows) -> list[dict[str, str]]:
    """data/eval/es_yes.jsonl: 8 new lines, 'Yes' for 'yes' twice, and two training lines."""
    lines = [{"text": f"arre pues {i}", "intent": "yes", "lang": "es"} for i in range(8)]
    lines[0]["intent"] = lines[1]["intent"] = "Yes"
    lines += [rows["train"][0], rows["train"][1]]
    (data / "eval").mkdir(parents=True, exist_ok=True)
    (data / "eval" / "es_yes.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), encoding="utf-8"
    )
    return lines


@pytest.mark.slow  # runs the Great Expectations gate
def test_the_data_gate_checks_the_gate_sets(data_dir: Path, params: Any, tmp_path: Path) -> None:
    rows = _read(data_dir)
    data = _write(rows, tmp_path)
    _gate_set(data, rows)
    with pytest.raises(ValidationFailed) as info:
        validate(data, params, tmp_path / "reports")
    message = str(info.value)
    gate = data / "eval" / "es_yes.jsonl"
    assert f"{gate}:1: unknown intent" in message
    assert f"{gate}:9: the same text" in message
    assert f"{data / 'intents' / 'train.jsonl'}:1: the same text" in message


def test_promotion_refuses_a_gate_set_with_unknown_labels_or_train_lines(
    data_dir: Path, params: Any, trained: Any, tmp_path: Path
) -> None:
    from pipelines.errors import DataError
    from pipelines.kinds import INTENT_KIND
    from pipelines.settings import PipelineSettings

    rows = _read(data_dir)
    data = _write(rows, tmp_path)
    _gate_set(data, rows)
    model, _, _ = trained
    with pytest.raises(DataError) as info:
        INTENT_KIND.evaluate(PipelineSettings(data_dir=data), params, model)
    message = str(info.value)
    assert "es_yes.jsonl" in message
    assert "2 line(s) with a label not in params.yaml intents: 'Yes' (2)" in message
    assert "2 line(s) also in the training split (line 9, 10)" in message


def test_evaluate_refuses_unknown_labels_unless_asked(trained: Any, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from pipelines.cli import app

    _, _, folder = trained
    dataset = tmp_path / "probe_yes_es.jsonl"
    dataset.write_text(
        "".join(
            json.dumps({"text": f"arre pues {i}", "intent": "Yes", "lang": "es"}) + "\n"
            for i in range(10)
        )
    )
    args = ["evaluate", "--dataset", str(dataset), "--model", str(folder)]
    refused = CliRunner().invoke(app, args)
    assert refused.exit_code == 1
    said = " ".join(refused.output.split())
    assert "10 line(s) with a label not in params.yaml intents: 'Yes' (10)" in said
    assert "--unknown-as-oos" in said
    scored = CliRunner().invoke(app, [*args, "--unknown-as-oos", "--json"])
    assert scored.exit_code == 0, scored.output
    assert "scored as oos" in " ".join(scored.output.split())


# -- M8a: an exported line's language is the detector's, or it waits for review ------------------
class _Session:
    """The rows `_chat_examples` reads: one rated reply per asked message."""

    def __init__(self, asked: list[str], conversation_lang: str) -> None:
        from types import SimpleNamespace as Ns

        self.rows = [
            (
                Ns(corrected_intent=None, rating="up"),
                Ns(intent="yes", conversation_id=1, id=2 * i + 2),
                Ns(name="dsprobe", locale="en"),
            )
            for i in range(len(asked))
        ]
        self.asked = iter(Ns(text=t) for t in asked)
        self.conversation = Ns(state={"lang": conversation_lang})

    def execute(self, query: Any) -> Any:
        return self.rows

    def scalar(self, query: Any) -> Any:
        return next(self.asked)

    def get(self, table: Any, key: Any) -> Any:
        return self.conversation


def test_exported_lines_take_the_detected_language_or_wait(params: Any) -> None:
    from pipelines.feedback_export import ExportResult, _chat_examples

    asked = ["arre, hazlo", "sí, agéndalo para mañana por favor", "yes please"]
    result = ExportResult()
    rows = list(_chat_examples(_Session(asked, "en"), None, {}, set(params.intents), result))
    assert [(r["text"], r["lang"]) for r in rows] == [
        ("sí, agéndalo para mañana por favor", "es"),  # Spanish in an English conversation
        ("yes please", "en"),
    ]
    assert result.unsure_language == ["arre, hazlo"]
    assert "1 message(s) in no clear language wait for review" in result.summary()
    assert "'arre, hazlo'" in result.summary()


# -- L4: importing the same feedback again says 0 new and changes nothing -----------------------
def test_a_second_import_of_the_same_learners_says_zero_new(
    small_data: Path, tmp_path: Path
) -> None:
    from models.ranker import Profile
    from pipelines.feedback_export import ExportResult, _merge_pathways
    from pipelines.pathways.data import profile_row

    data = tmp_path / "data"
    shutil.copytree(small_data / "pathways", data / "pathways")
    profile = Profile.from_dict({"goal_role": "welder", "region": "Arequipa", "hours_per_week": 8})
    course = next(csv.DictReader((data / "pathways" / "courses.csv").open()))["id"]

    def exported() -> ExportResult:
        return ExportResult(
            profiles=[profile_row("fb-0123456789abcdef", profile, "feedback")],
            interactions=[
                {
                    "profile_id": "fb-0123456789abcdef",
                    "course_id": course,
                    "action": "accepted",
                    "source": "feedback",
                }
            ],
        )

    first = exported()
    _merge_pathways(data, first)
    assert (first.new_profiles, first.new_interactions, len(first.changed_files)) == (1, 1, 2)
    again = exported()
    _merge_pathways(data, again)
    assert (again.new_profiles, again.new_interactions, again.changed_files) == (0, 0, [])
    said = again.summary()
    assert said.startswith("new in data/: 0 intent examples, 0 learner profiles and 0 course")
    assert "1 learner profile(s) already in data/ as they are" in said


# -- H2: with the in-repo DVC remote, the next steps commit what `dvc push` wrote ---------------
@pytest.mark.parametrize(
    ("url", "tracked"),
    [("../.dvc-storage", "data.dvc .dvc-storage"), ("s3://bucket/x", "data.dvc")],
)
def test_the_next_steps_commit_the_in_repo_remote(url: str, tracked: str, tmp_path: Path) -> None:
    from pipelines.feedback_export import ExportResult, finish_version
    from pipelines.settings import PipelineSettings

    (tmp_path / ".dvc").mkdir()
    (tmp_path / ".dvc" / "config").write_text(
        f"[core]\n    remote = shared\n['remote \"shared\"']\n    url = {url}\n"
    )
    settings = PipelineSettings(data_dir=tmp_path / "data")
    result = ExportResult(changed_files=["data/intents/train.jsonl"])
    lines = [
        line.strip() for line in finish_version(settings, result, validate=False, run_dvc=False)
    ]
    data, dvc_file = str(tmp_path / "data"), str(tmp_path / "data.dvc")
    git_add = f"git add {tracked.replace('data.dvc', dvc_file)} && git commit"
    assert lines[1:3] == [f"dvc add {data}", "dvc push"]  # pushed before it is committed
    assert lines[3].startswith(git_add), lines


# -- L3: a --model that names no kind and no registered model --------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("command", [["promote"], ["promote", "--dry-run"], ["report"]])
def test_an_unknown_model_kind_is_named(command: list[str], tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from pipelines.cli import app

    env = {
        "MLFLOW_TRACKING_URI": f"sqlite:///{tmp_path / 'mlflow.db'}",
        "SLIPWAY_HOME": str(tmp_path / "home"),
    }
    result = CliRunner().invoke(app, [*command, "--model", "nosuch"], env=env)
    assert result.exit_code == 1
    assert "unknown model kind 'nosuch': intent or pathways" in " ".join(result.output.split())


# -- L5: the CLI turns MLflow's download progress bar off itself ---------------------------------
def test_the_cli_turns_off_mlflows_progress_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from typer.testing import CliRunner

    from pipelines.cli import app

    monkeypatch.delenv("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", raising=False)
    CliRunner().invoke(app, ["data", "import-feedback", "--since", "May 1"])
    assert os.environ["MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR"] == "false"
    monkeypatch.setenv("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "true")  # one's own choice stays
    CliRunner().invoke(app, ["data", "import-feedback", "--since", "May 1"])
    assert os.environ["MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR"] == "true"


# -- L10: stopping `slipway mlflow ui` stops its server -----------------------------------------
def test_sigterm_reaches_the_server_the_ui_command_started(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    marker = tmp_path / "stopped"
    server = (
        "import signal, sys, time\n"
        f"def stop(*a):\n    open({str(marker)!r}, 'w').write('TERM')\n    sys.exit(0)\n"
        "signal.signal(signal.SIGTERM, stop)\n"
        f"open({str(tmp_path / 'ready')!r}, 'w').close()\n"
        "time.sleep(60)\n"
    )
    wrapper = (
        "import sys\n"
        "from pipelines.cli.tracking import run_forwarding\n"
        f"sys.exit(run_forwarding([sys.executable, '-c', {server!r}]))\n"
    )
    # a session of its own, as `slipway mlflow ui &` in a script: no Ctrl-C reaches the group
    proc = subprocess.Popen([sys.executable, "-c", wrapper], start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while not (tmp_path / "ready").exists():
            assert time.monotonic() < deadline, "the fake server did not start"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
        assert marker.read_text() == "TERM"
    finally:  # whatever is left of the session this test started (a server left behind)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
