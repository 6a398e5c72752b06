"""The served model: the version pinned in ``models/release.yaml``, loaded once at start."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from app.settings import AppSettings
from models.intent import IntentModel, directory_digest
from models.loader import ModelNotFound, fetch, intent_dir
from models.ranker import Ranker, ranker_dir
from models.release import RankerRelease, Release, ReleaseError, read_ranker_release, read_release

log = logging.getLogger(__name__)


@dataclass
class ServedModel:
    """The loaded model with its pin, or the reason it could not be loaded."""

    model: IntentModel | None = None
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


def load_served_model(settings: AppSettings) -> ServedModel:
    """Read the pin and load exactly that version (a baked folder, or from the registry)."""
    try:
        release = read_release(settings.release_file)
    except ReleaseError as exc:
        log.error("model not loaded: %s", exc)
        return ServedModel(error=str(exc))
    try:
        if settings.model_path is not None:
            folder = intent_dir(settings.model_path)
        else:
            folder = fetch(
                release.model_uri, settings.model_cache_dir, settings.mlflow_tracking_uri
            )
        digest = directory_digest(folder)
        if release.model_digest and digest != release.model_digest:
            raise ModelNotFound(
                f"model files at {folder} do not match the pinned digest "
                f"{release.model_digest[:12]}… (got {digest[:12]}…)"
            )
        model = IntentModel.load(folder)
    except (ModelNotFound, OSError, ValueError) as exc:
        log.error("model %s not loaded: %s", release.model_uri, exc)
        return ServedModel(release=release, error=str(exc))
    log.info("serving %s (digest %s)", release.model_uri, digest[:12])
    return ServedModel(model=model, release=release, digest=digest)


def prefetch_pinned_model(settings: AppSettings) -> str:
    """Put the pinned version in the local cache (gunicorn's master calls this); never raises."""
    if settings.model_path is not None:
        return f"serving the baked model folder {settings.model_path}"
    try:
        release = read_release(settings.release_file)
        fetch(release.model_uri, settings.model_cache_dir, settings.mlflow_tracking_uri)
    except (ReleaseError, ModelNotFound, OSError) as exc:
        return f"model not prefetched: {exc}"
    return f"prefetched {release.model_uri}"


@dataclass
class ServedRanker:
    """The pathway ranker pinned in the ``ranker:`` section of the pin, or why it is missing."""

    ranker: Ranker | None = None
    release: RankerRelease | None = None
    error: str = ""
    digest: str = ""

    @property
    def ready(self) -> bool:
        return self.ranker is not None

    @property
    def version(self) -> str:
        return str(self.release.model_version) if self.release else ""


def load_served_ranker(settings: AppSettings) -> ServedRanker:
    """Read the ranker pin and load exactly that version (a baked folder or the registry)."""
    try:
        release = read_ranker_release(settings.release_file)
    except ReleaseError as exc:
        log.warning("pathway ranker not loaded: %s", exc)
        return ServedRanker(error=str(exc))
    try:
        if settings.ranker_path is not None:
            folder = ranker_dir(settings.ranker_path)
        else:
            folder = fetch(
                release.model_uri,
                settings.model_cache_dir,
                settings.mlflow_tracking_uri,
                locate=ranker_dir,
            )
        digest = directory_digest(folder)
        if release.model_digest and digest != release.model_digest:
            raise ModelNotFound(
                f"ranker files at {folder} do not match the pinned digest "
                f"{release.model_digest[:12]}… (got {digest[:12]}…)"
            )
        ranker = Ranker.load(folder)
    except Exception as exc:  # the ranker is optional: the assistant serves without it
        log.error("ranker %s not loaded: %s", release.model_uri, exc)
        return ServedRanker(release=release, error=str(exc))
    log.info("serving ranker %s (digest %s)", release.model_uri, digest[:12])
    return ServedRanker(ranker=ranker, release=release, digest=digest)
