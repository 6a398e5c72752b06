"""The served models: the version of each kind pinned in ``models/release.yaml``, loaded once."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from app.settings import AppSettings
from models.intent import IntentModel, directory_digest
from models.kind import INTENT, ModelKind
from models.loader import ModelNotFound, fetch, locate
from models.ranker import Ranker
from models.release import Release, ReleaseError, read_release

log = logging.getLogger(__name__)
M = TypeVar("M")


@dataclass
class ServedModel(Generic[M]):
    """A loaded model with its pin, or the reason it could not be loaded."""

    model: M | None = None
    release: Release | None = None
    error: str = ""
    digest: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def ready(self) -> bool:
        return self.model is not None

    @property
    def version(self) -> str:
        return str(self.release.model_version) if self.release else ""


ServedIntent = ServedModel[IntentModel]
ServedRanker = ServedModel[Ranker]


def baked_folder(kind: ModelKind[Any], settings: AppSettings) -> Path | None:
    """The model folder baked into the image for ``kind`` (None: fetch it from the registry)."""
    if kind.baked_setting is None:
        return None
    folder: Path | None = getattr(settings, kind.baked_setting)
    return folder


#: models already loaded in this process, by kind, folder and its files' names, sizes and
#: modification times: an app built again in one process (the tests build one per test) reuses
#: the weights instead of reading and hashing them again; a changed file is another key
_LOADED: dict[tuple[str, str, tuple[tuple[str, int, int], ...]], tuple[Any, str]] = {}
_LOADED_MAX = 4
_LOADED_LOCK = threading.Lock()


def _files(folder: Path) -> tuple[tuple[str, int, int], ...]:
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        stat = path.stat()
        found.append((path.relative_to(folder).as_posix(), stat.st_size, stat.st_mtime_ns))
    return tuple(found)


def _load(kind: ModelKind[M], folder: Path) -> tuple[M, str]:
    """The model in ``folder`` and the digest of its files, read once per process."""
    key = (kind.name, str(folder.resolve()), _files(folder))
    with _LOADED_LOCK:
        hit = _LOADED.get(key)
    if hit is not None:
        return hit[0], hit[1]
    digest = directory_digest(folder)
    model = kind.load(folder)
    with _LOADED_LOCK:
        while len(_LOADED) >= _LOADED_MAX:
            _LOADED.pop(next(iter(_LOADED)))
        _LOADED[key] = (model, digest)
    return model, digest


def load_served(kind: ModelKind[M], settings: AppSettings) -> ServedModel[M]:
    """Read the kind's pin and load exactly that version (a baked folder, or the registry).

    An optional kind (the ranker: the assistant serves without it) is reported missing as a
    warning and any failure to load it is caught; the intent model's absence is an error.
    """
    try:
        release = read_release(kind, settings.release_file)
    except ReleaseError as exc:
        log.log(
            logging.WARNING if kind.optional else logging.ERROR,
            "%s not loaded: %s",
            kind.description,
            exc,
        )
        return ServedModel(error=str(exc))
    baked = baked_folder(kind, settings)
    expected: tuple[type[BaseException], ...] = (
        (Exception,) if kind.optional else (ModelNotFound, OSError, ValueError)
    )
    try:
        if baked is not None:
            folder = locate(kind, baked)
        else:
            folder = fetch(
                kind, release.model_uri, settings.model_cache_dir, settings.mlflow_tracking_uri
            )
        model, digest = _load(kind, folder)
        if release.model_digest and digest != release.model_digest:
            raise ModelNotFound(
                f"{kind.description} files at {folder} do not match the pinned digest "
                f"{release.model_digest[:12]}… (got {digest[:12]}…)"
            )
    except expected as exc:
        log.error("%s %s not loaded: %s", kind.description, release.model_uri, exc)
        return ServedModel(release=release, error=str(exc))
    log.info("serving %s %s (digest %s)", kind.description, release.model_uri, digest[:12])
    return ServedModel(model=model, release=release, digest=digest)


def prefetch_pinned_model(settings: AppSettings) -> str:
    """Put the pinned intent version in the local cache (gunicorn's master calls this); never
    raises."""
    if settings.model_path is not None:
        return f"serving the baked model folder {settings.model_path}"
    try:
        release = read_release(INTENT, settings.release_file)
        fetch(INTENT, release.model_uri, settings.model_cache_dir, settings.mlflow_tracking_uri)
    except (ReleaseError, ModelNotFound, OSError) as exc:
        return f"model not prefetched: {exc}"
    return f"prefetched {release.model_uri}"
