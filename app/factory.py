"""The application factory: settings, the pinned models, storage, limits, skills, blueprints.

``app.create_app`` calls :func:`build_app`; Flask is imported here, not by the package, so the
package's command group (``app.cli``) starts without it."""

from __future__ import annotations

import gc
import importlib
import io
import logging
import sys
import threading
import time
import uuid
import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from apiflask import APIFlask
from flask import Response, g, request
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge

from app import __version__
from app.errors import ApiError, body_timed_out, register_error_handlers, request_timeout
from app.i18n import _
from app.inputs import check_body
from app.settings import AppSettings

if TYPE_CHECKING:
    from app.model import ServedIntent

# the thread that loads the time reader's models in the background (see build_app)
WARM_UP_THREAD = "warm-time-reader"

_BODY_METHODS = {"POST", "PUT", "PATCH"}
log = logging.getLogger(__name__)


class _WarmUpBesideRequests:
    """The time reader's first warm-up in a process, run so that requests served beside it
    barely notice. (A gunicorn worker inherits the models from its master, which loaded them
    with :func:`load_time_reader` before forking it; this is for a process serving on its own.)

    Loading the models compiles patterns: seconds of pure Python holding the GIL, building about
    900,000 objects that live as long as the process. While it runs:

    - Python's switch interval is 0.5 ms instead of 5 ms. A request thread that let go of the GIL
      for I/O (a socket, a database call, a log line) waits up to the interval to get it back,
      at each such call. Measured in process, ``/v1/intent`` beside the warm-up: p99 170 ms with
      the default interval, 10 ms with 0.5 ms.
    - The cyclic garbage collector makes no full pass. Each walks every object, the new ones
      included: 150–300 ms with the GIL held, about ten times over during a warm-up. Its young
      passes go on, so short-lived garbage is freed as before. What lasts longer waits for the
      pass at the end: a worker keeps 3 MiB more idle, about 15 MiB when requests came in during
      its warm-up (with the collector off altogether, 18 MiB idle).

    Afterwards one full pass clears what became garbage, and ``gc.freeze()`` sets what is alive
    (modules, models) aside, so that later full passes skip it. An app built in a process that
    has the models already (a worker, or another app in the tests) starts no warm-up, so nothing
    process-wide changes. The interval and the collector belong to the process: the first
    warm-up in sets them, the last one out puts them back.
    """

    INTERVAL = 0.0005
    NO_FULL_PASS = 1_000_000  # young passes before a full one: none during a warm-up

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = 0
        self._interval_before = 0.0
        self._thresholds_before: tuple[int, int, int] | None = None

    def run(self, warm_up: Callable[[], None]) -> None:
        with self._lock:
            if self._running == 0:
                self._interval_before = sys.getswitchinterval()
                sys.setswitchinterval(min(self._interval_before, self.INTERVAL))
                if gc.isenabled():  # (a process that turned it off has its reasons)
                    self._thresholds_before = gc.get_threshold()
                    young, middle, _ = self._thresholds_before
                    gc.set_threshold(young, middle, self.NO_FULL_PASS)
            self._running += 1
        try:
            warm_up()
        finally:
            with self._lock:
                self._running -= 1
                if self._running == 0:
                    sys.setswitchinterval(self._interval_before)
                    if self._thresholds_before is not None:
                        gc.set_threshold(*self._thresholds_before)
                        self._thresholds_before = None
                        gc.collect()
                        gc.freeze()


_warm_up_beside_requests = _WarmUpBesideRequests()


#: The app's own modules that :func:`build_app` imports as it runs (the API, the assistant with
#: its skills and the LLM path, the request path's pieces): gunicorn's master imports them
#: before it forks (:func:`import_serving_code`).
SERVING_CODE = (
    "app.api",
    "app.assistant",
    "app.llm",
    "app.auth",
    "app.limits",
    "app.metrics",
    "app.security",
    "app.model",
    "app.logs",
    "app.skills.knowledge",
)


def import_serving_code() -> None:
    """Import :data:`SERVING_CODE` in this process now. gunicorn's master calls this before it
    forks, so a worker, and each worker a SIGHUP starts, begins with the code loaded (its
    regular expressions compiled) and builds only the app: the pinned models, the database,
    the knowledge index. A worker's boot took ~5 s, most of it imports, and a SIGHUP stopped
    serving for that long (probe 39, O-M2); the code's pages are shared with the master too. A
    SIGHUP still loads a new pin; new code needs a restart."""
    for name in SERVING_CODE:
        importlib.import_module(name)


def load_time_reader() -> None:
    """Load the time reader's models in this process now, in the foreground, unless they are.

    gunicorn's master calls this before it forks the first worker (``app/gunicorn.conf.py``), so
    that every worker, and every worker a SIGHUP or a crash starts later, has the models from its
    first request without a warm-up of its own; the tests call it before their first app. It
    ends as a worker's first warm-up does, with ``gc.freeze()``: in a master that also keeps the
    workers' collectors from writing to the pages they share with it."""
    from app.skills.when import loaded, warm_up

    if not loaded():
        _warm_up_beside_requests.run(warm_up)


def warn_unowned_intents(served: ServedIntent) -> list[str]:
    """Warn, one line per intent, about each intent the served model predicts that no skill owns
    (app.skills.registry): a message given one is answered as out of scope, however confident
    the model is. The app still serves: a model pinned before a skill was removed may know an
    intent nobody answers any more, and every other intent works; the fix is a skill that owns
    it (docs/assistant.md, "Adding a skill") or a model trained without it. Returns them."""
    from app.skills.registry import unowned

    if served.model is None:
        return []
    missing = unowned(served.model.labels)
    for intent in missing:
        log.warning(
            "intent %r of the served intent model (version %s) has no skill: it will be "
            "answered as out of scope. Add a skill that owns it "
            "(docs/assistant.md#adding-a-skill) or remove it from params.yaml's intents and "
            "retrain",
            intent,
            served.version or "?",
            extra={"intent": intent, "model_version": served.version},
        )
    return missing


def _whole_chunked_body(limit: int) -> None:
    """A body sent without ``Content-Length`` (``Transfer-Encoding: chunked``), read whole before
    the route: over ``limit`` bytes it is 413, as a body that says its length (Werkzeug cut it at
    the limit and the JSON parser said 400 ``malformed_json``, probe 39 O-L1)."""
    environ = request.environ
    try:
        data = environ["wsgi.input"].read(limit + 1)
    except TimeoutError:  # it stopped arriving: its read deadline passed (app/worker.py)
        raise request_timeout() from None
    if len(data) > limit:
        raise RequestEntityTooLarge()
    environ["wsgi.input"] = io.BytesIO(data)
    environ["CONTENT_LENGTH"] = str(len(data))
    request.__dict__.pop("stream", None)  # read again from the whole body
    request.__dict__.pop("content_length", None)


def build_app(settings: AppSettings | None = None) -> APIFlask:
    """Build the app: settings, the pinned model, storage, limits, skills, blueprints."""
    from app import auth, db, i18n, language, limits, metrics, security
    from app.api import register_blueprints
    from app.api.web import swagger_assets
    from app.assistant import Assistant
    from app.llm import build_llm
    from app.logs import configure_logging
    from app.model import load_served
    from app.skills.knowledge import knowledge_base
    from app.skills.when import loaded, warm_up
    from models.kind import INTENT, RANKER

    settings = settings or AppSettings()
    configure_logging(settings.log_level, settings.log_json)
    app = APIFlask(
        __name__,
        title="Slipway assistant",
        version=__version__,
        spec_path="/openapi.json",
        docs_path="/docs",
    )
    app.config.update(
        MAX_CONTENT_LENGTH=settings.max_content_length,
        VALIDATION_ERROR_STATUS_CODE=422,
        JSON_SORT_KEYS=False,
        SECURITY_SCHEMES={"BearerAuth": {"type": "http", "scheme": "bearer"}},
        **swagger_assets(),
    )
    if settings.trusted_proxy_hops:
        # the client's address and scheme from the trusted proxies' X-Forwarded-* headers
        app.wsgi_app = limits.CheckedProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=settings.trusted_proxy_hops, x_proto=settings.trusted_proxy_hops
        )
    app.extensions["slipway.settings"] = settings
    app.extensions["slipway.model"] = load_served(INTENT, settings)
    app.extensions["slipway.ranker"] = load_served(RANKER, settings)
    register_error_handlers(app)
    i18n.init_app(app)

    @app.before_request
    def _request_id() -> None:
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if 0 < len(incoming) <= 64 else uuid.uuid4().hex

    metrics.init_app(app, settings.active_user_window, settings.metrics_port)
    db.init_app(app, settings)
    auth.init_app(app)
    limits.init_app(app, settings)
    app.extensions["slipway.assistant"] = Assistant(
        knowledge_base(settings.knowledge_dir),
        settings.faq_min_score,
        limits.cache_of(app),
        rescue_score=settings.faq_rescue_score,
        rescue_max_confidence=settings.faq_rescue_max_confidence,
        llm=build_llm(settings, _prompt_version(app)),
        llm_budget=limits.throttles_of(app).llm_turn,
    )
    warn_unowned_intents(app.extensions["slipway.model"])
    # the LLM turns a dead process left half-done (app.db.journal): reversed now, one indexed
    # query when there are none (the chat turns sweep again every half minute)
    app.extensions["slipway.assistant"].sweeper.started(db.engine_of(app))
    register_blueprints(app)
    security.init_app(app)
    # The time reader's models take seconds to load. Under gunicorn the master has loaded them
    # before forking this worker (load_time_reader); elsewhere (`flask run`, a process building
    # its first app) in the background, so the app serves at once; the first turn that reads a
    # time waits for them if they are not loaded yet.
    if not loaded():
        threading.Thread(
            target=_warm_up_beside_requests.run, args=(warm_up,), name=WARM_UP_THREAD, daemon=True
        ).start()
    language.warm_up()

    @app.before_request
    def _check_body() -> None:
        if request.method not in _BODY_METHODS or request.routing_exception is not None:
            return  # no body expected, or an unknown route/method: the 404/405 says so
        if not request.is_json:
            raise ApiError(
                415,
                "unsupported_media_type",
                _("send the request body as JSON with Content-Type: application/json"),
            )
        if request.content_length is None:
            _whole_chunked_body(settings.max_content_length)
        try:
            body = request.get_json()
        except BadRequest as error:
            if body_timed_out(error):  # the body stopped arriving: its read deadline passed
                raise request_timeout() from None
            raise ApiError(400, "malformed_json", _("the request body is not valid JSON")) from None
        except RecursionError:
            raise ApiError(
                400, "malformed_json", _("the request body is nested too deeply")
            ) from None
        if not isinstance(body, dict):
            raise ApiError(400, "malformed_json", _("the request body must be a JSON object"))
        problem = check_body(body)
        if problem:  # the codes a schema would give: the API's codes stay the same
            raise ApiError(
                400 if problem.nested else 422,
                "malformed_json" if problem.nested else "validation_error",
                problem.message,
            )

    @app.after_request
    def _stamp(response: Response) -> Response:
        response.headers["X-Request-ID"] = g.get("request_id", "")
        if request.path != "/metrics":
            # the access log (gunicorn's own is off unless SLIPWAY_ACCESS_LOG): one JSON line
            started = g.get("started")
            took = None if started is None else round((time.perf_counter() - started) * 1000, 2)
            log.info(
                "request",
                extra={
                    "status": response.status_code,
                    "user_id": _user_id(),
                    "duration_ms": took,
                    "remote_addr": request.remote_addr,
                },
            )
        return response

    # apispec's warning about the copy _one_component_per_schema folds back (once per process,
    # at the first /openapi.json or /docs), for this app's own schemas only
    warnings.filterwarnings("ignore", _SCHEMA_ADDED_TWICE, UserWarning)

    @app.spec_processor
    def _finish_spec(spec: dict[Any, Any] | str) -> dict[Any, Any] | str:
        if not isinstance(spec, dict):
            return spec
        for path, operations in spec.get("paths", {}).items():
            public = auth.is_public(path)
            for operation in operations.values():
                if not isinstance(operation, dict):
                    continue
                _document_errors(operation, public)
                if not public:
                    operation.setdefault("security", [{"BearerAuth": []}])
        _one_component_per_schema(spec)
        return spec

    return app


_SCHEMAS = "#/components/schemas/"
_SCHEMA_ADDED_TWICE = r"<class 'app\.api\.schemas\.\w+'> has already been added to the spec"
_ERROR_RESPONSES = {
    400: "Malformed JSON",
    401: "Missing, unknown or revoked API token",
    415: "The body is not JSON",
    429: "Too many requests",
}


def _document_errors(operation: dict[str, Any], public: bool) -> None:
    """Document the errors every route can answer: a body is required and JSON (400, 415);
    private routes need a token (401) and are rate limited (429)."""
    statuses: list[int] = []
    body = operation.get("requestBody")
    if isinstance(body, dict):
        body["required"] = True
        statuses += [400, 415]
    if not public:
        statuses += [401, 429]
    responses = operation.setdefault("responses", {})
    error = {"application/json": {"schema": {"$ref": _SCHEMAS + "HTTPError"}}}
    for status in statuses:
        responses.setdefault(
            str(status), {"description": _ERROR_RESPONSES[status], "content": error}
        )


def _one_component_per_schema(spec: dict[str, Any]) -> None:
    """Fold the copies apiflask makes of a response schema back into one component.

    A list schema (``TodoList``) is met first, and apispec registers the item schema it nests
    under its own name (``TodoOut``); apiflask then registers that schema again for the routes
    that answer one item, under a free name (``TodoOut1``), and apispec warns (the app ignores
    that warning for its own schemas: this fold is the answer to it). A client generated
    from the spec would get two identical models. A component whose name is another's plus
    digits, and whose definition is the same, is removed and its references point at the other.
    """
    schemas: dict[str, Any] = spec.get("components", {}).get("schemas", {})
    same: dict[str, str] = {}
    for name in list(schemas):
        first = name.rstrip("0123456789")
        if first != name and schemas.get(first) == schemas[name]:
            same[_SCHEMAS + name] = _SCHEMAS + first
            del schemas[name]
    if not same:
        return

    def repoint(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref in same:
                node["$ref"] = same[ref]
            for value in node.values():
                repoint(value)
        elif isinstance(node, list):
            for value in node:
                repoint(value)

    repoint(spec)


def _prompt_version(app: APIFlask) -> str:
    """The LLM system prompt the release pin serves (pins older than prompts: the first)."""
    from models.release import DEFAULT_PROMPT_VERSION

    release = app.extensions["slipway.model"].release
    return str(release.prompt_version) if release is not None else DEFAULT_PROMPT_VERSION


def _user_id() -> int | None:
    user_id: int | None = g.get("user_id")
    return user_id
