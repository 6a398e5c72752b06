"""The served models: the version of each kind pinned in ``models/release.yaml``, loaded once."""

from __future__ import annotations

import json
import logging
import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from app.settings import AppSettings
from models.intent import IntentModel, directory_digest
from models.kind import INTENT, RANKER, ModelKind
from models.loader import ModelNotFound, RegistryFailed, fetch, is_cached, locate
from models.ranker import Ranker
from models.release import Release, ReleaseError, read_release

log = logging.getLogger(__name__)
M = TypeVar("M")
T = TypeVar("T")


@dataclass
class ServedModel(Generic[M]):
    """A loaded model with its pin, or the reason it could not be loaded."""

    model: M | None = None
    release: Release | None = None
    #: why it is not loaded, for the log (URLs' credentials masked)
    error: str = ""
    #: why, for the API's public answers (/readyz, a 503): a pin's problem and our own checks'
    #: as said, a library's failure to fetch or load only as one (its text names internal hosts,
    #: once a registry password; review 176, S-L1)
    public_error: str = ""
    digest: str = ""
    #: why the pinned version is not the one served (a SIGHUP kept the previous one)
    pin_error: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def ready(self) -> bool:
        return self.model is not None

    @property
    def version(self) -> str:
        return str(self.release.model_version) if self.release else ""


ServedIntent = ServedModel[IntentModel]
ServedRanker = ServedModel[Ranker]


# the user and password of a URL ("http://admin:S3cret@mlflow:5000/…")
_CREDENTIALS = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*://)[^/\s@]+@", re.IGNORECASE)


def masked(text: str) -> str:
    """``text`` with every URL's credentials masked (``http://***@host/…``)."""
    return _CREDENTIALS.sub(r"\g<scheme>***@", text)


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


#: gunicorn's master checks each kind's pin when it starts and on every SIGHUP, before it starts
#: workers, and keeps the last pin that passed in this variable (JSON, by kind), which every
#: worker it forks inherits: a worker whose pin cannot be loaded serves that version instead of
#: nothing, so a bad pin sent with SIGHUP never takes down a server that was serving
LAST_GOOD_ENV = "_SLIPWAY_LAST_GOOD_PINS"


def _last_good() -> dict[str, Any]:
    try:
        found = json.loads(os.environ.get(LAST_GOOD_ENV) or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def last_good_release(kind: ModelKind[Any]) -> Release | None:
    """The pin of ``kind`` gunicorn's master last checked loadable (None: none, or no master)."""
    raw = _last_good().get(kind.name)
    if not isinstance(raw, dict):
        return None
    try:
        return Release.model_validate(raw)
    except ValueError:
        return None


def _folder(kind: ModelKind[Any], release: Release, settings: AppSettings) -> Path:
    baked = baked_folder(kind, settings)
    if baked is not None:
        return locate(kind, baked)
    return fetch(kind, release.model_uri, settings.model_cache_dir, settings.mlflow_tracking_uri)


def _pinned(
    kind: ModelKind[Any],
    release: Release,
    settings: AppSettings,
    read: Callable[[Path], tuple[T, str]],
) -> tuple[T, str]:
    """``read`` (what it makes of a folder, and the folder's digest) on the pinned version's
    files, which must match the pinned digest; a cached copy that does not is fetched again."""
    folder = _folder(kind, release, settings)
    value, digest = read(folder)
    if _stale_copy(kind, release, settings, digest):
        log.warning(
            "the cached files of %s %s do not match the pinned digest %s…; fetching them from "
            "the registry again",
            kind.description,
            release.model_uri,
            release.model_digest[:12],
        )
        cache, tracking = settings.model_cache_dir, settings.mlflow_tracking_uri
        folder = fetch(kind, release.model_uri, cache, tracking, again=True)
        value, digest = read(folder)
    _check_digest(kind, release, folder, digest)
    return value, digest


def _stale_copy(kind: ModelKind[Any], release: Release, settings: AppSettings, digest: str) -> bool:
    """Whether the files served from the model cache are not the pinned ones (the cache keeps a
    registered version for good, and a registry made anew, or another one at the same address,
    holds other files under the same name and version): fetched again, then checked."""
    return (
        bool(release.model_digest)
        and digest != release.model_digest
        and baked_folder(kind, settings) is None
        and is_cached(release.model_uri)
    )


def _check_digest(kind: ModelKind[Any], release: Release, folder: Path, digest: str) -> None:
    if release.model_digest and digest != release.model_digest:
        raise ModelNotFound(
            f"{kind.description} files at {folder} do not match the pinned digest "
            f"{release.model_digest[:12]}… (got {digest[:12]}…)"
        )


def _load_release(kind: ModelKind[M], release: Release, settings: AppSettings) -> ServedModel[M]:
    expected: tuple[type[BaseException], ...] = (
        (Exception,) if kind.optional else (ModelNotFound, OSError, ValueError)
    )
    try:
        model, digest = _pinned(kind, release, settings, lambda folder: _load(kind, folder))
    except expected as exc:
        error = masked(str(exc))
        # our own words (a digest that does not match, a folder without the model) are said as
        # they are; a library's exception (a registry's URL, its answer) only in the log
        public = (
            error
            if isinstance(exc, ModelNotFound) and not isinstance(exc, RegistryFailed)
            else f"{release.model_uri} could not be loaded; the server's log says why"
        )
        return ServedModel(release=release, error=error, public_error=public)
    return ServedModel(model=model, release=release, digest=digest)


def load_served(kind: ModelKind[M], settings: AppSettings) -> ServedModel[M]:
    """Read the kind's pin and load exactly that version (a baked folder, or the registry).

    An optional kind (the ranker: the assistant serves without it) is reported missing as a
    warning and any failure to load it is caught; the intent model's absence is an error.
    Under gunicorn, a pin that cannot be loaded after a SIGHUP leaves the worker on the version
    the master last checked (:data:`LAST_GOOD_ENV`), logged as an error, and ``pin_error`` says
    why the pin was not served.
    """
    try:
        release = read_release(kind, settings.release_file)
    except ReleaseError as exc:  # the pin itself: what to do is said, nothing internal
        served: ServedModel[M] = ServedModel(error=str(exc), public_error=str(exc))
    else:
        served = _load_release(kind, release, settings)
        if served.ready:
            log.info(
                "serving %s %s (digest %s)", kind.description, release.model_uri, served.digest[:12]
            )
            return served
    pinned = served.release.model_uri if served.release else str(settings.release_file)
    fallback = last_good_release(kind)
    if fallback is not None and fallback != served.release:
        kept = _load_release(kind, fallback, settings)
        if kept.ready:
            log.error(
                "%s %s NOT LOADED: %s. Still serving %s (digest %s), the version this server "
                "was serving before: fix the pin in %s and send SIGHUP again",
                kind.description,
                pinned,
                served.error,
                fallback.model_uri,
                kept.digest[:12],
                settings.release_file,
            )
            kept.pin_error = f"{pinned}: {served.error}"
            return kept
    if served.release is None:
        level = logging.WARNING if kind.optional else logging.ERROR
        log.log(level, "%s not loaded: %s", kind.description, served.error)
    else:
        log.error("%s %s not loaded: %s", kind.description, pinned, served.error)
    return served


#: the kinds the app serves, checked by gunicorn's master
SERVED_KINDS: tuple[ModelKind[Any], ...] = (INTENT, RANKER)


def check_pins(
    settings: AppSettings, kinds: tuple[ModelKind[Any], ...] = SERVED_KINDS
) -> list[tuple[int, str]]:
    """Put each kind's pinned version in the local cache and check its files against the pinned
    digest (gunicorn's master, at start and on SIGHUP, before it starts workers). A pin that
    passes becomes the kind's fallback (:data:`LAST_GOOD_ENV`); one that fails leaves the
    previous fallback, which the workers then serve. Returns (log level, message) lines; never
    raises."""
    good = _last_good()
    lines: list[tuple[int, str]] = []
    for kind in kinds:
        try:
            release = read_release(kind, settings.release_file)
        except ReleaseError as exc:
            pinned, error = str(settings.release_file), str(exc)
        else:
            pinned = release.model_uri
            try:
                _pinned(kind, release, settings, lambda folder: (None, directory_digest(folder)))
            except Exception as exc:  # a check: the master must not stop on it
                error = str(exc)
            else:
                good[kind.name] = release.model_dump(mode="json")
                lines.append((logging.INFO, f"{kind.description} {pinned} checked"))
                continue
        previous = good.get(kind.name)
        if isinstance(previous, dict):
            kept = Release.model_validate(previous).model_uri
            lines.append(
                (
                    logging.ERROR,
                    f"{kind.description} {pinned} CANNOT BE LOADED: {error}. The workers keep "
                    f"serving {kept}: fix the pin in {settings.release_file} and send SIGHUP "
                    "again",
                )
            )
        else:
            level = logging.WARNING if kind.optional else logging.ERROR
            lines.append((level, f"{kind.description} not prefetched: {error}"))
    os.environ[LAST_GOOD_ENV] = json.dumps(good)
    return lines
