"""Find and load a model of any kind from a registry URI or a local folder.

Accepted references: ``models:/NAME/VERSION``, ``models:/NAME@ALIAS``, ``runs:/...`` (resolved by
MLflow, downloaded once into a cache folder), an MLflow model folder (with ``MLmodel``) or a
bare saved model folder (with the kind's marker file, e.g. ``model.json``).

Nothing here changes process-wide state: the MLflow store is named on each call, never set
globally, and the environment is left alone.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path
from typing import Any, TypeVar

import yaml

from models.kind import ModelKind

M = TypeVar("M")


def read_yaml(text: str) -> Any:
    """YAML read safely, by libyaml's parser when PyYAML was built with it (about ten times
    faster than the pure-Python one; an app reads the release pin at every start)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


class ModelNotFound(Exception):
    """The reference names no loadable model of the kind asked for."""


class RegistryFailed(ModelNotFound):
    """The registry could not give the model (its error names its URL and internals)."""


def locate(kind: ModelKind[Any], folder: Path) -> Path:
    """The model files of ``kind`` inside an MLflow model folder or a bare model folder."""
    if (folder / kind.marker).is_file():
        return folder
    mlmodel = folder / "MLmodel"
    if mlmodel.is_file():
        spec = read_yaml(mlmodel.read_text()) or {}
        artifacts = spec.get("flavors", {}).get("python_function", {}).get("artifacts", {})
        relative = str(artifacts.get(kind.artifact_dir, {}).get("path") or "")
        if relative and (folder / relative / kind.marker).is_file():
            return folder / relative
    raise ModelNotFound(
        f"{folder} holds no {kind.description} (no {kind.marker}, or MLmodel artifact)"
    )


def is_cached(reference: str) -> bool:
    """Whether :func:`fetch` keeps ``reference``'s files in its cache: a registered version
    (``models:/name/3``), which the registry never changes; an alias moves, so it is fetched
    every time."""
    return reference.startswith("models:/") and "@" not in reference


def fetch(
    kind: ModelKind[Any],
    reference: str,
    cache_dir: Path,
    tracking_uri: str | None = None,
    *,
    again: bool = False,
) -> Path:
    """Local folder holding the files of the ``kind`` model at ``reference`` (downloading if
    needed, from the MLflow store at ``tracking_uri``, which is also its registry). ``again``:
    download a cached version once more and replace the cached copy (which did not match its
    pin: a registry made anew holds other files under the same name and version)."""
    local = Path(reference)
    if "://" not in reference and ":/" not in reference:
        if not local.exists():
            raise ModelNotFound(f"{reference}: no such folder")
        return locate(kind, local)
    immutable = is_cached(reference)
    key = hashlib.sha256(f"{tracking_uri}|{reference}".encode()).hexdigest()[:16]
    target = cache_dir / key
    if immutable and target.exists():
        if not again:
            return locate(kind, target)
        # set aside (a rename: a worker reading it keeps its files), removed below
        aside = tempfile.mkdtemp(prefix=f".{key}.", suffix=".stale", dir=cache_dir)
        target.rename(Path(aside) / "old")
    import mlflow.artifacts
    from mlflow.exceptions import MlflowException

    cache_dir.mkdir(parents=True, exist_ok=True)
    # a private partial folder per process: concurrent workers never clobber each other
    tmp = Path(tempfile.mkdtemp(prefix=f".{key}.", suffix=".partial", dir=cache_dir))
    try:
        downloaded = Path(
            mlflow.artifacts.download_artifacts(
                artifact_uri=_storage_uri(reference, tracking_uri),
                dst_path=str(tmp),
                tracking_uri=tracking_uri,
                registry_uri=tracking_uri,
            )
        )
        if not immutable:
            return locate(kind, downloaded)
        try:  # the files themselves become the cache entry, whatever folder MLflow made
            downloaded.rename(target)  # atomic; loses the race harmlessly if another won
        except OSError:
            if not target.exists():
                raise
        return locate(kind, target)
    except MlflowException as exc:
        raise RegistryFailed(f"{reference}: {exc.message}") from exc
    finally:
        if immutable:
            shutil.rmtree(tmp, ignore_errors=True)
            for stale in cache_dir.glob(f".{key}.*.stale"):
                shutil.rmtree(stale, ignore_errors=True)


def _storage_uri(reference: str, tracking_uri: str | None) -> str:
    """Where the files of a ``models:/`` reference are stored, asked of the registry at
    ``tracking_uri`` (MLflow itself resolves ``models:/`` through its process-wide registry URI);
    any other reference as it is."""
    if not reference.startswith("models:/"):
        return reference
    from mlflow import MlflowClient

    client = MlflowClient(tracking_uri=tracking_uri, registry_uri=tracking_uri)
    head, _, rest = reference.removeprefix("models:/").partition("/")
    if "@" in head:  # models:/NAME@ALIAS[/path]
        name, alias = head.split("@", 1)
        version, path = str(client.get_model_version_by_alias(name, alias).version), rest
    elif rest:  # models:/NAME/VERSION[/path]
        name = head
        version, _, path = rest.partition("/")
    else:  # models:/<logged model id>
        return str(client.get_logged_model(head).artifact_location)
    location = str(client.get_model_version_download_uri(name, version))
    if location.startswith("models:/"):  # the version's source is a logged model
        location = str(client.get_logged_model(location.removeprefix("models:/")).artifact_location)
    return f"{location.rstrip('/')}/{path}" if path else location


def load(kind: ModelKind[M], reference: str, cache_dir: Path, tracking_uri: str | None = None) -> M:
    """The ``kind`` model at ``reference``, loaded by the kind's runtime."""
    return kind.load(fetch(kind, reference, cache_dir, tracking_uri))
