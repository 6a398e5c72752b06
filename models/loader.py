"""Find and load an intent model from a registry URI or a local folder.

Accepted references: ``models:/NAME/VERSION``, ``models:/NAME@ALIAS``, ``runs:/...`` (resolved by
MLflow, downloaded once into a cache folder), an MLflow model folder (with ``MLmodel``) or a
bare saved :class:`IntentModel` folder (with ``model.json``).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import yaml

from models.intent import IntentModel
from models.release import MODEL_ARTIFACT_DIR


class ModelNotFound(Exception):
    """The reference names no loadable intent model."""


def intent_dir(folder: Path) -> Path:
    """The IntentModel files inside an MLflow model folder or a bare model folder."""
    if (folder / "model.json").is_file():
        return folder
    mlmodel = folder / "MLmodel"
    if mlmodel.is_file():
        spec = yaml.safe_load(mlmodel.read_text()) or {}
        artifacts = spec.get("flavors", {}).get("python_function", {}).get("artifacts", {})
        relative = str(artifacts.get(MODEL_ARTIFACT_DIR, {}).get("path") or "")
        if relative and (folder / relative / "model.json").is_file():
            return folder / relative
    raise ModelNotFound(f"{folder} holds no intent model (no model.json, or MLmodel artifact)")


def fetch(
    reference: str,
    cache_dir: Path,
    tracking_uri: str | None = None,
    locate: Callable[[Path], Path] = intent_dir,
) -> Path:
    """Local folder holding the model files for ``reference`` (downloading if needed).

    ``locate`` finds the model files inside a downloaded folder (the intent model's by default;
    :func:`models.ranker.ranker_dir` for the pathway ranker).
    """
    local = Path(reference)
    if "://" not in reference and ":/" not in reference:
        if not local.exists():
            raise ModelNotFound(f"{reference}: no such folder")
        return locate(local)
    immutable = reference.startswith("models:/") and "@" not in reference
    key = hashlib.sha256(f"{tracking_uri}|{reference}".encode()).hexdigest()[:16]
    target = cache_dir / key
    if immutable and target.exists():
        return locate(target)
    os.environ.setdefault("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "false")
    os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")
    import mlflow.artifacts
    from mlflow.exceptions import MlflowException

    if tracking_uri:
        import mlflow

        mlflow.set_tracking_uri(tracking_uri)
        mlflow.set_registry_uri(tracking_uri)
    cache_dir.mkdir(parents=True, exist_ok=True)
    # a private partial folder per process: concurrent workers never clobber each other
    tmp = Path(tempfile.mkdtemp(prefix=f".{key}.", suffix=".partial", dir=cache_dir))
    try:
        downloaded = Path(
            mlflow.artifacts.download_artifacts(artifact_uri=reference, dst_path=str(tmp))
        )
        if not immutable:
            return locate(downloaded)
        relative = downloaded.resolve().relative_to(tmp.resolve())
        try:
            tmp.rename(target)  # atomic; loses the race harmlessly if another process won
        except OSError:
            if not target.exists():
                raise
        return locate(target / relative)
    except MlflowException as exc:
        raise ModelNotFound(f"{reference}: {exc.message}") from exc
    finally:
        if immutable:
            shutil.rmtree(tmp, ignore_errors=True)


def load(reference: str, cache_dir: Path, tracking_uri: str | None = None) -> IntentModel:
    return IntentModel.load(fetch(reference, cache_dir, tracking_uri))
