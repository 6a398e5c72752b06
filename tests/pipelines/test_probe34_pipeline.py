"""Probe 34's re-test of older findings (an independent data scientist): M1 a refused `dvc repro`
leaves data.dvc pinning the refused data and says nothing, L1 the leakage check does not fold
punctuation ("?!" added, "¿…..."), L6 `dvc metrics diff` cannot read the ranker's metrics at
HEAD (reports/ is git-ignored), L10 `kill -HUP` to `slipway mlflow ui` leaves uvicorn and the
job runner serving the port."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipelines.data import leak_key
from pipelines.errors import ValidationFailed
from pipelines.intent.validate import KNOWN_NEAR_DUPLICATES, validate
from tests.conftest import ROOT, free_port
from tests.servers import mlflow_store

GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
}


def _copy_intents(data_dir: Path, root: Path) -> Path:
    target = root / "data"
    shutil.copytree(data_dir / "intents", target / "intents")
    return target


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _append(path: Path, *rows: dict[str, Any]) -> int:
    """Append rows to a JSONL file; the line number of the first one."""
    first = len(path.read_text(encoding="utf-8").splitlines()) + 1
    with path.open("a", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return first


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args],
        cwd=root,
        env={**os.environ, **GIT_ENV},
        check=True,
        capture_output=True,
        text=True,
    ).stdout


# -- M1: a refused gate says that data.dvc now pins the refused data, and how to undo it --------
def _pinned_repo(root: Path, md5: str) -> Path:
    dvc_file = root / "data.dvc"
    dvc_file.write_text(f"outs:\n- md5: {md5}\n  path: data\n")
    _git(root, "init", "-q")
    _git(root, "add", "data.dvc")
    _git(root, "commit", "-q", "-m", "pin")
    return dvc_file


def _bad_label(data: Path) -> None:
    _append(
        data / "intents" / "train.jsonl", {"text": "ponme un recordatorio", "intent": "Reminder "}
    )


@pytest.mark.slow  # runs the Great Expectations gate
def test_a_refused_gate_says_data_dvc_was_moved(
    data_dir: Path, params: Any, tmp_path: Path
) -> None:
    data = _copy_intents(data_dir, tmp_path)
    dvc_file = _pinned_repo(tmp_path, "aaaa.dir")
    # what `dvc repro` does before the validate stage runs: data.dvc re-pinned to data/
    dvc_file.write_text("outs:\n- md5: bbbb.dir\n  path: data\n")
    _bad_label(data)
    with pytest.raises(ValidationFailed) as err:
        validate(data, params, tmp_path / "reports", dvc_file)
    message = str(err.value)
    assert "unknown intent" in message
    assert "data.dvc now pins the refused data" in message
    assert "`git checkout data.dvc` puts the committed pin back" in message


@pytest.mark.slow  # runs the Great Expectations gate
def test_a_refused_gate_with_the_committed_pin_says_nothing_of_it(
    data_dir: Path, params: Any, tmp_path: Path
) -> None:
    data = _copy_intents(data_dir, tmp_path)
    dvc_file = _pinned_repo(tmp_path, "aaaa.dir")
    _bad_label(data)
    with pytest.raises(ValidationFailed) as err:
        validate(data, params, tmp_path / "reports", dvc_file)
    assert "data.dvc" not in str(err.value)
    # outside git, or before the first commit: nothing to compare with, nothing said
    (tmp_path / "elsewhere").mkdir()
    loose = tmp_path / "elsewhere" / "data.dvc"
    shutil.copy(dvc_file, loose)
    shutil.rmtree(tmp_path / ".git")
    with pytest.raises(ValidationFailed) as err:
        validate(data, params, tmp_path / "reports", loose)
    assert "git checkout" not in str(err.value)


@pytest.mark.slow  # runs the Great Expectations gate
def test_a_refused_gate_run_by_hand_keeps_an_earlier_uncommitted_pin(
    data_dir: Path, params: Any, tmp_path: Path
) -> None:
    """Probe 37, DS-M1: an accepted change pinned (`dvc repro`, not committed yet), then an edit
    the gate refuses, checked by hand (`slipway stage validate`: no re-pin): data.dvc pins the
    accepted data, not the refused data, and `git checkout data.dvc` would throw that pin away."""
    data = _copy_intents(data_dir, tmp_path)
    dvc = str(ROOT / ".venv" / "bin" / "dvc")
    _git(tmp_path, "init", "-q")
    subprocess.run([dvc, "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run([dvc, "add", "-q", "data"], cwd=tmp_path, check=True)
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "data")
    _append(
        data / "intents" / "train.jsonl",
        {"text": "cuéntame otro chiste", "intent": "tell_joke", "lang": "es"},
    )
    subprocess.run([dvc, "add", "-q", "data"], cwd=tmp_path, check=True)  # accepted, pinned
    _bad_label(data)  # then an edit, gated by hand
    with pytest.raises(ValidationFailed) as err:
        validate(data, params, tmp_path / "reports", tmp_path / "data.dvc")
    message = str(err.value)
    assert "and not the refused data" in message
    assert "Keep data.dvc" in message
    assert "git checkout data.dvc" not in message


@pytest.mark.slow
@pytest.mark.integration
def test_dvc_repro_refusing_a_label_says_data_dvc_moved(data_dir: Path, tmp_path: Path) -> None:
    """The probe's command: a bad label, `dvc repro`: the output says what ` M data.dvc` is."""
    from tests.integration.workspace import make_workspace

    src = tmp_path / "src"
    shutil.copytree(data_dir / "intents", src / "intents")
    ws = make_workspace(tmp_path / "ws", src)
    _bad_label(ws.root / "data")
    proc = ws.run("dvc", "repro", "validate", check=False)
    assert proc.returncode != 0
    said = proc.stdout + proc.stderr
    assert "'Reminder '" in said
    assert "data.dvc now pins the refused data" in said
    assert " M data.dvc" in ws.run("git", "status", "--porcelain").stdout
    ws.run("git", "checkout", "data.dvc")  # what the message says: the pin is back
    assert ws.run("git", "status", "--porcelain", "--untracked-files=no").stdout.strip() == ""


# -- L1: the leakage key folds punctuation and the inverted marks --------------------------------
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("what's on my calendar today", "What's on my calendar today?!"),
        ("qué hora es", "¿Qué hora es…..."),
        ("pon una alarma a las 7", "¡Pon una alarma a las 7!"),
        ("cómo te llamas", "¿¿COMO te llamas??"),
        ("good morning slipway", "good morning, Slipway!"),
    ],
)
def test_the_leak_key_folds_punctuation_case_and_accents(a: str, b: str) -> None:
    assert leak_key(a) == leak_key(b)


def test_the_leak_key_keeps_words_and_a_line_of_marks_alone() -> None:
    assert leak_key("set an alarm at 7") != leak_key("set an alarm at 8")
    assert leak_key("...") != leak_key("??")
    assert leak_key("...") != ""


@pytest.mark.slow  # runs the Great Expectations gate
def test_a_test_line_with_marks_added_in_train_is_leakage(
    data_dir: Path, params: Any, tmp_path: Path
) -> None:
    """The probe's case: a test line + "?!" appended to train; and an es val line rewritten
    "¿…....", in train too."""
    data = _copy_intents(data_dir, tmp_path)
    intents = data / "intents"
    test_row = next(
        r
        for r in _rows(intents / "test.jsonl")
        if r.get("lang", "en") == "en" and "?" not in r["text"]
    )
    val_row = next(
        r
        for r in _rows(intents / "val.jsonl")
        if r.get("lang") == "es" and not any(m in r["text"] for m in "¿?¡!.,")
    )
    line = _append(
        intents / "train.jsonl",
        {**test_row, "text": test_row["text"] + "?!"},
        {**val_row, "text": "¿" + val_row["text"] + "….."},
    )
    with pytest.raises(ValidationFailed) as err:
        validate(data, params, tmp_path / "reports")
    message = str(err.value)
    reason = "the same text (ignoring case, accents, spaces and punctuation) appears more than once"
    assert f"{intents / 'train.jsonl'}:{line}: {reason}" in message
    assert f"{intents / 'train.jsonl'}:{line + 1}: {reason}" in message


@pytest.mark.slow  # runs the Great Expectations gate
def test_a_known_group_changed_by_a_new_line_is_flagged(
    data_dir: Path, params: Any, tmp_path: Path
) -> None:
    """The groups data/ held when the key began to fold punctuation pass as before; a third line
    matching one of them is leakage like any other."""
    groups = json.loads(KNOWN_NEAR_DUPLICATES.read_text(encoding="utf-8"))["groups"]
    (_, text), *_ = next(g for g in groups if {s for s, _ in g} == {"train", "test"})
    data = _copy_intents(data_dir, tmp_path)
    line = _append(data / "intents" / "val.jsonl", {"text": text + "!!", "intent": "x"})
    with pytest.raises(ValidationFailed) as err:
        validate(data, params, tmp_path / "reports")
    assert f"{data / 'intents' / 'val.jsonl'}:{line}: the same text" in str(err.value)


def test_every_known_group_shares_one_key() -> None:
    for group in json.loads(KNOWN_NEAR_DUPLICATES.read_text(encoding="utf-8"))["groups"]:
        assert len(group) > 1
        assert len({leak_key(text) for _, text in group}) == 1, group


@pytest.mark.slow  # runs the Great Expectations gate
def test_the_pinned_data_passes_with_the_folded_key(
    data_dir: Path, params: Any, tmp_path: Path
) -> None:
    """No line of the pinned data/ is newly flagged (its punctuation-only pairs are the known
    groups), and a gate set line equal to a train line but for its marks is refused."""
    from pipelines.data import label_problems, load_splits

    validate(data_dir, params, tmp_path / "reports")
    train = load_splits(data_dir)["train"]
    from pipelines.data import Example

    leaked = Example(train[10].text.upper() + "??", train[10].intent, line=3)
    problems = label_problems([leaked], set(params.intents), train)
    assert problems == ["1 line(s) also in the training split (line 3)"]


# -- L6: `dvc metrics diff` reads every metrics file the pipeline declares at HEAD --------------
def _declared_metrics() -> list[str]:
    stages = yaml.safe_load((ROOT / "dvc.yaml").read_text())["stages"]
    return [
        next(iter(m)) if isinstance(m, dict) else m
        for stage in stages.values()
        for m in stage.get("metrics", [])
    ]


def test_every_declared_metrics_file_is_committed() -> None:
    from pipelines.kinds import KINDS
    from pipelines.settings import PipelineSettings

    declared = _declared_metrics()
    assert set(declared) == {"metrics.json", "ranker_metrics.json"}
    s = PipelineSettings()
    assert {str(k.metrics_file(s)) for k in KINDS} == set(declared)
    for path in declared:
        ignored = subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT)
        assert ignored.returncode == 1, f"{path} is git-ignored: dvc metrics diff cannot read it"
        assert _git(ROOT, "ls-files", path).strip() == path


@pytest.mark.slow
def test_dvc_metrics_diff_compares_head_with_the_workspace(tmp_path: Path) -> None:
    """The probe's command in a copy with the project's dvc.yaml and .gitignore: no "failed to
    load some metrics" and a HEAD value for every metrics file."""
    env = {**os.environ, **GIT_ENV, "DVC_NO_ANALYTICS": "1"}
    for name in ("dvc.yaml", ".gitignore"):
        shutil.copy(ROOT / name, tmp_path / name)
    declared = _declared_metrics()
    for path in declared:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(json.dumps({"score": 0.5}))
    _git(tmp_path, "init", "-q")
    dvc = str(ROOT / ".venv" / "bin" / "dvc")
    subprocess.run([dvc, "init", "-q"], cwd=tmp_path, env=env, check=True)
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "metrics")
    for path in declared:
        (tmp_path / path).write_text(json.dumps({"score": 0.75}))
    proc = subprocess.run(
        [dvc, "metrics", "diff", "--json"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert "failed to load" not in proc.stdout + proc.stderr
    diff = json.loads(proc.stdout)
    for path in declared:
        assert diff[path]["score"]["old"] == 0.5, (path, diff)
        assert diff[path]["score"]["new"] == 0.75


# -- L10: SIGHUP to `slipway mlflow ui` stops its whole process group ----------------------------
def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with contextlib.suppress(OSError):  # a zombie waiting for its parent is not running
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    return True


def _wait_for(what: str, ok: Any, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not ok():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


@pytest.mark.slow  # starts processes and waits for them to go
@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM])
def test_stopping_the_wrapper_stops_what_its_server_started(
    signum: signal.Signals, tmp_path: Path
) -> None:
    """A fake `mlflow ui`: it dies on SIGHUP (the default) and stops on SIGTERM without its own
    child, a stand-in for uvicorn that ignores nothing. The wrapper leaves neither behind."""
    grandchild_pid = tmp_path / "grandchild.pid"
    server = (
        "import subprocess, sys, time\n"
        "g = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'])\n"
        f"open({str(grandchild_pid)!r}, 'w').write(str(g.pid))\n"
        "time.sleep(120)\n"
    )
    wrapper = (
        "import sys\n"
        "from pipelines.cli.tracking import run_forwarding\n"
        f"sys.exit(run_forwarding([sys.executable, '-c', {server!r}], grace=5))\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", wrapper], start_new_session=True)
    grandchild = 0
    try:
        _wait_for(
            "the fake server did not start",
            lambda: grandchild_pid.exists() and grandchild_pid.read_text(),
        )
        grandchild = int(grandchild_pid.read_text())
        os.kill(proc.pid, signum)
        proc.wait(timeout=30)
        _wait_for("the server's child outlived the wrapper", lambda: not _alive(grandchild), 10)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        if grandchild:
            with contextlib.suppress(ProcessLookupError):
                os.kill(grandchild, signal.SIGKILL)
        proc.wait(timeout=10)


def _serving(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _group(pgid: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid and fields[0] != "Z":
                pids.append(int(stat.parent.name))
    return pids


@pytest.mark.slow
@pytest.mark.integration
def test_sighup_to_slipway_mlflow_ui_frees_its_port(tmp_path: Path) -> None:
    """The probe's command: `setsid slipway mlflow ui --port P &`, then `kill -HUP` the
    wrapper: the port is free and nothing of what it started runs on."""
    port = free_port()
    env = {
        **os.environ,
        "MLFLOW_TRACKING_URI": mlflow_store(tmp_path / "mlflow.db"),
        "SLIPWAY_HOME": str(tmp_path / "home"),
        "PATH": f"{ROOT / '.venv' / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        # this checkout's pipelines/, not those of the checkout the (shared) venv installed
        "PYTHONPATH": str(ROOT),
    }
    slipway = str(ROOT / ".venv" / "bin" / "slipway")
    log = (tmp_path / "ui.log").open("w")
    proc = subprocess.Popen(
        [slipway, "mlflow", "ui", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    started: set[int] = set()
    try:
        _wait_for("mlflow ui did not serve", lambda: _serving(port), timeout=180)
        # the wrapper's group (itself) and its server's group: everything it started
        started = {p for pgid in {proc.pid, *_children_groups(proc.pid)} for p in _group(pgid)}
        started.discard(proc.pid)
        assert started
        os.kill(proc.pid, signal.SIGHUP)
        proc.wait(timeout=60)
        _wait_for("the port is still served", lambda: not _serving(port), timeout=20)
        _wait_for(
            "processes left behind", lambda: not [p for p in started if _alive(p)], timeout=20
        )
    finally:
        for pid in [proc.pid, *started]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=10)
        log.close()


def _children_groups(pid: int) -> set[int]:
    groups = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                groups.add(int(fields[2]))
    return groups
