"""Settings of the assistant service (prefix ``SLIPWAY_``), read once in ``create_app``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from limits import parse_many
from pydantic import (
    AliasChoices,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict, SettingsError

from app.i18n import DEFAULT_ORGANIZATION
from models.release import DEFAULT_RELEASE_FILE, DEFAULT_TRACKING_URI, PROMPTS_DIR
from models.unknown_settings import warn_unknown_variables


class AppSettings(BaseSettings):
    # an error never repeats a value (a database URL holds its password)
    model_config = SettingsConfigDict(
        env_prefix="SLIPWAY_",
        env_file=".env",
        extra="ignore",
        hide_input_in_errors=True,
        allow_inf_nan=False,  # "inf" seconds passed the checks, then failed every turn
    )

    def model_post_init(self, context: Any, /) -> None:
        warn_unknown_variables()  # SLIPWAY_ variables no setting reads (models.unknown_settings)

    release_file: Path = Field(DEFAULT_RELEASE_FILE, description="The release pin to serve.")
    model_path: Path | None = Field(
        None,
        description="A model folder baked into the image; when set, the registry is not asked.",
    )
    model_cache_dir: Path = Field(
        Path(".slipway/model-cache"), description="Where registry models are downloaded to."
    )
    mlflow_tracking_uri: str = Field(
        DEFAULT_TRACKING_URI,
        validation_alias=AliasChoices("MLFLOW_TRACKING_URI", "SLIPWAY_MLFLOW_TRACKING_URI"),
        description="MLflow registry to resolve the pinned version from.",
    )
    max_text_chars: int = Field(1000, ge=1, description="Longest accepted message text.")
    max_content_length: int = Field(64 * 1024, ge=1024, description="Largest request body (bytes).")
    git_sha: str = Field("", description="The code's commit (set by the image build).")
    log_level: str = Field("INFO", description="Python log level of the app.")
    log_json: bool = Field(True, description="Write logs as one JSON object per line.")
    database_url: str = Field(
        "sqlite:///.slipway/assistant.db",
        description="SQLAlchemy URL of the assistant's database: sqlite:///PATH (only the "
        "file's own folder is created: a URL missing folders above it is refused) or "
        "postgresql+psycopg://USER:PASSWORD@HOST/DB (postgres:// is refused with that hint).",
    )

    @field_validator("database_url")
    @classmethod
    def _database_driver(cls, url: str) -> str:
        """A Postgres URL names the driver the app ships (psycopg 3): ``postgres://`` (Heroku's
        and many providers' spelling) and a bare ``postgresql://`` would load another one."""
        scheme = url.split("://", 1)[0].lower()
        if scheme in {"postgres", "postgresql", "postgresql+psycopg2"}:
            raise ValueError(
                f"write postgresql+psycopg:// in place of {scheme}:// (that scheme loads a "
                "driver the app does not ship)"
            )
        if scheme not in {"sqlite", "postgresql+psycopg"}:  # "mysql://", a typo, no scheme
            # the scheme is named only when it is one (a URL without one may be a password)
            named = (
                f" ({scheme}:// is neither)" if re.fullmatch(r"[a-z][a-z0-9+.-]*", scheme) else ""
            )
            raise ValueError(
                "only SQLite (sqlite:///PATH) and Postgres "
                f"(postgresql+psycopg://USER:PASSWORD@HOST/DB) are supported{named}"
            )
        return url

    db_upgrade_on_start: bool = Field(
        True, description="Apply Alembic migrations when gunicorn starts (the master, once)."
    )
    db_ping_after_idle: float = Field(
        10.0,
        ge=0,
        description="Seconds a pooled Postgres connection may sit idle before its next checkout "
        "pings the server first (`SELECT 1`); a connection in steady use is not pinged, and one "
        "lost anyway is answered 503 `database_unavailable` and replaced. 0: ping every checkout.",
    )
    db_statement_timeout: float = Field(
        5.0,
        ge=0,
        description="Seconds one Postgres statement of a request may run or wait on a lock "
        "(`statement_timeout`; on SQLite, a writer's wait for the write lock); past it the "
        "request answers 503 `database_busy` and its thread is free again, so a table locked by "
        "a migration or a stuck transaction cannot hold every thread of every replica "
        "(`/healthz` included). 0: no limit (SQLite: 30 s). Migrations and the `slipway` "
        "commands have none.",
    )
    redis_url: str | None = Field(
        None, description="Redis for rate limits and the response cache; unset: in memory."
    )
    rate_limit: str = Field(
        "120/minute;2000/hour",
        description="Per-token request limit on each API route (`limits` notation; `;` separates "
        "windows).",
    )
    page_rate_limit: str = Field(
        "300/minute",
        description="Per-client-address limit on the web pages (they need no token; behind a "
        "load balancer set `SLIPWAY_TRUSTED_PROXY_HOPS` so the address is the client's).",
    )
    auth_failure_limit: str = Field(
        "20/minute",
        description="Failed authentications allowed per client address; beyond it a token "
        "that is not valid gets 429 `auth_throttled` there until the window ends (a valid one "
        "still passes).",
    )

    llm_turn_limit: str = Field(
        "120/hour;500/day",
        description="LLM turns one user may take (`limits` notation; `;` separates windows): "
        "the request limit counts each route apart, this caps what one user's chat costs. Over "
        "it the local path answers (`fallback_reason: llm_budget`); an answer from the shared "
        "cache is not a turn. Counted in Redis when set, else in each worker.",
    )

    @field_validator("rate_limit", "page_rate_limit", "auth_failure_limit", "llm_turn_limit")
    @classmethod
    def _rate_limit(cls, value: str, info: ValidationInfo) -> str:
        """A limit the limits library reads (checked here, so a typo is one line naming the
        variable at start, not a traceback in every worker); the page and failure limits take
        one window: limits would silently ignore the others."""
        example = str(cls.model_fields[str(info.field_name)].default)
        try:
            windows = parse_many(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a rate limit (e.g. {example})") from None
        if info.field_name in ("page_rate_limit", "auth_failure_limit") and len(windows) > 1:
            raise ValueError(f"{value!r} has {len(windows)} windows; give one (e.g. {example})")
        return value

    # Values that passed the start and failed later (probe 36, O-L3): an unknown Redis scheme
    # stopped every worker with a traceback, an unknown zone or a malformed endpoint URL waited
    # for the first user or the first LLM call. Each is one line at start now, never the value.
    @field_validator("redis_url")
    @classmethod
    def _redis_scheme(cls, url: str | None) -> str | None:
        """A URL both the rate limits (limits) and the cache (flask-caching) open; empty: unset."""
        if url is None or not url.strip():
            return None
        if url.split("://", 1)[0].lower() not in {"redis", "rediss"}:
            raise ValueError(
                "give redis://HOST:PORT/DB (or rediss:// for TLS); the rate limits and the "
                "cache share it"
            )
        return url

    @field_validator("default_timezone")
    @classmethod
    def _known_zone(cls, zone: str) -> str:
        """The rule new users' zones are held to (``slipway users create`` would refuse it)."""
        from app.calendar import valid_timezone

        if not valid_timezone(zone):
            raise ValueError(f"{zone!r} is not a timezone (use an IANA name like America/Lima)")
        return zone

    @field_validator("openai_base_url")
    @classmethod
    def _endpoint_url(cls, url: str | None) -> str | None:
        from urllib.parse import urlsplit

        if url is None or not url.strip():  # an empty variable: OpenAI's own endpoint
            return None
        parts = urlsplit(url.strip())
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ValueError("give the endpoint's http:// or https:// URL (…/v1)")
        return url.strip()

    trusted_proxy_hops: int = Field(
        0,
        ge=0,
        le=5,
        description="Proxies in front of the app whose `X-Forwarded-For`/`-Proto` are trusted "
        "(Werkzeug's ProxyFix); 0 trusts none. One behind an AWS ALB.",
    )
    cache_ttl: int = Field(
        3600,
        ge=0,
        description="Seconds a cached knowledge answer lives (shared by every user asking the "
        "same question); 0 turns the cache off.",
    )
    organization: str = Field(
        DEFAULT_ORGANIZATION,
        min_length=1,
        max_length=80,
        description="The organization the assistant serves, as its replies, the chat page and "
        "the LLM's system prompt name it (\"I'm Slipway, Ruta Academy's assistant\"). The sample "
        "business's data (knowledge base, pathways) is replaced apart: docs/assistant.md, "
        '"Replace the sample business".',
    )
    knowledge_dir: Path = Field(
        Path("data/knowledge"), description="Markdown knowledge base the faq skill answers from."
    )
    faq_min_score: float = Field(
        2.5,
        ge=0,
        description="Least score of the best line (its BM25 score averaged with its section's) "
        "for the faq skill to answer; below it, it answers only when the line and its section "
        "hold nearly all of the question's words. Either way it says it does not know when the "
        "question names something the knowledge base never mentions.",
    )
    # 3.0 and 0.99: of the knowledge skill's 327 answerable development questions 243 are
    # answered from the right file end to end, through the intent model and the rescue (213 at
    # 4.0 and 0.95); of the 560 out-of-scope val/test messages 3 are answered from a passage (0
    # at 4.0 and 0.95); of the 65 unanswerable development questions 2 either way.
    faq_rescue_score: float = Field(
        3.0,
        ge=0,
        description="An out-of-scope message whose best knowledge passage scores at least this "
        "(with model confidence below SLIPWAY_FAQ_RESCUE_MAX_CONFIDENCE) is answered from it.",
    )
    faq_rescue_max_confidence: float = Field(
        0.99, ge=0, le=1, description="Above this confidence an out-of-scope label is final."
    )
    item_limit: int = Field(
        5000,
        ge=1,
        description="The most to-dos, reminders (alarms and timers included) and meetings one "
        "user keeps, each kind counted apart, done and past ones included: one more is refused "
        "(409 `item_limit` from the API, said in the chat) until the user deletes some.",
    )
    request_log_retention_days: int = Field(
        30, ge=1, description="Days request_log rows are kept (`slipway db prune`)."
    )
    default_timezone: str = Field("UTC", description="Timezone of new users (IANA name).")
    default_locale: str = Field("en", description="Locale of new users.")
    active_user_window: int = Field(
        900, ge=1, description="Seconds a user counts as active for the active-users gauge."
    )
    metrics_port: int | None = Field(
        None,
        ge=1,
        le=65535,
        description="A port of its own for `/metrics` (gunicorn listens on it too): there only "
        "`/metrics` answers, and the app port answers 404 to it, so an Ingress in front of the app "
        "port never exposes the metrics. Unset: `/metrics` on the app port.",
    )
    # -- learning pathways (app/pathways.py) ----------------------------------------------------
    ranker_path: Path | None = Field(
        None,
        description="A pathway ranker folder baked into the image; when set, the registry is "
        "not asked for the pinned ranker.",
    )
    pathway_max_steps: int = Field(5, ge=1, le=12, description="Most courses in one pathway.")
    pathway_horizon_weeks: float = Field(
        26.0, gt=0, description="A pathway fits in this many weeks at the user's hours per week."
    )
    # -- the LLM path (app/llm); without OPENAI_API_KEY it is off and the local path answers --
    openai_api_key: SecretStr | None = Field(
        None,
        validation_alias=AliasChoices("OPENAI_API_KEY", "SLIPWAY_OPENAI_API_KEY"),
        description="API key of OpenAI or an OpenAI-compatible endpoint; unset: no LLM.",
    )
    openai_base_url: str | None = Field(
        None,
        validation_alias=AliasChoices("OPENAI_BASE_URL", "SLIPWAY_OPENAI_BASE_URL"),
        description="An OpenAI-compatible endpoint (…/v1); unset: OpenAI's.",
    )
    llm_model: str = Field("gpt-4o-mini", description="Chat Completions model name.")
    llm_timeout: float = Field(8.0, gt=0, le=3600, description="Seconds one LLM call may take.")
    llm_max_retries: int = Field(2, ge=0, description="Retries of a call on 429/5xx/timeouts.")
    llm_backoff: float = Field(
        0.25, ge=0, le=60, description="First retry delay (s), doubled each try."
    )
    llm_deadline: float = Field(
        15.0,
        gt=0,
        le=3600,
        description="Seconds the LLM path may spend on one user request, retries in.",
    )
    llm_breaker_failures: int = Field(
        5,
        ge=1,
        description="Consecutive failed requests (one request: a call and its retries) that "
        "back off their user, or, from `SLIPWAY_LLM_BREAKER_USERS` different users, open the "
        "worker process's circuit breaker.",
    )
    llm_breaker_cooldown: float = Field(
        30.0,
        gt=0,
        description="Seconds an open breaker stops calling the endpoint (and a backed-off user's "
        "turns stay local).",
    )
    llm_breaker_users: int = Field(
        3,
        ge=1,
        description="Different users whose requests must have failed (within one cool-down, no "
        "success between) before the worker's breaker opens for everyone; one user's "
        "`SLIPWAY_LLM_BREAKER_FAILURES` consecutive failures back off that user only "
        "(`fallback_reason: user_backoff`). 1: any user's failures open it for all.",
    )
    llm_max_confidence: float = Field(
        0.9,
        ge=0,
        le=1,
        description="In-scope intents below this confidence (and above the model's oos "
        "threshold) go to the LLM; oos stays local.",
    )
    llm_free_form_words: int = Field(
        18, ge=1, description="Messages of at least this many words go to the LLM (free form)."
    )
    llm_history_turns: int = Field(6, ge=0, description="Previous messages sent as context.")
    llm_history_tokens: int = Field(
        1200, ge=0, description="Token budget of that history (estimated at 4 chars a token)."
    )
    llm_max_tool_rounds: int = Field(4, ge=1, description="Tool-call rounds per request.")
    llm_max_in_flight: int = Field(
        0,
        ge=0,
        description="LLM turns one worker process runs at once; a turn over it is answered "
        "at once on the local path (`fallback_reason: llm_busy`). 0: `SLIPWAY_THREADS` minus "
        "one (at least 1), so one thread is always left for local-path requests.",
    )
    llm_max_in_flight_per_user: int = Field(
        2,
        ge=1,
        description="LLM turns one user may have in flight at once in a worker process; more "
        "are answered at once on the local path (`fallback_reason: llm_busy`).",
    )
    llm_max_reply_chars: int = Field(
        4000,
        ge=2,
        description="Longest reply text kept from the model (stored, cached and streamed); "
        "a longer one is cut there, ending in “…”.",
    )
    llm_prompt_dir: Path = Field(
        PROMPTS_DIR, description="Folder of the versioned system prompts (system.<version>.md)."
    )
    llm_prices: dict[str, tuple[float, float]] = Field(
        default_factory=lambda: {
            "gpt-4o-mini": (0.15, 0.60),
            "gpt-4o": (2.50, 10.00),
            "gpt-4.1-mini": (0.40, 1.60),
        },
        description="USD per million (prompt, completion) tokens by model, as JSON.",
    )


class ServerSettings(BaseSettings):
    """gunicorn's part of the configuration (read by ``app/gunicorn.conf.py``)."""

    # an error never repeats a value (a database URL holds its password)
    model_config = SettingsConfigDict(
        env_prefix="SLIPWAY_",
        env_file=".env",
        extra="ignore",
        hide_input_in_errors=True,
        allow_inf_nan=False,  # "inf" seconds passed the checks, then failed every turn
    )

    def model_post_init(self, context: Any, /) -> None:
        warn_unknown_variables()  # SLIPWAY_ variables no setting reads (models.unknown_settings)

    bind: str = Field("127.0.0.1:8000", description="Address gunicorn listens on.")
    workers: int = Field(2, ge=1, description="gunicorn worker processes.")
    threads: int = Field(
        4,
        ge=1,
        description="Threads per worker: the requests one worker serves at once, slow LLM and "
        "streamed turns included. Fewer threads cost less CPU per request (2 instead of 4: "
        "13–30 % less, measured; the GIL changes hands less often) but hold fewer slow turns.",
    )
    timeout: int = Field(30, ge=1, description="Worker timeout (seconds).")
    graceful_timeout: int = Field(20, ge=1, description="Seconds to finish requests on SIGTERM.")
    read_timeout: int = Field(
        20,
        ge=1,
        le=300,
        description="Seconds a request has to arrive whole (request line, headers and body), "
        "from when its connection is accepted or, kept alive, sends again. A client sending "
        "slower (a header line or a byte a second) is cut at this deadline: a JSON 408 "
        "`request_timeout`, then the connection is closed. It bounds how long one slow client "
        "holds one of a worker's threads; a request that had arrived whole while it waited for "
        "a thread is still served, and idle keep-alive connections hold no thread.",
    )
    access_log: bool = Field(
        False,
        description="Also write gunicorn's plain-text access log to stdout. Off by default: the "
        "app's JSON `request` line already gives every request's method, path, status, client, "
        "duration and request id, and a second line per request cost ~7 % of `/v1/intent`'s CPU.",
    )
    control_socket: str = Field(
        "",
        description="Unix socket of gunicorn's control interface (`gunicornc`); empty: none. "
        "Give each instance on one host its own path: gunicorn's default is one path per user.",
    )


def settings_problem(error: ValidationError | SettingsError, settings: type[BaseSettings]) -> str:
    """A settings class's validation error as one line naming each variable and what is wrong
    with it (``SLIPWAY_DATABASE_URL: write postgresql+psycopg:// in place of postgres:// …``),
    never its value: pydantic's own message takes five lines per field and a link. A value
    pydantic-settings could not even parse (``SLIPWAY_LLM_PRICES={bad``, JSON) says so."""
    prefix = str(settings.model_config.get("env_prefix", ""))
    if isinstance(error, SettingsError):
        said_of = re.search(r'field "(\w+)"', str(error))
        name = (prefix + said_of.group(1)).upper() if said_of else "a setting"
        why = f" ({error.__cause__})" if isinstance(error.__cause__, ValueError) else ""
        return f"{name}: not valid JSON{why}"
    said = []
    for problem in error.errors(include_input=False, include_url=False):
        field = str(problem["loc"][0]) if problem["loc"] else ""
        alias = (
            settings.model_fields[field].validation_alias
            if field in settings.model_fields
            else None
        )
        if isinstance(alias, AliasChoices):
            name = str(alias.choices[0])
        elif field in settings.model_fields:
            name = (prefix + field).upper()
        else:  # the variable's own name, an alias's (OPENAI_BASE_URL)
            name = field.upper()
        message = str(problem["msg"]).removeprefix("Value error, ")
        said.append(f"{name}: {message}")
    return "; ".join(said)
