"""Probe 23 H1's lineage half: a version trained from data nobody else can fetch (``dvc add``
without ``dvc push``, or a ``data.dvc`` not committed) was promoted like any other, and its pin
named a model no teammate or CI could rebuild. Now the promotion's ``data lineage`` row says
where the data is: refused while the DVC remote lacks files of it (the remote answered), a note
while ``data.dvc`` is not committed or the remote cannot be asked."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from pipelines.data import data_hash
from pipelines.release.data_lineage import GATE, gate
from tests.conftest import ROOT

DVC = str(ROOT / ".venv" / "bin" / "dvc")
# each test drives git and DVC in a checkout of its own (seconds of their start-up): not the
# inner loop's
pytestmark = pytest.mark.slow


def _run(root: Path, *argv: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    done = subprocess.run(argv, cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def _repo(root: Path, data: Path | None = None) -> Path:
    """A git + DVC checkout under ``root`` with ``data/`` added and committed, no remote."""
    root.mkdir(parents=True, exist_ok=True)
    _run(root, "git", "init", "-q")
    _run(root, DVC, "init", "-q")
    if data is None:
        (root / "data").mkdir()
        (root / "data" / "a.txt").write_text("a\n")
        (root / "data" / "b.txt").write_text("b\n")
    else:
        shutil.copytree(data, root / "data")
    _run(root, DVC, "add", "-q", "data")
    _run(root, "git", "add", "-A")
    _run(root, "git", "commit", "-q", "-m", "data")
    return root / "data.dvc"


def _remote(root: Path) -> None:
    _run(root, DVC, "remote", "add", "-q", "-d", "team", str(root.parent / "remote"))


def test_data_the_remote_lacks_is_refused_until_pushed(tmp_path: Path) -> None:
    dvc_file = _repo(tmp_path / "ws")
    _remote(tmp_path / "ws")
    [row] = gate(dvc_file, data_hash(dvc_file))
    assert (row.name, row.passed) == (GATE, False)
    assert "3 of its paths are not in the DVC remote 'team'" in row.detail
    assert "`dvc push`" in row.detail

    _run(tmp_path / "ws", DVC, "push", "-q")
    [row] = gate(dvc_file, data_hash(dvc_file))
    assert row.passed
    assert "in the DVC remote 'team' and committed (git HEAD's data.dvc)" in row.detail


def test_a_pin_not_committed_is_noted(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    dvc_file = _repo(root)
    _remote(root)
    (root / "data" / "c.txt").write_text("c\n")
    _run(root, DVC, "add", "-q", "data")
    _run(root, DVC, "push", "-q")
    [row] = gate(dvc_file, data_hash(dvc_file))
    assert row.passed  # promote, then commit data.dvc, dvc.lock and the pin together
    assert "data.dvc pinning it is not committed (git HEAD's pins" in row.detail


def test_without_a_remote_or_one_out_of_reach_it_is_noted_not_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")  # one refused connection is the answer here
    root = tmp_path / "ws"
    dvc_file = _repo(root)
    [row] = gate(dvc_file, data_hash(dvc_file))
    assert row.passed
    assert "no default DVC remote is configured" in row.detail
    # an S3 remote whose endpoint refuses connections (a laptop without the cloud's network)
    _run(root, DVC, "remote", "add", "-q", "-d", "cloud", "s3://slipway-dvc/data")
    _run(root, DVC, "remote", "modify", "cloud", "endpointurl", "http://127.0.0.1:9")
    _run(root, DVC, "remote", "modify", "cloud", "access_key_id", "x")
    _run(root, DVC, "remote", "modify", "cloud", "secret_access_key", "y")
    [row] = gate(dvc_file, data_hash(dvc_file))
    assert row.passed
    assert "was not checked" in row.detail
    assert "`dvc status -c`" in row.detail


def test_only_the_data_data_dvc_pins_is_checked(tmp_path: Path) -> None:
    dvc_file = _repo(tmp_path / "ws")
    assert gate(dvc_file, "") == []  # no data_hash tag
    assert gate(dvc_file, "0123456789abcdef0123456789abcdef.dir") == []  # other data


def test_a_version_whose_data_is_not_pushed_is_neither_made_nor_promoted_champion(  # type: ignore[no-untyped-def]
    data_dir: Path, params, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first version is made champion at its registration, gated on nothing else: not while
    its data is not in the remote. Nor does `slipway promote` promote it; after `dvc push` it
    does."""
    from pipelines.cli import model as cli_model
    from pipelines.errors import RegistryError
    from pipelines.kinds import INTENT_KIND
    from tests.pipelines.test_promote import _aliases, _cli, local_registry

    root = tmp_path / "ws"
    dvc_file = _repo(root, data_dir / "intents")
    shutil.move(root / "data", root / "intents")  # the registry reads data/intents
    (root / "data").mkdir()
    shutil.move(root / "intents", root / "data" / "intents")
    _run(root, DVC, "add", "-q", "data")
    _run(root, "git", "add", "-A")
    _run(root, "git", "commit", "-q", "-m", "data/intents")
    _remote(root)
    reg = local_registry(root, root / "data", params)
    lineage = {"git_sha": "1" * 40, "data_hash": data_hash(dvc_file)}

    assert reg.add(params, "v1", lineage) == 1
    assert _aliases(reg) == {"challenger": 1}  # not the champion
    assert not reg.settings.release_file.exists()  # no pin written
    # what `slipway stage register` (dvc repro's stage) says: the stage fails, naming the way out
    monkeypatch.setattr(cli_model, "settings", lambda: reg.variant("v1"))
    monkeypatch.setattr(cli_model, "lineage", lambda s: lineage)
    with pytest.raises(RegistryError) as refused_stage:
        cli_model._register(INTENT_KIND)
    said = " ".join(str(refused_stage.value).split())
    assert "not in the DVC remote 'team'" in said
    assert "after `dvc push`, run `dvc repro` again" in said

    refused = _cli(reg, "promote")
    assert refused.exit_code == 4, refused.output
    failed = [line for line in refused.output.splitlines() if "FAIL" in line]
    assert len(failed) == 1  # refused for that alone
    assert "data lineage" in failed[0]

    _run(root, DVC, "push", "-q")
    promoted = _cli(reg, "promote")
    assert promoted.exit_code == 0, promoted.output
    assert _aliases(reg)["champion"] == 1
