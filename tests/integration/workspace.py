"""A throw-away copy of the project (git + DVC) with its own MLflow store, for pipeline tests."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.servers import mlflow_store

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"


@dataclass
class Workspace:
    root: Path
    env: dict[str, str]

    @property
    def tracking_uri(self) -> str:
        return self.env["MLFLOW_TRACKING_URI"]

    @property
    def release_file(self) -> Path:
        return self.root / "models" / "release.yaml"

    def run(self, *cmd: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            list(cmd), cwd=self.root, env=self.env, capture_output=True, text=True, timeout=600
        )
        if check and proc.returncode != 0:
            raise AssertionError(
                f"{' '.join(cmd)} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
            )
        return proc

    def client(self):  # type: ignore[no-untyped-def]
        from mlflow import MlflowClient

        return MlflowClient(self.tracking_uri, self.tracking_uri)


def make_workspace(root: Path, data_dir: Path) -> Workspace:
    """Copy the pipeline's sources and the pinned data into ``root``; ``git init`` + ``dvc add``."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("dvc.yaml", "params.yaml"):
        shutil.copy(ROOT / name, root / name)
    for name in ("pipelines", "models"):
        shutil.copytree(
            ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__", "release.yaml")
        )
    shutil.copytree(data_dir, root / "data")
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        # the copied pipelines/ and models/, not those the venv's editable install points at
        # (another checkout's, when the venv is shared by several worktrees)
        "PYTHONPATH": str(root),
        "MLFLOW_TRACKING_URI": mlflow_store(root / ".slipway" / "mlflow.db"),
        "SLIPWAY_MLFLOW_ARTIFACT_ROOT": str(root / ".slipway" / "mlartifacts"),
        "SLIPWAY_RELEASE_FILE": str(root / "models" / "release.yaml"),
        "SLIPWAY_HOME": str(root / ".slipway"),
        "GX_ANALYTICS_ENABLED": "false",
        "DVC_NO_ANALYTICS": "1",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    env.pop("VIRTUAL_ENV", None)
    ws = Workspace(root, env)
    (root / ".gitignore").write_text("/.slipway/\n/artifacts/\n/reports/\n")
    ws.run("git", "init", "-q")
    ws.run("dvc", "init", "-q")
    ws.run("dvc", "add", "-q", "data")
    ws.run("git", "add", "-A")
    ws.run("git", "commit", "-q", "-m", "workspace")
    return ws
