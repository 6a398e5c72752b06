"""Probe 31 (A-H1, A-L1, A-L5): `slipway init` on a checkout that has run (``.slipway/`` holds
the local state), refusals before the first change, the README's first step, and what
`infra synth` says it rendered."""

from __future__ import annotations

import importlib.util
import re
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from infra import project as p
from infra.errors import InfraError
from pipelines.cli import app as slipway
from tests.conftest import ROOT

# Spelled in two pieces: init refuses a name that already occurs in the project.
NAME = "keel" + "son"
TOKENS = re.compile("slipway", re.IGNORECASE)


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def ran(tmp_path: Path) -> Path:
    """A small checkout after `make run`: tracked files naming the project, DVC's data, an
    ignored ``.slipway/`` with a registry and a database, and a local ``.env``."""
    root = tmp_path / "checkout"
    root.mkdir()
    _git(root, "init", "-q")
    (root / ".gitignore").write_text("# local state\n/.slipway/\n/data/\n/.env\n")
    (root / "pyproject.toml").write_text('[project]\nname = "slipway"\n')
    (root / "settings.py").write_text('HOME = ".slipway"\nDB = "sqlite:///.slipway/a.db"\n')
    (root / "data.dvc").write_text("outs:\n- path: data\n")
    (root / "data" / "intents").mkdir(parents=True)
    (root / "data" / "intents" / "train.jsonl").write_text('{"text": "hey Slipway"}\n')
    state = root / ".slipway"
    (state / "mlartifacts" / "14c2" / "evaluation").mkdir(parents=True)
    (state / "mlartifacts" / "14c2" / "evaluation" / "per_intent.json").write_text(
        '{"model": "slipway-intent"}\n'
    )
    (state / "assistant.db").write_bytes(b"SQLite format 3\0 slipway users")
    (state / "mlflow.db").write_bytes(b"SQLite format 3\0 slipway-intent")
    (root / ".env").write_text("SLIPWAY_DATABASE_URL=sqlite:///x.db\nexport SLIPWAY_LOG=1\n")
    _git(root, "add", ".gitignore", "pyproject.toml", "settings.py", "data.dvc")
    return root


def _state(root: Path) -> dict[str, bytes]:
    return {
        f.relative_to(root).as_posix(): f.read_bytes()
        for f in sorted((root / ".slipway").rglob("*"))
        if f.is_file()
    }


def test_the_state_dir_is_set_apart_before_the_rename(ran: Path) -> None:
    assert p.named_state(ran) == [".slipway"]
    (ran / "notes").mkdir()
    assert p.named_state(ran) == [".slipway"]  # untracked, not ignored: the project's


def test_outside_git_the_state_dir_is_the_embedded_defaults(tmp_path: Path) -> None:
    assert p.named_state(tmp_path) == []
    (tmp_path / ".slipway").mkdir()
    assert p.named_state(tmp_path) == [".slipway"]


def test_init_after_make_run_finishes_and_says_what_became_of_the_local_state(
    ran: Path,
) -> None:
    before = _state(ran)
    lines: list[str] = []
    p.init_project(ran, NAME, render=False, report=lines.append)

    # the project is renamed, the state is left as it was and stays ignored
    assert (ran / ".gitignore").read_text() == f"# local state\n/.{NAME}/\n/data/\n/.env\n"
    assert p.leftovers(ran, TOKENS) == []
    assert _state(ran) == before
    status = _git(ran, "status", "--porcelain", "--untracked-files=all")
    assert ".slipway" not in status, status

    text = "\n".join(lines)
    # DVC's data is still reported
    assert "data/ (DVC's, left as it is) still holds 1 name tokens" in text
    # one paragraph on the local state: what it holds, the new defaults, retrain, how to move
    [start] = [i for i, line in enumerate(lines) if line.startswith("local state: ")]
    paragraph = " ".join(lines[start : start + 4])
    assert "local state: .slipway/ (assistant.db, mlartifacts, mlflow.db) is left as it is" in (
        paragraph
    )
    assert f".{NAME}/" in paragraph
    assert f"{NAME.upper()}_HOME" in paragraph
    assert f"slipway-intent → {NAME}-intent" in paragraph
    assert "make run" in paragraph
    assert f"mkdir -p .{NAME} && mv .slipway/assistant.db* .{NAME}/" in paragraph
    # the local .env's old names are no longer read
    assert lines[-1] == (
        ".env (yours, left as it is) still sets 2 setting(s) the project no longer reads: "
        f"SLIPWAY_DATABASE_URL, SLIPWAY_LOG; rename them to {NAME.upper()}_…"
    )


def test_the_state_stays_ignored_after_a_second_look(ran: Path) -> None:
    """The exclude line is written once, however often it is kept."""
    p.init_project(ran, NAME, render=False)
    exclude = ran / ".git" / "info" / "exclude"
    assert exclude.read_text().count("/.slipway/") == 1
    p._keep_ignored(ran, [".slipway"])
    assert exclude.read_text().count("/.slipway/") == 1


def test_tokens_left_after_the_rename_say_it_is_done_and_how_to_undo(ran: Path) -> None:
    (ran / "binary.bin").write_bytes(b"\0slipway")  # binary: found, not rewritten
    lines: list[str] = []
    with pytest.raises(InfraError, match="the project was renamed, but 1 name tokens remain"):
        p.init_project(ran, NAME, render=False, report=lines.append)
    assert any(line.startswith("data/ (DVC's") for line in lines)  # reported before the error
    assert any(line.startswith("local state: ") for line in lines)


def test_without_the_infra_group_init_refuses_before_changing_anything(
    ran: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "cdktf" else find_spec(name)
    )
    monkeypatch.chdir(ran)
    result = CliRunner().invoke(slipway, ["init", NAME])
    assert result.exit_code == 2, result.output
    assert "needs the infra group" in result.output
    assert "--no-synth" in result.output
    assert (ran / "pyproject.toml").read_text() == '[project]\nname = "slipway"\n'
    assert _git(ran, "diff", "--stat") == ""  # no tracked file changed
    exclude = ran / ".git" / "info" / "exclude"
    assert not exclude.is_file() or "/.slipway/" not in exclude.read_text()


# -- A-L1: the README's first step --------------------------------------------------------------
def test_the_readme_makes_the_template_yours_before_make_run() -> None:
    readme = (ROOT / "README.md").read_text()
    assert re.search(r"^\| `slipway init NAME", readme, re.MULTILINE), "no init row"
    init = readme.find("slipway init NAME --org ORG")
    run = re.search(r"^make run\b", readme, re.MULTILINE)  # the command line, not the prose
    assert run, "no `make run` command line"
    assert 0 <= init < run.start(), (
        "the quick start should say `slipway init` comes before `make run`"
    )


# -- A-L5: what synth says it rendered ----------------------------------------------------------
def test_synth_names_the_environments_it_rendered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from infra.cdktf import app as cdktf_app

    def fake(envs: list[str], settings: object, out_dir: Path, check: bool = False) -> list[Path]:
        return [out_dir / env / name for env in envs for name in cdktf_app.FILES]

    monkeypatch.setattr(cdktf_app, "synth", fake)
    result = CliRunner().invoke(slipway, ["infra", "synth", "--env", "dev", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    last = result.output.strip().splitlines()[-1]
    assert re.fullmatch(
        r"synthesized 1 of 3 environments \(dev: 2 files\) in [0-9.]+s; "
        r"prod, staging left as they are",
        last,
    ), last
    result = CliRunner().invoke(slipway, ["infra", "synth", "--out", str(tmp_path)])
    last = result.output.strip().splitlines()[-1]
    assert re.fullmatch(
        r"synthesized 3 environments \(dev, prod, staging: 6 files\) in [0-9.]+s", last
    ), last
